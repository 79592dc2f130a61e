"""How a report prints on A4: the print style sheet every report's HTML carries.

A report is read on screen and printed (by the reader's browser, or by the build into
``<report>.pdf``, :mod:`dti_kit.publish.pdf`), and both must be publishable as they are:

- sections follow each other on a page (JupyterLab's style keeps every output whole, which
  pushed each long table to a new page and left page 1 mostly empty); a heading is never the
  last line of a page, it goes with the block after it;
- a table of at most :data:`KEEP_WHOLE_ROWS` rows (a list of as many items) is kept whole on
  one page unless its text is long (marked :data:`~dti_kit.report.printing.LONG_BLOCK`); a
  longer one is split between rows, its header repeated on every page;
- nothing is wider than the page: tables and images shrink to its width, long text in a table
  cell wraps, no output clips its content (JupyterLab scrolls wide outputs on screen, which on
  paper cuts off their right columns);
- every page but the first carries the report's title at its top, and every page its number
  ("Trang 3/12") at its foot (CSS page-margin boxes, which Chromium prints since version 131);
- collapsed parts (``<details>``) print open: a printed report hides nothing, up to a
  province's size; beyond it, the per-unit detail that :mod:`dti_kit.report.printing` marks
  is left out of the print or cut to its first rows (the results annex prints complete).

The style sheet is pure CSS (a report has no script); the title is written into it as a CSS
string of escapes, so no title can end the style sheet or inject a rule.
"""
from __future__ import annotations

import re
import string

from dti_kit.i18n import text
from dti_kit.report.printing import (  # the page, shared with the charts
    IMAGE_MAX_HEIGHT_MM,
    KEEP_WHOLE_ROWS,  # a short table or list kept whole on its page …
    LONG_BLOCK,  # … unless its text is long (dti-kit marks it so)
    ONE_LINE,  # a column of short names, a cell a line
    PAGE_MARGINS_MM,
    PAGE_SIZE,
    PRINT_DETAIL_ROWS,  # what prints beyond a province's size
    PROSE,  # a column of long text, at a readable measure
    image_box_inches,
)

__all__ = ["print_css", "part_page_css", "css_string", "PAGE_SIZE", "PAGE_MARGINS_MM", "KEEP_WHOLE_ROWS", "IMAGE_MAX_HEIGHT_MM", "content_width_px"]


def content_width_px() -> float:
    """The width of a printed page's content in CSS pixels (96 per inch): what nothing may exceed."""
    return image_box_inches()[0] * 96


def css_string(value: str) -> str:
    """``value`` as a quoted CSS string in which every character but letters, digits and spaces
    is a hex escape: no value can close the string, the rule or the ``<style>`` element.

    Examples
    --------
    >>> css_string('Hòa "x" </style>')
    '"H\\\\f2 a \\\\22 x\\\\22  \\\\3c \\\\2f style\\\\3e "'
    """
    # an escape's one trailing space ends it and is consumed: a space after it is the text's own
    out = [c if (c.isascii() and c.isalnum()) or c == " " else f"\\{ord(c):x} " for c in value]
    return '"' + "".join(out) + '"'


def _page_number_content(language: str, total: int | None = None) -> str:
    """The page foot's CSS ``content``: the catalogue's words around ``counter(page)`` and
    ``counter(pages)`` (or ``total``, written out, for a page printed in parts)."""
    parts = []
    for literal, field, _, _ in string.Formatter().parse(text("print.page_number", language)):
        if literal:
            parts.append(css_string(literal))
        if field == "pages" and total is not None:
            parts.append(css_string(str(total)))
        elif field:
            parts.append(f"counter({field})")
    return " ".join(parts)


_RUNNING_TITLE = re.compile(r'@top-center \{ content: ("[^"]*");')


