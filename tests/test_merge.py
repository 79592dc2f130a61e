"""Merged units (issue "Analysts' own designs, units files, and the 2025 reorganisation").

The Ministry ranked merged provinces in DTI 2024 by "giá trị trung bình cộng các chỉ số chính
của DTI các tỉnh trước sáp nhập": each main indicator of a new unit is the unweighted mean of
that indicator over its former units; total, percent, band and rank follow from the means.
Design: Bắc Kạn cấp Sở (Điều 4.1: 75, 40, 50, 45, 150, 240 = 600 points; Điều 7.2 bands:
Khởi động ≤ 25% < Hình thành ≤ 50% < Nâng cao ≤ 75% < Dẫn dắt).
"""
import pandas as pd
import pytest

from dti_kit import InputError, load_design, score_units
from dti_kit.merge import MEAN_RULE, merge_scores, read_mapping

POINTS = {
    "a": (60, 30, 40, 40, 120, 200),  # 490
    "b": (45, 20, 30, 25, 90, 150),  # 360
    "c": (30, 10, 20, 10, 60, 100),  # 230
    "d": (70, 35, 45, 40, 140, 230),  # 560, merges alone
    "e": (75, 40, 50, 45, 150, 240),  # 600
    "f": (0, 0, 0, 0, 0, 0),  # 0
}


def _result(units=POINTS):
    rows = [(u, f"Đơn vị {u.upper()}", str(i + 1), "appraised_score", v) for u, pts in units.items() for i, v in enumerate(pts)]
    long = pd.DataFrame(rows, columns=["unit_id", "unit_name", "code", "variable", "value"])
    return score_units(load_design("bac-kan-2022-so"), long)


def _mapping(tmp_path, text):
    p = tmp_path / "mapping.csv"
    p.write_text(text, encoding="utf-8")
    return read_mapping(p)


MAPPING = "unit_id,new_unit_id,new_unit_name\na,x,Đơn vị mới X\nb,x,Đơn vị mới X\nc,x,Đơn vị mới X\nd,y,Đơn vị Y\ne,z,Đơn vị Z\nf,z,Đơn vị Z\n"


def test_each_main_indicator_is_the_mean_of_the_former_units_and_the_rest_follows(tmp_path):
    merged = merge_scores(_result(), _mapping(tmp_path, MAPPING))
    s = merged.scores.set_index(["unit_id", "code"])
    # X = mean of a, b, c: (60+45+30)/3 = 45, (30+20+10)/3 = 20, 30, 25, 90, 150
    assert [s.loc[("x", str(i)), "score"] for i in range(1, 7)] == [45, 20, 30, 25, 90, 150]
    t = merged.totals().set_index("unit_id")
    # X: 360 / 600 = 60% → Nâng cao (50% < 60% ≤ 75%)
    assert (t.loc["x", "score"], t.loc["x", "max_points"], t.loc["x", "percent"]) == (360, 600, 60)
    assert t.loc["x", "band"] == "Nâng cao" and t.loc["x", "former_units"] == 3
    # Y merges alone: its values unchanged (560 / 600 = 93,33% → Dẫn dắt)
    alone = _result().totals().set_index("unit_id").loc["d"]
    assert t.loc["y", "score"] == alone["score"] == 560 and t.loc["y", "percent"] == pytest.approx(alone["percent"])
    assert t.loc["y", "band"] == alone["band"] == "Dẫn dắt"
    # Z = mean of 600 and 0 = 300 → exactly 50% → Hình thành ("nhỏ hơn hoặc bằng 50% tổng điểm")
    assert (t.loc["z", "score"], t.loc["z", "percent"], t.loc["z", "band"]) == (300, 50, "Hình thành")
    # ranks among the new units only: Y 560, X 360, Z 300
    assert t["rank"].to_dict() == {"x": 2, "y": 1, "z": 3}
    assert t.loc["x", "unit_name"] == "Đơn vị mới X"
    assert MEAN_RULE["quote"] == "giá trị trung bình cộng các chỉ số chính của DTI các tỉnh trước sáp nhập"


