"""Charts of the scoring report (matplotlib, Vietnamese labels rendered with DejaVu Sans)."""
from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np

from dti_kit.i18n import header, number, text
from dti_kit.report.plotting import BAND_COLOURS, localise, setup
from dti_kit.report.tables import index_column, indicator_percent
from dti_kit.scoring import ScoreResult


def _wrap(s: str, width: int = 28) -> str:
    return "\n".join(textwrap.wrap(str(s), width)) or str(s)


def ranking_chart(result: ScoreResult, language: str = "vi"):
    """Horizontal bars of the index, best at the top, coloured by band where bands exist."""
    setup()
    t = result.totals().sort_values(["rank", "unit_name"], ascending=[False, False], kind="mergesort")
    col = index_column(result.design)
    vals = t[col].astype(float)
    fig, ax = plt.subplots(figsize=(8, max(2.5, 0.32 * len(t) + 1)))
    colours = [BAND_COLOURS.get(b, "#1f4e79") for b in t["band"]] if result.design.bands else "#1f4e79"
    ax.barh(t["unit_name"], vals, color=colours)
    ax.set_xlabel(header(col, language))
    ax.set_title(text("report.sheet.ranking", language))
    for y, v in enumerate(vals):
        ax.text(v, y, " " + number(v, language, 3 if col == "value" else 1, trim=False), va="center", fontsize=8)
    if result.design.bands:
        for b in result.design.bands.bands:
            if b.upto is not None and col == "percent":
                ax.axvline(b.upto, color="#888", lw=0.6, ls=":")
    fig.tight_layout()
    localise(fig, language)
    return fig


def heatmap(result: ScoreResult, language: str = "vi"):
    """Units × main indicators, percent of max."""
    setup()
    pct = indicator_percent(result)
    order = result.totals().sort_values(["rank", "unit_name"], kind="mergesort")["unit_name"]
    pct = pct.loc[list(order)]
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * pct.shape[1] + 3), max(2.5, 0.32 * len(pct) + 1.5)))
    im = ax.imshow(pct.to_numpy(dtype=float), cmap="RdYlGn", vmin=0, vmax=100, aspect="auto")
    ax.set_yticks(range(len(pct)), pct.index, fontsize=8)
    ax.set_xticks(range(pct.shape[1]), [_wrap(c, 16) for c in pct.columns], fontsize=7, rotation=0)
    for i in range(pct.shape[0]):
        for j in range(pct.shape[1]):
            v = pct.iat[i, j]
            if v == v:
                ax.text(j, i, f"{v:.0f}", ha="center", va="center", fontsize=7)
    fig.colorbar(im, ax=ax, label="% " + header("max_points", language).lower())
    ax.set_title(text("report.chart.heatmap", language))
    fig.tight_layout()
    localise(fig, language)
    return fig


def distributions(result: ScoreResult, language: str = "vi"):
    """Each main indicator's distribution over the units (percent of max)."""
    setup()
    pct = indicator_percent(result)
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * pct.shape[1] + 2), 4))
    data = [pct[c].dropna().to_numpy() for c in pct.columns]
    ax.boxplot(data, showmeans=True)
    rng = np.random.default_rng(0)  # fixed jitter: the same inputs give the same picture
    for j, d in enumerate(data, start=1):
        ax.scatter(j + rng.uniform(-0.12, 0.12, len(d)), d, s=10, alpha=0.6, color="#1f4e79")
    ax.set_xticks(range(1, pct.shape[1] + 1), [_wrap(c, 16) for c in pct.columns], fontsize=7)
    ax.set_ylim(-3, 103)
    ax.set_ylabel("%")
    ax.set_title(text("report.chart.distributions", language))
    fig.tight_layout()
    localise(fig, language)
    return fig


def pillar_chart(result: ScoreResult, language: str = "vi"):
    """Grouped bars of each unit's pillars (percent of the pillar's max)."""
    setup()
    d = result.design
    s = result.scores[result.scores["kind"] == "pillar"]
    pct = s.pivot(index="unit_id", columns="code", values="percent").loc[list(result.units), [p.code for p in d.pillars]]
    pct.index = [result.unit_names[u] for u in pct.index]
    fig, ax = plt.subplots(figsize=(max(6, 0.6 * len(pct) + 2), 4))
    width = 0.8 / max(1, len(d.pillars))
    x = np.arange(len(pct))
    for k, p in enumerate(d.pillars):
        ax.bar(x + k * width, pct[p.code], width, label=p.name if language != "en" else (p.name_en or p.name))
    ax.set_xticks(x + width * (len(d.pillars) - 1) / 2, [_wrap(u, 14) for u in pct.index], fontsize=7, rotation=45, ha="right")
    ax.set_ylabel("%")
    ax.set_ylim(0, 105)
    ax.legend(fontsize=8)
    ax.set_title(header("pillar", language))
    fig.tight_layout()
    localise(fig, language)
    return fig

