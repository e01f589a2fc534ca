from sitegen.typography import typography

NBSP = "\u00a0"


def test_apostrophes_and_quotes_per_language():
    assert typography("L'accord \"cadre\"", "fr") == "L’accord «\u00a0cadre\u00a0»"
    assert typography("the agency's \"plan\"", "en") == "the agency’s “plan”"
    assert typography("rien à changer", "fr") == "rien à changer"


def test_french_spaces_before_punctuation_and_inside_guillemets_do_not_break():
    assert typography("Quand ? Le 8 janvier : «IA souveraine» ; enfin !", "fr") == (
        f"Quand{NBSP}? Le 8 janvier{NBSP}: «{NBSP}IA souveraine{NBSP}»{NBSP}; enfin{NBSP}!")
    assert typography("https://example.org, 10:30, « déjà »", "fr") == f"https://example.org, 10:30, «{NBSP}déjà{NBSP}»"
    assert typography("When? Now: « this »", "en") == "When? Now: « this »"  # English has no such spaces

