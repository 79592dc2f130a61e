"""Bắc Kạn 2022 (seed 001_7243780e80ce45df.txt): cấp Sở, cấp huyện, cấp xã.

Structure-only designs: the score of each main indicator is entered as
``appraised_score`` on the indicator's code. Expected values are computed by hand.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from dti_kit import load_design, score_units

BANDS_SOURCE = (
    "Điều 7.2.b: Mức dẫn dắt: ... lớn hơn 75% tổng điểm; Mức nâng cao: ... lớn hơn 50% "
    "tổng điểm và nhỏ hơn hoặc bằng 75% tổng điểm; Mức hình thành: ... lớn hơn 25% tổng "
    "điểm và nhỏ hơn hoặc bằng 50% tổng điểm; Mức khởi động: ... nhỏ hơn hoặc bằng 25% tổng điểm."
)

# (code, name (misprints corrected: see test_citation), name_en, group, max_points, scored, stated components)
SO = [
    ("1", "Nhận thức số", "Digital awareness", "foundation", 75, True, 4),
    ("2", "Thể chế số", "Digital institutions", "foundation", 40, True, 5),
    ("3", "Hạ tầng số", "Digital infrastructure", "foundation", 50, True, 4),
    ("4", "Nhân lực số", "Digital human resources", "foundation", 45, True, 3),
    ("5", "An toàn thông tin mạng", "Cybersecurity", "foundation", 150, True, 9),
    ("6", "Hoạt động chuyển đổi số", "Digital transformation activity", "activity", 240, True, 18),
]
HUYEN = [
    ("1", "Nhận thức số", "Digital awareness", "foundation", 70, True, 6),
    ("2", "Thể chế số", "Digital institutions", "foundation", 90, True, 9),
    ("3", "Hạ tầng số", "Digital infrastructure", "foundation", 70, True, 7),
    ("4", "Nhân lực số", "Digital human resources", "foundation", 60, True, 8),
    ("5", "An toàn thông tin mạng", "Cybersecurity", "foundation", 80, True, 9),
    ("6", "Đô thị thông minh", "Smart city", "foundation", 0, False, 3),
    ("7", "Hoạt động chính quyền số", "Digital government activity", "activity", 230, True, 18),
    ("8", "Hoạt động kinh tế số", "Digital economy activity", "activity", 190, True, 15),
    ("9", "Hoạt động xã hội số", "Digital society activity", "activity", 210, True, 11),
]
XA = [
    ("1", "Nhận thức số", "Digital awareness", "foundation", 100, True, 6),
    ("2", "Thể chế số", "Digital institutions", "foundation", 100, True, 5),
    ("3", "Hạ tầng số", "Digital infrastructure", "foundation", 100, True, 7),
    ("4", "Nhân lực số", "Digital human resources", "foundation", 100, True, 7),
    ("5", "An toàn thông tin mạng", "Cybersecurity", "foundation", 100, True, 8),
    ("6", "Đô thị thông minh", "Smart city", "foundation", 0, False, 3),
    ("7", "Hoạt động chính quyền số", "Digital government activity", "activity", 100, True, 7),
    ("8", "Hoạt động kinh tế số", "Digital economy activity", "activity", 100, True, 9),
    ("9", "Hoạt động xã hội số", "Digital society activity", "activity", 200, True, 9),
]
DESIGNS = {
    "bac-kan-2022-so": (600, 41, SO, {}),
    "bac-kan-2022-huyen": (1000, 86, HUYEN, {"CQS": ("7", 600), "KTS": ("8", 560), "XHS": ("9", 580)}),
    "bac-kan-2022-xa": (900, 61, XA, {"CQS": ("7", 600), "KTS": ("8", 600), "XHS": ("9", 700)}),
}


def long_df(units: dict[str, dict[str, float]], na: dict[str, list[str]] | None = None) -> pd.DataFrame:
    """{unit: {indicator code: appraised score}} (+ {unit: [codes marked N/A]}) → long table."""
    rows = [
        {"unit_id": u, "code": code, "variable": "appraised_score", "value": v}
        for u, scores in units.items()
        for code, v in scores.items()
    ]
    for u, codes in (na or {}).items():
        rows += [{"unit_id": u, "code": c, "variable": "na", "value": 1} for c in codes]
    return pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"])


def row(result, unit_id: str, code: str) -> dict:
    t = result.scores
    sel = t[(t["unit_id"] == unit_id) & (t["code"] == code)]
    assert len(sel) == 1, f"{unit_id}/{code}: {len(sel)} rows"
    return sel.iloc[0].to_dict()


# -- structure --------------------------------------------------------------------------

@pytest.mark.parametrize("design_id", list(DESIGNS))
def test_structure(design_id):
    scale, stated, table, pillars = DESIGNS[design_id]
    d = load_design(design_id)
    assert d.scale == scale
    assert d.detail == "structure"
    assert d.stated_components == stated
    assert d.index_value == "points"
    # the text prints "Số: /QĐ-UBND" and "ngày tháng 7 năm 2022"; the decision as issued is public
    # (1294/QĐ-UBND of 14/7/2022), and the erratum says the text leaves them blank
    assert (d.source.number, str(d.source.date)) == ("1294/QĐ-UBND", "2022-07-14")
    assert "decision-number-blank" in [e.id for e in d.errata]
    got = [
        (m.code, m.name, m.name_en, m.group, m.max_points, m.scored, m.stated_components)
        for m in d.main_indicators
    ]
    assert got == table
    assert all(not m.all_components() for m in d.main_indicators)
    # scored indicators add up to the scale
    assert sum(m.max_points for m in d.main_indicators if m.scored) == scale
    assert {p.code: (p.activity, p.max_points) for p in d.pillars} == pillars


def test_so_stated_41_vs_listed_43_is_an_erratum():
    """Điều 4.1: "06 chỉ số đánh giá chính với 41 chỉ số thành phần"; the table lists
    04 + 05 + 04 + 03 + 09 + 18 = 43."""
    d = load_design("bac-kan-2022-so")
    assert sum(m.stated_components for m in d.main_indicators) == 4 + 5 + 4 + 3 + 9 + 18 == 43
    e = [e for e in d.errata if e.code is None and "count" in e.waives]
    assert len(e) == 1 and "41" in e[0].text


def test_component_counts_huyen_xa():
    """Huyện: 86 = 42 (foundation) + 18 + 15 + 11; pillar tables 60 / 57 / 53.
    Xã: 61 = 36 + 7 + 9 + 9; pillar tables 43 / 45 / 45."""
    for design_id, pillars in (
        ("bac-kan-2022-huyen", {"7": 60, "8": 57, "9": 53}),
        ("bac-kan-2022-xa", {"7": 43, "8": 45, "9": 45}),
    ):
        d = load_design(design_id)
        found = sum(m.stated_components for m in d.main_indicators if m.group == "foundation")
        for act, n in pillars.items():
            assert found + d.node(act).stated_components == n
        assert sum(m.stated_components for m in d.main_indicators) == d.stated_components


def test_pillar_maxima_are_foundation_plus_activity():
    """Huyện: "Trụ cột chính quyền số ... tổng điểm 600", "kinh tế số ... 560",
    "xã hội số ... 580"; xã: 600, 600, 700."""
    h = load_design("bac-kan-2022-huyen")
    found = 70 + 90 + 70 + 60 + 80 + 0  # = 370
    assert {p.code: p.max_points for p in h.pillars} == {
        "CQS": found + 230, "KTS": found + 190, "XHS": found + 210}
    assert {p.code: p.max_points for p in h.pillars} == {"CQS": 600, "KTS": 560, "XHS": 580}
    x = load_design("bac-kan-2022-xa")
    found = 5 * 100 + 0
    assert {p.code: p.max_points for p in x.pillars} == {
        "CQS": found + 100, "KTS": found + 100, "XHS": found + 200}
    assert {p.code: p.max_points for p in x.pillars} == {"CQS": 600, "KTS": 600, "XHS": 700}


@pytest.mark.parametrize("design_id", list(DESIGNS))
def test_bands_and_na_policy_declared(design_id):
    d = load_design(design_id)
    assert [(b.label, b.label_en, b.upto) for b in d.bands.bands] == [
        ("Khởi động", "Starting", 25),
        ("Hình thành", "Forming", 50),
        ("Nâng cao", "Advancing", 75),
        ("Dẫn dắt", "Leading", None),
    ]
    assert "lớn hơn 75% tổng điểm" in d.bands.source
    assert set(d.bands.applies_to) == ({"total"} if design_id.endswith("so") else {"total", "pillars"})
    assert d.na_policy.method == "peer-mean"
    assert d.na_policy.applies_to is None  # "all"
    assert "điểm trung bình của các cơ quan, đơn vị có điểm của tiêu chí đó" in d.na_policy.source
    tt = d.metadata["timetable"]
    assert "Sở Thông tin và Truyền thông kiểm tra số liệu và đánh giá trước ngày 10 của tháng thứ hai trong quý." in tt["quarterly"]["steps"]
    assert "Các đơn vị cấp huyện gửi số liệu đánh giá trước ngày 20 tháng 02 của năm." in tt["annual"]["steps"]


def test_xa_errata_recorded():
    d = load_design("bac-kan-2022-xa")
    texts = " ".join(e.text for e in d.errata)
    assert "gồm 05 chỉ số chính (Nhận thức số, Thẻ chế số, Hạ tầng số, Nhân lực số)" in texts
    assert "3.2. Trụ cột kinh tế số: Trụ cột chính quyền số" in texts
    assert any(e.id == "number-date-blank" for e in d.errata)


# -- bands on pillars and total (cấp huyện) ----------------------------------------------------

# F = foundation (1–5), 6 (Đô thị thông minh) is not scored.
HUYEN_UNITS = {
    # 50 %: F = 35+45+35+30+40 = 185; CQS 185+115 = 300/600; KTS 185+95 = 280/560;
    # XHS 185+105 = 290/580; total 185+115+95+105 = 500/1000.
    "half": {"1": 35, "2": 45, "3": 35, "4": 30, "5": 40, "7": 115, "8": 95, "9": 105},
    # 25 %: F = 17.5+22.5+17.5+15+20 = 92.5; CQS 92.5+57.5 = 150/600; KTS 92.5+47.5 = 140/560;
    # XHS 92.5+52.5 = 145/580; total 92.5+57.5+47.5+52.5 = 250/1000.
    "quarter": {"1": 17.5, "2": 22.5, "3": 17.5, "4": 15, "5": 20, "7": 57.5, "8": 47.5, "9": 52.5},
    # 75 %: F = 52.5+67.5+52.5+45+60 = 277.5; CQS 277.5+172.5 = 450/600; KTS 277.5+142.5 = 420/560;
    # XHS 277.5+157.5 = 435/580; total 277.5+172.5+142.5+157.5 = 750/1000.
    "three_q": {"1": 52.5, "2": 67.5, "3": 52.5, "4": 45, "5": 60, "7": 172.5, "8": 142.5, "9": 157.5},
    # just above 75 % on CQS and total: CQS 277.5+173 = 450.5/600; total 750.5/1000; KTS stays 420/560.
    "three_q_plus": {"1": 52.5, "2": 67.5, "3": 52.5, "4": 45, "5": 60, "7": 173, "8": 142.5, "9": 157.5},
    # just above 50 % on CQS and total: CQS 185+116 = 301/600; total 501/1000; KTS stays 280/560.
    "half_plus": {"1": 35, "2": 45, "3": 35, "4": 30, "5": 40, "7": 116, "8": 95, "9": 105},
    # just above 25 % on KTS: KTS 92.5+48 = 140.5/560; CQS stays 150/600; total 250.5/1000.
    "quarter_plus": {"1": 17.5, "2": 22.5, "3": 17.5, "4": 15, "5": 20, "7": 57.5, "8": 48, "9": 52.5},
}


@pytest.fixture(scope="module")
def huyen_result():
    return score_units(load_design("bac-kan-2022-huyen"), long_df(HUYEN_UNITS), require_complete=False)


@pytest.mark.parametrize(
    "unit,code,score,max_points,percent,band",
    [
        # "Mức hình thành: ... lớn hơn 25% tổng điểm và nhỏ hơn hoặc bằng 50% tổng điểm" → exactly 50 %
        ("half", "CQS", 185 + 115, 600, 50.0, "Hình thành"),
        ("half", "KTS", 185 + 95, 560, 50.0, "Hình thành"),
        ("half", "XHS", 185 + 105, 580, 50.0, "Hình thành"),
        ("half", "TOTAL", 185 + 115 + 95 + 105, 1000, 50.0, "Hình thành"),
        # "Mức khởi động: ... nhỏ hơn hoặc bằng 25% tổng điểm" → exactly 25 %
        ("quarter", "CQS", 92.5 + 57.5, 600, 25.0, "Khởi động"),
        ("quarter", "KTS", 92.5 + 47.5, 560, 25.0, "Khởi động"),
        ("quarter", "XHS", 92.5 + 52.5, 580, 25.0, "Khởi động"),
        ("quarter", "TOTAL", 92.5 + 57.5 + 47.5 + 52.5, 1000, 25.0, "Khởi động"),
        # "Mức nâng cao: ... lớn hơn 50% ... và nhỏ hơn hoặc bằng 75% tổng điểm" → exactly 75 %
        ("three_q", "CQS", 277.5 + 172.5, 600, 75.0, "Nâng cao"),
        ("three_q", "KTS", 277.5 + 142.5, 560, 75.0, "Nâng cao"),
        ("three_q", "XHS", 277.5 + 157.5, 580, 75.0, "Nâng cao"),
        ("three_q", "TOTAL", 277.5 + 172.5 + 142.5 + 157.5, 1000, 75.0, "Nâng cao"),
        # "Mức dẫn dắt: ... lớn hơn 75% tổng điểm" → just above
        ("three_q_plus", "CQS", 277.5 + 173, 600, 450.5 / 600 * 100, "Dẫn dắt"),
        ("three_q_plus", "KTS", 277.5 + 142.5, 560, 75.0, "Nâng cao"),
        ("three_q_plus", "TOTAL", 750.5, 1000, 75.05, "Dẫn dắt"),
        # just above 50 % → Nâng cao; just above 25 % → Hình thành
        ("half_plus", "CQS", 185 + 116, 600, 301 / 600 * 100, "Nâng cao"),
        ("half_plus", "KTS", 185 + 95, 560, 50.0, "Hình thành"),
        ("half_plus", "TOTAL", 501, 1000, 50.1, "Nâng cao"),
        ("quarter_plus", "KTS", 92.5 + 48, 560, 140.5 / 560 * 100, "Hình thành"),
        ("quarter_plus", "CQS", 92.5 + 57.5, 600, 25.0, "Khởi động"),
        ("quarter_plus", "TOTAL", 250.5, 1000, 25.05, "Hình thành"),
    ],
)
def test_huyen_bands(huyen_result, unit, code, score, max_points, percent, band):
    """Điều 7.2.b (BANDS_SOURCE): bands on each pillar's own max and on the total (1000)."""
    r = row(huyen_result, unit, code)
    assert r["kind"] == ("total" if code == "TOTAL" else "pillar")
    assert r["score"] == pytest.approx(score)
    assert r["max_points"] == pytest.approx(max_points)
    assert r["percent"] == pytest.approx(percent)
    assert r["band"] == band


