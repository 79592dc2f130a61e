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
    >>> text("report.rank", "en")  # doctest: +SKIP
    'Rank'
    """
    entry = catalogue()[msg_id]  # KeyError: the id is not in the catalogue
    s = entry["en" if language == "en" else "vi"]
    return s.format(**fmt) if fmt else s

LABELS: dict[str, dict[str, str]] = {
    "unit": {"vi": "Đơn vị", "en": "Unit"},
    "unit_id": {"vi": "Mã đơn vị", "en": "Unit id"},
    "total": {"vi": "Tổng điểm", "en": "Total"},
    "max_points": {"vi": "Điểm tối đa", "en": "Max points"},
    "percent": {"vi": "Tỷ lệ (%)", "en": "Percent"},
    "value": {"vi": "Giá trị chỉ số (0–1)", "en": "Index value (0–1)"},
    "band": {"vi": "Xếp loại", "en": "Band"},
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "change": {"vi": "Thay đổi thứ hạng so với năm trước", "en": "Rank change since last year"},
    "previous_rank": {"vi": "Xếp hạng năm trước", "en": "Last year's rank"},
    "previous_total": {"vi": "Tổng điểm năm trước", "en": "Last year's total"},
    "code": {"vi": "Mã", "en": "Code"},
    "name": {"vi": "Tên chỉ số", "en": "Indicator"},
    "score": {"vi": "Điểm đạt được", "en": "Score"},
    "self_score": {"vi": "Điểm tự đánh giá", "en": "Self-assessed score"},
    "computed_score": {"vi": "Điểm tính từ số liệu", "en": "Score computed from inputs"},
    "status": {"vi": "Trạng thái", "en": "Status"},
    "kind": {"vi": "Loại", "en": "Kind"},
    "pillar": {"vi": "Trụ cột", "en": "Pillar"},
    "indicator": {"vi": "Chỉ số chính", "en": "Main indicator"},
    "component": {"vi": "Chỉ số thành phần", "en": "Component"},
    "mean": {"vi": "Trung bình", "en": "Mean"},
    "best": {"vi": "Cao nhất", "en": "Best"},
    "missed": {"vi": "Điểm bị mất", "en": "Points missed"},
    "responsible": {"vi": "Cơ quan phụ trách", "en": "Responsible agency"},
    "below_half": {"vi": "Số đơn vị dưới một nửa điểm tối đa", "en": "Units below half the max"},
    "mean_share": {"vi": "Tỷ lệ điểm trung bình (%)", "en": "Mean share of max (%)"},
    "policy": {"vi": "Cách tính khi không áp dụng", "en": "N/A policy"},
    "ranking_sheet": {"vi": "Xếp hạng", "en": "Ranking"},
    "indicators_sheet": {"vi": "Chỉ số chính", "en": "Main indicators"},
    "components_sheet": {"vi": "Chỉ số thành phần", "en": "Components"},
    "pillars_sheet": {"vi": "Trụ cột", "en": "Pillars"},
    "status_computed": {"vi": "tính từ số liệu", "en": "computed"},
    "status_given": {"vi": "điểm thẩm định", "en": "appraised"},
    "status_na": {"vi": "không áp dụng", "en": "not applicable"},
    "status_missing": {"vi": "thiếu", "en": "missing"},
    "status_not-claimed": {"vi": "không đề nghị", "en": "not claimed"},
    "file": {"vi": "Tệp", "en": "File"},
    "sha256": {"vi": "SHA-256", "en": "SHA-256"},
    "erratum_code": {"vi": "Mã", "en": "Code"},
    "erratum_problem": {"vi": "Vấn đề của văn bản", "en": "What the text gets wrong or leaves open"},
    "erratum_assumption": {"vi": "Cách bộ chỉ số xử lý", "en": "What the design assumes"},
    "baseline": {"vi": "Năm 2021 (kế hoạch)", "en": "2021 (plan)"},
    "current": {"vi": "Kết quả", "en": "Result"},
    "target": {"vi": "Mục tiêu", "en": "Target"},
}

LEVEL_UNITS = {
    "so": {"vi": "sở, ban, ngành", "en": "departments"},
    "huyen": {"vi": "huyện, thành phố", "en": "districts"},
    "xa": {"vi": "xã, phường, thị trấn", "en": "communes"},
    "tinh": {"vi": "tỉnh, thành phố", "en": "provinces"},
}


def lookup(table: dict[str, dict[str, str]], key: str, language: str = "vi", strict: bool = False, **fmt) -> str:
    """The label ``key`` of ``table`` in ``language`` (vi, or en), formatted with ``fmt``.

    Every module that writes for readers keeps its own table ``{key: {"vi": …, "en": …}}``
    and reads it through this one function. An unknown key is returned as it is, or raises
    ``KeyError`` when ``strict``.
    """
    entry = table.get(key)
    if entry is None:
        if strict:
            raise KeyError(key)
        return key
    text = entry.get("en" if language == "en" else "vi", entry["vi"])
    return text.format(**fmt) if fmt else text


def label(key: str, language: str = "vi") -> str:
    """The label of ``key`` of the scoring report in ``language`` (vi or en)."""
    return lookup(LABELS, key, language)


def number(x, language: str = "vi", digits: int = 2, trim: bool = True, minus: str = "-") -> str:
    """A number as readers write it: Vietnamese ``1.234,5``, English ``1,234.5``.

    ``trim`` drops trailing zeros of the decimals; ``minus`` is the sign used ("−" in
    tables set in type). NaN and missing give "".
    """
    import math

    from pandas import NA as _NA

    if x is None or x is _NA or (isinstance(x, float) and math.isnan(x)):
        return ""
    s = f"{float(x):,.{digits}f}"
    if trim and "." in s:
        s = s.rstrip("0").rstrip(".")
    if language != "en":
        s = s.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return s.replace("-", minus) if minus != "-" else s


def units_word(level: str, language: str = "vi") -> str:
    entry = LEVEL_UNITS.get(level)
    if entry is None:
        return "đơn vị" if language == "vi" else "units"
    return entry[language]
