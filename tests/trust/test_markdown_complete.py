"""Every word an editor writes reaches the page, or the build says on which line it would not.

A property test writes pages of nested lists, quotes, tables, headings, glossary terms, links,
citations, emphasis and footnotes, each word unique (“w1”, “w2”…), and builds the fixture site
with each in memory, through the same stages as `build`. Explicit cases pin markdown-it's
nesting limit, on both sides of it, and the guard that catches any limit that cuts a page short.
"""
from __future__ import annotations

import itertools
import re
import shutil

import pytest
from conftest import FIXTURE, write
from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen import pipeline
from sitegen.cache import Cache
from sitegen.errors import SiteError
from sitegen.markdown import parser as markdown

PAGE = "content/fr/seule.md"
HEAD = "---\ntitle: Seule\ndescription: Une page.\n---\n"
BODY_LINE = HEAD.count("\n") + 1  # the file line of the body's first line
CUT = {"markdown.nesting", "markdown.incomplete", "markdown.table"}


@pytest.fixture(scope="module")
def root(tmp_path_factory):
    path = tmp_path_factory.mktemp("complete") / "site"
    shutil.copytree(FIXTURE, path)
    return path


# Shared, as by builds that follow each other: only the page that changed is rendered again.
CACHE = Cache()


def build(root, body: str):
    """(the page's text, tags taken out, None) or (None, the build's diagnostics)."""
    write(root, PAGE, HEAD + body)
    try:
        result = pipeline.run(root, pipeline.Options(), cache=CACHE)
    except SiteError as exc:
        return None, exc.diagnostics
    html = result.files[result.site.pages[("fr", "seule")].output].decode("utf-8")
    return re.sub(r"<[^>]+>", " ", html), None


def words_in(text: str) -> set:
    return set(re.findall(r"\bw\d+\b", text))


# Documents ----------------------------------------------------------------------------------
# Blocks are drawn as trees of tuples, then written out with a counter that numbers the words.

TERMS = ("amiad", "accord-cadre", "souverainete")
TARGETS = ("accord.md", "index.md", "accord.md#calendrier-de-l-accord", "../en/accord.md")

inline = st.lists(st.one_of(
    st.tuples(st.just("word")),
    st.tuples(st.sampled_from(["*", "**", "~~"]), st.integers(1, 3)),
    st.tuples(st.just("term"), st.sampled_from(TERMS)),
    st.tuples(st.just("term|"), st.sampled_from(TERMS), st.integers(1, 2)),
    st.tuples(st.just("link"), st.sampled_from(TARGETS), st.integers(1, 2)),
    st.tuples(st.just("cite")),
    st.tuples(st.just("note"), st.integers(1, 2)),
), min_size=1, max_size=5)

leaf = st.one_of(
    st.tuples(st.just("p"), inline),
    st.tuples(st.just("h"), st.integers(1, 6), inline),
    # Editors must write a “|” in a cell as “\\|”; some tables here forget.
    st.tuples(st.just("table"), st.lists(st.lists(inline, min_size=2, max_size=2), min_size=2, max_size=3),
              st.booleans()),
)


def containers(children):
    blocks = st.lists(children, min_size=1, max_size=3)
    return st.one_of(
        st.tuples(st.sampled_from(["- ", "1. "]), st.lists(blocks, min_size=1, max_size=3)),
        st.tuples(st.just("> "), blocks),
        # A block under many levels at once: both sides of markdown-it's limit.
        st.tuples(st.just("deep"), st.lists(st.sampled_from(["- ", "1. ", "> "]), min_size=1, max_size=12), children),
    )


document = st.lists(st.recursive(leaf, containers, max_leaves=12), min_size=1, max_size=4)


class Writer:
    def __init__(self):
        self.count = itertools.count(1)
        self.notes = []

    def words(self, n: int) -> str:
        return " ".join(f"w{next(self.count)}" for _ in range(n))

    def inline(self, items) -> str:
        out = []
        for kind, *args in items:
            if kind == "word":
                out.append(self.words(1))
            elif kind in ("*", "**", "~~"):
                out.append(f"{kind}{self.words(args[0])}{kind}")
            elif kind == "term":
                out.append(f"[[{args[0]}]]")
            elif kind == "term|":
                out.append(f"[[{args[0]}|{self.words(args[1])}]]")
            elif kind == "link":
                out.append(f"[{self.words(args[1])}]({args[0]})")
            elif kind == "cite":
                out.append("[@signature]")
            else:  # a footnote, its text written at the end of the page
                self.notes.append(self.words(args[0]))
                out.append(f"[^{len(self.notes)}]")
        return " ".join(out)

    def block(self, block) -> list:
        kind = block[0]
        if kind == "p":
            return [self.inline(block[1])]
        if kind == "h":
            return ["#" * block[1] + " " + self.inline(block[2])]
        if kind == "table":
            cell = (lambda items: self.inline(items).replace("|", "\\|")) if block[2] else self.inline
            rows = [f"| {cell(a)} | {cell(b)} |" for a, b in block[1]]
            return rows[:1] + ["|---|---|"] + rows[1:]
        if kind == "deep":
            lines = self.block(block[2])
            for marker in reversed(block[1]):
                lines = nest(marker, lines)
            return lines
        if kind == "> ":
            return nest("> ", self.blocks(block[1]))
        return [line for item in block[1] for line in nest(kind, self.blocks(item)) + [""]][:-1]

    def blocks(self, blocks) -> list:
        return [line for b in blocks for line in self.block(b) + [""]][:-1]

    def page(self, blocks) -> str:
        lines = self.blocks(blocks)
        lines += [line for i, text in enumerate(self.notes, 1) for line in ("", f"[^{i}]: {text}")]
        return "\n".join(lines) + "\n"


