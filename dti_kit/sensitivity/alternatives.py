"""Alternatives to the official weights and to the choices the texts leave open.

- one at a time: each weight × (1 ± f), the others as printed;
- leave one main indicator out (its weight 0); equal weights;
- the weight profile of every other shipped design at the same level, matched by main-indicator
  name (case-folded, diacritics stripped, so that Bắc Kạn's printed "Thế chế số" matches
  "Thể chế số"; a second pass drops a leading "Hoạt động", as Vũng Tàu prints
  "CHÍNH QUYỀN SỐ" for "Hoạt động chính quyền số"); unmatched indicators get weight 0 and
  are listed;
- the N/A policy (proportional / peer-mean / exclude), by re-scoring the inputs;
- min-max vs share of the best unit, for designs with ``relative`` rules, by re-scoring with a
  modified design (built here with ``dataclasses.replace``; the YAML is not touched).

Each alternative gives a ranking, compared with the official one (Spearman, Kendall τ-b,
rank changes, band changes).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

import numpy as np
import pandas as pd

from dti_kit._util.strings import normalise_name
from dti_kit.i18n import LANGUAGES, na_policy, text
from dti_kit.loader import list_designs
from dti_kit.model import Component, IndexDesign
from dti_kit.rules import make_rule
from dti_kit.rules.relative import Relative
from dti_kit.scoring import score_units
from dti_kit.sensitivity.stats import kendall_tau_b, spearman
from dti_kit.sensitivity.weights import WeightBase, band_index, evaluate

OPEN_POLICIES = ("proportional", "peer-mean", "exclude")
PREFIX = "hoat dong "


@dataclass
class Scenario:
    """One alternative: its id, kind, labels, and the ranking it gives."""

    id: str
    kind: str  # equal | loo | design | na | relative
    label: dict[str, str]
    note: dict[str, str] = field(default_factory=lambda: {"vi": "", "en": ""})
    weights: np.ndarray | None = None
    rank: np.ndarray | None = None
    percent: np.ndarray | None = None


# -- name matching (dti_kit._util.strings.normalise_name) ---------------------------------
def _strip_prefix(s: str) -> str:
    return s[len(PREFIX):] if s.startswith(PREFIX) else s


def match_profile(base: WeightBase, other: IndexDesign) -> pd.DataFrame:
    """Match this design's scored main indicators to ``other``'s by name.

    Returns
    -------
    DataFrame
        One row per scored main indicator of this design: code, name, weight (official),
        other_code, other_name, other_points, match (``name``, ``prefix`` or ``none``),
        profile_weight (the other design's points, 0 where unmatched, rescaled to this
        design's scale; all 0 if nothing matched).
    """
    others = [m for m in other.main_indicators]
    exact: dict[str, Any] = {}
    loose: dict[str, Any] = {}
    for m in others:
        key = normalise_name(m.name)
        exact.setdefault(key, m)
        loose.setdefault(_strip_prefix(key), m)
    rows = []
    for code, name, w in zip(base.codes, base.names, base.weights):
        key = normalise_name(name)
        m, how = exact.get(key), "name"
        if m is None:
            m, how = loose.get(_strip_prefix(key)), "prefix"
        if m is None:
            how = "none"
        pts = float(m.max_points) if m is not None and m.scored else 0.0
        rows.append({"code": code, "name": name, "weight": float(w),
                     "other_code": m.code if m is not None else None, "other_name": m.name if m is not None else None,
                     "other_points": pts if m is not None else np.nan, "match": how})
    df = pd.DataFrame(rows)
    raw = df["other_points"].fillna(0.0).to_numpy()
    df["profile_weight"] = raw / raw.sum() * base.scale if raw.sum() > 0 else 0.0
    return df


def unused_indicators(match: pd.DataFrame, other: IndexDesign) -> list[str]:
    """Scored main indicators of ``other`` that no indicator of this design matched."""
    used = set(match["other_code"].dropna())
    return [f"{m.code} {m.name}" for m in other.scored_indicators() if m.code not in used]


def same_level_designs(design: IndexDesign) -> list[IndexDesign]:
    """Every other shipped design at the same level, in id order."""
    return [d for d in list_designs() if d.level == design.level and d.id != design.id]


# -- weight scenarios -------------------------------------------------------------------------
def weight_scenarios(base: WeightBase, designs: list[IndexDesign] | None = None) -> tuple[list[Scenario], pd.DataFrame]:
    """Equal weights, leave-one-out and other designs' profiles (not yet ranked).

    Returns
    -------
    (scenarios, matching)
        ``matching``: the rows of :func:`match_profile` for every other design, with a column
        ``design``.
    """
    sc: list[Scenario] = []
    k = base.k
    if k >= 2:
        sc.append(Scenario("equal", "equal", {lg: text("sensitivity.equal", lg) for lg in LANGUAGES},
                           weights=np.full(k, base.scale / k)))
        for j in range(k):
            w = base.weights.copy()
            w[j] = 0.0
            sc.append(Scenario(f"loo:{base.codes[j]}", "loo",
                               {"vi": text("sensitivity.loo", "vi", code=base.codes[j], name=base.names[j]),
                                "en": text("sensitivity.loo", "en", code=base.codes[j], name=base.names_en[j])},
                               weights=w))
    frames = []
    for d in (same_level_designs(base.design) if designs is None else designs):
        m = match_profile(base, d)
        frames.append(m.assign(design=d.id))
        w = m["profile_weight"].to_numpy(dtype=float)
        if not w.sum() > 0:
            continue
        note = {}
        for lg in LANGUAGES:
            parts = []
            none = m[m["match"] == "none"]
            if len(none):
                parts.append(text("sensitivity.unmatched", lg, items=", ".join(f"{r.code} {r.name}" for r in none.itertuples())))
            pre = m[m["match"] == "prefix"]
            if len(pre):
                parts.append(text("sensitivity.prefix", lg, items=", ".join(f"{r.code} ↔ {r.other_code} {r.other_name}" for r in pre.itertuples())))
            unused = unused_indicators(m, d)
            if unused:
                parts.append(text("sensitivity.unused", lg, items=", ".join(unused)))
            note[lg] = "; ".join(parts)
        sc.append(Scenario(f"design:{d.id}", "design",
                           {lg: text("sensitivity.design", lg, province=d.province, year=d.year) for lg in LANGUAGES},
                           note=note, weights=w))
    matching = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["design", "code", "name", "weight", "other_code", "other_name", "other_points", "match", "profile_weight"])
    if len(matching):
        matching = matching[["design"] + [c for c in matching.columns if c != "design"]]
    return sc, matching


def rank_weight_scenarios(base: WeightBase, scenarios: list[Scenario]) -> None:
    """Fill ``rank`` and ``percent`` of the weight scenarios (one batch of weight vectors)."""
    todo = [s for s in scenarios if s.weights is not None]
    if not todo:
        return
    W = base.normalise(np.stack([s.weights for s in todo]))
    ev = evaluate(base, W, ranks=True, percent=True)
    for i, s in enumerate(todo):
        s.weights = W[i]
        s.rank, s.percent = ev.ranks[i].astype(np.int64), ev.percent[i]


def one_at_a_time(base: WeightBase, spread: float, language: str = "vi") -> pd.DataFrame:
    """Each weight × (1 + f) and × (1 − f), the others as printed, rescaled to the scale
    (indicator names in ``language``).

    Returns
    -------
    DataFrame
        One row per weight, direction and unit: code, name, direction (+ / −), factor,
        unit_id, unit_name, rank, new_rank, change (new − official; + = falls).
    """
    k, n = base.k, base.n
    factors = np.array([1 + spread, 1 - spread])
    W = np.repeat(base.weights[None, :], 2 * k, axis=0)
    W[np.arange(2 * k), np.repeat(np.arange(k), 2)] *= np.tile(factors, k)
    ev = evaluate(base, base.normalise(W), ranks=True)
    new = ev.ranks.astype(np.int64)  # (2k, n)
    df = pd.DataFrame({
        "code": np.repeat(np.repeat(np.array(base.codes, dtype=object), 2), n),
        "name": np.repeat(np.repeat(np.array(base.indicator_names(language), dtype=object), 2), n),
        "direction": np.repeat(np.tile(np.array(["+", "−"], dtype=object), k), n),
        "factor": np.repeat(np.tile(factors, k), n),
        "unit_id": np.tile(np.array(base.units, dtype=object), 2 * k),
        "unit_name": np.tile(np.array(base.unit_names, dtype=object), 2 * k),
        "rank": np.tile(base.rank, 2 * k),
        "new_rank": new.ravel(),
    })
    df["change"] = df["new_rank"] - df["rank"]
    return df


def oat_summary(oat: pd.DataFrame) -> pd.DataFrame:
    """Per weight and direction: mean and largest |rank change|, units moved."""
    g = oat.assign(abs_change=oat["change"].abs()).groupby(["code", "name", "direction", "factor"], sort=False)
    return g.agg(mean_abs_change=("abs_change", "mean"), max_abs_change=("abs_change", "max"),
                 units_moved=("abs_change", lambda s: int((s > 0).sum()))).reset_index()


# -- re-scoring scenarios -----------------------------------------------------------------------
def _swap_params(p: Any, swapped: list[bool], kept: list[bool]) -> Any:
    if isinstance(p, Mapping):
        q = {k: _swap_params(v, swapped, kept) for k, v in p.items()}
        if p.get("kind") == Relative.kind:
            other = Relative.other_method_params(q)
            (kept if other is None else swapped).append(True)
            return q if other is None else other
        return q
    if isinstance(p, list):
        return [_swap_params(v, swapped, kept) for v in p]
    return p


def _swap_component(c: Component, swapped: list[str], kept: list[str]) -> Component:
    subs = tuple(_swap_component(s, swapped, kept) for s in c.subcomponents)
    did, held = [], []
    params = _swap_params(c.rule.params, did, held)
    if did:
        swapped.append(c.code)
    if held:
        kept.append(c.code)
    rule = make_rule(params, c.rule.max_points) if did else c.rule
    return replace(c, rule=rule, subcomponents=subs) if (did or subs != c.subcomponents) else c


def swap_relative(design: IndexDesign) -> tuple[IndexDesign, list[str], list[str]]:
    """The design with every ``relative`` rule's method swapped (min-max ↔ share of the best).

    A lower-is-better min-max rule has no share-of-the-best form and is kept.

    Returns
    -------
    (design, swapped codes, kept codes)
    """
    swapped: list[str] = []
    kept: list[str] = []
    inds = []
    for m in design.main_indicators:
        comps = tuple(_swap_component(c, swapped, kept) for c in m.components)
        groups = tuple(replace(g, components=tuple(_swap_component(c, swapped, kept) for c in g.components)) for g in m.groups)
        inds.append(replace(m, components=comps, groups=groups))
    return replace(design, main_indicators=tuple(inds), id=design.id), swapped, kept


def _from_result(base: WeightBase, res) -> tuple[np.ndarray, np.ndarray]:
    tot = res.totals().set_index("unit_id").loc[list(base.units)]
    return tot["rank"].to_numpy(dtype=np.int64), np.round(tot["percent"].to_numpy(dtype=float), 9)


def rescoring_scenarios(base: WeightBase, inputs: pd.DataFrame, policy: str, unranked=()) -> list[Scenario]:
    """The N/A policies other than ``policy`` (none where no unit declares an item N/A) and, for
    designs with relative rules, the other relative method, each by re-scoring ``inputs``
    (official weights); ``unranked`` (the official
    scoring's :attr:`~dti_kit.scoring.ScoreResult.unranked`) are left out of every ranking again,
    so that a rank moves only by the scenario."""
    design = base.design
    out: list[Scenario] = []
    for p in OPEN_POLICIES:
        if p == policy:
            continue
        res = score_units(design, inputs, na_policy=p, unranked=unranked)
        count = len(res.na_items)
        if not count:
            # no unit declares an item N/A (the same items under every policy): every other rule
            # gives the official scores, a scenario that tests nothing (open_method says so)
            break
        rank, pct = _from_result(base, res)
        note = {lg: text("sensitivity.na_items", lg, count=count) for lg in LANGUAGES}
        out.append(Scenario(f"na:{p}", "na", {lg: text("sensitivity.na", lg, policy=na_policy(p, lg)) for lg in LANGUAGES},
                            note=note, rank=rank, percent=pct))
    alt, swapped, kept = swap_relative(design)
    if swapped:
        methods = {c.rule.method for c in design.leaves() if isinstance(c.rule, Relative)}
        res = score_units(alt, inputs, na_policy=policy, unranked=unranked)
        rank, pct = _from_result(base, res)
        lab, note = {}, {}
        for lg in LANGUAGES:
            what = (f"{text('sensitivity.min_max', lg)} → {text('sensitivity.share_of_best', lg)}" if methods <= {"min_max"} else
                    f"{text('sensitivity.share_of_best', lg)} → {text('sensitivity.min_max', lg)}" if methods <= {"share_of_best"} else
                    f"{text('sensitivity.min_max', lg)} ↔ {text('sensitivity.share_of_best', lg)}")
            lab[lg] = text("sensitivity.relative", lg, what=what)
            note[lg] = "; ".join([text("sensitivity.swapped", lg, items=", ".join(swapped))] + ([text("sensitivity.kept", lg, items=", ".join(kept))] if kept else []))
        out.append(Scenario("relative", "relative", lab, note=note, rank=rank, percent=pct))
    return out


# -- comparison --------------------------------------------------------------------------------
def compare(base: WeightBase, scenarios: list[Scenario], language: str = "vi") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Each scenario's ranking against the official one.

    Returns
    -------
    (summary, ranks)
        ``summary``: scenario, kind, label, spearman, kendall, mean_abs_change, max_abs_change,
        units_moved, band_changes (NaN without bands), mean_abs_index_change (mean |index −
        official index|, in percentage points), note. ``ranks`` (long): scenario, label,
        unit_id, unit_name, rank, alt_rank, change (alt − official), band, alt_band.
    """
    r0 = base.rank.astype(np.int64)
    rows, frames = [], []
    labels = base.band_labels if language == "vi" else base.band_labels_en
    for s in scenarios:
        if s.rank is None:
            continue
        ch = s.rank - r0
        bands = np.nan
        b0 = alt_b = None
        if base.has_bands:
            bi = band_index(base, s.percent)
            bands = int((bi != base.band).sum())
            b0 = [labels[b] if b >= 0 else None for b in base.band]
            alt_b = [labels[b] if b >= 0 else None for b in bi]
        rows.append({"scenario": s.id, "kind": s.kind, "label": s.label[language],
                     "spearman": spearman(r0, s.rank), "kendall": kendall_tau_b(r0, s.rank),
                     "mean_abs_change": float(np.abs(ch).mean()) if len(ch) else np.nan,
                     "max_abs_change": int(np.abs(ch).max()) if len(ch) else 0,
                     "units_moved": int((ch != 0).sum()), "band_changes": bands,
                     "mean_abs_index_change": float(np.nanmean(np.abs(s.percent - base.percent))) if len(ch) else np.nan,
                     "note": s.note[language]})
        frames.append(pd.DataFrame({"scenario": s.id, "label": s.label[language], "unit_id": list(base.units),
                                    "unit_name": list(base.unit_names), "rank": r0, "alt_rank": s.rank,
                                    "change": ch, "band": b0, "alt_band": alt_b}))
    cols = ["scenario", "kind", "label", "spearman", "kendall", "mean_abs_change", "max_abs_change", "units_moved", "band_changes",
            "mean_abs_index_change", "note"]
    summary = pd.DataFrame(rows, columns=cols)
    ranks = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["scenario", "label", "unit_id", "unit_name", "rank", "alt_rank", "change", "band", "alt_band"])
    return summary, ranks


def weights_table(base: WeightBase, scenarios: list[Scenario], language: str = "vi") -> pd.DataFrame:
    """The weight vectors compared: code, name, official, then one column per weight scenario."""
    df = pd.DataFrame({"code": list(base.codes), "name": list(base.indicator_names(language)),
                       "official": base.weights})
    for s in scenarios:
        if s.weights is not None:
            df[s.id] = np.round(s.weights, 6)
    return df
