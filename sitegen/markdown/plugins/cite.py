"""[@fact-id] and [@a; @b]: numbered references to the facts of the sources file.

The refs core rule numbers them per page in order of first citation; the template lists the
cited facts, with their source, in the page's sources block.
"""
from __future__ import annotations

import re

_CITE = re.compile(r"\[@([a-z0-9][\w-]*)((?:\s*;\s*@[a-z0-9][\w-]*)*)\](?!\()")
_ID = re.compile(r"@([a-z0-9][\w-]*)")


def cite_plugin(md) -> None:
    md.inline.ruler.before("link", "cite", _parse)
    md.add_render_rule("cite", _render)


def _parse(state, silent: bool) -> bool:
    if not state.src.startswith("[@", state.pos):
        return False
    match = _CITE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("cite", "", 0)
        token.meta = {"ids": _ID.findall(match.group(0))}
    state.pos = match.end()
    return True


def _render(self, tokens, idx, options, env) -> str:
    context = env["context"]
    numbers = context.collected.citation_numbers
    label = context.strings.get("source_note", "Source")
    links = [f'<a href="#fact-{fid}" aria-label="{label} {numbers[fid]}">{numbers[fid]}</a>'
             for fid in tokens[idx].meta["ids"] if fid in numbers]
    return f'<sup class="cite">{",".join(links)}</sup>' if links else ""
