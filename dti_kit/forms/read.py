"""Reading filled Excel forms back into the long table ``unit_id, code, variable, value``.

Accepted: a form per unit, a consolidated workbook with a sheet per unit (both made by
``dti-kit template``), and a workbook whose first sheet is a long table (columns unit_id,
code, variable, value). Every value keeps where it came from (``_source`` = the file,
``_location`` = "sheet 'Chỉ số' cell G14") so that problems name file, sheet and cell.

Structural problems (another design or year, a renamed sheet, rows moved, merged cells or a
formula where a value belongs, a unit twice, a missing unit name) are found here; the value
checks (text in a number cell, a negative count, a > b, b = 0, an unknown case) are the
scoring engine's, run on what was read so that all problems come back in one
:class:`~dti_kit.errors.InputError`. A self-assessed score above the score the unit's own
inputs give is a warning (``severity="warning"``) carried in ``DataFrame.attrs["warnings"]``.
"""
from __future__ import annotations

import datetime as _dt
import re
import warnings as _warnings
from dataclasses import replace
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.formula import ArrayFormula, DataTableFormula

from dti_kit._util.strings import FORMULA_START, nfc, short_repr, slugify
from dti_kit.errors import DtiKitError, InputError, Problem
from dti_kit.forms.guard import Limits, check_xlsx
from dti_kit.forms.layout import (
    CHOICE,
    COUNT,
    FORM_FORMAT,
    FORM_VERSION,
    GENERAL_SHEET,
    HEADER_ROW,
    META_SHEET,
    NA,
    NOTE,
    UNIT_NAME_CELL,
    YESNO,
    choice_code,
    form_layout,
    yes_no,
)
from dti_kit.forms.write import GENERAL_HEADER_ROW
from dti_kit.inputs import LONG_COLUMNS, control_problems, said
from dti_kit.model import IndexDesign

OUT_COLUMNS = ["unit_id", "code", "variable", "value", "unit_name", "_source", "_location"]


def where(sheet: str, row: int, col: int) -> str:
    """``"sheet 'Chỉ số' cell G14"``."""
    return f"sheet '{sheet}' cell {get_column_letter(col)}{row}"


def _nfc(v) -> str:
    return nfc(str(v))


def _unescape(s: str) -> str:
    """Undo :func:`dti_kit._util.strings.safe_cell` ("'=x" → "=x")."""
    return s[1:] if s.startswith("'") and s[1:2] in FORMULA_START and s[1:2] != "" else s


def _text(v) -> str:
    """A cell's content as comparable text ("" for empty)."""
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return _unescape(_nfc(v))


def _short(v, limit: int = 60) -> str:
    """A cell's text with every run of white space one space, cut to ``limit`` characters."""
    words = " ".join(_text(v).split())
    return words if len(words) <= limit else words[: limit - 1] + "…"


def _is_formula(cell) -> bool:
    v = cell.value
    return cell.data_type == "f" or isinstance(v, (ArrayFormula, DataTableFormula))


def _formula_text(v) -> str:
    return v.text if isinstance(v, ArrayFormula) else str(v)


def convert(kind: str, v, choices=()):
    """A cell value as the long table holds it; ``None`` for an empty cell.

    Numbers pass; yes/no cells map Có/Không to 1/0; choice cells map a case's label to its
    code; text in a number cell passes unchanged, for the engine to report.
    """
    if v is None:
        return None
    if isinstance(v, bool):
        v = int(v)
    if isinstance(v, (_dt.datetime, _dt.date, _dt.time)):
        return v.isoformat()
    if isinstance(v, (int, float)):
        return str(v) if kind in (CHOICE, NOTE) else v
    s = _unescape(_nfc(v))
    if s == "":
        return None
    if kind in (YESNO, NA):
        yn = yes_no(s)
        return s if yn is None else yn
    if kind == CHOICE:
        code = choice_code(s, choices)
        return s if code is None else code
    return s


