"""Every adversarial case of the trust work, through the command line as an editor runs it: each
ends in a plain message (exit 1 or 2), never in “Internal error” (exit 3, kept for real bugs)."""
from __future__ import annotations

import os

import pytest
from conftest import run, write

PAGE = "---\ntitle: T\ndescription: D\n---\n"
BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi"))


def nested_lists(site):
    write(site, "content/fr/seule.md", PAGE + "".join("  " * i + "- item\n" for i in range(12)) + "\nThe end.\n")


def outside_file(tmp_path):
    secret = tmp_path / "outside.txt"
    secret.write_text("SECRET-OUTSIDE\n")
    return secret


CASES = {
    "twelve nested list items": lambda site, tmp: nested_lists(site),
    "static link to the environment": lambda site, tmp: os.symlink("/proc/self/environ", site / "static/env.txt"),
    "page linked outside": lambda site, tmp: os.symlink(outside_file(tmp), site / "content/fr/dehors.md"),
    "folder linked outside": lambda site, tmp: os.symlink(tmp, site / "content/fr/dossier"),
    "glossary entry linked outside": lambda site, tmp: os.symlink(outside_file(tmp), site / "content/glossary/x.yaml"),
    "template linked outside": lambda site, tmp: os.symlink(outside_file(tmp), site / "templates/extra.html"),
    "link loop": lambda site, tmp: os.symlink("..", site / "content/fr/loop"),
    "alias bomb in front matter": lambda site, tmp: write(site, "content/fr/seule.md", f"---\ntitle: T\ndescription: D\n{BOMB}---\n"),
    "alias bomb in a glossary entry": lambda site, tmp: write(site, "content/glossary/bombe.yaml", BOMB),
    "alias bomb in site.yaml": lambda site, tmp: write(site, "site.yaml", (site / "site.yaml").read_text() + BOMB),
    "recursive alias": lambda site, tmp: write(site, "content/fr/seule.md", "---\ntitle: T\ndescription: D\nr: &r [*r]\n---\n"),
    "slug with a line break": lambda site, tmp: write(site, "content/fr/seule.md", '---\ntitle: T\ndescription: D\nslug: "evil\\n"\n---\n'),
    "file name with a space": lambda site, tmp: write(site, "content/fr/My Page.md", PAGE),
    "three mistakes in three pages": lambda site, tmp: (
        write(site, "content/fr/seule.md", "---\ndescription: D\n---\n"),
        write(site, "content/fr/accord.md", (site / "content/fr/accord.md").read_text() + "\n[[inconnu]]\n"),
        write(site, "content/en/accord.md", (site / "content/en/accord.md").read_text() + "\n[x](nowhere.md)\n")),
}


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("command", ["build", "check"])
def test_every_case_ends_in_a_plain_message(capsys, site, tmp_path, case, command):
    CASES[case](site, tmp_path)
    code, out = run(capsys, site, command)
    assert code == 1, out
    assert "Internal error" not in out and "Traceback" not in out and "SECRET-OUTSIDE" not in out, out


@pytest.mark.parametrize("out", ["site.yaml/x", "content/fr/out", ".", ".."])
def test_an_unusable_out_folder_is_a_usage_error(capsys, site, out):
    code, said = run(capsys, site, "build", "--out", str(site / out))
    assert code == 2 and "Internal error" not in said and said.strip().count("\n") == 0, said
