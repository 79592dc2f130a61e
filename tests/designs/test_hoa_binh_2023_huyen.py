"""Hòa Bình 2023, cấp Huyện (Phụ lục III of Decision 1153/QĐ-UBND of 01/06/2023).

The flagship design: EVERY one of its 61 components has at least one hand-computed case in
``CASES`` (or, for the min-max component 5.8, in its own test), each quoting the method text
it computes. Expected values are written as the arithmetic of the method, never obtained by
calling the engine twice.
"""
from __future__ import annotations

import pytest
from conftest import long_table, run, seed_path

from dti_kit import InputError, load_design, score_units

DESIGN_ID = "hoa-binh-2023-huyen"
SEED_NAME = "000_1e8ff679e60961d5.txt"


@pytest.fixture(scope="module")
def design():
    return load_design(DESIGN_ID)


# --------------------------------------------------------------------------- structure

def test_identity_and_source(design):
    assert design.id == DESIGN_ID
    assert design.province == "Hòa Bình"
    assert design.year == 2023
    assert design.level == "huyen"
    assert design.level_name == "cấp Huyện"
    assert design.unit_kind == "UBND các huyện, thành phố"
    assert design.source.number == "1153/QĐ-UBND"
    assert str(design.source.date) == "2023-06-01"
    assert design.source.issuer == "Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình"
    assert design.source.part == "Phụ lục III"
    assert design.source.seed == "000_1e8ff679e60961d5.txt"
    assert design.detail == "full"
    assert design.index_value == "points"


def test_scale_and_main_indicators(design):
    # Mục IV.2: "Bộ chỉ số chuyển đổi số cấp Huyện gồm có 08 chỉ số chính, ..., thang điểm 1.000"
    # table: 7/100, 5/100, 10/100, 7/100, 8/100, 14/300, 6/100, 4/100
    assert design.scale == 1000
    expected = [
        ("1", "Nhận thức số", 100, 7, "foundation"),
        ("2", "Thể chế số", 100, 5, "foundation"),
        ("3", "Hạ tầng số", 100, 10, "foundation"),
        ("4", "Nhân lực số", 100, 7, "foundation"),
        ("5", "An toàn thông tin mạng", 100, 8, "foundation"),
        ("6", "Hoạt động chính quyền số", 300, 14, "activity"),
        ("7", "Hoạt động kinh tế số", 100, 6, "activity"),
        ("8", "Hoạt động xã hội số", 100, 4, "activity"),
    ]
    got = [(m.code, m.name, m.max_points, len(m.all_components()), m.group) for m in design.main_indicators]
    assert got == expected
    for m in design.main_indicators:
        assert m.scored
        assert m.stated_components == len(m.all_components())
        assert sum(c.max_points for c in m.all_components()) == pytest.approx(m.max_points)
    # the printed points add up to the scale: seven indicators of 100 and one of 300
    assert sum(m.max_points for m in design.main_indicators) == design.scale == 1000


def test_component_count_61_and_erratum_62(design):
    # Điều 1.2: "08 chỉ số chính, 61 chỉ số thành phần"; Mục IV.2 heading: "62 chỉ số thành phần"
    assert len(design.components()) == 61
    assert design.stated_components == 61
    e = {x.id: x for x in design.errata}["component-count-61-vs-62"]
    assert e.code is None
    assert "62 chỉ số thành phần" in e.text and "61" in e.text


def test_codes_are_strings_in_order(design):
    codes = [c.code for c in design.components()]
    assert codes[:7] == ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7"]
    assert "3.10" in codes and "6.14" in codes and codes[-1] == "8.4"
    assert all(isinstance(c, str) for c in codes)


def test_general_info_fields(design):
    gi = {f.code: (f.name, f.unit) for f in design.general_info}
    assert list(gi) == [f"1.{i}" for i in range(1, 21)]
    assert gi["1.1"] == ("Tên Huyện/Thành phố", "")
    assert gi["1.4"] == ("Số lượng dân số của Huyện/Thành phố", "Người")
    assert gi["1.6"] == ("Số lượng hộ gia đình của Huyện/Thành phố", "Hộ")
    assert gi["1.14"] == ("Số lượng hệ thống thông tin của /Huyện/Thành phố", "Hệ thống")  # typo kept
    assert gi["1.17"] == ("Số lượng điểm phục vụ bưu chính", "Điểm")
    assert gi["1.18"][1] == "Triệu đồng"
    assert gi["1.20"] == ("Tổng chi ngân sách nhà nước trên địa bàn", "Triệu đồng")


def test_na_policy_is_proportional_for_dvctt(design):
    na = design.na_policy
    assert na.method == "proportional"
    assert set(na.applies_to) == {"6.3", "6.4", "6.6"}
    assert na.source.startswith("Mục V.4.2: 2. Trường hợp các cơ quan, đơn vị không có Dịch vụ công trực tuyến (DVCTT)")
    if seed_path(SEED_NAME).is_file():
        assert na.source.removeprefix("Mục V.4.2: ") in seed_path(SEED_NAME).read_text(encoding="utf-8")


