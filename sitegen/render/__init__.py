"""Templates: every output file's bytes, static assets, and rendering in worker processes."""
