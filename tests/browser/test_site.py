"""The published site as a browser sees it under a project subpath (/<repo>/ on GitHub Pages):
a crawl from the root with Chromium, then checks on what it found (links, resources, language
switchers, hreflang, sitemap, requests), and axe-core on every page at phone and desktop widths."""
from __future__ import annotations

import gzip
import http.client
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import urldefrag, urlsplit

import pytest

pytestmark = pytest.mark.browser

WIDTHS = {"phone": 390, "desktop": 1280}
MISSING = "no/such/page/at/depth/"  # GitHub Pages answers with 404.html at any depth
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# What a crawler needs from one page, read from the DOM (URLs already resolved by the browser).
COLLECT = """() => {
  const abs = (u) => new URL(u, document.baseURI).href;
  const srcset = [...document.querySelectorAll('[srcset]')].flatMap((e) =>
    e.getAttribute('srcset').split(',').map((c) => c.trim().split(/\\s+/)[0]).filter(Boolean).map(abs));
  const byLang = (selector) => {
    const out = {};
    for (const e of document.querySelectorAll(selector)) (out[e.hreflang] ||= []).push(e.href);
    return out;
  };
  return {
    url: document.URL.split('#')[0],
    lang: document.documentElement.lang,
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
    resources: [...document.querySelectorAll('link[href]')].map((l) => l.href)
      .concat([...document.querySelectorAll('[src]')].map((e) => e.src), srcset),
    ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    canonical: document.querySelector('link[rel=canonical]')?.href ?? null,
    alternates: byLang('link[rel=alternate][hreflang]'),
    language_links: byLang('a.lang-switch[hreflang]'),  // not the hreflang of a cited source's link
  };
}"""

AXE_RUN = """(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})
  .then((r) => ({passes: r.passes.length, violations: r.violations.map((v) => ({id: v.id, impact: v.impact,
    help: v.help, targets: v.nodes.map((n) => n.target.join(' ')).slice(0, 5)}))}))"""


def page_key(url: str) -> str:
    """One name per page, whether a link ends with / or /index.html."""
    url = urldefrag(url)[0]
    return url[: -len("index.html")] if url.endswith("/index.html") else url


@dataclass
class Crawl:
    pages: dict = field(default_factory=dict)  # page_key → what COLLECT returned, plus its status
    not_found: dict = field(default_factory=dict)  # the same for the 404 page
    offsite: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    failed: list = field(default_factory=list)  # (url, status) of responses the browser got >= 400


@pytest.fixture(scope="module")
def crawl(tab, served_site) -> Crawl:
    """Every page reachable from the root by following links inside the subpath, visited once."""
    tab.forget()
    tab.page.set_viewport_size({"width": WIDTHS["desktop"], "height": 800})
    result = Crawl()
    queue = [served_site.url]
    while queue:
        key = page_key(queue.pop(0))
        if key in result.pages:
            continue
        response = tab.page.goto(key)
        result.pages[key] = {**tab.page.evaluate(COLLECT), "status": response.status}
        for link in result.pages[key]["links"]:
            target = page_key(link)
            if target.startswith(served_site.url) and target.endswith("/") and target not in result.pages:
                queue.append(target)
    missing = served_site.url + MISSING
    response = tab.page.goto(missing)
    result.not_found = {**tab.page.evaluate(COLLECT), "status": response.status}
    result.offsite = list(tab.offsite)
    # The 404 status of the missing page itself is expected; any other error is not.
    result.errors = [(url, text) for url, text in tab.errors if not (url == missing and "404" in text)]
    result.failed = [(url, status) for url, status in tab.responses if status >= 400 and url != missing]
    return result


