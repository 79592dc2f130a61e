"""What each rule kind means beyond its score, in its own class: form input types, words,
family, the ratio that gives full marks, synthetic sample inputs (issue "One house")."""
from __future__ import annotations

import numpy as np
import pytest

from dti_kit.loader import load_design
from dti_kit.rules import Rule, make_rule, rule_class, rule_kinds
from dti_kit.rules.base import CHOICE, COUNT, KIND_METHODS, NUMBER, YESNO, InputType

# Hòa Bình Huyện 3.9 (10): "(1) Có hệ thống Wifi … tại Bộ phận một cửa: 1/2*Điểm tối đa. (2) Mỗi
# điểm công cộng … được tính 1 điểm (Tối đa 5 điểm)"
WIFI = {"kind": "parts", "parts": [
    {"label": "(1)", "share": 0.5, "rule": {"kind": "yes_no", "variable": "p1"}},
    {"label": "(2)", "points": 5, "rule": {"kind": "per_item", "variable": "p2", "points": 1}}]}
# Hòa Bình Sở 1.4 (30): "Từ 20 trở lên: điểm tối đa; Từ 10 đến 19: 1/2; Dưới 10: 1/4; Chưa có chuyên mục: 0"
NEWS = {"kind": "tiers", "tiers": [{"min": 20, "share": 1}, {"min": 10, "share": 0.5}], "otherwise": 0.25, "gate": "gate"}
# Huyện 6.6 (30): "Tỷ lệ >=70% đạt điểm tối đa; từ 30% đến 70%, Điểm = tỷ lệ*Điểm tối đa; <30% không có điểm"
FLOOR_CAP = {"kind": "ratio_floor_cap", "numerator": ["a"], "denominator": ["b"], "full_from": 0.7, "zero_below": 0.3}
# Huyện 3.5 (10): "Tỷ lệ >= 85%: Điểm tối đa; Tỷ lệ < 85%: Điểm = Tỷ lệ/85%*Điểm tối đa"
TARGET = {"kind": "ratio_target", "numerator": ["a"], "denominator": ["b"], "target": 0.85}
# Sở 1.1 (30): Trưởng ban cấp trưởng: Điểm tối đa; cấp phó: 1/2; chưa có: 0
HEAD = {"kind": "choice", "cases": [{"value": "truong", "label": "Cấp trưởng", "share": 1},
                                    {"value": "pho", "label": "Cấp phó", "share": 0.5},
                                    {"value": "khong", "label": "Chưa có", "share": 0}]}


# -- every kind in one place -------------------------------------------------------------------
def test_the_base_class_declares_the_kind_methods_abstract():
    assert set(KIND_METHODS) <= Rule.__abstractmethods__

    class Incomplete(Rule):  # every method but in_words
        kind = "incomplete"

        def _score(self, env, max_points):
            return np.zeros(env.n)

        def examples(self):
            return {"best": {}, "worst": {}}

        def input_types(self):
            return {}

        def family_points(self, points):
            return (("other", points),)

        def full_marks_ratio(self):
            return None

        def sample_inputs(self, sample, q, out):
            pass

    with pytest.raises(TypeError, match="in_words"):
        Incomplete({"kind": "incomplete"}, 10)


@pytest.mark.parametrize("kind", rule_kinds())
def test_every_kind_defines_each_method_itself(kind):
    cls = rule_class(kind)
    assert cls.kind == kind
    for name in KIND_METHODS:
        assert name in cls.__dict__, f"{cls.__name__} inherits {name}; define it in the class"
        assert not getattr(cls.__dict__[name], "__isabstractmethod__", False)


