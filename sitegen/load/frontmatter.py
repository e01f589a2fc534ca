"""A Markdown page file → Document: its front matter checked field by field, and its body."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import re
from dataclasses import dataclass

from sitegen.errors import Diagnostics, visible
from sitegen.load import placeholders
from sitegen.load.config import SLUG_RE
from sitegen.load.discover import SourceFile
from sitegen.load.translation_of import digest, legacy_digest, page_units, set_top_level
from sitegen.load.yamlio import check_keys, parse_yaml, read_text

FIELDS = {"title", "description", "order", "slug", "draft", "updated", "translation_of", "menu"}
EXAMPLE = "---\ntitle: …\ndescription: …\norder: 1\n---"
# Lines that front matter never has and a page's text often starts with: a Markdown heading, or
# prose: a line that is neither indented, nor a list item, nor a comment, nor “key:” (French
# prose puts a space before its colons, “Texte : suite”).
_HEADING = re.compile(r"#{1,6}\s+\S")
_FIELD = re.compile(r"[^\s:]+:(\s|$)")
_YAML_LINE = re.compile(rf"\s|-(\s|$)|#|{_FIELD.pattern}|\.\.\.|$")


@dataclass(frozen=True)
class Document:
    source: SourceFile
    title: str
    description: str
    order: int | None
    slug: str | None
    draft: bool
    updated: str  # ISO date or ""
    translation_of: str
    body: str
    body_line: int  # file line of the body's first line, to turn Markdown lines into file lines
    field_lines: dict  # front matter key → file line
    # What a translation of this page records as translation_of ("" unless parsed as a source):
    # computed once per change of the file and kept in the build cache with the page.
    text_hash: str = ""
    legacy_hash: str = ""  # the same, of the former kind (see translation_of), which older files record
    menu: bool | None = None  # in the main menu or not; None: as its place decides (site/graph.py)


def split(text: str):
    """(yaml_text, body, body_line) or None when the text has no front matter block."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return None


def body_start(text: str) -> int:
    """For front matter opened and never closed: the file line where the page's text seems to
    start (a heading or a line of prose), or 0 when every line could be YAML. A “# …” line
    followed by more fields is a YAML comment, not a heading."""
    lines = text.split("\n")
    for i, line in enumerate(lines[1:], 1):
        if not _YAML_LINE.match(line):
            return i + 1
        if _HEADING.match(line):
            after = next((other for other in lines[i + 1:] if other.strip()), "")
            if not _FIELD.match(after):
                return i + 1
    return 0


def set_field(text: str, key: str, value: str) -> str:
    """Sets `key: value` in the front matter of a page's text, one that `parse` accepted."""
    _, _, body_line = split(text)
    return set_top_level(text, key, value, start=1, end=body_line - 2)  # up to the closing “---”


def stand_in(source: SourceFile) -> Document:
    """What later stages see of a page whose front matter was refused: its place in the site,
    without a body, so links and translations to it are not reported as missing too."""
    return Document(source, source.key.rpartition("/")[2], "", None, None, False, "", "", "", 1, {})


def parser(config):
    """`parse` as every stage calls it for this site, so that they can share what it read."""
    return functools.partial(parse, source_language=config.default_language)


