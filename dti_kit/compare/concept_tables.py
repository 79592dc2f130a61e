"""The concepts of the catalogue side by side: which component of each design measures
what, with how many points and from which threshold (a part of :mod:`dti_kit.compare.structure`)."""
from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from dti_kit.compare.catalogue import Catalogue, load_catalogue
from dti_kit.i18n import header, number, text
from dti_kit.loader import load_design
from dti_kit.model import IndexDesign
from dti_kit.rules.base import Env


def _designs(designs: Iterable[IndexDesign | str]) -> list[IndexDesign]:
    return [d if isinstance(d, IndexDesign) else load_design(d) for d in designs]


def _fmt(x: float, language: str = "vi") -> str:
    """Points or a percentage as the reader writes them (0,5 in Vietnamese), without trailing zeros."""
    return number(x, "en" if language == "en" else "vi", 6)


# -- concepts side by side -----------------------------------------------------------------------------
def _comp_index(d: IndexDesign) -> dict:
    out = {}
    for m in d.main_indicators:
        for c in m.all_components():
            out[c.code] = (c, m)
            for s in c.subcomponents:
                out[s.code] = (s, m)
    return out


def concept_table(designs: Iterable[IndexDesign | str], catalogue: Catalogue | None = None, language: str = "vi", curves: pd.DataFrame | None = None) -> pd.DataFrame:
    """The components of every design measuring each concept, side by side.

    Returns
    -------
    pandas.DataFrame
        One row per concept, design and component: ``concept_id, concept, design_id,
        province, level, code, name, indicator, max_points, share_of_scale`` (% of the
        design's scale), ``kind, method`` (the rule in words), ``full_from`` (the concept
        value at which the component first reaches its max along the concept's sweep: a
        fraction for ratios, a count for counts; blank if it never does, or for relative
        rules, whose points depend on the other units), ``full_at_any`` (full points at
        the sweep's first step above 0: any positive value is enough), ``sweep`` (ratio |
        count | blank),
        ``rescorable`` (every variable is given by the catalogue), ``note``.
    """
    cat = catalogue or load_catalogue()
    ds = _designs(designs)
    ids = {d.id for d in ds}
    full_from: dict = {}
    at_any: dict = {}
    if curves is None:
        curves = threshold_curves(ds, cat)
    if len(curves):
        reached = curves[curves["share"] >= 1 - 1e-9]
        full_from = reached.groupby(["concept_id", "design_id", "code"])["x"].min().to_dict()
        # full points at the first step above 0: any positive value is enough
        first_step = curves[curves["x"] > 0].groupby(["concept_id", "design_id", "code"])["x"].min()
        at_any = {k: bool(np.isclose(full_from.get(k, np.nan), v)) for k, v in first_step.items()}
    rows = []
    comp_index = {d.id: _comp_index(d) for d in ds}
    complete = {d.id: set(cat.complete_codes(d)) for d in ds}
    by_id = {d.id: d for d in ds}
    for c in cat.concepts:
        kind_sweep = "ratio" if "num" in c.sweep else ("count" if "vary" in c.sweep else "")
        for m in c.measures:
            if m.design not in ids:
                continue
            d = by_id[m.design]
            leaf, mi = comp_index[d.id][m.code]
            rows.append({
                "concept_id": c.id, "concept": c.label(language), "design_id": d.id, "province": d.province,
                "level": d.level, "code": m.code, "name": leaf.name, "indicator": f"{mi.code}. {mi.name}",
                "max_points": leaf.max_points, "share_of_scale": leaf.max_points / d.scale * 100,
                "kind": leaf.rule.kind, "method": leaf.rule.in_words(language),
                "full_from": full_from.get((c.id, d.id, m.code), np.nan),
                "full_at_any": at_any.get((c.id, d.id, m.code), False), "sweep": kind_sweep,
                "rescorable": m.code in complete[d.id], "note": m.note_text(language),
            })
    cols = ["concept_id", "concept", "design_id", "province", "level", "code", "name", "indicator", "max_points",
            "share_of_scale", "kind", "method", "full_from", "full_at_any", "sweep", "rescorable", "note"]
    return pd.DataFrame(rows, columns=cols)


def concept_side_by_side(table: pd.DataFrame, language: str = "vi") -> pd.DataFrame:
    """Concepts × designs, each cell ``code: max points — method`` (several components of a
    design joined by line breaks); blank where the design does not measure the concept."""
    if table.empty:
        return pd.DataFrame()
    pts = text("compare.pts", language)

    def cell(g: pd.DataFrame) -> str:
        return "\n".join(f"{r.code} ({_fmt(r.max_points, language)} {pts}): {r.method}" for r in g.itertuples())

    cells = table.groupby(["concept", "design_id"], sort=False)[["code", "max_points", "method"]].apply(cell)
    w = cells.unstack("design_id")
    w = w.reindex(columns=list(dict.fromkeys(table["design_id"])), index=list(dict.fromkeys(table["concept"])))
    w.index.name = header("concept", language, "compare")
    w.columns.name = None
    return w


