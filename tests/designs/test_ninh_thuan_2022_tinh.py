"""Ninh Thuận 2022, province level (seed 003_da5bc96585bd91bd.txt): Kế hoạch 4233/KH-UBND of
28/09/2022, Phụ lục 2 = the national province-level DTI framework (Quyết định 922/QĐ-BTTTT)
with the responsible and co-operating agency of every component.

Every expected score is computed by hand from the method text quoted in the test.
Relative components (Min-Max, share of the best) are scored over three provinces scored
together in one call.
"""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from conftest import seed_path

from dti_kit import load_design, score_units

DESIGN_ID = "ninh-thuan-2022-tinh"
SEED_NAME = "003_da5bc96585bd91bd.txt"

# code, name as printed, group, max points, scored, number of components listed
INDICATORS = [
    ("I", "NHẬN THỨC SỐ", "foundation", 100, True, 10),
    ("II", "THỂ CHẾ SỐ", "foundation", 100, True, 11),
    ("III", "HẠ TẦNG SỐ", "foundation", 100, True, 7),
    ("IV", "NHÂN LỰC SỐ", "foundation", 100, True, 13),
    ("V", "AN TOÀN THÔNG TIN MẠNG", "foundation", 100, True, 12),
    ("VI", "HOẠT ĐỘNG CHÍNH QUYỀN SỐ", "activity", 200, True, 22),
    ("VII", "HOẠT ĐỘNG KINH TẾ SỐ", "activity", 150, True, 12),
    ("VIII", "HOẠT ĐỘNG XÃ HỘI SỐ", "activity", 150, True, 8),
    ("IX", "ĐÔ THỊ THÔNG MINH", "foundation", 0, False, 3),
]


@pytest.fixture(scope="module")
def design():
    return load_design(DESIGN_ID)


