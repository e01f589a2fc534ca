"""The Markdown stage: the parser, the editors' syntax as plugins, and the rendering of every page body and definition."""
