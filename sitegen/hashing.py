"""Hashing, for every job that needs one: the build cache's keys and signatures, the fingerprint
in a CSS or JS file's published name, and the hash a translation records of its source text.

One function, one algorithm (SHA-256). Some of its values outlive the build: editors' files
record them (`translation_of:` in content/, the snapshots in content/.translations/) and
published URLs carry them. So the digest of one bytes value is exactly SHA-256 of those bytes,
and must stay so: another hash would make every translation "out of date".
"""
from __future__ import annotations

import hashlib


def digest(*parts, length: int = 32) -> str:
    """The first `length` hex digits of the hash of `parts`: bytes as they are, any other value
    by its repr (so tuples of texts and numbers hash by value), a zero byte between two parts."""
    h = hashlib.sha256()
    for i, part in enumerate(parts):
        if i:
            h.update(b"\0")
        h.update(part if isinstance(part, bytes) else repr(part).encode("utf-8", "surrogatepass"))
    return h.hexdigest()[:length]
