"""Writing the site: everything goes into a fresh sibling folder that is swapped in by rename,
so readers and deploys never see a half-written or broken _site/, and a failed build leaves the
previous one untouched. Only folders this tool made are ever replaced."""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from .errors import Diagnostics

MARKER = ".sitegen"  # marks a folder as ours, so --out never replaces someone's files
SOURCE_DIRS = ("content", "templates", "static", "seeds", "tests", "sitegen", ".git")


def check_target(out: Path, root: Path, diag: Diagnostics) -> bool:
    out, root = out.resolve(), root.resolve()
    forbidden = {Path("/"), Path.home().resolve(), root}
    protected = [root / name for name in SOURCE_DIRS]
    problem = ""
    if out in forbidden or out in root.parents:
        problem = "is the project folder, one of its parents, your home folder or the disk's root"
    elif any(out == p or p in out.parents for p in protected):
        problem = "is inside the project's sources"
    if not problem and out.exists():
        if not out.is_dir():
            problem = "exists and is not a folder"
        elif any(out.iterdir()) and not (out / MARKER).is_file():
            problem = "already holds files that this tool did not make"
    if problem:
        diag.error("output.refused", "", 0, f"refusing to write the site to {out}: it {problem}",
                   "choose a new or empty folder, such as _site")
        return False
    return True


# O_BINARY: Windows would otherwise turn \n into \r\n; O_CLOEXEC: a preview's child gets no open file.
_WRITE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)


