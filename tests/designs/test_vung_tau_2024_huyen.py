"""Vũng Tàu 2024, district form ("CHỈ SỐ CHUYỂN ĐỔI SỐ TẠI UBND CÁC HUYỆN, THỊ XÃ, THÀNH PHỐ",
kèm theo Công văn số .../UBND-VHTT ngày tháng 10 năm 2024 của UBND thành phố Vũng Tàu).

Every expected score below is computed by hand from the method text quoted next to it.
"""
from __future__ import annotations

import pytest
from conftest import one, run

from dti_kit import load_design

DESIGN_ID = "vung-tau-2024-huyen"


@pytest.fixture(scope="module")
def design():
    return load_design(DESIGN_ID)


# --------------------------------------------------------------------------- structure

def test_identity_and_source(design):
    assert design.id == DESIGN_ID
    assert design.year == 2024
    assert design.level == "huyen"
    assert design.unit_kind == "UBND các huyện, thị xã, thành phố"
    assert design.source.number == ".../UBND-VHTT"  # blank in the text
    assert design.source.date is None  # "ngày tháng 10 năm 2024"
    assert design.source.issuer == "UBND thành phố Vũng Tàu"
    assert design.source.seed == "004_f29f9260b64a6110.txt"
    assert design.detail == "full"
    assert design.index_value == "points"


def test_scale_and_main_indicators(design):
    # Column "Điểm tối đa": I 6, II 10, III 3, IV 8, V 7, VI 50, VII 4, VIII 12; TỔNG ĐIỂM 100
    assert design.scale == 100
    expected = [
        ("I", "NHẬN THỨC SỐ", 6, 6, "foundation"),
        ("II", "THỂ CHẾ SỐ", 10, 7, "foundation"),
        ("III", "HẠ TẦNG SỐ", 3, 3, "foundation"),
        ("IV", "NHÂN LỰC SỐ", 8, 6, "foundation"),
        ("V", "AN TOÀN THÔNG TIN MẠNG", 7, 8, "foundation"),
        ("VI", "CHÍNH QUYỀN SỐ", 50, 38, "activity"),
        ("VII", "KINH TẾ SỐ", 4, 5, "activity"),
        ("VIII", "XÃ HỘI SỐ", 12, 8, "activity"),
    ]
    got = [(m.code, m.name, m.max_points, len(m.all_components()), m.group) for m in design.main_indicators]
    assert got == expected
    assert len(design.components()) == 81
    for m in design.main_indicators:
        assert m.scored
        assert sum(c.max_points for c in m.all_components()) == pytest.approx(m.max_points)
    assert sum(m.max_points for m in design.main_indicators) == 100


def test_groups_of_vi(design):
    vi = design.node("VI")
    got = [(g.code, g.max_points, [c.code for c in g.components]) for g in vi.groups]
    assert got == [
        ("VI.1", 3, ["VI.1.1", "VI.1.2", "VI.1.3"]),
        ("VI.2", 9, ["VI.2.1", "VI.2.2", "VI.2.3", "VI.2.4"]),
        ("VI.3", 6, ["VI.3.1", "VI.3.2", "VI.3.3", "VI.3.4"]),
        ("VI.4", 2, ["VI.4.1", "VI.4.2", "VI.4.3"]),
        ("VI.5", 18, [f"VI.5.{i}" for i in range(1, 10)]),
        ("VI.6", 11, [f"VI.6.{i}" for i in range(1, 15)]),
        ("VI.7", 1, ["VI.7.1"]),
    ]
    assert vi.groups[0].name == "Phần mềm Quản lý văn bản và điều hành: (không áp dụng với văn bản thuộc danh mục bí mật nhà nước)"
    assert vi.components == ()
    # half points as printed
    assert design.node("VI.4.1").max_points == 0.5
    assert design.node("VI.6.14").max_points == 0.5
    assert design.node("VI.5.7").max_points == 8


def test_codes_prefixed_and_texts_verbatim(design):
    c = design.node("VI.5.6")
    assert c.name == "Tỷ lệ hồ sơ trực tuyến được thực hiện toàn trình"
    assert c.method.endswith("- Từ 20% - dưới 30% hồ sơ trực tuyến toàn trình: 50% điểm")
    assert design.node("I.1").method.startswith("- Bí thư hoặc Chủ tịch UBND cấp huyện là Trưởng BCD: 50% điểm.")
    assert design.node("I.1").evidence == "Văn bản, tài liệu chứng minh"
    assert design.node("VI.6.1").evidence == "Công/trang TTĐT"
    # V.3's name is cut off in the district form (erratum)
    assert design.node("V.3").name.endswith("ngay khi nhận thông tin (không quá 03")


