"""Hòa Bình 2023, cấp Sở (Phụ lục II of Decision 1153/QĐ-UBND of 01/06/2023; units: Phụ lục I).

Every expected score below is computed by hand from the method text quoted next to it.
"""
from __future__ import annotations

import pytest
from conftest import one, run, seed_path

from dti_kit import InputError, load_design

DESIGN_ID = "hoa-binh-2023-so"
SEED_NAME = "000_1e8ff679e60961d5.txt"


@pytest.fixture(scope="module")
def design():
    return load_design(DESIGN_ID)


# --------------------------------------------------------------------------- structure

def test_identity_and_source(design):
    assert design.id == DESIGN_ID
    assert design.province == "Hòa Bình"
    assert design.year == 2023
    assert design.level == "so"
    assert design.level_name == "cấp Sở"
    assert design.source.number == "1153/QĐ-UBND"
    assert str(design.source.date) == "2023-06-01"
    assert design.source.part == "Phụ lục II"
    assert design.detail == "full"


def test_scale_and_main_indicators(design):
    # Mục IV.1: "06 chỉ số chính, 39 chỉ số thành phần, thang điểm 1.000";
    # table: 4/100, 4/100, 5/100, 3/100, 9/100, 14/500
    assert design.scale == 1000
    expected = [
        ("1", "Nhận thức số", 100, 4, "foundation"),
        ("2", "Thể chế số", 100, 4, "foundation"),
        ("3", "Hạ tầng số", 100, 5, "foundation"),
        ("4", "Nhân lực số", 100, 3, "foundation"),
        ("5", "An toàn thông tin mạng", 100, 9, "foundation"),
        ("6", "Hoạt động chính quyền số", 500, 14, "activity"),
    ]
    got = [(m.code, m.name, m.max_points, len(m.all_components()), m.group) for m in design.main_indicators]
    assert got == expected
    for m in design.main_indicators:
        assert m.stated_components == len(m.all_components())
        assert sum(c.max_points for c in m.all_components()) == pytest.approx(m.max_points)
    assert len(design.components()) == design.stated_components == 39


def test_6_14_max_points_implied(design):
    """Sở 6.14 has no max points in the text: 500 − (6.1 … 6.13 = 450) = 50 (erratum)."""
    comps = {c.code: c for c in design.components()}
    others = sum(comps[f"6.{i}"].max_points for i in range(1, 14))
    assert others == 20 + 40 + 40 + 50 + 40 + 30 + 20 + 20 + 40 + 20 + 50 + 40 + 40 == 450
    assert comps["6.14"].max_points == 500 - 450
    assert "max-points-missing" in {e.id for e in design.errata if e.code == "6.14"}


def test_units_of_phu_luc_i(design):
    assert len(design.units) == 19
    names = [name for _id, name in design.units]
    assert names[0] == "Văn phòng ủy ban nhân dân tỉnh"
    assert names[1] == "Sở Thông tin và Truyền thông"
    assert names[-1] == "Ban Dân tộc tỉnh"
    assert "Sở Lao động, Thương binh và Xã hội" in names
    ids = [uid for uid, _name in design.units]
    assert all(uid.isascii() and uid == uid.lower() for uid in ids)
    assert len(set(ids)) == 19
    assert dict(design.units)["so-y-te"] == "Sở Y tế"


def test_general_info_fields(design):
    gi = {f.code: (f.name, f.unit) for f in design.general_info}
    assert list(gi) == [f"1.{i}" for i in range(1, 11)]
    assert gi["1.1"] == ("Tên Sở/ban/ngành", "")
    assert gi["1.4"] == ("Số lượng cơ quan/đơn vị thuộc, trực thuộc Sở/ban/ngành", "Cơ quan")
    assert gi["1.6"] == ("Số lượng viên chức của Sở/ban/ngành hiện có", "Viên chức")
    assert gi["1.10"] == ("Số lượng thủ tục hành chính của Sở/ban/ngành", "Thủ tục")


