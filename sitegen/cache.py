"""What a build can reuse from the previous one, each piece checked against what it was made from.

- Parsed pages, by file stamp (mtime, size), dropped explicitly for the files a watcher saw change.
- Rendered Markdown, by the page's text plus every outside value the render looked up (the URL of
  each linked page, each glossary term's label and tooltip, each cited fact, each shortcode's
  inputs): lookups go through recording maps, so the dependencies are exactly what was used.
- Rendered output files, by a signature of everything their template sees.

It builds none of the stages' objects: a stage that wants one kept between runs (the theme's Jinja
environment) hands it over with `keep`, and finds a folder for its compiled templates here.

`serve` keeps one Cache in memory; `build` loads and saves one in .cache/ (outside _site/), and a
saved cache is used only by the very generator that wrote it (`generator`): its code and the
versions of the libraries that shape the output.
"""
from __future__ import annotations

import functools
import os
import pickle
import shutil
import sys
import zlib
from pathlib import Path
from typing import NamedTuple

from sitegen import messages, workers
from sitegen.errors import ERROR, Diagnostics
from sitegen.fileio import write_atomic
from sitegen.hashing import digest

# The libraries whose code decides what the output is, by their distribution names.
LIBRARIES = ("jinja2", "markdown_it_py", "mdit_py_plugins", "pyyaml")


def generator() -> str:
    """A digest of what made a cached value: every source file of this package (its message
    catalogs included), the versions of LIBRARIES and Python's, and the language of the messages
    (cached values hold the problems found, worded in it). An edit to the generator, an upgrade
    or another language invalidates the whole cache."""
    return digest(_code(), messages.current)


@functools.cache
def _code() -> str:
    package = Path(__file__).resolve().parent
    sources = sorted([*package.rglob("*.py"), *package.glob("messages/*.yaml")])
    return digest(sys.version, _library_versions(),
                  *((p.relative_to(package).as_posix(), p.read_bytes()) for p in sources))


def _library_versions() -> list:
    """(name, version) of each of LIBRARIES from the names of their installed metadata folders,
    as the import system would find them (first on sys.path wins). importlib.metadata gives the
    same answer but costs 50 ms of every start, a sixth of a build of the real site."""
    found = {}
    for folder in sys.path:
        try:
            names = os.listdir(folder or ".")
        except OSError:
            continue
        for name in names:
            stem, _, kind = name.rpartition(".")
            if kind in ("dist-info", "egg-info"):
                project, _, version = stem.partition("-")
                found.setdefault(project.lower().replace("-", "_").replace(".", "_"), version)
    return [(name, found.get(name)) for name in LIBRARIES]


class Recorder(dict):
    """Remembers each outside value a render looked up: (kind, key) → value."""

    def __init__(self):
        super().__init__()
        self.complete = True  # False once a render enumerated a whole collection (not cacheable)


class RecordingMap:
    """A read-only view of a mapping that records every key looked up, with what it found."""

    def __init__(self, base, recorder: Recorder, kind: str, value=lambda v: v):
        self._base, self._rec, self._kind, self._value = base, recorder, kind, value

    def get(self, key, default=None):
        found = self._base.get(key)
        self._rec[(self._kind, key)] = None if found is None else self._value(found)
        return default if found is None else found

    def __getitem__(self, key):
        found = self.get(key)
        if found is None:
            raise KeyError(key)
        return found

    def __contains__(self, key) -> bool:
        return self.get(key) is not None

    def __iter__(self):  # a “did you mean” over every key: only on error paths
        self._rec.complete = False
        return iter(self._base)

    def keys(self):
        self._rec.complete = False
        return self._base.keys()


class MarkdownEntry(NamedTuple):
    """A page's rendered Markdown as the cache keeps it, with what it was made from."""
    inputs: tuple  # the page's text and what else its render was given
    recorder: Recorder  # every outside value the render looked up
    rendered: object  # the Rendered
    problems: list  # its diagnostics, replayed when it is reused


