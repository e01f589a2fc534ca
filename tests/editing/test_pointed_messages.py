"""Messages that point at the real mistake (issue 15, part 3): each in French and in English."""
from __future__ import annotations

import io
import re

import pytest
from conftest import run, write
from editing_site import esite  # noqa: F401 - fixture

from sitegen import messages
from sitegen.editing.check import run as check
from sitegen.errors import Diagnostics
from sitegen.excerpt import excerpt
from sitegen.load import frontmatter
from sitegen.load.discover import SourceFile
from sitegen.load.yamlio import parse_yaml
from sitegen.report import Reporter


@pytest.fixture(params=messages.LANGUAGES)
def lang(request, monkeypatch):
    """Runs the test once per language of the messages, then puts the language back; the locale
    says the same, for a command line that takes its language from it."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.setenv(name, {"fr": "fr_FR.UTF-8", "en": "en_GB.UTF-8"}[request.param])
    monkeypatch.setattr(messages, "current", request.param)
    return request.param


def words(lang: str, fr: str, en: str) -> str:
    return fr if lang == "fr" else en


def parse(tmp_path, text):
    path = write(tmp_path, "content/fr/page.md", text)
    diag = Diagnostics(tmp_path)
    doc = frontmatter.parse(SourceFile(path, "page", "fr", "page"), diag)
    return doc, diag


# Front matter opened and never closed

@pytest.mark.parametrize("text, body", [
    ("---\ntitle: T\ndescription: D\n\n# Le calendrier\n\nTexte.\n", 5),
    ("---\ntitle: T\ndescription: D\nLe texte commence ici, sans titre.\n", 4),
    ("---\ntitle: T\n# un commentaire\ndescription: D\n\nTexte : suite.\n", 6),
])
def test_unclosed_front_matter_is_reported_at_its_opening_line_with_where_the_text_starts(tmp_path, lang, text, body):
    doc, diag = parse(tmp_path, text)
    [d] = diag.items
    assert doc is None and (d.code, d.line) == ("frontmatter.unclosed", 1)
    assert d.message == words(
        lang, f"l'en-tête ouvert par « --- » à cette ligne n'est jamais fermé : le texte de la page semble commencer à la ligne {body}",
        f"the front matter opened by “---” on this line is never closed: the page's text seems to start on line {body}")
    assert d.hint == words(lang, f"ajoutez une ligne « --- » juste avant la ligne {body}, pour fermer l'en-tête",
                           f"add a line “---” just before line {body}, to end the front matter")


def test_unclosed_front_matter_without_text_says_to_close_it(tmp_path, lang):
    doc, diag = parse(tmp_path, "---\ntitle: T\ndescription: D\n")
    [d] = diag.items
    assert doc is None and (d.code, d.line) == ("frontmatter.unclosed_end", 1)
    assert d.message == words(lang, "l'en-tête ouvert par « --- » à cette ligne n'est jamais fermé",
                              "the front matter opened by “---” on this line is never closed")
    assert "---" in d.hint and words(lang, "dernier champ", "last field") in d.hint


def test_unclosed_front_matter_through_check(capsys, site):
    write(site, "content/fr/seule.md", "---\ntitle: T\ndescription: D\n\n## Titre\n\nTexte.\n")
    code, out = run(capsys, site, "check")
    assert code == 1 and "  line 1: error: the front matter opened by “---” on this line is never closed" in out, out
    assert "does not start with its front matter" not in out


# A tab in YAML

@pytest.mark.parametrize("rel, text, line, column", [
    ("content/glossary/amiad.yaml", "term:\n\tfr: A\n\ten: B\ndefinition: {fr: x, en: y}\n", 2, 1),
    ("content/glossary/amiad.yaml", "term: {fr: A, en: B}\ndefinition: {fr: x, en: y}\nsee_also:\t- accord-cadre\n", 3, 10),
    ("content/fr/accord.md", "---\ntitle: T\ndescription: D\n  \tslug: x\n---\nTexte.\n", 4, 3),
    ("content/data/timeline.yaml", "-\tdate: 2026-01-01\n", 1, 2),
    ("site.yaml", None, 2, 1),
])
def test_a_tab_that_breaks_yaml_is_called_a_tab_with_its_line_and_column(capsys, site, lang, rel, text, line, column):
    if text is None:  # site.yaml: its first setting indented with a tab
        settings = (site / rel).read_text().split("\n")
        text = "\n".join([settings[0], "\t" + settings[1].lstrip(), *settings[2:]])
    write(site, rel, text)
    code, out = run(capsys, site, "check")
    assert code == 1, out
    expected = words(lang, f"une tabulation à la colonne {column} de cette ligne : en YAML, on indente avec des espaces, jamais avec des tabulations",
                     f"a tab at column {column} of this line: YAML is indented with spaces only, never with tabs")
    assert f"{rel}\n" in out and words(lang, f"ligne {line}, erreur : ", f"line {line}: error: ") + expected in out, out
    assert words(lang, "remplacez la tabulation par des espaces", "replace the tab with spaces") in out
    assert "cannot start any token" not in out and "violates indentation" not in out


def test_a_tab_after_a_colon_is_read_as_a_space(tmp_path):
    doc, diag = parse(tmp_path, "---\ntitle:\tLe titre\ndescription: D\norder:\t2\n---\nTexte.\n")
    assert not diag.errors and (doc.title, doc.order) == ("Le titre", 2)


def test_a_tab_that_reads_well_is_not_blamed_for_another_mistake_on_its_line(tmp_path):
    doc, diag = parse(tmp_path, "---\ntitle:\tL'accord: <b>\ndescription: D\n---\nTexte.\n")
    [d] = diag.items
    assert doc is None and (d.code, d.line) == ("yaml.syntax", 2)


def test_the_excerpt_shows_a_tab(tmp_path):
    write(tmp_path, "content/glossary/x.yaml", "term:\n\tfr: A\n")
    assert excerpt(tmp_path, "content/glossary/x.yaml", 2) == [(1, "term:"), (2, "⇥   fr: A")]
    diag = Diagnostics(tmp_path)
    assert parse_yaml("term:\n\tfr: A\n", tmp_path / "content/glossary/x.yaml", diag) == (None, {})
    stream = io.StringIO()
    Reporter(stream, color=False, excerpts_from=tmp_path).diagnostics(diag.sorted())
    assert ">    2 | ⇥   fr: A" in stream.getvalue(), stream.getvalue()


# A file that cannot be read is reported once

def errors(out: str) -> list[str]:
    return [line for line in out.splitlines() if "error:" in line]


def test_a_glossary_file_that_cannot_be_read_is_reported_once(capsys, site):
    amiad = site / "content/glossary/amiad.yaml"
    amiad.write_text(amiad.read_text().replace("  en: Ministerial", " en: Ministerial"))  # one bad indentation
    write(site, "content/glossary/ia.yaml", "term: {fr: IA, en: AI}\ndefinition:\n  fr: Voir [[amiad]].\n"
                                            "  en: See [[amiad]].\nsee_also: [amiad]\n")
    write(site, "content/fr/seule.md", (site / "content/fr/seule.md").read_text() + "\nAussi [[ia]].\n")
    for command in ("check", "build"):
        code, out = run(capsys, site, command)
        assert code == 1 and len(errors(out)) == 1, out
        assert "content/glossary/amiad.yaml\n" in out and "not a glossary entry" not in out and "not in the glossary" not in out


def test_the_translation_record_of_a_file_that_cannot_be_read_is_kept(capsys, esite):
    # Its translation still exists: only its file cannot be read, and says so once.
    for rel, old, new in (("content/glossary/amiad.yaml", "  en: Ministerial", " en: Ministerial"),
                          ("content/en/accord.md", "title:", "title: [")):
        path = esite / rel
        path.write_text(path.read_text().replace(old, new, 1))
    found = check(esite)
    assert [d.code for d in found if d.code == "translation.record"] == [], [d.format() for d in found]


def test_a_missing_glossary_entry_is_still_reported_after_its_file_is_deleted(capsys, site):
    # The check of [[amiad]] is cached with the page: deleting the file must not replay “no error”.
    amiad = site / "content/glossary/amiad.yaml"
    amiad.write_text("term: [\n")
    assert len(errors(run(capsys, site, "check")[1])) == 1
    amiad.unlink()
    code, out = run(capsys, site, "check")
    assert code == 1 and "“[[amiad]]” is not in the glossary" in out, out


def test_a_facts_file_that_cannot_be_read_is_reported_once(capsys, site):
    facts = site / "seeds/facts.yaml"
    facts.write_text(facts.read_text().replace("  - id: signature", " - id: signature"))
    code, out = run(capsys, site, "check")
    assert code == 1 and len(errors(out)) == 1 and "seeds/facts.yaml\n" in out, out


def test_a_refused_fact_is_reported_once(capsys, site):
    facts = site / "seeds/facts.yaml"
    facts.write_text(facts.read_text().replace("source: article", "source: articel"))
    code, out = run(capsys, site, "check")
    assert code == 1 and len(errors(out)) == 1 and "names source “articel”" in out, out


# A link to a heading that does not exist

def test_a_link_to_a_misspelt_heading_proposes_the_closest(capsys, site, lang):
    accord = site / "content/fr/accord.md"
    accord.write_text(accord.read_text() + "\n## Le calendrier\n\nDates.\n")
    write(site, "content/fr/seule.md", "---\ntitle: T\ndescription: D\n---\nVoir [le calendrier](accord.md#calendrir).\n")
    code, out = run(capsys, site, "check")
    assert code == 1, out
    message = words(lang, "« #calendrir » n'est pas un intertitre de fr/accord.md", "“#calendrir” is not a heading of fr/accord.md")
    hint = words(lang, "vouliez-vous dire « #le-calendrier » ?", "did you mean “#le-calendrier”?")
    assert words(lang, "ligne 5, erreur : ", "line 5: error: ") + f"{message}\n    → {hint}\n" in out, out


def test_a_link_to_a_heading_with_nothing_close_explains_heading_ids(capsys, site, lang):
    write(site, "content/fr/seule.md", "---\ntitle: T\ndescription: D\n---\nVoir [x](accord.md#zzzzzz).\n")
    code, out = run(capsys, site, "check")
    hint = words(lang, "visez l'identifiant d'un intertitre", "link to a heading's id")
    said = words(lang, "erreur : « #zzzzzz » n", "error: “#zzzzzz” is not")
    assert code == 1 and said in out and f"→ {hint}" in out, out


# `new` prints only what it knows: the page's path on the site

def test_new_prints_the_path_not_a_preview_address(capsys, site, lang):
    code, out = run(capsys, site, "new", "calendrier", "--title", "Le calendrier")
    assert code == 0, out
    assert words(lang, "Pour la voir, ouvrez /fr/calendrier/ dans l'aperçu (python3 build.py serve affiche l'adresse",
                 "To see it, open /fr/calendrier/ in the preview (python3 build.py serve prints the preview's address") in out
    assert "http" not in out and "8000" not in out


# Placeholder text left by `new`

def test_placeholders_left_in_a_published_page_are_warned_at_their_line(capsys, site, lang):
    assert run(capsys, site, "new", "calendrier", "--title", "Le calendrier")[0] == 0
    for command in ("check", "build"):
        code, out = run(capsys, site, command)
        assert code == 0, out
        page = out.split("content/fr/calendrier.md\n")[1].split("\n\n")[0]
        for line, text in ((3, "À compléter : une phrase qui résume la page."), (8, "Écrivez ici le texte de la page.")):
            message = words(lang, f"c'est encore le texte provisoire écrit par python3 build.py new : « {text} »",
                            f"this is still the placeholder text written by python3 build.py new: “{text}”")
            assert words(lang, f"ligne {line}, avertissement : ", f"line {line}: warning: ") + f"{message}\n    → " + words(
                lang, "remplacez-le par votre texte : tel quel, il serait publié",
                "replace it with your own text: as it is, it would be published") in page, out
        # The English page is a draft: its placeholders wait for the translator.
        assert out.count("À compléter") == 1 and out.count("To do:") == 0, out
    # Once replaced, nothing is said.
    page = site / "content/fr/calendrier.md"
    page.write_text(page.read_text().replace("À compléter : une phrase qui résume la page.", "Les dates.")
                    .replace("Écrivez ici le texte de la page.", "Le 8 janvier."))
    assert "page.placeholder" not in [d.code for d in check(site)]


def test_placeholders_left_in_a_glossary_entry_are_warned_at_their_line(capsys, site):
    assert run(capsys, site, "new", "--glossary", "drone", "--title", "drone")[0] == 0
    found = [(d.line, d.message) for d in check(site) if d.code == "page.placeholder"]
    assert [line for line, _ in found] == [5, 6] and "To do: the definition" in found[1][1], found


# A new entry or page pair is tracked against the text the editor writes

def translation_codes(root, file: str) -> list[str]:
    """The translation warnings about `file` (the fixture site's own pages are not all tracked)."""
    return sorted(d.code for d in check(root) if d.file == file and d.code.startswith("translation.")
                  and d.code not in ("translation.missing", "translation.draft"))


def fill(path, replacements):
    text = path.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_a_new_glossary_entry_is_tracked_from_the_text_written_into_it(capsys, site, lang):
    code, out = run(capsys, site, "new", "--glossary", "drone", "--title", "drone")
    assert code == 0 and words(lang, "Une fois le texte écrit dans chaque langue, marquez la traduction comme à jour : "
                                      "python3 build.py translations --mark-done content/glossary/drone.yaml",
                               "Once the text is written in every language, record that the translation is up to date: "
                               "python3 build.py translations --mark-done content/glossary/drone.yaml") in out, out
    entry = site / "content/glossary/drone.yaml"
    assert translation_codes(site, "content/glossary/drone.yaml") == []  # placeholders: nothing to track yet
    fill(entry, [("À compléter : la définition, en une ou deux phrases simples.", "Un aéronef sans pilote."),
                 ("To do: the definition, in one or two plain sentences.", "An aircraft without a pilot.")])
    assert translation_codes(site, "content/glossary/drone.yaml") == ["translation.untracked"]  # written: mark it done, never “out of date”
    assert run(capsys, site, "translations", "--mark-done", "content/glossary/drone.yaml")[0] == 0
    assert translation_codes(site, "content/glossary/drone.yaml") == []
    fill(entry, [("Un aéronef sans pilote.", "Un aéronef sans pilote à bord.")])
    assert translation_codes(site, "content/glossary/drone.yaml") == ["translation.outdated"]


def test_a_new_page_pair_is_tracked_from_the_text_written_into_it(capsys, site):
    code, out = run(capsys, site, "new", "calendrier", "--title", "Le calendrier")
    assert code == 0 and "--mark-done content/fr/calendrier.md" in out, out
    fr, en = site / "content/fr/calendrier.md", site / "content/en/calendrier.md"
    assert translation_codes(site, "content/en/calendrier.md") == []
    fill(fr, [("À compléter : une phrase qui résume la page.", "Les dates."),
              ("Écrivez ici le texte de la page.", "Le 8 janvier.")])
    assert translation_codes(site, "content/en/calendrier.md") == []  # the English page still holds its placeholders
    fill(en, [("To do: one sentence that sums up the page.", "The dates."), ("Write the page's text here.", "On 8 January."),
              ("draft: true\n", "")])
    assert translation_codes(site, "content/en/calendrier.md") == ["translation.untracked"]
    assert run(capsys, site, "translations", "--mark-done", "content/fr/calendrier.md")[0] == 0
    assert translation_codes(site, "content/en/calendrier.md") == []
    fill(fr, [("Le 8 janvier.", "Le 8 janvier 2026.")])
    assert translation_codes(site, "content/en/calendrier.md") == ["translation.outdated"]


def test_new_translations_of_a_written_page_start_tracked(capsys, site):
    (site / "content/en/accord.md").unlink()
    code, out = run(capsys, site, "new", "content/fr/accord.md")
    assert code == 0 and "--mark-done" not in out and 'translation_of: "' in (site / "content/en/accord.md").read_text()


# Translation warnings: one summary after the other problems

def test_translation_warnings_are_summed_up_after_the_errors(capsys, site, lang):
    write(site, "content/fr/seule.md", (site / "content/fr/seule.md").read_text() + "\nVoir [[inconnu]].\n")
    code, out = run(capsys, site, "check")
    assert code == 1, out
    summary = out.index("\n" + words(lang, "Traductions", "Translations") + "\n")
    error = words(lang, "erreur :", "error:")
    assert out.index(error) < summary and out.count("content/fr/seule.md") == 2  # its error, then its translation
    tail = out[summary:]
    assert error not in tail and words(lang, "n'est pas dans le glossaire", "is not in the glossary") not in tail
    untracked = sum(d.code == "translation.untracked" for d in check(site))
    assert words(lang, "2 page(s) pas encore traduite(s) :", "2 page(s) not translated yet:") in tail, out
    assert words(lang, f"\n  {untracked} traduction(s) qui ne notent pas quelle version de leur original elles traduisent :",
                 f"\n  {untracked} translation(s) that do not record which version of their source they translate:") in tail, out
    assert "    content/fr/seule.md: " in tail and "    content/en/accord.md:1: " in tail
