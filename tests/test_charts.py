"""Every chart of every report is readable at every unit count (issues 18 and 20).

Inspected as matplotlib draws them: the legend holds every band, line and mark the chart
uses; no two tick labels overlap (bounding boxes from the Agg renderer) at 30 and 600 units;
above ``plotting.LARGE`` units the ranking, heatmap, pillar, rank-interval, rank-shift and
by-unit reconciliation charts name only the top and bottom units, or one row per parent;
the English charts name the main indicators and pillars in English; every figure is laid
out once by the constrained layout. Inputs: synthetic Bắc Kạn districts (the one design with
bands and pillars), each unit at one level of maturity, 16–24-letter Vietnamese names.
"""
from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.layout_engine import ConstrainedLayoutEngine  # noqa: E402

from dti_kit import load_design, score_units  # noqa: E402
from dti_kit.i18n import text  # noqa: E402
from dti_kit.reconcile import report as rr  # noqa: E402
from dti_kit.reconcile.core import reconcile  # noqa: E402
from dti_kit.report import charts, plotting  # noqa: E402
from dti_kit.report.printing import image_box_inches  # noqa: E402
from dti_kit.sensitivity import plots  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
SYLLABLES = ("Tân", "Lạc", "Sơn", "Phú", "Thượng", "Đà", "Bắc", "Hòa", "Mường", "Yên", "Thủy", "Kim", "Bôi",
             "Trung", "Nguyễn", "Vĩnh", "Đồng", "Quang", "Thạch", "Hưng", "Long", "An", "Bình", "Thành")
DESIGN = "bac-kan-2022-huyen"


def names(n: int) -> list[str]:
    rng = np.random.default_rng(3)
    out: list[str] = []
    while len(out) < n:
        name = "Xã " + " ".join(rng.choice(SYLLABLES, int(rng.integers(2, 4)), replace=False))
        if name not in out:
            out.append(name)
    return out


def bac_kan_long(n: int, self_too: bool = False) -> pd.DataFrame:
    """n units' appraised (and self-assessed) scores of each main indicator: unit k at a
    level of maturity, each score that share of the indicator's max (1 decimal)."""
    d = load_design(DESIGN)
    rng = np.random.default_rng(1)
    level = rng.uniform(0.1, 0.95, n)
    ids = [f"xa-{i:04d}" for i in range(n)]
    frames = []
    for m in d.main_indicators:
        q = np.clip(level + rng.normal(0, 0.12, n), 0, 1)
        score = np.round(q * m.max_points, 1)
        frames.append(pd.DataFrame({"unit_id": ids, "code": m.code, "variable": "appraised_score", "value": score}))
        if self_too:
            claim = np.clip(np.round(score + rng.choice([0, 0, 2.5, -1.0], n), 1), 0, m.max_points)
            frames.append(pd.DataFrame({"unit_id": ids, "code": m.code, "variable": "self_score", "value": claim}))
    long = pd.concat(frames, ignore_index=True)
    long["unit_name"] = long["unit_id"].map(dict(zip(ids, names(n))))
    return long


def districts(n: int) -> dict[str, str]:
    """15 communes to a district, in unit order."""
    return {f"xa-{i:04d}": f"Huyện {SYLLABLES[i // 15 % len(SYLLABLES)]} {i // 360 + 1}" for i in range(n)}


@pytest.fixture(scope="module")
def scored():
    d = load_design(DESIGN)
    return {n: score_units(d, bac_kan_long(n)) for n in (30, 600)}


# -- inspecting figures -------------------------------------------------------------------------

def drawn(fig):
    fig.canvas.draw()  # the one layout pass
    return fig.canvas.get_renderer()


def overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of visible tick labels of one axis whose boxes intersect (1 px of slack)."""
    renderer = drawn(fig)
    found = []
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            labels = [t for t in axis.get_ticklabels() if t.get_visible() and t.get_text().strip()]
            boxes = [t.get_window_extent(renderer).expanded(1.0, 1.0).padded(-1) for t in labels]
            for i in range(len(boxes)):
                for j in range(i + 1, len(boxes)):
                    if boxes[i].overlaps(boxes[j]):
                        found.append((labels[i].get_text(), labels[j].get_text()))
    return found


def outside(fig) -> list[str]:
    """Axis labels and titles that reach past the figure's edge (1 px of slack)."""
    renderer = drawn(fig)
    box = fig.bbox.padded(1)
    texts = [t for ax in fig.axes for t in (ax.xaxis.label, ax.yaxis.label, ax.title)] + ([fig._suptitle] if fig._suptitle else [])
    return [t.get_text() for t in texts if t.get_visible() and t.get_text() and
            not (box.x0 <= (b := t.get_window_extent(renderer)).x0 and b.x1 <= box.x1 and box.y0 <= b.y0 and b.y1 <= box.y1)]


