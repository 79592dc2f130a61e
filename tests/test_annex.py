"""The results annex (issue 18, "Annex table (Phụ lục kết quả)"): read back from the report's
HTML and from ``scores.xlsx`` it equals the engine's scores on every params file and adds up;
ranks within parents (Hòa Bình V.3), units assessed but not ranked (issue 16.6), both tie
conventions (issue 16.7), the change since last year with and without a merge mapping, and
``scores.csv`` (names beside ids, integer ranks, full precision, BOM)."""
from __future__ import annotations

import html as htmllib
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT, libreoffice_convert, long_table
from openpyxl import load_workbook

from dti_kit import load_design, score_units
from dti_kit.i18n import number, text
from dti_kit.publish.params import discover, load_params
from dti_kit.ranks import rank_table
from dti_kit.report import annex as annexes
from dti_kit.report import tables as report
from dti_kit.report.anchors import unit_anchor
from dti_kit.report.data import load_report_data
from dti_kit.units import read_units

# Hòa Bình xã (1153/QĐ-UBND, cấp xã): main indicators 1–8 of 100, 100, 120, 100, 100, 280, 100, 100 points
HB_XA = {"1": 100, "2": 100, "3": 120, "4": 100, "5": 100, "6": 280, "7": 100, "8": 100}


def given(points: dict[str, float], shares: dict[str, float]) -> pd.DataFrame:
    """Units whose main indicators are given as ``share`` × the indicator's points."""
    return long_table({u: {c: {"appraised_score": p * s} for c, p in points.items()} for u, s in shares.items()})


def units_file(tmp_path: Path, rows: list[tuple]) -> Path:
    p = tmp_path / "units.csv"
    p.write_text("unit_id,unit_name,parent,kind,ranked\n" + "".join(",".join(map(str, r)) + "\n" for r in rows), encoding="utf-8")
    return p


