"""Forms saved as OpenDocument spreadsheets (.ods, LibreOffice's own format), read natively.

LibreOffice offers "Use ODF Format" on every save, so clerks send ``.ods`` forms. This module
reads one into an in-memory openpyxl workbook holding the same sheets, values, formulas and
merged cells, so that :func:`dti_kit.forms.read.read_workbook` applies exactly the checks it
applies to an .xlsx form. No LibreOffice is needed at run time.

The file is checked first (:func:`check_ods`): a zip within the size limits, no encryption,
no DOCTYPE or entity declarations (entity expansion), no macros. While parsing, the work is
bounded by what the file holds, not by what it claims: a row or column repeated a million times
costs nothing when it is empty, and filled cells beyond :attr:`Limits.max_cells` are refused.
"""
from __future__ import annotations

import zipfile
import zlib
from pathlib import Path
from xml.etree.ElementTree import XMLPullParser

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

from dti_kit.errors import InputError, Problem
from dti_kit.forms.guard import DEFAULT_LIMITS, Limits, check_part_size

__all__ = ["check_ods", "load_ods", "ODS_MIMETYPE"]

ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
MAX_ROW, MAX_COL = 1_048_576, 16_384  # Excel's sheet size: a form beyond it is not a form


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


T_TABLE, T_ROW, T_CELL, T_COVERED = _q("table", "table"), _q("table", "table-row"), _q("table", "table-cell"), _q("table", "covered-table-cell")
A_NAME, A_ROWS_REP, A_COLS_REP = _q("table", "name"), _q("table", "number-rows-repeated"), _q("table", "number-columns-repeated")
A_COLS_SPAN, A_ROWS_SPAN, A_FORMULA = _q("table", "number-columns-spanned"), _q("table", "number-rows-spanned"), _q("table", "formula")
A_TYPE, A_VALUE = _q("office", "value-type"), _q("office", "value")
A_BOOL, A_DATE, A_TIME = _q("office", "boolean-value"), _q("office", "date-value"), _q("office", "time-value")
T_P, T_S, T_TAB, T_BREAK = _q("text", "p"), _q("text", "s"), _q("text", "tab"), _q("text", "line-break")
A_C = _q("text", "c")


def _refuse(path: str, en: str, vi: str, location: str = "") -> InputError:
    return InputError([Problem(f"refused: {en}", f"từ chối tệp: {vi}", source=path, location=location)], f"refused spreadsheet {path}")


def check_ods(path: str | Path, limits: Limits | None = None) -> None:
    """Check that ``path`` is a plain OpenDocument spreadsheet within ``limits``.

    Raises
    ------
    InputError
        One problem saying why the file is refused.
    """
    lim = limits or DEFAULT_LIMITS
    p = Path(path)
    name = str(p)
    try:
        size = p.stat().st_size
    except OSError as exc:
        raise InputError([Problem(f"cannot read the file: {exc.strerror}", "không đọc được tệp", source=name)]) from None
    if size > lim.max_file:
        raise _refuse(name, f"the file is {size:,} bytes, above the limit of {lim.max_file:,}", f"tệp quá lớn ({size:,} byte)")
    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _refuse(name, "not an OpenDocument spreadsheet (.ods): not a zip archive",
                      "không phải bảng tính OpenDocument (.ods): không phải tệp nén zip") from None
    with zf:
        infos = zf.infolist()
        names = {i.filename: i for i in infos}
        if len(infos) > lim.max_members:
            raise _refuse(name, f"{len(infos)} parts in the archive, above the limit of {lim.max_members}",
                          f"tệp có {len(infos)} thành phần, vượt giới hạn {lim.max_members}")
        if "content.xml" not in names or "mimetype" not in names:
            raise _refuse(name, "not an OpenDocument spreadsheet (no content.xml)", "không phải bảng tính OpenDocument (không có content.xml)")
        if _read(zf, names["mimetype"], 200).strip() != ODS_MIMETYPE:
            raise _refuse(name, "an OpenDocument file that is not a spreadsheet (.odt, .odp?)",
                          "tệp OpenDocument nhưng không phải bảng tính (.odt, .odp?)")
        total = 0
        for info in infos:
            member = info.filename
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _refuse(name, f"part {member} uses compression method {info.compress_type}, not deflate",
                              f"thành phần {member} dùng phương pháp nén không phải deflate", member)
            if info.flag_bits & 0x1 or member == "META-INF/manifest.xml" and b"encryption-data" in _read(zf, info, lim.max_part):
                raise _refuse(name, "a password-protected spreadsheet; save it without a password",
                              "bảng tính có mật khẩu; hãy lưu lại không đặt mật khẩu", member)
            if member.startswith("Basic/") or member.startswith("Scripts/"):
                raise _refuse(name, f"the spreadsheet contains macros ({member}); save it without macros",
                              f"bảng tính có macro ({member}); hãy lưu lại không có macro", member)
            total = check_part_size(name, info, lim, total)
            if member.endswith(".xml"):
                head = _read(zf, info, lim.head).lower()
                if b"<!doctype" in head or b"<!entity" in head:
                    raise _refuse(name, f"part {member} declares a DOCTYPE or entities", f"thành phần {member} khai báo DOCTYPE/ENTITY", member)