def status_of(url: str) -> int:
    """The status the server gives, without following redirects (a link must be exact)."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    try:
        connection.request("GET", parts.path or "/")
        return connection.getresponse().status
    finally:
        connection.close()


def all_visits(crawl: Crawl) -> dict:
    return {**crawl.pages, "404 page": crawl.not_found}


def test_every_internal_link_and_resource_answers_200(crawl, served_site):
    targets: dict = {}
    for page, data in all_visits(crawl).items():
        for url in data["links"] + data["resources"]:
            if url.startswith(served_site.origin + "/") and urldefrag(url)[0] != data["url"]:
                targets.setdefault(urldefrag(url)[0], page)
    broken = [f"{url} → {status} (linked from {targets[url]})"
              for url in sorted(targets) if (status := status_of(url)) != 200]
    broken += [f"{url} → {status} (requested by the browser)" for url, status in crawl.failed]
    assert not broken, "\n".join(broken)


def test_no_link_escapes_the_subpath(crawl, served_site):
    escaping = sorted({f"{url} (on {page})" for page, data in all_visits(crawl).items()
                       for url in data["links"] + data["resources"]
                       if url.startswith(served_site.origin + "/") and not url.startswith(served_site.url)})
    assert not escaping, "root-absolute links break under /<repo>/:\n" + "\n".join(escaping)


def test_fragments_point_at_existing_ids(crawl):
    missing = sorted({f"{url} (on {page})" for page, data in crawl.pages.items() for url in data["links"]
                      if (frag := urldefrag(url)[1]) and page_key(url) in crawl.pages
                      and frag not in crawl.pages[page_key(url)]["ids"]})
    assert not missing, "\n".join(missing)


def test_every_page_is_reachable_from_the_root(crawl, served_site):
    built = {served_site.url_of(p.relative_to(served_site.root).as_posix())
             for p in served_site.root.rglob("*.html") if p.name != "404.html"}
    assert sorted(built - crawl.pages.keys()) == []
    assert all(data["status"] == 200 for data in crawl.pages.values())


def test_the_server_answers_like_github_pages(served_site):
    assert status_of(served_site.url + "fr/index.html") == 200
    assert status_of(served_site.url.rstrip("/")) == 301  # a folder without its slash is redirected
    assert status_of(served_site.url + "fr") == 301
    for outside in ("../conftest.py", "%2e%2e/%2e%2e/etc/passwd", "fr/../../../etc/passwd"):
        assert status_of(served_site.url + outside) == 404, outside
    assert status_of(served_site.origin + "/css/") == 404  # nothing outside the subpath


def test_missing_paths_get_the_404_page_with_working_links(crawl, served_site):
    assert crawl.not_found["status"] == 404
    homes = {page_key(url) for url in crawl.not_found["links"]}
    assert {served_site.url + "fr/", served_site.url + "en/"} <= homes


def test_root_page_leads_to_both_languages(crawl, served_site):
    root = crawl.pages[served_site.url]
    reached = {crawl.pages[page_key(u)]["lang"] for u in root["links"] if page_key(u) in crawl.pages}
    assert {"fr", "en"} <= reached
    for lang in ("fr", "en"):
        assert page_key(root["alternates"][lang][0]) in {page_key(u) for u in root["links"]}


@pytest.mark.parametrize("locale", ["fr-FR", "en-GB"])
def test_root_page_sends_readers_to_their_language(browser, served_site, locale):
    context = browser.new_context(locale=locale)
    try:
        page = context.new_page()
        page.goto(served_site.url)
        page.wait_for_url(f"{served_site.url}{locale[:2]}/**")
        assert page.evaluate("document.documentElement.lang") == locale[:2]
    finally:
        context.close()


def test_language_switcher_leads_to_the_counterpart_page(crawl, served_site):
    problems = []
    for page, data in crawl.pages.items():
        if page == served_site.url:
            continue  # the root is the language chooser, checked above
        for lang in {"fr", "en"} - {data["lang"]}:
            links = data["language_links"].get(lang, [])
            counterpart = data["alternates"].get(lang)
            if not links:
                problems.append(f"{page}: no link to the {lang} version")
            for link in links:
                target = crawl.pages.get(page_key(link))
                if counterpart and page_key(link) != page_key(counterpart[0]):
                    problems.append(f"{page}: the {lang} link goes to {link}, not to {counterpart[0]}")
                elif target is None or target["lang"] != lang:
                    problems.append(f"{page}: the {lang} link {link} does not lead to a {lang} page")
    assert not problems, "\n".join(problems)


def test_hreflang_links_are_reciprocal(crawl, served_site):
    problems = []
    for page, data in crawl.pages.items():
        alternates = {lang: page_key(urls[0]) for lang, urls in data["alternates"].items()}
        # The root chooser is the x-default of the home pages: it points at them, not at itself by language.
        self_lang = "x-default" if page == served_site.url else data["lang"]
        if alternates.get(self_lang) != page or page_key(data["canonical"] or "") != page:
            problems.append(f"{page}: its canonical and its own hreflang ({self_lang}) are not itself")
        if "x-default" not in alternates:
            problems.append(f"{page}: no x-default")
        for lang, url in alternates.items():
            other = crawl.pages.get(url)
            if other is None:
                problems.append(f"{page}: hreflang {lang} → {url}, which is not a page of the site")
            elif lang not in ("x-default", self_lang) and (other["lang"] != lang or page_key(
                    other["alternates"].get(self_lang, [""])[0]) != page):
                problems.append(f"{page}: hreflang {lang} → {url}, which is not in {lang} or does not point back")
    assert not problems, "\n".join(problems)


def test_sitemap_lists_every_page_with_its_alternates(crawl, served_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    tree = ET.parse(served_site.root / "sitemap.xml")
    listed = {}
    for url in tree.getroot().findall("s:url", ns):
        links = url.findall("x:link[@rel='alternate']", ns)
        listed[url.findtext("s:loc", namespaces=ns)] = {link.get("hreflang"): link.get("href") for link in links}
    expected = {}
    for page, data in crawl.pages.items():
        expected[data["canonical"]] = {lang: urls[0] for lang, urls in data["alternates"].items()}
    assert sorted(expected.keys() - listed.keys()) == [], "pages missing from sitemap.xml"
    assert sorted(listed.keys() - expected.keys()) == [], "sitemap.xml lists addresses that are not pages"
    assert {loc: alts for loc, alts in listed.items()} == {loc: expected[loc] for loc in listed}


def test_no_request_leaves_the_site(crawl):
    assert crawl.offsite == []


def test_no_console_errors(crawl):
    """Also catches what the page's Content-Security-Policy blocks (it never reaches the network)."""
    assert crawl.errors == []


