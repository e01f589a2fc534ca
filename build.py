#!/usr/bin/env python3
"""The site's one entry point: python build.py build | serve | check | new  (see --help)."""
import sys

from sitegen.cli import main

if __name__ == "__main__":
    sys.exit(main(process=True))
