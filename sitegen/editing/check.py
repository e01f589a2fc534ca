"""`build.py check`: every validation of the build without writing the site, plus what only
editors need to know (drafts, translations), and annotations on pull-request lines in CI."""
from __future__ import annotations

import dataclasses
import os
import sys
from pathlib import Path

from sitegen import messages, pipeline
from sitegen.editing import translations
from sitegen.errors import ERROR, WARNING, Diagnostic, Diagnostics, SiteError
from sitegen.write import output


@pipeline.no_cycle_collection()  # loading and saving the cache too
def run(root: Path, strict: bool = False, use_cache: bool = True) -> list[Diagnostic]:
    """Every problem found, sorted. The cache in .cache/sitegen/check/ (its own: check builds with
    other options than `build` and writes no site) makes a check after a small change cost what a
    warm build does; what it replays is exactly what a fresh check would find (tested)."""
    diag = Diagnostics(root)
    folder = pipeline.cache_folder(root, name="check")
    cache = pipeline.Cache.load(folder) if use_cache else pipeline.Cache()
    loaded = _build(root, pipeline.Options(), diag, cache)
    src = translations.of(loaded) if loaded else None
    drafts = set()
    for doc in src.pages.values() if src else ():
        if doc.draft:
            drafts.add(diag.rel(doc.source.path))
            diag.warning("page.draft", doc.source.path, doc.field_lines.get("draft", 1))
    if drafts:
        # Drafts are left out of the published site, so check them in a build that includes them;
        # what is wrong in one does not block publishing, so it is reported as a warning.
        seen = set(diag.items)
        with_drafts = Diagnostics(root)
        _build(root, pipeline.Options(drafts=True), with_drafts, cache)
        for d in with_drafts.items:
            if d.file in drafts and d not in seen:
                diag.items.append(dataclasses.replace(
                    d, level=WARNING, message=d.message + (messages.text("check.in_draft") if d.level == ERROR else "")))
    if src is not None:
        translations.diagnose(src, diag)
    if use_cache and cache.changed:
        try:
            cache.save(folder)
        except OSError:  # a read-only checkout is still checked, only without a warm start next time
            pass
    found = diag.sorted()
    return [dataclasses.replace(d, level=ERROR) for d in found] if strict else found


def _build(root: Path, options: pipeline.Options, diag: Diagnostics, cache: pipeline.Cache) -> pipeline.Loaded | None:
    """What the loading stages read, kept even when the build fails; None when site.yaml is broken."""
    loaded = None
    try:
        loaded = pipeline.load(root, options, diag, cache)
        pipeline.run(root, options, diag, cache, output.NullSink(), loaded)
    except SiteError:
        pass  # the problems are in diag
    return loaded


def annotation(d: Diagnostic) -> str:
    """A GitHub Actions workflow command that shows `d` on its line in a pull request."""
    props = []
    if d.file:
        props.append(f"file={_escape(d.file, True)}")
        if d.line:
            props.append(f"line={d.line}")
    props.append(f"title={_escape(d.code, True)}")
    text = d.message + (f"\n→ {d.hint}" if d.hint else "")
    return f"::{d.level} {','.join(props)}::{_escape(text, False)}"


def _escape(text: str, prop: bool) -> str:
    # The escapes of GitHub's actions/toolkit (escapeData, escapeProperty).
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def cmd_check(args, reporter) -> int:
    root = Path(args.root).resolve()
    found = run(root, strict=args.strict, use_cache=not args.no_cache)
    reporter.diagnostics(found)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for d in found:
            sys.stdout.write(annotation(d) + "\n")
    errors = sum(d.level == ERROR for d in found)
    reporter.say(messages.text("check.errors" if errors else "check.warnings" if found else "check.fine"))
    return 1 if errors else 0


def register(commands) -> None:
    cmd = commands.add_parser("check", help=messages.text("check.help"), description=messages.text("check.help_long"))
    cmd.add_argument("--strict", action="store_true", help=messages.text("check.help_strict"))
    cmd.add_argument("--no-cache", action="store_true", help=messages.text("check.help_no_cache"))
    cmd.set_defaults(func=cmd_check)
