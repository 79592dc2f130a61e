"""Hostile and unlucky input files (issue 14, points 7, 9, 10, 11 and the input parts of 14).

Each test makes its own hostile file. The ones that exhausted memory or hung run in a
subprocess under a memory cap (``resource.setrlimit(RLIMIT_AS)``) and a wall-clock timeout, so a
regression fails the test instead of taking the machine down; their speed is measured in
``benchmarks/hostile.py``, never here.
"""
from __future__ import annotations

import math
import os
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
import yaml
from conftest import FIXTURES, ROOT

MEMORY_CAP = 1_500_000_000  # bytes of address space: far above a refusal, far below a bomb's expansion


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    """A flow list that stands for ``width ** levels`` strings in ~600 bytes ("billion laughs")."""
    parts = ["&a0 [" + ", ".join(["lol"] * width) + "]"]
    for i in range(1, levels):
        parts.append(f"&a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "[" + ", ".join(parts) + "]"


def run_capped(code: str, timeout: float = 60) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with this tree first on the path, under the memory cap."""

    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    env = dict(os.environ, PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          timeout=timeout, preexec_fn=cap, env=env, cwd=str(ROOT))


# -- 7. YAML alias bombs, recursive documents, duplicate keys ----------------------------------------

def _params_project(root: Path, body: str) -> Path:
    p = root / "params" / "x" / "2023-huyen.yaml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(body, encoding="utf-8")
    (root / "notebooks").mkdir(exist_ok=True)
    (root / "notebooks" / "scoring_report.ipynb").write_text("{}", encoding="utf-8")
    (root / "inputs").mkdir(exist_ok=True)
    (root / "inputs" / "a.csv").write_text("unit_id,code,variable,value\n", encoding="utf-8")
    return p


@pytest.mark.parametrize("key", ["language", "options", "na_policy"])
def test_params_alias_bomb_is_refused_under_a_memory_cap(tmp_path, key):
    """A 700-byte params file whose `language` (or `options`) stands for 9**9 strings was
    quoted whole in its error message: 2.2 GB, then MemoryError. It is refused, naming the file,
    before anything is built."""
    body = f"design: hoa-binh-2023-huyen\ninputs: inputs/a.csv\n{key}: {alias_bomb()}\n"
    assert len(body) < 1000
    p = _params_project(tmp_path, body)
    out = run_capped(f"""
        from dti_kit.errors import ParamsError
        from dti_kit.publish.params import load_params
        try:
            load_params({str(p)!r}, {str(tmp_path)!r})
        except ParamsError as exc:
            print("REFUSED", exc)
    """)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("REFUSED"), out.stdout[:2000]
    assert "params/x/2023-huyen.yaml" in out.stdout and "alias bomb" in out.stdout and "line 3" in out.stdout
    assert "bom bí danh" in out.stdout  # Vietnamese beside the English
    assert len(out.stdout) < 2000


@pytest.mark.parametrize("key", ["scale", "year"])
def test_design_alias_bomb_is_refused_under_a_memory_cap(tmp_path, key):
    """A design whose `scale` or `year` is an alias bomb (MemoryError at 3 GB) is a DesignError."""
    text = (FIXTURES / "mini-2024-huyen.yaml").read_text(encoding="utf-8")
    lines = [f"{key}: {alias_bomb()}" if ln.startswith(f"{key}:") else ln for ln in text.splitlines()]
    path = tmp_path / "mini-2024-huyen.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = run_capped(f"""
        from dti_kit.errors import DesignError
        from dti_kit import load_design_file
        try:
            load_design_file({str(path)!r})
        except DesignError as exc:
            print("REFUSED", exc)
    """)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.startswith("REFUSED") and "mini-2024-huyen.yaml" in out.stdout and "alias bomb" in out.stdout


def test_a_bad_value_is_quoted_briefly():
    """Values quoted in messages are bounded: a 1 MB `language` gives a short message."""
    from dti_kit._util.strings import short_repr

    assert short_repr("fr") == "'fr'"
    assert len(short_repr("x" * 1_000_000)) < 80
    shared = ["lol"] * 9
    for _ in range(8):
        shared = [shared] * 9  # 9**9 items once expanded, shared as the YAML loader builds them
    assert len(short_repr(shared)) < 200


def test_params_with_a_long_bad_language_names_it_briefly(tmp_path):
    from dti_kit.errors import ParamsError
    from dti_kit.publish.params import load_params

    p = _params_project(tmp_path, "design: hoa-binh-2023-huyen\ninputs: inputs/a.csv\nlanguage: " + "x" * 200_000 + "\n")
    with pytest.raises(ParamsError) as exc:
        load_params(p, tmp_path)
    assert "language must be vi or en, got 'xxx" in str(exc.value) and len(str(exc.value)) < 1000


def test_legitimate_aliases_still_load():
    """Aliases in moderation are YAML's own (ninh-thuan-2022-tinh shares its tier tables)."""
    from dti_kit._util.safeyaml import check_node, safe_load

    text = "t: &t [{min: 2, share: 1}, {min: 1, share: 0.5}]\na: *t\nb: *t\n"
    assert safe_load(text) == {"t": [{"min": 2, "share": 1}, {"min": 1, "share": 0.5}]} | {
        "a": [{"min": 2, "share": 1}, {"min": 1, "share": 0.5}], "b": [{"min": 2, "share": 1}, {"min": 1, "share": 0.5}]}
    # 1 mapping + 3 keys + (1 list + 2 maps + 8 scalars) three times = 4 + 3 * 11
    assert check_node(yaml.compose(text)) == 37


def test_recursive_document_is_refused():
    from dti_kit._util.safeyaml import UnsafeYAMLError, safe_load

    with pytest.raises(UnsafeYAMLError, match="inputs.yaml_recursive: line=1"):
        safe_load("&a [1, *a]")


def test_duplicate_design_key_in_params_is_refused(tmp_path):
    """`design:` twice: the last one won in silence. Refused, naming both lines."""
    from dti_kit.errors import ParamsError
    from dti_kit.publish.params import load_params

    p = _params_project(tmp_path, "design: hoa-binh-2023-huyen\ninputs: inputs/a.csv\ndesign: hoa-binh-2023-xa\n")
    with pytest.raises(ParamsError) as exc:
        load_params(p, tmp_path)
    msg = str(exc.value)
    assert "params/x/2023-huyen.yaml" in msg and "line 3: the key 'design' is given twice" in msg and "first on line 1" in msg


def test_duplicate_key_in_a_design_is_refused(tmp_path):
    from dti_kit import load_design_file
    from dti_kit.errors import DesignError

    text = (FIXTURES / "mini-2024-huyen.yaml").read_text(encoding="utf-8")
    path = tmp_path / "mini-2024-huyen.yaml"
    path.write_text(text.replace("scale: 100\n", "scale: 100\nscale: 90\n"), encoding="utf-8")
    with pytest.raises(DesignError, match="the key 'scale' is given twice"):
        load_design_file(path)


def test_same_key_in_two_mappings_is_fine():
    from dti_kit._util.safeyaml import safe_load

    assert safe_load("x: {a: 1}\ny: {a: 2}\n") == {"x": {"a": 1}, "y": {"a": 2}}


# -- 14. control characters shown as text -------------------------------------------------------------

def test_ansi_escapes_in_ids_do_not_reach_the_terminal_raw():
    from dti_kit.errors import InputError, Problem

    p = Problem("unknown code", unit_id="u\x1b[2J\x1b[31mred", code="C\x07", source="f\x1b]0;title\x07.csv")
    line = p.format()
    assert "\x1b" not in line and "\x07" not in line
    assert "unit u\\x1b[2J\\x1b[31mred" in line and "code C\\x07" in line
    assert "\x1b" not in str(InputError([p], "in \x1b[31mx.csv"))


# -- 9. non-finite values; 10. thousands separators ----------------------------------------------------

def _csv(tmp_path: Path, design, change: dict[tuple[str, str], object], name: str = "in.csv") -> Path:
    """The 'best' inputs of one unit u1 as a long CSV, with ``change`` {(code, variable): text}."""
    from conftest import example_rows

    rows = [(u, c, v, change.get((c, v), val)) for u, c, v, val in example_rows(design, "best", "u1")]
    path = tmp_path / name
    path.write_text("unit_id,code,variable,value\n" + "".join(f"{u},{c},{v},\"{val}\"\n" for u, c, v, val in rows), encoding="utf-8")
    return path


def _problems(design, path: Path):
    from dti_kit.errors import InputError
    from dti_kit.inputs import read_long_csv
    from dti_kit.scoring import score_units

    with pytest.raises(InputError) as exc:
        score_units(design, read_long_csv(path))
    return exc.value.problems


def _line_of(path: Path, code: str, variable: str) -> str:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.split(",")[1:3] == [code, variable]:
            return f"line {i}"
    raise AssertionError((code, variable))


@pytest.mark.parametrize("typed", ["inf", "-inf", "1e309", "Infinity"])
def test_non_finite_denominator_is_refused_and_named(tmp_path, mini, typed):
    """Component 3.1 is (a/b)*20: b = inf scored 0 with exit 0 (the total 20 points low)."""
    path = _csv(tmp_path, mini, {("3.1", "b"): typed})
    (p,) = _problems(mini, path)
    assert (p.source, p.location, p.unit_id, p.code, p.variable) == (str(path), _line_of(path, "3.1", "b"), "u1", "3.1", "b")
    assert p.message.startswith(f"{typed!r} is not a finite number") and "không phải là số hữu hạn" in p.message_vi


def test_nan_text_is_refused(tmp_path, mini):
    path = _csv(tmp_path, mini, {("1.2", "a"): "nan"})
    (p,) = _problems(mini, path)
    assert (p.code, p.variable, p.message) == ("1.2", "a", "'nan' is not a number")


def test_non_finite_in_a_python_table_is_refused(mini):
    from conftest import example_rows

    from dti_kit.errors import InputError
    from dti_kit.scoring import score_units

    rows = [(u, c, v, float("inf") if (c, v) == ("3.1", "b") else float(val)) for u, c, v, val in example_rows(mini, "best", "u1")]
    long = pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"])
    with pytest.raises(InputError, match="inf is not a finite number"):
        score_units(mini, long)
    assert long["value"].map(math.isinf).sum() == 1  # the caller's table is not changed


@pytest.mark.parametrize("typed,digits", [("1.500", "1500"), ("1,500", "1500"), ("12.345.678", "12345678"), ("2,000,000", "2000000")])
def test_thousands_separators_are_refused_not_read_as_decimals(tmp_path, mini, typed, digits):
    """'1.500' (Vietnamese thousands) was read as 1,5: refused, saying how to write it."""
    path = _csv(tmp_path, mini, {("3.1", "a"): typed})
    (p,) = _problems(mini, path)
    assert (p.location, p.code, p.variable) == (_line_of(path, "3.1", "a"), "3.1", "a")
    assert f"Write whole numbers without separators ({digits})" in p.message and "hàng nghìn" in p.message_vi


@pytest.mark.parametrize("typed,expected", [("1500", 1500.0), ("1,5", 1.5), ("0,125", 0.125), ("12.5", 12.5), ("1.1250", 1.125), ("45%", 0.45)])
def test_unambiguous_numbers_still_read(typed, expected):
    from dti_kit.scoring import _numbers, _thousands

    value = pd.Series([typed], dtype=object)
    num = _numbers(value)
    assert num[0] == pytest.approx(expected) and not _thousands(value, num)[0]


# -- 7. a workbook that claims 17 billion cells -------------------------------------------------------

def _far_cell_long_sheet(path: Path) -> Path:
    """A ~5 KB long-table workbook: a header, one row, and one cell at XFD1048576."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "long"
    ws.append(["unit_id", "code", "variable", "value"])
    ws.append(["u1", "1.1", "value", 1])
    ws["XFD1048576"] = "x"
    wb.save(path)
    return path


def test_far_cell_long_sheet_is_read_by_its_cells_under_a_memory_cap(tmp_path):
    """openpyxl's iter_rows walked the used range A1:XFD1048576 (over 120 s and 2.3 GB)."""
    path = _far_cell_long_sheet(tmp_path / "far.xlsx")
    assert path.stat().st_size < 10_000
    out = run_capped(f"""
        from dti_kit.forms.read import read_workbook
        long = read_workbook({str(path)!r})
        print(list(long["unit_id"]), list(long["_location"]))
    """, timeout=90)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "['u1'] [\"sheet 'long' cell D2\"]"


@pytest.mark.slow
def test_far_cell_in_a_form_is_read_in_bounded_memory(tmp_path):
    """The same cell on a form's index sheet and on its metadata sheet: read in bounded time and
    memory (the stray-value warnings are tested below, on a filled form)."""
    import openpyxl

    from dti_kit.forms import write_forms
    from dti_kit.loader import load_design

    path = write_forms(load_design("vung-tau-2024-xa"), tmp_path / "f.xlsx", [("phuong-1", "Phường 1")])[0]
    wb = openpyxl.load_workbook(path)
    wb["Chỉ số"]["XFD1048576"] = 7
    wb["_dti_kit"]["XFD1048576"] = 7
    wb.save(path)
    out = run_capped(f"""
        from dti_kit.errors import InputError
        from dti_kit.forms.read import read_workbook
        try:
            read_workbook({str(path)!r}, check_values=False)
        except InputError as exc:
            print("\\n".join(p.format() for p in exc.problems))
    """, timeout=90)
    assert out.returncode == 0, out.stderr[-2000:]
    # the form is otherwise blank: that is the error; the stray cell does not hang the read
    assert "sheet 'Chỉ số' cell C4, unit phuong-1: biểu mẫu để trống" in out.stdout


# -- 11. blank forms, header-only files, stray values, forms of another year ------------------------

@pytest.fixture(scope="module")
def vt_design():
    from dti_kit.loader import load_design

    return load_design("vung-tau-2024-xa")


def _filled_form(tmp_path: Path, design) -> Path:
    """A Vũng Tàu commune form filled from the sample data (made by dti-kit samples)."""
    import openpyxl
    from conftest import example_rows

    from dti_kit.forms import write_forms
    from dti_kit.forms.layout import form_layout

    path = write_forms(design, tmp_path / "f.xlsx", [("phuong-1", "Phường 1")])[0]
    values = {(c, v): val for _u, c, v, val in example_rows(design, "worst", "phuong-1")}
    wb = openpyxl.load_workbook(path)
    ws = wb["Chỉ số"]
    for cell in form_layout(design).cells:
        if (cell.code, cell.variable) in values:
            ws.cell(cell.row, cell.col).value = 0 if cell.kind != "yesno" else "Không"
    wb.save(path)
    return path


def test_blank_form_is_an_input_error(tmp_path, vt_design):
    """A form sent back with only the unit's name: the unit dropped out of the ranking."""
    from dti_kit.cli import main
    from dti_kit.forms import write_forms

    path = write_forms(vt_design, tmp_path / "f.xlsx", [("phuong-1", "Phường 1")])[0]
    assert main(["score", "vung-tau-2024-xa", str(path)]) == 2


def test_stray_value_in_a_non_input_cell_is_a_warning(tmp_path, vt_design):
    import openpyxl

    from dti_kit.forms.read import read_workbook

    path = _filled_form(tmp_path, vt_design)
    wb = openpyxl.load_workbook(path)
    ws = wb["Chỉ số"]
    ws["Z20"] = 15  # beside the form
    wb.save(path)
    long = read_workbook(path, check_values=False)
    stray = [p for p in long.attrs["warnings"] if "not read" in p.message]
    assert [(p.location, p.unit_id, p.severity) for p in stray] == [("sheet 'Chỉ số' cell Z20", "phuong-1", "warning")]
    assert "(15)" in stray[0].message


def test_form_of_another_year_is_refused_when_the_year_is_known(tmp_path, vt_design):
    from dti_kit.errors import InputError
    from dti_kit.report.tables import load_scores

    path = _filled_form(tmp_path, vt_design)
    with pytest.raises(InputError, match="a form for the year 2024, expected 2025"):
        load_scores("vung-tau-2024-xa", [str(path)], year=2025)


def test_header_only_csv_is_an_input_error(tmp_path, capsys):
    """score and sensitivity on a header-only CSV: exit 0 with no unit / a traceback; now exit 2."""
    from dti_kit.cli import main

    path = tmp_path / "empty.csv"
    path.write_text("unit_id,code,variable,value\n\n", encoding="utf-8")
    assert main(["score", "vung-tau-2024-xa", str(path)]) == 2
    assert main(["sensitivity", "vung-tau-2024-xa", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}, line 1: tệp chỉ có dòng tiêu đề" in err and "Traceback" not in err


def test_header_only_long_sheet_is_an_input_error(tmp_path):
    import openpyxl

    from dti_kit.errors import InputError
    from dti_kit.forms.read import read_workbook

    wb = openpyxl.Workbook()
    wb.active.append(["unit_id", "code", "variable", "value"])
    wb.save(tmp_path / "h.xlsx")
    with pytest.raises(InputError, match="the sheet holds a header and no data"):
        read_workbook(tmp_path / "h.xlsx")


def test_compare_inputs_with_invalid_values_is_an_input_error(tmp_path):
    from dti_kit.cli import main

    path = tmp_path / "in.csv"
    path.write_text("unit_id,code,variable,value\nu1,I.1,appraised_score,abc\n", encoding="utf-8")
    assert main(["compare", "vung-tau-2024-xa", "vung-tau-2024-huyen", "--inputs", str(path), "--source", "vung-tau-2024-xa"]) == 2


# -- 14. spreadsheet formats not read; control characters --------------------------------------------

@pytest.mark.parametrize("suffix", [".xls", ".xlsm"])
def test_xls_and_xlsm_given_directly_are_refused(tmp_path, suffix, capsys):
    """Given directly they were parsed as CSV ("not UTF-8 text (byte 0)")."""
    from dti_kit.cli import main
    from dti_kit.forms.guard import OLE_MAGIC

    path = tmp_path / f"form{suffix}"
    path.write_bytes(OLE_MAGIC + b"\x00" * 504 if suffix == ".xls" else b"PK\x03\x04" + b"\x00" * 100)
    assert main(["score", "vung-tau-2024-xa", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"{path}: " in err and "save it as an Excel Workbook (.xlsx)" in err and "UTF-8" not in err


def test_xls_in_a_folder_is_named_not_skipped(tmp_path):
    from dti_kit.errors import InputError
    from dti_kit.inputs import read_inputs

    (tmp_path / "a.csv").write_text("unit_id,code,variable,value\nu1,I.1,appraised_score,1\n", encoding="utf-8")
    (tmp_path / "b.xls").write_bytes(b"\xd0\xcf\x11\xe0")
    with pytest.raises(InputError) as exc:
        read_inputs(tmp_path)
    assert [p.source for p in exc.value.problems] == [str(tmp_path / "b.xls")]


@pytest.mark.slow
def test_ods_given_directly_is_read_as_a_workbook(tmp_path, vt_design):
    """An .ods was parsed as a CSV by read_inputs; it is LibreOffice's own workbook format."""
    import shutil

    from dti_kit.inputs import read_inputs

    if shutil.which("soffice") is None:
        if os.environ.get("CI") == "true":
            pytest.fail("soffice is needed")
        pytest.skip("soffice is needed")
    path = _filled_form(tmp_path, vt_design)
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "ods",
                    "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=120)
    long = read_inputs(tmp_path / "f.ods", check_values=False)
    assert set(long["unit_id"]) == {"phuong-1"} and len(long) == len(read_inputs(path, check_values=False))


@pytest.mark.parametrize("column,text", [("unit_id", "u\x1b[31m1"), ("code", "I.\x001"), ("unit_name", "Phường\x07 1")])
def test_control_characters_in_names_are_refused_with_file_and_line(tmp_path, column, text):
    from dti_kit.errors import InputError
    from dti_kit.inputs import read_long_csv

    cells = {"unit_id": "u1", "code": "I.1", "variable": "appraised_score", "value": "1", "unit_name": "Phường 1"}
    cells[column] = text
    path = tmp_path / "in.csv"
    path.write_text(",".join(cells) + "\n" + ",".join(cells.values()) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        read_long_csv(path)
    (p,) = exc.value.problems
    assert (p.source, p.location) == (str(path), "line 2") and p.message.startswith(f"{column} holds a control character")
    assert "\x1b" not in str(exc.value) and "\x00" not in str(exc.value)