def write_file(path: Path, data: bytes) -> None:
    """Path.write_bytes in three system calls: open() adds a stat, an ioctl and a seek that, over
    thousands of small pages, cost as much as the writes themselves (measured: 0.3 → 0.15 ms a file)."""
    fd = os.open(path, _WRITE_FLAGS, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


class MemorySink:
    """Keeps the output in memory (serve, check, tests)."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def write(self, rel: str, data: bytes) -> None:
        self.files[rel] = data

    def keep(self, rel: str) -> bool:
        return False  # an in-memory cache hands over the bytes instead


class NullSink:
    """Discards the output (check): only the problems found while rendering matter, and workers
    then send back no pages."""

    def __init__(self):
        self.files: dict[str, bytes] = {}  # stays empty

    def write(self, rel: str, data: bytes) -> None:
        pass

    def keep(self, rel: str) -> bool:
        return True  # nothing to keep: an output rendered once is as good as rendered again


class Staging:
    """A folder beside `out` that becomes `out` in one rename once everything is in it.

    Files of the previous build whose inputs did not change are hard-linked from it instead of
    written again (`keep`), when the previous build is the one the cache describes. The links are
    made at `commit`, and only if something changed: a build that changes nothing leaves `out` as
    it is rather than making and removing a folder per page.

    With a `spare` (a folder in the cache), the site that a build replaces is kept there instead
    of deleted, and the next build starts from it: its folders are already there and most of its
    files are the same as `out`'s (links to the same files), so a build that changed a few pages
    touches a few files, where making and removing a folder per page cost 5 s at 2 x 5000 pages on
    this machine's disk. Nothing in the spare is trusted: a file is kept only if it is the very
    file `out` has (same inode), and it is never written through (one is unlinked before it is
    written, since it may be a link to a file of `out`).
    """

    def __init__(self, out: Path, previous_state: str | None = None, spare: Path | None = None):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-", dir=self.out.parent))
        self._spare = spare
        self.recycled = False  # the folder is the spare: it holds files, some of them links to out's
        if spare is not None:
            try:
                os.replace(spare, self.path)  # also claims it: a build running beside this one gets none
                self.recycled = True
            except OSError:  # none yet, or on another disk than `out`
                pass
        self.path.chmod(0o755)
        self.files: dict[str, bytes] = {}  # stays empty: the files are on disk
        marker = self.out / MARKER
        self._previous = previous_state
        self._reuse = (previous_state is not None and marker.is_file()
                       and previous_state in marker.read_text(encoding="utf-8", errors="replace"))
        self._dirs: set = set()
        self._kept: dict[str, int] = {}  # files of `out` to link into the new folder → their inode

    def _target(self, rel: str) -> Path:
        target = self.path / rel
        parent = target.parent
        if parent not in self._dirs:
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except (FileExistsError, NotADirectoryError):
                if not self.recycled:
                    raise
                # The spare has a file where this build has a folder: a page became a section.
                for above in reversed(Path(rel).parents[:-1]):
                    if not (self.path / above).is_dir():
                        _clear(self.path / above)
                parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(parent)
        return target

    def write(self, rel: str, data: bytes) -> None:
        target = self._target(rel)
        if self.recycled:
            _clear(target)
        write_file(target, data)

    def keep(self, rel: str) -> bool:
        if not self._reuse:
            return False
        try:  # one stat tells both that the file is there and which one it is
            found = os.stat(self.out / rel)
        except OSError:  # a file deleted by hand is made again
            return False
        if not stat.S_ISREG(found.st_mode):
            return False
        self._kept[rel] = found.st_ino
        return True

    def commit(self, copies: dict[str, Path], state: str, fresh: set) -> None:
        """Links the kept files, copies the static files, marks the folder as ours, then swaps it
        in for `out`; or, when `out` already holds this very build, leaves it untouched.
        `fresh`: the files written in this build (by this process or by workers)."""
        if (self._reuse and state == self._previous and not fresh
                and self._holds({*self._kept, *copies, MARKER})):
            self._put_away(self.path) if self.recycled else self.path.rmdir()
            return
        present = _inodes(self.path) if self.recycled else {}
        if present:
            self._drop(present.keys() - {*self._kept, *fresh, *copies, MARKER})
        for rel, inode in self._kept.items():
            have = present.get(rel)
            if have == inode:
                continue  # already the very file `out` has
            target = self._target(rel)
            if have is not None:
                os.unlink(target)
            os.link(self.out / rel, target)
        for rel, source in copies.items():
            target = self._target(rel)
            if rel in present:
                os.unlink(target)
            shutil.copyfile(source, target)
        marker = self.path / MARKER
        if MARKER in present:
            os.unlink(marker)
        marker.write_text(f"Built by build.py; this folder is replaced by every build.\nstate: {state}\n", encoding="utf-8")
        if self.out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-", dir=self.out.parent))
            os.replace(self.out, old / "site")
            os.replace(self.path, self.out)
            self._put_away(old / "site")
            old.rmdir()
        else:
            os.replace(self.path, self.out)

    def _drop(self, stale) -> None:
        """Removes the spare's files that this build does not have, then the folders left empty."""
        folders = set()
        for rel in stale:
            os.unlink(self.path / rel)
            parent = rel.rpartition("/")[0]
            while parent:
                folders.add(parent)
                parent = parent.rpartition("/")[0]
        for rel in sorted(folders, key=lambda f: f.count("/"), reverse=True):
            try:
                os.rmdir(self.path / rel)
            except OSError:  # still holds files
                pass

    def _put_away(self, folder: Path) -> None:
        """The folder becomes the next build's spare, or is deleted when there is none to keep."""
        if self._spare is not None:
            try:
                self._spare.parent.mkdir(parents=True, exist_ok=True)
                os.replace(folder, self._spare)
                return
            except OSError:  # another build put one back first, or the cache is on another disk
                pass
        shutil.rmtree(folder, ignore_errors=True)

    def _holds(self, expected: set) -> bool:
        """True when `out` has exactly these files (none added or removed by hand since)."""
        return _inodes(self.out).keys() == expected

    def abort(self) -> None:
        self._put_away(self.path) if self.recycled else shutil.rmtree(self.path, ignore_errors=True)


def _clear(path: Path) -> None:
    """Removes what is at `path` in the spare, a file (or link) or a folder, if anything."""
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass
    except (IsADirectoryError, PermissionError):  # Linux says the first for a folder, macOS the second
        if not path.is_dir():
            raise
        shutil.rmtree(path)


def _inodes(top: Path) -> dict:
    """Every file under `top` (path relative to it, with /) → its inode, which the directory
    listing gives without a stat per file."""
    found, stack = {}, [("", str(top))]
    while stack:
        base, folder = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                rel = f"{base}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    stack.append((rel + "/", entry.path))
                else:
                    found[rel] = entry.inode()
    return found
