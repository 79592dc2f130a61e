"""Refuse hostile or broken .xlsx files before openpyxl opens them.

An .xlsx is a zip archive. Its central directory states every member's compressed and
uncompressed size, and Python's zipfile never inflates a deflated member beyond its stated
size (and only in bounded steps), so checking the directory, and refusing other compression
methods, is enough to stop a zip bomb or a 100 MB sheet without inflating anything. Also refused: a file that is not a zip (a CSV or an old .xls renamed .xlsx),
an encrypted workbook, macros (vbaProject.bin, .xlsm content types), ActiveX, external links
and data connections, and XML with a DOCTYPE (entity expansion).
"""
from __future__ import annotations

import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from dti_kit.errors import InputError, Problem

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old .xls, or an encrypted (password) .xlsx
ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")


@dataclass(frozen=True)
class Limits:
    """Size limits of a workbook (bytes unless said otherwise).

    The defaults are far above what a form needs (a 30-unit consolidated workbook is < 5 MB
    uncompressed) and far below what would exhaust memory.
    """

    max_file: int = 50_000_000
    max_members: int = 2_000
    max_part: int = 30_000_000  # any one member, e.g. a sheet's XML
    max_total: int = 150_000_000  # all members, uncompressed
    max_ratio: float = 150.0  # uncompressed / compressed, for members above ratio_floor
    ratio_floor: int = 1_000_000
    head: int = 4_096  # bytes of each XML member read to look for a DOCTYPE
    max_cells: int = 500_000  # filled cells of an .ods (a 30-unit consolidated form has about 60,000)


DEFAULT_LIMITS = Limits()


def _refuse(path: str, en: str, vi: str, location: str = "") -> InputError:
    return InputError([Problem(f"refused: {en}", f"từ chối tệp: {vi}", source=path, location=location)],
                      f"refused workbook {path}")


