"""The reconciliation report for readers: tables with Vietnamese (or English) headers, the
agreement statistics in words, the charts, and the workbook of items each unit must explain.

Everything here presents a :class:`dti_kit.reconcile.core.Reconciliation`; nothing is computed
but selection and formatting. Labels live in :data:`LABELS` (``{key: {"vi": …, "en": …}}``).
:func:`write_outputs` writes a reconciliation's files (the CSVs and the workbook).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from dti_kit.i18n import lookup, number
from dti_kit._util.atomic import write_bytes, write_text
from dti_kit.model import IndexDesign
from dti_kit.report.plotting import localise, setup
from dti_kit.reconcile.core import BONUS, FLAG_TEXT, FLAGS, Reconciliation
from dti_kit._util.strings import csv_text as _csv_text, safe_cell

LABELS = {
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "unit_id": {"vi": "Mã đơn vị", "en": "Unit id"},
    "code": {"vi": "Mã", "en": "Code"},
    "name": {"vi": "Chỉ số", "en": "Item"},
    "indicator": {"vi": "Chỉ số chính", "en": "Main indicator"},
    "max_points": {"vi": "Điểm tối đa", "en": "Max points"},
    "self_score": {"vi": "Điểm tự đánh giá", "en": "Self-assessed"},
    "computed_score": {"vi": "Điểm tính từ số liệu", "en": "Computed from inputs"},
    "appraised_score": {"vi": "Điểm thẩm định", "en": "Appraised"},
    "difference": {"vi": "Chênh lệch (tự đánh giá − thẩm định)", "en": "Difference (self − appraised)"},
    "points_at_stake": {"vi": "Số điểm cần giải trình", "en": "Points at stake"},
    "problems": {"vi": "Nội dung cần giải trình", "en": "To explain"},
    "explanation": {"vi": "Giải trình của đơn vị", "en": "Unit's explanation"},
    "items": {"vi": "Số chỉ số", "en": "Items"},
    "compared": {"vi": "Số chỉ số đối chiếu được", "en": "Items compared"},
    "changed": {"vi": "Số chỉ số bị điều chỉnh", "en": "Items changed"},
    "share_changed": {"vi": "Tỷ lệ bị điều chỉnh (%)", "en": "Share changed (%)"},
    "self_total": {"vi": "Tổng điểm tự đánh giá", "en": "Self-assessed total"},
    "appraised_total": {"vi": "Tổng điểm thẩm định", "en": "Appraised total"},
    "rank_self": {"vi": "Hạng theo tự đánh giá", "en": "Rank (self)"},
    "rank_appraised": {"vi": "Hạng theo thẩm định", "en": "Rank (appraised)"},
    "band_self": {"vi": "Xếp loại theo tự đánh giá", "en": "Band (self)"},
    "band_appraised": {"vi": "Xếp loại theo thẩm định", "en": "Band (appraised)"},
    "to_explain": {"vi": "Số chỉ số cần giải trình", "en": "Items to explain"},
    "units": {"vi": "Số đơn vị", "en": "Units"},
    "mean_abs_difference": {"vi": "Chênh lệch tuyệt đối trung bình", "en": "Mean absolute difference"},
    "max_abs_difference": {"vi": "Chênh lệch tuyệt đối lớn nhất", "en": "Largest absolute difference"},
    "mean_difference": {"vi": "Chênh lệch trung bình", "en": "Mean difference"},
    "over_claims": {"vi": "Số đơn vị tự chấm cao hơn số liệu", "en": "Over-claims"},
    "mean_over_claim": {"vi": "Mức tự chấm cao hơn số liệu, trung bình", "en": "Mean over-claim"},
    "bonus": {"vi": "Điểm thưởng, điểm trừ", "en": "Bonus and penalty points"},
    "flag": {"vi": "Mã cảnh báo", "en": "Flag"},
    "meaning": {"vi": "Ý nghĩa", "en": "Meaning"},
    "count": {"vi": "Số lượt", "en": "Items flagged"},
    "over": {"vi": "Tự đánh giá cao hơn thẩm định", "en": "Self-assessed above appraised"},
    "under": {"vi": "Thẩm định cao hơn tự đánh giá", "en": "Appraised above self-assessed"},
    "diff_axis": {"vi": "Chênh lệch (điểm), tự đánh giá − thẩm định", "en": "Difference (points), self − appraised"},
    "by_unit": {"vi": "Chênh lệch điểm theo đơn vị", "en": "Differences by unit"},
    "by_indicator": {"vi": "Chênh lệch điểm theo chỉ số chính (cộng mọi đơn vị)",
                     "en": "Differences by main indicator (all units)"},
    "ba_title": {"vi": "Biểu đồ Bland–Altman: tổng điểm của đơn vị", "en": "Bland–Altman plot of unit totals"},
    "ba_x": {"vi": "Trung bình của tổng điểm tự đánh giá và tổng điểm thẩm định",
             "en": "Mean of the self-assessed and appraised totals"},
    "ba_y": {"vi": "Tự đánh giá − thẩm định (điểm)", "en": "Self − appraised (points)"},
    "ba_mean": {"vi": "Chênh lệch trung bình", "en": "Mean difference"},
    "ba_limits": {"vi": "Giới hạn đồng thuận 95 %", "en": "95 % limits of agreement"},
    "sheet_title": {"vi": "Đơn vị: {unit} — các chỉ số cần giải trình",
                    "en": "Unit: {unit} — items to explain"},
    "sheet_design": {"vi": "Bộ chỉ số: {province}, {level}, năm {year} ({source}); ngưỡng chênh lệch: {tol} điểm",
                     "en": "Index design: {province}, {level}, {year} ({source}); tolerance: {tol} points"},
    "sheet_none": {"vi": "Không có chỉ số cần giải trình.", "en": "No item to explain."},
}

KAPPA_WORDS = {
    "poor": {"vi": "kém", "en": "poor"},
    "slight": {"vi": "rất thấp", "en": "slight"},
    "fair": {"vi": "thấp", "en": "fair"},
    "moderate": {"vi": "trung bình", "en": "moderate"},
    "substantial": {"vi": "khá cao", "en": "substantial"},
    "almost-perfect": {"vi": "gần như hoàn toàn", "en": "almost perfect"},
}


def label(key: str, language: str = "vi") -> str:
    """The reader's label of ``key`` (Vietnamese by default, English with ``"en"``)."""
    return lookup(LABELS, key, language, strict=True)


