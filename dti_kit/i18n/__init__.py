"""The one catalogue of reader text, in Vietnamese (default) and English, and :func:`number`.

Every word a reader sees comes from here. The catalogue is data: ``messages/<domain>.yaml``
files (``report``, ``rules``, ``reconcile``, ``sensitivity``, ``compare``, ``errors``, …), each
mapping a message id (``<domain>.<key>``) to ``{vi: …, en: …}``; a translator edits those
files, not the code. :func:`text` looks an id up (an unknown id is an error: a test checks
that every id the code asks for exists in both languages).

This module is at the bottom of the layers, beside :mod:`dti_kit.errors`: every layer may ask it.
"""
from __future__ import annotations

import functools
from importlib import resources

__all__ = ["LANGUAGES", "catalogue", "text", "has", "header", "headers", "relabel", "units_of", "na_policy",
           "status", "data_html", "number"]

LANGUAGES = ("vi", "en")


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """Every message, ``{id: {"vi": …, "en": …}}``, merged from ``messages/*.yaml``.

    Raises ``ValueError`` when an id is defined twice, or lacks a language.
    """
    from dti_kit._util.safeyaml import safe_load

    merged: dict[str, dict[str, str]] = {}
    folder = resources.files("dti_kit.i18n") / "messages"
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".yaml"):
            continue
        data = safe_load(entry.read_text(encoding="utf-8")) or {}
        for msg_id, langs in data.items():
            if msg_id in merged:
                raise ValueError(f"i18n/messages/{entry.name}: message {msg_id!r} is defined twice")
            if not isinstance(langs, dict) or any(not isinstance(langs.get(lang), str) for lang in LANGUAGES):
                raise ValueError(f"i18n/messages/{entry.name}: message {msg_id!r} needs text for both vi and en")
            merged[msg_id] = langs
    return merged


def text(msg_id: str, language: str = "vi", **fmt) -> str:
    """The message ``msg_id`` in ``language`` (``vi`` or ``en``), formatted with ``fmt``.

    Examples
    --------
    >>> text("common.col.rank", "en")
    'Rank'
    """
    entry = catalogue()[msg_id]  # KeyError: the id is not in the catalogue
    s = entry["en" if language == "en" else "vi"]
    return s.format(**fmt) if fmt else s


def has(msg_id: str) -> bool:
    """Whether the catalogue holds ``msg_id``."""
    return msg_id in catalogue()


def header(key: str, language: str = "vi", domain: str = "common") -> str:
    """The reader's header of a table column ``key``: ``<domain>.col.<key>``, else
    ``common.col.<key>``; a key with neither (data, e.g. a pillar's name) is shown as it is."""
    for msg_id in (f"{domain}.col.{key}", f"common.col.{key}"):
        if msg_id in catalogue():
            return text(msg_id, language)
    return key


def headers(columns, language: str = "vi", domain: str = "common") -> dict:
    """``{column key: reader's header}`` for ``columns`` (see :func:`header`)."""
    return {c: header(c, language, domain) if isinstance(c, str) else c for c in columns}


def relabel(df, language: str = "vi", domain: str = "common"):
    """A DataFrame with its column keys renamed to the reader's headers (for files and display)."""
    return df.rename(columns=headers(df.columns, language, domain))


def units_of(level: str, language: str = "vi") -> str:
    """The plural word of a level's units (``huyen`` → "huyện, thành phố"; unknown → "đơn vị")."""
    msg_id = f"common.units.{level}"
    return text(msg_id if msg_id in catalogue() else "common.units.other", language)


def na_policy(method: str, language: str = "vi") -> str:
    """An N/A policy (:data:`dti_kit.na.NA_METHODS`) in the reader's words."""
    return text(f"common.na.{method}", language)


def status(code: str, language: str = "vi") -> str:
    """A score status (``computed``, ``given``, ``na``, ``missing``, ``not-claimed``) in words."""
    return text(f"common.status.{code}", language)


def data_html(value, language: str = "vi") -> str:
    """Data (a unit, component or level name, a quoted text) as escaped HTML: as it is, and
    in an English report marked ``lang="vi"`` (it is Vietnamese, and no translation of ours)."""
    import html

    s = html.escape("" if value is None else str(value))
    return f'<span lang="vi">{s}</span>' if language == "en" and s else s


def number(x, language: str = "vi", digits: int = 2, trim: bool = True, minus: str = "−") -> str:
    """A number as readers write it: Vietnamese ``1.234,5``, English ``1,234.5``.

    ``trim`` drops trailing zeros of the decimals; ``minus`` is the sign used: the minus sign
    (U+2212) by default, as the reports' prose and charts write it, not the shorter hyphen that a
    printed table would otherwise show (the workbooks and CSVs hold the numbers themselves).
    NaN and missing give "".

    Examples
    --------
    >>> number(-1234.5, "vi", 1)
    '−1.234,5'
    >>> number(-1234.5, "en", 1, minus="-")
    '-1,234.5'
    """
    import math

    from pandas import NA as _NA

    if x is None or x is _NA or (isinstance(x, float) and math.isnan(x)):
        return ""
    s = f"{float(x):,.{digits}f}"
    if trim and "." in s:
        s = s.rstrip("0").rstrip(".")
    if s.startswith("-") and not s.strip("-0.,"):  # −0.001 to 2 decimals is 0,00, not −0,00
        s = s[1:]
    if language != "en":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return s.replace("-", minus) if minus != "-" else s
