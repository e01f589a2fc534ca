"""A line holding only {{< name >}} is replaced by the template templates/shortcodes/<name>.html."""
from __future__ import annotations

import re

_LINE = re.compile(r"^\{\{<\s*([a-z][a-z0-9_-]*)\s*>\}\}\s*$")


def shortcode_plugin(md) -> None:
    md.block.ruler.before("paragraph", "shortcode", _parse, {"alt": ["paragraph"]})
    md.add_render_rule("shortcode", _render)


def _parse(state, start: int, end: int, silent: bool) -> bool:
    if state.sCount[start] - state.blkIndent >= 4:
        return False
    begin = state.bMarks[start] + state.tShift[start]
    match = _LINE.match(state.src[begin:state.eMarks[start]])
    if not match:
        return False
    if not silent:
        token = state.push("shortcode", "", 0)
        token.meta = {"name": match.group(1)}
        token.map = [start, start + 1]
        token.block = True
    state.line = start + 1
    return True


def _render(self, tokens, idx, options, env) -> str:
    return env["context"].shortcode(tokens[idx].meta["name"])
