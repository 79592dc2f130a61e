"""Ranks beyond the total's: each pillar's, and within each unit's parent.

Bắc Kạn Điều 7 ranks "theo tổng điểm và theo từng trụ cột"; Hòa Bình's decision (mục V.1,
V.3) has each district rank its own communes: "Chủ tịch UBND huyện đánh giá, xếp hạng mức độ
chuyển đổi số cấp Xã thuộc phạm vi quản lý". Both are computed here once, with the design's
ranking rule (:class:`dti_kit.model.Ranking`: ties and the precision of a tie) through
:func:`dti_kit.scoring.rank_of`, over the ranked units only (a unit left out of the total's
ranking, ``score_units(unranked=)``, is left out of these too).
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd

from dti_kit.scoring import TOTAL, ScoreResult, rank_of

__all__ = ["ranked_units", "rank_table", "rank_by_design"]

RANK_COLUMNS = ("unit_id", "code", "parent", "rank", "rank_in_parent", "units_in_parent")


def ranked_units(result: ScoreResult) -> np.ndarray:
    """Whether each unit of ``result.units`` is ranked (its total has a rank, or no percent to rank)."""
    t = result.scores[result.scores["kind"] == "total"].set_index("unit_id").reindex(list(result.units))
    return (t["rank"].notna() | t["percent"].isna()).to_numpy(dtype=bool)


def rank_table(result: ScoreResult, parents: Mapping[str, str] | None = None) -> pd.DataFrame:
    """The ranks of the total and of each pillar, overall and within each unit's parent.

    Parameters
    ----------
    result : ScoreResult
    parents : {unit_id: parent}, optional
        A units file's parents (:meth:`dti_kit.units.UnitsFile.parents`); units without one
        have no rank within a parent.

    Returns
    -------
    pandas.DataFrame
        One row per unit and ranked node (``TOTAL``, then the design's pillars), unit-major:
        :data:`RANK_COLUMNS`. ``rank`` of ``TOTAL`` is the engine's own; a pillar's is computed
        on its percent the same way. ``rank_in_parent`` numbers the ranked units of one parent
        1 … n by the same rule; ``units_in_parent`` is that n. Ranks are ``Int64`` (empty for
        a unit not ranked).

    Examples
    --------
    >>> r = rank_table(result, {"xa-a": "Huyện Lạc Sơn", "xa-b": "Huyện Lạc Sơn"})  # doctest: +SKIP
    >>> r.query("code == 'TOTAL'")[["unit_id", "rank", "rank_in_parent"]]  # doctest: +SKIP
    """
    d = result.design
    units = list(result.units)
    n = len(units)
    ranked = ranked_units(result)
    parent = np.array([(parents or {}).get(u, "") for u in units], dtype=object)
    codes = [TOTAL] + [p.code for p in d.pillars]
    pct = result.scores[result.scores["code"].isin(codes)].pivot(index="unit_id", columns="code", values="percent")
    pct = pct.reindex(index=units, columns=codes)
    total_rank = result.scores[result.scores["kind"] == "total"].set_index("unit_id")["rank"].reindex(units)
    blocks = []
    for code in codes:  # a handful of nodes; every step is over all units at once
        x = np.where(ranked, pct[code].to_numpy(dtype=float), np.nan)
        overall = total_rank.to_numpy(dtype=float, na_value=np.nan) if code == TOTAL else rank_by_design(x, d)
        within = np.full(n, np.nan)
        count = np.full(n, np.nan)
        has = parent != ""
        if has.any():
            frame = pd.DataFrame({"parent": parent[has], "x": x[has]})
            # rank_of per parent (the districts of a province: a few dozen groups, each vectorised)
            within[has] = frame.groupby("parent", sort=False)["x"].transform(lambda s: rank_by_design(s.to_numpy(), d)).to_numpy()
            count[has] = frame.groupby("parent", sort=False)["x"].transform("count").to_numpy(dtype=float)
        blocks.append(pd.DataFrame({"unit_id": units, "code": code, "parent": parent, "rank": overall,
                                    "rank_in_parent": np.where(has, within, np.nan),
                                    "units_in_parent": np.where(has, count, np.nan)}))
    out = pd.concat(blocks, ignore_index=True) if blocks else pd.DataFrame(columns=list(RANK_COLUMNS))
    order = np.arange(len(out)).reshape(len(codes), n).T.ravel() if n else np.arange(0)
    out = out.iloc[order].reset_index(drop=True)
    for c in ("rank", "rank_in_parent", "units_in_parent"):
        out[c] = pd.array(np.round(out[c].to_numpy(dtype=float)), dtype="Int64") if len(out) else pd.array([], dtype="Int64")
    return out[list(RANK_COLUMNS)]


def rank_by_design(x: np.ndarray, design) -> np.ndarray:
    """Ranks of the percents ``x`` by ``design``'s rule (its ties and published decimals); NaN stays NaN."""
    return rank_of(x, ties=design.ranking.ties, decimals=design.ranking.decimals)
