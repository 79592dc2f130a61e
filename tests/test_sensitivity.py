"""Sensitivity analysis (dti_kit.sensitivity.analysis*): hand-checkable cases on the small made-up design
tests/fixtures/mini-2024-huyen.yaml, outside references (pandas' rank, numpy's quantile,
scipy.stats' Spearman and Kendall, SALib's Sobol' estimator, the analytic Sobol' indices of a
linear model), and the sample inputs of the shipped designs.

The mini design scores three main indicators: 1 (max 20), 3 (max 60), 4 (max 20); scale 100;
bands Khởi động ≤ 25% < Hình thành ≤ 50% < Nâng cao ≤ 75% < Dẫn dắt.
"""
from __future__ import annotations

import functools
import subprocess
import sys
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
from conftest import FIXTURES, ROOT, long_table
from hypothesis import given, settings
from hypothesis import strategies as st

from dti_kit import load_design, score_units
from dti_kit._util.strings import csv_text
from dti_kit.samples import generate
from dti_kit.sensitivity.alternatives import (
    compare,
    match_profile,
    normalise_name,
    one_at_a_time,
    rank_weight_scenarios,
    rescoring_scenarios,
    swap_relative,
    weight_scenarios,
)
from dti_kit.sensitivity.analysis import MAIN_COLUMNS, analyse
from dti_kit.sensitivity.montecarlo import draw_weights, monte_carlo
from dti_kit.sensitivity.sobol import estimate, saltelli_sample, sobol_indices, sobol_weights, split_outputs
from dti_kit.sensitivity.stats import kendall_tau_b, spearman
from dti_kit.sensitivity.text import describe
from dti_kit.sensitivity.weights import evaluate, percent_matrix, rank_quantiles, rank_rows, weight_base

# four units scored on the mini design's indicators 1 / 3 / 4 (max 20 / 60 / 20)
HAND = {"u1": (20, 30, 0), "u2": (10, 60, 10), "u3": (18, 36, 18), "u4": (0, 54, 20)}


# the mini design's bonus and penalty answered "no" (an item left blank is missing, issue 16.2)
NO_BONUS = {"B.1": {"value": 0}, "B.2": {"value": 0}}


def given_scores(units: dict[str, tuple]) -> pd.DataFrame:
    return long_table({u: {"1": {"appraised_score": a}, "3": {"appraised_score": b}, "4": {"appraised_score": c}, **NO_BONUS}
                       for u, (a, b, c) in units.items()})


@pytest.fixture
def hand(mini):
    return weight_base(score_units(mini, given_scores(HAND)))


def ranks_of(base, units=None):
    return dict(zip(base.units, base.rank)) if units is None else dict(zip(base.units, units))


# -- the weight model ----------------------------------------------------------------------
def test_official_weights_give_the_engines_ranks(hand):
    # totals 50, 80, 72, 74 → ranks 4, 1, 3, 2 (Điều 7: highest first)
    assert list(hand.weights) == [20, 60, 20] and hand.scale == 100
    assert ranks_of(hand) == {"u1": 4, "u2": 1, "u3": 3, "u4": 2}
    np.testing.assert_allclose(hand.fractions[0], [1.0, 0.5, 0.0])
    p = percent_matrix(hand, hand.weights[None, :], distinct=False)[0]
    np.testing.assert_allclose(p, [50, 80, 72, 74])


@pytest.mark.parametrize("design_id", [
    "hoa-binh-2023-huyen", "hoa-binh-2023-so", "hoa-binh-2023-xa", "bac-kan-2022-huyen", "bac-kan-2022-xa",
    "hai-duong-2023-huyen", "hai-duong-2023-so", "vung-tau-2024-huyen", "ninh-thuan-2022-tinh",
])
def test_spread_zero_reproduces_every_official_rank(design_id):
    # spread 0: every draw has the official weights → rank_p05 = rank_median = rank_p95 = rank,
    # and no unit leaves its band (issue 6). Covers N/A (Hòa Bình proportional, Bắc Kạn
    # peer-mean, Hải Dương exclude: a unit whose max is 550 instead of 600), bonus items
    # (Vũng Tàu) and relative rules (Ninh Thuận).
    d = load_design(design_id)
    res = score_units(d, generate(d, d.year))
    base = weight_base(res)
    mc = monte_carlo(base, draws=40, spread=0.0, seed=3)
    assert (mc["rank_p05"] == mc["rank"]).all() and (mc["rank_p95"] == mc["rank"]).all()
    assert (mc["rank_median"] == mc["rank"]).all() and (mc["p_same_rank"] == 1).all()
    if base.has_bands:
        assert (mc["p_band_change"] == 0).all()
    else:
        assert mc["p_band_change"].isna().all()
    engine = res.totals().set_index("unit_id")["rank"]
    # a unit the design leaves out of the ranking (Hải Dương sở: Thanh tra tỉnh) is not in the analysis
    assert dict(zip(mc["unit_id"], mc["rank"])) == {u: int(r) for u, r in engine.dropna().items()}


