"""Shared helpers: a fresh copy of the fixture site per test, and running build.py in-process."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from sitegen import cli
from sitegen.errors import Diagnostics

FIXTURE = Path(__file__).parent / "fixture_site"
PROJECT = Path(__file__).parent.parent


@pytest.fixture
def site(tmp_path) -> Path:
    """A writable copy of tests/fixture_site."""
    root = tmp_path / "site"
    shutil.copytree(FIXTURE, root)
    return root


def write(root: Path, rel: str, text: str | bytes) -> Path:
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def run(capsys, root: Path, *args: str):
    """(exit status, what was printed) of `build.py --root ROOT ARGS…`."""
    code = cli.main(["--root", str(root), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.fixture
def diag(tmp_path) -> Diagnostics:
    return Diagnostics(tmp_path)
