"""One comparison report: every table the notebook ``design_comparison`` presents, computed
at once (:func:`build_comparison`), with a short summary and the files it writes."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd

import numpy as np

from dti_kit.compare.structure import detect_design, indicator_shares, overview, overview_wide, shares_wide, write_tables_csv
from dti_kit.compare.concept_tables import (
    concept_side_by_side, concept_table, coverage, rank_concepts, shared_concepts, threshold_curves, uncovered_components,
)
from dti_kit.compare.catalogue import Catalogue, load_catalogue
from dti_kit.compare.labels import label, level_name, relabel
from dti_kit.compare.rescore import RescoreResult, rescore
from dti_kit.errors import InputError, Problem
from dti_kit.loader import load_design
from dti_kit.model import IndexDesign


OPTION_KEYS = ("source_design", "concepts", "min_designs", "max_panels")


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
            label("share", lang): relabel(self.shares[["design_id", "indicator", "points", "share"]], lang),
            "overview": relabel(self.overview, lang),
            label("concept", lang): relabel(self.concepts.drop(columns=["sweep", "full_at_any"]), lang),
            ("Không được đo" if lang != "en" else "Uncovered"): relabel(self.uncovered, lang),
        }
        if self.rescoring is not None:
            sheets[("Chấm lại" if lang != "en" else "Re-scoring")] = relabel(self.rescoring.summary, lang)
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
    if options.get("concepts"):
        plotted = [c for c in options["concepts"] if c in set(curves["concept_id"])]
    else:
        need = int(options.get("min_designs", 2 if len(full) > 1 else 1))
        plotted = rank_concepts(table, [c for c in shared_concepts(table, need) if c in set(curves["concept_id"])])
    plotted = plotted[: int(options.get("max_panels", 12))]
    rescoring = None
    if inputs:
        long = read_inputs(list(inputs))
        src = load_design(options["source_design"]) if options.get("source_design") else detect_design(long, ds)
        rescoring = rescore(src, long, ds, cat)
    return Comparison(ds, language, shares, overview(ds, cat, language), table, coverage(ds, cat, language),
                      uncovered_components(full, cat), curves, tuple(plotted), rescoring)


def summary_points(cmp: Comparison) -> list[str]:
    """A few sentences on what the comparison shows (the report's summary)."""
    en = cmp.language == "en"
    out = []
    ov = cmp.overview.set_index("design_id")
    act = ov["activity_share"]
    hi, lo = act.idxmax(), act.idxmin()
    if hi != lo:
        out.append(f"The activity group weighs most in {hi} ({act[hi]:.0f} % of the scale) and least in {lo} ({act[lo]:.0f} %)." if en else
                   f"Nhóm chỉ số hoạt động chiếm tỷ trọng lớn nhất ở {hi} ({act[hi]:.0f} % thang điểm) và nhỏ nhất ở {lo} ({act[lo]:.0f} %).")
    sh = cmp.shares[cmp.shares["scored"]]
    top = sh.loc[sh.groupby("design_id", sort=False)["share"].idxmax()]
    parts = [f"{r.design_id}: {r.indicator} ({r.share:.0f} %)" for r in top.itertuples()]
    out.append(("Heaviest main indicator — " if en else "Chỉ số chính nặng nhất — ") + "; ".join(parts) + ".")
    full = cmp.full_designs
    if len(full) > 1:
        n = cmp.concepts.groupby("concept_id")["design_id"].nunique()
        shared = int((n == len(full)).sum())
        every = "both" if len(full) == 2 else f"all {len(full)}"
        out.append(f"{shared} concepts are measured by {every} full designs; {int((n >= 2).sum())} by at least two." if en else
                   f"{shared} khái niệm được cả {len(full)} bộ chỉ số chi tiết cùng đo; {int((n >= 2).sum())} khái niệm có ở ít nhất hai bộ.")
    if full:
        unc = cmp.uncovered.groupby("design_id")["share_of_scale"].agg(["size", "sum"])
        parts = [f"{d.id}: {int(unc.loc[d.id, 'size']) if d.id in unc.index else 0} ({unc.loc[d.id, 'sum'] if d.id in unc.index else 0:.0f} %)" for d in full]
        out.append(("Components in no concept of the catalogue (which lists what at least two provinces measure), with their share of the scale — " if en else
                    "Chỉ số thành phần không thuộc khái niệm nào của danh mục (danh mục ghi những gì ít nhất hai tỉnh cùng đo), kèm tỷ trọng thang điểm — ") + "; ".join(parts) + ".")
    if cmp.rescoring is not None and len(cmp.rescoring.summary):
        s = cmp.rescoring.summary
        src = cmp.rescoring.source
        w = cmp.rescoring.wide("rank")
        others = [c for c in w.columns if c != src and w[c].notna().any()]
        for o in others:
            moved = int((w[o] != w[src]).sum())
            out.append(f"Re-scored under {o}, {moved} of {len(w)} units of {src} change rank." if en else
                       f"Chấm lại theo {o}, {moved}/{len(w)} đơn vị của {src} thay đổi thứ hạng.")
    return out


# -- tables as the reader sees them ------------------------------------------------------------------
def num(x, digits: int = 1, language: str = "vi") -> str:
    """A number the reader's way (Vietnamese 1.234,5; English 1,234.5), trailing zeros cut;
    "" for a blank."""
    if x is None or x is pd.NA or (isinstance(x, float) and np.isnan(x)):
        return ""
    if isinstance(x, (bool, np.bool_)):
        return label("yes" if x else "no", language)
    if not isinstance(x, (int, float, np.integer, np.floating)):
        return str(x)
    s = f"{float(x):,.{digits}f}"
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    if language == "vi":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return s


def overview_table(cmp: Comparison) -> pd.DataFrame:
    """The side-by-side table: one row per property, one column per design (text cells)."""
    w = overview_wide(cmp.overview.drop(columns=["province"]).assign(year=cmp.overview["year"].astype(str)), cmp.language)
    w = w.apply(lambda col: col.map(lambda v: num(v, 1, cmp.language)))
    head = pd.DataFrame([[d.province for d in cmp.designs]], columns=w.columns, index=[label("province", cmp.language)])
    w = pd.concat([head, w])
    return w.rename_axis("").reset_index()


def shares_table(cmp: Comparison, rollup: bool = False) -> pd.DataFrame:
    """Canonical main indicators × designs, % of the scale to one decimal (numbers, so that the
    report aligns them; NaN = the design has no such indicator); ``rollup`` adds the three
    activity indicators up."""
    w = shares_wide(cmp.shares, rollup=rollup, language=cmp.language).astype(float).round(1)
    return w.reset_index()


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
    return w.reset_index()


def thresholds_table(cmp: Comparison) -> pd.DataFrame:
    """Where full points start, per concept and design (plotted concepts first)."""
    t = cmp.concepts[cmp.concepts["design_id"].isin([d.id for d in cmp.full_designs]) & (cmp.concepts["sweep"] != "")]
    drawn = set(zip(cmp.curves["concept_id"], cmp.curves["design_id"], cmp.curves["code"]))
    t = t[[(c, d, k) in drawn or kind == "relative" for c, d, k, kind in zip(t["concept_id"], t["design_id"], t["code"], t["kind"])]]
    if t.empty:
        return pd.DataFrame()
    never = "never" if cmp.language == "en" else "không đạt"

    def cell(r) -> str:
        if r.kind == "relative":
            v = "relative to the other units" if cmp.language == "en" else "so với đơn vị khác"
        elif np.isnan(r.full_from):
            v = never
        elif r.full_at_any:
            v = "> 0"
        else:
            v = num(r.full_from * 100, 1, cmp.language) + " %" if r.sweep == "ratio" else num(r.full_from, 0, cmp.language)
        return f"{r.code}: {v}"

    t = t.assign(cell=[cell(r) for r in t.itertuples()])
    w = t.groupby(["concept", "design_id"], sort=False)["cell"].agg("; ".join).unstack("design_id")
    w = w.reindex(columns=[d.id for d in cmp.full_designs if d.id in w.columns]).fillna("")
    w.index.name = label("concept", cmp.language)
    w.columns.name = None
    return w.reset_index()


def uncovered_table(cmp: Comparison, design_id: str) -> pd.DataFrame:
    """The components of one design that no concept covers, with labelled columns."""
    u = cmp.uncovered[cmp.uncovered["design_id"] == design_id].drop(columns=["design_id", "kind"])
    return relabel(u, cmp.language)


def rescoring_coverage_table(cmp: Comparison) -> pd.DataFrame:
    """Per design: the components and points the source's inputs reach."""
    if cmp.rescoring is None:
        return pd.DataFrame()
    c = cmp.rescoring.covered.copy()
    c["share_of_scale"] = np.where(c["scale"] > 0, c["covered_max"] / c["scale"] * 100, np.nan)
    return relabel(c, cmp.language)


def rescoring_table(cmp: Comparison) -> pd.DataFrame:
    """Units × designs: percent of the covered points and rank under each design."""
    if cmp.rescoring is None or cmp.rescoring.summary.empty:
        return pd.DataFrame()
    r = cmp.rescoring
    pct, rank = r.wide("percent"), r.wide("rank")
    names = r.summary.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
    out = pd.DataFrame({label("unit_name", cmp.language): names.reindex(pct.index).to_numpy()})
    for d in pct.columns:
        out[f"{d}: %"] = pct[d].round(1).to_numpy()
        out[f"{d}: {label('rank', cmp.language).lower()}"] = rank[d].astype("Int64").to_numpy()
    src = r.source
    return out.sort_values(f"{src}: {label('rank', cmp.language).lower()}", kind="mergesort").reset_index(drop=True)


def dropped_table(cmp: Comparison) -> pd.DataFrame:
    """The (unit, component) pairs the engine refused after mapping, with its message."""
    if cmp.rescoring is None or cmp.rescoring.dropped.empty:
        return pd.DataFrame()
    d = cmp.rescoring.dropped
    msg = d["problem"] if cmp.language == "en" else d["problem_vi"]
    return relabel(d[["design_id", "unit_id", "code"]].assign(note=msg.to_numpy()), cmp.language)


def heading(cmp: Comparison, level: str) -> str:
    """The report's default title."""
    name = level_name(level, cmp.language)
    return (f"Comparing DTI designs — {name}" if cmp.language == "en" else f"So sánh các bộ chỉ số chuyển đổi số — {name}")


def sources_text(cmp: Comparison) -> str:
    """One line naming each design and the text it comes from."""
    parts = [f"{d.province}, {d.level_name_en if cmp.language == 'en' else d.level_name} {d.year}: {d.source.cite()}" for d in cmp.designs]
    if cmp.language == "en":
        return f"This report compares {len(cmp.designs)} index designs — " + "; ".join(parts) + "."
    return f"Báo cáo so sánh {len(cmp.designs)} bộ chỉ số — " + "; ".join(parts) + "."
