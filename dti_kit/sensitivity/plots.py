"""Charts of the sensitivity analysis: rank intervals, Sobol' indices, rank shifts.

Each function returns a matplotlib Figure laid out once by the constrained layout
(:func:`dti_kit.report.plotting.figure`). Above :data:`~dti_kit.report.plotting.LARGE` units
the per-unit charts name only the units that matter most (the widest rank intervals, the
largest rank shifts) and show every unit without names.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dti_kit.i18n import header, number, text
from dti_kit.report.plotting import (
    LARGE,
    PALETTE,
    TOP_N,
    WIDTH,
    abbreviate,
    figure,
    fit_label,
    fit_lines,
    legend_below,
    localise,
    resolve_parents,
    rows_height,
    setup,
    unit_labels,
)
from dti_kit.report.plotting import png as _png

__all__ = ["rank_intervals", "intervals_method", "sobol_bars", "rank_shifts", "png", "MAX_LABELS"]

MAX_LABELS = LARGE  # units above which the per-unit charts switch to their large-count form
WIDEST = TOP_N + 5  # units named under the strip of all intervals (the chart and its sentence)
LABEL_IN = 2.2


def _labels(units, parents) -> dict[str, str]:
    ids = list(units["unit_id"])
    return unit_labels(ids, dict(zip(ids, units["unit_name"])), resolve_parents(parents))


def _ranked(units, labels) -> dict[str, str]:
    """'12. Xã A': the official rank before the name (the large-count forms skip units)."""
    return {i: f"{int(r)}. {labels[i]}" if r == r else labels[i] for i, r in zip(units["unit_id"], units["rank"])}


def _intervals(ax, u, labels, language):
    n = len(u)
    y = np.arange(n)
    ax.hlines(y, u["rank_p05"], u["rank_p95"], color=PALETTE[6], linewidth=4, label=text("sensitivity.plot.interval", language))
    ax.plot(u["rank_median"], y, "o", color=PALETTE[0], markersize=5, label=header("rank_median", language, "sensitivity"))
    ax.plot(u["rank"], y, "D", markerfacecolor="none", markeredgecolor=PALETTE[1], markersize=7,
            label=header("rank", language, "sensitivity"))
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_yticks(y, [abbreviate(labels[i], LABEL_IN, 8) for i in u["unit_id"]], fontsize=8)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(text("common.col.rank", language))
    ax.grid(axis="x", alpha=0.3)


def rank_intervals(result, language: str = "vi", parents: Mapping[str, str] | str | None = None) -> Figure:
    """Median rank and 5–95 % bar of every unit, official rank marked, units in official
    rank order (best at the top). Above :data:`MAX_LABELS` units: every unit's interval
    against its official rank, unnamed, above the named :data:`TOP_N` widest intervals.
    ``parents`` ({unit_id: parent} or a units file) names the parent of units sharing a name."""
    setup()
    u = result.units
    n = len(u)
    labels = _labels(u, parents)
    if n <= MAX_LABELS:
        fig = figure(WIDTH, rows_height(n, 1.9))
        ax = fig.subplots()
        _intervals(ax, u, labels, language)
        ax.set_xlim(0.5, max(n, 1) + 0.5)
        ax.set_title(text("sensitivity.plot.intervals", language))
        legend_below(fig, ax.get_legend_handles_labels()[0])
    else:
        k = WIDEST
        # 7 in high: printed with its heading and sentence it fits below the weights table of
        # the page before (8.1 in moved whole to the next page and left three quarters of one blank)
        fig = figure(WIDTH, 2.4 + rows_height(k, 1.3))
        top, bottom = fig.subplots(2, 1, height_ratios=[2.3, rows_height(k, 0.5)])
        # each interval as ranks above or below the unit's official rank: drawn on the rank
        # itself, intervals of a few ranks among 150 were a diagonal line, their widths unseen
        x = u["rank"].to_numpy(dtype=float)
        lo, hi = u["rank_p05"].to_numpy(dtype=float) - x, u["rank_p95"].to_numpy(dtype=float) - x
        top.vlines(x, lo, hi, color=PALETTE[6], linewidth=0.8)
        top.plot(x, u["rank_median"].to_numpy(dtype=float) - x, "o", color=PALETTE[0], markersize=1.5)
        top.axhline(0, color="#333333", linewidth=0.6)
        reach = max(1.0, float(np.nanmax(np.abs(np.concatenate([lo, hi])))) if n else 1.0)
        top.set_xlim(0, n + 1)
        top.set_ylim(reach + 0.5, -reach - 0.5)  # a better rank (a smaller number) upwards
        top.set_xlabel(header("rank", language, "sensitivity"))
        # ranks, whole numbers; the label in two lines of the panel's height (in one it ran past the figure's top)
        top.yaxis.set_major_locator(MaxNLocator(integer=True))
        top.set_ylabel(fit_label(text("charts.rank_offset", language), 1.9, 9, lines=2), fontsize=9)
        top.set_title(text("charts.all_intervals", language, n=n), fontsize=10)
        width = (u["rank_p95"] - u["rank_p05"]).to_numpy(dtype=float)
        pick = np.sort(np.argsort(-width, kind="mergesort")[:k])  # widest, shown in official rank order
        _intervals(bottom, u.iloc[pick], _ranked(u, labels), language)
        bottom.set_title(text("charts.widest", language, k=len(pick)), fontsize=10)
        fig.suptitle(text("sensitivity.plot.intervals", language))
        legend_below(fig, bottom.get_legend_handles_labels()[0])
    localise(fig, language)
    return fig


def intervals_method(result, language: str = "vi") -> str:
    """How to read :func:`rank_intervals` as drawn for ``result``: the official rank is a ◇ of
    each named unit up to :data:`MAX_LABELS` units, and the zero line of the unnamed panel above
    the widest intervals beyond (a sentence naming ◇ alone described a mark the 150 units' panel
    does not draw)."""
    n = len(result.units)
    draws = number(result.settings["draws"], language)
    if n <= MAX_LABELS:
        return text("sensitivity.method.intervals", language, draws=draws)
    return text("sensitivity.method.intervals_many", language, draws=draws, k=min(n, WIDEST))


def sobol_bars(result, language: str = "vi") -> Figure:
    """First-order and total Sobol' indices of each weight, with their bootstrap intervals;
    the legend under the axes, clear of the bars."""
    setup()
    s = result.sobol
    fig = figure(WIDTH, 0.45 * max(len(s), 1) + 2.0)
    ax = fig.subplots()
    if len(s):
        y = np.arange(len(s))
        h = 0.38
        for off, key, colour in ((-h / 2, "S1", PALETTE[0]), (h / 2, "ST", PALETTE[1])):
            val = s[key].to_numpy(dtype=float)
            lo = np.clip(val - s[f"{key}_low"].to_numpy(dtype=float), 0, None)
            hi = np.clip(s[f"{key}_high"].to_numpy(dtype=float) - val, 0, None)
            err = None if np.all(np.isnan(lo)) else np.vstack([np.nan_to_num(lo), np.nan_to_num(hi)])
            ax.barh(y + off, np.nan_to_num(val), height=h, color=colour, xerr=err, capsize=3,
                    label=header(key, language, "sensitivity"))
        ax.set_yticks(y, [abbreviate(f"{c} {nm}", 3.2, 9) for c, nm in zip(s["code"], s["name"])], fontsize=9)
        ax.set_ylim(len(s) - 0.5, -0.5)
        legend_below(fig, ax.get_legend_handles_labels()[0], ncol=2)
    ax.set_xlim(left=0)
    ax.set_title(text("sensitivity.plot.sobol", language))
    ax.grid(axis="x", alpha=0.3)
    localise(fig, language)
    return fig


def rank_shifts(result, language: str = "vi", parents: Mapping[str, str] | str | None = None) -> Figure:
    """Rank change of every unit (rows, official rank order) under every alternative
    (columns), in places gained: a heat map, + and blue = rises, − and red = falls (the sign of
    the scoring report's change since last year), numbers written where they fit. Above
    :data:`MAX_LABELS` units, the :data:`TOP_N` × 3 units whose rank moves most."""
    setup()
    ranks = result.alternative_ranks
    alt = result.alternatives
    units = result.units
    if not len(ranks):
        fig = figure(6, 1.5)
        fig.subplots().axis("off")
        localise(fig, language)
        return fig
    M = ranks.pivot(index="unit_id", columns="scenario", values="change")
    # places gained (the data's change is the new rank less the official one): + is a rise,
    # as the scoring report's change of rank since last year
    M = -M.loc[list(units["unit_id"]), list(alt["scenario"])].to_numpy(dtype=float)
    labels = _labels(units, parents)
    rows = np.arange(len(units))
    title = text("sensitivity.plot.shifts", language)
    if len(units) > MAX_LABELS:
        labels = _ranked(units, labels)
        k = 3 * TOP_N
        moved = np.nanmax(np.abs(M), axis=1)
        rows = np.sort(np.argsort(-np.nan_to_num(moved), kind="mergesort")[:k])
        title += "\n" + text("charts.moved_most", language, k=len(rows), n=len(units))
        M = M[rows]
    n, m = M.shape
    # as wide as the other charts while a column keeps a quarter inch for "+12": printed on A4,
    # 12 inches of 16 alternatives were scaled to 61 % (their numbers 4.3 points high)
    width = min(3.8 + 0.55 * m, max(WIDTH, 3.8 + 0.25 * m))
    fig = figure(width, rows_height(n, 3.4))
    ax = fig.subplots()
    lim = max(1.0, float(np.nanmax(np.abs(M))) if M.size else 1.0)
    im = ax.imshow(M, cmap="RdBu", vmin=-lim, vmax=lim, aspect="auto", interpolation="nearest")
    for (i, j), v in np.ndenumerate(M):
        if v != 0 and not np.isnan(v):
            ax.text(j, i, f"{int(v):+d}".replace("-", "−"), ha="center", va="center", fontsize=7,
                    color="white" if abs(v) > 0.6 * lim else "black").set_in_layout(False)
    # an alternative's name stands under its column, wrapped to two lines where the column is
    # wide enough for two lines of 8 points (about 0.3 inch) rather than cut: "Without
    # indicator 6. Digital government activity" is 2.9 inches on one line
    lines = 2 if (width - 3.8) / m >= 0.3 else 1
    ax.set_xticks(np.arange(m), [fit_lines(t, 2.1, 8, lines=lines) for t in alt["label"]],
                  rotation=90, fontsize=8, linespacing=1.0)
    ids = list(units["unit_id"].iloc[rows])
    ax.set_yticks(np.arange(n), [abbreviate(labels[i], LABEL_IN, 8) for i in ids], fontsize=8)
    ax.set_title(title, fontsize=11)
    fig.colorbar(im, ax=ax, label=text("sensitivity.plot.change", language), shrink=0.6)
    localise(fig, language)
    return fig


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes, drawn once (for ``IPython.display.Image``)."""
    return _png(fig)
