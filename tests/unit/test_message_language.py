"""Messages in the editor's language: the catalogs agree with each other and with the code, the
language is chosen as gettext chooses it (the site's own language in the C locale), and only the
messages change with it, never the site."""
from __future__ import annotations

import ast
import filecmp
import os
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import PROJECT, run, write

from sitegen import cli, messages

CATALOGS = PROJECT / "sitegen/messages"
SAY = {"error", "warning", "add", "err", "say"}  # what reports or prints a message


def parts(entry) -> dict:
    return {"message": entry} if isinstance(entry, str) else entry


def fields(template: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def test_both_catalogs_have_every_entry_with_the_same_placeholders():
    fr, en = messages.catalog("fr"), messages.catalog("en")
    assert fr.keys() == en.keys(), set(fr) ^ set(en)
    for key in fr:
        fr_parts, en_parts = parts(fr[key]), parts(en[key])
        assert fr_parts.keys() == en_parts.keys(), key
        for part, text in fr_parts.items():
            assert isinstance(text, str) and text.strip() and en_parts[part].strip(), (key, part)
            assert fields(text) == fields(en_parts[part]), (key, part)


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_the_catalogs_keep_their_keys_in_alphabetical_order(lang):
    text = (CATALOGS / f"{lang}.yaml").read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in text.splitlines() if line and not line.startswith(("#", " "))]
    assert keys == sorted(keys)
    assert keys == list(yaml.safe_load(text))  # one line each: none is written twice


def _calls():
    """(file, call) for every call in sitegen/ that reports or prints a message."""
    for path in sorted((PROJECT / "sitegen").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, (ast.Attribute, ast.Name)):
                name = node.func.attr if isinstance(node.func, ast.Attribute) else node.func.id
                if name in SAY or name == "print":
                    yield path.relative_to(PROJECT).as_posix(), node


