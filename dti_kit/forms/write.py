"""Writing Excel input forms from a design (``dti-kit template``).

A form is laid out like the official ones (Vũng Tàu's 2024 data request, seed 004): a title
block (province, level, year, the decision, the unit's name), the general-information sheet
("A. Thông tin chung") and the index sheet with STT, name, method, evidence, max points, one
input cell per variable, self-assessed and appraised scores and a note; subtotal and total rows
are Excel formulas. Yes/no and choice cells have dropdowns, counts take whole numbers only,
input cells are unlocked and the rest protected (no password), the header is frozen.

On paper a form reads like an official one: every cell in Times New Roman (named, so that no
office substitutes another face; Liberation Serif has its metrics), every row as tall as its
wrapped text in every column (:mod:`dti_kit.forms.measure`), the sign-off block (người lập
biểu, thủ trưởng đơn vị, ngày … tháng … năm …) under each sheet, A4 one page wide with the
header row repeated and "Trang 1/3" in the footer.

The design id, the assessment year and the layout's fingerprint are stored in a very hidden
sheet so that :mod:`dti_kit.forms.read` can refuse a form of another design, year or layout.
Output bytes are deterministic and files are written atomically: a folder of forms all or none.
"""
from __future__ import annotations

import csv
import math
import unicodedata
from pathlib import Path
from typing import Mapping, Sequence

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.utils.indexed_list import IndexedList
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.protection import SheetProtection

from dti_kit._util.atomic import all_or_nothing, write_bytes
from dti_kit._util.excel import workbook_bytes
from dti_kit._util.sheetnames import sheet_title
from dti_kit._util.strings import safe_cell, slugify
from dti_kit.errors import InputError, Problem
from dti_kit.forms.layout import (
    CHOICE,
    COUNT,
    FIRST_ROW,
    FORM_FORMAT,
    FORM_VERSION,
    GENERAL_SHEET,
    HEADER_ROW,
    INDEX_SHEET,
    LISTS_SHEET,
    META_SHEET,
    NA,
    NO,
    NOTE,
    NUMBER,
    SCORE,
    UNIT_NAME_CELL,
    YES,
    YESNO,
    FormLayout,
    form_layout,
)
from dti_kit.forms.measure import FONT_NAME, column_points, row_height
from dti_kit.forms.na_formulas import na_formulas, provisional_note
from dti_kit.i18n import text
from dti_kit.model import IndexDesign

HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
HEADER_FONT = Font(name=FONT_NAME, bold=True, color="FFFFFF", size=10)
INDICATOR_FILL = PatternFill("solid", fgColor="DDEBF7")
GROUP_FILL = PatternFill("solid", fgColor="F2F2F2")
INPUT_FILL = PatternFill("solid", fgColor="FFF2CC")
FORMULA_FILL = PatternFill("solid", fgColor="E2EFDA")
SYNTHETIC_FONT = Font(name=FONT_NAME, bold=True, color="C00000", size=11)
THIN = Side(style="thin", color="A6A6A6")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BASE_FONT = Font(name=FONT_NAME, size=10)
BOLD = Font(name=FONT_NAME, size=10, bold=True)
SMALL_GREY = Font(name=FONT_NAME, size=9, color="808080")
TITLE_FONT = Font(name=FONT_NAME, bold=True, size=13)
ITALIC = Font(name=FONT_NAME, italic=True, size=10)
SMALL_ITALIC = Font(name=FONT_NAME, italic=True, size=9)
VARIABLE_FONT = Font(name=FONT_NAME, size=10, bold=True, color="1F4E79")
DEFAULT_FONT = Font(name=FONT_NAME, size=11, family=1)  # the workbook's Normal style (empty cells, column units)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
UNLOCKED = Protection(locked=False)
LEVEL_COLUMNS = {"tinh": "UBND cấp tỉnh", "so": "Sở, ban, ngành", "huyen": "UBND cấp huyện", "xa": "UBND cấp xã"}
SYNTHETIC_NOTE = ("DỮ LIỆU GIẢ LẬP (synthetic): số liệu do dti-kit sinh ngẫu nhiên để minh họa, "
                  "không phải số liệu thật của đơn vị.")
INSTRUCTIONS = ("Nhập số liệu vào các ô màu vàng. Không chèn, xóa, di chuyển dòng, cột hay đổi tên trang tính; "
                "các dòng tổng là công thức.")
