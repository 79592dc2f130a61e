"""Vũng Tàu 2024, commune form ("CHỈ SỐ CHUYỂN ĐỔI SỐ TẠI UBND CÁC XÃ, PHƯỜNG, THỊ TRẤN",
kèm theo Công văn số/UBND-VHTT ngày tháng 10 năm 2024 của UBND thành phố Vũng Tàu).

Every expected score below is computed by hand from the method text quoted next to it.
"""
from __future__ import annotations

import numpy as np
import pytest
from conftest import one, run

from dti_kit import load_design

DESIGN_ID = "vung-tau-2024-xa"


@pytest.fixture(scope="module")
def design():
    return load_design(DESIGN_ID)


# --------------------------------------------------------------------------- structure

def test_identity_and_source(design):
    assert design.id == DESIGN_ID
    assert design.year == 2024
    assert design.level == "xa"
    assert design.unit_kind == "UBND các xã, phường, thị trấn"
    assert design.source.number == ".../UBND-VHTT"
    assert design.source.date is None
    assert design.source.issuer == "UBND thành phố Vũng Tàu"
    assert design.source.title == "CHỈ SỐ CHUYỂN ĐỔI SỐ TẠI UBND CÁC XÃ, PHƯỜNG, THỊ TRẤN"
    assert design.source.seed == "004_f29f9260b64a6110.txt"


def test_scale_and_main_indicators(design):
    # Column "Điểm tối đa": I 6, II 11, III 3, IV 10, V 3, VI 50, VII 4, VIII 13; TỔNG ĐIỂM 100
    assert design.scale == 100
    expected = [
        ("I", "NHẬN THỨC SỐ", 6, 6, "foundation"),
        ("II", "THỂ CHẾ SỐ", 11, 7, "foundation"),
        ("III", "HẠ TẦNG SỐ", 3, 3, "foundation"),
        ("IV", "NHÂN LỰC SỐ", 10, 6, "foundation"),
        ("V", "AN TOÀN THÔNG TIN MẠNG", 3, 5, "foundation"),
        ("VI", "CHÍNH QUYỀN SỐ", 50, 38, "activity"),
        ("VII", "KINH TẾ SỐ", 4, 5, "activity"),
        ("VIII", "XÃ HỘI SỐ", 13, 8, "activity"),
    ]
    got = [(m.code, m.name, m.max_points, len(m.all_components()), m.group) for m in design.main_indicators]
    assert got == expected
    assert len(design.components()) == 78
    assert sum(m.max_points for m in design.main_indicators) == 100
    for m in design.main_indicators:
        if m.code != "V":
            assert sum(c.max_points for c in m.all_components()) == pytest.approx(m.max_points)


def test_v_components_exceed_stated_max(design):
    """V is printed with 3 points, its items with 1, 1, 0.5, 0.5, 1 = 4 (erratum v-sum-exceeds-stated)."""
    v = design.node("V")
    assert [c.max_points for c in v.all_components()] == [1, 1, 0.5, 0.5, 1]
    e = {e.id: e for e in design.errata}["v-sum-exceeds-stated"]
    assert e.code == "V" and e.waives == ("sum",)


def test_groups_of_vi(design):
    vi = design.node("VI")
    got = [(g.code, g.max_points, len(g.components)) for g in vi.groups]
    assert got == [("VI.1", 4, 3), ("VI.2", 9, 4), ("VI.3", 4, 4), ("VI.4", 2, 3),
                   ("VI.5", 18, 9), ("VI.6", 12, 14), ("VI.7", 1, 1)]
    assert design.node("VI.1.3").max_points == 2
    assert design.node("VI.6.9").max_points == 1
    assert design.node("VI.6.14").max_points == 1


def test_no_responsible_column(design):
    # the commune form has no "Đơn vị phụ trách cung cấp" column
    assert all(c.responsible == "" for c in design.components())
    assert design.metadata["responsible_column"] is None


def test_general_info_and_score_columns(design):
    assert len(design.general_info) == 17
    by = {g.code: g for g in design.general_info}
    assert by["4"].name == "Số lượng khu phố, thôn, xóm và tương đương"
    assert by["4"].levels == ("huyen", "xa") and by["4"].supplier == "Phòng VHTT"
    assert by["7"].levels == ("so", "huyen")
    assert by["9"].levels == ("so", "huyen", "xa")
    huyen = load_design("vung-tau-2024-huyen")
    assert design.general_info == huyen.general_info
    assert design.metadata["score_columns"] == ["Điểm tự đánh giá", "Điểm UBND cấp huyện thẩm định", "Điểm đạt được"]


