"""Labels (Vietnamese / English) of the sensitivity analysis, and the report's words.

``describe(result, language)`` states which units' positions are robust and which are not,
from the numbers of a :class:`dti_kit.sensitivity.analysis.SensitivityResult`; the notebook only
prints it.
"""
from __future__ import annotations


import numpy as np

from dti_kit.i18n import lookup, number as _number

LABELS: dict[str, dict[str, str]] = {
    "equal": {"vi": "Trọng số bằng nhau", "en": "Equal weights"},
    "loo": {"vi": "Bỏ chỉ số {code} {name}", "en": "Without indicator {code} {name}"},
    "design": {"vi": "Trọng số {province} {year}", "en": "{province} {year} weights"},
    "na": {"vi": "N/A: {policy}", "en": "N/A: {policy}"},
    "relative": {"vi": "{what}", "en": "{what}"},
    "min_max": {"vi": "Min-Max", "en": "min-max"},
    "share_of_best": {"vi": "tỷ lệ so với đơn vị cao nhất", "en": "share of the best"},
    "policy:proportional": {"vi": "theo tỷ lệ các mục còn lại", "en": "proportional"},
    "policy:peer-mean": {"vi": "bình quân các đơn vị", "en": "peer mean"},
    "policy:exclude": {"vi": "loại khỏi điểm tối đa", "en": "excluded from the max"},
    "policy:zero": {"vi": "tính 0 điểm", "en": "scored zero"},
    "unmatched": {"vi": "không khớp tên (trọng số 0): {items}", "en": "not matched by name (weight 0): {items}"},
    "unused": {"vi": "chỉ số của bộ kia không dùng: {items}", "en": "indicators of the other design not used: {items}"},
    "prefix": {"vi": "khớp khi bỏ chữ “Hoạt động”: {items}", "en": "matched without the word “Hoạt động”: {items}"},
    "na_items": {"vi": "{count} mục không áp dụng (N/A)", "en": "{count} not-applicable (N/A) item(s)"},
    "no_na": {"vi": "không đơn vị nào có mục N/A: chính sách không làm thay đổi kết quả",
              "en": "no unit has an N/A item: the policy changes nothing"},
    "swapped": {"vi": "các chỉ số đổi: {items}", "en": "components swapped: {items}"},
    "kept": {"vi": "giữ nguyên (không áp dụng được cho chỉ số “thấp hơn là tốt hơn”): {items}",
             "en": "kept (cannot apply to a lower-is-better item): {items}"},
    "robust": {"vi": "vững", "en": "robust"},
    "moderate": {"vi": "tương đối vững", "en": "fairly robust"},
    "sensitive": {"vi": "nhạy", "en": "sensitive"},
    # column headers of the presented tables
    "col:unit_name": {"vi": "Đơn vị", "en": "Unit"},
    "col:rank": {"vi": "Hạng chính thức", "en": "Official rank"},
    "col:rank_median": {"vi": "Hạng trung vị", "en": "Median rank"},
    "col:rank_p05": {"vi": "Hạng P5", "en": "Rank P5"},
    "col:rank_p95": {"vi": "Hạng P95", "en": "Rank P95"},
    "col:rank_mean": {"vi": "Hạng trung bình", "en": "Mean rank"},
    "col:p_same_rank": {"vi": "Tỷ lệ giữ hạng (%)", "en": "Keeps rank (%)"},
    "col:p_band_change": {"vi": "Tỷ lệ đổi mức xếp loại (%)", "en": "Changes band (%)"},
    "col:robustness": {"vi": "Đánh giá", "en": "Reading"},
    "col:percent": {"vi": "Chỉ số (%)", "en": "Index (%)"},
    "col:band": {"vi": "Mức xếp loại", "en": "Band"},
    "col:code": {"vi": "Mã", "en": "Code"},
    "col:name": {"vi": "Chỉ số chính", "en": "Main indicator"},
    "col:weight": {"vi": "Điểm tối đa (trọng số)", "en": "Max points (weight)"},
    "col:S1": {"vi": "Chỉ số bậc nhất S1", "en": "First order S1"},
    "col:ST": {"vi": "Chỉ số toàn phần ST", "en": "Total effect ST"},
    "col:S1_low": {"vi": "S1 cận dưới", "en": "S1 lower"},
    "col:S1_high": {"vi": "S1 cận trên", "en": "S1 upper"},
    "col:ST_low": {"vi": "ST cận dưới", "en": "ST lower"},
    "col:ST_high": {"vi": "ST cận trên", "en": "ST upper"},
    "col:official": {"vi": "Chính thức", "en": "Official"},
    "col:equal": {"vi": "Bằng nhau", "en": "Equal"},
    "col:label": {"vi": "Phương án", "en": "Alternative"},
    "col:spearman": {"vi": "Spearman ρ", "en": "Spearman ρ"},
    "col:kendall": {"vi": "Kendall τ", "en": "Kendall τ"},
    "col:mean_abs_change": {"vi": "Thay đổi hạng TB", "en": "Mean rank change"},
    "col:max_abs_change": {"vi": "Thay đổi hạng lớn nhất", "en": "Largest rank change"},
    "col:units_moved": {"vi": "Số đơn vị đổi hạng", "en": "Units moved"},
    "col:band_changes": {"vi": "Số đơn vị đổi mức", "en": "Units changing band"},
    "col:note": {"vi": "Ghi chú", "en": "Note"},
    "col:mean_abs_index_change": {"vi": "Thay đổi chỉ số TB (điểm %)", "en": "Mean index change (pp)"},
    "col:direction": {"vi": "Chiều", "en": "Direction"},
    "col:top_code": {"vi": "Trọng số tác động nhiều nhất", "en": "Weight moving it most"},
    "col:top_ST": {"vi": "ST của trọng số đó", "en": "Its ST"},
    "col:top_name": {"vi": "Tên chỉ số", "en": "Indicator"},
    "col:top_shift": {"vi": "Thay đổi hạng TB khi chỉ trọng số này thay đổi", "en": "Mean rank change from this weight alone"},
    # headings and fixed sentences of the report
    "h:title": {"vi": "Phân tích độ nhạy của xếp hạng", "en": "Sensitivity analysis of the ranking"},
    "h:summary": {"vi": "Tóm tắt", "en": "Summary"},
    "h:weights": {"vi": "Trọng số chính thức và các phương án so sánh", "en": "Official weights and the alternatives compared"},
    "h:intervals": {"vi": "Khoảng hạng của từng đơn vị", "en": "Each unit's rank interval"},
    "h:sobol": {"vi": "Trọng số nào tác động nhiều nhất (chỉ số Sobol)", "en": "Which weights matter most (Sobol indices)"},
    "h:sobol_units": {"vi": "Trọng số tác động nhiều nhất đến từng đơn vị", "en": "The weight that moves each unit most"},
    "h:oat": {"vi": "Thay đổi từng trọng số một", "en": "One weight at a time"},
    "h:alternatives": {"vi": "Các phương án trọng số thay thế", "en": "Alternative weightings"},
    "h:open": {"vi": "Những lựa chọn văn bản để ngỏ", "en": "The choices the texts leave open"},
    "h:files": {"vi": "Tệp kết quả", "en": "Output files"},
    "intro": {
        "vi": "Bộ chỉ số {design} quy định điểm tối đa của {k} chỉ số chính (tổng {scale} điểm). Điểm tối đa chính là "
              "trọng số: thay đổi chúng có thể làm đổi thứ hạng. Phần này kiểm tra thứ hạng của {n} đơn vị còn "
              "giữ được hay không khi trọng số thay đổi trong khoảng hợp lý, khi dùng trọng số của các bộ chỉ số khác, "
              "và khi chọn cách khác cho những điểm văn bản chưa quy định rõ. Điểm của các đơn vị không đổi; "
              "chỉ trọng số và cách tính thay đổi.",
        "en": "The {design} design sets the max points of {k} main indicators ({scale} points in all). Those max points are "
              "the weights: changing them can change the ranking. This section checks whether the ranks of the {n} units "
              "hold when the weights vary within a reasonable range, under other designs' weights, and under other "
              "readings of what the texts leave open. The units' achievements do not change; only the weights and methods do.",
    },
    "method:intervals": {
        "vi": "Mỗi đơn vị: hạng chính thức (◇), hạng trung vị (●) và khoảng từ hạng phân vị 5 % đến 95 % qua {draws} lần rút "
              "trọng số. Khoảng càng hẹp, vị trí càng vững.",
        "en": "Each unit: official rank (◇), median rank (●) and the 5 %–95 % rank interval over {draws} weight draws. "
              "The narrower the interval, the more robust the position.",
    },
    "method:sobol": {
        "vi": "Chỉ số Sobol đo phần biến động của mức thay đổi hạng trung bình do từng trọng số gây ra: S1 là tác động "
              "riêng, ST là tác động toàn phần (kể cả khi kết hợp với trọng số khác). Thanh sai số: khoảng tin cậy "
              "bootstrap {conf} %. Ước lượng theo Saltelli (2010) và Jansen (1999), như COINr và SALib.",
        "en": "Sobol indices measure the share of the variance of the mean rank change due to each weight: S1 its own "
              "effect, ST its total effect (including interactions). Error bars: {conf} % bootstrap intervals. "
              "Saltelli (2010) and Jansen (1999) estimators, as in COINr and SALib.",
    },
    "method:oat": {
        "vi": "Mỗi trọng số tăng hoặc giảm {pct} %, các trọng số khác giữ nguyên (rồi quy về thang điểm).",
        "en": "Each weight raised or lowered by {pct} %, the others as printed (then rescaled to the scale).",
    },
    "method:alternatives": {
        "vi": "Trọng số bằng nhau, bỏ từng chỉ số chính, và trọng số của các bộ chỉ số khác cùng cấp (ghép theo tên chỉ số "
              "chính, không phân biệt hoa thường và dấu; chỉ số không ghép được nhận trọng số 0).",
        "en": "Equal weights, leaving out each main indicator, and the weights of the other designs of the same level "
              "(matched by main-indicator name, ignoring case and diacritics; unmatched indicators get weight 0).",
    },
    "method:open": {
        "vi": "Chấm lại từ dữ liệu đầu vào với các cách xử lý mục không áp dụng (N/A) khác, và với phương pháp so sánh "
              "giữa các đơn vị khác (Min-Max hay tỷ lệ so với đơn vị cao nhất), giữ trọng số chính thức.",
        "en": "Re-scored from the inputs with the other not-applicable (N/A) policies, and with the other relative "
              "method (min-max or share of the best), official weights kept.",
    },
    "none": {"vi": "Không có.", "en": "None."},
    # plots
    "plot:intervals": {"vi": "Khoảng hạng khi trọng số thay đổi (trung vị, 5–95 %)",
                       "en": "Rank intervals under varied weights (median, 5–95 %)"},
    "plot:official": {"vi": "Hạng chính thức", "en": "Official rank"},
    "plot:median": {"vi": "Hạng trung vị", "en": "Median rank"},
    "plot:interval": {"vi": "Khoảng 5–95 %", "en": "5–95 % interval"},
    "plot:rank": {"vi": "Hạng", "en": "Rank"},
    "plot:sobol": {"vi": "Chỉ số Sobol của trọng số (thay đổi hạng trung bình)",
                   "en": "Sobol indices of the weights (mean rank change)"},
    "plot:shifts": {"vi": "Thay đổi hạng theo từng phương án (+ = tụt hạng)",
                    "en": "Rank change under each alternative (+ = falls)"},
    "plot:change": {"vi": "Thay đổi hạng", "en": "Rank change"},
}


