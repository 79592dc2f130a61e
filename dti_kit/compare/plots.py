"""Charts of the design comparison (matplotlib; call :func:`dti_kit.report.plotting.setup` first).

Each function takes a table of :mod:`dti_kit.compare.structure` and returns a ``Figure`` laid out
once by the constrained layout (:func:`dti_kit.report.plotting.figure`); none computes anything
beyond laying the table out. Designs are named for readers (province and year), not by id: the
report passes its ``labels`` (:attr:`dti_kit.compare.report.Comparison.labels`), so that a chart
names each design as the report's tables do.
"""
from __future__ import annotations

import math
from typing import Mapping, Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from dti_kit.compare.catalogue import Catalogue, load_catalogue
from dti_kit.compare.rescore import units_by_rank
from dti_kit.compare.structure import design_labels
from dti_kit.i18n import header, number, text
from dti_kit.report.plotting import WIDTH, abbreviate, even_parts, figure, fit_label, legend_below, localise

__all__ = ["design_label", "plot_shares", "plot_coverage", "coverage_figures", "plot_thresholds", "threshold_figures", "plot_rescoring",
           "INDICATOR_COLOURS", "PANELS_PER_FIGURE", "COVERAGE_ROWS_PER_FIGURE"]

#: small multiples of one figure (two columns, three rows): 8 × 9.9 in, printed on A4 at 92 %;
#: twelve panels in one 12.6 × 13.2 in figure printed at 58 %, their legends 3.5 points high
PANELS_PER_FIGURE = 6

#: concepts of one heat map of coverage (:func:`coverage_figures`): 27 rows of two-line names
#: make a figure 9.4 in high, printed on A4 at 97 % (63 concepts in one figure were 12.6 in high,
#: printed at 73 %, their names and numbers 5 points)
COVERAGE_ROWS_PER_FIGURE = 27
#: a concept's row (its name in two lines of COVERAGE_PT points), the title, the designs' names
#: and the margins, and the most a figure may be (inches)
COVERAGE_ROW_INCHES, COVERAGE_EXTRA_INCHES, COVERAGE_MAX_INCHES = 0.3, 1.3, 9.5
#: the width of the concepts' names (each of the catalogue's 65 fits in two lines), of a design's column (inches)
COVERAGE_NAMES_INCHES, COVERAGE_COLUMN_INCHES = 2.4, 1.2
#: the type of the heat map's names and numbers (points): 7.3 printed at 91 %
COVERAGE_PT = 8

# foundation indicators in cool colours, activity in warm ones; same colour in every chart
INDICATOR_COLOURS = {
    "nhan-thuc-so": "#1f4e79", "the-che-so": "#2e75b6", "ha-tang-so": "#5b9bd5", "nhan-luc-so": "#548235",
    "an-toan-thong-tin-mang": "#7030a0", "do-thi-thong-minh": "#a5a5a5", "hoat-dong-chinh-quyen-so": "#c55a11",
    "hoat-dong-kinh-te-so": "#bf9000", "hoat-dong-xa-hoi-so": "#843c0c", "hoat-dong-chuyen-doi-so": "#e2a06b",
}


def design_label(design_id: str) -> str:
    """A design as readers know it, "Hòa Bình 2023" (:func:`dti_kit.compare.structure.design_labels`)."""
    return design_labels([design_id])[design_id]


