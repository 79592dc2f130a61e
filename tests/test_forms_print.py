"""Forms on paper and in a clerk's hands (issue 19 "Forms in the field": print, words, counts).

- Print: "cell fonts have no name, so LibreOffice substitutes Cambria and fixed row heights cut
  8–47 rows per index sheet with another font; the general sheet's header row and the supplier
  column are cut with any font; the one-workbook `so` form's general sheet shrinks to one
  unreadable page". Every row is measured here with the real glyph widths of Liberation Serif
  (metric-compatible with Times New Roman, the font the forms name), not the writer's estimate,
  and a form printed by LibreOffice must show every component's name in full.
- Words: "the 'Biến' column and choice rows show internal names (`value`, `so_tin_bai`,
  `bi-thu-chu-tich`); Vũng Tàu's penalty items IX.2.x ask 'Có' where 'Có' means points are
  deducted".
- Counts: "a clerk typing 1.234 meaning 1 234 in an English-locale office gets 1,234".
"""
from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, libreoffice_convert, system_tool
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter, range_boundaries

from dti_kit import InputError, design_ids, load_design
from dti_kit.forms.layout import COUNT, form_layout, variable_specs
from dti_kit.forms.read import read_workbook
from dti_kit.forms.write import build_workbook, write_forms

# LibreOffice prints and the font's real metrics: make test, not the fast tier
pytestmark = pytest.mark.slow

FONT_DIRS = (Path("/usr/share/fonts/truetype/liberation2"), Path("/usr/share/fonts/truetype/liberation"))
SAMPLE_FORMS = sorted((ROOT / "inputs").glob("*/*-forms-synthetic/*.xlsx"))


def _font_file(bold: bool, italic: bool) -> Path:
    style = {(False, False): "Regular", (True, False): "Bold", (False, True): "Italic", (True, True): "BoldItalic"}[(bold, italic)]
    for d in FONT_DIRS:
        if (d / f"LiberationSerif-{style}.ttf").is_file():
            return d / f"LiberationSerif-{style}.ttf"
    import os

    if os.environ.get("CI") == "true":
        pytest.fail("Liberation Serif is not installed; .ci/run installs fonts-liberation2")
    pytest.skip("Liberation Serif is not installed (Debian package fonts-liberation2)")


@functools.cache
def _face(bold: bool, italic: bool):
    from matplotlib import ft2font

    f = ft2font.FT2Font(str(_font_file(bold, italic)))
    f.set_size(100, 72)  # 100 pt at 72 dpi: 1 pixel = 1 point, widths exact to 1/64 of a point
    return f


@functools.cache
def _width(text: str, size: float, bold: bool, italic: bool) -> float:
    """The advance width in points of ``text`` in Liberation Serif at ``size`` (no hinting)."""
    from matplotlib import ft2font

    flags = getattr(getattr(ft2font, "LoadFlags", None), "NO_HINTING", None)
    f = _face(bold, italic)
    f.set_text(text, 0.0, flags=flags if flags is not None else 2)  # 2 = FT_LOAD_NO_HINTING
    return f.get_width_height()[0] / 64.0 * size / 100.0


def _line_height(size: float, bold: bool, italic: bool) -> float:
    """The font's own line height (ascender − descender + line gap) at ``size``."""
    f = _face(bold, italic)
    return f.height / f.units_per_EM * size


@functools.cache
def _lines(text: str, room: float, size: float, bold: bool, italic: bool) -> int:
    """Lines of ``text`` wrapped at spaces into ``room`` points (a word wider than the line is cut in pieces)."""
    n = 0
    for para in text.split("\n"):
        n += 1
        line = ""
        for word in para.split(" "):
            trial = f"{line} {word}" if line else word
            if line and _width(trial, size, bold, italic) > room:
                n += 1
                line = word
            else:
                line = trial
            while _width(line, size, bold, italic) > room and len(line) > 1:
                # a word wider than the line: the spreadsheet breaks it where it no longer fits
                k = len(line)
                while k > 1 and _width(line[:k], size, bold, italic) > room:
                    k -= 1
                n += 1
                line = line[k:]
    return n


