"""static/ → published files; CSS and JS get a content hash in their name so browsers never
keep a stale copy after a deploy (GitHub Pages sets no cache headers we can control)."""
from __future__ import annotations

import hashlib
from pathlib import Path, PurePosixPath

HASHED = (".css", ".js")


def collect(static_dir: Path) -> dict[str, tuple[str, Path]]:
    """relative source path → (output path, file); sorted, so output order never varies."""
    out = {}
    if not static_dir.is_dir():
        return out
    for path in sorted(static_dir.rglob("*")):
        rel = path.relative_to(static_dir)
        if not path.is_file() or any(part.startswith(".") for part in rel.parts):
            continue
        name = rel.as_posix()
        if path.suffix in HASHED:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:10]
            pure = PurePosixPath(name)
            out[name] = (pure.with_name(f"{pure.stem}.{digest}{pure.suffix}").as_posix(), path)
        else:
            out[name] = (name, path)
    return out
