"""Sections: folders of content/<lang>/ with their index.md, the main menu, section pages,
breadcrumbs, previous/next, the section's pages beside a page, and the size of what a page
shows of the others, which must not grow with the site."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, write

from sitegen import messages, pipeline, urls
from sitegen.errors import Diagnostics
from sitegen.load import discover, frontmatter

sys.path.insert(0, str(PROJECT / "bench"))
from synth import generate  # noqa: E402  (bench/ is not a package)

OPTIONS = pipeline.Options(jobs=1)


def built(root: Path) -> pipeline.BuildResult:
    return pipeline.run(root, OPTIONS, Diagnostics(root))


def html(result, output: str) -> str:
    return result.files[output].decode()


def main_menu(page: str) -> list:
    nav = re.search(r'<nav class="site-nav".*?</nav>|<nav>.*?</nav>', page, re.S).group(0)
    return re.findall(r">([^<]+)</a>", nav)


def test_a_section_slug_renames_its_folder_for_everything_under_it():
    slugs = {"a": "aa", "a/b": "bb"}.get
    assert urls.page_output("en", "a/index", "aa", slugs) == "en/aa/index.html"
    assert urls.page_output("en", "a/b/index", "bb", slugs) == "en/aa/bb/index.html"
    assert urls.page_output("en", "a/b/page", None, slugs) == "en/aa/bb/page/index.html"
    assert urls.page_output("en", "a/b/page", "p", slugs) == "en/aa/bb/p/index.html"
    # A page named like a folder keeps its own name: only folders take a section's slug.
    assert urls.page_output("en", "a", None, slugs) == "en/a/index.html"


def test_pairing_hreflang_and_sitemap_follow_the_translated_slugs(site):
    result = built(site)
    assert result.site.pages[("en", "usages-militaires/drones/essaims")].output == "en/military-uses/drones/swarms/index.html"
    page = html(result, "fr/usages-militaires/drones/essaims/index.html")
    assert '<link rel="alternate" hreflang="en" href="https://example.org/repo/en/military-uses/drones/swarms/">' in page
    assert 'href="../../../../en/military-uses/drones/swarms/index.html" hreflang="en">English</a>' in page  # switcher
    sitemap = html(result, "sitemap.xml")
    assert "<loc>https://example.org/repo/en/military-uses/</loc>" in sitemap
    assert "<loc>https://example.org/repo/fr/annexes/</loc>" in sitemap  # generated section pages too


def test_the_main_menu_lists_the_top_level_only_in_order(site):
    result = built(site)
    # Sections and ordered top-level pages; seule.md has `menu: false`; annexes/ (no order) last.
    assert main_menu(html(result, "fr/usages-militaires/renseignement/index.html")) == [
        "Accueil", "L’accord", "Usages militaires", "Annexes", "Glossaire"]
    assert [p.key for p in result.site.nav["en"]] == ["index", "accord", "usages-militaires/index", "annexes/index"]


def test_menu_true_puts_a_page_without_order_in_the_menu_and_ties_go_by_title(site):
    write(site, "content/fr/b.md", "---\ntitle: Bêta\ndescription: D\nmenu: true\n---\n")
    write(site, "content/fr/a.md", "---\ntitle: Alpha\ndescription: D\norder: 2\n---\n")
    write(site, "content/fr/usages-militaires/index.md", "---\ntitle: Usages\ndescription: D\nmenu: false\n---\n")
    keys = [p.key for p in built(site).site.nav["fr"]]
    assert keys == ["index", "a", "accord", "annexes/index", "b"]


def test_menu_inside_a_section_is_a_warning_at_its_line_in_the_editors_language(site):
    write(site, "content/fr/usages-militaires/drones/index.md",
          "---\ntitle: Drones\ndescription: D\nmenu: true\n---\n")
    diag = Diagnostics(site)
    pipeline.run(site, OPTIONS, diag)
    found = [d for d in diag.items if d.code == "section.menu"]
    assert [(d.file, d.line) for d in found] == [("content/fr/usages-militaires/drones/index.md", 4)]
    assert "premier niveau" in messages.text("section.menu", "message", "fr")
    assert "top level" in messages.text("section.menu", "message", "en")


@pytest.mark.parametrize("value", ["non", "1", "[true]"])
def test_menu_must_be_true_or_false(tmp_path, value):
    path = write(tmp_path, "content/fr/p.md", f"---\ntitle: T\ndescription: D\nmenu: {value}\n---\n")
    diag = Diagnostics(tmp_path)
    doc = frontmatter.parse(discover.SourceFile(path, discover.PAGE, "fr", "p"), diag)
    assert doc is None and [(d.code, d.line) for d in diag.errors] == [("frontmatter.menu", 4)]
    assert "“menu” must be true or false" in diag.errors[0].message


def test_the_new_messages_are_in_both_catalogs():
    for key in ("frontmatter.menu", "section.index", "section.draft"):
        for lang in messages.LANGUAGES:
            entry = messages.catalog(lang)[key]
            assert entry["message"] and entry["hint"]
    fr = messages.text("section.index", "hint", "fr", file="content/fr/x/index.md", title="X")
    assert "créez content/fr/x/index.md" in fr and "title: X" in fr


def test_a_section_page_lists_its_pages_and_subsections_in_order_under_its_text(site):
    page = html(built(site), "fr/usages-militaires/index.html")
    assert page.index("Cette rubrique rassemble") < page.index('class="contents"')
    listed = re.findall(r'<li>(?:\[Rubrique\] )?<a href="([^"]+)">([^<]+)</a> ([^<]*)</li>', page)
    assert listed == [("guerre-acoustique/index.html", "Guerre acoustique", "Écouter la mer."),
                      ("renseignement/index.html", "Renseignement", "Trier les documents."),
                      ("drones/index.html", "Drones", "Les engins sans pilote.")]
    assert "[Rubrique] <a href=\"drones/index.html\">" in page


def test_breadcrumbs_and_their_structured_data(site):
    page = html(built(site), "en/military-uses/drones/swarms/index.html")
    crumbs = re.search(r'<nav aria-label="Breadcrumbs"><ol>(.*?)</ol></nav>', page).group(1)
    assert re.findall(r'href="([^"]+)">([^<]+)<', crumbs) == [
        ("../../../index.html", "Home"), ("../../index.html", "Military uses"), ("../index.html", "Drones &lt;/script&gt;&lt;b&gt;")]
    assert '<li aria-current="page">Swarms</li>' in crumbs
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    assert "<" not in script  # the title's </script> cannot end the script early
    data = json.loads(script)
    assert data["@context"] == "https://schema.org" and data["@type"] == "BreadcrumbList"
    assert [(i["position"], i["name"], i["item"]) for i in data["itemListElement"]] == [
        (1, "Home", "https://example.org/repo/en/"),
        (2, "Military uses", "https://example.org/repo/en/military-uses/"),
        (3, "Drones </script><b>", "https://example.org/repo/en/military-uses/drones/"),
        (4, "Swarms", "https://example.org/repo/en/military-uses/drones/swarms/")]


def test_no_breadcrumbs_or_section_navigation_at_the_top(site):
    result = built(site)
    for output in ("fr/accord/index.html", "fr/usages-militaires/index.html", "fr/index.html"):
        page = html(result, output)
        assert "ld+json" not in page and 'rel="next"' not in page and "Pages de la rubrique" not in page


def test_previous_next_and_the_sections_pages_beside_a_page(site):
    result = built(site)
    first = html(result, "fr/usages-militaires/guerre-acoustique/index.html")
    second = html(result, "fr/usages-militaires/renseignement/index.html")
    assert 'rel="prev"' not in first and '<a href="../renseignement/index.html" rel="next">Renseignement</a>' in first
    assert '<a href="../guerre-acoustique/index.html" rel="prev">Guerre acoustique</a>' in second and 'rel="next"' not in second
    side = re.search(r'<nav aria-label="Pages de la rubrique"><ul>(.*?)</ul></nav>', second).group(1)
    # Its siblings, not its section's subsections nor the rest of the site; itself marked.
    assert re.findall(r">([^<]+)</a>", side) == ["Guerre acoustique", "Renseignement"]
    assert '<a href="index.html" aria-current="page">Renseignement</a>' in side


def test_a_folder_without_index_gets_a_generated_section_page_and_a_warning(site):
    result = built(site)
    page = html(result, "fr/annexes/index.html")
    assert "<h1>Annexes</h1>" in page and ">edit</a>" not in page  # no file to edit
    assert re.findall(r'<a href="([^"]+)">', page.split('class="contents"')[1]) == ["dates/index.html", "chiffres/index.html"]
    warnings = [d for d in result.diagnostics.warnings if d.code == "section.index"]
    assert sorted(d.file for d in warnings) == ["content/en/annexes", "content/fr/annexes"]
    assert "create content/fr/annexes/index.md" in next(d.hint for d in warnings if d.file == "content/fr/annexes")
    # Nested folders: each one on the way gets its page, so no address on the way is missing.
    write(site, "content/fr/a/b/page.md", "---\ntitle: P\ndescription: D\n---\n")
    again = built(site)
    assert {"fr/a/index.html", "fr/a/b/index.html"} <= set(again.files)
    assert '<li><a href="../../index.html">A</a></li><li><a href="../index.html">B</a></li>' in html(again, "fr/a/b/page/index.html")


def test_an_index_md_ends_the_warning(site):
    write(site, "content/fr/annexes/index.md", "---\ntitle: Les annexes\ndescription: D\n---\nIntro.\n")
    result = built(site)
    assert [d.file for d in result.diagnostics.warnings if d.code == "section.index"] == ["content/en/annexes"]
    assert "<h1>Les annexes</h1>" in html(result, "fr/annexes/index.html")


def test_a_draft_section_index_is_not_proposed_again(site):
    write(site, "content/fr/annexes/index.md", "---\ntitle: Les annexes\ndescription: D\ndraft: true\n---\n")
    result = built(site)
    assert [d.file for d in result.diagnostics.warnings if d.code == "section.index"] == ["content/en/annexes"]
    assert "<h1>Annexes</h1>" in html(result, "fr/annexes/index.html")  # its pages' section still has a page
    # …but the editor is told why the section page is not the one written, at the draft line.
    [draft] = [d for d in result.diagnostics.warnings if d.code == "section.draft"]
    assert (draft.file, draft.line) == ("content/fr/annexes/index.md", 4)
    assert "“Annexes”" in draft.message and "draft: true" in draft.hint
    fr = messages.text("section.draft", "message", "fr", title="Annexes")
    assert "brouillon" in fr and "« Annexes »" in fr


def nav_bytes(page: str) -> int:
    """The bytes of a page that are navigation, not its own text."""
    return sum(len(m) for m in re.findall(r"<nav.*?</nav>|<script type=\"application/ld\+json\">.*?</script>", page, re.S))


def test_a_page_does_not_grow_when_the_number_of_sections_doubles(tmp_path):
    sizes = {}
    for pages in (200, 400):  # 20 sections per language, then 40
        root = generate(tmp_path / f"s{pages}", pages, 5, shape="sectioned")
        result = pipeline.run(root, OPTIONS, Diagnostics(root))
        first = result.site.pages[("fr", "defense-000/defense-00000")]
        page = html(result, first.output)
        sizes[pages] = (len(page.encode()), nav_bytes(page))
    assert sizes[200] == sizes[400], sizes


def test_the_real_templates_mark_the_section_a_page_is_in(real_site):
    write(real_site, "content/fr/rubrique/index.md", "---\ntitle: La rubrique\ndescription: D\norder: 9\n---\nIntro.\n")
    write(real_site, "content/fr/rubrique/page.md", "---\ntitle: Une page\ndescription: D\norder: 1\n---\nTexte.\n")
    result = built(real_site)
    inside = html(result, "fr/rubrique/page/index.html")
    assert '<a href="../index.html" aria-current="true">La rubrique</a>' in inside
    assert 'aria-current="page">Une page</a>' in inside  # the sidebar
    assert '<li aria-current="page">Une page</li>' in inside  # the breadcrumbs
    assert 'aria-current="true"' not in html(result, "fr/accord/index.html")
    assert '<a href="index.html" aria-current="page">La rubrique</a>' in html(result, "fr/rubrique/index.html")