BLANK_UNIT = ("", "")


def _text(value) -> object:
    """Text made spreadsheet-safe; numbers pass."""
    return safe_cell(value) if isinstance(value, str) else value


def _number(value):
    """A value for a numeric cell: ints stay ints, integral floats become ints, text parses if it can."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            return int(value)
        return value
    if hasattr(value, "item"):
        return _number(value.item())
    if isinstance(value, str):
        try:
            return _number(float(value)) if value.strip() else None
        except ValueError:
            return value
    return value


def cell_value(kind: str, value, choices=()):
    """What to type in an input cell for a long-table value (choice code → its label, 1/0 → Có/Không)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if kind == CHOICE:
        for code, label in choices:
            if str(value) == code:
                return label
        return str(value)
    if kind in (YESNO, NA):
        v = _number(value)
        if v == 1:
            return YES
        if v == 0:
            return NO
        return v
    if kind == NOTE:
        return str(value)
    return _number(value)


class _Validations:
    """The data validations of one sheet, one object per distinct rule (deterministic order)."""

    def __init__(self, ws, lists: "_Lists"):
        self.ws = ws
        self.lists = lists
        self.dvs: dict[tuple, DataValidation] = {}

    def add(self, kind: str, ref: str, choices=(), low=None, high=None) -> None:
        if kind in (YESNO, NA):
            key = ("yesno",)
            make = lambda: DataValidation(type="list", formula1=f'"{YES},{NO}"', allow_blank=True,  # noqa: E731
                                          errorTitle="Giá trị không hợp lệ", error=f"Chọn {YES} hoặc {NO}.")
        elif kind == CHOICE:
            key = ("choice", choices)
            rng = self.lists.range_for(choices)
            make = lambda: DataValidation(type="list", formula1=rng, allow_blank=True,  # noqa: E731
                                          errorTitle="Giá trị không hợp lệ", error="Chọn một trường hợp trong danh sách.")
        elif kind == COUNT:
            key = ("count",)
            make = lambda: DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True,  # noqa: E731
                                          errorTitle="Giá trị không hợp lệ", error="Nhập số nguyên không âm.")
        elif kind == NUMBER:
            key = ("number",)
            make = lambda: DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,  # noqa: E731
                                          errorTitle="Giá trị không hợp lệ", error="Nhập một số không âm.")
        elif kind == SCORE:
            key = ("score", low, high)
            make = lambda: DataValidation(type="decimal", operator="between", formula1=f"{low:g}", formula2=f"{high:g}",  # noqa: E731
                                          allow_blank=True, errorTitle="Điểm không hợp lệ",
                                          error=f"Điểm phải từ {low:g} đến {high:g}.")
        else:
            return
        dv = self.dvs.get(key)
        if dv is None:
            dv = make()
            dv.showErrorMessage = True
            self.dvs[key] = dv
            self.ws.add_data_validation(dv)
        dv.add(ref)


class _Lists:
    """The dropdown labels of choice variables, written at the end to a hidden sheet (one
    column per list)."""

    def __init__(self):
        self.cols: dict[tuple, str] = {}

    def range_for(self, choices) -> str:
        if choices not in self.cols:
            letter = get_column_letter(len(self.cols) + 1)
            self.cols[choices] = f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(choices)}"
        return self.cols[choices]

    def write(self, wb: Workbook) -> None:
        if not self.cols:
            return
        ws = wb.create_sheet(LISTS_SHEET)
        ws.sheet_state = "hidden"
        for j, choices in enumerate(self.cols, start=1):
            for i, (_code, label) in enumerate(choices, start=1):
                ws.cell(i, j, _text(label))
        ws.protection = SheetProtection(sheet=True)


def _title_lines(design: IndexDesign, year: int, synthetic: bool) -> tuple[str, str, str]:
    title = design.source.title or f"Bộ chỉ số đánh giá chuyển đổi số {design.level_name}"
    if synthetic:
        title = f"[DỮ LIỆU GIẢ LẬP] {title}"
    src = design.source
    # the citation says what the source leaves blank; a part that only repeats the as-printed citation is left out
    basis = f"Căn cứ: {src.citation('vi')}" + (f"; {src.part}" if src.part and not src.as_printed else "")
    where = (f"Tỉnh: {design.province} · Cấp đánh giá: {design.level_name} ({design.unit_kind}) · "
             f"Năm đánh giá: {year} · Bộ chỉ số: {design.id}")
    return title, basis, where


