"""content/ → the list of source files, each with its kind, language and key, in a stable order."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import ownfiles
from .config import SiteConfig
from .errors import Diagnostics

PAGE, GLOSSARY, DATA = "page", "glossary", "data"
YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    kind: str  # PAGE, GLOSSARY or DATA
    lang: str  # "" for glossary and data
    key: str  # "accord", "dossier/index", the glossary id or the data name


def scan(config: SiteConfig, diag: Diagnostics) -> list[SourceFile]:
    content = config.content_dir
    if not content.is_dir() and not content.is_symlink():  # a link is reported below
        diag.error("content.missing", content, 0, "the content/ folder is missing",
                   "create content/fr/index.md and content/en/index.md")
        return []
    found: list[SourceFile] = []
    for entry in ownfiles.entries(content, diag):
        name, top = entry.name, Path(entry.path)
        if entry.is_file(follow_symlinks=False):
            diag.warning("content.stray", top, 0, "this file is outside any language folder and is ignored",
                         f"move pages into content/{config.default_language}/ or another language folder")
        elif name in config.languages:
            for path, rel in ownfiles.files(top, diag):
                if path.suffix == ".md":
                    found.append(SourceFile(path, PAGE, name, rel.with_suffix("").as_posix()))
                else:
                    diag.warning("content.stray", path, 0, "only Markdown (.md) files are pages; this file is ignored",
                                 "put images and downloads in static/ and link to them from the page")
        elif name == "glossary":
            found += _yaml_files(top, GLOSSARY, diag)
        elif name == "data":
            found += _yaml_files(top, DATA, diag)
        else:
            diag.error("content.language", top, 0,
                       f"the folder content/{name}/ is not a language of the site",
                       f"the languages in site.yaml are: {', '.join(config.languages)}; "
                       "rename the folder or add the language to site.yaml")
    return found


def _yaml_files(folder: Path, kind: str, diag: Diagnostics) -> list[SourceFile]:
    out = []
    for path, rel in ownfiles.files(folder, diag):
        if path.suffix in YAML_SUFFIXES and len(rel.parts) == 1:
            out.append(SourceFile(path, kind, "", path.stem))
        else:
            diag.warning("content.stray", path, 0, f"only .yaml files directly in content/{folder.name}/ are read; "
                         "this file is ignored")
    return out
