"""Writing the site: every build writes a fresh folder beside `out` and swaps it in, so readers
and deploys never see a half-written site, a failed build leaves the previous one untouched, and
nothing is written into a file, or through a link, that was there before. Only folders this tool
made are ever replaced.

A build's working folders sit beside `out` and carry its process id: `.<out>.new-<pid>-<random>`
(the site being written) and, where the system cannot exchange two folders in one step,
`.<out>.old-<pid>-<random>/site` (the replaced site, during the swap). Where a kill leaves things,
and what the next build does first (`recover`), for folders whose process is gone:

1. killed while writing: `out` is the previous site and a `.new-` folder is left: removed.
2. killed at the swap on Linux, where renameat2 exchanges the two folders at once: `out` is the
   previous site or the new one, and the `.new-` folder holds the other: removed.
3. elsewhere the swap is two renames, `out` → `.old-…/site`, then `.new-…` → `out`. Killed between
   them: no `out`, and `.old-…/site` holds the previous site with its MARKER: it is put back as
   `out`, then the `.new-` folder is removed.
4. killed while deleting the replaced site: `out` is the new site; the rest is removed.

The folders of a build whose process still runs are its work and are left alone. Every file
goes in with `fileio.write_file`, which only ever creates one.
"""
from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import sys
import tempfile
from pathlib import Path

from sitegen import messages
from sitegen.fileio import write_file

MARKER = ".sitegen"  # marks a folder as ours, so --out never replaces someone's files
SOURCE_DIRS = ("content", "templates", "static", "seeds", "tests", "sitegen", ".git")


def check_target(out: Path, root: Path) -> str:
    """Why `out` cannot hold the site, as the end of a sentence starting with "it" (the catalog's
    output.target parts); "" if it can."""
    if out.is_symlink():  # the site and its working folders would go wherever the link points
        return messages.text("output.target", "link", target=os.readlink(out))
    out, root = out.resolve(), root.resolve()
    forbidden = {Path("/"), Path.home().resolve(), root}
    protected = [root / name for name in SOURCE_DIRS]
    if out in forbidden or out in root.parents:
        return messages.text("output.target", "project")
    if any(out == p or p in out.parents for p in protected):
        return messages.text("output.target", "sources")
    if out.exists():
        if not out.is_dir():
            return messages.text("output.target", "file")
        if any(out.iterdir()) and not ours(out):
            return messages.text("output.target", "foreign")
    # The site is written beside `out`: the nearest folder that exists must take new folders.
    parent = next(p for p in out.parents if p.exists())
    if not parent.is_dir():
        return messages.text("output.target", "parent_file", parent=parent)
    if not os.access(parent, os.W_OK | os.X_OK):
        return messages.text("output.target", "parent_readonly", parent=parent)
    return ""


def ours(folder: Path) -> bool:
    """A folder (not a link to one) that a build made: it holds the MARKER file (not a link)."""
    try:
        return stat.S_ISDIR(os.lstat(folder).st_mode) and stat.S_ISREG(os.lstat(folder / MARKER).st_mode)
    except OSError:
        return False


class MemorySink:
    """Keeps the output in memory (serve, check, tests)."""

    def __init__(self):
        self.files: dict[str, bytes] = {}

    def write(self, rel: str, data: bytes) -> None:
        self.files[rel] = data

    take = write  # the bytes of an output a worker process rendered

    needs_bytes, packs = True, False


class NullSink:
    """Discards the output (check): only the problems found while rendering matter, and workers
    then send back no pages."""

    def __init__(self):
        self.files: dict[str, bytes] = {}  # stays empty

    def write(self, rel: str, data: bytes) -> None:
        pass

    take = write

    needs_bytes = packs = False  # an unchanged output has nothing new to report: it is not rendered again


class Staging:
    """A fresh folder beside `out`, which `commit` swaps in for `out` once everything is in it.
    Every file is written anew: nothing of the previous site (or of a link planted in it) is read."""

    needs_bytes = packs = True  # the cache hands back an unchanged output's bytes, compressed

    def __init__(self, out: Path):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        recover(self.out)
        self.path = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.new-{os.getpid()}-", dir=self.out.parent))
        self.path.chmod(0o755)
        self.files: dict[str, bytes] = {}  # stays empty: the files are on disk
        self._dirs: set = set()

    def _target(self, rel: str) -> Path:
        target = self.path / rel
        if target.parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(target.parent)
        return target

    def write(self, rel: str, data: bytes) -> None:
        write_file(self._target(rel), data)

    def take(self, rel: str, kept: bytes) -> None:
        pass  # a worker process wrote the file into this folder itself

    def commit(self, copies: dict[str, Path]) -> None:
        """Copies the static files, marks the folder as ours, then swaps it in for `out`."""
        for rel, source in copies.items():
            write_file(self._target(rel), source.read_bytes())
        write_file(self.path / MARKER, b"Built by build.py; this folder is replaced by every build.\n")
        if not os.path.lexists(self.out):
            os.replace(self.path, self.out)
            return
        if not _exchange(self.path, self.out):
            old = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.old-{os.getpid()}-", dir=self.out.parent))
            os.replace(self.out, old / "site")
            os.replace(self.path, self.out)  # a kill just before this leaves state 3 of the module's docstring
            self.path = old
        shutil.rmtree(self.path, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


_WORK = re.compile(r"(new|old)-(\d+)-[^.]*\Z")  # what follows ".<out>." in a working folder's name


def recover(out: Path) -> None:
    """Puts back the previous site if a build was killed between its two renames, and removes the
    working folders of builds that are gone (see the module's docstring)."""
    prefix, leftovers = f".{out.name}.", []
    with os.scandir(out.parent) as entries:
        for entry in entries:
            found = entry.name.startswith(prefix) and _WORK.match(entry.name, len(prefix))
            if found and entry.is_dir(follow_symlinks=False) and not _alive(int(found[2])):
                leftovers.append((found[1], Path(entry.path)))
    for kind, folder in leftovers:
        if kind == "old" and not os.path.lexists(out) and ours(folder / "site"):
            os.replace(folder / "site", out)
        shutil.rmtree(folder, ignore_errors=True)


def _alive(pid: int) -> bool:
    """Whether process `pid` runs; yes when unsure (a folder left longer only costs disk)."""
    if os.name == "nt":  # there os.kill(pid, 0) would end the process
        return _alive_on_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # not ours to signal: it runs
        pass
    return True


def _alive_on_windows(pid: int) -> bool:  # pragma: no cover - Windows only
    import ctypes
    kernel32 = ctypes.windll.kernel32
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.GetLastError() == 5  # ERROR_ACCESS_DENIED: it runs, as another user
    code = ctypes.c_ulong()
    ok = kernel32.GetExitCodeProcess(handle, ctypes.byref(code))
    kernel32.CloseHandle(handle)
    return not ok or code.value == 259  # STILL_ACTIVE


def _exchange(a: Path, b: Path) -> bool:
    """Swaps two folders in one step where the system can (Linux: renameat2 with RENAME_EXCHANGE);
    False where it cannot, and the caller renames twice."""
    if not sys.platform.startswith("linux"):
        return False
    import ctypes
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:  # a C library older than glibc 2.28
        return False
    at_cwd, rename_exchange = -100, 2
    if renameat2(at_cwd, os.fsencode(a), at_cwd, os.fsencode(b), rename_exchange) == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EPERM):  # a kernel or file system without it
        return False
    raise OSError(error, os.strerror(error), str(b))