def _room(ws, first_col: int, last_col: int) -> float:
    """Points of text across columns first..last: Excel's widths are in characters of 7 pixels
    (the maximum digit width at 96 dpi); a cell keeps 5 pixels of margin."""
    px = 0.0
    for j in range(first_col, last_col + 1):
        w = ws.column_dimensions[get_column_letter(j)].width or 8.43
        px += int(w * 7 + 0.5)
    return (px - 5) * 0.75


def _short_rows(ws) -> list[str]:
    """Rows lower than the wrapped text of one of their cells needs."""
    span = {}
    for rng in ws.merged_cells.ranges:
        c1, r1, c2, r2 = range_boundaries(rng.coord)
        span[(r1, c1)] = c2
    out = []
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if v is None or (isinstance(v, str) and v.startswith("=")) or not (c.alignment and c.alignment.wrap_text):
                continue
            size, bold, italic = float(c.font.sz or 11), bool(c.font.b), bool(c.font.i)
            room = _room(ws, c.column, span.get((c.row, c.column), c.column))
            need = _lines(str(v), room, size, bold, italic) * _line_height(size, bold, italic)
            height = ws.row_dimensions[c.row].height
            if height is None or height < need:
                out.append(f"{ws.title}!{c.coordinate}: height {height}, {need:.1f} needed for {str(v)[:50]!r}")
    return out


def _visible(wb):
    return [ws for ws in wb.worksheets if ws.sheet_state == "visible"]


@pytest.mark.parametrize("did", design_ids())
def test_every_row_of_every_form_is_tall_enough_in_the_named_font(did):
    wb = build_workbook(load_design(did))
    short, unnamed = [], []
    for ws in _visible(wb):
        short += _short_rows(ws)
        unnamed += [f"{ws.title}!{c.coordinate}" for row in ws.iter_rows() for c in row
                    if (c.value is not None or c.has_style) and c.font.name != "Times New Roman"]
    assert short == [], f"{len(short)} cells cut, e.g. {short[:3]}"
    assert unnamed == []


def test_the_filled_sample_forms_are_tall_enough_too():
    # sample forms hold the dropdown labels (long case names) in the narrow value column
    assert len(SAMPLE_FORMS) >= 3
    for path in SAMPLE_FORMS:
        wb = load_workbook(path)
        short = [s for ws in _visible(wb) for s in _short_rows(ws)]
        assert short == [], f"{path.name}: {short[:3]}"


def test_print_setup_of_the_forms():
    d = load_design("hoa-binh-2023-so")
    wb = build_workbook(d)  # the one-workbook form of the 19 departments
    general = wb[wb.sheetnames[0]]
    assert general.title == "Thông tin chung"
    # 19 unit columns shrunk to one page wide were unreadable: the sheet now runs over pages
    # across at full size with the field names repeated on each
    assert not general.sheet_properties.pageSetUpPr.fitToPage and general.page_setup.scale == 100
    assert general.print_title_cols == "$A:$B" and general.print_title_rows == "$5:$5"
    # the columns A:B repeat on every page: the sign-off block stands beside them, on the first page only
    assert {c.column for c in general["A"] + general["B"] if c.value in _sign_off_rows(general)} == set()
    assert len(_sign_off_rows(general)) == 5
    for ws in _visible(wb)[1:] + _visible(build_workbook(load_design("vung-tau-2024-xa"))):
        ps = ws.page_setup
        assert ps.paperSize == "9" or ps.paperSize == 9  # A4
        assert ws.oddFooter.center.text == "Trang &P/&N"
        if ws.title != "Thông tin chung":
            assert ps.orientation == "landscape" and ws.sheet_properties.pageSetUpPr.fitToPage
            assert (ps.fitToWidth, ps.fitToHeight) == (1, 0) and ws.print_title_rows == "$6:$6"


