"""Translation status: which translation is up to date, out of date (with what changed in the
source since), not tracked, missing, or left without its source; the `translations` command
(status table and --mark-done) and the same table as an HTML page for the live preview."""
from __future__ import annotations

import difflib
import html
from dataclasses import dataclass, field, replace
from pathlib import Path

from sitegen import messages, pipeline
from sitegen.errors import Diagnostics, SiteError
from sitegen.load import config as config_mod
from sitegen.load import discover, frontmatter, placeholders
from sitegen.load.translation_of import (
    SNAPSHOTS,
    changes,
    describe,
    digest,
    edit_text,
    entry_units,
    page_units,
    read_snapshot,
    set_top_level,
    snapshot_path,
    up_to_date,
    write_snapshot,
)

UP_TO_DATE, OUTDATED, UNTRACKED, MISSING, SOURCE_GONE, SOURCE_UNREADABLE = (
    "up to date", "out of date", "not tracked", "missing", "no source", "source unreadable")
STATES = (UP_TO_DATE, OUTDATED, UNTRACKED, MISSING, SOURCE_GONE, SOURCE_UNREADABLE)


@dataclass
class Translatable:
    """Everything translatable, drafts included, read with the build's own parsers."""
    root: Path
    config: config_mod.SiteConfig
    pages: dict  # (lang, key) → Document
    glossary: dict  # id → GlossaryEntry
    unreadable: set  # (lang, key) of the pages that are there but cannot be read (the build says why)
    unreadable_entries: set = field(default_factory=set)  # file names of such glossary entries

    @property
    def default(self) -> str:
        return self.config.default_language

    @property
    def others(self) -> list[str]:
        return [lang for lang in self.config.languages if lang != self.default]


@dataclass(frozen=True)
class Status:
    key: str  # page key, or "glossary/<id>"
    lang: str  # the translation's language
    file: str  # the translated file, from the project root
    line: int
    source: str  # the source file, from the project root
    state: str
    draft: bool = False
    diff: tuple | None = None  # changes since the translation, None when the old source is not on record
    moved_to: str = ""
    current: str = ""  # the source's hash now, for editors without the tool


def load(root: Path, report: Diagnostics | None = None) -> Translatable | None:
    """None when site.yaml cannot be read (an error in `report`, if given); other problems are
    the build's to report. For the command alone: after a build, `of` the build's loading stages."""
    diag = Diagnostics(root)
    try:
        loaded = pipeline.load(root, pipeline.Options(), diag, pipeline.Cache())
    except SiteError:
        if report is not None:
            report.error("config.unreadable", root / "site.yaml", 0)
        return None
    return of(loaded)


def of(loaded: pipeline.Loaded) -> Translatable:
    """The translatable pages and entries among what the pipeline's loading stages read."""
    pages, unreadable = {}, set()
    for source in loaded.found:
        if source.kind == discover.PAGE:
            doc = loaded.documents[source.path]
            if doc:
                pages[(source.lang, source.key)] = doc
            else:
                unreadable.add((source.lang, source.key))
    entries = {s.path.name for s in loaded.found if s.kind == discover.GLOSSARY and s.key not in loaded.glossary}
    return Translatable(loaded.config.root, loaded.config, pages, loaded.glossary, unreadable, entries)