def test_na_policy(design):
    assert design.na_policy.method == "proportional"
    assert set(design.na_policy.applies_to) == {"6.3", "6.4", "6.6"}
    if seed_path(SEED_NAME).is_file():
        assert design.na_policy.source.removeprefix("Mục V.4.2: ") in seed_path(SEED_NAME).read_text(encoding="utf-8")


def test_known_errata(design):
    ids = {(e.code, e.id) for e in design.errata}
    for code in ("1.3", "3.1", "4.1", "5.9", "6.1"):
        assert (code, f"plus-signs-lost-{code.replace('.', '-')}") in ids
    assert ("4.1", "min-max-vs-share-of-best") in ids
    assert ("3.1", "no-vc-fallback") in ids
    assert ("5.4", "no-own-server-max") in ids
    assert ("6", "na-scope-dvctt") in ids


def test_texts_are_verbatim(design):
    if not seed_path(SEED_NAME).is_file():
        pytest.skip("seed text not available")
    seed = seed_path(SEED_NAME).read_text(encoding="utf-8")
    for c in design.components():
        for t in [c.name, c.evidence, *c.method.split("\n")]:
            assert t in seed, (c.code, t)


# --------------------------------------------------------------------------- one case per rule kind

def test_1_1_choice(design):
    """Sở 1.1: "- Trưởng ban là Giám đốc/Thủ trưởng (cấp trưởng): Điểm tối đa - Trưởng ban là Phó
    giám đốc/Thủ trưởng (cấp phó): 1/2*Điểm tối đa; - Chưa có Ban Chỉ đạo ...: 0 điểm." """
    r = one(design, "1.1", {"u1": {"value": "cap-truong"}, "u2": {"value": "cap-pho"}, "u3": {"value": "chua-co"}})
    assert r.score("u1", "1.1") == pytest.approx(30)
    assert r.score("u2", "1.1") == pytest.approx(1 / 2 * 30)
    assert r.score("u3", "1.1") == pytest.approx(0)


def test_1_2_ratio(design):
    """Sở 1.2: "Điểm = (a/b)*Điểm tối đa." """
    r = one(design, "1.2", {"u1": {"a": 3, "b": 4}})
    assert r.score("u1", "1.2") == pytest.approx(3 / 4 * 20)


def test_1_3_weighted_ratios_lost_plus(design):
    """Sở 1.3: "- Điểm = a/c*Điểm tối đa [+] 1/2*b/c*Điểm tối đa." """
    r = one(design, "1.3", {
        "u1": {"a": 2, "b": 2, "c": 5},
        "u2": {"a": 5, "b": 0, "c": 5},
        "u3": {"a": 0, "b": 4, "c": 4},
    })
    assert r.score("u1", "1.3") == pytest.approx(2 / 5 * 20 + 1 / 2 * 2 / 5 * 20)
    assert r.score("u2", "1.3") == pytest.approx(20)
    assert r.score("u3", "1.3") == pytest.approx(1 / 2 * 4 / 4 * 20)


def test_1_4_tiers_with_gate(design):
    """Sở 1.4: "Từ 20 trở lên: điểm tối đa; Từ 10 đến 19: 1/2 *Điểm tối đa; Dưới 10: 1/4* Điểm tối
    đa; Chưa có chuyên mục: 0 điểm" """
    r = one(design, "1.4", {
        "n20": {"chuyen_muc": 1, "so_tin_bai": 20},
        "n19": {"chuyen_muc": 1, "so_tin_bai": 19},
        "n10": {"chuyen_muc": 1, "so_tin_bai": 10},
        "n9": {"chuyen_muc": 1, "so_tin_bai": 9},
        "n0": {"chuyen_muc": 1, "so_tin_bai": 0},
        "none": {"chuyen_muc": 0, "so_tin_bai": 30},
    })
    assert r.score("n20", "1.4") == pytest.approx(30)
    assert r.score("n19", "1.4") == pytest.approx(1 / 2 * 30)
    assert r.score("n10", "1.4") == pytest.approx(1 / 2 * 30)
    assert r.score("n9", "1.4") == pytest.approx(1 / 4 * 30)
    assert r.score("n0", "1.4") == pytest.approx(1 / 4 * 30)  # "Dưới 10" includes 0 articles
    assert r.score("none", "1.4") == pytest.approx(0)


