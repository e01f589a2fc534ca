"""`build.py new`: a new page in every language (or the missing translations of an existing
source page), or a new glossary entry, with valid front matter; never overwrites a file."""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path, PurePosixPath

from sitegen import messages
from sitegen.editing import translations
from sitegen.errors import Diagnostics
from sitegen.fileio import write_file
from sitegen.load import frontmatter, placeholders
from sitegen.load.config import SLUG_RE
from sitegen.load.yamlio import decode, parse_yaml
from sitegen.urls import page_output, parent_folder, pretty



def scalar(text: str) -> str:
    """`text` as a YAML value: bare when the editors' loader reads it back unchanged, else double-quoted."""
    if text.strip() == text and parse_yaml(f"k: {text}", Path("-"), Diagnostics(Path(".")))[0] == {"k": text}:
        return text
    return json.dumps(text, ensure_ascii=False)


def page_key(path: str, languages) -> str | None:
    """"dossier", "dossier.md", "fr/dossier.md", "content/en/dossier.md" → "dossier"."""
    parts = list(PurePosixPath(path.replace("\\", "/")).parts)
    if parts[:1] == ["content"]:
        parts = parts[1:]
    if parts[:1] and parts[0] in languages:
        parts = parts[1:]
    if parts and parts[-1].endswith(".md"):
        parts[-1] = parts[-1][:-3]
    return "/".join(parts) if parts and all(SLUG_RE.fullmatch(p) for p in parts) else None


def new_page(root: Path, path: str, title: str | None, diag: Diagnostics, today: str) -> tuple[list[str], str, str]:
    """(files created, from the root; the page's path on the site; the file to mark done once
    written, when its translations are not tracked yet). Problems go to diag."""
    src = translations.load(root, diag)
    if src is None:
        return [], "", ""
    config, default = src.config, src.default
    key = page_key(path, config.languages)
    if key is None:
        diag.error("new.path", "", 0, entry="new.path.page", path=path)
        return [], "", ""
    files = {lang: config.content_dir / lang / f"{key}.md" for lang in config.languages}
    missing = [lang for lang in src.others if not files[lang].exists()]
    if files[default].exists():
        source = src.pages.get((default, key))
        if not missing or source is None:
            diag.error("new.exists", files[default], 0, entry="new.exists.page" if source else "new.exists.unreadable")
            return [], "", ""
        text = decode(files[default].read_bytes())  # read (and so decodable) as the source page
        slug = source.slug
        # The source's front matter and text, to translate in place; a draft until it is translated.
        made = {lang: frontmatter.set_field(text, "draft", "true") for lang in missing}
    else:
        if len(missing) < len(src.others):
            there = next(files[lang] for lang in src.others if lang not in missing)
            diag.error("new.exists", there, 0, entry="new.exists.translation", default=default, key=key,
                       language=messages.language_name(default, config.language_names[default]))
            return [], "", ""
        if not title:
            diag.error("new.title", "", 0, entry="new.title.page", key=key)
            return [], "", ""
        # After its siblings: an order places a page in its folder (its section, or the top level's menu).
        folder = parent_folder(key)
        orders = [d.order for (lang, k), d in src.pages.items()
                  if lang == default and d.order is not None and parent_folder(k) == folder and k != f"{folder}/index"]
        order = max(orders, default=0) + 1
        slug = None
        made = {lang: _page(title, lang, order, today, draft=lang != default) for lang in config.languages}
    created = []
    for lang, text in made.items():
        files[lang].parent.mkdir(parents=True, exist_ok=True)
        write_file(files[lang], text.encode("utf-8"))  # never overwrites: FileExistsError
        created.append(diag.rel(files[lang]))
    shown = default if default in made else missing[0]
    # The page's path on the site, under its sections' slugs in that language.
    sections = {k[:-len("/index")]: d.slug for (lang, k), d in src.pages.items()
                if lang == shown and k.endswith("/index") and d.slug}
    address = "/" + pretty(page_output(shown, key, slug, sections.get))
    if default in made:
        # A new pair records nothing yet: its source is a placeholder, and the translation is
        # tracked from the text the editor writes (see translations.diagnose).
        return created, address, diag.rel(files[default])
    # Translations of a written source record the text they start from, so its later changes show.
    translations.mark_done(root, [str(files[lang]) for lang in missing], diag)
    return created, address, ""


def _page(title: str, lang: str, order: int, today: str, draft: bool) -> str:
    description, body = placeholders.page(lang)
    lines = ["---", f"title: {scalar(title)}", f"description: {scalar(description)}", f"order: {order}",
             f"updated: {today}", *(["draft: true"] if draft else []), "---", "", body, ""]
    return "\n".join(lines)


def new_entry(root: Path, term_id: str, title: str | None, diag: Diagnostics) -> tuple[list[str], str, str]:
    """As `new_page`, for content/glossary/<term_id>.yaml."""
    src = translations.load(root, diag)
    if src is None:
        return [], "", ""
    path = src.config.content_dir / "glossary" / f"{term_id}.yaml"
    if not SLUG_RE.fullmatch(term_id):
        diag.error("new.path", "", 0, entry="new.path.glossary", id=term_id)
    elif path.exists():
        diag.error("new.exists", path, 0, entry="new.exists.glossary")
    elif not title:
        diag.error("new.title", "", 0, entry="new.title.glossary", id=term_id)
    if diag.errors:
        return [], "", ""
    languages = src.config.languages
    lines = ["term:", *(f"  {lang}: {scalar(title)}" for lang in languages), "definition:",
             *(f"  {lang}: {scalar(placeholders.definition(lang))}" for lang in languages)]
    text = "\n".join(lines) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_file(path, text.encode("utf-8"))  # tracked once written, like a new page pair
    slug = src.config.glossary_slug[src.default]
    return [diag.rel(path)], f"/{src.default}/{slug}/#{term_id}", diag.rel(path)


def cmd_new(args, reporter) -> int:
    root = Path(args.root).resolve()
    diag = Diagnostics(root)
    if args.glossary:
        created, address, untracked = new_entry(root, args.glossary, args.title, diag)
    elif args.path:
        created, address, untracked = new_page(root, args.path, args.title, diag, dt.date.today().isoformat())
    else:
        reporter.say(messages.text("new.usage"))
        return 2
    reporter.diagnostics(diag.sorted())
    if diag.errors:
        return 1
    for rel in created:
        print(messages.text("new.created", file=rel))
    # Only the path: the preview may run on another port or host than the default one.
    print(messages.text("new.open", path=address))
    if untracked:
        print(messages.text("new.track", file=untracked))
    return 0


def register(commands) -> None:
    cmd = commands.add_parser("new", help=messages.text("new.help"), description=messages.text("new.help_long"))
    cmd.add_argument("path", nargs="?", help=messages.text("new.help_path"))
    cmd.add_argument("--title", help=messages.text("new.help_title"))
    cmd.add_argument("--glossary", metavar="ID", help=messages.text("new.help_glossary"))
    cmd.set_defaults(func=cmd_new)
