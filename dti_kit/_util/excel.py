"""Excel workbooks: tables written as results workbooks (:func:`write_tables`, in one pass by
:mod:`dti_kit._util.fastxlsx`), and openpyxl workbooks (the forms) serialised with their risky
text quote-prefixed (``=``, ``+``, ``-``, ``@`` first: shown as written, never run).

Writes are atomic and deterministic (fixed document properties), so the same tables give
byte-identical workbooks.
"""
from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
from pathlib import Path
from typing import Mapping

import pandas as pd
from openpyxl import Workbook

FIXED_TIME = _dt.datetime(2000, 1, 1)


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
