"""sitegen: the bilingual static-site generator behind build.py."""