def part_page_css(page: str, first_page: int, total: int, language: str = "vi") -> str:
    """The ``<style>`` that numbers one part of a page printed in parts
    (:mod:`dti_kit.publish.printparts`): its first page is ``first_page`` of ``total``, and
    (after the first part) carries the running title as every page but the report's first does.

    ``page`` is the report's HTML, whose print style (:func:`print_css`) holds the title.

    Examples
    --------
    >>> page = print_css("Báo cáo")
    >>> "counter-increment: page 41" in part_page_css(page, 41, 135) and '"135"' in part_page_css(page, 41, 135)
    True
    """
    running = _RUNNING_TITLE.search(page)
    title = f" @top-center {{ content: {running.group(1)}; }}" if running and first_page > 1 else ""
    return (f"<style>@page {{ @bottom-center {{ content: {_page_number_content(language, total)}; }} }}\n"
            f"@page :first {{ counter-increment: page {first_page};{title} }}</style>")


def print_css(title: str, language: str = "vi") -> str:
    """The ``<style>`` element of a report's print layout (see the module's description).

    Parameters
    ----------
    title : str
        The report's title, printed at the top of every page but the first (which shows it as its heading).
    language : str
        The words of the page number ("Trang 3/12", "Page 3 of 12").
    """
    top, right, bottom, left = PAGE_MARGINS_MM
    running = css_string(title)
    return f"""<style>
@page {{
  size: {PAGE_SIZE} portrait;
  margin: {top}mm {right}mm {bottom}mm {left}mm;
  @top-center {{ content: {running}; font: 8pt "DejaVu Sans", Arial, sans-serif; color: #555; vertical-align: bottom; padding-bottom: 2.5mm; }}
  @bottom-center {{ content: {_page_number_content(language)}; font: 8pt "DejaVu Sans", Arial, sans-serif; color: #555; vertical-align: top; padding-top: 2.5mm; }}
}}
@page :first {{ @top-center {{ content: none; }} }}
.dti-toc {{ border: 1px solid #d0d7e2; background: #f6f8fb; padding: 0.4em 1.2em 0.5em; margin: 0.6em 0 1em; max-width: 48em; }}
.dti-toc p {{ margin: 0.2em 0; font-weight: bold; }}
.dti-toc ol {{ margin: 0.2em 0; padding-left: 1.6em; }}
.dti-toc li {{ margin: 0.1em 0; }}
.dti-print-note {{ display: none; }}
@media print {{
  /* beyond a province's size, per-unit detail is left out of the print or cut to its first rows (print_limited) */
  .dti-print-omit {{ display: none !important; }}
  .dti-print-head tbody > tr:nth-child(n+{PRINT_DETAIL_ROWS + 1}) {{ display: none !important; }}
  .dti-print-note {{ display: block; font-style: italic; }}
  html, body {{ background: #fff; margin: 0 !important; padding: 0 !important; }}
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  body {{ font-size: 10pt; }}
  main {{ padding: 0 !important; }}
  /* what ends the report ends the last page: the last cell's bottom margins and padding once
     pushed an empty page after a file list that just filled its page (the sensitivity report at 150 communes) */
  main > .jp-Cell:last-child, main > .jp-Cell:last-child :last-child {{ margin-bottom: 0 !important; padding-bottom: 0 !important; }}
  /* JupyterLab keeps every cell and output whole (break-inside: avoid-page): a long table then
     leaves the rest of a page blank; here a section goes on where the last one ended */
  .jp-Cell, .jp-Cell-outputWrapper, .jp-OutputArea, .jp-OutputArea-child {{ break-inside: auto !important; break-before: auto !important; }}
  .jp-Cell {{ padding: 0 !important; margin: 0 !important; }}
  .jp-OutputArea-output, .jp-RenderedHTMLCommon, .jp-OutputArea-child {{ overflow: visible !important; max-width: 100% !important; }}
  .jp-OutputPrompt, .jp-InputPrompt, .jp-Collapser {{ display: none !important; }}
  /* a heading goes with what follows it: never the last line of a page */
  h1, h2, h3, h4, h5, h6 {{ break-after: avoid-page; break-inside: avoid; }}
  /* an output that ends in a heading, or in a heading and one line (a unit's name and rank), goes with the next */
  .jp-OutputArea-child:has(> .jp-RenderedMarkdown > :is(h1, h2, h3, h4, h5, h6):nth-last-child(-n+2)) {{ break-after: avoid-page; }}
  /* a cell that is a heading and one chart prints as one block: Chromium left the heading alone at the
     foot of a page (break-after: avoid, the rule above, is not always honoured across cells) */
  .jp-OutputArea:has(> .jp-OutputArea-child:first-child > .jp-RenderedMarkdown > :is(h1, h2, h3, h4, h5, h6):only-child):has(> .jp-OutputArea-child:nth-child(2):last-child img) {{ break-inside: avoid !important; }}
  p, li {{ orphans: 3; widows: 3; }}
  /* a short list (the report's files: up to a dozen lines) whole on a page, not one file alone on the last */
  ul:not(.{LONG_BLOCK}):not(:has(> li:nth-child({KEEP_WHOLE_ROWS + 1}))), ol:not(.{LONG_BLOCK}):not(:has(> li:nth-child({KEEP_WHOLE_ROWS + 1}))) {{ break-inside: avoid; }}
  /* nothing wider than the page */
  img, svg {{ max-width: 100% !important; height: auto !important; break-inside: avoid; }}
  img {{ max-height: {IMAGE_MAX_HEIGHT_MM}mm; object-fit: contain; }}
  table {{ max-width: 100%; }}
  table.dti-table {{ font-size: 8pt; width: auto; table-layout: auto; }}
  table.dti-table th, table.dti-table td {{ padding: 2px 4px; }}
  table.dti-table td.txt, table.dti-table th {{ overflow-wrap: break-word; }}
  table.dti-table td.txt:first-child {{ min-width: 7em; }}
  table.dti-table td.{ONE_LINE} {{ white-space: nowrap; }}
  /* the column of longest text (an item's name) at least 12 ems; the council's reasons to
     explain beside it at least 8 (the screen's 11 pushed the English items table past the page) */
  table.dti-table td.{PROSE} {{ min-width: 12em; }}
  div.dti-council table.dti-table td:last-child {{ min-width: 8em; }}
  table.dti-table code, table.dti-table td {{ word-break: normal; }}
  table.dti-table code {{ overflow-wrap: anywhere; }}
  table.dti-profile {{ width: 100% !important; table-layout: fixed; }}
  table.dti-profile th:nth-child(1) {{ width: 30%; }}
  table.dti-profile th:nth-child(2) {{ width: 25%; }}
  /* short tables whole, long ones split between rows with their header on every page */
  thead {{ display: table-header-group; }}
  tfoot {{ display: table-footer-group; }}
  tr, th, td {{ break-inside: avoid; }}
  tr.dti-group {{ break-after: avoid; }}  /* a group's row (a district's name) goes with its first unit */
  table:not(.{LONG_BLOCK}):not(:has(> tbody > tr:nth-child({KEEP_WHOLE_ROWS + 1}))) {{ break-inside: avoid; }}
  /* a table that splits leaves at least two rows on either page: the scoring report's components
     where most units lose points (short in rows, long in text, so free to split) left its first
     row alone under its heading at the foot of a page */
  table.dti-table > tbody > tr:first-child, table.dti-table > tbody > tr:nth-last-child(2) {{ break-after: avoid-page; }}
  pre, code {{ white-space: pre-wrap; overflow-wrap: anywhere; }}
  /* a printed report hides nothing: collapsed parts print open */
  details::details-content {{ content-visibility: visible !important; display: block !important; height: auto !important; }}
  details {{ break-inside: avoid; }}  /* a collapsed part (a unit's profile) is one block: whole on a page when it fits */
  /* but the index of the units' names (a page of them at 150 communes) fills the page it starts
     on: kept whole, it left half a page blank under the profiles' heading */
  details.dti-profile-index, details.dti-profile-index > nav, .dti-profile-index p {{ break-inside: auto !important; }}
  details > summary {{ list-style: none; font-weight: bold; }}
  details > summary::-webkit-details-marker {{ display: none; }}
  .dti-toc {{ break-inside: avoid; background: #fff; max-width: none; }}
  .dti-toc ol {{ columns: 2; column-gap: 2.5em; }}
  a {{ color: inherit; text-decoration: none; }}
}}
</style>"""
