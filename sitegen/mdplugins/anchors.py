"""Heading ids that stay stable and readable: accents folded, unique per page, listed for the TOC."""
from __future__ import annotations

import re
import unicodedata

_FOLD = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "-", "'": "-"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """“Guerre acoustique : l'œil et l'oreille” → guerre-acoustique-l-oeil-et-l-oreille."""
    text = text.translate(_FOLD)
    if not text.isascii():  # ASCII has no accents to fold: skip the walk over every character
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NON_WORD.sub("-", text.lower()).strip("-")


def inline_text(token) -> str:
    """The visible text of an inline token (glossary terms included), for ids and the TOC."""
    parts = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type == "glossary_term":
            parts.append(child.meta["text"])
    return "".join(parts).strip()


def anchors_plugin(md) -> None:
    # After smartquotes, so the table of contents shows the same apostrophes as the headings.
    md.core.ruler.after("smartquotes", "heading_anchors", _anchors)


def _anchors(state) -> None:
    seen = set(state.env.get("reserved_ids", ()))
    headings = state.env.setdefault("headings", [])
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open":
            continue
        text = inline_text(tokens[i + 1])
        base = slugify(text) or "section"
        slug, n = base, 1
        while slug in seen:
            slug, n = f"{base}-{n}", n + 1
        seen.add(slug)
        token.attrSet("id", slug)
        headings.append({"level": int(token.tag[1]), "text": text, "id": slug})