def legend_texts(fig) -> list[str]:
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None]
    return [t.get_text() for lg in legends for t in lg.get_texts()]


def ticks(ax, axis="y") -> list[str]:
    return [t.get_text() for t in (ax.get_yticklabels() if axis == "y" else ax.get_xticklabels())]


def constrained(fig) -> bool:
    return isinstance(fig.get_layout_engine(), ConstrainedLayoutEngine)


# -- scoring report ---------------------------------------------------------------------------

def test_ranking_small_names_every_unit_and_keys_every_band_and_limit_line(scored):
    r = scored[30]
    fig = charts.ranking_chart(r, "vi")
    ax = fig.axes[0]
    order = r.totals().sort_values("rank")["unit_name"].tolist()
    assert ticks(ax) == order  # one named bar per unit, best at the top
    leg = legend_texts(fig)
    # Bắc Kạn Điều 7.2: Khởi động ≤ 25%, Hình thành ≤ 50%, Nâng cao ≤ 75%, Dẫn dắt > 75%
    assert leg == ["Khởi động (đến 25%)", "Hình thành (đến 50%)", "Nâng cao (đến 75%)", "Dẫn dắt (trên 75%)",
                   "Ngưỡng xếp loại: 25 / 50 / 75%"]
    assert sorted(line.get_xdata()[0] for line in ax.get_lines()) == [25, 50, 75]  # the limit lines drawn
    colours = {matplotlib.colors.to_hex(p.get_facecolor()) for p in ax.patches}
    band_colours = plotting.band_colours(r.design.bands)
    assert colours <= set(band_colours.values())  # every bar's colour is a band in the legend
    assert overlaps(fig) == [] and outside(fig) == [] and constrained(fig)


def test_ranking_large_names_top_and_bottom_ten_and_draws_every_unit(scored):
    r = scored[600]
    fig = charts.ranking_chart(r, "vi")
    strip, top, bottom = fig.axes
    assert strip.collections[0].get_offsets().shape == (600, 2)  # every unit a dot
    t = r.totals().sort_values(["rank", "unit_name"])
    assert ticks(top) == [f"{int(k)}. {u}" for k, u in zip(t["rank"][:10], t["unit_name"][:10])]
    assert ticks(bottom) == [f"{int(k)}. {u}" for k, u in zip(t["rank"][-10:], t["unit_name"][-10:])]
    assert top.get_title() == "10 đơn vị cao nhất" and bottom.get_title() == "10 đơn vị thấp nhất"
    assert "Dẫn dắt (trên 75%)" in legend_texts(fig)
    assert overlaps(fig) == [] and outside(fig) == []


def test_ranking_large_with_parents_has_one_row_per_district(scored):
    r = scored[600]
    fig = charts.ranking_chart(r, "vi", parents=districts(600))
    strip = fig.axes[0]
    rows = ticks(strip)
    assert len(rows) == 40 and all(re.fullmatch(r"Huyện \S+ \d \(15\)", s) for s in rows)  # 600 / 15
    assert {"Một đơn vị", "Trung vị của đơn vị cấp trên"} <= set(legend_texts(fig))
    assert overlaps(fig) == [] and outside(fig) == []


@pytest.mark.parametrize("n", [30, pytest.param(600, marks=pytest.mark.slow)])
def test_heatmap_rows_fit(scored, n):
    r = scored[n]
    fig = charts.heatmap(r, "vi")
    ax = fig.axes[0]
    rows = ticks(ax)
    if n == 30:
        assert rows == r.totals().sort_values("rank")["unit_name"].tolist()
    else:  # the 15 best, a gap row, the 15 worst
        assert len(rows) == 31 and rows[15] == "… 570 đơn vị khác …" and rows[0].startswith("1. ")
        assert "15 đơn vị cao nhất và 15 đơn vị thấp nhất trong 600 đơn vị" in fig.get_suptitle().replace("\n", " ")
    cols = [s.replace("\n", " ") for s in ticks(ax, "x")]
    assert cols[0] == "1. Nhận thức số" and len(cols) == 8  # 6. Đô thị thông minh scores 0 points: not shown
    assert overlaps(fig) == [] and outside(fig) == [] and constrained(fig)
    # printed on A4 (7.32 in wide) at no less than 7.32 / 8: its 7-point numbers stay above 6
    # points (11.2 in wide, they printed at 4.5)
    (number, *_) = ax.texts
    printed = number.get_fontsize() * min(1.0, image_box_inches()[0] / fig.get_size_inches()[0])
    assert fig.get_size_inches()[0] <= 8.0 and printed >= 6.0


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_heatmap_large_with_parents_shows_district_means(scored):
    r = scored[600]
    par = districts(600)
    fig = charts.heatmap(r, "vi", parents=par)
    ax = fig.axes[0]
    assert len(ticks(ax)) == 40
    # the rows in the ranking chart's order (by the district's median percent, a reader's review
    # saw the two charts order the districts differently); its first cell the mean of its communes
    t = r.totals().set_index("unit_id")
    median = t.groupby(pd.Series(par))["percent"].median().sort_values(ascending=False, kind="mergesort")
    best = median.index[0]
    strip = charts.ranking_chart(r, "vi", parents=par).axes[0]
    assert [s.rsplit(" (", 1)[0] for s in ticks(ax)] == [s.rsplit(" (", 1)[0] for s in ticks(strip)] == list(median.index)
    assert ticks(ax)[0] == f"{best} (15)"
    members = [u for u, p in par.items() if p == best]
    expected = r.wide("indicator").loc[members, "1"].mean() / 70 * 100
    assert ax.images[0].get_array()[0, 0] == pytest.approx(expected)
    # the subtitle that says so (90 characters) ran past the figure's right edge
    assert "xếp theo trung vị" in fig.get_suptitle().replace("\n", " ")
    assert overlaps(fig) == [] and outside(fig) == []


