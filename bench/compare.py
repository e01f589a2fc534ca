"""Two versions of the generator on the same sites, in alternating runs: how a change of code moves
the build's time, on a machine whose speed drifts by more than most changes gain.

    git worktree add --detach ../before HEAD~3      # the version to compare with
    python bench/compare.py ../before               # real site + synthetic 2 x 1000, 5 rounds
    python bench/compare.py ../before --sizes 100,1000 --rounds 7
    python bench/compare.py ../before --sources-of ../before   # when the old one cannot read today's sources

Each round builds every site once with each version, the order swapped every round. Cold: --no-cache
into a fresh folder; warm: nothing changed since the version's previous build (its own cache). The
figures are medians of whole-process runs, with the ratio new / old.
"""
from __future__ import annotations

import argparse
import compileall
import shutil
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, copy_real_site, timed  # noqa: E402  (the bench folder is not a package)
from synth import generate  # noqa: E402


def rounds(sites: dict, versions: dict, n: int, work: Path) -> dict:
    times = {(site, version, kind): [] for site in sites for version in versions for kind in ("cold", "warm")}
    for i in range(n):
        order = list(versions) if i % 2 == 0 else list(versions)[::-1]
        for site, root in sites.items():
            for version in order:
                program = versions[version] / "build.py"
                base = ["--root", str(root), "build", "--quiet"]
                cold = work / f"{site}-{version}-cold"
                shutil.rmtree(cold, ignore_errors=True)
                times[(site, version, "cold")].append(timed([*base, "--no-cache", "--out", str(cold)], program=program)[0])
                warm = work / f"{site}-{version}-warm"
                if i == 0:
                    timed([*base, "--out", str(warm)], program=program)  # fills the version's cache
                times[(site, version, "warm")].append(timed([*base, "--out", str(warm)], program=program)[0])
    return {k: statistics.median(v) for k, v in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("old", type=Path, help="a checkout of the version to compare with")
    parser.add_argument("--sizes", default="1000", help="pages per language of the synthetic sites")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--sources-of", type=Path, default=ROOT, metavar="CHECKOUT",
                        help="whose real site, templates and static files both versions build (default: this "
                             "one; the old one's when today's sources are more than the old version can read)")
    args = parser.parse_args()
    versions = {"old": args.old.resolve(), "new": ROOT}
    for folder in versions.values():
        compileall.compile_dir(folder / "sitegen", quiet=1)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sites = {"real site": copy_real_site(work / "real", args.sources_of.resolve())}
        for size in (int(s) for s in args.sizes.split(",") if s):
            sites[f"2 x {size}"] = generate(work / f"synth-{size}", size, 50, theme=args.sources_of.resolve())
        medians = rounds(sites, versions, args.rounds, work)
    print(f"{args.rounds} alternating rounds; medians in seconds, new / old")
    print(f"{'site':<12} {'':<5} {'old':>7} {'new':>7} {'ratio':>6}")
    for site in sites:
        for kind in ("cold", "warm"):
            old, new = medians[(site, "old", kind)], medians[(site, "new", kind)]
            print(f"{site:<12} {kind:<5} {old:7.2f} {new:7.2f} {new / old:6.2f}")


if __name__ == "__main__":
    main()
