"""What a report prints of its per-unit detail beyond a province's size.

A report of a province (100-170 communes since 2025) prints everything. Beyond
:data:`PRINT_DETAIL_UNITS` units (a national view of 3,321 communes, a pre-2025 province of
559) the print leaves out the detail that would run to a thousand pages (the profiles, the
ranking by parent) or prints a long table's first :data:`PRINT_DETAIL_ROWS` rows, and says so
where it stands, naming what holds it all; the screen shows it whole. Chromium's memory grows
with the rows it lays out: 600 communes' reconciliation (418 pages) took 4 GB to print. The
print style that hides it is :mod:`dti_kit.publish.printcss`'s.
"""
from __future__ import annotations

import html

__all__ = ["PRINT_DETAIL_UNITS", "PRINT_DETAIL_ROWS", "print_limited"]

#: the most units whose per-unit detail prints (a province: 100-170 communes since 2025)
PRINT_DETAIL_UNITS = 200
#: the rows of a long per-unit table printed beyond that size (on screen: all)
PRINT_DETAIL_ROWS = 200


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
