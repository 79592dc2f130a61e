"""The scoring report's content, computed in the package (the notebook loads, calls and presents).

Every function takes a :class:`~dti_kit.scoring.ScoreResult` (and the previous year's, for
trends) and returns a DataFrame or text in Vietnamese (``language="vi"``) or English.
"""
from __future__ import annotations

import hashlib
import html
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from dti_kit import __version__
from dti_kit._util.excel import write_tables
from dti_kit._util.atomic import write_text
from dti_kit.inputs import read_inputs
from dti_kit.i18n import label, number, units_word
from dti_kit.loader import load_design
from dti_kit.model import IndexDesign
from dti_kit.scoring import ScoreResult, score_units
from dti_kit._util.strings import csv_text


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
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return ""
    s = f"{x:,.{digits}f}"
    if language == "vi":  # Vietnamese: 1.234,5
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return s


def index_column(design: IndexDesign) -> str:
    """Which figure the design publishes: 'value' (0–1, national framework) or 'percent'."""
    return "value" if design.index_value == "value" else "percent"


def ranking_table(result: ScoreResult, previous: ScoreResult | None = None, language: str = "vi") -> pd.DataFrame:
    """Unit, total, percent or 0–1 value, band, rank, change since last year; best first."""
    d = result.design
    t = result.totals().copy()
    col = index_column(d)
    out = pd.DataFrame({
        label("unit", language): t["unit_name"],
        label("total", language): t["score"].round(2),
        label("max_points", language): t["max_points"],
        label(col, language): (t["value"].round(4) if col == "value" else t["percent"].round(2)),
    })
    if d.bands is not None:
        out[label("band", language)] = t["band"]
    out[label("rank", language)] = t["rank"].astype("Int64")
    if previous is not None:
        prev = previous.totals().set_index("unit_id")["rank"]
        prev_rank = t["unit_id"].map(prev).astype("Int64")
        out[label("previous_rank", language)] = prev_rank
        # positive = moved up (a smaller rank number)
        out[label("change", language)] = (prev_rank - t["rank"].astype("Int64")).astype("Int64")
    out["_order"] = t["rank"].to_numpy()
    out = out.sort_values(["_order", label("unit", language)], kind="mergesort").drop(columns="_order")
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
    unit_word = units_word(d.level, language)
    mean, sd, lo, hi = vals.mean(), vals.std(ddof=1) if n > 1 else 0.0, vals.min(), vals.max()
    leaders = t[t["rank"] == 1]["unit_name"].tolist()
    pct = "" if col == "value" else "%"
    lines = []
    if language == "vi":
        what = "giá trị chỉ số" if col == "value" else "tỷ lệ điểm đạt được"
        lines.append(f"Đánh giá {n} {unit_word} theo {d.source.cite()} ({d.province}, {d.level_name}, năm {d.year}). "
                     f"Bình quân {what} đạt {_fmt(mean, digits, language)}{pct} (độ lệch chuẩn {_fmt(sd, digits, language)}), "
                     f"thấp nhất {_fmt(lo, digits, language)}{pct}, cao nhất {_fmt(hi, digits, language)}{pct}.")
        lines.append(f"Dẫn đầu: {', '.join(leaders)}.")
    else:
        what = "index value" if col == "value" else "share of points achieved"
        lines.append(f"{n} {unit_word} assessed under {d.source.cite()} ({d.province}, {d.level_name_en or d.level}, {d.year}). "
                     f"Mean {what} {_fmt(mean, digits, language)}{pct} (standard deviation {_fmt(sd, digits, language)}), "
                     f"lowest {_fmt(lo, digits, language)}{pct}, highest {_fmt(hi, digits, language)}{pct}.")
        lines.append(f"Leading: {', '.join(leaders)}.")
    if d.bands is not None:
        counts = band_counts(result, language)
        parts = [f"{b}: {c}" for b, c in zip(counts.iloc[:, 0], counts.iloc[:, 1])]
        lines.append(("Xếp loại — " if language == "vi" else "Bands — ") + "; ".join(parts) + ".")
    ch = rank_changes(result, previous).dropna(subset=["change"])
    if len(ch):
        up = ch.sort_values(["change", "unit_name"], ascending=[False, True]).iloc[0]
        down = ch.sort_values(["change", "unit_name"], ascending=[True, True]).iloc[0]
        if language == "vi":
            if up["change"] > 0:
                lines.append(f"Tăng hạng nhiều nhất so với năm trước: {up['unit_name']} (+{int(up['change'])} bậc, từ hạng {int(up['previous_rank'])} lên hạng {int(up['rank'])}).")
            if down["change"] < 0:
                lines.append(f"Giảm hạng nhiều nhất: {down['unit_name']} ({int(down['change'])} bậc, từ hạng {int(down['previous_rank'])} xuống hạng {int(down['rank'])}).")
        else:
            if up["change"] > 0:
                lines.append(f"Biggest riser since last year: {up['unit_name']} (+{int(up['change'])}, from rank {int(up['previous_rank'])} to {int(up['rank'])}).")
            if down["change"] < 0:
                lines.append(f"Biggest faller: {down['unit_name']} ({int(down['change'])}, from rank {int(down['previous_rank'])} to {int(down['rank'])}).")
    return "\n\n".join(lines)


