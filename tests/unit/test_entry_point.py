"""`python3 build.py …` from a plain shell: with a Python that lacks the generator's libraries,
build.py runs itself again with the project's .venv; with no .venv, one sentence says which
command sets it up (exit 2), in the locale's language, French by default."""
from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest

from conftest import FIXTURE, PROJECT

# The interpreter the venv was made from, without site-packages: it has none of the libraries.
BARE = [getattr(sys, "_base_executable", sys.executable), "-S"]
LOCALE = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def project_copy(tmp_path: Path) -> Path:
    """The generator alone (build.py and sitegen/), without a .venv."""
    root = tmp_path / "project"
    root.mkdir()
    shutil.copy(PROJECT / "build.py", root)
    shutil.copytree(PROJECT / "sitegen", root / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    return root


def make_venv(root: Path, with_libraries: bool) -> None:
    """A .venv as ./scripts/preview leaves it; its libraries are this test run's own, through a
    .pth file, so that nothing is downloaded."""
    subprocess.run([*BARE[:1], "-m", "venv", "--without-pip", str(root / ".venv")], check=True, timeout=120)
    if with_libraries:
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        site_packages = root / ".venv" / "lib" / version / "site-packages"
        (site_packages / "libraries.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")


def run(root: Path, *args: str, **locale: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in LOCALE and not k.startswith("PYTHON")}
    site = root / "site"
    if not site.exists():
        shutil.copytree(FIXTURE, site)
    return subprocess.run([*BARE, str(root / "build.py"), "--root", str(site), *args], cwd=root.parent,
                          env={**env, **locale}, capture_output=True, text=True, timeout=120)


def test_the_bare_python_really_lacks_the_libraries():
    found = subprocess.run([*BARE, "-c", "import markdown_it"], capture_output=True, timeout=60)
    assert found.returncode != 0


def test_a_python_without_the_libraries_runs_the_command_with_the_venv(tmp_path):
    root = project_copy(tmp_path)
    make_venv(root, with_libraries=True)
    done = run(root, "check")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Internal error" not in done.stderr
    assert (root / "site" / ".cache" / "sitegen" / "check").is_dir()  # the check really ran


def test_a_python_with_only_some_of_the_libraries_runs_the_command_with_the_venv(tmp_path):
    """PyYAML and Jinja are on many systems: markdown-it missing was an internal error."""
    root = project_copy(tmp_path)
    make_venv(root, with_libraries=True)
    some = tmp_path / "some"
    some.mkdir()
    for name in ("yaml", "jinja2", "markupsafe"):
        (some / name).symlink_to(Path(importlib.util.find_spec(name).origin).parent)
    done = run(root, "check", PYTHONPATH=str(some))
    assert done.returncode == 0, done.stdout + done.stderr
    assert (root / "site" / ".cache" / "sitegen" / "check").is_dir()  # the check really ran, with the venv


def test_without_a_venv_one_sentence_says_how_to_set_it_up_in_french_by_default(tmp_path):
    done = run(project_copy(tmp_path), "check")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1 and "Traceback" not in done.stderr
    assert "lancez une fois ./scripts/preview" in done.stderr


@pytest.mark.parametrize("locale, words", [
    ({"LANG": "en_GB.UTF-8"}, "run ./scripts/preview once"),
    ({"LC_ALL": "fr_FR.UTF-8", "LANG": "en_US.UTF-8"}, "lancez une fois"),
    ({"LANGUAGE": "en:fr", "LANG": "fr_FR.UTF-8"}, "run ./scripts/preview once"),
    ({"LANG": "de_DE.UTF-8"}, "lancez une fois"),
])
def test_the_sentence_follows_the_locale(tmp_path, locale, words):
    done = run(project_copy(tmp_path), "build", **locale)
    assert done.returncode == 2 and words in done.stderr


def test_a_venv_without_the_libraries_says_so_instead_of_running_itself_again(tmp_path):
    root = project_copy(tmp_path)
    make_venv(root, with_libraries=False)
    done = run(root, "check", LANG="en_US.UTF-8")
    assert done.returncode == 2
    assert "run ./scripts/preview once" in done.stderr


def test_the_language_is_read_as_gettext_reads_it(monkeypatch):
    spec = importlib.util.spec_from_file_location("build_entry", PROJECT / "build.py")
    entry = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(entry)
    for name in LOCALE:
        monkeypatch.delenv(name, raising=False)
    assert entry.language() == "fr"
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert entry.language() == "en"
    monkeypatch.setenv("LC_MESSAGES", "C")  # set, and naming neither language: the site's default
    assert entry.language() == "fr"
    monkeypatch.setenv("LANGUAGE", "")  # empty counts as unset
    monkeypatch.setenv("LC_ALL", "en")
    assert entry.language() == "en"
