"""Nothing stale: a cache is used only by the generator that wrote it. An edit to the generator's
code or an upgrade of a library it renders with makes every cached value of `build` and `check`
stale, so the next run renders everything again."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from conftest import FIXTURE, PROJECT

from sitegen import cache as cache_mod
from sitegen import pipeline
from sitegen.editing import check


@pytest.fixture
def fresh_key():
    """The generator's key is computed once per process: recompute it around the test."""
    cache_mod._code.cache_clear()
    yield
    cache_mod._code.cache_clear()


def test_an_edit_to_the_generator_reaches_pages_built_with_the_cache(tmp_path):
    # A project whose generator is a copy we can edit, built by its own build.py in a new process,
    # as a maintainer would after changing what a Markdown plugin writes.
    root = tmp_path / "project"
    shutil.copytree(FIXTURE, root)
    shutil.copytree(PROJECT / "sitegen", root / "sitegen", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(PROJECT / "build.py", root / "build.py")

    def build() -> str:
        subprocess.run([sys.executable, str(root / "build.py"), "build", "-q"], cwd=root, check=True,
                       capture_output=True, timeout=120)
        return (root / "_site/fr/accord/index.html").read_text(encoding="utf-8")

    assert 'class="term"' in build()
    plugin = root / "sitegen/markdown/plugins/glossary.py"
    plugin.write_text(plugin.read_text(encoding="utf-8").replace('class="term"', 'class="glossary-term"'),
                      encoding="utf-8")
    page = build()
    assert 'class="glossary-term"' in page and 'class="term"' not in page


def test_an_upgraded_library_makes_the_build_cache_stale(site, tmp_path, monkeypatch, fresh_key):
    out = tmp_path / "out"
    pipeline.build(site, out, pipeline.Options())
    folder = pipeline.cache_folder(site, out)
    assert pipeline.Cache.load(folder).markdown  # the same generator uses it
    versions = cache_mod._library_versions()
    assert all(version for _, version in versions)  # each found where the import system finds it
    upgraded = [(name, "99.0" if name == "markdown_it_py" else version) for name, version in versions]
    monkeypatch.setattr(cache_mod, "_library_versions", lambda: upgraded)
    cache_mod._code.cache_clear()
    assert not pipeline.Cache.load(folder).markdown
    pipeline.build(site, out, pipeline.Options())
    assert pipeline.Cache.load(folder).markdown  # written again, by the upgraded generator


def test_the_check_cache_of_another_generator_is_not_used(site, monkeypatch, fresh_key):
    check.run(site)
    folder = pipeline.cache_folder(site, name="check")
    assert pipeline.Cache.load(folder).documents  # the same generator uses it
    (folder / "templates").mkdir(exist_ok=True)
    monkeypatch.setattr(cache_mod, "_library_versions", lambda: [("jinja2", "99.0")])
    cache_mod._code.cache_clear()
    assert not pipeline.Cache.load(folder).documents
    assert not (folder / "templates").exists()  # templates compiled by the other one go too