def statuses(src: Translatable) -> list[Status]:
    out = []
    content = src.config.content_dir
    for key in sorted({k for _, k in src.pages}):
        source = src.pages.get((src.default, key))
        source_rel = f"content/{src.default}/{key}.md"
        for lang in src.others:
            doc = src.pages.get((lang, key))
            rel = f"content/{lang}/{key}.md"
            if doc is None:
                if source is not None:
                    out.append(Status(key, lang, rel, 0, source_rel, MISSING, source.draft))
                continue
            line = doc.field_lines.get("translation_of", 1)
            if source is None and (src.default, key) in src.unreadable:
                out.append(Status(key, lang, rel, line, source_rel, SOURCE_UNREADABLE, doc.draft))
                continue
            # The units are only needed for a diff: the hash of them comes with the source page.
            parts = (lambda source=source: page_units(source)) if source else None
            status = _compare(content, key, lang, rel, line, source_rel, parts, doc.translation_of,
                              f"{lang}/{key}.md", doc.draft, source.text_hash if source else "",
                              source.legacy_hash if source else "")
            if status.state == SOURCE_GONE and doc.translation_of:
                status = _moved(src, status)
            out.append(status)
    for term_id, entry in sorted(src.glossary.items()):
        rel = f"content/glossary/{entry.source.path.name}"
        for lang in src.others:
            line = entry.lines.get(("translation_of",), entry.lines.get(("definition", lang), 1))
            units = entry_units(entry, src.default)
            out.append(_compare(content, f"glossary/{term_id}", lang, rel, line, rel, lambda units=units: units,
                                entry.translation_of.get(lang, ""), f"glossary/{entry.source.path.name}.{lang}", False,
                                digest(units)))
    return out


def _compare(content, key, lang, rel, line, source_rel, parts, recorded, snapshot, draft, current,
             legacy="") -> Status:
    """`parts()` gives the source's units now (None: no source), `current` their hash (`legacy`:
    of the former kind, when known)."""
    if parts is None:
        return Status(key, lang, rel, line, source_rel, SOURCE_GONE, draft)
    if not recorded:
        return Status(key, lang, rel, line, source_rel, UNTRACKED, draft, current=current)
    if recorded in (current, legacy) or up_to_date(recorded, parts(), content, snapshot):
        return Status(key, lang, rel, line, source_rel, UP_TO_DATE, draft, current=current)
    old = read_snapshot(snapshot_path(content, snapshot))
    diff = tuple(changes(old["units"], parts())) if old and old.get("hash") == recorded else None
    return Status(key, lang, rel, line, source_rel, OUTDATED, draft, diff, current=current)


def _moved(src: Translatable, status: Status) -> Status:
    """A translation whose source page is gone: find the source page it most likely became."""
    doc = src.pages[(status.lang, status.key)]
    old = read_snapshot(snapshot_path(src.config.content_dir, f"{status.lang}/{status.key}.md"))
    best, score = "", 0.6  # below this similarity, the page was deleted rather than moved
    for (lang, key), source in sorted(src.pages.items()):
        if lang != src.default or (status.lang, key) in src.pages:
            continue
        parts = page_units(source)
        if up_to_date(doc.translation_of, parts, src.config.content_dir, f"{status.lang}/{status.key}.md"):
            return replace(status, moved_to=f"content/{lang}/{key}.md")
        ratio = difflib.SequenceMatcher(None, old["units"], parts).ratio() if old else 0
        if ratio > score:
            best, score = f"content/{lang}/{key}.md", ratio
    return replace(status, moved_to=best)


def orphan_snapshots(src: Translatable) -> list[Path]:
    """Snapshots whose translation no longer exists (renamed or deleted); a page or an entry that
    cannot be read still exists, and its own error says why."""
    folder = src.config.content_dir / SNAPSHOTS
    expected = {f"{lang}/{key}.md" for lang, key in [*src.pages, *src.unreadable]}
    names = {e.source.path.name for e in src.glossary.values()} | src.unreadable_entries
    expected |= {f"glossary/{name}.{lang}" for name in names for lang in src.others}
    return [p for p in sorted(folder.rglob("*.json"))
            if p.relative_to(folder).as_posix()[: -len(".json")] not in expected]


def diagnose(src: Translatable, diag: Diagnostics) -> None:
    """The translation warnings `check` reports."""
    root = src.root
    for s in statuses(src):
        # A glossary entry's translation is one of its texts; a page's is the page.
        entry = s.key.startswith("glossary/")
        field = f'translation_of: {{{s.lang}: "{s.current}"}}' if entry else f'translation_of: "{s.current}"'
        said = {"what": messages.text("translation.what", "entry" if entry else "page", lang=s.lang),
                "source": messages.text("translation.what", "entry_source", lang=src.default) if entry else s.source,
                "file": s.file, "field": field}
        if s.state == OUTDATED:
            shown = describe(s.diff) if s.diff else messages.text("translation.outdated", "no_record")
            diag.warning("translation.outdated", root / s.file, s.line, changes=shown, **said)
        elif s.state == UNTRACKED and not _placeholders(src, s):
            diag.warning("translation.untracked", root / s.file, s.line, **said)
        elif s.state == SOURCE_GONE and src.pages[(s.lang, s.key)].translation_of:  # else an untracked page of its own
            diag.warning("translation.source", root / s.file, s.line, entry="translation.source.moved" if s.moved_to
                         else "translation.source.gone", source=s.source, moved_to=s.moved_to)
    for path in orphan_snapshots(src):
        diag.warning("translation.record", path, 0)