def test_huyen_smart_city_not_in_total(huyen_result):
    """Đô thị thông minh: 0 điểm, "Không tính điểm" — the total is the sum of 1–5 and 7–9."""
    assert huyen_result.score("half", "TOTAL") == pytest.approx(35 + 45 + 35 + 30 + 40 + 115 + 95 + 105)


# -- bands on cấp xã and cấp Sở ------------------------------------------------------------

def test_xa_pillar_and_total_bands():
    """Xã: CQS = F + 7 (max 600), KTS = F + 8 (600), XHS = F + 9 (700), total max 900.
    F = 60+60+60+60+60 = 300 → CQS 300+0 = 300/600 = 50 % → Hình thành;
    KTS 300+100 = 400/600 = 66.67 % → Nâng cao; XHS 300+200 = 500/700 = 71.43 % → Nâng cao;
    total 300+0+100+200 = 600/900 = 66.67 % → Nâng cao."""
    scores = {"1": 60, "2": 60, "3": 60, "4": 60, "5": 60, "7": 0, "8": 100, "9": 200}
    res = score_units(load_design("bac-kan-2022-xa"), long_df({"x": scores}), require_complete=False)
    cqs = row(res, "x", "CQS")
    assert (cqs["score"], cqs["max_points"], cqs["percent"], cqs["band"]) == (
        pytest.approx(300), pytest.approx(600), pytest.approx(50.0), "Hình thành")
    kts = row(res, "x", "KTS")
    assert kts["percent"] == pytest.approx(400 / 600 * 100) and kts["band"] == "Nâng cao"
    xhs = row(res, "x", "XHS")
    assert xhs["max_points"] == pytest.approx(700)
    assert xhs["percent"] == pytest.approx(500 / 700 * 100) and xhs["band"] == "Nâng cao"
    tot = row(res, "x", "TOTAL")
    assert tot["score"] == pytest.approx(300 + 0 + 100 + 200)
    assert tot["percent"] == pytest.approx(600 / 900 * 100) and tot["band"] == "Nâng cao"