@pytest.mark.slow
@pytest.mark.parametrize("language", ["vi", "en"])
def test_heatmap_of_district_means_keeps_its_title_inside_the_figure(scored, language):
    # a reader's review of the 150-commune report: under districts' names of 20 characters
    # ("Huyện Thử Nghiệm 002 (15)"), the subtitle that says how the rows are ordered (90
    # characters) ran past the figure's right edge and was cut off in the middle of a word
    par = {u: f"Huyện Thử Nghiệm {int(d.rsplit(' ', 1)[1]) * 100 + SYLLABLES.index(d.split()[1]):03d}"
           for u, d in districts(600).items()}
    fig = charts.heatmap(scored[600], language, parents=par)
    assert len(ticks(fig.axes[0])) == 40 and text("charts.heatmap_parents", language) in fig.get_suptitle().replace("\n", " ")
    assert outside(fig) == [] and overlaps(fig) == []


def test_english_heatmap_hyphenates_long_indicator_names_rather_than_cutting_them():
    # a reader's review of the English 150-commune report: under the heat map's eight narrow
    # columns "3. Digital infrastructure" and "5. Cybersecurity" printed as "3. Digital
    # infrastru…" and "5. Cybersec…"; a word too wide for its column is hyphenated
    from dti_kit.samples import sample_inputs

    design = load_design("hoa-binh-2023-xa")
    fig = charts.heatmap(score_units(design, sample_inputs(design, 2023)), "en")
    cols = ticks(fig.axes[0], "x")
    assert len(cols) == 8 and not any("…" in c for c in cols), cols
    assert "5. Cyberse-\ncurity" in cols and "3. Digital\ninfrastruc-\nture" in cols
    assert overlaps(fig) == [] and outside(fig) == []


def test_distributions_key_every_mark(scored):
    fig = charts.distributions(scored[30], "vi")
    leg = legend_texts(fig)
    assert leg[:4] == ["Hộp: 50% số đơn vị ở giữa (từ 25% đến 75%)", "Trung vị", "Trung bình",
                       "Râu: thấp nhất và cao nhất, trong 1,5 lần chiều cao hộp"]
    assert leg[-1] == "Một đơn vị"
    fliers = sum(len(line.get_xdata()) for line in fig.axes[0].get_lines() if line.get_marker() == "o")
    assert ("Giá trị cách xa (ngoài râu)" in leg) == (fliers > 0)
    assert overlaps(fig) == [] and outside(fig) == []


@pytest.mark.parametrize("n", [30, pytest.param(600, marks=pytest.mark.slow)])
def test_pillar_chart(scored, n):
    fig = charts.pillar_chart(scored[n], "vi")
    if n == 30:
        assert legend_texts(fig) == ["Chính quyền số", "Kinh tế số", "Xã hội số"]
        assert len(fig.axes[0].patches) == 90  # 30 units × 3 pillars
    else:
        assert len(fig.axes[0].images) == 1 and len(ticks(fig.axes[0])) == 31
    assert overlaps(fig) == [] and outside(fig) == []