def test_yes_no(design):
    """Sở 2.1: "- Đã ban hành: Điểm tối đa - Chưa ban hành: 0 điểm"; Sở 5.8: "- Có tham gia: Điểm tối đa
    - Không tham gia: 0 điểm" """
    r = run(design, {"u1": {"2.1": {"value": 1}, "5.8": {"value": 0}}, "u2": {"2.1": {"value": 0}, "5.8": {"value": 1}}})
    assert r.score("u1", "2.1") == pytest.approx(25)
    assert r.score("u2", "2.1") == pytest.approx(0)
    assert r.score("u1", "5.8") == pytest.approx(0)
    assert r.score("u2", "5.8") == pytest.approx(10)


def test_3_1_weighted_ratios_with_fallback(design):
    """Sở 3.1: "Điểm 1 = (a/c)* 3/4* Điểm tối đa; Điểm 2 = (b/d)*1/4*Điểm tối đa. Tổng điểm = Điểm 1
    [+] Điểm 2. Ghi chú: Với đơn vị không có Viên chức: Điểm = (a/c) * Điểm tối đa." """
    r = one(design, "3.1", {
        "with_vc": {"a": 30, "b": 60, "c": 40, "d": 80},
        "no_vc": {"a": 30, "b": 0, "c": 40, "d": 0},
    })
    assert r.score("with_vc", "3.1") == pytest.approx(30 / 40 * 3 / 4 * 20 + 60 / 80 * 1 / 4 * 20)
    assert r.score("no_vc", "3.1") == pytest.approx(30 / 40 * 20)


def test_3_5_tiers_on_a_count(design):
    """Sở 3.5: "- Có sử dụng từ 4 nền tảng trở lên: Điểm tối đa. - Có sử dụng 1-3 nền tảng:
    1/2*Điểm tối đa. - Chưa triển khai: 0 điểm." """
    r = one(design, "3.5", {"n4": {"value": 4}, "n3": {"value": 3}, "n1": {"value": 1}, "n0": {"value": 0}})
    assert r.score("n4", "3.5") == pytest.approx(20)
    assert r.score("n3", "3.5") == pytest.approx(1 / 2 * 20)
    assert r.score("n1", "3.5") == pytest.approx(1 / 2 * 20)
    assert r.score("n0", "3.5") == pytest.approx(0)


def test_4_1_min_max(design):
    """Sở 4.1: "- Tỷ lệ=(a [+] b [+] c [+] d)/(e [+] f); - Tính điểm theo phương pháp Min-Max, dựa vào
    đơn vị nào có tỷ lệ cao nhất thì điểm tối đa và giảm dần." Min-max assumed (erratum)."""
    r = one(design, "4.1", {
        "lo": {"a": 1, "b": 1, "c": 0, "d": 0, "e": 10, "f": 10},   # 2/20 = 0.10
        "mid": {"a": 1, "b": 1, "c": 1, "d": 0, "e": 10, "f": 10},  # 3/20 = 0.15
        "hi": {"a": 2, "b": 1, "c": 1, "d": 0, "e": 10, "f": 10},   # 4/20 = 0.20
    })
    assert r.score("hi", "4.1") == pytest.approx(30)
    assert r.score("lo", "4.1") == pytest.approx(0)
    assert r.score("mid", "4.1") == pytest.approx((0.15 - 0.10) / (0.20 - 0.10) * 30)


def test_5_4_no_own_server_gets_max(design):
    """Sở 5.4: "- Điểm = (a/b)*Điểm tối đa. Ghi chú: Trường hợp các cơ quan không có máy chủ riêng;
    máy chủ đặt tại Hệ thống tập trung của tỉnh được điểm tối đa." """
    r = one(design, "5.4", {"own": {"a": 1, "b": 4}, "none": {"a": 0, "b": 0}})
    assert r.score("own", "5.4") == pytest.approx(1 / 4 * 10)
    assert r.score("none", "5.4") == pytest.approx(10)


