"""Formatted Excel workbooks (openpyxl): Vietnamese headers, numbers as numbers, frozen header,
column widths, and text cells neutralised against formula injection (``=``, ``+``, ``-``, ``@``).

Writes are atomic and deterministic (fixed document properties), so the same tables give
byte-identical workbooks.
"""
from __future__ import annotations

import datetime as _dt
import io
import math
import re
import zipfile
from pathlib import Path
from typing import Mapping

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from dti_kit._util.strings import safe_cell

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
FIXED_TIME = _dt.datetime(2000, 1, 1)


def _value(v):
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA or v is pd.NaT:
        return None
    if hasattr(v, "item") and not isinstance(v, str):  # numpy scalar → Python
        v = v.item()
    return safe_cell(v) if isinstance(v, str) else v


def print_setup(ws, language: str = "vi", title_rows: str = "1:1", title_cols: str | None = "A:A") -> None:
    """A4 landscape, fit to the page's width (as many pages down as needed), the title rows
    (and the first column) repeated on every page, page numbers in the footer.

    A results workbook printed as is then gives pages an appraisal council can read: no
    column cut off to a page of its own, every page headed.
    """
    from dti_kit.i18n import text

    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = ws.ORIENTATION_LANDSCAPE
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # 0: as many pages down as the rows need
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_title_rows = title_rows
    if title_cols:
        ws.print_title_cols = title_cols
    ws.oddFooter.center.text = text("workbooks.page_footer", language)
    ws.oddFooter.center.size = 9
    ws.oddHeader.right.text = "&A"  # the sheet's name
    ws.oddHeader.right.size = 9


def fill_sheet(ws, df: pd.DataFrame, number_formats: Mapping[str, str] | None = None, widths: Mapping[str, float] | None = None,
               language: str = "vi") -> None:
    """Write ``df`` (header + rows) into a worksheet with the house style and its print setup."""
    number_formats = number_formats or {}
    ws.append([_value(str(c)) for c in df.columns])
    for cell in ws[1]:
        cell.fill, cell.font = HEADER_FILL, HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for row in df.itertuples(index=False, name=None):
        ws.append([_value(v) for v in row])
    for j, col in enumerate(df.columns, start=1):
        letter = get_column_letter(j)
        fmt = number_formats.get(col)
        if fmt is None and pd.api.types.is_float_dtype(df[col]):
            fmt = "0.00"
        if fmt:
            for cell in ws[letter][1:]:
                cell.number_format = fmt
        if widths and col in widths:
            ws.column_dimensions[letter].width = widths[col]
        else:
            longest = max([len(str(col))] + [len(str(v)) for v in df[col].head(200).tolist()])
            ws.column_dimensions[letter].width = min(60, max(8, longest + 2))
            if longest + 2 > 60:  # text wider than the column wraps instead of being cut
                for cell in ws[letter][1:]:
                    cell.alignment = WRAP
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    print_setup(ws, language)


def quote_prefix_risky_text(wb: Workbook) -> None:
    """Store text that a spreadsheet would run (``=``, ``+``, ``-``, ``@`` first) as text with
    Excel's own quote prefix: the apostrophe that :func:`dti_kit._util.strings.safe_cell` put in front
    becomes the hidden prefix, so readers see the text as written and nothing is ever run."""
    from dti_kit._util.strings import FORMULA_START

    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                v = cell.value
                if isinstance(v, str) and len(v) > 1 and v[0] == "'" and v[1] in FORMULA_START:
                    cell.value = v[1:]
                    cell.data_type = "s"  # openpyxl would take "=…" for a formula
                    cell.quotePrefix = True


def workbook_bytes(wb: Workbook) -> bytes:
    """Serialise deterministically (fixed timestamps in the document properties and zip),
    with risky text quote-prefixed."""
    quote_prefix_risky_text(wb)
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    wb.properties.creator = "dti-kit"
    buf = io.BytesIO()
    wb.save(buf)
    # rewrite the zip with fixed member times so that the bytes do not depend on the clock
    src = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*(</dcterms:\2>)", rb"\g<1>2000-01-01T00:00:00Z\3", data)
            zi = zipfile.ZipInfo(info.filename, date_time=(2000, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = info.external_attr
            dst.writestr(zi, data)
    return out.getvalue()


def write_tables(path: str | Path, sheets: Mapping[str, pd.DataFrame], number_formats: Mapping[str, str] | None = None,
                 language: str = "vi") -> None:
    """Write one formatted sheet per table, atomically, in one pass (XlsxWriter,
    :mod:`dti_kit._util.fastxlsx`: a workbook of 3,321 communes' tables in seconds, where
    openpyxl's cell objects took a minute).

    Each sheet: the header row in the house style, numbers as numbers (float columns shown
    with two decimals unless ``number_formats`` says otherwise), risky text quote-prefixed,
    each column as wide as its longest value (8 to 60 characters; wider text wraps), the
    header and the first column frozen and repeated on every printed page of A4 landscape.

    Parameters
    ----------
    path : path of the .xlsx to write
    sheets : {sheet name: DataFrame}, in order
    number_formats : {column name: Excel number format}, e.g. ``{"percent": "0.0"}``
    language : the language of the print footer ("Trang 1/3", "Page 1 of 3")
    """
    from dti_kit._util.fastxlsx import write_workbook
    from dti_kit.i18n import text

    write_workbook(path, [table_sheet(name, df, number_formats) for name, df in sheets.items()],
                   footer=text("workbooks.page_footer", language))


def table_sheet(name: str, df: pd.DataFrame, number_formats: Mapping[str, str] | None = None, above: tuple[str, ...] = ()):
    """The :class:`~dti_kit._util.fastxlsx.SheetSpec` of one table of :func:`write_tables`."""
    from dti_kit._util.fastxlsx import SheetSpec

    number_formats = number_formats or {}
    formats, widths = [], []
    for j, col in enumerate(df.columns):
        s = df.iloc[:, j]
        fmt = number_formats.get(col)
        if fmt is None and pd.api.types.is_float_dtype(s):
            fmt = "0.00"
        formats.append(fmt)
        longest = max([len(str(col))] + [len(str(v)) for v in s.head(200).tolist()])
        widths.append(float(min(60, max(8, longest + 2))))
    return SheetSpec(name, tuple(str(c) for c in df.columns), df, tuple(formats), title_cols=1 if len(df.columns) else 0,
                     above=tuple(above), widths=tuple(widths))