def test_xa_total_exactly_75_percent():
    """"Mức nâng cao: ... nhỏ hơn hoặc bằng 75% tổng điểm": 675/900 = 75 % → Nâng cao;
    F = 5 × 75 = 375, 7 = 75, 8 = 75, 9 = 150 → 375+75+75+150 = 675; CQS 450/600 = 75 %."""
    scores = {"1": 75, "2": 75, "3": 75, "4": 75, "5": 75, "7": 75, "8": 75, "9": 150}
    res = score_units(load_design("bac-kan-2022-xa"), long_df({"x": scores}), require_complete=False)
    tot = row(res, "x", "TOTAL")
    assert tot["score"] == pytest.approx(675) and tot["percent"] == pytest.approx(75.0)
    assert tot["band"] == "Nâng cao"
    cqs = row(res, "x", "CQS")
    assert cqs["score"] == pytest.approx(375 + 75) and cqs["band"] == "Nâng cao"
    xhs = row(res, "x", "XHS")  # 375 + 150 = 525/700 = 75 %
    assert xhs["percent"] == pytest.approx(75.0) and xhs["band"] == "Nâng cao"


def test_so_total_bands():
    """Cấp Sở: "Chỉ tính điểm và xếp hạng theo mức tổng điểm DTI"; max 600.
    s25: 150/600 = 25 % → Khởi động; s50: 300/600 = 50 % → Hình thành;
    s75: 450/600 = 75 % → Nâng cao; s76: 451/600 → Dẫn dắt."""
    units = {
        "s25": {"1": 15, "2": 10, "3": 10, "4": 15, "5": 40, "6": 60},    # 150
        "s50": {"1": 40, "2": 20, "3": 25, "4": 20, "5": 75, "6": 120},   # 300
        "s75": {"1": 60, "2": 30, "3": 40, "4": 30, "5": 110, "6": 180},  # 450
        "s76": {"1": 60, "2": 30, "3": 40, "4": 30, "5": 110, "6": 181},  # 451
    }
    res = score_units(load_design("bac-kan-2022-so"), long_df(units), require_complete=False)
    expected = {
        "s25": (15 + 10 + 10 + 15 + 40 + 60, 25.0, "Khởi động"),
        "s50": (40 + 20 + 25 + 20 + 75 + 120, 50.0, "Hình thành"),
        "s75": (60 + 30 + 40 + 30 + 110 + 180, 75.0, "Nâng cao"),
        "s76": (60 + 30 + 40 + 30 + 110 + 181, 451 / 600 * 100, "Dẫn dắt"),
    }
    for u, (score, pct, band) in expected.items():
        r = row(res, u, "TOTAL")
        assert r["score"] == pytest.approx(score)
        assert r["max_points"] == pytest.approx(600)
        assert r["percent"] == pytest.approx(pct)
        assert r["band"] == band
    # no pillars at cấp Sở
    assert not (res.scores["kind"] == "pillar").any()


