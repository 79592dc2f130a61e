"""Rank correlations between two rankings: Spearman's ρ and Kendall's τ-b, with ties.

Written with numpy (vectorised; Kendall's pairs in blocks of rows to bound memory);
``scipy.stats.spearmanr`` and ``scipy.stats.kendalltau`` are the outside reference in the tests.
"""
from __future__ import annotations

import numpy as np

BLOCK_ELEMENTS = 4_000_000


def average_ranks(x: np.ndarray) -> np.ndarray:
    """Ranks 1…n of x ascending, ties given the mean of the ranks they span."""
    x = np.asarray(x, dtype=float)
    s = np.sort(x)
    lo = np.searchsorted(s, x, side="left")
    hi = np.searchsorted(s, x, side="right")
    return (lo + hi + 1) / 2.0


def spearman(x: np.ndarray, y: np.ndarray) -> float:
    """Spearman's ρ: Pearson's correlation of the average ranks (NaN if one is constant)."""
    rx, ry = average_ranks(x), average_ranks(y)
    rx, ry = rx - rx.mean(), ry - ry.mean()
    den = np.sqrt((rx * rx).sum() * (ry * ry).sum())
    return float((rx * ry).sum() / den) if den > 0 else float("nan")


def kendall_tau_b(x: np.ndarray, y: np.ndarray) -> float:
    """Kendall's τ-b = (C − D) / √((n0 − n1)(n0 − n2)), ties in x (n1) and y (n2) adjusted.

    NaN if either ranking is constant.
    """
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    n = len(x)
    if n < 2:
        return float("nan")
    step = max(1, BLOCK_ELEMENTS // n)
    s = tx = ty = 0
    for a in range(0, n, step):  # blocks of rows of the pair matrix, not single units
        dx = np.sign(x[a:a + step, None] - x[None, :])
        dy = np.sign(y[a:a + step, None] - y[None, :])
        s += int((dx * dy).sum())
        tx += int((dx == 0).sum())
        ty += int((dy == 0).sum())
    pairs2 = n * (n - 1)  # ordered pairs i ≠ j (each unordered pair twice)
    tx -= n  # the diagonal
    ty -= n
    den = np.sqrt(float(pairs2 - tx) * float(pairs2 - ty))
    return float(s / den) if den > 0 else float("nan")
