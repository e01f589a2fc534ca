"""Site + rendered Markdown → every output file's bytes (pages, glossaries, root chooser, 404,
sitemap, robots). One context builder serves every template; nothing is written here."""
from __future__ import annotations

import unicodedata
from collections import defaultdict
from typing import NamedTuple

from sitegen.hashing import digest
from sitegen.load.translation_of import entry_outdated, page_outdated
from sitegen.render.templates import Theme
from sitegen.site.graph import Site
from sitegen.typography import typography
from sitegen.urls import pretty, relative


def collation_key(text: str):
    """Alphabetical order as a reader expects it: accents sort with their base letter."""
    folded = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return (folded.casefold(), text)


class Shortcodes:
    """Renders templates/shortcodes/<name>.html inside a page, with the site's data."""

    def __init__(self, theme: Theme, contexts: "Contexts"):
        self.theme, self.contexts = theme, contexts
        self.names = theme.shortcodes
        self.strings = theme.strings

    def __call__(self, name: str, lang: str, output: str) -> str:
        context = self.contexts.common(lang, output)
        return self.theme.render(f"shortcodes/{name}.html", context) or ""


class Contexts:
    def __init__(self, site: Site, theme: Theme, static_outputs: dict, data: dict, glossary: dict, facts):
        self.site, self.theme, self.static, self.data = site, theme, static_outputs, data
        self.glossary, self.facts = glossary, facts
        self.config = site.config

    def common(self, lang: str, output: str, linker=None) -> dict:
        """What every template can use. `linker` makes links; the 404 page needs absolute paths."""
        config = self.config
        link = linker or (lambda target, fragment="": relative(output, target, fragment))

        def asset(name: str, absolute: bool = False) -> str:
            """The static file's link from this page; absolute=True: its whole address (Open Graph)."""
            if name not in self.static:
                raise KeyError(f"static/{name} does not exist")
            return self.site.url(self.static[name]) if absolute else link(self.static[name])

        return {
            "lang": lang, "t": self.theme.strings[lang], "data": self.data,
            "site": {"title": typography(config.title[lang], lang), "description": typography(config.description[lang], lang),
                     "languages": config.language_names, "base_url": config.base_url},
            "link": link, "asset": asset,
            "home_href": link(self.site.home(lang)),
            "glossary_href": link(self.site.glossary_output[lang]),
            "glossary_ids": self.glossary,
            "glossary_link": lambda term_id: link(self.site.glossary_output[lang], term_id),
            "nav": [{"title": self.theme.strings[lang].get("home", p.title) if p.key == "index" else p.title,
                     "href": link(p.output), "current": p.output == output}
                    for p in self.site.nav[lang]],
        }

    def alternates(self, outputs: dict, current: str) -> list:
        """hreflang alternates and the switcher: one entry per language that has this page."""
        return [{"lang": lang, "name": self.config.language_names[lang], "href": relative(current, out),
                 "url": self.site.url(out), "current": out == current}
                for lang, out in outputs.items()]


def page_terms(glossary: dict, used, lang: str, link) -> list:
    """The glossary terms a page explains, in alphabetical order, as the text names them."""
    labels = [(typography(glossary[term].label(lang), lang), term) for term in used if term in glossary]
    return [{"href": link(term), "label": label} for label, term in sorted(labels, key=lambda i: collation_key(i[0]))]


def notes(facts: dict, citations) -> dict:
    """The page's numbered notes, and its bibliography: each source they cite, once, in the order
    of its first note."""
    cited = [facts[fid] for fid in citations]
    return {"sources": [{"n": n, "id": fact.id, "fact": fact} for n, fact in enumerate(cited, 1)],
            "bibliography": list({fact.source.id: fact.source for fact in cited}.values())}


def edit_url(config, rel: str) -> str:
    """The file in GitHub's web editor; "" (no link) when site.yaml sets no repo_url."""
    return f"{config.repo_url}/edit/{config.repo_branch}/{rel}" if config.repo_url else ""