def test_exclude_policy_keeps_the_reduced_max(mini):
    # Hải Dương point 4 (exclude): u has indicator 1 N/A → its max is 100 − 20 = 80; under
    # weights (40, 40, 20) the available max is 40 + 20 = 60 and u's index = (40 × 0.5 + 20 × 1) / 60
    long = long_table({"u": {"1": {"na": 1}, "3": {"appraised_score": 30}, "4": {"appraised_score": 20}, **NO_BONUS},
                       "v": {"1": {"appraised_score": 10}, "3": {"appraised_score": 30}, "4": {"appraised_score": 10}, **NO_BONUS}})
    mini_all = replace(mini, na_policy=replace(mini.na_policy, method="exclude", applies_to=None))
    base = weight_base(score_units(mini_all, long))
    assert base.available[0].tolist() == [0, 60, 20]
    p = percent_matrix(base, np.array([[40.0, 40.0, 20.0]]), distinct=False)[0]
    assert p[0] == pytest.approx((40 * 0.5 + 20 * 1) / 60 * 100)
    assert p[1] == pytest.approx(40 * 0.5 + 40 * 0.5 + 20 * 0.5)


def test_rank_rows_is_pandas_min_rank_and_counts_identical_units():
    rng = np.random.default_rng(5)
    P = rng.integers(0, 6, size=(30, 9)).astype(float)  # many ties
    R = rank_rows(P)
    ref = pd.DataFrame(P).rank(axis=1, method="min", ascending=False).to_numpy()
    np.testing.assert_array_equal(R, ref)
    # a column standing for 3 identical units pushes the ranks below it down by 3
    counts = np.array([3, 1, 1, 1, 1, 1, 1, 1, 1])
    expanded = np.repeat(P, counts, axis=1)
    ref = pd.DataFrame(expanded).rank(axis=1, method="min", ascending=False).to_numpy()
    np.testing.assert_array_equal(rank_rows(P, counts), ref[:, np.cumsum(counts) - counts])


# -- Monte Carlo -------------------------------------------------------------------------------
@functools.cache
def _dominance_base():
    from dti_kit import load_design_file

    mini = load_design_file(FIXTURES / "mini-2024-huyen.yaml")
    return weight_base(score_units(mini, given_scores({"a": (15, 40, 12), "b": (15, 31, 11), "c": (19, 20, 19)})))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(0.001, 1000), min_size=3, max_size=3))
def test_a_dominating_unit_stays_ahead_under_any_weights(w):
    # "a" is at least as good as "b" on every indicator and better on two: a·w > b·w for
    # every positive w, so a ranks above b whatever the weights.
    base = _dominance_base()
    R = evaluate(base, base.normalise(np.array([w])), ranks=True).ranks[0]
    assert R[0] < R[1]


def test_dominance_holds_in_every_random_draw(mini):
    base = weight_base(score_units(mini, given_scores({"a": (15, 40, 12), "b": (14, 31, 11), "c": (19, 20, 19), "d": (5, 58, 3)})))
    for dirichlet in (False, True):
        W = draw_weights(base, 3000, 0.9, seed=11, dirichlet=dirichlet)
        R = evaluate(base, W, ranks=True).ranks
        assert (R[:, 0] < R[:, 1]).all()
        assert len(np.unique(R[:, 2])) > 1  # the others do move


def test_identical_units_share_a_rank_in_every_draw(mini):
    units = {"a": (12.3, 41.7, 9.1), "b": (12.3, 41.7, 9.1), "c": (19, 20, 19), "d": (5, 58, 3), "e": (10, 45, 10)}
    base = weight_base(score_units(mini, given_scores(units)))
    W = draw_weights(base, 4000, 0.5, seed=2)
    R = evaluate(base, W, ranks=True).ranks
    assert (R[:, 0] == R[:, 1]).all()
    # and the rank is 1 + the units strictly above (pandas' "min" as the outside reference)
    P = percent_matrix(base, W, distinct=False)
    np.testing.assert_array_equal(R, pd.DataFrame(P).rank(axis=1, method="min", ascending=False).to_numpy())
    # the pair never takes the rank just below it: a tie of two skips one rank (1, 1, 3)
    assert (R[:, 2:] != R[:, [0]] + 1).all()
    # the mean absolute rank change per draw counts both units of the pair
    ev = evaluate(base, W, changes=True)
    np.testing.assert_allclose(ev.mean_abs_change, np.abs(R - base.rank[None, :]).mean(axis=1))