def test_known_errata_are_recorded(design):
    by_code: dict[object, set[str]] = {}
    for e in design.errata:
        by_code.setdefault(e.code, set()).add(e.id)
        assert all((e.problem_in(lang), e.assumption_in(lang)) for lang in ("vi", "en"))
    # lost '+' signs
    for code in ("3.1", "3.9", "4.4", "6.1"):
        assert any(i.startswith("plus-signs-lost") for i in by_code[code]), code
    # open boundaries
    for code in ("3.6", "4.7", "7.1", "7.2", "7.3", "7.5", "7.6", "8.2"):
        assert any(i.startswith(("open-boundary", "overlap")) for i in by_code[code]), code
    assert "a-b-swapped" in by_code["6.11"]
    assert "min-max-vs-share-of-best" in by_code["5.8"]
    assert "no-own-server-max" in by_code["5.6"]
    assert "component-count-61-vs-62" in by_code[None]
    mm = {e.id: e for e in design.errata}["min-max-vs-share-of-best"]
    assert "Min-Max" in mm.text and "điểm tối đa và giảm dần" in mm.text
    assert "min-max" in mm.assumption_in("en") and "not a share of the best" in mm.assumption_in("en")
    assert "Min-Max" in mm.assumption_in("vi") and "không tính theo tỷ lệ so với đơn vị cao nhất" in mm.assumption_in("vi")


def test_texts_are_verbatim(design):
    """Names, methods, evidence and choice/part labels are copied from the seed."""
    if not seed_path(SEED_NAME).is_file():
        pytest.skip("seed text not available")
    seed = seed_path(SEED_NAME).read_text(encoding="utf-8")
    for c in design.components():
        for t in [c.name, c.evidence, *c.method.split("\n")]:
            assert t in seed, (c.code, t)
        for case in c.rule.params.get("cases") or []:
            assert case["label"] in seed, (c.code, case["label"])


def test_rule_kinds_used(design):
    kinds = {c.rule.kind for c in design.components()}
    assert kinds == {"choice", "ratio", "tiers", "yes_no", "weighted_ratios", "ratio_target", "parts",
                     "relative", "all_or_nothing", "ratio_floor_cap", "per_item"}


# --------------------------------------------------------------------------- every component

YN = {"value": 1}
NO = {"value": 0}