def band_counts(result: ScoreResult, language: str = "vi") -> pd.DataFrame:
    """How many units are in each band (every band of the scheme, zeros included)."""
    d = result.design
    if d.bands is None:
        return pd.DataFrame(columns=[label("band", language), "n"])
    t = result.totals()
    names = [b.label if language == "vi" else (b.label_en or b.label) for b in d.bands.bands]
    counts = [int((t["band"] == b.label).sum()) for b in d.bands.bands]
    return pd.DataFrame({label("band", language): names, ("Số đơn vị" if language == "vi" else "Units"): counts})


def pillar_table(result: ScoreResult, language: str = "vi") -> pd.DataFrame:
    """Units × pillars: percent of the pillar's max (and band where the design bands pillars)."""
    d = result.design
    if not d.pillars:
        return pd.DataFrame()
    s = result.scores[result.scores["kind"] == "pillar"]
    pct = s.pivot(index="unit_id", columns="code", values="percent").loc[list(result.units), [p.code for p in d.pillars]]
    out = pd.DataFrame({label("unit", language): [result.unit_names[u] for u in result.units]})
    for p in d.pillars:
        name = p.name if language == "vi" else (p.name_en or p.name)
        out[f"{name} (%)"] = pct[p.code].round(2).to_numpy()
        if d.bands is not None and "pillars" in d.bands.applies_to:
            bands = s[s["code"] == p.code].set_index("unit_id")["band"]
            out[f"{name} — {label('band', language)}"] = [bands[u] for u in result.units]
    return out


def indicator_percent(result: ScoreResult) -> pd.DataFrame:
    """Units (names) × scored main indicators: percent of the indicator's max."""
    d = result.design
    codes = [m.code for m in d.scored_indicators()]
    s = result.wide("indicator").loc[:, codes]
    mx = np.array([m.max_points for m in d.scored_indicators()])
    pct = s.to_numpy(dtype=float) / mx * 100
    return pd.DataFrame(pct, index=[result.unit_names[u] for u in s.index], columns=[f"{m.code}. {m.name}" for m in d.scored_indicators()])


