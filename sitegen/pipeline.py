"""The only place that knows the order of the stages:
settings → discover → parse → graph → Markdown → templates → checks → (write).

`build`, `check` and `serve` all call `run`; it returns the files instead of writing them, and
raises SiteError after the first stage that found errors (every problem of that stage reported).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import assets, checks, config as config_mod, data as data_mod, discover, frontmatter, glossary as glossary_mod
from . import graph, output, parallel, sources as sources_mod
from .content import ContentRenderer
from .errors import Diagnostics
from .outputs import Contexts, Shortcodes, Writer
from .render import Theme
from .cache import VERSION, Cache, digest


@dataclass
class Options:
    base_url: str | None = None
    drafts: bool = False
    jobs: int | None = None  # worker processes for large sites; None: one per core
    progress: object = None  # progress(done, total) while pages render, for the CLI's display


@dataclass
class BuildResult:
    site: graph.Site
    files: dict  # output path → bytes (empty when the files went straight to disk)
    copies: dict  # output path → static source file
    diagnostics: Diagnostics
    rendered: set  # output paths rendered in this run rather than reused from the cache
    outputs: int  # how many files the site has, static copies included
    state: str  # a digest of every output's inputs: tells whether a folder holds this build


def run(root: Path, options: Options, diag: Diagnostics | None = None, cache: Cache | None = None,
        sink=None) -> BuildResult:
    diag = diag or Diagnostics(root)
    cache = cache if cache is not None else Cache()
    sink = sink if sink is not None else output.MemorySink()
    config = config_mod.load(root, diag, options.base_url)
    diag.raise_if_errors()
    found = discover.scan(config, diag)
    docs = [d for d in (cache.document(s, frontmatter.parse, diag) for s in found if s.kind == discover.PAGE) if d]
    glossary = glossary_mod.load(config, [s for s in found if s.kind == discover.GLOSSARY], diag)
    data = data_mod.load([s for s in found if s.kind == discover.DATA], diag)
    facts = sources_mod.load(config, diag)
    theme = Theme(config, diag, cache.environment(config.templates_dir))
    diag.raise_if_errors()
    site = graph.build(config, docs, diag, include_drafts=options.drafts)
    diag.raise_if_errors()
    static = assets.collect(config.static_dir)
    static_outputs = {name: out for name, (out, _) in static.items()}
    # Everything every page shows besides its own content: a change here re-renders them all.
    signature = digest(config.portable(), theme.signature(), theme.strings, static_outputs, data,
                       facts.sources, facts.facts,
                       sorted(glossary), VERSION)
    contexts = Contexts(site, theme, static_outputs, data, glossary, facts)
    renderer = ContentRenderer(site, glossary, facts, static_outputs, Shortcodes(theme, contexts), diag,
                               cache, signature)
    definitions = renderer.glossary_definitions()
    writer = Writer(site, theme, contexts, cache, sink, signature)
    rendered = parallel.render_pages(sorted(site.pages.items()), renderer, writer, cache, diag, options.jobs,
                                     options.progress)
    diag.raise_if_errors()
    writer.finish(rendered, definitions)
    checks.run(site, rendered, definitions, glossary, diag)
    diag.raise_if_errors()
    copies = {out: path for out, path in static.values()}
    state = digest(sorted((p, sig) for p, (sig, _) in cache.outputs.items()), sorted(copies))
    return BuildResult(site, sink.files, copies, diag, writer.fresh, len(cache.outputs) + len(copies), state)


def cache_folder(root: Path, out: Path) -> Path:
    """Where `build` keeps its cache between runs: outside the site, one per output folder."""
    return root / ".cache" / "sitegen" / digest(str(out.resolve()))[:12]


def build(root: Path, out: Path, options: Options, diag: Diagnostics | None = None,
          use_cache: bool = True) -> BuildResult:
    """Builds into a staging folder and swaps it in for `out`; with the cache, unchanged pages
    are linked from the previous build instead of rendered and written again."""
    diag = diag or Diagnostics(root)
    if not output.check_target(out, root, diag):
        diag.raise_if_errors()
    folder = cache_folder(root, out)
    cache = Cache.load(folder) if use_cache else Cache()
    staging = output.Staging(out, cache.state if use_cache else None)
    try:
        result = run(root, options, diag, cache, staging)
        staging.commit(result.copies, result.state)
    except BaseException:
        staging.abort()
        raise
    if use_cache:
        cache.state = result.state
        try:
            cache.save(folder)
        except OSError:  # a read-only checkout still builds, only without a warm start next time
            pass
    return result
