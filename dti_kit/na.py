"""The N/A policies: how a not-applicable item is scored (see docs/design-format.md)."""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np

NA_METHODS = ("proportional", "peer-mean", "exclude", "zero")


def apply_na(scores: np.ndarray, maxes: np.ndarray, na: np.ndarray, method: str,
             base: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Score the N/A cells of a units × siblings matrix.

    Parameters
    ----------
    scores : ndarray (units, k)
        Scores of k sibling nodes (N/A cells are ignored).
    maxes : ndarray (k,)
        Their max points.
    na : ndarray of bool (units, k)
        Which cells are not applicable.
    base : ndarray of bool (k,), optional
        ``proportional`` only: the siblings whose achieved / max form the base (the design's
        ``na_policy.base``); by default every applicable sibling.
    method : str
        ``proportional``: (achieved / max) over the applicable siblings × the item's max
        (Hòa Bình V.4.2); ``peer-mean``: the mean score of the units to which the item
        applies (Bắc Kạn 6.2); ``exclude``: 0 and its max removed from the unit's max
        (Hải Dương 4); ``zero``: 0.

    Returns
    -------
    (scores, removed)
        The completed matrix and, per unit, the max points removed (``exclude`` only).
    """
    import numpy as np  # here, not at the top: the command line reads NA_METHODS without numpy

    out = np.array(scores, dtype=float, copy=True)
    removed = np.zeros(out.shape[0])
    if not na.any():
        return out, removed
    if method == "proportional":
        live = ~na if base is None else ~na & np.asarray(base, dtype=bool)[None, :]
        achieved = np.where(live, out, 0.0).sum(axis=1)
        possible = (live * maxes).sum(axis=1)
        with np.errstate(divide="ignore", invalid="ignore"):
            frac = np.where(possible > 0, achieved / np.where(possible > 0, possible, 1.0), 0.0)
        out = np.where(na, frac[:, None] * maxes[None, :], out)
    elif method == "peer-mean":
        peers = ~na & ~np.isnan(out)
        counts = peers.sum(axis=0)
        sums = np.where(peers, out, 0.0).sum(axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            mean = np.where(counts > 0, sums / np.where(counts > 0, counts, 1), 0.0)
        out = np.where(na, mean[None, :], out)
    elif method == "exclude":
        out = np.where(na, 0.0, out)
        removed = (na * maxes).sum(axis=1)
    elif method == "zero":
        out = np.where(na, 0.0, out)
    else:
        raise ValueError(f"unknown N/A policy {method!r}")
    return out, removed
