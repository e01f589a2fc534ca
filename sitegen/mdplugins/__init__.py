"""markdown-it-py plugins for the editors' syntax: heading anchors, [[glossary]] terms,
[@fact] citations, {{< shortcode >}} blocks, and links to other pages by their .md file.
What every plugin may read, and what it collects, is `context.RenderContext`."""