# -- what the inputs are on a form ------------------------------------------------------------------
def test_input_types():
    assert make_rule(WIFI, 10).input_types() == {"p1": InputType(YESNO), "p2": InputType(COUNT)}
    assert make_rule(NEWS, 30).input_types() == {"gate": InputType(YESNO), "value": InputType(NUMBER)}
    assert make_rule(TARGET, 10).input_types() == {"a": InputType(NUMBER), "b": InputType(NUMBER)}
    assert make_rule(HEAD, 30).input_types() == {
        "value": InputType(CHOICE, (("truong", "Cấp trưởng"), ("pho", "Cấp phó"), ("khong", "Chưa có")))}
    # a choice whose case has a nested ratio: the ratio's counts are numbers
    nested = make_rule({"kind": "choice", "variable": "c", "cases": [
        {"value": "co", "rule": TARGET}, {"value": "khong", "share": 0}]}, 10)
    assert nested.input_types() == {"c": InputType(CHOICE, (("co", ""), ("khong", ""))),
                                    "a": InputType(NUMBER), "b": InputType(NUMBER)}
    assert make_rule({"kind": "constant"}, 5).input_types() == {}


# -- in words ---------------------------------------------------------------------------------------
def test_in_words_in_both_languages():
    r = make_rule(FLOOR_CAP, 30)
    assert r.in_words("vi") == "đủ điểm khi ≥ 70%; 0 điểm dưới 30%; ở giữa: tỷ lệ × điểm"
    assert r.in_words("en") == "full ≥ 70%; 0 below 30%; between: ratio × points"
    t = make_rule(TARGET, 10)
    assert t.in_words("vi") == "đủ điểm từ 85%; dưới: tỷ lệ / 85% × điểm"
    assert t.in_words("en") == "full from 85%; below: ratio / 85% × max"
    n = make_rule(NEWS, 30)
    # the gate is named by no variable (a YAML key), only as the condition it is
    assert n.in_words("vi") == "cần đạt điều kiện kèm theo (có/không); ≥ 20: 100%; ≥ 10: 50%; còn lại 25%"
    assert n.in_words("en") == "needs its yes/no condition met; ≥ 20: 100%; ≥ 10: 50%; else 25%"
    # the part (2) has 5 of the 10 points: 1 point per item, at most 5
    w = make_rule(WIFI, 10)
    assert w.in_words("vi") == "[50%: có: đủ điểm, không: 0] + [50%: 1 điểm/đơn vị, tối đa 5]"
    assert w.in_words("en") == "[50%: yes: max, no: 0] + [50%: 1 per item, at most 5]"
    # a choice's cases by their labels (the decision's words), not by the forms' codes
    assert make_rule(HEAD, 30).in_words("en") == "Cấp trưởng: 100%; Cấp phó: 50%; Chưa có: 0%"
    unlabelled = {"kind": "choice", "cases": [{k: v for k, v in c.items() if k != "label"} for c in HEAD["cases"]]}
    assert make_rule(unlabelled, 30).in_words("vi") == "trường hợp 1: 100%; trường hợp 2: 50%; trường hợp 3: 0%"
    # Hòa Bình huyện 3.1 (seed 000, Phụ lục III): 75% of the first ratio + 25% of the second
    hb31 = load_design("hoa-binh-2023-huyen").node("3.1").rule
    assert hb31.in_words("vi") == "(0,75 × tỷ lệ 1 + 0,25 × tỷ lệ 2) × điểm"
    assert hb31.in_words("en") == "(0.75 × ratio 1 + 0.25 × ratio 2) × max"
    rel = make_rule({"kind": "relative", "method": "share_of_best"}, 10)
    assert (rel.in_words("vi"), rel.in_words("en")) == ("so với đơn vị cao nhất", "share of the best unit")
    aon = make_rule({"kind": "all_or_nothing", "numerator": ["a"], "denominator": ["b"], "threshold": 0.5, "inclusive": False}, 1)
    assert aon.in_words("vi") == "đủ điểm khi > 50%, còn lại 0"


# -- family ---------------------------------------------------------------------------------------------
def test_family_points():
    # the wifi item's 10 points: 5 on a yes/no part, 5 on points per item ("other")
    w = make_rule(WIFI, 10)
    assert w.family_points(10) == (("yes_no", 5.0), ("other", 5.0))
    assert make_rule(HEAD, 30).family_points(30) == (("yes_no", 30),)
    assert make_rule(NEWS, 30).family_points(30) == (("tiers", 30),)
    assert make_rule(FLOOR_CAP, 30).family_points(30) == (("ratio", 30),)
    aon = make_rule({"kind": "all_or_nothing", "numerator": ["a"], "denominator": ["b"]}, 20)
    assert aon.family_points(20) == (("tiers", 20),)
    rel = make_rule({"kind": "relative", "method": "min_max"}, 10)
    assert rel.family_points(10) == (("relative", 10),) and rel.relative_to_other_units()
    assert not w.relative_to_other_units()