def test_responsible_offices_inherited(design):
    """'Đơn vị phụ trách cung cấp' is printed once and applies to the following blank rows
    of the same main indicator (erratum responsible-office-inherited)."""
    assert design.node("I.1").responsible == "Phòng VHTT"
    assert design.node("I.4").responsible == "Phòng VHTT"  # inherited from I.1
    assert design.node("I.5").responsible == "Trung tâm Văn hóa, Thông tin và Thể thao"
    assert design.node("I.6").responsible == "Trung tâm Văn hóa, Thông tin và Thể thao"  # inherited
    assert design.node("V.7").responsible == "Phòng Nội vụ"  # from V.5
    assert design.node("V.8").responsible == "NV này của PVHTT và TCKH"
    assert design.node("VIII.8").responsible == "Công an cung cấp số lượng người có tài khoản VNeID"
    # nothing named, nothing inherited across main indicators
    for code in ("IV.1", "VI.1.1", "VI.1.2", "VI.1.3", "VI.2.1"):
        assert design.node(code).responsible == ""
    assert design.node("VI.2.2").responsible == "Văn phòng HĐND và UBND Thành phố, Phòng VHTT"
    assert design.metadata["responsible_on_heading_rows"]["VIII"] == "Phòng LĐTBXH"
    ids = {e.id for e in design.errata}
    assert {"responsible-office-inherited", "responsible-office-truncated", "responsible-office-misaligned"} <= ids


def test_general_info_and_score_columns(design):
    gi = design.general_info
    assert len(gi) == 17
    by = {g.code: g for g in gi}
    assert by["1"].name == "Tên cơ quan, đơn vị" and by["1"].levels == ("so", "huyen", "xa")
    assert by["2"].levels == ("huyen", "xa") and by["2"].supplier == "Công an Tp cung cấp"
    assert by["5"].levels == ("so", "huyen") and by["5"].supplier == "Phòng NV cung cấp"
    assert by["12"].supplier == "Phòng Kinh tế, Phòng TC-KH"
    assert by["13"].supplier == "Văn phòng HĐND và UBND"
    assert by["17"].name == "Số điện thoại" and by["17"].supplier == ""
    assert design.metadata["score_columns"] == ["Điểm tự đánh giá", "Điểm đạt được"]


def test_known_erratum_5_6(design):
    e = {e.id: e for e in design.errata}["huyen-5-6-no-score-below-20"]
    assert e.code == "VI.5.6"


def test_bonus_items(design):
    got = [(b.code, b.points, b.rule.kind) for b in design.bonus]
    assert got == [
        ("IX.1.1", 1, "all_or_nothing"),
        ("IX.1.2", 1, "all_or_nothing"),
        ("IX.2.1", -1, "yes_no"),
        ("IX.2.2", -1, "yes_no"),
    ]
    assert design.bonus[0].name == "Trên 50% hồ sơ trực tuyến được thực hiện toàn trình."


# --------------------------------------------------------------------------- rule kinds

def test_yes_no(design):
    """VII.1 (1 điểm): "- Đã triển khai: điểm tối đa. - Chưa triển khai: 0 điểm." ;
    VII.4 (0.5): "- Đã đưa lên sàn đầy đủ, kịp thời: điểm tối đa. - Chưa đưa lên đầy đủ: 0 điểm." """
    r = one(design, "VII.1", {"yes": {"value": 1}, "no": {"value": 0}})
    assert r.score("yes", "VII.1") == pytest.approx(1.0)
    assert r.score("no", "VII.1") == pytest.approx(0.0)
    r = one(design, "VII.4", {"yes": {"value": 1}})
    assert r.score("yes", "VII.4") == pytest.approx(0.5)


def test_ratio_zero_meetings(design):
    """I.2 (1 điểm): "- Chủ trì đầy đủ: điểm tối đa - Chủ trì không đầy đủ: Tỷ lệ nhân điểm tối đa
    - Không phát sinh cuộc họp: 0 điểm" """
    r = one(design, "I.2", {
        "full": {"a": 4, "b": 4},
        "part": {"a": 3, "b": 4},
        "none": {"a": 0, "b": 0},
    })
    assert r.score("full", "I.2") == pytest.approx(1.0)
    assert r.score("part", "I.2") == pytest.approx(3 / 4 * 1)
    assert r.score("none", "I.2") == pytest.approx(0.0)


