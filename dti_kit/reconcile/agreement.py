"""Agreement statistics between two sets of scores of the same items or units.

Used by :mod:`dti_kit.reconcile.core` to say how far the self-assessed scores (điểm tự đánh giá)
agree with the appraised scores (điểm thẩm định). Pure numpy; every function ignores the
pairs where either value is missing (NaN / None).

- mean absolute difference and the share of exact agreement (within a stated tolerance);
- Spearman's rank correlation (average ranks for ties, then Pearson's r of the ranks);
- Cohen's weighted kappa on ordered categories (linear or quadratic disagreement weights,
  Cohen 1968), e.g. the DTI bands Khởi động < Hình thành < Nâng cao < Dẫn dắt;
- Bland–Altman mean difference and 95 % limits of agreement (Bland & Altman 1986).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

#: z value of the two-sided 95 % limits of agreement (Bland & Altman 1986 use 1.96).
Z95 = 1.96

#: Landis & Koch (1977) bands of kappa: upper bound (inclusive) → label key.
KAPPA_SCALE = ((0.0, "poor"), (0.20, "slight"), (0.40, "fair"), (0.60, "moderate"),
               (0.80, "substantial"), (1.0, "almost-perfect"))


def _pairs(a, b) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    if x.shape != y.shape:
        raise ValueError(f"the two score arrays differ in length ({x.size} and {y.size})")
    keep = ~np.isnan(x) & ~np.isnan(y)
    return x[keep], y[keep]


def _differences(a, b) -> np.ndarray:
    if b is None:
        d = np.asarray(a, dtype=float)
        return d[~np.isnan(d)]
    x, y = _pairs(a, b)
    return x - y


def mean_absolute_difference(a, b=None) -> float:
    """Mean of |a − b| over the pairs where both are known (of |a| if ``b`` is None: ``a``
    holds the differences); NaN if there are none."""
    d = _differences(a, b)
    return float(np.mean(np.abs(d))) if d.size else float("nan")


def exact_agreement(a, b=None, atol: float = 0.0) -> float:
    """Share (0–1) of the known pairs with |a − b| ≤ ``atol`` (of |a| ≤ ``atol`` if ``b`` is
    None); NaN if there are none."""
    d = _differences(a, b)
    return float(np.mean(np.abs(d) <= atol + 1e-12)) if d.size else float("nan")


def average_ranks(x) -> np.ndarray:
    """Ranks 1…n, ties sharing the mean of the ranks they span (NaN stays NaN)."""
    return pd.Series(np.asarray(x, dtype=float)).rank(method="average").to_numpy()


def spearman(a, b) -> float:
    """Spearman's rank correlation of the known pairs.

    Ties get average ranks, and the coefficient is Pearson's correlation of the ranks (the
    definition ``scipy.stats.spearmanr`` follows). NaN with fewer than two pairs or when one
    side is constant (no ranking to compare).
    """
    x, y = _pairs(a, b)
    if x.size < 2:
        return float("nan")
    rx, ry = average_ranks(x), average_ranks(y)
    dx, dy = rx - rx.mean(), ry - ry.mean()
    denom = np.sqrt(np.sum(dx * dx) * np.sum(dy * dy))
    return float(np.sum(dx * dy) / denom) if denom > 0 else float("nan")


def confusion_matrix(a: Sequence, b: Sequence, categories: Sequence) -> np.ndarray:
    """Counts of (a = categories[i], b = categories[j]); pairs with a missing or unknown
    label are left out."""
    cat = pd.CategoricalDtype(list(categories), ordered=True)
    i = pd.Series(list(a), dtype=object).astype(cat).cat.codes.to_numpy()
    j = pd.Series(list(b), dtype=object).astype(cat).cat.codes.to_numpy()
    keep = (i >= 0) & (j >= 0)
    k = len(categories)
    return np.bincount(i[keep] * k + j[keep], minlength=k * k).reshape(k, k).astype(float)


def weighted_kappa(a: Sequence, b: Sequence, categories: Sequence, weights: str = "linear") -> float:
    """Cohen's weighted kappa of two ratings on ordered categories.

    ``kappa = 1 − Σ w·O / Σ w·E`` with O the observed proportions, E the proportions expected
    from the margins (row total × column total) and w the disagreement weights
    ``|i − j| / (k − 1)`` (linear) or ``(|i − j| / (k − 1))²`` (quadratic), k = number of
    categories (all of them, observed or not). With two categories it equals Cohen's
    unweighted kappa.

    Parameters
    ----------
    a, b : sequences of labels (None / NaN = missing, left out pairwise)
    categories : the labels in order, lowest first
    weights : ``"linear"`` (default) or ``"quadratic"``

    Returns
    -------
    float
        1 for perfect agreement, 0 for agreement at chance level; NaN where it is undefined
        (no pair, or every rating in one and the same category so that no disagreement could
        be expected).
    """
    if weights not in ("linear", "quadratic"):
        raise ValueError(f"unknown weights {weights!r}; choose linear or quadratic")
    k = len(categories)
    counts = confusion_matrix(a, b, categories)
    n = counts.sum()
    if n == 0 or k < 2:
        return float("nan")
    p = counts / n
    expected = np.outer(p.sum(axis=1), p.sum(axis=0))
    i, j = np.indices((k, k))
    w = np.abs(i - j) / (k - 1)
    if weights == "quadratic":
        w = w ** 2
    disagreement_expected = float(np.sum(w * expected))
    if disagreement_expected == 0:
        return float("nan")
    return 1.0 - float(np.sum(w * p)) / disagreement_expected


def kappa_label(kappa: float) -> str | None:
    """Landis & Koch (1977) strength of agreement: poor, slight, fair, moderate,
    substantial, almost-perfect (None for NaN)."""
    if kappa is None or np.isnan(kappa):
        return None
    for upper, label in KAPPA_SCALE:
        if kappa <= upper + 1e-12:
            return label
    return KAPPA_SCALE[-1][1]


@dataclass(frozen=True)
class BlandAltman:
    """Bland–Altman summary of the differences a − b.

    Attributes
    ----------
    n : number of known pairs
    mean_difference : mean of a − b (the bias)
    sd : sample standard deviation of a − b (n − 1 in the denominator)
    lower, upper : 95 % limits of agreement, mean ± 1.96 sd
    """

    n: int
    mean_difference: float
    sd: float
    lower: float
    upper: float


def bland_altman(a, b) -> BlandAltman:
    """Mean difference and 95 % limits of agreement of a − b (Bland & Altman 1986)."""
    x, y = _pairs(a, b)
    d = x - y
    n = int(d.size)
    mean = float(d.mean()) if n else float("nan")
    sd = float(d.std(ddof=1)) if n >= 2 else float("nan")
    return BlandAltman(n, mean, sd, mean - Z95 * sd, mean + Z95 * sd)
