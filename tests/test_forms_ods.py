"""Forms saved as .ods (LibreOffice's "Use ODF Format") are read natively, with the xlsx checks.

Issue "Forms in the field": a form saved as .ods was silently dropped. The reader turns the
.ods into the same workbook model as an .xlsx, so every layout check applies unchanged; the
hostile-file guards cover ODS too (entities, zip bombs, rows repeated in the millions, macros).
"""
import tracemalloc
import zipfile

import pytest
from conftest import ROOT, libreoffice_convert

from dti_kit import InputError
from dti_kit.forms.ods import load_ods
from dti_kit.forms.read import read_workbook

FORM = ROOT / "inputs" / "hoa-binh" / "2023-huyen-forms-synthetic" / "hoa-binh-2023-huyen-synthetic.xlsx"
MIMETYPE = "application/vnd.oasis.opendocument.spreadsheet"


def _ods(path, content: str, mimetype: str = MIMETYPE, extra: dict | None = None, compress=zipfile.ZIP_DEFLATED):
    """A minimal .ods: mimetype first and stored, as ODF requires, then content.xml."""
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), mimetype)
        z.writestr("content.xml", content, compress_type=compress)
        for name, data in (extra or {}).items():
            z.writestr(name, data)
    return path


HEAD = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet>')
TAIL = "</office:spreadsheet></office:body></office:document-content>"


@pytest.mark.slow
def test_an_ods_saved_by_libreoffice_reads_exactly_as_the_xlsx_it_came_from(tmp_path):
    ods = libreoffice_convert(FORM, tmp_path, "ods")
    from_xlsx = read_workbook(FORM).drop(columns="_source")
    from_ods = read_workbook(ods).drop(columns="_source")
    assert len(from_xlsx) == 1734  # 10 districts × their inputs (the consolidated sample form)
    assert from_ods.equals(from_xlsx)  # values, types, and "sheet … cell …" locations


def test_cells_values_formulas_and_merges_of_an_ods(tmp_path):
    content = HEAD + (
        '<table:table table:name="Chỉ số">'
        '<table:table-row><table:table-cell office:value-type="string"><text:p>Mã<text:s text:c="2"/>1.1</text:p></table:table-cell>'
        '<table:table-cell office:value-type="float" office:value="5"/><table:table-cell office:value-type="float" office:value="0.25"/>'
        '<table:table-cell table:formula="of:=SUM([.B1:.C1])" office:value-type="float" office:value="5.25"/></table:table-row>'
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>'
        '<table:table-row><table:table-cell table:number-columns-spanned="2" office:value-type="string"><text:p>=not a formula</text:p>'
        '</table:table-cell><table:covered-table-cell/></table:table-row>'
        "</table:table>" + TAIL)
    wb = load_ods(_ods(tmp_path / "x.ods", content))
    ws = wb["Chỉ số"]
    assert ws["A1"].value == "Mã  1.1" and ws["B1"].value == 5 and isinstance(ws["B1"].value, int) and ws["C1"].value == 0.25
    assert ws["D1"].value == "=SUM(B1:C1)" and ws["D1"].data_type == "f"
    # a million empty rows cost nothing; the next row is row 1,000,002
    assert ws["A1000002"].value == "=not a formula" and ws["A1000002"].data_type == "s"
    assert [str(r) for r in ws.merged_cells.ranges] == ["A1000002:B1000002"]


def test_a_filled_row_repeated_a_million_times_is_refused_within_bounded_memory(tmp_path):
    row = '<table:table-row table:number-rows-repeated="1000000"><table:table-cell office:value-type="float" office:value="1"/></table:table-row>'
    path = _ods(tmp_path / "bomb.ods", HEAD + '<table:table table:name="S">' + row + "</table:table>" + TAIL)
    assert path.stat().st_size < 2_000
    tracemalloc.start()
    try:
        with pytest.raises(InputError, match="more than 500,000 filled cells"):
            read_workbook(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50_000_000


def test_entities_zip_bombs_macros_and_other_documents_are_refused(tmp_path):
    laughs = ('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
              + HEAD[len('<?xml version="1.0" encoding="UTF-8"?>'):] + TAIL)
    with pytest.raises(InputError, match="DOCTYPE or entities"):
        read_workbook(_ods(tmp_path / "laughs.ods", laughs))
    bomb = HEAD + "<!-- " + " " * 40_000_000 + " -->" + TAIL
    with pytest.raises(InputError, match="zip bomb|above the limit"):
        read_workbook(_ods(tmp_path / "zip.ods", bomb))
    with pytest.raises(InputError, match="macros"):
        read_workbook(_ods(tmp_path / "macro.ods", HEAD + TAIL, extra={"Basic/Standard/Module1.xml": "<x/>"}))
    with pytest.raises(InputError, match="not a spreadsheet"):
        read_workbook(_ods(tmp_path / "letter.ods", HEAD + TAIL, mimetype="application/vnd.oasis.opendocument.text"))
    (tmp_path / "plain.ods").write_text("unit_id,code\n", encoding="utf-8")
    with pytest.raises(InputError, match="not a zip"):
        read_workbook(tmp_path / "plain.ods")
    with pytest.raises(InputError, match="cannot be parsed"):
        read_workbook(_ods(tmp_path / "broken.ods", HEAD + "<table:table"))
