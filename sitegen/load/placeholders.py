"""The placeholder texts `build.py new` writes, in one place: `new` writes them, and the build
warns where one is left in a page that is published, so that none goes online by mistake."""
from __future__ import annotations

# Language → (description, body) of a new page; other languages get the English ones.
PAGE = {
    "fr": ("À compléter : une phrase qui résume la page.", "Écrivez ici le texte de la page."),
    "en": ("To do: one sentence that sums up the page.", "Write the page's text here."),
}
# Language → the definition of a new glossary entry.
DEFINITION = {"fr": "À compléter : la définition, en une ou deux phrases simples.",
              "en": "To do: the definition, in one or two plain sentences."}
# In any language: a translation starts as a copy of its source page.
ALL = frozenset(text for texts in PAGE.values() for text in texts) | frozenset(DEFINITION.values())


def page(lang: str) -> tuple[str, str]:
    return PAGE.get(lang, PAGE["en"])


def definition(lang: str) -> str:
    return DEFINITION.get(lang, DEFINITION["en"])


def left(*texts: str) -> bool:
    """Whether any of these texts (a description, a body, a definition) still holds a placeholder."""
    return any(text.strip() in ALL or lines(text, 1) for text in texts)


def lines(text: str, first_line: int) -> list[tuple[int, str]]:
    """(file line, placeholder) of every line of `text` that is one, `text` starting at `first_line`."""
    return [(number, line.strip()) for number, line in enumerate(text.split("\n"), first_line) if line.strip() in ALL]
