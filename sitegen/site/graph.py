"""Documents → Site: each page's URL, its translations, the navigation, refused collisions.

Everything here comes from indexes built once (by key, by language, by output path), so the cost
grows with the number of pages, not with its square.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from sitegen import messages
from sitegen.errors import Diagnostics
from sitegen.load.config import SiteConfig
from sitegen.load.frontmatter import Document
from sitegen.typography import typography
from sitegen.urls import absolute, inside, page_output


@dataclass(frozen=True)
class Page:
    doc: Document
    lang: str
    key: str
    output: str  # e.g. en/agreement/index.html

    @cached_property
    def title(self) -> str:  # menus, backlinks and the page itself ask for it many times
        return typography(self.doc.title, self.lang)


@dataclass
class Site:
    config: SiteConfig
    pages: dict = field(default_factory=dict)  # (lang, key) → Page
    translations: dict = field(default_factory=dict)  # key → {lang: Page}
    nav: dict = field(default_factory=dict)  # lang → [Page] in navigation order
    glossary_output: dict = field(default_factory=dict)  # lang → output path

    def url(self, output: str) -> str:
        return absolute(self.config.base_url, output)

    def home(self, lang: str) -> str:
        return f"{lang}/index.html"

    def counterpart(self, page: Page, lang: str) -> str:
        """Where the language switcher goes: the same page in `lang`, else that language's home."""
        other = self.translations.get(page.key, {}).get(lang)
        return other.output if other else self.home(lang)


def nav_order(page: Page):
    # By order; the title, then the key, break ties.
    return (page.doc.order, page.title.casefold(), page.key)


def build(config: SiteConfig, docs: list[Document], diag: Diagnostics, include_drafts: bool = False) -> Site:
    site = Site(config)
    claimed: dict[str, list[str]] = defaultdict(list)
    for lang in config.languages:
        site.glossary_output[lang] = f"{lang}/{config.glossary_slug[lang]}/index.html"
        claimed[site.glossary_output[lang]].append(messages.text("page.collision", "glossary", lang=lang))
    for reserved in ("index.html", "404.html", "sitemap.xml", "robots.txt"):
        claimed[reserved].append(messages.text("page.collision", "site"))
    drafts = set()  # left out of this build, but there: a translation to finish, not a missing one
    for doc in docs:
        if doc.draft and not include_drafts:
            drafts.add((doc.source.lang, doc.source.key))
            continue
        src = doc.source
        output = page_output(src.lang, src.key, doc.slug)
        if not inside(output):  # slugs are validated; this guards the invariant itself
            diag.error("page.output", src.path, doc.field_lines.get("slug", 1))
            continue
        claimed[output].append(src.path)  # made readable only if it collides
        page = Page(doc, src.lang, src.key, output)
        site.pages[(src.lang, src.key)] = page
        site.translations.setdefault(src.key, {})[src.lang] = page
    for output, owners in claimed.items():
        if len(owners) > 1:
            owners = [o if isinstance(o, str) else diag.rel(o) for o in owners]
            pages = [p for p in site.pages.values() if p.output == output]
            first = pages[0] if pages else None
            diag.error("page.collision", first.doc.source.path if first else "",
                       first.doc.field_lines.get("slug", 1) if first else 0,
                       count=len(owners), url=f"/{output[:-len('index.html')]}", owners=", ".join(owners))
    for lang in config.languages:
        if (lang, "index") not in site.pages:
            diag.error("page.home", config.content_dir / lang, 0, lang=lang)
        # Only pages with an `order` are in the navigation, as with Hugo's menus: a site of
        # thousands of pages keeps a short menu, and its size stays linear in the number of pages.
        site.nav[lang] = sorted((p for p in site.pages.values() if p.lang == lang and p.doc.order is not None),
                                key=nav_order)
    for key, versions in sorted(site.translations.items()):
        for lang in config.languages:
            if lang not in versions:
                have = next(iter(versions.values()))
                code = "translation.draft" if (lang, key) in drafts else "translation.missing"
                diag.warning(code, have.doc.source.path, 0, language=messages.language_name(lang, config.language_names[lang]),
                             lang=lang, key=key)
    return site
