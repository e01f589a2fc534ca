"""Regenerates tests/golden/expected from tests/fixture_site: python tests/update_golden.py."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from sitegen import pipeline  # noqa: E402  (after the path is set)

EXPECTED = HERE / "golden" / "expected"

if __name__ == "__main__":
    shutil.rmtree(EXPECTED, ignore_errors=True)
    pipeline.build(HERE / "fixture_site", EXPECTED, pipeline.Options(), use_cache=False)
    print(f"Wrote {EXPECTED}; review the diff before committing.")
