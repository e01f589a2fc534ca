"""The live preview's web server (see serve.py for the command, state.py for what it serves,
watch.py for the file watcher).

- Files are served from memory (Preview.read), at the site root as on GitHub Pages: a folder URL
  serves its index.html, a folder without its slash redirects, a missing path gets 404.html with
  status 404. Every response says `Cache-Control: no-store` (Fresh), so a reload shows the new build.
- /_translations/ shows the translation status table (translations.py) of the last build.
- Pages get livereload's client as an *external* script. livereload's own Server adds an inline
  script, which the site's Content-Security-Policy (script-src 'self') blocks.
- A WebSocket speaking the LiveReload protocol tells open pages to reload right after a rebuild that
  changed what they show. livereload's handler ignores changes within 3 s of the previous reload,
  which would leave a stale page after two quick saves; this one has no such delay. A page that was
  still loading during a reload (its socket not yet connected) missed it: the Hub numbers reloads and
  notes which one each page was served after, and reloads a page that connects late (Hub.connected).
- watch.py rebuilds on every save and calls Hub.reload when open pages must reload. When only
  stylesheets changed, pages are restyled without a reload: livereload.js fetches the stylesheet
  again under the (hashed) name the page loaded, which the preview answers with the new one.
- A URL is only ever looked up by name among the files the build made (Preview.has), never joined
  to a folder's path, so no request reaches a file outside the built site.
- Only requests addressed to the preview itself are answered (OwnHost): a web page that points its
  own domain name at 127.0.0.1 (DNS rebinding) could otherwise read the preview, drafts and
  translation table included, as if it were its own site.
"""
from __future__ import annotations

import asyncio
import errno
import html
import ipaddress
import json
import logging
import mimetypes
import signal
from pathlib import Path
from urllib.parse import unquote, urlsplit

import livereload
from tornado import httpserver, netutil, routing, web, websocket

from sitegen import messages
from sitegen.errors import ERROR, Diagnostic
from sitegen.excerpt import excerpt
from sitegen.preview.state import PORT_TRIES, Preview
from sitegen.preview.watch import watch
from sitegen.report import Reporter

CLIENT = Path(livereload.__file__).parent / "vendors" / "livereload.js"
CLIENT_URL = "/livereload.js"
TRANSLATIONS_URL = "/_translations/"  # the editors' translation table; never part of the built site
SCRIPT = f'<script src="{CLIENT_URL}" defer></script>'.encode()
PROTOCOL = "http://livereload.com/protocols/official-7"
FULL_RELOAD = {"command": "reload", "path": "*", "liveCSS": False, "liveImg": False}
TEXT_TYPES = ("text/", "application/javascript", "application/json", "application/xml", "image/svg+xml")


def listen(host: str, port: int) -> list:
    """Sockets bound to `port`, or to the first free one of the next ports when it is busy (0 picks
    any free port). Raises OSError (all busy, unknown address) before anything is built."""
    last = min(port + PORT_TRIES - 1, 65535) if port else 0
    candidate = port
    while True:
        try:
            return netutil.bind_sockets(candidate, host)
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE or candidate >= last:
                raise
        candidate += 1


def resolve(preview: Preview, url_path: str) -> tuple[int, str]:
    """(200, output) for a file, (301, path to redirect to) for a folder without its final slash,
    (404, "404.html") otherwise."""
    rel = unquote(url_path).lstrip("/")
    output = rel + "index.html" if rel == "" or rel.endswith("/") else rel
    if preview.has(output):
        return 200, output
    if preview.has(rel + "/index.html"):
        return 301, "/" + rel + "/"
    return 404, "404.html"


def inject(page: bytes) -> bytes:
    head = page.find(b"</head>")
    return page[:head] + SCRIPT + page[head:] if head >= 0 else page + SCRIPT


