"""Matplotlib set-up shared by the reports: a font with Vietnamese diacritics, print-friendly.

DejaVu Sans ships with matplotlib and covers every Vietnamese letter, so labels such as
"Hạ tầng số" render the same on every machine; SVG/PNG embed the glyphs.
"""
from __future__ import annotations

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker

FONT = "DejaVu Sans"
PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#a5a5a5", "#843c0c", "#375623"]
BAND_COLOURS = {"Khởi động": "#d9534f", "Hình thành": "#f0ad4e", "Nâng cao": "#5bc0de", "Dẫn dắt": "#5cb85c"}


def setup() -> None:
    """Apply the report style (call once per notebook or process)."""
    plt.rcParams.update({
        "font.family": FONT,
        "font.size": 10,
        "axes.titlesize": 12,
        "axes.labelsize": 10,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "figure.dpi": 110,
        "savefig.dpi": 150,
        "savefig.bbox": "tight",
        "svg.fonttype": "path",  # glyphs embedded as paths: diacritics survive everywhere
        "svg.hashsalt": "dti-kit",  # deterministic SVG ids
        "pdf.fonttype": 42,
    })


def missing_glyphs(text: str, font: str = FONT) -> set[str]:
    """Characters of ``text`` the font cannot draw (used by the tests for diacritics)."""
    from matplotlib import font_manager
    from matplotlib.ft2font import FT2Font

    path = font_manager.findfont(font_manager.FontProperties(family=font), fallback_to_default=False)
    ft = FT2Font(path)
    charmap = ft.get_charmap()
    return {ch for ch in text if not ch.isspace() and ord(ch) not in charmap}


class DecimalCommaFormatter(matplotlib.ticker.ScalarFormatter):
    """matplotlib's default tick labels with the Vietnamese decimal comma (0,25 not 0.25)."""

    def __call__(self, x, pos=None):
        return super().__call__(x, pos).replace(".", ",")


def localise(fig_or_ax, language: str = "vi"):
    """Write the numeric tick labels of every axes the reader's way (Vietnamese: decimal
    comma); category axes and explicit labels are left as they are. Returns its argument."""
    if language == "en":
        return fig_or_ax
    from matplotlib.figure import Figure

    axes = fig_or_ax.axes if isinstance(fig_or_ax, Figure) else fig_or_ax.figure.axes  # colour bars too
    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if type(fmt) is matplotlib.ticker.ScalarFormatter:
                axis.set_major_formatter(DecimalCommaFormatter())
    return fig_or_ax