# (code, method text quoted, inputs, expected points computed by hand)
CASES = [
    # 1 Nhận thức số --------------------------------------------------------------------
    ("1.1", "Trưởng ban là Bí thư/Chủ tịch huyện, thành phố: Điểm tối đa", {"value": "bi-thu-chu-tich"}, 20),
    ("1.1", "Trưởng ban là Phó Bí thư/Phó Chủ tịch huyện, thành phố: 1/2*Điểm tối đa", {"value": "pho-bi-thu-pho-chu-tich"}, 1 / 2 * 20),
    ("1.1", "Chưa có Ban chỉ đạo hoặc có nhưng Trưởng ban không phải Lãnh đạo huyện, thành phố: Không có điểm", {"value": "chua-co"}, 0),
    ("1.2", "a= Số cuộc họp CĐS của tỉnh có Bí thư/Chủ tịch cấp huyện tham gia ... Điểm= (a/b)*Điểm tối đa", {"a": 3, "b": 4}, 3 / 4 * 20),
    ("1.2", "Điểm= (a/b)*Điểm tối đa (every meeting attended)", {"a": 5, "b": 5}, 20),
    ("1.3", "a= Số cuộc họp CĐS của huyện, thành phố có Bí thư/Chủ tịch cấp huyện chủ trì ... Điểm= (a/b)*Điểm tối đa", {"a": 1, "b": 3}, 1 / 3 * 10),
    ("1.4", "a=Số lượng văn bản chỉ đạo chuyên đề ... ký; b=Tổng số ...; Điểm= (a/b)*Điểm tối đa", {"a": 2, "b": 5}, 2 / 5 * 20),
    ("1.5", "Từ 20 trở lên: điểm tối đa", {"chuyen_muc": 1, "so_tin_bai": 20}, 10),
    ("1.5", "Từ 10 đến 19: 1/2 *Điểm tối đa (19)", {"chuyen_muc": 1, "so_tin_bai": 19}, 1 / 2 * 10),
    ("1.5", "Từ 10 đến 19: 1/2 *Điểm tối đa (10)", {"chuyen_muc": 1, "so_tin_bai": 10}, 1 / 2 * 10),
    ("1.5", "Từ 01 đến 9: 1/4* Điểm tối đa (9)", {"chuyen_muc": 1, "so_tin_bai": 9}, 1 / 4 * 10),
    ("1.5", "Từ 01 đến 9: 1/4* Điểm tối đa (1)", {"chuyen_muc": 1, "so_tin_bai": 1}, 1 / 4 * 10),
    ("1.5", "section but 0 articles: in no case, erratum -> 0", {"chuyen_muc": 1, "so_tin_bai": 0}, 0),
    ("1.5", "- Chưa có chuyên mục: 0 điểm", {"chuyen_muc": 0, "so_tin_bai": 25}, 0),
    ("1.6", "- Đã có: Điểm tối đa;", YN, 10),
    ("1.6", "- Chưa có: 0 điểm", NO, 0),
    ("1.7", "Tần suất phát sóng từ 4 lần/1 tháng: Điểm tối đa.", {"value": 4}, 10),
    ("1.7", "Tần suất phát sóng từ 2-3 lần/1 tháng: 1/2* Điểm tối đa. (3)", {"value": 3}, 1 / 2 * 10),
    ("1.7", "Tần suất phát sóng từ 2-3 lần/1 tháng: 1/2* Điểm tối đa. (2)", {"value": 2}, 1 / 2 * 10),
    ("1.7", "between 3 and 4 (erratum): 1/2* Điểm tối đa", {"value": 3.5}, 1 / 2 * 10),
    ("1.7", "Tần suất phát sóng dưới 2 lần/1 tháng: 0 điểm.", {"value": 1}, 0),
    # 2 Thể chế số ----------------------------------------------------------------------
    ("2.1", "- Đã ban hành: Điểm tối đa", YN, 20),
    ("2.1", "- Chưa ban hành: 0 điểm", NO, 0),
    ("2.2", "- Đã ban hành: Điểm tối đa", YN, 20),
    ("2.2", "- Chưa ban hành: 0 điểm", NO, 0),
    ("2.3", "- Đã ban hành: Điểm tối đa", YN, 20),
    ("2.3", "- Chưa ban hành: 0 điểm", NO, 0),
    ("2.4", "- Có hướng dẫn, khuyến khích: Điểm tối đa", YN, 20),
    ("2.4", "- Chưa có: 0 điểm", NO, 0),
    ("2.5", "- Đã ban hành: Điểm tối đa", YN, 20),
    ("2.5", "- Chưa ban hành: 0 điểm", NO, 0),
    # 3 Hạ tầng số ----------------------------------------------------------------------
    ("3.1", "Điểm 1 =Tỷ lệ*3/4 Điểm tối đa; ... Điểm 2 = Tỷ lệ* 1/4 Điểm tối đa. Tổng điểm = Điểm 1 [+] Điểm 2.",
     {"a": 30, "b": 60, "c": 40, "d": 80}, 30 / 40 * 3 / 4 * 10 + 60 / 80 * 1 / 4 * 10),
    ("3.1", "Tổng điểm = Điểm 1 [+] Điểm 2 (all CBCC equipped, no VC equipped)",
     {"a": 40, "b": 0, "c": 40, "d": 50}, 1 * 3 / 4 * 10 + 0),
    ("3.1", "Tổng điểm = Điểm 1 [+] Điểm 2 (everyone equipped)", {"a": 40, "b": 50, "c": 40, "d": 50}, 10),
    ("3.2", "a = Số lượng UBND cấp xã ... kết nối mạng Truyền số liệu chuyên dùng. b = Tổng số UBND cấp xã ... Điểm= (a/b)*Điểm tối đa", {"a": 7, "b": 10}, 7 / 10 * 10),
    ("3.3", "a = Số xã, phường, thị trấn được phủ sóng di động 4G/5G ' b= Tổng số UBND cấp xã ... Điểm= (a/b)*Điểm tối đa", {"a": 9, "b": 12}, 9 / 12 * 10),
    ("3.4", "a = Số xã, phường, thị trấn có hạ tầng mạng băng rộng cáp quang bao phủ ... - Điểm = (a/b)*Điểm tối đa", {"a": 5, "b": 20}, 5 / 20 * 10),
    ("3.5", "Tỷ lệ >= 85%: Điểm tối đa (exactly 85 %)", {"a": 85, "b": 100}, 10),
    ("3.5", "Tỷ lệ >= 85%: Điểm tối đa (90 %)", {"a": 90, "b": 100}, 10),
    ("3.5", "Tỷ lệ < 85%: Điểm = Tỷ lệ/85%*Điểm tối đa (84 %)", {"a": 84, "b": 100}, 0.84 / 0.85 * 10),
    ("3.5", "Tỷ lệ < 85%: Điểm = Tỷ lệ/85%*Điểm tối đa (42.5 %)", {"a": 170, "b": 400}, 0.425 / 0.85 * 10),
    ("3.6", "- Tỷ lệ > 75%: Điểm tối đa (80 %)", {"a": 80, "b": 100}, 10),
    ("3.6", "exactly 75 % (open boundary, erratum): Tỷ lệ/75% * điểm tối đa = max", {"a": 75, "b": 100}, 0.75 / 0.75 * 10),
    ("3.6", "- Tỷ lệ <75: Điểm = Tỷ lệ/75% * điểm tối đa (74 %)", {"a": 74, "b": 100}, 0.74 / 0.75 * 10),
    ("3.6", "- Tỷ lệ <75: Điểm = Tỷ lệ/75% * điểm tối đa (30 %)", {"a": 30, "b": 100}, 0.30 / 0.75 * 10),
    ("3.7", "- Đã triển khai: Điểm tối đa.", YN, 10),
    ("3.7", "- Chưa triển khai: 0 điểm", NO, 0),
    ("3.8", "- Từ 30 camera trở lên: điểm tối đa.", {"value": 30}, 10),
    ("3.8", "- Từ 15 đến 29 camera: 1/2*Điểm tối đa. (29)", {"value": 29}, 1 / 2 * 10),
    ("3.8", "- Từ 15 đến 29 camera: 1/2*Điểm tối đa. (15)", {"value": 15}, 1 / 2 * 10),
    ("3.8", "- Từ 1 đến 14 camera: 1/4*Điểm tối đa. (14)", {"value": 14}, 1 / 4 * 10),
    ("3.8", "- Từ 1 đến 14 camera: 1/4*Điểm tối đa. (1)", {"value": 1}, 1 / 4 * 10),
    ("3.8", "- Chưa có: 0 điểm.", {"value": 0}, 0),
    ("3.9", "(1) ... tại Bộ phận một cửa UBND cấp huyện: 1/2*Điểm tối đa. - Điểm=(1) [+] (2)", {"p1": 1, "p2": 0}, 1 / 2 * 10 + 0),
    ("3.9", "(2) Mỗi điểm công cộng có hệ thống wifi miễn phí khác được tính 1 điểm", {"p1": 1, "p2": 3}, 1 / 2 * 10 + 3 * 1),
    ("3.9", "(2) ... được tính 1 điểm (Tối đa 5 điểm)", {"p1": 1, "p2": 7}, 1 / 2 * 10 + 5),
    ("3.9", "(2) only, no Wi-Fi at the one-stop shop", {"p1": 0, "p2": 2}, 0 + 2 * 1),
    ("3.9", "(2) at its cap, no (1)", {"p1": 0, "p2": 5}, 0 + 5),
    ("3.10", "a= Số đơn vị cấp xã có hệ thống Hội nghị truyền hình đáp ứng yêu cầu. b= Số đơn vị cấp xã. - Điểm = (a/b)*Điểm tối đa", {"a": 3, "b": 12}, 3 / 12 * 10),
    # 4 Nhân lực số ---------------------------------------------------------------------
    ("4.1", "a = Số xã, phường, thị trấn thành lập Ban Chỉ đạo chuyển đổi số cấp xã ... Điểm = (a/b)*Điểm tối đa.", {"a": 10, "b": 16}, 10 / 16 * 10),
    ("4.2", "a=Số Xã/Phường/Thị trấn có Tố công nghệ số cộng đồng ... - Điểm=(a/b)*Điểm tối đa", {"a": 4, "b": 16}, 4 / 16 * 20),
    ("4.3", "a=Số thôn, xóm trên địa bàn có tố công nghệ số cộng đồng ... Điểm = (a/b)*Điểm tối đa.", {"a": 50, "b": 200}, 50 / 200 * 20),
    ("4.4", "Điểm=((a [+] b [+] c [+] d)/(e [+] f))*Điểm tối đa",
     {"a": 2, "b": 3, "c": 1, "d": 4, "e": 80, "f": 120}, (2 + 3 + 1 + 4) / (80 + 120) * 10),
    ("4.5", "Có: Điểm tối đa", YN, 10),
    ("4.5", "Không: 0 điểm", NO, 0),
    ("4.6", "a= Số lượng công chức, viên chức được bồi dưỡng, tập huấn ... Điểm = (a/b)*Điểm tối đa.", {"a": 150, "b": 200}, 150 / 200 * 20),
    ("4.7", "Tỷ lệ (a/b) >50%: điểm tối đa; (51 %)", {"a": 51, "b": 100}, 10),
    ("4.7", "exactly 50 % (open boundary, erratum): Tỷ lệ*Điểm tối đa/50% = max", {"a": 50, "b": 100}, 0.5 * 10 / 0.5),
    ("4.7", "Tỷ lệ < 50%: Điểm=Tỷ lệ*Điểm tối đa/50% (49 %)", {"a": 49, "b": 100}, 0.49 * 10 / 0.5),
    ("4.7", "Tỷ lệ < 50%: Điểm=Tỷ lệ*Điểm tối đa/50% (20 %)", {"a": 20, "b": 100}, 0.20 * 10 / 0.5),
    # 5 An toàn thông tin mạng ----------------------------------------------------------
    ("5.1", "a = Số lượng hệ thống thông tin ... đã được phê duyệt hồ sơ cấp độ; ... - Điểm đánh giá= (a/b)*Điểm tối đa", {"a": 2, "b": 3}, 2 / 3 * 15),
    ("5.2", "a= Số lượng hệ thống thông tin ... đã triển khai đầy đủ phương án bảo vệ ... - Điểm=(a/b)*Điểm tối đa", {"a": 1, "b": 2}, 1 / 2 * 15),
    ("5.3", "- Được giám sát trực tiếp và kết nối chia sẻ dữ liệu ...: điểm tối đa.", YN, 10),
    ("5.3", "- Chưa được giám sát, kết nối: 0 điểm", NO, 0),
    ("5.4", "a= Số lượng hệ thống thông tin đã được kiểm tra, đánh giá; b= Tổng số hệ thống thông tin ; - Điểm=(a/b)*Điểm tối đa", {"a": 3, "b": 5}, 3 / 5 * 15),
    ("5.5", "a = Số lượng máy tính của CBCCVC ... được cài đặt giải pháp phòng, chống mã độc ... - Điểm = (a/b)*Điểm tối đa.", {"a": 90, "b": 120}, 90 / 120 * 10),
    ("5.6", "a = Số lượng máy chủ của cơ quan cài đặt phòng, chống mã độc ... - Điểm = (a/b)*Điểm tối đa.", {"a": 1, "b": 2}, 1 / 2 * 10),
    ("5.6", "Ghi chú: Trường hợp các cơ quan không có máy chủ riêng ... được điểm tối đa. (b = 0)", {"a": 0, "b": 0}, 10),
    ("5.7", "- Đã có: điểm tối đa.", YN, 10),
    ("5.7", "- Chưa có: 0 điểm.", NO, 0),
    # 5.8 (min-max) is tested on its own below: it depends on the other units
    # 6 Hoạt động chính quyền số --------------------------------------------------------
    ("6.1", "(1) ...: 4/5*Điểm tối đa (2) Đã chuyển đổi sang công nghệ IPv6: 1/5*Điểm tối đa - Điểm = (1) [+] (2)", {"p1": 1, "p2": 1}, 4 / 5 * 20 + 1 / 5 * 20),
    ("6.1", "(1) Đáp ứng yêu cầu chức năng, tính năng kỹ thuật theo quy định: 4/5*Điểm tối đa", {"p1": 1, "p2": 0}, 4 / 5 * 20),
    ("6.1", "(2) Đã chuyển đổi sang công nghệ IPv6: 1/5*Điểm tối đa", {"p1": 0, "p2": 1}, 1 / 5 * 20),
    ("6.1", "- Chưa đáp ứng, chưa chuyển đổi: 0 điểm", {"p1": 0, "p2": 0}, 0),
    ("6.2", "- Trên 40 tin, bài/năm trở lên: điểm tối đa (41)", {"value": 41}, 20),
    ("6.2", "- Từ 25 đến 40 tin bài/năm: 1/2*điểm tối đa (40, erratum)", {"value": 40}, 1 / 2 * 20),
    ("6.2", "- Từ 25 đến 40 tin bài/năm: 1/2*điểm tối đa (25)", {"value": 25}, 1 / 2 * 20),
    ("6.2", "- Từ 10 đến 24 tin bài/năm: 1/4*điểm tối đa (24)", {"value": 24}, 1 / 4 * 20),
    ("6.2", "- Từ 10 đến 24 tin bài/năm: 1/4*điểm tối đa (10)", {"value": 10}, 1 / 4 * 20),
    ("6.2", "- Dưới 10 tin bài/năm: 0 điểm", {"value": 9}, 0),
    ("6.3", "- Đã triển khai: Điểm tối đa;", YN, 10),
    ("6.3", "- Chưa triển khai: 0 điểm", NO, 0),
    ("6.4", "a= Số hồ sơ xử lý DVCTT toàn trình. b= Tổng số hồ sơ DVCTT ... - Điểm = (a/b)*Điểm tối đa", {"a": 30, "b": 40}, 30 / 40 * 40),
    ("6.5", "- Tỷ lệ 100% đạt điểm tối đa;", {"a": 100, "b": 100}, 20),
    ("6.5", "Không đạt tỷ lệ 100%: 0 điểm", {"a": 99, "b": 100}, 0),
    ("6.6", "- Tỷ lệ >=70% đạt điểm tối đa; (exactly 70 %)", {"a": 70, "b": 100}, 30),
    ("6.6", "- Tỷ lệ >=70% đạt điểm tối đa; (90 %)", {"a": 90, "b": 100}, 30),
    ("6.6", "- Tỷ lệ từ 30% đến 70%, Điểm = tỷ lệ*Điểm tối đa; (69 %)", {"a": 69, "b": 100}, 0.69 * 30),
    ("6.6", "- Tỷ lệ từ 30% đến 70%, Điểm = tỷ lệ*Điểm tối đa; (50 %)", {"a": 50, "b": 100}, 0.50 * 30),
    ("6.6", "- Tỷ lệ từ 30% đến 70%, Điểm = tỷ lệ*Điểm tối đa; (exactly 30 %)", {"a": 30, "b": 100}, 0.30 * 30),
    ("6.6", "- Tỷ lệ <30% không có điểm (29 %)", {"a": 29, "b": 100}, 0),
    ("6.7", "a = Số Lãnh đạo cấp huyện được cấp chứng thư số. b = Tổng số Lãnh đạo cấp huyện. - Điểm =(a/b)*Điểm tối đa.", {"a": 6, "b": 8}, 6 / 8 * 20),
    ("6.8", "a = Số văn bản điện tử được ký số cơ quan ... - Tỷ , lệ = a/b. - Điểm = Tỷ lệ*Điểm tối đa.", {"a": 450, "b": 500}, 450 / 500 * 20),
    ("6.9", "a = Số văn bản điện tử được ký số cá nhân của người có thẩm quyền ... - Điểm = (a/b)*Điểm tối đa", {"a": 300, "b": 500}, 300 / 500 * 20),
    ("6.10", "a = Số cuộc họp qua hệ thống hội nghị truyền hình giữa UBND cấp huyện và UBND cấp xã ... - Điểm = (a/b)*Điểm tối đa", {"a": 12, "b": 16}, 12 / 16 * 20),
    ("6.11", "- Điểm = (a/b)*Điểm tối đa with a = paperless meetings, b = all meetings (a/b swapped in the text, erratum)", {"a": 10, "b": 40}, 10 / 40 * 20),
    ("6.12", "a = Số CBCCVC ... được cấp và thường xuyên sử dụng thư điện tử công vụ; b = Tổng số CBCC - Điểm = (a/b)*Điểm tối đa", {"a": 150, "b": 200}, 150 / 200 * 10),
    ("6.12", "a counts CBCCVC, b only CBCC (erratum): a > b is capped at the max", {"a": 250, "b": 200}, 10),
    ("6.13", "a = Tổng số báo cáo định kỳ được ký số ... - Điểm = (a/b)*Điểm tối đa", {"a": 45, "b": 60}, 45 / 60 * 20),
    ("6.14", "- Điểm: Tỷ lệ>=1%: Điểm tối đa; (exactly 1 %)", {"a": 1, "b": 100}, 30),
    ("6.14", "- Điểm: Tỷ lệ>=1%: Điểm tối đa; (2 %)", {"a": 2, "b": 100}, 30),
    ("6.14", "Tỷ lệ<1%: Tỷ lệ/1%*Điểm tối đa. (0.5 %)", {"a": 5, "b": 1000}, 0.005 / 0.01 * 30),
    # 7 Hoạt động kinh tế số ------------------------------------------------------------
    ("7.1", "Tỷ lệ > 10%: Điểm tối đa (12 %)", {"a": 12, "b": 100}, 20),
    ("7.1", "exactly 10 % (open boundary, erratum): Tỷ lệ/10% *Điểm tối đa = max", {"a": 10, "b": 100}, 0.10 / 0.10 * 20),
    ("7.1", "Tỷ lệ <10%: Điểm = Tỷ lệ/10% *Điểm tối đa (9 %)", {"a": 9, "b": 100}, 0.09 / 0.10 * 20),
    ("7.1", "Tỷ lệ <10%: Điểm = Tỷ lệ/10% *Điểm tối đa (5 %)", {"a": 5, "b": 100}, 0.05 / 0.10 * 20),
    ("7.2", "Tỷ lệ > 50%: Điểm tối đa (60 %)", {"a": 60, "b": 100}, 20),
    ("7.2", "exactly 50 % (open boundary, erratum) = max", {"a": 50, "b": 100}, 20),
    ("7.2", "Tỷ lệ <50%: Điểm = Tỷ lệ/50% * Điểm tối đa (25 %)", {"a": 25, "b": 100}, 0.25 / 0.50 * 20),
    ("7.3", "Tỷ lệ > 80%: Điểm tối đa (90 %)", {"a": 90, "b": 100}, 10),
    ("7.3", "exactly 80 % (open boundary, erratum) = max", {"a": 80, "b": 100}, 10),
    ("7.3", "Tỷ lệ <80: Điểm = Tỷ lệ/80% *Điểm tối đa (40 %)", {"a": 40, "b": 100}, 0.40 / 0.80 * 10),
    ("7.4", "a = Số lượng doanh nghiệp nộp thuế điện tử b = Tổng số Doanh nghiệp; Tỷ lệ = a/b. Điểm = Tỷ lệ*Điểm tối đa", {"a": 3, "b": 4}, 3 / 4 * 20),
    ("7.5", "Tỷ lệ > 50%: Điểm tối đa (60 %)", {"a": 60, "b": 100}, 20),
    ("7.5", "exactly 50 % (open boundary, erratum: given the max)", {"a": 50, "b": 100}, 20),
    ("7.5", "Tỷ lệ <50: điểm = Tỷ lệ*Điểm tối đa (49 %, no '/50%')", {"a": 49, "b": 100}, 0.49 * 20),
    ("7.5", "Tỷ lệ <50: điểm = Tỷ lệ*Điểm tối đa (25 %)", {"a": 25, "b": 100}, 0.25 * 20),
    ("7.6", "Tỷ lệ > 5%: Điểm tối đa (6 %)", {"a": 6, "b": 100}, 10),
    ("7.6", "exactly 5 % (open boundary, erratum) = max", {"a": 5, "b": 100}, 10),
    ("7.6", "Tỷ lệ <5%: Điểm = Tỷ lệ/5% * Điểm tối đa (2 %)", {"a": 2, "b": 100}, 0.02 / 0.05 * 10),
    ("7.6", "transactions above parcels (not a part of a whole): Tỷ lệ > 5% -> max", {"a": 150, "b": 100}, 10),
    # 8 Hoạt động xã hội số -------------------------------------------------------------
    ("8.1", "a= Số người có danh tính số/ tài khoản định danh điện tử; b= Tổng dân số trên địa bàn; - Điểm: (a/b)*Điểm tối đa", {"a": 600, "b": 1000}, 600 / 1000 * 30),
    ("8.2", "Tỷ lệ>=65%: Điểm tối đa; (exactly 65 %)", {"a": 65, "b": 100}, 20),
    ("8.2", "Tỷ lệ>=65%: Điểm tối đa; (80 %)", {"a": 80, "b": 100}, 20),
    ("8.2", "Tỷ lệ<=65%: Tỷ lệ/65%*Điểm tối đa (64 %)", {"a": 64, "b": 100}, 0.64 / 0.65 * 20),
    ("8.2", "Tỷ lệ<=65%: Tỷ lệ/65%*Điểm tối đa (13 %)", {"a": 13, "b": 100}, 0.13 / 0.65 * 20),
    ("8.3", "a= Số lượng hộ gia đình có địa chỉ số; b= Tổng số hộ gia đình; - Điểm=(a/b)*Điểm tối đa", {"a": 1, "b": 4}, 1 / 4 * 30),
    ("8.4", "- Điểm = Số kênh* 10 điểm (1 kênh)", {"value": 1}, 1 * 10),
    ("8.4", "- Điểm = Số kênh* 10 điểm (2 kênh)", {"value": 2}, 2 * 10),
    ("8.4", "- Tổng điểm không quá điểm tối đa (3 kênh)", {"value": 3}, 20),
    ("8.4", "no channel", {"value": 0}, 0),
]


