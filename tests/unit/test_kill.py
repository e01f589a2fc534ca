"""A build killed at any instant leaves the previous site or the new one (or a state the next
build repairs first), and the next build ends with the whole new site and no working folders."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import PROJECT, write
from test_cache import synthetic, tree

from sitegen import pipeline

# Run in the build's process: these replace functions of sitegen.write.output so that the build kills
# itself at one exact instant of the swap (nothing in the generator knows of them).
BETWEEN_RENAMES = """
import os, signal, sys
from sitegen import cli
from sitegen.write import output
output._exchange = lambda a, b: False
rename = os.replace
def replace(src, dst):
    rename(src, dst)
    if str(dst).endswith("/site"):  # the previous site put aside, the new one not yet in
        os.kill(os.getpid(), signal.SIGKILL)
os.replace = replace
sys.exit(cli.main(sys.argv[1:]))
"""
AFTER_EXCHANGE = """
import os, signal, sys
from sitegen import cli
from sitegen.write import output
exchange = output._exchange
def killed(a, b):
    exchange(a, b) or sys.exit("no exchange in one step here")
    os.kill(os.getpid(), signal.SIGKILL)
output._exchange = killed
sys.exit(cli.main(sys.argv[1:]))
"""


def start(site, out, code=None):
    args = ["--root", str(site), "build", "--out", str(out), "--quiet"]
    command = [sys.executable, "-c", code, *args] if code else [sys.executable, str(PROJECT / "build.py"), *args]
    # Its own process group: the kill reaches the build's worker processes too.
    return subprocess.Popen(command, cwd=PROJECT, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def kill(process, delay):
    time.sleep(delay)
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:  # it had finished
        pass
    process.wait()


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir() if p.name.startswith(".out."))


@pytest.mark.slow
def test_a_build_killed_at_any_instant(tmp_path):
    site = synthetic(tmp_path / "synth", 150, 20)
    out, refs = tmp_path / "out", tmp_path / "refs"
    refs.mkdir()
    pipeline.build(site, refs / "old", pipeline.Options(), use_cache=False)
    old = tree(refs / "old")
    pipeline.build(site, out, pipeline.Options())
    page = site / "content/fr/p00003.md"
    write(site, page.relative_to(site).as_posix(), page.read_text(encoding="utf-8") + "\nUn ajout.\n")
    pipeline.build(site, refs / "new", pipeline.Options(), use_cache=False)
    new = tree(refs / "new")
    began = time.monotonic()
    assert start(site, tmp_path / "timed").wait() == 0
    duration = time.monotonic() - began
    for fraction in (0.1, 0.3, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0):
        kill(start(site, out), duration * fraction)
        assert tree(out) in (old, new), fraction
    for code in (BETWEEN_RENAMES, AFTER_EXCHANGE):
        process = start(site, out, code)
        process.wait()
        if b"no exchange in one step" in process.stderr.read():
            continue
        assert not out.exists() or tree(out) in (old, new)
    assert start(site, out).wait() == 0
    assert tree(out) == new and leftovers(tmp_path) == []


def test_the_previous_site_is_put_back_after_a_kill_between_the_renames(site, tmp_path):
    out = tmp_path / "out"
    pipeline.build(site, out, pipeline.Options())
    previous = tree(out)
    process = start(site, out, BETWEEN_RENAMES)
    assert process.wait() == -signal.SIGKILL
    assert not out.exists() and len(leftovers(tmp_path)) == 2  # the site put aside, the new one
    write(site, "content/fr/index.md", "---\ntitle: T\n---\n")  # a mistake: this build stops early
    assert start(site, out).wait() == 1
    assert tree(out) == previous and leftovers(tmp_path) == []