def test_argsort_fallback_gives_the_same_ranks(hand, monkeypatch):
    # the packed int64 sort key is replaced by an argsort where the values need too many bits
    import dti_kit.sensitivity.weights as core

    W = draw_weights(hand, 300, 0.7, seed=6)
    packed = evaluate(hand, W, ranks=True, distribution=True)
    monkeypatch.setattr(core, "PACK_BITS", 3)
    slow = evaluate(hand, W, ranks=True, distribution=True)
    np.testing.assert_array_equal(packed.ranks, slow.ranks)
    np.testing.assert_array_equal(packed.histogram, slow.histogram)


def test_threads_and_rank_bands_give_the_same_counts(hand, monkeypatch):
    """Chunks run in threads and count ranks in bands around each unit's official position;
    the result must equal counting every (draw, unit) rank directly, whatever the threads."""
    import dti_kit.sensitivity.weights as core

    W = draw_weights(hand, 700, 0.9, seed=11)
    R = evaluate(hand, W, ranks=True).ranks  # (draws, units)
    direct = np.zeros((hand.n, len(hand.first)), dtype=np.int64)
    for g, i in enumerate(hand.first):
        direct[:, g] = np.bincount(R[:, i] - 1, minlength=hand.n)
    for threads in (1, 2, 3):
        monkeypatch.setattr(core, "THREADS", threads)
        ev = evaluate(hand, W, distribution=True, chunk_elements=7, histogram=True)  # many chunks, widths differ
        np.testing.assert_array_equal(ev.histogram, direct)
    # two bands of different widths add up centred on the official position
    acc, width = core._add_band(None, 0, np.array([[1], [2]]), 0)
    acc, width = core._add_band(acc, width, np.array([[0, 5, 0], [1, 1, 1]]), 1)
    assert width == 1 and acc.tolist() == [[0, 6, 0], [1, 3, 1]]


def test_quantiles_are_numpy_inverted_cdf_on_both_paths(mini):
    base = weight_base(score_units(mini, given_scores(HAND)))
    W = draw_weights(base, 999, 0.6, seed=4)
    R = evaluate(base, W, ranks=True).ranks
    qs = (0.05, 0.5, 0.95)
    ref = np.quantile(R, qs, axis=0, method="inverted_cdf")
    for hist in (True, False):
        ev = evaluate(base, W, distribution=True, histogram=hist, chunk_elements=37)
        got = rank_quantiles(ev, 999, qs)[:, base.groups]
        np.testing.assert_array_equal(got, ref)


def test_band_change_probability_counts_draws(hand):
    W = draw_weights(hand, 500, 0.5, seed=9)
    P = percent_matrix(hand, W, distinct=False)
    # Bắc Kạn bands on the percent: the official bands are Hình thành, Dẫn dắt, Nâng cao, Nâng cao
    band = np.searchsorted([25, 50, 75], P, side="left")
    expected = (band != np.array([1, 3, 2, 2])).mean(axis=0)
    mc = monte_carlo(hand, draws=500, spread=0.5, seed=9).set_index("unit_id")
    np.testing.assert_allclose(mc.loc[list(hand.units), "p_band_change"], expected)


def test_same_seed_same_numbers_other_seed_other_draws(hand, mini):
    a = monte_carlo(hand, 300, 0.3, seed=5)
    b = monte_carlo(hand, 300, 0.3, seed=5)
    pd.testing.assert_frame_equal(a, b)
    assert not np.array_equal(draw_weights(hand, 300, 0.3, 5), draw_weights(hand, 300, 0.3, 6))
    # the chunking does not change the numbers
    ev1 = evaluate(hand, draw_weights(hand, 300, 0.3, 5), distribution=True, chunk_elements=10)
    ev2 = evaluate(hand, draw_weights(hand, 300, 0.3, 5), distribution=True)
    np.testing.assert_array_equal(ev1.histogram, ev2.histogram)
    # the whole analysis: the same bytes
    r1 = analyse(mini, given_scores(HAND), draws=200, seed=8, sobol_base=64, designs=[])
    r2 = analyse(mini, given_scores(HAND), draws=200, seed=8, sobol_base=64, designs=[])
    for key, df in r1.tables().items():
        assert csv_text(df) == csv_text(r2.tables()[key]), key


