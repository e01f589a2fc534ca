"""content/data/*.yaml → plain values for the templates (data.timeline, data.actors…)."""
from __future__ import annotations

from sitegen.errors import Diagnostics
from sitegen.load.discover import SourceFile
from sitegen.load.yamlio import parse_yaml, read_text


def load(sources: list[SourceFile], diag: Diagnostics) -> dict:
    data = {}
    for source in sources:
        text = read_text(source.path, diag)
        if text is not None:
            value, _ = parse_yaml(text, source.path, diag)
            data[source.key] = value
    return data
