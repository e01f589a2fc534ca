"""Writing is atomic and confined: the build replaces only folders it made, and a failure mid-way
leaves the previous site as it was."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run, write
from test_cache import cold, tree

from sitegen import fileio, pipeline
from sitegen.errors import Diagnostics, SiteError
from sitegen.write import output


def test_refuses_dangerous_targets(capsys, site, tmp_path):
    for target in (site, site / "content", site / "content/fr", site / "templates", Path.home(), Path("/"), site.parent,
                   site / "site.yaml", site / "site.yaml/x"):
        code, out = run(capsys, site, "build", "--out", str(target))
        # A usage mistake, told in one sentence.
        assert code == 2 and out.startswith("Cannot build into") and out.count(".\n") == 1, (target, out)
    assert (site / "content/fr/index.md").is_file()
    with pytest.raises(SiteError, match="refusing to write the site"):  # called as a library
        pipeline.build(site, site / "site.yaml/x", pipeline.Options())


def test_refuses_a_folder_where_it_cannot_write(capsys, site, tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("this user writes anywhere (root)")
        code, out = run(capsys, site, "build", "--out", str(locked / "out"))
        assert code == 2 and "where this user cannot write" in out
    finally:
        locked.chmod(0o755)


def test_refuses_an_output_folder_that_is_a_link(capsys, site, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, site / "_site")
    code, out = run(capsys, site, "build")
    assert code == 2 and "is a link to" in out
    assert sorted(tmp_path.iterdir()) == sorted([elsewhere, site])  # no working folder beside the target
    assert list(elsewhere.iterdir()) == []  # nothing written where the link points, nor beside it


def test_refuses_a_folder_it_did_not_make(capsys, site, tmp_path):
    foreign = tmp_path / "documents"
    write(foreign, "thesis.txt", "precious")
    code, out = run(capsys, site, "build", "--out", str(foreign))
    assert code == 2 and "already holds files that this tool did not make" in out
    assert (foreign / "thesis.txt").read_text() == "precious"


def test_replaces_its_own_folder_and_leaves_no_temporaries(capsys, site, tmp_path):
    out_dir = tmp_path / "out"
    assert run(capsys, site, "build", "--out", str(out_dir))[0] == 0
    write(out_dir, "stale.html", "from an old build")
    assert run(capsys, site, "build", "--out", str(out_dir))[0] == 0
    assert not (out_dir / "stale.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


def test_failure_while_writing_keeps_previous_site(site, tmp_path, monkeypatch):
    out_dir = tmp_path / "out"
    pipeline.build(site, out_dir, pipeline.Options())
    write(site, "content/fr/accord.md", (site / "content/fr/accord.md").read_text(encoding="utf-8") + "\nUn ajout.\n")
    pipeline.build(site, out_dir, pipeline.Options())
    before = (out_dir / "fr/index.html").read_bytes()

    def broken_write(path, data):
        raise OSError("disk full")

    monkeypatch.setattr(output, "write_file", broken_write)
    write(site, "content/fr/accord.md", (site / "content/fr/accord.md").read_text(encoding="utf-8") + "\nPlus.\n")
    with pytest.raises(OSError):
        pipeline.build(site, out_dir, pipeline.Options())
    assert (out_dir / "fr/index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]


def test_content_error_writes_nothing(site, tmp_path):
    out_dir = tmp_path / "out"
    write(site, "content/fr/index.md", "---\ntitle: T\n---\n")
    with pytest.raises(SiteError):
        pipeline.build(site, out_dir, pipeline.Options(), Diagnostics(site))
    assert not out_dir.exists()


def test_two_builds_are_byte_identical(site, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    pipeline.build(site, a, pipeline.Options())
    pipeline.build(site, b, pipeline.Options())
    files_a = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    files_b = sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    assert files_a == files_b
    assert all((a / f).read_bytes() == (b / f).read_bytes() for f in files_a)


def test_static_css_and_js_get_a_content_hash(site, tmp_path):
    out_dir = tmp_path / "out"
    pipeline.build(site, out_dir, pipeline.Options())
    [css] = (out_dir / "css").iterdir()
    assert css.name.startswith("site.") and css.name.endswith(".css") and len(css.name) == len("site..css") + 10
    assert f'href="../../css/{css.name}"' in (out_dir / "fr/accord/index.html").read_text()
    write(site, "static/css/site.css", "body { color: red; }\n")
    pipeline.build(site, out_dir, pipeline.Options())
    assert [p.name for p in (out_dir / "css").iterdir()] != [css.name]


def test_drafts_only_on_request(site, tmp_path):
    result = pipeline.run(site, pipeline.Options())
    assert "fr/brouillon/index.html" not in result.files
    result = pipeline.run(site, pipeline.Options(drafts=True))
    assert "fr/brouillon/index.html" in result.files


def test_site_files(site):
    files = pipeline.run(site, pipeline.Options()).files
    assert {"index.html", "404.html", "sitemap.xml", "robots.txt", ".nojekyll"} <= set(files)
    assert b"Sitemap: https://example.org/repo/sitemap.xml" in files["robots.txt"]
    sitemap = files["sitemap.xml"].decode()
    assert '<xhtml:link rel="alternate" hreflang="en" href="https://example.org/repo/en/agreement/"/>' in sitemap
    assert "CNAME" not in files
    notfound = files["404.html"].decode()
    assert 'href="/repo/fr/"' in notfound and 'href="/repo/en/"' in notfound  # works at any depth


class Terminal:
    def __init__(self, tty):
        self.tty, self.text = tty, ""

    def isatty(self):
        return self.tty

    def write(self, text):
        self.text += text

    def flush(self):
        pass


def test_progress_shows_on_a_terminal_after_a_delay_only():
    from sitegen.report import Progress

    quiet, shown = Terminal(False), Terminal(True)
    for stream in (quiet, shown):
        progress = Progress(stream, delay=0)
        progress(50, 200)
        progress.close()
    assert quiet.text == ""
    assert "Rendering pages: 50/200" in shown.text and shown.text.endswith("\r\033[K")
    late = Terminal(True)
    Progress(late, delay=60)(50, 200)
    assert late.text == ""


def test_write_file_writes_every_byte_and_never_through_what_was_there(tmp_path):
    target = tmp_path / "page.html"
    data = bytes(range(256)) * 20000  # 5 MB: more than one write() may take
    fileio.write_file(target, data)
    assert target.read_bytes() == data
    outside = write(tmp_path, "outside.txt", "precious")
    (tmp_path / "link.html").symlink_to(outside)
    with pytest.raises(FileExistsError):
        fileio.write_file(tmp_path / "link.html", b"page")
    assert outside.read_text() == "precious"



def test_write_atomic_replaces_whole_or_not_at_all(tmp_path):
    target = write(tmp_path, "notes/page.md", "old")
    target.chmod(0o600)
    fileio.write_atomic(target, b"new")
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o777 == 0o600
    with pytest.raises(TypeError):  # fails while writing: the old file stays, no temporary file is left
        fileio.write_atomic(target, "not bytes")
    assert target.read_bytes() == b"new" and names(target.parent) == ["page.md"]
    fileio.write_atomic(tmp_path / "new/file.json", b"{}")
    assert (tmp_path / "new/file.json").stat().st_mode & 0o777 == 0o644


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def names(folder: Path) -> list:
    return sorted(p.name for p in folder.iterdir())


def test_a_build_killed_between_its_two_renames_is_repaired(site, tmp_path):
    """Where folders cannot be exchanged in one step, the swap is two renames; a kill between them
    leaves no site, and the previous one put aside: the next build puts it back first."""
    out = tmp_path / "out"
    pipeline.build(site, out, pipeline.Options())
    previous = tree(out)
    pid = dead_pid()
    aside = tmp_path / f".out.old-{pid}-abc123"
    aside.mkdir()
    out.rename(aside / "site")
    write(tmp_path, f".out.new-{pid}-def456/fr/index.html", "half a new site")
    output.recover(out)
    assert tree(out) == previous and names(tmp_path) == ["out", "site"]


def test_the_swap_without_an_exchange_in_one_step(site, tmp_path, monkeypatch):
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    out = tmp_path / "out"
    pipeline.build(site, out, pipeline.Options())
    write(site, "content/fr/accord.md", (site / "content/fr/accord.md").read_text(encoding="utf-8") + "\nUn ajout.\n")
    pipeline.build(site, out, pipeline.Options())
    assert "Un ajout." in (out / "fr/accord/index.html").read_text() and names(tmp_path) == ["out", "site"]


def test_leftovers_of_dead_builds_go_and_those_of_running_ones_stay(site, tmp_path):
    dead, running = dead_pid(), os.getppid()  # pytest's parent: a process that runs
    for name in (f".out.new-{dead}-a1", f".out.old-{dead}-b2", f".out.new-{running}-c3", f".out.old-{running}-d4"):
        write(tmp_path, f"{name}/site/index.html", "work")
    write(tmp_path, f".other.new-{dead}-e5/index.html", "not next to this output")
    write(tmp_path, f".out.new-{dead}-f6.txt", "a file, not a working folder")
    (tmp_path / f".out.new-{dead}-g7").symlink_to(site)  # a link named like one: never followed
    pipeline.build(site, tmp_path / "out", pipeline.Options())
    assert names(tmp_path) == sorted([f".other.new-{dead}-e5", f".out.new-{dead}-f6.txt", f".out.new-{dead}-g7",
                                       f".out.new-{running}-c3", f".out.old-{running}-d4", "out", "site"])
    assert (site / "content/fr/index.md").is_file()


def test_a_link_planted_in_the_site_is_never_written_through(site, tmp_path):
    out = tmp_path / "out"
    pipeline.build(site, out, pipeline.Options())
    outside = write(tmp_path, "outside.txt", "precious")
    (out / "fr/index.html").unlink()
    (out / "fr/index.html").symlink_to(outside)
    (out / "en").rename(tmp_path / "en-moved")
    (out / "en").symlink_to(tmp_path / "en-moved")
    moved = tree(tmp_path / "en-moved")
    for mark in ("a", "b"):  # on every page: each is written again
        write(site, "templates/base.html", (site / "templates/base.html").read_text(encoding="utf-8").replace("<main", f"<main data-{mark}"))
        pipeline.build(site, out, pipeline.Options())
    assert outside.read_text() == "precious" and tree(tmp_path / "en-moved") == moved
    assert not (out / "fr/index.html").is_symlink() and not (out / "en").is_symlink()
    assert tree(out) == cold(site, tmp_path)


def test_a_marker_that_is_a_link_does_not_make_a_folder_ours(capsys, site, tmp_path):
    foreign = tmp_path / "documents"
    write(foreign, "thesis.txt", "precious")
    marker = write(tmp_path, "marker", "Built by build.py")
    (foreign / ".sitegen").symlink_to(marker)
    code, out = run(capsys, site, "build", "--out", str(foreign))
    assert code == 2 and (foreign / "thesis.txt").read_text() == "precious"
