"""The site as a whole: the graph of pages (URLs, translations, navigation) and the checks that need every page."""
