"""Writing the site: a fresh folder swapped in for the output, and the sinks a build writes into."""
