"""Tables and charts wider than a phone's screen (the annex's 15 to 20 columns, the council's table, every chart): on a
narrow screen the table scrolls sideways inside its box, which a reader cannot tell from a table
that ends at the screen's edge. Such a table says so above it (a line of the catalogue, shown on
narrow screens only, never printed) and keeps its key column (the unit's name) in place while
the rest scrolls under it; the style is :data:`WIDE_CSS`. No script: a report runs none."""
from __future__ import annotations

import html

from dti_kit.i18n import text

__all__ = ["WIDE_COLUMNS", "WIDE_CSS", "is_wide", "wide_hint"]

#: more columns than a phone shows at once (a 390 px screen: a name and about four numbers)
WIDE_COLUMNS = 6

#: the narrow screen's style of a wide table: the hint shown, the key column sticky with a shadow
#: at its edge (the sign that columns pass under it); print and wide screens are untouched
WIDE_CSS = """
p.dti-wide-hint { display: none; }
@media screen and (max-width: 48em) {
  p.dti-wide-hint { display: block; font-family: var(--jp-content-font-family, sans-serif); font-size: 0.85em; color: #555; margin: 0.3em 0 0.2em; }
  table.dti-wide td.dti-key, table.dti-wide th.dti-key { position: sticky; left: 0; z-index: 1; background: #fff;
    box-shadow: 3px 0 3px -2px rgba(0, 0, 0, 0.3); }
  table.dti-wide thead th.dti-key { background: #1f4e79; z-index: 2; }
  table.dti-wide tbody tr:nth-child(even) td.dti-key { background: var(--jp-rendermime-table-row-background, #f5f5f5); }  /* the rows' own stripes */
  /* a unit's profile (seven columns, 56em): its main indicators' names stay in place too */
  table.dti-profile td:first-child, table.dti-profile th:first-child { position: sticky; left: 0; z-index: 1; background: #fff;
    box-shadow: 3px 0 3px -2px rgba(0, 0, 0, 0.3); }
  table.dti-profile thead th:first-child { background: #1f4e79; z-index: 2; }
  table.dti-profile tbody tr:nth-child(even) td:first-child { background: var(--jp-rendermime-table-row-background, #f5f5f5); }
  /* a narrow table's first text column gives its width to the others (9em squeezed them to a word a line) */
  table.dti-table td.txt:first-child { min-width: 4em; }
  table.dti-wide td.dti-key { min-width: 7em; max-width: 9em; }
  /* a chart drawn 8 inches wide, shown 330 px wide, had 4 px letters: it keeps 640 px and scrolls */
  div.dti-chart-box { overflow-x: auto; max-width: 100%; }
  div.dti-chart-box img.dti-chart { width: 640px; max-width: none !important; height: auto; }
}
"""


def is_wide(n_columns: int) -> bool:
    """Whether a table of ``n_columns`` columns is wider than a phone shows.

    Examples
    --------
    >>> is_wide(6), is_wide(7)
    (False, True)
    """
    return n_columns > WIDE_COLUMNS


def wide_hint(language: str = "vi") -> str:
    """The line above a wide table (shown on narrow screens only)."""
    return f'<p class="dti-wide-hint">{html.escape(text("report.wide_table_hint", language))}</p>'
