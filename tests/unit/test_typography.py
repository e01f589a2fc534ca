from sitegen.typography import typography


def test_apostrophes_and_quotes_per_language():
    assert typography("L'accord \"cadre\"", "fr") == "L’accord «\u00a0cadre\u00a0»"
    assert typography("the agency's \"plan\"", "en") == "the agency’s “plan”"
    assert typography("rien à changer", "fr") == "rien à changer"
