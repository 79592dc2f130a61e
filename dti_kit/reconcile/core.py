"""Reconciliation of self-assessed and appraised scores (đối chiếu điểm tự đánh giá và điểm thẩm định).

Every year units score themselves (điểm tự đánh giá, input variable ``self_score``), the
appraisal council corrects them (điểm thẩm định) and the units explain (giải trình) the gaps.
:func:`reconcile` puts three scores side by side for every unit and item:

``self_score``
    the unit's self-assessed score, as entered (variable ``self_score``). A bonus or
    penalty item left blank counts as not claimed: 0.
``computed_score``
    what :func:`dti_kit.scoring.score_units` computes from the unit's own submitted inputs
    by the design's rule (``ScoreResult.scores`` column ``computed_score``); blank where the
    unit gave no inputs (a score given by the council only, a rule of kind ``given``) or
    where the item is not applicable (N/A: the rule is not applied, the N/A policy scores it).
``appraised_score``
    the final score (``ScoreResult.scores`` column ``score``): the ``appraised_score`` the
    council gave where it gave one, otherwise the computed score (or the N/A policy's score).

``difference`` = self − appraised at the precision scores are published in (``decimals``:
the design's ``ranking.decimals``, 2 by default, i.e. hundredths of a point; a params file's
``options: reconciliation: {decimals: N}`` overrides it; see :func:`compare`): both scores
are written at that precision, rounded half up, and a unit that cut its score to it instead
(8.61 for a computed 8.617) made a rounding difference too, not a claim: no change. Other
gaps are the difference of the two written scores (a self-score of 6.53 against 6.524 is
0.01; 6.52 against 6.524 is 0).

The items compared are the scored leaves of the design: components (their sub-components
where a component sums them), the main indicators of a structure-only design, and the bonus
and penalty items. Components of a main indicator the design does not score (0 points) are
compared but add nothing to the totals; a structure-only indicator that is not scored is left
out. Units are compared with the other units of the same run (one design, one level).

Flags (``flags`` column, ``;``-separated, each named and explained in words by the catalogue, ``reconcile.flag_name.<flag>`` and ``reconcile.flag.<flag>``):

=================  ==========================================================================
self-above-max     the self-score is above the item's max points
over-claim         the self-score is above the computed score (what the unit's own inputs give)
under-claim        the appraised score is above the self-score
large-change       |self − appraised| is larger than the tolerance (points; 0 = any change at the
                   published precision)
self-missing       no self-score, and the unit did not declare the item not applicable
not-appraised      no appraised score: no score given and no inputs to compute one
na-disputed        the unit declared the item not applicable (N/A) while at least one other
                   unit scored together under the same design (the same level) reports it
=================  ==========================================================================

The items a unit must explain (``to_explain``) are those with any flag but under-claim (a
council's correction upwards above the tolerance is also a large-change), an over-claim
counting only where it exceeds the tolerance. Their *points at stake* are the largest of:
|difference|; self − computed (an over-claim); self − max (above max); the unchecked
self-score (not appraised); the appraised score (self-score missing); the points the N/A
policy gives (N/A disputed).

Per unit: totals of self and appraised scores added up as the engine adds the final scores
(the capped main indicators capped, bonus and penalty items added; an item declared N/A and
not self-scored counts at the N/A policy's score in both totals, a missing score counts 0),
the share of items changed, and rank and band (where the design has bands) by the index
(percent of the unit's max) on self-scores and on appraised scores. Per component: how often
and by how much it was changed across units, and the mean over-claim. Agreement: see
:class:`Agreement` and :mod:`dti_kit.reconcile.agreement`. Tables for readers, words, charts and the
workbook to send back to the units: :mod:`dti_kit.reconcile.report`.
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dti_kit.errors import InputError, Problem
from dti_kit.inputs import normalise_long
from dti_kit.model import IndexDesign
from dti_kit.ranks import rank_by_design
from dti_kit.reconcile.agreement import (
    BlandAltman,
    bland_altman,
    exact_agreement,
    kappa_label,
    mean_absolute_difference,
    spearman,
    weighted_kappa,
)
from dti_kit.scoring import ScoreResult, score_units

FLAGS = ("self-above-max", "over-claim", "under-claim", "large-change", "self-missing", "not-appraised", "na-disputed")
EXPLAIN_FLAGS = tuple(f for f in FLAGS if f != "under-claim")
ITEM_COLUMNS = ("unit_id", "code", "self_score", "computed_score", "appraised_score", "difference", "flags")
DECIMALS = 2
BONUS = "+/-"  # pseudo main indicator of the bonus and penalty items
_EPS = 1e-9

# -- the computation ---------------------------------------------------------------------

@dataclass(frozen=True)
class Agreement:
    """How far self-assessed and appraised scores agree.

    Attributes
    ----------
    items : number of (unit, item) pairs with both scores
    mean_absolute_difference : mean |difference| over those pairs, in points
    exact_agreement : share (0–1) of those pairs whose difference is 0
    units : number of units
    spearman : Spearman's rank correlation of the units' index (percent of max) on
        self-scores against appraised scores (= by totals where every unit has the same max)
    kappa : Cohen's weighted kappa (linear weights) of the units' bands on self-scores against
        appraised scores; None where the design has no bands, NaN where undefined
    kappa_label : Landis & Koch strength of agreement of ``kappa`` (None if none)
    bland_altman : mean difference and 95 % limits of agreement of the unit totals
    """

    items: int
    mean_absolute_difference: float
    exact_agreement: float
    units: int
    spearman: float
    kappa: float | None
    kappa_label: str | None
    bland_altman: BlandAltman


@dataclass(frozen=True)
class Reconciliation:
    """Self-assessed against appraised scores of a set of units under one design.

    Attributes
    ----------
    items : pandas.DataFrame
        One row per unit and item (unit-major, design order): ``unit_id, unit_name, code,
        name, indicator, kind, max_points, status, self_score, computed_score,
        appraised_score, difference, difference_computed, flags``, one boolean column per
        flag code, ``peers_reporting`` (other units reporting the item), ``points_at_stake``
        and ``to_explain``.
    units : pandas.DataFrame
        Per unit, in input order: ``unit_id, unit_name, items, compared, changed,
        share_changed, self_total, appraised_total, difference, max_points, percent_self,
        percent_appraised, rank_self, rank_appraised, band_self, band_appraised,
        to_explain, points_at_stake`` (of the items to explain) and a count per flag (``over_claim`` …).
    components : pandas.DataFrame
        Per item, the most disputed first: ``code, name, indicator, max_points, units,
        compared, changed, share_changed, mean_abs_difference, max_abs_difference,
        mean_difference, over_claims, mean_over_claim, to_explain, points_at_stake``.
    agreement : Agreement
    result : ScoreResult
        The scoring the appraised scores come from.
    warnings : tuple of Problem
        Self-scores entered on codes that are not compared (e.g. a main indicator that has
        components), and the scoring's own warnings.
    """

    design: IndexDesign
    tolerance: float
    decimals: int
    items: pd.DataFrame
    units: pd.DataFrame
    components: pd.DataFrame
    agreement: Agreement
    result: ScoreResult
    warnings: tuple[Problem, ...] = ()

    def table(self) -> pd.DataFrame:
        """The columns of the items CSV: ``unit_id, code, self_score, computed_score,
        appraised_score, difference, flags``."""
        return self.items[list(ITEM_COLUMNS)].copy()

    def to_explain(self) -> pd.DataFrame:
        """The items units must explain, most points at stake first (then unit, design order)."""
        sub = self.items[self.items["to_explain"]]
        return sub.sort_values("points_at_stake", ascending=False, kind="mergesort").reset_index(drop=True)

    def differences_by(self, key: str) -> pd.DataFrame:
        """Σ of the differences per unit (``key="unit_id"``, input order) or per main indicator
        (``key="indicator"``, design order; bonus and penalty items under ``"+/-"``): columns
        ``over`` (points self-assessed above appraised), ``under`` (points appraised above
        self-assessed, ≤ 0) and ``net`` = over + under."""
        if key not in ("unit_id", "indicator"):
            raise ValueError("key must be unit_id or indicator")
        d = self.items["difference"]
        g = self.items.assign(over=d.clip(lower=0), under=d.clip(upper=0)).groupby(key, sort=False)
        out = g[["over", "under"]].sum()
        if key == "unit_id":
            out = out.reindex(list(self.result.units))
        return out.assign(net=out["over"] + out["under"])


def _catalog(design: IndexDesign) -> pd.DataFrame:
    """The items compared: code, main indicator, lowest and highest score, cap, whether the
    indicator counts in the total, design order. Components of an indicator the design does
    not score (0 points) are compared but add nothing to the totals."""
    rows = []
    for m in design.main_indicators:
        comps = m.all_components()
        if not comps and m.scored:  # structure-only: the indicator is the item
            rows.append((m.code, m.code, 0.0, m.max_points, m.max_points, False, True))
        for c in comps:
            for leaf in c.subcomponents or (c,):
                rows.append((leaf.code, m.code, 0.0, leaf.max_points, m.max_points, m.cap, m.scored))
    for b in design.bonus:
        rows.append((b.code, BONUS, min(b.points, 0.0), max(b.points, 0.0), np.nan, False, True))
    cat = pd.DataFrame(rows, columns=["code", "indicator", "lowest", "highest", "indicator_max", "capped", "scored"])
    cat["_order"] = np.arange(len(cat))
    return cat


def reconcile(design: IndexDesign, inputs: pd.DataFrame, *, tolerance: float = 0.0, na_policy: str | None = None,
              decimals: int | None = None, unranked: Iterable[str] = ()) -> Reconciliation:
    """Reconcile the self-assessed scores of every unit with the appraised scores.

    Parameters
    ----------
    design : IndexDesign
        The index design (``load_design(id)``).
    inputs : pandas.DataFrame
        The long table ``unit_id, code, variable, value`` with ``self_score`` rows, and
        ``appraised_score`` rows and/or the rules' inputs.
    tolerance : float
        A change of more than this many points is flagged ``large-change`` (0 = any change
        at the published precision).
    na_policy : str, optional
        Override of the design's N/A policy (see :func:`dti_kit.score_units`).
    decimals : int, optional
        Precision at which scores are compared (2 = hundredths of a point); default the
        precision the design publishes scores in (``design.ranking.decimals``).
    unranked : iterable of str
        Units assessed but not ranked (a units file's ``ranked = 0``): no rank on either side.
        The ranks are the design's (its ties and published decimals, :func:`dti_kit.ranks.rank_by_design`),
        so that the rank by the appraised scores is the scoring report's official rank.

    Returns
    -------
    Reconciliation

    Raises
    ------
    InputError
        Bad inputs (every problem at once, as :func:`score_units` reports them), no
        self-assessed score at all, a self-score below the item's lowest score, a
        tolerance that is not a number ≥ 0 or decimals that are not a whole number 0–9.
    """
    if not isinstance(tolerance, (int, float)) or not math.isfinite(tolerance) or tolerance < 0:
        raise InputError([Problem(f"tolerance must be a number of points ≥ 0, not {tolerance!r}",
                                  f"ngưỡng chênh lệch phải là số điểm ≥ 0, không phải {tolerance!r}")])
    if decimals is None:
        decimals = published_decimals(design)
    if isinstance(decimals, bool) or not isinstance(decimals, (int, np.integer)) or not 0 <= decimals <= 9:
        raise InputError([Problem(f"decimals must be a whole number from 0 to 9, not {decimals!r}",
                                  f"số chữ số thập phân phải là số nguyên từ 0 đến 9, không phải {decimals!r}",
                                  variable="decimals")])
    decimals = int(decimals)
    long = inputs if "_source" in inputs.columns else normalise_long(inputs)
    if not (long["variable"] == "self_score").any():
        sources = ", ".join(sorted({str(s) for s in long["_source"].unique() if s})) if len(long) else ""
        raise InputError([Problem("no self-assessed score (variable self_score) in the inputs: nothing to reconcile",
                                  "không có điểm tự đánh giá (biến self_score) trong dữ liệu: không có gì để đối chiếu",
                                  source=sources)])
    cat = _catalog(design)
    problems = _self_range_problems(long, cat)
    try:
        result = score_units(design, long, na_policy=na_policy, require_complete=False, unranked=frozenset(unranked))
    except InputError as exc:  # report the engine's problems and the self-scores' together
        raise InputError(list(exc.problems) + problems, exc.summary) from None
    if problems:
        raise InputError(problems, f"{len(problems)} self-assessed score(s) below the item's lowest score")
    items = _items(result, cat, tolerance, decimals)
    units = _unit_summary(design, result, items)
    components = _component_summary(items)
    agreement = _agreement(design, items, units)
    warnings = tuple(result.warnings) + _stray_self_scores(result, cat)
    return Reconciliation(design, float(tolerance), decimals, items, units, components, agreement, result, warnings)


def _items(result: ScoreResult, cat: pd.DataFrame, tolerance: float, decimals: int) -> pd.DataFrame:
    cols = ["unit_id", "unit_name", "code", "name", "kind", "max_points", "status", "self_score", "computed_score", "score"]
    s = result.scores[cols].rename(columns={"score": "appraised_score"})
    it = s.merge(cat, on="code", how="inner", validate="many_to_one")
    it["_unit"] = pd.factorize(it["unit_id"])[0]
    it = it.sort_values(["_unit", "_order"], kind="mergesort").reset_index(drop=True)
    bonus = (it["kind"] == "bonus").to_numpy()
    self_ = it["self_score"].to_numpy(dtype=float)
    self_ = np.where(bonus & np.isnan(self_), 0.0, self_)  # a bonus left blank is not claimed
    it["self_score"] = self_
    appr = it["appraised_score"].to_numpy(dtype=float) + 0.0
    comp = it["computed_score"].to_numpy(dtype=float) + 0.0
    it["appraised_score"], it["computed_score"] = appr, comp
    status = it["status"].astype(object).to_numpy()
    na = status == "na"
    with np.errstate(invalid="ignore"):
        d = compare(self_, appr, decimals)
        dc = compare(self_, comp, decimals)
        above = compare(self_, it["highest"].to_numpy(dtype=float), decimals) > 0
    reporting = np.isin(status, ("computed", "given"))
    it["difference"], it["difference_computed"] = d, dc
    peers = pd.Series(reporting.astype(int)).groupby(it["code"].to_numpy()).transform("sum").to_numpy() - reporting
    it["peers_reporting"] = peers
    masks = {
        "self-above-max": above,
        "over-claim": dc > 0,
        "under-claim": d < 0,
        "large-change": np.abs(d) > tolerance + _EPS,
        "self-missing": np.isnan(self_) & ~na,
        "not-appraised": np.isnan(appr),
        "na-disputed": na & (peers > 0),
    }
    flags = np.full(len(it), "", dtype=object)
    for code in FLAGS:
        it[code] = masks[code]
        flags = flags + np.where(masks[code], code + ";", "")
    it["flags"] = pd.Series(flags).str.rstrip(";").to_numpy(dtype=object)
    stake = np.column_stack([
        np.abs(d),
        np.where(masks["over-claim"], dc, np.nan),
        np.where(above, self_ - it["highest"].to_numpy(dtype=float), np.nan),
        np.where(masks["not-appraised"], np.abs(self_), np.nan),
        np.where(masks["self-missing"], np.abs(appr), np.nan),
        np.where(masks["na-disputed"], np.abs(appr), np.nan),
    ])
    with np.errstate(invalid="ignore"):
        it["points_at_stake"] = np.round(np.nan_to_num(np.fmax.reduce(stake, axis=1), nan=0.0), decimals) + 0.0
    explain = [masks[f] & (dc > tolerance + _EPS) if f == "over-claim" else masks[f] for f in EXPLAIN_FLAGS]
    it["to_explain"] = np.logical_or.reduce(explain)
    keep = ["unit_id", "unit_name", "code", "name", "indicator", "kind", "max_points", "status", "self_score",
            "computed_score", "appraised_score", "difference", "difference_computed", "flags", *FLAGS,
            "peers_reporting", "points_at_stake", "to_explain", "capped", "indicator_max", "scored", "_unit", "_order"]
    return it[keep]


def published_decimals(design: IndexDesign) -> int:
    """The precision, in decimals of a point, the design's scores are published in
    (``ranking.decimals``: 2 unless the design states otherwise)."""
    return int(design.ranking.decimals)


def _written(x: np.ndarray, decimals: int) -> tuple[np.ndarray, np.ndarray]:
    """``x`` written at ``decimals``: rounded half away from zero, and cut (truncated). A
    millionth of the last decimal absorbs the binary error of sums (6.525 is 6.524999…)."""
    scale = 10.0**decimals
    mag = np.abs(x) * scale
    rounded = np.sign(x) * np.floor(mag + 0.5 + 1e-6) / scale
    cut = np.sign(x) * np.floor(mag + 1e-6) / scale
    return rounded, cut


def compare(a, b, decimals: int = DECIMALS) -> np.ndarray:
    """a − b at the precision scores are published in: both written at ``decimals``.

    A score is written at the published precision rounded half up, or cut by a unit's form
    (8.61 for 8.617); two scores that one of these ways writes alike differ only by rounding
    and count as no change (6.52 against 6.524 or 6.526). Otherwise the difference is that
    of the rounded scores (6.53 against 6.524: 0.01). NaN where either is missing.
    """
    with np.errstate(invalid="ignore"):
        a = np.asarray(a, dtype=float)
        b = np.asarray(b, dtype=float)
        ra, ca = _written(a, decimals)
        rb, cb = _written(b, decimals)
        same = lambda x, y: np.abs(x - y) <= 0.5 * 10.0**-decimals  # noqa: E731  (two written numbers)
        alike = same(ra, rb) | same(ca, rb) | same(ra, cb)
        d = np.where(alike, 0.0, np.round(ra - rb, decimals))
        d = np.where(np.isnan(a) | np.isnan(b), np.nan, d)
    return d + 0.0


def _self_range_problems(long: pd.DataFrame, cat: pd.DataFrame) -> list[Problem]:
    """Every self-score below its item's lowest score (0; −points for a penalty): bad input."""
    rows = long.assign(_row=np.arange(len(long)))
    rows = rows[rows["variable"] == "self_score"].merge(cat[["code", "lowest"]], on="code", how="inner")
    text = rows["value"].astype(str).str.strip().str.replace(",", ".", regex=False).str.replace("\u2212", "-", regex=False)
    value = pd.to_numeric(text, errors="coerce").to_numpy(dtype=float)
    bad = rows[value < rows["lowest"].to_numpy(dtype=float) - _EPS]
    locations = bad["_location"] if "_location" in bad.columns else "row " + (bad["_row"] + 1).astype(str)
    return [
        Problem(f"self-assessed score {v} below {lo:g}", f"điểm tự đánh giá {v} nhỏ hơn {lo:g}", source=str(src),
                location=str(loc), unit_id=u, code=c, variable="self_score")
        for v, lo, src, loc, u, c in zip(bad["value"], bad["lowest"], bad["_source"], locations, bad["unit_id"], bad["code"])
    ]


def _stray_self_scores(result: ScoreResult, cat: pd.DataFrame) -> tuple[Problem, ...]:
    """Self-scores entered on codes that are not compared (e.g. an indicator with components)."""
    s = result.scores
    stray = s[s["self_score"].notna() & ~s["code"].isin(cat["code"])]
    return tuple(
        Problem("self-assessed score on a code that is not compared (scores are compared on its components)",
                "điểm tự đánh giá ở mã không được đối chiếu (đối chiếu ở các chỉ số thành phần)",
                unit_id=u, code=c, variable="self_score", severity="warning")
        for u, c in zip(stray["unit_id"], stray["code"])
    )


def _band_of(design: IndexDesign, percent: np.ndarray) -> np.ndarray:
    """The design's band of each percent of max; None without bands of the total."""
    if design.bands is None or "total" not in design.bands.applies_to:
        return np.full(len(percent), None, dtype=object)
    return design.bands.labels_of(percent)


def _rank_of(design: IndexDesign, percent: np.ndarray, ranked: np.ndarray) -> np.ndarray:
    """The design's ranks (its ties, at its published decimals: as the scoring report ranks)
    of the ranked units, as whole numbers; missing for the others and where the percent is NaN."""
    return pd.Series(rank_by_design(np.where(ranked, percent, np.nan), design)).astype("Int64").to_numpy()


def _unit_summary(design: IndexDesign, result: ScoreResult, it: pd.DataFrame) -> pd.DataFrame:
    self_ = it["self_score"].to_numpy(dtype=float)
    appr = it["appraised_score"].to_numpy(dtype=float)
    na = (it["status"] == "na").to_numpy()
    # totals as the engine adds final scores: an N/A item not self-scored counts at its
    # N/A-policy score on both sides, a missing score 0; capped indicators capped
    counts = it["scored"].to_numpy(dtype=bool)
    t = pd.DataFrame({
        "unit_id": it["unit_id"].to_numpy(), "indicator": it["indicator"].to_numpy(),
        "self": np.where(counts, np.nan_to_num(np.where(np.isnan(self_) & na, appr, self_), nan=0.0), 0.0),
        "appr": np.where(counts, np.nan_to_num(appr, nan=0.0), 0.0),
    })
    by_ind = t.groupby(["unit_id", "indicator"], sort=False).sum()
    ind = it.drop_duplicates("indicator").set_index("indicator")
    key = by_ind.index.get_level_values("indicator")
    capped = ind.loc[key, "capped"].to_numpy(dtype=bool)
    cap_at = ind.loc[key, "indicator_max"].to_numpy(dtype=float)
    for col in ("self", "appr"):
        by_ind[col] = np.where(capped, np.minimum(by_ind[col].to_numpy(), cap_at), by_ind[col].to_numpy())
    totals = by_ind.groupby(level="unit_id", sort=False).sum()

    known = it["difference"].notna()
    g = it.assign(_known=known, _changed=known & (it["difference"] != 0), _stake=_stake_to_explain(it)).groupby("unit_id", sort=False)
    out = pd.DataFrame({
        "items": g.size(),
        "compared": g["_known"].sum(),
        "changed": g["_changed"].sum(),
        "to_explain": g["to_explain"].sum(),
        "points_at_stake": g["_stake"].sum(),
        **{f.replace("-", "_"): g[f].sum() for f in FLAGS},
    })
    units = list(result.units)
    out = out.reindex(units)
    tot = result.scores[result.scores["kind"] == "total"].set_index("unit_id").reindex(units)
    # the units the official ranking ranks: not those the design or a units file leaves unranked
    ranked = tot["rank"].notna().to_numpy()
    mx = tot["max_points"].to_numpy(dtype=float)
    st = totals.reindex(units)["self"].to_numpy(dtype=float)
    at = totals.reindex(units)["appr"].to_numpy(dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        ps = np.where(mx > 0, st / mx * 100, np.nan)
        pa = np.where(mx > 0, at / mx * 100, np.nan)
        share = np.where(out["compared"] > 0, out["changed"] / out["compared"] * 100, np.nan)
    summary = pd.DataFrame({
        "unit_id": units,
        "unit_name": [result.unit_names[u] for u in units],
        "items": out["items"].to_numpy(dtype=int),
        "compared": out["compared"].to_numpy(dtype=int),
        "changed": out["changed"].to_numpy(dtype=int),
        "share_changed": share,
        "self_total": st,
        "appraised_total": at,
        "difference": st - at,
        "max_points": mx,
        "percent_self": ps,
        "percent_appraised": pa,
        "rank_self": _rank_of(design, ps, ranked),
        "rank_appraised": _rank_of(design, pa, ranked),
        "band_self": _band_of(design, ps),
        "band_appraised": _band_of(design, pa),
        "to_explain": out["to_explain"].to_numpy(dtype=int),
        "points_at_stake": out["points_at_stake"].to_numpy(dtype=float),
    })
    for f in FLAGS:
        summary[f.replace("-", "_")] = out[f.replace("-", "_")].to_numpy(dtype=int)
    summary["rank_self"] = summary["rank_self"].astype("Int64")
    summary["rank_appraised"] = summary["rank_appraised"].astype("Int64")
    return summary


def _stake_to_explain(it: pd.DataFrame) -> np.ndarray:
    """Each item's points at stake where it is to explain, else 0: a unit's or a component's
    points at stake add up these (a change within the tolerance is not to explain, and its
    points are not at stake)."""
    return np.where(it["to_explain"], it["points_at_stake"], 0.0)


def _component_summary(it: pd.DataFrame) -> pd.DataFrame:
    d = it["difference"]
    dc = it["difference_computed"]
    frame = it.assign(
        _known=d.notna(), _changed=d.notna() & (d != 0), _abs=d.abs(),
        _over=dc.where(dc > 0),  # self − computed where the unit over-claimed: the mean is per over-claim, not over every unit
        _stake=_stake_to_explain(it),
    )
    g = frame.groupby("code", sort=False)
    first = g.first()
    out = pd.DataFrame({
        "code": first.index.to_numpy(),
        "name": first["name"].to_numpy(),
        "indicator": first["indicator"].to_numpy(),
        "max_points": first["max_points"].to_numpy(dtype=float),
        "units": g.size().to_numpy(dtype=int),
        "compared": g["_known"].sum().to_numpy(dtype=int),
        "changed": g["_changed"].sum().to_numpy(dtype=int),
        "mean_abs_difference": g["_abs"].mean().to_numpy(dtype=float),
        "max_abs_difference": g["_abs"].max().to_numpy(dtype=float),
        "mean_difference": g["difference"].mean().to_numpy(dtype=float),
        "over_claims": g["over-claim"].sum().to_numpy(dtype=int),
        "mean_over_claim": g["_over"].mean().to_numpy(dtype=float),
        "to_explain": g["to_explain"].sum().to_numpy(dtype=int),
        "points_at_stake": g["_stake"].sum().to_numpy(dtype=float),
        "_points_changed": g["_abs"].sum().to_numpy(dtype=float),
        "_order": first["_order"].to_numpy(),
    })
    with np.errstate(divide="ignore", invalid="ignore"):
        out.insert(7, "share_changed", np.where(out["compared"] > 0, out["changed"] / out["compared"] * 100, np.nan))
    out = out.sort_values(["changed", "_points_changed", "_order"], ascending=[False, False, True], kind="mergesort")
    return out.drop(columns=["_points_changed", "_order"]).reset_index(drop=True)


def _agreement(design: IndexDesign, it: pd.DataFrame, units: pd.DataFrame) -> Agreement:
    d = it["difference"].to_numpy(dtype=float)
    n_items = int((~np.isnan(d)).sum())
    kappa = None
    if design.bands is not None and "total" in design.bands.applies_to:
        kappa = weighted_kappa(units["band_self"], units["band_appraised"], [b.label for b in design.bands.bands])
    return Agreement(
        items=n_items,
        mean_absolute_difference=mean_absolute_difference(d),
        exact_agreement=exact_agreement(d),
        units=len(units),
        spearman=spearman(units["percent_self"], units["percent_appraised"]),
        kappa=kappa,
        kappa_label=kappa_label(kappa) if kappa is not None else None,
        bland_altman=bland_altman(units["self_total"], units["appraised_total"]),
    )
