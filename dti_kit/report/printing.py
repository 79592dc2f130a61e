"""What a report prints of its per-unit detail beyond a province's size, and the printed page
(:data:`PAGE_SIZE`, its margins, the largest a chart prints: :func:`image_box_inches`), which the
print style (:mod:`dti_kit.publish.printcss`) and the charts' resolution
(:func:`dti_kit.report.plotting.dpi_for`) share.

A report of a province (100-170 communes since 2025) prints everything. Beyond
:data:`PRINT_DETAIL_UNITS` units (a national view of 3,321 communes, a pre-2025 province of
559) the print leaves out the detail that would run to a thousand pages (the profiles, the
ranking by parent) or prints a long table's first :data:`PRINT_DETAIL_ROWS` rows, and says so
where it stands, naming what holds it all; the screen shows it whole. Chromium's memory grows
with the rows it lays out: 600 communes' reconciliation (418 pages) took 4 GB to print. The
print style that hides it is :mod:`dti_kit.publish.printcss`'s.

What prints complete at every size (the results annex, any other table of the report's
:func:`~dti_kit.report.tables.html_table`: the reconciliation's units) is marked every
:data:`PRINT_PART_ROWS` rows with :data:`PART_MARK`: where a page is that long, the build
prints it in parts cut at those marks and joins them (:mod:`dti_kit.publish.printparts`), so
Chromium never lays out more than a part at once (3,321 communes' scoring report took 3.4 GB
printed whole).
"""
from __future__ import annotations

import html

__all__ = ["PAGE_SIZE", "PAGE_MARGINS_MM", "IMAGE_MAX_HEIGHT_MM", "image_box_inches", "KEEP_WHOLE_ROWS", "KEEP_WHOLE_CHARS", "LONG_BLOCK", "ONE_LINE_CHARS", "ONE_LINE", "PROSE_CHARS", "PROSE", "PRINT_DETAIL_UNITS", "PRINT_DETAIL_ROWS", "PRINT_PART_ROWS", "PART_MARK", "print_limited", "part_marked"]

PAGE_SIZE = "A4"
_A4_WIDTH_MM = 210
#: top, right, bottom, left margins of a printed page (mm); the running title and the page
#: number sit in the top and bottom margins (:mod:`dti_kit.publish.printcss` writes the style)
PAGE_MARGINS_MM = (12, 12, 12, 12)
#: a chart is printed at most this high (scaled down, kept whole on its page)
IMAGE_MAX_HEIGHT_MM = 235


def image_box_inches() -> tuple[float, float]:
    """The largest a chart is printed, width and height in inches: the page's content width
    (A4 less its margins) and :data:`IMAGE_MAX_HEIGHT_MM`. A larger figure is scaled down to
    fit (``max-width: 100%``, ``max-height``), so it needs fewer pixels per inch
    (:func:`dti_kit.report.plotting.dpi_for`).

    Examples
    --------
    >>> [round(x, 2) for x in image_box_inches()]
    [7.32, 9.25]
    """
    return (_A4_WIDTH_MM - PAGE_MARGINS_MM[1] - PAGE_MARGINS_MM[3]) / 25.4, IMAGE_MAX_HEIGHT_MM / 25.4


#: a table of at most this many body rows, or a list of at most this many items, is printed whole
#: on one page (the report's dozen files never leave one alone on the last page); longer ones
#: split between rows or items
KEEP_WHOLE_ROWS = 20
#: unless its text is longer than this many characters (a quarter of a page as a list): such a
#: short but tall block, moved whole to the next page, left most of a page blank (the scoring
#: report's six paragraphs of method, the reconciliation's 20 components most changed)
KEEP_WHOLE_CHARS = 1200
#: the class of a table or list that short in rows but long in text (:data:`KEEP_WHOLE_CHARS`)
LONG_BLOCK = "dti-long"
#: a text column none of whose cells is longer than this (a commune's name, "tương đối vững")
#: prints each cell on one line: left to the table's widths, such names wrapped to 2 or 3 lines
#: beside numbers' columns made wide by their headers (the sensitivity's per-unit table at 150
#: communes: 8 columns, the name in a fifth of the page)
ONE_LINE_CHARS = 24
#: the class of that column's cells
ONE_LINE = "dti-one-line"
#: a text column with a cell longer than this (a component's name, an erratum) is prose: left to
#: the table's widths, the English reconciliation's items to explain were squeezed to a tenth of
#: the page, a word a line, by numbers' columns whose headers ("Difference (self − appraised)")
#: took the width; such a column keeps at least a readable measure
PROSE_CHARS = 40
#: the class of a prose column's cells
PROSE = "dti-prose"


#: the most units whose per-unit detail prints (a province: 100-170 communes since 2025)
PRINT_DETAIL_UNITS = 200
#: the rows of a long per-unit table printed beyond that size (on screen: all)
PRINT_DETAIL_ROWS = 200
#: the rows of a complete table printed in one part (about 40 A4 pages of the annex)
PRINT_PART_ROWS = 1000
#: where a page printed in parts may be cut: between two rows of a table's body
PART_MARK = "<!--dti-print-part-->"


def print_limited(body: str, units: int, note: str, rows: int | None = None) -> str:
    """``body`` (HTML) as the print shows it for ``units`` units: whole up to
    :data:`PRINT_DETAIL_UNITS`; beyond, left out of the print (``rows`` None) or printed to its
    table's first ``rows`` rows, with ``note`` (reader text, escaped here) printed in its place.
    The screen always shows ``body`` whole.

    Examples
    --------
    >>> print_limited("<p>x</p>", 150, "omitted")
    '<p>x</p>'
    >>> print_limited("<p>x</p>", 600, "omitted")
    '<div class="dti-print-omit"><p>x</p></div><p class="dti-print-note">omitted</p>'
    """
    if units <= PRINT_DETAIL_UNITS:
        return body
    cls = "dti-print-omit" if rows is None else "dti-print-head"
    return f'<div class="{cls}">{body}</div><p class="dti-print-note">{html.escape(note)}</p>'


def part_marked(rows: list[str], units: list[bool] | None = None) -> str:
    """The ``<tr>`` strings of a table that prints complete, joined with :data:`PART_MARK`
    before every :data:`PRINT_PART_ROWS`-th unit row (``units``: which rows are a unit's; a
    group's heading row is not counted, and a cut never falls between it and its first unit).

    Examples
    --------
    >>> part_marked(["<tr>a</tr>", "<tr>b</tr>"])
    '<tr>a</tr><tr>b</tr>'
    """
    out, counted, last_unit = [], 0, True
    for row, is_unit in zip(rows, units if units is not None else [True] * len(rows)):
        if is_unit:
            if counted and counted % PRINT_PART_ROWS == 0:
                # before the group heading that opens this row's group, if there is one
                at = len(out) - 1 if out and not last_unit else len(out)
                out.insert(at, PART_MARK)
            counted += 1
        last_unit = is_unit
        out.append(row)
    return "".join(out)
