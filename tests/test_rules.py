"""Each rule kind with its boundaries, computed by hand from the texts that use it."""
from __future__ import annotations

import numpy as np
import pytest

from dti_kit.errors import RuleParamError
from dti_kit.rules import Env, make_rule, rule_kinds


def env(**cols):
    n = len(next(iter(cols.values())))
    numbers = {k: np.asarray(v, dtype=float) for k, v in cols.items() if not isinstance(v[0], str)}
    texts = {k: np.asarray(v, dtype=object) for k, v in cols.items() if isinstance(v[0], str)}
    return Env(n, numbers, texts)


def scores(rule, **cols):
    return list(rule.score(env(**cols)))


def test_registry_has_every_method_of_seeds_md():
    # SEEDS.md "Methods that occur": ratio, target, floor and cap, all or nothing, bands on a
    # count or ratio, tiers of a share, yes/no, choice, parts, points per item, weighted ratios
    # with a fallback, relative (min-max / share of best), sum of sub-components.
    assert set(rule_kinds()) >= {
        "ratio", "ratio_target", "ratio_floor_cap", "all_or_nothing", "tiers", "yes_no", "choice",
        "parts", "per_item", "weighted_ratios", "relative", "sum", "given", "constant",
    }


def test_yes_no():
    # Hòa Bình Huyện 2.1: "- Đã ban hành: Điểm tối đa - Chưa ban hành: 0 điểm" (20 points)
    r = make_rule({"kind": "yes_no"}, 20)
    assert scores(r, value=[1, 0, np.nan])[:2] == [20, 0]
    assert np.isnan(scores(r, value=[1, 0, np.nan])[2])
    bad = r.checks(env(value=[2.0, 1.0]))
    assert bad and list(bad[0][0]) == [True, False]


def test_choice_head_of_steering_board():
    # Hòa Bình Sở 1.1 (30 points): "Trưởng ban là Giám đốc/Thủ trưởng (cấp trưởng): Điểm tối đa;
    # Trưởng ban là Phó giám đốc/Thủ trưởng (cấp phó): 1/2*Điểm tối đa; Chưa có Ban Chỉ đạo …: 0 điểm."
    r = make_rule({"kind": "choice", "cases": [
        {"value": "truong", "share": 1}, {"value": "pho", "share": 0.5}, {"value": "khong", "share": 0}]}, 30)
    assert scores(r, value=["truong", "pho", "khong"]) == [30, 15, 0]
    checks = r.checks(env(value=["truong", "giam-doc"]))
    assert list(checks[0][0]) == [False, True]


def test_ratio_and_cap():
    # Huyện 1.2 (20): "Điểm= (a/b)*Điểm tối đa"; 7 of 10 meetings → 14.
    r = make_rule({"kind": "ratio", "numerator": ["a"], "denominator": ["b"]}, 20)
    assert scores(r, a=[7, 10, 0], b=[10, 10, 10]) == [pytest.approx(14), 20, 0]
    # a > b where a is part of b is bad input, reported
    (mask, var, en, vi), = r.checks(env(a=[11.0, 5.0], b=[10.0, 10.0]))
    assert list(mask) == [True, False] and "above" in en
    # b = 0 with no rule stated: bad input
    checks = r.checks(env(a=[0.0], b=[0.0]))
    assert any("= 0" in c[2] for c in checks)


def test_ratio_sum_of_numerators():
    # Huyện 4.4 (10): "Điểm=((a b c d)/(e f))*Điểm tối đa" (the + signs lost): (1+2+3+4)/(20+30) × 10 = 2
    r = make_rule({"kind": "ratio", "numerator": ["a", "b", "c", "d"], "denominator": ["e", "f"]}, 10)
    assert scores(r, a=[1], b=[2], c=[3], d=[4], e=[20], f=[30]) == [pytest.approx(2.0)]


def test_ratio_zero_denominator_max():
    # Huyện 5.6: "Trường hợp các cơ quan không có máy chủ riêng … được điểm tối đa" (10)
    r = make_rule({"kind": "ratio", "numerator": ["a"], "denominator": ["b"], "on_zero_denominator": "max"}, 10)
    assert scores(r, a=[0, 3], b=[0, 4]) == [10, 7.5]
    assert r.checks(env(a=[0.0], b=[0.0])) == []


def test_ratio_zero_denominator_na():
    r = make_rule({"kind": "ratio", "numerator": ["a"], "denominator": ["b"], "on_zero_denominator": "na"}, 10)
    assert list(r.na_mask(env(a=[0.0, 1.0], b=[0.0, 2.0]))) == [True, False]


def test_ratio_target():
    # Huyện 3.5 (10): "Tỷ lệ >= 85%: Điểm tối đa; Tỷ lệ < 85%: Điểm = Tỷ lệ/85%*Điểm tối đa"
    r = make_rule({"kind": "ratio_target", "numerator": ["a"], "denominator": ["b"], "target": 0.85}, 10)
    got = scores(r, a=[85, 90, 42.5, 0], b=[100, 100, 100, 100])
    assert got == [pytest.approx(10), 10, pytest.approx(0.425 / 0.85 * 10), 0]


