"""Results workbooks written in one pass with XlsxWriter (write-only: no cell objects kept).

Each sheet is a header row and a table of values: numbers stay numbers at full precision,
shown through the number format of their column (the decimals a decision publishes); text is
always written as text, never as a formula, and text a spreadsheet would run (``=``, ``+``,
``-``, ``@`` first, :func:`dti_kit._util.strings.safe_cell`) carries Excel's quote prefix, so
that readers see it as written and nothing runs. Every sheet prints on A4 landscape, fitted
to the page's width, its header row (and its first columns) repeated on every page, page
numbers in the footer. The bytes are deterministic (fixed document times; XlsxWriter fixes
the zip members' times), and the write is atomic.
"""
from __future__ import annotations

import datetime as _dt
import io
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from dti_kit._util.atomic import write_bytes
from dti_kit._util.sheetnames import SHEET_NAME_BAD, sheet_title
from dti_kit._util.strings import safe_cell

__all__ = ["SheetSpec", "number_format", "write_workbook", "workbook_bytes"]

HEADER_COLOUR = "#1F4E79"
FIXED_TIME = _dt.datetime(2000, 1, 1)
MAX_WIDTH = 50


def number_format(decimals: int, signed: bool = False) -> str:
    """The Excel number format of a column of ``decimals`` decimals (``0.00``; ``+0;-0;0`` signed)."""
    body = "0" + ("." + "0" * decimals if decimals > 0 else "")
    return f"+{body};-{body};{body}" if signed else body


@dataclass(frozen=True)
class SheetSpec:
    """One sheet: ``headers`` over the ``rows`` (a DataFrame, or a 2-D array of values by row;
    values by position).

    ``formats`` gives each column's number format (None: text or general); ``notes`` are
    lines written below the table (after one blank row); ``title_cols`` columns are repeated
    at the left of every printed page and frozen on screen. ``above`` are lines written
    above the header row (the first as the sheet's title, the others in italics); ``widths``
    sets each column's width (by default: its longest word or value, at most
    :data:`MAX_WIDTH`); a column holding text wider than its width wraps.
    """

    name: str
    headers: tuple[str, ...]
    rows: pd.DataFrame | np.ndarray
    formats: tuple[str | None, ...]
    notes: tuple[str, ...] = ()
    title_cols: int = 0
    above: tuple[str, ...] = ()
    widths: tuple[float, ...] = ()

    def frame(self) -> pd.DataFrame:
        """The sheet as a DataFrame with the reader's headers."""
        out = self.rows.copy() if isinstance(self.rows, pd.DataFrame) else pd.DataFrame(list(self.rows))
        out.columns = list(self.headers)
        return out


def _number_text(number) -> str:
    """The shortest text that reads back to the same double (``repr``): every digit."""
    x = float(number)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def _full_precision_sheet():
    """XlsxWriter's worksheet writing numbers with every digit (it writes 16 significant
    digits, which can change the last bit of a double: 442.20000000000005 became 442.2)."""
    from xlsxwriter.worksheet import Worksheet

    class FullPrecisionWorksheet(Worksheet):
        def _xml_number_element(self, number, attributes=()):  # the one place XlsxWriter writes a number cell
            attr = "".join(f' {key}="{self._escape_attributes(value)}"' for key, value in attributes)
            self.fh.write(f"<c{attr}><v>{_number_text(number)}</v></c>")

    return FullPrecisionWorksheet


def _width(header: str, values: list) -> float:
    longest = max([len(w) for w in str(header).split()] + [len(str(v)) for v in values[:200]] + [4])
    return float(min(MAX_WIDTH, max(6, longest + 2)))


def _many_sheets_workbook():
    """XlsxWriter's workbook, checking a new sheet's name against a set of the names taken.

    XlsxWriter compares each new name with every sheet's (``_check_sheetname``, the one place
    it does): 3,321 sheets, one per commune of the reconciliation's workbook, took 8 s of
    string comparisons. This check is XlsxWriter's, with the names taken kept in a set.
    """
    import xlsxwriter
    from xlsxwriter.exceptions import DuplicateWorksheetName, InvalidWorksheetName

    class ManySheetsWorkbook(xlsxwriter.Workbook):
        def _check_sheetname(self, sheetname, is_chartsheet=False):
            # Excel's rules, as XlsxWriter checks them: at most 31 UTF-16 units, none of
            # []:*?/\, no apostrophe first or last, unique with case ignored
            name = str(sheetname)
            if not name or len(name.encode("utf-16-le")) // 2 > 31 or any(ch in SHEET_NAME_BAD for ch in name) \
                    or name.startswith("'") or name.endswith("'"):
                raise InvalidWorksheetName(f"Invalid Excel worksheet name {name!r}.")
            taken = self.__dict__.setdefault("_dti_taken", set())
            if name.lower() in taken:
                raise DuplicateWorksheetName(f"Sheetname {name!r}, with case ignored, is already in use.")
            taken.add(name.lower())
            self.sheetname_count += 1
            return name

    return ManySheetsWorkbook


