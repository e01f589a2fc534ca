"""The generator against Pelican 4.12 on the same text, in alternating cold builds.

    python bench/pelican.py                              # sectioned 2 x 1000 pages, 5 rounds
    python bench/pelican.py --shape flat --pages 100 --rounds 3

Pelican comes from PyPI into a virtualenv of the benchmark's own (.cache/bench/pelican-venv, made on
the first run), never into the project's. Each synthetic page (bench/synth.py) is given to Pelican as
an article with the same Markdown body, its title, description (as summary), language, category
(its top section) and a slug shared by both languages, so Pelican pairs translations as we do.
Pelican runs with the settings its quickstart writes for a site under development (no feeds,
pagination by 10, relative URLs, no content cache); its default theme. Our build: `build.py build
--no-cache` into a fresh folder. Each round builds with both, the order swapped every round; the
figures are medians of whole-process runs (interpreter start included): wall time, CPU time (the
build's forked workers included) and peak resident memory, then the size of the HTML each wrote.
"""
from __future__ import annotations

import argparse
import compileall
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, measured  # noqa: E402  (the bench folder is not a package)
from synth import generate  # noqa: E402

VENV = ROOT / ".cache/bench/pelican-venv"
PACKAGES = ("pelican==4.12.0", "markdown==3.11.3")
SETTINGS = """AUTHOR = "Bench"
SITENAME = "Bench"
SITEURL = ""
TIMEZONE = "UTC"
DEFAULT_LANG = "fr"
DEFAULT_PAGINATION = 10
RELATIVE_URLS = True
LOAD_CONTENT_CACHE = False
FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None
"""


def pelican() -> Path:
    """The benchmark's Pelican, installed on first use."""
    program = VENV / "bin/pelican"
    if not program.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin/pip"), "install", "--quiet", "--disable-pip-version-check", *PACKAGES],
                       check=True)
    return program


def as_pelican(site: Path, target: Path) -> Path:
    """The site's pages as Pelican articles in `target`; returns its settings file."""
    for source in sorted((site / "content").glob("*/**/*.md")):
        lang, *parts = source.relative_to(site / "content").parts
        if lang not in ("fr", "en"):
            continue
        _, front, body = source.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(front)
        key = "/".join(parts)[:-3]
        header = (f"Title: {meta['title']}\nDate: 2026-01-08\nLang: {lang}\nSlug: p-{key.replace('/', '-')}\n"
                  f"Category: {parts[0] if len(parts) > 1 else 'site'}\nSummary: {meta['description']}\n\n")
        out = target / "content" / lang / Path(*parts)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(header + body, encoding="utf-8")
    settings = target / "pelicanconf.py"
    settings.write_text(SETTINGS, encoding="utf-8")
    return settings


def html_sizes(out: Path) -> tuple[int, int, int]:
    """(files, total bytes, largest bytes) of the HTML in `out`."""
    sizes = [p.stat().st_size for p in out.rglob("*.html")]
    return len(sizes), sum(sizes), max(sizes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=1000, help="pages per language")
    parser.add_argument("--shape", choices=("flat", "sectioned"), default="sectioned")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    program = pelican()
    compileall.compile_dir(str(ROOT / "sitegen"), quiet=1)
    with tempfile.TemporaryDirectory(prefix="sitegen-pelican-") as tmp:
        tmp = Path(tmp)
        site = generate(tmp / "site", args.pages, 50, shape=args.shape)
        settings = as_pelican(site, tmp / "pelican")
        commands = {
            "ours": lambda out: [sys.executable, str(ROOT / "build.py"), "--root", str(site), "build", "--quiet",
                                 "--no-cache", "--out", str(out)],
            "pelican": lambda out: [str(program), str(settings.parent / "content"), "-s", str(settings),
                                    "-o", str(out), "-q"],
        }
        runs = {name: [] for name in commands}
        # Every build writes a folder of its own, all removed at the end: on an ext4 without a
        # journal (this project's machine), creating a file within minutes of a mass deletion
        # scans past the deleted inodes (the kernel's recently_deleted), which cost up to 0.5 ms a
        # file after the previous round's output was removed, more for the build that creates more
        # files and folders. That is the file system's, not a generator's: file systems with a
        # journal, as on laptops and CI runners, never do it.
        for i in range(args.rounds):
            for name in (list(commands) if i % 2 == 0 else list(commands)[::-1]):
                runs[name].append(measured(commands[name](tmp / f"out-{name}-{i}"), tmp))
        ours, theirs = ({k: statistics.median(r[k] for r in runs[n]) if k < 2 else max(r[2] for r in runs[n])
                         for k in range(3)} for n in ("ours", "pelican"))
        sizes = {name: html_sizes(tmp / f"out-{name}-0") for name in commands}
    print(f"{args.shape} 2 x {args.pages} pages, {args.rounds} alternating rounds, medians; "
          f"load average at the end {os.getloadavg()[0]:.2f}\n")
    print("| | cold build, wall | CPU | peak memory | HTML files | all HTML | largest page |")
    print("|---|---|---|---|---|---|---|")
    for name, r in (("this generator", ours), ("Pelican 4.12", theirs)):
        files, total, largest = sizes["ours" if r is ours else "pelican"]
        print(f"| {name} | {r[0]:.2f} s | {r[1]:.2f} s | {r[2] / 1024:.0f} MiB | {files} | "
              f"{total / 2**20:.1f} MiB | {largest / 1024:.1f} KiB |")
    print(f"\nPelican / this generator: {theirs[0] / ours[0]:.2f}x wall time, {theirs[1] / ours[1]:.2f}x CPU time.")


if __name__ == "__main__":
    main()
