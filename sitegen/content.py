"""The Markdown stage: every page body and glossary definition rendered once, with what it
refers to (headings, terms, cited facts, links) collected for navigation, backlinks and checks."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

from .errors import Diagnostics
from .graph import Site
from .markdown import make_parser, new_env, render
from .urls import relative

_TAGS = re.compile(r"<[^>]+>")
_TIPS = re.compile(r'<span class="term-tip"[^>]*>.*?</span>', re.S)
_SPACE = re.compile(r"\s+")
COLON = {"fr": "\u00a0:"}  # French puts a (no-break) space before a colon


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: list  # [{level, text, id}]
    terms: frozenset  # glossary ids used
    citations: tuple  # fact ids in order of first citation
    links: list  # [(line, lang, key, fragment, slug)] to check once every page is known


def plain_text(fragment: str) -> str:
    """Visible text of rendered HTML, without the tooltips of the terms it uses."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub("", _TIPS.sub("", fragment)))).strip()


class ContentRenderer:
    """Holds one parser per language and what every render needs to resolve references."""

    def __init__(self, site: Site, glossary: dict, facts, static_outputs: dict, shortcode, diag: Diagnostics):
        config = site.config
        self.site, self.glossary, self.facts, self.diag = site, glossary, facts, diag
        self.parsers = {lang: make_parser(config, lang) for lang in config.languages}
        self.page_outputs = {k: p.output for k, p in site.pages.items()}
        self.static_outputs = static_outputs
        self.shortcode = shortcode  # (name, lang, output) → html
        self.tips = {lang: {e: e for e in glossary} for lang in config.languages}

    def _render(self, text, *, lang, file, rel_source, key, body_line, output, id_prefix="") -> Rendered:
        env = new_env(
            lang=lang, file=file, rel_source=rel_source, key=key, body_line=body_line, output=output, id_prefix=id_prefix,
            diag=self.diag, glossary=self.glossary, glossary_tips=self.tips, facts=self.facts,
            page_outputs=self.page_outputs, static_outputs=self.static_outputs,
            shortcodes=self.shortcode.names, strings=self.shortcode.strings[lang],
            shortcode=lambda name: self.shortcode(name, lang, output),
            glossary_href=lambda term_id: relative(output, self.site.glossary_output[lang], term_id),
        )
        body = render(self.parsers[lang], text, env)
        return Rendered(body, env["headings"], frozenset(env["terms"]), tuple(env["citation_numbers"]), env["links"])

    def glossary_definitions(self) -> dict:
        """(id, lang) → Rendered definition; also fills the plain-text tooltips the pages show.

        A definition may use other terms, whose tooltips need every definition's text: a first
        pass (problems not reported) gives the texts, the second renders for real.
        """
        real_diag = self.diag
        self.diag = Diagnostics(real_diag.root)
        try:
            first = self._definitions()
        finally:
            self.diag = real_diag
        for (term_id, lang), rendered in first.items():
            entry = self.glossary[term_id]
            # The tooltip shows the first paragraph; the glossary page has the rest.
            summary = plain_text(rendered.html.split("</p>")[0])
            colon = COLON.get(lang, ":")
            self.tips[lang][term_id] = f"{entry.term[lang]}{colon} {summary}"
        return self._definitions()

    def _definitions(self) -> dict:
        return {(entry.id, lang): self._render(
                    entry.definition[lang], lang=lang, file=entry.source.path, rel_source=f"{lang}/_glossary.md",
                    key="_glossary", body_line=entry.lines.get(("definition", lang), 1) + 1,
                    output=self.site.glossary_output[lang], id_prefix=f"{entry.id}-")  # one page holds them all
                for lang in self.site.config.languages
                for entry in sorted(self.glossary.values(), key=lambda e: e.id)}

    def page(self, page) -> Rendered:
        doc = page.doc
        return self._render(doc.body, lang=page.lang, file=doc.source.path, rel_source=f"{page.lang}/{page.key}.md",
                            key=page.key, body_line=doc.body_line, output=page.output)