def plot_shares(shares: pd.DataFrame, catalogue: Catalogue | None = None, language: str = "vi",
                labels: Mapping[str, str] | None = None) -> Figure:
    """Stacked horizontal bars: each design's points by (canonical) main indicator, in %.

    ``shares`` is :func:`dti_kit.compare.structure.indicator_shares`.
    """
    cat = catalogue or load_catalogue()
    designs = list(dict.fromkeys(shares["design_id"]))
    w = shares.pivot_table(index="design_id", columns="indicator_id", values="share", aggfunc="sum").reindex(designs).fillna(0.0)
    order = [i.id for i in cat.indicators if i.id in w.columns and w[i.id].sum() > 0]
    fig = figure(WIDTH, 0.55 * len(designs) + 2.8)
    ax = fig.subplots()
    left = np.zeros(len(designs))
    y = np.arange(len(designs))[::-1]
    for iid in order:
        vals = w[iid].to_numpy()
        ax.barh(y, vals, left=left, color=INDICATOR_COLOURS.get(iid, "#999999"), label=cat.indicator(iid).label(language), edgecolor="white", linewidth=0.5)
        for yi, left_i, v in zip(y, left, vals):
            if v >= 6:
                ax.text(left_i + v / 2, yi, f"{v:.0f}", ha="center", va="center", fontsize=8, color="white")
        left = left + vals
    labels = labels or design_labels(designs, language)
    ax.set_yticks(y, [abbreviate(labels[d], 2.6, 9) for d in designs], fontsize=9)
    ax.set_xlim(0, 100)
    ax.set_xlabel(text("compare.plot.share", language))
    ax.set_title(text("compare.heading.shares", language))
    legend_below(fig, ax.get_legend_handles_labels()[0], ncol=3)
    localise(fig, language)
    return fig


def coverage_figures(cov: pd.DataFrame, language: str = "vi", labels: Mapping[str, str] | None = None,
                     per_figure: int = COVERAGE_ROWS_PER_FIGURE) -> list[Figure]:
    """:func:`plot_coverage` of every concept, at most ``per_figure`` concepts a figure (each
    prints on one A4 page at nearly its own size), the concepts shared out evenly between the
    figures (63 concepts: three of 21, not 27, 27 and 9); every figure has the same columns and
    colour scale, so that a cell's colour means the same share in all of them. An empty list
    when there is no concept."""
    parts = even_parts(len(cov), per_figure)
    if not parts:
        return []
    data = cov.to_numpy(dtype=float)
    vmax = float(np.nanmax(data)) if np.isfinite(data).any() else 1.0
    labels = labels or design_labels(cov.columns, language)
    return [plot_coverage(cov.iloc[rows.start:rows.stop], language, labels=labels, vmax=vmax, part=(k + 1, len(parts)) if len(parts) > 1 else None)
            for k, rows in enumerate(parts)]