def _read(zf: zipfile.ZipFile, info: zipfile.ZipInfo, n: int) -> bytes:
    try:
        with zf.open(info) as fh:
            return fh.read(n)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, zlib.error) as exc:
        raise _refuse(zf.filename or "", f"part {info.filename} cannot be read ({type(exc).__name__})",
                      f"không đọc được thành phần {info.filename}", info.filename) from None


def _cell_text(cell) -> str:
    """A cell's paragraphs as text: text:s (spaces), text:tab and text:line-break kept."""
    paras = []
    for p in cell.iter(T_P):
        parts = []

        def walk(el):
            if el.text:
                parts.append(el.text)
            for child in el:
                if child.tag == T_S:
                    parts.append(" " * int(child.get(A_C, "1")))
                elif child.tag == T_TAB:
                    parts.append("\t")
                elif child.tag == T_BREAK:
                    parts.append("\n")
                else:
                    walk(child)
                if child.tail:
                    parts.append(child.tail)

        walk(p)
        paras.append("".join(parts))
    return "\n".join(paras)


def _number(text: str):
    # the value as openpyxl gives it from an .xlsx: a whole number written without a point is an int
    if text and all(ch.isdigit() or ch == "-" for ch in text):
        return int(text)
    return float(text)


def _value(cell):
    """``(value, is_formula)`` of a table:table-cell; ``(None, False)`` when empty."""
    formula = cell.get(A_FORMULA)
    if formula:
        f = formula.split(":", 1)[1] if formula.startswith(("of:", "oooc:", "msoxl:")) else formula
        # OpenFormula references "[.F14:.F20]" → A1 style "F14:F20"
        return f.replace("[.", "").replace(":.", ":").replace("]", ""), True
    kind = cell.get(A_TYPE)
    if kind in ("float", "percentage", "currency"):
        return _number(cell.get(A_VALUE, "0")), False
    if kind == "boolean":
        return cell.get(A_BOOL) == "true", False
    if kind == "date":
        import datetime as dt

        v = cell.get(A_DATE, "")
        return (dt.datetime.fromisoformat(v) if "T" in v else dt.date.fromisoformat(v)), False
    if kind == "time":
        return cell.get(A_TIME), False
    text = _cell_text(cell)
    return (text if text != "" else None), False


