"""The facts file (site.yaml “sources:”) → the facts that pages cite with [@id]."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from .config import SLUG_RE, SiteConfig
from .errors import Diagnostics
from .yamlio import check_keys, parse_yaml, read_text


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    date: str
    language: str
    kind: dict  # lang → text
    url: str


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


def load(config: SiteConfig, diag: Diagnostics) -> Facts:
    path = config.sources
    if path is None:
        return Facts(None, {}, {})
    text = read_text(path, diag)
    data, lines = parse_yaml(text, path, diag) if text is not None else (None, {})
    if not isinstance(data, dict):
        if text is not None and not diag.errors:
            diag.error("sources.type", path, 1, "the sources file needs “sources:” and “facts:” lists")
        return Facts(path, {}, {})
    check_keys(data, {"sources", "facts"}, path, lines, diag)
    sources: dict[str, Source] = {}
    for i, item in enumerate(data.get("sources") or []):
        where = ("sources", i)
        if not isinstance(item, dict) or not item.get("id") or not item.get("title"):
            diag.error("sources.required", path, lines.get(where, 1), "each source needs an “id” and a “title”")
            continue
        check_keys(item, {"id", "title", "date", "language", "kind", "url"}, path, lines, diag, where=where)
        date = item.get("date") or ""
        date = date.isoformat() if isinstance(date, dt.date) else str(date)
        kind = item.get("kind") or ""
        kind = {lang: str((kind.get(lang) if isinstance(kind, dict) else kind) or "") for lang in config.languages}
        sources[str(item["id"])] = Source(str(item["id"]), str(item["title"]), date,
                                          str(item.get("language") or ""), kind, str(item.get("url") or ""))
    facts: dict[str, Fact] = {}
    for i, item in enumerate(data.get("facts") or []):
        where = ("facts", i)
        line = lines.get(where, 1)
        if not isinstance(item, dict) or not isinstance(item.get("id"), str):
            diag.error("sources.required", path, line, "each fact needs an “id”")
            continue
        fid = item["id"]
        if not SLUG_RE.fullmatch(fid):
            diag.error("sources.id", path, line, f"the fact id “{fid}” is not valid",
                       "use lowercase letters without accents, digits and hyphens")
        if fid in facts:
            diag.error("sources.duplicate", path, line, f"the fact id “{fid}” is used twice", "give each fact its own id")
        source = sources.get(str(item.get("source")))
        if source is None:
            diag.error("sources.source", path, lines.get(where + ("source",), line),
                       f"the fact “{fid}” names source “{item.get('source')}”, which is not in “sources:”")
            continue
        missing = [lang for lang in config.languages if not str(item.get(lang) or "").strip()]
        for lang in missing:
            diag.error("sources.language", path, line, f"the fact “{fid}” has no “{lang}” text",
                       f"add “{lang}: …” to the fact")
        facts[fid] = Fact(fid, source, {lang: str(item.get(lang) or "").strip() for lang in config.languages})
    return Facts(path, sources, facts)