def test_english_charts_name_indicators_and_pillars_in_english(scored):
    r = scored[30]
    cols = [s.replace("\n", " ") for s in ticks(charts.heatmap(r, "en").axes[0], "x")]
    assert cols[:2] == ["1. Digital awareness", "2. Digital institutions"]
    assert [s.replace("\n", " ") for s in ticks(charts.distributions(r, "en").axes[0], "x")][-1] == "9. Digital society activity"
    assert legend_texts(charts.pillar_chart(r, "en")) == ["Digital government", "Digital economy", "Digital society"]
    leg = legend_texts(charts.ranking_chart(r, "en"))
    assert leg[0] == "Starting (up to 25%)" and leg[-1] == "Band limits: 25 / 50 / 75%"


@pytest.mark.slow
def test_heatmap_labels_of_ninh_thuan_and_vung_tau_do_not_overlap():
    """The two reports whose heatmap labels users saw overlap ("V. AN TOÀN THÔNG TIN MẠNG")."""
    from dti_kit.forms import read_inputs

    for design_id, path in (("ninh-thuan-2022-tinh", "inputs/ninh-thuan/2022-tinh-synthetic.csv"),
                            ("vung-tau-2024-xa", "inputs/vung-tau/2023-xa-synthetic.csv")):
        d = load_design(design_id)
        r = score_units(d, read_inputs([str(ROOT / path)], design=d))
        for chart in (charts.heatmap, charts.distributions):
            fig = chart(r, "vi")
            assert overlaps(fig) == [] and outside(fig) == [], design_id
            labels = ticks(fig.axes[0], "x")
            assert all(plotting.text_width(line, charts.TICK_PT) <= 1.05 for s in labels for line in s.split("\n"))


# -- sensitivity ----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sensitivity():
    from dti_kit.sensitivity.analysis import analyse

    return analyse(DESIGN, bac_kan_long(30), draws=200, sobol_base=64, n_boot=20)


def large_sensitivity(res, n: int = 600):
    """A sensitivity result of n units shaped as ``analyse`` returns it (units in official
    rank order, each unit's 5–95% rank interval k units wide around its rank, where k grows
    with the unit's position mod 7), to chart 600 units without 600 units of Monte Carlo."""
    rank = np.arange(1, n + 1, dtype=float)
    width = (np.arange(n) % 7) * 3.0
    units = pd.DataFrame({"unit_id": [f"xa-{i:04d}" for i in range(n)], "unit_name": names(n), "rank": rank,
                          "rank_median": rank, "rank_p05": np.maximum(1, rank - width), "rank_p95": np.minimum(n, rank + width)})
    scen = list(res.alternatives["scenario"])
    change = [(i % 11) - 5 if j % 2 else (i % 5) for i in range(n) for j in range(len(scen))]
    ranks = pd.DataFrame({"unit_id": np.repeat(units["unit_id"], len(scen)), "scenario": scen * n, "change": change})
    return SimpleNamespace(units=units, sobol=res.sobol, alternatives=res.alternatives, alternative_ranks=ranks,
                           settings=res.settings)


@pytest.mark.slow
def test_rank_intervals_small_and_large(sensitivity):
    fig = plots.rank_intervals(sensitivity, "vi")
    assert ticks(fig.axes[0]) == list(sensitivity.units["unit_name"])
    assert legend_texts(fig) == ["Khoảng 5–95%", "Hạng trung vị", "Hạng chính thức"]
    assert overlaps(fig) == [] and outside(fig) == [] and constrained(fig)
    big = large_sensitivity(sensitivity)
    fig = plots.rank_intervals(big, "vi")
    strip, named = fig.axes
    assert len(strip.collections[0].get_segments()) == 600  # every unit's interval, unnamed
    # drawn as ranks above and below the official rank: unit 21's interval 3–39 is −18 … +18 at x = 21
    (x0, y0), (x1, y1) = strip.collections[0].get_segments()[20]
    assert (x0, x1, y0, y1) == (21, 21, -18, 18) and strip.get_ylim() == (18.5, -18.5)
    assert ticks(strip) and not any(re.search(r"Xã", s) for s in ticks(strip))
    # the widest: 36 ranks at positions i mod 7 = 6 not cut by rank 1 (i = 20, 27, …), in rank order
    widest = [i for i in range(20, 600, 7)][:15]
    assert ticks(named) == [f"{i + 1}. {big.units['unit_name'][i]}" for i in widest]
    assert named.get_title() == "15 đơn vị có khoảng hạng rộng nhất"
    assert overlaps(fig) == [] and outside(fig) == []
    # the strip's label in two lines within the figure (one line ran past its top), its ticks whole ranks
    assert outside(fig) == [] and strip.get_ylabel().count("\n") == 1
    assert all(float(t).is_integer() for t in strip.get_yticks())


