"""Merged units (issue "Analysts' own designs, units files, and the 2025 reorganisation").

The Ministry ranked merged provinces in DTI 2024 by "giá trị trung bình cộng các chỉ số chính
của DTI các tỉnh trước sáp nhập": each main indicator of a new unit is the unweighted mean of
that indicator over its former units; total, percent, band and rank follow from the means.
Design: Bắc Kạn cấp Sở (Điều 4.1: 75, 40, 50, 45, 150, 240 = 600 points; Điều 7.2 bands:
Khởi động ≤ 25 % < Hình thành ≤ 50 % < Nâng cao ≤ 75 % < Dẫn dắt).
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
    # X: 360 / 600 = 60 % → Nâng cao (50 % < 60 % ≤ 75 %)
    assert (t.loc["x", "score"], t.loc["x", "max_points"], t.loc["x", "percent"]) == (360, 600, 60)
    assert t.loc["x", "band"] == "Nâng cao" and t.loc["x", "former_units"] == 3
    # Y merges alone: its values unchanged (560 / 600 = 93,33 % → Dẫn dắt)
    alone = _result().totals().set_index("unit_id").loc["d"]
    assert t.loc["y", "score"] == alone["score"] == 560 and t.loc["y", "percent"] == pytest.approx(alone["percent"])
    assert t.loc["y", "band"] == alone["band"] == "Dẫn dắt"
    # Z = mean of 600 and 0 = 300 → exactly 50 % → Hình thành ("nhỏ hơn hoặc bằng 50% tổng điểm")
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