def held_rows(ws, min_row: int = 1, max_col: int | None = None):
    """``(row, {column: cell})`` of the rows of ``ws`` that hold cells, in order.

    openpyxl's ``iter_rows`` walks the sheet's whole used range, creating every cell of it: a
    5 KB workbook with one cell at XFD1048576 claims 17 billion (minutes and gigabytes). The
    work here is bounded by the cells the file really holds (``Worksheet._cells``, openpyxl's
    own store of them, which the guard's size limits bound).
    """
    by_row: dict[int, dict[int, object]] = {}
    for (r, c), cell in ws._cells.items():
        if r >= min_row and (max_col is None or c <= max_col):
            by_row.setdefault(r, {})[c] = cell
    for r in sorted(by_row):
        yield r, by_row[r]


def _problem(en: str, vi: str, source: str, location: str = "", unit: str = "", code: str = "", variable: str = "",
             severity: str = "error") -> Problem:
    return Problem(en, vi, source=source, location=location, unit_id=unit, code=code, variable=variable, severity=severity)


def _load(path: Path, limits: Limits | None):
    if path.suffix.lower() == ".ods":
        from dti_kit.forms.ods import load_ods  # LibreOffice's own format, read into the same workbook model

        return load_ods(path, limits)
    check_xlsx(path, limits)
    try:
        with _warnings.catch_warnings():
            _warnings.simplefilter("ignore")
            return load_workbook(path, data_only=False, keep_links=False, keep_vba=False, rich_text=False)
    except Exception as exc:  # a corrupt part: openpyxl raises many kinds; never crash on a file
        raise InputError([_problem(f"cannot read the workbook ({type(exc).__name__}: {exc})",
                                   "không đọc được sổ tính Excel (tệp hỏng?)", str(path))]) from None


def read_meta(wb) -> dict | None:
    """The form's metadata (design id, year, units and their sheets), ``None`` if not a form."""
    if META_SHEET not in wb.sheetnames:
        return None
    ws = wb[META_SHEET]
    meta: dict = {"units": []}
    for _r, held in held_rows(ws, max_col=5):
        row = tuple(held[j].value if j in held else None for j in range(1, 6))
        if row[0] is None:
            continue
        key = str(row[0])
        if key == "unit":
            sheet, uid, name, gcol = (list(row[1:5]) + [None] * 4)[:4]
            meta["units"].append(("" if sheet is None else str(sheet), _text(uid), _text(name), int(gcol or 0)))
        else:
            meta[key] = row[1]
    return meta


def _resolve_design(design, source: str) -> IndexDesign | None:
    if design is None or isinstance(design, IndexDesign):
        return design
    from dti_kit.loader import load_design

    try:
        return load_design(str(design))
    except DtiKitError as exc:
        raise InputError([_problem(str(exc), f"không có bộ chỉ số {design!r}", source)]) from None


