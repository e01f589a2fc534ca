"""Checks that need the whole site: links to headings, glossary entries nobody uses.

`run` checks everything and returns an Index of who links into which page and how often each term
is used, with the problems found per source; `recheck` uses it to check again only what a change
to some pages can reach, so the preview's rebuild of one page does not grow with the site.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from sitegen.errors import Diagnostic, Diagnostics
from sitegen.load.yamlio import did_you_mean
from sitegen.site.graph import Site

UNUSED = "unused"  # Index.found's key for the glossary entries nobody uses


@dataclass
class Index:
    linking: dict = field(default_factory=lambda: defaultdict(set))  # (lang, key) → sources linking into it
    uses: Counter = field(default_factory=Counter)  # glossary id → how many pages use it
    found: dict = field(default_factory=dict)  # source, or UNUSED → its problems


def run(site: Site, rendered: dict, definitions: dict, glossary: dict, diag: Diagnostics) -> Index:
    index = Index()
    sources = [("page", lang, key) for lang, key in rendered] + [("term", term, lang) for term, lang in definitions]
    for source in sources:
        for _, lang, key, _, _ in _body(source, rendered, definitions).links:
            index.linking[(lang, key)].add(source)
    for body in rendered.values():
        index.uses.update(body.terms)
    _check(index, sources, site, rendered, definitions, glossary, diag)
    return index


def recheck(index: Index, changed: dict, site: Site, rendered: dict, definitions: dict, glossary: dict,
            diag: Diagnostics) -> list[Diagnostic]:
    """After the pages in `changed` ((lang, key) → their previous Rendered) were rendered again:
    updates `index`, checks their links and the links into them, and the unused entries again.
    Returns the problems this replaces."""
    for (lang, key), old in changed.items():
        source, new = ("page", lang, key), rendered[(lang, key)]
        for _, target_lang, target, _, _ in old.links:
            index.linking[(target_lang, target)].discard(source)
        for _, target_lang, target, _, _ in new.links:
            index.linking[(target_lang, target)].add(source)
        index.uses.subtract(old.terms)
        index.uses.update(new.terms)
    sources = {("page", *k) for k in changed} | {s for k in changed for s in index.linking[k]}
    replaced = [d for s in [*sorted(sources), UNUSED] for d in index.found.pop(s, ())]
    _check(index, sorted(sources), site, rendered, definitions, glossary, diag)
    return replaced


def _body(source, rendered: dict, definitions: dict):
    kind, a, b = source
    return rendered[(a, b)] if kind == "page" else definitions[(a, b)]


def _check(index: Index, sources, site: Site, rendered: dict, definitions: dict, glossary: dict,
           diag: Diagnostics) -> None:
    for source in sources:
        kind, a, b = source
        path = site.pages[(a, b)].doc.source.path if kind == "page" else glossary[a].source.path
        found = Diagnostics(diag.root)
        for line, lang, key, fragment, slug in _body(source, rendered, definitions).links:
            if key != "_glossary" and (lang, key) not in rendered:
                continue  # a page that could not be read: its own error says why
            ids = glossary if key == "_glossary" else rendered[(lang, key)].ids
            if slug not in ids:
                # The same “did you mean” as links to pages and glossary ids.
                hint = did_you_mean(f"#{slug}", [f"#{i}" for i in ids]) or None
                if key == "_glossary":
                    found.error("link.anchor", path, line, hint=hint, entry="link.anchor.here", fragment=fragment)
                else:
                    found.error("link.anchor", path, line, hint=hint, fragment=fragment, target=f"{lang}/{key}.md")
        if found.items:
            index.found[source] = found.items
    unused = Diagnostics(diag.root)
    # A page that could not be read may use any entry: none is called unused until it is fixed.
    everything_read = len(rendered) == len(site.pages)
    for term in sorted(term for term in glossary if everything_read and index.uses[term] <= 0):
        unused.warning("glossary.unused", glossary[term].source.path, 0, id=term)
    index.found[UNUSED] = unused.items
    diag.items.extend(d for source in [*sources, UNUSED] for d in index.found.get(source, ()))
