"""python3 -m sitegen.messages --guide [fr|en]: writes the list of messages into the editors'
guides (EDITING.md, EDITING.en.md) from the catalogs."""
import argparse
from pathlib import Path

from sitegen import messages

if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="python3 -m sitegen.messages")
    parser.add_argument("--guide", nargs="*", choices=messages.LANGUAGES, required=True,
                        help="the guides to write (default: both)")
    root = Path(__file__).resolve().parents[2]
    for lang in parser.parse_args().guide or messages.LANGUAGES:
        messages.write_guide(lang, root)