def read_workbook(path: str | Path, design: IndexDesign | str | None = None, year: int | None = None, *,
                  limits: Limits | None = None, check_values: bool = True) -> pd.DataFrame:
    """Read a filled form, a consolidated workbook or a long-table workbook.

    Parameters
    ----------
    path : str or Path
        The .xlsx file.
    design : IndexDesign or str, optional
        The design the data are for: a form of another design is refused. Default: the
        design the form says it is for.
    year : int, optional
        The assessment year expected (a form of another year is refused). Default: not
        checked, as a design is used for several years.
    limits : xlsx_guard.Limits, optional
        Size limits for the hostile-file checks.
    check_values : bool
        Also run the scoring engine's value checks (default) so that every problem of the
        file comes back at once.

    Returns
    -------
    pandas.DataFrame
        ``unit_id, code, variable, value, unit_name, _source, _location``; ``attrs`` holds
        ``design_id``, ``year`` and ``warnings`` (a tuple of Problems with severity warning).

    Raises
    ------
    InputError
        Every problem found, each naming file, sheet and cell (in Vietnamese and English).
    """
    path = Path(path)
    source = str(path)
    expected = _resolve_design(design, source)
    wb = _load(path, limits)
    meta = read_meta(wb)
    recovered: list[Problem] = []
    if meta is None or meta.get("format") != FORM_FORMAT:
        # LibreOffice saves the workbook's structure lock empty, so clerks can delete or unhide
        # and edit the metadata sheet: the answers are still there, under a title block that names
        # the design and the year
        found = _recover_meta(wb)
        if found is not None:
            recovered.append(_problem(
                "the form's hidden sheet of metadata is missing or altered: design, year and units were read from the title blocks",
                "trang ẩn chứa thông tin của biểu mẫu bị xóa hoặc sửa: bộ chỉ số, năm và đơn vị được đọc từ phần tiêu đề",
                source, severity="warning"))
            meta = found
    if meta is None:
        return _read_long_sheet(wb, source, expected, check_values)
    form_design, problems = _check_meta(meta, source, expected, year)
    problems = recovered + problems
    if form_design is None or any(p.severity == "error" for p in problems):
        raise InputError(problems, f"{len(problems)} problem(s) in {source}")
    layout = form_layout(form_design)
    rows: list[tuple] = []
    seen_units: dict[str, str] = {}
    present = [s for s in wb.sheetnames if wb[s].sheet_state == "visible"]
    general_sheet = str(meta.get("general_sheet") or "")
    expected_sheets = {u[0] for u in meta["units"]} | {general_sheet}
    others = [s for s in present if s not in expected_sheets]
    hint = f"; unexpected sheets: {', '.join(others)}" if others else ""

    def missing(sheet: str, uid: str = "") -> Problem:
        return _problem(f"sheet {sheet!r} not found: renamed or deleted{hint}",
                        f"không tìm thấy trang tính {sheet!r}: đã bị đổi tên hoặc xóa", source, unit=uid)

    if general_sheet and general_sheet not in wb.sheetnames:
        problems.append(missing(general_sheet))
    for sheet, uid, uname, _gcol in meta["units"]:
        if sheet not in wb.sheetnames:
            problems.append(missing(sheet, uid))
            continue
        ws = wb[sheet]
        sheet_rows, sheet_problems, unit_id, unit_name = _read_unit_sheet(ws, form_design, layout, source, uid, uname)
        problems += sheet_problems
        if unit_id:
            if unit_id in seen_units:
                problems.append(_problem(f"unit {unit_id!r} appears twice (sheets {seen_units[unit_id]!r} and {sheet!r})",
                                         f"đơn vị {unit_id!r} xuất hiện hai lần (trang {seen_units[unit_id]!r} và {sheet!r})",
                                         source, where(sheet, *UNIT_NAME_CELL), unit=unit_id))
                continue
            seen_units[unit_id] = sheet
        if not sheet_rows and not any(q.severity == "error" for q in sheet_problems):
            # a form sent back untouched: the unit would drop out of the ranking in silence
            problems.append(_problem(*said("inputs.blank_form"), source, where(sheet, *UNIT_NAME_CELL), unit=unit_id))
        rows += sheet_rows
    long = pd.DataFrame(rows, columns=OUT_COLUMNS)
    problems += control_problems(long)
    # the engine checks the values of the items without a structural problem (a skipped cell
    # would otherwise show up again as "inputs incomplete")
    spoilt = {(p.unit_id, p.code) for p in problems if p.code}
    keep = [(u, c) not in spoilt for u, c in zip(long["unit_id"], long["code"])]
    value_problems, warns = (_engine_checks(form_design, long[keep], source) if check_values and any(keep) else ([], []))
    errors = [p for p in problems if p.severity == "error"] + value_problems
    if errors:
        # every problem of the form at once: the components left blank too, not on the next run
        errors += _missing_components(form_design, long.loc[keep] if len(long) else long, errors, layout, seen_units, source)
        refused = InputError(errors, f"{len(errors)} problem(s) in {source}")
        refused.rows_read = long  # what the form gives: checks across files still see this unit
        raise refused
    long.attrs["design_id"] = form_design.id
    long.attrs["year"] = int(meta.get("year") or form_design.year)
    long.attrs["warnings"] = tuple([p for p in problems if p.severity != "error"] + list(warns))
    return long


