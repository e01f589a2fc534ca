"""The glossary page stays small however many pages use a term."""
from __future__ import annotations

import re

from conftest import run, write


def test_a_term_used_on_many_pages_lists_three_and_counts_the_rest(real_site, capsys, tmp_path):
    for i in range(8):
        write(real_site, f"content/fr/t{i}.md", f"---\ntitle: Page {i}\ndescription: D.\n---\nVoir [[amiad]].\n")
    out = tmp_path / "out"
    code, printed = run(capsys, real_site, "build", "--quiet", "--out", str(out))
    assert code == 0, printed
    page = (out / "fr/glossaire/index.html").read_text(encoding="utf-8")
    entry = page[page.index('id="amiad"'):]
    used = entry[entry.index('class="glossary__used"'):]
    used = used[:used.index("</p>")]
    listed = re.findall(r'<a href="([^"]+)"', used)
    assert len(listed) == 3
    # the real pages that use the term, plus the eight new ones
    total = sum("[[amiad" in p.read_text(encoding="utf-8") for p in (real_site / "content/fr").glob("*.md"))
    assert used.endswith(f" et {total - 3} autres pages")