def _title_block(ws, design: IndexDesign, year: int, synthetic: bool, ncols: int, last: int) -> None:
    """Rows 1–5: title, decision, province/level/year, unit name (row 4), note (row 5)."""
    title, basis, where = _title_lines(design, year, synthetic)
    end = get_column_letter(ncols)
    for r, line, font in ((1, title, TITLE_FONT), (2, basis, ITALIC), (3, where, BOLD),
                          (last, SYNTHETIC_NOTE if synthetic else INSTRUCTIONS, SYNTHETIC_FONT if synthetic else SMALL_ITALIC)):
        ws.cell(r, 1, _text(line)).font = font
        ws.cell(r, 1).alignment = Alignment(wrap_text=True, vertical="center", horizontal="center" if r == 1 else "left")
        ws.merge_cells(f"A{r}:{end}{r}")


def _index_sheet(ws, design: IndexDesign, layout: FormLayout, unit: tuple[str, str], year: int, synthetic: bool,
                 values: Mapping[tuple[str, str], object], lists: _Lists) -> None:
    ncols = len(layout.columns)
    _title_block(ws, design, year, synthetic, ncols, 5)
    ur, uc = UNIT_NAME_CELL
    ws.cell(ur, 1, "Tên cơ quan, đơn vị:").font = BOLD
    ws.merge_cells(start_row=ur, start_column=1, end_row=ur, end_column=uc - 1)
    name_cell = ws.cell(ur, uc, _text(unit[1]) or None)
    name_cell.font, name_cell.fill, name_cell.protection, name_cell.border = BOLD, INPUT_FILL, UNLOCKED, BORDER

    for j, col in enumerate(layout.columns, start=1):
        c = ws.cell(HEADER_ROW, j, col.header)
        c.fill, c.font, c.border = HEADER_FILL, HEADER_FONT, BORDER
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(j)].width = col.width

    key_col = {c.key: j for j, c in enumerate(layout.columns, start=1)}
    formulas = na_formulas(design, layout)
    not_assessed = [f"{get_column_letter(c.col)}{c.row}" for c in layout.cells
                    if design.na_policy.partial and c.variable == design.na_policy.partial]
    for fr in layout.rows:
        r = fr.row
        font = BOLD if fr.kind in ("indicator", "group", "section", "total") else BASE_FONT
        fill = INDICATOR_FILL if fr.kind in ("indicator", "total") else GROUP_FILL if fr.kind in ("group", "section") else None
        texts = {
            "stt": fr.code if fr.kind == "variable" else fr.stt,
            "name": ("    " * fr.level) + fr.name if fr.kind == "variable" else fr.name,
            "method": fr.method, "evidence": fr.evidence,
            "max": fr.max_points, "var": fr.symbol,
            "responsible": fr.responsible,
        }
        for key, j in key_col.items():
            v = texts.get(key)
            cell = ws.cell(r, j, _text(v) if v not in ("", None) else None)
            cell.border, cell.font, cell.alignment = BORDER, font, WRAP_TOP
            if fill is not None:
                cell.fill = fill
        if fr.kind == "variable":
            ws.cell(r, key_col["stt"]).font = SMALL_GREY
            ws.cell(r, key_col["var"]).font = VARIABLE_FONT
        if fr.kind == "indicator" and fr.max_points == 0:
            ws.cell(r, key_col["method"], "Không tính điểm")
        if fr.sums:
            # subtotals and the total score N/A items by the design's rule (forms.na_formulas)
            for k, key in enumerate(("self", "appraised")):
                letter, rate_col = get_column_letter(key_col[key]), ncols + 1 + k
                cell = ws.cell(r, key_col[key], formulas.score(fr, letter, get_column_letter(rate_col)))
                cell.fill, cell.number_format = FORMULA_FILL, "0.##"
                if formulas.needs_rate(fr):  # the rate of the rule, once per indicator, in a hidden column
                    owner = formulas.owner(fr)
                    ws.cell(owner, rate_col, formulas.rate(owner, letter)).number_format = "0.####"
                    ws.column_dimensions[get_column_letter(rate_col)].hidden = True
            if fr.kind == "total":
                most = formulas.total_max(fr, not_assessed)
                if isinstance(most, str):  # exclude: the scale less what the unit marks N/A or not assessed
                    cell = ws.cell(r, key_col["max"], most)
                    cell.fill, cell.number_format = FORMULA_FILL, "0.##"
            if formulas.provisional(fr):
                ws.cell(r, key_col["method"], _text(provisional_note(design)))

    dv = _Validations(ws, lists)
    for c in layout.cells:
        cell = ws.cell(c.row, c.col)
        cell.protection, cell.fill = UNLOCKED, INPUT_FILL
        ref = cell.coordinate
        dv.add(c.kind, ref, c.choices, c.low, c.high)
        v = values.get((c.code, c.variable))
        if v is not None:
            cell.value = _text(cell_value(c.kind, v, c.choices))
        if c.kind in (NUMBER, COUNT, SCORE):
            cell.number_format = "General"

    _sign_off(ws, layout.last_row + 2, ncols, left=(1, layout.col("method")), right=(layout.col("value"), ncols))
    _fit_rows(ws)
    ws.freeze_panes = f"C{FIRST_ROW}"
    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False, selectLockedCells=False,
                                    selectUnlockedCells=False)
    _print_setup(ws, HEADER_ROW)


