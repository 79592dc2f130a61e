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
from dti_kit.compare.structure import design_labels
from dti_kit.i18n import header, number, text
from dti_kit.report.plotting import WIDTH, abbreviate, figure, fit_label, legend_below, localise

__all__ = ["design_label", "plot_shares", "plot_coverage", "plot_thresholds", "threshold_figures", "plot_rescoring", "INDICATOR_COLOURS",
           "PANELS_PER_FIGURE"]

#: small multiples of one figure (two columns, three rows): 8 × 9.9 in, printed on A4 at 92 %;
#: twelve panels in one 12.6 × 13.2 in figure printed at 58 %, their legends 3.5 points high
PANELS_PER_FIGURE = 6

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
    fig = figure(10, 0.55 * len(designs) + 2.8)
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


def plot_coverage(cov: pd.DataFrame, language: str = "vi", labels: Mapping[str, str] | None = None) -> Figure:
    """Heat map of concepts × designs (% of the scale on the concept; blank = not measured).

    ``cov`` is :func:`dti_kit.compare.structure.coverage`.
    """
    data = cov.to_numpy(dtype=float)
    n_r, n_c = data.shape
    width = 3.6 + 1.25 * max(n_c, 1)
    fig = figure(width, 1.8 + 0.2 * max(n_r, 1), max_height=40)
    ax = fig.subplots()
    masked = np.ma.masked_invalid(data)
    cmap = plt.get_cmap("YlOrBr").copy()
    cmap.set_bad("#f2f2f2")
    vmax = np.nanmax(data) if np.isfinite(data).any() else 1.0
    im = ax.imshow(masked, aspect="auto", cmap=cmap, vmin=0, vmax=max(vmax, 1e-9))
    for i in range(n_r):
        for j in range(n_c):
            v = data[i, j]
            if np.isfinite(v):
                txt = number(v, language, 1, trim=False)
                ax.text(j, i, txt, ha="center", va="center", fontsize=7,
                        color="black" if v < 0.6 * vmax else "white").set_in_layout(False)
    labels = labels or design_labels(cov.columns, language)
    ax.set_xticks(range(n_c), [abbreviate(labels[c], 2.2, 8) for c in cov.columns], rotation=30, ha="right",
                  rotation_mode="anchor", fontsize=8)
    ax.set_yticks(range(n_r), [abbreviate(s, 3.2, 7) for s in cov.index], fontsize=7)
    # over the figure, not the axes: with one or two designs the axes is narrower than the title
    # (the concepts' names take 3.2 in), and a title centred on it ran off the figure's edge
    fig.suptitle(fit_label(f"{text('compare.plot.coverage_title', language)} — {text('compare.plot.not_measured', language)}",
                           width - 0.6, 10, lines=3), fontsize=10)
    fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02)
    ax.spines[:].set_visible(False)
    localise(fig, language)
    return fig


def threshold_figures(curves: pd.DataFrame, table: pd.DataFrame, concepts: Sequence[str] | None = None, language: str = "vi",
                      labels: Mapping[str, str] | None = None, per_figure: int = PANELS_PER_FIGURE) -> list[Figure]:
    """:func:`plot_thresholds` of every concept that has curves, ``per_figure`` panels a figure
    (each prints on one A4 page at nearly its own size); an empty list when there is nothing to draw."""
    with_curves = set(curves["concept_id"])
    ids = list(concepts) if concepts is not None else list(dict.fromkeys(curves["concept_id"]))
    ids = [c for c in ids if c in with_curves]
    designs = list(dict.fromkeys(curves["design_id"]))
    labels = labels or design_labels(designs, language)
    return [plot_thresholds(curves, table, ids[i:i + per_figure], language=language, labels=labels, designs=designs)
            for i in range(0, len(ids), per_figure)]


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


def plot_rescoring(summary: pd.DataFrame, language: str = "vi", labels: Mapping[str, str] | None = None) -> Figure | None:
    """Dots: each unit's % of the covered points under each design (one row per unit)."""
    if summary.empty:
        return None
    designs = list(dict.fromkeys(summary["design_id"]))
    units = list(dict.fromkeys(summary["unit_id"]))
    names = summary.drop_duplicates("unit_id").set_index("unit_id")["unit_name"].to_dict()
    w = summary.pivot(index="unit_id", columns="design_id", values="percent").reindex(index=units, columns=designs)
    fig = figure(9, 0.24 * len(units) + 2.2)
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
