"""Typographic apostrophes and quotes for text that does not go through Markdown (titles,
descriptions, data), so it matches the body, where markdown-it's smartquotes does the same."""
from __future__ import annotations

import re

_APOSTROPHE = re.compile(r"(?<=\w)'|'(?=\w)")
_DOUBLE = re.compile(r'"([^"\n]*)"')
QUOTES = {"fr": ("«\u00a0", "\u00a0»"), "en": ("“", "”")}


def typography(text: str, lang: str) -> str:
    """L'accord → L’accord; "x" → « x » in French, “x” in English."""
    opening, closing = QUOTES.get(lang, QUOTES["en"])
    text = _DOUBLE.sub(lambda m: f"{opening}{m.group(1)}{closing}", text)
    return _APOSTROPHE.sub("’", text)
