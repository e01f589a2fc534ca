"""The cache never changes what a build produces: a warm build equals a cold one, after any kind
of change; unchanged pages' Markdown is not rendered again."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from conftest import PROJECT, write

from sitegen import pipeline
from sitegen.errors import ERROR, Diagnostics, SiteError
from sitegen.markdown import parser as markdown


def tree(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def cold(site: Path, tmp_path: Path) -> dict:
    out = tmp_path / "cold"
    pipeline.build(site, out, pipeline.Options(), use_cache=False)
    return tree(out)


CHANGES = {
    "body": lambda s: write(s, "content/fr/accord.md", (s / "content/fr/accord.md").read_text() + "\nUn ajout.\n"),
    "title": lambda s: write(s, "content/fr/accord.md", (s / "content/fr/accord.md").read_text().replace("title: L'accord", "title: Le texte")),
    "slug": lambda s: write(s, "content/en/accord.md", (s / "content/en/accord.md").read_text().replace("slug: agreement", "slug: deal")),
    "glossary": lambda s: write(s, "content/glossary/accord-cadre.yaml", (s / "content/glossary/accord-cadre.yaml").read_text().replace("Un contrat", "Un accord")),
    "template": lambda s: write(s, "templates/page.html", (s / "templates/page.html").read_text().replace("<h1>", "<h1 class=t>")),
    "strings": lambda s: write(s, "templates/strings.yaml", (s / "templates/strings.yaml").read_text().replace("fr: Glossaire", "fr: Lexique")),
    "css": lambda s: write(s, "static/css/site.css", "body { color: navy; }\n"),
    "settings": lambda s: write(s, "site.yaml", (s / "site.yaml").read_text().replace("Site d'essai", "Autre titre")),
    "new page": lambda s: write(s, "content/fr/nouvelle.md", "---\ntitle: Nouvelle\ndescription: D\norder: 9\n---\nVoir [[amiad]].\n"),
    "deleted page": lambda s: (s / "content/fr/seule.md").unlink(),
    "data": lambda s: write(s, "content/data/timeline.yaml", "events:\n  - date: \"2024-03\"\n    title: {fr: S, en: S}\n"),
    "facts": lambda s: write(s, "seeds/facts.yaml", (s / "seeds/facts.yaml").read_text().replace("8 janvier 2026.", "8 janvier.")),
}


@pytest.mark.parametrize("change", CHANGES)
def test_warm_build_after_a_change_equals_a_cold_build(site, tmp_path, change):
    out = tmp_path / "out"
    pipeline.build(site, out, pipeline.Options())
    CHANGES[change](site)
    pipeline.build(site, out, pipeline.Options())
    assert tree(out) == cold(site, tmp_path)


def test_warm_build_renders_only_the_changed_markdown(site, tmp_path, monkeypatch):
    out = tmp_path / "out"
    pipeline.build(site, out, pipeline.Options())
    CHANGES["body"](site)
    texts = []
    real = markdown.render
    monkeypatch.setattr(markdown, "render", lambda md, text, env: texts.append(text) or real(md, text, env))
    second = pipeline.build(site, out, pipeline.Options())
    assert len(texts) == 1 and "Un ajout." in texts[0]
    # Only the page and the outputs that show it are rendered; the others come from the cache.
    assert "fr/accord/index.html" in second.rendered and "fr/index.html" not in second.rendered
    assert list((site / ".cache").rglob("templates/*.cache"))  # compiled templates, reused by the next process
    (saved,) = [p.stat().st_mtime_ns for p in (site / ".cache").rglob("cache.pickle")]
    pipeline.build(site, out, pipeline.Options())
    # Nothing changed: the cache is not written again.
    assert [p.stat().st_mtime_ns for p in (site / ".cache").rglob("cache.pickle")] == [saved]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out", "site"]
    assert tree(out) == cold(site, tmp_path)
    (out / "fr/index.html").unlink()  # by hand: the next build makes it again
    pipeline.build(site, out, pipeline.Options())
    assert tree(out) == cold(site, tmp_path)


def test_a_damaged_cache_means_a_cold_build(site, tmp_path):
    out = tmp_path / "out"
    pipeline.build(site, out, pipeline.Options())
    for cache_file in (site / ".cache").rglob("cache.pickle"):
        cache_file.write_bytes(b"not a pickle")
    result = pipeline.build(site, out, pipeline.Options())
    assert "fr/accord/index.html" in result.rendered
    assert tree(out) == cold(site, tmp_path)


def synthetic(path: Path, pages: int, glossary: int) -> Path:
    sys.path.insert(0, str(Path(__file__).parents[2] / "bench"))
    from synth import generate
    return generate(path, pages=pages, glossary=glossary)


def test_the_benchmark_sites_pass_check(tmp_path):
    """What the benchmark times is a site an editor could have made: no error, no warning."""
    site = synthetic(tmp_path / "synth", 12, 5)
    done = subprocess.run([sys.executable, str(PROJECT / "build.py"), "--root", str(site), "check", "--strict"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "Everything is in order." in done.stdout + done.stderr, done.stderr


def test_parallel_build_equals_single_process_build(tmp_path, monkeypatch):
    """Worker processes render shares of the pages; the output must not depend on how many."""
    from sitegen.render import parallel
    monkeypatch.setattr(parallel, "MIN_PAGES", 10)
    site = synthetic(tmp_path / "synth", 30, 8)
    one, two = tmp_path / "one", tmp_path / "two"
    pipeline.build(site, one, pipeline.Options(jobs=1), use_cache=False)
    result = pipeline.build(site, two, pipeline.Options(jobs=2))
    assert len(result.rendered) == result.outputs - len(result.copies)
    assert tree(one) == tree(two)
    warm = pipeline.run(site, pipeline.Options(jobs=2), cache=None)  # in memory, parallel too
    assert {k: v for k, v in warm.files.items()} == {k: v for k, v in tree(one).items() if k in warm.files}
    # What the workers rendered is in the cache as if rendered here: the next build renders nothing,
    # not even Markdown.
    monkeypatch.setattr(markdown, "render", lambda *args: pytest.fail("Markdown rendered again"))
    pipeline.build(site, two, pipeline.Options(jobs=2))
    assert tree(two) == tree(one)


def test_a_build_that_keeps_no_cache_gets_no_html_back_from_its_workers(tmp_path, monkeypatch):
    """--no-cache: the workers write the pages and send back only what the checks need, so the
    main process does not hold every page's HTML (35 MiB at 2 x 1000 pages); the site is the same."""
    from sitegen.render import parallel
    monkeypatch.setattr(parallel, "MIN_PAGES", 10)
    site = synthetic(tmp_path / "synth", 30, 8)
    one, two = tmp_path / "one", tmp_path / "two"
    pipeline.build(site, one, pipeline.Options(jobs=1), use_cache=False)
    result = pipeline.build(site, two, pipeline.Options(jobs=2), use_cache=False)
    assert tree(one) == tree(two)
    assert {body.html for body in result.stages.rendered.values()} == {""}
    assert all(body.links is not None and body.terms is not None for body in result.stages.rendered.values())