def _lang(language: str) -> str:
    return "en" if language == "en" else "vi"


def fmt_number(x, language: str = "vi", digits: int = 2) -> str:
    """A number with a fixed count of decimals, the reader's way: ``1.234,50`` in Vietnamese,
    ``1,234.50`` in English, a true minus sign; "" for NaN."""
    return number(x, _lang(language), digits, trim=False, minus="−")


def flag_text(flag: str, language: str = "vi", tolerance: float = 0.0) -> str:
    """The plain explanation of one flag code (:data:`dti_kit.reconcile.core.FLAG_TEXT`)."""
    lang = _lang(language)
    beyond = ""
    if tolerance > 0:
        beyond = f" hơn {number(tolerance, lang)} điểm" if lang == "vi" else f" by more than {number(tolerance, lang)} points"
    return FLAG_TEXT[flag][lang].format(beyond=beyond)


def explanations(rec: Reconciliation, items: pd.DataFrame | None = None, language: str = "vi") -> pd.Series:
    """Per item, its flags in plain words, joined by "; "."""
    items = rec.items if items is None else items
    text = np.full(len(items), "", dtype=object)
    for f in FLAGS:
        text = text + np.where(items[f].to_numpy(dtype=bool), flag_text(f, language, rec.tolerance) + "; ", "")
    return pd.Series(text, index=items.index).str.rstrip("; ")


def flag_legend(rec: Reconciliation, language: str = "vi") -> pd.DataFrame:
    """Each flag: its code, what it means in plain words, and on how many items it is raised."""
    counts = rec.items[list(FLAGS)].sum().to_numpy(dtype=int)
    return pd.DataFrame({
        label("flag", language): list(FLAGS),
        label("meaning", language): [flag_text(f, language, rec.tolerance) for f in FLAGS],
        label("count", language): counts,
    })


def indicator_names(design: IndexDesign, language: str = "vi") -> dict[str, str]:
    """Main indicator code → "code name" (the bonus pseudo-indicator included)."""
    names = {m.code: f"{m.code}. {m.name if _lang(language) == 'vi' else (m.name_en or m.name)}" for m in design.main_indicators}
    names[BONUS] = label("bonus", language)
    return names