def test_intervals_method_names_the_marks_the_chart_draws(sensitivity):
    """Up to 30 units every unit has its ◇ (official rank); above, the panel of all units draws
    the official rank as the line at 0 and only the named widest intervals have a ◇: the
    sentence under the heading says which (a reviewer of 150 communes looked for ◇ in vain)."""
    small = plots.intervals_method(sensitivity, "vi")
    assert small.startswith("Mỗi đơn vị: hạng chính thức (◇)") and "200 lần rút" in small
    markers = {line.get_marker() for line in plots.rank_intervals(sensitivity, "vi").axes[0].lines}
    assert "D" in markers
    big = large_sensitivity(sensitivity)
    many = plots.intervals_method(big, "en")
    assert "(the line at 0)" in many and "Below: the 15 units whose interval is widest, with the official rank (◇)" in many
    strip, named = plots.rank_intervals(big, "en").axes
    assert "D" not in {line.get_marker() for line in strip.lines} and [line.get_ydata()[0] for line in strip.lines if line.get_marker() in ("None", "", None)] == [0]
    assert "D" in {line.get_marker() for line in named.lines} and len(ticks(named)) == 15


def test_sobol_legend_is_outside_its_bars(sensitivity):
    fig = plots.sobol_bars(sensitivity, "vi")
    renderer = drawn(fig)
    ax = fig.axes[0]
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["Chỉ số bậc nhất S1", "Chỉ số toàn phần ST"]
    assert legend.get_window_extent(renderer).y1 <= ax.get_window_extent(renderer).y0  # below the axes
    assert overlaps(fig) == [] and outside(fig) == []


def test_rank_shifts_count_places_gained_as_the_scoring_report_does(sensitivity):
    """The scoring report's change of rank is last year's rank less this year's (+126: up 126
    places); the alternatives' chart writes a unit's change the same way: its official rank
    less its rank under the alternative, + for a rise, − for a fall."""
    fig = plots.rank_shifts(sensitivity, "vi")
    ax = fig.axes[0]
    assert ax.get_title().startswith("Thay đổi hạng theo từng phương án (+ = tăng hạng)")
    cells = {(round(t.get_position()[1]), round(t.get_position()[0])): t.get_text() for t in ax.texts}
    r = sensitivity.alternative_ranks
    units, scenarios = list(sensitivity.units["unit_id"]), list(sensitivity.alternatives["scenario"])
    rises, falls = r[r["alt_rank"] < r["rank"]], r[r["alt_rank"] > r["rank"]]
    assert len(rises) and len(falls)
    for row in (rises.iloc[0], falls.iloc[0]):
        gained = int(row["rank"] - row["alt_rank"])
        assert cells[(units.index(row["unit_id"]), scenarios.index(row["scenario"]))] == f"{gained:+d}".replace("-", "−")


@pytest.mark.slow
def test_rank_shifts_large_names_the_units_that_move_most(sensitivity):
    fig = plots.rank_shifts(sensitivity, "vi")
    assert len(ticks(fig.axes[0])) == 30 and overlaps(fig) == [] and outside(fig) == []
    big = large_sensitivity(sensitivity)
    fig = plots.rank_shifts(big, "vi")
    rows = ticks(fig.axes[0])
    # |change| reaches 5 (i mod 11 = 0 or 10) on the odd scenarios: those units, first 30 in rank order
    moved = [i for i in range(600) if (i % 11) in (0, 10)][:30]
    assert rows == [f"{i + 1}. {big.units['unit_name'][i]}" for i in moved]
    assert "30 đơn vị thay đổi hạng nhiều nhất trong 600 đơn vị" in fig.axes[0].get_title()
    assert overlaps(fig) == [] and outside(fig) == []


def test_rank_shifts_name_every_alternative_in_full_inside_the_figure(sensitivity):
    """An alternative's name under its column is wrapped, not cut: in English, "Without
    indicator 7. Digital government activity" is about 2.9 inches of 8-point type on one
    line, and was "… Digital government acti…" running past the figure's bottom edge."""
    from dti_kit.sensitivity.analysis import analyse

    res = analyse(DESIGN, bac_kan_long(30), draws=40, sobol_base=16, n_boot=5, language="en")
    labels = list(res.alternatives["label"])
    assert "Without indicator 7. Digital government activity" in labels
    fig = plots.rank_shifts(res, "en")
    renderer = drawn(fig)
    shown = fig.axes[0].get_xticklabels()
    # every word there, in the order of the alternatives (a line break between words, or a
    # hyphen where a word too long for the line is broken)
    assert [re.sub(r"-\n|\n", lambda m: "" if m.group() == "-\n" else " ", t.get_text()) for t in shown] == labels
    assert max(t.get_text().count("\n") for t in shown) == 1  # the long names on two lines
    box = fig.bbox.padded(1)
    for t in shown:
        b = t.get_window_extent(renderer)
        assert box.y0 <= b.y0 and b.x0 >= box.x0 and b.x1 <= box.x1, t.get_text()
    assert overlaps(fig) == [] and outside(fig) == []


