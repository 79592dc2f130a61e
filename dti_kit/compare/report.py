"""One comparison report: every table the notebook ``design_comparison`` presents, computed
at once (:func:`build_comparison`), with a short summary and the files it writes."""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from dti_kit.compare.catalogue import Catalogue, load_catalogue
from dti_kit.compare.concept_tables import (
    concept_side_by_side,
    concept_table,
    coverage,
    rank_concepts,
    shared_concepts,
    threshold_curves,
    uncovered_components,
)
from dti_kit.compare.rescore import RescoreResult, rescore
from dti_kit.compare.structure import design_labels, detect_design, indicator_shares, overview, overview_wide, shares_wide, write_tables_csv
from dti_kit.errors import InputError, Problem
from dti_kit.i18n import has, header, number, text
from dti_kit.i18n import relabel as _relabel
from dti_kit.loader import load_design
from dti_kit.model import IndexDesign
from dti_kit.report.markup import md_cited, md_data, md_text

OPTION_KEYS = ("source_design", "concepts", "min_designs", "max_panels")


def relabel(df: pd.DataFrame, language: str = "vi") -> pd.DataFrame:
    """Columns renamed to the reader's headers (``compare.col.<key>``, else ``common.col.<key>``)."""
    return _relabel(df, language, "compare")


def level_name(level: str, language: str = "vi") -> str:
    """``huyen`` → ``cấp huyện`` (levels are data: an unknown slug is shown as data)."""
    msg_id = f"compare.level.{level}"
    return text(msg_id, language) if has(msg_id) else md_data(level, language)


@dataclass(frozen=True)
class Comparison:
    """Every table and figure input of one comparison report.

    Build it with :func:`build_comparison`; the notebook presents its fields.
    """

    designs: tuple[IndexDesign, ...]
    language: str
    shares: pd.DataFrame
    overview: pd.DataFrame
    concepts: pd.DataFrame
    coverage: pd.DataFrame
    uncovered: pd.DataFrame
    curves: pd.DataFrame
    plotted_concepts: tuple[str, ...]
    rescoring: RescoreResult | None = None

    @property
    def full_designs(self) -> tuple[IndexDesign, ...]:
        return tuple(d for d in self.designs if d.detail == "full")

    @cached_property
    def labels(self) -> dict[str, str]:
        """Each design's name for readers, keyed by id ("Hòa Bình 2023"): the tables, the
        summary and the charts name designs so; the data files keep the ids."""
        ids = [d.id for d in self.designs]
        extra = [self.rescoring.source] if self.rescoring is not None and self.rescoring.source not in ids else []
        return design_labels([*self.designs, *extra], self.language)

    def _named(self, df: pd.DataFrame) -> pd.DataFrame:
        """``df`` as the workbook shows it: designs by the readers' names, levels by the designs'
        own names, without the concepts' ids and the rules' kinds (the method says it in words)."""
        out = df.drop(columns=[c for c in ("concept_id", "kind") if c in df.columns])
        if "design_id" in out.columns:
            if "level" in out.columns:
                levels = {d.id: d.level_label(self.language) for d in self.designs}
                out = out.assign(level=out["design_id"].map(levels).fillna(out["level"]))
            out = out.assign(design_id=out["design_id"].map(self.labels).fillna(out["design_id"]))
        return out

    def tables(self) -> dict[str, pd.DataFrame]:
        """The tables written to files (CSV and XLSX), keyed as :data:`SUFFIXES`."""
        out = {"shares": self.shares[["design_id", "indicator", "points", "share"]], "overview": self.overview,
               "concepts": self.concepts, "uncovered": self.uncovered}
        if self.rescoring is not None:
            out["rescoring"] = self.rescoring.summary
            out["rescoring_detail"] = self.rescoring.detail
        return out

    def write(self, output_dir: str | Path, stem: str = "design_comparison") -> list[Path]:
        """Write ``<stem>.csv`` (the shares) and the other tables beside it, plus ``<stem>.xlsx``."""
        from dti_kit._util.excel import write_tables

        out = Path(output_dir)
        written = write_tables_csv(self.tables(), out / f"{stem}.csv")
        lang = self.language
        sheets = {
            header("share", lang, "compare"): relabel(self._named(self.shares[["design_id", "indicator", "points", "share"]]), lang),
            text("compare.sheet.overview", lang): relabel(self._named(self.overview), lang),
            header("concept", lang, "compare"): relabel(self._named(self.concepts.drop(columns=["sweep", "full_at_any"])), lang),
            text("compare.sheet.uncovered", lang): relabel(self._named(self.uncovered), lang),
        }
        if self.rescoring is not None:
            sheets[text("compare.sheet.rescoring", lang)] = relabel(self._named(self.rescoring.summary), lang)
        xlsx = out / f"{stem}.xlsx"
        write_tables(xlsx, sheets)
        return written + [xlsx]


