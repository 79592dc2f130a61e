"""Matplotlib set-up shared by the reports' charts: a font with Vietnamese diacritics, one
layout pass, labels that fit, legends, and the large-count helpers.

DejaVu Sans ships with matplotlib and covers every Vietnamese letter, so labels such as
"Hạ tầng số" render the same on every machine; SVG/PNG embed the glyphs.

Every chart is a :func:`figure` with matplotlib's constrained layout, computed once when the
figure is drawn (:func:`png` draws it once, at the resolution its printed size needs
(:func:`dpi_for`), without ``savefig``'s dry draw; no call of matplotlib's tight layout, no
``bbox_inches="tight"``, each of which lays the figure out again). Its height comes from the number of rows
(:data:`ROW_INCHES` per labelled row, at most :data:`LARGE` rows); above :data:`LARGE` units
the charts switch to forms that name only a few units (:func:`top_bottom`) or one row per
parent (:func:`resolve_parents`). Labels are fitted to the space they have, measured with the
font they are drawn in (:func:`fit_label`), never left to overlap.
"""
from __future__ import annotations

import functools
import io
import re
from typing import Mapping, Sequence

import matplotlib
import matplotlib.pyplot as plt
import matplotlib.ticker
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

__all__ = ["FONT", "PALETTE", "BAND_COLOURS", "LARGE", "TOP_N", "ROW_INCHES", "DPI", "PRINT_DPI", "MIN_DPI", "setup", "missing_glyphs",
           "ThousandsFormatter", "DecimalCommaFormatter", "localise", "figure", "rows_height", "dpi_for", "png", "text_width", "fit_label", "fit_lines", "abbreviate",
           "even_parts", "resolve_parents", "use_parents", "unit_labels", "top_bottom", "band_colours", "band_label", "legend_below"]

FONT = "DejaVu Sans"
PALETTE = ["#1f4e79", "#c55a11", "#548235", "#7030a0", "#bf9000", "#2e75b6", "#a5a5a5", "#843c0c", "#375623"]
BAND_COLOURS = {"Khởi động": "#d9534f", "Hình thành": "#f0ad4e", "Nâng cao": "#5bc0de", "Dẫn dắt": "#5cb85c"}
BAND_SCALE = ["#d9534f", "#f0ad4e", "#5bc0de", "#5cb85c", "#2e7d32", "#1b5e20"]  # bands of other names, lowest first
NO_BAND = "#1f4e79"

#: Above this many units, ranking, heatmap and per-unit charts switch to their large-count form.
LARGE = 50
#: How many units the large-count forms name at the top and at the bottom.
TOP_N = 10
#: Height of one labelled row (8-point labels: 0.11 in high, so rows never touch).
ROW_INCHES = 0.22
#: PNG resolution: 150 dpi keeps 7-point labels sharp in print; figures stay under 9 × 13 in.
DPI = 150
#: Pixels per inch of paper a chart keeps when printing scales a large figure down to the
#: page (:func:`dpi_for`): 200, sharper than :data:`DPI` at full size.
PRINT_DPI = 200
#: The least resolution of a chart, for the screen (a wide figure is still 1,000 pixels and more).
MIN_DPI = 100
WIDTH = 8.0
MAX_HEIGHT = 13.0


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
        "savefig.dpi": DPI,
        "savefig.bbox": "standard",  # the constrained layout fits the figure: no second layout pass
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


#: a tick label as matplotlib's ScalarFormatter writes a plain number: sign, whole part, decimals
_PLAIN_NUMBER = re.compile(r"(?P<sign>[\u2212-]?)(?P<whole>\d+)(?:\.(?P<frac>\d+))?")


class ThousandsFormatter(matplotlib.ticker.ScalarFormatter):
    """matplotlib's default tick labels with the thousands grouped as readers write them
    (1,250 in English; the tables and the text do the same). Labels that are not a plain
    number (an offset, a power of ten) are left as they are.

    Examples
    --------
    >>> f = ThousandsFormatter(); f.create_dummy_axis()
    >>> f.format_ticks([0, 1250, 2500])
    ['0', '1,250', '2,500']
    """

    decimal, group = ".", ","

    def __call__(self, x, pos=None):
        s = super().__call__(x, pos)
        m = _PLAIN_NUMBER.fullmatch(s)
        if m is None:
            return s
        whole = format(int(m["whole"]), ",").replace(",", self.group)
        return m["sign"] + whole + ("" if m["frac"] is None else self.decimal + m["frac"])