def test_methods_verbatim(design):
    assert design.node("VI.5.6").method.endswith("- Dưới 20%: 0 điểm")
    assert design.node("VI.5.8").method.startswith("<p>Số hồ sơ có phát sinh giao dịch thanh toán trực tuyến")
    assert design.node("II.6").name == "Ban hành văn bản đôn đốc, các nhiệm vụ Chỉ số Chuyển đổi số trong năm vừa"


# --------------------------------------------------------------------------- rule kinds

def test_yes_no(design):
    """IV.2 (1 điểm): "- Đã kiện toàn: Điểm tối đa; - Chưa kiện toàn: 0 điểm." ;
    IV.5 (2 điểm): "- Tham dự đầy đủ, xuyên suốt: điểm tối đa. - Không tham dự: 0 điểm." ;
    VI.3.4 (1 điểm): "- Đã xử lý đúng tiến độ, kịp thời: điểm tối đa. - Chưa đúng tiến độ, kịp thời: 0 điểm." """
    r = one(design, "IV.2", {"y": {"value": 1}, "n": {"value": 0}})
    assert r.score("y", "IV.2") == pytest.approx(1.0)
    assert r.score("n", "IV.2") == pytest.approx(0.0)
    r = one(design, "IV.5", {"y": {"value": 1}})
    assert r.score("y", "IV.5") == pytest.approx(2.0)
    r = one(design, "VI.3.4", {"y": {"value": 1}})
    assert r.score("y", "VI.3.4") == pytest.approx(1.0)


def test_ratio(design):
    """I.2 (1 điểm): "- Chủ trì đầy đủ: điểm tối đa - Chủ trì không đầy đủ: Tỷ lệ nhân điểm tối đa
    - Không phát sinh cuộc họp: 0 điểm" ;
    VI.1.3 (2 điểm): "Số văn bản gửi liên thông/tổng số văn bản đi - 100% văn bản: điểm tối đa.
    - Dưới 100%: Tỷ lệ nhân điểm tối đa" ;
    IV.1 (2 điểm): "- Đã kiện toàn đầy đủ, kịp thời: Điểm tối đa; - Chưa kiện toàn đầy đủ: Tỷ lệ nhân điểm tối đa." """
    r = one(design, "I.2", {"p": {"a": 1, "b": 2}, "z": {"a": 0, "b": 0}})
    assert r.score("p", "I.2") == pytest.approx(1 / 2 * 1)
    assert r.score("z", "I.2") == pytest.approx(0.0)  # không phát sinh cuộc họp
    r = one(design, "VI.1.3", {"u": {"a": 150, "b": 200}, "all": {"a": 200, "b": 200}})
    assert r.score("u", "VI.1.3") == pytest.approx(150 / 200 * 2)
    assert r.score("all", "VI.1.3") == pytest.approx(2.0)
    r = one(design, "IV.1", {"u": {"a": 9, "b": 12}})
    assert r.score("u", "IV.1") == pytest.approx(9 / 12 * 2)


def test_ratio_computers_per_official(design):
    """III.1 (1 điểm): "Tổng số máy vi tính/Tổng số CBCC - 100% máy tính: điểm tối đa. - Dưới 100%:
    Tỷ lệ nhân điểm tối đa" (more computers than officials: capped at max)."""
    r = one(design, "III.1", {"more": {"a": 30, "b": 25}, "less": {"a": 20, "b": 25}})
    assert r.score("more", "III.1") == pytest.approx(1.0)
    assert r.score("less", "III.1") == pytest.approx(20 / 25 * 1)


def test_parts(design):
    """I.1 (1 điểm): "- Bí thư hoặc Chủ tịch UBND cấp xã là Trưởng BCĐ: 50% điểm. - Người đứng đầu các bộ phận
    liên quan cấp xã tham gia thành viên BCĐ: 50% điểm." ;
    II.5 (2 điểm): "- Đã ban hành Kế hoạch triển khai khâu đột phá …: 50% điểm. - Đã hoàn thành nhiệm vụ được giao:
    Tỷ lệ nhân 50% điểm." ;
    VI.6.10 (1 điểm): "- Có chức năng tìm kiếm đầy đủ, chính xác: 50% điểm. - Có chức năng liên kết đầy đủ: 50% điểm." """
    r = one(design, "I.1", {"u": {"p1": 0, "p2": 1}})
    assert r.score("u", "I.1") == pytest.approx(0.5)
    r = one(design, "II.5", {"u": {"p1": 1, "p2_a": 3, "p2_b": 5}, "v": {"p1": 0, "p2_a": 5, "p2_b": 5}})
    assert r.score("u", "II.5") == pytest.approx(0.5 * 2 + 3 / 5 * 0.5 * 2)  # 1.6
    assert r.score("v", "II.5") == pytest.approx(0 + 1.0)
    r = one(design, "VI.6.10", {"u": {"p1": 1, "p2": 1}})
    assert r.score("u", "VI.6.10") == pytest.approx(1.0)


