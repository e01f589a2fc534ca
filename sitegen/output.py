"""Writing the site: everything goes into a fresh sibling folder that is swapped in by rename,
so readers and deploys never see a half-written or broken _site/, and a failed build leaves the
previous one untouched. Only folders this tool made are ever replaced."""
from __future__ import annotations

import os
import shutil
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


def write_tree(out: Path, files: dict[str, bytes], copies: dict[str, Path]) -> None:
    """Writes `files` (path → bytes) and `copies` (path → source file) as the new `out`."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.new-", dir=out.parent))
    try:
        staging.chmod(0o755)
        for rel, source in copies.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
        for rel, data in files.items():
            target = staging / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        (staging / MARKER).write_text("Built by build.py; this folder is replaced by every build.\n")
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{out.name}.old-", dir=out.parent))
            os.replace(out, old / "site")
            os.replace(staging, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