def test_ratio_floor_cap():
    # Huyện 6.6 (30): "Tỷ lệ >=70% đạt điểm tối đa; - Tỷ lệ từ 30% đến 70%, Điểm = tỷ lệ*Điểm tối đa;
    # - Tỷ lệ <30% không có điểm"
    r = make_rule({"kind": "ratio_floor_cap", "numerator": ["a"], "denominator": ["b"],
                   "full_from": 0.7, "zero_below": 0.3}, 30)
    got = scores(r, a=[70, 69, 30, 29, 100], b=[100] * 5)
    assert got == [30, pytest.approx(0.69 * 30), pytest.approx(0.3 * 30), 0, 30]


def test_ratio_floor_cap_strict_and_scaled():
    # "> 50%: max; < 50%: Tỷ lệ*Điểm tối đa/50%" with exactly 50% taken by the scaled branch
    r = make_rule({"kind": "ratio_floor_cap", "numerator": ["a"], "denominator": ["b"], "full_from": 0.5,
                   "full_inclusive": False, "between": "scaled"}, 10)
    assert scores(r, a=[50, 51, 25], b=[100] * 3) == [pytest.approx(10), 10, pytest.approx(5)]
    r2 = make_rule({"kind": "ratio_floor_cap", "numerator": ["a"], "denominator": ["b"], "full_from": 0.5,
                    "full_inclusive": False}, 20)
    # Huyện 7.5: "Tỷ lệ > 50%: Điểm tối đa Tỷ lệ <50: điểm = Tỷ lệ*Điểm tối đa": 50% → 0.5 × 20
    assert scores(r2, a=[50, 51], b=[100, 100]) == [pytest.approx(10), 20]


def test_all_or_nothing():
    # Huyện 6.5 (20): "Tỷ lệ 100% đạt điểm tối đa; Không đạt tỷ lệ 100%: 0 điểm"
    r = make_rule({"kind": "all_or_nothing", "numerator": ["a"], "denominator": ["b"]}, 20)
    assert scores(r, a=[100, 99, 1], b=[100, 100, 1]) == [20, 0, 20]
    # Vũng Tàu bonus "Trên 50% hồ sơ …": strictly above 50%
    r2 = make_rule({"kind": "all_or_nothing", "numerator": ["a"], "denominator": ["b"], "threshold": 0.5, "inclusive": False}, 1)
    assert scores(r2, a=[50, 51], b=[100, 100]) == [0, 1]


def test_tiers_on_a_count_with_gate():
    # Sở 1.4 (30): "Đã có chuyên mục và số lượng tin, bài … đạt: Từ 20 trở lên: điểm tối đa;
    # Từ 10 đến 19: 1/2 *Điểm tối đa; Dưới 10: 1/4* Điểm tối đa; Chưa có chuyên mục: 0 điểm"
    r = make_rule({"kind": "tiers", "tiers": [{"min": 20, "share": 1}, {"min": 10, "share": 0.5}],
                   "otherwise": 0.25, "gate": "gate"}, 30)
    got = scores(r, value=[20, 19, 10, 9, 0, 25], gate=[1, 1, 1, 1, 1, 0])
    assert got == [30, 15, 15, 7.5, 7.5, 0]


def test_tiers_strict_boundary():
    # Huyện 6.2 (20): "Trên 40 tin, bài/năm trở lên: điểm tối đa - Từ 25 đến 40: 1/2 - Từ 10 đến 24: 1/4
    # - Dưới 10: 0 điểm" → 40 falls in "từ 25 đến 40"
    r = make_rule({"kind": "tiers", "tiers": [{"min": 40, "inclusive": False, "share": 1},
                                              {"min": 25, "share": 0.5}, {"min": 10, "share": 0.25}]}, 20)
    assert scores(r, value=[41, 40, 25, 24, 10, 9]) == [20, 10, 10, 5, 5, 0]


def test_tiers_of_a_share():
    # "≥ 10% → 100%; ≥ 7% → 70%; ≥ 3% → 30%; < 3% → 0" (SEEDS.md, tiers of a share)
    r = make_rule({"kind": "tiers", "of": "ratio", "numerator": ["a"], "denominator": ["b"],
                   "tiers": [{"min": 0.10, "share": 1}, {"min": 0.07, "share": 0.7}, {"min": 0.03, "share": 0.3}]}, 10)
    assert scores(r, a=[10, 7, 3, 2.9], b=[100] * 4) == [10, 7, 3, 0]


def test_per_item():
    # Huyện 8.4 (20): "Điểm = Số kênh* 10 điểm - Tổng điểm không quá điểm tối đa"
    r = make_rule({"kind": "per_item", "points": 10}, 20)
    assert scores(r, value=[0, 1, 2, 5]) == [0, 10, 20, 20]


