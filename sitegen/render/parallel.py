"""Rendering the pages, in worker processes when there are enough of them to pay for it.

Each page's Markdown and template are independent of the other pages' once the graph exists, so
workers forked after that stage render a share each (writing straight to the staging folder) and
send back what the main process keeps: the cache entries, the diagnostics, the pages' headings,
terms and links for the checks. The result is byte-identical to a single-process build.
"""
from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from sitegen import workers
from sitegen.cache import MarkdownEntry

MIN_PAGES = 50  # below, starting workers costs what they save (2 cores: 38 pages even, 52 gain 0.1 s, 202 gain 0.3 s)


class Job(NamedTuple):
    """What forked workers inherit."""
    renderer: object
    writer: object
    cache: object
    diag: object
    pages: list  # [((lang, key), Page)] to render, shared out by index


class Done(NamedTuple):
    """What a worker sends back of one page: what the main process keeps."""
    k: tuple  # (lang, key)
    body: object  # the Rendered
    markdown: tuple | None  # (cache key, MarkdownEntry without the page's text), if cacheable
    output: tuple  # (output path, the cache's entry for it or None)
    found: list  # the page's diagnostics
    fresh: bool  # rendered anew rather than reused


_job: Job | None = None


def render_pages(pages: list, renderer, writer, cache, diag, jobs: int | None = None, progress=None) -> dict:
    """(lang, key) → Rendered for every page, each page's output put into the writer's sink.

    Pages whose Markdown the cache holds are finished here; only the others are shared out, so
    a warm build sends nothing to workers. `progress(done, total)` is called as work completes.
    """
    rendered, todo = {}, []
    for k, page in pages:
        body = renderer.page(page, render=False)
        if body is None:
            todo.append((k, page))
        else:
            rendered[k] = body
            writer.page(page, body)
    jobs = workers.count() if jobs is None else jobs
    report = progress or (lambda done, total: None)
    if jobs < 2 or len(todo) < MIN_PAGES or not workers.can_fork():
        for n, (k, page) in enumerate(todo, 1):
            rendered[k] = _one(page, renderer, writer)
            if n % 50 == 0 or n == len(todo):
                report(n, len(todo))
        return {k: rendered[k] for k, _ in pages}
    global _job
    _job = Job(renderer, writer, cache, diag, todo)
    texts = {k: page.doc.body for k, page in todo}
    shared: dict = {}  # one object per value the renders looked up, as one process holds them
    done = 0
    try:
        for part in workers.forked_map(_chunk, len(todo), jobs):
            for done_page in part:
                rendered[done_page.k] = done_page.body
                if done_page.markdown is not None:
                    # The page's text and the looked-up values are this process's own objects
                    # again, not a copy per page: the cache stays as small as a single process's.
                    key, entry = done_page.markdown
                    for dep, value in entry.recorder.items():
                        entry.recorder[dep] = shared.setdefault(value, value)
                    cache.adopt_markdown(key, entry._replace(inputs=(texts[done_page.k], *entry.inputs)))
                path, entry = done_page.output
                cache.adopt_output(path, entry)
                # A page whose template failed has no output: reported, nothing to keep.
                writer.adopt(path, entry[1] if entry is not None else None, done_page.fresh)
                diag.items.extend(done_page.found)
            done += len(part)
            report(done, len(todo))
    finally:
        _job = None
    return {k: rendered[k] for k, _ in pages}


def _one(page, renderer, writer):
    body = renderer.page(page)
    writer.page(page, body)
    return body


def _chunk(indices: range) -> list:
    """In a worker: render a share of the pages; return what the main process must keep."""
    renderer, writer, cache, diag, pages = _job
    out = []
    for i in indices:
        k, page = pages[i]
        before = len(diag.items)
        body = _one(page, renderer, writer)
        key = (page.key, page.lang, page.output)
        markdown = None
        if cache.reused:
            entry: MarkdownEntry | None = cache.markdown.get(key)
            # The text is left out: the main process has it.
            markdown = (key, entry._replace(inputs=entry.inputs[1:])) if entry is not None else None
        else:  # a cache thrown away: the main process only checks the links and lists the terms
            body = replace(body, body="")
        out.append(Done(k, body, markdown, (page.output, cache.outputs.get(page.output)), diag.items[before:],
                        page.output in writer.fresh))
    return out
