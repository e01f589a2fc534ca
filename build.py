#!/usr/bin/env python3
"""The site's one entry point: python build.py build | serve | check | new  (see --help).

It works from any shell with any Python 3: when this Python lacks the generator's libraries, it
runs itself again with the project's .venv (which ./scripts/preview and ./scripts/test set up)."""
import os
import sys

VENV = os.path.join(os.path.dirname(os.path.abspath(__file__)), ".venv")
VENV_BIN = os.path.join(VENV, "Scripts") if os.name == "nt" else os.path.join(VENV, "bin")
VENV_PYTHON = os.path.join(VENV_BIN, "python.exe" if os.name == "nt" else "python")

# Said before any library can be imported, so it cannot come from the message catalogs.
MISSING = {
    "fr": "Les bibliothèques du générateur ne sont pas installées : lancez une fois {setup}, "
          "puis relancez cette commande.",
    "en": "The generator's libraries are not installed: run {setup} once, then this command again.",
}
SETUP = {
    "fr": r"py -m venv .venv puis .venv\Scripts\python -m pip install -c constraints.txt -e .",
    "en": r"py -m venv .venv then .venv\Scripts\python -m pip install -c constraints.txt -e .",
} if os.name == "nt" else {"fr": "./scripts/preview", "en": "./scripts/preview"}


def language() -> str:
    """The locale's language, as the generator reads it (sitegen/languages.py, standard library
    only); French, the site's default, unless it names English (site.yaml cannot be read without
    the libraries)."""
    from sitegen.languages import from_locale

    return from_locale(os.environ) or "fr"


def run_with_venv() -> int:
    """Runs this command with .venv's Python; 2 (wrong usage) when there is none to run."""
    here = os.path.dirname(os.path.abspath(sys.executable)) if sys.executable else ""
    if not os.path.isfile(VENV_PYTHON) or os.path.normcase(here) == os.path.normcase(VENV_BIN):
        lang = language()
        sys.stderr.write(MISSING[lang].format(setup=SETUP[lang]) + "\n")
        return 2
    argv = [VENV_PYTHON, os.path.abspath(__file__), *sys.argv[1:]]
    if os.name == "nt":  # Windows' execv starts a new process and ends this one at once, losing its exit status
        import subprocess

        return subprocess.call(argv)
    os.execv(VENV_PYTHON, argv)
    return 0  # not reached


# Every library the generator imports (pyproject.toml's dependencies), looked up without importing
# them: a Python that has some (PyYAML and Jinja come with many systems) but not markdown-it
# imported sitegen.cli and then failed inside the command as an internal error.
LIBRARIES = ("yaml", "jinja2", "markdown_it", "mdit_py_plugins", "livereload", "tornado", "watchfiles")


def has_libraries() -> bool:
    from importlib.util import find_spec

    return all(find_spec(name) is not None for name in LIBRARIES)


if __name__ == "__main__":
    if not has_libraries():
        sys.exit(run_with_venv())
    from sitegen.cli import main

    sys.exit(main(process=True))
