"""content/ → the list of source files, each with its kind, language and key, in a stable order."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.errors import Diagnostics, visible
from sitegen.load import ownfiles
from sitegen.load.config import SiteConfig
from sitegen.urls import slugify

PAGE, GLOSSARY, DATA = "page", "glossary", "data"
# A page file that discovery refused (a link, a name no address can carry), already reported: it
# stands in for itself, so links and translations to it raise no follow-on error.
REFUSED = "refused"
_URL_SAFE = re.compile(r"[A-Za-z0-9_.-]+")  # what a URL's path carries as it is
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    kind: str  # PAGE, GLOSSARY, DATA or REFUSED
    lang: str  # "" for glossary and data
    key: str  # "accord", "dossier/index", the glossary id or the data name


def scan(config: SiteConfig, diag: Diagnostics) -> list[SourceFile]:
    content = config.content_dir
    if not content.is_dir() and not content.is_symlink():  # a link is reported below
        diag.error("content.missing", content, 0)
        return []
    found: list[SourceFile] = []
    for entry in ownfiles.entries(content, diag):
        name, top = entry.name, Path(entry.path)
        if entry.is_file(follow_symlinks=False):
            diag.warning("content.stray", top, 0, entry="content.stray.outside", lang=config.default_language)
        elif name in config.languages:
            refused: list = []
            for path, rel in ownfiles.files(top, diag, refused):
                if path.suffix == ".md":
                    key = rel.with_suffix("").as_posix()
                    found.append(SourceFile(path, PAGE if address_safe(key, path, diag) else REFUSED, name, key))
                else:
                    diag.warning("content.stray", path, 0, entry="content.stray.page")
            found += [SourceFile(top / rel, REFUSED, name, rel.with_suffix("").as_posix())
                      for rel in refused if rel.suffix == ".md"]
        elif name == "glossary":
            found += _yaml_files(top, GLOSSARY, diag)
        elif name == "data":
            found += _yaml_files(top, DATA, diag)
        else:
            diag.error("content.language", top, 0, name=name, languages=", ".join(config.languages))
    return found


def address_safe(rel: str, path: Path, diag: Diagnostics) -> bool:
    """The folders and name of a page (its key) or of a static file become its address: none may
    hold a space, a line break or anything else a URL would have to escape (the address would
    break, or differ from the name). Reports the first that does, with a name to use instead."""
    bad = next((part for part in rel.split("/") if not _URL_SAFE.fullmatch(part)), None)
    if bad is None:
        return True
    stem, dot, ext = bad.rpartition(".")
    better = f"{slugify(stem)}.{ext.lower()}" if dot and ext.isalnum() and slugify(stem) else slugify(bad) or "page"
    diag.error("content.filename", path, 0, name=visible(bad), better=better)
    return False


def _yaml_files(folder: Path, kind: str, diag: Diagnostics) -> list[SourceFile]:
    out = []
    for path, rel in ownfiles.files(folder, diag):
        if path.suffix in YAML_SUFFIXES and len(rel.parts) == 1:
            out.append(SourceFile(path, kind, "", path.stem))
        else:
            diag.warning("content.stray", path, 0, entry="content.stray.yaml", folder=folder.name)
    return out
