"""The sensitivity report's words (catalogue ``sensitivity.*`` of :mod:`dti_kit.i18n`).

``describe(result, language)`` states which units' positions are robust and which are not,
from the numbers of a :class:`dti_kit.sensitivity.analysis.SensitivityResult`; the notebook only
prints it. :func:`table_html` shows a result table with the reader's headers.
"""
from __future__ import annotations

import numpy as np

from dti_kit.i18n import number as _number
from dti_kit.i18n import text
from dti_kit.report.markup import md_data
from dti_kit.sensitivity.montecarlo import moderate_width


def number(x: float, language: str = "vi", digits: int = 0) -> str:
    """A number with the language's separators (Vietnamese: 1.234,5), fixed decimals."""
    return _number(x, language, digits, trim=False)


def _names(df, language: str, limit: int = 12) -> str:
    items = [md_data(u, language) for u in df["unit_name"]]
    more = len(items) - limit
    names = ", ".join(items[:limit])
    if more > 0:
        names += " " + text("sensitivity.say.more", language, n=more)
    return names


def describe(result, language: str = "vi") -> list[str]:
    """Paragraphs (Markdown) saying which units' positions are robust and which are not.

    Parameters
    ----------
    result : SensitivityResult
    language : str
        ``vi`` (default) or ``en``.
    """
    say = lambda key, **fmt: text(f"sensitivity.say.{key}", language, **fmt)  # noqa: E731
    s = result.settings
    u = result.units
    out: list[str] = []
    draw = say("dirichlet") if s["dirichlet"] else say(
        "uniform", low=number(1 - s["spread"], language, 2), high=number(1 + s["spread"], language, 2))
    robust = u[u["robustness"] == "robust"]
    moderate = u[u["robustness"] == "moderate"]
    sensitive = u[u["robustness"] == "sensitive"]
    out.append(say("drew", draws=number(s["draws"], language), draw=draw, scale=_number(result.base.scale, language), n=len(u)))
    if len(robust):
        out.append(say("robust", n=len(robust), names=_names(robust, language)))
    if len(moderate):
        out.append(say("moderate", n=len(moderate), width=moderate_width(result.base.n), names=_names(moderate, language)))
    if len(sensitive):
        worst = sensitive.assign(width=sensitive["rank_p95"] - sensitive["rank_p05"]).sort_values(["width", "rank"], ascending=[False, True]).head(8)
        parts = [say("interval", unit=md_data(r.unit_name, language), rank=r.rank, low=r.rank_p05, high=r.rank_p95)
                 for r in worst.itertuples()]
        out.append(say("sensitive", n=len(sensitive), items="; ".join(parts)))
    if not len(moderate) and not len(sensitive):
        out.append(say("none_moves"))
    if result.base.has_bands:
        flip = u[u["p_band_change"] >= 0.1].sort_values("p_band_change", ascending=False)
        if len(flip):
            parts = [f"{md_data(r.unit_name, language)} ({number(100 * r.p_band_change, language)}%)" for r in flip.head(10).itertuples()]
            out.append(say("band_flips", items=", ".join(parts)))
        else:
            out.append(say("no_band_flips"))
    sob = result.sobol
    if len(sob) and not sob["ST"].isna().all():
        top = sob.sort_values("ST", ascending=False).iloc[0]
        small = sob[sob["ST_high"] < 0.05] if "ST_high" in sob else sob.iloc[0:0]
        out.append(say("top_weight", code=top["code"], name=md_data(top["name"], language), st=number(top["ST"], language, 2)))
        if len(small):
            items = ", ".join(f"{r.code} {md_data(r.name, language)}" for r in small.itertuples())
            out.append(say("small_weights", items=items))
    alt = result.alternatives
    if len(alt):
        alt_ok = alt.dropna(subset=["spearman"])
        if len(alt_ok):
            low = alt_ok.sort_values("spearman").iloc[0]
            most = int(low["max_abs_change"])
            out.append(say("departs", label=low["label"], rho=number(low["spearman"], language, CORRELATION_DECIMALS), moved=int(low["units_moved"]),
                           most=most, ranks=say("rank_one" if most == 1 else "rank_many")))
        for r in result.open_alternatives().itertuples():
            moved = int(r.units_moved)
            out.append(say({0: "open_unmoved", 1: "open_moved_one"}.get(moved, "open_moved"), label=r.label, moved=moved,
                           note=f" ({r.note})" if r.note else ""))
    return out


