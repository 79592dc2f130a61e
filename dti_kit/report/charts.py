"""Charts of the scoring report (matplotlib, Vietnamese labels rendered with DejaVu Sans).

Each function returns a :class:`matplotlib.figure.Figure` laid out once by the constrained
layout (:func:`dti_kit.report.plotting.figure`). Up to :data:`~dti_kit.report.plotting.LARGE`
units a chart has one labelled row per unit; above it the ranking becomes a strip of every
unit (one row per parent where ``parents`` gives each unit's parent) with the top and bottom
:data:`~dti_kit.report.plotting.TOP_N` named, and the heatmap and the pillar chart show the
parents' means or the top and bottom units. Every colour and line is in a legend; main
indicators and pillars are named in the report's language.
"""
from __future__ import annotations

from typing import Mapping

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from dti_kit.i18n import header, number, text
from dti_kit.report.plotting import (
    LARGE,
    NO_BAND,
    TOP_N,
    WIDTH,
    abbreviate,
    band_colours,
    band_label,
    figure,
    fit_label,
    fit_lines,
    legend_below,
    localise,
    resolve_parents,
    rows_height,
    setup,
    text_width,
    top_bottom,
    unit_labels,
    use_parents,
)
from dti_kit.scoring import ScoreResult

__all__ = ["ranking_chart", "heatmap", "distributions", "pillar_chart", "indicator_matrix", "is_large"]

LABEL_PT = 8  # unit names
TICK_PT = 7  # indicator names under a heatmap or box plot
LABEL_IN = 2.2  # widest unit label, inches
NO_BAND_GREY = "#bbbbbb"


def _lang(language: str) -> str:
    return "en" if language == "en" else "vi"


def is_large(n: int) -> bool:
    """Whether ``n`` units get the large-count form of the ranking and heatmap charts."""
    return n > LARGE


def indicator_matrix(result: ScoreResult, language: str = "vi") -> pd.DataFrame:
    """Units (ids) × scored main indicators ("code. name" in ``language``): percent of max."""
    d = result.design
    mains = list(d.scored_indicators())
    s = result.wide("indicator").loc[:, [m.code for m in mains]]
    pct = s.to_numpy(dtype=float) / np.array([m.max_points for m in mains]) * 100
    names = [f"{m.code}. {(m.name_en or m.name) if _lang(language) == 'en' else m.name}" for m in mains]
    return pd.DataFrame(pct, index=list(s.index), columns=names)


def _order(result: ScoreResult) -> list[str]:
    """Unit ids, best first (unranked units last, by name)."""
    t = result.totals()
    return list(t.sort_values(["rank", "unit_name"], kind="mergesort", na_position="last")["unit_id"])


# -- bands ----------------------------------------------------------------------------------

def _band_handles(design, language: str, value_scale: float):
    """Legend entries of the bands (colour patches) and of their limit lines."""
    if not design.bands:
        return [], []
    colours = band_colours(design.bands)
    lang = _lang(language)
    handles, low = [], None
    for b in design.bands.bands:
        name = band_label(b, lang)
        if b.upto is not None:
            lab = text("charts.band_item", lang, band=name, upto=number(b.upto, lang, 1))
        else:
            lab = text("charts.band_last", lang, band=name, low=number(low or 0, lang, 1))
        handles.append(Patch(color=colours[b.label], label=lab))
        low = b.upto
    limits = [b.upto for b in design.bands.bands if b.upto is not None]
    lines = [Line2D([], [], color="#555555", lw=0.8, ls=":",
                    label=text("charts.band_limits", lang, limits=" / ".join(number(x, lang, 1) for x in limits)))]
    return handles, lines


def _band_lines(ax, design, value_scale: float, vertical: bool = True):
    if not design.bands:
        return
    for b in design.bands.bands:
        if b.upto is not None:
            (ax.axvline if vertical else ax.axhline)(b.upto * value_scale, color="#555555", lw=0.8, ls=":", zorder=0)


