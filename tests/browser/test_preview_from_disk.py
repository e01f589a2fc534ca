"""The pull-request preview (the checks workflow's artifact "site-preview") is the site as
`build.py build` makes it, unzipped on an editor's computer and opened from disk: its pages, their
stylesheet and the links between them must work at a file:// address, with no server."""
from __future__ import annotations

import pytest

from sitegen import cli

pytestmark = pytest.mark.browser


def test_a_page_opened_from_disk_is_styled_and_its_links_lead_to_pages(browser, tmp_path):
    site = tmp_path / "site-preview"
    assert cli.main(["build", "--out", str(site), "--quiet"]) == 0  # as the workflow builds it
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto((site / "fr" / "index.html").as_uri())
        assert page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet)")
        page.click("a[href='accord/index.html']")
        page.wait_for_load_state()
        assert page.url == (site / "fr" / "accord" / "index.html").as_uri()
        assert page.locator("h1").inner_text().strip()
        page.click("a[hreflang='en']")  # the language switcher, from one folder deeper
        page.wait_for_load_state()
        assert page.url.startswith((site / "en").as_uri() + "/") and page.url.endswith("/index.html")
        assert page.evaluate("[...document.querySelectorAll('link[rel=stylesheet]')].every(l => l.sheet)")
    finally:
        context.close()