def _uid(i: int, code: str) -> str:
    return f"case{i:03d}-{code}"


@pytest.fixture(scope="module")
def all_cases(design):
    """Every case of CASES as its own unit, scored in one call."""
    units = {_uid(i, code): {code: inputs} for i, (code, _quote, inputs, _exp) in enumerate(CASES)}
    return run(design, units)


@pytest.mark.parametrize(
    "i, code, quote, expected",
    [pytest.param(i, code, quote, exp, id=f"{code}:{quote[:40]}") for i, (code, quote, _inp, exp) in enumerate(CASES)],
)
def test_component_case(all_cases, i, code, quote, expected):
    assert all_cases.score(_uid(i, code), code) == pytest.approx(expected)


def test_every_component_has_a_case(design):
    covered = {code for code, *_ in CASES} | {"5.8"}
    assert covered == {c.code for c in design.components()}


def test_5_8_min_max_over_districts(design):
    """Huyện 5.8: "Tính điểm theo phương pháp Min-Max, dựa vào đơn vị nào bố trí kinh phí lớn nhất
    thì điểm tối đa và giảm dần (Đơn vị triệu đồng)" — min-max assumed (erratum): the largest
    amount gets 15, the smallest 0, the others (x − min)/(max − min) × 15."""
    r = run(design, {
        "lac-son": {"5.8": {"value": 100}},
        "mai-chau": {"5.8": {"value": 300}},
        "tp-hoa-binh": {"5.8": {"value": 500}},
        "kim-boi": {"5.8": {"value": 200}},
    })
    assert r.score("tp-hoa-binh", "5.8") == pytest.approx(15)
    assert r.score("lac-son", "5.8") == pytest.approx(0)
    assert r.score("mai-chau", "5.8") == pytest.approx((300 - 100) / (500 - 100) * 15)
    assert r.score("kim-boi", "5.8") == pytest.approx((200 - 100) / (500 - 100) * 15)


