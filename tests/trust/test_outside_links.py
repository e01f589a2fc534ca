"""Nothing from outside the project reaches the site, the messages or the preview (issue 12, item 2).

Every symbolic link among the sources is refused with its path and where it points, and never
followed: a link out of the project would publish any file the build can read, a loop would walk
for ever. Pipes and devices are refused too, and never opened. Each case puts a secret behind the
link and checks that it appears nowhere: not in the output, not in any message, not in the preview.
"""
from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import PROJECT, PreviewServer, run, write

from sitegen import pipeline
from sitegen.excerpt import excerpt
from sitegen.preview.serve import Preview
from sitegen.report import Reporter

SECRET = "SECRET-6f1c2a"
PAGE = f"---\ntitle: Secret\ndescription: {SECRET}\n---\n{SECRET} in the body.\n"
ENTRY = f"term:\n  fr: {SECRET}\n  en: {SECRET}\ndefinition:\n  fr: {SECRET}\n  en: {SECRET}\n"


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the project (the `site` fixture is tmp_path/site) holding secrets."""
    folder = tmp_path / "outside"
    write(folder, "secret.txt", f"{SECRET}\n" * 5)
    write(folder, "secret.md", PAGE)
    write(folder, "secret.yaml", ENTRY)
    write(folder, "pages/index.md", PAGE)
    return folder


def link(root: Path, rel: str, target: Path | str) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.is_file():
        path.unlink()
    path.symlink_to(target)
    return path


def refused(capsys, site: Path, rel: str, shown_target: str) -> str:
    """Builds, and checks that it fails on `rel` alone, naming where it points, with nothing of the
    secret anywhere; returns the printed report."""
    code, out = run(capsys, site, "build", "--out", str(site / "_site"))
    assert code == 1, out
    assert f"{rel}\n  error: " in out and f"“{shown_target}”" in out, out
    assert SECRET not in out and "Internal error" not in out and "Traceback" not in out, out
    assert not (site / "_site").exists()
    return out


def site_text(folder: Path) -> str:
    return "".join(p.read_bytes().decode("utf-8", "replace") for p in folder.rglob("*") if p.is_file())


def test_a_static_link_to_the_environment_is_not_published(site):
    link(site, "static/env.txt", "/proc/self/environ")
    env = dict(os.environ, SITEGEN_SECRET=SECRET)
    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(site), "build"],
                          capture_output=True, text=True, env=env, timeout=120)
    out = done.stdout + done.stderr
    assert done.returncode == 1, out
    assert "static/env.txt\n  error: this is a link to “/proc/self/environ”, outside the project" in out
    assert SECRET not in out and not (site / "_site").exists()


def test_a_static_link_to_a_file_outside_is_not_published(capsys, site, outside):
    link(site, "static/notes.txt", outside / "secret.txt")
    out = refused(capsys, site, "static/notes.txt", str(outside / "secret.txt"))
    assert "outside the project" in out


def test_a_page_that_is_a_link_outside_is_not_rendered(capsys, site, outside):
    link(site, "content/fr/fuite.md", outside / "secret.md")
    refused(capsys, site, "content/fr/fuite.md", str(outside / "secret.md"))


def test_a_linked_folder_of_pages_is_not_rendered(capsys, site, outside):
    link(site, "content/fr/dossier", outside / "pages")
    refused(capsys, site, "content/fr/dossier", str(outside / "pages"))


@pytest.mark.parametrize("rel", ["content", "content/fr", "static", "templates"])
def test_a_linked_source_folder_is_refused(capsys, site, tmp_path, rel):
    moved = tmp_path / "moved" / rel
    moved.parent.mkdir(parents=True)
    (site / rel).rename(moved)
    write(moved, "leak.md" if rel.startswith("content") else "leak.html", PAGE)
    link(site, rel, moved)
    refused(capsys, site, rel, str(moved))


def test_a_glossary_entry_that_is_a_link_outside_is_not_read(capsys, site, outside):
    link(site, "content/glossary/fuite.yaml", outside / "secret.yaml")
    refused(capsys, site, "content/glossary/fuite.yaml", str(outside / "secret.yaml"))


@pytest.mark.parametrize("rel", ["templates/page.html", "templates/shortcodes/timeline.html",
                                 "templates/strings.yaml"])
def test_a_template_that_is_a_link_outside_is_not_read(capsys, site, outside, rel):
    link(site, rel, outside / "secret.txt")
    refused(capsys, site, rel, str(outside / "secret.txt"))


def test_a_template_is_never_loaded_through_a_link(site, outside):
    """Even one made after the walk, or hidden from it: the loader refuses it (the walk reports the rest)."""
    import jinja2

    from sitegen.render.templates import environment

    link(site, "templates/.hidden.html", outside / "secret.txt")
    env = environment(site / "templates")
    for name in (".hidden.html", "../outside/secret.txt"):
        with pytest.raises(jinja2.TemplateNotFound):
            env.get_template(name)
    link(site, "templates/page.html", outside / "secret.txt")
    with pytest.raises(jinja2.TemplateNotFound):
        env.get_template("page.html")


@pytest.mark.parametrize("setting", ["../outside/secret.yaml", "{outside}/secret.yaml", "../../../../etc/passwd",
                                     "/etc/passwd"])
def test_a_facts_file_outside_the_project_is_refused(capsys, site, outside, setting):
    setting = setting.format(outside=outside)
    text = (site / "site.yaml").read_text(encoding="utf-8").replace("sources: seeds/facts.yaml", f"sources: {setting}")
    write(site, "site.yaml", text)
    code, out = run(capsys, site, "build", "--out", str(site / "_site"))
    assert code == 1, out
    assert f"site.yaml\n  line 16: error: the sources file “{setting}” cannot be read: it is outside the project folder" in out
    assert SECRET not in out and "root:" not in out and "Internal error" not in out


def test_a_facts_file_that_is_a_link_outside_is_refused(capsys, site, outside):
    link(site, "seeds/facts.yaml", outside / "secret.yaml")
    code, out = run(capsys, site, "build", "--out", str(site / "_site"))
    assert code == 1, out
    assert f"seeds/facts.yaml is a link to “{outside / 'secret.yaml'}”, outside the project" in out
    assert SECRET not in out


def test_settings_that_are_a_link_are_refused(capsys, site, outside):
    (site / "site.yaml").rename(outside / "site.yaml")
    link(site, "site.yaml", outside / "site.yaml")
    code, out = run(capsys, site, "build", "--out", str(site / "_site"))
    assert code == 1, out
    assert f"site.yaml\n  error: site.yaml cannot be read: site.yaml is a link to “{outside / 'site.yaml'}”" in out


@pytest.mark.parametrize("target", ["..", ".", "boucle.md"])
def test_a_link_loop_is_a_plain_error(capsys, site, target):
    link(site, "content/fr/boucle.md" if target.endswith(".md") else "content/fr/boucle", target)
    rel = "content/fr/boucle.md" if target.endswith(".md") else "content/fr/boucle"
    out = refused(capsys, site, rel, target)
    assert "a loop" in out


def test_a_link_inside_the_project_is_refused_too(capsys, site):
    """Inside, a link could still reach .git/config or .venv; and Git on Windows makes it a text file."""
    write(site, ".git/config", f"[http]\n\textraheader = AUTHORIZATION: basic {SECRET}\n")
    link(site, "static/config.txt", "../.git/config")
    out = refused(capsys, site, "static/config.txt", "../.git/config")
    assert "outside the project" not in out


@pytest.mark.parametrize("rel", ["content/fr/tube.md", "static/tube.css", "templates/tube.html"])
def test_a_pipe_among_the_sources_is_refused_without_waiting(capsys, site, rel):
    os.mkfifo(site / rel)  # reading it would wait for ever
    code, out = run(capsys, site, "build", "--out", str(site / "_site"))
    assert code == 1, out
    assert f"{rel}\n  error: it is not an ordinary file" in out


def test_the_lines_around_a_problem_come_only_from_the_projects_own_files(site, outside):
    link(site, "content/fr/fuite.md", outside / "secret.txt")
    assert excerpt(site, "content/fr/fuite.md", 2) == []
    assert excerpt(site, "../outside/secret.txt", 2) == []
    assert excerpt(site, str(outside / "secret.txt"), 2) == []
    assert excerpt(site, "content/fr/accord.md", 2)  # the project's own file still shows
    os.mkfifo(site / "content/fr/tube.md")
    shown = []
    reader = threading.Thread(target=lambda: shown.append(excerpt(site, "content/fr/tube.md", 1)), daemon=True)
    reader.start()
    reader.join(5)
    if reader.is_alive():  # unblock the reader before failing
        os.close(os.open(site / "content/fr/tube.md", os.O_WRONLY | os.O_NONBLOCK))
    assert shown == [[]]


def test_the_preview_never_shows_a_file_outside(site, outside):
    """The preview's error page and terminal show the lines around each problem: never those of a link's target."""
    server = PreviewServer(site)
    try:
        link(site, "content/fr/fuite.md", outside / "secret.txt")  # not a page: its first line would be shown
        outcome = server.preview.rebuild([site / "content/fr/fuite.md"])
        assert outcome.failed
        assert [d.file for d in server.preview.problems if d.level == "error"] == ["content/fr/fuite.md"]
        log = Reporter(stream := __import__("io").StringIO(), color=False, excerpts_from=site)
        log.diagnostics(outcome.diagnostics)
        assert SECRET not in stream.getvalue()
        for path in ("/", "/fr/", "/fr/fuite/", "/_translations/", "/css/site.css"):
            status, _, body = server.get(path)
            assert SECRET.encode() not in body, path
        status, _, body = server.get("/fr/")
        assert status == 500 and b"content/fr/fuite.md" in body and b"is a link to" in body
    finally:
        server.stop()


def test_a_page_made_a_link_after_a_good_build_is_not_rendered(site, outside):
    """The preview's partial rebuild reads only the saved pages: it must not read through a new link either."""
    preview = Preview(site, pipeline.Options(base_url="http://127.0.0.1:8000/"))
    assert not preview.rebuild().failed
    write(outside, "accord.md", (site / "content/fr/accord.md").read_text(encoding="utf-8") + f"\n{SECRET}\n")
    link(site, "content/fr/accord.md", outside / "accord.md")
    outcome = preview.rebuild([site / "content/fr/accord.md"])
    assert outcome.failed and not outcome.partial
    assert [d.file for d in outcome.diagnostics if d.level == "error"] == ["content/fr/accord.md"]
    assert SECRET.encode() not in b"".join(preview.files.values())