def council_table(rec: Reconciliation, language: str = "vi", unit_id: str | None = None) -> pd.DataFrame:
    """The items units must explain, most points at stake first, with reader's headers."""
    sub = rec.to_explain()
    if unit_id is not None:
        sub = sub[sub["unit_id"] == unit_id]
    cols = {
        "unit_name": label("unit", language), "code": label("code", language), "name": label("name", language),
        "max_points": label("max_points", language), "self_score": label("self_score", language),
        "computed_score": label("computed_score", language), "appraised_score": label("appraised_score", language),
        "difference": label("difference", language), "points_at_stake": label("points_at_stake", language),
    }
    out = sub[list(cols)].rename(columns=cols)
    out[label("problems", language)] = explanations(rec, sub, language).to_numpy()
    if unit_id is not None:
        out = out.drop(columns=label("unit", language))
    return out.reset_index(drop=True)


def units_table(rec: Reconciliation, language: str = "vi") -> pd.DataFrame:
    """The per-unit summary, best appraised rank first, with reader's headers (band columns
    only where the design has bands)."""
    cols = ["unit_name", "self_total", "appraised_total", "difference", "changed", "share_changed", "rank_self",
            "rank_appraised", "band_self", "band_appraised", "to_explain", "points_at_stake"]
    if rec.units["band_appraised"].isna().all():
        cols = [c for c in cols if not c.startswith("band_")]
    keys = {"unit_name": "unit"}
    units = rec.units.sort_values(["rank_appraised", "unit_name"], kind="mergesort")
    return units[cols].rename(columns={c: label(keys.get(c, c), language) for c in cols})


def components_table(rec: Reconciliation, language: str = "vi", top: int | None = None) -> pd.DataFrame:
    """The per-component summary (most disputed first) with reader's headers."""
    cols = ["code", "name", "max_points", "compared", "changed", "share_changed", "mean_abs_difference",
            "max_abs_difference", "over_claims", "mean_over_claim"]
    df = rec.components
    if top is not None:
        df = df[df["changed"] > 0].head(top)
    return df[cols].rename(columns={c: label(c, language) for c in cols}).reset_index(drop=True)


SENTENCES = {
    "compared": {
        "vi": "Đã đối chiếu {items} cặp điểm (chỉ số × đơn vị) của {units} đơn vị. Chênh lệch tuyệt đối trung bình "
              "giữa điểm tự đánh giá và điểm thẩm định là {mad} điểm; {exact} số cặp điểm trùng khớp hoàn toàn "
              "(đến hàng phần trăm của điểm).",
        "en": "{items} pairs of scores (item × unit) of {units} units were compared. The mean absolute difference "
              "between self-assessed and appraised scores is {mad} points; {exact} of the pairs agree exactly "
              "(to a hundredth of a point).",
    },
    "changed": {
        "vi": "Có {changed} chỉ số bị điều chỉnh; {explain} chỉ số cần đơn vị giải trình, với tổng cộng {stake} điểm "
              "cần giải trình (ngưỡng chênh lệch: {tolerance} điểm).",
        "en": "{changed} items were changed; {explain} items must be explained by the units, {stake} points at stake "
              "in all (tolerance: {tolerance} points).",
    },
    "spearman_none": {
        "vi": "Không tính được hệ số tương quan hạng Spearman (cần ít nhất hai đơn vị có điểm khác nhau).",
        "en": "Spearman's rank correlation cannot be computed (it needs two units with different scores).",
    },
    "spearman": {
        "vi": "Hệ số tương quan hạng Spearman giữa thứ hạng theo điểm tự đánh giá và thứ hạng theo điểm thẩm định là "
              "{rho} (1 = cùng một thứ tự, 0 = không liên quan); {moved} đơn vị có thứ hạng thay đổi sau thẩm định.",
        "en": "Spearman's rank correlation between the ranking by self-assessed and by appraised scores is {rho} "
              "(1 = the same order, 0 = unrelated); {moved} units changed rank after appraisal.",
    },
    "kappa_no_bands": {
        "vi": "Bộ chỉ số không quy định xếp loại nên không tính hệ số kappa.",
        "en": "The design has no bands, so no kappa is computed.",
    },
    "kappa_undefined": {
        "vi": "Hệ số kappa Cohen của xếp loại không xác định được (mọi đơn vị cùng một xếp loại).",
        "en": "Cohen's kappa of the bands is undefined (every unit is in the same band).",
    },
    "kappa": {
        "vi": "Hệ số kappa Cohen có trọng số tuyến tính giữa xếp loại theo điểm tự đánh giá và xếp loại theo điểm thẩm "
              "định là {kappa}: mức đồng thuận {words} (thang Landis & Koch); {moved} đơn vị đổi xếp loại sau thẩm định.",
        "en": "Cohen's linearly weighted kappa between the bands by self-assessed and by appraised scores is {kappa}: "
              "{words} agreement (Landis & Koch scale); {moved} units changed band after appraisal.",
    },
    "bland_altman": {
        "vi": "Tính trên tổng điểm của đơn vị, điểm tự đánh giá {side} điểm thẩm định trung bình {mean} điểm; 95 % chênh "
              "lệch dự kiến nằm trong khoảng từ {lower} đến {upper} điểm (giới hạn đồng thuận Bland–Altman).",
        "en": "On unit totals, self-assessed scores are on average {mean} points {side} the appraised scores; 95 % of "
              "the differences are expected between {lower} and {upper} points (Bland–Altman limits of agreement).",
    },
    "above": {"vi": "cao hơn", "en": "above"},
    "below": {"vi": "thấp hơn", "en": "below"},
}


