"""Hòa Bình 2023, cấp Xã (Phụ lục IV of Decision 1153/QĐ-UBND of 01/06/2023).

Every expected score below is computed by hand from the method text quoted next to it.
"""
from __future__ import annotations

import pytest
from conftest import one, run

from dti_kit import load_design
from dti_kit.errors import InputError

DESIGN_ID = "hoa-binh-2023-xa"


@pytest.fixture(scope="module")
def design():
    return load_design(DESIGN_ID)


# --------------------------------------------------------------------------- structure

def test_identity_and_source(design):
    assert design.id == DESIGN_ID
    assert design.province == "Hòa Bình"
    assert design.year == 2023
    assert design.level == "xa"
    assert design.level_name == "cấp Xã"
    assert design.unit_kind == "UBND các xã, phường, thị trấn"
    assert design.source.number == "1153/QĐ-UBND"
    assert str(design.source.date) == "2023-06-01"
    assert design.source.part == "Phụ lục IV"
    assert design.source.seed == "000_1e8ff679e60961d5.txt"
    assert design.detail == "full"
    assert design.index_value == "points"


def test_scale_and_main_indicators(design):
    # Mục IV.3 table: 100, 100, 120, 100, 100, 280, 100, 100 = 1.000
    assert design.scale == 1000
    expected = [
        ("1", "Nhận thức số", 100, 6, "foundation"),
        ("2", "Thể chế số", 100, 5, "foundation"),
        ("3", "Hạ tầng số", 120, 10, "foundation"),
        ("4", "Nhân lực số", 100, 4, "foundation"),
        ("5", "An toàn thông tin mạng", 100, 4, "foundation"),
        ("6", "Hoạt động chính quyền số", 280, 9, "activity"),
        ("7", "Hoạt động kinh tế số", 100, 6, "activity"),
        ("8", "Hoạt động xã hội số", 100, 4, "activity"),
    ]
    got = [
        (m.code, m.name, m.max_points, len(m.all_components()), m.group)
        for m in design.main_indicators
    ]
    assert got == expected
    for m in design.main_indicators:
        assert m.scored
        assert m.stated_components == len(m.all_components())
        assert sum(c.max_points for c in m.all_components()) == pytest.approx(m.max_points)
    assert sum(m.max_points for m in design.main_indicators) == 1000


def test_component_count_48(design):
    # Điều 1.3: "08 chỉ số chính, 48 chỉ số thành phần" (Mục IV.3 also says 49: erratum)
    assert len(design.components()) == 48
    assert design.stated_components == 48
    ids = {e.id for e in design.errata}
    assert "component-count-48-or-49" in ids
    assert "iv3-level-named-huyen" in ids


def test_component_codes_in_order(design):
    codes = [c.code for c in design.components()]
    assert codes == (
        [f"1.{i}" for i in range(1, 7)]
        + [f"2.{i}" for i in range(1, 6)]
        + [f"3.{i}" for i in range(1, 11)]
        + [f"4.{i}" for i in range(1, 5)]
        + [f"5.{i}" for i in range(1, 5)]
        + [f"6.{i}" for i in range(1, 10)]
        + [f"7.{i}" for i in range(1, 7)]
        + [f"8.{i}" for i in range(1, 5)]
    )


def test_some_max_points(design):
    mp = {c.code: c.max_points for c in design.components()}
    assert mp["3.10"] == 20
    assert mp["4.1"] == 30 and mp["4.3"] == 30
    assert mp["5.3"] == 40
    assert mp["6.3"] == 40 and mp["6.4"] == 40 and mp["6.5"] == 25 and mp["6.9"] == 30
    assert mp["8.1"] == 40


def test_na_policy(design):
    assert design.na_policy.method == "proportional"
    assert tuple(design.na_policy.applies_to) == ("6.3", "6.4")
    assert "Điểm chỉ số thành phần liên quan DVCTT thực hiện đánh giá = (Tổng điểm thực tế đạt được" in design.na_policy.source