def test_uniform_draws_stay_in_the_box_and_dirichlet_is_centred(hand):
    W = draw_weights(hand, 20000, 0.25, seed=1)
    np.testing.assert_allclose(W.sum(axis=1), 100)
    # before rescaling each weight is within ±25%: the ratio of two weights to their official
    # ratio is within [0.75/1.25, 1.25/0.75]
    ratio = (W[:, 0] / W[:, 1]) / (20 / 60)
    assert ratio.min() >= 0.75 / 1.25 - 1e-12 and ratio.max() <= 1.25 / 0.75 + 1e-12
    D = draw_weights(hand, 20000, 0.25, seed=1, dirichlet=True)
    # Dirichlet(κ × shares) has mean = the shares: within 4 standard errors
    se = D.std(axis=0) / np.sqrt(len(D))
    assert np.all(np.abs(D.mean(axis=0) - [20, 60, 20]) < 4 * se)


# -- Sobol' -----------------------------------------------------------------------------------
def test_estimator_matches_salib(hand):
    # SALib.analyze.sobol (Saltelli 2010 first order, Jansen total) is the outside reference
    from SALib.analyze import sobol as salib

    X = saltelli_sample(3, 256, 0.4, seed=3)
    ev = evaluate(hand, hand.normalise(hand.weights * X), changes=True)
    problem = {"num_vars": 3, "names": ["a", "b", "c"], "bounds": [[0.6, 1.4]] * 3}
    ref = salib.analyze(problem, ev.mean_abs_change, calc_second_order=False, num_resamples=10, seed=1)
    ours = sobol_indices(ev.mean_abs_change, 3, n_boot=0)
    np.testing.assert_allclose(ours["S1"], ref["S1"], atol=1e-10)
    np.testing.assert_allclose(ours["ST"], ref["ST"], atol=1e-10)


def test_linear_model_analytic_indices_within_the_intervals():
    # Y = Σ a_j X_j with X_j ~ U(0.5, 1.5) independent: S1_j = ST_j = a_j² / Σ a² (Saltelli et
    # al., Global Sensitivity Analysis: The Primer, 2008, ch. 4): (1, 4, 9, 0) / 14
    a = np.array([1.0, 2.0, 3.0, 0.0])
    X = saltelli_sample(4, 1024, 0.5, seed=12)
    df = sobol_indices(X @ a, 4, n_boot=300, seed=5)
    truth = a**2 / (a**2).sum()
    for key in ("S1", "ST"):
        assert np.all(df[f"{key}_low"] <= truth + 1e-12) and np.all(truth <= df[f"{key}_high"] + 1e-12), key
    # the last factor does nothing: its total effect is exactly 0 (y_A = y_AB4 row by row)
    assert df["ST"].iloc[3] == 0 and df["ST_low"].iloc[3] == 0 and df["ST_high"].iloc[3] == 0


def test_sobol_of_a_weight_on_which_all_units_are_equal_is_zero(mini):
    # every unit scores 10 of 20 on indicator 4: its term is the same for all units, so no
    # value of its weight changes any rank (weights are rescaled by a common factor). Then
    # y_AB4 = y_A exactly in every row (ranks are integers), so S1 = ST = 0 exactly and so is
    # every bootstrap resample: the tolerance is 0, not a statistical one.
    units = {"a": (15, 40, 10), "b": (19, 31, 10), "c": (11, 50, 10), "d": (5, 58, 10), "e": (17, 35, 10)}
    base = weight_base(score_units(mini, given_scores(units)))
    ind, per_unit = sobol_weights(base, spread=0.5, base_n=256, seed=4, n_boot=100)
    row = ind.set_index("code").loc["4"]
    assert row["S1"] == 0 and row["ST"] == 0
    assert row["S1_low"] == 0 and row["S1_high"] == 0 and row["ST_low"] == 0 and row["ST_high"] == 0
    assert ind.set_index("code").loc["1", "ST"] > 0.05  # the other weights do move ranks
    moved = per_unit.dropna(subset=["top_code"])
    assert (moved["ST_4"] == 0).all() and not (moved["top_code"] == "4").any()
    # the report's table: the weight's code and name in one cell, after the unit's rank (a
    # code column of its own beside the rank read "3 5" as 35), blank for a unit no weight moves
    from types import SimpleNamespace

    from dti_kit.sensitivity.text import sobol_units_view

    view = sobol_units_view(SimpleNamespace(sobol_units=per_unit))
    assert list(view.columns) == ["unit_name", "rank", "top_weight", "top_shift"]
    names = mini.node  # the design's own names of its main indicators
    expected = [f"{c}. {names(c).name}" if c == c else "" for c in per_unit["top_code"]]
    assert view["top_weight"].tolist() == expected and any(expected)