def test_ratio_signed_documents(design):
    """VI.2.2 (3 điểm): "Số văn bản được ký số/tổng số văn bản đi - 100% văn bản: điểm tối đa.
    - Dưới 100%: Tỷ lệ nhân điểm tối đa" """
    r = one(design, "VI.2.2", {"u1": {"a": 180, "b": 200}, "u2": {"a": 200, "b": 200}})
    assert r.score("u1", "VI.2.2") == pytest.approx(0.9 * 3)
    assert r.score("u2", "VI.2.2") == pytest.approx(3.0)


def test_ratio_not_part_of_whole(design):
    """III.1 (1 điểm): "Tổng số máy vi tính/Tổng số CBCC, VC - 100% máy tính: điểm tối đa.
    - Dưới 100%: Tỷ lệ nhân điểm tối đa" (more computers than staff is allowed, capped at max);
    VI.6.6 (0.5): "(bình quân 5 tin/tháng) - Cập nhật không đầy đủ: Tỷ lệ nhân điểm tối đa" """
    r = one(design, "III.1", {"more": {"a": 120, "b": 100}, "less": {"a": 45, "b": 50}})
    assert r.score("more", "III.1") == pytest.approx(1.0)
    assert r.score("less", "III.1") == pytest.approx(45 / 50 * 1)
    r = one(design, "VI.6.6", {"over": {"a": 70, "b": 60}, "half": {"a": 30, "b": 60}})
    assert r.score("over", "VI.6.6") == pytest.approx(0.5)
    assert r.score("half", "VI.6.6") == pytest.approx(30 / 60 * 0.5)


def test_parts_two_halves(design):
    """I.1 (1 điểm): "- Bí thư hoặc Chủ tịch UBND cấp huyện là Trưởng BCD: 50% điểm. - Người đứng đầu
    các phòng, ban liên quan cấp huyện tham gia thành viên BCD: 50% điểm." """
    r = one(design, "I.1", {"both": {"p1": 1, "p2": 1}, "head": {"p1": 1, "p2": 0}, "none": {"p1": 0, "p2": 0}})
    assert r.score("both", "I.1") == pytest.approx(1.0)
    assert r.score("head", "I.1") == pytest.approx(0.5 * 1)
    assert r.score("none", "I.1") == pytest.approx(0.0)


def test_parts_points(design):
    """II.1 (2 điểm): "- Lập kế hoạch theo đúng thời gian, biểu mẫu: 1 điểm. - Đã ban hành KH theo
    đúng thời gian, biểu mẫu quy định: 1 điểm." """
    r = one(design, "II.1", {"u": {"p1": 1, "p2": 0}})
    assert r.score("u", "II.1") == pytest.approx(1.0)


def test_parts_with_ratio(design):
    """II.5 (2 điểm): "- Đã ban hành Kế hoạch triển khai khâu đột phá của tỉnh, đơn vị: 50% điểm.
    - Đã hoàn thành nhiệm vụ được giao: Tỷ lệ nhân 50% điểm." ;
    VI.5.7 (8 điểm): "Đã ban hành Quyết định, Kế hoạch …: 1 điểm. - Đã ban hành văn bản đôn đốc kịp thời:
    1 điểm. - Triển khai các giải pháp …: + Triển khai đầy đủ: 6 điểm. + Không đầy đủ: Tỷ lệ nhân 6 điểm." """
    r = one(design, "II.5", {"u": {"p1": 1, "p2_a": 1, "p2_b": 4}})
    assert r.score("u", "II.5") == pytest.approx(0.5 * 2 + 1 / 4 * 0.5 * 2)  # 1.25
    r = one(design, "VI.5.7", {"u": {"p1": 1, "p2": 1, "p3_a": 3, "p3_b": 4}, "v": {"p1": 0, "p2": 1, "p3_a": 4, "p3_b": 4}})
    assert r.score("u", "VI.5.7") == pytest.approx(1 + 1 + 3 / 4 * 6)  # 6.5
    assert r.score("v", "VI.5.7") == pytest.approx(0 + 1 + 6)


