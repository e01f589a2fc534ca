"""Loading: settings, discovery of the sources, front matter, glossary, data, facts, and the readers of editors' files."""
