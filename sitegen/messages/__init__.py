"""What the tools say to people, in French or English, from catalogs a translator can edit.

`en.yaml` and `fr.yaml` hold one entry per message id (a diagnostic's code, or a word of the
tools such as a summary line): its `message` and, for diagnostics, its `hint` (what to do),
with `{name}` placeholders filled from the values the code gives.

The language is chosen once per run (`choose`), as gettext chooses: the first of the locale
variables that is set decides, when it names one of LANGUAGES; otherwise (C, POSIX, unset,
another language) the site's default language speaks, so a French site's CI speaks French.
"""
from __future__ import annotations

import string
from functools import cache
from typing import Callable
from pathlib import Path

import yaml

from sitegen.fileio import write_atomic
from sitegen.languages import LANGUAGES, LOCALE_VARIABLES, from_locale  # noqa: F401 (the package's names)

FALLBACK = "fr"  # the project's language, when neither the locale nor the site can tell
_HERE = Path(__file__).resolve().parent

# The language messages are printed in; the CLI sets it once, before any stage runs.
current = "en"


@cache
def catalog(lang: str) -> dict:
    # libyaml's loader when there is one: the pure-Python one takes 55 ms, a tenth of a build
    # of the site, to read a catalog.
    with open(_HERE / f"{lang}.yaml", encoding="utf-8") as f:
        return yaml.load(f, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}


def text(key: str, part: str = "message", lang: str | None = None, /, **params) -> str:
    """The `part` of message `key` in `lang` (default: the current language), filled in."""
    entry = catalog(lang or current)[key]
    template = entry if isinstance(entry, str) else entry.get(part, "")
    return template.format(**params) if params else template


def choose(given: str | None, environ, site_default: Callable[[], str | None]) -> str:
    """--lang, else the locale's language, else the site's default language (read only when
    needed), else FALLBACK."""
    for lang in (given, from_locale(environ)):
        if lang in LANGUAGES:
            return lang
    default = site_default()
    return default if default in LANGUAGES else FALLBACK


def count(word: str, n: int, lang: str | None = None) -> str:
    """“1 error”, “2 errors”, “0 erreur”: entry count.`word`'s `one` or `other` part. French
    takes the singular for 0 and 1, English for 1 alone."""
    lang = lang or current
    one = n in (0, 1) if lang == "fr" else n == 1
    return text(f"count.{word}", "one" if one else "other", lang, n=n)


def language_name(lang: str, fallback: str) -> str:
    """The name of language `lang` in the messages' language (“anglais”), else `fallback`."""
    return text(f"language.{lang}") if lang in LANGUAGES else fallback


# The editors' guides list every problem a run can report, grouped by what it concerns: each
# group, its title (entry guide.<name>) and the catalog prefixes it holds, in the guides' order.
GUIDE_GROUPS = (
    ("pages", ("frontmatter", "frontmatterfield", "page", "section")),
    ("markdown", ("markdown", "link")),
    ("glossary", ("glossary",)),
    ("sources", ("sources",)),
    ("translations", ("translation",)),
    ("new", ("new",)),
    ("files", ("content", "file", "output")),
    ("yaml", ("yaml", "key", "language", "per_language")),
    ("settings", ("config", "setting")),
    ("developers", ("template", "strings", "internal")),
)
GUIDES = {"fr": "EDITING.md", "en": "EDITING.en.md"}
GUIDE_START = "<!-- messages: generated from the catalogs by python3 -m sitegen.messages --guide; do not edit by hand -->"
GUIDE_END = "<!-- end of the messages -->"
_MARKDOWN = str.maketrans({c: "\\" + c for c in "\\`*_[]<>|"})


def guide(lang: str) -> str:
    """Every problem the tools can report (the catalog's entries with a message), as the Markdown
    list of the editors' guide in `lang`: the message, then what to do; “…” stands for the names
    and values the message quotes."""
    entries = catalog(lang)
    out = []
    for group, prefixes in GUIDE_GROUPS:
        keys = [k for k, v in entries.items() if isinstance(v, dict) and "message" in v and k.split(".")[0] in prefixes]
        out += [f"### {text('guide.' + group, 'message', lang)}", ""]
        for key in keys:
            message = _blank(entries[key]["message"]).replace("`", "'")
            hint = _blank(entries[key].get("hint", "")).translate(_MARKDOWN)
            out.append(f"- `{message}`" + (f"  \n  → {hint}" if hint else ""))
        out.append("")
    return "\n".join(out)


def _blank(template: str) -> str:
    """A message as the guide shows it: each placeholder a “…”, on one line."""
    parts = string.Formatter().parse(template)
    return "".join(literal + ("…" if name is not None else "") for literal, name, _, _ in parts).replace("\n", " ")


def write_guide(lang: str, root: Path) -> None:
    """Puts `guide(lang)` between the markers of its editors' guide."""
    path = root / GUIDES[lang]
    text = path.read_text(encoding="utf-8")
    before, _, rest = text.partition(GUIDE_START)
    _, _, after = rest.partition(GUIDE_END)
    write_atomic(path, f"{before}{GUIDE_START}\n\n{guide(lang)}\n{GUIDE_END}{after}".encode("utf-8"))