def test_choice_frequency(design):
    """I.6 (1 điểm): "- Tần suất phát sóng từ 1 lần/1 tuần: điểm tối đa. - Tần suất phát sóng từ
    1 tháng/1 lần/12 tháng: 50% điểm." (below monthly: 0, erratum freq-wording)"""
    r = one(design, "I.6", {"w": {"value": "hang_tuan"}, "m": {"value": "hang_thang"}, "l": {"value": "duoi_hang_thang"}})
    assert r.score("w", "I.6") == pytest.approx(1.0)
    assert r.score("m", "I.6") == pytest.approx(0.5 * 1)
    assert r.score("l", "I.6") == pytest.approx(0.0)


def test_choice_with_nested_ratio(design):
    """II.7 (2 điểm): "- Báo cáo đầy đủ, kịp thời: Điểm tối đa - Đầy đủ nhưng chưa kịp thời: 50% điểm
    - Kịp thời nhưng chưa đầy đủ: Tỷ lệ nhân điểm tối đa" ;
    IV.4 (2 điểm): "- Có đăng ký: 1 điểm. - Tham dự đầy đủ, xuyên suốt: 2 điểm. - Tham dự không đầy đủ:
    Tỷ lệ nhân điểm tối đa. - Không đăng ký: 0 điểm." """
    r = one(design, "II.7", {
        # the engine asks for every variable of the rule, also those of cases not chosen
        "ok": {"value": "du_kip_thoi", "a": 12, "b": 12},
        "late": {"value": "du_chua_kip_thoi", "a": 12, "b": 12},
        "some": {"value": "kip_thoi_chua_du", "a": 9, "b": 12},
    })
    assert r.score("ok", "II.7") == pytest.approx(2.0)
    assert r.score("late", "II.7") == pytest.approx(0.5 * 2)
    assert r.score("some", "II.7") == pytest.approx(9 / 12 * 2)  # 1.5
    r = one(design, "IV.4", {
        "reg": {"value": "co_dang_ky", "a": 0, "b": 4},
        "full": {"value": "tham_du_day_du", "a": 4, "b": 4},
        "part": {"value": "tham_du_khong_day_du", "a": 1, "b": 4},
        "none": {"value": "khong_dang_ky", "a": 0, "b": 4},
    })
    assert r.score("reg", "IV.4") == pytest.approx(1.0)
    assert r.score("full", "IV.4") == pytest.approx(2.0)
    assert r.score("part", "IV.4") == pytest.approx(1 / 4 * 2)
    assert r.score("none", "IV.4") == pytest.approx(0.0)


def test_choice_incident_parts_constant(design):
    """V.5 (0.5 điểm): "- Có xảy ra sự cố: 50% điểm + Báo cáo ngay (không quá 01 ngày) …: 25% điểm.
    + Thực hiện theo đúng quy trình về đảm bảo an toàn thông tin: 25% điểm - Không xảy ra sự cố: điểm tối đa." """
    r = one(design, "V.5", {
        "none": {"value": "khong_su_co", "p1": 0, "p2": 0},
        "rep": {"value": "co_su_co", "p1": 1, "p2": 0},
        "all": {"value": "co_su_co", "p1": 1, "p2": 1},
        "bare": {"value": "co_su_co", "p1": 0, "p2": 0},
    })
    assert r.score("none", "V.5") == pytest.approx(0.5)
    assert r.score("rep", "V.5") == pytest.approx(0.5 * 0.5 + 0.25 * 0.5)  # 0.375
    assert r.score("all", "V.5") == pytest.approx(0.5)
    assert r.score("bare", "V.5") == pytest.approx(0.5 * 0.5)  # the constant 50 %


def test_choice_three_cases(design):
    """VIII.2 (1 điểm): "- Đã triển khai đầy đủ: điểm tối đa. - Đã triển khai nhưng chưa đầy đủ : 50% điểm.
    - Chưa triển khai: 0 điểm" """
    r = one(design, "VIII.2", {"p": {"value": "chua_day_du"}, "n": {"value": "chua_trien_khai"}})
    assert r.score("p", "VIII.2") == pytest.approx(0.5 * 1)
    assert r.score("n", "VIII.2") == pytest.approx(0.0)