def build_comparison(design_ids: Sequence[str], inputs: Sequence[str] | None = None, options: dict | None = None,
                     language: str = "vi", catalogue: Catalogue | None = None) -> Comparison:
    """Compute every table of a comparison report.

    Parameters
    ----------
    design_ids : sequence of str
        The designs compared (a level's designs in the reports).
    inputs : sequence of str, optional
        Long CSV files of one design's units, re-scored under every design.
    options : dict, optional
        ``source_design`` (the design the inputs belong to; default: detected),
        ``concepts`` (ids whose threshold curves are drawn; default: every concept with a
        curve measured by ``min_designs`` designs, default 2, or by one when only one
        full design is compared), ``max_panels`` (default 12).
    language : str
        ``vi`` (default) or ``en``.

    Raises
    ------
    InputError
        On an unknown option, inputs that match no design, or bad inputs.
    """
    from dti_kit.forms import read_inputs

    options = dict(options or {})
    unknown = sorted(set(options) - set(OPTION_KEYS))
    if unknown:
        raise InputError([Problem(f"unknown option(s) {unknown} (known: {', '.join(OPTION_KEYS)})", "tùy chọn không hợp lệ")])
    cat = catalogue or load_catalogue()
    ds = tuple(load_design(i) for i in design_ids)
    shares = indicator_shares(ds, cat, language)
    curves = threshold_curves(ds, cat)
    table = concept_table(ds, cat, language, curves=curves)
    full = [d for d in ds if d.detail == "full"]
    with_curves = set(curves["concept_id"])  # once: the curves have 201 points per component
    if options.get("concepts"):
        plotted = [c for c in options["concepts"] if c in with_curves]
    else:
        need = int(options.get("min_designs", 2 if len(full) > 1 else 1))
        plotted = rank_concepts(table, [c for c in shared_concepts(table, need) if c in with_curves])
    plotted = plotted[: int(options.get("max_panels", 12))]
    rescoring = None
    if inputs:
        long = read_inputs(list(inputs))
        src = load_design(options["source_design"]) if options.get("source_design") else detect_design(long, ds)
        rescoring = rescore(src, long, ds, cat)
    return Comparison(ds, language, shares, overview(ds, cat, language), table, coverage(ds, cat, language),
                      uncovered_components(full, cat), curves, tuple(plotted), rescoring)


def summary_points(cmp: Comparison) -> list[str]:
    """A few sentences on what the comparison shows (the report's summary).

    Every share is written as the tables write it (:func:`percent`: one decimal, 6,5 % not 6 %),
    and the re-scoring says how much of each design it scores (its components and points, the
    numbers of :func:`rescoring_coverage_table`)."""
    lang = cmp.language
    say = lambda key, **fmt: text(f"compare.say.{key}", lang, **fmt)  # noqa: E731
    name = lambda did: md_data(cmp.labels.get(did, did), lang)  # noqa: E731
    out = []
    ov = cmp.overview.set_index("design_id")
    act = ov["activity_share"]
    hi, lo = act.idxmax(), act.idxmin()
    if hi != lo:
        out.append(say("activity", hi=name(hi), hi_share=percent(act[hi], lang), lo=name(lo), lo_share=percent(act[lo], lang)))
    sh = cmp.shares[cmp.shares["scored"]]
    top = sh.loc[sh.groupby("design_id", sort=False)["share"].idxmax()]
    # the canonical indicators' names are the catalogue's, in the report's language (not data)
    parts = [f"{name(r.design_id)}: {md_text(r.indicator)} ({percent(r.share, lang)}%)" for r in top.itertuples()]
    out.append(say("heaviest", items="; ".join(parts)))
    full = cmp.full_designs
    if len(full) > 1:
        n = cmp.concepts.groupby("concept_id")["design_id"].nunique()
        shared = int((n == len(full)).sum())
        out.append(say("shared_two" if len(full) == 2 else "shared", shared=shared, n=len(full), two=int((n >= 2).sum())))
    if full:
        unc = cmp.uncovered.groupby("design_id")["share_of_scale"].agg(["size", "sum"])
        parts = [f"{name(d.id)}: {int(unc.loc[d.id, 'size']) if d.id in unc.index else 0} "
                 f"({percent(unc.loc[d.id, 'sum'] if d.id in unc.index else 0.0, lang)}%)" for d in full]
        out.append(say("uncovered", items="; ".join(parts)))
    if cmp.rescoring is not None and len(cmp.rescoring.summary):
        src = cmp.rescoring.source
        w = cmp.rescoring.wide("rank")
        covered = _rescoring_coverage(cmp).set_index("design_id")

        def reach(did: str, prefix: str = "") -> dict[str, object]:
            """What the re-scoring scores of a design: its components, points, scale and % of the scale."""
            c = covered.loc[did]
            return {f"{prefix}components": int(c["components"]), f"{prefix}points": number(c["covered_max"], lang, 1),
                    f"{prefix}scale": number(c["scale"], lang, 1), f"{prefix}share": percent(c["share_of_scale"], lang)}

        others = [c for c in w.columns if c != src and w[c].notna().any()]
        for o in others:
            moved = int((w[o] != w[src]).sum())
            out.append(say("rescored", other=name(o), moved=moved, n=len(w), source=name(src), **reach(o), **reach(src, "source_")))
    return out