class Tables(HTMLParser):
    """Every table of a page: its headers and its rows (``data-unit``, the cells' text, and the
    parent shown under the unit's name, ``parent``)."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row, self._parent = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"headers": [], "rows": []})
        elif tag == "tr" and self.tables:
            self._row = {"unit": dict(attrs).get("data-unit"), "cells": [], "parent": None}
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "span" and dict(attrs).get("class") == "dti-parent" and self._cell is not None:
            self._parent = []

    def handle_data(self, data):
        if self._parent is not None:
            self._parent.append(data)
        elif self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag):
        if tag == "span" and self._parent is not None:
            self._row["parent"] = "".join(self._parent)
            self._parent = None
        elif tag in ("td", "th") and self._cell is not None:
            self._row["cells"].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None:
            t = self.tables[-1]
            if not t["headers"]:
                t["headers"] = self._row["cells"]
            elif self._row["unit"]:
                t["rows"].append(self._row)
            self._row = None


def parse(page: str) -> list[dict]:
    p = Tables()
    p.feed(page)
    return p.tables


def vi_number(s: str) -> float:
    """A number written the Vietnamese way (1.234,56; −0,38 with the minus sign U+2212; +4) → float; "" → NaN."""
    return float(s.replace(".", "").replace(",", ".").replace("−", "-")) if s else np.nan


def report_params() -> list[Path]:
    return [p for p in discover(ROOT) if load_params(p, ROOT).kind == "report"]


def data_of(params: Path):
    prm = load_params(params, ROOT)
    at = lambda p: str(ROOT / p) if p else ""  # noqa: E731
    return load_report_data(prm.design_id, [at(i) for i in prm.inputs], [at(i) for i in prm.previous_inputs], prm.na_policy,
                            units=at(prm.units), previous_mapping=at(prm.previous_mapping), previous_design=prm.previous_design,
                            year=prm.year)


def expected_rank(percent: pd.Series, design) -> pd.Series:
    """Ranks computed here, independently of the package: the percent rounded to the design's
    decimals, highest first; competition 1, 1, 3 or dense 1, 1, 2."""
    method = "min" if design.ranking.ties == "competition" else "dense"
    return percent.round(design.ranking.decimals).rank(method=method, ascending=False)


# two params files in the quick suite (parents, bonus/penalty points); every one in make test
QUICK = {"params/hoa-binh/2023-xa.yaml"}  # make check runs one; make test all
PARAMS = [pytest.param(p, id=p.as_posix(), marks=() if p.as_posix() in QUICK else pytest.mark.slow) for p in report_params()]


@pytest.mark.parametrize("params", PARAMS)
def test_the_annex_read_back_from_html_and_workbook_equals_the_engine(params, tmp_path):
    data = data_of(params)
    d, res = data.design, data.result
    annex = annexes.annex_of(data)
    s = res.scores
    tot = s[s["kind"] == "total"].set_index("unit_id")
    dec = d.ranking.decimals
    scored = [m.code for m in d.scored_indicators()]
    ind = res.wide("indicator")
    bonus = s[s["kind"] == "bonus"].groupby("unit_id")["score"].sum()
    ranked = tot["rank"].dropna().index

    # --- the HTML, as the report shows it (parsed back, Vietnamese numbers) ---
    tables = parse(annexes.annex_html(annex, "vi"))
    assert len(tables) == 1
    head, rows = tables[0]["headers"], tables[0]["rows"]
    col = {h: i for i, h in enumerate(head)}
    # the unit's parent, where the units file gives one, is the second line of its cell
    parents = data.units.parents() if data.units is not None else {}
    assert head[:2] == ["STT", "Đơn vị (đơn vị cấp trên)" if any(parents.values()) else "Đơn vị"]
    assert "Đơn vị cấp trên" not in head
    assert [r["parent"] for r in rows] == [parents.get(r["unit"]) or None for r in rows]
    assert [r["unit"] for r in rows][: len(ranked)] == sorted(ranked, key=lambda u: (tot.loc[u, "rank"], -tot.loc[u, "percent"], res.unit_names[u]))
    assert [int(r["cells"][0]) for r in rows] == list(range(1, len(res.units) + 1))  # STT
    ih = {m.code: text("annex.indicator_header", "vi", code=m.code, name=m.name, max=number(m.max_points, "vi", 2))
          for m in d.scored_indicators()}
    for r in rows:
        u, cells = r["unit"], r["cells"]
        assert cells[1] == res.unit_names[u]
        for code in scored:
            assert vi_number(cells[col[ih[code]]]) == pytest.approx(round(ind.loc[u, code], dec), abs=1e-9), (u, code)
        assert vi_number(cells[col["Tổng điểm"]]) == pytest.approx(round(tot.loc[u, "score"], dec), abs=1e-9)
        if d.index_value == "value":
            assert vi_number(cells[col["Giá trị chỉ số (0–1)"]]) == pytest.approx(round(tot.loc[u, "value"], dec + 2), abs=1e-9)
        else:
            assert vi_number(cells[col["Tỷ lệ (%)"]]) == pytest.approx(round(tot.loc[u, "percent"], dec), abs=1e-9)
        if d.bonus:
            assert vi_number(cells[col["Điểm thưởng/trừ"]]) == pytest.approx(round(bonus[u], dec), abs=1e-9)
        if d.bands is not None:
            assert cells[col["Xếp loại"]] == tot.loc[u, "band"]
        rank_cell = cells[col["Xếp hạng"]]
        assert (int(rank_cell) == tot.loc[u, "rank"]) if u in ranked else rank_cell == ""
    assert ("Điểm thưởng/trừ" in col) == bool(d.bonus)
    # every unit name links to its profile
    page = annexes.annex_html(annex, "vi")
    for u in res.units:
        assert f'<a href="#{unit_anchor(u)}">' in page

    # --- the ranks, computed here independently: total and every pillar ---
    want = expected_rank(tot.loc[ranked, "percent"], d)
    assert (tot.loc[ranked, "rank"].astype(float) == want).all()
    if d.pillars:
        ptables = parse(annexes.pillars_html(annex, "vi"))[0]
        pcol = {h: i for i, h in enumerate(ptables["headers"])}
        for p in d.pillars:
            ps = s[(s["kind"] == "pillar") & (s["code"] == p.code)].set_index("unit_id")
            prank = expected_rank(ps.loc[ranked, "percent"], d)
            name = p.name
            for r in ptables["rows"]:
                u = r["unit"]
                got = r["cells"][pcol[f"{name}: Xếp hạng"]]
                assert (int(got) == prank[u]) if u in ranked else got == ""
                assert vi_number(r["cells"][pcol[f"{name}: Điểm đạt được"]]) == pytest.approx(round(ps.loc[u, "score"], dec), abs=1e-9)

    # --- the workbook: first sheet the annex, full precision, adds up ---
    report.write_score_files(res, tmp_path, "vi", data=data)
    wb = load_workbook(tmp_path / "scores.xlsx")
    ws = wb.worksheets[0]
    assert ws.title == "Phụ lục"
    hdr = [c.value for c in ws[1]]
    # a column a field in the workbook: the unit and its parent apart, as the engine has them
    split = ["Đơn vị", "Đơn vị cấp trên"] if any(parents.values()) else ["Đơn vị"]
    assert hdr == head[:1] + split + head[2:] + ["Mã đơn vị"]
    wcol = {h: i for i, h in enumerate(hdr)}
    got_units = []
    for row in ws.iter_rows(min_row=2, max_row=1 + len(res.units), values_only=True):
        u = row[wcol["Mã đơn vị"]]
        got_units.append(u)
        pts = [row[wcol[ih[c]]] for c in scored]
        assert pts == [ind.loc[u, c] for c in scored]  # full precision: the engine's doubles
        assert all(isinstance(v, float | int) for v in pts)
        total = row[wcol["Tổng điểm"]]
        assert total == tot.loc[u, "score"]
        b = row[wcol["Điểm thưởng/trừ"]] if d.bonus else 0.0
        if d.bonus:
            assert b == pytest.approx(bonus[u], abs=1e-12)
        # main indicators + bonus/penalty = total, added up here from the cells
        assert sum(pts) + b == pytest.approx(total, abs=1e-9)
        r = row[wcol["Xếp hạng"]]
        assert (r == tot.loc[u, "rank"]) if u in ranked else r is None
        if d.bands is not None:
            assert row[wcol["Xếp loại"]] == tot.loc[u, "band"]
    assert got_units == [r["unit"] for r in rows]
    if d.pillars:
        pws = wb.worksheets[1]
        phdr = [c.value for c in pws[1]]
        assert phdr == ptables["headers"][:1] + split + ptables["headers"][2:] + ["Mã đơn vị"]
        for row in pws.iter_rows(min_row=2, max_row=1 + len(res.units), values_only=True):
            u = row[-1]
            for p in d.pillars:
                ps = s[(s["kind"] == "pillar") & (s["code"] == p.code)].set_index("unit_id")
                assert row[phdr.index(f"{p.name}: Điểm đạt được")] == ps.loc[u, "score"]
                prank = expected_rank(ps.loc[ranked, "percent"], d)
                got = row[phdr.index(f"{p.name}: Xếp hạng")]
                assert (got == prank[u]) if u in ranked else got is None


def test_hoa_binh_communes_rank_within_their_district(tmp_path):
    """1153/QĐ-UBND mục V.1: "Chủ tịch UBND huyện đánh giá, xếp hạng mức độ chuyển đổi số cấp Xã
    thuộc phạm vi quản lý"; V.3: the district's Phòng Văn hóa và Thông tin proposes, the district
    chairman signs "Quyết định công bố kết quả xếp loại mức độ chuyển đổi số UBND cấp xã", and
    "Kết quả đánh giá, xếp hạng được công bố công khai trên Trang thông tin điện tử cấp huyện"."""
    d = load_design("hoa-binh-2023-xa")
    # district A: a1 800, a2 700, a3 750 points; district B: b1 900, b2 650 (of 1000)
    long = given(HB_XA, {"a1": 0.80, "a2": 0.70, "a3": 0.75, "b1": 0.90, "b2": 0.65})
    uf = read_units(units_file(tmp_path, [("a1", "Xã A1", "Huyện A", "xã", 1), ("a2", "Xã A2", "Huyện A", "xã", 1),
                                          ("a3", "Xã A3", "Huyện A", "xã", 1), ("b1", "Xã B1", "Huyện B", "xã", 1),
                                          ("b2", "Xã B2", "Huyện B", "xã", 1)]))
    res = score_units(d, long)
    ranks = rank_table(res, uf.parents()).query("code == 'TOTAL'").set_index("unit_id")
    # overall: b1 900 → 1, a1 800 → 2, a3 750 → 3, a2 700 → 4, b2 650 → 5
    assert ranks["rank"].to_dict() == {"a1": 2, "a2": 4, "a3": 3, "b1": 1, "b2": 5}
    # within Huyện A: a1 1, a3 2, a2 3; within Huyện B: b1 1, b2 2
    assert ranks["rank_in_parent"].to_dict() == {"a1": 1, "a2": 3, "a3": 2, "b1": 1, "b2": 2}
    assert ranks["units_in_parent"].to_dict() == {"a1": 3, "a2": 3, "a3": 3, "b1": 2, "b2": 2}
    annex = annexes.build_annex(res, units=uf)
    assert list(annex.table["unit_id"]) == ["b1", "a1", "a3", "a2", "b2"]
    assert list(annex.table["rank_in_parent"]) == [1, 1, 2, 3, 2]
    # the report groups by district, each district's communes by their rank within it
    grouped = parse(annexes.parents_html(annex, "vi"))[0]
    assert [r["unit"] for r in grouped["rows"]] == ["a1", "a3", "a2", "b1", "b2"]
    page = annexes.parents_html(annex, "vi")
    assert page.index("Huyện A (3 đơn vị được xếp hạng)") < page.index("Huyện B (2 đơn vị được xếp hạng)")
    # the main annex shows both ranks
    t = parse(annexes.annex_html(annex, "vi"))[0]
    i, j = t["headers"].index("Xếp hạng"), t["headers"].index("Xếp hạng trong đơn vị cấp trên")
    assert [(r["cells"][i], r["cells"][j]) for r in t["rows"]] == [("1", "1"), ("2", "1"), ("3", "2"), ("4", "3"), ("5", "2")]
    # each unit's parent under its name, in the unit's cell (no column of its own)
    assert t["headers"][1] == "Đơn vị (đơn vị cấp trên)" and "Đơn vị cấp trên" not in t["headers"]
    assert [(r["cells"][1], r["parent"]) for r in t["rows"]] == [
        ("b1", "Huyện B"), ("a1", "Huyện A"), ("a3", "Huyện A"), ("a2", "Huyện A"), ("b2", "Huyện B")]


def test_units_assessed_but_not_ranked_are_listed_apart(tmp_path):
    """Hải Dương 2023: "Thanh tra tỉnh và Ban Quản lý dự án đầu tư xây dựng tỉnh tham gia đánh giá
    nhưng không xếp hạng" — the ranked units are numbered 1 … n without them (issue 16.6)."""
    d = load_design("hai-duong-2023-so")
    pts = {m.code: m.max_points for m in d.main_indicators}
    # the unranked unit has the best score: it must not take rank 1
    long = given(pts, {"thanh-tra": 0.95, "s1": 0.80, "s2": 0.70, "s3": 0.60})
    uf = read_units(units_file(tmp_path, [("thanh-tra", "Thanh tra tỉnh", "", "sở", 0), ("s1", "Sở Một", "", "sở", 1),
                                          ("s2", "Sở Hai", "", "sở", 1), ("s3", "Sở Ba", "", "sở", 1)]))
    res = score_units(d, long, unranked=uf.unranked)
    annex = annexes.build_annex(res, units=uf)
    assert list(annex.table["unit_id"]) == ["s1", "s2", "s3", "thanh-tra"]
    assert list(annex.table["rank"].astype("Float64").fillna(0)) == [1, 2, 3, 0]
    assert annex.n_ranked == 3
    page = annexes.annex_html(annex, "vi")
    t = parse(page)[0]
    last = t["rows"][-1]["cells"]
    assert last[t["headers"].index("Xếp hạng")] == "" and last[t["headers"].index("Ghi chú")] == "Tham gia đánh giá nhưng không xếp hạng"
    assert last[t["headers"].index("Tỷ lệ (%)")] == "95,00"  # scored as any unit
    # the heading row stands between the ranked units and the others
    assert page.index("Đơn vị tham gia đánh giá nhưng không xếp hạng") > page.index('data-unit="s3"')
    assert page.index("Đơn vị tham gia đánh giá nhưng không xếp hạng") < page.index('data-unit="thanh-tra"')
    notes = annexes.notes_html(annex, "vi")
    assert "đánh số từ 1 đến 3; 1 đơn vị tham gia đánh giá nhưng không xếp hạng" in notes
    # under peer-mean the annex says that they count in the mean
    res_pm = score_units(d, long, unranked=uf.unranked, na_policy="peer-mean")
    assert "vẫn được tính vào điểm trung bình" in annexes.notes_html(annexes.build_annex(res_pm, units=uf), "vi")
    assert "vẫn được tính vào điểm trung bình" not in notes
    # the workbook: blank rank, the reason in words
    report.write_score_files(res, tmp_path, "vi", data=None)
    ws = load_workbook(tmp_path / "scores.xlsx").worksheets[0]
    hdr = [c.value for c in ws[1]]
    # without the units file (data=None) the rank is still the engine's: blank for the unranked unit
    row5 = [c.value for c in ws[5]]
    assert row5[hdr.index("Mã đơn vị")] == "thanh-tra" and row5[hdr.index("Xếp hạng")] is None
    assert row5[hdr.index("Ghi chú")] == "Tham gia đánh giá nhưng không xếp hạng"


