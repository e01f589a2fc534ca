"""Every word of a page reaches the page, or the build says where it would not.

markdown-it stops reading a block nested deeper than its `maxNesting` and drops the rest of
it without a word, and a table row's cells beyond its header's. The guards are cheap: the
nesting check runs once per container (list item, quote), the row check once per table, and a
core rule checks that the last block read reaches the last line with a word on it, so a future
limit of the parser that cuts a page short is caught as well.
"""
from __future__ import annotations

import functools
import re

from markdown_it.rules_block.reference import reference
from markdown_it.rules_block.table import escapedSplit, getLine, table

_WORD = re.compile(r"\w")


def complete_plugin(md) -> None:
    md.block.tokenize = functools.partial(_tokenize, md.block.tokenize)
    md.block.ruler.at("table", _table, {"alt": ["paragraph", "reference"]})  # as markdown-it adds it
    md.block.ruler.at("reference", _reference)
    md.core.ruler.after("block", "sitegen_complete", _complete)


def _tokenize(tokenize, state, start: int, end: int) -> None:
    # markdown-it's own test, at the start of its loop: a line left to read this deep is skipped.
    if state.level >= state.md.options.maxNesting:
        line = state.skipEmptyLines(start)
        if line < end and state.sCount[line] >= state.blkIndent:
            _cut(state.env["context"], line, "markdown.nesting")
    tokenize(state, start, end)


def _table(state, start: int, end: int, silent: bool) -> bool:
    first = len(state.tokens)
    if not table(state, start, end, silent):
        return False
    if not silent:
        tokens = state.tokens[first:]
        columns = sum(1 for token in tokens if token.type == "th_open")
        for row in tokens:
            if row.type == "tr_open" and row.map[0] > start and len(_cells(state, row.map[0])) > columns:
                context = state.env["context"]
                context.error("markdown.table", context.body_line + row.map[0], columns=columns)
    return True


def _cells(state, line: int) -> list:
    """The cells of a table row, split as markdown-it's table rule splits them."""
    cells = escapedSplit(getLine(state, line).strip())
    if cells and cells[0] == "":
        cells.pop(0)
    if cells and cells[-1] == "":
        cells.pop()
    return cells


def _reference(state, start: int, end: int, silent: bool) -> bool:
    """A link reference definition ([x]: https://…) shows nothing and leaves no token: note its end."""
    if not reference(state, start, end, silent):
        return False
    if not silent:
        state.env["context"].collected.definitions_end = state.line
    return True


def _complete(state) -> None:
    """Reports the first line with a word after the last block read, unless a cut is already reported."""
    context = state.env["context"]
    if context.collected.cut is not None:
        return
    read = context.collected.definitions_end
    for token in reversed(state.tokens):
        if token.nesting == 0 and token.map:  # a leaf block: the lines it read hold its text
            read = max(read, token.map[1])
            break
    for offset, text in enumerate(state.src.split("\n")[read:]):
        if _WORD.search(text):
            _cut(context, read + offset, "markdown.incomplete")
            return


def _cut(context, line: int, code: str) -> None:
    context.collected.cut = line
    context.error(code, context.body_line + line)