def test_general_info(design):
    gi = {f.code: f for f in design.general_info}
    assert list(gi) == [f"1.{i}" for i in range(1, 17)]
    assert gi["1.4"].unit == "Người"
    assert gi["1.6"].unit == "Hộ"
    assert gi["1.7"].unit == "Xã"  # as printed (erratum general-info-1-7-1-8-same-count)
    assert gi["1.8"].unit == "Thôn"
    assert gi["1.11"].unit == "Máy trạm"
    assert gi["1.15"].unit == "Triệu đồng" and gi["1.16"].unit == "Triệu đồng"
    assert gi["1.1"].unit == ""


def test_known_errata_present(design):
    by_id = {e.id: e for e in design.errata}
    for eid, code in [
        ("1-3-plus-sign-lost", "1.3"),
        ("3-9-plus-sign-lost", "3.9"),
        ("3-9-wifi-cap-not-multiple", "3.9"),
        ("3-5-open-boundary-75", "3.5"),
        ("1-5-exactly-4", "1.5"),
        ("4-4-gap-69-70", "4.4"),
        ("6-2-tren-20-tro-len", "6.2"),
        ("6-9-budget-denominator-cap-so", "6.9"),
        ("general-info-1-7-1-8-same-count", None),
    ]:
        assert by_id[eid].code == code


# --------------------------------------------------------------------------- rule kinds

def test_choice_1_1(design):
    """Xã 1.1 (20): "- Trưởng ban là Bí thư/Chủ tịch UBND cấp Xã: Điểm tối đa
    - Trưởng ban là Phó Bí thư/Phó Chủ tịch UBND các xã, phường, thị trấn: 1/2*Điểm tối đa;
    - Chưa có Ban chỉ đạo hoặc có nhưng Trưởng ban không phải Lãnh đạo UBND …: 0 điểm" """
    r = one(design, "1.1", {
        "u1": {"value": "bi-thu-chu-tich"},
        "u2": {"value": "pho-bi-thu-pho-chu-tich"},
        "u3": {"value": "chua-co"},
    })
    assert r.score("u1", "1.1") == pytest.approx(20)
    assert r.score("u2", "1.1") == pytest.approx(0.5 * 20)
    assert r.score("u3", "1.1") == pytest.approx(0)


def test_ratio_1_2_and_zero_meetings(design):
    """Xã 1.2 (20): "a= Số cuộc họp CĐS … có Bí thư/Chủ tịch … chủ trì; b= Tổng số cuộc họp CĐS
    …; Điểm= (a/b)*Điểm tối đa". No meeting (b = 0) scores 0 (erratum 1-2-no-meeting)."""
    r = one(design, "1.2", {
        "u1": {"a": 3, "b": 4},
        "u2": {"a": 0, "b": 0},
        "u3": {"a": 5, "b": 5},
    })
    assert r.score("u1", "1.2") == pytest.approx(3 / 4 * 20)
    assert r.score("u2", "1.2") == pytest.approx(0)
    assert r.score("u3", "1.2") == pytest.approx(20)


def test_ratio_3_1_and_7_6(design):
    """Xã 3.1 (20): "a= Số lượng CBCC được trang bị máy tính b= Tổng số CBCC Điểm =(a/b)*Điểm tối đa";
    Xã 7.6 (20): "- Tỷ lệ = a/b. - Điểm = Tỷ lệ*Điểm tối đa." """
    r = run(design, {"u1": {"3.1": {"a": 12, "b": 16}, "7.6": {"a": 1, "b": 3}}})
    assert r.score("u1", "3.1") == pytest.approx(12 / 16 * 20)
    assert r.score("u1", "7.6") == pytest.approx(1 / 3 * 20)


def test_ratio_zero_denominator_is_bad_input_7_4(design):
    """Xã 7.4: "b = Tổng số Doanh nghiệp; Điểm = (a/b)*Điểm tối đa" — b = 0 gives no score
    (erratum 7-no-enterprise-or-product): the design treats it as bad input."""
    with pytest.raises(InputError):
        one(design, "7.4", {"u1": {"a": 0, "b": 0}})


