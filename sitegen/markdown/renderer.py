"""The Markdown stage: every page body and glossary definition rendered once, with what it
refers to (headings, terms, cited facts, links) collected for navigation, backlinks and checks."""
from __future__ import annotations

import html
import re
import zlib
from dataclasses import dataclass

from sitegen.cache import Cache, Recorder, RecordingMap
from sitegen.errors import Diagnostics
from sitegen.hashing import digest
from sitegen.markdown.context import Collected, RenderContext
from sitegen.site.graph import Site
from sitegen.typography import typography
from sitegen.urls import relative

_TAGS = re.compile(r"<[^>]+>")
_TIPS = re.compile(r'<span class="term-tip"[^>]*>.*?</span>', re.S)
_SPACE = re.compile(r"[ \t\r\n]+")  # not \s: no-break spaces stay no-break
_FOOTNOTE_IDS = re.compile(r'id="(fn\d+|fnref[\d:]+)"')
COLON = {"fr": "\u00a0:"}  # French puts a (no-break) space before a colon


@dataclass(frozen=True)
class Rendered:
    # The HTML, as it is where it was rendered, compressed (bytes) once it is pickled: into the
    # cache, or back from a worker to the process that keeps it. Kept pages so stay a third of
    # their size, and a cold build, which keeps none, never compresses one (4 % of its time).
    body: str | bytes
    headings: list  # [{level, text, id}]
    terms: frozenset  # glossary ids used
    citations: tuple  # fact ids in order of first citation
    links: list  # [(line, lang, key, fragment, slug)] to check once every page is known
    ids: frozenset  # the ids a link can target: headings and footnotes
    digest: str  # of what a template shows of it, for the output cache

    @property
    def html(self) -> str:
        return self.body if isinstance(self.body, str) else zlib.decompress(self.body).decode("utf-8")

    def __reduce__(self):
        body = zlib.compress(self.body.encode("utf-8"), 1) if isinstance(self.body, str) else self.body
        return Rendered, (body, self.headings, self.terms, self.citations, self.links, self.ids, self.digest)


def plain_text(fragment: str) -> str:
    """Visible text of rendered HTML, without the tooltips of the terms it uses."""
    return _SPACE.sub(" ", html.unescape(_TAGS.sub("", _TIPS.sub("", fragment)))).strip()


def _rendered(body: str, found: Collected) -> Rendered:
    citations = tuple(found.citation_numbers)
    ids = frozenset(h["id"] for h in found.headings) | frozenset(_FOOTNOTE_IDS.findall(body))
    return Rendered(body, found.headings, frozenset(found.terms), citations, found.links, ids,
                    digest(body.encode("utf-8"), found.headings, citations))  # bytes: no repr to make


