"""`build.py summary --base REF`: what a pull request changes, as Markdown for the summary GitHub
shows on each run of the checks, so that an editor working in the web editor sees it before the
merge: the pages whose files changed (address and file), what `check` finds, and the
translations the change put out of date.

Pages are found from the files `git diff BASE...HEAD` names, not by building the base too: that
costs one `git diff`, and names the pages an editor touched rather than every page whose menu a
new title changed. A change to what every page shows (templates, styles, settings, shared data)
is said in one line instead of listing every page.
"""
from __future__ import annotations

import subprocess
from pathlib import Path

from sitegen import messages, pipeline
from sitegen.editing import check, translations
from sitegen.errors import ERROR, Diagnostics, SiteError
from sitegen.load import discover
from sitegen.site import graph
from sitegen.urls import pretty

# Files that every page shows something of: a change there can alter any page.
EVERYWHERE = ("templates/", "static/", "site.yaml", "content/data/", "seeds/")
SHOWN = 50  # problems listed in full; a summary must stay readable (and under GitHub's 1 MiB)


def changed_files(root: Path, base: str) -> list[tuple[str, str]]:
    """(status letter, path from root) of each file changed between the merge base and HEAD; a
    rename counts as a deletion and an addition. Raises OSError or CalledProcessError."""
    out = subprocess.run(["git", "diff", "--name-status", "--no-renames", "--relative", "-z", f"{base}...HEAD", "--"],
                         cwd=root, capture_output=True, check=True, timeout=60).stdout.decode("utf-8", "replace")
    fields = out.split("\0")[:-1]
    return list(zip(fields[::2], fields[1::2]))


def _t(key: str, **params) -> str:
    return messages.text(f"summary.{key}", **params)


def _cell(text: str) -> str:
    """Text made safe for one cell of a Markdown table."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers),
            *("| " + " | ".join(_cell(c) for c in row) + " |" for row in rows)]


def page_rows(loaded: pipeline.Loaded, site: graph.Site, changed: list[tuple[str, str]]) -> list[list[str]]:
    """Address, file and what happened, for each changed page file and glossary entry."""
    sources = {s.path.relative_to(loaded.config.root).as_posix(): s for s in loaded.found}
    rows = []
    for status, path in changed:
        source = sources.get(path)
        if status == "D":
            if _content(loaded.config, path):
                rows.append(["—", f"`{path}`", _t("deleted")])
        elif source is not None and source.kind == discover.GLOSSARY:
            rows += [[f"`/{pretty(out)}`", f"`{path}`", _t("glossary")] for out in site.glossary_output.values()]
        elif source is not None and source.kind == discover.PAGE:
            page = site.pages.get((source.lang, source.key))
            if page is None:  # its front matter cannot be read: `check` says why
                rows.append(["—", f"`{path}`", _t("unreadable")])
            else:
                what = _t("added" if status == "A" else "modified") + (f" ({_t('draft')})" if page.doc.draft else "")
                rows.append([f"`/{pretty(page.output)}`", f"`{path}`", what])
    return rows


def _content(config, path: str) -> bool:
    """Whether `path` was a page or a glossary entry (it is gone, so only its name can tell)."""
    parts = path.split("/")
    return len(parts) >= 3 and parts[0] == "content" and (
        (parts[1] in config.languages and path.endswith(".md"))
        or (parts[1] == "glossary" and len(parts) == 3 and path.endswith(discover.YAML_SUFFIXES)))


def check_lines(found: list) -> list[str]:
    errors = sum(d.level == ERROR for d in found)
    lines = [f"## {_t('check')}", "", _t("counts", errors=messages.count("error", errors),
                                                      warnings=messages.count("warning", len(found) - errors))]
    if found:
        lines.append("")
        rows = [[f"`{d.file or messages.text('report.site')}`" + (f":{d.line}" if d.line else ""),
                 messages.text("report.level", d.level), d.message] for d in found[:SHOWN]]
        lines += _table([_t("where"), _t("level"), _t("problem")], rows)
        if len(found) > SHOWN:
            lines += ["", _t("more", count=len(found) - SHOWN)]
    return lines


def translation_lines(src: translations.Translatable, changed: list[tuple[str, str]]) -> list[str]:
    """The translations out of date whose source this change touched."""
    touched = {path for _, path in changed}
    rows = [[f"`{s.file}`", f"`{s.source}`", translations.row(src, s)[3] or "—"]
            for s in translations.statuses(src) if s.state == translations.OUTDATED and s.source in touched]
    lines = [f"## {_t('translations')}", ""]
    if not rows:
        return lines + [_t("translations_none")]
    return lines + _table([_t("translation"), _t("source"), _t("sections")], rows) + ["", _t("translations_hint")]


def summary(root: Path, changed: list[tuple[str, str]]) -> str:
    """The whole summary, in Markdown."""
    found = check.run(root)
    lines = [f"# {_t('title')}", "", _t("preview"), "", f"## {_t('pages')}", ""]
    try:
        loaded = pipeline.load(root, pipeline.Options(drafts=True), Diagnostics(root), pipeline.Cache())
    except SiteError:  # site.yaml is broken: `check` says why, below
        loaded = None
    if loaded is not None:
        docs = [doc for doc in loaded.documents.values() if doc is not None]
        site = graph.build(loaded.config, docs, Diagnostics(root), include_drafts=True)
        rows = page_rows(loaded, site, changed)
        lines += _table([_t("address"), _t("file"), _t("change")], rows) if rows else [_t("pages_none")]
    if any(path.startswith(EVERYWHERE) for _, path in changed):
        lines += ["", _t("everywhere")]
    lines += ["", *check_lines(found), ""]
    if loaded is not None:
        lines += translation_lines(translations.of(loaded), changed)
    return "\n".join(lines) + "\n"


def cmd_summary(args, reporter) -> int:
    root = Path(args.root).resolve()
    try:
        changed = changed_files(root, args.base)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = (getattr(exc, "stderr", b"") or str(exc).encode()).decode("utf-8", "replace").strip()
        reporter.say(_t("git", base=args.base, detail=(detail.splitlines() or [""])[0]))  # git's first line says it
        return 2
    print(summary(root, changed), end="")
    return 0


def register(commands) -> None:
    cmd = commands.add_parser("summary", help=_t("help"), description=_t("help_long"))
    cmd.add_argument("--base", required=True, metavar="REF", help=_t("help_base"))
    cmd.set_defaults(func=cmd_summary)
