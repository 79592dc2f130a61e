"""The files an inputs path stands for, listed as the readers read them (no pandas here: a
build that has nothing to do lists and hashes inputs without importing it)."""
from __future__ import annotations

from pathlib import Path

__all__ = ["input_files"]


def input_files(paths) -> list[Path]:
    """The files :func:`dti_kit.inputs.read_inputs` reads for ``paths``, each once: each file as given, and
    in each folder (name order) its files, without hidden and Excel lock files (``~$…``) and
    without subfolders (an ``old/`` folder of last year's forms is not read, so it is neither
    hashed for the cache nor listed in the report)."""
    # every file of a folder is listed but hidden files and Excel's lock files (~$…): refused
    # formats and files of other kinds are then named by read_inputs, never skipped in silence
    files: list[Path] = []
    for p in map(Path, [paths] if isinstance(paths, (str, Path)) else paths):
        if p.is_dir():
            files.extend(sorted(q for q in p.iterdir() if q.is_file() and not q.name.startswith((".", "~$"))))
        else:
            files.append(p)
    # a file named twice (inputs: [f, f], a folder and one of its files) is read once: its
    # values are one file's, not two files' giving the same items
    seen: set[Path] = set()
    once = []
    for f in files:
        try:
            real = f.resolve()
        except (OSError, RuntimeError):  # a loop: the reader names it
            real = f
        if real not in seen:
            seen.add(real)
            once.append(f)
    return once
