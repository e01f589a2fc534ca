"""A Markdown page file → Document: its front matter checked field by field, and its body."""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from dataclasses import dataclass

from .config import SLUG_RE
from .discover import SourceFile
from .errors import Diagnostics, visible
from .tracking import digest, page_units, set_top_level
from .yamlio import check_keys, parse_yaml, read_text

FIELDS = {"title", "description", "order", "slug", "draft", "updated", "translation_of"}
EXAMPLE = "---\ntitle: …\ndescription: …\norder: 1\n---"


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


def split(text: str):
    """(yaml_text, body, body_line) or None when the text has no front matter block."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), "\n".join(lines[i + 1:]), i + 2
    return None


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
    if parts is None:
        diag.error("frontmatter.missing", source.path, 1,
                   "the page does not start with its front matter (title, description…) between two “---” lines",
                   f"start the file with:\n{EXAMPLE}")
        return None
    yaml_text, body, body_line = parts
    before = len(diag.errors)
    meta, lines = parse_yaml(yaml_text, source.path, diag, first_line=2)
    if len(diag.errors) > before:
        return None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        diag.error("frontmatter.type", source.path, 2, "the front matter must be “key: value” lines",
                   f"write it like this:\n{EXAMPLE}")
        return None
    path = source.path

    def line(key):
        return lines.get((key,), 1)

    check_keys(meta, FIELDS, path, lines, diag, what="front matter field", level="warning")
    values = {}
    for key in ("title", "description"):
        value = meta.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            diag.error("frontmatter.required", path, line(key) if key in meta else 1,
                       f"“{key}” is missing from the front matter",
                       f"add a line “{key}: …” between the two “---” lines")
        elif not isinstance(value, (str, int, float)):
            diag.error("frontmatter.type", path, line(key), f"“{key}” must be a line of text",
                       "put the text on the same line, after the colon")
        values[key] = str(value).strip() if value is not None else ""
    order = meta.get("order")
    if order is not None and (isinstance(order, bool) or not isinstance(order, int)):
        diag.error("frontmatter.type", path, line("order"), f"“order” must be a whole number, not “{order}”",
                   "for example: order: 3")
        order = None
    slug = meta.get("slug")
    if slug is not None:
        slug = str(slug)
        if not SLUG_RE.fullmatch(slug):
            diag.error("frontmatter.slug", path, line("slug"), f"the slug “{visible(slug)}” cannot be used in a URL",
                       "use lowercase letters without accents, digits and hyphens, e.g. slug: framework-agreement")
            slug = None
    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        diag.error("frontmatter.type", path, line("draft"), "“draft” must be true or false")
        draft = False
    updated = meta.get("updated", "")
    if isinstance(updated, (dt.date, dt.datetime)):
        updated = updated.isoformat()[:10]
    elif updated:
        diag.error("frontmatter.type", path, line("updated"), f"“updated” must be a date, not “{updated}”",
                   "write it as year-month-day: updated: 2026-02-03")
        updated = ""
    if len(diag.errors) > before:
        return None
    doc = Document(source, values["title"], values["description"], order, slug, draft, updated,
                   str(meta.get("translation_of") or ""), body, body_line,
                   {k[0]: v for k, v in lines.items() if len(k) == 1})
    return dataclasses.replace(doc, text_hash=digest(page_units(doc))) if source.lang == source_language else doc
