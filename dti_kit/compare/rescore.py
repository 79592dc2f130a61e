"""Re-scoring: the same units under another province's index.

One design's long table is read into concept-level inputs (the concept catalogue,
:mod:`dti_kit.compare.catalogue`), written as the long table of every other full design whose
components measure those concepts, and scored there with the engine
(``score_units(require_complete=False)``) restricted to the components so covered. Each unit
gets, per design, the points it earns on the covered components, the percent of the covered
points and its rank among the units.

Components whose mapped inputs the engine refuses for a unit (e.g. a numerator above its
denominator after two source components disagree) are left out for that unit and listed in
``RescoreResult.dropped`` with the engine's message, never hidden.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np
import pandas as pd

from dti_kit.compare.catalogue import Catalogue, load_catalogue
from dti_kit.errors import InputError, Problem
from dti_kit.inputs import normalise_long
from dti_kit.model import IndexDesign
from dti_kit.scoring import rank_of, score_units

SUMMARY_COLUMNS = ["design_id", "unit_id", "unit_name", "components", "covered_max", "score", "percent", "rank", "missing"]
DROPPED_COLUMNS = ["design_id", "unit_id", "code", "problem", "problem_vi"]
DETAIL_COLUMNS = ["design_id", "unit_id", "unit_name", "code", "concepts", "max_points", "score", "status"]


@dataclass(frozen=True)
class RescoreResult:
    """The re-scoring of one design's units under other designs.

    Attributes
    ----------
    source : str
        The design the inputs belong to.
    summary : pandas.DataFrame
        One row per design and unit: ``design_id, unit_id, unit_name, components`` (covered
        components scored for the unit), ``covered_max`` (their max points), ``score``,
        ``percent`` (score / covered_max × 100), ``rank`` (by percent, 1 = best, ties share
        the best rank), ``missing`` (covered components with no score for the unit: N/A or
        inputs the source does not give).
    detail : pandas.DataFrame
        One row per design, unit and covered component: ``design_id, unit_id, unit_name,
        code, concepts, max_points, score, status``.
    covered : pandas.DataFrame
        Per design: ``design_id, components, covered_max, scale``: the components that can
        be re-scored from the source's inputs and their points.
    concept_inputs : pandas.DataFrame
        The concept-level inputs read from the source (with the component each came from).
    dropped : pandas.DataFrame
        ``design_id, unit_id, code, problem, problem_vi``: (unit, component) pairs the
        engine refused, with its message (English, Vietnamese).
    """

    source: str
    summary: pd.DataFrame
    detail: pd.DataFrame
    covered: pd.DataFrame
    concept_inputs: pd.DataFrame
    dropped: pd.DataFrame

    def wide(self, column: str = "percent") -> pd.DataFrame:
        """Units × designs (in the order scored) of one summary column."""
        s = self.summary
        order = list(dict.fromkeys(s["design_id"]))
        units = list(dict.fromkeys(s["unit_id"]))
        w = s.pivot(index="unit_id", columns="design_id", values=column)
        return w.reindex(index=units, columns=order)

    def units_by_rank(self) -> list[str]:
        """The units in their rank order under the source design (:func:`units_by_rank`): the
        order of the report's re-scoring table and chart."""
        return units_by_rank(self.summary, self.source)


def units_by_rank(summary: pd.DataFrame, design_id: str | None = None) -> list[str]:
    """The units of a re-scoring ``summary`` best first by their rank under ``design_id``
    (default: the design scored first, the source: :func:`rescore` scores it first), tied
    units and units without a rank (last) in the order of the inputs."""
    design_id = design_id if design_id is not None else summary["design_id"].iat[0]
    units = list(dict.fromkeys(summary["unit_id"]))
    rank = summary[summary["design_id"] == design_id].set_index("unit_id")["rank"].reindex(units)
    return list(rank.sort_values(kind="mergesort", na_position="last").index)


