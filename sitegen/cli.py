"""The command line of build.py: argparse only; every command calls the pipeline and prints
what it found. Exit status: 0 success, 1 problems in the content, 2 wrong usage."""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from sitegen import pipeline
from sitegen.editing import check, scaffold, summary, translations
from sitegen.errors import Diagnostics, SiteError
from sitegen.preview import serve
from sitegen.report import Progress, Reporter
from sitegen.write import output

ROOT = Path(__file__).resolve().parent.parent


def cmd_build(args, reporter: Reporter) -> int:
    root = Path(args.root).resolve()
    diag = Diagnostics(root)
    out = Path(args.out)
    out = out if out.is_absolute() else root / out
    problem = output.check_target(out, root)
    if problem:  # a wrong --out is a mistake of usage, not of the content
        reporter.say(f"Cannot build into {out}: it {problem}; choose a new or empty folder, such as _site.")
        return 2
    progress = None if args.quiet else Progress(reporter.stream)
    options = pipeline.Options(base_url=args.base_url, repo_url=args.repo_url, drafts=args.drafts, jobs=args.jobs, progress=progress)
    try:
        result = pipeline.build(root, out, options, diag, use_cache=not args.no_cache)
    except SiteError as exc:
        progress and progress.close()
        reporter.diagnostics(exc.diagnostics)
        reporter.say("The build stopped; the previous site was left as it was.")
        return 1
    progress and progress.close()
    reporter.diagnostics(diag.sorted())
    if not args.quiet:
        pages = len(result.site.pages)
        reporter.say(f"Built {pages} pages ({result.outputs} files, {len(result.rendered)} rendered) into {out}.")
    return 0


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="build.py", description="Build, preview and check the bilingual site from content/.")
    top.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = commands.add_parser("build", help="build the site into _site/",
                                description="Build the whole site into a folder (default _site/), atomically.")
    build.add_argument("--out", default="_site", help="output folder (default: _site)")
    build.add_argument("--base-url", help="absolute address the site is published at (overrides site.yaml)")
    build.add_argument("--repo-url", help="the repository's address, for the pages' edit links (overrides site.yaml)")
    build.add_argument("--drafts", action="store_true", help="include pages marked draft: true")
    build.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    build.add_argument("--no-cache", action="store_true",
                       help="ignore and do not update the cache in .cache/sitegen/ (a cold build)")
    build.add_argument("--jobs", type=int, metavar="N",
                       help="worker processes for large sites (default: one per core; 1: none)")
    build.set_defaults(func=cmd_build)
    for module in (check, scaffold, summary, translations):
        module.register(commands)
    # Each further command registers itself from its own module (one line each).
    serve.register(commands)
    return top


def main(argv: list[str] | None = None, process: bool = False) -> int:
    """`process`: the caller is build.py, whose process ends when this returns."""
    args = parser().parse_args(argv)
    if process and args.command != "serve":
        # The cycle collector, which each build pauses, would walk every object the build made
        # when given back, just before the process ends (0.5 s of a warm 2 x 5000 build).
        gc.disable()
    reporter = Reporter()
    try:
        return args.func(args, reporter)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away (`build.py translations | head`): not an error of ours
        # Python's documented recipe: point stdout at devnull so the flush at exit cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except Exception as exc:  # noqa: BLE001 - a bug of ours must not look like a content problem
        if os.environ.get("SITEGEN_DEBUG"):
            raise
        reporter.say(f"Internal error of the generator (not a mistake in your files): {type(exc).__name__}: {exc}\n"
                     "Please report it to the maintainers; SITEGEN_DEBUG=1 shows the details.")
        return 3
