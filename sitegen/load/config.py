"""site.yaml → SiteConfig: every key checked, all problems reported together."""
from __future__ import annotations

import ipaddress
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from urllib.parse import urlsplit

from sitegen import messages
from sitegen.errors import Diagnostics, visible
from sitegen.load import ownfiles
from sitegen.load.yamlio import check_keys, parse_yaml, per_language, read_text

# fullmatch only: "$" would let a final line break through into URLs and the sitemap.
SLUG_RE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DOMAIN_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?")
LANG_RE = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]+)?")
KEYS = {"title", "description", "languages", "default_language", "base_url", "repo_url",
        "repo_branch", "glossary_slug", "markdown", "sources", "cname"}
MARKDOWN_KEYS = {"raw_html", "typographer"}


@dataclass(frozen=True)
class SiteConfig:
    root: Path
    languages: tuple[str, ...]
    language_names: dict
    default_language: str
    title: dict
    description: dict
    base_url: str  # absolute, ends with "/"
    repo_url: str
    repo_branch: str
    glossary_slug: dict
    raw_html: bool
    typographer: bool
    sources: Path | None
    cname: str

    def portable(self) -> "SiteConfig":
        """The settings without where the checkout lies, for digests that must match in any clone."""
        return replace(self, root=Path("."),
                       sources=Path(os.path.relpath(self.sources, self.root)) if self.sources else None)

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def static_dir(self) -> Path:
        return self.root / "static"

    @property
    def base_path(self) -> str:
        """The path part of base_url ("/repo/" on a GitHub Pages project site)."""
        return urlsplit(self.base_url).path or "/"


def normalise_base_url(url: str) -> str | None:
    parts = urlsplit(url)
    # urlsplit drops line breaks and tabs silently: the URL itself would still carry them.
    if parts.scheme not in ("http", "https") or not parts.netloc or not url.isprintable() or " " in url:
        return None
    return url if url.endswith("/") else url + "/"


@dataclass
class _Settings:
    """site.yaml as read, with what reports a problem at a setting's line."""
    data: dict
    lines: dict
    path: Path
    diag: Diagnostics

    def err(self, key, variant: str, /, hint: str | None = None, **params):
        """Reports catalog entry config.value.`variant` at the line of setting `key`."""
        line = self.lines.get(key if isinstance(key, tuple) else (key,), 1)
        self.diag.error("config.value", self.path, line, hint=hint, entry=f"config.value.{variant}", **params)

    def per_language(self, key, names: dict, required: bool = True) -> dict:
        """The setting as lang → text, read as every per-language value of the site is."""
        return per_language(self.data, key, tuple(names), self.path, self.lines, self.diag, "config", required=required)

    def address(self, key: str, given: str | None, optional: bool = False) -> str | None:
        """The http(s) address in setting `key`, or in the command-line option that overrides it;
        an `optional` one may be empty."""
        value = str(given or self.data.get(key) or "")
        if (optional and not value) or normalise_base_url(value) is not None:
            return value
        if given:
            self.diag.error(f"config.{key}", "", 0, given=given)
        else:
            self.err(key, key)
        return None


def load(root: Path, diag: Diagnostics, base_url: str | None = None, repo_url: str | None = None) -> SiteConfig | None:
    """Reads root/site.yaml; `base_url` and `repo_url` (from --base-url, --repo-url) win over the file's."""
    settings = _read(root, diag)
    if settings is None:
        return None
    data, err = settings.data, settings.err
    names, default = _languages(settings)
    title = settings.per_language("title", names)
    description = settings.per_language("description", names)
    given_slugs = settings.per_language("glossary_slug", names, required=False)
    glossary_slug = {code: given_slugs.get(code, "glossary") for code in names}
    for code, slug in glossary_slug.items():
        if not SLUG_RE.fullmatch(slug):
            err(("glossary_slug", code), "glossary_slug", slug=slug)
    base = normalise_base_url(settings.address("base_url", base_url) or "")
    markdown = _markdown(settings)
    repo = (settings.address("repo_url", repo_url, optional=True) or "").rstrip("/")
    sources_path = _sources(settings, root)
    cname = str(data.get("cname") or "")
    if cname and not DOMAIN_RE.fullmatch(cname):
        err("cname", "cname", cname=visible(cname))
    if diag.errors:
        return None
    if cname and not base_url:
        base = f"https://{cname}/"
    elif cname:
        _other_host(settings, cname, base)
    return SiteConfig(
        root=root, languages=tuple(names), language_names=names, default_language=default,
        title=title, description=description, base_url=base, repo_url=repo,
        repo_branch=str(data.get("repo_branch") or "main"), glossary_slug=glossary_slug,
        raw_html=bool(markdown.get("raw_html", False)), typographer=bool(markdown.get("typographer", True)),
        sources=sources_path, cname=cname,
    )


