"""The weight model behind the sensitivity analysis, and ranks of many weight vectors at once.

Scoring a design once gives every unit's score on each scored main indicator. A weight vector
``w`` (the main indicators' max points, summing to the design's scale) then gives every unit's
index as a matrix product, with no re-scoring::

    percent = 100 × (fractions @ w + bonus) / (available @ w)

where ``fractions[i, j]`` = score of unit i on indicator j / max points of j, ``bonus`` the
bonus and penalty points outside the max, and ``available[i, j]`` the share of indicator j's
max that counts for unit i (1, or less where the N/A policy ``exclude`` removed the max of
not-applicable items: Hải Dương point 4). With the official weights this reproduces the
engine's percent exactly (it is computed as ``scores @ (w / max)``, so the official multipliers
are exactly 1), and the ranks are the engine's: highest first, ties sharing the best rank
(``min``), on the percent rounded to 9 decimals.

Draws are evaluated in chunks of weight vectors (a bounded number of draws × units per chunk),
each chunk with one matrix product and one row-wise argsort; units with identical rows are
evaluated once, so that two identical units share their rank in every draw exactly.
"""
from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dti_kit.errors import DtiKitError, InputError, Problem
from dti_kit.model import Component, IndexDesign, MainIndicator
from dti_kit.model import band_index as _band_index
from dti_kit.scoring import ScoreResult

#: draws × units evaluated per chunk (about 45 bytes each at peak: ~180 MB)
CHUNK_ELEMENTS = 4_000_000
#: the rank histogram (units × ranks) is used up to this many bytes, else ranks are stored
HISTOGRAM_BYTES = 256 * 2**20
#: bits of an int64 sort key available for the rounded percent and the row label
PACK_BITS = 62
#: threads that evaluate chunks side by side (None: one per core)
THREADS: int | None = None


@dataclass(frozen=True)
class WeightBase:
    """Everything needed to re-rank the units of one scoring under other weights.

    Attributes
    ----------
    design : IndexDesign
    codes, names, names_en : tuple of str
        The scored main indicators, in design order.
    weights : ndarray (k,)
        Their official max points (the official weight vector; sums to ``scale``).
    scale : float
        The design's max points.
    units, unit_names : tuple of str
        The units, in input order.
    scores : ndarray (n, k)
        Each unit's score on each scored main indicator (after the N/A policy).
    available : ndarray (n, k)
        Max points of each indicator that count for the unit (max minus what ``exclude``
        removed).
    bonus : ndarray (n,)
        Bonus and penalty points, outside the max.
    percent, rank : ndarray (n,)
        The engine's official percent and rank.
    band : ndarray of int (n,) or None
        Index of the official band in ``band_labels`` (-1 where none); None if no bands.
    band_labels, band_labels_en : tuple of str or None
    band_uppers : ndarray or None
        Upper bounds of the bands (inclusive, percent; ``inf`` for the last).
    groups : ndarray of int (n,)
        Index of each unit's distinct row (identical units share one).
    counts : ndarray of int (u,)
        How many units each distinct row stands for.
    first : ndarray of int (u,)
        One unit of each distinct row.
    label, by_label : ndarray of int (u,)
        ``label[g]``: the position of distinct row g in the official ranking; ``by_label`` its
        inverse (the row at each position).
    """

    design: IndexDesign
    codes: tuple[str, ...]
    names: tuple[str, ...]
    names_en: tuple[str, ...]
    weights: np.ndarray
    scale: float
    units: tuple[str, ...]
    unit_names: tuple[str, ...]
    scores: np.ndarray
    available: np.ndarray
    bonus: np.ndarray
    percent: np.ndarray
    rank: np.ndarray
    band: np.ndarray | None
    band_labels: tuple[str, ...] | None
    band_labels_en: tuple[str, ...] | None
    band_uppers: np.ndarray | None
    groups: np.ndarray
    counts: np.ndarray
    first: np.ndarray
    label: np.ndarray
    by_label: np.ndarray

    @property
    def n(self) -> int:
        """Number of units."""
        return len(self.units)

    @property
    def k(self) -> int:
        """Number of scored main indicators (weights)."""
        return len(self.codes)

    @property
    def fractions(self) -> np.ndarray:
        """Achievement on each main indicator as a fraction of its max (n, k)."""
        return self.scores / self.weights[None, :]

    @property
    def has_bands(self) -> bool:
        return self.band is not None

    def indicator_names(self, language: str = "vi") -> tuple[str, ...]:
        """The main indicators' names as printed (vi) or in English (en)."""
        return self.names_en if language == "en" else self.names

    def normalise(self, W: np.ndarray) -> np.ndarray:
        """Rescale weight vectors (rows) so that each sums to the design's scale.

        Raises
        ------
        DtiKitError
            If a row does not have a positive sum (no main indicator left).
        """
        W = np.atleast_2d(np.asarray(W, dtype=float))
        s = W.sum(axis=1, keepdims=True)
        if W.shape[1] != self.k:
            raise DtiKitError(f"weight vectors need {self.k} entries (one per scored main indicator), got {W.shape[1]}")
        if np.any(~(s > 0)) or np.any(W < 0):
            raise DtiKitError("every weight vector needs non-negative weights with a positive sum")
        return W * (self.scale / s)