def _placeholders(src: Translatable, s: Status) -> bool:
    """Whether the source or the translation of `s` still holds text that `new` wrote: a new page
    or entry is tracked from the text the editor writes, not from its placeholders."""
    if s.key.startswith("glossary/"):
        entry = src.glossary[s.key.partition("/")[2]]
        return placeholders.left(entry.definition.get(src.default, ""), entry.definition.get(s.lang, ""))
    docs = [src.pages.get((lang, s.key)) for lang in (src.default, s.lang)]
    return placeholders.left(*(text for doc in docs if doc for text in (doc.description, doc.body)))


def mark_done(root: Path, targets: list[str], diag: Diagnostics) -> list[str]:
    """Records that each target (a translated page, a source page or a glossary file) is up to date."""
    src = load(root, diag)
    done: list[str] = []
    if src is None:
        return done
    content = src.config.content_dir.resolve()
    for target in targets:
        # A relative path is taken from the current folder, else from the project's.
        parts, path = (), Path(target)
        for path in (Path.cwd() / target, root / target):
            if path.resolve().is_relative_to(content):
                parts = path.resolve().relative_to(content).parts
                break
        if len(parts) == 2 and parts[0] == "glossary" and path.suffix in discover.YAML_SUFFIXES:
            done += _mark_entry(src, path, diag)
        elif len(parts) >= 2 and parts[0] in src.config.languages and path.suffix == ".md":
            key = Path(*parts[1:]).with_suffix("").as_posix()
            langs = src.others if parts[0] == src.default else [parts[0]]
            done += [m for lang in langs if (m := _mark_page(src, lang, key, diag, explicit=parts[0] == lang))]
        else:
            diag.error("translation.path", "", 0, target=target)
    return done


def _mark_page(src: Translatable, lang: str, key: str, diag: Diagnostics, explicit: bool) -> str:
    content = src.config.content_dir
    source, doc = src.pages.get((src.default, key)), src.pages.get((lang, key))
    path = content / lang / f"{key}.md"
    if source is None:
        source_rel = f"content/{src.default}/{key}.md"
        unreadable = (src.default, key) in src.unreadable
        diag.error("translation.source", path, 0, entry="translation.source.unreadable" if unreadable
                   else "translation.source.none", source=source_rel)
        return ""
    if doc is None:
        if explicit or path.exists():
            diag.error("translation.unreadable", path, 0, entry="translation.unreadable.page", default=src.default, key=key)
        return ""
    hash_ = record(content, f"{lang}/{key}.md", f"content/{src.default}/{key}.md", page_units(source))
    edit_text(path, lambda text: frontmatter.set_field(text, "translation_of", f'"{hash_}"'))
    return messages.text("translations.marked", file=f"content/{lang}/{key}.md", source=f"content/{src.default}/{key}.md")


def _mark_entry(src: Translatable, path: Path, diag: Diagnostics) -> list[str]:
    entry = src.glossary.get(path.stem)
    if entry is None:
        diag.error("translation.unreadable", path, 0, entry="translation.unreadable.entry")
        return []
    hashes = dict(entry.translation_of)
    parts = entry_units(entry, src.default)
    rel = f"content/glossary/{path.name}"
    for lang in src.others:
        hashes[lang] = record(src.config.content_dir, f"glossary/{path.name}.{lang}", rel, parts)
    value = "{" + ", ".join(f'{lang}: "{h}"' for lang, h in sorted(hashes.items())) + "}"
    edit_text(path, lambda text: set_top_level(text, "translation_of", value))
    return [messages.text("translations.marked_entry", file=rel, langs=", ".join(src.others), default=src.default)]


