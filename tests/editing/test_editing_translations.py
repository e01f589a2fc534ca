"""Translation tracking end to end: the status table, --mark-done, the stable hash, the notice
readers see, the edit links, and the preview's status page."""
from __future__ import annotations

import re

from conftest import run
from editing_site import edit, esite  # noqa: F401 - fixture

from sitegen.editing.check import run as check_run
from sitegen.editing.translations import load, status_page
from sitegen.load.translation_of import digest, legacy_digest


def codes(root):
    return sorted(d.code for d in check_run(root))


def test_status_table(capsys, esite):
    edit(esite, "content/fr/accord.md", "- La durée.", "- La durée, pluriannuelle.")
    code, out = run(capsys, esite, "translations")
    assert code == 0, out
    lines = out.splitlines()
    assert re.match(r"Page +Languages +Status +Changed sections$", lines[0])
    assert re.search(r"^accord \(en\) +fr en +out of date +Ce que l'on ne sait pas$", out, re.M)
    assert re.search(r"^index \(en\) +fr en +up to date$", out, re.M)
    assert re.search(r"^glossary/amiad \(en\) +fr en +up to date$", out, re.M)
    assert "3 up to date, 1 out of date." in out


def test_mark_done_records_the_new_source(capsys, esite):
    edit(esite, "content/fr/accord.md", "- Le montant.", "- Le montant exact.")
    assert codes(esite) == ["translation.outdated"]
    before = (esite / "content/en/accord.md").read_text(encoding="utf-8")
    code, out = run(capsys, esite, "translations", "--mark-done", str(esite / "content/en/accord.md"))
    assert code == 0 and "content/en/accord.md: up to date with content/fr/accord.md" in out
    after = (esite / "content/en/accord.md").read_text(encoding="utf-8")
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines()) if a != b]
    assert len(changed) == 1 and changed[0][1].startswith('translation_of: "')  # nothing else touched
    assert "Le montant exact." in (esite / "content/.translations/en/accord.md.json").read_text(encoding="utf-8")
    assert codes(esite) == []


def test_mark_done_on_a_source_page_and_a_glossary_entry(capsys, esite):
    edit(esite, "content/fr/index.md", "## Bienvenue", "## Bienvenue à tous")
    edit(esite, "content/glossary/amiad.yaml", "consacrée à", "dédiée à")
    assert codes(esite) == ["translation.outdated", "translation.outdated"]
    code, out = run(capsys, esite, "translations", "--mark-done", str(esite / "content/fr/index.md"),
                    str(esite / "content/glossary/amiad.yaml"))
    assert code == 0, out
    assert codes(esite) == []
    assert (esite / "content/glossary/amiad.yaml").read_text(encoding="utf-8").endswith('translation_of: {en: "' + _hash(esite) + '"}\n')


def _hash(root):
    from sitegen.editing.translations import load

    return load(root).glossary["amiad"].translation_of["en"]


def test_mark_done_keeps_bom_and_windows_line_endings(capsys, esite):
    path = esite / "content/en/accord.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    edit_bytes = (esite / "content/fr/accord.md")
    edit_bytes.write_text(edit_bytes.read_text(encoding="utf-8").replace("Le montant.", "Le prix."), encoding="utf-8")
    assert run(capsys, esite, "translations", "--mark-done", str(path))[0] == 0
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf---\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert codes(esite) == []


def test_mark_done_mistakes(capsys, esite):
    code, out = run(capsys, esite, "translations", "--mark-done", "README.md")
    assert code == 1 and "is not a page or a glossary entry of content/" in out
    (esite / "content/en/seule.md").write_text("---\ntitle: A\ndescription: D\n---\nText.\n", encoding="utf-8")
    code, out = run(capsys, esite, "translations", "--mark-done", str(esite / "content/en/seule.md"))
    assert code == 1 and "there is no source page content/fr/seule.md" in out
    assert "Traceback" not in out


def test_hash_ignores_what_is_not_translated(esite):
    path = esite / "content/fr/accord.md"
    text = path.read_text(encoding="utf-8")
    text = text.replace("order: 2", "order: 5\nupdated: 2026-03-01").replace(
        "la signature d'un [[accord-cadre]].", "la signature\nd'un   [[accord-cadre]].  ")
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert codes(esite) == []  # BOM, CRLF, re-wrapping, order and date: still up to date
    edit(esite, "content/fr/accord.md", "title: L'accord", "title: L'accord-cadre")
    assert codes(esite) == ["translation.outdated"]



