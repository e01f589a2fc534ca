"""Reading editors' text files: UTF-8 (BOM tolerated), any line ending, YAML with line numbers.

Every YAML file editors write goes through `parse_yaml`, which refuses what could make a few
bytes cost the build without bound: anchors and aliases (a few hundred bytes of aliases
expand to gigabytes), nesting deeper than MAX_DEPTH (the loader recurses per level), and
texts longer than MAX_SIZE. Editors need none of these.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

import yaml

try:  # the C loader is several times faster; fall back where libyaml is missing
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _Loader

from sitegen import messages
from sitegen.errors import Diagnostics

MAX_SIZE = 1 << 20  # characters (1 MiB of plain text): the largest YAML file of the site has 13 KB
MAX_DEPTH = 50  # levels of lists and mappings; the site's files use at most 4
# Every level of nesting is opened by one of these: a text with fewer cannot be too deep.
_OPENERS = "-:?[{"


def _read_bytes(path: Path) -> bytes:
    """Path.read_bytes without open()'s stat, ioctl and seek: thousands of pages are read per build."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0))
    try:
        chunks = []
        while chunk := os.read(fd, 1 << 20):
            chunks.append(chunk)
    finally:
        os.close(fd)
    return b"".join(chunks)


def read_text(path: Path, diag: Diagnostics) -> str | None:
    """The file's text (see `decode`), or None (and an error) when it is not UTF-8."""
    data = _read_bytes(path)
    try:
        return decode(data)
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        diag.error("file.encoding", path, line)
        return None


def decode(data: bytes) -> str:
    """An editor's file → its text as every stage reads it: UTF-8 without the BOM some editors
    add, every line ending (Windows', old Macs') turned into \\n. Raises UnicodeDecodeError."""
    return data.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")


def parse_yaml(text: str, path: Path, diag: Diagnostics, first_line: int = 1):
    """(data, lines): the YAML value and the line of every mapping key and list item, by path.

    `first_line` is the file line where `text` starts, so errors in front matter point at
    the right line of the Markdown file. Returns (None, {}) after reporting a syntax error
    or something refused.
    """
    if _refused(text, path, diag, first_line):
        return None, {}
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = first_line + mark.line if mark else first_line
        tab = _tab_at(text, mark, getattr(exc, "problem", None) or "")
        if tab:
            diag.error("yaml.tab", path, line, column=tab)
            return None, {}
        problem = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context_mark", None)
        if context is not None and mark is not None and context.line != mark.line:
            problem += messages.text("yaml.syntax", "context", line=first_line + context.line)
        diag.error("yaml.syntax", path, line, problem=problem)
        return None, {}
    finally:
        loader.dispose()
    lines: dict[tuple, int] = {}
    if node is not None:
        _index(node, (), lines, first_line)
    return data, lines


def _tab_at(text: str, mark, problem: str) -> int:
    """The column (1-based) of the tab that stopped the parser, or 0: the one where it stopped, one
    just before it (`key:<TAB>- item`), one in the line's indentation, or any on the line if the
    parser said “tab”. Another tab is not the problem (`key:<TAB>value` reads well)."""
    if mark is None:
        return 0
    line = text.split("\n")[mark.line] if mark.line < text.count("\n") + 1 else ""
    column = line.rfind("\t", 0, mark.column + 1)
    indentation = line[:len(line) - len(line.lstrip())]
    if column >= 0 and line[column + 1:mark.column].strip():
        column = indentation.find("\t")
    if column < 0 and "tab" in problem:
        column = line.find("\t")
    return column + 1


def _refused(text: str, path: Path, diag: Diagnostics, first_line: int) -> bool:
    """Reports a text too long, an anchor, an alias or too deep a nesting before anything is built.

    Only texts that could hold one of these are read event by event, in C, up to the first one:
    nearly every front matter is parsed once, as before.
    """
    if len(text) > MAX_SIZE:
        diag.error("yaml.size", path, first_line + text.count("\n", 0, MAX_SIZE), size=MAX_SIZE)
        return True
    if "&" not in text and "*" not in text and sum(map(text.count, _OPENERS)) <= MAX_DEPTH:
        return False
    loader = _Loader(text)
    depth = 0
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                diag.error("yaml.alias", path, first_line + event.start_mark.line)
                return True
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_DEPTH:
                diag.error("yaml.depth", path, first_line + event.start_mark.line, depth=MAX_DEPTH)
                return True
    except yaml.YAMLError:
        return False  # composing the text again reports the syntax error, as for any other text
    finally:
        loader.dispose()
    return False


def _index(node, path: tuple, lines: dict, first_line: int) -> None:
    # Without aliases every node is visited once, and no deeper than MAX_DEPTH.
    lines[path] = first_line + node.start_mark.line
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            child = path + (key.value,)
            _index(value, child, lines, first_line)
            lines[child] = first_line + key.start_mark.line
    elif isinstance(node, yaml.SequenceNode):
        for i, value in enumerate(node.value):
            _index(value, path + (i,), lines, first_line)


def did_you_mean(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word), list(choices), n=1)
    return messages.text("hint.did_you_mean", word=close[0]) if close else ""


def check_keys(data: dict, allowed, path: Path, lines: dict, diag: Diagnostics,
               where: tuple = (), what: str = "key", level: str = "error") -> None:
    """Reports every unknown key, with a likely correction; `what` names the catalog entry
    `what`.unknown (key, setting, language, frontmatterfield)."""
    for key in data:
        if key not in allowed:
            diag.add(level, f"{what}.unknown", path, lines.get(where + (key,), 0), hint=did_you_mean(key, allowed) or None,
                     key=key, known=", ".join(sorted(allowed)))


def per_language(data: dict, key: str, languages, path: Path, lines: dict, diag: Diagnostics, code: str,
                 where: tuple = (), required: bool = True) -> dict:
    """data[key] as lang → text: one text per language, or one plain value for all of them.
    `where` is the mapping's place in the file (a list item's), for the lines of its problems."""
    value = data.get(key)
    line = lines.get(where + (key,), lines.get(where, 1) if where else 1)
    if value is None:
        if required:
            diag.error(f"{code}.required", path, line, entry="per_language.required", key=key, languages=", ".join(languages))
        return {}
    if isinstance(value, (str, int, float)):  # one value for every language (an abbreviation, a name)
        return {lang: str(value).strip() for lang in languages}
    if not isinstance(value, dict):
        diag.error(f"{code}.type", path, line, entry="per_language.type", key=key, languages=", ".join(languages))
        return {}
    out = {}
    for lang in languages:
        text = value.get(lang)
        if text is None or not str(text).strip():
            if required:
                diag.error(f"{code}.language", path, line, entry="per_language.language", key=key, lang=lang)
        else:
            out[lang] = str(text).strip()
    check_keys(value, set(languages), path, lines, diag, where=where + (key,), what="language")
    return out