class Cache:
    def __init__(self, reused: bool = True):
        # False: thrown away after the run (build --no-cache): it keeps no output's bytes, and
        # workers send it back no page's HTML.
        self.reused = reused
        self._kept: dict = {}  # name → (key, object): what a stage asked to keep between runs
        self.documents: dict = {}  # path → (stamp, Document | None, [Diagnostic])
        self.markdown: dict = {}  # (kind, lang, key) → MarkdownEntry
        self.outputs: dict = {}  # output path → (signature, bytes | None)
        self.markdown_signature = None
        self.changed = False  # since loaded: `build` saves the cache only then
        self.folder: Path | None = None  # where `build` keeps it; compiled templates go there too

    # What stages make and keep ---------------------------------------------------------------
    def keep(self, name: str, key, make):
        """The object kept under `name` while `key` stays the same, else a new one from make(): the
        preview reuses what a stage made in the previous run (the theme's Jinja environment). Held
        in memory only, never saved."""
        hit = self._kept.get(name)
        if hit is None or hit[0] != key:
            hit = self._kept[name] = (key, make())
        return hit[1]

    @property
    def compiled_templates(self) -> Path | None:
        """The folder for the templates compiled by a build, for the next one; None in memory."""
        return self.folder / "templates" if self.folder else None

    def forget(self, paths) -> None:
        """Drops what was read from `paths`: a save within the same clock tick keeps the stamp."""
        for path in paths:
            self.documents.pop(str(path), None)

    # Parsed pages ----------------------------------------------------------------------------
    def documents_of(self, sources, parse, diag, jobs: int | None = None) -> dict:
        """path → Document (None when refused) for every source, as `document` gives them; the files
        the cache does not hold are parsed in worker processes when there are enough of them (a
        cold build of 2 x 1000 pages: half a second before any page can render)."""
        jobs = workers.count() if jobs is None else jobs
        stamps = {s.path: _stamp(s.path) for s in sources}
        todo = [s for s in sources if self._held(s, stamps[s.path]) is None]
        if jobs > 1 and len(todo) >= MIN_PARSED and workers.can_fork():
            global _parsing
            _parsing = (todo, parse, diag.root)
            try:
                for part in workers.forked_map(_parse_share, len(todo), jobs):
                    for i, doc, found in part:
                        self.documents[str(todo[i].path)] = (stamps[todo[i].path], doc, found)
                        self.changed = True
            finally:
                _parsing = None
        # In the sources' order, from the cache now: the diagnostics come in the order they always did.
        return {s.path: self.document(s, parse, diag, stamps[s.path]) for s in sources}

    def _held(self, source, stamp):
        hit = self.documents.get(str(source.path))
        return hit if hit is not None and hit[0] == stamp and stamp is not None else None

    def document(self, source, parse, diag, stamp=False):
        """`stamp`: the file's, when the caller has just taken it."""
        stamp = _stamp(source.path) if stamp is False else stamp
        key = str(source.path)
        hit = self._held(source, stamp)
        if hit is not None:
            diag.items.extend(hit[2])
            return hit[1]
        before = len(diag.items)
        doc = parse(source, diag)
        self.documents[key] = (stamp, doc, diag.items[before:])
        self.changed = True
        return doc

    # Rendered Markdown -----------------------------------------------------------------------
    def check_markdown_signature(self, signature: str) -> None:
        """Settings that change every render (Markdown options, glossary URLs…) drop them all."""
        if signature != self.markdown_signature:
            self.markdown.clear()
            self.markdown_signature = signature
            self.changed = True

    def rendered(self, key, inputs, current, render, diag):
        """The cached render for `key` when its inputs and every recorded lookup still hold."""
        hit = self.markdown.get(key)
        if hit is not None and hit.inputs == inputs and all(current(dep) == value for dep, value in hit.recorder.items()):
            diag.items.extend(hit.problems)
            return hit.rendered
        if render is None:  # the caller only asks what the cache holds
            return None
        before = len(diag.items)
        recorder = Recorder()
        result = render(recorder)
        found = diag.items[before:]
        self.changed = True
        if recorder.complete and not any(d.level == ERROR for d in found):
            self.markdown[key] = MarkdownEntry(inputs, recorder, result, found)
        else:
            self.markdown.pop(key, None)
        return result

    # Output files -------------------------------------------------------------------------------
    def output(self, path: str, signature, render, sink) -> bool:
        """Puts the output file `path` into `sink`, rendering it unless its signature is unchanged
        and the sink can do with what the cache holds. True when it was rendered anew."""
        hit = self.outputs.get(path)
        same = hit is not None and hit[0] == signature
        if same and (hit[1] is not None or not sink.needs_bytes):
            if hit[1] is not None:
                sink.write(path, zlib.decompress(hit[1]) if sink.packs else hit[1])
            return False
        text = render()
        if text is None:  # a template error, already reported
            self.outputs.pop(path, None)
            self.changed = True
            return True
        data = text.encode("utf-8") if isinstance(text, str) else text
        # Serve keeps the bytes as they are; a build keeps them compressed (a fifth of the size)
        # for the next one, which writes every file anew; check keeps none, nor does a build
        # whose cache is thrown away (--no-cache).
        if not sink.needs_bytes or not self.reused:
            kept = None
        else:
            kept = zlib.compress(data, 1) if sink.packs else data
        self.outputs[path] = (signature, kept)
        self.changed = True
        sink.write(path, data)
        return True

    # Renders made in worker processes (parallel.py) --------------------------------------------
    def adopt_markdown(self, key, entry: MarkdownEntry) -> None:
        """Keeps a page's Markdown that a worker rendered: `entry` as `rendered` stored it there."""
        self.markdown[key] = entry
        self.changed = True

    def adopt_output(self, path: str, entry) -> None:
        """Keeps an output file that a worker rendered: `entry` as `output` stored it there."""
        self.outputs[path] = entry
        self.changed = True

    def prune_outputs(self, keep: set) -> None:
        for path in self.outputs.keys() - keep:
            del self.outputs[path]
            self.changed = True

    # Persistence (build) ------------------------------------------------------------------------
    def save(self, folder: Path) -> None:
        """Writes the cache to folder/cache.pickle atomically: its generator's digest on the
        first line, then the pickled state."""
        state = {
            "documents": self.documents, "markdown": self.markdown,
            "markdown_signature": self.markdown_signature, "outputs": self.outputs,
        }
        data = pickle.dumps(state, protocol=pickle.HIGHEST_PROTOCOL)
        write_atomic(folder / "cache.pickle", generator().encode("ascii") + b"\n" + data)

    @classmethod
    def load(cls, folder: Path) -> "Cache":
        cache = cls()
        cache.folder = folder
        try:
            with open(folder / "cache.pickle", "rb") as fh:
                # Read before anything is unpickled: objects of another generator's classes
                # could fail to load, or worse, load and mean something else.
                if fh.readline().rstrip(b"\n") != generator().encode("ascii"):
                    # Templates compiled by another Jinja or with other options go too.
                    shutil.rmtree(cache.compiled_templates, ignore_errors=True)
                    return cache
                state = pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return cache  # no cache, or a damaged one: a cold build
        cache.documents, cache.markdown = state["documents"], state["markdown"]
        cache.markdown_signature, cache.outputs = state["markdown_signature"], state["outputs"]
        return cache


MIN_PARSED = 400  # files; below, starting workers costs about what they save


def _stamp(path: Path):
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_size


_parsing: tuple | None = None  # (sources, parse, root), what the workers of documents_of inherit


def _parse_share(indices: range) -> list:
    """In a worker: parse a share of the sources; [(index, Document | None, its diagnostics)]."""
    sources, parse, root = _parsing
    diag, out = Diagnostics(root), []
    for i in indices:
        before = len(diag.items)
        out.append((i, parse(sources[i], diag), diag.items[before:]))
    return out