def test_rendered_markdown_is_kept_compressed_and_read_whole():
    """A page's HTML is compressed when pickled (into the cache, or back from a worker), and reads
    the same after."""
    import pickle

    from sitegen.markdown.renderer import Rendered
    text = "<p>Un accord-cadre entre le ministère et Mistral AI.</p>\n" * 200
    rendered = Rendered(text, [], frozenset(), (), [], frozenset(), "d")
    kept = pickle.dumps(rendered)
    assert len(kept) < len(text.encode("utf-8")) / 10
    assert pickle.loads(kept).html == text and pickle.loads(pickle.dumps(pickle.loads(kept))) == pickle.loads(kept)


def test_a_template_error_in_worker_processes_is_reported_in_the_preview(tmp_path, monkeypatch):
    """A template that fails in the workers is reported at its line, as in one process, also when the
    files are kept in memory (the preview): it was an internal error, the failed page having no
    output for the main process to take."""
    from sitegen.render import parallel
    monkeypatch.setattr(parallel, "MIN_PAGES", 10)
    site = synthetic(tmp_path / "synth", 30, 8)
    base = site / "templates" / "base.html"
    base.write_text(base.read_text(encoding="utf-8") + "{{ page.no_such_field }}\n", encoding="utf-8")
    diag = Diagnostics(site)
    with pytest.raises(SiteError):
        pipeline.run(site, pipeline.Options(jobs=2), diag)
    assert {(d.code, d.file) for d in diag.items if d.level == ERROR} == {("template.render", "templates/base.html")}


@pytest.mark.parametrize("count", [1, 7, 8, 400, 2002, 10002])
def test_worker_shares_cover_every_page_once_and_shrink_toward_the_end(count):
    from sitegen.workers import MIN_CHUNK, chunks

    chunks = chunks(count, 2)
    assert [i for chunk in chunks for i in chunk] == list(range(count))
    sizes = [len(chunk) for chunk in chunks]
    assert sizes == sorted(sizes, reverse=True) and max(sizes[-2:]) <= MIN_CHUNK


def test_pages_parsed_in_workers_are_those_one_process_parses_with_the_same_problems_in_order(site, monkeypatch):
    from sitegen.cache import MIN_PARSED, Cache
    from sitegen.load import frontmatter

    for i in range(MIN_PARSED):
        broken = i % 97 == 5  # a few pages the workers must report, in the order one process would
        write(site, f"content/fr/s{i // 50}/p{i}.md",
              "---\ntitle: [\n---\n" if broken else f"---\ntitle: Page {i}\ndescription: D.\norder: {i}\n---\nTexte {i}.\n")
    parsed_here = []
    parse = frontmatter.parse
    monkeypatch.setattr(frontmatter, "parse", lambda *a, **k: parsed_here.append(a[0]) or parse(*a, **k))
    results = []
    for jobs in (1, 2):
        parsed_here.clear()
        diag = Diagnostics(site)
        loaded = pipeline.load(site, pipeline.Options(jobs=jobs), diag, Cache())
        results.append((loaded.documents, [(d.code, d.file, d.line) for d in diag.items], len(parsed_here)))
    (one, one_found, one_parsed), (two, two_found, two_parsed) = results
    assert one_parsed == len(one) and two_parsed == 0  # with two jobs, the workers parsed every page
    assert one == two and one_found == two_found
    assert sum(doc is None for doc in two.values()) == 5 and len(two_found) >= 5
    assert all(doc.text_hash for path, doc in two.items() if doc and "/fr/" in str(path))


def test_a_file_added_by_hand_to_an_unchanged_site_goes_with_the_next_build(site, tmp_path):
    out = tmp_path / "out"
    pipeline.build(site, out, pipeline.Options())
    pipeline.build(site, out, pipeline.Options())  # nothing changed
    (out / "fr/accord/notes.txt").write_text("mine\n")
    pipeline.build(site, out, pipeline.Options())
    assert not (out / "fr/accord/notes.txt").exists() and tree(out) == cold(site, tmp_path)


def test_a_cold_build_keeps_no_cache(site, tmp_path):
    out = tmp_path / "out"
    pipeline.build(site, out, pipeline.Options(), use_cache=False)
    pipeline.build(site, out, pipeline.Options(), use_cache=False)
    assert not (site / ".cache").exists()
