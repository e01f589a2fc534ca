"""The facts file (site.yaml “sources:”) → the sources and the facts that pages cite with [@id].

Every text is stored with its language's typography (apostrophes, quotes, no-break spaces), once,
so that templates show it as it is.
"""
from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.errors import Diagnostics
from sitegen.load.config import SLUG_RE, SiteConfig
from sitegen.load.yamlio import check_keys, parse_yaml, per_language, read_text
from sitegen.typography import typography

SOURCE_KEYS = {"id", "title", "publisher", "date", "url", "language", "kind"}
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")
_LANGUAGE = re.compile(r"[a-z]{2,3}")
_SHORT_TITLE_WORDS = 5


@dataclass(frozen=True)
class Source:
    id: str
    title: dict  # lang → text
    publisher: dict  # lang → text (absent: no publisher)
    date: str  # YYYY-MM-DD, YYYY-MM, YYYY or ""
    language: str  # the language the source is written in, or ""
    kind: dict  # lang → text (absent: no kind)
    url: str
    title_lang: str = ""  # the title's language when one title serves every page language
    short: tuple = ()  # ((lang, how a note names the source), …): see _short_names

    def short_name(self, lang: str) -> str:
        return dict(self.short).get(lang, "")


@dataclass(frozen=True)
class Fact:
    id: str
    source: Source
    text: dict  # lang → the fact, in our words


@dataclass(frozen=True)
class Facts:
    path: Path | None
    sources: dict
    facts: dict
    # Facts reported as refused, and whether the whole file was: citing them is no mistake of the
    # page, so it is not reported a second time.
    refused: frozenset = frozenset()
    unreadable: bool = False


def load(config: SiteConfig, diag: Diagnostics) -> Facts:
    path = config.sources
    if path is None:
        return Facts(None, {}, {})
    text = read_text(path, diag)
    data, lines = parse_yaml(text, path, diag) if text is not None else (None, {})
    if not isinstance(data, dict):
        if text is not None and not diag.errors:
            diag.error("sources.type", path, 1)
        return Facts(path, {}, {}, unreadable=True)
    check_keys(data, {"sources", "facts"}, path, lines, diag)
    sources: dict[str, Source] = {}
    for i, item in enumerate(data.get("sources") or []):
        source = _source(item, ("sources", i), config, path, lines, diag)
        if source is not None and source.id in sources:
            diag.error("sources.duplicate", path, lines.get(("sources", i), 1), entry="sources.duplicate.source", id=source.id)
        elif source is not None:
            sources[source.id] = source
    sources = _short_names(sources, config.languages)
    facts: dict[str, Fact] = {}
    refused = set()
    for i, item in enumerate(data.get("facts") or []):
        fact = _fact(item, ("facts", i), sources, facts, config, path, lines, diag)
        if fact is not None:
            facts[fact.id] = fact
        elif isinstance(item, dict) and isinstance(item.get("id"), str):
            refused.add(item["id"])
    return Facts(path, sources, facts, frozenset(refused))


def _source(item, where: tuple, config: SiteConfig, path: Path, lines: dict, diag: Diagnostics) -> Source | None:
    """One entry of “sources:”, every problem reported at its line (the build then stops); None
    without an id. A source with problems is still returned, so its facts are not reported too."""
    line = lines.get(where, 1)
    if not isinstance(item, dict) or not item.get("id"):
        diag.error("sources.required", path, line, entry="sources.required.source")
        return None
    check_keys(item, SOURCE_KEYS, path, lines, diag, where=where)
    sid = str(item["id"])
    if not SLUG_RE.fullmatch(sid):
        diag.error("sources.id", path, lines.get(where + ("id",), line), entry="sources.id.source", id=sid)
    langs = config.languages
    title = per_language(item, "title", langs, path, lines, diag, "sources", where)
    publisher = per_language(item, "publisher", langs, path, lines, diag, "sources", where, required=False)
    kind = per_language(item, "kind", langs, path, lines, diag, "sources", where, required=False)
    date = item.get("date") or ""
    date = date.isoformat() if isinstance(date, dt.date) else str(date)
    if date and not _DATE.fullmatch(date):
        diag.error("sources.date", path, lines.get(where + ("date",), line), date=date)
    url = str(item.get("url") or "")
    if url and not url.startswith(("https://", "http://")):
        diag.error("sources.url", path, lines.get(where + ("url",), line), url=url)
    language = str(item.get("language") or "")
    if language and not _LANGUAGE.fullmatch(language):
        diag.error("sources.lang", path, lines.get(where + ("language",), line), language=language)

    # One title for every page is in the source's own language, and is typeset as such.
    title_lang = language if isinstance(item.get("title"), (str, int, float)) else ""

    def typeset(texts: dict, written_in: str = "") -> dict:
        return {lang: typography(texts[lang], written_in or lang) for lang in texts}

    return Source(sid, typeset(title, title_lang), typeset(publisher), date, language, typeset(kind), url, title_lang)


def _short_names(sources: dict, languages) -> dict:
    """How each note names its source: the publisher (else the title's first words) and the year,
    “Ministère des Armées, 2025”; sources that would share a name get a letter, as in 2025a, 2025b."""
    named = defaultdict(list)
    for source in sources.values():
        for lang in languages:
            name = source.publisher.get(lang) or _shorten(source.title.get(lang, source.id))
            year = source.date[:4]
            named[(lang, f"{name}, {year}" if year else name)].append(source.id)
    short = defaultdict(dict)
    for (lang, name), ids in named.items():
        for i, sid in enumerate(ids):
            letter = chr(ord("a") + i)
            short[sid][lang] = name if len(ids) == 1 else f"{name}{letter}" if name[-1].isdigit() else f"{name} ({letter})"
    return {sid: replace(source, short=tuple(short[sid].items())) for sid, source in sources.items()}


def _shorten(title: str) -> str:
    words = title.split()
    return title if len(words) <= _SHORT_TITLE_WORDS else " ".join(words[:_SHORT_TITLE_WORDS]) + "…"


def _fact(item, where: tuple, sources: dict, facts: dict, config: SiteConfig, path: Path, lines: dict,
          diag: Diagnostics) -> Fact | None:
    line = lines.get(where, 1)
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        diag.error("sources.required", path, line, entry="sources.required.fact")
        return None
    fid = item["id"]
    if not SLUG_RE.fullmatch(fid):
        diag.error("sources.id", path, line, entry="sources.id.fact", id=fid)
    if fid in facts:
        diag.error("sources.duplicate", path, line, entry="sources.duplicate.fact", id=fid)
    source = sources.get(str(item.get("source")))
    if source is None:
        diag.error("sources.source", path, lines.get(where + ("source",), line), id=fid, source=item.get("source"))
        return None
    for lang in config.languages:
        if not str(item.get(lang) or "").strip():
            diag.error("sources.language", path, line, id=fid, lang=lang)
    return Fact(fid, source, {lang: typography(str(item.get(lang) or "").strip(), lang) for lang in config.languages})
