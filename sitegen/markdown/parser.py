"""Markdown → HTML with markdown-it-py: one parser per language, the editors' syntax as plugins.

Everything a page refers to is checked while it renders and collected in its `RenderContext`
(headings for the table of contents, glossary terms, cited facts, links with fragments), so no
stage parses a page twice.
"""
from __future__ import annotations

from markdown_it import MarkdownIt
from mdit_py_plugins.deflist import deflist_plugin
from mdit_py_plugins.footnote import footnote_plugin

from sitegen.load.config import SiteConfig
from sitegen.markdown.context import RenderContext
from sitegen.markdown.plugins.anchors import anchors_plugin
from sitegen.markdown.plugins.cite import cite_plugin
from sitegen.markdown.plugins.complete import complete_plugin
from sitegen.markdown.plugins.glossary import glossary_plugin
from sitegen.markdown.plugins.refs import refs_plugin
from sitegen.markdown.plugins.shortcode import shortcode_plugin
from sitegen.typography import spacing

# Typographic quotes per language (markdown-it's smartquotes); French uses guillemets.
QUOTES = {"fr": ["«\u00a0", "\u00a0»", "“", "”"], "en": "“”‘’"}


def make_parser(config: SiteConfig, lang: str) -> MarkdownIt:
    md = MarkdownIt("commonmark", {
        "html": config.raw_html,
        "xhtmlOut": False,  # HTML5: <img>, not <img />
        "typographer": config.typographer,
        "quotes": QUOTES.get(lang, "“”‘’"),
    })
    md.enable(["table", "strikethrough"])
    md.core.ruler.at("normalize", _normalize)
    if not config.raw_html:  # with html off these rules only return at once, for every line and bracket
        md.disable(["html_block", "html_inline"])
    if config.typographer:
        md.enable(["replacements", "smartquotes"])
        md.core.ruler.after("smartquotes", "spacing", lambda state: _spacing(state, lang))
    for plugin in (footnote_plugin, deflist_plugin, glossary_plugin, cite_plugin, shortcode_plugin,
                   anchors_plugin, refs_plugin, complete_plugin):
        md.use(plugin)
    return md


def _normalize(state) -> None:
    """markdown-it's own rule (line endings to \\n, NUL to U+FFFD) without its regex pass over every
    line of texts that, as nearly all do, have neither."""
    src = state.src
    if "\r" in src:
        src = src.replace("\r\n", "\n").replace("\r", "\n")
    if "\0" in src:
        src = src.replace("\0", "\ufffd")
    state.src = src


def _spacing(state, lang: str) -> None:
    """The language's no-break spaces in running text (never in code). All the page's texts go
    through `spacing` at once, joined by NUL, which no text holds (normalize made any one U+FFFD)
    and no rule of `spacing` matches across: one call a page instead of one a text, 5 % of a build."""
    texts = [child for token in state.tokens for child in token.children or () if child.type == "text"]
    if texts:
        for child, text in zip(texts, spacing("\0".join(child.content for child in texts), lang).split("\0")):
            child.content = text


def new_env(context: RenderContext) -> dict:
    """The per-render env: markdown-it's own keys join the plugins' one context."""
    return {"context": context}


def render(md: MarkdownIt, text: str, env: dict) -> str:
    return md.render(text, env)
