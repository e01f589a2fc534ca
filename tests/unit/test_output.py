"""Writing is atomic and confined: the build replaces only folders it made, and a failure mid-way
leaves the previous site as it was."""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import run, write
from sitegen import output, pipeline
from sitegen.errors import Diagnostics, SiteError


def test_refuses_dangerous_targets(capsys, site, tmp_path):
    for target in (site, site / "content", site / "content/fr", site / "templates", Path.home(), Path("/"), site.parent):
        code, out = run(capsys, site, "build", "--out", str(target))
        assert code == 1 and "refusing to write the site" in out, target
    assert (site / "content/fr/index.md").is_file()


def test_refuses_a_folder_it_did_not_make(capsys, site, tmp_path):
    foreign = tmp_path / "documents"
    write(foreign, "thesis.txt", "precious")
    code, out = run(capsys, site, "build", "--out", str(foreign))
    assert code == 1 and "already holds files that this tool did not make" in out
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
    pipeline.build(site, out_dir, pipeline.Options())  # the first site is kept as the next one's start
    before = (out_dir / "fr/index.html").read_bytes()

    def broken_copy(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(output.shutil, "copyfile", broken_copy)
    write(site, "content/fr/accord.md", (site / "content/fr/accord.md").read_text(encoding="utf-8") + "\nPlus.\n")
    with pytest.raises(OSError):
        pipeline.build(site, out_dir, pipeline.Options())
    assert (out_dir / "fr/index.html").read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]
    assert list((site / ".cache").rglob("spare"))  # put back for the next build


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


def test_write_file_writes_every_byte_and_replaces_what_was_there(tmp_path):
    target = tmp_path / "page.html"
    target.write_bytes(b"an older and longer text" * 1000)
    data = bytes(range(256)) * 20000  # 5 MB: more than one write() may take
    output.write_file(target, data)
    assert target.read_bytes() == data


def test_a_spare_with_a_file_where_a_folder_goes_and_the_other_way(tmp_path):
    """A page that became a section, a section that became a file: the spare gives way."""
    kept = tmp_path / "cache/spare"
    write(kept, "fr/x", "a file")
    write(kept, "en/y/index.html", "a folder")
    write(kept, "en/z.html", "gone")
    staging = output.Staging(tmp_path / "out", None, kept)
    assert staging.recycled and not kept.exists()
    staging.write("fr/x/index.html", b"now a folder")
    staging.write("en/y", b"now a file")
    staging.commit({}, "s", {"fr/x/index.html", "en/y"})
    out = tmp_path / "out"
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == [".sitegen", "en/y", "fr/x/index.html"]
    assert (out / "fr/x/index.html").read_bytes() == b"now a folder" and (out / "en/y").read_bytes() == b"now a file"
