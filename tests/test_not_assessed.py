"""Points not assessed ("Không đánh giá") given per main indicator in a structure design (issue 16, point 5).

Seed 002 (Hải Dương, Quyết định 297/QĐ-UBND), point 4: "Chỉ số chuyển đổi số của từng cơ quan,
đơn vị, địa phương được xác định bằng tỉ lệ phần trăm (%) giữa tổng điểm đạt được so với tổng
điểm tối đa tương ứng của từng cơ quan, đơn vị (sau khi trừ đi điểm của các tiêu chí, tiêu chí
thành phần “Không đánh giá”)." The 2023 results (SEEDS.md, "Beyond the seeds") publish "a district
scored 357,32 over 570 (600 points less 30 not assessed)". The design states that it accepts the
points not assessed (``na_policy.partial: not_assessed_points``); the engine has no Hải Dương code.
"""
import openpyxl
import pandas as pd
import pytest
from conftest import FIXTURES, seed_path

from dti_kit import InputError, load_design_file
from dti_kit.errors import DesignError
from dti_kit.forms import read_inputs, write_forms
from dti_kit.forms.layout import form_layout
from dti_kit.loader import load_design
from dti_kit.scoring import score_units

DESIGN = load_design("hai-duong-2023-huyen")
# a district's appraised scores summing to the published 357,32; indicator 7 (Hoạt động kinh tế
# số, 100 points) has 30 points of items not assessed
SCORES = {"1": 40, "2": 45, "3": 40, "4": 42, "5": 40, "6": 90.32, "7": 30, "8": 30}


def _long(unit="huyen-a", scores=SCORES, extra=()):
    rows = [(unit, c, "appraised_score", v) for c, v in scores.items()] + list(extra)
    return pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"])


def _csv(tmp_path, long):
    p = tmp_path / "hai-duong-2023-huyen.csv"
    long.to_csv(p, index=False)
    return p


def test_the_text_removes_the_points_of_items_not_assessed():
    text = seed_path("002_03806c1aeb3b63b1.txt").read_text(encoding="utf-8")
    assert "(sau khi trừ đi điểm của các tiêu chí, tiêu chí thành phần “Không đánh giá”)" in text
    assert DESIGN.na_policy.method == "exclude" and DESIGN.na_policy.partial == "not_assessed_points"
    erratum = next(e for e in DESIGN.errata if e.id == "exclude-level-structure")
    assert "Điểm không đánh giá" in erratum.assumption_vi and "357,32" in erratum.assumption_en and "570" in erratum.assumption_vi


def test_357_32_over_570_is_the_published_percent():
    assert sum(SCORES.values()) == pytest.approx(357.32)
    r = score_units(DESIGN, _long(extra=[("huyen-a", "7", "not_assessed_points", 30)]))
    t = r.totals().iloc[0]
    # 600 − 30 = 570; 357,32 / 570 = 0,626877… → 62,69%
    assert t["max_points"] == 570 and t["score"] == pytest.approx(357.32)
    assert t["percent"] == pytest.approx(62.6877193, abs=1e-6) and round(t["percent"], 2) == 62.69
    assert r.score("huyen-a", "7") == 30  # the appraised score, as given


def test_boundaries_none_all_and_the_score_at_the_max_left():
    zero = score_units(DESIGN, _long(extra=[("huyen-a", "7", "not_assessed_points", 0)])).totals().iloc[0]
    assert zero["max_points"] == 600 and zero["percent"] == pytest.approx(357.32 / 6)  # 59,5533%
    # the score may reach max − not assessed: 70 of the 100 − 30 points left
    at = score_units(DESIGN, _long(scores={**SCORES, "7": 70}, extra=[("huyen-a", "7", "not_assessed_points", 30)]))
    assert at.totals().iloc[0]["score"] == pytest.approx(397.32) and at.totals().iloc[0]["max_points"] == 570
    # every point of indicator 7 not assessed: the indicator is not applicable, as with na = 1
    whole = _long(scores={k: v for k, v in SCORES.items() if k != "7"}, extra=[("huyen-a", "7", "not_assessed_points", 100)])
    marked = _long(scores={k: v for k, v in SCORES.items() if k != "7"}, extra=[("huyen-a", "7", "na", 1)])
    a, b = score_units(DESIGN, whole).totals().iloc[0], score_units(DESIGN, marked).totals().iloc[0]
    assert a["max_points"] == b["max_points"] == 500 and a["score"] == b["score"] == pytest.approx(327.32)
    # … and a score of 0 given with it is no contradiction (0 ≤ 100 − 100)
    given0 = _long(scores={**SCORES, "7": 0}, extra=[("huyen-a", "7", "not_assessed_points", 100)])
    assert score_units(DESIGN, given0).totals().iloc[0]["max_points"] == 500


