"""Reading unit inputs: the long table ``unit_id, code, variable, value``.

Every input format becomes the same long table, with the columns ``_source`` and ``_location``
telling where each value came from so that problems can name file, sheet, cell or line. The long
CSV is read here; other formats register a reader by file suffix (:func:`register_reader`):
importing :mod:`dti_kit.forms` registers the Excel forms (``.xlsx``), so that this core module
never imports the layer above it. Read inputs with ``dti_kit.read_inputs`` (or
``dti_kit.forms.read_inputs``), which has every reader registered.
"""
from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from dti_kit._util.inputfiles import input_files
from dti_kit._util.strings import has_control, visible
from dti_kit._util.strings import nfc as _nfc_text
from dti_kit.errors import InputError, Problem
from dti_kit.i18n import text

LONG_COLUMNS = ("unit_id", "code", "variable", "value")
OPTIONAL_COLUMNS = ("unit_name",)
#: suffixes of formats whose reader lives in a layer above (``.xlsx``: :mod:`dti_kit.forms`)
REGISTERED_ELSEWHERE = (".xlsx", ".ods")

Reader = Callable[..., "pd.DataFrame"]
_READERS: dict[str, Reader] = {}


def _nfc_one(v):
    return _nfc_text(v) if isinstance(v, str) else v


def nfc(series: pd.Series) -> pd.Series:
    """Unicode NFC and surrounding blanks removed, on a column of text.

    Normalises each distinct value once (a column of 250,000 rows has a few hundred ids).
    """
    if pd.api.types.is_numeric_dtype(series.dtype):
        return series
    codes, uniques = pd.factorize(series, use_na_sentinel=True)
    if len(uniques) == len(series):
        return series.map(_nfc_one)
    norm = pd.Index(uniques).map(_nfc_one).to_numpy(dtype=object)
    out = np.where(codes >= 0, norm[np.clip(codes, 0, None)] if len(norm) else None, None)
    return pd.Series(out, index=series.index, dtype=object)


def read_long_csv(path: str | Path) -> pd.DataFrame:
    """Read a long CSV (``unit_id,code,variable,value[,unit_name]``) as text, NFC-normalised.

    Raises
    ------
    InputError
        If the file cannot be read, is not UTF-8 CSV, or lacks a required column
        (every missing column is named).
    """
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError([Problem(f"cannot read the file: {exc.strerror}", "không đọc được tệp", source=name)]) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError([Problem(f"not UTF-8 text (byte {exc.start})", "không phải văn bản UTF-8", source=name)]) from None
    rows = list(csv.reader(text.splitlines()))
    if not rows:
        raise InputError([Problem("the file is empty", "tệp rỗng", source=name)])
    if not any(any(cell.strip() for cell in r) for r in rows[1:]):
        # a header and nothing else scored no unit at all, in silence
        raise InputError([Problem(*said("inputs.header_only"), source=name, location="line 1")])
    header = [_nfc_text(h) for h in rows[0]]
    missing = [c for c in LONG_COLUMNS if c not in header]
    if missing:
        raise InputError([
            Problem(f"missing column {c!r} (header: {', '.join(header)})", f"thiếu cột {c!r}", source=name, location="line 1")
            for c in missing
        ])
    problems = []
    body = []
    for i, r in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in r):
            continue  # blank line
        if len(r) != len(header):
            problems.append(Problem(f"{len(r)} fields, the header has {len(header)}", f"dòng có {len(r)} trường, tiêu đề có {len(header)}", source=name, location=f"line {i}"))
            continue
        body.append(r + [i])
    df = pd.DataFrame(body, columns=header + ["_line"])
    keep = [c for c in LONG_COLUMNS + OPTIONAL_COLUMNS if c in df.columns]
    df = df[keep + ["_line"]].copy()
    df["_source"] = name
    df["_location"] = "line " + df["_line"].astype(str)
    long = normalise_long(df.drop(columns="_line"))
    problems += control_problems(long)
    if problems:
        refused = InputError(problems, f"{len(problems)} problem(s) in {name}")
        refused.rows_read = long  # its well-formed lines: checks across files still see them
        raise refused
    return long


def said(msg_id: str, **fmt) -> tuple[str, str]:
    """(English, Vietnamese) of a problem's message, from the catalogue."""
    return text(msg_id, "en", **fmt), text(msg_id, "vi", **fmt)


#: spreadsheet formats read only once saved as .xlsx (or .ods): old binary .xls, macro-enabled
#: .xlsm/.xltm, binary .xlsb
REFUSED_FORMATS = (".xls", ".xlsm", ".xlsb", ".xltm", ".xlt")


