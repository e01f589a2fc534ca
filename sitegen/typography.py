"""Typographic apostrophes, quotes and spaces. `typography` is for text that does not go through
Markdown (titles, descriptions, data); in the body markdown-it's smartquotes makes the quotes and
`spacing` the spaces, so both read the same."""
from __future__ import annotations

import re
from functools import lru_cache

from sitegen.dates import MONTHS

_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\w)")
_DOUBLE = re.compile(r'"([^"\n]*)"')
QUOTES = {"fr": ("«\u00a0", "\u00a0»"), "en": ("“", "”")}
# French puts a no-break space before : ; ! ? and inside guillemets, so that no line starts with
# one of them. Editors type an ordinary space (or none inside « »); the build makes it no-break.
_FR_SPACES = re.compile(r"[ \t]+([:;!?])|(«)[ \t\u00a0]*|[ \t\u00a0]*(»)")  # one pass: it runs on every text
# Most texts have none of these marks: finding that out is ten times cheaper than the substitution,
# whose optional spaces make it try at every character.
_FR_MARKS = re.compile(r"[:;!?«»]")


def _french_space(match: re.Match) -> str:
    mark, opening, closing = match.groups()
    return "«\u00a0" if opening else f"\u00a0{mark or closing}"


def _french_spaces(text: str) -> str:
    return _FR_SPACES.sub(_french_space, text) if _FR_MARKS.search(text) else text


SPACING = {"fr": _french_spaces}

# A day and its month (“8 janvier”, “1er mars”) and a number and its unit (“155 mm”) stay on one
# line. Starting with a digit keeps the search cheap: the regex engine skips to the digits.
_UNITS = r"mm|cm|m|km|kg|kt|MW|GW|Mo|Go|To|MB|GB|TB|%|€|M€|Md€|k€"


def _together_rule(lang: str) -> re.Pattern:
    months = "|".join(MONTHS.get(lang, ()))
    return re.compile(rf"(\d(?:er)?)[ \t]+(?=(?:{months}{'|' if months else ''}{_UNITS})(?![\w€%]))")


_TOGETHER = {lang: _together_rule(lang) for lang in MONTHS}
_TOGETHER_OTHER = _together_rule("")


def spacing(text: str, lang: str) -> str:
    """The language's no-break spaces: around punctuation (French only: English has none), and
    between a number and the month or unit that follows it (every language)."""
    rule = SPACING.get(lang)
    text = rule(text) if rule else text
    return _TOGETHER.get(lang, _TOGETHER_OTHER).sub("\\1\u00a0", text)


@lru_cache(maxsize=8192)  # templates ask again for the same titles, labels and data on every page
def typography(text: str, lang: str) -> str:
    """L'accord → L’accord; "x" → « x » in French, “x” in English; “Note :” → “Note\u00a0:”."""
    opening, closing = QUOTES.get(lang, QUOTES["en"])
    text = _DOUBLE.sub(lambda m: f"{opening}{m.group(1)}{closing}", text)
    return spacing(_APOSTROPHE.sub("’", text), lang)