def parse(source: SourceFile, diag: Diagnostics, source_language: str = "") -> Document | None:
    """The page, or None after reporting why; pages in `source_language` get their text_hash."""
    text = read_text(source.path, diag)
    if text is None:
        return None
    parts = split(text)
    if parts is None and text.split("\n", 1)[0].strip() == "---":
        body = body_start(text)
        diag.error("frontmatter.unclosed" if body else "frontmatter.unclosed_end", source.path, 1, body=body)
        return None
    if parts is None:
        diag.error("frontmatter.missing", source.path, 1, example=EXAMPLE)
        return None
    yaml_text, body, body_line = parts
    before = len(diag.errors)
    read = _mapping(yaml_text, source.path, diag)
    if read is None:
        return None
    meta, lines = read
    path = source.path

    def line(key):
        return lines.get((key,), 1)

    check_keys(meta, FIELDS, path, lines, diag, what="frontmatterfield", level="warning")
    title, description = (_text(meta, key, line, path, diag) for key in ("title", "description"))
    order = _order(meta.get("order"), line("order"), path, diag)
    slug = _slug(meta.get("slug"), line("slug"), path, diag)
    draft = _draft(meta.get("draft", False), line("draft"), path, diag)
    updated = _updated(meta.get("updated", ""), line("updated"), path, diag)
    menu = _menu(meta.get("menu"), line("menu"), path, diag)
    if len(diag.errors) > before:
        return None
    if not draft:  # a draft is not published: its placeholders wait for the editor
        _placeholders(description, line("description"), body, body_line, path, diag)
    doc = Document(source, title, description, order, slug, draft, updated,
                   str(meta.get("translation_of") or ""), body, body_line,
                   {k[0]: v for k, v in lines.items() if len(k) == 1}, menu=menu)
    if source.lang != source_language:
        return doc
    parts = page_units(doc)
    return dataclasses.replace(doc, text_hash=digest(parts), legacy_hash=legacy_digest(parts))


def _placeholders(description: str, description_line: int, body: str, body_line: int, path, diag: Diagnostics) -> None:
    """Warns at every placeholder text that `new` wrote and the editor has not replaced yet."""
    found = [(description_line, description)] if description in placeholders.ALL else []
    for line, text in found + placeholders.lines(body, body_line):
        diag.warning("page.placeholder", path, line, text=text)


def _mapping(yaml_text: str, path, diag: Diagnostics) -> tuple | None:
    """(the front matter's key → value, their lines), or None after reporting why."""
    before = len(diag.errors)
    meta, lines = parse_yaml(yaml_text, path, diag, first_line=2)
    if len(diag.errors) > before:
        return None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        diag.error("frontmatter.type", path, 2, entry="frontmatter.type.mapping", example=EXAMPLE)
        return None
    return meta, lines


def _text(meta: dict, key: str, line, path, diag: Diagnostics) -> str:
    """A required line of text (title, description)."""
    value = meta.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        diag.error("frontmatter.required", path, line(key) if key in meta else 1, key=key)
    elif not isinstance(value, (str, int, float)):
        diag.error("frontmatter.type", path, line(key), entry="frontmatter.type.text", key=key)
    return str(value).strip() if value is not None else ""


def _order(order, line: int, path, diag: Diagnostics) -> int | None:
    if order is not None and (isinstance(order, bool) or not isinstance(order, int)):
        diag.error("frontmatter.type", path, line, entry="frontmatter.type.order", value=order)
        return None
    return order


def _slug(slug, line: int, path, diag: Diagnostics) -> str | None:
    if slug is None:
        return None
    slug = str(slug)
    if not SLUG_RE.fullmatch(slug):
        diag.error("frontmatter.slug", path, line, slug=visible(slug))
        return None
    return slug


def _draft(draft, line: int, path, diag: Diagnostics) -> bool:
    if not isinstance(draft, bool):
        diag.error("frontmatter.type", path, line, entry="frontmatter.type.draft")
        return False
    return draft


def _menu(menu, line: int, path, diag: Diagnostics) -> bool | None:
    if menu is not None and not isinstance(menu, bool):
        diag.error("frontmatter.menu", path, line, value=visible(str(menu)))
        return None
    return menu


def _updated(updated, line: int, path, diag: Diagnostics) -> str:
    if isinstance(updated, (dt.date, dt.datetime)):
        return updated.isoformat()[:10]
    if updated:
        diag.error("frontmatter.type", path, line, entry="frontmatter.type.updated", value=updated)
        return ""
    return updated  # as written when empty: None for a bare “updated:”
