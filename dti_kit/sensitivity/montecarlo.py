"""Monte Carlo on the main-indicator weights: each unit's rank interval and band stability.

Two ways to draw weights:

- uniform (the default, as COINr's ``get_noisy_weights``): each official weight × a factor
  drawn from U(1 − f, 1 + f), independently, then all rescaled to the design's scale;
- Dirichlet, centred on the official weights: shares ~ Dirichlet(κ × official shares), with
  κ = 3 (k − 1) / f² − 1 so that a weight of average size (share 1/k) has the same coefficient
  of variation, f / √3, as under the uniform draw.

``spread`` = 0 gives the official weights in every draw (so rank_p05 = rank_p95 = rank).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dti_kit.errors import DtiKitError
from dti_kit.sensitivity.weights import WeightBase, evaluate, rank_mean, rank_quantiles, share_at

QUANTILES = (0.05, 0.5, 0.95)


def check_settings(draws: int, spread: float) -> None:
    """Refuse impossible settings (draws < 1, spread outside 0…1)."""
    if not isinstance(draws, (int, np.integer)) or draws < 1:
        raise DtiKitError(f"draws must be a whole number ≥ 1, got {draws!r}")
    if not (0 <= float(spread) <= 1):
        raise DtiKitError(f"spread must be between 0 and 1 (a share of each weight), got {spread!r}")


def draw_weights(base: WeightBase, draws: int, spread: float, seed: int, dirichlet: bool = False) -> np.ndarray:
    """Random weight vectors (draws, k), each summing to the design's scale.

    Parameters
    ----------
    base : WeightBase
    draws : int
    spread : float
        f: uniform factors in [1 − f, 1 + f]; for the Dirichlet draw, the matched spread.
    seed : int
        Seed of ``numpy.random.default_rng``: the same seed gives the same weights.
    dirichlet : bool
        Draw from a Dirichlet distribution centred on the official weights instead.
    """
    check_settings(draws, spread)
    w0 = base.weights
    if spread == 0 or base.k <= 1:
        return np.tile(w0, (draws, 1))
    rng = np.random.default_rng(seed)
    if dirichlet:
        kappa = 3.0 * (base.k - 1) / spread**2 - 1.0
        return base.normalise(rng.dirichlet(kappa * w0 / w0.sum(), size=draws))
    return base.normalise(w0[None, :] * rng.uniform(1 - spread, 1 + spread, size=(draws, base.k)))


def moderate_width(n: int) -> int:
    """The widest 5–95 % rank interval still read ``moderate`` among ``n`` units: 2 ranks up to
    20 units, 3 beyond. Not a share of ``n``: at 150 communes a tenth (15 ranks) read a unit that
    kept its rank in one draw in ten "fairly robust", and so 145 of the 150.

    Examples
    --------
    >>> moderate_width(10), moderate_width(30), moderate_width(150)
    (2, 3, 3)
    """
    return min(3, max(2, int(np.ceil(n / 10))))


def robustness(rank: np.ndarray, p05: np.ndarray, p95: np.ndarray, n: int) -> np.ndarray:
    """A reading aid: ``robust`` (the 5–95 % interval is the official rank alone),
    ``moderate`` (interval at most :func:`moderate_width` ranks wide) or ``sensitive``."""
    width = p95 - p05
    return np.where((p05 == rank) & (p95 == rank), "robust", np.where(width <= moderate_width(n), "moderate", "sensitive"))


def monte_carlo(base: WeightBase, draws: int = 2000, spread: float = 0.25, seed: int = 1,
                dirichlet: bool = False, **evaluate_kw) -> pd.DataFrame:
    """Rank every unit under random weights.

    Returns
    -------
    DataFrame
        One row per unit, in official rank order: unit_id, unit_name, percent, band, rank,
        rank_mean, rank_median, rank_p05, rank_p95, p_same_rank, p_band_change (NaN where the
        design has no bands), robustness.
    """
    W = draw_weights(base, draws, spread, seed, dirichlet)
    ev = evaluate(base, W, distribution=True, bands=True, **evaluate_kw)
    q = rank_quantiles(ev, draws, QUANTILES)[:, base.groups]
    g = base.groups
    p_band = (ev.band_changes[g] / draws) if ev.band_changes is not None else np.full(base.n, np.nan)
    band = ([base.band_labels[b] if b >= 0 else None for b in base.band] if base.has_bands else [None] * base.n)
    df = pd.DataFrame({
        "unit_id": list(base.units), "unit_name": list(base.unit_names), "percent": base.percent,
        "band": band, "rank": base.rank.astype(np.int64),
        "rank_mean": rank_mean(ev, draws)[g], "rank_median": q[1], "rank_p05": q[0], "rank_p95": q[2],
        "p_same_rank": share_at(ev, draws, base.rank[base.first])[g], "p_band_change": p_band,
    })
    df["robustness"] = robustness(df["rank"].to_numpy(), df["rank_p05"].to_numpy(), df["rank_p95"].to_numpy(), base.n)
    df = df.iloc[np.argsort(df["rank"].to_numpy(), kind="stable")].reset_index(drop=True)
    return df
