"""Dependency tracking: after a change to one kind of source, a build with the previous build's
cache renders again exactly the outputs that show what changed (BuildResult.rendered), no more
(the preview would slow down with the site's size) and no fewer (a page would be stale)."""
from __future__ import annotations

import pytest
from conftest import write

from sitegen import pipeline
from sitegen.errors import Diagnostics

# Pages that show the French main menu: the French pages, and the language chooser and 404 page,
# which are in the default language.
MILITARY = {"fr/usages-militaires/index.html", "fr/usages-militaires/guerre-acoustique/index.html",
            "fr/usages-militaires/renseignement/index.html"}
DRONES = {"fr/usages-militaires/drones/index.html", "fr/usages-militaires/drones/essaims/index.html"}
FR_NAV = {"fr/index.html", "fr/accord/index.html", "fr/seule/index.html", "fr/glossaire/index.html",
          "fr/annexes/index.html", "fr/annexes/chiffres/index.html", "fr/annexes/dates/index.html",
          "index.html", "404.html"} | MILITARY | DRONES
EN_NAV = {"en/index.html", "en/agreement/index.html", "en/glossary/index.html", "en/annexes/index.html",
          "en/annexes/figures/index.html", "en/annexes/dates/index.html", "en/military-uses/index.html",
          "en/military-uses/acoustic-warfare/index.html", "en/military-uses/intelligence/index.html",
          "en/military-uses/drones/index.html", "en/military-uses/drones/swarms/index.html"}
GLOSSARIES = {"fr/glossaire/index.html", "en/glossary/index.html"}
SHARED = {"index.html", "404.html"}  # list both languages' home pages; allowed, not required, when English changes


def replace(rel: str, old: str, new: str):
    def change(root):
        path = root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {rel}"
        write(root, rel, text.replace(old, new, 1))
    return change


def append(rel: str, text: str):
    return lambda root: write(root, rel, (root / rel).read_text(encoding="utf-8") + text)


def delete(rel: str):
    return lambda root: (root / rel).unlink()


