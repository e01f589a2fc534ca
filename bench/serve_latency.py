"""Benchmark of the live preview: how long from saving a Markdown file to the new text being served.

    python bench/serve_latency.py                    # real site, then a synthetic 2 x 1000 pages
    python bench/serve_latency.py --runs 30 --pages 5000

For each site (a temporary copy of the real one, and one made by bench/synth.py), it starts
`python build.py serve` on a free port as an editor would, then --runs times: appends a paragraph
with a new marker to one page, and asks the server for that page every 2 ms until the marker is in
the answer. The time from the end of the write to that answer is the latency: the watcher's
reaction, the rebuild, and the request. Prints the medians and 90th percentiles, with the rebuild
times the server itself reports, and the machine. Run it by hand, with nothing else running.
"""
from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate  # noqa: E402  (the bench folder is not a package)

SOURCES = ("site.yaml", "content", "templates", "static", "seeds")

def target_ms(name: str, pages: int) -> int:
    """The targets set for the preview: 100 ms on the real site, 200 ms at 2 x 1000, 150 ms at 2 x 5000."""
    if name == "real site":
        return 100
    return 150 if pages >= 2 * 5000 else 200
POLL = 0.002  # seconds between two requests for the page
TIMEOUT = 30  # seconds a save may take to be served before the run is called failed


class Server:
    """`build.py serve` as its own process, its output read as it comes."""

    def __init__(self, root: Path):
        command = [sys.executable, str(ROOT / "build.py"), "--root", str(root), "serve", "--port", "0"]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                                        env={**os.environ, "NO_COLOR": "1"})
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self.wait_for(r"^Preview at (\S+)", 300).group(1)
        self.first_build = self.wait_for(r"^Built \d+ files in (\d+) ms", 1).group(1)

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def wait_for(self, pattern: str, timeout: float, start: int = 0):
        deadline = time.monotonic() + timeout
        while True:
            for line in self.lines[start:]:
                if found := re.search(pattern, line):
                    return found
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit(f"the preview never printed {pattern!r}:\n" + "\n".join(self.lines))
            time.sleep(0.01)

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(self.url + path, timeout=TIMEOUT) as response:
            return response.read()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def measure(root: Path, page: Path, url_path: str, runs: int) -> dict:
    original = page.read_text(encoding="utf-8")
    server = Server(root)
    try:
        if b"<html" not in server.get(url_path):
            raise SystemExit(f"{url_path} is not a page of the preview")
        # The watcher starts just after the server answers: save until a rebuild is reported.
        while not any("changed:" in line for line in server.lines):
            page.write_text(original, encoding="utf-8")
            time.sleep(0.1)
        latencies, rebuilds = [], []
        for _ in range(runs):
            time.sleep(0.3)  # the previous rebuild is over and printed
            seen = len(server.lines)
            marker = f"bench-{uuid.uuid4().hex}"
            page.write_text(original + f"\nMarker {marker}.\n", encoding="utf-8")
            saved = time.perf_counter()
            while marker.encode() not in server.get(url_path):
                if time.perf_counter() - saved > TIMEOUT:
                    raise SystemExit(f"{marker} never served:\n" + "\n".join(server.lines[seen:]))
                time.sleep(POLL)
            latencies.append((time.perf_counter() - saved) * 1000)
            rebuilds.append(int(server.wait_for(r"changed: rebuilt in (\d+) ms", 5, seen).group(1)))
    finally:
        server.stop()
        page.write_text(original, encoding="utf-8")
    return {"pages": sum(1 for _ in (root / "content").glob("*/**/*.md")), "first": int(server.first_build),
            "median": statistics.median(latencies), "p90": percentile(latencies, 90),
            "min": min(latencies), "max": max(latencies), "rebuild": statistics.median(rebuilds)}


def percentile(values: list[float], p: int) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15, help="saves measured per site (default 15)")
    parser.add_argument("--pages", type=int, default=1000, help="pages per language of the large site (default 1000)")
    parser.add_argument("--glossary", type=int, default=50, help="glossary entries of the large site (default 50)")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="sitegen-serve-bench-") as tmp:
        real = Path(tmp) / "real"
        real.mkdir()
        for name in SOURCES:
            (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, real / name)
        rows.append(("real site", measure(real, real / "content/fr/accord.md", "fr/accord/", args.runs)))
        large = generate(Path(tmp) / "large", args.pages, args.glossary)
        middle = f"p{args.pages // 2:05d}"
        rows.append(("large site", measure(large, large / f"content/fr/{middle}.md", f"fr/{middle}/", args.runs)))
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Machine: {cores} cores, {platform.processor() or platform.machine()}, {platform.system()}, "
          f"Python {platform.python_version()}, load average at the end {os.getloadavg()[0]:.2f}")
    print(f"Save of one Markdown page → new text served by `build.py serve`; {args.runs} saves per site.\n")
    print("| site | pages | first build | median | p90 | min | max | rebuild (server, median) | target |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        target = target_ms(name, r["pages"])
        verdict = "met" if r["median"] < target else "NOT met"
        print(f"| {name} | {r['pages']} | {r['first']} ms | {r['median']:.0f} ms | {r['p90']:.0f} ms | {r['min']:.0f} ms "
              f"| {r['max']:.0f} ms | {r['rebuild']:.0f} ms | < {target} ms: {verdict} |")


if __name__ == "__main__":
    main()