def unit_profile(result: ScoreResult, unit_id: str, language: str = "vi", weakest: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A unit's main indicators against the mean and the best (percent of max), and its
    weakest components with the points it missed (largest first)."""
    pct = indicator_percent(result)
    name = result.unit_names[unit_id]
    prof = pd.DataFrame({
        label("indicator", language): pct.columns,
        name: pct.loc[name].round(1).to_numpy(),
        label("mean", language): pct.mean(axis=0).round(1).to_numpy(),
        label("best", language): pct.max(axis=0).round(1).to_numpy(),
    })
    s = result.scores
    leaves = {c.code for c in result.design.leaves()} | {c.code for c in result.design.components()}
    comp = s[(s["unit_id"] == unit_id) & s["code"].isin(leaves) & s["kind"].isin(["component"])].copy()
    comp["missed"] = comp["max_points"] - comp["score"]
    comp = comp[comp["missed"] > 1e-9].sort_values(["missed", "code"], ascending=[False, True], kind="mergesort").head(weakest)
    weak = pd.DataFrame({
        label("code", language): comp["code"].to_numpy(),
        label("component", language): comp["name"].to_numpy(),
        label("score", language): comp["score"].round(2).to_numpy(),
        label("max_points", language): comp["max_points"].to_numpy(),
        label("missed", language): comp["missed"].round(2).to_numpy(),
    })
    return prof, weak


def weak_components(result: ScoreResult, language: str = "vi", top: int = 10) -> pd.DataFrame:
    """The components where most units lose points: mean share of max, how many units are
    below half the max, the responsible agency where the design names one, and a sentence."""
    d = result.design
    s = result.scores[result.scores["kind"] == "component"]
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
    word = units_word(d.level, language)
    if language == "vi":
        sentence = [f"{c} {r['name']}: {r['below_half']}/{r['n']} {word} dưới một nửa điểm tối đa" for c, r in g.iterrows()]
    else:
        sentence = [f"{c} {r['name']}: {r['below_half']} of {r['n']} {word} below half the max" for c, r in g.iterrows()]
    out = pd.DataFrame({
        label("code", language): g.index.to_numpy(),
        label("max_points", language): g["max_points"].to_numpy(),
        label("mean_share", language): (g["mean_share"] * 100).round(1).to_numpy(),
        label("below_half", language): g["below_half"].to_numpy(),
        ("Nhận xét" if language == "vi" else "Note"): sentence,
    })
    responsible = [d.node(c).responsible for c in g.index]
    if any(responsible):
        out[label("responsible", language)] = responsible
    return out


def na_table(result: ScoreResult, language: str = "vi") -> pd.DataFrame:
    """The N/A items of each unit and how the design's policy scored them."""
    na = result.na_items
    if na.empty:
        return pd.DataFrame()
    d = result.design
    return pd.DataFrame({
        label("unit", language): na["unit_id"].map(result.unit_names).to_numpy(),
        label("code", language): na["code"].to_numpy(),
        label("component", language): [d.node(c).name for c in na["code"]],
        label("policy", language): na["policy"].to_numpy(),
        label("score", language): na["score"].round(2).to_numpy(),
        label("max_points", language): [d.node(c).max_points for c in na["code"]],
    })


def errata_table(design: IndexDesign, language: str = "vi") -> pd.DataFrame:
    return pd.DataFrame({
        label("erratum_code", language): [e.code or "—" for e in design.errata],
        label("erratum_problem", language): [e.problem_in(language) for e in design.errata],
        label("erratum_assumption", language): [e.assumption_in(language) for e in design.errata],
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
    pillars, 2022 targets): the province's own unit this year beside them."""
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
    return pd.DataFrame(rows, columns=[label("indicator", language), label("baseline", language), label("current", language), label("target", language)])


def sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def input_files(paths: Sequence[str]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in (".csv", ".xlsx")))
        elif p.exists():
            out.append(p)
    return out


def provenance(design: IndexDesign, inputs: Sequence[str], previous_inputs: Sequence[str] = (), params_path: str = "", language: str = "vi") -> pd.DataFrame:
    """Design id and decision, every input with its SHA-256, package version, params file."""
    rows = [
        ("Bộ chỉ số" if language == "vi" else "Design", f"{design.id} — {design.source.cite()}, {design.source.issuer}"),
        ("Phiên bản dti-kit" if language == "vi" else "dti-kit version", __version__),
    ]
    if params_path:
        rows.append(("Tệp tham số" if language == "vi" else "Params file", f"{params_path} (SHA-256 {sha256(params_path)})" if Path(params_path).exists() else params_path))
    for p in input_files(inputs):
        rows.append(("Dữ liệu đầu vào" if language == "vi" else "Input", f"{p.as_posix()} (SHA-256 {sha256(p)})"))
    for p in input_files(previous_inputs):
        rows.append(("Dữ liệu năm trước" if language == "vi" else "Previous year's input", f"{p.as_posix()} (SHA-256 {sha256(p)})"))
    return pd.DataFrame(rows, columns=["", ""])


def score_tables(result: ScoreResult, language: str = "vi") -> dict[str, pd.DataFrame]:
    """The results workbook's sheets: ranking, main indicators, pillars, components."""
    d = result.design
    sheets = {label("ranking_sheet", language): ranking_table(result, language=language)}
    ind = result.wide("indicator")
    ind.index = [result.unit_names[u] for u in ind.index]
    ind.columns = [f"{c}. {d.node(c).name}" for c in ind.columns]
    sheets[label("indicators_sheet", language)] = ind.reset_index(names=label("unit", language))
    if d.pillars:
        sheets[label("pillars_sheet", language)] = pillar_table(result, language)
    s = result.scores[result.scores["kind"].isin(["component", "subcomponent", "group", "bonus"])]
    status = s["status"].map(lambda x: label(f"status_{x}", language))
    sheets[label("components_sheet", language)] = pd.DataFrame({
        label("unit", language): s["unit_name"].to_numpy(), label("code", language): s["code"].to_numpy(),
        label("component", language): s["name"].to_numpy(), label("max_points", language): s["max_points"].to_numpy(),
        label("score", language): s["score"].round(4).to_numpy(), label("self_score", language): s["self_score"].to_numpy(),
        label("status", language): status.to_numpy(),
    })
    return sheets


def write_score_files(result: ScoreResult, out_dir: str | Path, language: str = "vi") -> tuple[Path, Path]:
    """``scores.csv`` (the tidy table of ``dti-kit score``) and ``scores.xlsx`` (formatted)."""
    out_dir = Path(out_dir)
    csv_path, xlsx_path = out_dir / "scores.csv", out_dir / "scores.xlsx"
    write_text(csv_path, csv_text(result.tidy()))
    write_tables(xlsx_path, score_tables(result, language))
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
SIGNED_COLUMNS = frozenset({label("change", "vi"), label("change", "en")})


def html_table(df: pd.DataFrame, language: str = "vi", numeric: Sequence[str] | None = None) -> str:
    """A DataFrame as an HTML table for the report: no index, blanks instead of NaN, numbers
    written the reader's way, each numeric column with one number of decimals (trailing zeros
    kept, so that the decimal marks line up) and right-aligned, text left-aligned.

    Parameters
    ----------
    df : DataFrame
    language : "vi" or "en"
    numeric : column names, optional
        Columns to align as numbers although their values are already text (pre-formatted).
    """
    if df is None or df.empty:
        return ""
    numeric_cols = set(numeric or ())
    columns, kind = [], []
    for j, col in enumerate(df.columns):
        s = df.iloc[:, j]  # by position: headers may repeat (e.g. two blank ones)
        is_num = col in numeric_cols
        if pd.api.types.is_float_dtype(s):
            cells = [number(v, language, _column_decimals(s), trim=False) for v in s]
            is_num = True
        elif pd.api.types.is_integer_dtype(s) and not pd.api.types.is_bool_dtype(s):
            signed = col in SIGNED_COLUMNS
            cells = ["" if pd.isna(v) else (f"{int(v):+d}" if signed and v != 0 else str(int(v))) for v in s]
            is_num = True
        else:
            cells = ["" if v is None or v is pd.NA or (isinstance(v, float) and v != v) else str(v) for v in s]
        columns.append(cells)
        kind.append("num" if is_num else "txt")
    head = "".join(f'<th class="{k}">{html.escape(str(c))}</th>' for c, k in zip(df.columns, kind))
    body = "".join(
        "<tr>" + "".join(f'<td class="{k}">{html.escape(col[i])}</td>' for col, k in zip(columns, kind)) + "</tr>"
        for i in range(len(df))
    )
    return f'<table class="dti-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


#: colours of the profile bars: the unit, the mean of all units, the best unit
PROFILE_COLOURS = {"unit": "#1f4e79", "mean": "#c55a11", "best": "#548235"}
_BAR_PX = 2  # pixels per percentage point: 100 % = 200 px


def _profile_bar(value: float, mean: float, best: float) -> str:
    """An inline SVG bar (0–100 %): the unit's value, a tick at the mean, a triangle at the best."""
    w = 100 * _BAR_PX
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w + 8}" height="16" role="img" style="vertical-align:middle">',
             f'<rect x="0" y="3" width="{w}" height="10" fill="#eeeeee"/>']
    if np.isfinite(value):
        parts.append(f'<rect x="0" y="3" width="{max(0.0, min(value, 100.0)) * _BAR_PX:.1f}" height="10" fill="{PROFILE_COLOURS["unit"]}"/>')
    if np.isfinite(mean):
        x = min(max(mean, 0.0), 100.0) * _BAR_PX
        parts.append(f'<rect x="{x - 1:.1f}" y="0" width="2" height="16" fill="{PROFILE_COLOURS["mean"]}"/>')
    if np.isfinite(best):
        x = min(max(best, 0.0), 100.0) * _BAR_PX
        parts.append(f'<path d="M{x - 4:.1f},0 L{x + 4:.1f},0 L{x:.1f},6 Z" fill="{PROFILE_COLOURS["best"]}"/>')
    parts.append("</svg>")
    return "".join(parts)