def check_xlsx(path: str | Path, limits: Limits | None = None) -> None:
    """Check that ``path`` is a plain .xlsx workbook within ``limits``.

    Raises
    ------
    InputError
        With one problem saying why the file is refused (exit status 2 in the CLI).
    """
    lim = limits or DEFAULT_LIMITS
    p = Path(path)
    name = str(p)
    try:
        size = p.stat().st_size
        with p.open("rb") as fh:
            magic = fh.read(8)
    except OSError as exc:
        raise InputError([Problem(f"cannot read the file: {exc.strerror}", "không đọc được tệp", source=name)]) from None
    if size > lim.max_file:
        raise _refuse(name, f"the file is {size:,} bytes, above the limit of {lim.max_file:,}", f"tệp quá lớn ({size:,} byte)")
    if magic == OLE_MAGIC:
        raise _refuse(name, "an old .xls workbook or a password-protected .xlsx; save it as a plain .xlsx without a password",
                      "tệp .xls cũ hoặc .xlsx có mật khẩu; hãy lưu lại thành .xlsx không đặt mật khẩu")
    if magic[:4] not in ZIP_MAGIC:
        raise _refuse(name, "not an Excel .xlsx workbook (a file of another kind renamed .xlsx?)",
                      "không phải sổ tính Excel .xlsx (tệp loại khác bị đổi đuôi thành .xlsx?)")
    try:
        zf = zipfile.ZipFile(p)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _refuse(name, f"a broken zip archive ({exc})", "tệp nén .xlsx bị hỏng") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > lim.max_members:
            raise _refuse(name, f"{len(infos)} parts in the archive, above the limit of {lim.max_members}",
                          f"tệp có {len(infos)} thành phần, vượt giới hạn {lim.max_members}")
        names = {i.filename.lower(): i for i in infos}
        if "[content_types].xml" not in names or "xl/workbook.xml" not in names:
            raise _refuse(name, "not an Excel .xlsx workbook (no xl/workbook.xml: another kind of zip, e.g. .docx or .ods?)",
                          "không phải sổ tính Excel .xlsx (không có xl/workbook.xml)")
        total = 0
        for info in infos:
            member = info.filename
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                # Excel deflates; other methods are inflated by zipfile without a size bound per read
                raise _refuse(name, f"part {member} uses compression method {info.compress_type}, not deflate",
                              f"thành phần {member} dùng phương pháp nén không phải deflate", member)
            if info.flag_bits & 0x1:
                raise _refuse(name, f"encrypted part {member}", f"thành phần {member} bị mã hóa", member)
            low = member.lower()
            if low.endswith("vbaproject.bin") or low.startswith("xl/macrosheets/") or (low.endswith(".bin") and "vba" in low):
                raise _refuse(name, f"the workbook contains macros ({member}); save it as a plain .xlsx",
                              f"sổ tính có macro ({member}); hãy lưu lại thành .xlsx không có macro", member)
            if low.startswith("xl/activex/"):
                raise _refuse(name, f"the workbook contains ActiveX controls ({member})", f"sổ tính có điều khiển ActiveX ({member})", member)
            if low.startswith("xl/externallinks/"):
                raise _refuse(name, f"the workbook links to other workbooks ({member}); paste the values instead",
                              f"sổ tính liên kết tới sổ tính khác ({member}); hãy dán giá trị thay cho liên kết", member)
            if low == "xl/connections.xml":
                raise _refuse(name, "the workbook has external data connections (xl/connections.xml)",
                              "sổ tính có kết nối dữ liệu ngoài (xl/connections.xml)", member)
            total = check_part_size(name, info, lim, total)
        ctypes = _read_head(zf, names["[content_types].xml"], lim.max_part)
        if b"macroenabled" in ctypes.lower() or b"vbaproject" in ctypes.lower():
            raise _refuse(name, "a macro-enabled workbook (.xlsm content type); save it as a plain .xlsx",
                          "sổ tính có macro (.xlsm); hãy lưu lại thành .xlsx", "[Content_Types].xml")
        for info in infos:
            if info.filename.lower().endswith((".xml", ".rels", ".vml")):
                head = _read_head(zf, info, lim.head)
                if b"<!doctype" in head.lower() or b"<!entity" in head.lower():
                    raise _refuse(name, f"part {info.filename} declares a DOCTYPE or entities", f"thành phần {info.filename} khai báo DOCTYPE/ENTITY", info.filename)


def check_part_size(name: str, info: zipfile.ZipInfo, lim: Limits, total: int) -> int:
    """Refuse a part above the size limit, one that expands like a zip bomb, or a running
    total of parts above the limit (from the sizes the zip's directory states: nothing is
    inflated); return the new total. Shared by the .xlsx and .ods guards."""
    member = info.filename
    if info.file_size > lim.max_part:
        raise _refuse(name, f"part {member} is {info.file_size:,} bytes uncompressed, above the limit of {lim.max_part:,}",
                      f"thành phần {member} quá lớn ({info.file_size:,} byte khi giải nén)", member)
    if info.file_size > lim.ratio_floor and info.file_size > lim.max_ratio * max(info.compress_size, 1):
        raise _refuse(name, f"part {member} expands {info.file_size / max(info.compress_size, 1):,.0f} times (a zip bomb?)",
                      f"thành phần {member} giãn nở bất thường khi giải nén (zip bomb?)", member)
    total += info.file_size
    if total > lim.max_total:
        raise _refuse(name, f"the parts add up to more than {lim.max_total:,} bytes uncompressed",
                      f"tổng dung lượng giải nén vượt {lim.max_total:,} byte")
    return total


def _read_head(zf: zipfile.ZipFile, info: zipfile.ZipInfo, n: int) -> bytes:
    try:
        with zf.open(info) as fh:
            return fh.read(n)
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError, zlib.error) as exc:
        raise _refuse(zf.filename or "", f"part {info.filename} cannot be read ({type(exc).__name__}: {exc})",
                      f"không đọc được thành phần {info.filename}", info.filename) from None
