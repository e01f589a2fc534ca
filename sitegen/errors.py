"""Problems found in the sources, as values: a file, a line, what is wrong and what to do.

Stages never print and never raise mid-way: they add Diagnostics to a collector, so one run
reports every problem at once. The pipeline raises SiteError (the one error type) when a stage
ends with errors; the CLI prints it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sitegen import messages

ERROR = "error"
WARNING = "warning"


def visible(text: str) -> str:
    """Editors' text quoted in a message, with line breaks and other control characters shown
    as escapes instead of breaking the message's lines."""
    return text if text.isprintable() else "".join(c if c.isprintable() else ascii(c)[1:-1] for c in text)


@dataclass(frozen=True, order=True)
class Diagnostic:
    file: str  # path relative to the project root, with forward slashes ("" when none)
    line: int  # 1-based; 0 when the problem has no line
    level: str
    code: str  # short stable id such as "frontmatter.required", for tests and tooling
    message: str
    hint: str = ""

    def format(self) -> str:
        where = self.file or "site"
        if self.line:
            where += f":{self.line}"
        text = f"{where}: {self.level}: {self.message}"
        if self.hint:
            text += f"\n    → {self.hint}"
        return text


@dataclass
class Diagnostics:
    """Collects what every stage finds; the root makes file paths readable."""

    root: Path
    items: list[Diagnostic] = field(default_factory=list)

    def rel(self, path: Path | str) -> str:
        path = Path(path)
        try:
            # The file itself is not resolved: a link is named where it is, not where it points.
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def add(self, level: str, code: str, path, line: int, /, message: str | None = None, hint: str | None = None,
            entry: str = "", **params) -> None:
        """Message and hint come from the catalog's `entry` (by default the code's own; another
        when one code has several wordings), filled with `params`; a `hint` given (a suggestion)
        replaces the catalog's."""
        key = entry or code
        if message is None:
            message = messages.text(key, **params)
        if hint is None:
            hint = messages.text(key, "hint", **params)
        self.items.append(Diagnostic(visible(self.rel(path)) if path else "", line or 0, level, code, message, hint))

    def error(self, code: str, path, line: int, /, message: str | None = None, hint: str | None = None, **params) -> None:
        self.add(ERROR, code, path, line, message, hint, **params)

    def warning(self, code: str, path, line: int, /, message: str | None = None, hint: str | None = None, **params) -> None:
        self.add(WARNING, code, path, line, message, hint, **params)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.level == WARNING]

    def sorted(self) -> list[Diagnostic]:
        # Deduplicated and in file order, so the same input always prints the same report.
        return sorted(set(self.items), key=lambda d: (d.file, d.line, d.level, d.code, d.message))

    def raise_if_errors(self) -> None:
        if self.errors:
            raise SiteError(self.sorted())


class SiteError(Exception):
    """The one error type: the build stopped; `diagnostics` says why, with files and lines."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))
