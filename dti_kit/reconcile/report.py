"""The reconciliation report for readers: its tables (column keys; headers from the catalogue,
``reconcile.col.<key>``, when shown), the agreement statistics in words, the charts, and the
workbook of items each unit must explain.

Everything here presents a :class:`dti_kit.reconcile.core.Reconciliation`; nothing is computed
but selection and formatting. Every word comes from the catalogue :mod:`dti_kit.i18n`.
:func:`write_outputs` writes a reconciliation's files (the CSVs and the workbook).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd

from dti_kit._util.atomic import all_or_nothing, write_text
from dti_kit._util.strings import csv_text as _csv_text
from dti_kit.i18n import header, number, relabel, text
from dti_kit.model import IndexDesign
from dti_kit.reconcile.core import BONUS, FLAGS, Reconciliation
from dti_kit.report.markup import md_cited, md_data
from dti_kit.report.plotting import (
    LARGE,
    TOP_N,
    WIDTH,
    abbreviate,
    figure,
    fit_lines,
    localise,
    resolve_parents,
    rows_height,
    setup,
    top_bottom,
    unit_labels,
    use_parents,
)


def _lang(language: str) -> str:
    return "en" if language == "en" else "vi"


def title(design: IndexDesign, language: str = "vi") -> str:
    """The report's title (the params file's ``title``, the scoring report's, is shown under it)."""
    from dti_kit.report.tables import level_name

    return text("reconcile.title", language, province=md_data(design.province, language),
                level=level_name(design, language), year=design.year)


def byline(design: IndexDesign, language: str = "vi") -> str:
    """Which text the design comes from, under the title."""
    return text("reconcile.byline", language, source=md_cited(design.source.citation(language), language, design.source.in_english))


def fmt_number(x, language: str = "vi", digits: int = 2) -> str:
    """A number with a fixed count of decimals, the reader's way: ``1.234,50`` in Vietnamese,
    ``1,234.50`` in English, a true minus sign; "" for NaN."""
    return number(x, _lang(language), digits, trim=False, minus="−")


def flag_name(flag: str, language: str = "vi", tolerance: float = 0.0) -> str:
    """A flag (:data:`dti_kit.reconcile.core.FLAGS`) in the reader's few words. With no
    tolerance, ``large-change`` is any change of the council's, and is named so: "Điều chỉnh",
    not "Điều chỉnh lớn"."""
    if flag == "large-change" and tolerance <= 0:
        return text("reconcile.flag_name.changed", language)
    return text(f"reconcile.flag_name.{flag}", language)


def flag_text(flag: str, language: str = "vi", tolerance: float = 0.0) -> str:
    """The plain explanation of one flag (catalogue ``reconcile.flag.<flag>``)."""
    lang = _lang(language)
    beyond = text("reconcile.beyond", lang, points=number(tolerance, lang)) if tolerance > 0 else ""
    return text(f"reconcile.flag.{flag}", lang, beyond=beyond)


def explanations(rec: Reconciliation, items: pd.DataFrame | None = None, language: str = "vi",
                 names: bool = False) -> pd.Series:
    """Per item, its flags in plain words (or, with ``names``, by their few words of
    :func:`flag_name`, which the report's legend explains), joined by "; "."""
    items = rec.items if items is None else items
    text = np.full(len(items), "", dtype=object)
    for f in FLAGS:
        words = flag_name(f, language, rec.tolerance) if names else flag_text(f, language, rec.tolerance)
        # after a semicolon the sentence goes on: "Tự chấm cao hơn số liệu; điều chỉnh"
        later = words[:1].lower() + words[1:]
        raised = items[f].to_numpy(dtype=bool)
        text = text + np.where(raised, np.where(text == "", words, "; " + later), "")
    return pd.Series(text, index=items.index)


