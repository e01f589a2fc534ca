"""markdown-it plugins for the editors' syntax: terms, citations, shortcodes, links, heading ids,
completeness. Each reads and writes only the RenderContext at env["context"] (sitegen/markdown/context.py)."""
