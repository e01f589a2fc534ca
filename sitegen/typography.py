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
# That is: spaces or tabs before : ; ! ? become one no-break space, and so do any spaces (no-break
# ones too) after « and before ». A substitution of those spaces tried a match at every character
# (0.4 ms for a page of 7 KB); splitting the text at its marks, which are few, costs a tenth.
_FR_MARKS = re.compile(r"([:;!?«»])")


def _french_spaces(text: str) -> str:
    parts = _FR_MARKS.split(text)  # text, mark, text, mark, …, text
    for i in range(1, len(parts), 2):
        mark = parts[i]
        if mark == "«":
            parts[i], parts[i + 1] = "«\u00a0", parts[i + 1].lstrip(" \t\u00a0")
        elif mark == "»":
            parts[i - 1], parts[i] = parts[i - 1].rstrip(" \t\u00a0"), "\u00a0»"
        elif parts[i - 1].endswith((" ", "\t")):
            parts[i - 1], parts[i] = parts[i - 1].rstrip(" \t"), f"\u00a0{mark}"
    return "".join(parts) if len(parts) > 1 else text


SPACING = {"fr": _french_spaces}

# A day and its month (“8 janvier”, “1er mars”) and a number and its unit (“155 mm”) stay on one
# line. An ASCII digit ([0-9], not \d, whose Unicode lookup per character took twice as long)
# starts it: the digits editors type.
_UNITS = r"mm|cm|m|km|kg|kt|MW|GW|Mo|Go|To|MB|GB|TB|%|€|M€|Md€|k€"


def _together_rule(lang: str) -> re.Pattern:
    months = "|".join(MONTHS.get(lang, ()))
    return re.compile(rf"([0-9](?:er)?)[ \t]+(?=(?:{months}{'|' if months else ''}{_UNITS})(?![\w€%]))")


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