@pytest.mark.parametrize("scheme", ["light", "dark"])  # the stylesheet has both (prefers-color-scheme)
@pytest.mark.parametrize("width", WIDTHS.values(), ids=WIDTHS.keys())
def test_axe_finds_no_wcag_a_or_aa_violation(crawl, tab, served_site, axe_script, width, scheme):
    source = axe_script.read_text(encoding="utf-8")
    tab.page.set_viewport_size({"width": width, "height": 800})
    tab.page.emulate_media(color_scheme=scheme)
    found = []
    for url in [*crawl.pages, served_site.url + MISSING]:
        tab.page.goto(url)
        tab.page.evaluate(source)  # DevTools evaluation is not subject to the page's CSP
        result = tab.page.evaluate(AXE_RUN, AXE_TAGS)
        assert result["passes"] > 0, f"axe ran no rule on {url}"
        found += [f"{url}: {v['id']} ({v['impact']}): {v['help']} at {', '.join(v['targets'])}"
                  for v in result["violations"]]
    assert not found, f"{len(found)} axe violations at {width}px, {scheme}:\n" + "\n".join(found)


PAGE_BUDGET = 60 * 1024  # bytes transferred on a first visit: the page and everything it loads


def test_every_page_is_light(crawl, served_site):
    """Each page with its stylesheets, scripts and images weighs under 60 KB as GitHub Pages sends
    it (gzip for text), with an empty browser cache."""
    def transferred(url: str) -> int:
        rel = urlsplit(url).path[len(urlsplit(served_site.url).path):]
        path = served_site.root / (rel + "index.html" if rel.endswith("/") or not rel else rel)
        data = path.read_bytes()
        return len(gzip.compress(data, 6)) if path.suffix in (".html", ".css", ".js", ".svg", ".xml") else len(data)

    weights = {key: transferred(key) + sum(transferred(r) for r in set(page["resources"]) if r.startswith(served_site.url))
               for key, page in crawl.pages.items()}
    assert {key: w for key, w in weights.items() if w >= PAGE_BUDGET} == {}
    assert max(weights.values()) > 5000  # the pages and their stylesheet were really counted


def test_no_page_scrolls_sideways_at_320_px(crawl, tab):
    """Responsive down to the narrowest phones: nothing is wider than the screen."""
    tab.page.set_viewport_size({"width": 320, "height": 700})
    wide = {}
    for key in crawl.pages:
        tab.page.goto(key)
        if (width := tab.page.evaluate("document.documentElement.scrollWidth")) > 320:
            wide[key] = width
    assert wide == {}


def test_the_checks_meet_a_section_and_its_pages(crawl, served_site):
    """The section added to the site (conftest.SECTION) is reached from the menu, so every check
    above covers a section page, a page in a section and a generated-free nested subsection."""
    for rel in ("fr/exemple/", "en/sample/", "fr/exemple/premiere/", "en/sample/second/", "en/sample/sub/page/"):
        assert served_site.url + rel in crawl.pages, rel
