"""Checks that need the whole site: links to headings, glossary entries nobody uses."""
from __future__ import annotations

from .errors import Diagnostics
from .graph import Site


def run(site: Site, rendered: dict, definitions: dict, glossary: dict, diag: Diagnostics) -> None:
    ids = {k: body.ids for k, body in rendered.items()}
    for lang in site.config.languages:
        ids[(lang, "_glossary")] = set(glossary)
    sources = [(site.pages[k].doc.source.path, body) for k, body in rendered.items()]
    sources += [(glossary[term].source.path, body) for (term, _), body in definitions.items()]
    for path, body in sources:
        for line, lang, key, fragment, slug in body.links:
            if slug not in ids.get((lang, key), ()):
                target = "this page" if key == "_glossary" else f"{lang}/{key}.md"
                diag.error("link.anchor", path, line, f"“#{fragment}” is not a heading of {target}",
                           "link to a heading's id: its text in lowercase, without accents, with hyphens for spaces")
    used = set().union(*(body.terms for body in rendered.values())) if rendered else set()
    for term in sorted(set(glossary) - used):
        diag.warning("glossary.unused", glossary[term].source.path, 0, "no page uses this glossary entry",
                     f"refer to it in a page with [[{term}]]")
