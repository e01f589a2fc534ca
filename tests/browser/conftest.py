"""Shared fixtures for the tests that look at the built site as GitHub Pages serves it: the real
site built once into a temporary folder, served under a project subpath (/<repo>/) with 404.html
for missing paths, and one Chromium (Debian's, driven by Playwright) for the whole session."""
from __future__ import annotations

import os
import posixpath
import shutil
import threading
from dataclasses import dataclass, field
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from sitegen import cli

PROJECT = Path(__file__).resolve().parents[2]
REPO = "ia-defense-souveraine"  # the subpath a GitHub Pages project site lives under
CHROMIUM = "/usr/bin/chromium"
# Without the networking flags Chromium keeps trying to reach Google's services.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
NODE_MODULES = PROJECT / "node_modules"


def require(ok: bool, what: str) -> None:
    """A missing tool skips the test on a developer's machine but fails it in CI, so CI can
    never pass by silently skipping the checks it exists to run."""
    if ok:
        return
    message = f"{what} is missing: run ./scripts/test, which installs it"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


class PagesHandler(SimpleHTTPRequestHandler):
    """Serves the folder at /<repo>/ the way GitHub Pages does: a folder answers with its
    index.html, a folder without its trailing slash is redirected, anything else that is
    missing (or outside the subpath) gets 404.html with status 404."""

    prefix = f"/{REPO}/"

    def send_head(self):
        path = urlsplit(self.path).path
        if path + "/" == self.prefix:
            return self._redirect(self.prefix)
        if not path.startswith(self.prefix):
            return self._not_found()
        rel = posixpath.normpath(unquote(path[len(self.prefix):]) or ".")
        if rel.startswith(("..", "/")):
            return self._not_found()
        target = Path(self.directory, rel)
        if target.is_dir():
            if not path.endswith("/"):
                return self._redirect(path + "/")
            target = target / "index.html"
        if not target.is_file():
            return self._not_found()
        return self._file(target, HTTPStatus.OK)

    def _file(self, target: Path, status: HTTPStatus):
        data = target.open("rb")
        self.send_response(status)
        self.send_header("Content-Type", self.guess_type(str(target)))
        self.send_header("Content-Length", str(os.fstat(data.fileno()).st_size))
        self.end_headers()
        return data

    def _not_found(self):
        return self._file(Path(self.directory, "404.html"), HTTPStatus.NOT_FOUND)

    def _redirect(self, location: str):
        self.send_response(HTTPStatus.MOVED_PERMANENTLY)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
        return None

    def log_message(self, format, *args):  # keep the test output readable
        pass


@dataclass
class Served:
    root: Path  # the built site
    url: str  # http://127.0.0.1:<port>/<repo>/, also the base URL the site was built with
    origin: str = field(init=False)

    def __post_init__(self):
        parts = urlsplit(self.url)
        self.origin = f"{parts.scheme}://{parts.netloc}"

    def url_of(self, rel: str) -> str:
        """The address a built file is served at (folders by their trailing slash)."""
        return self.url + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)


# A section in both languages (with a translated slug, two pages and a subsection), added to a
# copy of the real site, which is flat: so that every check below meets a section page, the
# pages in a section and their navigation too.
SECTION = {
    "fr/exemple/index.md": "---\ntitle: Une rubrique d'exemple\ndescription: Une rubrique pour les tests.\norder: 20\n---\n"
                           "L'introduction de la rubrique.\n",
    "fr/exemple/premiere.md": "---\ntitle: Première page\ndescription: La première page.\norder: 1\n---\nTexte.\n",
    "fr/exemple/seconde.md": "---\ntitle: Seconde page\ndescription: La seconde page.\norder: 2\n---\nTexte.\n",
    "fr/exemple/sous/index.md": "---\ntitle: Une sous-rubrique\ndescription: Plus bas.\norder: 3\n---\nSous.\n",
    "fr/exemple/sous/page.md": "---\ntitle: Page profonde\ndescription: Tout en bas.\n---\nTexte.\n",
    "en/exemple/index.md": "---\ntitle: A sample section\ndescription: A section for the tests.\norder: 20\n"
                           "slug: sample\n---\nThe section's introduction.\n",
    "en/exemple/premiere.md": "---\ntitle: First page\ndescription: The first page.\norder: 1\nslug: first\n---\nText.\n",
    "en/exemple/seconde.md": "---\ntitle: Second page\ndescription: The second page.\norder: 2\nslug: second\n---\nText.\n",
    "en/exemple/sous/index.md": "---\ntitle: A subsection\ndescription: Further down.\norder: 3\nslug: sub\n---\nSub.\n",
    "en/exemple/sous/page.md": "---\ntitle: Deep page\ndescription: At the bottom.\n---\nText.\n",
}


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The real site with a section added, built once with the address it is served at, as on GitHub Pages."""
    sources = tmp_path_factory.mktemp("sources")
    for name in ("site.yaml", "content", "templates", "static", "seeds"):
        (shutil.copytree if (PROJECT / name).is_dir() else shutil.copy)(PROJECT / name, sources / name)
    for rel, text in SECTION.items():
        (sources / "content" / rel).parent.mkdir(parents=True, exist_ok=True)
        (sources / "content" / rel).write_text(text, encoding="utf-8")
    root = tmp_path_factory.mktemp("pages") / "_site"
    server = ThreadingHTTPServer(("127.0.0.1", 0), lambda *a: PagesHandler(*a, directory=str(root)))
    url = f"http://127.0.0.1:{server.server_address[1]}/{REPO}/"
    assert cli.main(["--root", str(sources), "build", "--out", str(root), "--base-url", url, "--quiet"]) == 0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Served(root, url)
    server.shutdown()
    server.server_close()


# Package scope: Playwright's sync API keeps an asyncio loop running in the main thread, which
# would break asyncio.run() in the tests that come after this folder.
@pytest.fixture(scope="package")
def browser():
    require(Path(CHROMIUM).is_file(), CHROMIUM)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """One page object reused by every test, with what it saw since the last `forget()`."""
    page: object
    offsite: list = field(default_factory=list)  # requests to any host but the site's
    errors: list = field(default_factory=list)  # console errors and uncaught exceptions
    responses: list = field(default_factory=list)  # (url, status) of every response

    def forget(self) -> None:
        self.offsite.clear()
        self.errors.clear()
        self.responses.clear()


@pytest.fixture(scope="package")
def tab(browser, served_site):
    # A reader whose language the site does not offer, so the root page stays the language chooser.
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="de-DE")
    page = context.new_page()
    tab = Tab(page)

    def route(route):
        if route.request.url.startswith(served_site.origin + "/"):
            route.continue_()
        else:  # recorded and refused: the site must never reach another host
            tab.offsite.append((page.url, route.request.url))
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: m.type == "error" and tab.errors.append((page.url, m.text)))
    page.on("pageerror", lambda e: tab.errors.append((page.url, str(e))))
    page.on("response", lambda r: tab.responses.append((r.url, r.status)))
    yield tab
    context.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    """axe-core's rules, installed by `npm ci` (see package.json)."""
    path = NODE_MODULES / "axe-core" / "axe.min.js"
    require(path.is_file(), "node_modules/axe-core")
    return path


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    """The Nu Html Checker: vnu-jar from npm, run with the system's Java."""
    jar = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
    require(jar.is_file(), "node_modules/vnu-jar")
    java = shutil.which("java")
    require(java is not None, "java")
    return [java, "-jar", str(jar)]
