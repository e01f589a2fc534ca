"""The facts file: the source schema (title, publisher, date, url, language, kind), its problems
reported at their lines, the notes' short names, and the typography of every text."""
from __future__ import annotations

from conftest import write

from sitegen.errors import Diagnostics
from sitegen.load import config
from sitegen.load import facts as sources

NBSP = "\u00a0"


def load(root, text):
    write(root, "seeds/facts.yaml", text)
    diag = Diagnostics(root)
    return sources.load(config.load(root, diag), diag), diag


def test_a_source_in_both_forms_and_its_facts_typeset(site):
    facts, diag = load(site, """sources:
  - id: ai-act
    title: {fr: "Règlement sur l'IA", en: "AI Act"}
    publisher: {fr: Union européenne, en: European Union}
    date: 2024-07-12
    url: https://eur-lex.europa.eu/eli/reg/2024/1689/oj
    language: en
    kind: {fr: texte officiel, en: official text}
  - id: plain
    title: Un titre bien plus long que cinq mots en tout
    date: 2025-03
facts:
  - id: f
    source: ai-act
    fr: "L'acte s'applique le 1er août ; il exclut les usages militaires : « défense »."
    en: "It's in force on 1 August, with \\"exclusions\\"."
""")
    assert not diag.items
    act, plain = facts.sources["ai-act"], facts.sources["plain"]
    assert act.title == {"fr": "Règlement sur l’IA", "en": "AI Act"} and act.title_lang == ""
    assert act.publisher["fr"] == "Union européenne" and act.kind["en"] == "official text"
    assert act.date == "2024-07-12" and act.url.startswith("https://") and act.language == "en"
    assert act.short_name("fr") == "Union européenne, 2024" and act.short_name("en") == "European Union, 2024"
    # No publisher: the title's first words; one title for every language keeps its own language.
    assert plain.short_name("fr") == "Un titre bien plus long…, 2025" and plain.title_lang == "" and plain.kind == {}
    article, = load(site, 'sources:\n  - {id: a, title: "Défense : l\'accord", language: fr}\nfacts: []\n')[0].sources.values()
    assert article.title == {"fr": f"Défense{NBSP}: l’accord", "en": f"Défense{NBSP}: l’accord"} and article.title_lang == "fr"
    assert facts.facts["f"].text == {
        "fr": f"L’acte s’applique le 1er{NBSP}août{NBSP}; il exclut les usages militaires{NBSP}: «{NBSP}défense{NBSP}».",
        "en": f"It’s in force on 1{NBSP}August, with “exclusions”."}


def test_sources_that_would_share_a_short_name_get_a_letter(site):
    facts, diag = load(site, """sources:
  - {id: a, title: Avis un, publisher: Ministère, date: 2025-01-02}
  - {id: b, title: Avis deux, publisher: Ministère, date: 2025}
  - {id: c, title: Sans date, publisher: Ministère}
  - {id: d, title: Autre, publisher: Ministère}
facts: []
""")
    assert not diag.items
    names = {sid: s.short_name("fr") for sid, s in facts.sources.items()}
    assert names == {"a": "Ministère, 2025a", "b": "Ministère, 2025b", "c": "Ministère (a)", "d": "Ministère (b)"}


def test_every_problem_of_a_source_is_reported_at_its_line(site):
    _, diag = load(site, """sources:
  - id: Bad_Id
    title: {fr: Titre}
    date: 12/07/2024
    url: www.example.org
    language: français
    kind: [texte]
    editor: X
  - id: ok
    title: T
  - id: ok
    title: T
  - title: sans id
facts:
  - {id: f, source: Bad_Id, fr: a, en: b}
""")
    found = {(d.code, d.line) for d in diag.items}
    assert found == {("sources.id", 2), ("sources.language", 3), ("sources.date", 4), ("sources.url", 5),
                     ("sources.lang", 6), ("sources.type", 7), ("key.unknown", 8), ("sources.duplicate", 11),
                     ("sources.required", 13)}, diag.items
    assert all(d.file == "seeds/facts.yaml" and d.hint for d in diag.items)