def workbook_bytes(sheets: Sequence[SheetSpec], footer: str = "") -> bytes:
    """The .xlsx bytes of ``sheets`` (``footer``: the print footer, e.g. "Trang &P/&N")."""
    buf = io.BytesIO()
    wb = _many_sheets_workbook()(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                                   "strings_to_numbers": False, "nan_inf_to_errors": False})
    wb.set_properties({"created": FIXED_TIME, "author": "dti-kit"})
    head = wb.add_format({"bold": True, "font_color": "#FFFFFF", "bg_color": HEADER_COLOUR, "text_wrap": True,
                          "valign": "vcenter", "border": 1})
    wrap = wb.add_format({"text_wrap": True, "valign": "top"})
    quoted = wb.add_format({"quote_prefix": True, "valign": "top"})
    top = wb.add_format({"valign": "top"})
    title = wb.add_format({"bold": True, "font_size": 13})
    italic = wb.add_format({"italic": True})
    formats: dict[str, object] = {}
    taken: set[str] = set()
    sheet_class = _full_precision_sheet()
    for sheet in sheets:
        ws = wb.add_worksheet(sheet_title(sheet.name, taken), worksheet_class=sheet_class)
        ncols = len(sheet.headers)
        for i, line in enumerate(sheet.above):
            _write(ws, i, 0, line, title if i == 0 else italic, quoted)
        h0 = len(sheet.above)  # the header's row
        for j, h in enumerate(sheet.headers):
            ws.write_string(h0, j, str(h), head)
        # one conversion per sheet (a column at a time through pandas cost 0.1 ms a column)
        values = sheet.rows.to_numpy(dtype=object) if isinstance(sheet.rows, pd.DataFrame) else np.asarray(sheet.rows, dtype=object)
        cols = [values[:, j].tolist() for j in range(ncols)] if len(values) else [[] for _ in range(ncols)]
        for j in range(ncols):
            fmt_text = sheet.formats[j]
            fmt = None
            if fmt_text:
                fmt = formats.get(fmt_text)
                if fmt is None:
                    fmt = formats[fmt_text] = wb.add_format({"num_format": fmt_text, "valign": "top"})
            width = sheet.widths[j] if sheet.widths else _width(sheet.headers[j], cols[j])
            long_text = any(isinstance(v, str) and len(v) + 2 > width for v in cols[j][:200])
            ws.set_column(j, j, width, wrap if long_text else None)
            # a cell's own format replaces its column's: a long text cell carries the wrap itself
            cell_format = fmt or (wrap if long_text else top)
            for i, v in enumerate(cols[j], start=h0 + 1):
                _write(ws, i, j, v, cell_format, quoted)
        nrows = len(sheet.rows)
        row = h0 + nrows + 2
        for note in sheet.notes:
            _write(ws, row, 0, note, top, quoted)
            row += 1
        ws.freeze_panes(h0 + 1, sheet.title_cols)
        if ncols:
            ws.autofilter(h0, 0, h0 + max(nrows, 1), ncols - 1)
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.fit_to_pages(1, 0)  # one page wide, as many down as the rows need
        ws.repeat_rows(h0)
        if sheet.title_cols:
            ws.repeat_columns(0, sheet.title_cols - 1)
        ws.center_horizontally()
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        if footer:
            ws.set_footer("&C&9" + footer)
        ws.set_header("&R&9&A")
    wb.close()
    return buf.getvalue()


def _write(ws, i: int, j: int, v, fmt, quoted) -> None:
    if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v)):
        return
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalar → Python
        v = v.item()
    if isinstance(v, bool):
        ws.write_boolean(i, j, v, fmt)
    elif isinstance(v, (int, float)):
        if math.isinf(v):
            return
        ws.write_number(i, j, v, fmt)
    else:
        s = str(v)
        if safe_cell(s) != s:  # would run as a formula: stored as text with the quote prefix
            ws.write_string(i, j, s, quoted)
        else:
            ws.write_string(i, j, s, fmt)


def write_workbook(path: str | Path, sheets: Sequence[SheetSpec], footer: str = "") -> None:
    """Write ``sheets`` to ``path`` atomically (:func:`workbook_bytes`)."""
    write_bytes(path, workbook_bytes(sheets, footer))