def nest(marker: str, lines: list) -> list:
    """The lines as one list item (marker “- ” or “1. ”) or a quote (“> ”)."""
    if marker == "> ":
        return [f"> {line}" if line else ">" for line in lines]
    pad = " " * len(marker)
    return [marker + lines[0]] + [pad + line if line else "" for line in lines[1:]]


@settings(max_examples=60, deadline=None, derandomize=True, database=None)
@given(document)
def test_every_word_reaches_the_page_or_a_line_is_named(root, blocks):
    writer = Writer()
    body = writer.page(blocks)
    expected = words_in(body)
    text, problems = build(root, body)
    if problems is None:
        assert expected <= words_in(text), (body, sorted(expected - words_in(text)))
    else:
        errors = [d for d in problems if d.level == "error"]
        assert errors and all(d.code in CUT and d.file == PAGE and d.line > BODY_LINE - 1 for d in errors), \
            (body, [d.format() for d in problems])


# Explicit cases -----------------------------------------------------------------------------

def nested(depth: int, marker: str = "- ") -> str:
    """`depth` list items (or quotes) each inside the one before, then a paragraph."""
    if marker == "> ":
        lines = [marker * (i + 1) + f"w{i}" for i in range(depth)]
    else:
        lines = ["  " * i + marker + f"w{i}" for i in range(depth)]
    return "\n".join(lines) + "\n\nLast paragraph, then w99.\n"


def only_error(problems):
    errors = [d for d in problems if d.level == "error"]
    assert len(errors) == 1, [d.format() for d in problems]
    return errors[0]


def test_twelve_nested_list_items_stop_the_build_at_the_line_cut(root):
    text, problems = build(root, nested(12))
    error = only_error(problems)
    # The tenth item's text (w9) is the first that markdown-it would drop.
    assert (error.code, error.file, error.line) == ("markdown.nesting", PAGE, BODY_LINE + 9)
    assert "lists" in error.message and "flatten" in error.hint


def test_deep_quotes_stop_the_build_at_the_line_cut(root):
    text, problems = build(root, nested(25, "> "))
    error = only_error(problems)
    assert (error.code, error.line) == ("markdown.nesting", BODY_LINE + 19)


@pytest.mark.parametrize("depth, marker", [(9, "- "), (19, "> ")])
def test_a_page_at_the_limit_renders_whole(root, depth, marker):
    text, problems = build(root, nested(depth, marker))
    assert problems is None
    assert words_in(text) >= {f"w{i}" for i in range(depth)} | {"w99"}


def test_a_table_row_with_more_cells_than_its_header_is_reported(root):
    table = "| a | b |\n|---|---|\n| w1 | [[amiad\\|w2]] |\n| w3 | [[amiad|w4]] |\n"
    error = only_error(build(root, table)[1])
    assert (error.code, error.line) == ("markdown.table", BODY_LINE + 3) and "\\|" in error.hint
    text, problems = build(root, table.rsplit("| w3", 1)[0])
    assert problems is None and {"w1", "w2"} <= words_in(text)


@pytest.mark.parametrize("body", [
    "Text.\n\n[a]: https://example.org\n  'a title'\n\n\n",  # definitions leave no token of their own
    "Text.\n\n-\n\n>\n",  # an empty list item, an empty quote: no word to lose
])
def test_pages_ending_without_visible_text_are_whole(root, body):
    assert build(root, body)[1] is None


def test_a_parser_limit_that_cuts_the_page_short_is_reported(root, monkeypatch):
    """Any rule that stops reading before the end (here one that gives up at a marker) is caught."""
    make_parser = markdown.make_parser

    def limited(config, lang):
        md = make_parser(config, lang)

        def give_up(state, start, end, silent):
            if "STOP" not in state.src[state.bMarks[start]:state.eMarks[start]]:
                return False
            state.line = end
            return True
        md.block.ruler.before("paragraph", "give_up", give_up)
        return md

    monkeypatch.setattr(markdown, "make_parser", limited)
    text, problems = build(root, "w1\n\n- w2\n\n  STOP w3\n\nw4\n")
    error = only_error(problems)
    assert (error.code, error.line) == ("markdown.incomplete", BODY_LINE + 4)