def robustness_label(values, language: str = "vi") -> list[str]:
    """``robust`` / ``moderate`` / ``sensitive`` in ``language``."""
    return [text(f"sensitivity.{v}", language) if v in ("robust", "moderate", "sensitive") else ""
            for v in np.asarray(values, dtype=object)]


def table_html(df, language: str = "vi", digits: int = 2, percent_cols=("p_same_rank", "p_band_change")) -> str:
    """An HTML table for the report: the reader's headers (``sensitivity.col.<key>``), shares shown as percent (one
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
            out[c] = out[c].round(_places(c, digits))
    # a table of more rows than a province has units (one row per unit of 3,321) prints its
    # first rows and says where the rest is (dti_kit.report.printing.print_limited)
    from dti_kit.report.printing import PRINT_DETAIL_ROWS, print_limited

    note = text("print.rows_shown", language, shown=PRINT_DETAIL_ROWS, n=number(len(out), language, 0), files="sensitivity.xlsx, sensitivity-*.csv")
    fixed = {c: _places(c, digits) for c in FIXED_DECIMALS if c in out.columns}
    return print_limited(html_table(out, language, domain="sensitivity", decimals=fixed), len(out), note, rows=PRINT_DETAIL_ROWS)


def _places(column: str, digits: int) -> int:
    """A column's decimals: a rank correlation's :data:`CORRELATION_DECIMALS`, else ``digits``."""
    return CORRELATION_DECIMALS if column in ("spearman", "kendall") else digits


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


#: rank correlations to 3 decimals: at 150 units an alternative that moves 130 of them has ρ 0,996,
#: which 2 decimals wrote 1,00 ("the same ranking")
CORRELATION_DECIMALS = 3
#: statistics written to the table's decimals whatever their values (ρ = 1 is 1,000 beside 0,998)
FIXED_DECIMALS = ("spearman", "kendall", "mean_abs_change", "mean_abs_index_change", "ST", "ST_low", "ST_high", "S1")


#: the columns the report shows of the units' rank statistics, and of the alternatives
UNITS_COLUMNS = ("unit_name", "percent", "band", "rank", "rank_median", "rank_p05", "rank_p95", "p_same_rank", "p_band_change",
                 "robustness")
ALTERNATIVE_COLUMNS = ("label", "spearman", "kendall", "mean_abs_change", "max_abs_change", "units_moved", "band_changes",
                       "mean_abs_index_change", "note")


def units_view(result):
    """The units' rank statistics the report shows (band columns only where the design has bands)."""
    cols = [c for c in UNITS_COLUMNS if result.base.has_bands or c not in ("band", "p_band_change")]
    return result.units[cols]


def sobol_units_view(result):
    """Each unit's weight moving its rank most, as the report shows it: the weight's code and
    name in one cell ("5. An toàn thông tin mạng"; a code of its own beside the rank read "3 5"
    as 35), blank where no weight moves the unit."""
    u = result.sobol_units
    named = u["top_code"].notna()
    weight = np.where(named, u["top_code"].astype(str) + ". " + u["top_name"].astype(str), "")
    return u[["unit_name", "rank"]].assign(top_weight=weight, top_shift=u["top_shift"])


def open_method(result, language: str = "vi") -> str:
    """How the choices the texts leave open are re-scored: the N/A rules, and the relative
    method only where the design has one (a re-scoring with min-max is among the alternatives)."""
    kinds = set(result.open_alternatives()["kind"])
    if "na" not in kinds:  # no unit declares an item N/A: the N/A rules are not tried
        return text("sensitivity.method.open_no_na_relative" if "relative" in kinds else "sensitivity.method.open_no_na", language)
    return text("sensitivity.method.open_relative" if "relative" in kinds else "sensitivity.method.open", language)


def alternatives_view(alternatives, result):
    """The columns of a table of alternatives the report shows (band changes only with bands)."""
    return alternatives[[c for c in ALTERNATIVE_COLUMNS if result.base.has_bands or c != "band_changes"]]