def load_ods(path: str | Path, limits: Limits | None = None) -> Workbook:
    """The .ods file as an in-memory openpyxl workbook: sheets, values, formulas, merged cells.

    Raises
    ------
    InputError
        The file is refused (see :func:`check_ods`), its XML is broken, or it holds more
        filled cells than ``limits.max_cells`` or cells beyond Excel's sheet size.
    """
    lim = limits or DEFAULT_LIMITS
    name = str(path)
    check_ods(path, lim)
    wb = Workbook()
    wb.remove(wb.active)
    filled = 0
    max_cells = lim.max_cells
    with zipfile.ZipFile(path) as zf, zf.open("content.xml") as fh:
        parser = XMLPullParser(events=("start", "end"))
        ws = None
        row = 0
        row_repeat = 1
        row_cells: list[tuple[int, object, bool, int, int]] = []
        col = 0
        depth_cell = 0
        try:
            while chunk := fh.read(1 << 16):
                parser.feed(chunk)
                for event, el in parser.read_events():
                    tag = el.tag
                    if event == "start":
                        if tag == T_TABLE:
                            ws = wb.create_sheet(el.get(A_NAME) or f"Sheet{len(wb.sheetnames) + 1}")
                            row = 0
                        elif tag == T_ROW:
                            row_repeat = int(el.get(A_ROWS_REP, "1"))
                            row_cells, col = [], 0
                        elif tag in (T_CELL, T_COVERED):
                            depth_cell += 1
                        continue
                    # end events
                    if tag in (T_CELL, T_COVERED) and ws is not None:
                        depth_cell -= 1
                        if depth_cell:  # a cell inside an annotation or a nested table: not a sheet cell
                            continue
                        rep = int(el.get(A_COLS_REP, "1"))
                        if tag == T_CELL:
                            value, is_formula = _value(el)
                            if value is not None:
                                span_c, span_r = int(el.get(A_COLS_SPAN, "1")), int(el.get(A_ROWS_SPAN, "1"))
                                for k in range(rep):
                                    row_cells.append((col + k + 1, value, is_formula, span_c, span_r))
                            elif int(el.get(A_COLS_SPAN, "1")) > 1 or int(el.get(A_ROWS_SPAN, "1")) > 1:
                                row_cells.append((col + 1, None, False, int(el.get(A_COLS_SPAN, "1")), int(el.get(A_ROWS_SPAN, "1"))))
                        col += rep
                        el.clear()
                    elif tag == T_ROW and ws is not None:
                        if row_cells:
                            if row + row_repeat > MAX_ROW or max(c for c, *_ in row_cells) > MAX_COL:
                                raise _refuse(name, f"sheet '{ws.title}' has cells beyond row {MAX_ROW:,} or column {MAX_COL:,}",
                                              f"trang '{ws.title}' có ô vượt quá kích thước trang tính")
                            filled += len(row_cells) * row_repeat
                            if filled > max_cells:
                                raise _refuse(name, f"more than {max_cells:,} filled cells", f"có hơn {max_cells:,} ô có dữ liệu")
                            for k in range(row_repeat):
                                r = row + k + 1
                                for c, value, is_formula, span_c, span_r in row_cells:
                                    if value is not None:
                                        cell = ws.cell(row=r, column=c, value=("=" + value.lstrip("=")) if is_formula else value)
                                        if not is_formula and isinstance(value, str) and value.startswith("="):
                                            cell.data_type = "s"  # text that starts with "=" stays text, as in an .xlsx
                                    if span_c > 1 or span_r > 1:
                                        ws.merge_cells(f"{get_column_letter(c)}{r}:{get_column_letter(c + span_c - 1)}{r + span_r - 1}")
                        row += row_repeat  # an empty row repeated a million times costs nothing
                        el.clear()
                    elif tag == T_TABLE:
                        ws = None
                        el.clear()
            parser.close()
        except InputError:
            raise
        except Exception as exc:  # broken XML: never crash on a file
            raise _refuse(name, f"content.xml cannot be parsed ({type(exc).__name__}: {exc})",
                          "không đọc được nội dung bảng tính (content.xml hỏng)", "content.xml") from None
    if not wb.sheetnames:
        raise _refuse(name, "the spreadsheet has no sheets", "bảng tính không có trang nào")
    return wb
