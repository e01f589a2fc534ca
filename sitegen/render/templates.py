"""Templates: a Jinja environment that escapes by default and fails on undefined names, and the
one function that turns a template plus context into bytes, reporting template errors with the
template's name and line. It writes nothing to disk."""
from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

from sitegen.dates import format_date
from sitegen.errors import Diagnostics
from sitegen.hashing import digest
from sitegen.load import ownfiles
from sitegen.load.config import SiteConfig
from sitegen.load.yamlio import parse_yaml, read_text
from sitegen.typography import spacing, typography


def environment(templates_dir: Path, compiled: Path | None = None):
    """The Jinja environment for templates_dir. It keeps every template it compiles, so `serve`
    reuses one across builds (compiling the templates is about half of a build's time); with
    `compiled`, a folder, later processes load them from there (Jinja checks each one's source)."""
    import jinja2  # loads only when a template renders: a build with nothing to render never needs it

    env = _environment_class()(
        bytecode_cache=_compiled_templates(compiled) if compiled else None,
        loader=_loader_class()(str(templates_dir)),
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Templates are read once: the theme makes a new environment when any of them changes.
        auto_reload=False,
    )
    env.filters["date"] = lambda value, lang: spacing(format_date(value, lang), lang)  # “8 janvier” on one line
    env.filters["typo"] = typography
    return env


@cache  # one class, made when the first environment is: Jinja loads only then
def _environment_class():
    import jinja2

    class Environment(jinja2.Environment):
        def getattr(self, obj, attribute):
            """`page.title` on a dict, the contexts' usual type, without Jinja's failed attribute
            lookup first (an exception per lookup, thousands per page). The same answer: a dict
            has no attributes but its methods, and those still come first."""
            if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    return Environment


_DICT_ATTRIBUTES = frozenset(dir(dict))


@cache
def _loader_class():
    import jinja2

    class OwnTemplates(jinja2.FileSystemLoader):
        """The files Theme's walk lists: none through a link (the walk reported it and the build
        stopped before rendering; this holds for a link made since), no hidden file (which
        Theme.signature does not cover)."""

        def get_source(self, environment, template):
            folder = Path(self.searchpath[0])
            parts = jinja2.loaders.split_template_path(template)
            if any(part.startswith(".") for part in parts) or ownfiles.flaw(folder.joinpath(*parts), folder):
                raise jinja2.TemplateNotFound(template)
            return super().get_source(environment, template)

    return OwnTemplates


def _compiled_templates(folder: Path):
    import jinja2

    class CompiledTemplates(jinja2.FileSystemBytecodeCache):
        def dump_bytecode(self, bucket) -> None:
            try:
                Path(self.directory).mkdir(parents=True, exist_ok=True)
                super().dump_bytecode(bucket)
            except OSError:  # a read-only checkout: the template is compiled again next time
                pass

    return CompiledTemplates(str(folder))


class Theme:
    def __init__(self, config: SiteConfig, diag: Diagnostics, cache):
        self.config = config
        self.diag = diag
        self.dir = config.templates_dir
        self._cache = cache  # keeps the environment for as long as the templates are the same
        self._env = None
        self._signature = None
        self._files = ownfiles.files(self.dir, diag)  # links reported here, before anything renders
        names = {rel.as_posix() for _, rel in self._files}
        self.strings = self._load_strings() if "strings.yaml" in names else {lang: {} for lang in config.languages}
        self.shortcodes = sorted(rel.stem for _, rel in self._files
                                 if rel.parent.as_posix() == "shortcodes" and rel.suffix == ".html")

    @property
    def env(self):
        if self._env is None:
            self._env = self._cache.keep("templates", (self.dir, self.signature()),
                                         lambda: environment(self.dir, self._cache.compiled_templates))
        return self._env

    def signature(self) -> str:
        """A digest of every template file: a change to any of them re-renders every page."""
        if self._signature is None:
            self._signature = digest(*[(rel.as_posix(), path.read_bytes()) for path, rel in self._files])
        return self._signature

    def _load_strings(self) -> dict:
        """templates/strings.yaml: the interface's words, one entry per language, with the
        language's apostrophes, quotes and spaces."""
        path = self.dir / "strings.yaml"
        text = read_text(path, self.diag)
        data, lines = parse_yaml(text, path, self.diag) if text is not None else ({}, {})
        strings = {lang: {} for lang in self.config.languages}
        for key, values in (data or {}).items():
            for lang in self.config.languages:
                if not isinstance(values, dict) or values.get(lang) is None:
                    self.diag.error("strings.language", path, lines.get((key,), 1), key=key, lang=lang)
                else:
                    strings[lang][key] = typography(str(values[lang]), lang)  # as every other text
        return strings

    def render(self, template: str, context: dict, page_file: Path | None = None) -> str | None:
        """The rendered text, or None after reporting the error at the template's line."""
        import jinja2

        try:
            return self.env.get_template(template).render(context)
        except jinja2.TemplateSyntaxError as exc:
            path = Path(exc.filename) if exc.filename else self.dir / template
            self.diag.error("template.syntax", path, exc.lineno, error=exc.message)
        except jinja2.TemplateNotFound as exc:
            self.diag.error("template.missing", self.dir / template, 0, name=exc.name)
        except Exception as exc:  # noqa: BLE001 - any failure inside a template is the template's
            path, line = self._template_frame(exc)
            where = path or self.dir / template
            if page_file:
                self.diag.error("template.render", where, line, entry="template.render.page", error=exc,
                                page=self.diag.rel(page_file))
            else:
                self.diag.error("template.render", where, line, error=exc)
        return None

    def _template_frame(self, exc: Exception):
        """The deepest traceback frame inside templates/: Jinja maps it to the template line."""
        found = (None, 0)
        tb = exc.__traceback__ if exc.__traceback__ else sys.exc_info()[2]
        while tb is not None:
            filename = tb.tb_frame.f_code.co_filename
            if filename.startswith(str(self.dir)):
                found = (Path(filename), tb.tb_lineno)
            tb = tb.tb_next
        return found
