"""The live preview in Chromium, on a copy of the real site (with its Content-Security-Policy): a
save shows in the open page by itself, a broken file shows its problem with the lines around it,
the fix brings the page back, and a stylesheet change restyles the page without reloading it, all
without a console error (a CSP refusal would be one)."""
from __future__ import annotations

import time

import pytest
from conftest import PreviewServer
from playwright.sync_api import Error as PlaywrightError

from sitegen import messages

pytestmark = pytest.mark.browser


@pytest.fixture(params=["en"])
def preview(request, real_site, monkeypatch):
    """The preview, speaking the language `build.py serve` chose (English unless a test says)."""
    monkeypatch.setattr(messages, "current", request.param)
    running = PreviewServer(real_site)
    running.wait_until_watching()
    yield running
    running.stop()


@pytest.fixture
def page(browser, preview):
    """A tab on the preview; its console errors are checked at the end."""
    context = browser.new_context()
    tab = context.new_page()
    tab.console_errors = []
    tab.on("console", lambda m: m.type == "error" and tab.console_errors.append(m.text))
    tab.on("pageerror", lambda e: tab.console_errors.append(str(e)))
    yield tab
    context.close()


def wait_until(condition, timeout: float = 5) -> None:
    """Waits until condition() holds. (Playwright's wait_for_function evaluates a string, which the
    site's CSP forbids, as it should.) A page read while it reloads can fail: that is a 'not yet'."""
    deadline = time.perf_counter() + timeout
    while not _holds(condition):
        assert time.perf_counter() < deadline, "timed out"
        time.sleep(0.01)


def _holds(condition) -> bool:
    try:
        return bool(condition())
    except PlaywrightError:  # "Execution context was destroyed": the page is navigating
        return False


def open_page(page, preview, path: str) -> None:
    """Goes to path once the preview has gone quiet: a rebuild still on its way would reload the
    tab in the middle of the navigation ("interrupted by another navigation")."""
    settle(preview)
    page.goto(preview.url + path)
    wait_until(lambda: preview.hub.sockets, timeout=10)  # livereload.js has connected


def settle(preview, quiet: float = 0.5, timeout: float = 10) -> None:
    """Waits until the preview has printed nothing for `quiet` seconds: one save can reach the
    watcher as two events (the truncation, then the text), each a rebuild and a reload."""
    deadline = time.perf_counter() + timeout
    seen, since = preview.log.getvalue(), time.perf_counter()
    while time.perf_counter() - since < quiet:
        assert time.perf_counter() < deadline, "the preview never went quiet"
        time.sleep(0.05)
        if preview.log.getvalue() != seen:
            seen, since = preview.log.getvalue(), time.perf_counter()


def test_a_save_shows_in_the_open_page(page, preview):
    page_file = preview.root / "content/fr/accord.md"
    original = page_file.read_text(encoding="utf-8")
    title = next(line for line in original.splitlines() if line.startswith("title:"))
    title_line = original.splitlines().index(title) + 1
    open_page(page, preview, "fr/accord/")
    heading = page.text_content("h1")

    page_file.write_text(original.replace(title, "title: Un titre tout neuf", 1), encoding="utf-8")
    wait_until(lambda: "Un titre tout neuf" in (page.text_content("h1") or ""))  # bench/ measures how fast

    page_file.write_text(original.replace(title, "title: L'accord: <oops>", 1), encoding="utf-8")  # bad YAML
    wait_until(lambda: page.title().startswith("Build failed"))
    assert f"content/fr/accord.md:{title_line}" in page.text_content("body")
    # The failing line, highlighted among the lines around it.
    assert page.text_content("mark").split("|", 1) == [f"{title_line:>5} ", " title: L'accord: <oops>"]
    assert f"{title_line + 1:>5} | " in page.text_content("pre.excerpt")

    page_file.write_text(original, encoding="utf-8")
    wait_until(lambda: not page.title().startswith("Build failed"))
    assert page.text_content("h1") == heading
    # The problems page answers 500, which Chromium reports in the console; nothing else may.
    assert [e for e in page.console_errors if "status of 500" not in e] == []


def test_a_stylesheet_change_restyles_the_page_without_reloading_it(page, preview):
    stylesheet = preview.root / "static/css/site.css"
    open_page(page, preview, "en/")
    page.evaluate("window.__marker = 'still here'")
    loaded = page.eval_on_selector("link[rel=stylesheet]", "link => link.href")

    with stylesheet.open("a", encoding="utf-8") as css:
        css.write("\nhtml body { outline: 3px solid rgb(1, 2, 3) }\n")
    wait_until(lambda: page.evaluate("getComputedStyle(document.body).outlineColor") == "rgb(1, 2, 3)")
    assert page.evaluate("window.__marker") == "still here"  # the same document: not reloaded
    # livereload.js fetched the stylesheet again under the name the page loaded it by; it removes the
    # old <link> only a moment after the new one applies, so the page has one stylesheet link again.
    wait_until(lambda: page.eval_on_selector_all("link[rel=stylesheet]", "links => links.map((l) => l.href)")
               == [page.eval_on_selector("link[rel=stylesheet]", "link => link.href")])
    assert page.eval_on_selector("link[rel=stylesheet]", "link => link.href").startswith(loaded + "?livereload=")

    page.reload()  # a new visit gets the new hashed name
    assert page.eval_on_selector("link[rel=stylesheet]", "link => link.href") != loaded
    assert page.evaluate("getComputedStyle(document.body).outlineColor") == "rgb(1, 2, 3)"
    assert page.console_errors == []


@pytest.mark.parametrize("preview", ["fr"], indirect=True)
def test_the_problems_and_the_translations_are_shown_in_french(page, preview):
    page_file = preview.root / "content/fr/accord.md"
    original = page_file.read_text(encoding="utf-8")
    title = next(line for line in original.splitlines() if line.startswith("title:"))
    open_page(page, preview, "fr/accord/")
    page_file.write_text(original.replace(title, "title: L'accord: <oops>", 1), encoding="utf-8")
    wait_until(lambda: page.title().startswith("Échec de la construction"))
    assert page.get_attribute("html", "lang") == "fr"
    assert page.text_content("h1") == "Le site n'a pas pu être construit (1 erreur)"
    problem = page.text_content("li.error")
    assert "erreur: le YAML ne peut pas être lu ici" in problem and "→ vérifiez l'indentation" in problem
    assert "Corrigez les fichiers ci-dessus et enregistrez" in page.text_content("body")

    page_file.write_text(original, encoding="utf-8")
    wait_until(lambda: not page.title().startswith("Échec"))
    open_page(page, preview, "_translations/")
    assert page.text_content("h1") == "Traductions"
    assert [th.text_content() for th in page.query_selector_all("th")] == ["Page", "Langues", "État", "Sections modifiées"]
    assert "à jour" in page.text_content("tbody")