def flag_legend(rec: Reconciliation, language: str = "vi") -> pd.DataFrame:
    """Each flag: its name and what it means in plain words, and on how many items it is
    raised (``flag, meaning, count``)."""
    counts = rec.items[list(FLAGS)].sum().to_numpy(dtype=int)
    return pd.DataFrame({
        "flag": [flag_name(f, language, rec.tolerance) for f in FLAGS],
        "meaning": [flag_text(f, language, rec.tolerance) for f in FLAGS],
        "count": counts,
    })


def indicator_names(design: IndexDesign, language: str = "vi") -> dict[str, str]:
    """Main indicator code → "code name" (the bonus pseudo-indicator included)."""
    names = {m.code: f"{m.code}. {m.name if _lang(language) == 'vi' else (m.name_en or m.name)}" for m in design.main_indicators}
    names[BONUS] = header("bonus", language, "reconcile")
    return names


def council_table(rec: Reconciliation, language: str = "vi", unit_id: str | None = None, names: bool = False) -> pd.DataFrame:
    """The items units must explain, most points at stake first: ``unit, code, name,
    max_points, self_score, computed_score, appraised_score, difference, points_at_stake,
    problems`` (the flags in words; with ``names`` by their names, as the report lists them
    beside its legend of flags); ``unit`` left out for one unit's table."""
    sub = rec.to_explain()
    if unit_id is not None:
        sub = sub[sub["unit_id"] == unit_id]
    out = sub[list(COUNCIL_COLUMNS)].rename(columns={"unit_name": "unit"})
    out["problems"] = explanations(rec, sub, language, names=names).to_numpy()
    if unit_id is not None:
        out = out.drop(columns="unit")
    return out.reset_index(drop=True)


def council_html(rec: Reconciliation, council: pd.DataFrame, language: str = "vi") -> str:
    """The council's table of items to explain (:func:`council_table`) as the report's HTML.

    Whole up to :data:`~dti_kit.report.printing.PRINT_DETAIL_ROWS` items; beyond, those first
    (most points at stake first) under a note naming the files that hold every item, which the
    workbook of items to explain gives a sheet per unit. 150 communes have some 1,000 items:
    a hundred printed pages no council reads (3,321 communes have 66,000, which Chromium took
    6.4 GB to print).
    """
    import html

    from dti_kit.report.printing import PRINT_DETAIL_ROWS
    from dti_kit.report.tables import html_table

    if len(council) <= PRINT_DETAIL_ROWS:
        return f'<div class="dti-council">{html_table(council, language, domain="reconcile")}</div>'
    lang = _lang(language)
    note = text("print.omitted_items", lang, shown=number(PRINT_DETAIL_ROWS, lang, 0), n=number(len(council), lang, 0))
    # said before the table, where the reader who was told of all the items starts reading it
    return (f'<p class="dti-note"><em>{html.escape(note)}</em></p>'
            f'<div class="dti-council">{html_table(council.head(PRINT_DETAIL_ROWS), language, domain="reconcile")}</div>')


COUNCIL_COLUMNS = ("unit_name", "code", "name", "max_points", "self_score", "computed_score", "appraised_score", "difference",
                   "points_at_stake")


def council_tables(rec: Reconciliation, language: str = "vi") -> dict[str, pd.DataFrame]:
    """``{unit_id: council_table(rec, language, unit_id)}`` for every unit, from one pass over
    the items (a unit with nothing to explain gets an empty table): the workbook of 3,321
    communes must not select from the whole table once per commune."""
    out = _council_items(rec, language)
    groups = {u: g.drop(columns="unit_id").reset_index(drop=True) for u, g in out.groupby("unit_id", sort=False)}
    empty = out.iloc[0:0].drop(columns="unit_id").reset_index(drop=True)
    return {u: groups.get(u, empty) for u in rec.result.units}


def _council_items(rec: Reconciliation, language: str) -> pd.DataFrame:
    """Every unit's items to explain in one table, most points at stake first: ``unit_id``, then
    the columns of a unit's :func:`council_table` (the flags in words under ``problems``)."""
    items = rec.to_explain()
    return items[["unit_id", *COUNCIL_COLUMNS[1:]]].assign(problems=explanations(rec, items, language).to_numpy())