def check_format(path: Path) -> None:
    """Refuse a spreadsheet format that is not read, naming the file and saying to save it as .xlsx
    (before, an .xls was read as a CSV: "not UTF-8 text (byte 0)")."""
    if path.suffix.lower() in REFUSED_FORMATS:
        raise InputError([Problem(*said("inputs.format_refused", suffix=path.suffix), source=str(path))])


def control_problems(long: pd.DataFrame) -> list[Problem]:
    """A problem for every unit id, code, variable, unit name or text value holding a control
    character (an ANSI escape, a NUL, a bidirectional override), at its file and line or cell.

    Such text breaks the results workbooks (openpyxl refuses it) and can rewrite the terminal
    it is printed on; tabs and newlines (in notes) are allowed.
    """
    out = []
    for col in ("unit_id", "unit_name", "code", "variable", "value"):
        if col not in long.columns or pd.api.types.is_numeric_dtype(long[col].dtype):
            continue
        values = long[col]
        hit = values.map(lambda v: isinstance(v, str) and has_control(v)).to_numpy(dtype=bool)
        for i in np.flatnonzero(hit):
            src = str(long["_source"].iat[i]) if "_source" in long.columns else ""
            loc = str(long["_location"].iat[i]) if "_location" in long.columns else f"row {i + 1}"
            out.append(Problem(*said("inputs.control_character", column=col, text=visible(values.iat[i])[:80]), source=src,
                               location=loc, unit_id=str(long["unit_id"].iat[i]), code=str(long["code"].iat[i]),
                               variable=str(long["variable"].iat[i])))
    return out


def normalise_long(df: pd.DataFrame, source: str = "") -> pd.DataFrame:
    """Check the columns of a long table and normalise its text (NFC, stripped).

    A table built in Python gets ``_source`` = ``source``; without ``_location`` its problems
    are located as "row N".
    """
    missing = [c for c in LONG_COLUMNS if c not in df.columns]
    if missing:
        raise InputError([Problem(f"missing column {c!r}", f"thiếu cột {c!r}", source=source) for c in missing])
    out = df.copy()
    for col in ("unit_id", "code", "variable") + tuple(c for c in OPTIONAL_COLUMNS if c in out.columns):
        col_values = out[col]
        if not pd.api.types.is_string_dtype(col_values.dtype) or col_values.isna().any():
            col_values = col_values.astype("string").fillna("")
        out[col] = nfc(col_values.astype(object))
    out["value"] = nfc(out["value"] if pd.api.types.is_numeric_dtype(out["value"].dtype) else out["value"].astype(object))
    if "_source" not in out.columns:
        out["_source"] = source
    # a table built in Python has no _location: problems then name "row N" (1-based)
    return out.reset_index(drop=True)


def register_reader(suffix: str, reader: Reader) -> None:
    """Read files ending in ``suffix`` (``".xlsx"``) with ``reader(path, **kwargs)``.

    ``reader`` returns the long table (:data:`LONG_COLUMNS`, ``_source``, ``_location``) and
    raises :class:`~dti_kit.errors.InputError` with every problem of the file. Registering a
    suffix again replaces its reader.
    """
    _READERS[suffix.lower()] = reader


def _read_csv(path: Path, **_kwargs) -> pd.DataFrame:
    return read_long_csv(path)


def _reader(path: Path) -> Reader:
    suffix = path.suffix.lower()
    if suffix in _READERS:
        return _READERS[suffix]
    if suffix in REGISTERED_ELSEWHERE:
        raise InputError([Problem(
            f"no reader for {suffix} files is registered: read inputs with dti_kit.read_inputs or "
            "dti_kit.forms.read_inputs (importing dti_kit.forms registers the Excel forms)",
            f"chưa có bộ đọc tệp {suffix}", source=str(path))])
    return _read_csv


def _in_folder_of_another_kind(path: Path, given: set[Path]) -> bool:
    """A file found in a folder (not named by the user) that is no input: a PDF, a Word file …"""
    listed = {".csv", *REGISTERED_ELSEWHERE, *_READERS, *REFUSED_FORMATS}
    return path not in given and path.suffix.lower() not in listed