_TITLE_LINE = re.compile(r"Năm đánh giá: (?P<year>\d{4}) · Bộ chỉ số: (?P<design>[a-z0-9-]+)")


def _recover_meta(wb) -> dict | None:
    """The metadata of a form whose hidden sheet is gone, from its visible title blocks.

    Every index sheet says "Năm đánh giá: <year> · Bộ chỉ số: <design>" in row 3 and has the
    design's column headers in its header row; the unit is the name in its unit cell. ``None``
    if no sheet looks like a form's index sheet.
    """
    from dti_kit.loader import load_design

    units, design_id, year = [], None, None
    for ws in wb.worksheets:
        if ws.title == META_SHEET:
            continue
        m = _TITLE_LINE.search(_text(ws.cell(3, 1).value))
        if not m or (design_id and m["design"] != design_id):
            continue
        try:
            layout = form_layout(load_design(m["design"]))
        except DtiKitError:
            continue
        if [_text(ws.cell(HEADER_ROW, j).value) for j in range(1, len(layout.columns) + 1)] != [_nfc(c.header) for c in layout.columns]:
            continue
        design_id, year = m["design"], int(m["year"])
        units.append((ws.title, "", _text(ws.cell(*UNIT_NAME_CELL).value), 0))
    if not units:
        return None
    layout = form_layout(load_design(design_id))
    general = next((s for s in wb.sheetnames if s == GENERAL_SHEET), "")
    return {"format": FORM_FORMAT, "version": FORM_VERSION, "design_id": design_id, "year": year, "units": units,
            "fingerprint": layout.fingerprint, "general_sheet": general, "recovered": True}


def _check_meta(meta: dict, source: str, expected: IndexDesign | None, year: int | None):
    """The form's design, and problems with its metadata (format, design, year, layout)."""
    from dti_kit.loader import load_design

    problems: list[Problem] = []
    if meta.get("format") != FORM_FORMAT or str(meta.get("version")) != str(FORM_VERSION):
        problems.append(_problem(f"not a dti-kit form of version {FORM_VERSION} (format {meta.get('format')!r}, version {meta.get('version')!r})",
                                 "không phải biểu mẫu dti-kit của phiên bản này; hãy tạo lại bằng dti-kit template", source))
        return None, problems
    did = str(meta.get("design_id") or "")
    try:
        form_design = load_design(did)
    except DtiKitError:
        problems.append(_problem(f"the form is for design {did!r}, which is not shipped", f"biểu mẫu dành cho bộ chỉ số {did!r} không có trong dti-kit", source))
        return None, problems
    try:
        form_year = int(meta.get("year"))
    except (TypeError, ValueError):
        form_year = None
    if expected is not None and expected.id != form_design.id:
        problems.append(_problem(
            f"a form of another design: {form_design.id} ({form_design.province}, {form_design.level_name}, {form_design.year}), expected {expected.id}",
            f"biểu mẫu của bộ chỉ số khác: {form_design.id} ({form_design.province}, {form_design.level_name}), cần {expected.id}", source))
    if year is not None and form_year != int(year):
        problems.append(_problem(f"a form for the year {form_year}, expected {year}",
                                 f"biểu mẫu của năm {form_year}, cần năm {year}", source))
    if str(meta.get("fingerprint")) != form_layout(form_design).fingerprint:
        problems.append(_problem(f"the form was made from another version of design {did}; make a new one with `dti-kit template {did}`",
                                 f"biểu mẫu được tạo từ phiên bản khác của bộ chỉ số {did}; hãy tạo lại biểu mẫu", source))
    return form_design, problems