def weight_base(result: ScoreResult) -> WeightBase:
    """The weight model of one scoring (see the module's docstring).

    Parameters
    ----------
    result : ScoreResult
        ``score_units(design, inputs)``; its N/A policy has already been applied.

    Returns
    -------
    WeightBase

    Raises
    ------
    InputError
        If a unit has no score on a scored main indicator (missing inputs), listing every one.
    """
    design = result.design
    inds = design.scored_indicators()
    codes = tuple(m.code for m in inds)
    w = np.array([m.max_points for m in inds], dtype=float)
    # the units the ranking numbers: a unit assessed but not ranked (a units file's ranked = 0, a
    # design's ranking.unranked) has no rank to be robust, and its score moves no other unit's rank
    ranks = result.totals().set_index("unit_id")["rank"]
    units = tuple(u for u in result.units if not pd.isna(ranks.get(u)))
    S = result.wide("indicator").loc[list(units), list(codes)].to_numpy(dtype=float) if codes else np.zeros((len(units), 0))
    bad = np.argwhere(np.isnan(S))
    if len(bad):
        raise InputError([
            Problem(f"no score on main indicator {codes[j]}: the sensitivity analysis needs every unit scored",
                    f"chưa có điểm chỉ số chính {codes[j]}: phân tích độ nhạy cần điểm của mọi đơn vị",
                    unit_id=str(units[i]), code=codes[j])
            for i, j in bad
        ], "units without a score on a main indicator")
    tot = result.totals().set_index("unit_id").loc[list(units)]
    percent = tot["percent"].to_numpy(dtype=float)
    rank = tot["rank"].to_numpy(dtype=np.int64)
    bonus = tot["score"].to_numpy(dtype=float) - S.sum(axis=1)
    bonus = np.where(np.abs(bonus) < 1e-9, 0.0, bonus)
    A = _available(result, inds, units, w)
    band = labels = labels_en = uppers = None
    if design.bands is not None and "total" in design.bands.applies_to:
        bands = design.bands.bands
        labels = tuple(b.label for b in bands)
        labels_en = tuple(b.label_en for b in bands)
        uppers = design.bands.uppers()
        index = {lab: i for i, lab in enumerate(labels)}
        band = np.array([index.get(b, -1) if isinstance(b, str) else -1 for b in tot["band"]], dtype=np.int64)
    key = np.column_stack([S, A, bonus]) if len(units) else np.zeros((0, 2 * len(codes) + 1))
    _, first, groups, counts = np.unique(key, axis=0, return_index=True, return_inverse=True, return_counts=True)
    # each distinct row's label = its position in the official ranking: sorted draws then hold
    # labels close to 0, 1, 2 …, and the rank histogram (rank × label) fills near its diagonal
    by_label = np.argsort(rank[first], kind="stable")
    label = np.empty_like(by_label)
    label[by_label] = np.arange(len(by_label))
    base = WeightBase(
        design=design, codes=codes, names=tuple(m.name for m in inds), names_en=tuple(m.name_en for m in inds),
        weights=w, scale=float(design.scale), units=units,
        unit_names=tuple(str(result.unit_names.get(u, u)) for u in units),
        scores=S, available=A, bonus=bonus, percent=percent, rank=rank, band=band,
        band_labels=labels, band_labels_en=labels_en, band_uppers=uppers,
        groups=np.asarray(groups).reshape(-1), counts=counts, first=first, label=label, by_label=by_label,
    )
    _verify(base)
    return base