def profile_legend(unit_word: str, language: str = "vi") -> str:
    """The key of :func:`profile_html` (shown once above the profiles)."""
    key = [(PROFILE_COLOURS["unit"], "■", unit_word), (PROFILE_COLOURS["mean"], "│", label("mean", language)),
           (PROFILE_COLOURS["best"], "▼", label("best", language))]
    return "<p>" + " &nbsp; ".join(f'<span style="color:{c}">{s}</span> {html.escape(t)}' for c, s, t in key) + " (% " + html.escape(label("max_points", language).lower()) + ")</p>"


def profile_html(profile: pd.DataFrame, language: str = "vi") -> str:
    """A unit's profile (:func:`unit_profile`) as a table: each main indicator with a bar of
    the unit's percent of max, the mean and the best marked on it, and the three numbers.

    Drawn as inline SVG rather than one matplotlib figure per unit: a report has one profile
    per unit (30 or more), the numbers stay next to the bars, and it prints sharply.
    """
    if profile is None or profile.empty:
        return ""
    ind, unit, mean, best = profile.columns[:4]
    head = "".join(f'<th class="{k}">{html.escape(str(c))}</th>' for c, k in zip((ind, "", unit, mean, best), ("txt", "txt", "num", "num", "num")))
    rows = []
    for r in profile.itertuples(index=False):  # one row per main indicator (a handful)
        v, m, b = (float(x) for x in (r[1], r[2], r[3]))
        cells = [html.escape(str(r[0])), _profile_bar(v, m, b)] + [number(x, language, 1, trim=False) if np.isfinite(x) else "" for x in (v, m, b)]
        rows.append("<tr>" + "".join(f'<td class="{k}">{c}</td>' for c, k in zip(cells, ("txt", "txt", "num", "num", "num"))) + "</tr>")
    return f'<table class="dti-table dti-profile"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'
