"""One band function, one rank function, one name normaliser, one N/A policy list, one set of
reserved variable names, one CSV writer (issue "One house"): each with real values, and each
defined once in the package."""
from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from dti_kit._util.strings import csv_text, normalise_name, slugify
from dti_kit.model import Band, BandScheme, band_index
from dti_kit.rules import RESERVED, make_rule
from dti_kit.scoring import rank_of

PKG = Path(__file__).resolve().parents[1] / "dti_kit"


def test_band_index_upper_bounds_inclusive():
    # Hòa Bình style bands: ≤ 25%, ≤ 50%, ≤ 75%, above
    uppers = np.array([25.0, 50.0, 75.0, np.inf])
    got = band_index(uppers, np.array([25.0, 25.001, 50.0000000000001, np.nan, 100.0, 0.0]))
    # 50.0000000000001 (a sum of floats) is 50 at 9 decimals: still "≤ 50%"
    assert got.tolist() == [0, 1, 1, -1, 3, 0]
    scheme = BandScheme((Band("Khởi động", "Starting", 25), Band("Hình thành", "Forming", 50),
                         Band("Nâng cao", "Advanced", 75), Band("Dẫn dắt", "Leading", None)))
    assert scheme.uppers().tolist() == [25.0, 50.0, 75.0, np.inf]
    assert scheme.labels_of(np.array([10.0, 60.0, np.nan, 80.0])).tolist() == ["Khởi động", "Nâng cao", None, "Dẫn dắt"]


def test_rank_ties_share_the_best_rank():
    # 90, 90, 80, 70 → 1, 1, 3, 4; a unit without an index has no rank
    got = rank_of(np.array([80.0, 90.0, 90.0, np.nan, 70.0]))
    assert got[[0, 1, 2, 4]].tolist() == [3.0, 1.0, 1.0, 4.0] and np.isnan(got[3])
    # equal points summed in another order tie (rounded to 9 decimals)
    assert rank_of(np.array([0.1 + 0.2, 0.3])).tolist() == [1.0, 1.0]


def test_one_name_normaliser():
    # Bắc Kạn prints "Thế chế số" for "Thể chế số"; Vũng Tàu prints capitals
    assert normalise_name("Thế chế số") == normalise_name("THỂ CHẾ SỐ") == "the che so"
    assert normalise_name("  Hoạt động   CHÍNH QUYỀN số ") == "hoat dong chinh quyen so"
    assert normalise_name("Hạ tầng số (CNTT)/ATTT") == "ha tang so cntt attt"
    assert slugify("Thành phố Hòa Bình") == "thanh-pho-hoa-binh"
    assert slugify("Huyện Đà Bắc") == "huyen-da-bac"
    assert slugify("—") == "unit"


def test_one_csv_writer():
    df = pd.DataFrame({"name": ["=1+1", "Lạc Sơn"], "x": [0.123456789, np.nan]})
    assert csv_text(df) == "name,x\n'=1+1,0.123456789\nLạc Sơn,\n"  # every digit (issue 16.9)
    full = csv_text(df, float_format=lambda v: repr(float(v)), formula_safe=False)
    assert full == "name,x\n=1+1,0.123456789\nLạc Sơn,\n"


def test_reserved_names_are_no_rule_variables():
    assert RESERVED == ("self_score", "appraised_score", "na", "note")
    from dti_kit.errors import RuleParamError

    with pytest.raises(RuleParamError, match="invalid variable name 'note'"):
        make_rule({"kind": "yes_no", "variable": "note"}, 10)


@pytest.mark.parametrize("pattern, home", [
    (r"def normalise_name\b", "_util/strings.py"),
    (r'normalize\("NFD"', "_util/strings.py"),
    (r'rank\(method="min"', "scoring.py"),
    (r"searchsorted\(uppers", "model.py"),
    (r"^NA_METHODS = ", "na.py"),
    (r"^RESERVED = ", "rules/base.py"),
    (r"\.to_csv\(", "_util/strings.py"),
])
def test_defined_once(pattern, home):
    rx = re.compile(pattern, re.M)
    where = [str(p.relative_to(PKG)) for p in sorted(PKG.rglob("*.py")) if rx.search(p.read_text(encoding="utf-8"))]
    assert where == [home]