def test_yes_no_1_4_and_8_4(design):
    """Xã 1.4 (10): "- Đã có: Điểm tối đa; - Chưa có: 0 điểm";
    Xã 8.4 (20): "- Có: Điểm tối đa - Không: 0 điểm" """
    r = run(design, {
        "u1": {"1.4": {"value": 1}, "8.4": {"value": 1}},
        "u2": {"1.4": {"value": 0}, "8.4": {"value": 0}},
    })
    assert r.score("u1", "1.4") == pytest.approx(10)
    assert r.score("u2", "1.4") == pytest.approx(0)
    assert r.score("u1", "8.4") == pytest.approx(20)
    assert r.score("u2", "8.4") == pytest.approx(0)


def test_tiers_value_1_5_broadcasts(design):
    """Xã 1.5 (10): "- Tần suất phát sóng 4 lần/1 tháng: Điểm tối đa; - Tần suất phát sóng từ 2-3
    lần/1 tháng: 1/2*Điểm tối đa; - Tần suất phát sóng dưới 2 lần/1 tháng: 0 điểm".
    Erratum 1-5-exactly-4: 4 or more → max."""
    r = one(design, "1.5", {
        "n5": {"value": 5}, "n4": {"value": 4}, "n3": {"value": 3},
        "n2": {"value": 2}, "n1": {"value": 1}, "n0": {"value": 0},
    })
    assert r.score("n5", "1.5") == pytest.approx(10)
    assert r.score("n4", "1.5") == pytest.approx(10)
    assert r.score("n3", "1.5") == pytest.approx(0.5 * 10)
    assert r.score("n2", "1.5") == pytest.approx(0.5 * 10)
    assert r.score("n1", "1.5") == pytest.approx(0)
    assert r.score("n0", "1.5") == pytest.approx(0)


def test_tiers_value_3_8_cameras(design):
    """Xã 3.8 (10): "- Từ 10 camera trở lên: điểm tối đa. - Từ 5 đến 9 camera: 1/2*Điểm tối đa.
    - Từ 1 đến 4 camera: 1/4*Điểm tối đa. - Chưa có: 0 điểm." """
    r = one(design, "3.8", {f"c{n}": {"value": n} for n in (12, 10, 9, 5, 4, 1, 0)})
    assert r.score("c12", "3.8") == pytest.approx(10)
    assert r.score("c10", "3.8") == pytest.approx(10)
    assert r.score("c9", "3.8") == pytest.approx(0.5 * 10)
    assert r.score("c5", "3.8") == pytest.approx(0.5 * 10)
    assert r.score("c4", "3.8") == pytest.approx(0.25 * 10)
    assert r.score("c1", "3.8") == pytest.approx(0.25 * 10)
    assert r.score("c0", "3.8") == pytest.approx(0)


def test_tiers_value_6_2_articles(design):
    """Xã 6.2 (40): "- Trên 20 tin, bài/năm trở lên: điểm tối đa - Từ 10 đến 19 tin bài/năm:
    1/2*điểm tối đa - Từ 5 đến 9 tin bài/năm: 1/4*điểm tối đa - Dưới 5 tin bài/năm: 0 điểm".
    Erratum 6-2-tren-20-tro-len: exactly 20 → max."""
    r = one(design, "6.2", {f"t{n}": {"value": n} for n in (21, 20, 19, 10, 9, 5, 4)})
    assert r.score("t21", "6.2") == pytest.approx(40)
    assert r.score("t20", "6.2") == pytest.approx(40)
    assert r.score("t19", "6.2") == pytest.approx(0.5 * 40)
    assert r.score("t10", "6.2") == pytest.approx(0.5 * 40)
    assert r.score("t9", "6.2") == pytest.approx(0.25 * 40)
    assert r.score("t5", "6.2") == pytest.approx(0.25 * 40)
    assert r.score("t4", "6.2") == pytest.approx(0)