def _available(result: ScoreResult, inds: tuple[MainIndicator, ...], units: tuple[str, ...], w: np.ndarray) -> np.ndarray:
    """Max points of each indicator that count for each unit (``exclude`` removes some)."""
    A = np.tile(w, (len(units), 1))
    na = result.na_items
    if result.na_policy != "exclude" or na.empty:
        return A
    design = result.design
    col = {m.code: j for j, m in enumerate(inds)}
    row = {u: i for i, u in enumerate(units)}
    status = result.wide("indicator", "status")
    given = status.loc[list(units), [m.code for m in inds]].to_numpy() == "given"
    for uid, code in zip(na["unit_id"], na["code"]):  # one row per N/A item (a handful), not per unit
        node = design.node(code)
        ind = node.code if isinstance(node, MainIndicator) else node.indicator if isinstance(node, Component) else None
        if ind in col and uid in row:  # a unit not ranked is not in the analysis
            i, j = row[uid], col[ind]
            if isinstance(node, MainIndicator) or not given[i, j]:
                A[i, j] -= node.max_points
    return A


def _verify(base: WeightBase) -> None:
    """The official weights must give back the engine's percent (else the model is wrong)."""
    if base.n == 0:
        return
    p = percent_matrix(base, base.weights[None, :], distinct=False)[0]
    ok = np.isclose(p, base.percent, rtol=0, atol=1e-7) | (np.isnan(p) & np.isnan(base.percent))
    if not ok.all():
        bad = [base.units[i] for i in np.flatnonzero(~ok)[:5]]
        raise DtiKitError(f"internal: the weight model does not reproduce the engine's index for {', '.join(bad)}")


def percent_matrix(base: WeightBase, W: np.ndarray, *, distinct: bool = True) -> np.ndarray:
    """Index (percent of max, rounded to 9 decimals) of every unit under every weight vector.

    Parameters
    ----------
    base : WeightBase
    W : ndarray (m, k)
        Weight vectors, each summing to the design's scale (see :meth:`WeightBase.normalise`).
    distinct : bool
        If true, one column per distinct row (``base.first``), else one per unit.

    Returns
    -------
    ndarray (m, u) or (m, n)
    """
    return np.round(_percent(base, W, base.first if distinct else slice(None)), 9)


def _percent(base: WeightBase, W: np.ndarray, rows) -> np.ndarray:
    """Unrounded percent, computed in place: (mult @ scores + bonus) / (mult @ available) × 100,
    with mult = W / official weights (exactly 1 for the official weights)."""
    mult = W / base.weights[None, :]
    T = mult @ base.scores[rows].T
    T += base.bonus[rows][None, :]
    A = base.available[rows]
    if np.all(A == base.weights[None, :]):
        T /= base.scale  # Σ mult × max = the scale for normalised weights
    else:
        avail = mult @ A.T
        with np.errstate(divide="ignore", invalid="ignore"):
            T /= np.where(avail > 0, avail, np.nan)
    T *= 100.0
    return T


