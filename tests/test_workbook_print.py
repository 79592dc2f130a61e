"""Results workbooks print on A4 landscape, fit to width, with repeated titles and page numbers.

Issue "Forms in the field": "scores.xlsx and the other results workbooks have no print setup:
A4 landscape, fit to width, repeated title rows and columns, names not cut".
"""
import pandas as pd
from openpyxl import load_workbook

from dti_kit._util.excel import write_tables


def test_every_sheet_of_a_results_workbook_has_the_print_setup(tmp_path):
    long_name = "Ủy ban nhân dân xã có tên rất dài để kiểm tra việc xuống dòng " * 2
    df = pd.DataFrame({"Đơn vị": ["Xã A", long_name], "Tổng điểm": [812.5, 640.25], "Xếp hạng": [1, 2]})
    write_tables(tmp_path / "vi.xlsx", {"Xếp hạng": df, "Chỉ số chính": df})
    write_tables(tmp_path / "en.xlsx", {"Ranking": df}, language="en")
    wb = load_workbook(tmp_path / "vi.xlsx")
    for ws in wb.worksheets:
        ps = ws.page_setup
        assert (ps.paperSize, ps.orientation) == (9, "landscape")  # 9 = A4 in SpreadsheetML
        # fitToWidth 1 is SpreadsheetML's default, which XlsxWriter leaves out (openpyxl reads None)
        assert ws.sheet_properties.pageSetUpPr.fitToPage and (ps.fitToWidth or 1, ps.fitToHeight) == (1, 0)
        assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$A"
        assert ws.oddFooter.center.text == "Trang &P/&N"
        # the long name wraps in its column instead of being cut
        # (60 characters; XlsxWriter stores the width with the cell's padding, 60.71)
        assert 60 <= ws.column_dimensions["A"].width < 61 and ws["A3"].alignment.wrap_text
    assert load_workbook(tmp_path / "en.xlsx").active.oddFooter.center.text == "Page &P of &N"