# -- N/A: peer mean (Điều 6.2) --------------------------------------------------------------

@pytest.mark.parametrize("design_id", list(DESIGNS))
def test_peer_mean_na(design_id):
    """Điều 6.2: "Đối với các cơ quan, đơn vị không có nội dung như: ... cách chấm điểm là
    tính điểm bằng điểm trung bình của các cơ quan, đơn vị có điểm của tiêu chí đó."
    u3 has no "Nhận thức số" content (na = 1): it gets (30 + 50) / 2 = 40."""
    d = load_design(design_id)
    others = {m.code: m.max_points / 2 for m in d.main_indicators if m.scored and m.code != "1"}
    units = {
        "u1": {"1": 30, **others},
        "u2": {"1": 50, **others},
        "u3": dict(others),
    }
    res = score_units(d, long_df(units, na={"u3": ["1"]}), require_complete=False)
    assert res.score("u3", "1") == pytest.approx((30 + 50) / 2)
    assert res.score("u1", "1") == pytest.approx(30)
    assert res.score("u2", "1") == pytest.approx(50)
    rest = sum(others.values())
    assert res.score("u3", "TOTAL") == pytest.approx(40 + rest)
    if d.pillars:
        # the pillar carries the peer-mean score: CQS = F + activity "7"
        f_rest = sum(v for c, v in others.items() if d.node(c).group == "foundation")
        assert res.score("u3", "CQS") == pytest.approx(40 + f_rest + others["7"])


def test_peer_mean_na_ignores_units_that_are_na_too():
    """Only units "có điểm của tiêu chí đó" enter the mean: u3 and u4 both N/A on huyện
    "7" (Hoạt động chính quyền số); u1 = 100, u2 = 200 → both get (100 + 200) / 2 = 150."""
    d = load_design("bac-kan-2022-huyen")
    base = {"1": 35, "2": 45, "3": 35, "4": 30, "5": 40, "8": 95, "9": 105}
    units = {"u1": {**base, "7": 100}, "u2": {**base, "7": 200}, "u3": dict(base), "u4": dict(base)}
    res = score_units(d, long_df(units, na={"u3": ["7"], "u4": ["7"]}), require_complete=False)
    for u in ("u3", "u4"):
        assert res.score(u, "7") == pytest.approx((100 + 200) / 2)
        # CQS = 185 + 150 = 335
        assert res.score(u, "CQS") == pytest.approx(35 + 45 + 35 + 30 + 40 + 150)
    assert not math.isnan(res.score("u3", "TOTAL"))
