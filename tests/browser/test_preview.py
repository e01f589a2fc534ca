"""The live preview in Chromium, on a copy of the real site (with its Content-Security-Policy): a
save shows in the open page by itself, a broken file shows its problem, and the fix brings the
page back, all without a console error (a CSP refusal would be one)."""
from __future__ import annotations

import shutil
import time

import pytest

from conftest import PreviewServer

from .conftest import PROJECT

pytestmark = pytest.mark.browser

SOURCES = ("content", "templates", "static", "seeds", "site.yaml")


@pytest.fixture
def preview(tmp_path):
    root = tmp_path / "project"
    for name in SOURCES:
        (shutil.copytree if (PROJECT / name).is_dir() else shutil.copy)(PROJECT / name, root / name)
    running = PreviewServer(root)
    running.wait_until_watching()
    yield running
    running.stop()


def wait_until(condition, timeout: float = 5) -> float:
    """Seconds until condition() held. (Playwright's wait_for_function evaluates a string, which
    the site's CSP forbids, as it should.)"""
    start = time.perf_counter()
    while not condition():
        assert time.perf_counter() - start < timeout, "timed out"
        time.sleep(0.01)
    return time.perf_counter() - start


def test_a_save_shows_in_the_open_page(browser, preview):
    page_file = preview.root / "content/fr/accord.md"
    original = page_file.read_text(encoding="utf-8")
    title = next(line for line in original.splitlines() if line.startswith("title:"))
    context = browser.new_context()
    page = context.new_page()
    errors = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(preview.url + "fr/accord/")
        wait_until(lambda: preview.hub.sockets, timeout=10)  # livereload.js has connected

        page_file.write_text(original.replace(title, "title: Un titre tout neuf", 1), encoding="utf-8")
        seconds = wait_until(lambda: "Un titre tout neuf" in (page.text_content("h1") or ""))
        assert seconds < 2, f"{seconds:.2f} s from the save to the new title on screen"

        page_file.write_text(original.replace(title, "titel: oops", 1), encoding="utf-8")
        wait_until(lambda: page.title().startswith("Build failed"))
        assert "content/fr/accord.md" in page.text_content("body")

        page_file.write_text(original, encoding="utf-8")
        wait_until(lambda: not page.title().startswith("Build failed"))
        assert page.text_content("h1").strip() == title.split(":", 1)[1].strip().strip("\"'")
        # The problems page answers 500, which Chromium reports in the console; nothing else may.
        assert [e for e in errors if "status of 500" not in e] == []
    finally:
        context.close()