def test_split_outputs_follows_salibs_layout():
    Y = np.arange(2 * 5, dtype=float)  # N = 2, k = 3: rows A, AB1, AB2, AB3, B per i
    yA, yB, yAB = split_outputs(Y, 3)
    assert yA.tolist() == [0, 5] and yB.tolist() == [4, 9] and yAB.tolist() == [[1, 2, 3], [6, 7, 8]]
    S1, ST = estimate(np.ones(4), np.ones(4), np.ones((4, 2)))
    assert np.isnan(S1).all() and np.isnan(ST).all()  # no variance: undefined, not 0


# -- alternatives ---------------------------------------------------------------------------------
def test_equal_weights_ranking_by_hand(hand):
    # equal weights 100/3 each: u1 (1 + .5 + 0)/3 = 50%, u2 (.5 + 1 + .5)/3 = 66.7%,
    # u3 (.9 + .6 + .9)/3 = 80%, u4 (0 + .9 + 1)/3 = 63.3% → ranks 4, 2, 1, 3
    sc, _ = weight_scenarios(hand, designs=[])
    rank_weight_scenarios(hand, sc)
    eq = next(s for s in sc if s.id == "equal")
    assert ranks_of(hand, eq.rank) == {"u1": 4, "u2": 2, "u3": 1, "u4": 3}
    np.testing.assert_allclose(eq.percent, [50, 200 / 3, 80, 190 / 3], atol=1e-9)
    summary, ranks = compare(hand, [eq])
    row = summary.iloc[0]
    # official (4, 1, 3, 2) vs equal (4, 2, 1, 3): d = (0, −1, 2, −1), ρ = 1 − 6·6 / (4·15) = 0.4;
    # pairs concordant 4, discordant 2 (u2–u3, u3–u4): τ = 2 / 6
    assert row["spearman"] == pytest.approx(0.4) and row["kendall"] == pytest.approx(1 / 3)
    assert row["units_moved"] == 3 and row["max_abs_change"] == 2 and row["mean_abs_change"] == pytest.approx(1.0)
    # bands: u2 80% Dẫn dắt → 66.7% Nâng cao; u3 72% Nâng cao → 80% Dẫn dắt
    assert row["band_changes"] == 2
    got = ranks.set_index("unit_id")
    assert got.loc["u2", "alt_band"] == "Nâng cao" and got.loc["u3", "alt_band"] == "Dẫn dắt"


def test_leave_one_out_by_hand(hand):
    # without indicator 4: weights (20, 60) → 25 / 75; u1 25 + 37.5 = 62.5, u2 12.5 + 75 = 87.5,
    # u3 22.5 + 45 = 67.5, u4 0 + 67.5 = 67.5 → u2 1, u3 and u4 share 2, u1 4
    sc, _ = weight_scenarios(hand, designs=[])
    rank_weight_scenarios(hand, sc)
    loo = next(s for s in sc if s.id == "loo:4")
    np.testing.assert_allclose(loo.weights, [25, 75, 0])
    assert ranks_of(hand, loo.rank) == {"u1": 4, "u2": 1, "u3": 2, "u4": 2}


def test_one_at_a_time_by_hand(hand):
    # w1 × 1.25 = 25, rescaled (25, 60, 20) × 100/105: u1 52.38, u2 78.57, u3 72.86, u4 70.48
    # → u3 passes u4: u3 3 → 2 (−1), u4 2 → 3 (+1)
    oat = one_at_a_time(hand, 0.25)
    up = oat[(oat["code"] == "1") & (oat["direction"] == "+")].set_index("unit_id")
    assert up["new_rank"].to_dict() == {"u1": 4, "u2": 1, "u3": 2, "u4": 3}
    assert up["change"].to_dict() == {"u1": 0, "u2": 0, "u3": -1, "u4": 1}
    # w3 × 0.75 = 45: (20, 45, 20)/85: u1 23.53 + 26.47 = 50.0, u2 11.76 + 52.94 + 11.76 = 76.5,
    # u3 21.18 + 31.76 + 21.18 = 74.1, u4 0 + 47.65 + 23.53 = 71.2 → u3 2, u4 3
    dn = oat[(oat["code"] == "3") & (oat["direction"] == "−")].set_index("unit_id")
    assert dn["new_rank"].to_dict() == {"u1": 4, "u2": 1, "u3": 2, "u4": 3}
    assert len(oat) == 3 * 2 * 4