def test_tiers_ratio_4_4_schools(design):
    """Xã 4.4 (20): "Tỷ lệ >70%: điểm tối đa; Tỷ lệ từ 50% đến 69%: 1/2* điểm tối đa;
    Tỷ lệ < 50%: không có điểm". Erratum 4-4-gap-69-70: exactly 70 % → 1/2."""
    r = one(design, "4.4", {f"s{a}": {"a": a, "b": 100} for a in (71, 70, 69, 50, 49)})
    assert r.score("s71", "4.4") == pytest.approx(20)
    assert r.score("s70", "4.4") == pytest.approx(0.5 * 20)
    assert r.score("s69", "4.4") == pytest.approx(0.5 * 20)
    assert r.score("s50", "4.4") == pytest.approx(0.5 * 20)
    assert r.score("s49", "4.4") == pytest.approx(0)


def test_parts_choice_and_tiers_1_3(design):
    """Xã 1.3 (20): "(1) Điểm Chuyên mục: Có chuyên mục riêng: 1/2*Điểm tối đa Liên kết về Trang
    chuyển đổi số của tỉnh (chuyendoiso.hoabinh.gov.vn): 1/4*Điểm tối đa Chưa có chuyên mục riêng:
    0 điểm (2) Số lượng tin bài: Từ 12 tin, bài trở lên: 1/2*Điểm tối đa Từ 6 đến 11 tin, bài:
    1/4*Điểm tối đa Dưới 6 tin, bài: không có điểm - Điểm=(1) (2)" ('+' lost: (1) + (2))."""
    r = one(design, "1.3", {
        "u1": {"p1": "co-chuyen-muc-rieng", "p2": 12},
        "u2": {"p1": "lien-ket-trang-cds-tinh", "p2": 11},
        "u3": {"p1": "chua-co", "p2": 6},
        "u4": {"p1": "chua-co", "p2": 5},
        "u5": {"p1": "co-chuyen-muc-rieng", "p2": 0},
    })
    assert r.score("u1", "1.3") == pytest.approx(20 / 2 + 20 / 2)
    assert r.score("u2", "1.3") == pytest.approx(20 / 4 + 20 / 4)
    assert r.score("u3", "1.3") == pytest.approx(0 + 20 / 4)
    assert r.score("u4", "1.3") == pytest.approx(0 + 0)
    assert r.score("u5", "1.3") == pytest.approx(20 / 2 + 0)


def test_parts_yes_no_and_per_item_3_9_wifi(design):
    """Xã 3.9 (10): "(1) Có hệ thống wifi công cộng miễn phí tại Bộ phận một cửa UBND cấp xã:
    1/2*Điểm tối đa. (2) Mỗi điểm công cộng có hệ thống wifi miễn phí khác được tính 2 điểm
    (Tối đa 5 điểm). … - Điểm = (1) (2)" ('+' lost; (2) = min(2 × spots, 5))."""
    r = one(design, "3.9", {
        "a": {"p1": 1, "p2": 0},
        "b": {"p1": 1, "p2": 2},
        "c": {"p1": 0, "p2": 3},
        "d": {"p1": 1, "p2": 3},
        "e": {"p1": 0, "p2": 1},
        "f": {"p1": 1, "p2": 7},
    })
    assert r.score("a", "3.9") == pytest.approx(10 / 2 + 0)
    assert r.score("b", "3.9") == pytest.approx(10 / 2 + 2 * 2)
    assert r.score("c", "3.9") == pytest.approx(0 + min(3 * 2, 5))
    assert r.score("d", "3.9") == pytest.approx(10 / 2 + 5)
    assert r.score("e", "3.9") == pytest.approx(0 + 1 * 2)
    assert r.score("f", "3.9") == pytest.approx(10 / 2 + 5)


def test_parts_two_yes_no_6_1(design):
    """Xã 6.1 (30): "- Đáp ứng yêu cầu chức năng, tính năng kỹ thuật theo quy định: 3/5*Điểm tối đa
    - Đã chuyển đổi sang công nghệ IPv6; 2/5*Điểm tối đa - Chưa đáp ứng, chưa chuyển đổi: 0 điểm" """
    r = one(design, "6.1", {
        "both": {"p1": 1, "p2": 1},
        "func": {"p1": 1, "p2": 0},
        "ipv6": {"p1": 0, "p2": 1},
        "none": {"p1": 0, "p2": 0},
    })
    assert r.score("both", "6.1") == pytest.approx(3 / 5 * 30 + 2 / 5 * 30)
    assert r.score("func", "6.1") == pytest.approx(3 / 5 * 30)
    assert r.score("ipv6", "6.1") == pytest.approx(2 / 5 * 30)
    assert r.score("none", "6.1") == pytest.approx(0)


