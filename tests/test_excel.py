"""Exported workbooks: numbers as numbers, risky text stored as quote-prefixed text, same bytes."""
from __future__ import annotations

import pandas as pd
from openpyxl import load_workbook

from dti_kit._util.excel import write_tables
from dti_kit._util.sheetnames import sheet_title


def test_risky_text_is_quote_prefixed_text(tmp_path):
    df = pd.DataFrame({"text": ["=1+1", "+84 912", "-5 điểm", "@SUM(A1)", "Lạc Sơn"], "n": [1.5, -2.0, 3.0, 0.0, 4.25]})
    path = tmp_path / "t.xlsx"
    write_tables(path, {"Bảng": df})
    ws = load_workbook(path)["Bảng"]
    cells = [ws.cell(r, 1) for r in range(2, 7)]
    # the reader sees the text exactly as written; Excel's quote prefix keeps it from running
    assert [c.value for c in cells] == ["=1+1", "+84 912", "-5 điểm", "@SUM(A1)", "Lạc Sơn"]
    assert [c.data_type for c in cells] == ["s"] * 5
    assert [bool(c.quotePrefix) for c in cells] == [True, True, True, True, False]
    assert [ws.cell(r, 2).value for r in range(2, 7)] == [1.5, -2.0, 3.0, 0.0, 4.25]  # numbers stay numbers
    assert ws.freeze_panes == "B2"  # the header row and the first column stay in view


def test_same_tables_same_bytes(tmp_path):
    df = pd.DataFrame({"a": [1.0, 2.0], "b": ["x", "=y"]})
    write_tables(tmp_path / "1.xlsx", {"s": df})
    write_tables(tmp_path / "2.xlsx", {"s": df})
    assert (tmp_path / "1.xlsx").read_bytes() == (tmp_path / "2.xlsx").read_bytes()


def test_sheet_titles_valid_and_unique():
    taken: set[str] = set()
    assert sheet_title("Huyện Lạc Sơn / 2023: [a]", taken) == "Huyện Lạc Sơn _ 2023_ _a_"
    assert sheet_title("x" * 40, taken) == "x" * 31
    assert sheet_title("x" * 40, taken) == "x" * 27 + " (2)"


def test_fast_workbooks_keep_excels_sheet_name_rules():
    """The fast workbook checks a sheet's name against a set (3,321 sheets), by XlsxWriter's rules:
    unique with case ignored, at most 31 characters, none of []:*?/\\, no apostrophe at either end
    (and a name is given: XlsxWriter would make up "Sheet1")."""
    import io

    import pytest
    from xlsxwriter.exceptions import DuplicateWorksheetName, InvalidWorksheetName

    from dti_kit._util.fastxlsx import _many_sheets_workbook

    wb = _many_sheets_workbook()(io.BytesIO(), {"in_memory": True})
    wb.add_worksheet("Xã Lạc Sơn")
    with pytest.raises(DuplicateWorksheetName):
        wb.add_worksheet("XÃ LẠC SƠN")
    for bad in ("x" * 32, "a/b", "'quoted'", ""):
        with pytest.raises(InvalidWorksheetName):
            wb.add_worksheet(bad)
    wb.add_worksheet("x" * 31)
    assert [ws.name for ws in wb.worksheets()] == ["Xã Lạc Sơn", "x" * 31]
    wb.close()