def _english(node) -> bool:
    """Text written in the code: a non-empty string constant or an f-string with words in it."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and any(c.isalpha() for c in node.value)
    if isinstance(node, ast.JoinedStr):
        return any(_english(v) for v in node.values)
    return False


def test_no_message_is_written_in_the_code():
    """Every sentence comes from the catalogs, so no message drifts back into English only. A
    diagnostic's first argument (its code, `add`'s first two) and `entry=` name catalog entries."""
    found = []
    for file, call in _calls():
        name = call.func.attr if isinstance(call.func, ast.Attribute) else call.func.id
        skip = 2 if name in ("add", "err") else 0 if name in ("say", "print") else 1  # err: a setting, an entry
        said = [*call.args[skip:], *(k.value for k in call.keywords if k.arg in ("message", "hint"))]
        if any(_english(arg) for arg in said):
            found.append(f"{file}:{call.lineno}")
    assert not found, found


def test_every_entry_the_code_names_is_in_the_catalogs():
    catalog = messages.catalog("en")
    named = set()
    for path in (PROJECT / "sitegen").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            entry = next((k.value for k in node.keywords if k.arg == "entry"), None)
            if node.func.attr == "text" and node.args:
                entry = node.args[0]
            elif node.func.attr in ("error", "warning") and node.args and entry is None and len(node.args) < 4:
                entry = node.args[0]  # a diagnostic without its own message: its code is the entry
            if isinstance(entry, ast.Constant) and isinstance(entry.value, str) and "." in entry.value:
                named.add(entry.value)
    assert len(named) > 100
    assert not {key for key in named if key not in catalog}


@pytest.mark.parametrize("environ, lang", [
    ({}, None),
    ({"LANG": "fr_FR.UTF-8"}, "fr"),
    ({"LANG": "en_GB.UTF-8"}, "en"),
    ({"LANG": "C.UTF-8"}, None),
    ({"LANG": "POSIX"}, None),
    ({"LANG": "de_DE.UTF-8"}, None),
    ({"LANG": "fr"}, "fr"),
    ({"LANG": "fr_CA.UTF-8@euro"}, "fr"),
    ({"LC_MESSAGES": "en_US.UTF-8", "LANG": "fr_FR.UTF-8"}, "en"),
    ({"LC_ALL": "fr_FR.UTF-8", "LC_MESSAGES": "en_US.UTF-8"}, "fr"),
    ({"LANGUAGE": "en:fr", "LC_ALL": "fr_FR.UTF-8"}, "en"),
    ({"LANGUAGE": "de:en", "LANG": "en_US.UTF-8"}, None),  # its first entry decides
    ({"LANGUAGE": "", "LANG": "en_US.UTF-8"}, "en"),  # empty counts as unset
    ({"LC_ALL": "C", "LANG": "en_US.UTF-8"}, None),  # set, and naming neither: the site's language
])
def test_the_locale_is_read_as_gettext_reads_it(environ, lang):
    assert messages.from_locale(environ) == lang


def test_lang_wins_over_the_locale_which_wins_over_the_site():
    assert messages.choose("en", {"LANG": "fr_FR.UTF-8"}, lambda: "fr") == "en"
    assert messages.choose(None, {"LANG": "en_US.UTF-8"}, lambda: "fr") == "en"
    assert messages.choose(None, {"LANG": "C.UTF-8"}, lambda: "en") == "en"
    assert messages.choose(None, {}, lambda: "fr") == "fr"
    assert messages.choose(None, {}, lambda: None) == "fr"  # site.yaml unreadable: the project's French
    assert messages.choose(None, {}, lambda: "de") == "fr"  # a language without a catalog


def test_the_site_default_speaks_in_the_c_locale(site, monkeypatch):
    monkeypatch.setenv("LANGUAGE", "")
    monkeypatch.setenv("LANG", "C.UTF-8")
    root = ["--root", str(site)]
    assert cli.language(root) == "fr"
    write(site, "site.yaml", (site / "site.yaml").read_text(encoding="utf-8") + "default_language: en\n")
    assert cli.language(root) == "en"
    assert cli.language([*root, "check", "--lang", "fr"]) == "fr"
    (site / "site.yaml").write_text("languages: [\n", encoding="utf-8")  # unreadable
    assert cli.language(root) == "fr"


def _break(site: Path) -> None:
    write(site, "content/fr/casse.md", "---\ntitle: Cassé\ndescription: D\norder: deux\n---\nTexte.\n")
    write(site, "content/fr/terme.md", "---\ntitle: Terme\ndescription: D\n---\n[[inconnu]]\n")


def _check(site: Path, *args: str, **locale: str) -> str:
    env = {k: v for k, v in os.environ.items() if k not in messages.LOCALE_VARIABLES}
    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(site), "check", *args],
                          env={**env, **locale}, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, done.stdout + done.stderr
    return done.stdout + done.stderr


def test_check_speaks_french_in_a_french_locale_and_in_the_c_locale_and_english_when_asked(site):
    _break(site)
    for locale in ({"LANG": "fr_FR.UTF-8"}, {"LANG": "C.UTF-8"}, {}):
        out = _check(site, **locale)
        assert "« order » doit être un nombre entier, pas « deux »" in out, (locale, out)
        assert "ligne 4, erreur : « order »" in out and "Corrigez les erreurs ci-dessus" in out, out
    out = _check(site, "--lang", "en", LANG="fr_FR.UTF-8")
    assert "“order” must be a whole number, not “deux”" in out and "line 4: error" in out, out
    out = _check(site, LC_ALL="en_US.UTF-8", LANG="fr_FR.UTF-8")
    assert "Fix the errors above" in out, out


def test_a_cached_check_speaks_the_language_of_this_run(capsys, site):
    _break(site)
    code, out = run(capsys, site, "check", "--lang", "fr")
    assert code == 1 and "« [[inconnu]] » n'est pas dans le glossaire" in out
    code, out = run(capsys, site, "check")  # English, with the French run's cache there
    assert code == 1 and "“[[inconnu]]” is not in the glossary" in out and "glossaire" not in out


def test_the_site_built_is_the_same_in_either_language(capsys, site, tmp_path):
    for lang in messages.LANGUAGES:
        code, out = run(capsys, site, "build", "--lang", lang, "--out", str(tmp_path / lang), "--no-cache")
        assert code == 0, out
    compared = filecmp.dircmp(tmp_path / "fr", tmp_path / "en")
    assert not _differences(compared)


def _differences(compared: filecmp.dircmp) -> list:
    # dircmp compares by stat unless told: compare the bytes of every common file.
    _, mismatch, errors = filecmp.cmpfiles(compared.left, compared.right, compared.common_files, shallow=False)
    found = [*compared.left_only, *compared.right_only, *mismatch, *errors]
    return found + [d for sub in compared.subdirs.values() for d in _differences(sub)]


def test_the_help_speaks_the_chosen_language(capsys, site):
    with pytest.raises(SystemExit):
        cli.main(["--root", str(site), "check", "--help", "--lang", "fr"])
    out = capsys.readouterr().out
    assert out.startswith("utilisation : build.py check [-h]") and "traiter les avertissements comme des erreurs" in out
    assert "-h, --help      afficher cette aide et quitter" in out
    with pytest.raises(SystemExit):
        cli.main(["--root", str(site), "--lang", "en", "new", "--help"])
    assert "Never overwrites a file." in capsys.readouterr().out


@pytest.mark.parametrize("lang", messages.LANGUAGES)
def test_every_entry_fills_in_whatever_values_it_is_given(lang):
    """Each part formats with values for its placeholders (numbers where a format asks for one),
    and what the code quotes (commands, paths) speaks of python3, as the guides do."""
    for key, entry in messages.catalog(lang).items():
        for part, template in parts(entry).items():
            filled = messages.text(key, part, lang, **{name: 1234 for name in fields(template)})
            assert filled.strip() and "{" not in filled, (key, part)
            assert "python build.py" not in filled, (key, part)


def test_a_usage_error_speaks_the_chosen_language(capsys, site):
    with pytest.raises(SystemExit) as stop:
        cli.main(["--root", str(site), "serve", "--port", "x", "--lang", "fr"])
    err = capsys.readouterr().err
    assert stop.value.code == 2
    assert err.startswith("utilisation : build.py serve")
    assert "build.py serve : erreur : argument --port: « x » n'est pas un numéro de port (de 0 à 65535)" in err
