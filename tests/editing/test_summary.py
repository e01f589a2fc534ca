"""`build.py summary --base REF`: the job summary of a pull request, from a git repository whose
`main` is the base and whose branch is the editor's change."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from conftest import run, write
from editing_site import edit, esite  # noqa: F401 - fixture
from sitegen.editing import summary as summary_mod


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org",
                           "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
                          cwd=root, check=True, capture_output=True, text=True, timeout=60).stdout


@pytest.fixture
def repo(esite) -> Path:
    """The editors' site committed on main, with a branch `change` checked out."""
    (esite / ".gitignore").write_text("/.cache/\n/_site/\n")
    git(esite, "init", "-q")
    git(esite, "add", "-A")
    git(esite, "commit", "-q", "-m", "base")
    git(esite, "checkout", "-q", "-b", "change")
    return esite


def commit(root: Path) -> None:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "change")


def summary(capsys, root: Path, base: str = "main") -> str:
    code, out = run(capsys, root, "summary", "--base", base)
    assert code == 0, out
    return out


def test_a_changed_page_is_listed_with_its_address_and_its_outdated_translation(capsys, repo):
    edit(repo, "content/fr/accord.md", "- La durée.", "- La durée, pluriannuelle.")
    commit(repo)
    out = summary(capsys, repo)
    assert out.startswith("# What this change does to the site\n")
    assert "| `/fr/accord/` | `content/fr/accord.md` | modified |" in out
    assert "`/en/accord/`" not in out  # the English page's file did not change
    translations = out.split("## Translations this change put out of date")[1]
    assert "| `content/en/accord.md` | `content/fr/accord.md` | Ce que l'on ne sait pas |" in translations
    assert "0 errors, 1 warning." in out
    assert "translations --mark-done" in translations


def test_added_deleted_glossary_and_draft_pages(capsys, repo):
    write(repo, "content/fr/calendrier.md", "---\ntitle: Le calendrier\ndescription: Les dates.\n---\nTexte.\n")
    write(repo, "content/en/calendrier.md", "---\ntitle: Timeline\ndescription: Dates.\ndraft: true\nslug: timeline\n---\nText.\n")
    edit(repo, "content/glossary/amiad.yaml", "AMIAD", "AMIAD ")
    commit(repo)
    git(repo, "rm", "-q", "content/en/index.md")
    commit(repo)
    out = summary(capsys, repo)
    assert "| `/fr/calendrier/` | `content/fr/calendrier.md` | added |" in out
    assert "| `/en/timeline/` | `content/en/calendrier.md` | added (draft, not published) |" in out
    assert "| — | `content/en/index.md` | deleted |" in out
    assert "| `/fr/glossaire/` | `content/glossary/amiad.yaml` | glossary entry |" in out
    assert "any page may look different" not in out


def test_nothing_changed_and_a_template_changed(capsys, repo):
    out = summary(capsys, repo)
    assert "No page and no glossary entry changed." in out and "\nNone.\n" in out
    edit(repo, "templates/base.html", "</body>", "<!-- new footer -->\n</body>")
    commit(repo)
    assert "any page may look different" in summary(capsys, repo)


def test_only_the_changes_since_the_merge_base_count(capsys, repo):
    git(repo, "checkout", "-q", "main")
    edit(repo, "content/fr/index.md", "## Bienvenue", "## Bienvenue à tous")
    commit(repo)  # main moved on after the branch was made: not this change's doing
    git(repo, "checkout", "-q", "change")
    assert "No page and no glossary entry changed." in summary(capsys, repo)


def test_errors_are_listed_and_table_cells_stay_whole(capsys, repo):
    write(repo, "content/fr/accord.md", "---\ntitle: A\ndescription: D\n---\n[cassé](absente.md)\n")
    commit(repo)
    out = summary(capsys, repo)
    assert "2 errors, 1 warning." in out  # the page's link, and a link to its heading now gone
    line = next(line for line in out.splitlines() if "absente.md" in line)
    assert line.startswith("| `content/fr/accord.md`:5 | error |") and line.count(" | ") == 2
    assert summary_mod._cell("a | b\n  c") == "a \\| b c"


def test_the_summary_speaks_the_catalogs_language(capsys, repo, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "fr_FR")
    edit(repo, "content/fr/accord.md", "- La durée.", "- La durée, pluriannuelle.")
    commit(repo)
    out = summary(capsys, repo)
    assert out.startswith("# Ce que cette modification change au site\n")
    assert "| `/fr/accord/` | `content/fr/accord.md` | modifiée |" in out


def test_a_base_git_does_not_know_is_a_usage_error_in_one_sentence(capsys, repo):
    code, out = run(capsys, repo, "summary", "--base", "origin/nowhere")
    assert code == 2
    assert out.startswith("Cannot compare with “origin/nowhere” (") and out.count("\n") == 1, out