def test_ratio_target_3_4_smartphones(design):
    """Xã 3.4 (10): "Tỷ lệ >= 85%: Điểm tối đa; Tỷ lệ < 85%: Điểm = Tỷ lệ/85%*Điểm tối đa" """
    r = one(design, "3.4", {f"p{a}": {"a": a, "b": 100} for a in (90, 85, 84, 0)})
    assert r.score("p90", "3.4") == pytest.approx(10)
    assert r.score("p85", "3.4") == pytest.approx(10)
    assert r.score("p84", "3.4") == pytest.approx(0.84 / 0.85 * 10)
    assert r.score("p0", "3.4") == pytest.approx(0)


def test_ratio_target_3_5_open_boundary_75(design):
    """Xã 3.5 (10): "- Tỷ lệ > 75%: Điểm tối đa - Tỷ lệ <75: Điểm = Tỷ lệ/75% * điểm tối đa"
    (exactly 75 %: erratum 3-5-open-boundary-75, max)."""
    r = one(design, "3.5", {f"h{a}": {"a": a, "b": 200} for a in (152, 150, 148, 60)})
    assert r.score("h152", "3.5") == pytest.approx(10)
    assert r.score("h150", "3.5") == pytest.approx(10)  # 150/200 = 75 %
    assert r.score("h148", "3.5") == pytest.approx(0.74 / 0.75 * 10)
    assert r.score("h60", "3.5") == pytest.approx(0.30 / 0.75 * 10)


def test_ratio_target_6_9_budget(design):
    """Xã 6.9 (30): "- Tỷ , lệ=a/b; - Điểm: Tỷ lệ>=1%: Điểm tối đa; Tỷ lệ<1%: Tỷ lệ/1%*Điểm tối đa."
    a is not required to be part of b (erratum 6-9-budget-denominator-cap-so)."""
    r = one(design, "6.9", {
        "at": {"a": 10, "b": 1000},     # 1 %
        "half": {"a": 5, "b": 1000},    # 0.5 %
        "above": {"a": 20, "b": 1000},  # 2 %
        "big": {"a": 2000, "b": 1000},  # a > b: still capped at the max
    })
    assert r.score("at", "6.9") == pytest.approx(30)
    assert r.score("half", "6.9") == pytest.approx(0.005 / 0.01 * 30)
    assert r.score("above", "6.9") == pytest.approx(30)
    assert r.score("big", "6.9") == pytest.approx(30)


def test_ratio_target_7_1_and_8_2(design):
    """Xã 7.1 (10): "Tỷ lệ > 10%: Điểm tối đa. Tỷ lệ <10%: Điểm = Tỷ lệ/10%*Điểm tối đa.";
    Xã 8.2 (20): "Tỷ lệ>=65%: Điểm tối đa; Tỷ lệ<=65%: Tỷ lệ/65%*Điểm tối đa" """
    r = run(design, {
        "u1": {"7.1": {"a": 10, "b": 100}, "8.2": {"a": 65, "b": 100}},
        "u2": {"7.1": {"a": 9, "b": 100}, "8.2": {"a": 64, "b": 100}},
        "u3": {"7.1": {"a": 11, "b": 100}, "8.2": {"a": 66, "b": 100}},
    })
    assert r.score("u1", "7.1") == pytest.approx(10)
    assert r.score("u2", "7.1") == pytest.approx(0.09 / 0.10 * 10)
    assert r.score("u3", "7.1") == pytest.approx(10)
    assert r.score("u1", "8.2") == pytest.approx(20)
    assert r.score("u2", "8.2") == pytest.approx(0.64 / 0.65 * 20)
    assert r.score("u3", "8.2") == pytest.approx(20)