def test_parts_wifi():
    # Huyện 3.9 (10): "(1) Có hệ thống Wifi … tại Bộ phận một cửa: 1/2*Điểm tối đa. (2) Mỗi điểm công cộng
    # … được tính 1 điểm (Tối đa 5 điểm) - Điểm=(1) (2)"
    r = make_rule({"kind": "parts", "parts": [
        {"label": "(1)", "share": 0.5, "rule": {"kind": "yes_no", "variable": "p1"}},
        {"label": "(2)", "points": 5, "rule": {"kind": "per_item", "variable": "p2", "points": 1}}]}, 10)
    assert scores(r, p1=[1, 0, 1], p2=[3, 7, 0]) == [8, 5, 5]


def test_parts_must_add_up():
    with pytest.raises(RuleParamError, match="sum to"):
        make_rule({"kind": "parts", "parts": [{"share": 0.5, "rule": {"kind": "yes_no", "variable": "p1"}}]}, 10)


def test_weighted_ratios_with_fallback():
    # Sở 3.1 (20): "Điểm 1 = (a/c)* 3/4* Điểm tối đa; Điểm 2 = (b/d)*1/4*Điểm tối đa. Tổng điểm = Điểm 1 Điểm 2.
    # Ghi chú: Với đơn vị không có Viên chức: Điểm = (a/c) * Điểm tối đa."
    r = make_rule({"kind": "weighted_ratios", "on_zero_denominator": "redistribute", "terms": [
        {"numerator": ["a"], "denominator": ["c"], "weight": 0.75},
        {"numerator": ["b"], "denominator": ["d"], "weight": 0.25}]}, 20)
    got = scores(r, a=[40, 40], b=[10, 0], c=[50, 50], d=[20, 0])
    assert got == [pytest.approx(0.8 * 15 + 0.5 * 5), pytest.approx(0.8 * 20)]


def test_weighted_ratios_capped():
    # Sở 1.3 (20): "Điểm = a/c*Điểm tối đa 1/2*b/c*Điểm tối đa": 6 of 10 chaired by the head, 4 by a deputy
    r = make_rule({"kind": "weighted_ratios", "terms": [
        {"numerator": ["a"], "denominator": ["c"], "weight": 1.0},
        {"numerator": ["b"], "denominator": ["c"], "weight": 0.5}]}, 20)
    assert scores(r, a=[6, 10], b=[4, 10], c=[10, 10]) == [pytest.approx(0.6 * 20 + 0.5 * 0.4 * 20), 20]


def test_relative_min_max_and_share_of_best():
    # Huyện 5.8 (15): "Tính điểm theo phương pháp Min-Max, dựa vào đơn vị nào bố trí kinh phí lớn nhất thì
    # điểm tối đa và giảm dần": budgets 100, 60, 20 → 15, (60-20)/(100-20) × 15 = 7.5, 0
    r = make_rule({"kind": "relative", "method": "min_max"}, 15)
    assert scores(r, value=[100, 60, 20]) == [15, 7.5, 0]
    # Ninh Thuận 7.10: "tỷ lệ của địa phương/tỷ lệ của địa phương cao nhất * điểm tối đa"
    s = make_rule({"kind": "relative", "method": "share_of_best"}, 10)
    assert scores(s, value=[100, 60, 20]) == [10, 6, 2]
    # everyone equal: min-max gives max (stated per rule, on_all_equal)
    assert scores(r, value=[5, 5]) == [15, 15]


def test_relative_ignores_missing_units():
    r = make_rule({"kind": "relative", "method": "min_max"}, 10)
    got = scores(r, value=[10, np.nan, 0])
    assert got[0] == 10 and got[2] == 0 and np.isnan(got[1])


def test_bad_parameters_are_listed():
    with pytest.raises(RuleParamError) as exc:
        make_rule({"kind": "ratio_target", "numerator": "a", "target": 2, "bogus": 1}, 10)
    text = str(exc.value)
    assert "numerator" in text and "target" in text and "bogus" in text and "denominator" in text
    with pytest.raises(RuleParamError, match="unknown rule kind"):
        make_rule({"kind": "magic"}, 10)


@pytest.mark.parametrize("kind", sorted(set(rule_kinds()) - {"sum", "given", "constant"}))
def test_examples_give_full_and_zero(kind):
    params = {
        "yes_no": {}, "choice": {"cases": [{"value": "x", "share": 1}, {"value": "y", "share": 0}]},
        "ratio": {"numerator": ["a"], "denominator": ["b"]},
        "ratio_target": {"numerator": ["a"], "denominator": ["b"], "target": 0.8},
        "ratio_floor_cap": {"numerator": ["a"], "denominator": ["b"], "full_from": 0.7, "zero_below": 0.3},
        "all_or_nothing": {"numerator": ["a"], "denominator": ["b"]},
        "tiers": {"tiers": [{"min": 5, "share": 1}]}, "per_item": {"points": 3},
        "weighted_ratios": {"terms": [{"numerator": ["a"], "denominator": ["b"], "weight": 1}]},
        "parts": {"parts": [{"share": 1, "rule": {"kind": "yes_no", "variable": "p1"}}]},
        "relative": {"method": "min_max"},
    }[kind]
    r = make_rule({"kind": kind, **params}, 10)
    ex = r.examples()
    cols = {v: [ex["best"][v], ex["worst"][v]] for v in r.variables()}
    assert scores(r, **cols) == [10, 0]
