"""The package's own content hash: which dti-kit built a report, traceable without a clock.

The hash covers every ``.py`` and ``.yaml`` file of the installed package (code, designs,
catalogue), by path relative to the package and content, so the same dti-kit gives the same
hash on any machine and a rebuilt report stays byte-identical. The build keeps it in its
manifest to decide what to rebuild; the reports show it in their provenance and the index.
"""
from __future__ import annotations

import functools
import hashlib
from pathlib import Path

__all__ = ["package_files", "content_hash"]

PACKAGE = Path(__file__).resolve().parents[1]


def package_files() -> list[Path]:
    """Every file of the package the results depend on (code, designs, data, catalogue)."""
    return sorted(p for p in PACKAGE.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml"))


@functools.cache
def content_hash() -> str:
    """SHA-256 (hex) of the package: each file's relative path and content, in path order.

    Cached per process: a kernel or a build reads the package once.
    """
    h = hashlib.sha256()
    for p in package_files():
        h.update(p.relative_to(PACKAGE).as_posix().encode())
        h.update(b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()
