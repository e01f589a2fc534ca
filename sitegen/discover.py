"""content/ → the list of source files, each with its kind, language and key, in a stable order."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .config import SiteConfig
from .errors import Diagnostics, visible
from .urls import slugify

PAGE, GLOSSARY, DATA = "page", "glossary", "data"
_URL_SAFE = re.compile(r"[A-Za-z0-9_.-]+")  # what a URL's path carries as it is
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    kind: str  # PAGE, GLOSSARY or DATA
    lang: str  # "" for glossary and data
    key: str  # "accord", "dossier/index", the glossary id or the data name


def _files(folder: Path):
    """Every visible file below folder, sorted as paths sort, so discovery never depends on the
    disk's order. With os.scandir: pathlib's rglob and sorting were a tenth of a warm build."""
    found: list[str] = []

    def walk(directory: str, prefix: str) -> None:
        with os.scandir(directory) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    walk(entry.path, f"{prefix}{entry.name}/")
                elif entry.is_file():
                    found.append(prefix + entry.name)

    walk(str(folder), "")
    for rel in sorted(found, key=lambda r: r.split("/")):
        yield folder / rel, PurePosixPath(rel)


def scan(config: SiteConfig, diag: Diagnostics) -> list[SourceFile]:
    content = config.content_dir
    if not content.is_dir():
        diag.error("content.missing", content, 0, "the content/ folder is missing",
                   "create content/fr/index.md and content/en/index.md")
        return []
    found: list[SourceFile] = []
    for entry in sorted(content.iterdir()):
        name = entry.name
        if name.startswith("."):
            continue
        if entry.is_file():
            diag.warning("content.stray", entry, 0, "this file is outside any language folder and is ignored",
                         f"move pages into content/{config.default_language}/ or another language folder")
        elif name in config.languages:
            for path, rel in _files(entry):
                if path.suffix == ".md":
                    key = rel.with_suffix("").as_posix()
                    if _address_safe(key, path, diag):
                        found.append(SourceFile(path, PAGE, name, key))
                else:
                    diag.warning("content.stray", path, 0, "only Markdown (.md) files are pages; this file is ignored",
                                 "put images and downloads in static/ and link to them from the page")
        elif name == "glossary":
            found += _yaml_files(entry, GLOSSARY, diag)
        elif name == "data":
            found += _yaml_files(entry, DATA, diag)
        else:
            diag.error("content.language", entry, 0,
                       f"the folder content/{name}/ is not a language of the site",
                       f"the languages in site.yaml are: {', '.join(config.languages)}; "
                       "rename the folder or add the language to site.yaml")
    return found


def _address_safe(key: str, path: Path, diag: Diagnostics) -> bool:
    """A page's folders and file name become its address: none may hold a space, a line break or
    anything else a URL would have to escape (the address would break or differ from the name)."""
    bad = next((part for part in key.split("/") if not _URL_SAFE.fullmatch(part)), None)
    if bad is None:
        return True
    diag.error("content.filename", path, 0,
               f"“{visible(bad)}” cannot be part of a web address: spaces, accents, line breaks and signs "
               "such as ? # % are not allowed in the names of pages and their folders",
               f"rename it “{slugify(bad) or 'page'}” (lowercase letters without accents, digits and hyphens)")
    return False


def _yaml_files(folder: Path, kind: str, diag: Diagnostics) -> list[SourceFile]:
    out = []
    for path, rel in _files(folder):
        if path.suffix in YAML_SUFFIXES and len(rel.parts) == 1:
            out.append(SourceFile(path, kind, "", path.stem))
        else:
            diag.warning("content.stray", path, 0, f"only .yaml files directly in content/{folder.name}/ are read; "
                         "this file is ignored")
    return out