def units_table(rec: Reconciliation, language: str = "vi") -> pd.DataFrame:
    """The per-unit summary, best appraised rank first, keyed as :attr:`Reconciliation.units`
    (``unit`` for the name; band columns only where the design has bands)."""
    cols = ["unit_name", "self_total", "appraised_total", "difference", "changed", "share_changed", "rank_self",
            "rank_appraised", "band_self", "band_appraised", "to_explain", "points_at_stake"]
    if rec.units["band_appraised"].isna().all():
        cols = [c for c in cols if not c.startswith("band_")]
    units = rec.units.sort_values(["rank_appraised", "unit_name"], kind="mergesort")
    return units[cols].rename(columns={"unit_name": "unit"})


def components_table(rec: Reconciliation, language: str = "vi", top: int | None = None) -> pd.DataFrame:
    """The per-component summary (most disputed first), keyed as :attr:`Reconciliation.components`."""
    cols = ["code", "name", "max_points", "compared", "changed", "share_changed", "mean_abs_difference",
            "max_abs_difference", "over_claims", "mean_over_claim"]
    df = rec.components
    if top is not None:
        df = df[df["changed"] > 0].head(top)
    # a component's counts are of units (the units table's of a unit's items): headed as such
    return df[cols].rename(columns={"compared": "units_compared", "changed": "units_changed"}).reset_index(drop=True)


def _explain_is_changed(rec: Reconciliation) -> bool:
    """Whether the items to explain are the changed items, item for item (a tolerance of 0 and
    no other flag, such as an N/A other units report: the two counts would say one thing twice)."""
    it = rec.items
    changed = it["difference"].notna() & (it["difference"] != 0)
    return bool(changed.any()) and bool((changed == it["to_explain"].astype(bool)).all())


def agreement_text(rec: Reconciliation, language: str = "vi") -> list[str]:
    """The agreement statistics in words, one paragraph per statistic."""
    a, u, lang = rec.agreement, rec.units, _lang(language)
    n = lambda x, digits=2: fmt_number(x, lang, digits)  # noqa: E731
    say = lambda key, **fmt: text(f"reconcile.say.{key}", lang, **fmt)  # noqa: E731
    exact = (fmt_number(100 * a.exact_agreement, lang, 1) + "%") if not math.isnan(a.exact_agreement) else ""
    out = [
        # counts as the reader writes them: 1.431 pairs, not 1431
        say("compared", items=n(a.items, 0), units=n(a.units, 0), mad=n(a.mean_absolute_difference), exact=exact),
        # one count, not the same number twice, where the items to explain are exactly the changed ones
        say("changed_all_explained" if _explain_is_changed(rec) else "changed",
            changed=n(int(u["changed"].sum()), 0), explain=n(int(u["to_explain"].sum()), 0),
            stake=n(float(u["points_at_stake"].sum())), tolerance=number(rec.tolerance, lang)),
    ]
    if math.isnan(a.spearman):
        out.append(say("spearman_none"))
    else:
        moved = int((u["rank_self"] != u["rank_appraised"]).fillna(False).sum())
        out.append(say("spearman", rho=n(a.spearman, 3), moved=n(moved, 0)))
    if a.kappa is None:
        out.append(say("kappa_no_bands"))
    elif math.isnan(a.kappa):
        out.append(say("kappa_undefined"))
    else:
        moved = int((u["band_self"].astype(object) != u["band_appraised"].astype(object)).sum())
        out.append(say("kappa", kappa=n(a.kappa, 3), words=text(f"reconcile.kappa.{a.kappa_label}", lang), moved=moved))
    ba = a.bland_altman
    if ba.n >= 2:
        side = say("above" if ba.mean_difference >= 0 else "below")
        out.append(say("bland_altman", side=side, mean=n(abs(ba.mean_difference)), lower=n(ba.lower), upper=n(ba.upper)))
    return out


