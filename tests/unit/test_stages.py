"""Unit tests of each stage on small inputs: settings, discovery, front matter, URLs, graph."""
from __future__ import annotations

from pathlib import Path

from conftest import FIXTURE, write

from sitegen import urls
from sitegen.dates import format_date
from sitegen.errors import Diagnostics
from sitegen.load import config, discover, frontmatter
from sitegen.render.files import collation_key
from sitegen.site import graph


def load(root: Path):
    diag = Diagnostics(root)
    return config.load(root, diag), diag


def test_config_reads_every_setting():
    cfg, diag = load(FIXTURE)
    assert not diag.items
    assert cfg.languages == ("fr", "en") and cfg.default_language == "fr"
    assert cfg.base_url == "https://example.org/repo/" and cfg.base_path == "/repo/"
    assert cfg.glossary_slug == {"fr": "glossaire", "en": "glossary"}
    assert cfg.raw_html is False


def test_config_base_url_override_and_cname(site):
    diag = Diagnostics(site)
    assert config.load(site, diag, "http://127.0.0.1:8000/x").base_url == "http://127.0.0.1:8000/x/"
    assert config.load(site, diag, repo_url="https://github.com/o/r/").repo_url == "https://github.com/o/r"
    assert not diag.items
    write(site, "site.yaml", (site / "site.yaml").read_text() + "cname: ia.example.org\n")
    cfg, diag = load(site)
    assert cfg.base_url == "https://ia.example.org/" and cfg.cname == "ia.example.org"


def test_config_reports_every_problem(site):
    write(site, "site.yaml", "title: {fr: T}\nlanguages: {fr: Français, en: English}\nbase_url: nope\nrepo_url: github.com/o/r\ncolour: red\n")
    cfg, diag = load(site)
    assert cfg is None
    messages = " | ".join(d.message for d in diag.items)
    assert "“title” has no “en” text" in messages
    assert "“description” is missing" in messages
    assert "“base_url” must be the site's absolute address" in messages
    assert "“repo_url” must be the repository's address" in messages
    assert "unknown setting “colour”" in messages
    assert all(d.file == "site.yaml" and d.line for d in diag.items)


def test_config_missing_file(tmp_path):
    cfg, diag = load(tmp_path)
    assert cfg is None and "site.yaml is missing" in diag.items[0].message


def test_discover_kinds_and_order(site):
    write(site, "content/fr/dossier/b.md", "x")
    write(site, "content/fr/.brouillon.md", "hidden files are ignored")
    write(site, "content/fr/image.png", b"\x89PNG")
    cfg, _ = load(site)
    diag = Diagnostics(site)
    found = discover.scan(cfg, diag)
    pages = [(s.lang, s.key) for s in found if s.kind == discover.PAGE]
    assert pages == sorted(pages, key=lambda p: (["en", "fr"].index(p[0]), p[1]))
    assert ("fr", "dossier/b") in pages and ("fr", ".brouillon") not in pages
    assert {s.key for s in found if s.kind == discover.GLOSSARY} == {"amiad", "accord-cadre", "souverainete"}
    assert [d.code for d in diag.items] == ["content.stray"]


def parse(root, text, name="content/fr/p.md"):
    path = write(root, name, text)
    diag = Diagnostics(root)
    source = discover.SourceFile(path, discover.PAGE, "fr", "p")
    return frontmatter.parse(source, diag), diag


def test_frontmatter_fields_and_body_line(tmp_path):
    doc, diag = parse(tmp_path, "---\ntitle: T\ndescription: D\norder: 2\nslug: s-1\ndraft: true\nupdated: 2026-02-03\n---\nBody\n")
    assert not diag.items
    assert (doc.title, doc.description, doc.order, doc.slug, doc.draft, doc.updated) == ("T", "D", 2, "s-1", True, "2026-02-03")
    assert doc.body == "Body\n" and doc.body_line == 9


def test_frontmatter_unknown_key_warns_with_suggestion(tmp_path):
    doc, diag = parse(tmp_path, "---\ntitle: T\ndescription: D\ntilte: X\n---\n")
    assert doc is not None
    [d] = diag.items
    assert (d.level, d.line, d.hint) == ("warning", 4, "did you mean “title”?")


def test_frontmatter_reports_all_field_problems(tmp_path):
    doc, diag = parse(tmp_path, "---\ntitle:\norder: 1.5\ndraft: maybe\nslug: Été\nupdated: hier\n---\n")
    assert doc is None
    codes = sorted(d.code for d in diag.items)
    assert codes.count("frontmatter.required") == 2
    assert {"frontmatter.type", "frontmatter.slug"} <= set(codes)
    lines = {d.message.split("”")[0]: d.line for d in diag.items}
    assert lines["“order"] == 3 and lines["“draft"] == 4 and lines["“updated"] == 6


def test_frontmatter_not_a_mapping(tmp_path):
    doc, diag = parse(tmp_path, "---\n- a\n- b\n---\n")
    assert doc is None and diag.items[0].code == "frontmatter.type"


