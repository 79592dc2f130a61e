"""The scoring report's content, computed in the package (the notebook loads, calls and presents).

Every function takes a :class:`~dti_kit.scoring.ScoreResult` (and the previous year's, for
trends) and returns text in Vietnamese (``language="vi"``) or English, or a DataFrame with
stable column keys (``unit``, ``total``, ``rank`` …): :func:`html_table` and the workbook
writer turn the keys into the reader's headers (catalogue ids ``<domain>.col.<key>``).
"""
from __future__ import annotations

import hashlib
import html
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from dti_kit import __version__
from dti_kit._util.atomic import write_text
from dti_kit._util.package import content_hash
from dti_kit._util.strings import before_colon
from dti_kit.forms import read_inputs
from dti_kit.i18n import header, na_policy, number, text, units_of
from dti_kit.loader import load_design
from dti_kit.model import Erratum, IndexDesign
from dti_kit.report.hyphens import header_text
from dti_kit.report.markup import md_cited, md_data
from dti_kit.report.narrative import indicator_name
from dti_kit.report.printing import (
    KEEP_WHOLE_CHARS,
    KEEP_WHOLE_ROWS,
    LONG_BLOCK,
    ONE_LINE,
    ONE_LINE_CHARS,
    PROSE,
    PROSE_CHARS,
    part_marked,
)
from dti_kit.report.profiles import PROFILE_COLOURS, _profile_bar, profile_html, profile_legend, unit_profile  # noqa: F401  (the report's names)
from dti_kit.report.wide import is_wide, wide_hint
from dti_kit.scoring import ScoreResult, score_units


def load_scores(design_id: str, inputs: Sequence[str], na_policy: str | None = None, year: int | None = None) -> ScoreResult:
    """Read the inputs (CSV, Excel forms, folders) and score them under the design.

    ``year``, when the report's year is known, refuses a form made for another year.
    """
    design = load_design(design_id)
    extra = {} if year is None else {"year": int(year)}
    return score_units(design, read_inputs(list(inputs), design=design, **extra), na_policy=na_policy)


def load_previous(design_id: str, previous_inputs: Sequence[str], na_policy: str | None = None) -> ScoreResult | None:
    """Last year's scores under this year's design, or None when no previous inputs are given."""
    if not previous_inputs:
        return None
    return load_scores(design_id, previous_inputs, na_policy)


def _fmt(x: float, digits: int = 1, language: str = "vi") -> str:
    return number(x, language, digits, trim=False)


def index_column(design: IndexDesign) -> str:
    """Which figure the design publishes: 'value' (0–1, national framework) or 'percent'."""
    return "value" if design.index_value == "value" else "percent"


def ranking_table(result: ScoreResult, previous: ScoreResult | None = None, language: str = "vi") -> pd.DataFrame:
    """Unit, total, percent or 0–1 value, band, rank, change since last year; best first."""
    d = result.design
    t = result.totals().copy()
    col = index_column(d)
    out = pd.DataFrame({
        "unit": t["unit_name"],
        "total": t["score"].round(2),
        "max_points": t["max_points"],
        col: (t["value"].round(4) if col == "value" else t["percent"].round(2)),
    })
    if d.bands is not None:
        out["band"] = t["band"]
    out["rank"] = t["rank"].astype("Int64")
    if previous is not None:
        prev = previous.totals().set_index("unit_id")["rank"]
        prev_rank = t["unit_id"].map(prev).astype("Int64")
        out["previous_rank"] = prev_rank
        # positive = moved up (a smaller rank number)
        out["change"] = (prev_rank - t["rank"].astype("Int64")).astype("Int64")
    out["_order"] = t["rank"].to_numpy()
    out = out.sort_values(["_order", "unit"], kind="mergesort").drop(columns="_order")
    return out.reset_index(drop=True)


def rank_changes(result: ScoreResult, previous: ScoreResult | None) -> pd.DataFrame:
    """unit_id, unit_name, rank, previous_rank, change (positive = up), total, previous_total."""
    t = result.totals()
    if previous is None:
        return pd.DataFrame(columns=["unit_id", "unit_name", "rank", "previous_rank", "change", "total", "previous_total"])
    p = previous.totals().set_index("unit_id")
    out = pd.DataFrame({
        "unit_id": t["unit_id"], "unit_name": t["unit_name"], "rank": t["rank"].astype("Int64"),
        "previous_rank": t["unit_id"].map(p["rank"]).astype("Int64"),
        "total": t["score"], "previous_total": t["unit_id"].map(p["score"]),
    })
    out["change"] = (out["previous_rank"] - out["rank"]).astype("Int64")
    return out