def test_parts_points_5_7(design):
    """VI.5.7 (8 điểm): "- Đã ban hành Quyết định, Kế hoạch kịp thời trong năm: 1 điểm. - Đã ban hành văn bản
    đôn đốc kịp thời: 1 điểm. - Triển khai các giải pháp theo Quyết định của tỉnh: + Triển khai đầy đủ: 6 điểm.
    + Không đầy đủ: Tỷ lệ nhân 6 điểm." """
    r = one(design, "VI.5.7", {"u": {"p1": 1, "p2": 0, "p3_a": 2, "p3_b": 3}})
    assert r.score("u", "VI.5.7") == pytest.approx(1 + 0 + 2 / 3 * 6)  # 5


def test_choice(design):
    """I.6 (1 điểm): "- Tần suất phát sóng từ 1 lần/1 tuần: điểm tối đa. - Tần suất phát sóng từ 1 tháng/1 lần/
    12 tháng: 50% điểm. - Tần suất phát sóng dưới 1 tháng/1 lần: 0 điểm" ;
    VIII.2 (2 điểm): "- Đã triển khai đầy đủ: điểm tối đa. - Đã triển khai nhưng chưa đầy đủ : 50% điểm.
    - Chưa triển khai: 0 điểm" """
    r = one(design, "I.6", {"w": {"value": "hang_tuan"}, "m": {"value": "hang_thang"}, "l": {"value": "duoi_hang_thang"}})
    assert r.score("w", "I.6") == pytest.approx(1.0)
    assert r.score("m", "I.6") == pytest.approx(0.5)
    assert r.score("l", "I.6") == pytest.approx(0.0)
    r = one(design, "VIII.2", {"f": {"value": "day_du"}, "p": {"value": "chua_day_du"}, "n": {"value": "chua_trien_khai"}})
    assert r.score("f", "VIII.2") == pytest.approx(2.0)
    assert r.score("p", "VIII.2") == pytest.approx(0.5 * 2)
    assert r.score("n", "VIII.2") == pytest.approx(0.0)


def test_choice_nested_ratio(design):
    """II.7 (2 điểm): "- Báo cáo đầy đủ, kịp thời: Điểm tối đa - Đầy đủ nhưng chưa kịp thời: 50% điểm
    - Kịp thời nhưng chưa đầy đủ: Tỷ lệ nhân điểm tối đa" """
    r = one(design, "II.7", {
        # the engine asks for every variable of the rule, also those of cases not chosen
        "late": {"value": "du_chua_kip_thoi", "a": 16, "b": 16},
        "some": {"value": "kip_thoi_chua_du", "a": 12, "b": 16},
        "neither": {"value": "khong_du_khong_kip_thoi", "a": 0, "b": 16},
    })
    assert r.score("late", "II.7") == pytest.approx(0.5 * 2)
    assert r.score("some", "II.7") == pytest.approx(12 / 16 * 2)  # 1.5
    assert r.score("neither", "II.7") == pytest.approx(0.0)


def test_tiers_5_6_commune(design):
    """VI.5.6 (1 điểm): "- Từ 30% hồ sơ trực tuyến toàn trình trở lên: điểm tối đa. - Từ 20% - dưới 30% …:
    50% điểm - Dưới 20%: 0 điểm" """
    r = one(design, "VI.5.6", {"30": {"a": 3, "b": 10}, "29": {"a": 29, "b": 100}, "20": {"a": 2, "b": 10}, "19": {"a": 19, "b": 100}})
    assert r.score("30", "VI.5.6") == pytest.approx(1.0)
    assert r.score("29", "VI.5.6") == pytest.approx(0.5)
    assert r.score("20", "VI.5.6") == pytest.approx(0.5)
    assert r.score("19", "VI.5.6") == pytest.approx(0.0)


def test_tiers_payments(design):
    """VI.5.8 (1 điểm): "- Từ 85% trở lên: điểm tối đa. - Từ 70% - dưới 85%: 50% điểm. - Dưới 70%: 0 điểm" ;
    VIII.5 (1 điểm): "- Từ 80% trở lên: điểm tối đa. - Từ 70% - dưới 80%: 50% điểm. - Dưới 70%: 0 điểm." """
    r = one(design, "VI.5.8", {"85": {"a": 85, "b": 100}, "84": {"a": 84, "b": 100}, "70": {"a": 70, "b": 100}, "69": {"a": 69, "b": 100}})
    assert r.score("85", "VI.5.8") == pytest.approx(1.0)
    assert r.score("84", "VI.5.8") == pytest.approx(0.5)
    assert r.score("70", "VI.5.8") == pytest.approx(0.5)
    assert r.score("69", "VI.5.8") == pytest.approx(0.0)
    r = one(design, "VIII.5", {"80": {"a": 8000, "b": 10000}, "79": {"a": 7999, "b": 10000}})
    assert r.score("80", "VIII.5") == pytest.approx(1.0)
    assert r.score("79", "VIII.5") == pytest.approx(0.5)