def test_out_of_range_values_are_refused_all_at_once_with_file_line_unit_and_code(tmp_path):
    long = pd.concat([
        _long("huyen-a", {**SCORES, "7": 70.01}, [("huyen-a", "7", "not_assessed_points", 30)]),  # above 100 − 30
        _long("huyen-b", SCORES, [("huyen-b", "6", "not_assessed_points", -0.01)]),
        _long("huyen-c", SCORES, [("huyen-c", "8", "not_assessed_points", 100.01)]),
        _long("huyen-d", SCORES, [("huyen-d", "5", "not_assessed_points", 10), ("huyen-d", "5", "na", 1)]),
    ], ignore_index=True)
    src = _csv(tmp_path, long)
    with pytest.raises(InputError) as exc:
        score_units(DESIGN, read_inputs(src, design=DESIGN))
    got = {(p.unit_id, p.code, p.variable): p for p in exc.value.problems}
    a = got[("huyen-a", "7", "appraised_score")]
    assert a.source == str(src) and a.location == "line 8"
    assert "appraised score 70.01 above the max left 70 (100 − 30 points not assessed)" in a.message
    assert "điểm thẩm định 70.01 vượt quá điểm tối đa còn lại 70" in a.message_vi
    b = got[("huyen-b", "6", "not_assessed_points")]
    assert b.location == "line 19" and "between 0 and 150" in b.message and "-0.01" in b.message
    assert "between 0 and 100" in got[("huyen-c", "8", "not_assessed_points")].message
    assert "marked N/A and given points not assessed" in got[("huyen-d", "5", "not_assessed_points")].message
    assert len(exc.value.problems) >= 4


def test_a_design_that_does_not_state_it_refuses_the_variable():
    so = load_design("hai-duong-2023-so")
    assert so.na_policy.partial == ""
    long = _long(scores={m.code: 0 for m in so.main_indicators}, extra=[("huyen-a", so.main_indicators[0].code, "not_assessed_points", 5)])
    with pytest.raises(InputError, match="unknown variable 'not_assessed_points'"):
        score_units(so, long)


def test_a_design_whose_indicators_all_have_components_cannot_state_it(tmp_path):
    text = (FIXTURES / "mini-2024-huyen.yaml").read_text(encoding="utf-8")
    policy = 'na_policy: {method: proportional, applies_to: ["3.1", "3.2", "3.3"], source: test'
    assert policy in text
    bad = tmp_path / "mini-2024-huyen.yaml"
    for partial, said in (("Not-A-Name", "na_policy.partial must name an input variable"),
                          ("na", "na_policy.partial must name an input variable"),
                          ("not_assessed_points", "only a scored main indicator without components takes its points not assessed")):
        bad.write_text(text.replace(policy, f"{policy}, partial: {partial}", 1), encoding="utf-8")
        with pytest.raises(DesignError) as exc:
            load_design_file(bad)
        assert said in " | ".join(p.message for p in exc.value.problems), partial


def test_the_other_policies_score_the_part_not_assessed_as_an_n_a_item():
    long = pd.concat([_long(extra=[("huyen-a", "7", "not_assessed_points", 30)]),
                      _long("huyen-b", {**SCORES, "7": 50})], ignore_index=True)
    zero = score_units(DESIGN, long, na_policy="zero")
    assert zero.score("huyen-a", "7") == 30 and zero.totals().iloc[0]["max_points"] == 600
    # proportional: 30 on the 70 points assessed, the 30 others at the same rate: 30 + 30/70 × 30
    prop = score_units(DESIGN, long, na_policy="proportional")
    assert prop.score("huyen-a", "7") == pytest.approx(30 + 30 / 70 * 30) and prop.totals().iloc[0]["max_points"] == 600
    # peer-mean: at the rate of the units that assessed the whole indicator (huyen-b: 50/100)
    peer = score_units(DESIGN, long, na_policy="peer-mean")
    assert peer.score("huyen-a", "7") == pytest.approx(30 + 0.5 * 30)


def test_the_form_has_a_column_for_the_points_not_assessed_read_back_to_570(tmp_path):
    lay = form_layout(DESIGN)
    assert lay.has("not_assessed") and not form_layout(load_design("hai-duong-2023-so")).has("not_assessed")
    book = write_forms(DESIGN, tmp_path / "f.xlsx", [("huyen-a", "Huyện A")])[0]
    wb = openpyxl.load_workbook(book)
    ws = wb["Chỉ số"]
    assert ws.cell(6, lay.col("not_assessed")).value == "Điểm không đánh giá"
    cells = {(c.code, c.variable): c for c in lay.cells}
    for code, v in SCORES.items():
        c = cells[(code, "appraised_score")]
        ws.cell(c.row, c.col, v)
    na7 = cells[("7", "not_assessed_points")]
    assert (na7.low, na7.high) == (0.0, 100)
    ws.cell(na7.row, na7.col, 30)
    wb.save(book)
    t = score_units(DESIGN, read_inputs(book, design=DESIGN)).totals().iloc[0]
    assert t["max_points"] == 570 and t["percent"] == pytest.approx(62.6877193, abs=1e-6)
