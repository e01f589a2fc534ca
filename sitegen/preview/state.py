"""The live preview's state: the files of the last good build, served from memory, and what one
rebuild after a save changed. The command is serve.py, the web server server.py and the file
watcher watch.py; they all use this module, which needs neither a web server nor a watcher.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from sitegen import messages, pipeline
from sitegen.editing import translations
from sitegen.errors import ERROR, Diagnostic, Diagnostics, SiteError
from sitegen.load import ownfiles

SETTINGS = "site.yaml"
SOURCE_DIRS = ("content", "templates", "static")  # watched with their subfolders
PORT_TRIES = 11  # the port asked for, then the next ten when it is busy (the command and the server)


@dataclass
class Outcome:
    """What one rebuild did: the output files it changed, and whether open pages must reload."""
    changed: list = field(default_factory=list)  # output paths that differ from the previous build
    failed: bool = False
    diagnostics: list = field(default_factory=list)
    reload: bool = False
    # When only stylesheets changed: their previous output paths, which open pages link to; they
    # are restyled in place instead of reloaded (see server.Hub.reload).
    stylesheets: list = field(default_factory=list)
    milliseconds: int = 0
    partial: bool = False  # only the changed pages' stages ran again (pipeline.update)


class Preview:
    """The files of the last good build, and the problems of the last build if it failed. When the
    last build failed, pages show its problems (see server.py) and the files stay as they were."""

    def __init__(self, root: Path, options: pipeline.Options):
        self.root = root
        self.options = options
        self.cache = pipeline.Cache()
        self.files: dict[str, bytes] = {}
        self.copies: dict[str, Path] = {}  # output path → file in static/
        # A hashed asset's earlier output paths → its current one: a restyled page keeps linking to
        # the name it loaded (site.<old hash>.css), which must now answer the new stylesheet.
        self.renamed: dict[str, str] = {}
        self._stamps: dict[str, tuple] = {}  # output path → (source, mtime_ns, size)
        self.problems: list[Diagnostic] = []  # shown instead of the pages while the last build failed
        self.sources: Path | None = None  # the facts file the last good site.yaml names
        self.last: pipeline.BuildResult | None = None  # the last good build, for pipeline.update
        self._folders: tuple[Path, ...] | None = None  # what watch_targets lists, until a full rebuild
        self.loaded: pipeline.Loaded | None = None  # what the last build read, even if it failed
        self._table: str | None = None  # the translation table of that build, once asked for

    def rebuild(self, changed_sources=()) -> Outcome:
        start = time.perf_counter()
        diag = Diagnostics(self.root)
        try:
            result = self._build(changed_sources, diag)
        except SiteError:
            result = None
        except Exception as exc:  # noqa: BLE001 - a bug of ours must not stop the preview
            if os.environ.get("SITEGEN_DEBUG"):
                raise
            result = None
            diag.error("internal", "", 0, error=f"{type(exc).__name__}: {exc}")
        self.last = result
        self._table = None
        if result is None or not result.partial:  # a folder may have come or gone
            self._folders = None
        outcome = Outcome(failed=result is None, diagnostics=(result.diagnostics if result else diag).sorted(),
                          partial=result is not None and result.partial)
        problems = outcome.diagnostics if outcome.failed else []
        if result is not None:
            stamps = {out: _stamp(src) for out, src in result.copies.items()}
            outcome.changed = sorted(_differ(self.files, result.files) | _differ(self._stamps, stamps))
            renamed = _renamed(self.copies, result.copies)
            if not problems and not self.problems:
                outcome.stylesheets = _restyled(outcome.changed, renamed, self.files, result.files)
            chained = {old: renamed.get(new, new) for old, new in self.renamed.items()} | renamed
            self.renamed = {old: new for old, new in chained.items() if new in result.copies and old not in result.copies}
            self.files, self.copies, self._stamps = result.files, result.copies, stamps
            self.sources = result.site.config.sources
        outcome.reload = bool(outcome.changed) or problems != self.problems
        self.problems = problems
        outcome.milliseconds = round((time.perf_counter() - start) * 1000)
        return outcome

    def _build(self, changed_sources, diag: Diagnostics) -> pipeline.BuildResult:
        """Only what the changed pages reach when that is all they reach, else the whole pipeline."""
        if self.last is not None and changed_sources:
            # update may change self.last in place; rebuild replaces it with this result in any case.
            result = pipeline.update(self.last, changed_sources, self.cache)
            if result is not None:
                self.loaded = result.stages.loaded
                return result
        # What the watcher saw change is read again even when its stamp (mtime, size) did not move:
        # two saves of the same length within one tick of the filesystem's clock.
        self.cache.forget(changed_sources)
        self.loaded = None  # until site.yaml reads
        self.loaded = pipeline.load(self.root, self.options, diag, self.cache)
        return pipeline.run(self.root, self.options, diag, self.cache, loaded=self.loaded)

    def translation_table(self) -> str:
        """The translation status page of the last build: made once, not at every request."""
        if self._table is None:
            self._table = translations.status_page(translations.of(self.loaded) if self.loaded else None)
        return self._table

    def read(self, output: str) -> bytes | None:
        """The bytes of an output file of the last good build, or None."""
        output = self.renamed.get(output, output)
        if output in self.files:
            return self.files[output]
        source = self.copies.get(output)
        if source is None or ownfiles.flaw(source, self.root):  # made a link since the build
            return None
        try:
            return source.read_bytes()
        except OSError:  # deleted since the build; the watcher is about to rebuild
            return None

    def has(self, output: str) -> bool:
        """Only what the build made, looked up by name: a URL is never joined to a folder's path."""
        return output in self.files or output in self.copies or output in self.renamed

    def watch_targets(self) -> tuple[Path, ...]:
        """The folders watched, each without its subfolders: the project folder (never the .venv or
        _site in it), the facts file's, and every real folder of the sources. Files are watched
        through their folder: an editor that saves by renaming a new file over the old one would end
        a watch on the file itself. Nothing is watched recursively, as the watcher would follow links
        out of the project or round a loop; a new folder is a change in its parent, whose full
        rebuild lists it here."""
        if self._folders is None:
            self._folders = tuple(f for name in SOURCE_DIRS for f in ownfiles.folders(self.root / name))
        facts = {self.sources.parent} if self.sources and self.sources.parent.is_dir() else set()
        return tuple(sorted({self.root, *facts, *self._folders}))

    def concerns(self, path: Path) -> bool:
        """True when a change to `path` can change the site."""
        if path == self.root / SETTINGS or path == self.sources:
            return True
        return any(path == d or d in path.parents for d in (self.root / name for name in SOURCE_DIRS))