def test_other_design_profile_matched_by_name(hand, mini):
    # the other design prints "NHẬN THỨC SỐ" (case) for indicator 1, "CHÍNH QUYỀN SỐ" (without
    # "Hoạt động", as Vũng Tàu) for 3, nothing like 4 (weight 0), and a "Hạ tầng số" not used.
    m1, m2, m3, m4 = mini.main_indicators
    other = replace(mini, id="other-2024-huyen", province="Tỉnh khác", main_indicators=(
        replace(m1, code="I", name="NHẬN THỨC SỐ", max_points=10),
        replace(m3, code="VI", name="CHÍNH QUYỀN SỐ", max_points=30),
        replace(m1, code="III", name="Hạ tầng số", max_points=60),
    ))
    m = match_profile(hand, other).set_index("code")
    assert m["match"].to_dict() == {"1": "name", "3": "prefix", "4": "none"}
    assert m.loc["1", "other_code"] == "I" and m.loc["3", "other_code"] == "VI" and pd.isna(m.loc["4", "other_code"])
    # (10, 30, 0) rescaled to 100 → (25, 75, 0)
    np.testing.assert_allclose(m["profile_weight"], [25, 75, 0])
    sc, matching = weight_scenarios(hand, designs=[other])
    rank_weight_scenarios(hand, sc)
    prof = next(s for s in sc if s.id == "design:other-2024-huyen")
    # = leave 4 out here: u2 87.5, u3 = u4 67.5, u1 62.5
    assert ranks_of(hand, prof.rank) == {"u1": 4, "u2": 1, "u3": 2, "u4": 2}
    assert "4 Hoạt động kinh tế số" in prof.note["vi"] and "III Hạ tầng số" in prof.note["vi"]
    assert "Hạ tầng số" in prof.note["en"] and set(matching["design"]) == {"other-2024-huyen"}


def test_names_normalised_case_and_diacritics():
    # Bắc Kạn prints "Thế chế số" and "Thẻ chế số" for "Thể chế số"
    assert normalise_name("Thế chế số") == normalise_name("Thẻ chế số") == normalise_name("THỂ CHẾ SỐ") == "the che so"
    assert normalise_name("Đô thị thông minh") == "do thi thong minh"
    assert normalise_name("An toàn thông tin  mạng") == "an toan thong tin mang"


def test_shipped_same_level_profiles_match_every_indicator():
    # Hòa Bình's districts under Hải Dương's and Bắc Kạn's district weights: all 8 main
    # indicators match (Bắc Kạn's "Thế chế số" by diacritic-free name), Vũng Tàu's by the
    # second pass; Hải Dương's profile = its points (50 × 5, 150, 100, 100) rescaled × 1000/600
    d = load_design("hoa-binh-2023-huyen")
    base = weight_base(score_units(d, generate(d, 2023)))
    m = match_profile(base, load_design("hai-duong-2023-huyen"))
    assert (m["match"] == "name").all()
    np.testing.assert_allclose(m["profile_weight"], np.array([50, 50, 50, 50, 50, 150, 100, 100]) * 1000 / 600)
    assert (match_profile(base, load_design("bac-kan-2022-huyen"))["match"] == "name").all()
    vt = match_profile(base, load_design("vung-tau-2024-huyen"))
    assert vt["match"].tolist() == ["name"] * 5 + ["prefix"] * 3


def test_correlations_match_scipy():
    from scipy import stats  # here, not at the top: collecting the module stays fast (make check)
    rng = np.random.default_rng(0)
    for _ in range(5):
        x = rng.integers(1, 8, 40)
        y = x + rng.integers(-3, 4, 40)
        assert spearman(x, y) == pytest.approx(stats.spearmanr(x, y).statistic, abs=1e-12)
        assert kendall_tau_b(x, y) == pytest.approx(stats.kendalltau(x, y).statistic, abs=1e-12)
    assert np.isnan(spearman([1, 1, 1], [1, 2, 3])) and np.isnan(kendall_tau_b([2, 2], [1, 2]))


def test_relative_rule_swapped_share_of_the_best(mini):
    # 4.1 min-max over (50, 100, 25): (50 − 25)/75 × 20 = 6.67, 20, 0; share of the best:
    # 50/100 × 20 = 10, 20, 25/100 × 20 = 5 (docs/design-format.md, kind relative)
    full = {"1": {"appraised_score": 10}, "3": {"appraised_score": 30}, **NO_BONUS}
    long = long_table({u: {**full, "4.1": {"value": v}} for u, v in (("a", 50), ("b", 100), ("c", 25))})
    alt, swapped, kept = swap_relative(mini)
    assert swapped == ["4.1"] and kept == [] and mini.node("4.1").rule.params["method"] == "min_max"
    res = score_units(alt, long)
    assert [res.score(u, "4.1") for u in "abc"] == pytest.approx([10, 20, 5])
    official = score_units(mini, long)
    assert [official.score(u, "4.1") for u in "abc"] == pytest.approx([20 / 3, 20, 0])


