"""The project's own files: everything the build and the preview read is a regular file of the
project, reached without following a symbolic link.

A link can bring in any file the user running the build may read: `static/env.txt` linked to
/proc/self/environ published the build's environment. Even a link that stays inside the project
can reach .git/config (where CI keeps its token), .venv or _site, and Git on Windows checks links
out as small text files, so the same sources would make another site there. So every link is
refused, with its path and where it points, and never followed (nor round a loop); editors never
need one (GitHub's web editor cannot make them). Pipes and devices are refused too: reading one
can wait for ever. Hidden names (".git", an editor's ".#page.md" lock) are skipped before any of
this, as they always were.
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePosixPath
from typing import NamedTuple

from sitegen import messages
from sitegen.errors import Diagnostics


def files(folder: Path, diag: Diagnostics, refused: list | None = None) -> list[tuple[Path, PurePosixPath]]:
    """Every visible regular file below `folder`, with its path relative to it, sorted as paths
    sort (never in the disk's order); each link, pipe or device met on the way is reported and
    left out (and added to `refused`, as a path relative to `folder`). With os.scandir, whose
    entries know links and folders without a stat each: pathlib's rglob and sorting were a tenth
    of a warm build."""
    found: list[str] = []

    def walk(directory: str, prefix: str) -> None:
        for entry in _entries(directory, diag, refused, prefix):
            if entry.is_dir(follow_symlinks=False):
                walk(entry.path, f"{prefix}{entry.name}/")
            else:
                found.append(prefix + entry.name)

    if _folder(folder, diag):
        walk(str(folder), "")
    return [(folder / rel, PurePosixPath(rel)) for rel in sorted(found, key=lambda r: r.split("/"))]


def entries(folder: Path, diag: Diagnostics) -> list[os.DirEntry]:
    """The visible regular files and real folders directly in `folder`, sorted by name; a link, pipe
    or device there is reported and left out, and so is everything when `folder` is itself a link."""
    return sorted(_entries(str(folder), diag), key=lambda e: e.name) if _folder(folder, diag) else []


def folders(top: Path) -> list[Path]:
    """`top` and every real folder below it, hidden ones too, without following links (what the
    preview watches); empty when `top` is not a real folder."""
    try:
        if not stat.S_ISDIR(os.lstat(top).st_mode):
            return []
    except OSError:
        return []
    found = [top]
    for directory in found:  # grows as it goes: breadth first
        try:
            with os.scandir(directory) as it:
                found += [Path(e.path) for e in it if e.is_dir(follow_symlinks=False)]
        except OSError:  # deleted meanwhile: the watcher sees that too
            pass
    return sorted(found)


class Flaw(NamedTuple):
    code: str
    why: str
    hint: str


def flaw(path: Path, root: Path) -> Flaw | None:
    """Why and what to do when `path` must not be read: it lies outside the project, a link stands on
    the way to it (named, with where it points) or it is not a regular file. None when it is a
    regular file of the project reached without a link, or when nothing is there (the caller says
    "missing"). ".." in `path` is taken as written, so read it normalised (os.path.normpath)."""
    rel = os.path.relpath(path, root)
    if rel == os.pardir or rel.startswith(os.pardir + os.sep) or os.path.isabs(rel):
        return Flaw("file.outside", messages.text("file.outside"), messages.text("file.outside", "hint"))
    current = str(root)
    for part in rel.split(os.sep):
        current = os.path.join(current, part)
        try:
            mode = os.lstat(current).st_mode
        except OSError:
            return None
        if stat.S_ISLNK(mode):
            where = os.path.relpath(current, root).replace(os.sep, "/")
            return Flaw("file.link", messages.text("file.link", "why", where=where, link=_link(Path(current), root)),
                        messages.text("file.link", "hint"))
    # A folder is no file either, but the caller's own "does not exist" says so better.
    return None if stat.S_ISREG(mode) or stat.S_ISDIR(mode) else Flaw(
        "file.special", messages.text("file.special", "why"), messages.text("file.special", "use"))


def refuse(path: Path, diag: Diagnostics) -> None:
    """Reports `path`, a link or a special file met in a folder of the sources."""
    if os.path.islink(path):
        diag.error("file.link", path, 0, link=_link(path, diag.root))
    else:
        diag.error("file.special", path, 0)


def _link(path: Path, root: Path) -> str:
    """“a link to “target””, saying when the target is outside the project or a loop. Only the link is
    read, never its target."""
    target = os.readlink(path)
    real, top = os.path.realpath(path), os.path.realpath(root)
    if os.path.commonpath([real, top]) != top:
        return messages.text("file.link", "outside", target=target)
    if real == os.path.commonpath([real, os.path.realpath(path.parent)]) or _loops(path):
        return messages.text("file.link", "loop", target=target)
    return messages.text("file.link", "to", target=target)


def _loops(path: Path) -> bool:
    try:
        os.stat(path)
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _entries(directory: str, diag: Diagnostics, refused: list | None = None, prefix: str = ""):
    with os.scandir(directory) as it:
        for entry in it:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False) or entry.is_file(follow_symlinks=False):
                yield entry
            else:
                refuse(Path(entry.path), diag)
                if refused is not None:
                    refused.append(PurePosixPath(prefix + entry.name))


def _folder(path: Path, diag: Diagnostics) -> bool:
    """True when `path` is a real folder; a link there is reported."""
    if os.path.islink(path):
        refuse(path, diag)
        return False
    return path.is_dir()

