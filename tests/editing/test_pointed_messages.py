"""Messages that point at the real mistake (issue 15, part 3): each in French and in English."""
from __future__ import annotations

import pytest
from conftest import run, write

from sitegen import messages
from sitegen.errors import Diagnostics
from sitegen.load import frontmatter
from sitegen.load.discover import SourceFile


@pytest.fixture(params=messages.LANGUAGES)
def lang(request):
    """Runs the test once per language of the messages, then puts the language back."""
    before = messages.current
    messages.current = request.param
    yield request.param
    messages.current = before


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
