"""A French edit that changes only spaces, punctuation or typography leaves the translation up to
date; a changed word always puts it out of date (property tests on generated paragraphs)."""
from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sitegen.load.translation_of import digest, units

LETTERS = "abcdefghijklmnopqrstuvwxyzéèàçôœABCDEFGHIJKLMNOPQRSTUVWXYZÉ"
word = st.text(LETTERS, min_size=1, max_size=10)
# A word as French text writes it: plain, or elided with an apostrophe (l'accord).
token = st.one_of(word, st.tuples(st.sampled_from(["l", "d", "qu", "L", "D"]), word).map("'".join))
paragraph = st.lists(token, min_size=1, max_size=30)

# Between words, where a line may also be wrapped; before and after a word, punctuation and quotes.
SPACES = [" ", "  ", "\u00a0", "\u202f", " \n", "\n", "\t", " \u00a0"]
BEFORE = ["", "", "« ", "«\u202f", '"', "(", "“"]
AFTER = ["", "", ",", ";", " ;", "\u202f;", " :", ".", "…", " !", "\u00a0?", " »", '"', ")", "”"]
DASHES = ["", "", " —", " –", " -"]  # a dash between words, never at the start of a line


def body(text: str) -> str:
    return f"## Le calendrier\n\nAvant.\n\n{text}\n\nAprès.\n"


@st.composite
def typographic_variant(draw, tokens):
    out = []
    for i, t in enumerate(tokens):
        if i:
            out.append(draw(st.sampled_from(DASHES)) + draw(st.sampled_from(SPACES)))
        apostrophe = draw(st.sampled_from(["'", "’", "\u02bc"]))
        out.append(draw(st.sampled_from(BEFORE)) + t.replace("'", apostrophe) + draw(st.sampled_from(AFTER)))
    return "".join(out) + draw(st.sampled_from(["", " ", "  ", "\t"]))  # trailing spaces


@given(st.data(), paragraph)
def test_typography_never_puts_a_paragraph_out_of_date(data, tokens):
    original = " ".join(tokens) + "."
    variant = data.draw(typographic_variant(tokens))
    assert digest(units(body(variant))) == digest(units(body(original))), (original, variant)


@given(st.data(), paragraph, word)
def test_a_changed_word_always_does(data, tokens, new):
    i = data.draw(st.integers(0, len(tokens) - 1))
    changed = [*tokens[:i], new, *tokens[i + 1:]]
    if changed[i] == tokens[i]:
        changed[i] = new + "x"
    variant = data.draw(typographic_variant(changed))
    assert digest(units(body(variant))) != digest(units(body(" ".join(tokens)))), (tokens, variant)


@given(st.text(st.sampled_from([*"ab1é_ '’-.«»", "\u02bc", "\u0301", "\u00a0", "ﬁ", "²", "٣", "Ⅻ"]), max_size=30))
def test_the_words_are_those_of_the_one_rule_whatever_the_text(text):
    """words() takes a faster pattern when the text has no _ and no U+02BC: the words, and so every
    hash recorded in editors' files, stay what the one rule makes of the text."""
    import re
    import unicodedata

    from sitegen.load.translation_of import words
    assert words(text) == " ".join(re.findall(r"[^\W_\u02bc]+", unicodedata.normalize("NFKC", text)))
