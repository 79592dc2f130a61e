"""``dti-kit template --units FILE`` takes each form's unit id and name from a units file (issue 17)."""
import openpyxl
import pytest
from conftest import ROOT

from dti_kit.cli import main
from dti_kit.forms.layout import META_SHEET, UNIT_NAME_CELL
from dti_kit.units import is_units_file, read_units

UNITS = ROOT / "inputs" / "hoa-binh" / "2023-xa-units.csv"


def _meta_units(book):
    ws = book[META_SHEET]
    return [(r[1], r[2], r[3]) for r in ws.iter_rows(values_only=True) if r[0] == "unit"]


@pytest.mark.slow  # subprocesses / thirty workbooks: make test, not make check
def test_template_writes_each_unit_of_the_shipped_units_file_with_its_id_and_name(tmp_path, capsys):
    # the file opens with two "#" notes; they are notes, not units
    assert UNITS.read_text(encoding="utf-8").startswith("# Hòa Bình")
    assert is_units_file(UNITS)
    out = tmp_path / "forms"
    assert main(["template", "hoa-binh-2023-xa", "--units", str(UNITS), "--out", str(out)]) == 0
    listed = read_units(UNITS).units
    written = sorted(out.iterdir())
    assert len(written) == len(listed) == 30
    first = openpyxl.load_workbook(out / "hoa-binh-2023-xa-phuong-phuong-lam.xlsx")
    r, c = UNIT_NAME_CELL
    assert first["Chỉ số"].cell(r, c).value == "Phường Phương Lâm"
    assert _meta_units(first) == [("Chỉ số", "phuong-phuong-lam", "Phường Phương Lâm")]
    last = listed[-1]
    assert (out / f"hoa-binh-2023-xa-{last.unit_id}.xlsx").is_file()


def test_template_keeps_a_units_file_s_own_ids_and_skips_its_kind_and_ranked(tmp_path):
    # ids that are not the slug of the name: the form must carry the file's id, which the report joins on
    units = tmp_path / "units.csv"
    units.write_text("# Hải Dương 2023, cấp sở\nunit_id,unit_name,kind,ranked\nS01,Thanh tra tỉnh,sở,0\nS02,Sở Tài chính,sở,1\n",
                     encoding="utf-8")
    book = tmp_path / "so.xlsx"
    assert main(["template", "hai-duong-2023-so", "--units", str(units), "--out", str(book)]) == 0
    wb = openpyxl.load_workbook(book)
    assert [(uid, name) for _s, uid, name in _meta_units(wb)] == [("S01", "Thanh tra tỉnh"), ("S02", "Sở Tài chính")]
    r, c = UNIT_NAME_CELL
    assert [wb[s].cell(r, c).value for s, _u, _n in _meta_units(wb)] == ["Thanh tra tỉnh", "Sở Tài chính"]


def test_a_broken_units_file_is_refused_with_its_line_and_nothing_written(tmp_path, capsys):
    units = tmp_path / "units.csv"
    units.write_text("unit_id,unit_name,ranked\nS01,Thanh tra tỉnh,2\nS01,Sở Tài chính,1\n", encoding="utf-8")
    out = tmp_path / "forms"
    assert main(["template", "hai-duong-2023-so", "--units", str(units), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "line 3" in err and "ranked must be 0 or 1" in err and "duplicate unit_id 'S01'" in err
    assert not out.exists() or not any(out.iterdir())


def test_a_plain_list_of_names_is_still_a_list_of_names(tmp_path):
    names = tmp_path / "names.csv"
    names.write_text("unit_name\nXã A\n", encoding="utf-8")
    assert not is_units_file(names)
    assert main(["template", "hai-duong-2023-so", "--units", str(names), "--out", str(tmp_path / "a.xlsx")]) == 0
    assert _meta_units(openpyxl.load_workbook(tmp_path / "a.xlsx")) == [("Chỉ số", "xa-a", "Xã A")]