def test_ratio_floor_cap(design):
    """VIII.3 (2 điểm): "- Từ 70% trở lên: điểm tối đa. - Dưới 70%: Tỷ lệ * điểm tối đa" ;
    VI.7.1 (1 điểm): "Chi ngân sách nhà nước cho Chính quyền/Tổng chi ngân sách (chi đầu tư phát triển + Chi thường
    xuyên) - Từ 1% trở lên: điểm tối đa. - Dưới 1%: Tỷ lệ nhân điểm tối đa" """
    r = one(design, "VIII.3", {"70": {"a": 70, "b": 100}, "50": {"a": 50, "b": 100}})
    assert r.score("70", "VIII.3") == pytest.approx(2.0)
    assert r.score("50", "VIII.3") == pytest.approx(0.5 * 2)
    r = one(design, "VI.7.1", {"2pc": {"a": 4, "b": 50, "c": 150}, "low": {"a": 1, "b": 50, "c": 150}})
    assert r.score("2pc", "VI.7.1") == pytest.approx(1.0)  # 4 / 200 = 2 %
    assert r.score("low", "VI.7.1") == pytest.approx(1 / 200 * 1)


def test_all_or_nothing(design):
    """VIII.8 (2 điểm): "Số lượng các cơ sở chấp nhận thanh toán KDTM/ Tổng số cơ sở trên địa bàn
    - Từ 95% trở lên: điểm tối đa. - Dưới 95%: 0 điểm." ;
    VI.5.3 (1 điểm): "- Từ 80% trở lên: điểm tối đa. - Dưới 80%: 0 điểm" """
    r = one(design, "VIII.8", {"95": {"a": 19, "b": 20}, "90": {"a": 18, "b": 20}})
    assert r.score("95", "VIII.8") == pytest.approx(2.0)
    assert r.score("90", "VIII.8") == pytest.approx(0.0)
    r = one(design, "VI.5.3", {"80": {"a": 8, "b": 10}, "70": {"a": 7, "b": 10}})
    assert r.score("80", "VI.5.3") == pytest.approx(1.0)
    assert r.score("70", "VI.5.3") == pytest.approx(0.0)


# --------------------------------------------------------------------------- bonus / penalty

MAXES = {"I": 6, "II": 11, "III": 3, "IV": 10, "V": 3, "VI": 50, "VII": 4, "VIII": 13}


def test_bonus_and_penalty_on_total(design):
    """IX: "1.1 Trên 50% hồ sơ trực tuyến được thực hiện toàn trình. 1" ; "1.2 Trên 50% người dân từ 15 tuổi trở lên
    có chữ ký số hoặc chữ ký điện tử cá nhân … 1" ; "2.1 Chưa hoàn thành 100% chỉ tiêu, nhiệm vụ … -1" ;
    "2.2 Chưa hoàn thành 100% nhiệm vụ đột phá … -1".
    Full marks (100, appraised per indicator), both bonuses, one penalty: 100 + 1 + 1 − 1 = 101."""
    full = {code: {"appraised_score": mx} for code, mx in MAXES.items()}
    r = run(design, {
        "best": {**full,
                 "IX.1.1": {"a": 301, "b": 600},
                 "IX.1.2": {"a": 5100, "b": 10000},
                 "IX.2.1": {"value": 0},
                 "IX.2.2": {"value": 1}},
        "both_penalties": {**full,
                           "IX.1.1": {"a": 300, "b": 600},  # exactly 50 %: not "trên 50%"
                           "IX.2.1": {"value": 1},
                           "IX.2.2": {"value": 1}},
    })
    assert [r.score("best", c) for c in ("IX.1.1", "IX.1.2", "IX.2.1", "IX.2.2")] == pytest.approx([1, 1, 0, -1])
    assert r.score("best", "TOTAL") == pytest.approx(100 + 1 + 1 - 1)
    assert r.score("both_penalties", "IX.1.1") == pytest.approx(0.0)
    # IX.1.2 left blank: missing like a component (issue 16.2), not counted 0 in silence
    assert r.row("both_penalties", "IX.1.2")["status"] == "missing" and np.isnan(r.score("both_penalties", "TOTAL"))
    assert ("both_penalties", "IX.1.2") in set(r.missing.itertuples(index=False, name=None))
    r = run(design, {"both_penalties": {**full, "IX.1.1": {"a": 300, "b": 600}, "IX.1.2": {"a": 0, "b": 10},
                                        "IX.2.1": {"value": 1}, "IX.2.2": {"value": 1}}})
    assert r.score("both_penalties", "TOTAL") == pytest.approx(100 - 1 - 1)
