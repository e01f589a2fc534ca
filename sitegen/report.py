"""Printing diagnostics for people (grouped by file, with a count) and for GitHub Actions."""
from __future__ import annotations

import os
import sys
from itertools import groupby
from pathlib import Path

from sitegen import messages
from sitegen.errors import ERROR, WARNING, Diagnostic
from sitegen.excerpt import excerpt


class Reporter:
    def __init__(self, stream=None, color: bool | None = None, excerpts_from: Path | None = None):
        self.stream = stream or sys.stderr
        if color is None:
            color = self.stream.isatty() and "NO_COLOR" not in os.environ
        self.color = color
        # The preview also prints the lines around each problem, read from the project at this root.
        self.excerpts_from = excerpts_from

    def _paint(self, text: str, code: str) -> str:
        return f"\033[{code}m{text}\033[0m" if self.color else text

    def diagnostics(self, items: list[Diagnostic]) -> None:
        # Translation warnings come last, in one summary: the mistakes to fix are not lost among them.
        translations = [d for d in items if _translation(d)]
        self._by_file([d for d in items if not _translation(d)])
        if translations:
            self.stream.write("\n" + self._paint(messages.text("report.translations"), "1") + "\n")
            order = {code: i for i, code in enumerate(TRANSLATION_CODES)}
            translations.sort(key=lambda d: (order.get(d.code, len(order)), d.file, d.line))
            for code, group in groupby(translations, key=lambda d: d.code if d.code in order else ""):
                group = list(group)
                heading = messages.text(f"report.{code or 'translation.other'}", count=len(group))
                self.stream.write(f"  {heading}\n")
                for d in group:
                    where = d.file + (f":{d.line}" if d.line else "")
                    self.stream.write(f"    {where}: {d.message}\n")
                    if d.hint:
                        hint = d.hint.replace("\n", "\n        ")
                        self.stream.write(f"      → {hint}\n")
        errors = sum(d.level == ERROR for d in items)
        warnings = len(items) - errors
        if items:
            self.stream.write(f"\n{messages.count('error', errors)}, {messages.count('warning', warnings)}.\n")

    def _by_file(self, items: list[Diagnostic]) -> None:
        current = None
        for d in items:
            if d.file != current:
                current = d.file
                self.stream.write("\n" + self._paint(d.file or messages.text("report.site"), "1") + "\n")
            level = self._paint(messages.text("report.level", d.level), "31;1" if d.level == ERROR else "33;1")
            where = messages.text("report.line", line=d.line) if d.line else ""
            self.stream.write(f"  {where}{messages.text('report.said', level=level, message=d.message)}\n")
            if d.hint:
                hint = d.hint.replace("\n", "\n      ")
                self.stream.write(f"    → {hint}\n")
            if self.excerpts_from:
                for number, text in excerpt(self.excerpts_from, d.file, d.line):
                    here = number == d.line
                    self.stream.write(self._paint(f"    {'>' if here else ' '}{number:>5} | {text}", "1" if here else "2") + "\n")

    def say(self, text: str) -> None:
        self.stream.write(text + "\n")


# The translation warnings summed up after the other problems, in this order.
TRANSLATION_CODES = ("translation.outdated", "translation.untracked", "translation.draft", "translation.missing",
                     "translation.source", "translation.record")


def _translation(d: Diagnostic) -> bool:
    return d.level == WARNING and d.code.startswith("translation.")


class Progress:
    """“Rendering pages: 1200/2000 (850/s)” on one terminal line, once a build has run for a
    second; nothing at all when the output is not a terminal (CI logs, pipes)."""

    def __init__(self, stream=None, delay: float = 1.0):
        import time

        self.stream = stream or sys.stderr
        self.clock = time.perf_counter
        self.start = self.clock()
        self.delay = delay
        self.shown = False

    def __call__(self, done: int, total: int) -> None:
        elapsed = self.clock() - self.start
        if elapsed < self.delay or not self.stream.isatty():
            return
        rate = done / elapsed if elapsed else 0
        self.stream.write("\r  " + messages.text("report.progress", done=done, total=total, rate=f"{rate:.0f}") + "\033[K")
        self.stream.flush()
        self.shown = True

    def close(self) -> None:
        if self.shown:
            self.stream.write("\r\033[K")
            self.stream.flush()
