"""The editors' guide: every Markdown and YAML example, copied into a page or a glossary file of
a copy of the real site, passes `check` (a page example in a page, a glossary example as an entry)."""
from __future__ import annotations

import dataclasses
import re
import shutil

import pytest
from editing_site import PROJECT

from sitegen import messages
from sitegen.editing.check import run as check_run
from sitegen.errors import Diagnostics
from sitegen.load import config
from sitegen.load import facts as sources

_BLOCK = re.compile(r"^```(markdown|yaml)\n(.*?)^```$", re.M | re.S)
_STATIC = re.compile(r"\]\(\.\./\.\./(static/[^)\s]+)\)")


@pytest.mark.parametrize("guide, lang", [("EDITING.md", "fr"), ("EDITING.en.md", "en")])
def test_guide_examples_pass_check(tmp_path, guide, lang):
    root = tmp_path / "site"
    root.mkdir()
    for name in ("content", "templates", "static", "seeds"):
        shutil.copytree(PROJECT / name, root / name)
    shutil.copy(PROJECT / "site.yaml", root)
    examples = _BLOCK.findall((PROJECT / guide).read_text(encoding="utf-8"))
    assert len(examples) >= 6
    written = []
    for n, (kind, text) in enumerate(examples, 1):
        if kind == "yaml" and text.startswith("sources:"):  # a sources file, read as the site reads one
            facts = root / f"seeds/guide-{n}.yaml"
            facts.write_text(text, encoding="utf-8")
            diag = Diagnostics(root)
            sources.load(dataclasses.replace(config.load(root, diag), sources=facts), diag)
            assert not diag.items, "\n".join(d.format() for d in diag.items)
            continue
        if kind == "yaml":
            path = root / f"content/glossary/guide-{lang}-{n}.yaml"
        else:
            path = root / f"content/{lang}/guide-{n}.md"
            if not text.startswith("---\n"):
                text = f"---\ntitle: Example {n}\ndescription: An example from the guide.\n---\n\n{text}"
            for static in _STATIC.findall(text):  # the guide's first step: put the file in static/
                (root / static).parent.mkdir(parents=True, exist_ok=True)
                (root / static).write_bytes(b"\x89PNG\r\n\x1a\n")
        path.write_text(text, encoding="utf-8")
        written.append(path.relative_to(root).as_posix())
    found = check_run(root)
    assert not [d for d in found if d.level == "error"], "\n".join(d.format() for d in found)
    # A lone example page has no translation; an example entry is used by no page yet and, written
    # by hand, does not record its translation yet. Nothing else.
    remarks = {(d.file, d.code) for d in found if d.file in written}
    assert {code for _, code in remarks} <= {"translation.missing", "glossary.unused", "translation.untracked"}, remarks


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_the_guide_lists_every_message_of_its_catalog(lang):
    guide = (PROJECT / messages.GUIDES[lang]).read_text(encoding="utf-8")
    assert guide.count(messages.GUIDE_START) == 1 and guide.count(messages.GUIDE_END) == 1
    listed = guide.split(messages.GUIDE_START)[1].split(messages.GUIDE_END)[0].strip()
    assert listed == messages.guide(lang).strip(), (
        f"{messages.GUIDES[lang]} does not list the messages of sitegen/messages/{lang}.yaml: "
        f"run python3 -m sitegen.messages --guide {lang}")


def test_every_message_with_a_hint_is_in_a_group_of_the_guides():
    grouped = {prefix for _, prefixes in messages.GUIDE_GROUPS for prefix in prefixes}
    entries = messages.catalog("en")
    assert not {key for key, entry in entries.items()
                if isinstance(entry, dict) and "message" in entry and key.split(".")[0] not in grouped}


def test_no_message_nor_doc_advises_deleting_the_translation_records():
    """content/.translations/ keeps what each translation was made from: an editor told to delete a
    record lost the history the guide says never to touch. Keep it, or regenerate it."""
    texts = [part for lang in messages.LANGUAGES for entry in messages.catalog(lang).values()
             for part in ([entry] if isinstance(entry, str) else entry.values())]
    for doc in ("EDITING.md", "EDITING.en.md", "README.md"):
        texts += re.split(r"(?<=[.;])\s|\n(?=- )|\n\n", (PROJECT / doc).read_text(encoding="utf-8"))
    advice = re.compile(r"\b(delete|remove|supprime\w*|effac\w*)\b", re.I)
    assert not [t for t in texts if ".translations" in t and advice.search(t)]
    # The warning about a record is reported at the record itself, under content/.translations/.
    assert not [lang for lang in messages.LANGUAGES if advice.search(messages.text("translation.record", "hint", lang))]