def test_the_preview_never_serves_a_static_file_made_a_link_since_the_build(site, outside):
    preview = Preview(site, pipeline.Options(base_url="http://127.0.0.1:8000/"))
    preview.rebuild()
    [css] = [out for out in preview.copies if out.endswith(".css")]
    assert preview.read(css)
    link(site, "static/css/site.css", outside / "secret.txt")  # the watcher has not rebuilt yet
    assert preview.read(css) is None


def test_the_watcher_never_follows_a_link(site, outside):
    link(site, "content/fr/dossier", outside / "pages")
    link(site, "content/fr/boucle", "..")
    preview = Preview(site, pipeline.Options(base_url="http://127.0.0.1:8000/"))
    preview.rebuild()
    watched = preview.watch_targets()
    assert site / "content/fr" in watched
    assert all(d == site or site in d.parents for d in watched), watched
    assert not any(d.name in ("dossier", "boucle") or "boucle" in d.parts for d in watched), watched


def test_nothing_of_a_refused_link_is_in_a_build_that_succeeds_without_it(capsys, site, outside):
    """The error stops the build: removing the link builds again, with nothing of the secret."""
    path = link(site, "static/notes.txt", outside / "secret.txt")
    refused(capsys, site, "static/notes.txt", str(outside / "secret.txt"))
    path.unlink()
    code, out = run(capsys, site, "build", "--out", str(site / "_site"))
    assert code == 0, out
    assert SECRET not in site_text(site / "_site")
