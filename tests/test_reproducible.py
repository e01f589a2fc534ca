"""The same sources give the same site, byte for byte: two builds of the real site, each in its own
interpreter with a different hash seed (set and dict orders built from hashes differ), from two
checkouts in different folders (as CI's clone and an editor's), into folders with different names,
must produce identical file lists and identical bytes."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent


def build(root: Path, out: Path, seed: str) -> dict[str, bytes]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(root), "build", "--out", str(out),
                    "--quiet"], check=True, env=env, cwd=out.parent, timeout=120)
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_two_builds_are_identical(tmp_path):
    clone = tmp_path / "clone"
    for name in ("content", "templates", "static", "seeds"):
        shutil.copytree(PROJECT / name, clone / name)
    shutil.copy(PROJECT / "site.yaml", clone / "site.yaml")
    first = build(PROJECT, tmp_path / "first", "1")
    second = build(clone, tmp_path / "second", "2")
    assert sorted(first) == sorted(second)
    assert [path for path in first if first[path] != second[path]] == []
    assert "index.html" in first