def _n_declares_3_1_na() -> pd.DataFrame:
    """Units m, n, o of the mini design; n declares 3.1 (max 20) N/A, m and o score it 10 and 20."""
    units = {u: {"1": {"appraised_score": s1}, "3.2": {"a": a, "b": 10}, "3.3": {"value": 1}, "3.4": {"appraised_score": 10},
                 "4": {"appraised_score": 10}, **NO_BONUS} for u, s1, a in (("m", 12, 5), ("n", 14, 9), ("o", 10, 10))}
    units["m"]["3.1"] = {"a": 5, "b": 10}
    units["o"]["3.1"] = {"a": 20, "b": 20}
    units["n"]["3.1"] = {"na": 1}
    return long_table(units)


def test_na_policy_alternatives(mini):
    # unit n has 3.1 (max 20) N/A under the design's proportional policy; the alternatives are
    # peer-mean and exclude, re-scored from the inputs (official weights)
    long = _n_declares_3_1_na()
    res = score_units(mini, long)
    base = weight_base(res)
    sc = rescoring_scenarios(base, long, res.na_policy)
    assert [s.id for s in sc] == ["na:peer-mean", "na:exclude", "relative"]
    # peer-mean: n's 3.1 = mean of m (10) and o (20) = 15 → total 14 + 15 + 9 + 10 + 10 + 10 = 68
    pm = score_units(mini, long, na_policy="peer-mean")
    assert pm.score("n", "3.1") == 15 and pm.score("n", "TOTAL") == 68
    assert ranks_of(base, sc[0].rank) == {u: int(r) for u, r in pm.totals().set_index("unit_id")["rank"].items()}
    assert "1" in sc[0].note["en"]


def test_a_unit_scored_but_not_ranked_stays_unranked_in_every_rescoring(mini):
    # a units file's ranked = 0 ("tham gia đánh giá nhưng không xếp hạng", Hải Dương 2023): o has
    # the most points (70 of 100 under every policy: it has no N/A item) but no rank; m and n are
    # ranked without it, under the design's proportional policy and each alternative one alike
    long = _n_declares_3_1_na()
    res = score_units(mini, long, unranked={"o"})
    assert res.unranked == frozenset({"o"})
    out = analyse(mini, long, result=res, draws=50, sobol_base=16, n_boot=5, designs=[])
    assert out.base.units == ("m", "n")
    for scenario in ("na:peer-mean", "na:exclude"):
        policy = scenario.split(":")[1]
        expected = score_units(mini, long, na_policy=policy, unranked={"o"}).totals().set_index("unit_id")["rank"]
        ranks = out.alternative_ranks[out.alternative_ranks["scenario"] == scenario].set_index("unit_id")
        assert ranks["alt_rank"].to_dict() == expected.loc[["m", "n"]].astype(int).to_dict(), scenario
        # peer-mean: n 68 of 100 (its 3.1 the mean 15 of m's 10 and o's 20), exclude: n 53 of 80
        # (3.1's 20 points removed) = 66.25 %; m 57 %: n stays first, m second, o's 70 moves no one
        assert ranks["alt_rank"].to_dict() == {"m": 2, "n": 1} and (ranks["change"] == 0).all(), scenario

# -- the whole analysis, outputs and command line -----------------------------------------------------
def test_analyse_tables_and_words(mini):
    res = analyse(mini, given_scores(HAND), draws=300, spread=0.25, seed=2, sobol_base=64, designs=[])
    main = res.main_table()
    assert tuple(main.columns) == MAIN_COLUMNS and list(main["rank"]) == [1, 2, 3, 4]
    assert set(res.tables()) >= {"main", "units", "sobol", "oat", "alternatives", "alternative-ranks", "weights"}
    assert list(res.sobol["code"]) == ["1", "3", "4"]
    assert {"equal", "loo:1", "loo:3", "loo:4", "relative"} <= set(res.alternatives["scenario"])
    # no unit of HAND declares an item N/A: every other N/A rule gives the official scores, a
    # scenario that tests nothing, and none is tried (test_na_policy_alternatives tries them)
    assert not res.alternatives["scenario"].str.startswith("na:").any()
    vi = "\n".join(describe(res, "vi"))
    en = "\n".join(describe(res, "en"))
    assert "Huyện" not in vi and "u2" in vi and "bộ trọng số" in vi and "weight vectors" in en
    # the open choices' method names min-max only where a relative rule was re-scored with it
    from dataclasses import replace

    from dti_kit.sensitivity.text import open_method

    assert "Min-Max" in open_method(res, "vi") and "min-max" in open_method(res, "en")
    without = replace(res, alternatives=res.alternatives[res.alternatives["kind"] != "relative"])
    assert open_method(res, "vi").startswith("Không đơn vị nào báo mục không áp dụng (N/A)")
    assert "Min-Max" not in open_method(without, "vi") and open_method(without, "en").endswith("there is nothing to re-score.")
    # an open choice that moves no unit, or one, says so in words, not "0 unit(s)"
    opened = res.open_alternatives()
    assert len(opened)
    for moved, en_words, vi_words in ((0, "no unit changes rank", "không đơn vị nào đổi hạng"), (1, "1 unit changes rank", "1 đơn vị đổi hạng"),
                                      (3, "3 units change rank", "3 đơn vị đổi hạng")):
        alt = res.alternatives.copy()
        alt.loc[alt["scenario"].isin(opened["scenario"]), "units_moved"] = moved
        said_en, said_vi = "\n".join(describe(replace(res, alternatives=alt), "en")), "\n".join(describe(replace(res, alternatives=alt), "vi"))
        assert en_words in said_en
        assert vi_words in said_vi and "unit(s)" not in said_en


