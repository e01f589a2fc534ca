"""`build.py check`: every check has a passing fixture (the editors' site, clean) and a failing
one (the same site with one mistake), reported at its file and line; exit 1 on errors only,
--strict for warnings; GitHub Actions annotations."""
from __future__ import annotations

import shutil

import pytest
from conftest import run, write
from editing_site import edit, esite  # noqa: F401 - esite is a fixture

from sitegen.editing.check import annotation
from sitegen.errors import Diagnostic


def check(capsys, root, *extra):
    return run(capsys, root, "check", *extra)


def test_clean_site_passes_without_a_single_remark(capsys, esite):
    code, out = check(capsys, esite, "--strict")
    assert code == 0, out
    assert out.strip() == "Everything is in order."
    assert not (esite / "_site").exists()  # check writes no site, only its cache
    assert (esite / ".cache/sitegen/check/cache.pickle").is_file()


def test_no_cache_leaves_no_cache(capsys, esite):
    assert check(capsys, esite, "--no-cache")[0] == 0
    assert not (esite / ".cache").exists()


def _remove(root, rel):
    (root / rel).unlink()


# (name, mistake, level, code, "file:line" or file, words of the message or hint)
CASES = [
    ("required field", lambda r: edit(r, "content/fr/accord.md", "description: Ce qui a été signé et ce que l'on ne sait pas.\n", ""),
     "error", "frontmatter.required", "content/fr/accord.md:1", "“description” is missing"),
    ("field type", lambda r: edit(r, "content/fr/accord.md", "order: 2", "order: deux"),
     "error", "frontmatter.type", "content/fr/accord.md:4", "whole number"),
    ("unknown key", lambda r: edit(r, "content/fr/accord.md", "order: 2", "order: 2\ntitel: x"),
     "warning", "frontmatterfield.unknown", "content/fr/accord.md:5", "did you mean “title”"),
    ("yaml syntax", lambda r: edit(r, "content/fr/accord.md", "title: L'accord", "title: [L'accord"),
     "error", "yaml.syntax", "content/fr/accord.md", "cannot be read"),
    ("one language only", lambda r: write(r, "content/fr/seule.md", "---\ntitle: Seule\ndescription: Une page.\n---\nTexte.\n"),
     "warning", "translation.missing", "content/fr/seule.md", "no English version"),
    ("unknown glossary id", lambda r: edit(r, "content/fr/accord.md", "[[amiad]]", "[[amiadd]]"),
     "error", "glossary.unknown", "content/fr/accord.md:10", "did you mean “amiad”"),
    ("glossary entry missing a language", lambda r: edit(r, "content/glossary/amiad.yaml", "  en: |\n    Agency", "  de: |\n    Agency"),
     "error", "glossary.language", "content/glossary/amiad.yaml", "no “en” text"),
    ("link to a missing page", lambda r: edit(r, "content/fr/accord.md", "- La durée.", "- La [durée](duree.md)."),
     "error", "link.page", "content/fr/accord.md:15", "does not exist"),
    ("link to a missing anchor", lambda r: edit(r, "content/fr/index.md", "#ce-qui-a-ete-signe", "#nulle-part"),
     "error", "link.anchor", "content/fr/index.md:10", "not a heading"),
    ("image without alt text", lambda r: edit(r, "content/fr/index.md", "![Une carte de France]", "![]"),
     "error", "markdown.alt", "content/fr/index.md:12", "alternative text"),
    ("missing image", lambda r: edit(r, "content/fr/index.md", "carte.svg", "absente.svg"),
     "error", "link.file", "content/fr/index.md:12", "does not exist"),
    ("duplicate URL", lambda r: write(r, "content/en/other.md", "---\ntitle: O\ndescription: D\nslug: agreement\n---\nText.\n"),
     "error", "page.collision", "content/en/accord.md:5", "same URL"),
    ("draft", lambda r: edit(r, "content/fr/accord.md", "order: 2", "order: 2\ndraft: true"),
     "warning", "page.draft", "content/fr/accord.md:5", "not published"),
    ("problem inside a draft", lambda r: edit(r, "content/fr/accord.md", "order: 2\n", "order: 2\ndraft: true\n")
     or edit(r, "content/fr/accord.md", "- La durée.", "- La [durée](duree.md)."),
     "warning", "link.page", "content/fr/accord.md:16", "in a draft"),
    ("stale translation", lambda r: edit(r, "content/fr/accord.md", "a officialisé", "a annoncé"),
     "warning", "translation.outdated", "content/en/accord.md:7", "− …8 janvier 2026, l'[[amiad]] a officialisé la signature d'un [[accord-cadre]]."),
    ("untracked translation", lambda r: edit(r, "content/en/accord.md", "translation_of:", "# translation_of:"),
     "warning", "translation.untracked", "content/en/accord.md:1", "--mark-done content/en/accord.md"),
    ("moved source page", lambda r: (r / "content/fr/accord.md").rename(r / "content/fr/entente.md"),
     "warning", "translation.source", "content/en/accord.md:7", "moved to content/fr/entente.md"),
    ("deleted source page", lambda r: _remove(r, "content/fr/accord.md"),
     "warning", "translation.source", "content/en/accord.md:7", "moved or deleted"),
    ("stale glossary translation", lambda r: edit(r, "content/glossary/amiad.yaml", "Agence du ministère", "Agence rattachée au ministère"),
     "warning", "translation.outdated", "content/glossary/amiad.yaml:11", "+ Agence rattachée au ministère"),
    ("forgotten translation record", lambda r: shutil.copy(r / "content/.translations/en/index.md.json", r / "content/.translations/en/old.md.json"),
     "warning", "translation.record", "content/.translations/en/old.md.json", "no longer exists"),
]


