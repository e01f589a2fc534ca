"""Generates a synthetic bilingual site in the project's own layout, for benchmarks.

N pages per language of 600-900 words of realistic Markdown (headings, lists, a table, links to
other pages, a footnote, glossary references and citations) and G glossary entries. The same
arguments always give the same files (fixed seed), so figures are comparable between runs.

Two shapes. `flat` (the default): every page directly in content/<lang>/, 8 of them with an
`order`. `sectioned`, shaped like real documentation: N/10 sections per language, each a folder
with an index.md (title, description, order; an English slug that differs from the French folder
name) and ten pages, every one with an `order` and, in English, a translated slug. At most
TOP_SECTIONS sections are at the top (the main menu); the others are subsections nested in
them, so doubling the site adds sections without lengthening the menu. A sectioned page's text
depends only on its number (its links stay in its section), so a page is the same text whatever
the size of the site.

    python bench/synth.py OUT_DIR --pages 1000 --glossary 50 [--shape sectioned]
"""
from __future__ import annotations

import argparse
import random
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from sitegen.editing import translations  # noqa: E402  (run as a script from bench/)
from sitegen.errors import Diagnostics  # noqa: E402
from sitegen.urls import slugify  # noqa: E402

WORDS = ("défense souveraineté modèle données agence ministère calcul réseau capteur analyse signal "
         "traduction document stratégie opération infrastructure sécurité recherche armée contrat "
         "cadre service navire drone acoustique guidage obus supercalculateur classifié national").split()
EN_WORDS = ("defence sovereignty model data agency ministry compute network sensor analysis signal "
            "translation document strategy operation infrastructure security research army contract "
            "framework service ship drone acoustic guidance shell supercomputer classified national").split()


SHAPES = ("flat", "sectioned")
TOP_SECTIONS = 8
PER_SECTION = 10


def flat_link(rng: random.Random, n_pages: int) -> str:
    return f"p{rng.randrange(n_pages):05d}.md"


def sentence(rng: random.Random, words: list[str], terms: list[str], n_pages: int, link=flat_link) -> str:
    picked = [rng.choice(words) for _ in range(rng.randint(8, 18))]
    roll = rng.random()
    if roll < 0.15:
        picked.insert(rng.randrange(len(picked)), f"[[{rng.choice(terms)}]]")
    elif roll < 0.25:
        picked.insert(rng.randrange(len(picked)), f"[{rng.choice(words)}]({link(rng, n_pages)})")
    elif roll < 0.3:
        picked.insert(rng.randrange(len(picked)), "**" + rng.choice(words) + "**")
    text = " ".join(picked)
    return text[0].upper() + text[1:] + "."


def page(rng: random.Random, i: int, lang: str, terms: list[str], n_pages: int, link=flat_link,
         fields: str | None = None) -> str:
    """One page's Markdown; `fields` are extra front-matter lines (the flat shape's default: an
    `order` on the first 8 pages, a real menu of a few entries, not every page)."""
    words = WORDS if lang == "fr" else EN_WORDS
    title = " ".join(rng.choice(words) for _ in range(3)).capitalize()
    description = " ".join(rng.choice(words) for _ in range(12)).capitalize() + "."
    if fields is None:
        fields = f"order: {i + 2}\n" if i < 8 else ""
    out = [f"---\ntitle: {title} {i}\ndescription: {description}\n{fields}---\n"]
    count = 0
    for section in range(rng.randint(4, 6)):
        out.append(f"## {' '.join(rng.choice(words) for _ in range(3)).capitalize()} {section}\n")
        for _ in range(rng.randint(1, 3)):
            para = " ".join(sentence(rng, words, terms, n_pages, link) for _ in range(rng.randint(3, 6)))
            count += para.count(" ")
            out.append(para + "[@fait]\n")
        if section == 1:
            out.append("\n".join(f"- {sentence(rng, words, terms, n_pages, link)}" for _ in range(4)) + "\n")
        if section == 2:
            out.append("| a | b | c |\n|---|---|---|\n" + "\n".join(
                f"| {rng.choice(words)} | {rng.randint(1, 999)} | {rng.choice(words)} |" for _ in range(4)) + "\n")
    out.append("Une note[^1].\n\n[^1]: " + sentence(rng, words, terms, n_pages, link) + "\n")
    return "\n".join(out)


def section_folders(count: int) -> list[str]:
    """The content folder of each section (its path under content/<lang>/): the first
    TOP_SECTIONS at the top, each later one inside a top section, in turn."""
    folders: list[str] = []
    for s in range(count):
        name = f"{slugify(WORDS[s % len(WORDS)])}-{s:03d}"
        folders.append(name if s < TOP_SECTIONS else f"{folders[s % TOP_SECTIONS]}/{name}")
    return folders


def page_name(i: int) -> str:
    return f"{slugify(WORDS[i % len(WORDS)])}-{i:05d}"