def x_default(site: Site, key: str, versions: dict) -> str:
    """hreflang x-default: the language chooser for the home pages (it names itself so), else
    the default language's version. Pages and sitemap.xml both take it from here."""
    if key == "index":
        return site.config.base_url
    default = site.config.default_language
    return site.url(versions.get(default, site.home(default)))


class Nav(NamedTuple):
    """What a page shows of the pages around it, besides the main menu, as (title, …, output)
    tuples: part of its signature, so that a change reaches only the pages that show it. Its
    size is the page's depth plus its section's size, whatever the size of the site."""
    trail: tuple  # the sections above it, from the top: (title, output)
    siblings: tuple  # the pages of its section, itself included: (title, output)
    children: tuple  # a section page's pages and subsections: (title, description, output, is a section)


def page_nav(site: Site, page) -> Nav:
    children = site.children.get((page.lang, page.section), ()) if page.section else ()
    return Nav(tuple((p.title, p.output) for p in site.trail(page)),
               tuple((p.title, p.output) for p in site.siblings(page)),
               tuple((p.title, typography(p.doc.description, p.lang), p.output, p.section is not None) for p in children))


def nav_context(site: Site, page, nav: Nav, strings: dict) -> dict:
    """The page's breadcrumbs (with their schema.org BreadcrumbList), its section's pages, the
    previous and next of them, and a section page's contents; empty outside sections."""
    def link(output: str) -> str:
        return relative(page.output, output)

    out = {"breadcrumbs": [], "breadcrumbs_ld": None, "section_pages": [], "previous": None, "next": None,
           "contents": [{"title": title, "description": description, "href": link(output), "section": section}
                        for title, description, output, section in nav.children]}
    if nav.trail:
        home = site.pages.get((page.lang, "index"))
        crumbs = [(strings.get("home", home.title if home else ""), site.home(page.lang)), *nav.trail,
                  (page.title, page.output)]
        out["breadcrumbs"] = [{"title": title, "href": link(output)} for title, output in crumbs[:-1]]
        out["breadcrumbs_ld"] = {"@context": "https://schema.org", "@type": "BreadcrumbList", "itemListElement": [
            {"@type": "ListItem", "position": n, "name": title, "item": site.url(output)}
            for n, (title, output) in enumerate(crumbs, 1)]}
    if nav.siblings:
        out["section_pages"] = [{"title": title, "href": link(output), "current": output == page.output}
                                for title, output in nav.siblings]
        at = next(i for i, (_, output) in enumerate(nav.siblings) if output == page.output)
        if at > 0:
            out["previous"] = out["section_pages"][at - 1]
        if at + 1 < len(nav.siblings):
            out["next"] = out["section_pages"][at + 1]
    return out


class Shown(NamedTuple):
    """What the glossary page shows of one entry in one language, cheaply: the links and
    typography are made only when the page renders. Its digest is the page's signature."""
    id: str
    term: str
    abbr: str
    definition: str  # the digest of the rendered definition
    file: str  # the entry's file name in content/glossary/
    outdated: bool  # its translation is out of date
    see_also: list  # [(id, term)]
    used_by: list  # [(title, output path)] of the first pages using it
    used_more: int  # how many more use it, counted but not listed


# A term used on hundreds of pages would make the glossary page grow with the whole site (a
# 2 x 1000 site: 250 KB); past a handful of pages a count reads better than a list anyway.
USED_BY_SHOWN = 3