EVERYTHING = "every output"
# change → (outputs that must be rendered again, outputs that may be as well)
CASES = {
    "body only": (append("content/fr/accord.md", "\nUn paragraphe de plus.\n"), {"fr/accord/index.html"}, set()),
    "body, a term used": (append("content/fr/accord.md", "\nVoir [[souverainete]].\n"),
                          {"fr/accord/index.html", "fr/glossaire/index.html"}, set()),  # the term's backlinks
    "body, a term no longer used": (replace("content/fr/accord.md", "L'[[amiad]]", "L'AMIAD"),
                                    {"fr/accord/index.html", "fr/glossaire/index.html"}, set()),
    # The counterpart's language switcher shows the language's name, not the title: no English page.
    "title": (replace("content/fr/accord.md", "title: L'accord", "title: Le contrat"), FR_NAV, set()),
    "order": (replace("content/fr/accord.md", "order: 2", "order: 9"), FR_NAV, set()),
    "English title": (replace("content/en/accord.md", "title: The agreement", "title: The deal"), EN_NAV, SHARED),
    "glossary entry": (replace("content/glossary/amiad.yaml", "abbr: AMIAD", "abbr: A.M.I.A.D."),
                       GLOSSARIES | {"fr/accord/index.html", "en/agreement/index.html", "fr/usages-militaires/index.html",
                                     "en/military-uses/index.html"}, set()),  # and its users
    # Every text names it in its own words: only the pages' lists of the terms they explain show it.
    "abbreviation of a term named in other words": (
        lambda root: [replace("content/glossary/amiad.yaml", "l'[[accord-cadre]]", "l'[[accord-cadre|accord-cadre]]")(root),
                      replace("content/glossary/amiad.yaml", "the [[accord-cadre]]", "the [[accord-cadre|framework agreement]]")(root),
                      append("content/glossary/accord-cadre.yaml", "abbr: {fr: AC, en: FA}\n")(root)],
        GLOSSARIES | {"fr/accord/index.html", "en/agreement/index.html"}, set()),
    # In a section, what shows a page is its section: its pages (their list, previous/next), the
    # section page's contents, and for a section the pages under it (breadcrumbs); not the site.
    "title in a section": (replace("content/fr/usages-militaires/renseignement.md", "title: Renseignement",
                                   "title: Le renseignement"), MILITARY, set()),
    "order in a section": (replace("content/fr/usages-militaires/renseignement.md", "order: 2", "order: 0"),
                           MILITARY, set()),
    "description in a section": (replace("content/fr/usages-militaires/renseignement.md", "Trier les documents.",
                                         "Trier les archives."),
                                 {"fr/usages-militaires/index.html", "fr/usages-militaires/renseignement/index.html"}, set()),
    "subsection title": (replace("content/fr/usages-militaires/drones/index.md", "title: Drones", "title: Les drones"),
                         DRONES | {"fr/usages-militaires/index.html"}, set()),
    "new page in a section": (lambda root: write(root, "content/fr/usages-militaires/drones/robots.md",
                                                 "---\ntitle: Robots\ndescription: D.\norder: 2\n---\nTexte.\n"),
                              DRONES | {"fr/usages-militaires/drones/robots/index.html", "sitemap.xml"}, set()),
    "menu: false": (replace("content/fr/accord.md", "order: 2", "order: 2\nmenu: false"), FR_NAV, set()),
    "new page": (lambda root: write(root, "content/fr/nouvelle.md",
                                    "---\ntitle: Nouvelle\ndescription: Une page.\norder: 9\n---\nBonjour.\n"),
                 FR_NAV | {"fr/nouvelle/index.html", "sitemap.xml"}, set()),
    "new counterpart": (lambda root: write(root, "content/en/seule.md",
                                           "---\ntitle: Alone\ndescription: Now translated.\norder: 3\n---\nHello.\n"),
                        EN_NAV | {"en/seule/index.html", "fr/seule/index.html", "sitemap.xml"}, SHARED),
    # Out of the menu (menu: false): only the glossary's backlinks and the sitemap show it.
    "deleted page": (delete("content/fr/seule.md"), {"fr/glossaire/index.html", "sitemap.xml"}, set()),
    "renamed slug": (replace("content/en/accord.md", "slug: agreement", "slug: deal"),
                     (EN_NAV - {"en/agreement/index.html"}) | {"en/deal/index.html", "fr/accord/index.html", "sitemap.xml"},
                     SHARED),
    "base template": (replace("templates/base.html", "<main>", '<main class="x">'), EVERYTHING, set()),
    "page template": (replace("templates/page.html", "<h1>", '<h1 class="t">'), EVERYTHING, set()),
    "interface strings": (replace("templates/strings.yaml", "fr: Glossaire", "fr: Lexique"), EVERYTHING, set()),
    "settings": (replace("site.yaml", "fr: Site d'essai", "fr: Autre titre"), EVERYTHING, set()),
    "stylesheet": (lambda root: write(root, "static/css/site.css", "body { color: navy }\n"), EVERYTHING, set()),
}


def build(root, cache) -> pipeline.BuildResult:
    return pipeline.run(root, pipeline.Options(), Diagnostics(root), cache)


@pytest.mark.parametrize("change", CASES, ids=list(CASES))
def test_a_change_renders_again_what_shows_it(site, change):
    edit, required, allowed = CASES[change]
    cache = pipeline.Cache()
    first = build(site, cache)
    assert first.rendered == set(first.files)  # a cold cache renders everything
    assert build(site, cache).rendered == set()  # and then nothing, without a change
    edit(site)
    result = build(site, cache)
    if required == EVERYTHING:
        assert result.rendered == set(result.files)
    else:
        assert required <= result.rendered <= required | allowed, sorted(result.rendered)
    assert result.files == pipeline.run(site, pipeline.Options()).files  # and the result is a clean build's
