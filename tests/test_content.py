"""The microsite's own content: both languages complete and in parity, every cited fact on record.

The engine's tests use fixture sites; these read the real content/ and seeds/, so an editor's change
that leaves one language behind, or cites a fact that is not in seeds/facts.yaml, fails here too.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT

from sitegen import pipeline

CONTENT = PROJECT / "content"
LANGUAGES = ("fr", "en")
CITATION = re.compile(r"\[@([^\]]+)\]")


@pytest.fixture(scope="module")
def site() -> pipeline.BuildResult:
    return pipeline.run(PROJECT, pipeline.Options())


def pages(lang: str) -> set[str]:
    folder = CONTENT / lang
    return {p.relative_to(folder).with_suffix("").as_posix() for p in folder.rglob("*.md")}


def test_every_page_exists_in_both_languages():
    assert pages("fr") == pages("en")
    assert len(pages("fr")) >= 8  # home + the seven sections the site is built around


def test_no_page_is_a_draft(site):
    assert [k for k, page in site.site.pages.items() if page.doc.draft] == []


def test_the_build_and_check_have_nothing_to_say(site):
    """No warning: no missing or outdated translation, no unused glossary entry, no stray file."""
    assert site.diagnostics.sorted() == []


def test_each_page_pair_has_the_same_structure_facts_and_terms(site):
    rendered = site.stages.rendered
    for key in sorted(pages("fr")):
        fr, en = rendered[("fr", key)], rendered[("en", key)]
        assert [h["level"] for h in fr.headings] == [h["level"] for h in en.headings], key
        assert fr.citations == en.citations, key  # the same facts, cited in the same order
        assert fr.terms == en.terms, key  # the same glossary terms explained


def test_every_cited_fact_is_on_record():
    facts = yaml.safe_load((PROJECT / "seeds/facts.yaml").read_text(encoding="utf-8"))
    known = {fact["id"] for fact in facts["facts"]}
    cited = {(path.relative_to(CONTENT).as_posix(), fid.strip().lstrip("@"))
             for path in CONTENT.rglob("*.md")
             for group in CITATION.findall(path.read_text(encoding="utf-8")) for fid in group.split(";")}
    assert cited and {(path, fid) for path, fid in cited if fid not in known} == set()
    for fact in facts["facts"]:
        assert all(str(fact.get(lang) or "").strip() for lang in LANGUAGES), fact["id"]


def test_the_glossary_is_complete_in_both_languages_and_used(site):
    entries = sorted(CONTENT.glob("glossary/*.yaml"))
    assert len(entries) >= 20
    for path in entries:
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        for field in ("term", "definition"):
            assert all(str(entry[field].get(lang) or "").strip() for lang in LANGUAGES), (path.name, field)
    used = {lang: set().union(*(body.terms for (lg, _), body in site.stages.rendered.items() if lg == lang))
            for lang in LANGUAGES}
    assert used["fr"] == used["en"] == {p.stem for p in entries}


FACTS = PROJECT / "seeds/facts.yaml"
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
MARKUP = re.compile(r"\[@[^\]]*\]|\[\[[^|\]]*\|?|\]\]|\]\([^)]*\)")  # citations, glossary ids, link targets


def french_words() -> int:
    """The French a reader meets: page bodies and glossary terms and definitions, markup left out."""
    texts = [path.read_text(encoding="utf-8").split("\n---\n", 1)[-1] for path in (CONTENT / "fr").rglob("*.md")]
    for path in CONTENT.glob("glossary/*.yaml"):
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        texts += [str(entry["term"]["fr"]), str(entry["definition"]["fr"])]
    return sum(len(WORD.findall(MARKUP.sub(" ", text))) for text in texts)


def test_the_site_has_enough_french_to_explain_the_subject():
    assert french_words() >= 4500


def test_every_fact_names_a_real_source_with_its_bibliographic_record():
    """No catch-all “general knowledge” source: each source is a document with a title, a publisher
    and a date; only the article may lack a publisher (our copy does not name its publication)."""
    data = yaml.safe_load(FACTS.read_text(encoding="utf-8"))
    sources = {source["id"]: source for source in data["sources"]}
    assert "general" not in sources
    assert {fact["source"] for fact in data["facts"]} <= set(sources)
    for sid, source in sources.items():
        fields = ("title", "date") if sid == "article" else ("title", "publisher", "date")
        assert all(source.get(field) for field in fields), sid
        assert re.fullmatch(r"\d{4}(-\d{2}){0,2}", str(source["date"])), sid


ARTICLE = PROJECT.parent / "shared" / "seeds" / "000_de1a4cae22d1cbaf.txt"
SHARED_WORDS = 8  # a run this long in common with the article is its sentence, not our own words
QUOTED = re.compile(r"«[^»]*»|“[^”]*”")
# Official names are the article's words and ours alike.
NAMES = ("agence ministerielle de l intelligence artificielle de defense",
         "office national d etudes et de recherches aerospatiales",
         "service hydrographique et oceanographique de la marine",
         "commissariat a l energie atomique", "strategie nationale pour l ia de defense")


def word_runs(text: str, n: int = SHARED_WORDS) -> set[tuple[str, ...]]:
    # Accents folded: a glossary reference such as [[donnees-classifiees]] reads as its words.
    text = re.sub(r"\[\[[^|\]]*\|([^\]]*)\]\]", r"\1", text)
    text = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    text = " ".join(re.findall(r"\w+", text.replace("’", "'")))
    for name in NAMES:
        text = text.replace(name, "|")
    return {tuple(run[i:i + n]) for part in text.split("|") if (run := part.split())
            for i in range(len(run) - n + 1)}


@pytest.mark.skipif(not ARTICLE.is_file(), reason="the source article (shared/seeds/) is not beside this checkout")
def test_the_site_is_written_in_its_own_words():
    """Facts carry over from the article, its sentences do not: no run of eight words in common
    with it outside a quotation marked « … » or “ … ” (which the page attributes)."""
    article = word_runs(ARTICLE.read_text(encoding="utf-8"))
    texts = {path.relative_to(PROJECT).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted([*CONTENT.rglob("*.md"), *CONTENT.glob("glossary/*.yaml"), *CONTENT.glob("data/*.yaml")])}
    # The facts file also holds the article's title, which is its bibliographic record.
    facts = yaml.safe_load((PROJECT / "seeds/facts.yaml").read_text(encoding="utf-8"))["facts"]
    texts.update({f"seeds/facts.yaml: {fact['id']}": " ".join(fact[lang] for lang in LANGUAGES) for fact in facts})
    copied = {name: sorted(" ".join(run) for run in found)[:3]
              for name, text in texts.items() if (found := word_runs(QUOTED.sub(" ", text)) & article)}
    assert copied == {}


def test_every_page_can_be_shared_with_its_language_image(site):
    """Open Graph on every page, the language chooser included (404 is not indexed): an absolute
    image address, the image 1200 × 630 in static/, and the reading font preloaded (but on the
    chooser, which sends the browser on to a home page at once)."""
    base = site.site.config.base_url
    for output, data in sorted(site.files.items()):
        if not output.endswith(".html") or output == "404.html":
            continue
        page = data.decode("utf-8")
        lang = re.search(r'<html lang="(\w+)"', page).group(1)
        image = f"img/share-{lang}.png"
        assert f'<meta property="og:image" content="{base}{image}">' in page, output
        for tag in ('og:title', 'og:description', 'og:url', 'og:locale', 'og:locale:alternate'):
            assert f'<meta property="{tag}" content="' in page, (output, tag)
        assert '<meta name="twitter:card" content="summary_large_image">' in page, output
        preload = re.search(r'<link rel="preload" href="[./]*fonts/[\w-]+\.woff2" as="font" type="font/woff2" crossorigin>', page)
        assert bool(preload) == (output != "index.html"), output
        png = (PROJECT / "static" / image).read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and png[16:24] == (1200).to_bytes(4, "big") + (630).to_bytes(4, "big")


def test_fonts_stay_small_and_carry_their_licence():
    fonts = PROJECT / "static" / "fonts"
    assert sum(p.stat().st_size for p in fonts.glob("*.woff2")) <= 200_000
    assert len(list(fonts.glob("*-OFL.txt"))) == 2


def test_pages_list_the_glossary_terms_they_explain_beside_the_headings(site):
    """The side column below the table of contents: each term the page links, in alphabetical order."""
    from sitegen.render.files import collation_key

    for lang, key in (("fr", "accord"), ("en", "accord")):
        page = site.files[site.site.pages[(lang, key)].output].decode("utf-8")
        aside = page[page.index('<nav class="page-terms"'):]
        aside = aside[:aside.index("</nav>")]
        labels = re.findall(r'<a href="[^"#]*glossa[^"#]*#[\w-]+">([^<]+)</a>', aside)
        assert len(labels) == len(site.stages.rendered[(lang, key)].terms) > 2
        assert labels == sorted(labels, key=collation_key)
