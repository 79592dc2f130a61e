"""Forms as clerks fill them (issue "Forms in the field")."""
import pytest
from conftest import ROOT
from openpyxl import load_workbook

from dti_kit import InputError, load_design
from dti_kit.forms.layout import form_layout
from dti_kit.forms.read import read_workbook

# reads the 10-district consolidated form several times: make test, not the fast tier
pytestmark = pytest.mark.slow

FORM = ROOT / "inputs" / "hoa-binh" / "2023-huyen-forms-synthetic" / "hoa-binh-2023-huyen-synthetic.xlsx"


def test_every_problem_of_a_form_comes_back_in_one_run(tmp_path):
    # "a form with a non-number cell reports only that cell; its missing components appear only
    # on the next run": now the text cell and every component left blank come back together.
    layout = form_layout(load_design("hoa-binh-2023-huyen"))
    wb = load_workbook(FORM)
    sheet = "Thành phố Hòa Bình"
    ws = wb[sheet]
    cells = {(c.code, c.variable): c for c in layout.cells}
    a12 = cells[("1.2", "a")]
    ws.cell(a12.row, a12.col).value = "abc"
    blanked = ["1.5", "1.6", "2.1"]
    for c in layout.cells:
        if c.code in blanked:
            ws.cell(c.row, c.col).value = None
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    with pytest.raises(InputError) as exc:
        read_workbook(bad)
    problems = exc.value.problems
    assert any(p.code == "1.2" and "'abc' is not a number" in p.message for p in problems)
    missing = {p.code: p for p in problems if p.message == "no inputs and no score given (missing)"}
    assert sorted(missing) == blanked
    first = next(c for c in layout.cells if c.code == "1.5" and c.variable not in ("self_score", "note"))
    from openpyxl.utils import get_column_letter
    assert missing["1.5"].location == f"sheet '{sheet}' cell {get_column_letter(first.col)}{first.row}"
    assert all(p.unit_id == "thanh-pho-hoa-binh" and p.source == str(bad) for p in missing.values())


def test_a_form_without_errors_leaves_completeness_to_scoring():
    long = read_workbook(FORM)
    assert len(long) == 1734


@pytest.mark.parametrize("damage", ["deleted", "altered"])
def test_a_form_without_its_metadata_sheet_is_read_from_its_title_blocks(tmp_path, damage):
    # LibreOffice saves the structure lock empty: a clerk can delete or unhide and edit the sheet
    wb = load_workbook(FORM)
    if damage == "deleted":
        wb.remove(wb["_dti_kit"])
    else:
        meta = wb["_dti_kit"]
        meta.sheet_state = "visible"
        meta["B1"] = "ghi chú của văn thư"  # the format cell overwritten
    path = tmp_path / f"{damage}.xlsx"
    wb.save(path)
    expected = read_workbook(FORM).drop(columns="_source")
    got = read_workbook(path)
    assert got.drop(columns="_source").equals(expected)
    assert got.attrs["design_id"] == "hoa-binh-2023-huyen" and got.attrs["year"] == 2023
    assert any("read from the title blocks" in w.message for w in got.attrs["warnings"])
    # the year check still applies to a recovered form
    with pytest.raises(InputError, match="a form for the year 2023, expected 2024"):
        read_workbook(path, year=2024)


def test_a_form_whose_title_blocks_are_gone_too_says_what_is_missing(tmp_path):
    wb = load_workbook(FORM)
    wb.remove(wb["_dti_kit"])
    for ws in wb.worksheets:
        ws["A3"] = None
    path = tmp_path / "bare.xlsx"
    wb.save(path)
    with pytest.raises(InputError, match="not a dti-kit form"):
        read_workbook(path)


def test_text_fields_of_the_general_sheet_are_text_cells_and_keep_a_phone_numbers_zero(tmp_path):
    # "Phone numbers lose their leading zero (0912345678 is read as 912345678)"
    from dti_kit.forms.read import read_general_info
    from dti_kit.forms.write import write_form

    d = load_design("vung-tau-2024-xa")
    assert {g.code for g in d.general_info if g.value_type == "text"} == {"1", "17"}  # name and phone
    path = write_form(tmp_path / "f.xlsx", d, [("xa-thang-nhat", "Xã Thắng Nhất")],
                      general={"xa-thang-nhat": {"17": "0912345678", "2": 1234}})
    ws = load_workbook(path)["Thông tin chung"]
    phone_row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 2).value == "Số điện thoại")
    value_cells = [c for c in ws[phone_row] if c.protection.locked is False]
    assert value_cells and all(c.number_format == "@" for c in value_cells)  # Excel and LibreOffice keep typed digits as text
    info = read_general_info(path).set_index("code")["value"]
    assert info["17"] == "0912345678" and info["2"] == 1234


def test_a_folder_of_forms_names_every_file_it_does_not_read(tmp_path):
    # "A form saved as .ods or .xls is silently dropped when a folder is scored ... never skip a
    # file of a folder in silence": .xlsx (and .ods) are read, .xls is refused with how to save
    # it, anything else is named as no input
    import shutil

    from dti_kit.forms import read_inputs

    folder = tmp_path / "forms"
    folder.mkdir()
    shutil.copy(FORM, folder / "huyen.xlsx")
    (folder / "old.xls").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "~$huyen.xlsx").write_bytes(b"lock")  # Excel's lock file: not a file of the user's
    with pytest.raises(InputError) as exc:
        read_inputs(folder)
    got = sorted((p.source.rsplit("/", 1)[-1], p.message) for p in exc.value.problems)
    assert [name for name, _ in got] == ["old.xls", "scan.pdf"]
    assert "save it as an Excel Workbook (.xlsx)" in got[0][1] and "is not an input" in got[1][1]
    (folder / "old.xls").unlink()
    (folder / "scan.pdf").unlink()
    long = read_inputs(folder)
    assert long.attrs["files"] == (str(folder / "huyen.xlsx"),) and len(long) == 1734
    # the same form saved by LibreOffice as .ods, in the folder instead: read, with the same values
    from conftest import libreoffice_convert

    ods = libreoffice_convert(folder / "huyen.xlsx", tmp_path, "ods")
    (folder / "huyen.xlsx").unlink()
    shutil.move(ods, folder / "huyen.ods")
    from_ods = read_inputs(folder)
    assert from_ods.attrs["files"] == (str(folder / "huyen.ods"),)
    assert from_ods.drop(columns="_source").equals(long.drop(columns="_source"))