# -- charts ---------------------------------------------------------------------------------
# Each returns its Axes (``ax=`` draws into a given one); a new figure is laid out once by the
# constrained layout (dti_kit.report.plotting.figure), legends under the axes, clear of the bars.

#: the widest a bar's name is drawn (8-point type)
LABEL_INCHES = 2.4


def _diverging(ax, labels, pos, neg, language, title, gap: int | None = None, gap_label: str = ""):
    y = np.arange(len(labels))
    ax.barh(y, pos, color="#c55a11", label=text("reconcile.over", language))
    ax.barh(y, neg, color="#1f4e79", label=text("reconcile.under", language))
    ax.axvline(0, color="#444444", linewidth=0.8)
    ax.set_yticks(y, [abbreviate(s, LABEL_INCHES, 8) for s in labels], fontsize=8)
    if gap is not None:  # the units left out between the top and the bottom
        ax.axhline(gap - 0.5, color="#999999", linewidth=0.8, linestyle="--")
        ax.text(0.99, gap - 0.5, gap_label, transform=ax.get_yaxis_transform(), ha="right", va="bottom",
                fontsize=7, color="#555555").set_in_layout(False)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlabel(text("reconcile.diff_axis", language))
    # centred over the bars, right of names up to LABEL_INCHES wide: no wider than the bars' part
    ax.set_title(fit_lines(title, ax.figure.get_figwidth() - LABEL_INCHES - 0.5, ax.title.get_fontsize()))
    below = 0.6 / max(ax.figure.get_figheight() - 1.3, 1.0)  # under the axis label: 0.6 in of the axes' height
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -below), ncol=2, frameon=False, fontsize=8)
    localise(ax, language)
    return ax


def _new_axes(rows: int):
    setup()
    return figure(WIDTH, rows_height(rows, 2.0)).subplots()


def plot_differences_by_unit(rec: Reconciliation, language: str = "vi", ax=None, parents=None):
    """Diverging bars per unit: points self-assessed above (right) and below (left) appraised.

    Above :data:`~dti_kit.report.plotting.LARGE` units: one bar per parent where ``parents``
    ({unit_id: parent}, or a units file) gives them, else the top and bottom
    :data:`~dti_kit.report.plotting.TOP_N` units by net difference."""
    p = rec.differences_by("unit_id").sort_values("net", ascending=False, kind="mergesort")
    names = rec.result.unit_names
    parents = resolve_parents(parents)
    title = text("reconcile.by_unit", language)
    gap = None
    gap_label = ""
    if len(p) > LARGE and use_parents(list(p.index), parents):
        g = p.assign(parent=[parents[u] for u in p.index]).groupby("parent")
        size = g.size()
        p = g[["over", "under", "net"]].sum().sort_values("net", ascending=False, kind="mergesort")
        labels = [text("charts.parent_row", language, parent=q, n=int(size[q])) for q in p.index]
        title += "\n" + text("charts.diff_parents", language)
    elif len(p) > LARGE:
        n = len(p)
        top, bottom = top_bottom(n, TOP_N)
        p = p.iloc[top + bottom]
        lab = unit_labels(list(p.index), names, parents)
        labels = [lab[u] for u in p.index]
        gap, gap_label = len(top), text("charts.gap", language, n=n - len(p))
        title += "\n" + text("charts.diff_top_bottom", language, k=len(top), n=n)
    else:
        lab = unit_labels(list(p.index), names, parents)
        labels = [lab[u] for u in p.index]
    ax = ax if ax is not None else _new_axes(len(labels))
    return _diverging(ax, labels, p["over"], p["under"], language, title, gap, gap_label)


def plot_differences_by_indicator(rec: Reconciliation, language: str = "vi", ax=None):
    """Diverging bars per main indicator, summed over units."""
    p = rec.differences_by("indicator")
    names = indicator_names(rec.design, language)
    ax = ax if ax is not None else _new_axes(len(p))
    labels = [names.get(c, c) for c in p.index]
    return _diverging(ax, labels, p["over"], p["under"], language, text("reconcile.by_indicator", language))