def rank_rows(P: np.ndarray, counts: np.ndarray | None = None) -> np.ndarray:
    """Ranks within each row, highest first, ties sharing the best rank (pandas ``min``).

    Parameters
    ----------
    P : ndarray (m, u)
        Values; higher is better. NaN ranks last. Values are compared as given (round them
        first, as :func:`percent_matrix` does).
    counts : ndarray of int (u,), optional
        How many units each column stands for (identical units): a column's rank is 1 + the
        number of units with a higher value.

    Returns
    -------
    ndarray of int32 (m, u)
    """
    key = np.where(np.isnan(P), -np.inf, P)
    order = np.argsort(-key, axis=1)
    s = np.take_along_axis(key, order, axis=1)
    r = _sorted_ranks(s[:, 1:] != s[:, :-1], order, counts)
    out = np.empty(P.shape, dtype=np.int32)
    np.put_along_axis(out, order, r, axis=1)
    return out


def _sorted_ranks(new: np.ndarray, order: np.ndarray, counts: np.ndarray | None) -> np.ndarray:
    """Ranks along rows already sorted best first; ``new[:, j]`` says position j + 1 starts
    a new value (else it ties with position j); ``order`` = unit of each position."""
    m, u = order.shape
    if counts is None or np.all(counts == 1):
        if new.all():  # no ties (the usual case for distinct rows): ranks are the positions
            return np.broadcast_to(np.arange(1, u + 1, dtype=np.int32), (m, u))
    start = np.zeros((m, u), dtype=np.int32)
    start[:, 1:] = np.where(new, np.arange(1, u, dtype=np.int32)[None, :], 0)
    np.maximum.accumulate(start, axis=1, out=start)
    if counts is None or np.all(counts == 1):
        start += 1
        return start
    c = counts[order]
    before = np.cumsum(c, axis=1) - c
    return (np.take_along_axis(before, start, axis=1) + 1).astype(np.int32)