class Writer:
    """Puts every output file into `sink`; a file whose inputs did not change is taken from the
    cache instead of rendered, where the sink can use what the cache holds. `fresh` collects the outputs rendered anew.

    A page's signature holds everything its template shows: its own rendered Markdown and front
    matter, its language's menu, the pages around it that it shows (`Nav`), its translations, and `signature` (settings, templates, strings,
    static files, data, facts, glossary), so a change reaches exactly the pages that show it.
    """

    def __init__(self, site: Site, theme: Theme, contexts: Contexts, cache, sink, signature: str):
        self.site, self.theme, self.contexts = site, theme, contexts
        self.cache, self.sink, self.signature = cache, sink, signature
        self.menus = {lang: tuple((p.title, p.output) for p in site.nav[lang]) for lang in site.config.languages}
        self.fresh: set = set()
        self.emitted: set = set()

    def emit(self, path, sig, make) -> None:
        self.emitted.add(path)
        if self.cache.output(path, (self.signature, sig), make, self.sink):
            self.fresh.add(path)

    def adopt(self, path: str, kept: bytes | None, fresh: bool) -> None:
        """Counts an output file that a worker process put into its own copy of the sink: a sink in
        memory takes the bytes the worker's cache kept (uncompressed there); one on disk has the file."""
        self.emitted.add(path)
        if fresh:
            self.fresh.add(path)
        if kept is not None:
            self.sink.take(path, kept)

    def page(self, page, body) -> None:
        site, config, contexts = self.site, self.site.config, self.contexts
        lang, key, doc = page.lang, page.key, page.doc
        versions = {lg: p.output for lg, p in sorted(site.translations[key].items(), key=lambda i: config.languages.index(i[0]))}
        source = site.translations[key].get(config.default_language)
        outdated = relative(page.output, source.output) if page_outdated(doc, source and source.doc, config.content_dir) else ""
        switch = [{"lang": lg, "name": config.language_names[lg], "href": relative(page.output, site.counterpart(page, lg)),
                   "translated": lg in versions} for lg in config.languages if lg != lang]

        glossary_page = site.glossary_output[lang]
        terms = page_terms(contexts.glossary, body.terms, lang, lambda term: relative(page.output, glossary_page, term))
        nav = page_nav(site, page)

        def make():
            context = contexts.common(lang, page.output)
            context.update(
                page={"title": page.title, "description": typography(doc.description, lang), "html": body.html, "key": key,
                      "toc": [h for h in body.headings if h["level"] in (2, 3)], "updated": doc.updated,
                      "terms": terms,
                      "draft": doc.draft, "is_home": key == "index",
                      "edit_url": "" if page.generated else edit_url(config, f"content/{lang}/{key}.md"),
                      "outdated_source": outdated,
                      **notes(contexts.facts.facts, body.citations),
                      **nav_context(site, page, nav, self.theme.strings[lang])},
                canonical=site.url(page.output),
                alternates=contexts.alternates(versions, page.output),
                x_default=x_default(site, key, versions),
                switch=switch,
            )
            if nav.trail:  # the menu marks the top section the page is in
                top = relative(page.output, nav.trail[0][1])
                context["nav"] = [{**item, "ancestor": item["href"] == top} for item in context["nav"]]
            return self.theme.render("home.html" if key == "index" else "page.html", context, doc.source.path)

        self.emit(page.output, (self.menus[lang], nav, body.digest, doc.title, doc.description, doc.updated, doc.draft,
                                tuple(versions.items()), outdated, tuple(s["href"] for s in switch),
                                tuple(t["label"] for t in terms)), make)

    def finish(self, rendered: dict, definitions: dict) -> None:
        """The glossary pages and the site's own files; forgets the outputs no longer made."""
        self.glossaries(rendered, definitions)
        for path, (sig, make) in site_files(self.site, self.theme, self.contexts).items():
            self.emit(path, sig, make)
        self.cache.prune_outputs(self.emitted)  # pages deleted since the last build

    def glossaries(self, rendered: dict, definitions: dict) -> None:
        """The glossary page of each language, which lists the pages using each term."""
        site, config, contexts, theme = self.site, self.site.config, self.contexts, self.theme
        backlinks = defaultdict(lambda: defaultdict(list))  # term → lang → pages
        for (lang, key), page in sorted(site.pages.items()):
            for term in rendered[(lang, key)].terms:
                backlinks[term][lang].append(page)
        for lang in config.languages:
            output = site.glossary_output[lang]
            entries = sorted(contexts.glossary.values(), key=lambda e: collation_key(e.term[lang]))
            shown = [Shown(e.id, e.term[lang], e.abbr.get(lang, ""), definitions[(e.id, lang)].digest, e.source.path.name,
                           entry_outdated(e, lang, config.default_language, config.content_dir),
                           [(s, contexts.glossary[s].term[lang]) for s in e.see_also],
                           [(p.title, p.output) for p in backlinks[e.id][lang][:USED_BY_SHOWN]],
                           max(0, len(backlinks[e.id][lang]) - USED_BY_SHOWN)) for e in entries]

            def make(lang=lang, output=output, shown=shown):
                context = contexts.common(lang, output)
                context.update(
                    page={"title": theme.strings[lang].get("glossary", "Glossary"), "key": "_glossary",
                          "description": theme.strings[lang].get("glossary_description", config.description[lang])},
                    entries=[{"id": e.id, "term": typography(e.term, lang), "abbr": e.abbr,
                              "html": definitions[(e.id, lang)].html,
                              "outdated": e.outdated, "edit_url": edit_url(config, f"content/glossary/{e.file}"),
                              "see_also": [{"id": s, "label": typography(label, lang)} for s, label in e.see_also],
                              "used_by": [{"title": title, "href": relative(output, out)} for title, out in e.used_by],
                              "used_more": e.used_more}
                             for e in shown],
                    canonical=site.url(output),
                    alternates=contexts.alternates(site.glossary_output, output),
                    x_default=x_default(site, "_glossary", site.glossary_output),
                    switch=[{"lang": lg, "name": config.language_names[lg], "href": relative(output, site.glossary_output[lg]),
                             "translated": True} for lg in config.languages if lg != lang],
                )
                return theme.render("glossary.html", context)

            self.emit(output, (self.menus[lang], digest(shown)), make)


