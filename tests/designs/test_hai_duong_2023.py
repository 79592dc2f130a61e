"""Hải Dương 2023 (seed 002_03806c1aeb3b63b1.txt, news item on Decision 297/QĐ-UBND of
24/02/2023): cấp Sở (500 points) and cấp huyện (600 points).

Structure-only designs: the score of each main indicator is entered as
``appraised_score`` on the indicator's code. Expected values are computed by hand.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dti_kit import load_design, score_units

EXCLUDE_SOURCE = (
    "Điểm 4: Chỉ số chuyển đổi số của từng cơ quan, đơn vị, địa phương được xác định bằng tỉ "
    "lệ phần trăm (%) giữa tổng điểm đạt được so với tổng điểm tối đa tương ứng của từng cơ "
    "quan, đơn vị (sau khi trừ đi điểm của các tiêu chí, tiêu chí thành phần “Không đánh giá”)."
)

SO = [
    ("1", "Nhận thức số", "Digital awareness", "foundation", 50, True),
    ("2", "Thể chế số", "Digital institutions", "foundation", 50, True),
    ("3", "Hạ tầng số", "Digital infrastructure", "foundation", 50, True),
    ("4", "Nhân lực số", "Digital human resources", "foundation", 50, True),
    ("5", "An toàn thông tin mạng", "Cybersecurity", "foundation", 100, True),
    ("6", "Hoạt động chuyển đổi số", "Digital transformation activity", "activity", 200, True),
]
HUYEN = [
    ("1", "Nhận thức số", "Digital awareness", "foundation", 50, True),
    ("2", "Thể chế số", "Digital institutions", "foundation", 50, True),
    ("3", "Hạ tầng số", "Digital infrastructure", "foundation", 50, True),
    ("4", "Nhân lực số", "Digital human resources", "foundation", 50, True),
    ("5", "An toàn thông tin mạng", "Cybersecurity", "foundation", 50, True),
    ("6", "Hoạt động chính quyền số", "Digital government activity", "activity", 150, True),
    ("7", "Hoạt động kinh tế số", "Digital economy activity", "activity", 100, True),
    ("8", "Hoạt động xã hội số", "Digital society activity", "activity", 100, True),
]
DESIGNS = {
    "hai-duong-2023-so": (500, SO, 300, 200),
    "hai-duong-2023-huyen": (600, HUYEN, 250, 350),
}


def long_df(units, na=None, self_scores=None) -> pd.DataFrame:
    rows = [
        {"unit_id": u, "code": c, "variable": "appraised_score", "value": v}
        for u, scores in units.items()
        for c, v in scores.items()
    ]
    for u, codes in (na or {}).items():
        rows += [{"unit_id": u, "code": c, "variable": "na", "value": 1} for c in codes]
    for u, scores in (self_scores or {}).items():
        rows += [{"unit_id": u, "code": c, "variable": "self_score", "value": v} for c, v in scores.items()]
    return pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"])


def row(result, unit_id, code) -> dict:
    t = result.scores
    sel = t[(t["unit_id"] == unit_id) & (t["code"] == code)]
    assert len(sel) == 1, f"{unit_id}/{code}: {len(sel)} rows"
    return sel.iloc[0].to_dict()


@pytest.mark.parametrize("design_id", list(DESIGNS))
def test_structure(design_id):
    """3.a: "Thang điểm Bộ chỉ số chuyển đổi số cấp Sở tối đa là 500 điểm, trong đó: nhóm chỉ số
    nền tảng chung 300 điểm ... và 200 điểm cho chỉ số Hoạt động chuyển đổi số";
    "... cấp huyện tối đa là 600 điểm, trong đó: Nhóm chỉ số nền tảng chung 250 điểm ... và nhóm
    chỉ số hoạt động 350 điểm (gồm Hoạt động chính quyền số: 150 điểm, Hoạt động kinh tế số:
    100 điểm, Hoạt động xã hội số: 100 điểm)"."""
    scale, table, foundation, activity = DESIGNS[design_id]
    d = load_design(design_id)
    assert d.scale == scale
    assert d.detail == "structure"
    assert d.index_value == "percent"
    assert d.stated_components is None  # the news item gives no component counts
    assert d.source.number == "297/QĐ-UBND"
    assert d.source.date == dt.date(2023, 2, 24)
    assert d.source.issuer == "UBND tỉnh Hải Dương"
    got = [(m.code, m.name, m.name_en, m.group, m.max_points, m.scored) for m in d.main_indicators]
    assert got == table
    assert all(not m.all_components() for m in d.main_indicators)
    assert sum(m.max_points for m in d.main_indicators if m.group == "foundation") == foundation
    assert sum(m.max_points for m in d.main_indicators if m.group == "activity") == activity
    assert foundation + activity == scale
    assert d.bands is None and not d.pillars
    assert d.na_policy.method == "exclude" and d.na_policy.applies_to is None
    assert "“Không đánh giá”" in d.na_policy.source
    assert "là điểm do Hội đồng thẩm định đánh giá" in d.metadata["final_score"]
    ids = {e.id for e in d.errata}
    assert "news-item-not-decision" in ids
    if design_id.endswith("so"):
        assert "unit-list-cut-off" in ids


