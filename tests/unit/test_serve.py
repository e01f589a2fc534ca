"""The live preview: rebuilds equal clean builds at every kind of edit, failures keep the last good
site, the server answers like GitHub Pages, and a save reaches open pages through the watcher."""
from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import PROJECT, PreviewServer as Server, run, write
from sitegen import assets, devserver, pipeline, watch
from sitegen.serve import Preview, describe, url_host

OPTIONS = pipeline.Options(base_url="http://127.0.0.1:8000/")


def clean_build(root: Path) -> dict:
    return pipeline.run(root, OPTIONS).files


def edit(root: Path, rel: str, old: str, new: str) -> Path:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {rel}"
    return write(root, rel, text.replace(old, new, 1))


def rename_slug(root):
    return [edit(root, "content/en/accord.md", "slug: agreement", "slug: the-agreement")]


def new_page(root):
    return [write(root, "content/en/seule.md", "---\ntitle: Alone\ndescription: Now translated.\norder: 3\n---\nHello.\n")]


def delete_page(root):
    path = root / "content/fr/seule.md"
    path.unlink()
    return [path]


def move_page(root):
    old = root / "content/fr/seule.md"
    new = root / "content/fr/rubrique/seule.md"
    new.parent.mkdir()
    old.rename(new)
    return [old, new]


EDITS = {
    "title": lambda root: [edit(root, "content/fr/accord.md", "title: L'accord", "title: Le contrat")],
    "order": lambda root: [edit(root, "content/fr/accord.md", "order: 2", "order: 9")],
    "new page": new_page,
    "deleted page": delete_page,
    "moved page": move_page,
    "renamed slug": rename_slug,
    "glossary term": lambda root: [edit(root, "content/glossary/amiad.yaml", "AMIAD", "A.M.I.A.D.")],
    "fact": lambda root: [edit(root, "seeds/facts.yaml", "fr: L'accord a été", "fr: Selon l'article, l'accord a été")],
    "data": lambda root: [edit(root, "content/data/timeline.yaml", "2026", "2027")],
    "template": lambda root: [edit(root, "templates/base.html", "<main>", "<main class=\"x\">")],
    "strings": lambda root: [edit(root, "templates/strings.yaml", "fr: Glossaire", "fr: Lexique")],
    "stylesheet": lambda root: [write(root, "static/css/site.css", "body { color: navy }\n")],
    "settings": lambda root: [edit(root, "site.yaml", "fr: Site d'essai", "fr: Site de démonstration")],
}


@pytest.mark.parametrize("change", EDITS, ids=list(EDITS))
def test_a_rebuild_equals_a_clean_build(site, change):
    preview = Preview(site, OPTIONS)
    assert not preview.rebuild().failed
    before = dict(preview.files)
    changed_sources = EDITS[change](site)
    outcome = preview.rebuild(changed_sources)
    expected = clean_build(site)
    assert not outcome.failed, outcome.diagnostics
    assert preview.files == expected
    differing = {k for k in before.keys() | expected.keys() if before.get(k) != expected.get(k)}
    assert set(outcome.changed) >= differing and outcome.changed and outcome.reload


def test_a_rebuild_without_change_changes_nothing(site):
    preview = Preview(site, OPTIONS)
    first = preview.rebuild()
    assert first.changed and first.reload
    os.utime(site / "content/fr/accord.md")  # saved again, same text
    again = preview.rebuild([site / "content/fr/accord.md"])
    assert again.changed == [] and not again.reload


def test_an_unhashed_static_file_counts_as_changed(site):
    write(site, "static/logo.txt", "one")
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    path = write(site, "static/logo.txt", "two!")
    outcome = preview.rebuild([path])
    assert outcome.changed == ["logo.txt"] and outcome.reload
    assert preview.read("logo.txt") == b"two!"


def test_a_template_change_shows_even_when_its_mtime_does_not_move(site):
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    template = site / "templates/base.html"
    stat = template.stat()
    edit(site, "templates/base.html", "<main>", "<main id=\"changed\">")
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # two saves within one clock tick
    outcome = preview.rebuild([template])
    assert b'<main id="changed">' in preview.files["fr/index.html"]
    assert preview.files == clean_build(site) and outcome.reload