def test_5_8_not_share_of_best(design):
    """Min-max, not share-of-best: with 400 and 800 triệu đồng share-of-best would give 400/800 × 15
    = 7.5; min-max gives the lower unit 0."""
    r = run(design, {"u1": {"5.8": {"value": 400}}, "u2": {"5.8": {"value": 800}}})
    assert r.score("u1", "5.8") == pytest.approx(0)
    assert r.score("u2", "5.8") == pytest.approx(15)


def test_5_8_all_equal_gets_max(design):
    """Every district spends the same: nobody is below the best, all get the max (erratum)."""
    r = run(design, {"u1": {"5.8": {"value": 250}}, "u2": {"5.8": {"value": 250}}})
    assert r.score("u1", "5.8") == pytest.approx(15)
    assert r.score("u2", "5.8") == pytest.approx(15)


# --------------------------------------------------------------------------- errors of input

def test_6_11_literal_a_b_reading_is_rejected(design):
    """Huyện 6.11 as printed: "b = Số cuộc họp ... có sử dụng Hệ thống phòng họp không giấy tờ ...;
    a = Số cuộc họp do UBND cấp huyện tổ chức trong năm" would give a = all meetings > b; the
    design reads a as the paperless meetings, so a > b is bad input."""
    with pytest.raises(InputError):
        run(design, {"u1": {"6.11": {"a": 40, "b": 10}}})


