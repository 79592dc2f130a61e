"""Issue 16: rules of the texts the engine used to break, each with a case computed by hand.

The made-up design of tests/fixtures/mini-2024-huyen.yaml has every structural feature; the
cases on real designs quote the official texts in shared/seeds.
"""
from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, long_table

from dti_kit import InputError, load_design, score_units

FULL_U1 = {
    "1.1": {"value": 1}, "1.2": {"a": 5, "b": 10},
    "3.1": {"a": 10, "b": 20}, "3.2": {"a": 10, "b": 10}, "3.3": {"value": 1},
    "3.4.1": {"value": 1}, "3.4.2": {"value": 3}, "4.1": {"value": 50},
    "B.1": {"value": 0}, "B.2": {"value": 0},
}


def cli(*args):
    return subprocess.run([sys.executable, "-m", "dti_kit", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")


def write_csv(tmp_path, rows, name="in.csv"):
    p = tmp_path / name
    pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"]).to_csv(p, index=False)
    return p


# -- 1. a given score counts at every level above it ------------------------------------------

def test_a_group_score_given_counts_in_its_indicator_and_the_total(mini):
    # Vũng Tàu's forms sum the groups VI.1 … VI.7 into "VI CHÍNH QUYỀN SỐ 50" and the main
    # indicators into "TỔNG ĐIỂM 100": the group 3.G (10 + 20 = 30 points) given 25, its
    # components 3.3 and 3.4 left blank → 3 = 3.1 (10/20 × 20 = 10) + 3.2 (10) + 25 = 45
    u = {k: v for k, v in FULL_U1.items() if k not in ("3.3", "3.4.1", "3.4.2")}
    r = score_units(mini, long_table({"u": {**u, "3.G": {"appraised_score": 25}}}))
    assert r.score("u", "3.G") == 25 and r.row("u", "3.G")["status"] == "given"
    assert r.score("u", "3") == 45
    # total = 1 (10 + 5) + 3 (45) + 4.1 (one unit: 20) = 80
    assert r.score("u", "TOTAL") == 80


def test_a_group_score_given_wins_over_its_components(mini):
    # the components would sum 10 + 18 = 28; the appraised 30 (the group's max, the boundary) wins
    r = score_units(mini, long_table({"u": {**FULL_U1, "3.G": {"appraised_score": 30}}}))
    assert r.score("u", "3.G") == 30 and r.row("u", "3.G")["computed_score"] == 28
    assert r.score("u", "3") == 10 + 10 + 30


def test_a_given_score_above_the_nodes_max_is_refused(mini, tmp_path):
    with pytest.raises(InputError) as exc:
        score_units(mini, long_table({"u": {**FULL_U1, "3.G": {"appraised_score": 30.5}, "3.4": {"appraised_score": 21}}}))
    probs = {(p.code, p.variable): p.message for p in exc.value.problems}
    assert probs == {("3.G", "appraised_score"): "appraised score outside 0…30",
                     ("3.4", "appraised_score"): "appraised score outside 0…20"}
    # through the command line on a real design: VI.1 (Vũng Tàu huyện) has max 10 … exit 2
    d = load_design("vung-tau-2024-huyen")
    grp = d.node("VI.1")
    p = write_csv(tmp_path, [("h1", "VI.1", "appraised_score", grp.max_points + 1)])
    res = cli("score", "vung-tau-2024-huyen", str(p), "--out", str(tmp_path / "out.csv"))
    assert res.returncode == 2
    assert str(p) in res.stderr and "line 2" in res.stderr and "h1" in res.stderr and "code VI.1" in res.stderr
    assert f"appraised score outside 0…{grp.max_points:g}" in res.stderr
    assert not (tmp_path / "out.csv").exists()


# -- 2. bonus and penalty scores range-checked with their sign; a blank one is missing ------

@pytest.mark.parametrize("code,score,ok", [
    ("B.1", 0, True), ("B.1", 1, True), ("B.1", 1.01, False), ("B.1", -0.5, False), ("B.1", 5, False),
    ("B.2", 0, True), ("B.2", -1, True), ("B.2", -1.01, False), ("B.2", 1, False),
])
def test_given_bonus_and_penalty_scores_lie_between_0_and_their_points(mini, code, score, ok):
    # Vũng Tàu IX "ĐIỂM THƯỞNG, ĐIỂM TRỪ": a bonus of +1 is worth 0 or up to +1, a penalty of −1 is 0 or down to −1
    long = long_table({"u": {**FULL_U1, code: {"appraised_score": score}}})
    if ok:
        r = score_units(mini, long)
        # 1 (15) + 3 (48) + 4.1 (one unit: 20) = 83, then the item
        assert r.score("u", code) == score and r.score("u", "TOTAL") == 83 + score
        return
    with pytest.raises(InputError) as exc:
        score_units(mini, long)
    lo, hi = (0, 1) if code == "B.1" else (-1, 0)
    assert [(p.code, p.variable, p.message) for p in exc.value.problems] == [
        (code, "appraised_score", f"appraised score outside {lo}…{hi}")]


def test_a_bonus_item_with_no_input_is_missing_not_zero(mini, tmp_path):
    u = {k: v for k, v in FULL_U1.items() if k != "B.2"}
    with pytest.raises(InputError) as exc:
        score_units(mini, long_table({"u": u}))
    assert [(p.unit_id, p.code, p.message) for p in exc.value.problems] == [
        ("u", "B.2", "no inputs and no score given (missing)")]
    r = score_units(mini, long_table({"u": u}), require_complete=False)
    assert list(r.missing.itertuples(index=False, name=None)) == [("u", "B.2")]
    assert r.row("u", "B.2")["status"] == "missing" and np.isnan(r.score("u", "TOTAL"))
    # the command line: Vũng Tàu xã's penalty IX.2.1 (−1) given +1 is refused, exit 2
    d = load_design("vung-tau-2024-xa")
    from conftest import example_rows
    rows = [r for r in example_rows(d, "best", "x1") if r[1] != "IX.2.1"] + [("x1", "IX.2.1", "appraised_score", 1)]
    p = write_csv(tmp_path, rows)
    res = cli("score", "vung-tau-2024-xa", str(p), "--out", str(tmp_path / "out.csv"))
    assert res.returncode == 2, res.stderr
    assert f"line {len(rows) + 1}" in res.stderr and "code IX.2.1" in res.stderr and "appraised score outside -1…0" in res.stderr


# -- 4. na = 1 and a score on the same main indicator -----------------------------------------

@pytest.mark.parametrize("policy", ["exclude", "peer-mean", "proportional", "zero"])
def test_na_and_a_score_on_one_main_indicator_are_refused(tmp_path, policy):
    # Hải Dương 4: a "Không đánh giá" item has no score; one that has both is a contradiction,
    # refused whatever the policy (it used to be dropped, or replaced by the peers' mean)
    d = load_design("hai-duong-2023-huyen")
    rows = [("h1", m.code, "appraised_score", m.max_points / 2) for m in d.main_indicators] + [("h1", "4", "na", 1)]
    with pytest.raises(InputError) as exc:
        score_units(d, pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"]), na_policy=policy)
    assert [(p.unit_id, p.code, p.variable, p.message) for p in exc.value.problems] == [
        ("h1", "4", "na", "marked N/A and given an appraised score")]
    # na = 0 with a score is no contradiction: 8 indicators at half their points → 300 of 600
    rows[-1] = ("h1", "4", "na", 0)
    r = score_units(d, pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"]))
    assert r.score("h1", "TOTAL") == 300
    if policy == "exclude":  # the command line: file, line, unit, code; exit 2
        rows[-1] = ("h1", "4", "na", 1)
        p = write_csv(tmp_path, rows)
        res = cli("score", "hai-duong-2023-huyen", str(p), "--out", str(tmp_path / "out.csv"))
        assert res.returncode == 2
        assert str(p) in res.stderr and f"line {len(rows) + 1}" in res.stderr and "h1" in res.stderr
        assert "code 4" in res.stderr and "marked N/A and given an appraised score" in res.stderr


# -- 9. machine CSV outputs at full precision ---------------------------------------------------

def test_the_score_csv_keeps_every_digit(tmp_path):
    # Hải Dương (structure, 600 points): 48,6842 + 4 × 50 + 100 + 0 + 0 = 348,6842 điểm, written
    # 348.6842 (6 significant digits gave 348.684); the percent 348,6842 / 600 × 100 as the double
    scores = {"1": 48.6842, "2": 50, "3": 50, "4": 50, "5": 50, "6": 100, "7": 0, "8": 0}
    p = write_csv(tmp_path, [("h1", c, "appraised_score", s) for c, s in scores.items()])
    out = tmp_path / "out.csv"
    res = cli("score", "hai-duong-2023-huyen", str(p), "--out", str(out))
    assert res.returncode == 0, res.stderr
    total = next(line for line in out.read_text(encoding="utf-8").splitlines() if ",TOTAL," in line).split(",")
    exact = 48.6842 + 50 + 50 + 50 + 50 + 100 + 0 + 0  # the sum as doubles: 348.68420000000003
    assert total[:4] == ["h1", "TOTAL", "total", "600"] and total[4] == repr(exact) and total[4].startswith("348.6842")
    assert float(total[5]) == exact / 600 * 100 and float(total[6]) == exact / 600
    assert pd.read_csv(out).set_index("code").loc["1", "score"] == 48.6842


def test_full_precision_writes_the_shortest_exact_text():
    from dti_kit._util.strings import csv_text, full_precision

    assert [full_precision(x) for x in (348.6842, 10.0, 1 / 3, -1.0, 1e-7)] == [
        "348.6842", "10", "0.3333333333333333", "-1", "1e-07"]
    assert csv_text(pd.DataFrame({"x": [1 / 3, np.nan], "y": ["a", "b"]})) == "x,y\n0.3333333333333333,a\n,b\n"


# -- 8. a count that can exceed its base; 1.2 with no meeting ---------------------------------

@pytest.mark.parametrize("design_id", ["hoa-binh-2023-so", "hoa-binh-2023-huyen"])
def test_computers_above_staff_score_the_ratio_capped_at_1(design_id):
    # Sở 3.1 "a = Số lượng máy tính cấp cho cán bộ, công chức (CBCC) … c = Tổng số CBCC … Điểm 1 =
    # (a/c)* 3/4* Điểm tối đa; Điểm 2 = (b/d)*1/4*Điểm tối đa": 12 computers for 10 CBCC → a/c capped at 1
    d = load_design(design_id)
    mx = d.node("3.1").max_points  # Sở 20, huyện 10
    r = score_units(d, long_table({"over": {"3.1": {"a": 12, "b": 3, "c": 10, "d": 4}},
                                   "equal": {"3.1": {"a": 10, "b": 4, "c": 10, "d": 4}},
                                   "under": {"3.1": {"a": 5, "b": 2, "c": 10, "d": 4}}}), require_complete=False)
    assert r.score("over", "3.1") == pytest.approx((1 * 3 / 4 + 3 / 4 * 1 / 4) * mx)
    assert r.score("equal", "3.1") == pytest.approx(mx)
    assert r.score("under", "3.1") == pytest.approx((5 / 10 * 3 / 4 + 2 / 4 * 1 / 4) * mx)
    assert "3-1-computers-above-staff" in {e.id for e in d.errata}


def test_commune_level_3_1_counts_staff_and_still_refuses_a_above_b():
    # Xã 3.1 "a = Số lượng CBCC được trang bị máy tính; b = Tổng số CBCC": a part of its whole
    d = load_design("hoa-binh-2023-xa")
    with pytest.raises(InputError) as exc:
        score_units(d, long_table({"x": {"3.1": {"a": 11, "b": 10}}}), require_complete=False)
    assert [(p.code, "above" in p.message) for p in exc.value.problems] == [("3.1", True)]


@pytest.mark.parametrize("design_id", ["hoa-binh-2023-so", "hoa-binh-2023-huyen", "hoa-binh-2023-xa"])
def test_1_2_with_no_meeting_scores_0_on_every_hoa_binh_level(design_id):
    d = load_design(design_id)
    r = score_units(d, long_table({"none": {"1.2": {"a": 0, "b": 0}}, "half": {"1.2": {"a": 2, "b": 4}}}), require_complete=False)
    assert r.score("none", "1.2") == 0 and r.score("half", "1.2") == pytest.approx(20 / 2)


# -- 3. Hòa Bình's N/A base never contains a DVCTT component -----------------------------------

def test_hoa_binh_xa_na_base_is_the_other_components_even_when_only_some_dvctt_are_na():
    # V.4.2: "Điểm chỉ số thành phần liên quan DVCTT thực hiện đánh giá = (Tổng điểm thực tế đạt được đối với
    # các chỉ số thành phần ngoài chỉ số thành phần liên quan DVCTT/Tổng điểm tối đa của các chỉ số thành phần
    # đó) nhân với Điểm tối đa của chỉ số thành phần tương ứng"
    d = load_design("hoa-binh-2023-xa")
    assert d.na_policy.applies_to == ("6.3", "6.4") and set(d.na_policy.base).isdisjoint(d.na_policy.applies_to)
    # base 6.1, 6.2, 6.5 … 6.9 (30 + 40 + 25 + 25 + 30 + 20 + 30 = 200 points): 30 + 20 + 25 + 0 + 15 + 10 + 0 = 100
    given = {"6.1": 30, "6.2": 20, "6.5": 25, "6.6": 0, "6.7": 15, "6.8": 10, "6.9": 0}
    one_na = {c: {"appraised_score": s} for c, s in given.items()} | {"6.3": {"na": 1}, "6.4": {"appraised_score": 40}}
    both_na = {c: {"appraised_score": s} for c, s in given.items()} | {"6.3": {"na": 1}, "6.4": {"na": 1}}
    r = score_units(d, long_table({"one": one_na, "both": both_na}), require_complete=False)
    # only 6.3 N/A: 100 / 200 × 40 = 20 (the applicable 6.4 is not in the base: not (100 + 40) / 240 × 40)
    assert r.score("one", "6.3") == pytest.approx(20) and r.score("one", "6") == pytest.approx(100 + 40 + 20)
    # both N/A: 6.3 = 6.4 = 100 / 200 × 40 = 20
    assert r.score("both", "6.3") == pytest.approx(20) and r.score("both", "6.4") == pytest.approx(20)
    assert r.score("both", "6") == pytest.approx(140)


@pytest.mark.parametrize("design_id", ["hoa-binh-2023-so", "hoa-binh-2023-huyen"])
def test_hoa_binh_so_and_huyen_na_base(design_id):
    d = load_design(design_id)
    comps = {c.code: c.max_points for c in d.node("6").components}
    base = d.na_policy.base
    assert set(base) == set(comps) - {"6.3", "6.4", "6.6"}
    # every base component at half its points, 6.4 full, 6.6 at 0, 6.3 N/A → 6.3 = 1/2 of its max
    units = {c: {"appraised_score": comps[c] / 2} for c in base} | {"6.3": {"na": 1}, "6.4": {"appraised_score": comps["6.4"]}, "6.6": {"appraised_score": 0}}
    r = score_units(d, long_table({"u": units}), require_complete=False)
    assert r.score("u", "6.3") == pytest.approx(comps["6.3"] / 2)
    assert "na-base-without-dvctt" in {e.id for e in d.errata}


def test_a_base_that_holds_an_na_component_is_refused(tmp_path):
    from dti_kit import load_design_file
    from dti_kit.errors import DesignError

    text = (ROOT / "tests/fixtures/mini-2024-huyen.yaml").read_text(encoding="utf-8").replace(
        'applies_to: ["3.1", "3.2", "3.3"], source: test}', 'applies_to: ["3.1", "3.2", "3.3"], base: ["3.2", "3.4"], source: test}')
    p = tmp_path / "mini-2024-huyen.yaml"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(DesignError, match="na_policy.base contains 3.2"):
        load_design_file(p)


# -- 7. ties: the design's convention, at the published precision -----------------------------

def test_ties_competition_and_dense_at_two_decimals():
    from dti_kit.scoring import rank_of

    p = np.array([80.0, 70.004, 70.0, 60.0, np.nan])  # 70,004 and 70,00 are both 70,00 as published
    assert rank_of(p, "competition", 2)[:4].tolist() == [1, 2, 2, 4] and np.isnan(rank_of(p, "competition", 2)[4])
    assert rank_of(p, "dense", 2)[:4].tolist() == [1, 2, 2, 3]
    assert rank_of(p, "competition", 9)[:4].tolist() == [1, 2, 3, 4]  # below the published precision they differ
    # the boundary: 70,006 is published 70,01 > 70,00; 70,004 is 70,00 (70,005 is no exact double)
    assert rank_of(np.array([70.006, 70.0]), "competition", 2).tolist() == [1, 2]


def test_hai_duong_ranks_dense_the_others_competition():
    # Hải Dương's published ranks count tied units once: "xếp thứ 7/11 (có 2 huyện bằng điểm)" among 12 districts;
    # the national ranking skips after a tie (2022: 15 Thanh Hóa, 15 Yên Bái, 17 Hậu Giang)
    d = load_design("hai-duong-2023-huyen")
    assert (d.ranking.ties, d.ranking.decimals) == ("dense", 2)
    pts = {"a": 400, "b": 350, "c": 350.01, "d": 300}  # b and c: 58,33% and 58,335% → 58,33 and 58,34 at 2 decimals
    rows = [(u, m.code, "appraised_score", t * m.max_points / 600) for u, t in pts.items() for m in d.main_indicators]
    r = score_units(d, pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"]))
    tot = r.totals().set_index("unit_id")
    assert tot["rank"].tolist() == [1, 3, 2, 4]
    rows = [(u, c, v, x if u != "c" else x * 350 / 350.01) for u, c, v, x in rows]  # c ties b exactly
    tot = score_units(d, pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"])).totals().set_index("unit_id")
    assert tot["rank"].tolist() == [1, 2, 2, 3]
    for other in ("hoa-binh-2023-so", "vung-tau-2024-xa", "bac-kan-2022-xa", "ninh-thuan-2022-tinh"):
        assert (load_design(other).ranking.ties, load_design(other).ranking.decimals) == ("competition", 2)


# -- 6. units assessed but not ranked ------------------------------------------------------------

def test_units_assessed_but_not_ranked_are_scored_and_banded_but_not_numbered(mini):
    # Hải Dương 2023: "Thanh tra tỉnh và Ban Quản lý dự án đầu tư xây dựng tỉnh tham gia đánh giá nhưng không
    # xếp hạng do 2 đơn vị này không cung cấp dịch vụ công": ranked 1 … N without them
    def unit(a, b, c):
        return {"1": {"appraised_score": a}, "3": {"appraised_score": b}, "4": {"appraised_score": c},
                "B.1": {"value": 0}, "B.2": {"value": 0}}
    long = long_table({"p": unit(20, 60, 20), "q": unit(10, 50, 10), "tt": unit(15, 55, 15), "r": unit(5, 10, 5)})
    r = score_units(mini, long, unranked={"p"})
    tot = r.totals().set_index("unit_id")
    # totals p 100, tt 85, q 70, r 20: p is scored (100, band Dẫn dắt) but not ranked; tt 1, q 2, r 3
    assert tot.loc["p", "score"] == 100 and tot.loc["p", "band"] == "Dẫn dắt" and pd.isna(tot.loc["p", "rank"])
    assert [int(tot.loc[u, "rank"]) for u in ("tt", "q", "r")] == [1, 2, 3]
    with pytest.raises(InputError, match="marked not ranked but has no inputs"):
        score_units(mini, long, unranked={"nobody"})


def test_a_design_rule_leaves_the_units_the_text_names_out_of_the_ranking():
    # Hải Dương 2023 results: "Thanh tra tỉnh và Ban Quản lý dự án đầu tư xây dựng tỉnh tham gia đánh
    # giá nhưng không xếp hạng do 2 đơn vị này không cung cấp dịch vụ công" (ranking.unranked of the
    # design; the sample has Thanh tra tỉnh but no Ban Quản lý dự án, which is then no error)
    import pandas as pd
    from conftest import ROOT

    from dti_kit import load_design, read_inputs, score_units

    design = load_design("hai-duong-2023-so")
    assert design.ranking.unranked == ("thanh-tra-tinh", "ban-quan-ly-du-an-dau-tu-xay-dung-tinh")
    t = score_units(design, read_inputs(ROOT / "inputs" / "hai-duong" / "2023-so-synthetic.csv")).totals().set_index("unit_id")
    assert len(t) == 19 and pd.isna(t.loc["thanh-tra-tinh", "rank"]) and t.loc["thanh-tra-tinh", "score"] > 0
    ranked = t.drop(index="thanh-tra-tinh")
    # the 18 others numbered without it, ties counted once at the published 2 decimals (dense)
    expected = ranked["percent"].round(2).rank(method="dense", ascending=False).astype(int)
    assert ranked["rank"].astype(int).to_dict() == expected.to_dict()
    assert ranked["rank"].min() == 1
