"""Benchmark of the generator: prints a table of medians of whole-process runs.

    python bench/run.py                      # real site + synthetic 2 x 100 and 2 x 1000 pages, flat and sectioned
    python bench/run.py --sizes 100,1000,5000 --runs 5
    python bench/run.py --shapes sectioned --sizes 1000

Each figure is the median of --runs runs of `python build.py …` as a new process (interpreter
start included), on this machine, while nothing else should be running. The generator's modules
are compiled to bytecode first, as Python keeps them after a first run (unless
PYTHONDONTWRITEBYTECODE is set, as on the project's machine: then every start compiles them again).
The floor is what any build pays before it renders a page: starting Python, importing Jinja,
markdown-it and PyYAML, and compiling the site's templates. Cold: --no-cache into a
fresh folder. Warm: the cache and the previous output are there and nothing changed (for
`check`: its own cache, in .cache/sitegen/check/, filled by a first check). One page changed:
warm, after a line was added to one French page, as a deploy after an editor's change is (the
workflows restore the build cache). Peak memory
is the build process's maximum resident size (workers are forks sharing most of it). The
preview's save-to-served latency is measured by bench/serve_latency.py.
"""
from __future__ import annotations

import argparse
import compileall
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from synth import generate  # noqa: E402  (the bench folder is not a package)


def measured(command: list[str], cwd: Path = ROOT) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak resident KiB) of one run of `command` as its own process;
    CPU and peak include the children it waited for (the build's forked workers)."""
    # stderr goes to a file: a pipe nobody reads while waiting would block a talkative run.
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read().decode()}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def timed(args: list[str], cwd: Path = ROOT, program: Path = ROOT / "build.py") -> tuple[float, int]:
    """(seconds, peak resident KiB) of one run of build.py (`program`) as its own process."""
    seconds, _, peak = measured([sys.executable, str(program), *args], cwd)
    return seconds, peak


def copy_real_site(target: Path, checkout: Path = ROOT) -> Path:
    """The real site's sources (of `checkout`), without the project's cache, so every version
    builds them alike."""
    target.mkdir()
    for name in ("site.yaml", "content", "templates", "static", "seeds"):
        (shutil.copytree if (checkout / name).is_dir() else shutil.copy)(checkout / name, target / name)
    return target


def median_run(args: list[str], runs: int, before=None) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        seconds, peak = timed(args)
        times.append(seconds)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def measure_site(root: Path, runs: int, work: Path) -> dict:
    out = work / "out"
    base = ["--root", str(root), "build", "--quiet"]
    # Each cold build into a folder of its own, none removed before the others ran: on this
    # machine's ext4 without a journal, files created within minutes of a mass deletion cost up to
    # ten times more (bench/pelican.py says why).
    colds = [timed([*base, "--out", str(work / f"cold-{i}"), "--no-cache"]) for i in range(runs)]
    cold, cold_peak = statistics.median(t for t, _ in colds), max(p for _, p in colds)
    timed([*base, "--out", str(out)])  # fills the cache
    warm, warm_peak = median_run([*base, "--out", str(out)], runs)
    # A deploy after an editor's change: one page's text differs from the cached build's.
    edited = sorted((root / "content").glob("fr/**/*.md"))[len(list((root / "content").glob("fr/**/*.md"))) // 2]
    edits = iter(range(runs))
    one, one_peak = median_run([*base, "--out", str(out)], runs,
                               lambda: edited.write_text(edited.read_text(encoding="utf-8") + f"\nAjout {next(edits)}.\n",
                                                         encoding="utf-8"))
    check_cold, _ = median_run(["--root", str(root), "check", "--no-cache"], runs)
    timed(["--root", str(root), "check"])  # fills check's cache
    check_warm, _ = median_run(["--root", str(root), "check"], runs)
    pages = sum(1 for _ in (root / "content").glob("*/**/*.md"))
    return {"pages": pages, "cold": cold, "warm": warm, "one": one, "check_cold": check_cold, "check_warm": check_warm,
            "peak": max(cold_peak, warm_peak, one_peak)}


FLOOR = """
import sys
sys.path.insert(0, {root!r})
import yaml, markdown_it, mdit_py_plugins.footnote, mdit_py_plugins.deflist
from pathlib import Path
from sitegen.render.templates import environment
env = environment(Path({templates!r}))
for name in env.list_templates(extensions=["html", "xml"]):
    env.get_template(name)
"""


def floor(site: Path, runs: int) -> float:
    code = FLOOR.format(root=str(ROOT), templates=str(site / "templates"))
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def markdown_alone(site: Path) -> float:
    """Milliseconds markdown-it-py takes, with no plugin of ours, to render one synthetic page: a
    yardstick of the machine, to compare figures taken on different ones."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark").enable("table")
    texts = [p.read_text(encoding="utf-8").split("---\n", 2)[2] for p in sorted(site.glob("content/fr/p*.md"))]
    start = time.perf_counter()
    for text in texts:
        md.render(text)
    return (time.perf_counter() - start) / len(texts) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,1000", help="pages per language, comma-separated")
    parser.add_argument("--shapes", default="flat,sectioned", help="synthetic sites' shapes (bench/synth.py)")
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (median)")
    parser.add_argument("--glossary", type=int, default=50, help="glossary entries of the synthetic sites")
    args = parser.parse_args()
    compileall.compile_dir(str(ROOT / "sitegen"), quiet=1)
    rows = []
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as tmp:
        tmp = Path(tmp)
        real = copy_real_site(tmp / "real")
        rows.append(("real site", measure_site(real, max(args.runs, 5), tmp / "real-work")))
        least = floor(real, max(args.runs, 5))
        yardstick = markdown_alone(generate(tmp / "yardstick", 200, args.glossary))
        for shape in args.shapes.split(","):
            for size in (int(s) for s in args.sizes.split(",") if s):
                site = generate(tmp / f"synth-{shape}-{size}", size, args.glossary, shape=shape)
                rows.append((f"{shape} 2 x {size}", measure_site(site, args.runs, tmp / f"work-{shape}-{size}")))
                shutil.rmtree(site)
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    print(f"Machine: {cores} cores, {platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"load average at the end {os.getloadavg()[0]:.2f}")
    print(f"Yardstick: markdown-it-py alone renders one synthetic page in {yardstick:.2f} ms on this machine.")
    print(f"Floor: starting Python, importing Jinja, markdown-it and PyYAML and compiling the site's templates "
          f"takes {least:.2f} s.")
    print(f"Medians of whole-process runs (interpreter start included); {args.runs} runs each (real site: {max(args.runs, 5)}).\n")
    print("| site | pages | cold build | per page | warm build | one page changed | check, cold | check, warm | peak memory |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['pages']} | {r['cold']:.2f} s | {r['cold'] / r['pages'] * 1000:.2f} ms | "
              f"{r['warm']:.2f} s | {r['one']:.2f} s | {r['check_cold']:.2f} s | {r['check_warm']:.2f} s | {r['peak'] / 1024:.0f} MiB |")


if __name__ == "__main__":
    main()