def test_3_1_no_vien_chuc_is_bad_input(design):
    """Huyện 3.1 gives no rule for d = 0 (unlike Sở 3.1): erratum, on_zero_denominator error."""
    with pytest.raises(InputError):
        run(design, {"u1": {"3.1": {"a": 10, "b": 0, "c": 10, "d": 0}}})


def test_ratio_zero_denominator_is_bad_input(design):
    """Huyện 4.6 "(a/b)" says nothing of b = 0 (1.2 with no meeting scores 0: erratum 1-2-no-meeting)."""
    with pytest.raises(InputError):
        run(design, {"u1": {"4.6": {"a": 0, "b": 0}}})


def test_numerator_above_denominator_is_bad_input(design):
    with pytest.raises(InputError):
        run(design, {"u1": {"4.6": {"a": 201, "b": 200}}})


def test_unknown_choice_code_is_bad_input(design):
    with pytest.raises(InputError):
        run(design, {"u1": {"1.1": {"value": "pho_chu_tich"}}})


# --------------------------------------------------------------------------- N/A (Mục V.4.2)

# inputs giving full marks on every component of main indicator 6 (300 points)
FULL_6 = {
    "6.1": {"p1": 1, "p2": 1},
    "6.2": {"value": 50},
    "6.3": {"value": 1},
    "6.4": {"a": 40, "b": 40},
    "6.5": {"a": 10, "b": 10},
    "6.6": {"a": 80, "b": 100},
    "6.7": {"a": 8, "b": 8},
    "6.8": {"a": 100, "b": 100},
    "6.9": {"a": 100, "b": 100},
    "6.10": {"a": 12, "b": 12},
    "6.11": {"a": 30, "b": 30},
    "6.12": {"a": 200, "b": 200},
    "6.13": {"a": 24, "b": 24},
    "6.14": {"a": 2, "b": 100},
}