# -- reconciliation ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def recs():
    d = load_design(DESIGN)
    return {n: reconcile(d, bac_kan_long(n, self_too=True)) for n in (30, 600)}


@pytest.mark.slow
def test_differences_by_unit_small_large_and_by_district(recs):
    ax = rr.plot_differences_by_unit(recs[30], "vi")
    assert len(ticks(ax)) == 30 and overlaps(ax.figure) == [] and outside(ax.figure) == []
    assert legend_texts(ax.figure) == ["Tự đánh giá cao hơn thẩm định", "Thẩm định cao hơn tự đánh giá"]
    rec = recs[600]
    ax = rr.plot_differences_by_unit(rec, "vi")
    net = rec.differences_by("unit_id").sort_values("net", ascending=False, kind="mergesort")
    names_ = rec.result.unit_names
    assert ticks(ax) == [names_[u] for u in list(net.index[:10]) + list(net.index[-10:])]
    assert "… 580 đơn vị khác …" in [t.get_text() for t in ax.texts]
    assert overlaps(ax.figure) == [] and outside(ax.figure) == []
    ax = rr.plot_differences_by_unit(rec, "vi", parents=districts(600))
    assert len(ticks(ax)) == 40 and overlaps(ax.figure) == [] and outside(ax.figure) == []
    # each district's bar is the sum of its communes' points claimed above the appraisal
    by = net.assign(parent=pd.Series(districts(600))).groupby("parent")["over"].sum()
    first = ticks(ax)[0].rsplit(" (", 1)[0]
    assert ax.patches[0].get_width() == pytest.approx(by[first])


def test_bland_altman_keys_its_dots_and_lines(recs):
    ax = rr.plot_bland_altman(recs[600], "vi")
    leg = legend_texts(ax.figure)
    assert leg[0] == "Một đơn vị" and leg[1].startswith("Chênh lệch trung bình") and len(leg) == 3
    assert ax.collections[0].get_offsets().shape == (600, 2)


# -- every chart ------------------------------------------------------------------------------

def test_no_chart_lays_itself_out_twice():
    """No ``tight_layout`` (a layout pass per call) in any chart module, and every PNG is
    drawn once: ``plotting.png`` saves without ``bbox_inches="tight"`` (which draws twice)."""
    files = ["dti_kit/report/charts.py", "dti_kit/report/plotting.py", "dti_kit/sensitivity/plots.py",
             "dti_kit/reconcile/report.py", "dti_kit/compare/plots.py", "dti_kit/publish/notebook.py"]
    for f in files:
        assert "tight_layout" not in (ROOT / f).read_text(encoding="utf-8"), f
    plotting.setup()
    assert matplotlib.rcParams["savefig.bbox"] is None


@pytest.mark.slow
def test_png_sizes_stay_within_the_html_budget(scored):
    """At 600 units the scoring report's charts (4 here) must leave most of the 8 MB HTML to
    its tables: each PNG under 500 kB."""
    r = scored[600]
    sizes = [len(plotting.png(f(r, "vi"))) for f in (charts.ranking_chart, charts.heatmap, charts.distributions, charts.pillar_chart)]
    assert max(sizes) < 500_000, sizes


