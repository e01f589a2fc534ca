"""Shared helpers: a fresh copy of the fixture site per test, and running build.py in-process."""
from __future__ import annotations

import asyncio
import io
import os
import shutil
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from sitegen import cli, messages, pipeline
from sitegen.errors import Diagnostics
from sitegen.preview import server as devserver
from sitegen.preview.serve import Preview
from sitegen.report import Reporter

FIXTURE = Path(__file__).parent / "fixture_site"
PROJECT = Path(__file__).parent.parent
REAL_SOURCES = ("content", "templates", "static", "seeds", "site.yaml")


@pytest.fixture(autouse=True)
def english(monkeypatch):
    """Tests read the messages in English unless they choose otherwise: the locale says English to
    the commands (and the processes they start), and the stages called directly speak it too."""
    for name in messages.LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.setattr(messages, "current", "en")


@pytest.fixture
def site(tmp_path) -> Path:
    """A writable copy of tests/fixture_site."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    return root


@pytest.fixture
def real_site(tmp_path) -> Path:
    """A writable copy of the real site's sources (its templates carry the Content-Security-Policy)."""
    root = tmp_path / "project"
    for name in REAL_SOURCES:
        (shutil.copytree if (PROJECT / name).is_dir() else shutil.copy)(PROJECT / name, root / name)
    return root


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(capsys, root: Path, *args: str):
    """(exit status, what was printed) of `build.py --root ROOT ARGS…`."""
    code = cli.main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def diag(tmp_path) -> Diagnostics:
    return Diagnostics(tmp_path)


class PreviewServer:
    """`build.py serve` in a thread, on a free port, with its output captured."""

    def __init__(self, root: Path, drafts: bool = False):
        sockets = devserver.listen("127.0.0.1", 0)
        self.port = sockets[0].getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.root = root
        self.preview = Preview(root, pipeline.Options(base_url=self.url, drafts=drafts))
        self.preview.rebuild()
        self.log = io.StringIO()
        started = threading.Event()

        def ready(hub):
            self.hub = hub
            started.set()

        async def serve():
            self.loop, self.task = asyncio.get_running_loop(), asyncio.current_task()
            await devserver.main(self.preview, sockets, Reporter(self.log, color=False), ready)

        def target():
            try:
                asyncio.run(serve())
            except asyncio.CancelledError:
                pass

        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()
        assert started.wait(10), "the server did not start"

    def wait_until_watching(self, timeout: float = 10) -> None:
        """The watcher starts a moment after the server: touch a source until a rebuild is seen."""
        probe = self.root / "content/fr/index.md"
        deadline = time.monotonic() + timeout
        changed = messages.text("preview.changed", files="content/fr/index.md")  # in the preview's language
        while changed not in self.log.getvalue():
            assert time.monotonic() < deadline, "the watcher never reported a change"
            os.utime(probe)
            time.sleep(0.1)

    def get(self, path: str, method: str = "GET"):
        request = urllib.request.Request(self.url.rstrip("/") + path, method=method)
        opener = urllib.request.build_opener(NoRedirect)
        try:
            with opener.open(request, timeout=5) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as exc:
            return exc.code, dict(exc.headers), exc.read()

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.task.cancel)
        self.thread.join(10)
        assert not self.thread.is_alive()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
