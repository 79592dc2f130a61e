"""Excel's sheet names: at most 31 characters, none of []:*?/\\, unique with case ignored."""
from __future__ import annotations

__all__ = ["SHEET_NAME_BAD", "sheet_title"]

SHEET_NAME_BAD = set('[]:*?/\\')


def sheet_title(name: str, taken: set[str] | None = None) -> str:
    """A valid, unique Excel sheet name (≤ 31 characters, no []:*?/\\).

    ``taken`` holds the names given so far, lowercased (Excel ignores case); the new one is
    added to it. A set lookup per name: a workbook of 3,321 sheets checks each name once.
    """
    clean = "".join("_" if ch in SHEET_NAME_BAD else ch for ch in str(name)).strip("'") or "Sheet"
    clean = clean[:31]
    taken = taken if taken is not None else set()
    base, i = clean, 2
    while clean.lower() in taken:
        suffix = f" ({i})"
        clean = base[: 31 - len(suffix)] + suffix
        i += 1
    taken.add(clean.lower())
    return clean