def label(key: str, language: str = "vi", **fmt) -> str:
    """The label ``key`` in ``language`` (vi or en), formatted with ``fmt``."""
    return lookup(LABELS, key, language, strict=True, **fmt)


def number(x: float, language: str = "vi", digits: int = 0) -> str:
    """A number with the language's separators (Vietnamese: 1.234,5), fixed decimals."""
    return _number(x, language, digits, trim=False)


def _names(df, language: str, limit: int = 12) -> str:
    items = list(df["unit_name"])
    more = len(items) - limit
    text = ", ".join(items[:limit])
    if more > 0:
        text += f" (+{more} {'đơn vị khác' if language == 'vi' else 'more'})"
    return text


def describe(result, language: str = "vi") -> list[str]:
    """Paragraphs (Markdown) saying which units' positions are robust and which are not.

    Parameters
    ----------
    result : SensitivityResult
    language : str
        ``vi`` (default) or ``en``.
    """
    vi = language == "vi"
    s = result.settings
    u = result.units
    out: list[str] = []
    draw = ("Dirichlet quanh trọng số chính thức" if vi else "Dirichlet around the official weights") if s["dirichlet"] else (
        f"mỗi trọng số nhân với hệ số ngẫu nhiên từ {number(1 - s['spread'], language, 2)} đến {number(1 + s['spread'], language, 2)}"
        if vi else f"each weight × a random factor from {1 - s['spread']:.2f} to {1 + s['spread']:.2f}")
    robust = u[u["robustness"] == "robust"]
    moderate = u[u["robustness"] == "moderate"]
    sensitive = u[u["robustness"] == "sensitive"]
    if vi:
        out.append(f"Phân tích rút {number(s['draws'], language)} bộ trọng số ({draw}, rồi quy về thang {number(result.base.scale, language)} điểm) "
                   f"và xếp hạng lại {len(u)} đơn vị với mỗi bộ.")
    else:
        out.append(f"The analysis drew {s['draws']:,} weight vectors ({draw}, rescaled to the {result.base.scale:g}-point scale) "
                   f"and re-ranked the {len(u)} units under each.")
    if len(robust):
        out.append((f"**Vị trí vững** ({len(robust)} đơn vị: hạng chính thức là hạng duy nhất trong khoảng 5–95 %): {_names(robust, language)}."
                    if vi else f"**Robust positions** ({len(robust)} units: the official rank is the only rank in the 5–95 % interval): {_names(robust, language)}."))
    if len(moderate):
        out.append((f"**Tương đối vững** ({len(moderate)} đơn vị, khoảng hạng hẹp): {_names(moderate, language)}."
                    if vi else f"**Fairly robust** ({len(moderate)} units, narrow interval): {_names(moderate, language)}."))
    if len(sensitive):
        worst = sensitive.assign(width=sensitive["rank_p95"] - sensitive["rank_p05"]).sort_values(["width", "rank"], ascending=[False, True]).head(8)
        parts = [f"{r.unit_name} ({'hạng' if vi else 'rank'} {r.rank}, {'có thể từ' if vi else 'from'} {r.rank_p05} {'đến' if vi else 'to'} {r.rank_p95})"
                 for r in worst.itertuples()]
        out.append((f"**Vị trí nhạy với trọng số** ({len(sensitive)} đơn vị); rộng nhất: " if vi
                    else f"**Positions sensitive to the weights** ({len(sensitive)} units); widest: ") + "; ".join(parts) + ".")
    if not len(moderate) and not len(sensitive):
        out.append("Không đơn vị nào đổi hạng đáng kể khi trọng số thay đổi trong khoảng này." if vi
                   else "No unit's rank moves noticeably when the weights vary in this range.")
    if result.base.has_bands:
        flip = u[u["p_band_change"] >= 0.1].sort_values("p_band_change", ascending=False)
        if len(flip):
            parts = [f"{r.unit_name} ({number(100 * r.p_band_change, language)} %)" for r in flip.head(10).itertuples()]
            out.append(("Đơn vị có thể đổi mức xếp loại (≥ 10 % số lần rút): " if vi else "Units that may change band (≥ 10 % of draws): ") + ", ".join(parts) + ".")
        else:
            out.append("Không đơn vị nào đổi mức xếp loại trong quá 10 % số lần rút." if vi else "No unit changes band in more than 10 % of the draws.")
    sob = result.sobol
    if len(sob) and not sob["ST"].isna().all():
        top = sob.sort_values("ST", ascending=False).iloc[0]
        small = sob[sob["ST_high"] < 0.05] if "ST_high" in sob else sob.iloc[0:0]
        out.append((f"Trọng số tác động nhiều nhất đến thứ hạng (chỉ số Sobol toàn phần) là **{top['code']} {top['name']}** "
                    f"(ST = {number(top['ST'], language, 2)})." if vi else
                    f"The weight that moves the ranking most (Sobol total index) is **{top['code']} {top['name']}** "
                    f"(ST = {top['ST']:.2f})."))
        if len(small):
            items = ", ".join(f"{r.code} {r.name}" for r in small.itertuples())
            out.append((f"Trọng số gần như không ảnh hưởng (ST < 0,05 cả cận trên): {items}." if vi
                        else f"Weights with almost no effect (upper bound of ST < 0.05): {items}."))
    alt = result.alternatives
    if len(alt):
        alt_ok = alt.dropna(subset=["spearman"])
        if len(alt_ok):
            low = alt_ok.sort_values("spearman").iloc[0]
            out.append((f"Trong các phương án thay thế, **{low['label']}** khác xa nhất so với xếp hạng chính thức "
                        f"(Spearman ρ = {number(low['spearman'], language, 2)}, {int(low['units_moved'])} đơn vị đổi hạng, "
                        f"thay đổi lớn nhất {int(low['max_abs_change'])} hạng)." if vi else
                        f"Among the alternatives, **{low['label']}** departs most from the official ranking "
                        f"(Spearman ρ = {low['spearman']:.2f}, {int(low['units_moved'])} units move, "
                        f"the largest move {int(low['max_abs_change'])} rank{'s' if int(low['max_abs_change']) != 1 else ''})."))
        open_ = alt[alt["kind"].isin(["na", "relative"])]
        for r in open_.itertuples():
            moved = int(r.units_moved)
            out.append((f"{r.label}: {moved} đơn vị đổi hạng" + (f" ({r.note})" if r.note else "") + "." if vi else
                        f"{r.label}: {moved} unit(s) change rank" + (f" ({r.note})" if r.note else "") + "."))
    return out