def site_files(site: Site, theme: Theme, contexts: Contexts) -> dict:
    """The files that belong to the whole site rather than one language: path → (signature, maker)."""
    config = site.config
    default = config.default_language
    homes = {lang: site.home(lang) for lang in config.languages}
    root = contexts.common(default, "index.html")
    root.update(homes=[{"lang": lg, "name": config.language_names[lg], "href": relative("index.html", out),
                        "title": typography(config.title[lg], lg), "description": typography(config.description[lg], lg),
                        "t": theme.strings[lg]} for lg, out in homes.items()],
                page={"title": typography(config.title[default], default),
                      "description": typography(config.description[default], default), "key": "_root"},
                canonical=config.base_url, alternates=contexts.alternates(homes, "index.html"),
                x_default=config.base_url, switch=[])
    base_path = config.base_path
    missing = contexts.common(default, "404.html", linker=lambda target, fragment="": base_path + pretty(target) + (f"#{fragment}" if fragment else ""))
    missing.update(homes=root["homes"], page={**root["page"], "key": "_404"}, switch=[], alternates=[],
                   canonical=config.base_url + "404.html", x_default=config.base_url)
    # Every indexable page with the same alternates as its <link rel=alternate> tags.
    groups = [(key, {lg: p.output for lg, p in versions.items()}) for key, versions in sorted(site.translations.items())]
    groups.append(("_glossary", site.glossary_output))
    urls = [{"loc": config.base_url, "alternates": {**{lg: site.url(out) for lg, out in sorted(homes.items())},
                                                    "x-default": config.base_url}}]
    for key, versions in groups:
        alternates = {lg: site.url(out) for lg, out in sorted(versions.items())}
        alternates["x-default"] = x_default(site, key, versions)
        urls += [{"loc": site.url(out), "alternates": alternates} for _, out in sorted(versions.items())]
    menus = tuple(tuple((p.title, p.output) for p in site.nav[lang]) for lang in config.languages)
    files = {
        "index.html": (menus, lambda: theme.render("root.html", root)),
        "404.html": (menus, lambda: theme.render("404.html", missing)),
        "sitemap.xml": (digest(urls), lambda: theme.render("sitemap.xml", {"urls": urls})),
        "robots.txt": ("", lambda: f"User-agent: *\nAllow: /\nSitemap: {config.base_url}sitemap.xml\n"),
        ".nojekyll": ("", lambda: ""),
    }
    if config.cname:
        files["CNAME"] = ("", lambda: config.cname + "\n")
    return files
