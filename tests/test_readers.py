"""Input readers register by file suffix: the core reader (dti_kit.inputs) never imports the
Excel layer; dti_kit.forms registers the .xlsx reader, and every public way of reading inputs
has it (issue "One house": break the cycles at their root)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest
from conftest import ROOT

from dti_kit import inputs
from dti_kit.errors import InputError

FORM = "inputs/hoa-binh/2023-huyen-forms-synthetic/hoa-binh-2023-huyen-synthetic.xlsx"


def _fresh(code: str) -> dict:
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_an_xlsx_without_a_registered_reader_is_a_clear_input_error(tmp_path, monkeypatch):
    monkeypatch.setattr(inputs, "_READERS", {})  # as if dti_kit.forms had never been imported
    book = tmp_path / "form.xlsx"
    book.write_bytes(b"PK\x03\x04 not read")
    with pytest.raises(InputError) as exc:
        inputs.read_inputs([book])
    (p,) = exc.value.problems
    assert p.source == str(book) and "no reader for .xlsx files" in p.message and "dti_kit.forms" in p.message


def test_a_folder_lists_the_files_of_a_registered_suffix(tmp_path, monkeypatch):
    seen = []
    sample = ROOT / "inputs/hai-duong/2023-huyen-synthetic.csv"
    monkeypatch.setitem(inputs._READERS, ".tsv", lambda path, **kw: seen.append((path.name, kw)) or inputs.read_long_csv(sample))
    (tmp_path / "a.tsv").write_text("x", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")  # no reader: named, never skipped in silence
    with pytest.raises(InputError, match="is not an input"):
        inputs.read_inputs(tmp_path, design="hai-duong-2023-huyen")
    (tmp_path / "notes.txt").unlink()
    seen.clear()
    df = inputs.read_inputs(tmp_path, design="hai-duong-2023-huyen")
    assert seen == [("a.tsv", {"design": "hai-duong-2023-huyen"})] and len(df) > 0


def test_the_core_reader_module_does_not_load_the_excel_layer():
    got = _fresh("import sys, json\nimport dti_kit.inputs\n"
                 "print(json.dumps([m for m in sys.modules if m.startswith('dti_kit.forms') or m == 'openpyxl']))")
    assert got == []


@pytest.mark.parametrize("how", [
    pytest.param("import dti_kit\ndf = dti_kit.read_inputs([FORM], design='hoa-binh-2023-huyen')", marks=pytest.mark.slow),
    pytest.param("from dti_kit.forms import read_inputs\ndf = read_inputs([FORM], design='hoa-binh-2023-huyen')", marks=pytest.mark.slow),
    pytest.param("from dti_kit.report.tables import load_scores\ndf = load_scores('hoa-binh-2023-huyen', [FORM]).tidy()",
                 marks=pytest.mark.slow),
])
def test_every_public_way_of_reading_inputs_reads_excel_forms(how):
    # each in a fresh process: nothing else has imported dti_kit.forms before
    got = _fresh(f"import json\nFORM = {FORM!r}\n{how}\nprint(json.dumps(len(df)))")
    assert got > 0


def test_a_unit_given_two_names_is_refused_naming_both_places(tmp_path):
    """One unit id, one name: "Phường Phương Lâm" on line 2 and "Phường Phuong Lam" on line 4 of
    another file would leave the report to show whichever came first. Two units of one name
    (two communes "Xã Tân Lập" of two districts) are two ids, and pass."""
    a, b = tmp_path / "a.csv", tmp_path / "b.csv"
    a.write_text("unit_id,unit_name,code,variable,value\n"
                 "phuong-lam,Phường Phương Lâm,1.1,value,1\n"
                 "tan-lap-1,Xã Tân Lập,1.1,value,1\n", encoding="utf-8")
    b.write_text("unit_id,unit_name,code,variable,value\n"
                 "tan-lap-2,Xã Tân Lập,1.1,value,1\n"
                 "phuong-lam,Phường Phương Lâm ,1.2,a,1\n"
                 "phuong-lam,Phường Phuong Lam,1.2,b,1\n"
                 "phuong-lam,phường phương  lâm,1.3,a,1\n", encoding="utf-8")  # another case, two spaces: the same name
    with pytest.raises(InputError) as exc:
        inputs.read_inputs([a, b])
    (problem,) = exc.value.problems
    assert problem.unit_id == "phuong-lam" and problem.variable == "unit_name"
    assert problem.message == (f"unit 'phuong-lam' is given 2 names: 'Phường Phương Lâm' ({a}, line 2); "
                               f"'Phường Phuong Lam' ({b}, line 4): one unit, one name")  # a trailing space is no other name
    b.write_text("unit_id,unit_name,code,variable,value\ntan-lap-2,Xã Tân Lập,1.1,value,1\n", encoding="utf-8")
    assert sorted(inputs.read_inputs([a, b])["unit_id"]) == ["phuong-lam", "tan-lap-1", "tan-lap-2"]


def test_a_unit_s_items_given_by_two_files_are_one_problem_its_other_items_may_come_from_another_file(tmp_path):
    """Several departments' files may each give some of a unit's items (combined into one long
    table); the same item of a unit in two files is a file sent twice: one problem for the unit
    and the second file, with how many items it repeats, not one line per item."""
    sample = (ROOT / "inputs" / "hai-duong" / "2023-huyen-synthetic.csv").read_text(encoding="utf-8").splitlines()
    head, rows = sample[0], sample[1:]
    unit = rows[0].split(",")[0]
    own = [r for r in rows if r.startswith(unit + ",")]
    first, rest = own[: len(own) // 2], own[len(own) // 2:]
    (tmp_path / "a.csv").write_text("\n".join([head, *first]) + "\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text("\n".join([head, *rest]) + "\n", encoding="utf-8")
    long = inputs.read_inputs([tmp_path / "a.csv", tmp_path / "b.csv"])  # two departments' halves
    assert len(long) == len(own)
    (tmp_path / "c.csv").write_text("\n".join([head, *first[:5], *rest]) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        inputs.read_inputs([tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "c.csv"])
    (p,) = exc.value.problems
    code, variable = first[0].split(",")[2:4]
    assert p.source == str(tmp_path / "c.csv") and p.unit_id == unit and p.location == "line 2"
    assert p.message == (f"{len(own) - len(first) + 5} values of unit(s) {unit!r} already given in {tmp_path / 'a.csv'}, "
                         f"{tmp_path / 'b.csv'} (the first: code {code}, variable {variable}): a form or file sent twice? "
                         "Each value belongs in one file")
    assert (p.code, p.variable) == (code, variable)
    # the same file named twice, or a folder and a file in it, is read once: no problem
    assert len(inputs.read_inputs([tmp_path / "a.csv", tmp_path / "a.csv"])) == len(first)


def test_a_whole_file_copied_under_another_name_is_one_problem_naming_a_few_of_its_units(tmp_path):
    sample = ROOT / "inputs" / "hoa-binh" / "2023-xa-synthetic.csv"
    copy = tmp_path / "copy.csv"
    copy.write_bytes(sample.read_bytes())
    with pytest.raises(InputError) as exc:
        inputs.read_inputs([sample, copy])
    (p,) = exc.value.problems
    units = list(dict.fromkeys(inputs.read_inputs([sample])["unit_id"]))
    assert p.source == str(copy) and p.unit_id == "" and p.location == "line 2"
    assert p.message.startswith(f"{len(inputs.read_inputs([sample]))} values of unit(s) "
                                + ", ".join(repr(u) for u in units[:5]) + f" … (+{len(units) - 5}) already given in {sample} (")
