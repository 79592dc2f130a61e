"""Small text helpers: ASCII slugs of Vietnamese names, spreadsheet-safe cells."""
from __future__ import annotations

import re
import unicodedata


def slugify(name: str) -> str:
    """ASCII slug of a Vietnamese name: ``"Thành phố Hòa Bình"`` → ``"thanh-pho-hoa-binh"``."""
    s = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    s = "".join(ch for ch in s if unicodedata.category(ch) != "Mn")
    s = re.sub(r"[^A-Za-z0-9]+", "-", s).strip("-").lower()
    return s or "unit"


FORMULA_START = ("=", "+", "-", "@")


def safe_cell(value):
    """Neutralise text that a spreadsheet would run as a formula (CSV/Excel injection).

    Text starting with ``=``, ``+``, ``-`` or ``@`` gets a leading apostrophe; numbers pass.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def csv_text(df, na_rep: str = "") -> str:
    """A table as CSV for export: text cells neutralised against spreadsheet formulas,
    numbers with 6 significant digits, blanks for missing, Unix line ends."""
    import pandas as pd

    out = df.copy()
    for c in out.columns:
        if out[c].dtype == object or pd.api.types.is_string_dtype(out[c]):
            out[c] = out[c].map(safe_cell)
    return out.to_csv(index=False, float_format="%.6g", lineterminator="\n", na_rep=na_rep)