def test_so_full_unit_percent():
    """No item "Không đánh giá": percent = 40+30+35+45+80+150 = 380 / 500 × 100 = 76 %."""
    scores = {"1": 40, "2": 30, "3": 35, "4": 45, "5": 80, "6": 150}
    res = score_units(load_design("hai-duong-2023-so"), long_df({"s": scores}), require_complete=False)
    r = row(res, "s", "TOTAL")
    assert r["score"] == pytest.approx(40 + 30 + 35 + 45 + 80 + 150)
    assert r["percent"] == pytest.approx(380 / 500 * 100)


def test_so_exclude_one_indicator():
    """Điểm 4 (EXCLUDE_SOURCE). Unit "s" has "Hạ tầng số" (50 points) "Không đánh giá":
    achieved 40+30+45+80+150 = 345; max 500 − 50 = 450; percent = 345 / 450 × 100 = 76.67 %.
    The other unit "t" is scored on the full 500."""
    units = {
        "s": {"1": 40, "2": 30, "4": 45, "5": 80, "6": 150},
        "t": {"1": 40, "2": 30, "3": 50, "4": 45, "5": 80, "6": 150},
    }
    res = score_units(load_design("hai-duong-2023-so"), long_df(units, na={"s": ["3"]}), require_complete=False)
    assert res.score("s", "3") == pytest.approx(0)  # excluded: scores 0, max removed
    r = row(res, "s", "TOTAL")
    assert r["score"] == pytest.approx(40 + 30 + 45 + 80 + 150)
    assert r["percent"] == pytest.approx(345 / (500 - 50) * 100)
    t = row(res, "t", "TOTAL")
    assert t["score"] == pytest.approx(395)
    assert t["percent"] == pytest.approx(395 / 500 * 100)
    # exclusion is not a peer mean: "s" does not receive "t"'s 50 on "3"
    assert r["percent"] != pytest.approx((345 + 50) / 500 * 100)


def test_huyen_exclude_one_indicator():
    """Điểm 4 (EXCLUDE_SOURCE), cấp huyện, max 600. "Hoạt động kinh tế số" (100 points) is
    "Không đánh giá": achieved 5 × 40 + 120 + 70 = 390; percent = 390 / (600 − 100) × 100 = 78 %."""
    scores = {"1": 40, "2": 40, "3": 40, "4": 40, "5": 40, "6": 120, "8": 70}
    res = score_units(
        load_design("hai-duong-2023-huyen"), long_df({"h": scores}, na={"h": ["7"]}), require_complete=False
    )
    r = row(res, "h", "TOTAL")
    assert r["score"] == pytest.approx(5 * 40 + 120 + 70)
    assert r["percent"] == pytest.approx(390 / (600 - 100) * 100)


def test_huyen_exclude_two_indicators():
    """Two items removed: "Hạ tầng số" (50) and "Hoạt động xã hội số" (100):
    achieved 50+50+50+50+150+100 = 450 = max − removed → 450 / (600 − 150) × 100 = 100 %."""
    scores = {"1": 50, "2": 50, "4": 50, "5": 50, "6": 150, "7": 100}
    res = score_units(
        load_design("hai-duong-2023-huyen"), long_df({"h": scores}, na={"h": ["3", "8"]}), require_complete=False
    )
    assert row(res, "h", "TOTAL")["percent"] == pytest.approx(100.0)


def test_appraised_score_is_final():
    """Điểm 4: "Điểm chỉ số chuyển đổi số của từng cơ quan, đơn vị, địa phương là điểm do Hội
    đồng thẩm định đánh giá." Self-assessed 50 on "Nhận thức số", appraised 35 → 35 counts;
    total 35+50+50+50+50+150+100+100 = 585 / 600 = 97.5 %."""
    appraised = {"1": 35, "2": 50, "3": 50, "4": 50, "5": 50, "6": 150, "7": 100, "8": 100}
    res = score_units(
        load_design("hai-duong-2023-huyen"),
        long_df({"h": appraised}, self_scores={"h": {"1": 50}}),
        require_complete=False,
    )
    assert res.score("h", "1") == pytest.approx(35)
    assert row(res, "h", "TOTAL")["percent"] == pytest.approx(585 / 600 * 100)
