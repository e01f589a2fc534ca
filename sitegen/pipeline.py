"""The only place that knows the order of the stages:
settings → discover → parse → graph → Markdown → templates → checks → (write).

`build`, `check` and `serve` all call `run`; it returns the files instead of writing them, and
raises SiteError after the first stage that found errors (every problem of that stage reported).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import assets, checks, config as config_mod, data as data_mod, discover, frontmatter, glossary as glossary_mod
from . import graph, output, sources as sources_mod
from .content import ContentRenderer
from .errors import Diagnostics
from .outputs import Contexts, Shortcodes, page_files
from .render import Theme, environment


@dataclass
class Options:
    base_url: str | None = None
    drafts: bool = False


@dataclass
class BuildResult:
    site: graph.Site
    files: dict  # output path → bytes
    copies: dict  # output path → static source file
    diagnostics: Diagnostics


class Cache:
    """What `serve` keeps from one build to the next: the compiled templates. Jinja recompiles a
    template whose file's mtime changed; `forget_templates` is for the changes an mtime cannot show
    (two saves within the filesystem's timestamp granularity)."""

    def __init__(self):
        self._env = None

    def environment(self, templates_dir: Path):
        if self._env is None or self._env.loader.searchpath != [str(templates_dir)]:
            self._env = environment(templates_dir)
        return self._env

    def forget_templates(self) -> None:
        self._env = None


def run(root: Path, options: Options, diag: Diagnostics | None = None, cache: Cache | None = None) -> BuildResult:
    diag = diag or Diagnostics(root)
    config = config_mod.load(root, diag, options.base_url)
    diag.raise_if_errors()
    found = discover.scan(config, diag)
    docs = [d for d in (frontmatter.parse(s, diag) for s in found if s.kind == discover.PAGE) if d]
    glossary = glossary_mod.load(config, [s for s in found if s.kind == discover.GLOSSARY], diag)
    data = data_mod.load([s for s in found if s.kind == discover.DATA], diag)
    facts = sources_mod.load(config, diag)
    theme = Theme(config, diag, cache.environment(config.templates_dir) if cache else None)
    diag.raise_if_errors()
    site = graph.build(config, docs, diag, include_drafts=options.drafts)
    diag.raise_if_errors()
    static = assets.collect(config.static_dir)
    static_outputs = {name: out for name, (out, _) in static.items()}
    contexts = Contexts(site, theme, static_outputs, data, glossary, facts)
    renderer = ContentRenderer(site, glossary, facts, static_outputs, Shortcodes(theme, contexts), diag)
    definitions = renderer.glossary_definitions()
    rendered = {k: renderer.page(p) for k, p in sorted(site.pages.items())}
    diag.raise_if_errors()
    texts = page_files(site, theme, contexts, rendered, definitions)
    checks.run(site, rendered, definitions, glossary, diag)
    diag.raise_if_errors()
    files = {path: text.encode("utf-8") for path, text in sorted(texts.items())}
    copies = {out: path for out, path in static.values()}
    return BuildResult(site, files, copies, diag)


def build(root: Path, out: Path, options: Options, diag: Diagnostics | None = None) -> BuildResult:
    diag = diag or Diagnostics(root)
    if not output.check_target(out, root, diag):
        diag.raise_if_errors()
    result = run(root, options, diag)
    output.write_tree(out, result.files, result.copies)
    return result