def test_frontmatter_unclosed(tmp_path):
    doc, diag = parse(tmp_path, "---\ntitle: T\n")
    assert doc is None and diag.items[0].code == "frontmatter.unclosed_end"


def test_urls():
    assert urls.page_output("fr", "index", None) == "fr/index.html"
    assert urls.page_output("en", "accord", "agreement") == "en/agreement/index.html"
    assert urls.page_output("en", "dossier/index", "folder") == "en/folder/index.html"
    assert urls.page_output("en", "dossier/page", None) == "en/dossier/page/index.html"
    assert urls.relative("fr/accord/index.html", "en/agreement/index.html") == "../../en/agreement/index.html"
    assert urls.relative("fr/accord/index.html", "fr/accord/index.html", "x") == "index.html#x"
    assert urls.relative("index.html", "fr/index.html") == "fr/index.html"
    assert urls.pretty("fr/accord/index.html") == "fr/accord/" and urls.pretty("index.html") == ""
    assert urls.absolute("https://e.org/r/", "en/agreement/index.html") == "https://e.org/r/en/agreement/"
    assert not urls.inside("../x") and urls.inside("fr/x/index.html")


def make_docs(root, specs):
    diag = Diagnostics(root)
    docs = []
    for lang, key, front in specs:
        path = write(root, f"content/{lang}/{key}.md", f"---\ntitle: {key}\ndescription: D\n{front}---\n")
        docs.append(frontmatter.parse(discover.SourceFile(path, discover.PAGE, lang, key), diag))
    return docs


def test_graph_nav_order_and_translations(site):
    cfg, _ = load(site)
    docs = make_docs(site, [("fr", "index", "order: 1\n"), ("en", "index", "order: 1\n"),
                            ("fr", "b", "order: 3\n"), ("fr", "a", "order: 2\n"), ("fr", "z", ""),
                            ("fr", "brouillon", "draft: true\n"), ("en", "a", "slug: aa\n")])
    diag = Diagnostics(site)
    site_ = graph.build(cfg, docs, diag)
    assert [p.key for p in site_.nav["fr"]] == ["index", "a", "b"]  # no order, not in the menu
    assert ("fr", "brouillon") not in site_.pages
    page_a = site_.pages[("fr", "a")]
    assert site_.counterpart(page_a, "en") == "en/aa/index.html"
    assert site_.counterpart(site_.pages[("fr", "b")], "en") == "en/index.html"
    assert {d.message for d in diag.warnings} == {"this page has no English version"}
    with_drafts = graph.build(cfg, docs, Diagnostics(site), include_drafts=True)
    assert ("fr", "brouillon") in with_drafts.pages


def test_graph_missing_home(site):
    cfg, _ = load(site)
    docs = make_docs(site, [("fr", "index", ""), ("en", "other", "")])
    diag = Diagnostics(site)
    graph.build(cfg, docs, diag)
    assert any("the en home page is missing" in d.message for d in diag.errors)


def test_dates_in_each_language():
    assert format_date("2026-01-08", "fr") == "8 janvier 2026"
    assert format_date("2026-01-01", "fr") == "1er janvier 2026"
    assert format_date("2026-01-08", "en") == "8 January 2026"
    assert format_date("2025-03", "fr") == "mars 2025"
    assert format_date("2024", "en") == "2024"
    assert format_date("soon", "en") == "soon"


def test_glossary_order_sorts_accents_with_base_letter():
    words = ["Zèbre", "état", "Écosouveraineté", "eau", "Armée", "accord"]
    assert sorted(words, key=collation_key) == ["accord", "Armée", "eau", "Écosouveraineté", "état", "Zèbre"]


def test_read_text_reads_a_long_file_whole_with_any_line_ending(tmp_path):
    from sitegen.load.yamlio import read_text

    path = tmp_path / "long.md"
    text = "é" * (3 << 20) + "\n"  # 6 MB of UTF-8: several reads
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert read_text(path, Diagnostics(tmp_path)) == text


def test_templates_look_up_dict_keys_as_jinja_does(tmp_path):
    """The environment's faster lookup gives Jinja's answers: keys, then methods before keys."""
    from sitegen.render.templates import environment

    (tmp_path / "t.html").write_text("{{ d.title }} {{ d.items()|list|length }} {{ d.get('x', 'none') }} {{ o.real }}")
    env = environment(tmp_path)
    assert env.get_template("t.html").render(d={"title": "T", "items": "shadowed"}, o=3) == "T 2 none 3"


def test_a_build_pauses_the_cycle_collector_and_gives_it_back(site, monkeypatch):
    import gc

    from sitegen import pipeline

    seen = []
    original = pipeline.graph.build
    monkeypatch.setattr(pipeline.graph, "build", lambda *a, **k: seen.append(gc.isenabled()) or original(*a, **k))
    try:
        assert gc.isenabled()
        pipeline.run(site, pipeline.Options())
        assert seen == [False] and gc.isenabled()
        gc.disable()  # a caller that had turned it off keeps it off
        pipeline.run(site, pipeline.Options())
        assert not gc.isenabled()
    finally:
        gc.enable()
