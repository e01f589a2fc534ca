"""The command line of build.py: argparse only; every command calls the pipeline and prints
what it found. Exit status: 0 success, 1 problems in the content, 2 wrong usage."""
from __future__ import annotations

import argparse
import gc
import os
import sys
from pathlib import Path

from sitegen import messages, pipeline
from sitegen.editing import check, scaffold, summary, translations
from sitegen.errors import Diagnostics, SiteError
from sitegen.load import config
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
        reporter.say(messages.text("cli.out", out=out, problem=problem))
        return 2
    progress = None if args.quiet else Progress(reporter.stream)
    options = pipeline.Options(base_url=args.base_url, repo_url=args.repo_url, drafts=args.drafts, jobs=args.jobs, progress=progress)
    try:
        result = pipeline.build(root, out, options, diag, use_cache=not args.no_cache)
    except SiteError as exc:
        progress and progress.close()
        reporter.diagnostics(exc.diagnostics)
        reporter.say(messages.text("cli.stopped"))
        return 1
    progress and progress.close()
    reporter.diagnostics(diag.sorted())
    if not args.quiet:
        pages = len(result.site.pages)
        reporter.say(messages.text("cli.built", pages=pages, files=result.outputs, rendered=len(result.rendered), out=out))
    return 0


class Parser(argparse.ArgumentParser):
    """argparse in the messages' language: its headings, -h and the start of its errors (its own
    explanations of a wrong usage, such as a missing argument, stay English). Subcommands' parsers
    are made of this class too."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, add_help=False, formatter_class=_Formatter, **kwargs)
        # The groups' titles have no public setter; they are read only when help is printed.
        self._positionals.title = messages.text("cli.argparse", "positionals")
        self._optionals.title = messages.text("cli.argparse", "options")
        self.add_argument("-h", "--help", action="help", help=messages.text("cli.argparse", "help"))

    def error(self, message: str):
        self.print_usage(sys.stderr)
        self.exit(2, messages.text("cli.argparse", "error", prog=self.prog, message=message) + "\n")


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, messages.text("cli.argparse", "usage") if prefix is None else prefix)


def parser() -> argparse.ArgumentParser:
    """The command line, its help in the messages' language (set it first: see `language`)."""
    help = messages.text

    top = Parser(prog="build.py", description=help("cli.help.top"))
    top.add_argument("--root", default=str(ROOT), help=argparse.SUPPRESS)
    commands = top.add_subparsers(dest="command", metavar="COMMAND", required=True)
    build = commands.add_parser("build", help=help("cli.help.build"), description=help("cli.help.build_long"))
    build.add_argument("--out", default="_site", help=help("cli.help.out"))
    build.add_argument("--base-url", help=help("cli.help.base_url"))
    build.add_argument("--repo-url", help=help("cli.help.repo_url"))
    build.add_argument("--drafts", action="store_true", help=help("cli.help.drafts"))
    build.add_argument("-q", "--quiet", action="store_true", help=help("cli.help.quiet"))
    build.add_argument("--no-cache", action="store_true", help=help("cli.help.no_cache"))
    build.add_argument("--jobs", type=int, metavar="N", help=help("cli.help.jobs"))
    build.set_defaults(func=cmd_build)
    for module in (check, scaffold, summary, translations):
        module.register(commands)
    # Each further command registers itself from its own module (one line each).
    serve.register(commands)
    # --lang before or after the command; SUPPRESS keeps a subcommand from resetting the top's.
    top.add_argument("--lang", choices=messages.LANGUAGES, help=help("cli.help.lang"))
    for command in commands.choices.values():
        command.add_argument("--lang", choices=messages.LANGUAGES, default=argparse.SUPPRESS, help=help("cli.help.lang"))
    return top


def language(argv: list[str]) -> str:
    """The messages' language: --lang, else the locale's, else site.yaml's default language (so CI,
    in the C locale, speaks the site's language), else French. Read before the command line is
    parsed, since its help and its usage errors speak that language too."""
    early = argparse.ArgumentParser(add_help=False)
    early.add_argument("--lang")
    early.add_argument("--root", default=str(ROOT))
    known, _ = early.parse_known_args(argv)
    return messages.choose(known.lang, os.environ, lambda: config.default_language(Path(known.root).resolve()))


def main(argv: list[str] | None = None, process: bool = False) -> int:
    """`process`: the caller is build.py, whose process ends when this returns."""
    argv = sys.argv[1:] if argv is None else argv
    messages.current = language(argv)  # once, before the parser's help and any stage speak
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
        reporter.say(messages.text("cli.internal", error=f"{type(exc).__name__}: {exc}"))
        return 3