@pytest.mark.parametrize("mistake, level, code, where, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_mistake_is_reported_at_its_line(capsys, esite, mistake, level, code, where, words):
    from sitegen.editing.check import run as check_run

    mistake(esite)
    found = check_run(esite)
    file, _, line = where.partition(":")
    match = [d for d in found if d.code == code and d.file == file and (not line or d.line == int(line))]
    assert match, "\n".join(d.format() for d in found)
    assert all(d.level == level for d in match)
    assert any(words in d.message + d.hint for d in match), "\n".join(d.format() for d in match)
    status, out = check(capsys, esite)
    assert status == (1 if any(d.level == "error" for d in found) else 0), out
    assert "Traceback" not in out


@pytest.mark.parametrize("mistake", [c[1] for c in CASES], ids=[c[0] for c in CASES])
def test_a_check_from_the_cache_finds_what_a_fresh_check_finds(esite, mistake):
    """The cache filled by a check of the clean site replays nothing that the mistake changed."""
    from sitegen.editing.check import run as check_run

    assert check_run(esite) == []
    mistake(esite)
    fresh = check_run(esite, use_cache=False)
    assert check_run(esite) == fresh
    assert check_run(esite) == fresh  # again, from the cache that check saved


def test_report_is_grouped_per_file_with_a_count(capsys, esite):
    edit(esite, "content/fr/accord.md", "[[amiad]]", "[[amiadd]]")
    edit(esite, "content/fr/index.md", "(accord.md#", "(acord.md#")
    code, out = check(capsys, esite)
    assert code == 1
    assert "\ncontent/fr/accord.md\n  line 10: error: “[[amiadd]]” is not in the glossary\n" in out
    assert "    → did you mean “amiad”?" in out
    assert out.index("content/fr/accord.md\n") < out.index("content/fr/index.md\n")
    assert "\n2 errors, 2 warnings.\n" in out  # and both French pages changed: two stale translations


def test_strict_turns_warnings_into_errors(capsys, esite):
    edit(esite, "content/fr/accord.md", "a officialisé", "a annoncé")
    assert check(capsys, esite)[0] == 0
    code, out = check(capsys, esite, "--strict")
    assert code == 1
    assert "error: this translation is out of date" in out
    assert "1 error, 0 warnings." in out


def test_annotation_format():
    d = Diagnostic("content/fr/a, b.md", 4, "error", "link.page", "the link “x.md” points to 100% nothing",
                   "check the name:\nlinks name the .md file")
    assert annotation(d) == ("::error file=content/fr/a%2C b.md,line=4,title=link.page::"
                             "the link “x.md” points to 100%25 nothing%0A→ check the name:%0Alinks name the .md file")
    assert annotation(Diagnostic("", 0, "warning", "c", "m")) == "::warning title=c::m"
    assert annotation(Diagnostic("site.yaml", 0, "warning", "c", "m")) == "::warning file=site.yaml,title=c::m"


def test_annotations_only_in_github_actions(capsys, esite, monkeypatch):
    edit(esite, "content/fr/accord.md", "[[amiad]]", "[[amiadd]]")
    edit(esite, "content/fr/accord.md", "a officialisé", "a annoncé")
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    check(capsys, esite)
    assert "::error" not in capsys.readouterr().out
    from sitegen import cli

    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert cli.main(["--root", str(esite), "check"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert "::error file=content/fr/accord.md,line=10,title=glossary.unknown::“[[amiadd]]” is not in the glossary%0A→ did you mean “amiad”?" in lines
    assert any(line.startswith("::warning file=content/en/accord.md,line=7,title=translation.outdated::") for line in lines)


def test_a_broken_source_page_is_not_called_moved_or_deleted(esite):
    from sitegen.editing.check import run as check_run

    edit(esite, "content/fr/accord.md", "description:", "descriptoin:")
    found = check_run(esite)
    assert any(d.code == "frontmatter.required" and d.file == "content/fr/accord.md" for d in found)
    assert not [d for d in found if d.code == "translation.source"], "\n".join(d.format() for d in found)
