"""The lines around a problem, as the preview shows them in the terminal and in the browser, so an
editor sees the faulty line in its context without opening the file."""
from __future__ import annotations

from pathlib import Path

from sitegen.load import ownfiles

AROUND = 2  # lines shown before and after the faulty one
WIDTH = 200  # a longer line (minified CSS, a pasted paragraph) is cut here


def visible_tabs(text: str, stop: int = 4) -> str:
    """Tabs shown as “⇥” and padded to the next tab stop: a tab can break YAML, and shown as
    spaces it looks like the indentation the editor meant."""
    out = ""
    for i, part in enumerate(text.split("\t")):
        if i:
            out += "⇥".ljust(stop - len(out) % stop)
        out += part
    return out


def excerpt(root: Path, file: str, line: int, around: int = AROUND) -> list[tuple[int, str]]:
    """(line number, text) of the lines around `line` of `file` (relative to `root`); empty when the
    problem has no line or the file cannot be read, since the problem itself already says why."""
    if not file or line < 1 or ownfiles.flaw(root / file, root):  # only the project's own files
        return []
    try:
        with open(root / file, "rb") as handle:
            lines = []
            for number, raw in enumerate(handle, 1):
                if number > line + around:
                    break
                if number >= line - around:
                    lines.append((number, visible_tabs(raw.decode("utf-8", "replace").rstrip("\r\n"))))
    except OSError:
        return []
    if not any(number == line for number, _ in lines):
        return []  # a line past the end: the file changed since the build read it
    return [(number, text if len(text) <= WIDTH else text[:WIDTH] + "…") for number, text in lines]