def test_tiers_100_and_95(design):
    """VI.4.2 (0.5 điểm): "- Đã thực hiện 100%: điểm tối đa. - Từ 95% - dưới 100%: 50% điểm. - Dưới 95%: 0 điểm." ;
    VI.5.4 (1 điểm): same bands on "hồ sơ giải quyết trực tuyến đúng hạn/Tổng số hồ sơ …" """
    r = one(design, "VI.4.2", {"all": {"a": 100, "b": 100}, "at95": {"a": 95, "b": 100}, "below": {"a": 94, "b": 100}})
    assert r.score("all", "VI.4.2") == pytest.approx(0.5)
    assert r.score("at95", "VI.4.2") == pytest.approx(0.5 * 0.5)
    assert r.score("below", "VI.4.2") == pytest.approx(0.0)
    r = one(design, "VI.5.4", {"almost": {"a": 199, "b": 200}})
    assert r.score("almost", "VI.5.4") == pytest.approx(0.5 * 1)  # 99.5 % is not 100 %


def test_tiers_remote(design):
    """VI.5.5 (2 điểm): "- Từ 70% … trở lên: điểm tối đa. - Từ 50% - dưới 70% …: 50% điểm. - Dưới 50%: 0 điểm" """
    r = one(design, "VI.5.5", {
        "70": {"a": 70, "b": 100}, "69": {"a": 69, "b": 100}, "50": {"a": 50, "b": 100}, "49": {"a": 49, "b": 100},
    })
    assert r.score("70", "VI.5.5") == pytest.approx(2.0)
    assert r.score("69", "VI.5.5") == pytest.approx(0.5 * 2)
    assert r.score("50", "VI.5.5") == pytest.approx(0.5 * 2)
    assert r.score("49", "VI.5.5") == pytest.approx(0.0)


def test_tiers_5_6_below_20_assumed_zero(design):
    """VI.5.6 (1 điểm): "- Từ 30% hồ sơ trực tuyến toàn trình trở lên: điểm tối đa. - Từ 20% - dưới 30% …:
    50% điểm" — nothing below 20 % (erratum huyen-5-6-no-score-below-20: assumed 0, as the commune form)."""
    r = one(design, "VI.5.6", {
        "30": {"a": 30, "b": 100}, "29": {"a": 29, "b": 100}, "20": {"a": 20, "b": 100}, "19": {"a": 19, "b": 100},
    })
    assert r.score("30", "VI.5.6") == pytest.approx(1.0)
    assert r.score("29", "VI.5.6") == pytest.approx(0.5)
    assert r.score("20", "VI.5.6") == pytest.approx(0.5)
    assert r.score("19", "VI.5.6") == pytest.approx(0.0)


def test_tiers_population(design):
    """VIII.6 (1 điểm): "- Từ 80% trở lên: điểm tối đa. - Từ 75% - dưới 80%: 50% điểm. - Dưới 75%: 0 điểm." """
    r = one(design, "VIII.6", {"80": {"a": 800, "b": 1000}, "75": {"a": 750, "b": 1000}, "74": {"a": 749, "b": 1000}})
    assert r.score("80", "VIII.6") == pytest.approx(1.0)
    assert r.score("75", "VIII.6") == pytest.approx(0.5)
    assert r.score("74", "VIII.6") == pytest.approx(0.0)


def test_ratio_floor_cap(design):
    """VI.5.2 (2 điểm): "- Từ 85% trở lên: điểm tối đa. - Dưới 85%: Tỷ lệ nhân điểm tối đa" ;
    VIII.3 (2 điểm): "- Từ 70% trở lên: điểm tối đa. - Dưới 70%: Tỷ lệ * điểm tối đa" """
    r = one(design, "VI.5.2", {"85": {"a": 85, "b": 100}, "84": {"a": 84, "b": 100}})
    assert r.score("85", "VI.5.2") == pytest.approx(2.0)
    assert r.score("84", "VI.5.2") == pytest.approx(0.84 * 2)
    r = one(design, "VIII.3", {"70": {"a": 700, "b": 1000}, "69": {"a": 690, "b": 1000}})
    assert r.score("70", "VIII.3") == pytest.approx(2.0)
    assert r.score("69", "VIII.3") == pytest.approx(0.69 * 2)


def test_budget_share(design):
    """VI.7.1 (1 điểm): "Chi ngân sách nhà nước cho Chính quyền số/Tổng chi ngân sách (chi đầu tư phát triển
    + Chi thường xuyên) - Từ 1% trở lên: điểm tối đa. - Dưới 1%: Tỷ lệ nhân điểm tối đa" (literal, erratum)"""
    r = one(design, "VI.7.1", {"1pc": {"a": 10, "b": 400, "c": 600}, "half": {"a": 5, "b": 400, "c": 600}})
    assert r.score("1pc", "VI.7.1") == pytest.approx(1.0)  # 10 / (400 + 600) = 1 %
    assert r.score("half", "VI.7.1") == pytest.approx(5 / 1000 * 1)