def table_labels(columns, language: str = "vi") -> dict[str, str]:
    """Column name → header in ``language`` for the columns that have one."""
    return {c: label(f"col:{c}", language) for c in columns if f"col:{c}" in LABELS}


def robustness_label(values, language: str = "vi") -> list[str]:
    """``robust`` / ``moderate`` / ``sensitive`` in ``language``."""
    return [label(v, language) if isinstance(v, str) and v in LABELS else "" for v in np.asarray(values, dtype=object)]


def table_html(df, language: str = "vi", digits: int = 2, percent_cols=("p_same_rank", "p_band_change")) -> str:
    """An HTML table for the report: translated headers, shares shown as percent (one
    decimal), other numbers to at most ``digits`` decimals; the rest (blanks for NaN, the
    decimal mark, alignment) is :func:`dti_kit.report.tables.html_table`'s."""
    import pandas as pd

    from dti_kit.report.tables import html_table

    out = df.copy()
    for c in out.columns:
        if c in percent_cols:
            out[c] = (100 * out[c].astype(float)).round(1)
        elif c == "robustness":
            out[c] = robustness_label(out[c], language)
        elif pd.api.types.is_float_dtype(out[c]):
            out[c] = out[c].round(digits)
    return html_table(out.rename(columns=table_labels(out.columns, language)), language)


def weights_view(result, language: str = "vi"):
    """The weight vectors for the report: official, equal, and each other design's profile
    (leave-one-out columns left out: they are the official weights with one set to 0)."""
    w = result.weights
    keep = ["code", "name", "official"] + [c for c in w.columns if c == "equal" or c.startswith("design:")]
    out = w[keep].copy()
    from dti_kit.loader import load_design

    names = {}
    for c in keep:
        if c.startswith("design:"):
            d = load_design(c.split(":", 1)[1])
            names[c] = f"{d.province} {d.year}"
    return out.rename(columns=names)
