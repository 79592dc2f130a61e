"""How tall a form's row must be for its wrapped text, in the font the forms name.

A spreadsheet does not grow a row for wrapped text the file does not size, and LibreOffice
keeps the heights written; a row too low cuts its text on screen and on paper. The writer
therefore sizes every row itself, from an estimate of the text's width in Times New Roman
(the font of Vietnamese official documents; Liberation Serif has the same metrics): the
advance widths of the Times Roman and Times Bold faces (per 1000 units of the em), Vietnamese
letters measured as their base letter, text wrapped at spaces only. The estimate leans wide
(a small margin, no break at "/" or "-"), so that a row is never too low.
"""
from __future__ import annotations

import functools
import math

from dti_kit._util.strings import base_letter

__all__ = ["FONT_NAME", "text_width", "wrapped_lines", "column_points", "row_height", "LINE_FACTOR", "MAX_ROW_HEIGHT"]

FONT_NAME = "Times New Roman"
LINE_FACTOR = 1.2  # line height / font size (Times: ascent + descent = 1.107 em, plus leading)
PADDING = 3.0  # points above and below the text of a cell
MAX_ROW_HEIGHT = 409.0  # the spreadsheet formats' limit
MARGIN = 1.06  # the estimate leans wide

# Times Roman / Times Bold advance widths (AFM), per 1000 em
_REGULAR = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 .,:;()/-%&\"'!?[]*+=<>_@#…–—“”‘’·≥≤×",
    [444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500, 722,
     500, 500, 444, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667, 556, 611,
     722, 722, 944, 722, 722, 611] + [500] * 10 + [250, 250, 250, 278, 278, 333, 333, 278, 333, 833, 778, 408, 180, 333,
     444, 333, 333, 500, 564, 564, 564, 564, 500, 921, 500, 1000, 500, 1000, 444, 444, 333, 333, 250, 549, 549, 564]))
_BOLD = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    [500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500, 722,
     500, 500, 444, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722, 556, 667,
     722, 722, 1000, 722, 722, 667]))
_UNKNOWN = 1000


_base = base_letter  # the one normaliser module's (ế → e, Đ → D)


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of ``text`` in points at ``size`` points."""
    total = 0
    for ch in str(text):
        b = _base(ch)
        w = _BOLD.get(b) if bold else None
        total += w if w is not None else _REGULAR.get(b, _UNKNOWN) * (1.04 if bold else 1.0)
    return total * size / 1000.0 * MARGIN


def column_points(width: float) -> float:
    """The room for text in a column of ``width`` (Excel's character units: 7 pixels each at
    96 dpi, less 5 pixels of cell margin), in points."""
    return max(1.0, (width * 7.0 - 5.0) * 0.75)


@functools.lru_cache(maxsize=65536)
def wrapped_lines(text: str, room: float, size: float, bold: bool = False) -> int:
    """The lines ``text`` takes wrapped (at spaces) into ``room`` points; explicit line breaks kept."""
    if text is None or str(text) == "":
        return 0
    lines = 0
    space = text_width(" ", size, bold)
    for paragraph in str(text).split("\n"):
        lines += 1
        used = 0.0
        for word in paragraph.split(" "):
            w = text_width(word, size, bold)
            if used and used + space + w > room:
                lines += 1
                used = 0.0
            if used:
                used += space
            while w > room:  # a word longer than the line breaks inside
                lines += 1
                w -= room
            used += w
    return lines


def row_height(cells, minimum: float = 0.0) -> float:
    """The height (points) of a row whose cells are ``(text, room in points, size, bold)``."""
    need = minimum
    for text, room, size, bold in cells:
        n = wrapped_lines(text, room, size, bold)
        if n:
            need = max(need, n * size * LINE_FACTOR + 2 * PADDING)
    return float(min(MAX_ROW_HEIGHT, math.ceil(need * 4) / 4))