def test_dti_kit_score_with_a_units_file_leaves_unranked_units_out(tmp_path):
    import subprocess
    import sys

    d = load_design("hai-duong-2023-so")
    pts = {m.code: m.max_points for m in d.main_indicators}
    given(pts, {"thanh-tra": 0.95, "s1": 0.80, "s2": 0.70}).to_csv(tmp_path / "in.csv", index=False)
    units_file(tmp_path, [("thanh-tra", "Thanh tra tỉnh", "", "sở", 0), ("s1", "Sở Một", "", "sở", 1), ("s2", "Sở Hai", "", "sở", 1)])
    out = tmp_path / "out.csv"
    proc = subprocess.run([sys.executable, "-m", "dti_kit", "score", "hai-duong-2023-so", str(tmp_path / "in.csv"), "--units",
                           str(tmp_path / "units.csv"), "--out", str(out)], cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    t = pd.read_csv(out, dtype={"rank": "Int64"}).query("code == 'TOTAL'").set_index("unit_id")
    assert pd.isna(t.loc["thanh-tra", "rank"]) and (t.loc["s1", "rank"], t.loc["s2", "rank"]) == (1, 2)
    assert t.loc["thanh-tra", "percent"] == pytest.approx(95.0)


@pytest.mark.parametrize("design_id, ranks, words", [
    # the national ranking: 15, 15, 17 (ties share the best rank, the next skips)
    ("hoa-binh-2023-xa", [1, 1, 3, 4], "thứ hạng kế tiếp bỏ qua các số đã dùng (ví dụ: 15, 15, 17)"),
    # Hải Dương: "xếp thứ 7/11 (có 2 huyện bằng điểm)" among 12 districts: tied units count once
    ("hai-duong-2023-so", [1, 1, 2, 3], "thứ hạng kế tiếp không bỏ số"),
])
def test_ties_follow_the_designs_convention(design_id, ranks, words):
    d = load_design(design_id)
    pts = {m.code: m.max_points for m in d.main_indicators}
    # 80.004% and 79.996% are 80.00 at the published 2 decimals: a tie
    res = score_units(d, given(pts, {"a": 0.80004, "b": 0.79996, "c": 0.70, "d": 0.60}))
    annex = annexes.build_annex(res)
    assert list(annex.table["unit_id"]) == ["a", "b", "c", "d"]
    assert list(annex.table["rank"]) == ranks
    assert words in annexes.notes_html(annex, "vi")
    assert "competition" not in annexes.notes_html(annex, "vi") and "dense" not in annexes.notes_html(annex, "vi")


def _project(tmp_path: Path) -> Path:
    """A small project: this year's two communes, last year's three former units merged into them."""
    d = load_design("hoa-binh-2023-xa")
    (tmp_path / "inputs").mkdir()
    (tmp_path / "params" / "hoa-binh").mkdir(parents=True)
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / "scoring_report.ipynb", tmp_path / "notebooks")
    # last year: a1 60%, a2 80% (merged into A: each indicator the mean, 70%), b 50% (B alone)
    given(HB_XA, {"a1": 0.6, "a2": 0.8, "b": 0.5}).to_csv(tmp_path / "inputs" / "2022.csv", index=False)
    # this year: A 60%, B 90%
    given(HB_XA, {"A": 0.6, "B": 0.9}).to_csv(tmp_path / "inputs" / "2023.csv", index=False)
    (tmp_path / "inputs" / "mapping.csv").write_text(
        "unit_id,new_unit_id,new_unit_name\na1,A,Xã A\na2,A,Xã A\nb,B,Xã B\n", encoding="utf-8")
    (tmp_path / "params" / "hoa-binh" / "2023-xa.yaml").write_text(
        f"design: {d.id}\ninputs: inputs/2023.csv\nprevious_inputs: inputs/2022.csv\n"
        "previous_mapping: inputs/mapping.csv\nlanguage: vi\nnotebooks: [scoring_report]\n", encoding="utf-8")
    return tmp_path


