"""The live preview: rebuilds equal clean builds at every kind of edit, failures keep the last good
site, the server answers like GitHub Pages, and a save reaches open pages through the watcher."""
from __future__ import annotations

import asyncio
import errno
import html
import http.client
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import webbrowser
from pathlib import Path

import pytest
from conftest import PROJECT, run, write
from conftest import PreviewServer as Server

from sitegen import cli, pipeline
from sitegen.errors import Diagnostics, SiteError
from sitegen.excerpt import excerpt
from sitegen.preview import serve, watch
from sitegen.preview import server as devserver
from sitegen.preview.serve import Preview, describe, url_host
from sitegen.render import assets
from sitegen.report import Reporter

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


def append(root, rel, text):
    return write(root, rel, (root / rel).read_text(encoding="utf-8") + text)


# Edits that change only the text of existing pages: the preview runs the stages of those pages
# alone (pipeline.update) and must still end where a clean build does.
PAGE_TEXT = {
    "body": lambda root: [append(root, "content/fr/accord.md", "\nUn paragraphe de plus.\n")],
    "body, a term used": lambda root: [append(root, "content/fr/accord.md", "\nVoir [[souverainete]].\n")],
    "body, a term no longer used": lambda root: [edit(root, "content/fr/accord.md", "L'[[amiad]]", "L'AMIAD")],
    "body, a new heading": lambda root: [append(root, "content/en/accord.md", "\n## Dates\n\nSoon.\n")],
    "description": lambda root: [edit(root, "content/en/accord.md", "What was signed.", "What was agreed.")],
    "two pages": lambda root: [append(root, "content/fr/accord.md", "\nA.\n"), append(root, "content/en/accord.md", "\nB.\n")],
    # Its section page lists it with its description, and is rendered again with it.
    "description in a section": lambda root: [edit(root, "content/fr/usages-militaires/drones/essaims.md",
                                                   "Plusieurs drones ensemble.", "Des drones en groupe.")],
    "description of a subsection": lambda root: [edit(root, "content/en/usages-militaires/drones/index.md",
                                                      "Uncrewed craft.", "Craft without a crew.")],
    "introduction of a section": lambda root: [append(root, "content/fr/usages-militaires/index.md", "\nEncore.\n")],
}
EDITS = {
    **PAGE_TEXT,
    "title": lambda root: [edit(root, "content/fr/accord.md", "title: L'accord", "title: Le contrat")],
    "order": lambda root: [edit(root, "content/fr/accord.md", "order: 2", "order: 9")],
    "title in a section": lambda root: [edit(root, "content/fr/usages-militaires/renseignement.md",
                                             "title: Renseignement", "title: Le renseignement")],
    "order in a section": lambda root: [edit(root, "content/en/usages-militaires/renseignement.md", "order: 2", "order: 0")],
    "slug of a section": lambda root: [edit(root, "content/en/usages-militaires/index.md", "slug: military-uses",
                                            "slug: armed-forces")],
    "menu: false": lambda root: [edit(root, "content/fr/accord.md", "order: 2", "order: 2\nmenu: false")],
    "new page": new_page,
    "deleted page": delete_page,
    "moved page": move_page,
    "renamed slug": rename_slug,
    "glossary term": lambda root: [edit(root, "content/glossary/amiad.yaml", "AMIAD", "A.M.I.A.D.")],
    "fact": lambda root: [edit(root, "seeds/facts.yaml", "L'accord a été", "Selon l'article, l'accord a été")],
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
    expected = pipeline.run(site, OPTIONS)
    assert not outcome.failed, outcome.diagnostics
    assert outcome.partial == (change in PAGE_TEXT)
    assert preview.files == expected.files
    assert outcome.diagnostics == expected.diagnostics.sorted()
    differing = {k for k in before.keys() | expected.files.keys() if before.get(k) != expected.files.get(k)}
    assert set(outcome.changed) >= differing and outcome.changed and outcome.reload


def test_a_french_change_marks_its_translation_outdated_in_a_partial_rebuild(real_site):
    """The English page records the French text it translates; then the French text changes."""
    preview = Preview(real_site, OPTIONS)
    preview.rebuild()
    assert b"translation-notice" not in preview.files["en/agreement/index.html"]
    outcome = preview.rebuild([append(real_site, "content/fr/accord.md", "\nUn ajout.\n")])
    assert outcome.partial and set(outcome.changed) == {"fr/accord/index.html", "en/agreement/index.html"}
    assert b"translation-notice" in preview.files["en/agreement/index.html"]
    assert preview.files == clean_build(real_site)


BREAKAGES = {
    "front matter": ("content/fr/accord.md", lambda text: text.replace("order: 2", "order: [2")),
    "glossary id": ("content/fr/accord.md", lambda text: text + "\n[[inconnu]]\n"),
    "link to a missing heading": ("content/fr/accord.md", lambda text: text + "\n[lien](index.md#nulle-part)\n"),
    "heading another page links to": ("content/en/accord.md", lambda text: text.replace("## Calendrier", "## Dates")),
}


@pytest.mark.parametrize("breakage", BREAKAGES, ids=list(BREAKAGES))
def test_a_partial_rebuild_that_fails_falls_back_and_recovers(site, breakage):
    """Errors are reported as a clean build reports them; the fix after them is a clean build too."""
    preview = Preview(site, OPTIONS)
    good = dict(preview.rebuild() and preview.files)
    rel, breaking = BREAKAGES[breakage]
    path = site / rel
    original = path.read_text(encoding="utf-8")
    path.write_text(breaking(original), encoding="utf-8")
    outcome = preview.rebuild([path])
    with pytest.raises(SiteError) as clean:
        pipeline.run(site, OPTIONS)
    assert outcome.failed and outcome.diagnostics == clean.value.diagnostics and preview.files == good
    path.write_text(original + "\nCorrigé.\n", encoding="utf-8")
    fixed = preview.rebuild([path])
    assert not fixed.failed and preview.files == clean_build(site)
    again = preview.rebuild([append(site, "content/fr/accord.md", "\nEncore.\n")])
    assert again.partial and preview.files == clean_build(site)


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


def test_a_page_change_shows_even_when_its_stamp_does_not_move(site):
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    page = site / "content/fr/accord.md"
    stat = page.stat()
    edit(site, "content/fr/accord.md", "Une note", "Une NOTE")  # the same size
    os.utime(page, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # two saves within one clock tick
    outcome = preview.rebuild([page])
    assert b"Une NOTE" in preview.files["fr/accord/index.html"] and outcome.changed == ["fr/accord/index.html"]


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
    assert {site, site / "seeds"} <= set(preview.watch_targets())  # still watching the facts file


def test_what_is_watched(site):
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    (site / ".venv/lib").mkdir(parents=True)
    (site / "_site").mkdir()
    watched = preview.watch_targets()
    sources = [site / name for name in ("content", "templates", "static")]
    assert watched == tuple(sorted({site, site / "seeds"}  # site.yaml and the facts file, through their folders
                                   | {d for top in sources for d in [top, *top.rglob("*")] if d.is_dir()}))
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


def test_the_translation_table_comes_from_the_last_build(server, monkeypatch):
    """/_translations/ reads no file again at each request: the build already read them all."""
    from sitegen.editing import translations
    made = []
    monkeypatch.setattr(pipeline, "load", lambda *a, **k: pytest.fail("the files were read again"))
    monkeypatch.setattr(translations, "statuses", lambda src, real=translations.statuses: made.append(1) or real(src))
    first = server.get("/_translations/")[2]
    assert server.get("/_translations/")[2] == first and len(made) == 1
    assert b'class="out-of-date"' not in first
    monkeypatch.undo()
    changed = edit(server.root, "content/en/accord.md", "slug: agreement", 'slug: agreement\ntranslation_of: "0"')
    assert server.preview.rebuild([changed]).partial  # pipeline.update keeps what it read up to date
    assert b'<tr class="out-of-date"><td>accord (en)' in server.get("/_translations/")[2]


def test_a_failed_build_shows_its_problems_on_every_page(server):
    edit(server.root, "content/en/accord.md", "title: The agreement", "titel: The agreement")
    server.preview.rebuild([server.root / "content/en/accord.md"])
    status, _, body = server.get("/fr/")
    assert status == 500 and b"content/en/accord.md" in body and devserver.SCRIPT in body
    assert server.get("/" + next(iter(server.preview.copies)))[0] == 200  # assets of the last good build


async def _open_socket(url: str):
    """A page's reload socket, past the LiveReload handshake, as livereload.js opens it."""
    from tornado.websocket import websocket_connect

    ws = await websocket_connect(url.replace("http", "ws") + "livereload")
    await ws.write_message(json.dumps({"command": "hello", "protocols": [devserver.PROTOCOL]}))
    assert json.loads(await ws.read_message())["command"] == "hello"
    return ws


async def _reload_messages(url: str, count: int, action, timeout: float = 10) -> list:
    ws = await _open_socket(url)
    action()
    messages = [json.loads(await asyncio.wait_for(ws.read_message(), timeout)) for _ in range(count)]
    ws.close()
    return messages


def test_a_save_reloads_open_pages(server):
    """How fast is for bench/serve_latency.py to say; a test on a busy machine only checks that it does."""
    server.wait_until_watching()
    messages = asyncio.run(_reload_messages(
        server.url, 1, lambda: edit(server.root, "content/fr/accord.md", "title: L'accord", "title: Le contrat")))
    assert messages[0]["command"] == "reload"
    assert b"<title>Le contrat" in server.get("/fr/accord/")[2]


def test_a_save_by_rename_is_one_change(server):
    """Editors that save to a temporary file and rename it over the page: one rebuild, no error."""
    server.wait_until_watching()
    page = server.root / "content/fr/accord.md"
    start = len(server.log.getvalue())
    temporary = write(server.root, "content/fr/.accord.md.tmp1234", page.read_text(encoding="utf-8") + "\nAjout.\n")
    os.replace(temporary, page)
    deadline = time.monotonic() + 10
    while b"Ajout." not in server.get("/fr/accord/")[2]:
        assert time.monotonic() < deadline, server.log.getvalue()
        time.sleep(0.02)
    log = server.log.getvalue()[start:]
    assert "content/fr/accord.md changed: rebuilt in " in log and "tmp1234" not in log and "could not" not in log


def test_two_quick_saves_end_on_the_second(server):
    """livereload's own handler ignores a change within 3 s of the last reload; this one must not."""
    server.wait_until_watching()

    def two_saves():
        edit(server.root, "content/fr/accord.md", "title: L'accord", "title: Premier")
        time.sleep(0.3)
        edit(server.root, "content/fr/accord.md", "title: Premier", "title: Second")

    asyncio.run(_reload_messages(server.url, 2, two_saves))
    assert b"<title>Second" in server.get("/fr/accord/")[2]


async def _answer_to_info(url: str, page: str, timeout: float = 0.5):
    """What the server answers a page's socket that says it is on `page`, as livereload.js does once
    connected; None when it sends nothing within `timeout`."""
    ws = await _open_socket(url)
    await ws.write_message(json.dumps({"command": "info", "plugins": {}, "url": url + page + "#top"}))
    try:
        return json.loads(await asyncio.wait_for(ws.read_message(), timeout))
    except asyncio.TimeoutError:
        return None
    finally:
        ws.close()


def test_a_page_that_missed_a_reload_while_loading_reloads_when_it_connects(server):
    """A save while a page loads (its socket not yet connected) reloads it once it connects; a page
    served after the last reload is left alone."""
    server.get("/fr/accord/")
    server.get("/en/")
    reloaded = threading.Event()
    server.loop.call_soon_threadsafe(lambda: (server.hub.reload(), reloaded.set()))
    assert reloaded.wait(5)
    server.get("/en/")
    assert asyncio.run(_answer_to_info(server.url, "fr/accord/"))["command"] == "reload"
    assert asyncio.run(_answer_to_info(server.url, "en/")) is None
    assert asyncio.run(_answer_to_info(server.url, "fr/never-served/")) is None


def test_a_new_folder_of_sources_is_watched(site):
    for path in (site / "static/css/site.css", site / "static/css", site / "static"):
        path.unlink() if path.is_file() else path.rmdir()
    edit(site, "templates/base.html", "<link rel=\"stylesheet\" href=\"{{ asset('css/site.css') }}\">", "")
    running = Server(site)

    def wait_for_css(text: str):
        expected = {out for out, _ in assets.collect(site / "static", Diagnostics(site)).values()}
        deadline = time.monotonic() + 10
        while set(running.preview.copies) != expected:
            assert time.monotonic() < deadline, f"{text!r} never built:\n{running.log.getvalue()}"
            time.sleep(0.05)

    try:
        assert not any(site / "static" in (d, *d.parents) for d in running.preview.watch_targets())
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


def test_a_busy_port_moves_to_the_next_free_one():
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        sockets = devserver.listen("127.0.0.1", port)
    try:
        assert port < sockets[0].getsockname()[1] <= port + serve.PORT_TRIES - 1
    finally:
        for s in sockets:
            s.close()


def test_the_command_says_when_every_port_is_busy(capsys, site, monkeypatch):
    def busy(host, port):
        raise OSError(errno.EADDRINUSE, "Address already in use")

    monkeypatch.setattr(devserver, "listen", busy)
    code, out = run(capsys, site, "serve", "--port", "8000")
    assert code == 2 and "Cannot listen on 127.0.0.1: ports 8000 to 8010 are all in use" in out
    assert "--port 8011" in out and "Traceback" not in out


def test_the_command_refuses_an_address_that_is_not_this_machines(capsys, site):
    code, out = run(capsys, site, "serve", "--host", "192.0.2.1")  # TEST-NET-1: never a local address
    assert code == 2 and "Cannot listen on 192.0.2.1 port 8000: " in out and "check --host" in out


def test_the_command_refuses_a_bad_port(capsys, site):
    with pytest.raises(SystemExit) as exc:
        run(capsys, site, "serve", "--port", "99999")
    assert exc.value.code == 2 and "is not a port number" in capsys.readouterr().err


def test_drafts_are_previewed_by_default_with_their_banner(real_site):
    assert cli.parser().parse_args(["serve"]).drafts and not cli.parser().parse_args(["serve", "--no-drafts"]).drafts
    write(real_site, "content/fr/essai-brouillon.md",
          "---\ntitle: Essai\ndescription: Pas encore publié.\ndraft: true\n---\nTexte en cours.\n")
    drafts = Preview(real_site, pipeline.Options(base_url=OPTIONS.base_url, drafts=True))
    assert not drafts.rebuild().failed
    page = html.unescape(drafts.files["fr/essai-brouillon/index.html"].decode())
    assert '<p class="draft-banner" role="note">Brouillon\u00a0: cette page n’est pas publiée.</p>' in page
    published = Preview(real_site, pipeline.Options(base_url=OPTIONS.base_url, drafts=False))
    assert not published.rebuild().failed and "fr/essai-brouillon/index.html" not in published.files


@pytest.mark.parametrize("answer", [True, False, webbrowser.Error("no runnable browser")])
def test_open_is_harmless_without_a_browser(monkeypatch, answer):
    def fake_open(url):
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(webbrowser, "open", fake_open)
    out = io.StringIO()
    serve.open_browser("http://127.0.0.1:8000/", Reporter(out, color=False))
    assert out.getvalue() == ("" if answer is True else
                              "No web browser could be opened here: open http://127.0.0.1:8000/ yourself.\n")


def tree(root: Path) -> dict:
    return {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_command_serves_until_ctrl_c(site, tmp_path):
    """build.py serve as an editor runs it, on a busy port and with --open: the next port said
    plainly, the address printed and opened, pages served, Ctrl+C ends it cleanly, and nothing in the
    project written."""
    opened = tmp_path / "opened"  # the "browser" writes the address it was asked to open here
    browser = f"{sys.executable} -c \"import sys; open(sys.argv[1], 'w').write(sys.argv[2])\" {opened} %s"
    before = tree(site)
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        command = [sys.executable, str(PROJECT / "build.py"), "--root", str(site), "serve", "--port", str(port), "--open"]
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                   env={**os.environ, "NO_COLOR": "1", "BROWSER": browser, "PYTHONFAULTHANDLER": "1"})
        try:
            lines = []
            while not any(line.startswith("Preview at ") for line in lines):
                line = process.stdout.readline()
                assert line, "".join(lines)
                lines.append(line)
            url = lines[-1].split()[2]
            assert any(line.startswith("Built ") for line in lines) and re.fullmatch(r"http://127\.0\.0\.1:\d+/", url)
            new_port = int(url.split(":")[2].strip("/"))
            assert f"Port {port} is busy (another preview?); serving on port {new_port} instead.\n" in lines
            with urllib.request.urlopen(url + "en/agreement/", timeout=5) as response:
                assert response.status == 200 and b"/livereload.js" in response.read()
            deadline = time.monotonic() + 10
            while not (opened.exists() and opened.read_text()):
                assert time.monotonic() < deadline, "the browser was never opened"
                time.sleep(0.05)
            assert opened.read_text() == url
            process.send_signal(signal.SIGINT)
            try:
                process.wait(20)
            except subprocess.TimeoutExpired:  # say what it was doing, then fail
                process.send_signal(signal.SIGABRT)  # faulthandler prints every thread's stack
                process.wait(5)
                pytest.fail("Ctrl+C did not stop the preview:\n" + "".join(lines) + process.stdout.read())
            assert process.returncode == 0
            rest = process.stdout.read()
            assert rest.strip().endswith("Preview stopped.") and "Traceback" not in "".join(lines) + rest
        finally:
            process.kill()
            process.wait()
    assert tree(site) == before  # the editors' files untouched, no _site/ made


TGKILL = {"x86_64": 234, "aarch64": 131}.get(os.uname().machine) if hasattr(os, "uname") else None


@pytest.mark.skipif(not TGKILL or not sys.platform.startswith("linux"), reason="tgkill is Linux's")
def test_ctrl_c_stops_the_preview_whichever_thread_the_signal_lands_on(site):
    """The kernel hands a process's SIGINT to any of its threads; one landing on the file watcher's
    thread left the main thread asleep in select(), and the preview running."""
    import ctypes

    command = [sys.executable, str(PROJECT / "build.py"), "--root", str(site), "serve", "--port", "0"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "NO_COLOR": "1"})
    try:
        while not process.stdout.readline().startswith("Preview at "):
            assert process.poll() is None
        deadline = time.monotonic() + 10
        while not (others := [int(t) for t in os.listdir(f"/proc/{process.pid}/task") if int(t) != process.pid]):
            assert time.monotonic() < deadline, "the preview runs no other thread"
            time.sleep(0.05)
        time.sleep(0.3)  # the watcher is watching
        libc = ctypes.CDLL(None, use_errno=True)
        assert libc.syscall(TGKILL, process.pid, others[0], signal.SIGINT) == 0
        assert process.wait(3) == 0  # at once: before the fix, only when a timer happened to wake the loop
        assert process.stdout.read().strip().endswith("Preview stopped.")
    finally:
        process.kill()
        process.wait()


# --- what editors see when a save breaks the site ----------------------------------------------

def test_excerpt_shows_the_lines_around_a_line(tmp_path):
    write(tmp_path, "a.md", "one\ntwo\n\tthree\nfour\nfive\nsix\n" + "x" * 300 + "\n\xff\n")
    (tmp_path / "latin1.md").write_bytes(b"caf\xe9\n")
    assert excerpt(tmp_path, "a.md", 3) == [(1, "one"), (2, "two"), (3, "⇥   three"), (4, "four"), (5, "five")]
    assert excerpt(tmp_path, "a.md", 1) == [(1, "one"), (2, "two"), (3, "⇥   three")]
    assert excerpt(tmp_path, "a.md", 8) == [(6, "six"), (7, "x" * 200 + "…"), (8, "\xff")]
    assert excerpt(tmp_path, "latin1.md", 1) == [(1, "caf\ufffd")]
    for file, line in (("a.md", 0), ("a.md", 9), ("", 3), ("missing.md", 1), (".", 1)):
        assert excerpt(tmp_path, file, line) == [], (file, line)


BROKEN_TITLE = ("title: L'accord", "title: L'accord: <b>")  # YAML that cannot be read, at line 2


def test_the_terminal_shows_the_lines_around_each_problem(site):
    edit(site, "content/fr/accord.md", *BROKEN_TITLE)
    problems = Preview(site, OPTIONS).rebuild().diagnostics
    out = io.StringIO()
    Reporter(out, color=False, excerpts_from=site).diagnostics(problems)
    assert "content/fr/accord.md\n  line 2: error: the YAML here cannot be read" in out.getvalue()
    assert "         1 | ---\n    >    2 | title: L'accord: <b>\n         3 | description: " in out.getvalue()
    plain = io.StringIO()  # build and check print no excerpt
    Reporter(plain, color=False).diagnostics(problems)
    assert "| title" not in plain.getvalue()


def test_the_problems_page_shows_file_line_lines_around_and_hint(server):
    edit(server.root, "content/fr/accord.md", *BROKEN_TITLE)
    server.preview.rebuild([server.root / "content/fr/accord.md"])
    status, headers, body = server.get("/en/agreement/")
    page = body.decode()
    assert status == 500 and "Content-Security-Policy" not in page + str(headers)  # a preview page, not the site's
    assert "<code>content/fr/accord.md:2</code> <strong>error</strong>: the YAML here cannot be read" in page
    assert "<mark>    2 | title: L&#x27;accord: &lt;b&gt;</mark>" in page and "    3 | description: " in page
    assert '<div class="hint">→ ' in page


HALF_SAVED = {
    "empty new page": ("content/fr/vide.md", b""),
    "half-saved page": ("content/fr/accord.md", b"---\ntitle: L'acc"),
    "page cut in its front matter": ("content/fr/accord.md", b"---\ntitle: L'accord\ndescr"),
    "bytes that are not UTF-8": ("content/fr/accord.md", b"---\ntitle: \xff\xfe\n---\n"),
    "empty settings": ("site.yaml", b""),
    "half-saved settings": ("site.yaml", b"title:\n  fr: Site d'"),
    "empty glossary entry": ("content/glossary/amiad.yaml", b""),
    "empty data file": ("content/data/timeline.yaml", b""),
    "empty template": ("templates/page.html", b""),
    "half-saved template": ("templates/page.html", b"{% extends \"base.html\" %}{% block main %}{{ page."),
    "empty facts file": ("seeds/facts.yaml", b""),
}


@pytest.mark.parametrize("rel, text", HALF_SAVED.values(), ids=list(HALF_SAVED))
def test_an_empty_or_half_saved_file_is_survived(site, rel, text):
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    good = dict(preview.files)
    path = site / rel
    original = path.read_bytes() if path.exists() else None
    path.write_bytes(text)
    outcome = preview.rebuild([path])  # never raises
    if outcome.failed:
        assert preview.files == good and preview.problems and outcome.reload
    path.unlink() if original is None else path.write_bytes(original)
    back = preview.rebuild([path])
    assert not back.failed and preview.problems == [] and preview.files == good


def test_a_bug_of_the_generator_is_a_problem_not_a_crash(site, monkeypatch):
    preview = Preview(site, OPTIONS)
    preview.rebuild()

    def broken(*args):
        raise KeyError("oops")

    monkeypatch.setattr(pipeline, "run", broken)
    monkeypatch.setattr(pipeline, "update", broken)
    outcome = preview.rebuild([site / "content/fr/accord.md"])
    assert outcome.failed and [d.code for d in preview.problems] == ["internal"]
    assert "internal error of the generator (not a mistake in your files): KeyError: 'oops'" in preview.problems[0].message


def test_the_server_survives_an_empty_new_file_and_recovers(server):
    server.wait_until_watching()
    empty = write(server.root, "content/fr/nouvelle.md", "")  # as an editor's "new file" makes it
    deadline = time.monotonic() + 10
    while server.get("/fr/")[0] != 500:
        assert time.monotonic() < deadline, server.log.getvalue()
        time.sleep(0.05)
    assert b"content/fr/nouvelle.md:1" in server.get("/fr/")[2]
    write(server.root, "content/fr/nouvelle.md", "---\ntitle: Nouvelle\ndescription: Une page.\n---\nBonjour.\n")
    while server.get("/fr/nouvelle/")[0] != 200:
        assert time.monotonic() < deadline, server.log.getvalue()
        time.sleep(0.05)
    empty.unlink()
    assert "Traceback" not in server.log.getvalue()


# --- stylesheets -------------------------------------------------------------------------------

def stylesheet(preview: Preview) -> str:
    return next(out for out in preview.copies if out.endswith(".css"))


def test_a_stylesheet_change_alone_restyles_open_pages(site):
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    first = stylesheet(preview)
    css = write(site, "static/css/site.css", "body { color: navy }\n")
    outcome = preview.rebuild([css])
    second = stylesheet(preview)
    assert outcome.reload and outcome.stylesheets == [first] and second != first
    assert first in outcome.changed and "fr/index.html" in outcome.changed  # pages link to the new name
    assert preview.has(first) and preview.read(first) == b"body { color: navy }\n"  # what open pages refetch
    write(site, "static/css/site.css", "body { color: teal }\n")
    assert preview.rebuild([css]).stylesheets == [second]
    assert preview.read(first) == preview.read(second) == b"body { color: teal }\n"
    assert not preview.has("css/site.0123456789.css")


@pytest.mark.parametrize("other", ["template", "title", "strings"])
def test_a_stylesheet_change_with_another_reloads_pages(site, other):
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    changed = EDITS["stylesheet"](site) + EDITS[other](site)
    outcome = preview.rebuild(changed)
    assert outcome.reload and outcome.stylesheets == []


def test_a_stylesheet_change_after_a_failed_build_reloads_pages(site):
    preview = Preview(site, OPTIONS)
    preview.rebuild()
    page = edit(site, *("content/fr/accord.md", *BROKEN_TITLE))
    assert preview.rebuild([page]).failed
    edit(site, "content/fr/accord.md", BROKEN_TITLE[1], BROKEN_TITLE[0])
    outcome = preview.rebuild([page] + EDITS["stylesheet"](site))
    assert outcome.reload and outcome.stylesheets == []  # open pages show the problems page


def test_the_reload_message_names_the_stylesheet(server):
    server.wait_until_watching()
    old = stylesheet(server.preview)
    messages = asyncio.run(_reload_messages(server.url, 1, lambda: EDITS["stylesheet"](server.root)))
    assert messages == [{"command": "reload", "path": "/" + old, "liveCSS": True, "liveImg": False}]


# --- requests that try to leave the built site -------------------------------------------------

TRAVERSALS = ["/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt",
              "/%252e%252e%252fsecret.txt", "/..\\secret.txt", "/..%5csecret.txt", "/%5c..%5csecret.txt",
              "/css/../../secret.txt", "/fr/../../secret.txt", "//secret.txt", "/./../secret.txt",
              "/..%c0%afsecret.txt", "/%2e%2e/%2e%2e/outside.txt", "/_translations/../../secret.txt",
              "/livereload.js/../../secret.txt", "/static/../secret.txt", "/site.yaml", "/content/fr/accord.md"]


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """A request sent as written: a browser or urllib would first resolve the dots."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.putrequest("GET", target, skip_accept_encoding=True)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def test_no_request_reaches_a_file_outside_the_built_site(server):
    write(server.root, "secret.txt", "SECRET-IN-PROJECT")
    write(server.root.parent, "outside.txt", "SECRET-OUTSIDE")
    targets = TRAVERSALS + ["/" + str(server.root / "secret.txt"), "/" + str(server.root.parent / "outside.txt"),
                            "/%2F" + str(server.root / "secret.txt").lstrip("/").replace("/", "%2F")]
    for target in targets:
        status, body = raw_get(server.port, target)
        assert b"SECRET" not in body and b"Site d'essai\n" not in body, target
        assert status in (400, 404), (target, status)