def test_a_failed_build_keeps_the_last_good_site_and_shows_why(site):
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    good = dict(preview.files)
    path = edit(site, "content/en/accord.md", "title: The agreement", "titel: The agreement")
    broken = preview.rebuild([path])
    assert broken.failed and broken.reload and broken.changed == []
    assert preview.files == good
    assert any(d.file == "content/en/accord.md" and d.level == "error" and "title" in d.message
               for d in preview.problems)
    assert "could not be built (1 error)" in describe(broken, site, [path])
    assert not preview.rebuild([path]).reload  # the same problems: open pages already show them
    edit(site, "content/en/accord.md", "titel: The agreement", "title: The agreement")
    fixed = preview.rebuild([path])
    assert not fixed.failed and fixed.reload and fixed.changed == [] and preview.problems == []


def test_a_broken_settings_file_is_survived(site):
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    path = write(site, "site.yaml", "title: [unclosed\n")
    outcome = preview.rebuild([path])
    assert outcome.failed and preview.problems[0].file == "site.yaml"
    assert preview.watch_targets()[1] == tuple(sorted({site, site / "seeds"}))  # still watching the facts file


def test_what_is_watched(site):
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    (site / ".venv/lib").mkdir(parents=True)
    (site / "_site").mkdir()
    deep, flat = preview.watch_targets()
    assert deep == (site / "content", site / "templates", site / "static")
    assert flat == (site, site / "seeds")  # site.yaml and the facts file, through their folders
    for rel in ("site.yaml", "seeds/facts.yaml", "content/fr/new.md", "templates/x.html", "static/a.png", "content"):
        assert preview.concerns(site / rel), rel
    for rel in ("README.md", "seeds/README.md", "_site/index.html", ".venv/lib/x.py", "build.py", "sitegen/cli.py"):
        assert not preview.concerns(site / rel), rel


def test_editors_temporary_files_are_not_changes(site):
    from watchfiles import Change

    preview = Preview(site, OPTIONS)
    preview.rebuild()
    page, gone = site / "content/fr/accord.md", site / "content/fr/seule.md"
    gone.unlink()
    changes = {(Change.added, str(site / "content/fr/sedAb12")), (Change.deleted, str(site / "content/fr/sedAb12")),
               (Change.modified, str(page)), (Change.deleted, str(gone)), (Change.modified, str(site / "README.md"))}
    assert watch.relevant(preview, changes) == [page, gone]


def test_describe_and_url_host(site):
    preview = Preview(site, OPTIONS)
    first = preview.rebuild()
    assert describe(first, site).startswith(f"Built {len(first.changed)} files in ")
    path = site / "content/fr/accord.md"
    assert describe(preview.rebuild([path]), site, [path]).startswith("content/fr/accord.md changed: rebuilt in ")
    assert url_host("0.0.0.0") == "127.0.0.1" and url_host("::") == "[::1]" and url_host("::1") == "[::1]"
    assert url_host("localhost") == "localhost"


# --- the server ---------------------------------------------------------------------------------

@pytest.fixture
def server(site):
    running = Server(site)
    yield running
    running.stop()


def test_pages_are_served_like_github_pages_with_the_reload_script(server):
    status, headers, body = server.get("/fr/accord/")
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert headers["Cache-Control"] == "no-store"
    assert body == devserver.inject(server.preview.files["fr/accord/index.html"])
    assert body.count(devserver.SCRIPT) == 1 and body.index(devserver.SCRIPT) < body.index(b"</head>")
    status, headers, _ = server.get("/fr/accord?x=1")
    assert status == 301 and headers["Location"] == "/fr/accord/?x=1"
    status, _, body = server.get("/en/nothing-here/")
    assert status == 404 and body == devserver.inject(server.preview.files["404.html"])
    css = next(out for out in server.preview.copies if out.startswith("css/site."))
    status, headers, body = server.get("/" + css)
    assert status == 200 and headers["Content-Type"] == "text/css; charset=utf-8"
    assert body == (server.root / "static/css/site.css").read_bytes()
    status, headers, body = server.get("/fr/", method="HEAD")
    assert status == 200 and body == b"" and int(headers["Content-Length"]) > 0
    status, _, body = server.get("/livereload.js")
    assert status == 200 and b"LiveReload" in body
    assert server.get("/../site.yaml")[0] == 404
    status, headers, body = server.get("/_translations/")
    assert status == 200 and b"<h1>Translations</h1>" in body and devserver.SCRIPT in body
    assert server.get("/_translations")[0] == 301


def test_a_failed_build_shows_its_problems_on_every_page(server):
    edit(server.root, "content/en/accord.md", "title: The agreement", "titel: The agreement")
    server.preview.rebuild([server.root / "content/en/accord.md"])
    status, _, body = server.get("/fr/")
    assert status == 500 and b"content/en/accord.md" in body and devserver.SCRIPT in body
    assert server.get("/" + next(iter(server.preview.copies)))[0] == 200  # assets of the last good build


