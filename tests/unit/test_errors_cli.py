"""Every bad input an editor can produce: a plain message naming file and line, exit 1, no traceback,
all problems of a stage at once, and the previous _site/ left as it was."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import PROJECT, run, write

PAGE = "---\ntitle: T\ndescription: D\n---\nText.\n"


def build(capsys, root, *extra):
    return run(capsys, root, "build", "--out", str(root / "_site"), *extra)


def test_fixture_builds(capsys, site):
    code, out = build(capsys, site)
    assert code == 0, out
    assert "Built 21 pages" in out  # 19 files, and the generated section pages of annexes/ in each language
    assert (site / "_site/en/agreement/index.html").is_file()


@pytest.mark.parametrize("rel, text, where, words", [
    ("content/fr/accord.md", "---\ntitle: [unclosed\ndescription: D\n---\n", "content/fr/accord.md", "starts on line 2"),
    ("content/fr/accord.md", "---\ntitle: T\n---\nBody\n", "content/fr/accord.md", "“description” is missing"),
    ("content/fr/accord.md", "No front matter here\n", "content/fr/accord.md", "does not start with its front matter"),
    ("content/fr/accord.md", "---\ntitle: T\ndescription: D\norder: deux\n---\n", "content/fr/accord.md", "“order” must be a whole number"),
    ("content/fr/accord.md", "---\ntitle: T\ndescription: D\nslug: ../../etc\n---\n", "content/fr/accord.md", "cannot be used in a URL"),
    ("content/fr/accord.md", b"---\ntitle: T\ndescription: D\n---\ncaf\xe9\n", "content/fr/accord.md", "not saved as UTF-8"),
    ("content/de/index.md", PAGE, "content/de", "not a language of the site"),
    ("content/glossary/amiad.yaml", "term: {fr: A, en: B\n", "content/glossary/amiad.yaml", "cannot be read"),
    ("content/glossary/amiad.yaml", "term: {fr: A}\ndefinition: {fr: x, en: y}\n", "content/glossary/amiad.yaml", "“term” has no “en” text"),
    ("site.yaml", "title: [oops\n", "site.yaml", "cannot be read"),
    ("content/fr/seule.md", PAGE + "Voir [[inconnu]].\n", "content/fr/seule.md", "“[[inconnu]]” is not in the glossary"),
    ("content/fr/seule.md", PAGE + "Voir [x](absente.md).\n", "content/fr/seule.md", "points to a page that does not exist"),
    ("content/fr/seule.md", PAGE + "Voir [x](accord.md#nulle-part).\n", "content/fr/seule.md", "“#nulle-part” is not a heading"),
    ("content/fr/seule.md", PAGE + "Fait[@inconnu].\n", "content/fr/seule.md", "“inconnu” cited here is not in the sources file"),
    ("content/fr/seule.md", PAGE + "![](../../static/css/site.css)\n", "content/fr/seule.md", "no alternative text"),
    ("content/fr/seule.md", PAGE + "![Carte](../../static/carte.png)\n", "content/fr/seule.md", "does not exist"),
    ("content/fr/seule.md", PAGE + "{{< inconnu >}}\n", "content/fr/seule.md", "there is no shortcode “inconnu”"),
    ("templates/page.html", "{% block main %}{{ page.title }\n", "templates/page.html", "template error"),
    ("templates/page.html", "{% extends 'base.html' %}{% block main %}\n{{ page.nope.deeper }}{% endblock %}\n", "templates/page.html", "template error"),
])
def test_bad_input_is_reported_plainly(capsys, site, rel, text, where, words):
    build(capsys, site)  # a previous good site
    before = (site / "_site/fr/index.html").read_bytes()
    write(site, rel, text)
    code, out = build(capsys, site)
    assert code == 1, out
    assert "Traceback" not in out
    assert where in out and words in out, out
    assert "error" in out
    assert (site / "_site/fr/index.html").read_bytes() == before  # the last good site is untouched


def test_errors_name_the_line(capsys, site):
    write(site, "content/fr/seule.md", PAGE + "Un.\n\nDeux [[inconnu]].\n")
    code, out = build(capsys, site)
    # lines 1-4 are front matter, 5 “Text.”, 6 “Un.”, 8 the term
    assert "content/fr/seule.md\n" in out and "  line 8: error: “[[inconnu]]” is not in the glossary" in out


def test_yaml_error_line_is_the_file_line(capsys, site):
    write(site, "content/fr/seule.md", "---\ntitle: T\ndescription: D\norder: [1\n---\n")
    code, out = build(capsys, site)
    # The list opened on line 4 is still open when the front matter ends, on line 5.
    assert code == 1 and "line 5: error: the YAML here cannot be read" in out and "starts on line 4" in out, out


def test_template_error_names_template_and_line(capsys, site):
    write(site, "templates/page.html", "{% extends 'base.html' %}\n{% block main %}\n\n{{ page.nope.deeper }}\n{% endblock %}\n")
    code, out = build(capsys, site)
    assert code == 1
    assert "templates/page.html\n  line 4: error: template error while rendering content/" in out, out


def test_all_errors_are_reported_together(capsys, site):
    write(site, "content/fr/seule.md", PAGE + "[[un]] et [[deux]]\n")
    write(site, "content/en/accord.md", "---\ntitle: T\n---\n")
    write(site, "content/fr/accord.md", "---\ndescription: D\n---\n")
    code, out = build(capsys, site)
    assert code == 1
    assert "“description” is missing" in out and "“title” is missing" in out
    # The pages that could be read are checked too, and the unreadable ones add no follow-on
    # problem (no “unused” glossary entry, no missing translation).
    assert "[[un]]" in out and "[[deux]]" in out and "4 errors, 3 warnings." in out, out


def test_markdown_errors_collected_across_pages(capsys, site):
    write(site, "content/fr/seule.md", PAGE + "[[un]] et [[deux]]\n")
    write(site, "content/en/index.md", PAGE + "[x](nowhere.md)\n")
    code, out = build(capsys, site)
    assert out.count("error:") == 3, out


def test_two_pages_claiming_one_url(capsys, site):
    write(site, "content/en/other.md", "---\ntitle: T\ndescription: D\nslug: agreement\n---\n")
    code, out = build(capsys, site)
    assert code == 1 and "want the same URL /en/agreement/" in out, out


def test_slug_colliding_with_glossary(capsys, site):
    write(site, "content/fr/page.md", "---\ntitle: T\ndescription: D\nslug: glossaire\n---\n")
    code, out = build(capsys, site)
    assert code == 1 and "the fr glossary" in out, out


def test_unknown_site_setting_gets_a_suggestion(capsys, site):
    text = (site / "site.yaml").read_text() + "defualt_language: fr\n"
    write(site, "site.yaml", text)
    code, out = build(capsys, site)
    assert code == 1 and "unknown setting “defualt_language”" in out and "did you mean “default_language”" in out


def test_crlf_and_bom_just_work(capsys, site):
    path = site / "content/fr/accord.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    code, out = build(capsys, site)
    assert code == 0, out
    assert "L’accord" in (site / "_site/fr/accord/index.html").read_text() or "L&#39;accord" in (site / "_site/fr/accord/index.html").read_text()


def test_missing_translation_is_a_warning(capsys, site):
    code, out = build(capsys, site)
    assert code == 0
    assert "Translations\n" in out and "content/fr/seule.md: this page has no English version" in out
    html = (site / "_site/fr/seule/index.html").read_text()
    assert 'href="../../en/index.html" hreflang="en"' in html  # switcher falls back to the home


def test_usage_errors_exit_2(capsys, site):
    with pytest.raises(SystemExit) as exc:
        run(capsys, site, "build", "--no-such-flag")
    assert exc.value.code == 2
    with pytest.raises(SystemExit) as exc:
        run(capsys, site, "frobnicate")
    assert exc.value.code == 2


def test_bad_base_url_option(capsys, site):
    code, out = build(capsys, site, "--base-url", "not-a-url")
    assert code == 1 and "--base-url" in out
    code, out = build(capsys, site, "--repo-url", "github.com/owner/repo")
    assert code == 1 and "--repo-url “github.com/owner/repo” is not an absolute http(s) URL" in out


def test_help_says_what_commands_do(capsys, site):
    with pytest.raises(SystemExit) as exc:
        run(capsys, site, "build", "--help")
    assert exc.value.code == 0
    assert "--base-url" in capsys.readouterr().out


def test_internal_error_is_not_a_traceback(capsys, site, monkeypatch):
    from sitegen import pipeline

    def boom(*a, **k):
        raise RuntimeError("kaboom")

    monkeypatch.setattr(pipeline, "run", boom)
    monkeypatch.delenv("SITEGEN_DEBUG", raising=False)
    code, out = build(capsys, site)
    assert code == 3 and "Internal error of the generator" in out and "Traceback" not in out


def test_output_to_a_reader_that_went_away_is_not_an_internal_error(site):
    """`build.py translations | head`: head exits before the table ends."""
    read_end, write_end = os.pipe()
    os.close(read_end)  # every write to the pipe now fails with EPIPE, as once head has exited
    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(site), "translations"],
                          stdout=write_end, stderr=subprocess.PIPE, text=True, timeout=60)
    os.close(write_end)
    assert done.returncode == 1 and done.stderr == ""


def test_build_py_leaves_the_cycle_collector_off_for_the_rest_of_its_process(site, tmp_path):
    import gc

    from sitegen import cli

    try:
        assert cli.main(["--root", str(site), "build", "--quiet", "--out", str(tmp_path / "a")]) == 0
        assert gc.isenabled()  # a caller that goes on keeps its collector
        assert cli.main(["--root", str(site), "build", "--quiet", "--out", str(tmp_path / "b")], process=True) == 0
        assert not gc.isenabled()
    finally:
        gc.enable()