PORTRAIT_ROOM = (8.27 - 0.8) * 72  # points of text across an A4 portrait page with 0.4-inch margins


def _sheet_points(ws) -> float:
    # hidden columns (the N/A rule's rates) do not print
    return sum(column_points(d.width) + 3.75 for d in ws.column_dimensions.values() if d.width and not d.hidden)


def _print_setup(ws, header_row: int, title_cols: str | None = None) -> None:
    """A4, portrait where the sheet's columns fit across it, landscape otherwise; one page wide
    (or, with ``title_cols``, as many pages across as the columns need at full size, those
    columns repeated); the header row repeated on every page; "Trang 1/3" in the footer."""
    wide = _sheet_points(ws)
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait" if wide <= PORTRAIT_ROOM else "landscape"
    if title_cols:
        ws.sheet_properties.pageSetUpPr.fitToPage = False
        ws.page_setup.scale = 100
        ws.print_title_cols = title_cols
    else:
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0  # as many pages down as the rows need
    ws.print_title_rows = f"{header_row}:{header_row}"
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.print_options.horizontalCentered = True
    ws.oddFooter.center.text = text("forms.page_footer")
    ws.oddFooter.center.size = 9
    ws.oddFooter.center.font = FONT_NAME


def _sign_off(ws, row: int, ncols: int, left: tuple[int, int], right: tuple[int, int]) -> None:
    """The block an official form ends with: place and date, who made the form and the head of
    the unit, each to sign (the head also stamps), in columns ``left`` and ``right`` (first, last)."""
    lines = [
        (None, ("forms.sign_date", ITALIC)),
        (("forms.sign_preparer", BOLD), ("forms.sign_head", BOLD)),
        (("forms.sign_preparer_hint", ITALIC), ("forms.sign_head_hint", ITALIC)),
    ]
    right = (min(right[0], ncols), ncols)
    for i, pair in enumerate(lines):
        r = row + i
        for (first, last), entry in zip((left, right), pair):
            if entry is None:
                continue
            msg, font = entry
            c = ws.cell(r, first, text(msg))
            c.font, c.alignment = font, Alignment(horizontal="center", vertical="center", wrap_text=True)
            if last > first:
                ws.merge_cells(start_row=r, start_column=first, end_row=r, end_column=last)
    ws.row_dimensions[row + len(lines)].height = 66  # room to sign and stamp


def _fit_rows(ws) -> None:
    """Every row as tall as the wrapped text of its tallest cell (a merged cell across its columns)."""
    widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
    room = lambda a, b: sum(column_points(widths.get(get_column_letter(j), 13)) + (3.75 if j < b else 0)  # noqa: E731
                            for j in range(a, b + 1))
    span = {(m.min_row, m.min_col): m.max_col for m in ws.merged_cells.ranges}
    cells: dict[int, list] = {}
    for row in ws.iter_rows():
        for c in row:
            v = c.value
            if v is None or (isinstance(v, str) and v.startswith("=")):
                continue
            size = float(c.font.sz or 11) if c.font is not None else 11.0
            txt = v if isinstance(v, str) else f"{v}"
            if not (c.alignment is not None and c.alignment.wrap_text):
                continue
            cells.setdefault(c.row, []).append((txt, room(c.column, span.get((c.row, c.column), c.column)), size,
                                                bool(c.font is not None and c.font.b)))
    for r, items in cells.items():
        if ws.row_dimensions[r].height is None:
            ws.row_dimensions[r].height = row_height(items, minimum=15.0)


