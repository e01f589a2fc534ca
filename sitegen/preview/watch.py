"""The live preview's file watcher: watchfiles (inotify, FSEvents…) reports a save within about
10 ms (QUIET_MS); every batch of changes that concerns the site runs one rebuild, and events that arrive
during a rebuild are merged into the next batch."""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from watchfiles import Change, awatch

from sitegen.preview.state import Preview, describe
from sitegen.report import Reporter

OVERLAP = 1.0  # seconds during which old and new watchers both run, when what is watched changes
# A batch ends after this many milliseconds without a new event. watchfiles' default (50) was most
# of the save-to-served time on the real site (~120 ms, now ~30 ms); an editor's save (write, or
# write a temporary file and rename it) takes well under it.
QUIET_MS = 10


async def watch(preview: Preview, reporter: Reporter, reload: Callable[[list], None]) -> None:
    """Rebuilds after every batch of changes to the sources and calls `reload` when open pages must
    reload, with the stylesheets to swap when those alone changed; for ever (cancel the task to stop)."""
    queue: asyncio.Queue = asyncio.Queue()
    printed = None  # the problems last printed, so an unchanged warning is not repeated at every save
    targets = preview.watch_targets()
    watchers = [_start(targets, queue)]
    try:
        while True:
            changes = await queue.get()
            while not queue.empty():
                changes |= queue.get_nowait()
            paths = relevant(preview, changes)
            if not paths:
                continue
            outcome = preview.rebuild(paths)
            if outcome.diagnostics != printed:
                reporter.diagnostics(outcome.diagnostics)
                printed = outcome.diagnostics
            reporter.say(describe(outcome, preview.root, paths))
            if outcome.reload:
                reload(outcome.stylesheets)
            if (now := preview.watch_targets()) != targets:  # a source folder or the facts file came or went
                targets = now
                watchers.append(_start(targets, queue))
                # The old watchers stop only once the new ones surely run, so no save falls between.
                asyncio.get_running_loop().call_later(OVERLAP, watchers[-2][0].set)
    finally:
        for stop, _ in watchers:
            stop.set()
        await asyncio.gather(*(task for _, tasks in watchers for task in tasks), return_exceptions=True)


def relevant(preview: Preview, changes) -> list[Path]:
    """The changed files that can change the site, less an editor's temporary files (added and
    deleted within the batch: sed -i, vim's 4913, save-by-rename)."""
    kinds: dict[Path, set] = {}
    for change, path in changes:
        kinds.setdefault(Path(path), set()).add(change)
    return sorted(path for path, seen in kinds.items() if preview.concerns(path)
                  and not ({Change.added, Change.deleted} <= seen and not path.exists()))


def _start(targets, queue: asyncio.Queue):
    stop = asyncio.Event()
    return stop, [asyncio.create_task(_feed(targets, queue, stop))]


async def _feed(paths, queue: asyncio.Queue, stop: asyncio.Event) -> None:
    while not stop.is_set():
        try:
            async for changes in awatch(*[p for p in paths if p.is_dir()], recursive=False, stop_event=stop,
                                        step=QUIET_MS):
                queue.put_nowait(changes)
        except FileNotFoundError:  # a folder deleted since it was listed: its parent saw it go
            continue