def test_all_or_nothing_3_6(design):
    """Xã 3.6 (10): "Phủ sóng đến 100% hộ gia đình: Điểm tối đa Không phủ sóng tối đa: 0 điểm" """
    r = one(design, "3.6", {"full": {"a": 500, "b": 500}, "almost": {"a": 499, "b": 500}})
    assert r.score("full", "3.6") == pytest.approx(10)
    assert r.score("almost", "3.6") == pytest.approx(0)


def test_ratio_floor_cap_6_4(design):
    """Xã 6.4 (40): "- Tỷ lệ >=70% đạt điểm tối đa; <70% và >=30%, Điểm = tỷ lệ*Điểm tối đa;
    <30% không có điểm" """
    r = one(design, "6.4", {f"r{a}": {"a": a, "b": 100} for a in (80, 70, 69, 30, 29)})
    assert r.score("r80", "6.4") == pytest.approx(40)
    assert r.score("r70", "6.4") == pytest.approx(40)
    assert r.score("r69", "6.4") == pytest.approx(0.69 * 40)
    assert r.score("r30", "6.4") == pytest.approx(0.30 * 40)
    assert r.score("r29", "6.4") == pytest.approx(0)


# --------------------------------------------------------------------------- N/A policy

def _indicator6_others():
    """Inputs for the non-DVCTT components of main indicator 6, with their hand scores."""
    inputs = {
        "6.1": {"p1": 1, "p2": 0},          # 3/5*30 = 18
        "6.2": {"value": 12},               # 10–19 articles: 1/2*40 = 20
        "6.5": {"a": 5, "b": 10},           # 5/10*25 = 12.5
        "6.6": {"a": 3, "b": 3},            # 3/3*25 = 25
        "6.7": {"a": 30, "b": 60},          # 30/60*30 = 15
        "6.8": {"a": 0, "b": 60},           # 0
        "6.9": {"a": 5, "b": 1000},         # 0.5 %/1 % * 30 = 15
    }
    achieved = 18 + 20 + 12.5 + 25 + 15 + 0 + 15  # 105.5
    maximum = 30 + 40 + 25 + 25 + 30 + 20 + 30     # 200
    return inputs, achieved, maximum


def test_na_proportional_dvctt(design):
    """Mục V.4.2: "Điểm chỉ số thành phần liên quan DVCTT thực hiện đánh giá = (Tổng điểm thực tế
    đạt được đối với các chỉ số thành phần ngoài chỉ số thành phần liên quan DVCTT/Tổng điểm tối đa
    của các chỉ số thành phần đó) nhân với Điểm tối đa của chỉ số thành phần tương ứng".
    u1 marks 6.3 and 6.4 N/A; u2 has no DVCTT dossier at all (b = 0 → na)."""
    others, achieved, maximum = _indicator6_others()
    u1 = dict(others, **{"6.3": {"na": 1}, "6.4": {"na": 1}})
    u2 = dict(others, **{"6.3": {"a": 0, "b": 0}, "6.4": {"a": 0, "b": 0}})
    r = run(design, {"u1": u1, "u2": u2})
    share = 105.5 / 200
    assert achieved / maximum == pytest.approx(share)
    for u in ("u1", "u2"):
        assert r.score(u, "6.1") == pytest.approx(18)
        assert r.score(u, "6.9") == pytest.approx(15)
        assert r.score(u, "6.3") == pytest.approx(share * 40)  # 21.1
        assert r.score(u, "6.4") == pytest.approx(share * 40)  # 21.1
        assert r.score(u, "6") == pytest.approx(105.5 + 2 * share * 40)  # 147.7


def test_indicator_sum_1(design):
    """Main indicator 1 = Σ 1.1–1.6, hand-computed from the cases above."""
    r = run(design, {"u1": {
        "1.1": {"value": "pho-bi-thu-pho-chu-tich"},    # 10
        "1.2": {"a": 1, "b": 2},                         # 1/2*20 = 10
        "1.3": {"p1": "lien-ket-trang-cds-tinh", "p2": 12},  # 5 + 10 = 15
        "1.4": {"value": 1},                             # 10
        "1.5": {"value": 3},                             # 5
        "1.6": {"value": 0},                             # 0
    }})
    assert r.score("u1", "1") == pytest.approx(10 + 10 + 15 + 10 + 5 + 0)