def plot_coverage(cov: pd.DataFrame, language: str = "vi", labels: Mapping[str, str] | None = None, vmax: float | None = None,
                  part: tuple[int, int] | None = None) -> Figure:
    """Heat map of concepts × designs (% of the scale on the concept; blank = not measured).

    ``cov`` is :func:`dti_kit.compare.structure.coverage` (or some of its rows:
    :func:`coverage_figures` draws many concepts in several figures); ``vmax`` is the top of
    the colour scale (default: the largest cell); ``part`` (k, n) names the figure "k/n" in its
    title.
    """
    data = cov.to_numpy(dtype=float)
    n_r, n_c = data.shape
    # the concepts' names wrapped in COVERAGE_NAMES_INCHES, a column a design, the colour bar:
    # no wider than the other charts (8 in, printed at 91 %; the names on one line took 3.2 in)
    width = min(WIDTH, COVERAGE_NAMES_INCHES + 1.0 + COVERAGE_COLUMN_INCHES * max(n_c, 1))
    column = (width - COVERAGE_NAMES_INCHES - 1.0) / max(n_c, 1)
    fig = figure(width, COVERAGE_EXTRA_INCHES + COVERAGE_ROW_INCHES * max(n_r, 1), max_height=COVERAGE_MAX_INCHES)
    ax = fig.subplots()
    masked = np.ma.masked_invalid(data)
    cmap = plt.get_cmap("YlOrBr").copy()
    cmap.set_bad("#f2f2f2")
    if vmax is None:
        vmax = np.nanmax(data) if np.isfinite(data).any() else 1.0
    im = ax.imshow(masked, aspect="auto", cmap=cmap, vmin=0, vmax=max(vmax, 1e-9))
    for i in range(n_r):
        for j in range(n_c):
            v = data[i, j]
            if np.isfinite(v):
                txt = number(v, language, 1, trim=False)
                ax.text(j, i, txt, ha="center", va="center", fontsize=COVERAGE_PT,
                        color="black" if v < 0.6 * vmax else "white").set_in_layout(False)
    labels = labels or design_labels(cov.columns, language)
    # the designs over their columns, as a table's header, in lines that fit their column
    ax.xaxis.tick_top()
    ax.set_xticks(range(n_c), [fit_label(labels[c], column - 0.1, COVERAGE_PT, lines=3) for c in cov.columns], fontsize=COVERAGE_PT)
    ax.tick_params(axis="x", length=0)
    ax.set_yticks(range(n_r), [fit_label(s, COVERAGE_NAMES_INCHES, COVERAGE_PT, lines=2) for s in cov.index], fontsize=COVERAGE_PT)
    title = f"{text('compare.plot.coverage_title', language)} — {text('compare.plot.not_measured', language)}"
    if part is not None:
        title += f" ({text('compare.plot.part', language, k=part[0], n=part[1])})"
    # over the figure, not the axes: with one or two designs the axes is narrower than the title
    # (the concepts' names take their inches), and a title centred on it ran off the figure's edge
    fig.suptitle(fit_label(title, width - 0.6, 10, lines=3), fontsize=10)
    fig.colorbar(im, ax=ax, fraction=0.05, pad=0.03)
    ax.spines[:].set_visible(False)
    localise(fig, language)
    return fig


def threshold_figures(curves: pd.DataFrame, table: pd.DataFrame, concepts: Sequence[str] | None = None, language: str = "vi",
                      labels: Mapping[str, str] | None = None, per_figure: int = PANELS_PER_FIGURE) -> list[Figure]:
    """:func:`plot_thresholds` of every concept that has curves, at most ``per_figure`` panels a
    figure (each prints on one A4 page at nearly its own size), the panels shared out evenly
    between the figures (:func:`~dti_kit.report.plotting.even_parts`, as the concepts' heat
    map); an empty list when there is nothing to draw."""
    with_curves = set(curves["concept_id"])
    ids = list(concepts) if concepts is not None else list(dict.fromkeys(curves["concept_id"]))
    ids = [c for c in ids if c in with_curves]
    designs = list(dict.fromkeys(curves["design_id"]))
    labels = labels or design_labels(designs, language)
    return [plot_thresholds(curves, table, ids[part.start:part.stop], language=language, labels=labels, designs=designs)
            for part in even_parts(len(ids), per_figure)]


