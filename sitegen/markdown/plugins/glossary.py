"""[[id]] and [[id|words]]: a link to the glossary entry with its definition readable in place.

The parse rule only recognises the syntax; the refs core rule checks the id with its line, and
the render rule writes the link and a tooltip that CSS shows on hover and focus (no JS needed),
tied to the link by aria-describedby so screen readers announce it.
"""
from __future__ import annotations

import re

from markdown_it.common.utils import escapeHtml

_TERM = re.compile(r"\[\[([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")


def glossary_plugin(md) -> None:
    md.inline.ruler.before("link", "glossary_term", _parse)
    md.add_render_rule("glossary_term", _render)


def _parse(state, silent: bool) -> bool:
    if not state.src.startswith("[[", state.pos):
        return False
    match = _TERM.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("glossary_term", "", 0)
        words = match.group(2)
        token.meta = {"id": match.group(1).strip(), "words": words.strip() if words else None, "text": ""}
        token.meta["text"] = token.meta["words"] or token.meta["id"]
    state.pos = match.end()
    return True


def _render(self, tokens, idx, options, env) -> str:
    meta = tokens[idx].meta
    context = env["context"]
    entry = context.glossary.get(meta["id"])
    if entry is None:  # already reported by the refs rule, with its line
        return escapeHtml(meta["text"])
    href = escapeHtml(context.glossary_href(entry.id))
    if not context.tooltips:  # on the glossary page the entry itself is the explanation
        return f'<a class="term" href="{href}">{escapeHtml(meta["text"])}</a>'
    context.collected.term_count = count = context.collected.term_count + 1
    tip_id = f"{context.id_prefix}term-{count}"  # unique on pages that join several renders
    tip = escapeHtml(context.tips[entry.id])
    # The hidden brackets keep the term and its definition apart where CSS does not load.
    return (f'<span class="term"><a href="{href}" aria-describedby="{tip_id}">{escapeHtml(meta["text"])}</a>'
            f'<span class="term-tip" role="tooltip" id="{tip_id}"><span class="visually-hidden"> (</span>{tip}'
            f'<span class="visually-hidden">)</span></span></span>')