class DecimalCommaFormatter(ThousandsFormatter):
    """matplotlib's default tick labels the Vietnamese way: decimal comma, thousands dot
    (0,25 not 0.25; 1.250 not 1250).

    Examples
    --------
    >>> f = DecimalCommaFormatter(); f.create_dummy_axis()
    >>> f.format_ticks([0, 0.25, 0.5])
    ['0,00', '0,25', '0,50']
    >>> f.format_ticks([-1250, 0, 1250])
    ['−1.250', '0', '1.250']
    """

    decimal, group = ",", "."


def localise(fig_or_ax, language: str = "vi"):
    """Write the numeric tick labels of every axes the reader's way (Vietnamese: decimal
    comma, thousands dot; English: thousands comma); category axes and explicit labels are
    left as they are. Returns its argument."""
    from matplotlib.figure import Figure

    kind = ThousandsFormatter if language == "en" else DecimalCommaFormatter
    axes = fig_or_ax.axes if isinstance(fig_or_ax, Figure) else fig_or_ax.figure.axes  # colour bars too
    for ax in axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            if type(fmt) is matplotlib.ticker.ScalarFormatter:
                axis.set_major_formatter(kind())
    return fig_or_ax


def figure(width: float = WIDTH, height: float = 4.0, max_height: float = MAX_HEIGHT) -> Figure:
    """A new figure laid out once, by matplotlib's constrained layout, when it is drawn
    (outside pyplot: nothing to close, nothing kept). ``height`` is capped at ``max_height``
    (charts whose rows do not shrink, such as small multiples, pass a larger one)."""
    fig = Figure(figsize=(width, min(max(height, 1.5), max_height)), layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def rows_height(rows: int, extra: float = 1.6) -> float:
    """Figure height for ``rows`` labelled rows plus titles, axis and legend."""
    return ROW_INCHES * max(rows, 1) + extra


def dpi_for(fig: Figure, dpi: int = DPI) -> int:
    """The resolution of ``fig``'s PNG: ``dpi``, or less for a figure that printing scales
    down to fit the page (wider or higher than :func:`dti_kit.report.printing.image_box_inches`),
    so that it still has :data:`PRINT_DPI` pixels per inch on paper and never fewer than
    :data:`MIN_DPI`. The pixels are not what drawing costs (matplotlib's layout is), but
the page carries them and Chromium prints them: the bundled PDFs printed a fifth faster.

    Examples
    --------
    >>> dpi_for(Figure(figsize=(8, 4)))  # an ordinary chart, printed 7.3 in wide: 183 would do
    150
    >>> dpi_for(Figure(figsize=(12.6, 13.2)))  # small multiples, printed 7.3 in wide: 200 × 7.3 / 12.6
    116
    """
    from dti_kit.report.printing import image_box_inches

    box_w, box_h = image_box_inches()
    w, h = fig.get_size_inches()
    scale = min(1.0, box_w / w, box_h / h)
    return int(min(dpi, max(MIN_DPI, round(PRINT_DPI * scale))))


def png(fig: Figure, dpi: int | None = None) -> bytes:
    """The figure as PNG bytes (for ``IPython.display.Image``), drawn once.

    The canvas draws the figure at ``dpi`` (default :func:`dpi_for`; its constrained layout
    is computed in that draw) and its pixels are written as PNG: what ``savefig`` writes,
    without the dry draw that ``savefig`` makes first to lay a figure out and then draws again
    (a fifth of a chart's time, issue 20). An opaque figure (every report chart) is written
    as RGB, without the alpha channel that is 255 everywhere: the same pixels, a tenth
    smaller, a quarter faster to encode. zlib's fastest level (1) halves the encoding again
    for 7 % more bytes (the 154 charts of the bundled build: 5.4 s and 9.0 MB at PIL's
    default level 6, 2.9 s and 9.7 MB at level 1)."""
    import numpy as np
    from PIL import Image

    canvas = fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)
    dpi = dpi_for(fig) if dpi is None else dpi
    shown_at = fig.dpi
    fig.set_dpi(dpi)
    try:
        canvas.draw()
        rgba = np.asarray(canvas.buffer_rgba())
        image = (Image.fromarray(np.ascontiguousarray(rgba[..., :3]), "RGB") if (rgba[..., 3] == 255).all()
                 else Image.fromarray(rgba, "RGBA"))
        buf = io.BytesIO()
        image.save(buf, format="png", dpi=(dpi, dpi), compress_level=1)  # no text chunks: the same bytes every run
    finally:
        fig.set_dpi(shown_at)
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def _renderer():
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(10, 10, 72)  # 72 dpi: widths in points