def _ind6(**over):
    d = {k: dict(v) for k, v in FULL_6.items()}
    d.update(over)
    return d


def test_full_indicator_6(design):
    r = run(design, {"u1": _ind6()})
    assert r.score("u1", "6") == pytest.approx(300)


def test_na_proportional_no_dvctt(design):
    """Mục V.4.2: "Điểm chỉ số thành phần liên quan DVCTT thực hiện đánh giá = (Tổng điểm thực tế đạt
    được đối với các chỉ số thành phần ngoài chỉ số thành phần liên quan DVCTT/Tổng điểm tối đa của
    các chỉ số thành phần đó) nhân với Điểm tối đa của chỉ số thành phần tương ứng".
    A district without DVCTT: 6.3, 6.4 and 6.6 N/A. The other components of indicator 6 have
    300 − 10 − 40 − 30 = 220 points; 6.5 scores 0 (not 100 % digitised), so 200 of 220 achieved."""
    units = _ind6(**{"6.5": {"a": 9, "b": 10}})
    for code in ("6.3", "6.4", "6.6"):
        units[code] = {"na": 1}
    r = run(design, {"u1": units})
    frac = (220 - 20) / 220
    assert r.score("u1", "6.3") == pytest.approx(frac * 10)
    assert r.score("u1", "6.4") == pytest.approx(frac * 40)
    assert r.score("u1", "6.6") == pytest.approx(frac * 30)
    assert r.score("u1", "6") == pytest.approx(200 + frac * (10 + 40 + 30))