def test_a_scored_unit_missing_from_the_mapping_and_a_mapping_row_without_scores_are_input_errors(tmp_path):
    mapping = _mapping(tmp_path, "unit_id,new_unit_id,new_unit_name\na,x,X\nb,x,X\nc,x,X\nd,y,Y\ne,z,Z\nghost,z,Z\n")
    with pytest.raises(InputError) as exc:
        merge_scores(_result(), mapping)
    got = sorted((p.unit_id, p.location) for p in exc.value.problems)
    assert got == [("f", ""), ("ghost", "line 7")]


def test_the_mapping_file_lists_every_problem_with_its_line(tmp_path):
    with pytest.raises(InputError) as exc:
        _mapping(tmp_path, "unit_id,new_unit_id,new_unit_name\na,x,X\na,y,Y\nb,x,Xã X khác\nc,,Z\n")
    got = [(p.location, p.message) for p in exc.value.problems]
    assert got == [("line 3", "unit 'a' is mapped twice (first on line 2)"),
                   ("line 4", "new unit 'x' has two names: 'X' and 'Xã X khác'"),
                   ("line 5", "empty new_unit_id")]
    with pytest.raises(InputError, match="missing column 'new_unit_name'"):
        _mapping(tmp_path, "unit_id,new_unit_id\na,x\n")


# -- the report's change since last year against merged units ---------------------------------

def _long(units):
    rows = [(u, f"Đơn vị {u.upper()}", str(i + 1), "appraised_score", v) for u, pts in units.items() for i, v in enumerate(pts)]
    return pd.DataFrame(rows, columns=["unit_id", "unit_name", "code", "variable", "value"])


def _scored(design_id, units, unranked=()):
    return score_units(load_design(design_id), _long(units), unranked=unranked)


def test_change_since_last_year_compares_each_new_unit_with_the_mean_of_its_former_units(tmp_path):
    from dti_kit.i18n import text
    from dti_kit.merge import change_since_last_year

    last = _result()  # a, b, c -> x (mean 360 of 600 = 60%, rank 2); d -> y (560, 93.33%, rank 1); e, f -> z (300, 50%, rank 3)
    this = _scored("bac-kan-2022-so", {"x": POINTS["e"], "y": POINTS["d"], "z": POINTS["f"]})  # 600, 560, 0
    ch = change_since_last_year(this, last, _mapping(tmp_path, MAPPING))
    assert ch.basis == "total" and ch.only_last == ch.only_this == ()
    t = ch.table.set_index("unit_id")
    assert list(t["former_units"]) == [3, 1, 2]
    assert list(t["last_score"]) == pytest.approx([360, 560, 300]) and list(t["last_percent"]) == pytest.approx([60, 280 / 3, 50])
    assert list(t["last_rank"]) == [2, 1, 3] and list(t["rank"]) == [1, 2, 3]
    assert list(t["change_score"]) == pytest.approx([240, 0, -300])
    assert list(t["change_percent"]) == pytest.approx([40, 0, -50])
    assert list(t["change_rank"]) == [1, -1, 0]  # x moved up one place, y down one
    assert [i for i, _ in ch.notes] == ["own.change_mean_rule"]
    assert MEAN_RULE["quote"] in text(ch.notes[0][0], "vi", **ch.notes[0][1])