def percent(x, language: str = "vi") -> str:
    """A share in % as the report's tables write it: one decimal, the reader's way ("6,5";
    "66,0"), so that a sentence and the table it sums agree (65 of 1.000 points is 6,5 %, not 6)."""
    return number(x, language, 1, trim=False)


# -- tables as the reader sees them ------------------------------------------------------------------
def num(x, digits: int = 1, language: str = "vi") -> str:
    """A number the reader's way (Vietnamese 1.234,5; English 1,234.5), trailing zeros cut;
    "" for a blank."""
    if x is None or x is pd.NA or (isinstance(x, float) and np.isnan(x)):
        return ""
    if isinstance(x, (bool, np.bool_)):
        return text("compare.yes" if x else "compare.no", language)
    if not isinstance(x, (int, float, np.integer, np.floating)):
        return str(x)
    return number(x, language, digits)


def overview_table(cmp: Comparison) -> pd.DataFrame:
    """The side-by-side table: one row per property, one column per design (text cells)."""
    w = overview_wide(cmp.overview.drop(columns=["province"]).assign(year=cmp.overview["year"].astype(str)), cmp.language)
    w = w.apply(lambda col: col.map(lambda v: num(v, 1, cmp.language)))
    head = pd.DataFrame([[d.province for d in cmp.designs]], columns=w.columns, index=[header("province", cmp.language, "compare")])
    w = pd.concat([head, w]).rename(columns=cmp.labels)
    return w.rename_axis("").reset_index()


def shares_table(cmp: Comparison, rollup: bool = False) -> pd.DataFrame:
    """Canonical main indicators × designs, % of the scale to one decimal (numbers, so that the
    report aligns them; NaN = the design has no such indicator); ``rollup`` adds the three
    activity indicators up."""
    w = shares_wide(cmp.shares, rollup=rollup, language=cmp.language).astype(float).round(1)
    return w.rename(columns=cmp.labels).reset_index()


def needs_rollup(cmp: Comparison) -> bool:
    """Whether some design prints one activity indicator for the three (compare rolled up)."""
    ids = set(cmp.shares["indicator_id"])
    return "hoat-dong-chuyen-doi-so" in ids and len(ids & {"hoat-dong-chinh-quyen-so", "hoat-dong-kinh-te-so", "hoat-dong-xa-hoi-so"}) > 0


NOT_RESCORABLE = "†"


def concepts_table(cmp: Comparison) -> pd.DataFrame:
    """Concepts × full designs: each cell the design's components with max points and method;
    a code marked † is a component the concept does not give every input of (not re-scored)."""
    t = cmp.concepts[cmp.concepts["design_id"].isin([d.id for d in cmp.full_designs])]
    t = t.assign(method=[m + (f" ({note})" if note else "") for m, note in zip(t["method"], t["note"])],
                 code=[c if ok else c + NOT_RESCORABLE for c, ok in zip(t["code"], t["rescorable"])])
    w = concept_side_by_side(t, cmp.language)
    if w.empty:
        return w
    w = w.apply(lambda col: col.map(lambda v: v.replace("\n", " | ") if isinstance(v, str) else ""))
    return w.rename(columns=cmp.labels).reset_index()


