"""Charts of the sensitivity analysis: rank intervals, Sobol' indices, rank shifts.

Each function returns a matplotlib Figure (call :func:`dti_kit.report.plotting.setup` first).
"""
from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from dti_kit.i18n import header, text
from dti_kit.report.plotting import PALETTE, localise

MAX_LABELS = 60


def rank_intervals(result, language: str = "vi") -> Figure:
    """Median rank and 5–95 % bar of every unit, official rank marked, units in official
    rank order (best at the top)."""
    u = result.units
    n = len(u)
    fig = Figure(figsize=(8, min(0.28 * n + 1.4, 30)))
    ax = fig.subplots()
    y = np.arange(n)
    ax.hlines(y, u["rank_p05"], u["rank_p95"], color=PALETTE[6], linewidth=4, label=text("sensitivity.plot.interval", language))
    ax.plot(u["rank_median"], y, "o", color=PALETTE[0], markersize=5, label=header("rank_median", language, "sensitivity"))
    ax.plot(u["rank"], y, "D", markerfacecolor="none", markeredgecolor=PALETTE[1], markersize=7,
            label=header("rank", language, "sensitivity"))
    ax.set_ylim(n - 0.5, -0.5)
    if n <= MAX_LABELS:
        ax.set_yticks(y, list(u["unit_name"]))
    else:
        ax.set_yticks([])
    ax.set_xlim(0.5, max(n, 1) + 0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel(text("common.col.rank", language))
    ax.set_title(text("sensitivity.plot.intervals", language))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.6 / fig.get_figheight() - 0.04), ncol=3, fontsize=8, frameon=False)
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    localise(fig, language)
    return fig


def sobol_bars(result, language: str = "vi") -> Figure:
    """First-order and total Sobol' indices of each weight, with their bootstrap intervals."""
    s = result.sobol
    fig = Figure(figsize=(8, 0.45 * max(len(s), 1) + 1.6))
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
        ax.set_yticks(y, [f"{c} {nm}" if len(nm) < 36 else f"{c} {nm[:34]}…" for c, nm in zip(s["code"], s["name"])])
        ax.set_ylim(len(s) - 0.5, -0.5)
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    ax.set_xlim(left=0)
    ax.set_title(text("sensitivity.plot.sobol", language))
    ax.grid(axis="x", alpha=0.3)
    fig.tight_layout()
    localise(fig, language)
    return fig


def rank_shifts(result, language: str = "vi") -> Figure:
    """Rank change of every unit (rows, official rank order) under every alternative
    (columns): a heat map, red = falls, blue = rises, numbers written where they fit."""
    ranks = result.alternative_ranks
    alt = result.alternatives
    units = result.units
    if not len(ranks):
        fig = Figure(figsize=(6, 1.5))
        fig.subplots().axis("off")
        localise(fig, language)
        return fig
    M = ranks.pivot(index="unit_id", columns="scenario", values="change")
    M = M.loc[list(units["unit_id"]), list(alt["scenario"])].to_numpy(dtype=float)
    n, m = M.shape
    fig = Figure(figsize=(min(1.0 + 0.55 * m + 2.5, 18), min(0.28 * n + 3.2, 30)))
    ax = fig.subplots()
    lim = max(1.0, float(np.nanmax(np.abs(M))) if M.size else 1.0)
    im = ax.imshow(M, cmap="RdBu_r", vmin=-lim, vmax=lim, aspect="auto")
    if n * m <= 1500:
        for (i, j), v in np.ndenumerate(M):
            if v != 0 and not np.isnan(v):
                ax.text(j, i, f"{int(v):+d}", ha="center", va="center", fontsize=7,
                        color="white" if abs(v) > 0.6 * lim else "black")
    ax.set_xticks(np.arange(m), [t if len(t) <= 46 else t[:44] + "…" for t in alt["label"]], rotation=60, ha="right", fontsize=8)
    ax.set_yticks(np.arange(n), list(units["unit_name"]) if n <= MAX_LABELS else [""] * n, fontsize=8)
    if n > MAX_LABELS:
        ax.set_yticks([])
    ax.set_title(text("sensitivity.plot.shifts", language))
    fig.colorbar(im, ax=ax, label=text("sensitivity.plot.change", language), shrink=0.6)
    fig.tight_layout()
    localise(fig, language)
    return fig


def png(fig: Figure) -> bytes:
    """The figure as PNG bytes (for ``IPython.display.Image``; the report's backend is Agg)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()
