"""The one core rule that checks what a page refers to, with file lines, and rewrites links.

- [[term]] ids must exist in the glossary; [@fact] ids in the sources file (numbered per page).
- Links to .md files become the relative URL of that page in the linked language; links and
  images into static/ become the published file's URL. Anything else relative is reported.
- Fragments are recorded, to be checked against the target's headings once every page is rendered.
"""
from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from ..typography import typography
from ..urls import relative, slugify
from ..yamlio import did_you_mean

_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def refs_plugin(md) -> None:
    md.core.ruler.push("sitegen_refs", _refs)


def _refs(state) -> None:
    env = state.env["context"]
    for block in state.tokens:
        if block.type == "shortcode":
            _shortcode(block, env)
        # Terms, citations, links and images all start with “[”: most blocks need no walk.
        if block.type != "inline" or not block.children or "[" not in block.content:
            continue
        line = env.body_line + (block.map[0] if block.map else 0)
        for child in block.children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "glossary_term":
                _term(child, line, env)
            elif child.type == "cite":
                _cite(child, line, env)
            elif child.type == "link_open":
                _link(child, "href", line, env)
            elif child.type == "image":
                _image(child, line, env)


def _shortcode(block, env):
    name = block.meta["name"]
    if name not in env.shortcodes:
        env.error("markdown.shortcode", env.body_line + block.map[0], f"there is no shortcode “{name}”",
               did_you_mean(name, env.shortcodes) or f"the shortcodes are: {', '.join(sorted(env.shortcodes))}")


def _term(token, line, env):
    term_id = token.meta["id"]
    entry = env.glossary.get(term_id)
    if entry is None:
        env.error("glossary.unknown", line, f"“[[{term_id}]]” is not in the glossary",
               did_you_mean(term_id, env.glossary) or f"create content/glossary/{term_id}.yaml, or fix the id")
        return
    # Custom tokens escape smartquotes: their text gets the same typography here.
    token.meta["text"] = typography(token.meta["words"] or entry.label(env.lang), env.lang)
    env.collected.terms.add(term_id)


def _cite(token, line, env):
    facts = env.facts
    numbers = env.collected.citation_numbers
    for fid in token.meta["ids"]:
        if fid not in facts:
            env.error("sources.unknown", line, f"the fact “{fid}” cited here is not in the sources file",
                   did_you_mean(fid, facts) or "add it to the sources file, or fix the id")
        elif fid not in numbers:
            numbers[fid] = len(numbers) + 1


def _image(token, line, env):
    if not token.content.strip():
        env.error("markdown.alt", line, "this image has no alternative text",
               "describe the image between the brackets: ![what the image shows](file.png)")
    _link(token, "src", line, env)


def _link(token, attr, line, env):
    href = token.attrGet(attr) or ""
    if not href or _SCHEME.match(href) or href.startswith("//"):
        return
    path, _, fragment = href.partition("#")
    fragment = unquote(fragment)
    if not path:  # a heading of this page
        slug = slugify(fragment)
        env.collected.links.append((line, env.lang, env.key, fragment, slug))
        token.attrSet(attr, f"#{slug}")
        return
    if path.startswith("/"):
        env.error("link.absolute", line, f"the link “{href}” starts with “/”, which breaks when the site is published under a sub-path",
               "link to the page's file instead, for example [text](accord.md)")
        return
    target = posixpath.normpath(posixpath.join("content", posixpath.dirname(env.rel_source), unquote(path)))
    if target.endswith(".md") and target.startswith("content/"):
        lang, _, key = target[len("content/"):].partition("/")
        output = env.page_outputs.get((lang, key[:-3]))
        if output is None:
            known = [k for (lg, k) in env.page_outputs if lg == lang]
            env.error("link.page", line, f"the link “{href}” points to a page that does not exist",
                   did_you_mean(key[:-3], known) or "check the file name; links name the .md file, e.g. accord.md")
            return
        slug = slugify(fragment) if fragment else ""
        if fragment:
            env.collected.links.append((line, lang, key[:-3], fragment, slug))
        token.attrSet(attr, relative(env.output, output, slug))
    elif target.startswith("static/"):
        output = env.static_outputs.get(target[len("static/"):])
        if output is None:
            env.error("link.file", line, f"the file “{href}” does not exist", f"add it to the project as {target}, or fix the path")
            return
        token.attrSet(attr, relative(env.output, output, fragment))
    else:
        env.error("link.file", line, f"the link “{href}” points outside the pages and static/",
               "link to a page's .md file, or put the file in static/ and link to it there")