def test_change_against_another_design_compares_only_the_shared_main_indicators_by_percent(tmp_path):
    from dti_kit.i18n import text
    from dti_kit.merge import change_since_last_year

    last = _result()  # Bắc Kạn sở: main indicators 1-6 (600 points)
    # Hải Dương cấp huyện: 1-5 of 50 points, 6 of 150, 7 and 8 of 100 (600); shared with last year: 1-6 (400 points)
    this = _scored("hai-duong-2023-huyen", {"x": (50, 50, 50, 50, 50, 150, 0, 0), "y": (25, 25, 25, 25, 25, 75, 100, 100),
                                            "z": (10, 10, 10, 10, 10, 30, 50, 50), "w": (50,) * 5 + (150, 100, 100)})
    ch = change_since_last_year(this, last, _mapping(tmp_path, MAPPING))
    assert ch.basis == "shared" and ch.shared_codes == ("1", "2", "3", "4", "5", "6") and ch.only_this == ("7", "8")
    t = ch.table.set_index("unit_id")
    assert list(t.loc[["x", "y", "z"], "percent"]) == pytest.approx([100, 50, 20])  # of the 400 shared points, not of 600
    assert list(t.loc[["x", "y", "z"], "last_percent"]) == pytest.approx([60, 280 / 3, 50])  # last year's six are all shared
    assert list(t.loc[["x", "y", "z"], "change_percent"]) == pytest.approx([40, 50 - 280 / 3, -30])
    assert t["change_score"].isna().all()  # points of two designs do not compare
    # w ties x on the shared 100%; Hải Dương counts tied units once ("xếp thứ 7/11 (có 2 huyện
    # bằng điểm)", the design's ranking.ties: dense), so y is 2nd, not 3rd
    assert list(t.loc[["x", "y", "z"], "rank"]) == [1, 2, 3] and t.loc["w", "rank"] == 1
    assert pd.isna(t.loc["w", "last_percent"]) and t.loc["w", "former_units"] == 0  # w has no former unit
    ids = [i for i, _ in ch.notes]
    assert ids == ["own.change_mean_rule", "own.change_shared_basis", "own.change_no_former"]
    said = text(ids[1], "en", **ch.notes[1][1])
    assert "bac-kan-2022-so" in said and "hai-duong-2023-huyen" in said and "1, 2, 3, 4, 5, 6" in said and "7, 8" in said
    assert "w" in text(ids[2], "vi", **ch.notes[2][1])


def test_change_ranks_both_years_by_the_designs_ranking_rule(tmp_path):
    """Hải Dương cấp huyện ranks tied units once (dense: "xếp thứ 7/11 (có 2 huyện bằng điểm)" in
    12 districts) at 2 decimals; the merged last year and this year are ranked by that rule, and
    a unit the units file leaves out of the ranking has no rank this year."""
    from dti_kit.merge import change_since_last_year

    d = "hai-duong-2023-huyen"  # 1-5 of 50 points, 6 of 150, 7 and 8 of 100: 600
    full, half, none = (50,) * 5 + (150, 100, 100), (25,) * 5 + (75, 50, 50), (0,) * 8
    # last year: a, b -> x (mean of 600 and 0 = 300 = 50%); c -> y (300, 50%); e -> z (0%)
    last = _scored(d, {"a": full, "b": none, "c": half, "e": none})
    mapping = _mapping(tmp_path, "unit_id,new_unit_id,new_unit_name\na,x,X\nb,x,X\nc,y,Y\ne,z,Z\n")
    # this year: x 600 (100%), y 300, z 300 (50%, tied)
    this = _scored(d, {"x": full, "y": half, "z": half})
    t = change_since_last_year(this, last, mapping).table.set_index("unit_id")
    assert list(t["last_percent"]) == pytest.approx([50, 50, 0])
    assert list(t["last_rank"]) == [1, 1, 2]  # dense: x and y tie once, z is 2nd (competition would say 3rd)
    assert list(t["rank"]) == [1, 2, 2] and list(t["change_rank"]) == [0, -1, 0]
    # a unit not ranked this year (a units file's ranked = 0): no rank and no change of rank;
    # the others are ranked without it
    u = change_since_last_year(_scored(d, {"x": full, "y": half, "z": half}, unranked={"y"}), last, mapping).table.set_index("unit_id")
    assert pd.isna(u.loc["y", "rank"]) and pd.isna(u.loc["y", "change_rank"]) and list(u.loc[["x", "z"], "rank"]) == [1, 2]
