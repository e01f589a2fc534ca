"""Which language the locale variables name, as gettext reads them. Standard library only:
build.py asks it before the generator's libraries are known to be there."""
from __future__ import annotations

LANGUAGES = ("fr", "en")
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def from_locale(environ) -> str | None:
    """The language the locale variables name, or None (C, POSIX, unset, another language).
    The first variable that is set decides; LANGUAGE is a colon-separated list: its first entry counts."""
    for name in LOCALE_VARIABLES:
        value = environ.get(name)
        if value:
            first = value.split(":")[0]
            lang = first.split("_")[0].split(".")[0].split("@")[0].lower()
            return lang if lang in LANGUAGES else None
    return None
