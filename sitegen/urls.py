"""Pure URL arithmetic: where a page is written, and how one output file links to another.

Links between pages are relative and name index.html explicitly, so one _site/ works at a domain
root, under a GitHub Pages project path and opened from disk. Absolute URLs (canonical,
hreflang, sitemap) are the pretty folder form under base_url.
"""
from __future__ import annotations

import posixpath
import re
import unicodedata

_FOLD = str.maketrans({"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss", "’": "-", "'": "-"})
_NON_WORD = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """“Guerre acoustique : l'œil et l'oreille” → guerre-acoustique-l-oeil-et-l-oreille."""
    text = text.translate(_FOLD)
    if not text.isascii():  # ASCII has no accents to fold: skip the walk over every character
        text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return _NON_WORD.sub("-", text.lower()).strip("-")


def page_output(lang: str, key: str, slug: str | None, folder_slug=None) -> str:
    """content/<lang>/<key>.md → the output file, e.g. ("en", "accord", "agreement") → en/agreement/index.html.
    `folder_slug(folder)`: the slug of the section in that folder ("a", "a/b"…), or None."""
    names = key.split("/")
    parts = names[:-1] if names[-1] == "index" else names
    if folder_slug:
        parts = [(i < len(names) - 1 and folder_slug("/".join(names[:i + 1]))) or part for i, part in enumerate(parts)]
    if slug and parts:
        parts[-1] = slug
    return "/".join([lang, *parts, "index.html"])


def parent_folder(key: str) -> str:
    """"a/b/page" → "a/b"; "page" → "" (the top level)."""
    return key.rpartition("/")[0]


def relative(from_output: str, to_output: str, fragment: str = "") -> str:
    """The link written in from_output's HTML to reach to_output (both relative to the site root).

    Pure string work on normalised paths: posixpath.relpath asks the OS for the working folder
    on every call, which dominated the build time of large sites.
    """
    here = from_output.split("/")[:-1]
    there = to_output.split("/")
    common = 0
    while common < len(here) and common < len(there) - 1 and here[common] == there[common]:
        common += 1
    url = "/".join([".."] * (len(here) - common) + there[common:])
    return url + (f"#{fragment}" if fragment else "")


def pretty(output: str) -> str:
    """en/agreement/index.html → en/agreement/ (the public form of the URL)."""
    return output[: -len("index.html")] if output == "index.html" or output.endswith("/index.html") else output


def absolute(base_url: str, output: str) -> str:
    return base_url + pretty(output)


def inside(output: str) -> bool:
    """True when an output path stays inside the output folder."""
    norm = posixpath.normpath(output)
    return not (norm.startswith("../") or norm == ".." or norm.startswith("/"))
