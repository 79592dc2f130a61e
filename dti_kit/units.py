"""The units file of a report: who the units are, what is above them, and whether they are ranked.

A CSV ``unit_id, unit_name, parent, kind, ranked`` (only ``unit_id`` and ``unit_name`` are
required; lines starting with ``#`` are notes): ``parent`` is the unit above (a commune's district before 2025, or a group);
``kind`` the reader's word for the unit (xã, phường, đặc khu, sở, …); ``ranked = 0`` marks a
unit that is assessed but not ranked (Hải Dương 2023: "tham gia đánh giá nhưng không xếp
hạng"). This is the one place the file is specified; reports group and rank within parents
with it, forms take names from it.
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from dti_kit.errors import InputError, Problem

__all__ = ["Unit", "UnitsFile", "read_units", "check_units", "units_summary", "is_units_file", "kind_word", "kinds_word", "KNOWN_KINDS"]

COLUMNS = ("unit_id", "unit_name", "parent", "kind", "ranked")
REQUIRED = ("unit_id", "unit_name")
MAX_BYTES = 5_000_000  # a national commune list (3,321 rows) is about 300 kB

# The reader's words for kinds of unit; the catalogue (i18n ``units.kind.<slug>``) has each in English.
KNOWN_KINDS = ("tỉnh", "thành phố", "sở", "ban", "ngành", "huyện", "quận", "thị xã", "xã", "phường", "thị trấn", "đặc khu")


@dataclass(frozen=True)
class Unit:
    """One row of a units file."""

    unit_id: str
    unit_name: str
    parent: str = ""
    kind: str = ""
    ranked: bool = True


@dataclass(frozen=True)
class UnitsFile:
    """The units of a report, in file order."""

    path: str
    units: tuple[Unit, ...]
    lines: tuple[int, ...] = ()  # each unit's line in the file (notes and blank lines counted)

    def by_id(self) -> dict[str, Unit]:
        return {u.unit_id: u for u in self.units}

    @property
    def unranked(self) -> frozenset[str]:
        """Ids of the units assessed but not ranked."""
        return frozenset(u.unit_id for u in self.units if not u.ranked)

    def parents(self) -> dict[str, str]:
        """``{unit_id: parent}`` of the units that have one."""
        return {u.unit_id: u.parent for u in self.units if u.parent}

    def check_against(self, unit_ids: Iterable[str], source: str = "") -> list[Problem]:
        """Units of the inputs missing from the file, and units of the file with no inputs (every one)."""
        have = set(unit_ids)
        listed = self.by_id()
        problems = [
            Problem(f"unit {u!r} of the inputs is not in the units file", f"đơn vị {u!r} có trong dữ liệu nhưng không có trong tệp danh sách đơn vị",
                    source=self.path, unit_id=u)
            for u in sorted(have - set(listed))
        ]
        position = {u.unit_id: i for i, u in enumerate(self.units)}  # once, not a search per unit
        problems += [
            Problem(f"unit {u!r} of the units file has no inputs" + (f" in {source}" if source else ""),
                    f"đơn vị {u!r} có trong tệp danh sách đơn vị nhưng không có dữ liệu", source=self.path, unit_id=u,
                    location=f"line {self.lines[position[u]] if self.lines else 2 + position[u]}")
            for u in listed if u not in have
        ]
        return problems


def kind_word(kind: str, language: str = "vi") -> str:
    """The reader's word for a kind of unit: as written in Vietnamese, from the catalogue in English.

    A kind the catalogue does not know is data, shown as it is.

    Examples
    --------
    >>> kind_word("đặc khu", "en")
    'special zone'
    """
    if language != "en" or not kind:
        return kind
    from dti_kit._util.strings import slugify
    from dti_kit.i18n import catalogue

    entry = catalogue().get(f"units.kind.{slugify(kind)}")
    return entry["en"] if entry else kind


def kinds_word(units: UnitsFile, language: str = "vi") -> str:
    """The reader's word for the units of a report, from the kinds its units file lists ("" if none).

    Levels are data: a 2025 commune-level report (two-level government) says "xã, phường, đặc
    khu" because its units file lists those kinds, where a 2023 one says "xã, phường, thị
    trấn"; nothing is inferred from the design's level. In English each kind's plural comes
    from the catalogue (``own.kind_plural.<slug>``), else its word.

    Examples
    --------
    >>> u = UnitsFile("u.csv", (Unit("a", "Xã A", kind="xã"), Unit("b", "Phường B", kind="phường"), Unit("c", "Xã C", kind="xã")))
    >>> kinds_word(u), kinds_word(u, "en")
    ('xã, phường', 'communes, wards')
    """
    kinds = list(dict.fromkeys(u.kind for u in units.units if u.kind))
    if language != "en":
        return ", ".join(kinds)
    from dti_kit._util.strings import slugify
    from dti_kit.i18n import catalogue

    plural = catalogue()
    return ", ".join((plural.get(f"own.kind_plural.{slugify(k)}") or {}).get("en") or kind_word(k, "en") for k in kinds)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def _has_control(text: str) -> bool:
    return any(unicodedata.category(ch) == "Cc" for ch in text)


def is_units_file(path: str | Path) -> bool:
    """Whether ``path`` is a CSV whose header (after blank lines and ``#`` notes) names both
    ``unit_id`` and ``unit_name``: a units file, as opposed to a plain list of names.

    A file that cannot be read or decoded is none (its reader then says why).
    """
    path = Path(path)
    if path.suffix.lower() != ".csv":
        return False
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.reader(fh):
                if not row or not any(c.strip() for c in row) or row[0].lstrip().startswith("#"):
                    continue
                header = {_clean(h) for h in row}
                return set(REQUIRED) <= header
    except (OSError, UnicodeDecodeError, csv.Error):
        return False
    return False


def read_units(path: str | Path) -> UnitsFile:
    """Read and validate a units file; every problem at once, with its line.

    Raises
    ------
    InputError
        A missing or unknown column, an empty or duplicate ``unit_id``, an empty name, a
        ``ranked`` other than 0 or 1, a control character, a file that is not UTF-8 CSV.

    Examples
    --------
    >>> u = read_units("inputs/hoa-binh/2023-xa-units.csv")  # doctest: +SKIP
    >>> u.parents()["phuong-phuong-lam"]  # doctest: +SKIP
    'Thành phố Hòa Bình'
    """
    path = Path(path)
    src = str(path)

    def problem(en: str, vi: str, line: int | None = None, **kw) -> Problem:
        return Problem(en, vi, source=src, location=f"line {line}" if line else "", **kw)

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([problem(f"cannot read the units file: {exc.strerror}", "không đọc được tệp danh sách đơn vị")]) from None
    if len(raw) > MAX_BYTES:
        raise InputError([problem(f"the units file is larger than {MAX_BYTES:,} bytes", "tệp danh sách đơn vị quá lớn")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([problem(f"not UTF-8 text (byte {exc.start})", f"không phải văn bản UTF-8 (byte {exc.start})")]) from None
    rows = list(csv.reader(io.StringIO(text)))
    # blank lines and lines starting with "#" (a note on the file) are skipped
    rows = [(i + 1, r) for i, r in enumerate(rows) if r and any(c.strip() for c in r) and not r[0].lstrip().startswith("#")]
    if not rows:
        raise InputError([problem("the units file is empty", "tệp danh sách đơn vị trống")])
    header_line, header = rows[0]
    header = [_clean(h) for h in header]
    problems = [problem(f"missing column {c!r}", f"thiếu cột {c!r}", header_line) for c in REQUIRED if c not in header]
    problems += [problem(f"unknown column {c!r} (columns: {', '.join(COLUMNS)})", f"cột không hợp lệ {c!r}", header_line)
                 for c in header if c not in COLUMNS]
    if problems:
        raise InputError(problems)
    if len(rows) == 1:
        raise InputError([problem("the units file has a header but no units", "tệp danh sách đơn vị chỉ có dòng tiêu đề")])
    col = {c: header.index(c) for c in COLUMNS if c in header}
    units: list[Unit] = []
    unit_lines: list[int] = []
    seen: dict[str, int] = {}
    for line, r in rows[1:]:
        cells = {c: _clean(r[i]) if i < len(r) else "" for c, i in col.items()}
        uid, name = cells["unit_id"], cells["unit_name"]
        for c, v in cells.items():
            if _has_control(v):
                problems.append(problem(f"a control character in {c}", f"có ký tự điều khiển trong cột {c}", line, variable=c))
        if not uid:
            problems.append(problem("empty unit_id", "thiếu mã đơn vị", line, variable="unit_id"))
            continue
        if uid in seen:
            problems.append(problem(f"duplicate unit_id {uid!r} (first on line {seen[uid]})",
                                    f"mã đơn vị {uid!r} bị trùng (lần đầu ở dòng {seen[uid]})", line, unit_id=uid))
            continue
        seen[uid] = line
        if not name:
            problems.append(problem("empty unit_name", "thiếu tên đơn vị", line, unit_id=uid, variable="unit_name"))
        ranked_text = cells.get("ranked", "")
        if ranked_text not in ("", "0", "1"):
            problems.append(problem(f"ranked must be 0 or 1, got {ranked_text!r}", f"cột ranked phải là 0 hoặc 1, nhận {ranked_text!r}",
                                    line, unit_id=uid, variable="ranked"))
        units.append(Unit(uid, name, cells.get("parent", ""), cells.get("kind", ""), ranked_text != "0"))
        unit_lines.append(line)
    for u in units:
        if u.parent and u.parent == u.unit_id:
            problems.append(problem("a unit cannot be its own parent", "đơn vị không thể là cấp trên của chính nó",
                                    seen[u.unit_id], unit_id=u.unit_id, variable="parent"))
    read = UnitsFile(src, tuple(units), tuple(unit_lines))
    if problems:
        refused = InputError(problems)
        refused.units_read = read  # its well-formed lines: still checked against the inputs (check_units)
        raise refused
    return read


def check_units(path: str | Path, unit_ids: Iterable[str] | None, source: str = "") -> tuple[UnitsFile | None, list[Problem]]:
    """The units file at ``path`` and every problem with it: its own (a line without a unit id,
    a bad ``ranked``) and those of its lines against the inputs' ``unit_ids``
    (:meth:`UnitsFile.check_against`), in one pass: a bad line never hides a unit the inputs
    have and the file has not. ``unit_ids`` None (the inputs could not be read): the file's own
    problems only. The file is ``None`` when it cannot be read at all.
    """
    try:
        listed, problems = read_units(path), []
    except InputError as exc:
        listed, problems = getattr(exc, "units_read", None), list(exc.problems)
    if listed is not None and unit_ids is not None:
        problems += listed.check_against(unit_ids, source=source)
    return listed, problems


def units_summary() -> str:
    """The summary of a units file's refusal, in both languages."""
    from dti_kit.i18n import text

    return f"{text('own.units_summary', 'vi')} / {text('own.units_summary', 'en')}"