def _rank_chunk(base: WeightBase, W: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Rank the distinct rows under a chunk of weight vectors.

    Returns
    -------
    (order, ranks, q)
        ``order[d, j]``: the label (:attr:`WeightBase.label`) of the distinct row at position j
        (best first) in draw d; ``ranks[d, j]`` its rank; ``q``: the percent × 10⁹, rounded
        (engine's 9 decimals), one column per distinct row.

    The rounded percent and the row index are packed into one int64 so that a plain sort
    (not an argsort and a gather) orders each draw; if the values need too many bits the
    argsort of :func:`rank_rows` is used instead.
    """
    T = _percent(base, W, base.first)
    T *= 1e9
    np.rint(T, out=T)  # == np.round(percent, 9) × 10⁹, as the engine compares
    nan = np.isnan(T)
    u = T.shape[1]
    ibits = max(1, int(u - 1).bit_length())
    finite = T[~nan]
    lo, hi = (finite.min(), finite.max()) if finite.size else (0.0, 0.0)
    if nan.any():
        lo -= 1.0
        T[nan] = lo  # NaN ranks last
    counts = base.counts[base.by_label]
    if (hi - lo) >= 2.0 ** (PACK_BITS - ibits) or hi - lo > 2.0**52:
        order = np.argsort(-T, axis=1)
        s = np.take_along_axis(T, order, axis=1)
        order = base.label[order]
        return order, _sorted_ranks(s[:, 1:] != s[:, :-1], order, counts), T
    key = (hi - T).astype(np.int64)
    key <<= ibits
    key |= base.label.astype(np.int64)[None, :]
    key.sort(axis=1)
    order = key & ((1 << ibits) - 1)
    key >>= ibits
    return order, _sorted_ranks(key[:, 1:] != key[:, :-1], order, counts), T


def band_index(base: WeightBase, P: np.ndarray) -> np.ndarray:
    """Band of each percent (:func:`dti_kit.model.band_index`); -1 where the percent is NaN."""
    return _band_index(base.band_uppers, P)


def _band_of_q(base: WeightBase, q: np.ndarray) -> np.ndarray:
    """:func:`band_index` on percent × 10⁹ (rounded): the number of finite upper bounds passed."""
    out = np.zeros(q.shape, dtype=np.int8)
    for up in base.band_uppers[:-1]:  # a handful of bounds, not units or draws
        out += q > np.floor(up * 1e9)
    return out


@dataclass
class Evaluation:
    """What :func:`evaluate` kept of the ranks under many weight vectors.

    Attributes
    ----------
    mean_abs_change : ndarray (m,) or None
        Mean over units of |rank − official rank|, per weight vector.
    ranks : ndarray of int32 (m, n) or None
    percent : ndarray (m, n) or None
        Rounded to 9 decimals.
    histogram : ndarray of int64 (n, u) or None
        ``histogram[r - 1, g]`` = number of weight vectors giving rank r to distinct row g
        (rank-major: filling it sweeps each draw's sorted positions in order).
    stored : ndarray (m, u) or None
        Ranks of the distinct rows, kept instead of the histogram where that is smaller.
    band_changes : ndarray of int64 (u,) or None
        Number of weight vectors under which the distinct row's band differs from its
        official band.
    """

    mean_abs_change: np.ndarray | None = None
    ranks: np.ndarray | None = None
    percent: np.ndarray | None = None
    histogram: np.ndarray | None = None
    stored: np.ndarray | None = None
    band_changes: np.ndarray | None = None


def evaluate(base: WeightBase, W: np.ndarray, *, ranks: bool = False, percent: bool = False,
             changes: bool = False, distribution: bool = False, bands: bool = False,
             chunk_elements: int = CHUNK_ELEMENTS, histogram: bool | None = None) -> Evaluation:
    """Rank every unit under every weight vector, chunk by chunk.

    Parameters
    ----------
    base : WeightBase
    W : ndarray (m, k)
        Weight vectors summing to the scale (:meth:`WeightBase.normalise`).
    ranks, percent : bool
        Keep the full (m, n) matrices (for a few hundred or thousand vectors).
    changes : bool
        Keep, per vector, the mean absolute rank change against the official ranking.
    distribution : bool
        Keep each unit's rank distribution over the vectors (a histogram, or the ranks of the
        distinct rows where that takes less memory) for quantiles.
    bands : bool
        Count band changes (needs a band scheme).
    chunk_elements : int
        Bound on vectors × distinct units per chunk (peak memory ≈ 50 bytes each).
    histogram : bool, optional
        Force (True) or forbid (False) the histogram; default: whichever is smaller.

    Returns
    -------
    Evaluation
    """
    W = np.atleast_2d(np.asarray(W, dtype=float))
    m, n, u = W.shape[0], base.n, len(base.first)
    lab = base.by_label
    r0 = base.rank[base.first][lab].astype(np.int32)  # by label
    counts = base.counts[lab]
    ev = Evaluation()
    if changes:
        ev.mean_abs_change = np.empty(m)
    if ranks:
        ev.ranks = np.empty((m, n), dtype=np.int32)
    if percent:
        ev.percent = np.empty((m, n))
    want_hist = False
    if distribution:
        hist_bytes = u * n * 8 * 2
        want_hist = histogram if histogram is not None else (hist_bytes <= HISTOGRAM_BYTES or hist_bytes <= m * u * 4)
        if not want_hist:
            ev.stored = np.empty((m, u), dtype=np.int32)
    b0_ = None
    if bands and base.has_bands:
        ev.band_changes = np.zeros(u, dtype=np.int64)
        b0_ = base.band[base.first].astype(np.int8)
    weighted = not np.all(base.counts == 1)
    step = max(1, int(chunk_elements // max(u, 1)))

    def run_chunk(a: int) -> dict:
        """Everything one chunk of weight vectors contributes (runs in a worker thread: the
        sorts, products and counts release the GIL; each chunk writes only its own rows)."""
        b = min(m, a + step)
        order, r, q = _rank_chunk(base, W[a:b])
        part: dict = {}
        if want_hist:
            part["band"] = _rank_band(order, r)
        if changes:
            d = np.abs(r - r0[order])
            ev.mean_abs_change[a:b] = ((d * counts[order]).sum(axis=1) if weighted else d.sum(axis=1)) / max(n, 1)
        if b0_ is not None:
            part["band_changes"] = (_band_of_q(base, q) != b0_[None, :]).sum(axis=0)
        if ranks or ev.stored is not None:
            R = np.empty(order.shape, dtype=np.int32)  # by label
            np.put_along_axis(R, order, r, axis=1)
            if ev.stored is not None:
                ev.stored[a:b] = R[:, base.label]
            if ranks:
                ev.ranks[a:b] = R[:, base.label[base.groups]]
        if percent:
            ev.percent[a:b] = (q / 1e9)[:, base.groups]
        return part

    starts = range(0, m, step)  # chunks of weight vectors, not single draws
    threads = max(1, min(THREADS or os.cpu_count() or 1, len(starts)))
    band, width = None, 0
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for part in pool.map(run_chunk, starts):  # in chunk order: the sums are the same every run
            if "band" in part:
                band, width = _add_band(band, width, *part["band"])
            if "band_changes" in part:
                ev.band_changes += part["band_changes"]
    if want_hist:
        ev.histogram = _band_to_histogram(band, width, n, u)[:, base.label]  # by distinct row
    return ev


def _rank_band(order: np.ndarray, r: np.ndarray) -> tuple[np.ndarray, int]:
    """Count, per distinct row (by label), how often each rank occurs in a chunk, as a band
    around the row's official position: ranks move a few dozen places under reasonable
    weights, so a (u, 2·width + 1) band replaces the (n, u) rank × row table."""
    disp = r - 1 - order  # rank − 1 − official position (the label) of the row at each place
    width = int(np.abs(disp).max()) if disp.size else 0
    span = 2 * width + 1
    idx = order * span
    idx += disp
    idx += width
    u = order.shape[1]
    return np.bincount(idx.ravel(), minlength=u * span).reshape(u, span), width


def _add_band(acc: np.ndarray | None, acc_width: int, part: np.ndarray, width: int) -> tuple[np.ndarray, int]:
    """Sum two rank bands of possibly different widths (the wider one wins)."""
    if acc is None:
        return part.copy(), width
    if width > acc_width:
        acc = np.pad(acc, ((0, 0), (width - acc_width, width - acc_width)))
        acc_width = width
    elif width < acc_width:
        part = np.pad(part, ((0, 0), (acc_width - width, acc_width - width)))
    acc += part
    return acc, acc_width


def _band_to_histogram(band: np.ndarray | None, width: int, n: int, u: int) -> np.ndarray:
    """The (n ranks × u labels) histogram of a rank band."""
    hist = np.zeros((n, u), dtype=np.int64)
    if band is None:
        return hist
    g, j = np.nonzero(band)
    hist[g + j - width, g] = band[g, j]  # rank − 1 = label + displacement
    return hist


def order_statistic(m: int, q: float) -> int:
    """0-based index of the q-quantile among m sorted values (numpy's ``inverted_cdf``)."""
    return int(min(max(np.ceil(m * q - 1e-12) - 1, 0), m - 1))


def rank_quantiles(ev: Evaluation, m: int, qs: tuple[float, ...]) -> np.ndarray:
    """Quantiles of each distinct row's rank over m vectors: (len(qs), u) integer ranks.

    The empirical quantile ``inverted_cdf`` (R's type 1): the smallest rank r such that at
    least a share q of the draws rank the unit r or better. Ranks stay whole numbers.
    """
    ks = [order_statistic(m, q) for q in qs]
    if ev.histogram is not None:
        cum = np.cumsum(ev.histogram, axis=0)
        return np.stack([(cum >= k + 1).argmax(axis=0) + 1 for k in ks])
    part = np.partition(ev.stored, sorted(set(ks)), axis=0)
    return np.stack([part[k] for k in ks]).astype(np.int64)


def rank_mean(ev: Evaluation, m: int) -> np.ndarray:
    """Mean rank of each distinct row over m vectors."""
    if ev.histogram is not None:
        r = np.arange(1, ev.histogram.shape[0] + 1)
        return (r @ ev.histogram) / m
    return ev.stored.mean(axis=0)


def share_at(ev: Evaluation, m: int, ranks: np.ndarray) -> np.ndarray:
    """Share of the m vectors in which each distinct row has the given rank."""
    if ev.histogram is not None:
        return ev.histogram[ranks - 1, np.arange(len(ranks))] / m
    return (ev.stored == ranks[None, :]).mean(axis=0)