def agreement_text(rec: Reconciliation, language: str = "vi") -> list[str]:
    """The agreement statistics in words, one paragraph per statistic."""
    a, u, lang = rec.agreement, rec.units, _lang(language)
    n = lambda x, digits=2: fmt_number(x, lang, digits)  # noqa: E731
    say = lambda key, **fmt: lookup(SENTENCES, key, lang, strict=True, **fmt)  # noqa: E731
    exact = (fmt_number(100 * a.exact_agreement, lang, 1) + " %") if not math.isnan(a.exact_agreement) else ""
    out = [
        say("compared", items=a.items, units=a.units, mad=n(a.mean_absolute_difference), exact=exact),
        say("changed", changed=int(u["changed"].sum()), explain=int(u["to_explain"].sum()),
            stake=n(float(u["points_at_stake"].sum())), tolerance=number(rec.tolerance, lang)),
    ]
    if math.isnan(a.spearman):
        out.append(say("spearman_none"))
    else:
        moved = int((u["rank_self"] != u["rank_appraised"]).fillna(False).sum())
        out.append(say("spearman", rho=n(a.spearman, 3), moved=moved))
    if a.kappa is None:
        out.append(say("kappa_no_bands"))
    elif math.isnan(a.kappa):
        out.append(say("kappa_undefined"))
    else:
        moved = int((u["band_self"].astype(object) != u["band_appraised"].astype(object)).sum())
        out.append(say("kappa", kappa=n(a.kappa, 3), words=KAPPA_WORDS[a.kappa_label][lang], moved=moved))
    ba = a.bland_altman
    if ba.n >= 2:
        side = say("above" if ba.mean_difference >= 0 else "below")
        out.append(say("bland_altman", side=side, mean=n(abs(ba.mean_difference)), lower=n(ba.lower), upper=n(ba.upper)))
    return out


# -- charts ---------------------------------------------------------------------------------

def _diverging(ax, labels, pos, neg, language, title):
    y = np.arange(len(labels))
    ax.barh(y, pos, color="#c55a11", label=label("over", language))
    ax.barh(y, neg, color="#1f4e79", label=label("under", language))
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(label("diff_axis", language))
    ax.set_title(title)
    ax.legend(loc="best", frameon=False, fontsize=8)
    localise(ax, language)
    return ax


def plot_differences_by_unit(rec: Reconciliation, language: str = "vi", ax=None):
    """Diverging bars per unit: points self-assessed above (right) and below (left) appraised."""
    import matplotlib.pyplot as plt

    p = rec.differences_by("unit_id").sort_values("net", ascending=False, kind="mergesort")
    if ax is None:
        setup()
        _, ax = plt.subplots(figsize=(8, 0.35 * len(p) + 1.5))
    return _diverging(ax, [rec.result.unit_names[u] for u in p.index], p["over"], p["under"], language,
                      label("by_unit", language))


def plot_differences_by_indicator(rec: Reconciliation, language: str = "vi", ax=None):
    """Diverging bars per main indicator, summed over units."""
    import matplotlib.pyplot as plt

    p = rec.differences_by("indicator")
    names = indicator_names(rec.design, language)
    if ax is None:
        setup()
        _, ax = plt.subplots(figsize=(8, 0.45 * len(p) + 1.5))
    labels = [_short(names.get(c, c)) for c in p.index]
    return _diverging(ax, labels, p["over"], p["under"], language, label("by_indicator", language))