def test_recorded_hash_never_changes():
    """Editors' files record these hashes: another value for the same text would make every
    translation of every site out of date. Hashes of the former kind, on the whole text, are
    still what files recorded before typography was left out."""
    units = ["title: Accord-cadre", "description: Ce que dit l’accord.", "## Ce que l’on sait",
             "Un paragraphe, en une ligne."]
    assert digest(units) == "caa3840693e2"
    assert legacy_digest(units) == "9c287741cf11"


def build(capsys, root, *options):
    code, out = run(capsys, root, "build", "--out", str(root / "_site"), *options)
    assert code == 0, out
    return root / "_site"


def test_readers_see_a_notice_on_stale_translations_only(capsys, esite):
    site = build(capsys, esite)
    assert "translation-notice" not in (site / "en/agreement/index.html").read_text(encoding="utf-8")
    assert "glossary__outdated" not in (site / "en/glossary/index.html").read_text(encoding="utf-8")
    edit(esite, "content/fr/accord.md", "- Le montant.", "- Le prix.")
    edit(esite, "content/glossary/amiad.yaml", "consacrée à", "dédiée à")
    site = build(capsys, esite)
    page = (site / "en/agreement/index.html").read_text(encoding="utf-8")
    assert ('<p class="translation-notice" role="note">The French version of this page has been updated since this '
            'translation. <a href="../../fr/accord/index.html">Read the French version</a></p>') in page
    assert "translation-notice" not in (site / "fr/accord/index.html").read_text(encoding="utf-8")
    assert "translation-notice" not in (site / "en/index.html").read_text(encoding="utf-8")
    glossary = (site / "en/glossary/index.html").read_text(encoding="utf-8")
    assert glossary.count('class="glossary__outdated"') == 1
    edit(esite, "content/fr/index.md", "## Bienvenue", "## Bienvenue à tous")
    assert "translation-notice" in (build(capsys, esite) / "en/index.html").read_text(encoding="utf-8")
    assert "glossary__outdated" not in (site / "fr/glossaire/index.html").read_text(encoding="utf-8")