def test_5_9_tiers_on_a_ratio(design):
    """Sở 5.9: "- Tỷ lệ = (a [+] b)/c Thang điểm: Mức 1 > 10 % (điểm tối đa) Mức 2 > 7% (70% điểm)
    Mức 3 > 3% (30% điểm) Mức 4 < 3% (0 điểm)" — strict '>' as printed (erratum)."""
    r = one(design, "5.9", {
        "p11": {"a": 6, "b": 5, "c": 100},   # 11 %
        "p10": {"a": 6, "b": 4, "c": 100},   # exactly 10 %: not > 10 %
        "p8": {"a": 5, "b": 3, "c": 100},    # 8 %
        "p7": {"a": 4, "b": 3, "c": 100},    # exactly 7 %
        "p4": {"a": 2, "b": 2, "c": 100},    # 4 %
        "p3": {"a": 2, "b": 1, "c": 100},    # exactly 3 %: in no level -> 0
        "p1": {"a": 1, "b": 0, "c": 100},    # 1 %
    })
    assert r.score("p11", "5.9") == pytest.approx(15)
    assert r.score("p10", "5.9") == pytest.approx(0.7 * 15)
    assert r.score("p8", "5.9") == pytest.approx(0.7 * 15)
    assert r.score("p7", "5.9") == pytest.approx(0.3 * 15)
    assert r.score("p4", "5.9") == pytest.approx(0.3 * 15)
    assert r.score("p3", "5.9") == pytest.approx(0)
    assert r.score("p1", "5.9") == pytest.approx(0)


def test_6_1_parts(design):
    """Sở 6.1: "(1) ...: 4/5*Điểm tối đa (2) Đã chuyển đổi sang công nghệ IPv6: 1/5*Điểm tối đa -
    Điểm = (1) [+] (2)" """
    r = one(design, "6.1", {"both": {"p1": 1, "p2": 1}, "p1": {"p1": 1, "p2": 0}, "p2": {"p1": 0, "p2": 1}})
    assert r.score("both", "6.1") == pytest.approx(4 / 5 * 20 + 1 / 5 * 20)
    assert r.score("p1", "6.1") == pytest.approx(4 / 5 * 20)
    assert r.score("p2", "6.1") == pytest.approx(1 / 5 * 20)


def test_6_2_tiers_tren_30(design):
    """Sở 6.2: "- Trên 30 tin, bài/năm trở lên: điểm tối đa - Từ 21 đến 30 tin bài/năm: 1/2*điểm tối đa
    - Từ 10 đến 20 tin bài/năm: 1/4*điểm tối đa - Dưới 10 tin bài/năm: 0 điểm" """
    r = one(design, "6.2", {f"n{k}": {"value": k} for k in (31, 30, 21, 20, 10, 9)})
    assert r.score("n31", "6.2") == pytest.approx(40)
    assert r.score("n30", "6.2") == pytest.approx(1 / 2 * 40)
    assert r.score("n21", "6.2") == pytest.approx(1 / 2 * 40)
    assert r.score("n20", "6.2") == pytest.approx(1 / 4 * 40)
    assert r.score("n10", "6.2") == pytest.approx(1 / 4 * 40)
    assert r.score("n9", "6.2") == pytest.approx(0)


def test_6_5_all_or_nothing(design):
    """Sở 6.5: "- Tỷ lệ (a/b)=100% đạt điểm tối đa; Tỷ lệ (a/b)<100% không có điểm" """
    r = one(design, "6.5", {"all": {"a": 50, "b": 50}, "most": {"a": 49, "b": 50}})
    assert r.score("all", "6.5") == pytest.approx(40)
    assert r.score("most", "6.5") == pytest.approx(0)


def test_6_6_floor_and_cap(design):
    """Sở 6.6: "- Tỷ lệ >=70% Điểm = điểm tối đa; - Tỷ lệ từ 30% đến 70%, Điểm = tỷ lệ*Điểm tối đa;
    - Tỷ lệ <30% không có điểm" """
    r = one(design, "6.6", {f"p{k}": {"a": k, "b": 100} for k in (70, 69, 30, 29)})
    assert r.score("p70", "6.6") == pytest.approx(30)
    assert r.score("p69", "6.6") == pytest.approx(0.69 * 30)
    assert r.score("p30", "6.6") == pytest.approx(0.30 * 30)
    assert r.score("p29", "6.6") == pytest.approx(0)


