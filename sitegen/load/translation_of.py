"""What a translation translates: a content hash of the French source, and a snapshot of its
paragraphs so that a later change can be shown as a short diff.

The hash is taken on the words of each paragraph alone (Unicode NFKC, every space, punctuation
mark and symbol between them dropped; the reader already drops a BOM and CRLF), so it is the same
on GitHub's web editor, in a zip download and locally, and an edit that changes only spaces,
punctuation or typography (’ for ', « » for "", — for -, no-break spaces, re-wrapped lines) leaves
the translation up to date. Hashes recorded before, on the paragraphs' whole text, are still
accepted (`legacy_digest`), and with their snapshot they tolerate the same edits. Only what a
translator translates counts: title, description and body (term, abbreviation and definition for
a glossary entry); order, slug, draft and updated do not.

The snapshot lives in content/.translations/ (committed, ignored by the build): the front
matter holds only the hash, and git keeps no extra state, so the diff works without history.
"""
from __future__ import annotations

import difflib
import json
import re
import unicodedata
from pathlib import Path

from sitegen import hashing, messages
from sitegen.fileio import write_atomic
from sitegen.load.yamlio import decode

SNAPSHOTS = ".translations"
# A line that starts a unit of its own even without a blank line before it: headings, list
# items, table rows, quotes. A tight list then diffs item by item instead of as one block.
_BLOCK_START = re.compile(r"^\s{0,3}(#{1,6}\s|[-*+]\s|\d+[.)]\s|\||>)")
_SHOWN = 150  # characters of a changed paragraph shown in a diff
# A word: letters and digits (not an underscore, Markdown's emphasis, nor U+02BC, a letter to
# Unicode, which is the apostrophe some keyboards type).
_WORD = re.compile(r"[^\W_\u02bc]+")
_PLAIN_WORD = re.compile(r"\w+")  # the same words in a text with neither, found a third faster


def units(text: str) -> list[str]:
    """Markdown → its paragraphs, headings and list items, each on one normalised line."""
    out: list[str] = []
    current: list[str] = []
    for line in unicodedata.normalize("NFC", text).split("\n"):
        if not line.strip() or _BLOCK_START.match(line):
            if current:
                out.append(" ".join(current))
            current = []
        if line.strip():
            current.append(" ".join(line.split()))
    if current:
        out.append(" ".join(current))
    return out


def page_units(doc) -> list[str]:
    return [f"title: {_line(doc.title)}", f"description: {_line(doc.description)}", *units(doc.body)]


def entry_units(entry, lang: str) -> list[str]:
    head = [f"term: {_line(entry.term[lang])}"]
    if entry.abbr.get(lang) and entry.abbr[lang] != entry.term[lang]:
        head.append(f"abbr: {_line(entry.abbr[lang])}")
    return head + units(entry.definition[lang])


def _line(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).split())


def words(unit: str) -> str:
    """A paragraph as its words alone: what a translator translates, whatever the typography."""
    # findall of the words, not a substitution of what lies between them, and \w+ where it finds
    # the same: every source page of a build goes through here (a fifth of reading its pages).
    text = unicodedata.normalize("NFKC", unit)
    return " ".join((_WORD if "_" in text or "\u02bc" in text else _PLAIN_WORD).findall(text))


def digest(parts: list[str]) -> str:
    """What a translation records as translation_of: the hash of its source's units' words."""
    return hashing.digest("\n".join(map(words, parts)).encode("utf-8"), length=12)


def legacy_digest(parts: list[str]) -> str:
    """The hash recorded before typography was left out: of the units' whole text."""
    return hashing.digest("\n".join(parts).encode("utf-8"), length=12)


def up_to_date(recorded: str, parts: list[str], content: Path, snapshot: str) -> bool:
    """Whether the translation that records `recorded` translates the source whose units are `parts`."""
    words_hash = digest(parts)
    return recorded in (words_hash, legacy_digest(parts)) or _snapshot_matches(recorded, words_hash, content, snapshot)


def _snapshot_matches(recorded: str, words_hash: str, content: Path, snapshot: str) -> bool:
    """A hash of the former kind, matched through the snapshot of the text it was taken from:
    whether that text had the same words as the source has now (`words_hash`)."""
    old = read_snapshot(snapshot_path(content, snapshot))
    return bool(old) and old.get("hash") == recorded and digest(old["units"]) == words_hash