def summary_text(result: ScoreResult, previous: ScoreResult | None = None, language: str = "vi") -> str:
    """A short summary written from the data: units, mean and spread, bands, leader, movers."""
    d = result.design
    t = result.totals()
    n = len(t)
    col = index_column(d)
    vals = t[col].astype(float)
    digits = 4 if col == "value" else 1
    mean, sd, lo, hi = vals.mean(), vals.std(ddof=1) if n > 1 else 0.0, vals.min(), vals.max()
    leaders = t[t["rank"] == 1]["unit_name"].tolist()
    pct = "" if col == "value" else "%"
    f = lambda x: _fmt(x, digits, language) + pct  # noqa: E731
    q = lambda x: md_data(x, language)  # noqa: E731  (data: shown as it is)
    lines = [
        text("report.summary.assessed", language, n=n, units=units_of(d.level, language), source=md_cited(d.source.citation(language), language, d.source.in_english),
             province=q(d.province), level=level_name(d, language), year=d.year,
             what=text(f"report.summary.what_{col}", language), mean=f(mean), sd=_fmt(sd, digits, language), lo=f(lo), hi=f(hi)),
        text("report.summary.leading", language, units=", ".join(q(u) for u in leaders)),
    ]
    if d.bands is not None:
        counts = band_counts(result, language)
        parts = [f"{q(b)}: {c}" for b, c in zip(counts["band"], counts["units"])]
        lines.append(text("report.summary.bands", language, bands="; ".join(parts)))
    ch = rank_changes(result, previous).dropna(subset=["change"])
    if len(ch):
        up = ch.sort_values(["change", "unit_name"], ascending=[False, True]).iloc[0]
        down = ch.sort_values(["change", "unit_name"], ascending=[True, True]).iloc[0]
        if up["change"] > 0:
            lines.append(text("report.summary.riser", language, unit=q(up["unit_name"]), change=int(up["change"]),
                              before=int(up["previous_rank"]), now=int(up["rank"])))
        if down["change"] < 0:
            lines.append(text("report.summary.faller", language, unit=q(down["unit_name"]), change=int(down["change"]),
                              before=int(down["previous_rank"]), now=int(down["rank"])))
    return "\n\n".join(lines)


def band_counts(result: ScoreResult, language: str = "vi") -> pd.DataFrame:
    """How many units are in each band (every band of the scheme, zeros included): ``band, units``."""
    d = result.design
    if d.bands is None:
        return pd.DataFrame(columns=["band", "units"])
    t = result.totals()
    names = [b.label if language != "en" else (b.label_en or b.label) for b in d.bands.bands]
    counts = [int((t["band"] == b.label).sum()) for b in d.bands.bands]
    return pd.DataFrame({"band": names, "units": counts})


def pillar_table(result: ScoreResult, language: str = "vi") -> pd.DataFrame:
    """Units × pillars: percent of the pillar's max (and band where the design bands pillars).

    Columns: ``unit``, then per pillar ``<name> (%)`` (and ``<name> — <band>``): the pillar's
    name is data, so the header is composed here."""
    d = result.design
    if not d.pillars:
        return pd.DataFrame()
    s = result.scores[result.scores["kind"] == "pillar"]
    pct = s.pivot(index="unit_id", columns="code", values="percent").loc[list(result.units), [p.code for p in d.pillars]]
    out = pd.DataFrame({"unit": [result.unit_names[u] for u in result.units]})
    for p in d.pillars:
        name = p.name if language != "en" else (p.name_en or p.name)
        out[f"{name} (%)"] = pct[p.code].round(2).to_numpy()
        if d.bands is not None and "pillars" in d.bands.applies_to:
            bands = s[s["code"] == p.code].set_index("unit_id")["band"]
            out[f"{name} — {header('band', language)}"] = [bands[u] for u in result.units]
    return out