def test_change_since_last_year_against_the_merged_former_units(tmp_path, monkeypatch):
    root = _project(tmp_path)
    monkeypatch.chdir(root)
    prm = load_params(Path("params/hoa-binh/2023-xa.yaml"), root)
    assert prm.previous_mapping
    data = load_report_data(prm.design_id, list(prm.inputs), list(prm.previous_inputs), prm.na_policy,
                            previous_mapping=prm.previous_mapping, year=prm.year)
    annex = annexes.annex_of(data)
    t = annex.table.set_index("unit_id")
    # last year: A (mean of a1, a2) 70% rank 1, B 50% rank 2; this year B 90% rank 1, A 60% rank 2
    assert t.loc["A", "change_percent"] == pytest.approx(60 - 70) and t.loc["B", "change_percent"] == pytest.approx(90 - 50)
    assert t.loc["A", "change_rank"] == -1 and t.loc["B", "change_rank"] == 1
    notes = annexes.notes_html(annex, "vi")
    assert "trung bình các đơn vị cũ được sáp nhập" in notes
    assert htmllib.escape("giá trị trung bình cộng các chỉ số chính của DTI các tỉnh trước sáp nhập") in notes  # the rule's words
    row = {r["unit"]: r["cells"] for r in parse(annexes.annex_html(annex, "vi"))[0]["rows"]}
    head = parse(annexes.annex_html(annex, "vi"))[0]["headers"]
    assert row["A"][head.index("Thay đổi thứ hạng so với năm trước")] == "−1"  # the minus sign (U+2212)
    assert row["B"][head.index("Thay đổi thứ hạng so với năm trước")] == "+1"
    assert row["B"][head.index("Thay đổi tỷ lệ so với năm trước (điểm phần trăm)")] == "+40,00"  # with its sign, as the rank change beside it