def test_edit_links_follow_repo_url(capsys, esite):
    site = build(capsys, esite)
    page = (site / "en/agreement/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/repo/edit/main/content/en/accord.md"' in page
    assert "<time datetime=\"2026-02-03\">3\u00a0February 2026</time>" in page  # day and month on one line
    glossary = (site / "fr/glossaire/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/example/repo/edit/main/content/glossary/amiad.yaml"' in glossary
    edit(esite, "site.yaml", "repo_url: https://github.com/example/repo", 'repo_url: ""')
    site = build(capsys, esite)
    for path in ("en/agreement/index.html", "fr/glossaire/index.html"):
        assert "/edit/" not in (site / path).read_text(encoding="utf-8")
    # The deploy workflow names the repository it runs in, whatever site.yaml says.
    site = build(capsys, esite, "--repo-url", "https://github.com/owner/fork")
    page = (site / "en/agreement/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/owner/fork/edit/main/content/en/accord.md"' in page


def test_preview_status_page(esite):
    edit(esite, "content/fr/accord.md", "- Le montant.", "- Le <prix>.")
    page = status_page(load(esite))
    assert page.startswith("<!doctype html>") and '<meta name="robots" content="noindex">' in page
    assert '<tr class="out-of-date"><td>accord (en)<br><small>content/en/accord.md</small></td>' in page
    assert "+ - Le &lt;prix&gt;." in page and "<prix>" not in page
    assert page.count('<tr class="up-to-date">') == 3


def test_without_the_old_source_text_the_change_is_still_reported(capsys, esite):
    (esite / "content/.translations/en/accord.md.json").write_text("not json", encoding="utf-8")
    edit(esite, "content/fr/accord.md", "- Le montant.", "- Le prix.")
    found = [d for d in check_run(esite) if d.code == "translation.outdated"]
    assert len(found) == 1 and "the text it was translated from is not on record" in found[0].hint
    code, out = run(capsys, esite, "translations")
    assert "out of date (old text not on record)" in out


def test_unreadable_sources_are_reported_not_raised(capsys, esite):
    edit(esite, "content/glossary/amiad.yaml", "term:", "term: [")
    code, out = run(capsys, esite, "translations", "--mark-done", str(esite / "content/glossary/amiad.yaml"))
    assert code == 1 and "this glossary entry is missing or cannot be read" in out
    edit(esite, "content/fr/accord.md", "title: L'accord", "title: [")
    code, out = run(capsys, esite, "new", "content/fr/accord.md")
    assert code == 1 and "this page exists but cannot be read" in out
    code, out = run(capsys, esite, "translations", "--mark-done", "content/en/accord.md")
    assert code == 1 and "its source page content/fr/accord.md cannot be read" in out
    code, out = run(capsys, esite, "translations")
    assert re.search(r"^accord \(en\) +en +source unreadable$", out, re.M), out
    (esite / "content/en/index.md").unlink()
    code, out = run(capsys, esite, "translations", "--mark-done", "content/en/index.md")
    assert code == 1 and "this page is missing or cannot be read" in out
    (esite / "site.yaml").write_text("title: [\n", encoding="utf-8")
    for args in (["check"], ["translations"], ["translations", "--mark-done", "content/en/accord.md"],
                 ["new", "x", "--title", "X"], ["new", "--glossary", "x", "--title", "X"]):
        code, out = run(capsys, esite, *args)
        assert code == 1 and "site.yaml" in out and "Traceback" not in out, (args, out)
    assert "site.yaml cannot be read" in status_page(load(esite))


def test_pages_in_one_language_only(capsys, esite):
    (esite / "content/fr/seule.md").write_text("---\ntitle: Seule\ndescription: D\n---\nTexte.\n", encoding="utf-8")
    (esite / "content/en/alone.md").write_text("---\ntitle: Alone\ndescription: D\n---\nText.\n", encoding="utf-8")
    code, out = run(capsys, esite, "translations")
    assert re.search(r"^seule \(en\) +fr +missing$", out, re.M)
    assert re.search(r"^alone \(en\) +en +no source$", out, re.M)
    # An English page of its own is not a translation that lost its source.
    assert codes(esite) == ["translation.missing", "translation.missing"]


def test_typography_leaves_translations_up_to_date(capsys, esite):
    """Hashes recorded before typography was left out (the fixture's) hold through such edits too."""
    edit(esite, "content/fr/accord.md", "title: L'accord", "title: L’accord")
    edit(esite, "content/fr/accord.md", "Le 8 janvier 2026, l'[[amiad]] a officialisé la signature d'un [[accord-cadre]].",
         "Le 8\u00a0janvier 2026 — l’[[amiad]] a officialisé\nla signature d’un [[accord-cadre]] !   ")
    edit(esite, "content/fr/accord.md", "- Le montant.", "- Le montant ;")
    edit(esite, "content/glossary/amiad.yaml", "consacrée à l'intelligence", "consacrée à l’intelligence")
    assert codes(esite) == []
    site = build(capsys, esite)
    assert "translation-notice" not in (site / "en/agreement/index.html").read_text(encoding="utf-8")
    assert "glossary__outdated" not in (site / "en/glossary/index.html").read_text(encoding="utf-8")
    # A word changed besides: out of date, and the diff shows only the paragraph whose words changed.
    edit(esite, "content/fr/accord.md", "- La durée.", "- La durée exacte.")
    [warning] = [d for d in check_run(esite) if d.code == "translation.outdated"]
    assert "La durée exacte" in warning.hint and "janvier" not in warning.hint and "montant" not in warning.hint


def test_a_hash_recorded_now_tolerates_typography_without_its_snapshot(capsys, esite):
    code, out = run(capsys, esite, "translations", "--mark-done", "content/en/accord.md")
    assert code == 0, out
    for snapshot in (esite / "content/.translations").rglob("*.json"):
        snapshot.unlink()  # as on GitHub, where an editor writes the hash that check gives
    edit(esite, "content/fr/accord.md", "- Le montant.", "- « Le montant »")
    assert "translation.outdated" not in codes(esite)