def indicator_percent(result: ScoreResult) -> pd.DataFrame:
    """Units (names) × scored main indicators: percent of the indicator's max."""
    d = result.design
    codes = [m.code for m in d.scored_indicators()]
    s = result.wide("indicator").loc[:, codes]
    mx = np.array([m.max_points for m in d.scored_indicators()])
    pct = s.to_numpy(dtype=float) / mx * 100
    return pd.DataFrame(pct, index=[result.unit_names[u] for u in s.index], columns=[f"{m.code}. {m.name}" for m in d.scored_indicators()])


def weak_components(result: ScoreResult, language: str = "vi", top: int = 10) -> pd.DataFrame:
    """The components where most units lose points: their main indicator (in English its
    English name), mean share of max, how many units are below half the max, the
    responsible agency where the design names one, and a sentence: ``code, indicator,
    max_points, mean_share, below_half, remark`` (``responsible``).

    Scores imputed by the N/A rule (status ``na``) are left out: they are not the unit's own
    (:func:`dti_kit.report.narrative.weak_note` says so under the table)."""
    d = result.design
    s = result.scores[(result.scores["kind"] == "component") & (result.scores["status"] != "na")]
    if s.empty:
        return pd.DataFrame()
    s = s.assign(share=s["score"] / s["max_points"].where(s["max_points"] > 0))
    g = s.groupby("code", sort=False).agg(
        name=("name", "first"), max_points=("max_points", "first"), mean_share=("share", "mean"),
        below_half=("share", lambda x: int((x < 0.5).sum())), n=("share", "count"),
        lost=("score", lambda x: 0.0),
    )
    g["lost"] = (g["max_points"] * g["n"] - s.groupby("code", sort=False)["score"].sum()).to_numpy()
    g = g[g["max_points"] > 0].sort_values(["below_half", "lost"], ascending=[False, False], kind="mergesort").head(top)
    word = units_of(d.level, language)
    sentence = [text("report.weak.remark", language, code=c, name=before_colon(r["name"]), below=r["below_half"], n=r["n"], units=word)
                for c, r in g.iterrows()]
    out = pd.DataFrame({
        "code": g.index.to_numpy(),
        "indicator": [indicator_name(d, d.node(c).indicator, language, markdown=False) for c in g.index],
        "max_points": g["max_points"].to_numpy(),
        "mean_share": (g["mean_share"] * 100).round(1).to_numpy(),
        "below_half": g["below_half"].to_numpy(),
        "remark": sentence,
    })
    responsible = [d.node(c).responsible for c in g.index]
    if any(responsible):
        out["responsible"] = responsible
    out.attrs["translated"] = ("indicator",) if language == "en" else ()  # English names: no lang="vi"
    return out


def na_table(result: ScoreResult, language: str = "vi") -> pd.DataFrame:
    """The N/A items of each unit and how the design's policy scored them:
    ``unit, code, indicator`` (its main indicator, in English its English name),
    ``component, policy`` (in words), ``score, max_points``."""
    na = result.na_items
    if na.empty:
        return pd.DataFrame()
    d = result.design
    main = lambda c: getattr(d.node(c), "indicator", "") or c  # noqa: E731  (a structure-only design's item is the indicator)
    out = pd.DataFrame({
        "unit": na["unit_id"].map(result.unit_names).to_numpy(),
        "code": na["code"].to_numpy(),
        "indicator": [indicator_name(d, main(c), language, markdown=False) for c in na["code"]],
        "component": [d.node(c).name for c in na["code"]],
        "policy": [na_policy(p, language) for p in na["policy"]],
        "score": na["score"].round(2).to_numpy(),
        "max_points": [d.node(c).max_points for c in na["code"]],
    })
    out.attrs["translated"] = ("indicator",) if language == "en" else ()
    return out


def errata_table(design: IndexDesign, language: str = "vi") -> pd.DataFrame:
    """The design's errata: ``erratum_code, erratum_problem, erratum_assumption``.

    In the design's order, as a reader looks a code up: errata on the text as a whole (no
    code) first, then by the position of their code in the design, and errata whose code the
    design does not score (a component the design leaves out) last; errata on one code keep
    the order the YAML gives them.
    """
    position = {code: i for i, code in enumerate(design.codes())}
    unplaced = len(position)

    def order(pair: tuple[int, Erratum]) -> tuple[int, int]:
        written, e = pair
        if not e.code:
            return (-1, written)
        return (position.get(e.code, unplaced), written)

    errata = [e for _, e in sorted(enumerate(design.errata), key=order)]
    return pd.DataFrame({
        "erratum_code": [e.code or "—" for e in errata],
        "erratum_problem": [e.problem_in(language) for e in errata],
        "erratum_assumption": [e.assumption_in(language) for e in errata],
    })