def _sign_off_rows(ws) -> dict[str, int]:
    words = ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)",
             "…………, ngày …… tháng …… năm ……")
    return {c.value: c.row for row in ws.iter_rows() for c in row if c.value in words}


def test_every_sheet_ends_with_the_sign_off_block():
    for did in ("vung-tau-2024-huyen", "bac-kan-2022-so"):
        d = load_design(did)
        wb = build_workbook(d)
        layout = form_layout(d)
        for ws in _visible(wb):
            rows = _sign_off_rows(ws)
            assert len(rows) == 5, (did, ws.title, rows)
            last = layout.last_row if ws.title != "Thông tin chung" else 5 + len(d.general_info)
            assert min(rows.values()) > last  # below the table, never inside it
            assert rows["NGƯỜI LẬP BIỂU"] == rows["THỦ TRƯỞNG ĐƠN VỊ"] == rows["…………, ngày …… tháng …… năm ……"] + 1
            assert ws.row_dimensions[rows["(Ký tên, đóng dấu)"] + 1].height >= 60  # room to sign and stamp


def _pdf_text(pdf: Path) -> str:
    """The PDF's text with line breaks undone: a line ending in "-" joins the next (the
    spreadsheet breaks "37/QĐ-UBND" after the hyphen), other breaks become a space."""
    raw = subprocess.run([system_tool("pdftotext"), "-raw", str(pdf), "-"], check=True, capture_output=True,
                         text=True).stdout
    return " ".join(re.sub(r"-[ \t]*\n\s*", "-", raw).split())


@pytest.mark.parametrize("did", ["vung-tau-2024-huyen", "ninh-thuan-2022-tinh"])
def test_a_form_printed_by_libreoffice_shows_every_name_in_full(tmp_path, did):
    d = load_design(did)
    xlsx = write_forms(d, tmp_path / f"{did}.xlsx")[0]
    pdf = libreoffice_convert(xlsx, tmp_path, "pdf")
    text = _pdf_text(pdf)
    names = ([m.name for m in d.main_indicators] + [c.name for c in d.components()] + [c.name for c in d.leaves()]
             + [b.name for b in d.bonus] + [g.name for g in d.general_info])
    missing = [n for n in dict.fromkeys(names) if " ".join(n.split()) not in text]
    assert missing == []
    for word in ("NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)", "Trang 1/"):
        assert word in text
    pages = int(re.search(r"Pages:\s+(\d+)", subprocess.run([system_tool("pdfinfo"), str(pdf)], capture_output=True, text=True).stdout)[1])
    assert f"Trang {pages}/{pages}" in text
    fonts = subprocess.run([system_tool("pdffonts"), str(pdf)], check=True, capture_output=True, text=True).stdout
    used = {line.split()[0].split("+")[-1] for line in fonts.splitlines()[2:] if line.strip()}
    assert used and all(f.startswith("LiberationSerif") for f in used), used  # the named font, nothing substituted


def _internal_names(design) -> set[str]:
    """The names a design gives its inputs and cases for the engine, which a clerk must never see:
    every variable name that is not a single letter, every case code (letters are the decision's
    own symbols where its method writes them; checked below)."""
    out = set()
    for node in list(design.leaves()) + list(design.bonus):
        for var, spec in variable_specs(node.rule).items():
            if not re.fullmatch(r"[a-z]", var):
                out.add(var)
            out.update(code for code, _label in spec.choices)
    return out