def _colours(bands_of_units, design) -> list[str]:
    if not design.bands:
        return [NO_BAND] * len(bands_of_units)
    c = band_colours(design.bands)
    return [c.get(b, NO_BAND_GREY) for b in bands_of_units]


# -- ranking ----------------------------------------------------------------------------------

def ranking_chart(result: ScoreResult, language: str = "vi", parents: Mapping[str, str] | str | None = None):
    """The index of every unit, best at the top, coloured by band where the design has bands.

    Up to :data:`LARGE` units: one named bar per unit. Above: every unit as a dot (a row per
    parent when ``parents`` gives them, else by rank) above named bars of the top and bottom
    :data:`TOP_N`.
    """
    setup()
    d = result.design
    lang = _lang(language)
    col = "value" if d.index_value == "value" else "percent"
    scale = 0.01 if col == "value" else 1.0  # band limits are percent
    t = result.totals().set_index("unit_id")
    order = _order(result)
    parents = resolve_parents(parents)
    labels = unit_labels(order, result.unit_names, parents)
    # labelled at the precision ties are judged at (the design's ranking.decimals of the percent):
    # two units of different ranks never carry the same number (90,0 and 90,0 at ranks 6 and 7)
    digits = d.ranking.decimals + (2 if col == "value" else 0)
    patches, lines = _band_handles(d, lang, scale)
    if d.bands and t["band"].isna().any():  # units without a band (no score to band) are grey
        patches.append(Patch(color=NO_BAND_GREY, label=text("charts.no_band", lang)))
    handles = patches + lines
    n = len(order)
    if not is_large(n):
        fig = figure(WIDTH, rows_height(n, 1.6 + 0.25 * (len(handles) + 1) // 2))
        ax = fig.subplots()
        _bars(ax, order, t, col, labels, d, lang, digits, scale)
        ax.set_title(text("charts.ranking", lang))
    else:
        top, bottom = top_bottom(n, TOP_N)
        by_parent = use_parents(order, parents)
        strip_rows = len({parents[u] for u in order}) if by_parent else 0
        strip_h = max(2.6, rows_height(strip_rows, 0.6)) if by_parent else 2.8
        bars_h = rows_height(len(top), 0.9)
        fig = figure(WIDTH, strip_h + bars_h + 0.9 + 0.25 * (len(handles) + 1) // 2)
        gs = fig.add_gridspec(2, 2, height_ratios=[strip_h, bars_h])
        ax = fig.add_subplot(gs[0, :])
        if by_parent:
            handles += _parent_strip(ax, order, t, col, parents, d, lang, scale)
        else:
            _rank_strip(ax, order, t, col, d, lang, scale)
        fig.suptitle(text("charts.ranking", lang))
        for k, (pos, key) in enumerate(((top, "charts.top"), (bottom, "charts.bottom"))):
            a = fig.add_subplot(gs[1, k])
            ids = [order[i] for i in pos]
            _bars(a, ids, t, col, {u: _ranked(t.at[u, "rank"], labels[u]) for u in ids},
                  d, lang, digits, scale, label_width=2.0)
            a.set_title(text(key, lang, n=len(ids)), fontsize=10)
            if col == "percent":
                a.set_xlim(0, 112)
    legend_below(fig, handles, ncol=2 if len(handles) > 3 else len(handles))
    localise(fig, lang)
    return fig


def _ranked(rank, label: str) -> str:
    """'12. Xã A' (no number for a unit assessed but not ranked)."""
    return f"{int(rank)}. {label}" if rank == rank and rank is not None else label


def _bars(ax, ids, t, col, labels, design, lang, digits, scale, label_width: float = LABEL_IN):
    vals = t.loc[ids, col].astype(float).to_numpy()
    y = np.arange(len(ids))
    ax.barh(y, np.nan_to_num(vals), color=_colours(t.loc[ids, "band"], design), height=0.75)
    ax.set_yticks(y, [abbreviate(labels[u], label_width, LABEL_PT) for u in ids], fontsize=LABEL_PT)
    ax.set_ylim(len(ids) - 0.5, -0.5)
    for yi, v in zip(y, vals):
        if v == v:
            ax.text(v, yi, " " + number(v, lang, digits, trim=False), va="center", fontsize=7).set_in_layout(False)
    _band_lines(ax, design, scale)
    top = np.nanmax(vals) if len(vals) and np.isfinite(vals).any() else 1.0
    ax.set_xlim(0, max(top * 1.12, 1.12 if col == "value" else 10))
    ax.set_xlabel(header(col, lang))


def _rank_strip(ax, order, t, col, design, lang, scale):
    vals = t.loc[order, col].astype(float).to_numpy()
    x = np.arange(1, len(order) + 1)
    ax.scatter(x, vals, s=6 if len(order) <= 600 else 3, c=_colours(t.loc[order, "band"], design), linewidths=0)
    _band_lines(ax, design, scale, vertical=False)
    ax.set_xlim(0, len(order) + 1)
    ax.set_xlabel(header("rank", lang))
    ax.set_ylabel(header(col, lang))
    ax.set_title(text("charts.all_units", lang, n=len(order)), fontsize=10)
    ax.grid(axis="y", alpha=0.3)


def _parent_strip(ax, order, t, col, parents, design, lang, scale):
    frame = pd.DataFrame({"parent": [parents[u] for u in order], "v": t.loc[order, col].astype(float).to_numpy(),
                          "band": list(t.loc[order, "band"])}, index=order)
    med = frame.groupby("parent")["v"].median().sort_values(ascending=False, kind="mergesort")
    rows = {p: i for i, p in enumerate(med.index)}
    size = frame.groupby("parent").size()
    rng = np.random.default_rng(0)  # fixed jitter: the same inputs give the same picture
    y = frame["parent"].map(rows).to_numpy(dtype=float) + rng.uniform(-0.22, 0.22, len(frame))
    ax.scatter(frame["v"], y, s=9, c=_colours(frame["band"], design), linewidths=0, alpha=0.85)
    ax.scatter(med.to_numpy(), np.arange(len(med)), marker="D", s=22, facecolor="none", edgecolor="#222222", lw=0.9, zorder=3)
    ax.set_yticks(np.arange(len(med)), [abbreviate(text("charts.parent_row", lang, parent=p, n=int(size[p])), LABEL_IN, LABEL_PT) for p in med.index],
                  fontsize=LABEL_PT)
    ax.set_ylim(len(med) - 0.5, -0.5)
    _band_lines(ax, design, scale)
    ax.set_xlabel(header(col, lang))
    ax.set_title(text("charts.by_parent", lang, n=len(order)), fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return [Line2D([], [], ls="", marker="o", ms=4, color=NO_BAND if not design.bands else "#777777", label=text("charts.one_unit", lang)),
            Line2D([], [], ls="", marker="D", ms=5, mfc="none", mec="#222222", label=text("charts.parent_median", lang))]


# -- heatmaps ---------------------------------------------------------------------------------

def _reduce_rows(result: ScoreResult, matrix: pd.DataFrame, parents: Mapping[str, str], lang: str):
    """The rows a heatmap shows: every unit up to LARGE, else the parents' means (in the
    ranking chart's order: by the median index) or the top and bottom units with a gap row; and the subtitle."""
    order = _order(result)
    labels = unit_labels(order, result.unit_names, parents)
    n = len(order)
    if not is_large(n):
        m = matrix.loc[order]
        m.index = [labels[u] for u in order]
        return m, None, []
    if use_parents(order, parents):
        t = result.totals().set_index("unit_id")
        col = "value" if result.design.index_value == "value" else "percent"
        frame = matrix.loc[order].assign(_parent=[parents[u] for u in order], _total=t.loc[order, col].astype(float).to_numpy())
        g = frame.groupby("_parent")
        # the parents in the ranking chart's order (by their units' median index, best first),
        # so that a district is on the same row of both charts; the cells are means
        median = g["_total"].median().sort_values(ascending=False, kind="mergesort")
        means = g.mean().loc[median.index]
        size = g.size()
        out = means.drop(columns="_total")
        out.index = [text("charts.parent_row", lang, parent=p, n=int(size[p])) for p in means.index]
        return out, text("charts.heatmap_parents", lang), []
    k = TOP_N + 5
    top, bottom = top_bottom(n, k)
    ids = [order[i] for i in top] + [order[i] for i in bottom]
    m = matrix.loc[ids]
    rank = result.totals().set_index("unit_id")["rank"]
    m.index = [_ranked(rank[u], labels[u]) for u in ids]
    gap = pd.DataFrame(np.nan, index=[text("charts.gap", lang, n=n - len(ids))], columns=m.columns)
    m = pd.concat([m.iloc[: len(top)], gap, m.iloc[len(top):]])
    return m, text("charts.heatmap_top_bottom", lang, k=len(top), n=n), [len(top)]


def _heatmap(m: pd.DataFrame, title: str, subtitle: str | None, lang: str, gaps=()):
    rows, cols = m.shape
    col_w = 1.05
    label_w = min(LABEL_IN, max([0.6] + [text_width(s, LABEL_PT) + 0.1 for s in m.index]))
    # no wider than the other charts: printed on A4 a 12-inch heat map of 8 indicators was
    # scaled to 65 %, its numbers 4.5 points high; at 8 inches they print at 6.4 points and an
    # indicator's name takes up to four lines of its narrower column
    width = max(6.0, min(col_w * cols + label_w + 1.6, WIDTH))
    col_w = (width - label_w - 1.6) / max(cols, 1)
    col_labels = [fit_label(c, col_w * 0.95, TICK_PT, lines=4) for c in m.columns]
    fig = figure(width, rows_height(rows, 1.4 + 0.12 * max(lab.count("\n") + 1 for lab in col_labels)))
    ax = fig.subplots()
    data = m.to_numpy(dtype=float)
    im = ax.imshow(np.ma.masked_invalid(data), cmap="RdYlGn", vmin=0, vmax=100, aspect="auto", interpolation="nearest")
    ax.set_yticks(range(rows), [abbreviate(s, LABEL_IN, LABEL_PT) for s in m.index], fontsize=LABEL_PT)
    ax.set_xticks(range(cols), col_labels, fontsize=TICK_PT)
    ax.tick_params(axis="x", length=0)
    for i in range(rows):
        for j in range(cols):
            v = data[i, j]
            if v == v:
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7,
                        color="white" if v < 15 or v > 85 else "black").set_in_layout(False)
    for g in gaps:
        ax.axhline(g, color="white", lw=3)
    fig.colorbar(im, ax=ax, label=text("charts.percent_of_max", lang), shrink=0.9 if rows > 6 else 1.0, aspect=30)
    # over the figure, each line fitted to its width: the subtitle of the district means (one
    # line of 90 characters over the axes) ran past the figure's right edge at 150 communes
    fig.suptitle(fit_lines("\n".join(s for s in (title, subtitle) if s), width - 0.3, 11), fontsize=11)
    return fig


def heatmap(result: ScoreResult, language: str = "vi", parents: Mapping[str, str] | str | None = None):
    """Units × main indicators, percent of max; above :data:`LARGE` units, the parents' means
    (where ``parents`` gives them) or the top and bottom units."""
    setup()
    lang = _lang(language)
    m, sub, gaps = _reduce_rows(result, indicator_matrix(result, lang), resolve_parents(parents), lang)
    fig = _heatmap(m, text("report.chart.heatmap", lang), sub, lang, gaps)
    localise(fig, lang)
    return fig


def distributions(result: ScoreResult, language: str = "vi"):
    """Each main indicator's distribution over the units (percent of max): box, median, mean
    and every unit as a dot, with a key to each mark."""
    setup()
    lang = _lang(language)
    pct = indicator_matrix(result, lang)
    cols = pct.shape[1]
    width = max(6.0, min(1.05 * cols + 1.2, WIDTH))  # printed at 7.32 / 8 at least, as the heat map
    col_labels = [fit_label(c, (width - 1.2) / max(cols, 1) * 0.92, TICK_PT, lines=4) for c in pct.columns]
    fig = figure(width, 5.2)
    ax = fig.subplots()
    data = [pct[c].dropna().to_numpy() for c in pct.columns]
    n = len(pct)
    box = ax.boxplot(data, showmeans=True, widths=0.55,
               medianprops={"color": "#c55a11", "lw": 1.6},
               meanprops={"marker": "^", "markerfacecolor": "#548235", "markeredgecolor": "#548235", "markersize": 6},
               flierprops={"marker": "o", "markerfacecolor": "none", "markeredgecolor": "#222222", "markersize": 5})
    rng = np.random.default_rng(0)  # fixed jitter: the same inputs give the same picture
    size, alpha = (10, 0.6) if n <= LARGE else (3, 0.25)
    for j, d in enumerate(data, start=1):
        ax.scatter(j + rng.uniform(-0.12, 0.12, len(d)), d, s=size, alpha=alpha, color="#1f4e79", linewidths=0, zorder=0)
    ax.set_xticks(range(1, cols + 1), col_labels, fontsize=TICK_PT)
    ax.set_ylim(-3, 103)
    ax.set_ylabel(text("charts.percent_of_max", lang))
    ax.set_title(text("report.chart.distributions", lang))
    handles = [
        Patch(facecolor="white", edgecolor="black", label=text("charts.box.box", lang)),
        Line2D([], [], color="#c55a11", lw=1.6, label=text("charts.box.median", lang)),
        Line2D([], [], ls="", marker="^", color="#548235", label=text("charts.box.mean", lang)),
        Line2D([], [], color="black", lw=1, marker="|", markersize=8, label=text("charts.box.whisker", lang)),
        Line2D([], [], ls="", marker="o", mfc="none", mec="#222222", label=text("charts.box.outlier", lang)),
        Line2D([], [], ls="", marker="o", color="#1f4e79", alpha=0.6, markersize=4, label=text("charts.one_unit", lang)),
    ]
    if not any(len(f.get_xdata()) for f in box["fliers"]):
        del handles[4]  # no outlying value: no key to one
    legend_below(fig, handles, ncol=2)
    localise(fig, lang)
    return fig


def pillar_chart(result: ScoreResult, language: str = "vi", parents: Mapping[str, str] | str | None = None):
    """Each unit's pillars (percent of the pillar's max): grouped bars up to :data:`LARGE`
    units, above it a heatmap of the parents' means or of the top and bottom units."""
    setup()
    d = result.design
    lang = _lang(language)
    s = result.scores[result.scores["kind"] == "pillar"]
    names = [(p.name_en or p.name) if lang == "en" else p.name for p in d.pillars]
    pct = s.pivot(index="unit_id", columns="code", values="percent").loc[list(result.units), [p.code for p in d.pillars]]
    pct.columns = names
    order = _order(result)
    if is_large(len(order)):
        m, sub, gaps = _reduce_rows(result, pct, resolve_parents(parents), lang)
        fig = _heatmap(m, header("pillar", lang), sub, lang, gaps)
        localise(fig, lang)
        return fig
    labels = unit_labels(order, result.unit_names, resolve_parents(parents))
    k = max(1, len(d.pillars))
    fig = figure(WIDTH, rows_height(len(order) * (k + 1) / 3, 1.8))
    ax = fig.subplots()
    h = 0.8 / k
    y = np.arange(len(order))
    for j, (p, name) in enumerate(zip(d.pillars, names)):
        ax.barh(y + (j - (k - 1) / 2) * h, pct.loc[order, name].astype(float).fillna(0.0), h, label=name)
    ax.set_yticks(y, [abbreviate(labels[u], LABEL_IN, LABEL_PT) for u in order], fontsize=LABEL_PT)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlabel(text("charts.percent_of_max", lang))
    ax.set_xlim(0, 105)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(header("pillar", lang))
    legend_below(fig, ax.get_legend_handles_labels()[0], ncol=min(k, 3))
    localise(fig, lang)
    return fig