def test_comparison_charts_name_designs_for_readers():
    from dti_kit.compare import plots as cp
    from dti_kit.compare.structure import indicator_shares

    ids = ["bac-kan-2022-huyen", "hoa-binh-2023-huyen"]
    fig = cp.plot_shares(indicator_shares(ids))
    assert ticks(fig.axes[0]) == ["Bắc Kạn 2022", "Hòa Bình 2023"]  # not "bac-kan-2022-huyen"
    assert constrained(fig) and overlaps(fig) == [] and outside(fig) == []
    assert cp.design_label("no-such-design") == "no-such-design"


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_threshold_small_multiples_share_one_scale_named_once_per_row():
    """Hòa Bình 6.6 and Vũng Tàu VI.5.8 (online payment) and the other concepts both designs
    measure, one panel each: every panel on the one scale of 0–100% of max, its ticks and
    label at the start of each row only; each curve keyed by design (province and year) and code."""
    from dti_kit.compare import plots as cp
    from dti_kit.compare.report import build_comparison

    cmp = build_comparison(["hoa-binh-2023-huyen", "vung-tau-2024-huyen"])
    figs = cp.threshold_figures(cmp.curves, cmp.concepts, cmp.plotted_concepts, labels=cmp.labels)
    drawn_concepts = [c for c in cmp.plotted_concepts if c in set(cmp.curves["concept_id"])]
    # at most six panels a figure, as wide as the other charts: each prints on A4 at 7.32 / 8 of
    # its size (twelve panels 12.6 in wide printed at 58 %); shared out evenly, as the concepts'
    # heat map (7 panels are 4 and 3, not 6 and a figure of one)
    n = len(drawn_concepts)
    assert len(figs) == -(-n // 6) >= 2
    assert all(f.get_size_inches()[0] == 8.0 and f.get_size_inches()[1] <= 9.9 for f in figs)
    panels = [[ax for ax in f.axes if ax.get_visible()] for f in figs]
    sizes = [len(p) for p in panels]
    assert sum(sizes) == n and max(sizes) <= 6 and max(sizes) - min(sizes) <= 1 and sizes == sorted(sizes, reverse=True)
    fives = cp.threshold_figures(cmp.curves, cmp.concepts, cmp.plotted_concepts, labels=cmp.labels, per_figure=5)
    assert n == 12 and [sum(ax.get_visible() for ax in f.axes) for f in fives] == [4, 4, 4]  # not 5, 5 and 2
    # a design keeps its colour from one figure to the next
    colour = {}
    for ax in (a for p in panels for a in p):
        for line, label in zip(ax.get_legend().get_lines(), ax.get_legend().get_texts()):
            colour.setdefault(label.get_text().rsplit(" ", 1)[0], set()).add(line.get_color())
    assert len(colour) == 2 and all(len(c) == 1 for c in colour.values())
    shown = panels[0]
    assert {ax.get_ylim() for ax in shown} == {(-3, 105)}
    first = [ax for ax in shown if ax.get_subplotspec().is_first_col()]
    assert all(ax.get_ylabel() == "% điểm tối đa" and ticks(ax) == ["0", "25", "50", "75", "100"] for ax in first)
    assert all(ax.get_ylabel() == "" and not any(t.get_visible() for t in ax.get_yticklabels()) for ax in shown if ax not in first)
    payment = next(ax for ax in (a for p in panels for a in p) if ax.get_title().startswith("Tỷ lệ hồ sơ thanh toán"))
    assert [t.get_text() for t in payment.get_legend().get_texts()] == ["Hòa Bình 2023 6.6", "Bà Rịa - Vũng Tàu 2024 VI.5.8"]
    assert all(constrained(f) and overlaps(f) == [] and outside(f) == [] for f in figs)


def test_the_concepts_chart_keeps_its_title_inside_the_figure_with_one_design():
    """Khái niệm được đo: with one design the axes is about an inch wide beside the concepts'
    names; its title was centred on it and cut at the figure's edge ("— trống: khôn")."""
    from dti_kit.compare import plots as cp
    from dti_kit.compare.concept_tables import coverage

    cov = coverage(["hoa-binh-2023-xa"]).dropna(how="all")
    fig = cp.plot_coverage(cov, "vi")
    renderer = drawn(fig)
    title = fig._suptitle  # matplotlib keeps the figure's title Text there; get_suptitle() gives only its words
    assert title.get_text() == "Khái niệm được đo (% thang điểm) — trống: không đo"
    box, page = title.get_window_extent(renderer), fig.bbox
    assert page.x0 <= box.x0 and box.x1 <= page.x1 and box.y1 <= page.y1



def printed_scale(fig) -> float:
    """How much printing on A4 scales ``fig`` down (1: printed at its own size)."""
    box_w, box_h = image_box_inches()
    w, h = fig.get_size_inches()
    return min(1.0, box_w / w, box_h / h)


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_concepts_heat_map_prints_near_its_own_size_in_figures_of_at_most_27_rows(language):
    """Khái niệm được đo of the commune level: Hòa Bình xã and Bà Rịa - Vũng Tàu xã measure 54
    concepts between them. In one figure 12.6 in high it printed at 73 %, its names and numbers
    5 points; two figures of 27 rows, each at most 9.5 in high and 8 in wide, print at 97 %,
    with the same columns and the same colour scale (the largest cell of the 54: Hòa Bình xã's
    digitally signed documents, 6.7 (30 points) + 6.8 (20 points) = 50 of 1,000 = 5.0 %)."""
    from dti_kit.compare import plots as cp
    from dti_kit.compare.concept_tables import coverage

    cov = coverage(["hoa-binh-2023-xa", "vung-tau-2024-xa"], language=language).dropna(how="all")
    assert len(cov) == 54
    figs = cp.coverage_figures(cov, language)
    assert len(figs) == 2
    assert [len(ticks(f.axes[0])) for f in figs] == [27, 27]
    assert [s.replace("\n", " ") for f in figs for s in ticks(f.axes[0])] == list(cov.index)  # every concept once, in order
    assert {tuple(ticks(f.axes[0], "x")) for f in figs} == {tuple(ticks(figs[0].axes[0], "x"))}  # the same columns
    assert {f.axes[0].images[0].get_clim() for f in figs} == {(0.0, 5.0)}
    for f in figs:
        w, h = f.get_size_inches()
        assert w <= plotting.WIDTH and h <= 9.5 and printed_scale(f) >= 0.9
        ax = f.axes[0]
        # names wrapped in at most two lines of 2.4 in; names and numbers printed at 7 points or more
        names = ax.get_yticklabels()
        assert all(s.count("\n") <= 1 and all(plotting.text_width(line, 8) <= 2.4 for line in s.split("\n")) for s in ticks(ax))
        assert min(t.get_fontsize() for t in [*names, *ax.texts]) * printed_scale(f) >= 7
        assert overlaps(f) == [] and outside(f) == [] and constrained(f)
    assert figs[0]._suptitle.get_text().endswith("(phần 1/2)" if language == "vi" else "(part 1 of 2)")


def test_the_shares_chart_is_as_wide_as_the_other_charts_its_numbers_inside_their_bars():
    """Cơ cấu điểm of the district level: 10 in wide it printed at 73 %, its legend and the
    numbers on its bars 5.9 points; 8 in wide (printed at 91 %) they are 7.3 points, each number
    inside its bar's segment and clear of the others, the legend below the axes within the figure.
    Hòa Bình huyện's Hoạt động chính quyền số is 300 of 1,000 points (seed 000, Phụ lục III): "30"."""
    from dti_kit.compare import plots as cp
    from dti_kit.compare.structure import indicator_shares

    ids = ["bac-kan-2022-huyen", "hai-duong-2023-huyen", "hoa-binh-2023-huyen", "vung-tau-2024-huyen"]
    fig = cp.plot_shares(indicator_shares(ids))
    assert fig.get_size_inches()[0] == plotting.WIDTH
    renderer = drawn(fig)
    ax = fig.axes[0]
    (legend,) = fig.legends
    numbers = [t for t in ax.texts if t.get_visible()]
    assert "30" in [t.get_text() for t in numbers]
    boxes = [t.get_window_extent(renderer) for t in numbers]
    bars = [p.get_window_extent(renderer) for p in ax.patches]
    for t, b in zip(numbers, boxes):
        bar = next(p for p in bars if p.x0 <= (b.x0 + b.x1) / 2 <= p.x1 and p.y0 <= (b.y0 + b.y1) / 2 <= p.y1)
        assert bar.x0 <= b.x0 and b.x1 <= bar.x1, t.get_text()
    assert not any(boxes[i].overlaps(boxes[j]) for i in range(len(boxes)) for j in range(i + 1, len(boxes)))
    lb = legend.get_window_extent(renderer)
    assert fig.bbox.x0 <= lb.x0 and lb.x1 <= fig.bbox.x1 and lb.y1 <= ax.xaxis.label.get_window_extent(renderer).y0
    assert min(t.get_fontsize() for t in [*numbers, *legend.get_texts()]) * printed_scale(fig) >= 7
    assert overlaps(fig) == [] and outside(fig) == [] and constrained(fig)


def test_the_rescoring_chart_lists_the_units_as_its_table_does():
    """The dots of the same units under each design: in the rank order of the table beside it
    (best first under the source design, Hòa Bình xã), not in the order of the inputs file; so
    the source's dots fall from the top row to the bottom one."""
    from dti_kit.compare import plots as cp
    from dti_kit.compare import report as cr

    cmp = cr.build_comparison(["hoa-binh-2023-xa", "vung-tau-2024-xa"], [str(ROOT / "inputs/hoa-binh/2023-xa-synthetic.csv")])
    table = cr.rescoring_table(cmp)
    fig = cp.plot_rescoring(cmp.rescoring.summary, labels=cmp.labels, units=cmp.rescoring.units_by_rank())
    assert ticks(fig.axes[0]) == list(table["Đơn vị"])
    assert ticks(cp.plot_rescoring(cmp.rescoring.summary, labels=cmp.labels).axes[0]) == list(table["Đơn vị"])  # the default too
    source = fig.axes[0].collections[0].get_offsets()  # Hòa Bình's dots, from the top row down
    assert list(source[:, 0]) == sorted(source[:, 0], reverse=True)
    inputs_order = list(cmp.rescoring.summary.drop_duplicates("unit_id")["unit_name"])
    assert ticks(fig.axes[0]) != inputs_order  # what the chart showed before
    assert fig.get_size_inches()[0] == plotting.WIDTH and overlaps(fig) == [] and outside(fig) == [] and constrained(fig)
