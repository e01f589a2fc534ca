"""content/glossary/<id>.yaml → GlossaryEntry, checked for every language and every cross-reference."""
from __future__ import annotations

from dataclasses import dataclass, field

from sitegen.errors import Diagnostics
from sitegen.load import placeholders
from sitegen.load.config import SLUG_RE, SiteConfig
from sitegen.load.discover import SourceFile
from sitegen.load.yamlio import (
    check_keys,
    did_you_mean,
    parse_yaml,
    per_language,
    read_text,
)

KEYS = {"term", "abbr", "definition", "see_also", "translation_of"}


@dataclass(frozen=True)
class GlossaryEntry:
    id: str
    source: SourceFile
    term: dict  # lang → text
    abbr: dict  # lang → text (may be empty)
    definition: dict  # lang → Markdown
    see_also: tuple[str, ...]
    lines: dict
    translation_of: dict = field(default_factory=dict)  # lang → hash of the default language's text

    def label(self, lang: str) -> str:
        """What [[id]] shows: the abbreviation where there is one, else the term."""
        return self.abbr.get(lang) or self.term[lang]


def load(config: SiteConfig, sources: list[SourceFile], diag: Diagnostics) -> dict[str, GlossaryEntry]:
    entries: dict[str, GlossaryEntry] = {}
    for source in sources:
        path = source.path
        if not SLUG_RE.fullmatch(source.key):
            diag.error("glossary.id", path, 0, name=source.key)
            continue
        text = read_text(path, diag)
        if text is None:
            continue
        before = len(diag.errors)
        data, lines = parse_yaml(text, path, diag)
        if len(diag.errors) > before:
            continue
        if not isinstance(data, dict):
            diag.error("glossary.type", path, 1, entry="glossary.type.entry")
            continue
        check_keys(data, KEYS, path, lines, diag)
        term = per_language(data, "term", config.languages, path, lines, diag, "glossary")
        definition = per_language(data, "definition", config.languages, path, lines, diag, "glossary")
        for lang, text in definition.items():  # an entry is published as soon as it exists
            if text in placeholders.ALL:
                line = lines.get(("definition", lang), lines.get(("definition",), 1))
                diag.warning("page.placeholder", path, line, text=text)
        abbr = per_language(data, "abbr", config.languages, path, lines, diag, "glossary", required=False)
        see_also = data.get("see_also") or []
        if isinstance(see_also, str):
            see_also = [see_also]
        if not isinstance(see_also, list):
            diag.error("glossary.type", path, lines.get(("see_also",), 1), entry="glossary.type.see_also")
            see_also = []
        tracked = data.get("translation_of") or {}
        if isinstance(tracked, str):  # one hash for every translated language
            tracked = {lang: tracked for lang in config.languages if lang != config.default_language}
        if not isinstance(tracked, dict):
            diag.error("glossary.type", path, lines.get(("translation_of",), 1), entry="glossary.type.translation_of",
                       file=diag.rel(path))
            tracked = {}
        if len(diag.errors) == before:
            entries[source.key] = GlossaryEntry(source.key, source, term, abbr, definition,
                                                tuple(str(s) for s in see_also), lines,
                                                {str(k): str(v) for k, v in tracked.items()})
    # An entry whose file cannot be read is reported once, by itself: naming it is no mistake.
    files = {source.key for source in sources}
    for entry in entries.values():
        for i, other in enumerate(entry.see_also):
            if other not in files:
                diag.error("glossary.see_also", entry.source.path, entry.lines.get(("see_also", i), entry.lines.get(("see_also",), 1)),
                           hint=did_you_mean(other, entries) or None, id=other)
    return entries
