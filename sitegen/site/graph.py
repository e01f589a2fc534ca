"""Documents → Site: each page's URL, its translations, the navigation, refused collisions.

Everything here comes from indexes built once (by key, by language, by output path), so the cost
grows with the number of pages, not with its square.

Sections: a folder of content/<lang>/ is a section, and its index.md (key "folder/index") its
page; a folder with pages but no index.md gets a generated one, so that no address on the way to
a page is missing. What a page shows of the others is its place in that tree: the main menu (top
level only), its trail of sections, its section's pages; never the whole site.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from sitegen import messages
from sitegen.errors import Diagnostics
from sitegen.load.config import SiteConfig
from sitegen.load.discover import PAGE, SourceFile
from sitegen.load.frontmatter import Document
from sitegen.typography import typography
from sitegen.urls import absolute, inside, page_output, parent_folder


@dataclass(frozen=True)
class Page:
    doc: Document
    lang: str
    key: str
    output: str  # e.g. en/agreement/index.html
    generated: bool = False  # a section page made for a folder without index.md

    @cached_property
    def title(self) -> str:  # menus, backlinks and the page itself ask for it many times
        return typography(self.doc.title, self.lang)

    @property
    def folder(self) -> str:
        """The folder whose section this page is in, "" at the top (a section's page is in its
        parent's section)."""
        return parent_folder(self.section or self.key)

    @property
    def section(self) -> str | None:
        """The folder this page is the section page of, else None."""
        folder, _, name = self.key.rpartition("/")
        return folder if name == "index" and folder else None


@dataclass
class Site:
    config: SiteConfig
    pages: dict = field(default_factory=dict)  # (lang, key) → Page
    translations: dict = field(default_factory=dict)  # key → {lang: Page}
    nav: dict = field(default_factory=dict)  # lang → [Page] in the main menu, in order
    children: dict = field(default_factory=dict)  # (lang, folder) → [Page] in it, sections too, in order
    glossary_output: dict = field(default_factory=dict)  # lang → output path

    def url(self, output: str) -> str:
        return absolute(self.config.base_url, output)

    def home(self, lang: str) -> str:
        return f"{lang}/index.html"

    def counterpart(self, page: Page, lang: str) -> str:
        """Where the language switcher goes: the same page in `lang`, else that language's home."""
        other = self.translations.get(page.key, {}).get(lang)
        return other.output if other else self.home(lang)

    def trail(self, page: Page) -> list:
        """The section pages above `page`, from the top one down (not the home page)."""
        out = []
        folder = page.folder
        while folder:
            out.append(self.pages[(page.lang, f"{folder}/index")])
            folder = parent_folder(folder)
        return out[::-1]

    def siblings(self, page: Page) -> list:
        """The pages of the section `page` is in, itself included, not its subsections; none at the top."""
        if not page.folder or page.section:
            return []
        return [p for p in self.children[(page.lang, page.folder)] if not p.section]


def nav_order(page: Page):
    # By order, pages without one last; the title, then the key, break ties.
    return (page.doc.order is None, page.doc.order or 0, page.title.casefold(), page.key)


def in_menu(page: Page) -> bool:
    """The main menu: the top level's sections, and its pages that have an `order` (a flat site
    of thousands of pages keeps a short menu); `menu:` in the front matter decides otherwise."""
    if page.folder != "":
        return False
    if page.doc.menu is not None:
        return page.doc.menu
    return page.section is not None or page.doc.order is not None


def humanise(folder: str) -> str:
    """usages-militaires → Usages militaires: the title of a section without an index.md."""
    words = folder.rpartition("/")[2].replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def build(config: SiteConfig, docs: list[Document], diag: Diagnostics, include_drafts: bool = False) -> Site:
    site = Site(config)
    claimed: dict[str, list[str]] = defaultdict(list)
    for lang in config.languages:
        site.glossary_output[lang] = f"{lang}/{config.glossary_slug[lang]}/index.html"
        claimed[site.glossary_output[lang]].append(messages.text("page.collision", "glossary", lang=lang))
    for reserved in ("index.html", "404.html", "sitemap.xml", "robots.txt"):
        claimed[reserved].append(messages.text("page.collision", "site"))
    # Drafts too: a draft left out of this build is a translation to finish, not a missing one,
    # and a section's draft index.md is no index.md to propose.
    written = {(doc.source.lang, doc.source.key): doc for doc in docs}
    docs = [doc for doc in docs if include_drafts or not doc.draft]
    made = _generated_sections(config, docs, written, diag)
    generated = {(doc.source.lang, doc.source.key) for doc in made}
    docs += made
    # A section's slug renames its folder in the address of everything under it.
    folder_slugs = {(doc.source.lang, doc.source.key[:-len("/index")]): doc.slug
                    for doc in docs if doc.slug and doc.source.key.endswith("/index")}
    for doc in docs:
        src = doc.source
        output = page_output(src.lang, src.key, doc.slug, lambda folder: folder_slugs.get((src.lang, folder)))
        if not inside(output):  # slugs are validated; this guards the invariant itself
            diag.error("page.output", src.path, doc.field_lines.get("slug", 1))
            continue
        claimed[output].append(src.path)  # made readable only if it collides
        page = Page(doc, src.lang, src.key, output, generated=(src.lang, src.key) in generated)
        if doc.menu is not None and page.folder:  # the main menu holds the top level only
            diag.warning("section.menu", src.path, doc.field_lines.get("menu", 1))
        site.pages[(src.lang, src.key)] = page
        site.translations.setdefault(src.key, {})[src.lang] = page
        site.children.setdefault((page.lang, page.folder), []).append(page)
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
        site.nav[lang] = sorted((p for p in site.children.get((lang, ""), ()) if in_menu(p)), key=nav_order)
    for pages in site.children.values():
        pages.sort(key=nav_order)
    for key, versions in sorted(site.translations.items()):
        for lang in config.languages:
            if lang not in versions:
                have = next(iter(versions.values()))
                if have.generated:  # its pages are reported themselves
                    continue
                code = "translation.draft" if (lang, key) in written else "translation.missing"
                diag.warning(code, have.doc.source.path, 0, language=messages.language_name(lang, config.language_names[lang]),
                             lang=lang, key=key)
    return site


def _generated_sections(config: SiteConfig, docs: list, written: dict, diag: Diagnostics) -> list:
    """A section page for each folder that holds pages but no published index.md, with a warning
    that proposes one, or says that it is a draft: the address of the folder, which breadcrumbs
    link to, then exists."""
    have = {(doc.source.lang, doc.source.key) for doc in docs}
    out = []
    for lang, folder in sorted({(doc.source.lang, f) for doc in docs for f in _folders(doc.source.key)}):
        key = f"{folder}/index"
        if (lang, key) in have:
            continue
        path = config.content_dir / lang / folder / "index.md"
        title = humanise(folder)
        draft = written.get((lang, key))
        if draft is None:
            diag.warning("section.index", config.content_dir / lang / folder, 0, file=f"content/{lang}/{key}.md",
                         title=title)
        else:
            diag.warning("section.draft", draft.source.path, draft.field_lines.get("draft", 1), title=title)
        out.append(Document(SourceFile(path, PAGE, lang, key), title, "", None, None, False, "", "", "", 1, {}))
    return out


def _folders(key: str):
    """"a/b/page" → "a", "a/b": the folders holding a page (a section's own folder included)."""
    parts = key.split("/")[:-1]
    return ("/".join(parts[:i]) for i in range(1, len(parts) + 1))