def coverage(designs: Iterable[IndexDesign | str], catalogue: Catalogue | None = None, language: str = "vi") -> pd.DataFrame:
    """Concepts × designs: the % of the design's scale on components measuring the concept
    (0 where the design measures it with no points; blank where it does not measure it)."""
    cat = catalogue or load_catalogue()
    ds = _designs(designs)
    t = concept_table(ds, cat, language, curves=pd.DataFrame())
    if t.empty:
        return pd.DataFrame(index=pd.Index([], name=header("concept", language, "compare")), columns=[d.id for d in ds], dtype=float)
    w = t.pivot_table(index="concept", columns="design_id", values="share_of_scale", aggfunc="sum", sort=False)
    order = [c.label(language) for c in cat.concepts if c.label(language) in w.index]
    w = w.reindex(index=order, columns=[d.id for d in ds])
    w.index.name = header("concept", language, "compare")
    w.columns.name = None
    return w


def uncovered_components(designs: Iterable[IndexDesign | str], catalogue: Catalogue | None = None) -> pd.DataFrame:
    """The scored components (leaves) of each full design that no concept measures.

    Returns
    -------
    pandas.DataFrame
        ``design_id, code, name, indicator, max_points, share_of_scale, kind``.
    """
    cat = catalogue or load_catalogue()
    rows = []
    for d in _designs(designs):
        covered = cat.covered_codes(d.id)
        idx = _comp_index(d)
        for leaf in d.leaves():
            if leaf.code in covered:
                continue
            _, mi = idx[leaf.code]
            rows.append((d.id, leaf.code, leaf.name, f"{mi.code}. {mi.name}", leaf.max_points, leaf.max_points / d.scale * 100, leaf.rule.kind))
    return pd.DataFrame(rows, columns=["design_id", "code", "name", "indicator", "max_points", "share_of_scale", "kind"])


# -- threshold curves ------------------------------------------------------------------------------------
def threshold_curves(designs: Iterable[IndexDesign | str], catalogue: Catalogue | None = None, concepts: Iterable[str] | None = None, points: int = 201) -> pd.DataFrame:
    """Each component's share of its max along its concept's sweep.

    The concept's inputs are set along the sweep (``Catalogue.sweep_inputs``), mapped to
    each design's variables and scored by the component's own rule, all sweep points at
    once. Components whose points depend on other units (``relative``) and components
    whose inputs the sweep does not move are left out.

    Returns
    -------
    pandas.DataFrame
        ``concept_id, design_id, code, x, share`` (share of the component's max, 0–1).
    """
    cat = catalogue or load_catalogue()
    ds = {d.id: d for d in _designs(designs)}
    keep = set(concepts) if concepts is not None else None
    frames = []
    for c in cat.concepts:
        if keep is not None and c.id not in keep:
            continue
        sw = cat.sweep_inputs(c, points)
        if sw is None:
            continue
        x, Q = sw
        moving = set(c.sweep.get("num") or []) | set(c.sweep.get("vary") or [])
        for m in c.measures:
            d = ds.get(m.design)
            if d is None or not (m.refs() & moving):
                continue
            leaf = next(lf for lf in d.leaves() if lf.code == m.code)
            if leaf.rule.relative_to_other_units() or set(leaf.rule.variables()) - {v for v, _ in m.expressions}:
                continue
            numbers, texts = {}, {}
            cats = leaf.rule.categorical()
            for var, expr in m.expressions:
                v = expr.evaluate(Q)
                if var in cats:
                    texts[var] = v.to_numpy(dtype=object)
                else:
                    numbers[var] = pd.to_numeric(v, errors="coerce").to_numpy(dtype=float)
            env = Env(len(x), numbers, texts)
            with np.errstate(divide="ignore", invalid="ignore"):
                s = leaf.rule.score(env, leaf.max_points)
            share = s / leaf.max_points if leaf.max_points else np.full(len(x), np.nan)
            frames.append(pd.DataFrame({"concept_id": c.id, "design_id": d.id, "code": m.code, "x": x, "share": share}))
    if not frames:
        return pd.DataFrame(columns=["concept_id", "design_id", "code", "x", "share"])
    return pd.concat(frames, ignore_index=True)


def rank_concepts(table: pd.DataFrame, ids: Sequence[str]) -> list[str]:
    """``ids`` ordered for the threshold charts: the concepts where the designs' full-points
    thresholds differ most first, then by the share of the scales they carry."""
    t = table[table["concept_id"].isin(ids)]
    # relative spread, so that counts and ratios compare: (max − min) / max
    spread = t.groupby("concept_id")["full_from"].agg(lambda s: (s.max() - s.min()) / s.max() if s.notna().sum() > 1 and s.max() > 0 else 0.0).fillna(0.0)
    weight = t.groupby("concept_id")["share_of_scale"].sum()
    key = pd.DataFrame({"spread": spread, "weight": weight}).reindex(list(ids))
    key["order"] = range(len(key))
    return list(key.sort_values(["spread", "weight", "order"], ascending=[False, False, True]).index)


def shared_concepts(table: pd.DataFrame, min_designs: int = 2) -> list[str]:
    """Concept ids measured by at least ``min_designs`` of the designs in ``table``."""
    n = table.groupby("concept_id", sort=False)["design_id"].nunique()
    return list(n[n >= min_designs].index)