# -- the ratio that gives full marks ------------------------------------------------------------------
def test_full_marks_ratio():
    assert make_rule({"kind": "ratio", "numerator": ["a"], "denominator": ["b"]}, 10).full_marks_ratio() == 1.0
    assert make_rule(TARGET, 10).full_marks_ratio() == 0.85
    assert make_rule(FLOOR_CAP, 30).full_marks_ratio() == 0.7
    # "> 50%" is reached a little above: 50% × 1.02
    strict = make_rule({**FLOOR_CAP, "full_from": 0.5, "full_inclusive": False, "zero_below": 0}, 10)
    assert strict.full_marks_ratio() == pytest.approx(0.51)
    aon = {"kind": "all_or_nothing", "numerator": ["a"], "denominator": ["b"]}
    assert make_rule(aon, 20).full_marks_ratio() == 1.0
    assert make_rule({**aon, "threshold": 0.5, "inclusive": False}, 1).full_marks_ratio() == pytest.approx(0.51)
    # "≥ 10% → 100%; ≥ 7% → 70%; ≥ 3% → 30%" (tiers of a share): full from 10%
    share = make_rule({"kind": "tiers", "of": "ratio", "numerator": ["a"], "denominator": ["b"],
                       "tiers": [{"min": 0.10, "share": 1}, {"min": 0.07, "share": 0.7}]}, 10)
    assert share.full_marks_ratio() == 0.10
    assert make_rule(NEWS, 30).full_marks_ratio() is None  # a count, not a ratio
    assert make_rule({"kind": "relative", "method": "min_max", "of": "ratio", "numerator": ["a"],
                      "denominator": ["b"]}, 10).full_marks_ratio() is None  # the best unit's, whatever it is
    assert make_rule({"kind": "yes_no"}, 10).full_marks_ratio() is None


# -- synthetic sample inputs ---------------------------------------------------------------------------
class FixedRng:
    """Draws a test can compute by hand: random() → a fixed value, uniform → midpoint … ."""

    def __init__(self, u: float):
        self.u = u

    def random(self):
        return self.u

    def uniform(self, lo, hi):
        return (lo + hi) / 2

    def normal(self, mean, sd):
        return mean

    def choice(self, n, p):
        return int(np.argmax(p))


class Recorder:
    """A SampleSource that records the counts asked for: rate = q × full."""

    def __init__(self, u: float = 0.5):
        self.rng = FixedRng(u)
        self.calls = []

    def fill(self, rule, q, out):
        self.calls.append(("fill", rule.kind, q))
        rule.sample_inputs(self, float(np.clip(q, 0, 1)), out)

    def rate(self, q, full):
        return q * full

    def counts(self, numerator, denominator, rate, out, zero=False):
        self.calls.append(("counts", numerator, denominator, rate, zero))
        for v in numerator + denominator:
            out.setdefault(v, 0 if zero else 1)


def sample(params, max_points, q, u=0.5):
    rec, out = Recorder(u), {}
    make_rule(params, max_points).sample_inputs(rec, q, out)
    return out, rec.calls


def test_sample_inputs_of_yes_no_and_choice():
    # yes with probability 0.15 + q: q = 0.5 → 0.65; a draw of 0.5 is yes, 0.7 is no
    assert sample({"kind": "yes_no"}, 10, 0.5, u=0.5)[0] == {"value": 1}
    assert sample({"kind": "yes_no"}, 10, 0.5, u=0.7)[0] == {"value": 0}
    # the case whose share (1, 0.5, 0) is nearest the maturity 0.5 is the likeliest: "pho"
    assert sample(HEAD, 30, 0.5)[0] == {"value": "pho"}
    assert sample(HEAD, 30, 0.95)[0] == {"value": "truong"}


