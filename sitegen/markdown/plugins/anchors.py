"""Heading ids that stay stable and readable: accents folded, unique per page, listed for the TOC."""
from __future__ import annotations

from sitegen.urls import slugify


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
    seen = set()
    headings = state.env["context"].collected.headings
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