def test_change_since_last_year_by_unit_id_without_a_mapping():
    d = load_design("hoa-binh-2023-xa")
    now = score_units(d, given(HB_XA, {"x": 0.6, "y": 0.9, "z": 0.7}))
    before = score_units(d, given(HB_XA, {"x": 0.8, "y": 0.5, "w": 0.4}))
    t = annexes.build_annex(now, before).table.set_index("unit_id")
    # x: rank 1 → 3 (-2), 80 → 60%; y: 2 → 1 (+1), 50 → 90%; z has no last year
    assert t.loc["x", "change_rank"] == -2 and t.loc["x", "change_percent"] == pytest.approx(-20)
    assert t.loc["y", "change_rank"] == 1 and t.loc["y", "change_percent"] == pytest.approx(40)
    assert pd.isna(t.loc["z", "change_rank"]) and np.isnan(t.loc["z", "change_percent"])


def test_workbook_cells_formats_print_and_formula_safety(tmp_path):
    d = load_design("vung-tau-2024-xa")  # bonus and penalty items (mục IX)
    pts = {m.code: m.max_points for m in d.main_indicators}
    long = given(pts, {"=HYPERLINK(\"http://x\")": 0.9, "p2": 0.5})
    long = pd.concat([long, long_table({u: {"IX.1.1": {"appraised_score": 1}, "IX.1.2": {"appraised_score": 0},
                                             "IX.2.1": {"appraised_score": -1}, "IX.2.2": {"appraised_score": 0}}
                                        for u in ("=HYPERLINK(\"http://x\")", "p2")})], ignore_index=True)
    res = score_units(d, long)
    report.write_score_files(res, tmp_path, "vi")
    wb = load_workbook(tmp_path / "scores.xlsx")
    assert wb.sheetnames == ["Phụ lục", "Chỉ số chính", "Chỉ số thành phần"]
    ws = wb["Phụ lục"]
    hdr = [c.value for c in ws[1]]
    r2 = {h: c for h, c in zip(hdr, ws[2])}
    # text that would run is text, quote-prefixed; nothing is a formula
    assert r2["Đơn vị"].value == "=HYPERLINK(\"http://x\")" and r2["Đơn vị"].data_type == "s" and r2["Đơn vị"].quotePrefix
    # numbers are numbers, with the published 2 decimals as their format; ranks whole numbers
    assert r2["Tổng điểm"].data_type == "n" and r2["Tổng điểm"].number_format == "0.00"
    assert r2["Tổng điểm"].value == pytest.approx(0.9 * 100 + 1 - 1)
    assert r2["Điểm thưởng/trừ"].value == 0 and r2["Xếp hạng"].value == 1 and r2["Xếp hạng"].number_format == "0"
    assert r2["Tỷ lệ (%)"].number_format == "0.00"
    for sheet in wb.worksheets:
        ps = sheet.page_setup
        assert (ps.paperSize, ps.orientation) == (9, "landscape")  # 9 = A4 in SpreadsheetML
        # fit to one page wide (fitToWidth's default, 1, is not written), as many pages down as needed
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and (ps.fitToWidth or 1, ps.fitToHeight) == (1, 0)
        assert sheet.print_title_rows == "$1:$1" and sheet.print_title_cols == "$A:$B"
        assert "Trang &P/&N" in sheet.oddFooter.center.text
        assert sheet.freeze_panes == "C2"
    # main indicators in design order (not alphabetical), with total and rank
    ih = [c.value for c in wb["Chỉ số chính"][1]]
    assert ih[2:10] == [f"{m.code}. {m.name} (tối đa {number(m.max_points, 'vi', 2)})" for m in d.main_indicators]
    assert ih[-5:] == ["Điểm thưởng/trừ", "Tổng điểm", "Tỷ lệ (%)", "Xếp hạng", "Mã đơn vị"]
    # the same tables give the same bytes
    first = (tmp_path / "scores.xlsx").read_bytes()
    report.write_score_files(res, tmp_path, "vi")
    assert (tmp_path / "scores.xlsx").read_bytes() == first