def problems_page(preview: Preview) -> bytes:
    """What every page shows while the site cannot be built: each problem with its file and line, the
    lines around it and the hint. Not a page of the site: it carries no Content-Security-Policy, so
    its own small inline style applies."""
    items = "".join(_problem(preview.root, d) for d in preview.problems)
    errors = sum(d.level == ERROR for d in preview.problems)
    return (
        f'<!doctype html><html lang="{messages.current}"><head><meta charset="utf-8"><title>{said("title")}</title>'
        "<style>body{font:16px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "li{margin:.6rem 0}.error strong{color:#b00020}.warning strong{color:#8a5a00}"
        ".hint{color:#444;margin-left:1.5rem;white-space:pre-wrap}code{font-size:.95em}"
        "pre{background:#f4f4f4;padding:.5rem .75rem;overflow-x:auto;line-height:1.35}"
        "mark{display:inline-block;min-width:100%;background:#fde2e2;color:inherit;font-weight:bold}</style></head>"
        f"<body><h1>{said('heading', errors=messages.count('error', errors))}</h1>"
        f"<ul>{items}</ul><p>{said('then')}</p></body></html>"
    ).encode()


def said(part: str, **params) -> str:
    """A part of the problems page's words, escaped for HTML."""
    return html.escape(messages.text("preview.problems", part, **params))


def _problem(root: Path, d: Diagnostic) -> str:
    lines = "\n".join(
        f"<mark>{number:>5} | {html.escape(text)}</mark>" if number == d.line else f"{number:>5} | {html.escape(text)}"
        for number, text in excerpt(root, d.file, d.line))
    return (
        f'<li class="{d.level}"><code>{html.escape(d.file or messages.text("report.site"))}{f":{d.line}" if d.line else ""}</code> '
        f"<strong>{html.escape(messages.text('report.level', d.level))}</strong>: {html.escape(d.message)}"
        + (f'<div class="hint">→ {html.escape(d.hint)}</div>' if d.hint else "")
        + (f'<pre class="excerpt"><code>{lines}</code></pre>' if lines else "") + "</li>")


class Fresh(web.RequestHandler):
    """Every answer of the preview: never cached, so a reload always shows the new build."""

    def set_default_headers(self):
        self.set_header("Cache-Control", "no-store")


class OwnHost(routing.Matcher):
    """Requests whose Host names the preview itself: localhost, an IP address (what --host 0.0.0.0
    is opened at from another device; a page sent from an address is that server's own) or the
    name given to --host. A rebinding page sends its own domain name. The port is not compared:
    rebinding needs a name, and a forwarded port (ssh -L, a container) differs from ours."""

    def __init__(self, url: str | None):
        self.names = {"localhost", urlsplit(url or "").hostname or "localhost"}

    def match(self, request):
        name = request.host_name.strip("[]")  # the port is already cut off
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return {} if name in self.names else None
        return {}


class Misdirected(Fresh):
    """The answer to a request for another host, whatever its method, a websocket's included."""

    def initialize(self, url: str | None):
        self.url = url

    def prepare(self):
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(messages.text("preview.misdirected", "address" if self.url else "no_url", url=self.url) + "\n")


class Files(Fresh):
    def initialize(self, preview: Preview, hub: Hub):
        self.preview = preview
        self.hub = hub

    def head(self, path: str):
        self.get(path, include_body=False)

    def get(self, path: str, include_body: bool = True):
        status, output = resolve(self.preview, self.request.path)
        if status == 301:
            query = self.request.query
            return self.redirect(output + (f"?{query}" if query else ""), permanent=True)
        kind = mimetypes.guess_type(output)[0] or "application/octet-stream"
        body = self.preview.read(output)
        if kind == "text/html" and self.preview.problems:
            status, body = 500, problems_page(self.preview)
        elif body is None:
            status, kind, body = 404, "text/plain", messages.text("preview.not_found").encode()
        if kind == "text/html":
            body = inject(body)
            self.hub.served(self.request.path)
        self.set_status(status)
        self.set_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith(TEXT_TYPES) else ""))
        self.set_header("Content-Length", len(body))
        if include_body:
            self.write(body)


class Translations(Fresh):
    def initialize(self, preview: Preview):
        self.preview = preview

    def get(self):
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.write(inject(self.preview.translation_table().encode()))


