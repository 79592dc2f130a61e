"""Sobol' indices of the main-indicator weights (variance-based global sensitivity).

Inputs: one factor per scored main indicator, independent, uniform on [1 − f, 1 + f]; the
weights are the official ones × the factors, rescaled to the design's scale (as in the Monte
Carlo). Output (as COINr's ``get_sensitivity``): the mean absolute rank change against the
official ranking, Y = mean over units of |rank − official rank|; and, per unit, its rank,
to tell which weight moves that unit most.

Design: Saltelli's scheme without second-order terms, N × (k + 2) evaluations (matrices A, B
and the k matrices AB_j = A with column j from B), from a scrambled Sobol' sequence
(``SALib.sample.sobol.sample``, seeded: the same seed gives the same sample).

Estimators (the same as SALib's ``SALib.analyze.sobol`` and COINr's ``SA_estimate``):

- first order, Saltelli et al. (2010): S_j = mean(y_B (y_ABj − y_A)) / V;
- total effect, Jansen (1999): ST_j = mean((y_A − y_ABj)²) / (2 V);

with V the variance of the pooled y_A and y_B (``ddof=0`` as SALib; COINr uses ``ddof=1``,
a factor (2N − 1) / 2N), after centring every output on the mean of all N (k + 2) of them, as
SALib does (the first-order estimator is not invariant to a shift of y; COINr does not centre). Intervals: a percentile bootstrap over the N rows (the A, B, AB_j of
a row resampled together, V recomputed in each resample), ``n_boot`` resamples, level
``conf``. SALib gives instead a normal half-width (z × standard deviation of the bootstrap
estimates), COINr the 5–95 % quantiles with V held fixed. Where V = 0 (no weight moves any
rank) the indices are undefined and reported as NaN.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from dti_kit.errors import DtiKitError
from dti_kit.sensitivity.weights import WeightBase, evaluate

#: the smallest mean rank change from a unit's top weight that names the weight (the report
#: writes the change to 2 decimals: below half a hundredth it would read 0,00)
MIN_SHIFT = 0.005


def saltelli_sample(k: int, base_n: int, spread: float, seed: int) -> np.ndarray:
    """Factors for Saltelli's design, SALib's layout: rows A_i, AB_1i … AB_ki, B_i per i.

    Parameters
    ----------
    k : int
        Number of weights (≥ 2).
    base_n : int
        N, a power of 2 (the scrambled Sobol' sequence is balanced only then).
    spread : float
        Factors on [1 − spread, 1 + spread] (spread > 0).
    seed : int

    Returns
    -------
    ndarray (N (k + 2), k)
    """
    from SALib.sample import sobol as sobol_sample

    if k < 2:
        raise DtiKitError("Sobol' indices need at least two weights")
    if base_n < 2 or base_n & (base_n - 1):
        raise DtiKitError(f"the Sobol' base sample must be a power of 2, got {base_n}")
    if not spread > 0:
        raise DtiKitError("Sobol' indices need a spread > 0")
    problem = {"num_vars": k, "names": [f"w{j}" for j in range(k)], "bounds": [[1 - spread, 1 + spread]] * k}
    return sobol_sample.sample(problem, base_n, calc_second_order=False, scramble=True, seed=seed)


def split_outputs(Y: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """SALib's layout → (y_A (N, …), y_B (N, …), y_AB (N, k, …))."""
    Y = np.asarray(Y, dtype=float)
    step = k + 2
    if Y.shape[0] % step:
        raise DtiKitError(f"{Y.shape[0]} outputs is not a multiple of k + 2 = {step}")
    Z = Y.reshape((Y.shape[0] // step, step) + Y.shape[1:])
    return Z[:, 0], Z[:, step - 1], Z[:, 1:step - 1]


def estimate(yA: np.ndarray, yB: np.ndarray, yAB: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """First-order (Saltelli 2010) and total (Jansen 1999) indices along axis 0.

    Parameters
    ----------
    yA, yB : ndarray (N, …)
    yAB : ndarray (N, k, …)

    Returns
    -------
    (S1, ST) : ndarrays (k, …); NaN where the pooled variance is 0.
    """
    N, k = yAB.shape[:2]
    mu = (yA.sum(axis=0) + yB.sum(axis=0) + yAB.sum(axis=(0, 1))) / (N * (k + 2))
    yA, yB, yAB = yA - mu, yB - mu, yAB - mu  # centred as SALib does (S1's estimator is not shift-invariant)
    V = np.var(np.concatenate([yA, yB], axis=0), axis=0)
    a, b = yA[:, None], yB[:, None]
    num1 = np.mean(b * (yAB - a), axis=0)
    numT = 0.5 * np.mean((a - yAB) ** 2, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = V > 1e-300
        S1 = np.where(ok, num1 / np.where(ok, V, 1.0), np.nan)
        ST = np.where(ok, numT / np.where(ok, V, 1.0), np.nan)
    return S1, ST


def sobol_indices(Y: np.ndarray, k: int, n_boot: int = 200, conf: float = 0.95, seed: int = 1) -> pd.DataFrame:
    """Indices of a scalar output with percentile-bootstrap intervals.

    Parameters
    ----------
    Y : ndarray (N (k + 2),)
        Outputs in SALib's layout (:func:`saltelli_sample`).
    k : int
    n_boot : int
        Bootstrap resamples (0: no intervals).
    conf : float
        Level of the intervals (0.95: the 2.5 and 97.5 % quantiles of the resamples).
    seed : int

    Returns
    -------
    DataFrame with columns S1, S1_low, S1_high, ST, ST_low, ST_high (one row per factor).
    """
    yA, yB, yAB = split_outputs(Y, k)
    S1, ST = estimate(yA, yB, yAB)
    out = {"S1": S1, "S1_low": np.full(k, np.nan), "S1_high": np.full(k, np.nan),
           "ST": ST, "ST_low": np.full(k, np.nan), "ST_high": np.full(k, np.nan)}
    if n_boot > 0:
        N = len(yA)
        idx = np.random.default_rng([seed, 7]).integers(0, N, size=(N, n_boot))  # rows × resamples
        b1, bT = estimate(yA[idx], yB[idx], np.moveaxis(yAB[idx], 2, 1))  # (k, n_boot)
        lo, hi = (1 - conf) / 2, 1 - (1 - conf) / 2
        with np.errstate(invalid="ignore"):
            if not np.all(np.isnan(b1)):
                out["S1_low"], out["S1_high"] = np.nanquantile(b1, lo, axis=1), np.nanquantile(b1, hi, axis=1)
                out["ST_low"], out["ST_high"] = np.nanquantile(bT, lo, axis=1), np.nanquantile(bT, hi, axis=1)
    return pd.DataFrame(out)


def sobol_weights(base: WeightBase, spread: float = 0.25, base_n: int = 512, seed: int = 1,
                  n_boot: int = 200, conf: float = 0.95, language: str = "vi") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Sobol' indices of the main-indicator weights (names in ``language``: vi or en).

    Returns
    -------
    (indices, units)
        ``indices``: code, name, weight, S1, S1_low, S1_high, ST, ST_low, ST_high, on the mean
        absolute rank change. ``units``: unit_id, unit_name, rank, then one column
        ``ST_<code>`` per weight (total index of the weight on the unit's rank; NaN where the
        unit's rank never moves), ``top_code``, ``top_name``, ``top_ST`` (the weight with the
        largest total index on the unit's rank) and ``top_shift`` (the unit's mean absolute rank
        change when only that weight varies: mean |r_A − r_ABj|, in ranks); the last four are
        empty where that change is below :data:`MIN_SHIFT` (the rank hardly ever moves). A unit that
        rarely moves has noisy indices (they rest on few rank changes; estimates may pass 1).
        Both are empty where the design has fewer than two weights or the spread is 0.
    """
    cols = ["code", "name", "weight", "S1", "S1_low", "S1_high", "ST", "ST_low", "ST_high"]
    if base.k < 2 or spread == 0 or base.n < 2:
        return pd.DataFrame(columns=cols), pd.DataFrame(columns=["unit_id", "unit_name", "rank", "top_code", "top_name", "top_ST", "top_shift"])
    X = saltelli_sample(base.k, base_n, spread, seed)
    W = base.normalise(base.weights[None, :] * X)
    ev = evaluate(base, W, ranks=True, changes=True)
    ind = sobol_indices(ev.mean_abs_change, base.k, n_boot, conf, seed)
    ind.insert(0, "weight", base.weights)
    names = base.indicator_names(language)
    ind.insert(0, "name", list(names))
    ind.insert(0, "code", list(base.codes))
    rA, rB, rAB = split_outputs(ev.ranks.astype(float), base.k)
    _, STu = estimate(rA, rB, rAB)  # (k, n)
    units = pd.DataFrame({"unit_id": list(base.units), "unit_name": list(base.unit_names), "rank": base.rank})
    for j, code in enumerate(base.codes):
        units[f"ST_{code}"] = STu[j]
    shift = np.abs(rA[:, None, :] - rAB).mean(axis=0)  # (k, n): mean |rank change| from weight j alone
    top = np.argmax(np.where(np.isnan(STu), -np.inf, STu), axis=0)
    every = np.arange(base.n)
    # a unit whose rank its top weight moves by less than the table's 0,01 of a rank on average
    # (one rank change in a thousand and more evaluations) has no weight that matters to name:
    # its index rests on a handful of changes (1,00 for rank 1 at 150 communes, shift 0,00)
    moved = ~np.all(np.isnan(STu), axis=0) & (shift[top, every] >= MIN_SHIFT)
    units["top_code"] = np.where(moved, np.array(base.codes, dtype=object)[top], None)
    units["top_name"] = np.where(moved, np.array(names, dtype=object)[top], None)
    units["top_ST"] = np.where(moved, STu[top, every], np.nan)
    units["top_shift"] = np.where(moved, shift[top, every], np.nan)
    units = units.iloc[np.argsort(base.rank, kind="stable")].reset_index(drop=True)
    return ind[cols], units