def rescore(source: IndexDesign, long: pd.DataFrame, targets: Sequence[IndexDesign], catalogue: Catalogue | None = None) -> RescoreResult:
    """Score the units of ``source``'s long table under every design of ``targets``.

    Parameters
    ----------
    source : IndexDesign
        The design the inputs were collected for.
    long : pandas.DataFrame
        Its long table (``unit_id, code, variable, value`` [, ``unit_name``]).
    targets : sequence of IndexDesign
        Designs to re-score under; ``source`` is scored first (through the same concepts, so
        that its row compares like with like) whether listed or not. Structure-only designs
        have no components and are reported with no covered points.
    catalogue : Catalogue, optional
        Default: the shipped catalogue.

    Returns
    -------
    RescoreResult
    """
    cat = catalogue or load_catalogue()
    norm = normalise_long(long) if "_location" not in long.columns else long
    # the inputs must be valid for the design they were collected for (text in a number cell, a > b,
    # inf …): an input error naming file and line, not a re-scoring that quietly drops them
    score_units(source, norm, require_complete=False)
    concept_long = cat.concept_inputs(source, norm)
    designs = [source] + [t for t in targets if t.id != source.id]
    summaries, details, covered, dropped = [], [], [], []
    units = pd.Index(pd.unique(norm["unit_id"]))
    for d in designs:
        mapped = cat.component_inputs(d, concept_long)
        given = set(mapped["code"])
        codes = [leaf.code for leaf in d.leaves() if leaf.code in given]
        maxes = {leaf.code: leaf.max_points for leaf in d.leaves()}
        covered.append((d.id, len(codes), float(sum(maxes[c] for c in codes)), d.scale))
        if not codes:
            continue
        scores, drop = _score_dropping(d, mapped)
        dropped.append(drop)
        by_code = cat.covered_codes(d.id)
        sc = scores.loc[scores["code"].isin(codes) & scores["kind"].isin(["component", "subcomponent"]), ["unit_id", "code", "score", "status"]]
        # every unit of the source gets a row per covered component (missing where no input reached it)
        grid = pd.MultiIndex.from_product([units, codes], names=["unit_id", "code"]).to_frame(index=False)
        sc = grid.merge(sc, on=["unit_id", "code"], how="left")
        sc["design_id"] = d.id
        sc["max_points"] = sc["code"].map(maxes)
        sc["concepts"] = sc["code"].map(lambda c: ", ".join(by_code.get(c, [])))
        sc["status"] = sc["status"].fillna("missing")
        details.append(sc)
        got = sc["score"].notna()
        agg = pd.DataFrame({
            "components": got.groupby(sc["unit_id"], sort=False).sum(),
            "covered_max": sc["max_points"].where(got, 0.0).groupby(sc["unit_id"], sort=False).sum(),
            "score": sc["score"].where(got, 0.0).groupby(sc["unit_id"], sort=False).sum(),
            "missing": (~got).groupby(sc["unit_id"], sort=False).sum(),
        }).reindex(units)
        with np.errstate(divide="ignore", invalid="ignore"):
            agg["percent"] = np.where(agg["covered_max"] > 0, agg["score"] / agg["covered_max"].where(agg["covered_max"] > 0) * 100, np.nan)
        agg["rank"] = pd.Series(rank_of(agg["percent"].to_numpy(dtype=float)), index=agg.index).astype("Int64")
        agg["design_id"] = d.id
        summaries.append(agg.rename_axis("unit_id").reset_index())
    names = _names(norm)
    summary = pd.concat(summaries, ignore_index=True) if summaries else pd.DataFrame(columns=SUMMARY_COLUMNS)
    summary["unit_name"] = summary["unit_id"].map(names)
    detail = pd.concat(details, ignore_index=True) if details else pd.DataFrame(columns=DETAIL_COLUMNS)
    detail["unit_name"] = detail["unit_id"].map(names)
    drop = pd.concat(dropped, ignore_index=True) if dropped else pd.DataFrame(columns=DROPPED_COLUMNS)
    return RescoreResult(
        source=source.id,
        summary=summary[SUMMARY_COLUMNS].reset_index(drop=True),
        detail=detail[DETAIL_COLUMNS].reset_index(drop=True),
        covered=pd.DataFrame(covered, columns=["design_id", "components", "covered_max", "scale"]),
        concept_inputs=concept_long,
        dropped=drop.reset_index(drop=True),
    )


def _names(long: pd.DataFrame) -> dict:
    first = long.drop_duplicates("unit_id")
    if "unit_name" not in first.columns:
        return dict(zip(first["unit_id"], first["unit_id"]))
    nm = first["unit_name"].where(first["unit_name"].astype(str) != "", first["unit_id"])
    return dict(zip(first["unit_id"], nm))


def _score_dropping(design: IndexDesign, mapped: pd.DataFrame, attempts: int = 4) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Score ``mapped``; where the engine refuses a (unit, component), leave it out and retry.

    Returns the engine's tidy scores and the dropped pairs with the engine's message.
    """
    dropped: list[tuple[str, str, str, str, str]] = []
    current = mapped
    for _ in range(attempts):
        try:
            res = score_units(design, current, require_complete=False)
            return res.scores, pd.DataFrame(dropped, columns=DROPPED_COLUMNS)
        except InputError as exc:
            bad = _refused(design, exc.problems)
            if not bad:
                raise
            dropped.extend((design.id, u, c, en, vi) for (u, c), (en, vi) in bad.items())
            key = pd.MultiIndex.from_arrays([current["unit_id"], current["code"]])
            current = current[~key.isin(list(bad))].reset_index(drop=True)
    raise InputError([Problem(f"re-scoring under {design.id} still refused after leaving out {len(dropped)} items", "không chấm lại được")])


def _refused(design: IndexDesign, problems: Sequence[Problem]) -> dict[tuple[str, str], tuple[str, str]]:
    """(unit, leaf code) → (English, Vietnamese) message, for the problems naming a unit and a code."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    leaves = {leaf.code for leaf in design.leaves()}
    parent = {s.code: c.code for c in design.components() for s in c.subcomponents}
    for p in problems:
        if not p.unit_id or not p.code:
            continue
        code = p.code if p.code in leaves else parent.get(p.code, p.code)
        out.setdefault((p.unit_id, code), (p.message, p.message_vi or p.message))
    return out