class ContentRenderer:
    """Holds one parser per language and what every render needs to resolve references.

    Each render looks up outside values (page URLs, glossary terms, facts, shortcodes) through
    recording maps, so the cache knows exactly which changes make it stale.
    """

    def __init__(self, site: Site, glossary: dict, facts, static_outputs: dict, shortcode, diag: Diagnostics,
                 cache: Cache, signature: str, unreadable: dict | None = None):
        config = site.config
        self.site, self.glossary, self.facts, self.diag, self.cache = site, glossary, facts, diag, cache
        # ("term" or "fact", id) → True for the entries and facts whose file reported them refused;
        # ("fact", "") when the whole facts file was: references to them are not reported again.
        self.unreadable = unreadable or {}
        self.parsers: dict = {}  # lang → parser, made by the first render that needs it
        self.page_outputs = {k: p.output for k, p in site.pages.items()}
        self.static_outputs = static_outputs
        self.shortcode = shortcode  # (name, lang, output) → html
        self.shortcode_names = dict.fromkeys(shortcode.names, True)
        self.signature = signature  # of everything a shortcode can show
        self.tips = {lang: {} for lang in config.languages}
        cache.check_markdown_signature(digest(
            config.raw_html, config.typographer, config.languages, site.glossary_output,
            {lang: shortcode.strings[lang].get("source_note") for lang in config.languages}))

    def _term_value(self, lang):
        return lambda entry: (entry.label(lang), self.tips[lang].get(entry.id))

    def _current(self, lang):
        """How each recorded lookup is answered now, to tell whether a cached render still holds."""
        term = self._term_value(lang)
        lookups = {
            "page": lambda key: self.page_outputs.get(key),
            "static": lambda name: self.static_outputs.get(name),
            "term": lambda term_id: term(self.glossary[term_id]) if term_id in self.glossary else None,
            "fact": lambda fid: True if fid in self.facts.facts else None,
            "shortcode-name": lambda name: True if name in self.shortcode_names else None,
            "shortcode": lambda name: self.signature,
            "unreadable": lambda key: self.unreadable.get(key),
        }
        return lambda dep: lookups[dep[0]](dep[1])

    def _parser(self, lang: str):
        if lang not in self.parsers:
            # markdown-it loads only here: a build that renders nothing (warm) never imports it.
            from sitegen.markdown.parser import make_parser
            self.parsers[lang] = make_parser(self.site.config, lang)
        return self.parsers[lang]

    def _context(self, rec: Recorder, lang: str, output: str, **page) -> RenderContext:
        """What the plugins read for one text: every outside value goes through a map that records it."""
        def shortcode(name):
            rec[("shortcode", name)] = self.signature
            return self.shortcode(name, lang, output)

        return RenderContext(
            lang=lang, output=output, diag=self.diag, **page,
            glossary=RecordingMap(self.glossary, rec, "term", self._term_value(lang)), tips=self.tips[lang],
            facts=RecordingMap(self.facts.facts, rec, "fact", lambda f: True),
            page_outputs=RecordingMap(self.page_outputs, rec, "page"),
            static_outputs=RecordingMap(self.static_outputs, rec, "static"),
            shortcodes=RecordingMap(self.shortcode_names, rec, "shortcode-name"),
            unreadable=RecordingMap(self.unreadable, rec, "unreadable"),
            strings=self.shortcode.strings[lang], shortcode=shortcode,
            glossary_href=lambda term_id: relative(output, self.site.glossary_output[lang], term_id),
        )

    def _render(self, text, *, lang, file, rel_source, key, body_line, output, id_prefix="", tooltips=True,
                compute=True):
        def render_now(rec: Recorder) -> Rendered:
            from sitegen.markdown.parser import new_env, render

            context = self._context(rec, lang, output, file=file, rel_source=rel_source, key=key,
                                    body_line=body_line, id_prefix=id_prefix, tooltips=tooltips)
            return _rendered(render(self._parser(lang), text, new_env(context)), context.collected)

        inputs = (text, body_line, str(file), rel_source, output, id_prefix, tooltips)
        return self.cache.rendered((key, lang, output), inputs, self._current(lang),
                                   render_now if compute else None, self.diag)

    def glossary_definitions(self) -> dict:
        """(id, lang) → Rendered definition; also fills the plain-text tooltips the pages show.

        On the glossary page the terms of a definition link to their entry on the same page with
        no tooltip, so definitions need no tooltips themselves, and one pass gives every text.
        """
        out = {}
        for lang in self.site.config.languages:
            for entry in sorted(self.glossary.values(), key=lambda e: e.id):
                rendered = self._render(
                    entry.definition[lang], lang=lang, file=entry.source.path, rel_source=f"{lang}/_glossary.md",
                    key=f"_glossary/{entry.id}", body_line=entry.lines.get(("definition", lang), 1) + 1,
                    output=self.site.glossary_output[lang], id_prefix=f"{entry.id}-", tooltips=False)
                out[(entry.id, lang)] = rendered
                # The tooltip shows the first paragraph; the glossary page has the rest.
                summary = plain_text(rendered.html.split("</p>")[0])
                self.tips[lang][entry.id] = f"{typography(entry.term[lang], lang)}{COLON.get(lang, ':')} {summary}"
        return out

    def page(self, page, render: bool = True) -> Rendered | None:
        """The page's rendered Markdown; with render=False, only what the cache holds (or None)."""
        doc = page.doc
        return self._render(doc.body, lang=page.lang, file=doc.source.path, rel_source=f"{page.lang}/{page.key}.md",
                            key=page.key, body_line=doc.body_line, output=page.output, compute=render)