def _unit_for_province(result: ScoreResult) -> str | None:
    from dti_kit._util.strings import slugify

    target = slugify(result.design.province)
    for u in result.units:
        if slugify(u) == target or slugify(result.unit_names[u]) == target:
            return u
    return None


def baseline_progress(result: ScoreResult, long: pd.DataFrame | None = None, language: str = "vi") -> pd.DataFrame:
    """Progress against the baseline and targets a plan states (Ninh Thuận: 2021 DTI and
    pillars, 2022 targets): the province's own unit this year beside them:
    ``indicator, baseline, current, target``."""
    d = result.design
    meta = d.metadata or {}
    base = meta.get("baseline_2021")
    unit = _unit_for_province(result)
    if not base or unit is None:
        return pd.DataFrame()
    rows = []
    dti = base.get("dti", {})
    tot = result.row(unit, "TOTAL")
    rows.append(("DTI", dti.get("value"), round(float(tot["value"]), 4), None))
    for code, b in (base.get("pillars") or {}).items():
        try:
            cur = float(result.row(unit, code)["percent"]) / 100
        except KeyError:
            continue
        rows.append((code, b.get("value"), round(cur, 4), None))
    if long is not None:
        sub = long[long["unit_id"] == unit]
        for t in meta.get("targets_2022") or []:
            code = t.get("code")
            target = t.get("target")
            # only targets that are rates can stand beside the component's ratio
            if not code or code not in d.codes() or not isinstance(target, (int, float)) or not 0 < target <= 1:
                continue
            rule = d.node(code).rule
            num, den = getattr(rule, "numerator", ()), getattr(rule, "denominator", ())
            if not num or not den:
                continue
            vals = sub[sub["code"] == code].set_index("variable")["value"]
            try:
                ratio = sum(float(vals[v]) for v in num) / sum(float(vals[v]) for v in den)
            except (KeyError, ValueError, ZeroDivisionError):
                ratio = np.nan
            rows.append((f"{code}: {t['text']}", None, round(ratio, 4) if ratio == ratio else None, t.get("target")))
    return pd.DataFrame(rows, columns=["indicator", "baseline", "current", "target"])


def progress_heading(design: IndexDesign, language: str = "vi") -> str:
    """The heading of :func:`baseline_progress`, its years read from the plan's metadata keys
    (``baseline_2021``, ``targets_2022``)."""
    meta = design.metadata or {}
    year = lambda prefix: next((k.split("_", 1)[1] for k in meta if k.startswith(prefix + "_")), "")  # noqa: E731
    return text("report.heading.progress", language, base_year=year("baseline"), target_year=year("targets"))


def title(design: IndexDesign, language: str = "vi") -> str:
    """The report's default title (the params file's ``title`` replaces it)."""
    return text("report.title", language, level=level_name(design, language), province=md_data(design.province, language), year=design.year)


def byline(design: IndexDesign, language: str = "vi") -> str:
    """Which text the design comes from, under the title."""
    return text("report.byline", language, source=md_cited(design.source.citation(language), language, design.source.in_english))


def level_name(design: IndexDesign, language: str = "vi") -> str:
    """The design's level in ``language`` (the Vietnamese name, marked as data, where no English one is given)."""
    return design.level_name if language != "en" else (design.level_name_en or md_data(design.level_name, language))


def sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def input_files(paths: Sequence[str]) -> list[Path]:
    """The files read for ``paths``, as the readers list them (an .ods form too; not a folder's
    subfolders, which are not read); a path that is not there is left out."""
    from dti_kit._util.inputfiles import input_files as read_files

    return [p for p in read_files(list(paths)) if p.exists()]


