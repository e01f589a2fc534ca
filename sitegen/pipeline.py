"""The only place that knows the order of the stages:
settings → discover → parse → graph → Markdown → templates → checks → (write).

`build`, `check` and `serve` all call `run`; it returns the files instead of writing them, and
raises SiteError once every stage has run if any found errors (all of them reported): only broken
settings stop it early, since every later stage needs them.
`update` runs the same stages again for only the pages a save changed, when that is all it can
reach; `serve` calls it first, so a save costs the same on a site of ten pages or ten thousand.
"""
from __future__ import annotations

import gc
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from sitegen.cache import Cache
from sitegen.errors import Diagnostics
from sitegen.hashing import digest
from sitegen.load import config as config_mod
from sitegen.load import data as data_mod
from sitegen.load import discover, frontmatter, ownfiles
from sitegen.load import facts as facts_mod
from sitegen.load import glossary as glossary_mod
from sitegen.markdown.renderer import ContentRenderer
from sitegen.render import assets, parallel
from sitegen.render.files import Contexts, Shortcodes, Writer
from sitegen.render.templates import Theme
from sitegen.site import graph, references
from sitegen.write import output


@dataclass
class Options:
    base_url: str | None = None
    repo_url: str | None = None  # for the edit links; the deploy workflow passes the repository's
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
    stages: "Reusable"  # what `update` starts from
    partial: bool = False  # made by `update`: only the changed pages' stages ran again


@dataclass
class Loaded:
    """What the loading stages read, drafts included: `run` goes on from it, and the translation
    table (translations.py) is made from it instead of reading the files a second time."""
    config: config_mod.SiteConfig
    found: list  # every SourceFile discovered, in discovery order
    parse: object  # the front-matter stage as this run called it
    documents: dict  # source path → Document, or None when it cannot be read, for every page file
    glossary: dict  # id → GlossaryEntry


@dataclass
class Reusable:
    """What a run made that a later `update` reuses as it is."""
    loaded: Loaded
    pages: dict  # source path → SourceFile, for every page file found
    theme: Theme
    renderer: ContentRenderer
    writer: Writer
    rendered: dict  # (lang, key) → Rendered
    definitions: dict  # (glossary id, lang) → Rendered
    checks: references.Index  # what `update` needs to run the checks again for a few pages