def changes(old: list[str], new: list[str]) -> list[tuple[str, list[str], list[str]]]:
    """[(section, removed paragraphs, added paragraphs)]; the section is the heading above the change.
    Paragraphs whose words are the same are not changes."""
    out = []
    matcher = difflib.SequenceMatcher(None, [words(p) for p in old], [words(p) for p in new], autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag != "equal":
            out.append((section(new, j1) if j1 < len(new) or not old else section(old, i1), old[i1:i2], new[j1:j2]))
    return out


def section(parts: list[str], index: int) -> str:
    for part in reversed(parts[: index + 1]):
        if part.startswith("#"):
            return part.lstrip("#").strip()
    return messages.text("translation.diff", "beginning")


def describe(found: list, limit: int = 12) -> str:
    """A short, readable diff: each change under its section, long paragraphs shortened."""
    lines: list[str] = []
    for where, removed, added in found:
        lines.append(messages.text("translation.diff", "section", section=where))
        if len(removed) == len(added):  # edited paragraphs: show the words that changed
            removed, added = zip(*(_focus(a, b) for a, b in zip(removed, added))) if removed else ((), ())
        lines += [f"  − {_short(p)}" for p in removed] + [f"  + {_short(p)}" for p in added]
    if len(lines) > limit:
        lines = lines[:limit] + [messages.text("translation.diff", "more", count=len(lines) - limit)]
    return "\n".join(lines)


def _focus(old: str, new: str, context: int = 5) -> tuple[str, str]:
    """The changed words of two versions of a paragraph, with a few words around them."""
    a, b = old.split(" "), new.split(" ")
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    lo = max(0, start - context)

    def cut(words):
        hi = len(words) - max(0, end - context)
        return ("…" if lo else "") + " ".join(words[lo:hi]) + ("…" if hi < len(words) else "")
    return cut(a), cut(b)


def _short(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


# Snapshots: one small JSON file per translation, next to nothing else.

def snapshot_path(content: Path, translated: str) -> Path:
    """content/en/accord.md → content/.translations/en/accord.md.json; a glossary entry's
    translation is named glossary/<id>.yaml.<lang>."""
    return content / SNAPSHOTS / f"{translated}.json"


def read_snapshot(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and isinstance(data.get("units"), list) else None


def write_snapshot(path: Path, source: str, hash_: str, parts: list[str]) -> None:
    text = json.dumps({"source": source, "hash": hash_, "units": parts}, ensure_ascii=False, indent=1)
    write_atomic(path, (text + "\n").encode("utf-8"))


# Editing an editor's file in place: keep its BOM and line endings, write all or nothing.

def edit_text(path: Path, change) -> None:
    raw = path.read_bytes()
    bom, crlf = raw.startswith(b"\xef\xbb\xbf"), b"\r\n" in raw
    new = change(decode(raw))
    if crlf:
        new = new.replace("\n", "\r\n")
    write_atomic(path, (b"\xef\xbb\xbf" if bom else b"") + new.encode("utf-8"))


def set_top_level(text: str, key: str, value: str, start: int = 0, end: int | None = None) -> str:
    """Sets `key: value` among the top-level YAML lines [start, end) of text (the whole text by
    default), replacing the key's line and any indented lines under it, or adding it at the end."""
    lines = text.split("\n")
    end = len(lines) if end is None else end
    new_line = f"{key}: {value}"
    for i in range(start, end):
        if re.match(rf"^{re.escape(key)}\s*:", lines[i]):
            j = i + 1
            while j < end and lines[j][:1] in (" ", "\t"):
                j += 1
            lines[i:j] = [new_line]
            return "\n".join(lines)
    at = end
    while at > start and not lines[at - 1].strip():
        at -= 1
    lines.insert(at, new_line)
    if at == len(lines) - 1:  # appended to a file without a final newline
        lines.append("")
    return "\n".join(lines)


# What the build needs: whether a published translation lags behind its source.

def page_outdated(doc, source_doc, content: Path) -> bool:
    """True when `doc` records a hash and its source page (another Document, parsed as a source,
    so with its text_hash) no longer matches it."""
    if (source_doc is None or source_doc is doc or not doc.translation_of
            or doc.translation_of in (source_doc.text_hash, source_doc.legacy_hash)):
        return False
    snapshot = f"{doc.source.lang}/{doc.source.key}.md"
    return not _snapshot_matches(doc.translation_of, source_doc.text_hash, content, snapshot)


def entry_outdated(entry, lang: str, default: str, content: Path) -> bool:
    recorded = entry.translation_of.get(lang, "")
    return (lang != default and bool(recorded)
            and not up_to_date(recorded, entry_units(entry, default), content, f"glossary/{entry.source.path.name}.{lang}"))