async def _reload_messages(url: str, count: int, action, timeout: float = 10) -> tuple[list, float]:
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(url.replace("http", "ws") + "livereload")
    await ws.write_message(json.dumps({"command": "hello", "protocols": [devserver.PROTOCOL]}))
    assert json.loads(await ws.read_message())["command"] == "hello"
    start = time.perf_counter()
    action()
    messages = [json.loads(await asyncio.wait_for(ws.read_message(), timeout)) for _ in range(count)]
    elapsed = time.perf_counter() - start
    ws.close()
    return messages, elapsed


def test_a_save_reloads_open_pages_at_once(server):
    server.wait_until_watching()
    messages, elapsed = asyncio.run(_reload_messages(
        server.url, 1, lambda: edit(server.root, "content/fr/accord.md", "title: L'accord", "title: Le contrat")))
    assert messages[0]["command"] == "reload"
    assert elapsed < 2, f"{elapsed:.2f} s from the save to the reload"
    assert b"<title>Le contrat" in server.get("/fr/accord/")[2]


def test_two_quick_saves_end_on_the_second(server):
    """livereload's own handler ignores a change within 3 s of the last reload; this one must not."""
    server.wait_until_watching()

    def two_saves():
        edit(server.root, "content/fr/accord.md", "title: L'accord", "title: Premier")
        time.sleep(0.3)
        edit(server.root, "content/fr/accord.md", "title: Premier", "title: Second")

    asyncio.run(_reload_messages(server.url, 2, two_saves))
    assert b"<title>Second" in server.get("/fr/accord/")[2]


def test_a_new_folder_of_sources_is_watched(site):
    for path in (site / "static/css/site.css", site / "static/css", site / "static"):
        path.unlink() if path.is_file() else path.rmdir()
    edit(site, "templates/base.html", "<link rel=\"stylesheet\" href=\"{{ asset('css/site.css') }}\">", "")
    running = Server(site)

    def wait_for_css(text: str):
        expected = {out for out, _ in assets.collect(site / "static").values()}
        deadline = time.monotonic() + 10
        while set(running.preview.copies) != expected:
            assert time.monotonic() < deadline, f"{text!r} never built:\n{running.log.getvalue()}"
            time.sleep(0.05)

    try:
        assert running.preview.watch_targets()[0] == (site / "content", site / "templates")
        running.wait_until_watching()
        write(site, "static/css/site.css", "body { color: navy }\n")  # seen through the project folder
        wait_for_css("navy")
        deadline = time.monotonic() + 10
        while "static/css/site.css changed" not in running.log.getvalue():  # seen only by watching static/
            assert time.monotonic() < deadline, running.log.getvalue()
            os.utime(site / "static/css/site.css")
            time.sleep(0.1)
        write(site, "static/css/site.css", "body { color: teal }\n")
        wait_for_css("teal")
    finally:
        running.stop()


def test_the_command_refuses_a_port_in_use(capsys, site):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out = run(capsys, site, "serve", "--port", str(port))
    assert code == 2 and f"Cannot listen on 127.0.0.1 port {port}" in out and f"--port {port + 1}" in out


def test_the_command_refuses_a_bad_port(capsys, site):
    with pytest.raises(SystemExit) as exc:
        run(capsys, site, "serve", "--port", "99999")
    assert exc.value.code == 2 and "is not a port number" in capsys.readouterr().err


def test_drafts_are_previewed_on_request(site):
    drafts = Preview(site, pipeline.Options(base_url=OPTIONS.base_url, drafts=True))
    drafts.rebuild()
    plain = Preview(site, OPTIONS)
    plain.rebuild()
    assert "fr/brouillon/index.html" in drafts.files and "fr/brouillon/index.html" not in plain.files


def test_the_command_serves_until_ctrl_c(site):
    """build.py serve as an editor runs it: the address printed, pages served, Ctrl+C ends it cleanly."""
    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(site), "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "NO_COLOR": "1"})
    try:
        lines = []
        while not any(line.startswith("Preview at ") for line in lines):
            line = process.stdout.readline()
            assert line, "".join(lines)
            lines.append(line)
        url = lines[-1].split()[2]
        assert any(line.startswith("Built ") for line in lines) and re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
        with urllib.request.urlopen(url + "en/agreement/", timeout=5) as response:
            assert response.status == 200 and b"/livereload.js" in response.read()
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0
        assert process.stdout.read().strip().endswith("Preview stopped.")
    finally:
        process.kill()
        process.wait()