def plot_bland_altman(rec: Reconciliation, language: str = "vi", ax=None):
    """Bland–Altman plot of unit totals: mean of the two totals against their difference."""
    u, ba = rec.units, rec.agreement.bland_altman
    if ax is None:
        setup()
        ax = figure(7, 5.0).subplots()
    x = (u["self_total"] + u["appraised_total"]) / 2
    many = len(u) > LARGE
    ax.scatter(x, u["difference"], color="#1f4e79", zorder=3, s=8 if many else 20, alpha=0.5 if many else 1.0, linewidths=0,
               label=text("charts.one_unit", language))
    ax.axhline(ba.mean_difference, color="#c55a11", label=f"{text('reconcile.col.mean_difference', language)}: {fmt_number(ba.mean_difference, language)}")
    if ba.n >= 2:
        for lim in (ba.lower, ba.upper):
            ax.axhline(lim, color="#7f7f7f", linestyle="--")
        ax.plot([], [], color="#7f7f7f", linestyle="--",
                label=f"{text('reconcile.ba_limits', language)}: {fmt_number(ba.lower, language)} … {fmt_number(ba.upper, language)}")
    ax.axhline(0, color="#444444", linewidth=0.6)
    ax.set_xlabel(text("reconcile.ba_x", language))
    ax.set_ylabel(text("reconcile.ba_y", language))
    ax.set_title(text("reconcile.ba_title", language))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.15), ncol=2, frameon=False, fontsize=8)
    localise(ax, language)
    return ax


def write_explain_workbook(rec: Reconciliation, path: str | Path, language: str = "vi") -> Path:
    """The workbook of items to explain, one sheet per unit (in input order), to send back.

    Each sheet: a title row naming the unit, a row naming the design and the tolerance, then
    the table (most points at stake first) with an empty column for the unit's explanation.
    Text is neutralised against formula injection; the bytes are deterministic.
    """
    from dti_kit._util.excel import table_sheet
    from dti_kit._util.fastxlsx import SheetSpec, write_workbook

    d = rec.design
    design_line = text("reconcile.sheet_design", language,
        province=d.province, level=d.level_label(_lang(language)),
        year=d.year, source=d.source.citation(_lang(language)), tol=number(rec.tolerance, _lang(language)))
    # one pass over the items (most points at stake first), one conversion to values; then each
    # unit's sheet takes its rows by position, with the whole table's column widths and formats
    table = _council_items(rec, language).assign(explanation=None)
    rows_of = table.groupby("unit_id", sort=False).indices
    layout = table_sheet("", relabel(table.drop(columns="unit_id"), language, "reconcile"))
    values = table.drop(columns="unit_id").to_numpy(dtype=object)
    none = np.empty((0, values.shape[1]), dtype=object)
    sheets = []
    for uid in rec.result.units:
        rows = values[rows_of[uid]] if uid in rows_of else none
        name = rec.result.unit_names[uid]
        above = (text("reconcile.sheet_title", language, unit=name),
                 design_line if len(rows) else design_line + ". " + text("reconcile.sheet_none", language))
        sheets.append(SheetSpec(name, layout.headers, rows, layout.formats, title_cols=layout.title_cols, above=above,
                                widths=layout.widths))
    if not sheets:
        sheets.append(table_sheet("—", pd.DataFrame()))
    write_workbook(path, sheets, footer=text("workbooks.page_footer", language))
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
    explain (see :func:`output_paths`), all or none; return their paths."""
    paths = output_paths(out)
    with all_or_nothing():
        write_text(paths["items"], csv_text(rec.table()))
        write_text(paths["units"], csv_text(rec.units))
        write_text(paths["components"], csv_text(rec.components))
        write_explain_workbook(rec, paths["workbook"], language)
    return list(paths.values())