@contextmanager
def no_cycle_collection():
    """A build makes few reference cycles but a large heap of long-lived pages that the cycle
    collector would walk again and again: 8 % of a cold 2 x 5000 build, with the same peak memory.
    The cycles a build leaves are collected once it is over (the preview's next idle moment)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def load(root: Path, options: Options, diag: Diagnostics, cache: Cache) -> Loaded:
    """The loading stages: settings → discover → front matter → glossary. Raises SiteError when
    site.yaml is broken, since every later stage needs it."""
    config = config_mod.load(root, diag, options.base_url, options.repo_url)
    diag.raise_if_errors()
    found = discover.scan(config, diag)
    parse = frontmatter.parser(config)
    documents = cache.documents_of([s for s in found if s.kind == discover.PAGE], parse, diag, options.jobs)
    glossary = glossary_mod.load(config, [s for s in found if s.kind == discover.GLOSSARY], diag)
    return Loaded(config, found, parse, documents, glossary)


@no_cycle_collection()
def run(root: Path, options: Options, diag: Diagnostics | None = None, cache: Cache | None = None,
        sink=None, loaded: Loaded | None = None) -> BuildResult:
    """`loaded`: what `load` read, when the caller ran it to keep it even if the build fails."""
    diag = diag or Diagnostics(root)
    cache = cache if cache is not None else Cache()
    sink = sink if sink is not None else output.MemorySink()
    loaded = loaded or load(root, options, diag, cache)
    config, found, glossary = loaded.config, loaded.found, loaded.glossary
    docs, broken = [], set()
    for source in found:
        if source.kind in (discover.PAGE, discover.REFUSED):
            doc = loaded.documents[source.path] if source.kind == discover.PAGE else None
            if doc is None:  # reported; it stands in so that links and translations to it hold
                doc = frontmatter.stand_in(source)
                broken.add((source.lang, source.key))
            docs.append(doc)
    data = data_mod.load([s for s in found if s.kind == discover.DATA], diag)
    facts = facts_mod.load(config, diag)
    theme = Theme(config, diag, cache)
    # The stages below go on after errors so that one run reports every mistake; a broken page
    # is skipped by them, and nothing is written unless every stage found none.
    site = graph.build(config, docs, diag, include_drafts=options.drafts)
    static = assets.collect(config.static_dir, diag)
    static_outputs = {name: out for name, (out, _) in static.items()}
    # Everything every page shows besides its own content: a change here re-renders them all.
    signature = digest(config.portable(), theme.signature(), theme.strings, static_outputs, data,
                       facts.sources, facts.facts,
                       sorted(glossary))
    contexts = Contexts(site, theme, static_outputs, data, glossary, facts)
    unreadable = {("term", s.key): True for s in found if s.kind == discover.GLOSSARY and s.key not in glossary}
    unreadable.update({("fact", fid): True for fid in facts.refused} | ({("fact", ""): True} if facts.unreadable else {}))
    renderer = ContentRenderer(site, glossary, facts, static_outputs, Shortcodes(theme, contexts), diag,
                               cache, signature, unreadable)
    definitions = renderer.glossary_definitions()
    # A run that already failed writes nothing: two pages that claim one address would both be
    # written there, and its output is thrown away anyway.
    writer = Writer(site, theme, contexts, cache, output.NullSink() if diag.errors else sink, signature)
    rendered = parallel.render_pages(sorted(kp for kp in site.pages.items() if kp[0] not in broken), renderer,
                                     writer, cache, diag, options.jobs, options.progress)
    if not diag.errors:
        writer.finish(rendered, definitions)
    index = references.run(site, rendered, definitions, glossary, diag)
    diag.raise_if_errors()
    copies = {out: path for out, path in static.values()}
    stages = Reusable(loaded, {s.path: s for s in found if s.kind == discover.PAGE}, theme, renderer, writer,
                    rendered, definitions, index)
    return BuildResult(site, sink.files, copies, diag, writer.fresh, len(cache.outputs) + len(copies), stages)


def _placement(doc) -> tuple:
    """What other pages show of a page, or what decides where it goes: a change to any of it
    reaches beyond the page (menus, breadcrumbs, its section's pages, glossary backlinks, links,
    the sitemap)."""
    return doc.title, doc.order, doc.slug, doc.draft, doc.menu


def update(previous: BuildResult, changed, cache: Cache) -> BuildResult | None:
    """`run` again after a save, over the same stages but only for what the save can reach.

    What a change reaches — the one rule of this path: a save that changed only the text of
    existing pages reaches those pages, their translations (whose notice of an updated source may
    change), the section pages that list them (with their description), the glossary pages when
    the terms they use changed, and the checks of the links into
    and out of them. Anything else can reach further — any other file, a new or deleted page, a
    new title, order, slug, draft or menu state (`_placement`), an error — and then this returns None:
    only `run` will do.

    It may change `previous`'s stages, which the caller must no longer use once it returned None.
    """
    stages, site = previous.stages, previous.site
    diag = Diagnostics(previous.diagnostics.root)
    found = _parse_again(previous, changed, cache, diag)
    if found is None or diag.errors:
        return None
    replaced, stale = found
    # From here on the previous stages are changed in place.
    _swap_in(stages, site, replaced)
    rendered, before = _render_again(previous, replaced, diag)
    if diag.errors:
        return None
    stale += references.recheck(stages.checks, before, site, rendered, stages.definitions, stages.loaded.glossary, diag)
    if diag.errors:
        return None
    diag.items[:0] = _still_standing(previous.diagnostics.items, stale)
    return BuildResult(site, stages.writer.sink.files, previous.copies, diag, stages.writer.fresh, previous.outputs,
                       replace(stages, rendered=rendered), partial=True)


def _parse_again(previous: BuildResult, changed, cache: Cache, diag: Diagnostics) -> tuple | None:
    """(the changed pages parsed again, the diagnostics the cache kept for what they replace), or
    None when the change can reach beyond them (see `update`)."""
    stages, site = previous.stages, previous.site
    sources = [stages.pages.get(Path(p)) for p in changed]
    # A page deleted or made a link since: only `run`'s walk reports it.
    root = site.config.root
    if not sources or None in sources or not all(source.path.is_file() and not ownfiles.flaw(source.path, root)
                                                  for source in sources):
        return None
    replaced, stale = [], []
    for source in sources:
        page = site.pages.get((source.lang, source.key))
        parsed = cache.documents.get(str(source.path))
        cache.forget([source.path])
        doc = cache.document(source, stages.loaded.parse, diag)
        # No cached render: the last one was not cacheable, and its problems cannot be told apart.
        markdown = page and cache.markdown.get((page.key, page.lang, page.output))
        if doc is None or not markdown or parsed is None or _placement(doc) != _placement(page.doc):
            return None
        stale += parsed[2] + markdown.problems
        replaced.append(graph.Page(doc, page.lang, page.key, page.output))
    return replaced, stale


def _swap_in(stages: Reusable, site: graph.Site, replaced: list) -> None:
    """Puts the pages parsed again where the previous ones were: the site, its menu and sections, what was loaded."""
    for page in replaced:
        stages.loaded.documents[page.doc.source.path] = page.doc
        old = site.pages[(page.lang, page.key)]
        site.pages[(page.lang, page.key)] = site.translations[page.key][page.lang] = page
        for nav in (site.nav[page.lang], site.children.get((page.lang, old.folder), [])):
            if old in nav:
                nav[nav.index(old)] = page


def _render_again(previous: BuildResult, replaced: list, diag: Diagnostics) -> tuple:
    """(every page's Rendered, the replaced pages' previous ones): the replaced pages rendered
    again and written with their translations, and the glossary pages if the terms they use changed."""
    stages, site = previous.stages, previous.site
    renderer, writer = stages.renderer, stages.writer
    renderer.diag = stages.theme.diag = diag
    writer.sink = output.MemorySink()
    writer.sink.files = dict(previous.files)
    writer.fresh = set()
    rendered = dict(stages.rendered)
    before = {(page.lang, page.key): rendered[(page.lang, page.key)] for page in replaced}
    for page in replaced:
        rendered[(page.lang, page.key)] = renderer.page(page)
    terms_changed = any(rendered[k].terms != old.terms for k, old in before.items())
    for key in sorted({page.key for page in replaced}):
        for k in sorted((lang, key) for lang in site.translations[key]):
            writer.page(site.pages[k], rendered[k])
    for k in sorted({(page.lang, f"{page.folder}/index") for page in replaced if page.folder}):
        writer.page(site.pages[k], rendered[k])  # a section page lists its pages' descriptions
    if terms_changed:
        writer.glossaries(rendered, stages.definitions)
    return rendered, before


def _still_standing(previous: list, stale: list) -> list:
    """Every problem of the previous run but those of the replaced pages and their checks."""
    drop = Counter(stale)
    kept = []
    for d in previous:
        if drop[d]:
            drop[d] -= 1
        else:
            kept.append(d)
    return kept


def cache_folder(root: Path, out: Path | None = None, name: str | None = None) -> Path:
    """Where a command keeps its cache between runs, outside the site: `build` one per output
    folder, `check` one by `name`."""
    return root / ".cache" / "sitegen" / (name or digest(str(out.resolve()))[:12])


@no_cycle_collection()  # loading and saving the cache too
def build(root: Path, out: Path, options: Options, diag: Diagnostics | None = None,
          use_cache: bool = True) -> BuildResult:
    """Builds into a fresh folder and swaps it in for `out` (see write/output.py)."""
    diag = diag or Diagnostics(root)
    problem = output.check_target(out, root)
    if problem:
        diag.error("output.refused", "", 0, out=out.resolve(), problem=problem)
        diag.raise_if_errors()
    folder = cache_folder(root, out)
    cache = Cache.load(folder) if use_cache else Cache(reused=False)
    staging = output.Staging(out)
    try:
        result = run(root, options, diag, cache, staging)
        staging.commit(result.copies)
    except BaseException:
        staging.abort()
        raise
    if use_cache and cache.changed:
        try:
            cache.save(folder)
        except OSError:  # a read-only checkout still builds, only without a warm start next time
            pass
    return result