def write_sections(folder: Path, lang: str, pages: int, terms: list[str], seed: int) -> None:
    """content/<lang>/ of the sectioned shape: sections of PER_SECTION pages each."""
    for s, path in enumerate(section_folders(max(1, pages // PER_SECTION))):
        rng = random.Random(f"{seed}:{lang}:section:{s}")
        words = WORDS if lang == "fr" else EN_WORDS
        title = " ".join(rng.choice(words) for _ in range(2)).capitalize()
        description = " ".join(rng.choice(words) for _ in range(12)).capitalize() + "."
        slug = f"slug: {EN_WORDS[s % len(EN_WORDS)]}-{s:03d}\n" if lang == "en" else ""
        first = s * PER_SECTION
        last = pages if s == max(1, pages // PER_SECTION) - 1 else first + PER_SECTION

        def link(r: random.Random, _n: int) -> str:
            return f"{page_name(first + r.randrange(min(PER_SECTION, last - first)))}.md"

        (folder / path).mkdir(parents=True)
        (folder / path / "index.md").write_text(
            f"---\ntitle: {title} {s}\ndescription: {description}\norder: {s + 2}\n{slug}---\n"
            + " ".join(sentence(rng, words, terms, pages, link) for _ in range(4)) + "\n", encoding="utf-8")
        for i in range(first, last):
            # Its own seed, and links to its own section only: a page's text never depends on
            # how many pages the site has.
            rng = random.Random(f"{seed}:{lang}:{i}")
            fields = f"order: {i - first + 1}\n"
            if lang == "en":
                fields += f"slug: {EN_WORDS[i % len(EN_WORDS)]}-{i:05d}\n"
            text = page(rng, i, lang, terms, pages, link, fields)
            (folder / path / f"{page_name(i)}.md").write_text(text, encoding="utf-8")


def generate(out: Path, pages: int, glossary: int, seed: int = 42, theme: Path = ROOT,
             shape: str = "flat") -> Path:
    """Writes the synthetic site into `out` (replaced) and returns it; its templates, static files,
    settings and data come from the checkout `theme`."""
    if shape not in SHAPES:
        raise ValueError(f"shape must be one of {SHAPES}")
    if out.exists():
        shutil.rmtree(out)
    rng = random.Random(seed)
    for folder in ("templates", "static"):
        shutil.copytree(theme / folder, out / folder)
    (out / "seeds").mkdir(parents=True)
    (out / "seeds/facts.yaml").write_text(
        "sources:\n  - {id: s, title: Source, date: 2026-02-03, language: fr}\n"
        "facts:\n  - {id: fait, source: s, fr: Un fait., en: A fact.}\n", encoding="utf-8")
    site_yaml = (theme / "site.yaml").read_text(encoding="utf-8")
    (out / "site.yaml").write_text(site_yaml, encoding="utf-8")
    terms = [f"terme-{i:03d}" for i in range(glossary)]
    (out / "content/glossary").mkdir(parents=True)
    for term in terms:
        (out / f"content/glossary/{term}.yaml").write_text(
            f"term:\n  fr: Terme {term}\n  en: Term {term}\ndefinition:\n  fr: Définition de {term}.\n"
            f"  en: Definition of {term}.\n", encoding="utf-8")
    (out / "content/data").mkdir(parents=True)
    for name in ("timeline.yaml", "actors.yaml"):
        shutil.copy(theme / "content/data" / name, out / "content/data" / name)
    for lang in ("fr", "en"):
        folder = out / "content" / lang
        folder.mkdir(parents=True)
        (folder / "index.md").write_text(f"---\ntitle: Home {lang}\ndescription: Home.\norder: 1\n---\n"
                                         "{{< timeline >}}\n\n{{< actors >}}\n", encoding="utf-8")
        if shape == "sectioned":
            write_sections(folder, lang, pages, terms, seed)
            continue
        for i in range(pages):
            (folder / f"p{i:05d}.md").write_text(page(rng, i, lang, terms, pages), encoding="utf-8")
    # Every English page and glossary entry records the French text it translates, as editors'
    # sites do, so `check` finds nothing to say and the build shows no "outdated" notice.
    diag = Diagnostics(out)
    translations.mark_done(out, [str(p) for p in sorted((out / "content/en").rglob("*.md"))]
                           + [str(p) for p in sorted((out / "content/glossary").glob("*.yaml"))], diag)
    if diag.items:
        raise SystemExit("\n".join(d.format() for d in diag.sorted()))
    return out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=100, help="pages per language")
    parser.add_argument("--glossary", type=int, default=50, help="glossary entries")
    parser.add_argument("--shape", choices=SHAPES, default="flat",
                        help="flat: pages side by side; sectioned: folders of ten pages with an index.md")
    args = parser.parse_args()
    generate(args.out, args.pages, args.glossary, shape=args.shape)
    print(f"Wrote {args.out}: 2 x {args.pages} pages ({args.shape}), {args.glossary} glossary entries.")
