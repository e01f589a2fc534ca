"""What a Markdown plugin may read while a text renders, and what it writes: the one object the
plugins find under `env["context"]` (markdown-it keeps `env` a dict for its own references and
footnotes, so everything of ours sits under that one key).

The lookups are mappings the caller may wrap (the cache's recording maps): plugins go through
`get`, `in` and iteration only, so every lookup is seen.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping, NamedTuple

from sitegen.errors import Diagnostics


class Link(NamedTuple):
    """A link to a heading, recorded to be checked once every page is rendered."""
    line: int  # in the source file
    lang: str
    key: str  # the key of the page (or glossary text) it points into
    fragment: str  # as written
    slug: str  # the heading id it must match


@dataclass
class Collected:
    """What the plugins gather while the text renders, for the table of contents, backlinks,
    the sources block and the link check once every page is rendered."""

    headings: list = field(default_factory=list)  # [{level, text, id}] in page order
    terms: set = field(default_factory=set)  # glossary ids used
    links: list = field(default_factory=list)  # [Link] to check once every page is rendered
    citation_numbers: dict = field(default_factory=dict)  # fact id → its number on the page
    term_count: int = 0  # tooltips so far: numbers their ids
    definitions_end: int = 0  # the line after the last link reference definition ([x]: https://…)
    cut: int | None = None  # the line a reported cut starts at: one report per text


@dataclass(frozen=True)
class RenderContext:
    """The text being rendered and the lookups its references resolve through."""

    lang: str
    file: Path  # the editor's file, for messages
    rel_source: str  # "fr/accord.md": relative links resolve from its folder
    key: str  # the page's key, for links to its own headings
    body_line: int  # the file line of the text's first line
    output: str  # the output path: relative URLs start from it
    diag: Diagnostics
    glossary: Mapping  # term id → GlossaryEntry
    tips: Mapping  # term id → its tooltip text in this language
    facts: Mapping  # fact id → Fact
    page_outputs: Mapping  # (lang, key) → output path
    static_outputs: Mapping  # file under static/ → output path
    shortcodes: Mapping  # the shortcode names
    strings: Mapping  # the language's interface strings
    shortcode: Callable[[str], str]  # name → its HTML
    glossary_href: Callable[[str], str]  # term id → URL of its entry
    # ("term" or "fact", id) → True: refused where it is defined, so not reported again where used
    unreadable: Mapping = field(default_factory=dict)
    id_prefix: str = ""  # before generated ids, on pages that join several renders
    tooltips: bool = True  # False on the glossary page, where the entry is the explanation
    collected: Collected = field(default_factory=Collected)

    def error(self, code: str, line: int, /, hint: str | None = None, **params) -> None:
        """Reports the catalog's message for `code` (or `entry=`, see Diagnostics.add) at `line`."""
        self.diag.error(code, self.file, line, hint=hint, **params)