class Client(Fresh):
    def initialize(self, script: bytes):
        self.script = script

    def get(self):
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.write(self.script)


class Hub:
    """The open pages, each connected by a ReloadSocket."""

    def __init__(self):
        self.sockets: set = set()
        self.reloads = 0  # how many reloads were sent
        self.pages: dict[str, int] = {}  # URL path of a page -> reloads sent before it was last served

    def served(self, path: str) -> None:
        self.pages[path] = self.reloads

    def connected(self, socket, url: str) -> None:
        """A page's socket says which page it is on: reload it if a reload was sent since that page was
        served, which it missed while it loaded."""
        if self.pages.get(urlsplit(url).path, self.reloads) < self.reloads:
            self._send(socket, FULL_RELOAD)

    def reload(self, stylesheets=()) -> None:
        """Reloads open pages, or only restyles them when given the paths of the stylesheets they link
        to: livereload.js then fetches each again (the same URL plus a query) and swaps it in place."""
        self.reloads += 1
        messages = [{"command": "reload", "path": "/" + path, "liveCSS": True, "liveImg": False} for path in stylesheets]
        for message in messages or [FULL_RELOAD]:
            for socket in list(self.sockets):
                self._send(socket, message)

    def _send(self, socket, message: dict) -> None:
        try:
            socket.write_message(message)
        except websocket.WebSocketClosedError:
            self.sockets.discard(socket)

    def close(self) -> None:
        for socket in list(self.sockets):
            socket.close()
        self.sockets.clear()


class ReloadSocket(websocket.WebSocketHandler):
    def initialize(self, hub: Hub):
        self.hub = hub

    def on_message(self, message):
        try:
            message = json.loads(message)
            command = message.get("command")
        except (ValueError, AttributeError):
            return
        if command == "hello":
            self.write_message({"command": "hello", "protocols": [PROTOCOL], "serverName": "sitegen"})
            self.hub.sockets.add(self)
        elif command == "info" and self in self.hub.sockets:
            self.hub.connected(self, str(message.get("url", "")))

    def on_close(self):
        self.hub.sockets.discard(self)


def application(preview: Preview, hub: Hub) -> web.Application:
    url = preview.options.base_url  # the preview's own address, as the command printed it
    return web.Application([
        routing.Rule(OwnHost(url), [
            (r"/livereload", ReloadSocket, {"hub": hub}),
            (CLIENT_URL, Client, {"script": CLIENT.read_bytes()}),
            (TRANSLATIONS_URL, Translations, {"preview": preview}),
            (TRANSLATIONS_URL.rstrip("/"), web.RedirectHandler, {"url": TRANSLATIONS_URL}),
            (r"/(.*)", Files, {"preview": preview, "hub": hub}),
        ]),
        (r".*", Misdirected, {"url": url}),
    ])


async def main(preview: Preview, sockets: list, reporter: Reporter, started=None) -> None:
    """Serves until cancelled. `started`, if given, is called with the Hub once the server accepts
    requests."""
    hub = Hub()
    server = httpserver.HTTPServer(application(preview, hub))
    server.add_sockets(sockets)
    if started:
        started(hub)
    # Ctrl+C through the loop: asyncio.run's own handler runs only when the main thread runs
    # Python, and a signal the kernel gave another thread (the file watcher's) left it asleep in
    # select() until some timer woke it, seconds later or never; the loop's handler wakes it at
    # once through its self-pipe.
    try:
        asyncio.get_running_loop().add_signal_handler(signal.SIGINT, asyncio.current_task().cancel)
    except (NotImplementedError, RuntimeError, ValueError):  # Windows; a loop outside the main thread
        pass
    try:
        await watch(preview, reporter, hub.reload)
    finally:
        server.stop()
        hub.close()
        await server.close_all_connections()


def run(preview: Preview, sockets: list, reporter: Reporter) -> None:
    logging.getLogger("tornado.access").disabled = True  # the terminal is for the site's problems
    try:
        asyncio.run(main(preview, sockets, reporter))
    except asyncio.CancelledError:  # Ctrl+C, as main's signal handler delivers it
        pass