def plot_thresholds(curves: pd.DataFrame, table: pd.DataFrame, concepts: Sequence[str] | None = None, ncols: int = 2, language: str = "vi",
                    labels: Mapping[str, str] | None = None, designs: Sequence[str] | None = None) -> Figure | None:
    """Small multiples, one per concept: each component's % of its max along the concept.

    ``curves`` is :func:`dti_kit.compare.structure.threshold_curves`, ``table`` the concept table
    (for names and the kind of sweep). Returns None when there is nothing to draw.
    """
    if curves.empty:
        return None
    ids = list(concepts) if concepts is not None else list(dict.fromkeys(curves["concept_id"]))
    with_curves = set(curves["concept_id"])
    ids = [c for c in ids if c in with_curves]
    if not ids:
        return None
    names = table.drop_duplicates("concept_id").set_index("concept_id")["concept"].to_dict()
    sweep = table.drop_duplicates("concept_id").set_index("concept_id")["sweep"].to_dict()
    # every figure of threshold_figures gives a design the same colour, whichever designs its panels hold
    designs = list(designs) if designs is not None else list(dict.fromkeys(curves["design_id"]))
    labels = labels or design_labels(designs, language)
    colours = {d: c for d, c in zip(designs, plt.rcParams["axes.prop_cycle"].by_key()["color"] * 3)}
    ncols = min(ncols, len(ids))
    nrows = math.ceil(len(ids) / ncols)
    fig = figure(WIDTH / 2 * ncols, 3.3 * nrows, max_height=3.3 * nrows)
    # one y scale for every panel (% of max): its ticks and label are drawn once per row, which a
    # reader compares across panels more easily, and which is a third of the labels to lay out
    axes = fig.subplots(nrows, ncols, squeeze=False, sharey=True)
    styles = ["-", "--", ":", "-."]
    for ax, cid in zip(axes.ravel(), ids):
        sub = curves[curves["concept_id"] == cid]
        ratio = sweep.get(cid) == "ratio"
        for k, ((did, code), g) in enumerate(sub.groupby(["design_id", "code"], sort=False)):
            x = g["x"].to_numpy() * (100 if ratio else 1)
            ax.step(x, g["share"].to_numpy() * 100, where="post", color=colours[did], linestyle=styles[k % len(styles)], linewidth=1.6, label=f"{abbreviate(labels[did], 2.6, 6)} {code}")
        ax.set_title(fit_label(names.get(cid, cid), WIDTH / 2 - 0.4, 9, lines=2), fontsize=9)
        ax.set_xlabel(text("compare.plot.ratio", language) + " (%)" if ratio else text("compare.plot.count", language), fontsize=8)
        if ax.get_subplotspec().is_first_col():
            ax.set_ylabel(text("compare.plot.of_max", language), fontsize=8)
        ax.tick_params(labelsize=7)
        ax.legend(fontsize=7, frameon=False, loc="best")
    axes[0, 0].set_ylim(-3, 105)
    axes[0, 0].set_yticks([0, 25, 50, 75, 100])
    for ax in axes.ravel()[len(ids):]:
        ax.set_visible(False)
    localise(fig, language)
    return fig


def plot_rescoring(summary: pd.DataFrame, language: str = "vi", labels: Mapping[str, str] | None = None,
                   units: Sequence[str] | None = None) -> Figure | None:
    """Dots: each unit's % of the covered points under each design (one row per unit).

    ``summary`` is :attr:`dti_kit.compare.rescore.RescoreResult.summary`; ``units`` the rows
    from the top (default: best first under the source design,
    :func:`dti_kit.compare.rescore.units_by_rank`, the order of the report's table beside it).
    """
    if summary.empty:
        return None
    designs = list(dict.fromkeys(summary["design_id"]))
    units = list(units) if units is not None else units_by_rank(summary)
    names = summary.drop_duplicates("unit_id").set_index("unit_id")["unit_name"].to_dict()
    w = summary.pivot(index="unit_id", columns="design_id", values="percent").reindex(index=units, columns=designs)
    fig = figure(WIDTH, 0.24 * len(units) + 2.2)
    ax = fig.subplots()
    y = np.arange(len(units))[::-1]
    markers = ["o", "s", "D", "^", "v"]
    labels = labels or design_labels(designs, language)
    for k, d in enumerate(designs):
        ax.scatter(w[d].to_numpy(), y, label=labels[d], marker=markers[k % len(markers)], s=28, zorder=3)
    lo, hi = np.nanmin(w.to_numpy(dtype=float), axis=1), np.nanmax(w.to_numpy(dtype=float), axis=1)
    ax.hlines(y, lo, hi, color="#bbbbbb", linewidth=1, zorder=1)
    ax.set_yticks(y, [abbreviate(names[u], 2.4, 8) for u in units], fontsize=8)
    ax.set_xlim(0, 100)
    ax.set_xlabel(header("percent", language, "compare"))
    ax.set_title(text("compare.plot.rescoring_title", language))
    legend_below(fig, ax.get_legend_handles_labels()[0], ncol=min(3, len(designs)))
    localise(fig, language)
    return fig
