"""The editors' guide: every Markdown and YAML example, copied into a page or a glossary file of
a copy of the real site, passes `check` (a page example in a page, a glossary example as an entry)."""
from __future__ import annotations

import dataclasses
import re
import shutil

import pytest
from editing_site import PROJECT

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
