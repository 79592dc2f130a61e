"""The options a params file gives a notebook (``options: {sensitivity: {draws: 500}}``),
checked with the params file, before anything runs: every unknown key and every value of the
wrong kind is named, with the file and the key, instead of failing inside the notebook.

Each shipped notebook has its table of keys (:data:`OPTIONS`), each key a check that says what
is wrong with a value ("" if nothing). A project's own notebook is not in the table: its options
are its author's business and pass unchecked.
"""
from __future__ import annotations

import math
from typing import Any, Callable, Mapping

from dti_kit._util.strings import short_repr
from dti_kit.errors import Problem

__all__ = ["OPTIONS", "option_problems"]

#: what is wrong with a value, in English and Vietnamese; ("", "") when nothing is
Check = Callable[[Any], tuple[str, str]]


def _is_number(v: Any) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)


def _whole(lo: int, hi: int | None = None, power_of_two: bool = False) -> Check:
    span_en = f"a whole number from {lo} to {hi}" if hi is not None else f"a whole number ≥ {lo}"
    span_vi = f"một số nguyên từ {lo} đến {hi}" if hi is not None else f"một số nguyên ≥ {lo}"
    if power_of_two:
        span_en, span_vi = f"a power of 2, ≥ {lo}", f"một lũy thừa của 2, ≥ {lo}"

    def check(v: Any) -> tuple[str, str]:
        ok = isinstance(v, int) and not isinstance(v, bool) and v >= lo and (hi is None or v <= hi)
        if ok and power_of_two:
            ok = v & (v - 1) == 0
        return ("", "") if ok else (span_en, span_vi)
    return check


def _number(lo: float, hi: float | None = None, open_ends: bool = False, text_ok: bool = False) -> Check:
    if hi is None:
        span_en, span_vi = f"a number ≥ {lo:g}", f"một số ≥ {lo:g}"
    elif open_ends:
        span_en, span_vi = f"a number between {lo:g} and {hi:g} (not either)", f"một số lớn hơn {lo:g} và nhỏ hơn {hi:g}"
    else:
        span_en, span_vi = f"a number from {lo:g} to {hi:g}", f"một số từ {lo:g} đến {hi:g}"

    def check(v: Any) -> tuple[str, str]:
        if text_ok and isinstance(v, str):  # YAML reads 1e-3 (no dot) as text; the notebook takes float() of it
            try:
                v = float(v)
            except ValueError:
                return span_en, span_vi
        if not _is_number(v):
            return span_en, span_vi
        inside = (lo < v < hi) if open_ends else (v >= lo and (hi is None or v <= hi))
        return ("", "") if inside else (span_en, span_vi)
    return check


def _or_null(check: Check) -> Check:
    """``check``, or null: where the notebook reads a missing key and null alike (the default)."""
    return lambda v: ("", "") if v is None else check(v)


def _yes_no(v: Any) -> tuple[str, str]:
    return ("", "") if isinstance(v, bool) else ("true or false", "true hoặc false")


def _text(v: Any) -> tuple[str, str]:
    return ("", "") if isinstance(v, str) and v.strip() else ("a text", "một chuỗi ký tự")


def _texts(v: Any) -> tuple[str, str]:
    ok = isinstance(v, list) and all(isinstance(x, str) and x.strip() for x in v)
    return ("", "") if ok else ("a list of texts", "một danh sách chuỗi ký tự")


#: the keys each shipped notebook reads from its options, and the check of each value
OPTIONS: dict[str, dict[str, Check]] = {
    "scoring_report": {},
    "reconciliation": {
        "tolerance": _number(0, text_ok=True),  # points: a change within it is not flagged
        "decimals": _or_null(_whole(0, 9)),     # the precision scores are compared at (null: the design's)
    },
    "sensitivity": {                            # dti_kit.sensitivity.analysis.analyse
        "draws": _whole(1),
        "spread": _number(0, 1),
        "seed": _whole(0),
        "dirichlet": _yes_no,
        "sobol_base": _whole(2, power_of_two=True),
        "n_boot": _whole(0),                    # 0: no bootstrap intervals
        "conf": _number(0, 1, open_ends=True),
    },
    "design_comparison": {                      # dti_kit.compare.report.OPTION_KEYS
        "source_design": _or_null(_text),
        "concepts": _or_null(_texts),
        "min_designs": _whole(1),
        "max_panels": _whole(0),
    },
}


def option_problems(notebook: str, options: Any, source: str) -> list[Problem]:
    """Every problem of the options ``notebook`` is given in the params file ``source``.

    Examples
    --------
    >>> [p.message for p in option_problems("sensitivity", {"draws": -5, "spread": "abc", "bogus": 1}, "params/x.yaml")]
    ["options.sensitivity: unknown key 'bogus' (known: draws, spread, seed, dirichlet, sobol_base, n_boot, conf)", \
'options.sensitivity.draws must be a whole number ≥ 1, got -5', "options.sensitivity.spread must be a number from 0 to 1, got 'abc'"]
    """
    where = f"options.{notebook}"
    if notebook not in OPTIONS:
        return []  # a project's own notebook: its options are its own
    if options is None:
        return []
    if not isinstance(options, Mapping):
        return [Problem(f"{where} must map option names to values, got {short_repr(options)}",
                        f"{where} phải gồm các cặp tên tùy chọn: giá trị, nhận {short_repr(options)}", source=source, variable=where)]
    known = OPTIONS[notebook]
    problems = []
    for key in options:
        if key not in known:
            names = ", ".join(known) or "none"
            problems.append(Problem(f"{where}: unknown key {short_repr(key)} (known: {names})",
                                    f"{where}: không có tùy chọn {short_repr(key)} (các tùy chọn: {names if known else 'không có'})",
                                    source=source, variable=f"{where}.{key}"))
    for key, check in known.items():
        if key in options:
            en, vi = check(options[key])
            if en:
                problems.append(Problem(f"{where}.{key} must be {en}, got {short_repr(options[key])}",
                                        f"{where}.{key} phải là {vi}, nhận {short_repr(options[key])}",
                                        source=source, variable=f"{where}.{key}"))
    return problems