def record(content: Path, translated: str, source_rel: str, parts: list[str]) -> str:
    """Stores the snapshot of the source text that `translated` now matches; returns its hash."""
    hash_ = digest(parts)
    write_snapshot(snapshot_path(content, translated), source_rel, hash_, parts)
    return hash_


def row(src: Translatable, s: Status) -> list[str]:
    """One line of the status table: page, languages present, status, sections changed."""
    present = [lang for lang in src.config.languages if s.key.startswith("glossary/") or (lang, s.key) in src.pages]
    state = messages.text("translations.state", s.state.replace(" ", "_"))
    state += messages.text("translations.state", "draft") if s.draft else ""
    if s.state == OUTDATED and s.diff is None:
        state += messages.text("translations.state", "no_record")
    sections = ", ".join(dict.fromkeys(where for where, _, _ in s.diff or ()))
    return [f"{s.key} ({s.lang})", " ".join(present), state, sections or s.moved_to]


def headers() -> list[str]:
    return [messages.text("translations.headers", part) for part in ("page", "languages", "status", "sections")]


def format_table(rows: list[list[str]]) -> str:
    head = headers()
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip()
                     for r in [head, ["-" * w for w in widths], *rows])


def status_page(src: Translatable | None) -> str:
    """The status table as a standalone HTML page, for editors in the live preview (never
    published), from sources already read; `src` is None when site.yaml cannot be read."""
    if src is None:
        body = f"<p>{html.escape(messages.text('translations.page', 'unreadable'))}</p>"
    else:
        cells = []
        for s in statuses(src):
            page, present, state, sections = (html.escape(c) for c in row(src, s))
            if s.diff:
                sections = f"<details><summary>{sections}</summary><pre>{html.escape(describe(s.diff, 200))}</pre></details>"
            cells.append(f'<tr class="{s.state.replace(" ", "-")}"><td>{page}<br><small>{html.escape(s.file)}</small></td>'
                         f"<td>{present}</td><td>{state}</td><td>{sections}</td></tr>")
        head = "".join(f'<th scope="col">{html.escape(h)}</th>' for h in headers())
        body = f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(cells)}</tbody></table>"
    title = html.escape(messages.text("translations.page", "title"))
    return (f'<!doctype html>\n<html lang="{messages.current}"><head><meta charset="utf-8"><meta name="robots" content="noindex">'
            f"<title>{title}</title><style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem}}"
            "table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3rem .6rem;text-align:left;vertical-align:top}"
            ".out-of-date td:nth-child(3),.not-tracked td:nth-child(3),.no-source td:nth-child(3),.source-unreadable td:nth-child(3){font-weight:bold}"
            f"pre{{white-space:pre-wrap;max-width:60rem}}</style></head><body><h1>{title}</h1>"
            f"<p>{html.escape(messages.text('translations.page', 'intro'))}</p>"
            f"{body}</body></html>\n")


def cmd_translations(args, reporter) -> int:
    root = Path(args.root).resolve()
    diag = Diagnostics(root)
    if args.mark_done:
        for line in mark_done(root, args.mark_done, diag):
            print(line)
        reporter.diagnostics(diag.sorted())
        return 1 if diag.errors else 0
    src = load(root, diag)
    if src is None:
        reporter.diagnostics(diag.sorted())
        return 1
    found = statuses(src)
    print(format_table([row(src, s) for s in found]))
    counts = {state: sum(s.state == state for s in found) for state in STATES}
    totals = [messages.text("translations.total", n=n, state=messages.text("translations.state", state.replace(" ", "_")))
              for state, n in counts.items() if n]
    print("\n" + ", ".join(totals) + ".")
    return 0


def register(commands) -> None:
    cmd = commands.add_parser("translations", help=messages.text("translations.help"),
                              description=messages.text("translations.help_long"))
    cmd.add_argument("--mark-done", nargs="+", metavar="PATH", help=messages.text("translations.help_mark_done"))
    cmd.set_defaults(func=cmd_translations)