def _stamp(path: Path) -> tuple:
    try:
        st = path.stat()
    except OSError:
        return (path, None, None)
    return (path, st.st_mtime_ns, st.st_size)


def _differ(old: dict, new: dict) -> set:
    return {k for k in old.keys() | new.keys() if old.get(k) != new.get(k)}


def _renamed(old: dict, new: dict) -> dict:
    """Earlier output path → new one, for the static files whose output name changed (a new hash)."""
    now = {source: out for out, source in new.items()}
    return {out: now[source] for out, source in old.items() if source in now and now[source] != out}


def _restyled(changed: list, renamed: dict, old_files: dict, new_files: dict) -> list:
    """The earlier paths of the stylesheets when nothing but stylesheets changed, else []. Pages that
    link to a stylesheet change with its hash; they count as unchanged when that is their only change."""
    sheets = {old: new for old, new in renamed.items() if old.endswith(".css")}
    if not sheets or not all(out.endswith(".css") or out in new_files for out in changed):
        return []
    for out in changed:
        if out.endswith(".css"):
            continue
        page = new_files[out]
        for old, new in sheets.items():
            page = page.replace(new.encode(), old.encode())
        if page != old_files.get(out):
            return []
    return sorted(sheets)


def describe(outcome: Outcome, root: Path, changed_sources=()) -> str:
    """One line for the terminal about a rebuild."""
    names = [Path(p).relative_to(root).as_posix() if root in Path(p).parents else str(p) for p in changed_sources]
    what = ", ".join(names[:3]) + (messages.text("preview.more", count=len(names) - 3) if len(names) > 3 else "")
    prefix = messages.text("preview.changed", files=what) if what else ""
    if outcome.failed:
        errors = sum(d.level == ERROR for d in outcome.diagnostics)
        return prefix + messages.text("preview.failed", errors=messages.count("error", errors))
    files, ms = len(outcome.changed), outcome.milliseconds
    if not what:
        return messages.text("preview.built", files=messages.count("file", files), ms=ms)
    return prefix + messages.text("preview.rebuilt", ms=ms, files=messages.count("changed", files))