GENERAL_HEADER_ROW = 5


def general_columns(design: IndexDesign) -> tuple[list[str], list[str]]:
    """(fixed headers, level keys) of the general-information sheet; value columns follow."""
    levels: list[str] = []
    for g in design.general_info:
        for lv in g.levels:
            if lv not in levels:
                levels.append(lv)
    fixed = ["STT", "Thông tin chung", "Đơn vị tính"]
    names = dict(LEVEL_COLUMNS)
    names.update(design.metadata.get("general_info_columns") or {})  # levels are data: a design may name any level's column
    fixed += [names.get(lv, lv) for lv in levels]
    fixed.append("Đơn vị cung cấp")
    return fixed, levels


def _general_sheet(ws, design: IndexDesign, layout: FormLayout, units: Sequence[tuple[str, str]], year: int,
                   synthetic: bool, general: Mapping[str, Mapping[str, object]]) -> list[int]:
    """The general-information sheet; returns the value column of each unit."""
    fixed, levels = general_columns(design)
    ncols = len(fixed) + len(units)
    # many units side by side print over several pages across (see _print_setup): the title,
    # the note and the sign-off stay within the first page's columns, and out of the field-name
    # columns that repeat on every page
    wide = len(units) > 2
    span = min(ncols, len(fixed) + 3) if wide else ncols
    _title_block(ws, design, year, synthetic, span, 4)
    gtitle = design.metadata.get("general_info_title") or "THÔNG TIN CHUNG"
    ws.cell(1, 1, _text(("[DỮ LIỆU GIẢ LẬP] " if synthetic else "") + str(gtitle)))
    headers = fixed + [("Số liệu" if len(units) == 1 else f"Số liệu: {u[1] or u[0]}") for u in units]
    widths = [7, 48, 12] + [11] * len(levels) + [20] + [18] * len(units)
    for j, (h, w) in enumerate(zip(headers, widths), start=1):
        c = ws.cell(GENERAL_HEADER_ROW, j, _text(h))
        c.fill, c.font, c.border = HEADER_FILL, HEADER_FONT, BORDER
        c.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        ws.column_dimensions[get_column_letter(j)].width = w
    value_cols = list(range(len(fixed) + 1, ncols + 1))
    text_fields = {g.code for g in design.general_info if g.value_type == "text"}
    r = GENERAL_HEADER_ROW + 1
    for code, name, unit_label, lvls, supplier, applies in layout.general:
        row = [code, name, unit_label] + [("x" if lv in lvls else "–") for lv in levels] + [supplier]
        for j, v in enumerate(row, start=1):
            c = ws.cell(r, j, _text(v) if v else None)
            c.border, c.font, c.alignment = BORDER, BASE_FONT, WRAP_TOP
        for (uid, _name), j in zip(units, value_cols):
            c = ws.cell(r, j)
            c.border, c.font, c.alignment = BORDER, BASE_FONT, WRAP_TOP
            if applies:
                c.protection, c.fill = UNLOCKED, INPUT_FILL
                v = general.get(uid, {}).get(code)
                if code in text_fields:
                    # a text cell: what the clerk types stays as typed (0912345678 keeps its 0)
                    c.number_format = "@"
                    if v is not None:
                        c.value = _text(str(v))
                elif v is not None:
                    c.value = _text(_number(v) if not isinstance(v, str) else v)
            else:
                c.value = "–"
                c.font = SMALL_GREY
        r += 1
    note = design.metadata.get("general_info_note")
    if note:
        ws.cell(r + 1, 1, _text(str(note))).font = SMALL_ITALIC
        ws.cell(r + 1, 1).alignment = WRAP_TOP
        ws.merge_cells(start_row=r + 1, start_column=1, end_row=r + 1, end_column=span)
        r += 1
    if wide:
        _sign_off(ws, r + 2, span, left=(3, len(fixed)), right=(len(fixed) + 1, span))
    else:
        _sign_off(ws, r + 2, ncols, left=(1, 2), right=(3, ncols))
    _fit_rows(ws)
    ws.freeze_panes = f"C{GENERAL_HEADER_ROW + 1}"
    ws.protection = SheetProtection(sheet=True, formatColumns=False, formatRows=False)
    # many units side by side: shrunk to one page wide the sheet is unreadable; it runs over
    # several pages across instead, the field names repeated on each
    _print_setup(ws, GENERAL_HEADER_ROW, title_cols="A:B" if wide else None)
    return value_cols


