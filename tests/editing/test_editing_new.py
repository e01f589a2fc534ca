"""`build.py new`, end to end on a copy of the editors' fixture site."""
from __future__ import annotations

import json

from conftest import run
from editing_site import esite  # noqa: F401 - fixture

from sitegen.editing.check import run as check_run
from sitegen.load.translation_of import digest, page_units


def test_new_page_pair(capsys, esite):
    code, out = run(capsys, esite, "new", "calendrier", "--title", "Le calendrier : dates clés")
    assert code == 0, out
    assert "Created content/fr/calendrier.md\nCreated content/en/calendrier.md\n" in out
    assert "open /fr/calendrier/ in the preview" in out and "127.0.0.1" not in out
    fr = (esite / "content/fr/calendrier.md").read_text(encoding="utf-8")
    assert fr.startswith('---\ntitle: "Le calendrier : dates clés"\ndescription: "À compléter')
    assert "order: 3\n" in fr and "draft" not in fr  # after the last page, published when written
    en = (esite / "content/en/calendrier.md").read_text(encoding="utf-8")
    # Not tracked yet: it will be against the text the editor writes, not the placeholder.
    assert "draft: true\n" in en and "translation_of" not in en
    found = check_run(esite, strict=False)
    assert not [d for d in found if d.level == "error"], [d.format() for d in found]
    # The English page is a draft to finish (not a missing page), the French one waits for its text.
    assert {d.code for d in found} == {"page.draft", "translation.draft", "page.placeholder"}


def test_new_page_from_its_source_copies_it_as_a_draft_to_translate(capsys, esite):
    (esite / "content/en/accord.md").unlink()
    (esite / "content/.translations/en/accord.md.json").unlink()
    code, out = run(capsys, esite, "new", "content/fr/accord.md")
    assert code == 0, out
    assert out.startswith("Created content/en/accord.md\nTo see it, open /en/accord/ in the preview")
    en = (esite / "content/en/accord.md").read_text(encoding="utf-8")
    source = (esite / "content/fr/accord.md").read_text(encoding="utf-8")
    assert en.split("---", 2)[2] == source.split("---", 2)[2]  # the text to translate
    assert "title: L'accord\n" in en and "draft: true\n" in en
    from sitegen.editing.translations import load

    src = load(esite)
    recorded = src.pages[("en", "accord")].translation_of
    assert recorded == digest(page_units(src.pages[("fr", "accord")]))
    snapshot = json.loads((esite / "content/.translations/en/accord.md.json").read_text(encoding="utf-8"))
    assert snapshot["hash"] == recorded and snapshot["source"] == "content/fr/accord.md"


def test_new_refuses_to_overwrite(capsys, esite):
    before = (esite / "content/fr/accord.md").read_bytes()
    code, out = run(capsys, esite, "new", "accord", "--title", "Autre")
    assert code == 1
    assert "content/fr/accord.md\n  error: this page and its translations already exist" in out
    assert (esite / "content/fr/accord.md").read_bytes() == before
    code, out = run(capsys, esite, "new", "--glossary", "amiad", "--title", "x")
    assert code == 1 and "this glossary entry already exists" in out


def test_new_translation_without_source_is_refused(capsys, esite):
    (esite / "content/en/seule.md").write_text("---\ntitle: Alone\ndescription: D\n---\nText.\n", encoding="utf-8")
    code, out = run(capsys, esite, "new", "seule", "--title", "Seule")
    assert code == 1 and "exists without its source page content/fr/seule.md" in out
    assert not (esite / "content/fr/seule.md").exists()


def test_new_usage_mistakes(capsys, esite):
    code, out = run(capsys, esite, "new", "Mauvais_Nom", "--title", "x")
    assert code == 1 and "cannot be a page name" in out
    code, out = run(capsys, esite, "new", "sans-titre")
    assert code == 1 and 'python3 build.py new sans-titre --title "…"' in out
    assert run(capsys, esite, "new")[0] == 2
    code, out = run(capsys, esite, "new", "--glossary", "Pas_Un_Id", "--title", "x")
    assert code == 1 and "cannot be a glossary id" in out


def test_new_glossary_entry(capsys, esite):
    code, out = run(capsys, esite, "new", "--glossary", "drone", "--title", "drone: aéronef sans pilote")
    assert code == 0, out
    assert "Created content/glossary/drone.yaml\nTo see it, open /fr/glossaire/#drone in the preview" in out
    text = (esite / "content/glossary/drone.yaml").read_text(encoding="utf-8")
    assert '  fr: "drone: aéronef sans pilote"\n' in text and "translation_of" not in text
    found = check_run(esite)
    assert not [d for d in found if d.level == "error"], [d.format() for d in found]
    assert {d.code for d in found} == {"glossary.unused", "page.placeholder"}  # the definitions to write


def test_new_page_in_a_section_goes_after_its_siblings_at_the_sections_address(capsys, esite):
    for lang, slug in (("fr", ""), ("en", "slug: section\n")):
        (esite / f"content/{lang}/rubrique").mkdir()
        (esite / f"content/{lang}/rubrique/index.md").write_text(
            f"---\ntitle: R\ndescription: D\norder: 7\n{slug}---\n", encoding="utf-8")
    (esite / "content/fr/rubrique/a.md").write_text("---\ntitle: A\ndescription: D\norder: 1\n---\n", encoding="utf-8")
    code, out = run(capsys, esite, "new", "rubrique/b", "--title", "B")
    assert code == 0 and "open /fr/rubrique/b/ in the preview" in out, out
    # Second in its section, whatever the orders of the top level and of the section page itself.
    assert "order: 2\n" in (esite / "content/fr/rubrique/b.md").read_text(encoding="utf-8")
    (esite / "content/en/rubrique/b.md").unlink()
    code, out = run(capsys, esite, "new", "content/fr/rubrique/b.md")
    assert code == 0 and "open /en/section/b/ in the preview" in out, out
