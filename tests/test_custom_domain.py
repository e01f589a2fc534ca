"""Publishing on a custom domain: `cname` in site.yaml writes the CNAME file GitHub Pages reads and
moves every absolute address (canonical, hreflang, sitemap, robots) and the 404 page's root-relative
links to that domain's root; the address the Pages workflow passes with --base-url still wins, with a
warning when it is on another host (the repository's Pages settings and site.yaml disagree)."""
from __future__ import annotations

import pytest

from conftest import run, write

DOMAIN = "ia-defense.example.org"


def build(capsys, root, *extra, said=None):
    code, out = run(capsys, root, "build", "--out", str(root / "_site"), "--quiet", *extra)
    assert code == 0, out
    if said is not None:
        said.append(out)
    return root / "_site"


def with_cname(root, value=DOMAIN):
    write(root, "site.yaml", (root / "site.yaml").read_text(encoding="utf-8") + f"cname: {value}\n")


def test_cname_writes_the_file_and_moves_the_site_to_the_domain_root(capsys, site):
    with_cname(site)
    out = build(capsys, site)
    assert (out / "CNAME").read_text() == DOMAIN + "\n"
    page = (out / "fr/index.html").read_text()
    assert f'<link rel="canonical" href="https://{DOMAIN}/fr/">' in page
    assert "example.org/repo" not in (out / "sitemap.xml").read_text() + page
    assert f"Sitemap: https://{DOMAIN}/sitemap.xml" in (out / "robots.txt").read_text()
    notfound = (out / "404.html").read_text()
    assert 'href="/fr/"' in notfound and "/repo/" not in notfound


def test_base_url_from_the_workflow_wins_over_cname_with_a_warning(capsys, site):
    with_cname(site)
    said = []
    out = build(capsys, site, "--base-url", "https://owner.github.io/repo", said=said)
    assert f"site.yaml\n  line 17: warning: cname “{DOMAIN}” is not the domain of the address given with --base-url" in said[0]
    assert "Settings → Pages → Custom domain" in said[0]
    assert (out / "CNAME").read_text() == DOMAIN + "\n"
    assert '<link rel="canonical" href="https://owner.github.io/repo/fr/">' in (out / "fr/index.html").read_text()
    assert 'href="/repo/fr/"' in (out / "404.html").read_text()


def test_cname_must_be_a_bare_domain(capsys, site):
    with_cname(site, f"https://{DOMAIN}/")
    code, out = run(capsys, site, "build", "--out", str(site / "_site"))
    assert code == 1
    assert "must be a bare domain name" in out and "site.yaml" in out


@pytest.mark.parametrize("base_url", [f"https://{DOMAIN.upper()}/", "http://127.0.0.1:8000/", "http://localhost:8001/"])
def test_no_warning_for_the_same_domain_or_a_local_address(capsys, site, base_url):
    with_cname(site)
    said = []
    build(capsys, site, "--base-url", base_url, said=said)
    assert "cname" not in said[0]