def read_inputs(paths, **kwargs) -> pd.DataFrame:
    """Read one or more input files or folders into one long table.

    Each file is read by the reader registered for its suffix (:func:`register_reader`), any
    other file as a long CSV; ``kwargs`` (``design=``) go to the registered readers. Folders
    are read file by file in name order (their CSV files and the files of a registered or
    known suffix). Every problem of every file is collected before raising.

    Raises
    ------
    InputError
        Every problem found, each naming its file and line, sheet or cell.
    """
    if isinstance(paths, (str, Path)):
        paths = [paths]
    files = input_files(paths)
    given = {Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)}
    if not files:
        raise InputError([Problem("no input files", "không có tệp dữ liệu đầu vào", source=", ".join(map(str, paths)))])
    read = []  # every file's rows, those of a file with problems too (as far as it was read)
    problems: list[Problem] = []
    for f in files:
        try:
            check_format(f)
            if _in_folder_of_another_kind(f, given):
                raise InputError([Problem(*said("inputs.not_an_input", suffix=f.suffix or "?"), source=str(f))])
            read.append(_reader(f)(f, **kwargs))
        except InputError as exc:
            problems.extend(exc.problems)
            if isinstance(getattr(exc, "rows_read", None), pd.DataFrame):
                read.append(exc.rows_read)
    # what concerns several files is checked on what each gave, whatever else is wrong in one
    # of them: a bad cell in one form never hides a unit's form given twice
    across = pd.concat(read, ignore_index=True) if read else pd.DataFrame(columns=list(LONG_COLUMNS))
    problems += _given_in_two_files(across) + _names_given_twice(across)
    if problems:
        raise InputError(problems)
    long = across  # no file refused: every file's rows, in order
    long.attrs["files"] = tuple(str(f) for f in files)  # what was read, in order (nothing is skipped)
    return long


def _given_in_two_files(long: pd.DataFrame) -> list[Problem]:
    """One problem for each file that gives items (a unit, code and variable) an earlier file
    already gives: a unit's form sent twice, a file copied under another name. It names the
    earlier files, how many values and which units (a few by name). Several files may give a
    unit's different items (each department its own); the same item twice is never combined."""
    if "_source" not in long.columns or long["_source"].nunique() < 2:
        return []
    key = ["unit_id", "code", "variable"]
    cols = key + ["_source"] + (["_location"] if "_location" in long.columns else [])
    items = long[cols]
    items = items[(items["unit_id"] != "") & (items["code"] != "") & (items["variable"] != "")]
    per_file = items.drop_duplicates(key + ["_source"])  # twice within one file: the scoring names each line
    again = per_file.duplicated(key, keep="first")
    if not again.any():
        return []
    # each repeated item's first file, in one pass (no look-up per unit)
    first = per_file[~again][key + ["_source"]].rename(columns={"_source": "_first"})
    later = per_file[again].merge(first, on=key, how="left", sort=False)
    problems = []
    for source, g in later.groupby("_source", sort=False):
        units = list(dict.fromkeys(g["unit_id"]))
        shown = ", ".join(repr(u) for u in units[:5]) + (f" … (+{len(units) - 5})" if len(units) > 5 else "")
        problems.append(Problem(
            *said("inputs.unit_in_two_files", units=shown, count=len(g), first=", ".join(map(str, dict.fromkeys(g["_first"]))),
                  code=g["code"].iat[0], variable=g["variable"].iat[0]),
            source=str(source), location=str(g["_location"].iat[0]) if "_location" in g.columns else "",
            unit_id=str(units[0]) if len(units) == 1 else "", code=str(g["code"].iat[0]), variable=str(g["variable"].iat[0])))
    return problems


def _names_given_twice(long: pd.DataFrame) -> list[Problem]:
    """A problem for every unit id given two different names (on two lines, sheets or files):
    which name the report shows would otherwise be whichever came first."""
    if "unit_name" not in long.columns:
        return []
    names = long["unit_name"].astype("string").str.strip()
    # one name written two ways (case, runs of spaces) is one name: several departments' files, combined
    spelled = names.str.replace(r"\s+", " ", regex=True).str.casefold()
    # where each name is given (a registered reader may not say: then no place)
    named = pd.DataFrame({"unit_id": long["unit_id"], "_name": names, "_spelled": spelled,
                          "_src": long["_source"] if "_source" in long else "",
                          "_loc": long["_location"] if "_location" in long else ""})[names.notna() & (names != "")]
    first = named.drop_duplicates(["unit_id", "_spelled"])  # each unit's names, where each is first given
    twice = first[first.duplicated("unit_id", keep=False)]
    problems = []
    for unit_id, g in twice.groupby("unit_id", sort=False):
        places = "; ".join(f"{n!r} ({src}, {loc})" for n, src, loc in zip(g["_name"], g["_src"], g["_loc"]))
        problems.append(Problem(f"unit {unit_id!r} is given {len(g)} names: {places}: one unit, one name",
                                f"đơn vị {unit_id!r} có {len(g)} tên khác nhau: {places}: mỗi đơn vị một tên",
                                source=str(g["_src"].iloc[0]), unit_id=str(unit_id), variable="unit_name"))
    return problems