def thresholds_table(cmp: Comparison) -> pd.DataFrame:
    """Where full points start, per concept and design (plotted concepts first)."""
    t = cmp.concepts[cmp.concepts["design_id"].isin([d.id for d in cmp.full_designs]) & (cmp.concepts["sweep"] != "")]
    drawn = set(zip(cmp.curves["concept_id"], cmp.curves["design_id"], cmp.curves["code"]))
    t = t[[(c, d, k) in drawn or kind == "relative" for c, d, k, kind in zip(t["concept_id"], t["design_id"], t["code"], t["kind"])]]
    if t.empty:
        return pd.DataFrame()
    never = text("compare.never", cmp.language)

    def cell(r) -> str:
        if r.kind == "relative":
            v = text("compare.relative", cmp.language)
        elif np.isnan(r.full_from):
            v = never
        elif r.full_at_any:
            v = "> 0"
        else:
            v = num(r.full_from * 100, 1, cmp.language) + "%" if r.sweep == "ratio" else num(r.full_from, 0, cmp.language)
        return f"{r.code}: {v}"

    t = t.assign(cell=[cell(r) for r in t.itertuples()])
    w = t.groupby(["concept", "design_id"], sort=False)["cell"].agg("; ".join).unstack("design_id")
    w = w.reindex(columns=[d.id for d in cmp.full_designs if d.id in w.columns]).fillna("")
    w.index.name = header("concept", cmp.language, "compare")
    w.columns.name = None
    return w.rename(columns=cmp.labels).reset_index()


def uncovered_table(cmp: Comparison, design_id: str) -> pd.DataFrame:
    """The components of one design that no concept covers, with labelled columns."""
    u = cmp.uncovered[cmp.uncovered["design_id"] == design_id].drop(columns=["design_id", "kind"])
    return relabel(u, cmp.language)


def _rescoring_coverage(cmp: Comparison) -> pd.DataFrame:
    """Per design: the components and points the source's inputs reach, and their % of the scale
    (the table and the summary's sentence, from the same numbers)."""
    c = cmp.rescoring.covered.copy()
    c["share_of_scale"] = np.where(c["scale"] > 0, c["covered_max"] / c["scale"] * 100, np.nan)
    return c


def rescoring_coverage_table(cmp: Comparison) -> pd.DataFrame:
    """Per design: the components and points the source's inputs reach."""
    if cmp.rescoring is None:
        return pd.DataFrame()
    return relabel(cmp._named(_rescoring_coverage(cmp)), cmp.language)


def rescoring_table(cmp: Comparison) -> pd.DataFrame:
    """Units × designs: percent of the covered points and rank under each design, the units
    in their rank order under the source (:meth:`RescoreResult.units_by_rank`, as the chart)."""
    if cmp.rescoring is None or cmp.rescoring.summary.empty:
        return pd.DataFrame()
    r = cmp.rescoring
    units = r.units_by_rank()
    pct, rank = r.wide("percent").reindex(units), r.wide("rank").reindex(units)
    names = r.summary.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
    rank_word = header("rank", cmp.language, "compare").lower()
    out = pd.DataFrame({header("unit_name", cmp.language, "compare"): names.reindex(units).to_numpy()})
    for d in pct.columns:
        out[f"{cmp.labels.get(d, d)}: %"] = pct[d].round(1).to_numpy()
        out[f"{cmp.labels.get(d, d)}: {rank_word}"] = rank[d].astype("Int64").to_numpy()
    return out


def dropped_table(cmp: Comparison) -> pd.DataFrame:
    """The (unit, component) pairs the engine refused after mapping, with its message."""
    if cmp.rescoring is None or cmp.rescoring.dropped.empty:
        return pd.DataFrame()
    d = cmp.rescoring.dropped
    msg = d["problem"] if cmp.language == "en" else d["problem_vi"]
    names = cmp.rescoring.summary.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
    shown = d[["design_id", "code"]].assign(unit_name=d["unit_id"].map(names).fillna(d["unit_id"]), note=msg.to_numpy())
    return relabel(cmp._named(shown[["design_id", "unit_name", "code", "note"]]), cmp.language)


def heading(cmp: Comparison, level: str) -> str:
    """The report's default title."""
    return text("compare.title", cmp.language, level=level_name(level, cmp.language))


def sources_text(cmp: Comparison) -> str:
    """One line naming each design and the text it comes from."""
    lang = cmp.language
    level = lambda d: d.level_name if lang != "en" else (d.level_name_en or md_data(d.level_name, lang))  # noqa: E731
    parts = [f"{md_data(d.province, lang)}, {level(d)} {d.year}: {md_cited(d.source.citation(lang), lang, d.source.in_english)}" for d in cmp.designs]
    return text("compare.sources", lang, n=len(cmp.designs), items="; ".join(parts))
