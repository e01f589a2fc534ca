import re

from hypothesis import given, settings
from hypothesis import strategies as st

from sitegen.typography import spacing, typography

NBSP = "\u00a0"


def test_apostrophes_and_quotes_per_language():
    assert typography("L'accord \"cadre\"", "fr") == "L’accord «\u00a0cadre\u00a0»"
    assert typography("the agency's \"plan\"", "en") == "the agency’s “plan”"
    assert typography("rien à changer", "fr") == "rien à changer"


def test_french_spaces_before_punctuation_and_inside_guillemets_do_not_break():
    assert typography("Quand ? Le 8 janvier : «IA souveraine» ; enfin !", "fr") == (
        f"Quand{NBSP}? Le 8{NBSP}janvier{NBSP}: «{NBSP}IA souveraine{NBSP}»{NBSP}; enfin{NBSP}!")
    assert typography("https://example.org, 10:30, « déjà »", "fr") == f"https://example.org, 10:30, «{NBSP}déjà{NBSP}»"
    assert typography("When? Now: « this »", "en") == "When? Now: « this »"  # English has no such spaces



def test_a_day_and_its_month_and_a_number_and_its_unit_stay_on_one_line():
    assert typography("le 8 janvier 2026, le 1er mars, des obus de 155 mm", "fr") == (
        f"le 8{NBSP}janvier 2026, le 1er{NBSP}mars, des obus de 155{NBSP}mm")
    assert typography("on 3 February, 155 mm shells, 12 %", "en") == f"on 3{NBSP}February, 155{NBSP}mm shells, 12{NBSP}%"
    # Only a month or unit that is a whole word: “3 millions” and “8 mains” may break.
    assert typography("3 millions, 8 mains, 2 mois", "fr") == "3 millions, 8 mains, 2 mois"
    assert typography("on 5 mai", "en") == "on 5 mai"  # another language's month is a plain word


def test_markdown_text_keeps_a_day_and_its_month_together():
    from markdown_it import MarkdownIt

    from sitegen.markdown.parser import _spacing

    md = MarkdownIt("commonmark", {"typographer": True})
    md.core.ruler.push("spacing", lambda state: _spacing(state, "fr"))
    assert md.render("Signé le *3 février*, officialisé le 8 janvier.") == (
        f"<p>Signé le <em>3{NBSP}février</em>, officialisé le 8{NBSP}janvier.</p>\n")


# Texts made of what the spacing rules look at: spaces, digits, months, units, French punctuation.
_PIECES = st.sampled_from([" ", "\t", "\u00a0", "8", "1er", "155", "janvier", "mars", "February", "mm", "%", "€",
                           ":", ";", "!", "?", "«", "»", "a", "é", "x2", "mms", "\n"])
_TEXTS = st.lists(st.lists(_PIECES, max_size=12).map("".join), max_size=8)


@settings(max_examples=300, deadline=None)
@given(texts=_TEXTS, lang=st.sampled_from(["fr", "en", "de"]))
def test_the_page_s_texts_spaced_at_once_read_as_each_spaced_alone(texts, lang):
    """The Markdown rule spaces all of a page's texts in one call, joined by NUL: no rule may
    reach across the join, or a text would change with its neighbours."""
    from markdown_it.token import Token

    from sitegen.markdown.parser import _spacing

    children = [Token("text", "", 0, content=text) for text in texts]
    state = type("State", (), {"tokens": [Token("inline", "", 0, children=children)]})()
    _spacing(state, lang)
    assert [child.content for child in children] == [spacing(text, lang) for text in texts]


def _french_spaces_by_substitution(text: str) -> str:
    """The rule as one substitution, as it was written first: the specification of the fast one."""
    def space(match):
        mark, opening, closing = match.groups()
        return "«\u00a0" if opening else f"\u00a0{mark or closing}"
    return re.sub(r"[ \t]+([:;!?])|(«)[ \t\u00a0]*|[ \t\u00a0]*(»)", space, text)


@settings(max_examples=500, deadline=None)
@given(text=st.lists(st.sampled_from([" ", "\t", "\u00a0", ":", ";", "!", "?", "«", "»", "a", "é", "\0"]),
                     max_size=16).map("".join))
def test_french_spaces_split_at_the_marks_as_the_substitution_puts_them(text):
    assert spacing(text, "fr") == _french_spaces_by_substitution(text)  # no digit: only the French rule
