"""The fixture site's whole output, compared with the reviewed copy in tests/golden/expected.
After an intended change: python tests/update_golden.py, then review the diff in the commit."""
from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from sitegen import pipeline

FIXTURE = Path(__file__).parent.parent / "fixture_site"
EXPECTED = Path(__file__).parent / "expected"


@pytest.mark.parametrize("cache", ["cold", "warm"])
def test_fixture_site_matches_golden(tmp_path, cache):
    out = tmp_path / "out"
    if cache == "cold":
        pipeline.build(FIXTURE, out, pipeline.Options(), use_cache=False)
    else:  # a copy, since the cache is kept in the site's folder; the second build uses the first's
        root = shutil.copytree(FIXTURE, tmp_path / "site")
        pipeline.build(root, tmp_path / "first", pipeline.Options())
        pipeline.build(root, out, pipeline.Options())
    got = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    want = sorted(p.relative_to(EXPECTED).as_posix() for p in EXPECTED.rglob("*") if p.is_file())
    assert got == want
    for rel in got:
        a, b = (EXPECTED / rel).read_bytes(), (out / rel).read_bytes()
        if a != b:
            diff = "".join(difflib.unified_diff(a.decode().splitlines(True), b.decode().splitlines(True), rel, rel))
            raise AssertionError(f"{rel} differs from the golden copy:\n{diff}")
