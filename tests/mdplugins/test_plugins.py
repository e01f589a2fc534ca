"""Fixture-file tests of the Markdown plugins (title, input, expected HTML, separated by “.” lines)."""
from __future__ import annotations

from pathlib import Path

import pytest

from sitegen.errors import Diagnostics
from sitegen.load.config import SiteConfig
from sitegen.load.facts import Fact, Source
from sitegen.load.glossary import GlossaryEntry
from sitegen.markdown.context import RenderContext
from sitegen.markdown.parser import make_parser, new_env, render

CASES = Path(__file__).with_name("fixtures.md").read_text(encoding="utf-8")


def read_cases(text: str):
    cases, lines, i = [], text.split("\n"), 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        title = lines[i]
        assert lines[i + 1] == ".", title
        j = lines.index(".", i + 2)
        k = lines.index(".", j + 1)
        cases.append((title, "\n".join(lines[i + 2:j]) + "\n", "\n".join(lines[j + 1:k]) + "\n"))
        i = k + 1
    return cases


def config(raw_html=False):
    return SiteConfig(root=Path("/site"), languages=("fr", "en"), language_names={"fr": "Français", "en": "English"},
                      default_language="fr", title={}, description={}, base_url="https://e.org/", repo_url="",
                      repo_branch="main", glossary_slug={"fr": "glossaire", "en": "glossary"}, raw_html=raw_html,
                      typographer=True, sources=None, cname="")


def env(diag):
    source = Source("s", {"fr": "Article"}, {}, "2026-02-03", "fr", {}, "")
    entry = GlossaryEntry("amiad", None, {"fr": "Agence", "en": "Agency"}, {"fr": "AMIAD"}, {}, (), {})
    return new_env(RenderContext(
        lang="fr", file=Path("/site/content/fr/page.md"), rel_source="fr/page.md", key="page", body_line=5,
        output="fr/page/index.html", diag=diag, glossary={"amiad": entry}, tips={"amiad": "tip <amiad>"},
        facts={"a": Fact("a", source, {}), "b": Fact("b", source, {})},
        page_outputs={("fr", "accord"): "fr/accord/index.html", ("en", "accord"): "en/agreement/index.html",
                      ("fr", "page"): "fr/page/index.html", ("fr", "lien"): "fr/lien/index.html"},
        static_outputs={"img/carte.png": "img/carte.png"}, shortcodes={"frise": True}, strings={},
        shortcode=lambda name: f"[{name} fr]\n",
        glossary_href=lambda term: f"../glossaire/index.html#{term}",
    ))


@pytest.mark.parametrize("title, source, expected", read_cases(CASES), ids=[c[0] for c in read_cases(CASES)])
def test_fixture(title, source, expected):
    diag = Diagnostics(Path("/site"))
    html = render(make_parser(config(), "fr"), source, env(diag))
    assert html == expected
    assert not diag.errors, diag.errors


def test_raw_html_can_be_enabled():
    diag = Diagnostics(Path("/site"))
    html = render(make_parser(config(raw_html=True), "fr"), "<b>gras</b>\n", env(diag))
    assert html == "<p><b>gras</b></p>\n"


def test_collected_side_data():
    diag = Diagnostics(Path("/site"))
    e = env(diag)
    render(make_parser(config(), "fr"), "## Titre\n\n[[amiad]][@b] [x](accord.md#titre)\n", e)
    found = e["context"].collected
    assert found.headings == [{"level": 2, "text": "Titre", "id": "titre"}]
    assert found.terms == {"amiad"}
    assert list(found.citation_numbers) == ["b"]
    assert found.links == [(7, "fr", "accord", "titre", "titre")]


def test_english_quotes():
    diag = Diagnostics(Path("/site"))
    assert render(make_parser(config(), "en"), '"quoted" it\'s\n', env(diag)) == "<p>“quoted” it’s</p>\n"
    assert render(make_parser(config(), "fr"), '"cité"\n', env(diag)) == "<p>«\u00a0cité\u00a0»</p>\n"


def test_root_absolute_link_is_refused():
    diag = Diagnostics(Path("/site"))
    render(make_parser(config(), "fr"), "[x](/fr/accord/)\n", env(diag))
    assert diag.errors[0].code == "link.absolute" and diag.errors[0].line == 5


@pytest.mark.parametrize("text", ["a\r\nb\rc\n\n- d\r\n", "nul\0here\n", "<b>brut</b> <!-- x -->\n\n<div>\nbloc\n</div>\n",
                                  "[a]\n\n- [a]: https://e.org 't'\n\n[a]: https://f.org\n",
                                  "text\n| a | b |\n|---|---|\n| c | d | e |\n"])
def test_the_faster_rules_render_as_markdown_its_own(text):
    """Our line-ending rule, with raw HTML off the HTML rules left out, and the table and link
    reference rules the completeness check wraps change no output."""
    from markdown_it import MarkdownIt

    plain = MarkdownIt("commonmark", {"html": False, "typographer": True, "quotes": ["«\u00a0", "\u00a0»", "“", "”"]})
    plain.enable(["table", "strikethrough", "replacements", "smartquotes"])
    diag = Diagnostics(Path("/site"))
    assert render(make_parser(config(), "en"), text, env(diag)) == plain.render(text)


def test_each_reference_problem_is_reported_at_its_line():
    """One text with every problem the refs rule finds: codes, lines and words stay as editors know them."""
    diag = Diagnostics(Path("/site"))
    text = ("{{< frize >}}\n\n[[amiadd]] [@c]\n"
            "![](../../static/img/carte.png) [a](/fr/accord/)\n[b](accrd.md) [c](../../static/img/x.png)\n[d](../../build.py)\n")
    render(make_parser(config(), "fr"), text, env(diag))
    assert [(e.code, e.line, e.message, e.hint) for e in diag.errors] == [
        ("markdown.shortcode", 5, "there is no shortcode “frize”", "did you mean “frise”?"),
        ("glossary.unknown", 7, "“[[amiadd]]” is not in the glossary", "did you mean “amiad”?"),
        ("sources.unknown", 7, "the fact “c” cited here is not in the sources file",
         "add it to the sources file, or fix the id"),
        ("markdown.alt", 8, "this image has no alternative text",
         "describe the image between the brackets: ![what the image shows](file.png)"),
        ("link.absolute", 8, "the link “/fr/accord/” starts with “/”, which breaks when the site is published under a sub-path",
         "link to the page's file instead, for example [text](accord.md)"),
        ("link.page", 9, "the link “accrd.md” points to a page that does not exist", "did you mean “accord”?"),
        ("link.file", 9, "the file “../../static/img/x.png” does not exist", "add it to the project as static/img/x.png, or fix the path"),
        ("link.file", 10, "the link “../../build.py” points outside the pages and static/",
         "link to a page's .md file, or put the file in static/ and link to it there"),
    ]