def test_na_zero_dvctt_files_is_na(design):
    """Huyện 6.4 with b = 0 (no DVCTT file): N/A (erratum), scored proportionally. The base is
    the components "ngoài chỉ số thành phần liên quan DVCTT" (erratum na-base-without-dvctt):
    300 − 10 (6.3) − 40 (6.4) − 30 (6.6) = 220 points, even though 6.3 and 6.6 apply; 6.1 scores
    only (1) = 4/5 × 20 = 16, so 220 − 4 = 216 are achieved; the other components 256 in all."""
    r = run(design, {"u1": _ind6(**{"6.4": {"a": 0, "b": 0}, "6.1": {"p1": 1, "p2": 0}})})
    assert r.score("u1", "6.4") == pytest.approx((220 - 4) / 220 * 40)
    assert r.score("u1", "6") == pytest.approx(256 + (220 - 4) / 220 * 40)


def test_na_not_allowed_outside_dvctt(design):
    with pytest.raises(InputError):
        run(design, {"u1": _ind6(**{"6.7": {"na": 1}})})


def test_total_of_a_perfect_district(design):
    """A district meeting every component fully: 1.000 points (5.8 alone among the units → max)."""
    full = {
        "1.1": {"value": "bi-thu-chu-tich"}, "1.2": {"a": 5, "b": 5}, "1.3": {"a": 4, "b": 4}, "1.4": {"a": 3, "b": 3},
        "1.5": {"chuyen_muc": 1, "so_tin_bai": 30}, "1.6": YN, "1.7": {"value": 4},
        "2.1": YN, "2.2": YN, "2.3": YN, "2.4": YN, "2.5": YN,
        "3.1": {"a": 10, "b": 10, "c": 10, "d": 10}, "3.2": {"a": 5, "b": 5}, "3.3": {"a": 5, "b": 5},
        "3.4": {"a": 5, "b": 5}, "3.5": {"a": 90, "b": 100}, "3.6": {"a": 80, "b": 100}, "3.7": YN,
        "3.8": {"value": 40}, "3.9": {"p1": 1, "p2": 5}, "3.10": {"a": 5, "b": 5},
        "4.1": {"a": 5, "b": 5}, "4.2": {"a": 5, "b": 5}, "4.3": {"a": 5, "b": 5},
        "4.4": {"a": 1, "b": 1, "c": 1, "d": 1, "e": 2, "f": 2}, "4.5": YN, "4.6": {"a": 5, "b": 5},
        "4.7": {"a": 60, "b": 100},
        "5.1": {"a": 2, "b": 2}, "5.2": {"a": 2, "b": 2}, "5.3": YN, "5.4": {"a": 2, "b": 2},
        "5.5": {"a": 9, "b": 9}, "5.6": {"a": 0, "b": 0}, "5.7": YN, "5.8": {"value": 120},
        **FULL_6,
        "7.1": {"a": 20, "b": 100}, "7.2": {"a": 60, "b": 100}, "7.3": {"a": 90, "b": 100},
        "7.4": {"a": 9, "b": 9}, "7.5": {"a": 9, "b": 9}, "7.6": {"a": 10, "b": 100},
        "8.1": {"a": 9, "b": 9}, "8.2": {"a": 70, "b": 100}, "8.3": {"a": 9, "b": 9}, "8.4": {"value": 2},
    }
    assert set(full) == {c.code for c in design.components()}
    r = score_units(design, long_table({"u1": full}))  # require_complete=True: nothing missing
    for m in design.main_indicators:
        assert r.score("u1", m.code) == pytest.approx(m.max_points), m.code
    assert r.score("u1", "TOTAL") == pytest.approx(1000)