@pytest.mark.slow
def test_cli_writes_main_csv_and_tables_beside_it(tmp_path):
    d = load_design("hai-duong-2023-huyen")  # no bands
    inp = tmp_path / "in.csv"
    generate(d, 2023).to_csv(inp, index=False)
    out = tmp_path / "sens.csv"
    run = subprocess.run([sys.executable, "-m", "dti_kit", "sensitivity", d.id, str(inp), "--draws", "100",
                          "--spread", "0", "--seed", "3", "--sobol-base", "64", "--out", str(out)],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert run.returncode == 0, run.stderr
    main = pd.read_csv(out)
    assert tuple(main.columns) == MAIN_COLUMNS
    assert (main["rank_p05"] == main["rank"]).all() and (main["rank_p95"] == main["rank"]).all()
    assert main["p_band_change"].isna().all()  # Hải Dương has no bands: left empty
    assert "p_band_change" in out.read_text().splitlines()[0] and ",\n" in out.read_text()
    for suffix in ("units", "sobol", "oat", "alternatives", "alternative-ranks", "weights", "matching"):
        assert (tmp_path / f"sens-{suffix}.csv").exists(), suffix
    bad = subprocess.run([sys.executable, "-m", "dti_kit", "sensitivity", d.id, str(inp), "--spread", "2"],
                         cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
    assert bad.returncode == 2 and "spread" in bad.stderr


def test_notebook_contract():
    # one cell tagged `parameters` with the contract's variables (docs/reports.md), committed
    # without outputs or execution counts
    import json

    nb = json.loads((ROOT / "notebooks" / "sensitivity.ipynb").read_text(encoding="utf-8"))
    tagged = [c for c in nb["cells"] if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1
    src = "".join(tagged[0]["source"])
    for var in ("design_id", "inputs", "previous_inputs", "language", "na_policy", "title", "author", "output_dir", "options"):
        assert f"{var} = " in src, var
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert all(c["outputs"] == [] and c["execution_count"] is None for c in code)


def test_a_statistic_is_written_to_its_decimals_whatever_its_value():
    # ρ = 1 (an alternative that moves no unit) is written 1,000 beside 0,980, not 1; a rank
    # correlation has 3 decimals: at 150 units one that moves 130 of them is 0,996, not "1,00"
    from dti_kit.sensitivity.text import table_html

    df = pd.DataFrame({"label": ["a", "b", "c"], "spearman": [1.0, 0.98, 0.99612], "units_moved": [0, 2, 130],
                       "mean_abs_change": [0.0, 0.5, 1.25]})
    page = table_html(df, "vi")
    assert all(f'<td class="num">{x}</td>' in page for x in ("1,000", "0,980", "0,996", "0,00", "0,50", "1,25"))


def test_fairly_robust_means_a_few_ranks_whatever_the_number_of_units():
    from dti_kit.sensitivity.montecarlo import robustness

    # official rank 10; 5–95% intervals 10–10, 9–12 (3 ranks wide), 5–15 (10 wide)
    rank, p05, p95 = np.array([10, 10, 10]), np.array([10, 9, 5]), np.array([10, 12, 15])
    assert list(robustness(rank, p05, p95, 150)) == ["robust", "moderate", "sensitive"]  # 10 ranks of 150: not "fairly robust"
    assert list(robustness(rank, p05, p95, 10)) == ["robust", "sensitive", "sensitive"]  # 3 ranks of 10: 2 at most
