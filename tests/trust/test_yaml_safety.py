"""No YAML file can make the build hang, eat the memory or crash: each refusal names file and line.

Every case runs `build.py check` in a child process with its address space capped and a time
limit, so a regression shows as a failure rather than a machine out of memory or a dead test run.
The limits only guard against hangs and blow-ups; they are not a speed test.
"""
from __future__ import annotations

import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, write

from sitegen.errors import Diagnostics
from sitegen.load.yamlio import MAX_DEPTH, MAX_SIZE, parse_yaml

MEMORY = 1 << 30  # the fixture site's check needs a tenth of it; the bomb below would need gigabytes
TIMEOUT = 20  # seconds, interpreter start included, on a busy machine; a refusal itself takes milliseconds

# Nine lists of nine aliases of the list before: 9**9 “lol”s, 400 bytes of text.
BOMB = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n' + "".join(
    f"{c}: &{c} [{','.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
RECURSIVE = "r: &r [*r]\n"
DEEP = "a: " + "[" * 100_000 + "]" * 100_000 + "\n"  # crashed the C loader's composer


def check(root: Path):
    """(exit status, output) of `build.py check --no-cache` on `root`, in a capped child process."""
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(root), "check", "--no-cache"],
                          capture_output=True, text=True, timeout=TIMEOUT, preexec_fn=cap)
    return done.returncode, done.stdout + done.stderr


# (file, its text with `yaml` in it, the file line where `yaml` starts)
def front_matter(yaml):
    return "content/fr/seule.md", f"---\n{yaml}title: T\ndescription: D\n---\nTexte.\n", 2


def whole(rel):
    return lambda yaml: (rel, yaml, 1)


PLACES = {
    "front matter": front_matter,
    "glossary": whole("content/glossary/amiad.yaml"),
    "site.yaml": whole("site.yaml"),
    "data": whole("content/data/timeline.yaml"),
    "strings": whole("templates/strings.yaml"),
    "facts": whole("seeds/facts.yaml"),
}


@pytest.mark.parametrize("place", PLACES)
@pytest.mark.parametrize("yaml, message, line", [
    (BOMB, "anchors (&name) and aliases (*name) are not allowed here", 0),
    (RECURSIVE, "anchors (&name) and aliases (*name) are not allowed here", 0),
    (DEEP, f"the YAML here is nested more than {MAX_DEPTH} levels deep", 0),
    # The line holding the 1,048,577th character: after “k:” and whole lines of six.
    ("k:\n" + "  - x\n" * (MAX_SIZE // 6 + 1), "this YAML is longer than 1,048,576 characters", 1 + (MAX_SIZE - 3) // 6),
], ids=["bomb", "recursive-alias", "deep", "oversized"])
def test_hostile_yaml_is_refused_with_its_file_and_line(site, place, yaml, message, line):
    rel, text, first = PLACES[place](yaml)
    write(site, rel, text)
    status, out = check(site)
    assert status == 1, out[-2000:]
    # The file's heading, maybe other problems of the file, then this one.
    assert re.search(rf"^{re.escape(rel)}\n(  .*\n)*?  line {first + line}: error: {re.escape(message)}", out, re.M), out[-2000:]
    assert "Internal error" not in out and "Traceback" not in out


def test_plain_ampersands_and_asterisks_still_read(diag):
    """Only anchors and aliases are refused, not the characters: R&D, *emphasis* in a block, quoted."""
    text = 'title: R&D et IA\ndefinition: |\n  Un *mot* & un autre.\nnote: "*cité*"\n'
    data, lines = parse_yaml(text, Path("x.yaml"), diag)
    assert data == {"title": "R&D et IA", "definition": "Un *mot* & un autre.\n", "note": "*cité*"}
    assert not diag.items and lines[("note",)] == 4


def test_nesting_up_to_the_limit_still_reads(diag):
    """As deep as allowed (the top mapping is one level), and many dashes and colons that are no level."""
    text = "a: " + "[" * (MAX_DEPTH - 1) + "1" + "]" * (MAX_DEPTH - 1) + "\n" + "b:\n" + "  - 'x: -'\n" * MAX_DEPTH
    data, _ = parse_yaml(text, Path("x.yaml"), diag)
    assert not diag.items and data["b"] == ["x: -"] * MAX_DEPTH
    parse_yaml("a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n", Path("x.yaml"), diag)
    assert [d.code for d in diag.items] == ["yaml.depth"]


def test_new_quotes_what_the_loader_would_refuse():
    from sitegen.editing.scaffold import scalar
    assert scalar("R&D") == "R&D"
    assert scalar("&a titre") == '"&a titre"' and scalar("*titre") == '"*titre"'