def _meta_sheet(wb: Workbook, design: IndexDesign, layout: FormLayout, year: int, synthetic: bool,
                unit_rows: list[tuple[str, str, str, int]], general_sheet: str) -> None:
    ws = wb.create_sheet(META_SHEET)
    ws.sheet_state = "veryHidden"
    pairs = [
        ("format", FORM_FORMAT), ("version", FORM_VERSION), ("design_id", design.id), ("design_year", design.year),
        ("year", year), ("province", design.province), ("level", design.level), ("fingerprint", layout.fingerprint),
        ("synthetic", 1 if synthetic else 0), ("general_sheet", general_sheet),
    ]
    for i, (k, v) in enumerate(pairs, start=1):
        ws.cell(i, 1, k)
        ws.cell(i, 2, _text(v))
    r = len(pairs) + 1
    for sheet, uid, name, gcol in unit_rows:
        for j, v in enumerate(("unit", sheet, uid, name, gcol), start=1):
            ws.cell(r, j, _text(v))
        r += 1
    ws.protection = SheetProtection(sheet=True)


def _values_by_unit(values: pd.DataFrame | None) -> dict[str, dict[tuple[str, str], object]]:
    if values is None or len(values) == 0:
        return {}
    out: dict[str, dict[tuple[str, str], object]] = {}
    for uid, code, var, value in zip(values["unit_id"].astype(str), values["code"].astype(str),
                                     values["variable"].astype(str), values["value"]):
        out.setdefault(uid, {})[(code, var)] = value
    return out


def build_workbook(design: IndexDesign, units: Sequence[tuple[str, str]] | None = None, *,
                   values: pd.DataFrame | None = None, year: int | None = None, synthetic: bool = False,
                   general: Mapping[str, Mapping[str, object]] | None = None) -> Workbook:
    """An openpyxl workbook holding the forms of ``units`` (one index sheet per unit).

    Parameters
    ----------
    design : IndexDesign
    units : sequence of (unit_id, unit_name), optional
        Default: the design's units, or one blank form (``("", "")``) the unit names itself.
    values : pandas.DataFrame, optional
        A long table (unit_id, code, variable, value) to fill in (sample forms).
    year : int, optional
        The assessment year written in the title block and checked on reading (default: the
        design's year).
    synthetic : bool
        Say in the title block of every sheet that the data are synthetic.
    general : mapping, optional
        ``{unit_id: {field code: value}}`` for the general-information sheet.
    """
    units = list(units) if units else (list(design.units) or [BLANK_UNIT])
    year = int(year if year is not None else design.year)
    layout = form_layout(design)
    by_unit = _values_by_unit(values)
    wb = Workbook()
    wb.remove(wb.active)
    # the Normal style's font: empty cells, and the unit of the column widths
    wb._fonts = IndexedList([DEFAULT_FONT])
    lists = _Lists()
    taken: set[str] = {META_SHEET.lower(), LISTS_SHEET.lower()}
    general_sheet = ""
    gcols = [0] * len(units)
    if design.general_info:
        general_sheet = sheet_title(GENERAL_SHEET, taken)
        gcols = _general_sheet(wb.create_sheet(general_sheet), design, layout, units, year, synthetic, general or {})
    unit_rows = []
    for (uid, name), gcol in zip(units, gcols):
        wanted = INDEX_SHEET if len(units) == 1 else (name or uid or INDEX_SHEET)
        title = sheet_title(wanted.strip()[:31].rstrip(), taken)
        _index_sheet(wb.create_sheet(title), design, layout, (uid, name), year, synthetic, by_unit.get(uid, {}), lists)
        unit_rows.append((title, uid, name, gcol))
    lists.write(wb)
    _meta_sheet(wb, design, layout, year, synthetic, unit_rows, general_sheet)
    wb.active = wb.sheetnames.index(unit_rows[0][0]) if unit_rows else 0
    wb.security = WorkbookProtection(lockStructure=True)
    return wb