def score(design, code, units: dict[str, dict]):
    """Score one component for several units: units = {unit_id: {variable: value}}."""
    rows = [
        {"unit_id": u, "code": code, "variable": var, "value": val}
        for u, inputs in units.items()
        for var, val in inputs.items()
    ]
    return score_units(design, pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"]), require_complete=False)


def one(design, code, **inputs) -> float:
    return score(design, code, {"nt": inputs}).score("nt", code)


# ---------------------------------------------------------------------------------------------
# structure
# ---------------------------------------------------------------------------------------------


def test_header(design):
    assert design.scale == 1000
    assert design.detail == "full"
    assert design.level == "tinh"
    assert design.index_value == "value"
    assert design.source.number == "4233/KH-UBND"
    assert design.source.date == dt.date(2022, 9, 28)
    assert design.source.issuer == "Ủy ban nhân dân tỉnh Ninh Thuận"
    assert design.source.seed == SEED_NAME


def test_main_indicators(design):
    got = [(m.code, m.name, m.group, m.max_points, m.scored, len(m.all_components())) for m in design.main_indicators]
    assert got == [(c, n, g, float(p), s, k) for c, n, g, p, s, k in INDICATORS]
    assert len(design.components()) == 98
    assert sum(m.max_points for m in design.main_indicators if m.scored) == 1000


def test_components_sum_to_indicator(design):
    for m in design.main_indicators:
        assert sum(c.max_points for c in m.all_components()) == m.max_points, m.code


def test_component_codes_in_printed_order(design):
    for i, m in enumerate(design.main_indicators, start=1):
        codes = [c.code for c in m.all_components()]
        assert codes == [f"{i}.{k}" for k in range(1, len(codes) + 1)]


def test_5_12_is_a_sum_of_six(design):
    """5.12 'Tổng kinh phí chi cho an toàn thông tin (ATTT)', 15 điểm: "Cộng điểm từ 5.12.1 - 5.12.6"."""
    c = design.node("5.12")
    assert c.rule.kind == "sum"
    assert c.max_points == 15
    assert [(s.code, s.max_points) for s in c.subcomponents] == [
        ("5.12.1", 5), ("5.12.2", 2), ("5.12.3", 2), ("5.12.4", 2), ("5.12.5", 2), ("5.12.6", 2)]
    assert sum(s.max_points for s in c.subcomponents) == 15


def test_pillars(design):
    """Pillar = foundation group (I–V = 5 × 100 = 500; IX Đô thị thông minh scores 0) + activity."""
    foundation = sum(m.max_points for m in design.main_indicators if m.group == "foundation" and m.scored)
    assert foundation == 100 + 100 + 100 + 100 + 100 == 500
    assert design.node("IX").max_points == 0 and not design.node("IX").scored
    pillars = {p.code: p for p in design.pillars}
    assert {k: (p.activity, p.max_points) for k, p in pillars.items()} == {
        "CQS": ("VI", 500 + 200), "KTS": ("VII", 500 + 150), "XHS": ("VIII", 500 + 150)}
    for p in design.pillars:
        assert p.max_points == foundation + design.node(p.activity).max_points


def test_agencies(design):
    """Every component names its cơ quan phụ trách; spot checks of both columns."""
    for c in design.components():
        assert c.responsible, c.code
    assert (design.node("1.1").responsible, design.node("1.1").cooperating) == ("Sở TTTT", "VP Tỉnh ủy, VP UBND tỉnh")
    assert (design.node("1.4").responsible, design.node("1.4").cooperating) == ("Sở TTTT", "")  # printed "-"
    assert (design.node("6.20").responsible, design.node("6.20").cooperating) == ("Sở Nội vụ", "Sở TTTT")
    assert (design.node("7.9").responsible, design.node("7.9").cooperating) == ("Sở Công Thương", "Sở NNPTNT, Sở TTTT")
    assert (design.node("8.2").responsible, design.node("8.2").cooperating) == (
        "Ngân hàng Nhà nước chi nhánh Ninh Thuận", "Các ngân hàng thương mại trên địa bàn tỉnh")
    assert (design.node("9.3").responsible, design.node("9.3").cooperating) == ("Sở Xây dựng", "Sở TTTT")
    assert (design.node("5.12").responsible, design.node("5.12").cooperating) == ("Sở TTTT", "Sở Tài chính, Sở KH&ĐT")


def test_general_info(design):
    gi = {f.code: f for f in design.general_info}
    assert list(gi) == [str(i) for i in range(1, 21)]
    assert (gi["4"].name, gi["4"].supplier) == ("Số lượng dân số", "Cục Thống kê")
    assert (gi["11"].name, gi["11"].supplier) == ("Số lượng công chức", "Sở Nội vụ")
    assert (gi["18"].name, gi["18"].supplier) == ("Số lượng điểm phục vụ bưu chính", "Bưu điện tỉnh")
    assert gi["20"].supplier == "VP UBND tỉnh (Trung tâm PVHCC)"
    assert all(f.supplier for f in gi.values())


def test_baseline_and_targets(design):
    """Intro: "Chỉ số DTI tỉnh Ninh Thuận đạt 0,3048 ... xếp thứ 53/63 ... Chính quyền số đạt 0,3512
    ... xếp thứ 47/63 ...; Kinh tế số đạt 0,3393 ... xếp thứ 47/63 ...; Xã hội số đạt 0,3220 ...
    xếp thứ 49/63"."""
    b = design.metadata["baseline_2021"]
    assert (b["dti"]["value"], b["dti"]["rank"], b["dti"]["of"]) == (0.3048, 53, 63)
    assert {k: (v["value"], v["rank"]) for k, v in b["pillars"].items()} == {
        "CQS": (0.3512, 47), "KTS": (0.3393, 47), "XHS": (0.3220, 49)}
    text = " ".join(seed_path(SEED_NAME).read_text(encoding="utf-8").split())
    targets = design.metadata["targets_2022"]
    assert len(targets) == 11
    codes = set(design.codes())
    for t in targets:
        assert t["text"] in text
        assert t["code"] is None or t["code"] in codes
    assert {t["code"]: t["target"] for t in targets if t["code"]}["6.12"] == 0.60


def test_policy_and_errata(design):
    assert design.na_policy.method == "zero"
    assert tuple(design.na_policy.applies_to) == ()
    errata = {e.id: e for e in design.errata}
    assert errata["6.13-stray-1"].code == "6.13"
    assert "na-policy-not-stated" in errata
    for code in ("4.5", "4.6", "4.11", "5.1", "5.9", "5.10", "8.6", "8.7"):
        r = design.node(code).rule
        assert (r.kind, r.method) == ("relative", "min_max"), code
        assert any(e.code == code for e in design.errata), code
    assert (design.node("7.10").rule.kind, design.node("7.10").rule.method) == ("relative", "share_of_best")
    assert any(e.code == "7.10" for e in design.errata)
    for code in ("9.1", "9.2", "9.3"):
        assert design.node(code).max_points == 0


def test_methods_verbatim(design):
    """Every method text appears in the seed (line breaks aside)."""
    text = " ".join(seed_path(SEED_NAME).read_text(encoding="utf-8").split())
    for c in design.leaves():
        assert " ".join(c.method.split()) in text, c.code


# ---------------------------------------------------------------------------------------------
# scoring, one hand-computed case per rule kind (and boundaries)
# ---------------------------------------------------------------------------------------------


def test_choice_1_1(design):
    """1.1 (10 đ): "- Trưởng ban là Bí thư/Chủ tịch tỉnh: Điểm tối đa - Trưởng ban là Phó Bí
    thư/Phó Chủ tịch tỉnh: 1/2*Điểm tối đa; - Chưa có Ban chỉ đạo ...: 0 điểm"."""
    r = score(design, "1.1", {"a": {"value": "bi_thu_chu_tich"}, "b": {"value": "pho_bi_thu_pho_chu_tich"}, "c": {"value": "chua_co"}})
    assert r.score("a", "1.1") == pytest.approx(10)
    assert r.score("b", "1.1") == pytest.approx(0.5 * 10)
    assert r.score("c", "1.1") == pytest.approx(0)


def test_parts_1_2(design):
    """1.2 (10 đ): "- Bí thư/Chủ tịch tham gia đầy đủ các phiên họp của UBQG về Chuyển đổi số:
    1/2 * Điểm tối đa - Bí thư/Chủ tịch chủ trì các cuộc họp về CĐS của tỉnh: 1/2 * Điểm tối đa"."""
    r = score(design, "1.2", {"a": {"p1": 1, "p2": 1}, "b": {"p1": 0, "p2": 1}, "c": {"p1": 0, "p2": 0}})
    assert r.score("a", "1.2") == pytest.approx(5 + 5)
    assert r.score("b", "1.2") == pytest.approx(0 + 5)
    assert r.score("c", "1.2") == pytest.approx(0)


def test_parts_with_nested_choice_3_5(design):
    """3.5 (30 đ): "1. Triển khai - Đã triển khai ... đạt tiêu chuẩn ...: 1/2*Điểm tối đa; - Đã
    triển khai ... nhưng chưa đạt tiêu chuẩn: 1/4* Điểm tối đa; ... 2. Kết nối Nền tảng điện toán
    đám mây Chính phủ - Kết nối ...: 1/2*Điểm tối đa"."""
    r = score(design, "3.5", {
        "a": {"p1": "dat_tieu_chuan", "p2": 1},
        "b": {"p1": "chua_dat_tieu_chuan", "p2": 1},
        "c": {"p1": "chua_trien_khai", "p2": 0},
    })
    assert r.score("a", "3.5") == pytest.approx(30 / 2 + 30 / 2)
    assert r.score("b", "3.5") == pytest.approx(30 / 4 + 30 / 2)
    assert r.score("c", "3.5") == pytest.approx(0)


def test_parts_ratio_zero_denominator_3_6(design):
    """3.6 (20 đ): "1. ... b=Số lượng nền tảng số tối thiểu theo danh mục yêu cầu (7); Điểm=Tỷ lệ*
    1/2*Điểm tối đa 2. ... Tỷ lệ=c/d; Điểm=Tỷ lệ* 1/2*Điểm tối đa"; erratum: d = 0 → 0."""
    assert one(design, "3.6", a=5, b=7, c=2, d=5) == pytest.approx(5 / 7 * 10 + 2 / 5 * 10)
    assert one(design, "3.6", a=0, b=7, c=0, d=0) == pytest.approx(0)


def test_ratio_1_3(design):
    """1.3 (10 đ): "- Tỷ lệ=a/b - Điểm=Tỷ lệ*Điểm tối đa"."""
    assert one(design, "1.3", a=3, b=4) == pytest.approx(3 / 4 * 10)


def test_ratio_sums_6_11(design):
    """6.11 (10 đ): "- Tỷ lệ=(c+d)/(a+b) - Điểm=Tỷ lệ*Điểm tối đa"."""
    assert one(design, "6.11", a=100, b=50, c=40, d=20) == pytest.approx((40 + 20) / (100 + 50) * 10)


def test_ratio_stray_one_6_13(design):
    """6.13 (5 đ): "- Tỷ lệ=(a+b)/(c+d); - Điểm=Tỷ lệ 1*Điểm tối đa" (stray 1: ratio × max)."""
    assert one(design, "6.13", a=30, b=10, c=80, d=20) == pytest.approx((30 + 10) / (80 + 20) * 5)


def test_ratio_zero_denominator_choices(design):
    """5.5 (5 đ) "b= Số lượng địa chỉ IP public phát hiện có kết nối mạng IP botnet ..." and
    3.7 (10 đ) "b=Số lượng nền tảng số dùng chung đã triển khai": errata say b = 0 → max / → 0."""
    assert one(design, "5.5", a=0, b=0) == pytest.approx(5)
    assert one(design, "5.5", a=3, b=4) == pytest.approx(3 / 4 * 5)
    assert one(design, "3.7", a=0, b=0) == pytest.approx(0)


def test_yes_no_2_1(design):
    """2.1 (5 đ): "- Đã ban hành: Điểm tối đa - Chưa ban hành: 0 điểm"."""
    r = score(design, "2.1", {"a": {"value": 1}, "b": {"value": 0}})
    assert r.score("a", "2.1") == pytest.approx(5)
    assert r.score("b", "2.1") == pytest.approx(0)


@pytest.mark.parametrize("count, gate, expected", [
    (25, 1, 10), (20, 1, 10), (19, 1, 0.5 * 10), (10, 1, 0.5 * 10), (9, 1, 0.25 * 10), (0, 1, 0.25 * 10), (25, 0, 0),
])
def test_tiers_on_count_with_gate_1_5(design, count, gate, expected):
    """1.5 (10 đ): "- Đã có chuyên mục và số lượng tin, bài về Chuyển đổi số trong năm đạt: + Từ 20
    trở lên: điểm tối đa; + Từ 10 đến 19: 1/2 *Điểm tối đa; + Dưới 10: 1/4* Điểm tối đa; - Chưa có
    chuyên mục: 0 điểm"."""
    assert one(design, "1.5", value=count, co_chuyen_muc=gate) == pytest.approx(expected)


@pytest.mark.parametrize("a, b, expected", [
    (10, 100, 5), (7, 100, 0.7 * 5), (6.9, 100, 0.3 * 5), (3, 100, 0.3 * 5), (2.9, 100, 0),
])
def test_tiers_on_ratio_5_12_1(design, a, b, expected):
    """5.12.1 (5 đ): "- Tỷ lệ=(a+b)/c; Thang điểm: Mức 1 ≥ 10 % (điểm tối đa) Mức 2 ≥ 7% (70% điểm)
    Mức 3 ≥ 3% (30% điểm) Mức 4 <3% (0 điểm)" (a is given, b = 0, c = 100)."""
    assert one(design, "5.12.1", a=a, b=0, c=b) == pytest.approx(expected)


@pytest.mark.parametrize("amount, expected", [
    (2, 2), (1.99, 0.7 * 2), (1, 0.7 * 2), (0.5, 0.3 * 2), (0.49, 0),
])
def test_tiers_on_amount_5_12_2(design, amount, expected):
    """5.12.2 (2 đ): "Mức 1: ≥ 2 tỷ: 100% điểm phần này. Mức 2: ≥ 1 tỷ: 70% điểm phần này. Mức 3:
    ≥ 0,5 tỷ: 30% điểm phần này Mức 4: < 0,5 tỷ: 0% điểm phần này"."""
    assert one(design, "5.12.2", value=amount) == pytest.approx(expected)


def test_sum_5_12(design):
    """5.12 (15 đ): "Cộng điểm từ 5.12.1 - 5.12.6"."""
    rows = [
        ("5.12.1", "a", 4), ("5.12.1", "b", 4), ("5.12.1", "c", 100),  # 8 % → Mức 2: 0.7 × 5
        ("5.12.2", "value", 2.5),   # ≥ 2 tỷ → 2
        ("5.12.3", "value", 1),     # ≥ 1 tỷ → 0.7 × 2
        ("5.12.4", "value", 0.5),   # ≥ 0,5 tỷ → 0.3 × 2
        ("5.12.5", "value", 0.2),   # < 0,5 tỷ → 0
        ("5.12.6", "value", 0),     # → 0
    ]
    df = pd.DataFrame([{"unit_id": "nt", "code": c, "variable": v, "value": x} for c, v, x in rows])
    r = score_units(design, df, require_complete=False)
    expected = 0.7 * 5 + 2 + 0.7 * 2 + 0.3 * 2 + 0 + 0
    assert r.score("nt", "5.12") == pytest.approx(expected)
    assert r.score("nt", "5.12.1") == pytest.approx(0.7 * 5)


@pytest.mark.parametrize("a, expected", [(100, 10), (99, 0)])
def test_all_or_nothing_6_8(design, a, expected):
    """6.8 (10 đ): "- Tỷ lệ=a/b - Điểm= + Tỷ lệ=100%: Điểm tối đa; + Tỷ lệ<100%: 0 điểm"."""
    assert one(design, "6.8", a=a, b=100) == pytest.approx(expected)


@pytest.mark.parametrize("a, expected", [(60, 5), (50, 5), (49, 0.49 / 0.5 * 5), (20, 0.2 / 0.5 * 5)])
def test_ratio_target_4_9(design, a, expected):
    """4.9 (5 đ): "- Tỷ lệ=a/b; - Điểm=Tỷ lệ/50%*Điểm tối đa" (capped at max, erratum 4.9-no-cap)."""
    assert one(design, "4.9", a=a, b=100) == pytest.approx(expected)


@pytest.mark.parametrize("b, c, expected", [(50, 30, 20), (40, 39, 0.79 / 0.8 * 20), (20, 20, 0.4 / 0.8 * 20)])
def test_ratio_target_6_12(design, b, c, expected):
    """6.12 (20 đ): "- Tỷ lệ=(b+c)/a - Điểm= + Tỷ lệ>=80%: Điểm tối đa; + Tỷ lệ<80%: Tỷ
    lệ/80%*Điểm tối đa" (a = 100)."""
    assert one(design, "6.12", a=100, b=b, c=c) == pytest.approx(expected)


def test_ratio_target_overlap_8_2(design):
    """8.2 (20 đ): "+ Tỷ lệ>=80%: Điểm tối đa; + Tỷ lệ<=80%: Tỷ lệ/80%*Điểm tối đa" — at exactly
    80 % both branches give 20."""
    assert one(design, "8.2", a=80, b=100) == pytest.approx(20)
    assert one(design, "8.2", a=60, b=100) == pytest.approx(0.6 / 0.8 * 20)


@pytest.mark.parametrize("a, expected", [(90, 5), (80, 5), (79, 0.79 * 5), (10, 0.1 * 5)])
def test_floor_cap_4_12(design, a, expected):
    """4.12 (5 đ): "- Tỷ lệ ≥80%: điểm tối đa; - Tỷ lệ < 80%: Điểm=Tỷ lệ*Điểm tối đa"."""
    assert one(design, "4.12", a=a, b=100) == pytest.approx(expected)


@pytest.mark.parametrize("a, expected", [(25, 20), (20, 20), (19, 0.19 * 20), (5, 0.05 * 20)])
def test_floor_cap_7_1(design, a, expected):
    """7.1 (20 đ): "Tỷ lệ ≥ 20%: điểm tối đa Tỷ lệ < 20%: điểm = điểm tối đa * tỷ lệ" (b = 100)."""
    assert one(design, "7.1", a=a, b=100) == pytest.approx(expected)


def test_floor_cap_7_3_percent_sign_lost(design):
    """7.3 (10 đ): "Tỷ lệ ≥ 10%: điểm tối đa Tỷ lệ < 10: điểm = điểm tối đa * tỷ lệ" (read as 10 %)."""
    assert one(design, "7.3", a=10, b=100) == pytest.approx(10)
    assert one(design, "7.3", a=9, b=100) == pytest.approx(0.09 * 10)


def test_floor_cap_budget_7_11(design):
    """7.11 (10 đ): "Tỷ lệ ≥ 0.25%: điểm tối đa Tỷ lệ <0.25%: điểm = Điểm tối đa * tỷ lệ"."""
    assert one(design, "7.11", a=25, b=10000) == pytest.approx(10)
    assert one(design, "7.11", a=20, b=10000) == pytest.approx(0.002 * 10)


def test_per_item_6_21(design):
    """6.21 (10 đ): "- Mỗi hoạt động nghiệp vụ quản lý nhà nước có ứng dụng AI ...: 1 điểm; - Tổng
    điểm không quá Điểm tối đa."""
    assert one(design, "6.21", value=3) == pytest.approx(3 * 1)
    assert one(design, "6.21", value=10) == pytest.approx(10)
    assert one(design, "6.21", value=14) == pytest.approx(10)


def test_per_item_8_8(design):
    """8.8 (20 đ): "- Mỗi hoạt động hiệu quả: 1 điểm; - Tổng điểm không quá Điểm tối đa"."""
    assert one(design, "8.8", value=7) == pytest.approx(7)
    assert one(design, "8.8", value=25) == pytest.approx(20)


def test_constant_smart_city_9_1(design):
    """9.1 (0 đ): "Không tính điểm"."""
    r = score_units(design, pd.DataFrame([{"unit_id": "nt", "code": "1.3", "variable": "a", "value": 1},
                                          {"unit_id": "nt", "code": "1.3", "variable": "b", "value": 1}]),
                    require_complete=False)
    assert r.score("nt", "9.1") == pytest.approx(0)


def test_min_max_ratio_4_5(design):
    """4.5 (10 đ): "- Tỷ lệ=(a+b+c+d)/(e+f); - Tính điểm theo phương pháp Min-Max dựa vào tỷ lệ cao
    nhất thì điểm tối đa và giảm dần". Three provinces: 2 %, 5 %, 8 % → 0, (5−2)/(8−2) × 10, 10."""
    r = score(design, "4.5", {
        "p1": {"a": 1, "b": 1, "c": 0, "d": 0, "e": 50, "f": 50},   # 2/100 = 0.02
        "p2": {"a": 2, "b": 1, "c": 1, "d": 1, "e": 40, "f": 60},   # 5/100 = 0.05
        "p3": {"a": 4, "b": 2, "c": 1, "d": 1, "e": 30, "f": 70},   # 8/100 = 0.08
    })
    assert r.score("p1", "4.5") == pytest.approx(0)
    assert r.score("p2", "4.5") == pytest.approx((0.05 - 0.02) / (0.08 - 0.02) * 10)
    assert r.score("p3", "4.5") == pytest.approx(10)


def test_min_max_count_5_1(design):
    """5.1 (10 đ): "Tính điểm theo phương pháp Min-Max dựa vào đơn vị nào nhiều hệ thống thông tin
    đã được phê duyệt hồ sơ đề xuất cấp độ nhất thì điểm tối đa và giảm dần". 4, 10, 16 systems."""
    r = score(design, "5.1", {"p1": {"value": 4}, "p2": {"value": 10}, "p3": {"value": 16}})
    assert r.score("p1", "5.1") == pytest.approx(0)
    assert r.score("p2", "5.1") == pytest.approx((10 - 4) / (16 - 4) * 10)
    assert r.score("p3", "5.1") == pytest.approx(10)


def test_min_max_amount_8_6(design):
    """8.6 (20 đ): "Tính điểm theo phương pháp Min-Max dựa vào tỷ lệ của tỉnh với tỉnh chi cao nhất
    ... Đơn vị tỷ đồng". 1, 2.5 and 4 tỷ đồng."""
    r = score(design, "8.6", {"p1": {"value": 1}, "p2": {"value": 2.5}, "p3": {"value": 4}})
    assert r.score("p1", "8.6") == pytest.approx(0)
    assert r.score("p2", "8.6") == pytest.approx((2.5 - 1) / (4 - 1) * 20)
    assert r.score("p3", "8.6") == pytest.approx(20)


def test_min_max_all_equal_5_9(design):
    """5.9 (5 đ) Min-Max with every province equal (or one province alone): max (erratum)."""
    r = score(design, "5.9", {"p1": {"value": 2}, "p2": {"value": 2}, "p3": {"value": 2}})
    assert [r.score(p, "5.9") for p in ("p1", "p2", "p3")] == pytest.approx([5, 5, 5])


def test_share_of_best_7_10(design):
    """7.10 (10 đ): "Tỷ lệ = a/b - Địa phương có tỷ lệ cao nhất: điểm tối đa - Các địa phương còn
    lại: điểm = tỷ lệ của địa phương/tỷ lệ của địa phương cao nhất * điểm tối đa".
    Ratios 0.2, 0.5, 1.2 (more domains than enterprises) → 0.2/1.2 × 10, 0.5/1.2 × 10, 10."""
    r = score(design, "7.10", {"p1": {"a": 200, "b": 1000}, "p2": {"a": 500, "b": 1000}, "p3": {"a": 1200, "b": 1000}})
    assert r.score("p1", "7.10") == pytest.approx(0.2 / 1.2 * 10)
    assert r.score("p2", "7.10") == pytest.approx(0.5 / 1.2 * 10)
    assert r.score("p3", "7.10") == pytest.approx(10)