def default_language(root: Path) -> str | None:
    """site.yaml's default language, read before anything is checked to choose the language of
    the messages; None when site.yaml cannot be read (the run itself then says why)."""
    settings = _read(root, Diagnostics(root))
    return _languages(settings)[1] or None if settings is not None else None


def _other_host(settings: _Settings, cname: str, base_url: str) -> None:
    """--base-url wins over cname: it is the address the Pages workflow reads from the repository's
    settings, where the site is really served. Another host there is a warning, unless it is a
    local one (the preview, a test), where cname cannot apply."""
    host = urlsplit(base_url).hostname or ""
    if host == cname.lower() or host == "localhost" or _is_ip(host):
        return
    settings.diag.warning("config.cname_host", settings.path, settings.lines.get(("cname",), 1),
                          cname=cname, base_url=base_url)


def _is_ip(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def _read(root: Path, diag: Diagnostics) -> _Settings | None:
    """site.yaml's settings, their unknown keys reported; None when it cannot be read as settings."""
    path = root / "site.yaml"
    if refused := ownfiles.flaw(path, root):
        diag.error(refused.code, path, 0, messages.text("config.refused", why=refused.why), refused.hint)
        return None
    if not path.is_file():
        diag.error("config.missing", path, 0)
        return None
    text = read_text(path, diag)
    if text is None:
        return None
    data, lines = parse_yaml(text, path, diag)
    if data is None and not diag.errors:
        data = {}
    if not isinstance(data, dict):
        if data is not None:
            diag.error("config.type", path, 1)
        return None
    check_keys(data, KEYS, path, lines, diag, what="setting")
    return _Settings(data, lines, path, diag)


def _languages(settings: _Settings) -> tuple:
    """(language code → name, the default language)."""
    languages, err = settings.data.get("languages"), settings.err
    names: dict = {}
    if isinstance(languages, dict) and languages:
        names = {str(k): str(v) for k, v in languages.items()}
    elif isinstance(languages, list) and languages:
        names = {str(k): str(k) for k in languages}
    else:
        err("languages", "languages")
    for code in names:
        if not LANG_RE.fullmatch(code):
            err(("languages", code), "language_code", code=code)
    default = str(settings.data.get("default_language", next(iter(names), "")))
    if names and default not in names:
        err("default_language", "default_language", default=default, languages=", ".join(names))
    return names, default


def _markdown(settings: _Settings) -> dict:
    markdown = settings.data.get("markdown") or {}
    if not isinstance(markdown, dict):
        settings.err("markdown", "markdown")
        markdown = {}
    check_keys(markdown, MARKDOWN_KEYS, settings.path, settings.lines, settings.diag, where=("markdown",), what="setting")
    for key in MARKDOWN_KEYS & markdown.keys():
        if not isinstance(markdown[key], bool):
            settings.err(("markdown", key), "markdown_flag", key=key)
    return markdown


def _sources(settings: _Settings, root: Path) -> Path | None:
    sources = settings.data.get("sources")
    # Normalised: ".." is taken as written, as ownfiles.flaw checks it, not after a link.
    sources_path = Path(os.path.normpath(root / str(sources))) if sources else None
    if sources_path is not None and (refused := ownfiles.flaw(sources_path, root)):
        settings.err("sources", "sources_refused", refused.hint, sources=sources, why=refused.why)
    elif sources_path is not None and not sources_path.is_file():
        settings.err("sources", "sources_missing", sources=sources)
    return sources_path
