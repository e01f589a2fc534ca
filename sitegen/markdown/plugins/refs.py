"""The one core rule that checks what a page refers to, with file lines, and rewrites links.

One walk over the tokens hands each kind to its own handler:
- `_shortcode`: {{< name >}} names a template of templates/shortcodes/;
- `_term`: [[term]] ids exist in the glossary; `_cite`: [@fact] ids in the sources file (numbered per page);
- `_link`: links to .md files become the relative URL of that page in the linked language
  (`_page_link`), links into static/ the published file's URL (`_static_link`), fragments of
  this page a heading's id (`_fragment_link`); anything else relative is reported;
- `_image`: images have alternative text, and their file is linked as `_link` does.
Fragments are recorded, to be checked against the target's headings once every page is rendered.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from sitegen.load.yamlio import did_you_mean
from sitegen.markdown.context import Link
from sitegen.typography import typography
from sitegen.urls import relative, slugify

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def refs_plugin(md) -> None:
    md.core.ruler.push("sitegen_refs", _refs)


def _refs(state) -> None:
    context = state.env["context"]
    for block in state.tokens:
        if block.type == "shortcode":
            _shortcode(block, context)
        # Terms, citations, links and images all start with “[”: most blocks need no walk.
        if block.type != "inline" or not block.children or "[" not in block.content:
            continue
        line = context.body_line + (block.map[0] if block.map else 0)
        for child in block.children:
            kind = child.type
            if kind == "softbreak" or kind == "hardbreak":
                line += 1
            else:
                handler = _INLINE.get(kind)
                if handler is not None:
                    handler(child, line, context)


def _shortcode(block, context) -> None:
    name = block.meta["name"]
    if name not in context.shortcodes:
        context.error("markdown.shortcode", context.body_line + block.map[0], did_you_mean(name, context.shortcodes) or None,
                      name=name, known=", ".join(sorted(context.shortcodes)))


def _term(token, line, context) -> None:
    term_id = token.meta["id"]
    entry = context.glossary.get(term_id)
    if entry is None:
        if ("term", term_id) in context.unreadable:
            return
        context.error("glossary.unknown", line, did_you_mean(term_id, context.glossary) or None, id=term_id)
        return
    # Custom tokens escape smartquotes: their text gets the same typography here.
    token.meta["text"] = typography(token.meta["words"] or entry.label(context.lang), context.lang)
    context.collected.terms.add(term_id)


def _cite(token, line, context) -> None:
    facts = context.facts
    numbers = context.collected.citation_numbers
    for fid in token.meta["ids"]:
        if fid not in facts:
            if ("fact", fid) in context.unreadable or ("fact", "") in context.unreadable:
                continue
            context.error("sources.unknown", line, did_you_mean(fid, facts) or None, id=fid)
        elif fid not in numbers:
            numbers[fid] = len(numbers) + 1


def _image(token, line, context) -> None:
    if not token.content.strip():
        context.error("markdown.alt", line)
    _link(token, line, context, "src")


def _link(token, line, context, attr="href") -> None:
    """Dispatches a link (or an image's file) by where it points; external URLs stay as they are."""
    href = token.attrGet(attr) or ""
    if not href or _SCHEME.match(href) or href.startswith("//"):
        return
    path, _, fragment = href.partition("#")
    fragment = unquote(fragment)
    if not path:
        _fragment_link(token, attr, line, context, fragment)
    elif path.startswith("/"):
        context.error("link.absolute", line, entry=_entry("link.absolute", attr), href=href)
    else:
        target = posixpath.normpath(posixpath.join("content", posixpath.dirname(context.rel_source), unquote(path)))
        if target.endswith(".md") and target.startswith("content/"):
            _page_link(token, attr, line, context, href, target, fragment)
        elif target.startswith("static/"):
            _static_link(token, attr, line, context, href, target, fragment)
        else:
            context.error("link.file", line, entry=_entry("link.file.outside", attr), href=href)


def _entry(entry: str, attr: str) -> str:
    """The catalog entry for a link, or for an image's file (`src`): an image is called an image."""
    return f"{entry}.image" if attr == "src" else entry


def _fragment_link(token, attr, line, context, fragment) -> None:
    """A heading of this page: the fragment becomes the heading's id, checked once the page is rendered."""
    slug = slugify(fragment)
    context.collected.links.append(Link(line, context.lang, context.key, fragment, slug))
    token.attrSet(attr, f"#{slug}")


def _page_link(token, attr, line, context, href, target, fragment) -> None:
    """content/<lang>/<key>.md: the relative URL of that page, in that language."""
    lang, _, key = target[len("content/"):].partition("/")
    output = context.page_outputs.get((lang, key[:-3]))
    if output is None:
        known = [k for (lg, k) in context.page_outputs if lg == lang]
        context.error("link.page", line, did_you_mean(key[:-3], known) or None, href=href)
        return
    slug = slugify(fragment) if fragment else ""
    if fragment:
        context.collected.links.append(Link(line, lang, key[:-3], fragment, slug))
    token.attrSet(attr, relative(context.output, output, slug))


def _static_link(token, attr, line, context, href, target, fragment) -> None:
    """static/<name>: the published file's relative URL."""
    output = context.static_outputs.get(target[len("static/"):])
    if output is None:
        context.error("link.file", line, entry=_entry("link.file.missing", attr), href=href, target=target)
        return
    token.attrSet(attr, relative(context.output, output, fragment))


# The handler of each inline token kind the walk checks.
_INLINE = {"glossary_term": _term, "cite": _cite, "link_open": _link, "image": _image}