@functools.lru_cache(maxsize=20000)
def text_width(s: str, size: float = 8.0) -> float:
    """Width of one line of text in inches, as Agg draws it in the report's font."""
    w, _, _ = _renderer().get_text_width_height_descent(s, FontProperties(family=FONT, size=size), ismath=False)
    return w / 72.0


def fit_label(s: str, width: float, size: float = 8.0, lines: int = 3) -> str:
    r"""``s`` wrapped at word breaks to lines at most ``width`` inches wide in ``size``-point
    type, at most ``lines`` lines; what does not fit ends in "…" (never wider than ``width``).
    An English word wider than ``width`` on its own is hyphenated where pyphen's dictionary
    allows ("infrastruc-" / "ture" under a heat map's narrow column), not cut.

    Examples
    --------
    >>> fit_label("3. Digital infrastructure", 0.55, 7, lines=4)
    '3. Digital\ninfrastruc-\nture'
    """
    out: list[str] = []
    cur, hyphen = "", False
    for glue, piece, breakable in _pieces(str(s), width, size):
        cand = f"{cur}{glue}{piece}" if cur else piece
        # a piece the line may break after must fit with its hyphen
        if text_width(cand + ("-" if breakable else ""), size) <= width or not cur:
            cur = cand
        else:
            out.append(cur + ("-" if hyphen else ""))
            cur = piece
        hyphen = breakable
    if cur:
        out.append(cur)
    out = [_clip(line, width, size) for line in out]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = _clip(out[-1] + " …", width, size, force=True)
    return "\n".join(out) or str(s)