def _short(text: str, width: int = 42) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def plot_bland_altman(rec: Reconciliation, language: str = "vi", ax=None):
    """Bland–Altman plot of unit totals: mean of the two totals against their difference."""
    import matplotlib.pyplot as plt

    u, ba = rec.units, rec.agreement.bland_altman
    if ax is None:
        setup()
        _, ax = plt.subplots(figsize=(7, 4.5))
    x = (u["self_total"] + u["appraised_total"]) / 2
    ax.scatter(x, u["difference"], color="#1f4e79", zorder=3)
    ax.axhline(ba.mean_difference, color="#c55a11", label=f"{label('ba_mean', language)}: {fmt_number(ba.mean_difference, language)}")
    if ba.n >= 2:
        for lim in (ba.lower, ba.upper):
            ax.axhline(lim, color="#7f7f7f", linestyle="--")
        ax.plot([], [], color="#7f7f7f", linestyle="--",
                label=f"{label('ba_limits', language)}: {fmt_number(ba.lower, language)} … {fmt_number(ba.upper, language)}")
    ax.axhline(0, color="#444444", linewidth=0.6)
    ax.set_xlabel(label("ba_x", language))
    ax.set_ylabel(label("ba_y", language))
    ax.set_title(label("ba_title", language))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False, fontsize=8)
    localise(ax, language)
    return ax


def write_explain_workbook(rec: Reconciliation, path: str | Path, language: str = "vi") -> Path:
    """The workbook of items to explain, one sheet per unit (in input order), to send back.

    Each sheet: a title row naming the unit, a row naming the design and the tolerance, then
    the table (most points at stake first) with an empty column for the unit's explanation.
    Text is neutralised against formula injection; the bytes are deterministic.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from dti_kit._util.excel import fill_sheet, sheet_title, workbook_bytes

    d = rec.design
    wb = Workbook()
    wb.remove(wb.active)
    taken: set[str] = set()
    design_line = label("sheet_design", language).format(
        province=d.province, level=d.level_name if _lang(language) == "vi" else (d.level_name_en or d.level_name),
        year=d.year, source=d.source.cite(), tol=number(rec.tolerance, _lang(language)))
    for uid in rec.result.units:
        table = council_table(rec, language, unit_id=uid)
        table[label("explanation", language)] = None
        name = rec.result.unit_names[uid]
        ws = wb.create_sheet(sheet_title(name, taken))
        fill_sheet(ws, table)
        ws.insert_rows(1, amount=2)
        ws["A1"] = safe_cell(label("sheet_title", language).format(unit=name))
        ws["A1"].font = Font(bold=True, size=13)
        ws["A2"] = safe_cell(design_line if len(table) else design_line + ". " + label("sheet_none", language))
        ws["A2"].font = Font(italic=True)
        ws.freeze_panes = "A4"
        ws.auto_filter.ref = f"A3:{ws.cell(row=3, column=table.shape[1]).column_letter}{max(3, ws.max_row)}"
    if not wb.sheetnames:
        wb.create_sheet("—")
    write_bytes(path, workbook_bytes(wb))
    return Path(path)


# -- files ------------------------------------------------------------------------------------

def output_paths(out: str | Path) -> dict[str, Path]:
    """The files written for ``--out FILE``: items, units, components (CSV) and the workbook."""
    out = Path(out)
    stem = out.with_suffix("") if out.suffix.lower() == ".csv" else out
    return {
        "items": out,
        "units": stem.with_name(stem.name + "_units.csv"),
        "components": stem.with_name(stem.name + "_components.csv"),
        "workbook": stem.with_name(stem.name + "_to_explain.xlsx"),
    }


def csv_text(df: pd.DataFrame) -> str:
    """CSV of a table: text cells neutralised against spreadsheet formulas, numbers %.6g."""
    return _csv_text(df, na_rep="")


def write_outputs(rec: Reconciliation, out: str | Path, language: str = "vi") -> list[Path]:
    """Write the items CSV, the per-unit and per-component CSVs and the workbook of items to
    explain (see :func:`output_paths`), each atomically; return their paths."""
    paths = output_paths(out)
    write_text(paths["items"], csv_text(rec.table()))
    write_text(paths["units"], csv_text(rec.units))
    write_text(paths["components"], csv_text(rec.components))
    write_explain_workbook(rec, paths["workbook"], language)
    return list(paths.values())
