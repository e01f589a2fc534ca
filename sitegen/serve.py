"""`build.py serve`: the live preview. It runs the same pipeline as `build` again after every change
to the sources and serves the result from memory. Nothing is written to _site/, so a preview never
clobbers a deploy. Open pages reload as soon as a rebuild changes what they show.

This module holds the command and the preview's state, and needs no web server. The server and the
file watcher live in devserver.py, which is imported only when the command runs, so `build` starts
without loading tornado or watchfiles.
"""
from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import pipeline
from .errors import ERROR, Diagnostic, Diagnostics, SiteError
from .report import Reporter

SETTINGS = "site.yaml"
SOURCE_DIRS = ("content", "templates", "static")  # watched with their subfolders


@dataclass
class Outcome:
    """What one rebuild did: the output files it changed, and whether open pages must reload."""
    changed: list = field(default_factory=list)  # output paths that differ from the previous build
    failed: bool = False
    diagnostics: list = field(default_factory=list)
    reload: bool = False
    milliseconds: int = 0


class Preview:
    """The files of the last good build, and the problems of the last build if it failed. When the
    last build failed, pages show its problems (see devserver.py) and the files stay as they were."""

    def __init__(self, root: Path, options: pipeline.Options):
        self.root = root
        self.options = options
        self.cache = pipeline.Cache()
        self.files: dict[str, bytes] = {}
        self.copies: dict[str, Path] = {}  # output path → file in static/
        self._stamps: dict[str, tuple] = {}  # output path → (source, mtime_ns, size)
        self.problems: list[Diagnostic] = []  # shown instead of the pages while the last build failed
        self.sources: Path | None = None  # the facts file the last good site.yaml names

    def rebuild(self, changed_sources=()) -> Outcome:
        if any(self.root / "templates" in Path(p).parents for p in changed_sources):
            self.cache.forget_templates()
        start = time.perf_counter()
        diag = Diagnostics(self.root)
        try:
            result = pipeline.run(self.root, self.options, diag, self.cache)
        except SiteError:
            result = None
        outcome = Outcome(failed=result is None, diagnostics=diag.sorted())
        problems = outcome.diagnostics if outcome.failed else []
        if result is not None:
            stamps = {out: _stamp(src) for out, src in result.copies.items()}
            outcome.changed = sorted(_differ(self.files, result.files) | _differ(self._stamps, stamps))
            self.files, self.copies, self._stamps = result.files, result.copies, stamps
            self.sources = result.site.config.sources
        outcome.reload = bool(outcome.changed) or problems != self.problems
        self.problems = problems
        outcome.milliseconds = round((time.perf_counter() - start) * 1000)
        return outcome

    def read(self, output: str) -> bytes | None:
        """The bytes of an output file of the last good build, or None."""
        if output in self.files:
            return self.files[output]
        source = self.copies.get(output)
        try:
            return source.read_bytes() if source else None
        except OSError:  # deleted since the build; the watcher is about to rebuild
            return None

    def has(self, output: str) -> bool:
        return output in self.files or output in self.copies

    def watch_targets(self) -> tuple[tuple[Path, ...], tuple[Path, ...]]:
        """(folders watched with their subfolders, folders watched alone). Files are watched through
        their folder: an editor that saves by renaming a new file over the old one would end a watch
        on the file itself. The project folder is watched alone, never the .venv or _site in it."""
        deep = tuple(d for d in (self.root / name for name in SOURCE_DIRS) if d.is_dir())
        flat = {self.root} | ({self.sources.parent} if self.sources and self.sources.parent.is_dir() else set())
        return deep, tuple(sorted(flat))

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


def describe(outcome: Outcome, root: Path, changed_sources=()) -> str:
    """One line for the terminal about a rebuild."""
    names = [Path(p).relative_to(root).as_posix() if root in Path(p).parents else str(p) for p in changed_sources]
    what = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
    prefix = f"{what} changed: " if what else ""
    if outcome.failed:
        errors = sum(d.level == ERROR for d in outcome.diagnostics)
        return (f"{prefix}the site could not be built ({errors} error{'s' if errors != 1 else ''}); "
                "open pages show the problems, and the preview goes on from the last good build.")
    files = len(outcome.changed)
    if not what:
        return f"Built {files} file{'s' if files != 1 else ''} in {outcome.milliseconds} ms."
    result = f"{files} file{'s' if files != 1 else ''} changed" if files else "no output changed"
    return f"{prefix}rebuilt in {outcome.milliseconds} ms, {result}."


def url_host(host: str) -> str:
    """The host to put in the preview's address: 0.0.0.0 listens everywhere but is not an address."""
    if host in ("", "0.0.0.0"):
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def cmd_serve(args, reporter: Reporter) -> int:
    from . import devserver  # tornado and watchfiles load only for this command

    root = Path(args.root).resolve()
    try:
        sockets = devserver.listen(args.host, args.port)
    except OSError as exc:
        reporter.say(f"Cannot listen on {args.host} port {args.port}: {exc.strerror or exc}.\n"
                     f"    → another preview may be running; stop it, or choose another port: --port {args.port + 1}")
        return 2
    port = sockets[0].getsockname()[1]
    url = f"http://{url_host(args.host)}:{port}/"
    preview = Preview(root, pipeline.Options(base_url=url, drafts=args.drafts))
    outcome = preview.rebuild()
    reporter.diagnostics(outcome.diagnostics)
    reporter.say(describe(outcome, root))
    reporter.say(f"Preview at {url} — pages reload when a file of content/, templates/, static/ or "
                 f"{SETTINGS} changes. Ctrl+C stops it.")
    try:
        devserver.run(preview, sockets, reporter)
    except KeyboardInterrupt:
        pass
    reporter.say("Preview stopped.")
    return 0


def register(commands) -> None:
    serve = commands.add_parser(
        "serve", help="preview the site at http://127.0.0.1:8000/, reloading pages on every change",
        description="Build the site in memory, serve it, and rebuild and reload open pages whenever a source "
                    "file changes. Nothing is written to _site/.")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000; 0 picks a free one)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default: 127.0.0.1; 0.0.0.0 lets other devices of the network see it)")
    serve.add_argument("--drafts", action="store_true", help="include pages marked draft: true")
    serve.set_defaults(func=cmd_serve)


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"“{text}” is not a port number (0 to 65535)")
    return value
