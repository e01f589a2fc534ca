"""static/ → published files; CSS and JS get a content hash in their name so browsers never
keep a stale copy after a deploy (GitHub Pages sets no cache headers we can control)."""
from __future__ import annotations

from pathlib import Path, PurePosixPath

from sitegen.errors import Diagnostics
from sitegen.hashing import digest
from sitegen.load import ownfiles
from sitegen.load.discover import address_safe

HASHED = (".css", ".js")


def collect(static_dir: Path, diag: Diagnostics) -> dict[str, tuple[str, Path]]:
    """relative source path → (output path, file); sorted, so output order never varies. Links and
    special files are reported, never copied (see ownfiles); so are names no address can carry."""
    out = {}
    for path, rel in ownfiles.files(static_dir, diag):
        name = rel.as_posix()
        address_safe(name, path, diag)  # reported, and kept: links to it are not reported as missing too
        if path.suffix in HASHED:
            fingerprint = digest(path.read_bytes(), length=10)
            out[name] = (rel.with_name(f"{rel.stem}.{fingerprint}{rel.suffix}").as_posix(), path)
        else:
            out[name] = (name, path)
    return out