def provenance(design: IndexDesign, inputs: Sequence[str], previous_inputs: Sequence[str] = (), params_path: str = "", language: str = "vi") -> pd.DataFrame:
    """Design id and decision, every input with its SHA-256, package version, params file:
    ``item`` (what) and ``detail`` (data: the decision's citation, file names)."""
    say = lambda key: text(f"report.provenance.{key}", language)  # noqa: E731
    rows = [
        (say("design"), f"{design.id} — {design.source.citation(language)}"),
        (say("version"), __version__),
        (say("package"), content_hash()),  # the package's content: traceable, and the same on every rebuild
    ]
    if params_path:
        rows.append((say("params"), f"{params_path} (SHA-256 {sha256(params_path)})" if Path(params_path).exists() else params_path))
    for p in input_files(inputs):
        rows.append((say("input"), f"{p.as_posix()} (SHA-256 {sha256(p)})"))
    for p in input_files(previous_inputs):
        rows.append((say("previous"), f"{p.as_posix()} (SHA-256 {sha256(p)})"))
    return pd.DataFrame(rows, columns=["item", "detail"])


def score_tables(result: ScoreResult, language: str = "vi", data=None) -> dict[str, pd.DataFrame]:
    """The results workbook's sheets as the reader sees them (sheet names and headers in
    ``language``): the annex (:mod:`dti_kit.report.annex`) first, the pillar annex, the main
    indicators in design order with total and rank, the components.

    ``data`` (a :class:`dti_kit.report.data.ReportData`) gives the units file's parents and
    units not ranked, and last year's scores for the change column.
    """
    from dti_kit.report.workbook import score_sheets

    return {s.name: s.frame() for s in score_sheets(result, language, _annex(result, data))}


def _annex(result: ScoreResult, data):
    from dti_kit.report.annex import annex_of, build_annex

    return annex_of(data) if data is not None else build_annex(result)


def write_score_files(result: ScoreResult, out_dir: str | Path, language: str = "vi", data=None) -> tuple[Path, Path]:
    """``scores.csv`` (the tidy table with names beside the ids, full precision, UTF-8 with a
    BOM) and ``scores.xlsx`` (the annex first; numbers as numbers; A4 landscape print setup)."""
    from dti_kit._util.fastxlsx import write_workbook
    from dti_kit.report.workbook import score_sheets, scores_csv

    out_dir = Path(out_dir)
    csv_path, xlsx_path = out_dir / "scores.csv", out_dir / "scores.xlsx"
    write_text(csv_path, scores_csv(result))
    write_workbook(xlsx_path, score_sheets(result, language, _annex(result, data)), text("workbooks.page_footer", language))
    return csv_path, xlsx_path


def _column_decimals(s: pd.Series) -> int:
    """Decimals to show a float column with: as few as its values need, at most 4 for 0–1
    index values and 2 otherwise (a column rounded to 1 decimal is not padded to 2)."""
    vals = s.dropna().to_numpy(dtype=float)
    vals = vals[np.isfinite(vals)]
    most = 4 if len(vals) and bool((np.abs(vals) <= 1).all()) else 2  # 0–1 index values keep 4 digits
    for d in range(most):
        scaled = vals * 10**d
        if np.allclose(scaled, np.round(scaled), rtol=0, atol=1e-6):
            return d
    return most


#: columns shown with an explicit sign (+3 moved up three places, -2 down two)
SIGNED_COLUMNS = frozenset({"change"})
#: integer column keys that are years, written without a thousands separator
YEAR_COLUMNS = frozenset({"year"})
#: column keys whose cells are data (names of units, components, indicators, bands, provinces,
#: quoted texts): shown as they are, and marked ``lang="vi"`` in an English report
DATA_COLUMNS = frozenset({"unit", "unit_name", "name", "component", "indicator", "band", "province", "top_name",
                          "band_self", "band_appraised", "responsible",
                          "detail"})