def even_parts(n: int, most: int) -> list[range]:
    """``n`` items shared out between as few figures of at most ``most`` items as hold them,
    as evenly as they go (sizes differ by at most one, the larger first): 63 concepts of at
    most 27 a figure are 21, 21 and 21, not 27, 27 and 9; 13 panels of at most 6 are 5, 4 and 4,
    not a last figure of one panel.

    Examples
    --------
    >>> [len(r) for r in even_parts(63, 27)], [len(r) for r in even_parts(13, 6)], even_parts(0, 6)
    ([21, 21, 21], [5, 4, 4], [])
    """
    if n <= 0:
        return []
    parts = -(-n // most)
    size, extra = divmod(n, parts)
    starts = [k * size + min(k, extra) for k in range(parts + 1)]
    return [range(a, b) for a, b in zip(starts, starts[1:])]


def _pieces(s: str, width: float, size: float) -> list[tuple[str, str, bool]]:
    """The words of ``s`` as (glue before, piece, a hyphen if the line breaks after it): a
    word wider than ``width`` is split at its English hyphenation points
    (:func:`dti_kit.report.hyphens.hyphenated`; Vietnamese syllables are short and have none)."""
    from dti_kit.report.hyphens import hyphenated

    out: list[tuple[str, str, bool]] = []
    for word in s.split():
        parts = hyphenated(word, "\x00").split("\x00") if text_width(word, size) > width else [word]
        out.append((" ", parts[0], len(parts) > 1))
        out += [("", p, k < len(parts) - 2) for k, p in enumerate(parts[1:])]
    return out


def fit_lines(s: str, width: float, size: float, lines: int = 2) -> str:
    r"""Each line of ``s`` (a title and its subtitle) :func:`fit_label`-ed to ``width`` inches
    in ``size``-point type, in at most ``lines`` lines of its own: a title no wider than the
    space it is centred in (a one-line subtitle of 90 characters ran past a figure's edge).
    A line that wraps is balanced: its lines are as even as the words allow, not a full line
    and one word under it.

    Examples
    --------
    >>> fit_lines("Chênh lệch điểm\nMột dòng rất dài về các đơn vị tự đánh giá cao hơn nhiều nhất", 3.0, 10)
    'Chênh lệch điểm\nMột dòng rất dài về các đơn vị\ntự đánh giá cao hơn nhiều nhất'
    """
    return "\n".join(_balanced(line, width, size, lines) for line in str(s).split("\n"))


def _balanced(line: str, width: float, size: float, lines: int) -> str:
    wrapped = fit_label(line, width, size, lines=lines)
    k = wrapped.count("\n") + 1
    if k == 1 or wrapped.endswith("…"):
        return wrapped
    # the narrowest width at which the words still take k lines, found by halving
    lo, hi = width / k, width
    for _ in range(10):
        mid = (lo + hi) / 2
        trial = fit_label(line, mid, size, lines=lines)
        if trial.count("\n") + 1 == k and not trial.endswith("…"):
            hi = mid
        else:
            lo = mid
    return fit_label(line, hi, size, lines=lines)


def _clip(line: str, width: float, size: float, force: bool = False) -> str:
    if not force and text_width(line, size) <= width:
        return line
    base = line.rstrip(" …")
    # the longest prefix that fits with its "…", found by halving (a prefix's width grows with
    # its length): a few measurements of 1–2 ms each instead of one per character cut
    lo, hi = 0, len(base)  # base[:lo] + "…" fits (the empty prefix is taken as fitting); base[:hi + 1] does not
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if text_width(base[:mid] + "…", size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return base[:lo].rstrip() + "…"


def abbreviate(s: str, width: float, size: float = 8.0) -> str:
    """``s`` on one line at most ``width`` inches wide, cut with "…" when longer."""
    return _clip(str(s), width, size)


def resolve_parents(parents: Mapping[str, str] | str | None) -> dict[str, str]:
    """``{unit_id: parent}`` from a mapping (``ReportData.parents()``), the path of a units
    file (the params' ``units``), or nothing ({})."""
    if not parents:
        return {}
    if isinstance(parents, str):
        from dti_kit.units import read_units

        return read_units(parents).parents()
    return dict(parents)


def use_parents(unit_ids: Sequence[str], parents: Mapping[str, str]) -> bool:
    """Whether the units' parents make a readable one-row-per-parent chart: every unit has a
    parent, and there are 2 to :data:`LARGE` of them."""
    if not parents or not all(u in parents for u in unit_ids):
        return False
    return 2 <= len({parents[u] for u in unit_ids}) <= LARGE


def unit_labels(unit_ids: Sequence[str], names: Mapping[str, str], parents: Mapping[str, str] | None = None) -> dict[str, str]:
    """Each unit's label: its name, and its parent in brackets where two units share a name
    (communes of the same name in different districts)."""
    parents = parents or {}
    count: dict[str, int] = {}
    for u in unit_ids:
        count[names[u]] = count.get(names[u], 0) + 1
    return {u: f"{names[u]} ({parents[u]})" if count[names[u]] > 1 and parents.get(u) else names[u] for u in unit_ids}


def top_bottom(n: int, k: int = TOP_N) -> tuple[list[int], list[int]]:
    """Positions of the first ``k`` and the last ``k`` of ``n`` ordered items (disjoint)."""
    k = min(k, n // 2)
    return list(range(k)), list(range(n - k, n))


def band_colours(bands) -> dict[str, str]:
    """Band label → colour: the Vietnamese band names' colours, else a red-to-green scale."""
    labels = [b.label for b in bands.bands]
    if all(lab in BAND_COLOURS for lab in labels):
        return {lab: BAND_COLOURS[lab] for lab in labels}
    scale = BAND_SCALE[:: max(1, len(BAND_SCALE) // max(len(labels), 1))] if len(labels) < len(BAND_SCALE) else BAND_SCALE
    return {lab: scale[min(k, len(scale) - 1)] for k, lab in enumerate(labels)}


def band_label(band, language: str = "vi") -> str:
    """A band's name in the reader's language."""
    return band.label_en if language == "en" and band.label_en else band.label


def legend_below(fig: Figure, handles, ncol: int | None = None, fontsize: float = 8):
    """A figure legend under the axes, outside every bar and line (laid out with them)."""
    handles = list(handles)
    if not handles:
        return None
    ncol = ncol or min(len(handles), 3)
    return fig.legend(handles=handles, loc="outside lower center", ncol=ncol, fontsize=fontsize, frameon=False)