def _read_unit_sheet(ws, design: IndexDesign, layout, source: str, uid: str, uname: str):
    """(rows of the long table, problems, unit id, unit name) of one unit's index sheet."""
    title = ws.title
    problems: list[Problem] = []
    name_cell = ws.cell(*UNIT_NAME_CELL)
    name = _text(name_cell.value) if not _is_formula(name_cell) else ""
    unit_name = name or uname
    unit_id = uid or (slugify(name) if name else "")
    if not unit_id:
        problems.append(_problem("the unit's name is missing", "chưa điền tên cơ quan, đơn vị", source, where(title, *UNIT_NAME_CELL)))
    # header row: columns inserted, deleted or moved
    for j, col in enumerate(layout.columns, start=1):
        found = _text(ws.cell(HEADER_ROW, j).value)
        if found != _nfc(col.header):
            problems.append(_problem(f"column header changed: expected {col.header!r}, found {found!r} (columns inserted, deleted or moved?)",
                                     f"tiêu đề cột bị thay đổi: cần {col.header!r}, thấy {found!r} (cột bị chèn, xóa hoặc di chuyển?)",
                                     source, where(title, HEADER_ROW, j), unit=unit_id))
            return [], problems, unit_id, unit_name
    # rows: the code and variable columns must be where the design puts them
    c_stt, c_var, c_name = layout.col("stt"), layout.col("var"), layout.col("name")
    bad = []
    for fr in layout.rows:
        want = (fr.code if fr.kind == "variable" else fr.stt, fr.symbol)
        got = (_text(ws.cell(fr.row, c_stt).value), _text(ws.cell(fr.row, c_var).value))
        if fr.kind == "total":
            want, got = (fr.name, ""), (_text(ws.cell(fr.row, c_name).value), got[1])
        elif fr.kind == "variable":
            # an input's row is known by its symbol and what it asks (most have no symbol of their
            # own): two rows of one component swapped are rows moved
            want = (want[0], _short(f"{fr.symbol} {fr.name}"))
            got = (got[0], _short(f"{got[1]} {_text(ws.cell(fr.row, c_name).value)}"))
        if got != want:
            bad.append((fr, want, got))
    if bad:
        fr, want, got = bad[0]
        more = f" ({len(bad) - 1} more rows differ)" if len(bad) > 1 else ""
        problems.append(_problem(
            f"rows moved, inserted or deleted: row {fr.row} should hold code {want[0]!r}{' input ' + repr(want[1]) if want[1] else ''}, found {got[0]!r}{' ' + repr(got[1]) if got[1] else ''}{more}",
            f"dòng bị di chuyển, chèn hoặc xóa: dòng {fr.row} phải là mã {want[0]!r}{' mục ' + repr(want[1]) if want[1] else ''}, thấy {got[0]!r}{' ' + repr(got[1]) if got[1] else ''}",
            source, where(title, fr.row, c_stt), unit=unit_id, code=fr.code, variable=fr.variable))
        return [], problems, unit_id, unit_name
    # merged cells where values belong
    input_at = {(c.row, c.col): c for c in layout.cells}
    input_at[UNIT_NAME_CELL] = None
    for rng in sorted(ws.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        hits = [(r, c) for (r, c) in input_at if rng.min_row <= r <= rng.max_row and rng.min_col <= c <= rng.max_col]
        if hits:
            cell = input_at[hits[0]]
            problems.append(_problem(f"merged cells {rng.coord} where values belong; unmerge them",
                                     f"ô bị gộp {rng.coord} tại vị trí nhập số liệu; hãy bỏ gộp ô",
                                     source, where(title, *hits[0]), unit=unit_id,
                                     code=cell.code if cell else "", variable=cell.variable if cell else ""))
    merged = {rc for rng in ws.merged_cells.ranges for rc in _covered(rng, input_at)}
    problems += _stray_values(ws, design, layout, input_at, source, unit_id)
    rows = []
    for c in layout.cells:
        cell = ws.cell(c.row, c.col)
        if _is_formula(cell):
            problems.append(_problem(f"a formula ({_formula_text(cell.value)}) where a value belongs; type the value",
                                     f"ô chứa công thức ({_formula_text(cell.value)}) tại vị trí nhập giá trị; hãy nhập giá trị",
                                     source, where(title, c.row, c.col), unit=unit_id, code=c.code, variable=c.variable))
            continue
        if (c.row, c.col) in merged:
            continue
        value = convert(c.kind, cell.value, c.choices)
        if value is None:
            continue
        if c.kind == COUNT and _not_whole(value):
            problems.append(_count_problem(value, source, where(title, c.row, c.col), unit_id, c.code, c.variable))
            continue
        rows.append((unit_id, c.code, c.variable, value, unit_name, source, where(title, c.row, c.col)))
    return rows, problems, unit_id, unit_name


def _not_whole(value) -> bool:
    """A number with a fractional part (text is the engine's to report)."""
    return isinstance(value, float) and value == value and not value.is_integer()


def _count_problem(value: float, source: str, location: str, unit: str, code: str, variable: str) -> Problem:
    """A count that is not a whole number: 1.234 typed for 1 234 where the dot is the decimal point."""
    from dti_kit.i18n import number, text

    fmt = dict(en=f"{value:g}", vi=number(value, "vi", digits=6), thousands=str(int(round(value * 1000))))
    return _problem(text("forms.count_not_whole", "en", value=fmt["en"], thousands=fmt["thousands"]),
                    text("forms.count_not_whole", "vi", value=fmt["vi"], thousands=fmt["thousands"]),
                    source, location, unit=unit, code=code, variable=variable)


#: stray values named one by one before the rest are counted in one warning
MAX_STRAY_NAMED = 10


def _stray_values(ws, design: IndexDesign, layout, input_at: dict, source: str, unit_id: str) -> list[Problem]:
    """Warnings for values typed in cells that are not read: beside the input column, below the
    total, in a blank label cell. Each cell is named, so the clerk can move the value."""
    template = _template_cells(design, layout)
    stray = []
    for r, cells in held_rows(ws):
        for c, cell in sorted(cells.items()):
            if (r, c) in input_at or (r, c) in template or cell.value is None or _text(cell.value) == "":
                continue
            stray.append((r, c, cell.value))
    out = []
    for r, c, v in stray[:MAX_STRAY_NAMED]:
        en, vi = said("inputs.stray_value", value=short_repr(v))
        out.append(_problem(en, vi, source, where(ws.title, r, c), unit=unit_id, severity="warning"))
    if len(stray) > MAX_STRAY_NAMED:
        en, vi = said("inputs.stray_values_more", n=len(stray) - MAX_STRAY_NAMED)
        out.append(_problem(en, vi, source, f"sheet '{ws.title}'", unit=unit_id, severity="warning"))
    return out


_TEMPLATE_CELLS: dict[str, frozenset] = {}


def _template_cells(design: IndexDesign, layout) -> frozenset:
    """The cells ``dti-kit template`` writes on an index sheet of this layout (labels, headers,
    totals, the title block with and without the synthetic-data line)."""
    found = _TEMPLATE_CELLS.get(layout.fingerprint)
    if found is None:
        from dti_kit.forms.write import build_workbook

        cells = set()
        for synthetic in (False, True):
            wb = build_workbook(design, [("", "")], synthetic=synthetic)
            ws = wb.active  # the one unit's index sheet
            cells |= {rc for rc, cell in ws._cells.items() if cell.value is not None}
        found = _TEMPLATE_CELLS[layout.fingerprint] = frozenset(cells)
    return found


MISSING_EN = "no inputs and no score given (missing)"


def _missing_components(design: IndexDesign, long: pd.DataFrame, errors: list[Problem], layout, sheets: dict[str, str],
                        source: str) -> list[Problem]:
    """The components a form leaves blank, as the engine defines them, each at its first input cell.

    Only asked for when the form has other errors, so that the clerk sees every problem in one
    run; a form without errors leaves completeness to the scoring (its scores may come from
    several files). Items that already have an error are not repeated.
    """
    from dti_kit.scoring import score_units

    flagged = {(p.unit_id, p.code) for p in errors}
    if long.empty:  # nothing was read (a structural problem): the structure is the problem to fix first
        return []
    ok = long.loc[[(u, c) not in flagged for u, c in zip(long["unit_id"], long["code"])]].reset_index(drop=True)
    if ok.empty:
        return []
    try:
        score_units(design, ok, require_complete=True)
    except InputError as exc:
        first_cell = {}
        for c in layout.cells:  # the first cell the clerk fills for the item (not its self-score or note)
            if c.variable not in ("self_score", "note"):
                first_cell.setdefault(c.code, (c.row, c.col))
        out = []
        for p in exc.problems:
            if p.message != MISSING_EN or (p.unit_id, p.code) in flagged:
                continue
            sheet, rc = sheets.get(p.unit_id), first_cell.get(p.code)
            out.append(replace(p, source=source, location=where(sheet, *rc) if sheet and rc else p.location))
        return out
    return []


def _covered(rng, cells) -> list[tuple[int, int]]:
    return [(r, c) for (r, c) in cells if rng.min_row <= r <= rng.max_row and rng.min_col <= c <= rng.max_col]


def _engine_checks(design: IndexDesign, long: pd.DataFrame, source: str) -> tuple[list[Problem], list[Problem]]:
    """(errors, warnings) of the scoring engine's value checks on what was read; a problem
    the engine cannot place in a cell still names the file."""
    from dti_kit.scoring import score_units

    long = long.reset_index(drop=True)
    try:
        result = score_units(design, long, require_complete=False)
    except InputError as exc:
        return [p if p.source else replace(p, source=source) for p in exc.problems], []
    warns = list(result.warnings) + suspicious_self_scores(result, long)
    return [], [p if p.source else replace(p, source=source) for p in warns]


def suspicious_self_scores(result, long: pd.DataFrame, tolerance: float = 0.01) -> list[Problem]:
    """Warnings where a self-assessed score is above the score the unit's own inputs give.

    Items scored relative to other units (rule kind ``relative``) are left out: their score
    depends on the units read together, not on the unit's inputs alone.

    Parameters
    ----------
    result : ScoreResult
        The scores of ``long`` (``score_units``).
    long : pandas.DataFrame
        The long table scored, with ``_source`` and ``_location`` (where the self score is).
    tolerance : float
        Points a self score may exceed the computed one by (rounding to two decimals).
    """
    s = result.scores
    relative = [n.code for n in result.design.leaves() if n.rule.relative_to_other_units()]
    leaf = (s["kind"].isin(["component", "subcomponent", "bonus"]) & s["computed_score"].notna()
            & s["self_score"].notna() & ~s["code"].isin(relative))
    over = s[leaf & (s["self_score"] > s["computed_score"] + tolerance)]
    if over.empty:
        return []
    selfs = long[long["variable"] == "self_score"]
    at = {(u, c): (src, loc) for u, c, src, loc in zip(selfs["unit_id"], selfs["code"], selfs.get("_source", ""), selfs.get("_location", ""))}
    out = []
    for u, c, sc, comp in zip(over["unit_id"], over["code"], over["self_score"], over["computed_score"]):
        src, loc = at.get((u, c), ("", ""))
        out.append(_problem(
            f"self-assessed score {sc:g} is above the {comp:.4g} that the unit's own inputs give",
            f"điểm tự đánh giá {sc:g} cao hơn điểm {comp:.4g} tính từ số liệu của chính đơn vị",
            str(src), str(loc), unit=str(u), code=str(c), variable="self_score", severity="warning"))
    return out


def _read_long_sheet(wb, source: str, expected: IndexDesign | None, check_values: bool) -> pd.DataFrame:
    """A workbook whose first visible sheet is a long table (unit_id, code, variable, value)."""
    visible = [wb[s] for s in wb.sheetnames if wb[s].sheet_state == "visible"]
    ws = visible[0] if visible else None
    first = next(held_rows(ws), (0, {})) if ws is not None else (0, {})
    first_row = first[1] if first[0] == 1 else {}
    header = [_text(first_row[j].value if j in first_row else None).lower() for j in range(1, max(first_row, default=0) + 1)]
    if ws is None or not all(c in header for c in LONG_COLUMNS):
        raise InputError([_problem(
            "not a dti-kit form (no form metadata) and the first sheet is not a long table with columns unit_id, code, variable, value; make forms with `dti-kit template`",
            "không phải biểu mẫu dti-kit và trang đầu không phải bảng dài (unit_id, code, variable, value); hãy tạo biểu mẫu bằng dti-kit template",
            source, f"sheet '{ws.title}'" if ws is not None else "")])
    cols = {c: header.index(c) + 1 for c in list(LONG_COLUMNS) + ["unit_name"] if c in header}
    problems: list[Problem] = []
    rows = []
    for r, cells in held_rows(ws, min_row=2, max_col=max(cols.values())):
        vals = {}
        for key, j in cols.items():
            cell = cells.get(j)
            if cell is not None and _is_formula(cell):
                problems.append(_problem(f"a formula ({_formula_text(cell.value)}) where a value belongs; type the value",
                                         "ô chứa công thức tại vị trí nhập giá trị; hãy nhập giá trị", source, where(ws.title, r, j)))
                vals[key] = None
                continue
            vals[key] = None if cell is None else cell.value
        if all(v is None or _text(v) == "" for v in vals.values()):
            continue
        value = vals.get("value")
        value = _unescape(_nfc(value)) if isinstance(value, str) else value
        rows.append((_text(vals.get("unit_id")), _text(vals.get("code")), _text(vals.get("variable")), value,
                     _text(vals.get("unit_name")), source, where(ws.title, r, cols["value"])))
    long = pd.DataFrame(rows, columns=OUT_COLUMNS)
    if long.empty and not problems:
        problems.append(_problem(*said("inputs.blank_long_sheet"), source, f"sheet '{ws.title}'"))
    problems += control_problems(long)
    value_problems, warns = (_engine_checks(expected, long, source) if expected is not None and check_values and len(long) else ([], []))
    if problems or value_problems:
        raise InputError(problems + value_problems, f"{len(problems) + len(value_problems)} problem(s) in {source}")
    long.attrs["warnings"] = tuple(warns)
    if expected is not None:
        long.attrs["design_id"] = expected.id
    return long


def read_general_info(path: str | Path, *, limits: Limits | None = None) -> pd.DataFrame:
    """The general-information sheet ("Thông tin chung") of a form.

    Returns
    -------
    pandas.DataFrame
        ``unit_id, unit_name, code, name, value, _source, _location`` (filled fields only).
    """
    path = Path(path)
    source = str(path)
    wb = _load(path, limits)
    meta = read_meta(wb)
    cols = ["unit_id", "unit_name", "code", "name", "value", "_source", "_location"]
    if meta is None or not meta.get("general_sheet"):
        return pd.DataFrame(columns=cols)
    sheet = str(meta["general_sheet"])
    if sheet not in wb.sheetnames:
        raise InputError([_problem(f"sheet {sheet!r} not found: renamed or deleted", f"không tìm thấy trang tính {sheet!r}", source)])
    from dti_kit.loader import load_design

    design = load_design(str(meta["design_id"]))
    layout = form_layout(design)
    text_fields = {g.code for g in design.general_info if g.value_type == "text"}
    ws = wb[sheet]
    rows = []
    for i, (code, name, _u, _l, _s, applies) in enumerate(layout.general):
        r = GENERAL_HEADER_ROW + 1 + i
        if _text(ws.cell(r, 1).value) != code:
            raise InputError([_problem(f"rows moved: row {r} should hold field {code!r}", f"dòng bị di chuyển: dòng {r} phải là mục {code!r}",
                                       source, where(sheet, r, 1))])
        if not applies:
            continue
        for _sheet, uid, uname, gcol in meta["units"]:
            cell = ws.cell(r, gcol)
            as_text = code in text_fields or isinstance(cell.value, str)
            v = None if _is_formula(cell) else convert(NOTE if as_text else "number", cell.value)
            if v is not None:
                rows.append((uid, uname, code, name, v, source, where(sheet, r, gcol)))
    return pd.DataFrame(rows, columns=cols)


__all__ = ["held_rows", "read_workbook", "read_general_info", "read_meta", "suspicious_self_scores", "convert", "where"]