def test_all_or_nothing(design):
    """VI.5.3 (1 điểm): "- Từ 80% trở lên: điểm tối đa. - Dưới 80%: 0 điểm." ;
    VI.4.3 (1 điểm): "- Đã thực hiện từ 50% trở lên: điểm tối đa. - Dưới 50%: 0 điểm." ;
    VIII.8 (2 điểm): "- Từ 95% trở lên: điểm tối đa. - Dưới 95%: 0 điểm." """
    r = one(design, "VI.5.3", {"80": {"a": 80, "b": 100}, "79": {"a": 79, "b": 100}})
    assert r.score("80", "VI.5.3") == pytest.approx(1.0)
    assert r.score("79", "VI.5.3") == pytest.approx(0.0)
    r = one(design, "VI.4.3", {"50": {"a": 50, "b": 100}, "49": {"a": 49, "b": 100}})
    assert r.score("50", "VI.4.3") == pytest.approx(1.0)
    assert r.score("49", "VI.4.3") == pytest.approx(0.0)
    r = one(design, "VIII.8", {"95": {"a": 95, "b": 100}, "94": {"a": 94, "b": 100}})
    assert r.score("95", "VIII.8") == pytest.approx(2.0)
    assert r.score("94", "VIII.8") == pytest.approx(0.0)


def test_indicator_i_sums_components(design):
    """I = I.1 … I.6 (1 điểm each): 0.5 + 0.75 + 1 + 1 + 1 + 0.5 = 4.75."""
    r = run(design, {"u": {
        "I.1": {"p1": 1, "p2": 0},
        "I.2": {"a": 3, "b": 4},
        "I.3": {"a": 5, "b": 5},
        "I.4": {"a": 2, "b": 2},
        "I.5": {"value": 1},
        "I.6": {"value": "hang_thang"},
    }})
    assert r.score("u", "I") == pytest.approx(0.5 + 0.75 + 1 + 1 + 1 + 0.5)


# --------------------------------------------------------------------------- bonus / penalty

MAXES = {"I": 6, "II": 10, "III": 3, "IV": 8, "V": 7, "VI": 50, "VII": 4, "VIII": 12}


def test_bonus_and_penalty_on_total(design):
    """IX: "1.1 Trên 50% hồ sơ trực tuyến được thực hiện toàn trình. 1" ; "1.2 Trên 50% người dân từ 15 tuổi
    trở lên có chữ ký số … 1" ; "2.1 Chưa hoàn thành 100% chỉ tiêu, nhiệm vụ về chuyển đổi số … -1" ;
    "2.2 Chưa hoàn thành 100% nhiệm vụ đột phá … -1".
    A unit with full marks on every indicator (100), both bonuses and one penalty: 100 + 1 + 1 − 1 = 101.
    'Trên 50%' is strict: exactly 50 % earns no bonus."""
    full = {code: {"appraised_score": mx} for code, mx in MAXES.items()}
    r = run(design, {
        "best": {**full,
                 "IX.1.1": {"a": 51, "b": 100},
                 "IX.1.2": {"a": 600, "b": 1000},
                 "IX.2.1": {"value": 1},
                 "IX.2.2": {"value": 0}},
        "edge": {**full,
                 "IX.1.1": {"a": 50, "b": 100},
                 "IX.1.2": {"a": 500, "b": 1000},
                 "IX.2.1": {"value": 0},
                 "IX.2.2": {"value": 1}},
    })
    assert r.score("best", "IX.1.1") == pytest.approx(1.0)
    assert r.score("best", "IX.1.2") == pytest.approx(1.0)
    assert r.score("best", "IX.2.1") == pytest.approx(-1.0)
    assert r.score("best", "IX.2.2") == pytest.approx(0.0)
    assert r.score("best", "TOTAL") == pytest.approx(100 + 1 + 1 - 1)
    assert r.score("edge", "IX.1.1") == pytest.approx(0.0)
    assert r.score("edge", "IX.1.2") == pytest.approx(0.0)
    assert r.score("edge", "TOTAL") == pytest.approx(100 - 1)
