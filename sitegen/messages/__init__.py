"""What the tools say to people, in French or English, from catalogs a translator can edit.

`en.yaml` and `fr.yaml` hold one entry per message id (a diagnostic's code, or a word of the
tools such as a summary line): its `message` and, for diagnostics, its `hint` (what to do),
with `{name}` placeholders filled from the values the code gives.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml

LANGUAGES = ("fr", "en")
_HERE = Path(__file__).resolve().parent

# The language messages are printed in; the CLI sets it once, before any stage runs.
current = "en"


@cache
def catalog(lang: str) -> dict:
    with open(_HERE / f"{lang}.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def text(key: str, part: str = "message", lang: str | None = None, **params) -> str:
    """The `part` of message `key` in `lang` (default: the current language), filled in."""
    entry = catalog(lang or current)[key]
    template = entry if isinstance(entry, str) else entry.get(part, "")
    return template.format(**params) if params else template