@pytest.mark.slow
def test_the_workbook_opens_in_libreoffice(tmp_path):
    data = data_of(Path("params/bac-kan/2022-huyen.yaml"))
    report.write_score_files(data.result, tmp_path, "vi", data=data)
    # LibreOffice reads the workbook and writes its first sheet, the annex, as CSV
    csv = libreoffice_convert(tmp_path / "scores.xlsx", tmp_path / "lo", "csv:Text - txt - csv (StarCalc):44,34,76")
    first = csv.read_text(encoding="utf-8").splitlines()
    assert first[0].startswith("STT,Đơn vị,")
    top = data.result.totals().sort_values("rank").iloc[0]
    assert first[1].split(",")[1] == top["unit_name"]


@pytest.mark.slow
def test_scores_csv_names_integer_ranks_full_precision_and_bom(tmp_path):
    data = data_of(Path("params/vung-tau/2024-xa.yaml"))
    csv, _ = report.write_score_files(data.result, tmp_path, "vi", data=data)
    raw = csv.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Excel reads the Vietnamese letters
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0] == "unit_id,unit_name,code,name,kind,max_points,score,percent,value,band,rank"
    back = pd.read_csv(csv, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    total = back[back["code"] == "TOTAL"]
    assert all(re.fullmatch(r"\d+", r) for r in total["rank"])  # 1, not 1.0
    tidy = data.result.scores.set_index(["unit_id", "code"])
    for _, r in back.sample(50, random_state=1).iterrows():
        want = tidy.loc[(r["unit_id"], r["code"])]
        assert r["unit_name"] == want["unit_name"] and r["name"] == want["name"]
        if r["score"]:
            assert float(r["score"]) == want["score"]  # every digit: the same double


def test_under_peer_mean_units_not_ranked_count_in_the_mean():
    """Bắc Kạn Điều 6.2: an item a unit does not have is scored "bằng điểm trung bình của các cơ
    quan, đơn vị có điểm của tiêu chí đó". A unit not ranked has points for it (it is appraised
    like the others), so it counts in that mean; only the ranking leaves it out (the reading the
    annex's note states)."""
    d = load_design("bac-kan-2022-so")  # main indicator 1: 75 points
    pts = {m.code: m.max_points for m in d.main_indicators}
    long = given(pts, {"a": 0.9, "b": 0.5, "c": 0.5})
    long = long[~((long["unit_id"] == "c") & (long["code"] == "1"))]
    long = pd.concat([long, long_table({"c": {"1": {"na": 1}}})], ignore_index=True)
    res = score_units(d, long, unranked={"a"})
    # c's indicator 1 = mean of a's 67.5 and b's 37.5 = 52.5 (37.5 if a were left out)
    assert res.score("c", "1") == pytest.approx(52.5)
    # c: 52.5 + 0.5 × 525 = 315 of 600 = 52.5% → rank 1; b 50% → 2; a (90%) not ranked
    annex = annexes.build_annex(res)
    assert list(annex.table["unit_id"]) == ["c", "b", "a"] and list(annex.table["rank"].astype("Float64").fillna(0)) == [1, 2, 0]
    assert "vẫn được tính vào điểm trung bình" in annexes.notes_html(annex, "vi")


def test_the_workbook_writes_a_change_of_percent_with_its_sign_as_the_report():
    from dti_kit.report.annex import Column
    from dti_kit.report.workbook import _format

    assert _format(Column("change_percent", "num", 2, signed_num=True)) == "+0.00;-0.00;0.00"
    assert _format(Column("percent", "num", 2)) == "0.00"
    assert annexes.cell_text(-0.001, Column("change_percent", "num", 2, signed_num=True), "vi") == "0,00"  # no sign on a zero


def test_units_tied_within_their_district_are_listed_as_in_the_annex(tmp_path):
    # 602,20 and 602,18 of 1000 points: 60,22% and 60,218% tie at the design's 2 decimals
    # (ranking.decimals), so both rank 1 in Huyện C; the annex lists the higher score first,
    # and so does the table by district (it listed them by name: Xã A, the lower, first)
    d = load_design("hoa-binh-2023-xa")
    long = given(HB_XA, {"z": 0.60220, "a": 0.60218})
    long["unit_name"] = long["unit_id"].map({"z": "Xã Z", "a": "Xã A"})
    uf = read_units(units_file(tmp_path, [("z", "Xã Z", "Huyện C", "xã", 1), ("a", "Xã A", "Huyện C", "xã", 1)]))
    res = score_units(d, long)
    annex = annexes.build_annex(res, units=uf)
    assert list(annex.table["unit_id"]) == ["z", "a"] and list(annex.table["rank_in_parent"]) == [1, 1]
    assert [r["unit"] for r in parse(annexes.parents_html(annex, "vi"))[0]["rows"]] == ["z", "a"]
