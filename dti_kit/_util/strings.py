"""Small text helpers: the one name normaliser, ASCII slugs of Vietnamese names, NFC text,
spreadsheet-safe cells, the one CSV writer, bounded quotes of bad values in messages, and
terminal-safe text."""
from __future__ import annotations

import re
import reprlib
import unicodedata

__all__ = ["FORMULA_START", "base_letter", "csv_text", "full_precision", "has_control", "nfc", "normalise_name", "safe_cell", "short_repr",
           "slugify", "visible", "before_colon"]


def normalise_name(name: str) -> str:
    """The key names are matched on: case-folded, without diacritics (đ → d), every run of
    characters other than a–z and 0–9 → one space.

    >>> normalise_name("  Hoạt động   CHÍNH QUYỀN số ")
    'hoat dong chinh quyen so'
    """
    s = unicodedata.normalize("NFD", str(name).casefold()).replace("đ", "d")
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


_QUOTE = reprlib.Repr()
_QUOTE.maxlevel, _QUOTE.maxlist, _QUOTE.maxtuple, _QUOTE.maxdict, _QUOTE.maxset = 2, 4, 4, 4, 4
_QUOTE.maxstring, _QUOTE.maxother, _QUOTE.maxlong = 60, 60, 40


def short_repr(value) -> str:
    """``repr`` of a bad value for a message, bounded (a few items, 60 characters of text).

    A message quotes what it refuses; the value may be a 10 MB string or an alias-shared
    structure that stands for a billion items, whose full ``repr`` would never finish.
    """
    if hasattr(value, "item") and hasattr(value, "dtype") and getattr(value, "ndim", 1) == 0:
        value = value.item()  # a numpy number quoted as the number (inf), not np.float64(inf)
    return _QUOTE.repr(value)


# C0 and C1 control characters (ESC starts an ANSI sequence that recolours or clears a terminal),
# DEL, and the bidirectional overrides that reorder what a terminal shows
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def has_control(text: str) -> bool:
    """Whether ``text`` holds a control character (tab and newline excepted)."""
    return bool(CONTROL.search(text))


def visible(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``), for a terminal."""
    return CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


def base_letter(ch: str) -> str:
    """The letter under a Vietnamese letter's marks (ế → e, Đ → D)."""
    if ch in "đĐ":
        return "d" if ch == "đ" else "D"
    return unicodedata.normalize("NFD", ch)[0] if ch else ch


def slugify(name: str) -> str:
    """ASCII slug of a Vietnamese name: ``"Thành phố Hòa Bình"`` → ``"thanh-pho-hoa-binh"``."""
    return normalise_name(name).replace(" ", "-") or "unit"


def nfc(text: str) -> str:
    """Text in Unicode NFC (the composed form Vietnamese keyboards type), blanks at the ends dropped."""
    return unicodedata.normalize("NFC", text).strip()


FORMULA_START = ("=", "+", "-", "@")


def safe_cell(value):
    """Neutralise text that a spreadsheet would run as a formula (CSV/Excel injection).

    Text starting with ``=``, ``+``, ``-`` or ``@`` gets a leading apostrophe; numbers pass.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def full_precision(x: float) -> str:
    """A float as the shortest text that reads back to the same double; whole numbers without
    ".0" (``348.6842`` → ``"348.6842"``, ``10.0`` → ``"10"``, ``1/3`` → ``"0.3333333333333333"``);
    zero as ``"0"``, also the negative zero a deduction of nothing gives (−1 × 0 points).

    Examples
    --------
    >>> full_precision(-1 * 0.0), full_precision(10.0), full_precision(-2.5)
    ('0', '10', '-2.5')
    """
    if x == 0:
        return "0"
    r = repr(float(x))
    return r[:-2] if r.endswith(".0") else r


def csv_text(df, na_rep: str = "", float_format=full_precision, formula_safe: bool = True) -> str:
    """A table as CSV: Unix line ends, no index, blanks for missing.

    CSV files are machine outputs: they carry every digit (issue 16.9); reports round for readers.

    Parameters
    ----------
    float_format : str or callable
        How float columns are written (default :func:`full_precision`).
    formula_safe : bool
        Neutralise text cells against spreadsheet formulas (:func:`safe_cell`); false only
        for files read back by the package itself (input tables), where a leading "-" is data.
    """
    import pandas as pd

    out = df.copy()
    if formula_safe:
        for c in out.columns:
            if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
                out[c] = out[c].map(safe_cell)
    return out.to_csv(index=False, float_format=float_format, lineterminator="\n", na_rep=na_rep)


def before_colon(name: str) -> str:
    """A name (data: a component's name as the decision words it) set before a colon, without
    the full stop that closes it in the text: "… kho học liệu số mở): 0/20 điểm", not "mở).:".

    Examples
    --------
    >>> before_colon("Tỷ lệ cơ sở giáo dục (kho học liệu số mở).")
    'Tỷ lệ cơ sở giáo dục (kho học liệu số mở)'
    >>> before_colon("Nhân lực số")
    'Nhân lực số'
    """
    return name[:-1].rstrip() if name.endswith(".") and not name.endswith("..") else name