def html_table(df: pd.DataFrame, language: str = "vi", numeric: Sequence[str] | None = None, domain: str = "report",
               data: Sequence[str] | None = None, decimals: dict[str, int] | None = None) -> str:
    """A DataFrame as an HTML table for the report: no index, blanks instead of NaN, numbers
    written the reader's way, each numeric column with one number of decimals (trailing zeros
    kept, so that the decimal marks line up) and right-aligned, text left-aligned.

    Parameters
    ----------
    df : DataFrame
        Its column keys become the reader's headers (:func:`dti_kit.i18n.header`, catalogue
        ids ``<domain>.col.<key>`` or ``common.col.<key>``); other columns are shown as named.
    language : "vi" or "en"
    numeric : column names, optional
        Columns to align as numbers although their values are already text (pre-formatted).
    domain : str
        The catalogue domain of the headers (``report``, ``reconcile``, ``sensitivity``, ``compare``).
    data : column names, optional
        Columns of data besides :data:`DATA_COLUMNS` (marked ``lang="vi"`` in English).
    decimals : {column: decimals}, optional
        A float column's decimals where they are the statistic's, not its values' (a rank
        correlation of 1 is written 1,00 like its neighbours' 0,98).
    """
    if df is None or df.empty:
        return ""
    numeric_cols = set(numeric or ())
    # a table may say which of its data columns it has translated (``df.attrs["translated"]``:
    # English main-indicator names), so they are not marked Vietnamese
    data_cols = (DATA_COLUMNS | set(data or ())) - set(df.attrs.get("translated", ()))
    columns, kind, lang = [], [], []
    for j, col in enumerate(df.columns):
        s = df.iloc[:, j]  # by position: headers may repeat (e.g. two blank ones)
        is_num = col in numeric_cols
        if pd.api.types.is_float_dtype(s):
            places = (decimals or {}).get(col) if isinstance(col, str) else None
            if places is None:
                places = _column_decimals(s)  # a whole column's quantity: once, not once per cell (issue 20)
            cells = [number(v, language, places, trim=False) for v in s.tolist()]
            is_num = True
        elif pd.api.types.is_integer_dtype(s) and not pd.api.types.is_bool_dtype(s):
            # counts grouped as readers write them (3.875 chỉ số, 3,875 items); a year is not a count
            year, signed = col in YEAR_COLUMNS, col in SIGNED_COLUMNS
            cells = ["" if pd.isna(v) else str(int(v)) if year else ("+" if signed and v > 0 else "") + number(int(v), language, 0)
                     for v in s]
            is_num = True
        else:
            cells = ["" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v) for v in s]
        columns.append(cells)
        kind.append("num" if is_num else "txt")
        lang.append(' lang="vi"' if language == "en" and not is_num and col in data_cols else "")
    # wider than a phone: the first column (a unit's or an item's name) stays while the rest scrolls
    wide = is_wide(len(columns)) and kind[0] == "txt"
    css = [f"{k} dti-key" if wide and j == 0 else k for j, k in enumerate(kind)]
    # a column of short text (units' names) prints a cell a line (a whole column's measure, once),
    # its header still wrapping; not beside a column of long text (a component's name), whose
    # width the names would take: the table is then as wide as the page allows already
    short = [k == "txt" and bool(col) and max(map(len, col)) <= ONE_LINE_CHARS for k, col in zip(kind, columns)]
    all_short = all(s for s, k in zip(short, kind) if k == "txt")
    cell_css = [f"{c} {ONE_LINE}" if s and all_short else c for c, s in zip(css, short)]
    # the column of longest text (an item's name) keeps a readable measure beside numbers under
    # long headers; one column only: two at that measure (the item and the reasons to explain
    # it) made the English table 43 px wider than the page
    texts = [(sum(map(len, col)), j) for j, (k, col) in enumerate(zip(kind, columns))
             if k == "txt" and col and max(map(len, col)) > PROSE_CHARS]
    if texts:
        prose = max(texts)[1]
        cell_css[prose] += f" {PROSE}"
    head = "".join(f'<th class="{k}">{html.escape(header_text(str(header(c, language, domain) if isinstance(c, str) else c), language))}</th>'
                   for c, k in zip(df.columns, css))
    body = part_marked([  # a table that prints complete (a national view's units) prints in parts
        "<tr>" + "".join(f'<td class="{k}"{g}>{html.escape(col[i])}</td>' for col, k, g in zip(columns, cell_css, lang)) + "</tr>"
        for i in range(len(df))
    ])
    # few rows of long text: free to split across pages (dti_kit.report.printing.KEEP_WHOLE_CHARS)
    long = len(df) <= KEEP_WHOLE_ROWS and sum(len(c) for col, k in zip(columns, kind) if k == "txt" for c in col) > KEEP_WHOLE_CHARS
    classes = "dti-table" + (" dti-wide" if wide else "") + (f" {LONG_BLOCK}" if long else "")
    table = f'<table class="{classes}"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'
    return wide_hint(language) + table if wide else table
