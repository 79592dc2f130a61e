"""The scoring report's unit profiles (dti_kit.report.profiles), checked by hand on the bundled
Hòa Bình xã sample (30 communes of 10 districts; Xã Cao Sơn has no online public services, so
6.3 and 6.4 are N/A) and on a four-district Bắc Kạn case."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, long_table

from dti_kit import load_design, score_units
from dti_kit.i18n import na_policy, text
from dti_kit.report.anchors import unit_anchor
from dti_kit.report.data import load_report_data
from dti_kit.report.profiles import NA_MARK, build_profiles, profiles_html, profiles_section


@pytest.fixture(scope="module")
def xa():
    return load_report_data("hoa-binh-2023-xa", [str(ROOT / "inputs/hoa-binh/2023-xa-synthetic.csv")],
                            units=str(ROOT / "inputs/hoa-binh/2023-xa-units.csv"))


class Page(HTMLParser):
    """The profiles' HTML as elements: each details' id and summary text, every link, every id."""

    def __init__(self, page: str):
        super().__init__()
        self.details, self.links, self.ids, self._summary, self._profile = [], [], [], None, False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "details":
            self._profile = a.get("class") == "dti-profile"
            if self._profile:
                self.details.append({"id": a.get("id"), "class": a.get("class"), "open": "open" in a, "summary": ""})
        elif tag == "summary" and self._profile:
            self._summary = self.details[-1]
        elif tag == "a":
            self.links.append(a.get("href"))

    def handle_endtag(self, tag):
        if tag == "summary":
            self._summary = None

    def handle_data(self, data):
        if self._summary is not None:
            self._summary["summary"] += data


def test_a_profile_against_the_result(xa):
    """Xã Cao Sơn (rank 30 of 30): its scores in the tidy result, the mean and best of the 30
    communes, its rank on each main indicator; one profile built with every other."""
    r = xa.result
    p = build_profiles(r, xa.parents())
    prof = p.profile("xa-cao-son").set_index(p.profile("xa-cao-son")["indicator"].str.split(".").str[0])
    s = r.scores[r.scores["kind"] == "indicator"]
    for m in r.design.scored_indicators():
        col = s[s["code"] == m.code].set_index("unit_id")["score"]
        pct = col / m.max_points * 100
        assert prof.loc[m.code, "points"] == pytest.approx(round(col["xa-cao-son"], 2))
        assert prof.loc[m.code, "unit"] == pytest.approx(round(pct["xa-cao-son"], 1))
        assert prof.loc[m.code, "mean"] == pytest.approx(round(pct.mean(), 1))
        assert prof.loc[m.code, "best"] == pytest.approx(round(pct.max(), 1))
        assert prof.loc[m.code, "rank"] == 1 + int((col > col["xa-cao-son"]).sum())
    # by hand, from the sample's inputs: 1 Nhận thức số 15 of 100 points (only 1.3 = 5 and 1.4 = 10),
    # the lowest of the 30 communes (lowest 15, mean 60.7%, best 95); 7 Hoạt động kinh tế số 13.08
    assert prof.loc["1", ["points", "unit", "mean", "best", "rank"]].tolist() == [15.0, 15.0, 60.7, 95.0, 30]
    assert prof.loc["7", ["points", "rank"]].tolist() == [13.08, 30]
    i = p.position("xa-cao-son")
    assert p.rank[i] == 30 and p.ranked == 30 and p.total[i] == pytest.approx(316.104543, abs=1e-6)


def test_imputed_na_marked_and_left_out_of_the_weakest(xa):
    """Hòa Bình xã, Mục V.4.2: a commune without online public services scores 6.3 and 6.4 as
    (points of the other components of 6 ÷ their max) × 40. Xã Cao Sơn: 6.1 0, 6.2 10, 6.5 25,
    6.6 9.210526, 6.7 2.189781, 6.8 2.61 (appraised), 6.9 0 of 200 → 49.010307 / 200 × 40 = 9.8021
    each. It missed 40 − 9.80 = 30.20 points on each, more than on any other component, but they
    are no weakness: the weakest are 6.1 (0/30), 6.2 (10/40) and 6.9 (0/30), 30 missed each."""
    r = xa.result
    p = build_profiles(r, xa.parents())
    assert p.imputed["xa-cao-son"] == {"6": ("6.3", "6.4")}
    assert p.imputed_scores["xa-cao-son"]["6.3"] == pytest.approx(49.010307 / 200 * 40, abs=1e-6)
    weak = p.weakest("xa-cao-son")
    assert weak["code"].tolist() == ["6.1", "6.2", "6.9"]
    assert weak["missed"].tolist() == [30.0, 30.0, 30.0] and weak["score"].tolist() == [0.0, 10.0, 0.0]
    # the units without N/A keep their weakest as before (Phường Phương Lâm: 6.9 0/30 first)
    assert "phuong-phuong-lam" not in p.imputed and p.weakest("phuong-phuong-lam")["code"].iloc[0] == "6.9"

    page = profiles_html(p, "vi")
    one = page.split(f'id="{unit_anchor("xa-cao-son")}"')[1].split("</details>")[0]
    row6 = next(tr for tr in one.split("<tr>") if "6. Hoạt động chính quyền số" in tr)
    assert f'68,61 <span class="dti-na-mark">{NA_MARK}</span>' in row6
    assert NA_MARK not in next(tr for tr in one.split("<tr>") if "1. Nhận thức số" in tr)
    rule = na_policy("proportional", "vi")
    assert text("profiles.na_note", "vi", items="6.3 được 9,8 điểm, 6.4 được 9,8 điểm", rule=rule) in one
    assert "6.3 Tỷ lệ hồ sơ" not in one  # not among the weakest
    # the key, once above the profiles, names the rule in the reader's words
    assert page.count(text("profiles.na_legend", "vi", rule=rule)) == 1
    en = profiles_html(p, "en")
    assert text("profiles.na_legend", "en", rule="proportional to the other components") in en
    # a unit with no N/A has no mark
    other = page.split(f'id="{unit_anchor("phuong-phuong-lam")}"')[1].split("</details>")[0]
    assert NA_MARK not in other


def test_thirty_units_all_findable_grouped_by_district(xa):
    r = xa.result
    page = profiles_section(r, xa.parents(), "vi")
    doc = Page(page)
    assert "<script" not in page
    assert [d["id"] for d in doc.details] and len(doc.details) == 30
    assert {d["id"] for d in doc.details} == {unit_anchor(u) for u in r.units}
    assert all(d["class"] == "dti-profile" and not d["open"] for d in doc.details)
    for d in doc.details:  # the name is in the summary line: visible, and found by find-in-page, when closed
        u = next(u for u in r.units if unit_anchor(u) == d["id"])
        assert d["summary"].startswith(r.unit_names[u] + " — Hạng ")
    # every unit's name in the index links to its profile, every link resolves
    assert sorted(doc.links) == sorted("#" + unit_anchor(u) for u in r.units)
    assert len(set(doc.ids)) == len(doc.ids)
    assert '<details class="dti-profile-index" open>' in page  # 30 names: the index is open
    # summary line: name, rank, total (Xã Cao Dương leads with 890.21 of 1,000 points)
    first = next(d for d in doc.details if d["id"] == "unit-xa-cao-duong")
    assert first["summary"] == "Xã Cao Dương — Hạng 1/30 · 890,21/1.000 điểm"
    # grouped by district, in the units file's order, best first within each
    heads = re.findall(r'<h3 class="dti-profile-group">([^<]+) <span', page)
    assert heads[:3] == ["Thành phố Hòa Bình", "Huyện Đà Bắc", "Huyện Lương Sơn"] and len(heads) == 10
    luong_son = page.split("Huyện Lương Sơn <span")[1].split('<h3 class="dti-profile-group">')[0]
    assert [m for m in re.findall(r'id="(unit-[a-z-]+)"', luong_son)] == [
        "unit-xa-cao-duong", "unit-xa-nhuan-trach", "unit-thi-tran-luong-son"]  # ranks 1, 16, 29


def test_ties_bands_and_english_on_a_small_case():
    """Bắc Kạn huyện (bands; every main indicator given): a 80%, b and d 50%, c 20% of every
    indicator → on each indicator a rank 1, b and d rank 2 (tied), c rank 4; mean 50%, best 80%;
    c scores 0.2 × 70 = 14 points on indicator 1. Bands: 80% Dẫn dắt, 50% Hình thành."""
    points = {"1": 70, "2": 90, "3": 70, "4": 60, "5": 80, "7": 230, "8": 190, "9": 210}
    shares = {"a": 0.8, "b": 0.5, "c": 0.2, "d": 0.5}
    r = score_units(load_design("bac-kan-2022-huyen"),
                    long_table({u: {c: {"appraised_score": p * s} for c, p in points.items()} for u, s in shares.items()}))
    p = build_profiles(r)
    assert p.order == ("a", "b", "d", "c")
    assert p.indicator_rank[:, 0].tolist() == [1, 2, 2, 4]
    c = p.profile("c")
    assert c["points"].iloc[0] == 14.0 and c["unit"].iloc[0] == 20.0 and c["mean"].iloc[0] == 50.0 and c["best"].iloc[0] == 80.0
    page = profiles_html(p, "vi")
    doc = Page(page)
    assert [d["summary"] for d in doc.details][:2] == ["a — Hạng 1/4 · 800,00/1.000 điểm · Dẫn dắt",
                                                      "b — Hạng 2/4 · 500,00/1.000 điểm · Hình thành"]
    assert "<h3" not in page  # no units file: one list, no groups
    en = Page(profiles_html(p, "en"))
    assert en.details[0]["summary"] == "a — Rank 1 of 4 · 800.00 of 1,000 points · Leading"
    assert '<span lang="vi">a</span>' in profiles_html(p, "en")  # unit names are data


def test_units_assessed_not_ranked_come_last_without_a_rank():
    points = {"1": 70, "2": 90, "3": 70, "4": 60, "5": 80, "7": 230, "8": 190, "9": 210}
    shares = {"a": 0.8, "b": 0.5, "c": 0.2}
    r = score_units(load_design("bac-kan-2022-huyen"),
                    long_table({u: {c: {"appraised_score": p * s} for c, p in points.items()} for u, s in shares.items()}),
                    unranked={"a"})
    p = build_profiles(r)
    assert p.order == ("b", "c", "a") and p.ranked == 2 and p.rank.tolist() == [1, 2, 0]
    assert p.indicator_rank[:, 0].tolist() == [1, 2, 0]
    assert p.profile("a")["rank"].isna().all()
    doc = Page(profiles_html(p, "vi"))
    assert doc.details[-1]["summary"] == "a — " + text("profiles.not_ranked", "vi") + " · 800,00/1.000 điểm · Dẫn dắt"
    assert np.isclose(p.mean[0], (80 + 50 + 20) / 3)  # the mean counts every unit assessed


def test_an_indicator_the_na_rule_leaves_out_has_no_points_rank_or_weight_in_the_mean():
    """Hải Dương huyện (Điều 4: the index is the points over the max "sau khi trừ đi điểm của
    các tiêu chí … 'Không đánh giá'"): the sample's Kim Thành does not assess main indicator 5,
    scored 0 of a max that drops from 600 to 550. Its profile shows no points, bar or rank on 5
    (not 0%, last), and the mean of 5 is over the other units."""
    from dti_kit.samples import generate

    d = load_design("hai-duong-2023-huyen")
    r = score_units(d, generate(d, 2023))
    assert r.na_policy == "exclude" and r.na_items[["unit_id", "code"]].values.tolist() == [["huyen-kim-thanh", "5"]]
    p = build_profiles(r)
    prof = p.profile("huyen-kim-thanh").set_index(p.profile("huyen-kim-thanh")["indicator"].str.split(".").str[0])
    assert np.isnan(prof.loc["5", "points"]) and np.isnan(prof.loc["5", "unit"]) and pd.isna(prof.loc["5", "rank"])
    assert prof.loc["5", "imputed"] == "5" and prof.loc["1", "points"] == 16.1
    s = r.scores[(r.scores["code"] == "5") & (r.scores["unit_id"] != "huyen-kim-thanh")]
    assert p.mean[p.codes.index("5")] == pytest.approx((s["score"] / 50 * 100).mean())
    ranked_on_5 = p.indicator_rank[:, p.codes.index("5")]
    assert sorted(ranked_on_5[ranked_on_5 > 0])[0] == 1 and (ranked_on_5 > 0).sum() == len(r.units) - 1
    one = profiles_html(p, "vi").split('id="unit-huyen-kim-thanh"')[1].split("</details>")[0]
    assert text("profiles.na_note", "vi", items="5", rule=na_policy("exclude", "vi")) in one