def form_bytes(design: IndexDesign, units: Sequence[tuple[str, str]] | None = None, **kwargs) -> bytes:
    """The bytes of :func:`build_workbook` (deterministic: same arguments, same bytes)."""
    return workbook_bytes(build_workbook(design, units, **kwargs))


def write_form(path: str | Path, design: IndexDesign, units: Sequence[tuple[str, str]] | None = None, **kwargs) -> Path:
    """Write one workbook (a sheet per unit) atomically; returns its path."""
    path = Path(path)
    write_bytes(path, form_bytes(design, units, **kwargs))
    return path


def form_file_name(design: IndexDesign, unit: tuple[str, str], synthetic: bool = False) -> str:
    uid, name = unit
    stem = uid or (slugify(name) if name else "")
    stem = f"{design.id}-{stem}" if stem else f"{design.id}-blank"
    return stem + ("-synthetic" if synthetic else "") + ".xlsx"


def write_forms(design: IndexDesign, out: str | Path, units: Sequence[tuple[str, str]] | None = None, *,
                values: pd.DataFrame | None = None, year: int | None = None, synthetic: bool = False,
                general: Mapping[str, Mapping[str, object]] | None = None) -> list[Path]:
    """Write forms: ``out`` ending in ``.xlsx`` gives one workbook with a sheet per unit,
    otherwise ``out`` is a folder with one workbook per unit. Returns the paths written."""
    out = Path(out)
    units = list(units) if units else (list(design.units) or [BLANK_UNIT])
    kw = dict(values=values, year=year, synthetic=synthetic, general=general)
    if out.suffix.lower() == ".xlsx":
        return [write_form(out, design, units, **kw)]
    with all_or_nothing():  # a failure at the 80th of 150 forms leaves the folder as it was
        return [write_form(out / form_file_name(design, u, synthetic), design, [u], **kw) for u in units]


def read_unit_list(path: str | Path) -> list[tuple[str, str]]:
    """Units from a CSV (a column unit_name / name / ten_don_vi, optional unit_id) or a text
    list (one name per line; blank lines and lines starting with # are skipped).

    Raises
    ------
    InputError
        If the file cannot be read, lists no unit, or lists one twice.
    """
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError([Problem(f"cannot read the unit list: {exc.strerror}", "không đọc được danh sách đơn vị", source=str(path))]) from None
    except UnicodeDecodeError:
        raise InputError([Problem("the unit list is not UTF-8 text", "danh sách đơn vị không phải văn bản UTF-8", source=str(path))]) from None
    text = unicodedata.normalize("NFC", text)
    units: list[tuple[str, str, str]] = []
    if path.suffix.lower() == ".csv":
        rows = list(csv.reader(text.splitlines()))
        header = [h.strip().lower() for h in rows[0]] if rows else []
        name_col = next((header.index(k) for k in ("unit_name", "name", "ten_don_vi", "tên đơn vị") if k in header), None)
        id_col = header.index("unit_id") if "unit_id" in header else None
        body = rows[1:] if name_col is not None else rows
        name_col = 0 if name_col is None else name_col
        for i, r in enumerate(body, start=2 if body is not rows else 1):
            if len(r) > name_col and r[name_col].strip():
                name = r[name_col].strip()
                uid = r[id_col].strip() if id_col is not None and len(r) > id_col and r[id_col].strip() else slugify(name)
                units.append((uid, name, f"line {i}"))
    else:
        for i, line in enumerate(text.splitlines(), start=1):
            s = line.strip()
            if s and not s.startswith("#"):
                units.append((slugify(s), s, f"line {i}"))
    problems = []
    seen: dict[str, str] = {}
    for uid, name, where in units:
        if uid in seen:
            problems.append(Problem(f"unit {name!r} listed twice (first at {seen[uid]})", f"đơn vị {name!r} bị liệt kê hai lần", source=str(path), location=where, unit_id=uid))
        seen.setdefault(uid, where)
    if not units:
        problems.append(Problem("the unit list is empty", "danh sách đơn vị rỗng", source=str(path)))
    if problems:
        raise InputError(problems)
    return [(u, n) for u, n, _w in units]
