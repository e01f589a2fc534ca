"""A plain message for every mistake: names that would break an address are refused with their file
and line, and one run reports the mistakes of independent pages together."""
from __future__ import annotations

import pytest
from conftest import run, write

PAGE = "---\ntitle: T\ndescription: D\n---\nText.\n"


@pytest.mark.parametrize("slug", ['"evil\\n"', '"evil\\tx"', '"a b"', '"caf\\u00e9"', '"x?y"', '"../up"'])
def test_a_slug_a_url_would_have_to_escape_is_refused_at_its_line(capsys, site, slug):
    write(site, "content/fr/seule.md", f"---\ntitle: T\ndescription: D\nslug: {slug}\n---\nText.\n")
    code, out = run(capsys, site, "build")
    assert code == 1 and "  line 4: error: the slug" in out and "cannot be used in a URL" in out, out
    assert not (site / "_site").exists()


@pytest.mark.parametrize("name", ["My Page", "ligne\nbreak", "tab\tx", "s\u00e9curit\u00e9", "what?", "50%", "a#b"])
def test_a_page_name_a_url_would_have_to_escape_is_refused(capsys, site, name):
    write(site, f"content/fr/{name}.md", PAGE)
    code, out = run(capsys, site, "check")
    assert code == 1 and "cannot be part of a web address" in out, out
    assert "\n" not in name or "ligne\\nbreak" in out  # shown escaped: the report's lines stay whole


def test_a_static_file_name_a_url_would_have_to_escape_is_refused(capsys, site):
    write(site, "static/images/Ma photo.png", b"\x89PNG\r\n\x1a\n")
    write(site, "content/fr/seule.md", PAGE + "![Une photo](../../static/images/Ma%20photo.png)\n")
    code, out = run(capsys, site, "check")
    assert code == 1 and "“Ma photo.png” cannot be part of a web address" in out and "rename it “ma-photo.png”" in out
    assert out.count("error:") == 1, out  # the page's link to it is not reported as missing too


def test_a_folder_name_is_checked_too(capsys, site):
    write(site, "content/fr/Mon dossier/page.md", PAGE)
    code, out = run(capsys, site, "check")
    assert code == 1 and "“Mon dossier” cannot be part of a web address" in out and "rename it “mon-dossier”" in out


@pytest.mark.parametrize("setting, value", [("cname", '"evil.example\\n"'), ("base_url", '"https://x.example/\\n"'),
                                            ("base_url", '"https://x.example/a b/"')])
def test_addresses_in_the_settings_are_refused_with_a_line_break_or_space(capsys, site, setting, value):
    settings = site / "site.yaml"
    text = "\n".join(line for line in settings.read_text().splitlines() if not line.startswith(f"{setting}:"))
    settings.write_text(f"{text}\n{setting}: {value}\n")
    code, out = run(capsys, site, "build")
    assert code == 1 and "site.yaml" in out and setting in out, out


def test_mistakes_in_three_pages_are_reported_by_one_check(capsys, site):
    write(site, "content/fr/seule.md", "---\ndescription: D\n---\nText.\n")  # no title
    write(site, "content/fr/accord.md", (site / "content/fr/accord.md").read_text() + "\nVoir [[inconnu]].\n")
    write(site, "content/en/accord.md", (site / "content/en/accord.md").read_text() + "\nSee [there](nowhere.md).\n")
    for command in ("check", "build"):
        code, out = run(capsys, site, command)
        assert code == 1, out
        assert "content/fr/seule.md\n" in out and "  line 1: error: “title” is missing" in out, out
        assert "“[[inconnu]]” is not in the glossary" in out and "“nowhere.md” points to a page that does not exist" in out
        assert "3 errors" in out and "Internal error" not in out


def test_a_link_to_a_page_that_cannot_be_read_is_not_reported_twice(capsys, site):
    write(site, "content/fr/seule.md", "---\ntitle: [unclosed\n---\nText.\n")
    write(site, "content/fr/accord.md", (site / "content/fr/accord.md").read_text() + "\n[là](seule.md#text)\n")
    code, out = run(capsys, site, "check")
    assert code == 1 and out.count("error:") == 1 and "content/fr/seule.md" in out, out
