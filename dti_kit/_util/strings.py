"""Small text helpers: the one name normaliser, ASCII slugs of Vietnamese names, NFC text,
spreadsheet-safe cells and the one CSV writer."""
from __future__ import annotations

import re
import unicodedata

__all__ = ["FORMULA_START", "csv_text", "full_precision", "nfc", "normalise_name", "safe_cell", "slugify"]


def normalise_name(name: str) -> str:
    """The key names are matched on: case-folded, without diacritics (đ → d), every run of
    characters other than a–z and 0–9 → one space.

    >>> normalise_name("  Hoạt động   CHÍNH QUYỀN số ")
    'hoat dong chinh quyen so'
    """
    s = unicodedata.normalize("NFD", str(name).casefold()).replace("đ", "d")
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    return re.sub(r"[^a-z0-9]+", " ", s).strip()


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
    ".0" (``348.6842`` → ``"348.6842"``, ``10.0`` → ``"10"``, ``1/3`` → ``"0.3333333333333333"``)."""
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