def test_sample_inputs_of_ratios():
    # full marks from 85%: a unit of maturity 0.5 reaches 0.5 × 85%; no zero denominator
    # where the method gives no score for one (on_zero_denominator: error)
    _, calls = sample(TARGET, 10, 0.5, u=0.01)
    assert calls == [("counts", ("a",), ("b",), pytest.approx(0.425), False)]
    # where a zero denominator is scored (na), one unit in twenty has one: a draw below 0.05
    assert sample({**TARGET, "on_zero_denominator": "na"}, 10, 0.5, u=0.01)[1][0][-1] is True
    assert sample({**TARGET, "on_zero_denominator": "na"}, 10, 0.5, u=0.06)[1][0][-1] is False
    # weighted ratios redistributing a term's weight: one unit in seven lacks the last term
    two = {"kind": "weighted_ratios", "on_zero_denominator": "redistribute", "terms": [
        {"numerator": ["a"], "denominator": ["b"], "weight": 0.5}, {"numerator": ["c"], "denominator": ["d"], "weight": 0.5}]}
    _, calls = sample(two, 10, 0.8, u=0.1)
    assert [c[-1] for c in calls] == [False, True] and calls[0][3] == pytest.approx(0.8)


def test_sample_inputs_of_counts_tiers_parts_and_given():
    # 10 points per channel up to 20: 2 channels reach the cap; q 0.5 × 2 × 1.05 → 1
    assert sample({"kind": "per_item", "points": 10}, 20, 0.5)[0] == {"value": 1}
    # tiers on a count, best example 21, worst 0: 0.5 × 21 × 1.0 = 10.5 → 10 (even); the gate
    # opens with probability 0.3 + q
    assert sample(NEWS, 30, 0.5, u=0.5)[0] == {"value": 10, "gate": 1}
    assert sample(NEWS, 30, 0.5, u=0.9)[0] == {"value": 10, "gate": 0}
    # parts: each part drawn at the item's maturity (± noise, here 0); part (2) reaches its 5 points
    # with 5 items: 0.5 × 5 × 1.05 → 3
    out, calls = sample(WIFI, 10, 0.5)
    assert calls == [("fill", "yes_no", 0.5), ("fill", "per_item", 0.5)] and out == {"p1": 1, "p2": 3}
    # a score given by the council: q × max
    assert sample({"kind": "given"}, 12, 0.5)[0] == {"appraised_score": 6.0}
    assert sample({"kind": "constant"}, 12, 0.5)[0] == {}


# -- reader text from the catalogue --------------------------------------------------------------
def test_check_messages_in_both_languages():
    # Huyện 1.2 "Điểm= (a/b)*Điểm tối đa": a is part of b, so 11 of 10 is bad input
    from dti_kit.rules import Env

    r = make_rule({"kind": "ratio", "numerator": ["a"], "denominator": ["b"]}, 20)
    (mask, var, en, vi), = r.checks(Env(2, {"a": np.array([11.0, 5.0]), "b": np.array([10.0, 10.0])}))
    assert (list(mask), var) == ([True, False], "a,b")
    assert en == "numerator a is above denominator b (it is part of it)"
    assert vi == "tử số a lớn hơn mẫu số b (tử số là một phần của mẫu số)"
    c = make_rule(HEAD, 30)
    (_m, _v, en, vi), = c.checks(Env(1, {}, {"value": np.array(["giam-doc"], dtype=object)}))
    assert vi == "không thuộc các trường hợp ['khong', 'pho', 'truong']"


def test_every_rules_message_the_code_asks_for_exists():
    import re
    from pathlib import Path

    from dti_kit.i18n import catalogue
    from dti_kit.loader import list_designs

    src = "".join(p.read_text(encoding="utf-8") for p in (Path(__file__).parents[1] / "dti_kit" / "rules").glob("*.py"))
    asked = set(re.findall(r'"(rules\.[a-z_.]+[a-z])"', src))
    assert len(asked) >= 20 and asked <= set(catalogue())
    # ids built from parameters (between_plain/scaled, relative.min_max/share_of_best): every
    # rule of every shipped design says itself in words in both languages
    for d in list_designs():
        for leaf in (*d.leaves(), *d.bonus):
            assert leaf.rule.in_words("vi") and leaf.rule.in_words("en")