def test_6_11_choice(design):
    """Sở 6.11: "- Có triển khai ... kết nối, chia sẻ được với hệ thống thông tin khác của tỉnh: Điểm
    tối đa. - Có triển khai ... chưa chia sẻ ...: 1/2*Điểm tối đa. - Không triển khai: 0 điểm." """
    r = one(design, "6.11", {"a": {"value": "chia-se"}, "b": {"value": "noi-bo"}, "c": {"value": "khong-trien-khai"}})
    assert r.score("a", "6.11") == pytest.approx(50)
    assert r.score("b", "6.11") == pytest.approx(1 / 2 * 50)
    assert r.score("c", "6.11") == pytest.approx(0)


def test_6_14_ratio_target(design):
    """Sở 6.14: "- Điểm: Tỷ lệ>=1%: Điểm tối đa; Tỷ lệ<1%: Tỷ lệ/1%*Điểm tối đa." (max 50 implied)"""
    r = one(design, "6.14", {"p1": {"a": 10, "b": 1000}, "p05": {"a": 5, "b": 1000}, "p3": {"a": 30, "b": 1000}})
    assert r.score("p1", "6.14") == pytest.approx(50)
    assert r.score("p3", "6.14") == pytest.approx(50)
    assert r.score("p05", "6.14") == pytest.approx(0.005 / 0.01 * 50)


# --------------------------------------------------------------------------- N/A (Mục V.4.2)

FULL_6 = {
    "6.1": {"p1": 1, "p2": 1}, "6.2": {"value": 40}, "6.3": {"a": 10, "b": 10}, "6.4": {"a": 50, "b": 50},
    "6.5": {"a": 10, "b": 10}, "6.6": {"a": 80, "b": 100}, "6.7": {"a": 5, "b": 5}, "6.8": {"a": 9, "b": 9},
    "6.9": {"a": 9, "b": 9}, "6.10": {"a": 50, "b": 50}, "6.11": {"value": "chia-se"}, "6.12": {"a": 12, "b": 12},
    "6.13": {"value": 1}, "6.14": {"a": 2, "b": 100},
}


def test_na_no_dvctt(design):
    """Mục V.4.2, a department without DVCTT: 6.3 (40), 6.4 (50) and 6.6 (30) are N/A; the others of
    indicator 6 have 500 − 120 = 380 points. 6.11 at 1/2 (25 of 50): achieved 380 − 25 = 355.
    Each N/A component = 355/380 × its max."""
    units = {k: dict(v) for k, v in FULL_6.items()}
    units["6.11"] = {"value": "noi-bo"}
    units["6.3"] = {"na": 1}
    units["6.4"] = {"na": 1}
    units["6.6"] = {"na": 1}
    r = run(design, {"u1": units})
    frac = 355 / 380
    assert r.score("u1", "6.3") == pytest.approx(frac * 40)
    assert r.score("u1", "6.4") == pytest.approx(frac * 50)
    assert r.score("u1", "6.6") == pytest.approx(frac * 30)
    assert r.score("u1", "6") == pytest.approx(355 + frac * 120)


def test_na_from_zero_dvctt(design):
    """Sở 6.3 "a = Số DVCTT toàn trình b = Tổng số DVCTT": b = 0 → N/A (erratum). Others: 460, all full."""
    units = {k: dict(v) for k, v in FULL_6.items()}
    units["6.3"] = {"a": 0, "b": 0}
    r = run(design, {"u1": units})
    assert r.score("u1", "6.3") == pytest.approx(460 / 460 * 40)
    assert r.score("u1", "6") == pytest.approx(500)


def test_bad_inputs(design):
    with pytest.raises(InputError):  # c = 0: no meeting, the method gives no score
        one(design, "1.3", {"u1": {"a": 0, "b": 0, "c": 0}})
    with pytest.raises(InputError):  # N/A only for the DVCTT components
        run(design, {"u1": {"6.7": {"na": 1}}})