@pytest.mark.parametrize("did", design_ids())
def test_a_form_shows_the_decisions_words_never_an_internal_name(did):
    d = load_design(did)
    internal = _internal_names(d)
    if d.detail == "full":
        assert {"value"} <= internal
    wb = build_workbook(d)
    layout = form_layout(d)
    nodes = {n.code: n for n in list(d.leaves()) + list(d.bonus)}
    seen = []
    for ws in _visible(wb):
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str):
                    seen += [(ws.title, c.coordinate, name) for name in internal
                             if re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", c.value)]
    assert seen == []
    # the "Biến" column holds only a letter the method writes, or a part's "(1)" it prints
    ws = _visible(wb)[-1]
    col = layout.col("var")
    for fr in layout.rows:
        if fr.kind != "variable":
            continue
        shown = ws.cell(fr.row, col).value
        if shown is not None:
            method = nodes[fr.code].method
            assert re.search(r"(?<![^\W_])" + re.escape(shown) + r"(?![^\W_])", method) or shown in method, (fr.code, shown)


def test_the_decisions_symbols_and_words_on_hoa_binh():
    d = load_design("hoa-binh-2023-huyen")
    wb = build_workbook(d)
    ws = wb["Chỉ số"]
    layout = form_layout(d)
    row = {(fr.code, fr.variable): fr.row for fr in layout.rows if fr.kind == "variable"}
    name, var = layout.col("name"), layout.col("var")
    # 6.4: "a= Số hồ sơ xử lý DVCTT toàn trình. b= Tổng số hồ sơ DVCTT …": the decision's letters
    assert ws.cell(row[("6.4", "a")], var).value == "a"
    assert ws.cell(row[("6.4", "a")], name).value.strip() == "Số hồ sơ xử lý DVCTT toàn trình"
    # 1.1: a choice; the row says what is chosen, the dropdown offers the decision's cases
    assert ws.cell(row[("1.1", "value")], var).value is None
    assert ws.cell(row[("1.1", "value")], name).value.strip() == "Trưởng ban Ban chỉ đạo chuyển đổi số cấp huyện"
    assert "Trưởng ban là Bí thư/Chủ tịch huyện, thành phố" in ws.cell(row[("1.1", "value")], layout.col("method")).value


def test_vung_tau_penalty_items_say_what_yes_means():
    d = load_design("vung-tau-2024-huyen")
    wb = build_workbook(d)
    ws = wb["Chỉ số"]
    layout = form_layout(d)
    for code in ("IX.2.1", "IX.2.2"):
        fr = next(fr for fr in layout.rows if fr.kind == "variable" and fr.code == code)
        question = ws.cell(fr.row, layout.col("name")).value.strip()
        hint = ws.cell(fr.row, layout.col("method")).value
        assert question.startswith("Đơn vị CHƯA hoàn thành 100%") and "Có = chưa hoàn thành, bị trừ điểm" in question
        assert hint == "Chọn Có / Không; Có = bị trừ 1 điểm"
    bonus = next(fr for fr in layout.rows if fr.kind == "variable" and fr.code == "IX.1.1")
    assert "bị trừ" not in (ws.cell(bonus.row, layout.col("method")).value or "")


COUNT_LABEL = re.compile(r"^(tổng\s+)?(số lượng|số)\s", re.I)


def test_every_shipped_design_says_which_inputs_count_things():
    # Hòa Bình huyện 6.4: "a= Số hồ sơ xử lý DVCTT toàn trình. b= Tổng số hồ sơ DVCTT": both counts
    assert load_design("hoa-binh-2023-huyen").leaves()[0] is not None
    hb = {c.code: c for c in load_design("hoa-binh-2023-huyen").leaves()}
    assert hb["6.4"].counts == ("a", "b")
    # 3.1: machines and officials (a, b, c, d) are counts
    assert set(hb["3.1"].counts) == {"a", "b", "c", "d"}
    # amounts are not: 6.14 "Tổng chi ngân sách nhà nước cho CNTT, chính quyền số (triệu đồng)"
    assert hb["6.14"].counts == ()
    for did in design_ids():
        d = load_design(did)
        for node in list(d.leaves()) + list(d.bonus):
            labels = dict(node.inputs)
            for var in node.counts:
                assert var in labels
            for var, label in labels.items():
                money = any(w in label.lower() for w in ("đồng", "kinh phí", "giá trị", "ngân sách", "tần suất"))
                if COUNT_LABEL.match(label) and not money and variable_specs(node.rule)[var].kind == "number":
                    assert var in node.counts, (did, node.code, var, label)


def test_a_design_naming_a_count_that_is_no_input_or_a_yes_no_is_refused(tmp_path):
    from dti_kit import load_design_file
    from dti_kit.errors import DesignError

    src = (ROOT / "tests" / "fixtures" / "mini-2024-huyen.yaml").read_text(encoding="utf-8")
    for old, new, message in (
        ("inputs: {a: a, b: b}, rule:", "inputs: {a: a, b: b}, counts: [zz], rule:", r"counts name variable\(s\) that are not inputs \['zz'\]"),
        ("inputs: {value: có kế hoạch}, rule:", "inputs: {value: có kế hoạch}, counts: [value], rule:",
         r"counts name yes/no or choice variable\(s\) \['value'\]"),
    ):
        assert old in src
        (tmp_path / "mini-2024-huyen.yaml").write_text(src.replace(old, new, 1), encoding="utf-8")
        with pytest.raises(DesignError) as exc:
            load_design_file(tmp_path / "mini-2024-huyen.yaml")
        assert any(re.search(message, p.message) for p in exc.value.problems), exc.value.problems


def test_count_cells_take_whole_numbers_only():
    d = load_design("hoa-binh-2023-huyen")
    layout = form_layout(d)
    ws = build_workbook(d)["Chỉ số"]
    cells = {(c.code, c.variable): c for c in layout.cells}
    a = cells[("6.4", "a")]
    assert a.kind == COUNT
    ref = f"{get_column_letter(a.col)}{a.row}"
    whole = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole"]
    assert len(whole) == 1 and whole[0].operator == "greaterThanOrEqual" and whole[0].formula1 == "0"
    assert ref in str(whole[0].sqref)
    # an amount keeps decimal validation: 6.14 a, in triệu đồng
    b = cells[("6.14", "a")]
    assert b.kind == "number" and f"{get_column_letter(b.col)}{b.row}" not in str(whole[0].sqref)
    counts = sum(len(n.counts) for n in d.leaves())
    assert sum(1 for c in layout.cells if c.kind == COUNT) == counts == 91


def test_a_count_typed_with_a_thousands_point_is_flagged(tmp_path):
    # "a clerk typing 1.234 meaning 1 234 in an English-locale office gets 1,234"
    form = ROOT / "inputs" / "hoa-binh" / "2023-huyen-forms-synthetic" / "hoa-binh-2023-huyen-synthetic.xlsx"
    d = load_design("hoa-binh-2023-huyen")
    cells = {(c.code, c.variable): c for c in form_layout(d).cells}
    wb = load_workbook(form)
    sheet = "Thành phố Hòa Bình"
    a, money = cells[("6.4", "b")], cells[("6.14", "a")]
    wb[sheet].cell(a.row, a.col).value = 1.234
    wb[sheet].cell(money.row, money.col).value = 1.5  # triệu đồng: a fraction is fine
    bad = tmp_path / "bad.xlsx"
    wb.save(bad)
    with pytest.raises(InputError) as exc:
        read_workbook(bad)
    flagged = [p for p in exc.value.problems if "whole number" in p.message]
    assert len(flagged) == 1
    p = flagged[0]
    assert (p.source, p.code, p.variable, p.unit_id) == (str(bad), "6.4", "b", "thanh-pho-hoa-binh")
    assert p.location == f"sheet '{sheet}' cell {get_column_letter(a.col)}{a.row}"
    assert "1.234" in p.message and "1234" in p.message and "1,234" in p.message_vi
