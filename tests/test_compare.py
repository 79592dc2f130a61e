"""Comparing index designs (issue 8): shares of points by main indicator, the concept
catalogue, threshold comparison, re-scoring under other designs, and the ``compare`` command.

Expected values are computed by hand from the source texts in shared/seeds (cited per test).
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from conftest import long_table

from dti_kit import DesignError, InputError, list_designs, score_units
from dti_kit.cli import main
from dti_kit.compare import structure as C
from dti_kit.compare.catalogue import load_catalogue, normalise_name, parse_expression
from dti_kit.compare.rescore import rescore
from dti_kit.samples import generate

FULL = ["hoa-binh-2023-so", "hoa-binh-2023-huyen", "hoa-binh-2023-xa", "ninh-thuan-2022-tinh",
        "vung-tau-2024-huyen", "vung-tau-2024-xa"]


@pytest.fixture(scope="module")
def designs():
    return {d.id: d for d in list_designs()}


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


@pytest.fixture(scope="module")
def shares(designs):
    return C.indicator_shares(designs.values())


# -- shares of points, by hand from the texts -------------------------------------------------------
SHARES = [
    # Hải Dương (seed 002): cấp huyện 600 points, Nhận thức số 50, Hoạt động chính quyền số 150, kinh tế số 100
    ("hai-duong-2023-huyen", "Nhận thức số", 50, 50 / 600 * 100),
    ("hai-duong-2023-huyen", "Hoạt động chính quyền số", 150, 25.0),
    ("hai-duong-2023-huyen", "Hoạt động kinh tế số", 100, 100 / 600 * 100),
    # cấp Sở 500 points: An toàn thông tin mạng 100, Hoạt động chuyển đổi số 200
    ("hai-duong-2023-so", "An toàn thông tin mạng", 100, 20.0),
    ("hai-duong-2023-so", "Hoạt động chuyển đổi số", 200, 40.0),
    # Hòa Bình (seed 000, Phụ lục II–IV): Sở 6 = 500 of 1000, Huyện 6 = 300, Xã 3 = 120 and 6 = 280
    ("hoa-binh-2023-so", "Hoạt động chính quyền số", 500, 50.0),
    ("hoa-binh-2023-huyen", "Hoạt động chính quyền số", 300, 30.0),
    ("hoa-binh-2023-huyen", "Hạ tầng số", 100, 10.0),
    ("hoa-binh-2023-xa", "Hạ tầng số", 120, 12.0),
    ("hoa-binh-2023-xa", "Hoạt động chính quyền số", 280, 28.0),
    # Bắc Kạn (seed 001, Điều 4): Sở 600: ATTT 150, Hoạt động CĐS 240, "Thế chế số" 40
    ("bac-kan-2022-so", "An toàn thông tin mạng", 150, 25.0),
    ("bac-kan-2022-so", "Hoạt động chuyển đổi số", 240, 40.0),
    ("bac-kan-2022-so", "Thể chế số", 40, 40 / 600 * 100),
    # huyện 1000: Hoạt động chính quyền số 230; Đô thị thông minh "Không tính điểm"
    ("bac-kan-2022-huyen", "Hoạt động chính quyền số", 230, 23.0),
    ("bac-kan-2022-huyen", "Đô thị thông minh", 0, 0.0),
    # xã 900: Nhận thức số 100, Hoạt động xã hội số 200 ("Thẻ chế số" 100)
    ("bac-kan-2022-xa", "Nhận thức số", 100, 100 / 900 * 100),
    ("bac-kan-2022-xa", "Hoạt động xã hội số", 200, 200 / 900 * 100),
    ("bac-kan-2022-xa", "Thể chế số", 100, 100 / 900 * 100),
    # Ninh Thuận (seed 003): VII HOẠT ĐỘNG KINH TẾ SỐ 150 of 1000
    ("ninh-thuan-2022-tinh", "Hoạt động kinh tế số", 150, 15.0),
    # Vũng Tàu (seed 004): huyện VI CHÍNH QUYỀN SỐ 50 of 100, III HẠ TẦNG SỐ 3; xã VIII XÃ HỘI SỐ 13, V 3
    ("vung-tau-2024-huyen", "Hoạt động chính quyền số", 50, 50.0),
    ("vung-tau-2024-huyen", "Hạ tầng số", 3, 3.0),
    ("vung-tau-2024-xa", "Hoạt động xã hội số", 13, 13.0),
    ("vung-tau-2024-xa", "An toàn thông tin mạng", 3, 3.0),
]


@pytest.mark.parametrize("design_id, indicator, points, share", SHARES)
def test_shares_by_hand(shares, design_id, indicator, points, share):
    row = shares[(shares["design_id"] == design_id) & (shares["indicator"] == indicator)]
    assert len(row) == 1
    assert row["points"].iat[0] == points
    assert row["share"].iat[0] == pytest.approx(share)


def test_every_main_indicator_is_matched_and_shares_add_to_100(shares, designs):
    for d in designs.values():
        got = shares[shares["design_id"] == d.id]
        assert len(got) == len(d.main_indicators)  # none dropped
        assert got["share"].sum() == pytest.approx(100.0)


def test_names_are_matched_across_designs(cat):
    assert normalise_name("  Hoạt động   CHÍNH QUYỀN số ") == "hoat dong chinh quyen so"
    # Bắc Kạn prints "Thế chế số" and "Thẻ chế số"; the diacritics go, the match stays
    assert cat.match_indicator("Thế chế số").id == cat.match_indicator("Thẻ chế số").id == "the-che-so"
    # Vũng Tàu "VI CHÍNH QUYỀN SỐ" is the activity indicator (an alias)
    assert cat.match_indicator("CHÍNH QUYỀN SỐ").id == "hoat-dong-chinh-quyen-so"
    # one activity indicator for the three: its own entry, the three roll up into it
    assert cat.match_indicator("Hoạt động chuyển đổi số").id == "hoat-dong-chuyen-doi-so"
    assert cat.indicator("hoat-dong-xa-hoi-so").rollup == "hoat-dong-chuyen-doi-so"
    assert cat.match_indicator("Chỉ số không có") is None


def test_rolled_up_shares_compare_department_designs(shares):
    w = C.shares_wide(shares[shares["design_id"].isin(["bac-kan-2022-so", "hoa-binh-2023-so"])], rollup=True)
    # Bắc Kạn Sở: one activity indicator 240/600 = 40%; Hòa Bình Sở: Hoạt động chính quyền số 500/1000 = 50%
    assert w.loc["Hoạt động chuyển đổi số", "bac-kan-2022-so"] == pytest.approx(40.0)
    assert w.loc["Hoạt động chuyển đổi số", "hoa-binh-2023-so"] == pytest.approx(50.0)


def test_overview_groups_rule_mix_and_evidence(designs):
    ov = C.overview(designs.values()).set_index("design_id")
    # Vũng Tàu huyện foundation: I 6 + II 10 + III 3 + IV 8 + V 7 = 34 of 100
    assert ov.loc["vung-tau-2024-huyen", "foundation_share"] == pytest.approx(34.0)
    assert ov.loc["hai-duong-2023-huyen", "activity_share"] == pytest.approx(350 / 600 * 100)
    # relative (min-max / share of best) in Ninh Thuận: 4.5, 4.6, 5.1, 7.10 (10 each), 4.11, 5.9, 5.10 (5 each),
    # 8.6, 8.7 (20 each) = 95 of 1000 (seeds/SEEDS.md lists them)
    assert ov.loc["ninh-thuan-2022-tinh", "mix_relative"] == pytest.approx(9.5)
    # Hòa Bình huyện: only 5.8 (15 points) is min-max
    assert ov.loc["hoa-binh-2023-huyen", "mix_relative"] == pytest.approx(1.5)
    for d in FULL:
        assert sum(ov.loc[d, f"mix_{k}"] for k in C.MIX) == pytest.approx(100.0)
    # structure-only designs have no components: no mix, no evidence (blank, not 0)
    assert np.isnan(ov.loc["bac-kan-2022-so", "mix_ratio"]) and np.isnan(ov.loc["bac-kan-2022-so", "evidence_components"])
    assert ov.loc["bac-kan-2022-so", "stated_components"] == 41  # "06 chỉ số … với 41 chỉ số thành phần"
    # Hòa Bình Sở: all 39 components ask "Văn bản, tài liệu chứng minh"
    assert ov.loc["hoa-binh-2023-so", "evidence_documents"] == 1 and ov.loc["hoa-binh-2023-so", "evidence_components"] == 39
    assert ov.loc["ninh-thuan-2022-tinh", "evidence_components"] == 0  # the plan names no evidence
    assert ov.loc["bac-kan-2022-huyen", "bands"].startswith("Khởi động ≤ 25%")
    assert ov.loc["hoa-binh-2023-huyen", "na_policy"].endswith("(6.3, 6.4, 6.6)")
    assert ov.loc["vung-tau-2024-huyen", "bonus"] == 4


# -- the concept catalogue --------------------------------------------------------------------------
def test_components_are_partitioned_into_covered_and_uncovered(cat, designs):
    unc = C.uncovered_components([designs[d] for d in FULL], cat)
    for did in FULL:
        d = designs[did]
        leaves = [leaf.code for leaf in d.leaves()]
        covered = set(cat.covered_codes(did))
        uncovered = set(unc.loc[unc["design_id"] == did, "code"])
        assert covered.isdisjoint(uncovered)
        assert covered | uncovered == set(leaves)
        assert len(covered) + len(uncovered) == len(leaves)
        assert covered <= set(leaves)  # the catalogue names only scored components


def test_every_concept_is_shared(cat, designs):
    for c in cat.concepts:
        ids = c.designs()
        assert len(ids) >= 2, c.id
        provinces = {designs[i].province for i in ids}
        assert (len(provinces) >= 2) == (c.scope == "provinces"), c.id


ASKED = {  # the list: concept → (design, code) pairs it must hold
    "online-payment": [("hoa-binh-2023-huyen", "6.6"), ("vung-tau-2024-huyen", "VI.5.8")],
    "documents-signed": [("hoa-binh-2023-so", "6.9"), ("vung-tau-2024-xa", "VI.2.2")],
    "smartphone-adults": [("hoa-binh-2023-huyen", "3.5"), ("ninh-thuan-2022-tinh", "3.1")],
    "fibre-households": [("hoa-binh-2023-xa", "3.5"), ("ninh-thuan-2022-tinh", "3.3")],
    "end-to-end-files": [("hoa-binh-2023-huyen", "6.4"), ("vung-tau-2024-huyen", "VI.5.6")],
    "steering-board-head": [("hoa-binh-2023-so", "1.1"), ("ninh-thuan-2022-tinh", "1.1"), ("vung-tau-2024-xa", "I.1")],
    "security-spending": [("hoa-binh-2023-so", "5.9"), ("ninh-thuan-2022-tinh", "5.12.1")],
    "digital-id": [("hoa-binh-2023-xa", "8.1"), ("vung-tau-2024-huyen", "VIII.5")],
    "e-contracts": [("hoa-binh-2023-huyen", "7.3"), ("ninh-thuan-2022-tinh", "7.6")],
    "sme-platforms": [("hoa-binh-2023-xa", "7.2"), ("ninh-thuan-2022-tinh", "7.5")],
    "bank-accounts": [("hoa-binh-2023-huyen", "8.2"), ("ninh-thuan-2022-tinh", "8.2")],
    "security-cameras": [("hoa-binh-2023-huyen", "3.8"), ("hoa-binh-2023-xa", "3.8")],
    "public-wifi": [("hoa-binh-2023-huyen", "3.9"), ("hoa-binh-2023-xa", "3.9")],
    "security-level-approved": [("hoa-binh-2023-so", "5.1"), ("vung-tau-2024-huyen", "V.1")],
    "antimalware-computers": [("hoa-binh-2023-xa", "5.3"), ("vung-tau-2024-xa", "V.4")],
    "staff-trained": [("hoa-binh-2023-so", "4.3"), ("ninh-thuan-2022-tinh", "4.7")],
    "digitised-records": [("hoa-binh-2023-huyen", "6.5"), ("vung-tau-2024-huyen", "VI.4.2")],
}


@pytest.mark.parametrize("concept", sorted(ASKED))
def test_asked_concepts_are_in_the_catalogue(cat, concept):
    c = cat.concept(concept)
    got = {(m.design, m.code) for m in c.measures}
    assert set(ASKED[concept]) <= got
    assert c.vi and c.en


def test_thresholds_side_by_side(cat, designs):
    t = C.concept_table([designs["hoa-binh-2023-huyen"], designs["vung-tau-2024-huyen"]], cat)
    pay = t[t["concept_id"] == "online-payment"].set_index("design_id")
    # Hòa Bình huyện 6.6 (30 points): full from 70%, 0 below 30%; Vũng Tàu VI.5.8 (1 point): full from 85%
    assert pay.loc["hoa-binh-2023-huyen", "max_points"] == 30 and pay.loc["hoa-binh-2023-huyen", "full_from"] == pytest.approx(0.70)
    assert pay.loc["vung-tau-2024-huyen", "max_points"] == 1 and pay.loc["vung-tau-2024-huyen", "full_from"] == pytest.approx(0.85)
    assert pay.loc["hoa-binh-2023-huyen", "method"] == "đủ điểm khi ≥ 70%; 0 điểm dưới 30%; ở giữa: tỷ lệ × điểm"
    # share of the scale: 30 of 1000 = 3%, 1 of 100 = 1%
    assert pay.loc["hoa-binh-2023-huyen", "share_of_scale"] == pytest.approx(3.0)
    # end-to-end files: Hòa Bình ratio × 40 (full only at 100%), Vũng Tàu full from 30%
    e2e = t[t["concept_id"] == "end-to-end-files"].set_index("design_id")["full_from"]
    assert e2e["hoa-binh-2023-huyen"] == pytest.approx(1.0) and e2e["vung-tau-2024-huyen"] == pytest.approx(0.30)
    # digitised records: 100% in both (Hòa Bình all or nothing, Vũng Tàu half from 95%)
    dig = t[t["concept_id"] == "digitised-records"].set_index("design_id")["full_from"]
    assert dig.tolist() == pytest.approx([1.0, 1.0])
    # min-max components have no threshold of their own
    assert np.isnan(t[(t["design_id"] == "hoa-binh-2023-huyen") & (t["code"] == "5.8")]["full_from"].iat[0])


def test_threshold_curves_are_the_rules_own_scores(cat, designs):
    cv = C.threshold_curves([designs["hoa-binh-2023-huyen"], designs["vung-tau-2024-huyen"]], cat, concepts=["online-payment"])
    hb = cv[cv["design_id"] == "hoa-binh-2023-huyen"].set_index("x")["share"]
    vt = cv[cv["design_id"] == "vung-tau-2024-huyen"].set_index("x")["share"]
    at = lambda s, x: s.iloc[np.argmin(np.abs(s.index.to_numpy() - x))]  # noqa: E731
    # Hòa Bình 6.6: < 30% → 0; 50% → ratio × max = 0.5; Vũng Tàu VI.5.8: 75% → half (≥ 70%), 90% → full
    assert at(hb, 0.25) == 0 and at(hb, 0.5) == pytest.approx(0.5) and at(hb, 0.8) == 1
    assert at(vt, 0.5) == 0 and at(vt, 0.75) == 0.5 and at(vt, 0.9) == 1


def test_comparison_of_one_level(designs):
    from dti_kit.compare.report import build_comparison, summary_points

    cmp = build_comparison(["hai-duong-2023-huyen", "hoa-binh-2023-huyen", "vung-tau-2024-huyen"])
    assert [d.id for d in cmp.full_designs] == ["hoa-binh-2023-huyen", "vung-tau-2024-huyen"]
    assert "online-payment" in cmp.plotted_concepts
    cov = cmp.coverage
    assert cov.loc[load_catalogue().concept("online-payment").vi, "hoa-binh-2023-huyen"] == pytest.approx(3.0)
    assert cov["hai-duong-2023-huyen"].isna().all()  # structure only: measures nothing
    text = " ".join(summary_points(cmp))
    # activity 50 + 4 + 12 of 100; the province is data, its "-" escaped for Markdown
    assert "Bà Rịa \\- Vũng Tàu 2024 (66,0% thang điểm)" in text
    with pytest.raises(InputError):
        build_comparison(["hoa-binh-2023-huyen"], options={"no_such_option": 1})


@pytest.fixture(scope="module")
def communes():
    """The commune level's comparison (params/comparison/xa.yaml) in each language, Hòa Bình's
    30 synthetic communes re-scored."""
    from conftest import ROOT

    from dti_kit.compare.report import build_comparison

    ids = ["bac-kan-2022-xa", "hoa-binh-2023-xa", "vung-tau-2024-xa"]
    return {lang: build_comparison(ids, [str(ROOT / "inputs/hoa-binh/2023-xa-synthetic.csv")], language=lang) for lang in ("vi", "en")}


def test_the_summary_writes_every_share_with_one_decimal(communes):
    """A share rounded to a whole number hid half the points: Hòa Bình xã's components in no
    concept are 1.6 (20 points), 3.6 (10), 3.7 (10) and 6.5 (25), 65 of 1,000 = 6.5 %, which
    read "6%". Every share of the summary is written as the tables write it, one decimal."""
    from dti_kit.compare.report import summary_points
    from dti_kit.report.markup import DATA_CLOSE, DATA_OPEN

    vi, en = " ".join(summary_points(communes["vi"])), " ".join(summary_points(communes["en"]))
    assert "Hòa Bình 2023: 4 (6,5%)" in vi and f"{DATA_OPEN}Hòa Bình 2023{DATA_CLOSE}: 4 (6.5%)" in en
    # Bắc Kạn xã (seed 001): activity 100 + 100 + 200 of 900 points = 44.4 %; Hoạt động xã hội số 200 of 900 = 22.2 %
    assert "nhỏ nhất ở Bắc Kạn 2022 (44,4%)" in vi and f"least in {DATA_OPEN}Bắc Kạn 2022{DATA_CLOSE} (44.4%)" in en
    assert "Bắc Kạn 2022: Hoạt động xã hội số (22,2%)" in vi
    # Vũng Tàu xã (seed 004): VI CHÍNH QUYỀN SỐ 50 of 100 points, written as the shares table writes 50
    assert "Bà Rịa \\- Vũng Tàu 2024: Hoạt động chính quyền số (50,0%)" in vi
    assert not re.search(r"\(\d+%", vi) and not re.search(r"\(\d+%", en)  # no share without its decimal


def test_the_rescoring_sentence_says_how_much_of_each_design_it_scores(communes):
    """"Chấm lại theo Bà Rịa - Vũng Tàu 2024, 24/30 đơn vị … thay đổi thứ hạng" read as if
    the whole design re-ranked the communes; the re-scoring covers 15 of Vũng Tàu xã's
    components: I.2, I.5, I.6 (1 point each), II.1 (2), III.1-III.3 (1 each), IV.1 (2), V.3,
    V.4 (0.5 each), VI.2.2 (3), VI.5.8 (1), VI.6.6 (0.5), VI.7.1 (1), VII.4 (0.5) = 17 of its
    100 points. The sentence says so, from the numbers of the table of what is re-scored."""
    from dti_kit.compare.report import rescoring_coverage_table, summary_points

    cmp = communes["vi"]
    table = rescoring_coverage_table(cmp).set_index("Bộ chỉ số")
    assert table.loc["Bà Rịa - Vũng Tàu 2024"].tolist() == [15, 17, 100, 17]
    assert table.loc["Hòa Bình 2023"].tolist() == [38, 815, 1000, 81.5]  # the source, scored through the same concepts
    (said,) = [s for s in summary_points(cmp) if s.startswith("Chấm lại")]
    assert said == ("Chấm lại theo Bà Rịa \\- Vũng Tàu 2024 trên 15 chỉ số thành phần (17/100 điểm, 17,0% thang điểm), 24/30 đơn vị của "
                    "Hòa Bình 2023 thay đổi thứ hạng so với khi chấm theo Hòa Bình 2023 trên 38 chỉ số thành phần (815/1.000 điểm, 81,5%).")
    (said_en,) = [s for s in summary_points(communes["en"]) if s.startswith("Re-scored")]
    assert "on 15 components (17 of 100 points, 17.0% of the scale)" in said_en


@pytest.mark.slow
def test_every_section_prints_its_heading_with_its_lead_sentence(tmp_path):
    """The print style keeps an output that ends in a heading, or in a heading and one line,
    with what follows it (dti_kit.publish.printcss). The comparison showed each section's heading
    and its lead sentence as two outputs: at the commune level the heading "Chỉ số thành phần
    không thuộc khái niệm nào" and its sentence printed at the foot of page 9, their table on
    page 10. Every heading of a section is now one output with its lead."""
    import shutil

    from conftest import ROOT

    from dti_kit.publish.pipeline import build

    root = tmp_path / "project"
    for name in ("notebooks", "inputs"):
        shutil.copytree(ROOT / name, root / name)
    (root / "params/comparison").mkdir(parents=True)
    params = (ROOT / "params/comparison/xa.yaml").read_text(encoding="utf-8")
    (root / "params/comparison/xa.yaml").write_text(params + "pdf: false\n", encoding="utf-8")
    assert [o.status for o in build(None, root, jobs=1, progress=False)] == ["built"]

    page = (root / "reports/comparison/xa/design_comparison.html").read_text(encoding="utf-8")
    # what follows each section's heading in its output: its lead (a paragraph, a list) or the output's end
    after = re.findall(r"<h2 [^>]*>(.*?)</h2>\s*(<\w+|</div>)", page, re.S)
    assert len(after) == 8  # Tóm tắt … Tệp kết quả
    assert [heading for heading, following in after if following == "</div>"] == []


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_reader_tables_and_summary_name_designs_not_ids(tmp_path):
    """A reader knows a design as its province and year (Quyết định 1153/QĐ-UBND of Hòa Bình,
    2023; Công văn …/UBND-VHTT of Bà Rịa - Vũng Tàu, 2024): no table, heading, sentence, chart
    or workbook cell of the report shows the file's id, a concept's id or a rule's kind; the CSV
    files keep the ids, for joining."""
    from openpyxl import load_workbook

    from dti_kit.compare import plots as cp
    from dti_kit.compare import report as cr

    ids = ["bac-kan-2022-huyen", "hai-duong-2023-huyen", "hoa-binh-2023-huyen", "vung-tau-2024-huyen"]
    cmp = cr.build_comparison(ids, ["inputs/hoa-binh/2023-huyen-synthetic.csv"])
    assert cmp.labels == {"bac-kan-2022-huyen": "Bắc Kạn 2022", "hai-duong-2023-huyen": "Hải Dương 2023",
                          "hoa-binh-2023-huyen": "Hòa Bình 2023", "vung-tau-2024-huyen": "Bà Rịa - Vũng Tàu 2024"}
    tables = [cr.overview_table(cmp), cr.shares_table(cmp), cr.concepts_table(cmp), cr.thresholds_table(cmp),
              cr.rescoring_coverage_table(cmp), cr.rescoring_table(cmp), cr.dropped_table(cmp)]
    assert all(not t.empty for t in tables[:6])
    shown = [*cr.summary_points(cmp)] + [" ".join(map(str, [*t.columns, *t.to_numpy().ravel()])) for t in tables]
    fig = cp.plot_coverage(cmp.coverage[[d.id for d in cmp.full_designs]].dropna(how="all"), labels=cmp.labels)
    shown += [t.get_text() for t in fig.axes[0].get_xticklabels()]
    cmp.write(tmp_path)
    wb = load_workbook(tmp_path / "design_comparison.xlsx", read_only=True)
    cells = [str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v is not None]
    assert "Hòa Bình 2023" in cells and "cấp Huyện" in cells  # the designs' and levels' own names
    shown += cells
    leaks = {i for i in ids if any(i in x for x in shown)} | {k for k in ("steering-board-head", "yes_no", "choice", "huyen") if k in cells}
    assert not leaks
    assert list(cr.overview_table(cmp).columns[1:]) == list(cmp.labels.values())
    assert "Hòa Bình 2023: %" in cr.rescoring_table(cmp).columns  # the source design's column
    assert (cmp.tables()["shares"]["design_id"].isin(ids)).all()


def test_english_summary_marks_only_data_as_vietnamese():
    """In an English report the provinces are data (marked lang="vi"); the canonical indicator
    names are the catalogue's English words and are not marked."""
    from dti_kit.compare import report as cr
    from dti_kit.report.markup import DATA_CLOSE, DATA_OPEN

    cmp = cr.build_comparison(["hoa-binh-2023-huyen", "vung-tau-2024-huyen"], language="en")
    heaviest = next(s for s in cr.summary_points(cmp) if "Digital government activity" in s)
    assert f"{DATA_OPEN}Hòa Bình 2023{DATA_CLOSE}: Digital government activity" in heaviest


def test_two_designs_of_one_province_and_year_are_told_apart(designs):
    """Designs that share a province and year are told apart by what differs: the level (Hòa
    Bình's Phụ lục III and IV, both Quyết định 1153/QĐ-UBND of 2023), else the decision's number
    (a revised design beside the first), else they are numbered; never by the file's id. An id
    the loader does not know (a chart drawn outside a comparison) is shown as given."""
    import dataclasses

    hb = designs["hoa-binh-2023-huyen"]
    assert C.design_labels(["hoa-binh-2023-huyen", "hoa-binh-2023-xa", "bac-kan-2022-xa"]) == {
        "hoa-binh-2023-huyen": "Hòa Bình 2023, cấp Huyện", "hoa-binh-2023-xa": "Hòa Bình 2023, cấp Xã", "bac-kan-2022-xa": "Bắc Kạn 2022"}
    assert C.design_labels(["hoa-binh-2023-huyen", "hoa-binh-2023-xa"], "en")["hoa-binh-2023-xa"] == "Hòa Bình 2023, commune level"
    revised = dataclasses.replace(hb, id="hoa-binh-2023-huyen-sua-doi", source=dataclasses.replace(hb.source, number="99/QĐ-UBND"))
    assert C.design_labels([hb, revised, "no-such-design"]) == {
        "hoa-binh-2023-huyen": "Hòa Bình 2023 (1153/QĐ-UBND)", "hoa-binh-2023-huyen-sua-doi": "Hòa Bình 2023 (99/QĐ-UBND)",
        "no-such-design": "no-such-design"}
    assert C.design_labels([hb, dataclasses.replace(hb, id="copy")]) == {
        "hoa-binh-2023-huyen": "Hòa Bình 2023 — bộ chỉ số 1", "copy": "Hòa Bình 2023 — bộ chỉ số 2"}


# -- expressions and the catalogue's checks ------------------------------------------------------------
def test_expressions_map_both_ways():
    Q = pd.DataFrame({"n": [3, 4, 0, np.nan], "d": [4, 4, 0, 5], "level": ["leader", "deputy", "none", None]})
    assert parse_expression({"yes_if_ratio": ["n", "d"], "min": 1.0}).evaluate(Q).tolist()[:2] == [0.0, 1.0]
    r = parse_expression({"yes_if_ratio": ["n", "d"], "min": 1.0}).evaluate(Q)
    assert np.isnan(r.iat[2]) and np.isnan(r.iat[3])  # 0/0 and a missing count: unknown, not "no"
    assert parse_expression({"yes_if": ["n", "d"], "above": 7}).evaluate(Q).tolist()[:3] == [0.0, 1.0, 0.0]
    e = parse_expression({"case": "level", "values": {"leader": 1, "deputy": 0, "none": 0}, "inverse": {1: "leader", 0: "none"}})
    assert e.evaluate(Q).tolist()[:3] == ["1", "0", "0"]
    assert e.read_back(pd.Series(["1", "0"])).tolist() == ["leader", "none"]  # deputy and none both print 0
    b = parse_expression({"bins": "n", "cases": [{"min": 4, "value": "weekly"}, {"min": 1, "value": "monthly"}], "otherwise": "rarely",
                          "inverse": {"weekly": 4, "monthly": 1, "rarely": 0}})
    assert b.evaluate(Q).tolist()[:3] == ["monthly", "weekly", "rarely"]
    assert b.read_back(pd.Series(["weekly", "rarely"])).tolist() == [4, 0]
    s = parse_expression({"of": "n", "scale": 0.001})
    assert s.evaluate(Q).iat[0] == pytest.approx(0.003) and s.read_back(pd.Series(["2"])).iat[0] == pytest.approx(2000)
    assert parse_expression({"part_of": "n"}).evaluate(Q).tolist()[:3] == [0.0, 0.0, 0.0]
    with pytest.raises(ValueError):
        parse_expression({"bins": "n", "cases": [{"min": 1, "value": "a"}, {"min": 4, "value": "b"}]})  # not highest first


def test_a_broken_catalogue_lists_every_problem(tmp_path):
    bad = tmp_path / "concepts.yaml"
    bad.write_text("""
indicators: []
concepts:
  - id: c1
    vi: Một
    en: One
    inputs:
      a: {vi: Số, en: Count, kind: count}
    full: {a: 1}
    components:
      hoa-binh-2023-huyen:
        - {code: "6.6", inputs: {a: a, z: a}, note: x, y}
        - {code: "99.9", inputs: {value: a}}
      no-such-design-2020-xa:
        - {code: "1", inputs: {value: a}}
""", encoding="utf-8")
    with pytest.raises(DesignError) as err:
        load_catalogue(bad)
    text = str(err.value)
    assert "rule reads no variable 'z'" in text          # 6.6 reads a and b
    assert "unknown key 'y'" in text                     # the comma split the note
    assert "99.9 is not a scored component" in text
    assert "unknown design 'no-such-design-2020-xa'" in text
    assert "at least two designs" in text
    assert len(err.value.problems) >= 6


# -- re-scoring ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_unit_meeting_every_concept_scores_100_percent_everywhere(cat, designs):
    full = cat.full_inputs("u")
    for src_id in FULL:
        src = designs[src_id]
        long = cat.component_inputs(src, full)
        res = rescore(src, long, [designs[d] for d in FULL], cat)
        s = res.summary.set_index("design_id")
        covered = res.covered.set_index("design_id")["covered_max"]
        for d in FULL:
            if covered[d] > 0:  # designs sharing concepts with the source
                assert s.loc[d, "percent"] == pytest.approx(100.0), (src_id, d)
                assert s.loc[d, "score"] == pytest.approx(covered[d])
        assert covered[src_id] > 0 and res.dropped.empty


def test_one_unit_by_hand_under_two_designs(cat, designs):
    hb, vt = designs["hoa-binh-2023-huyen"], designs["vung-tau-2024-huyen"]
    concepts = pd.DataFrame([
        ("u", "online-payment", "paid", 75), ("u", "online-payment", "payable", 100),
        ("u", "end-to-end-files", "end_to_end", 25), ("u", "end-to-end-files", "online", 100),
        ("u", "end-to-end-files", "all_files", 100),
        ("u", "digital-id", "accounts", 75), ("u", "digital-id", "population", 100), ("u", "digital-id", "population_15plus", 90),
    ], columns=["unit_id", "concept", "input", "value"])
    r_hb = score_units(hb, cat.component_inputs(hb, concepts), require_complete=False)
    r_vt = score_units(vt, cat.component_inputs(vt, concepts), require_complete=False)
    # Hòa Bình 6.6: 75% ≥ 70% → 30; 6.4: 25/100 × 40 = 10; 8.1: 75/100 × 30 = 22.5
    assert r_hb.score("u", "6.6") == 30 and r_hb.score("u", "6.4") == 10 and r_hb.score("u", "8.1") == pytest.approx(22.5)
    # Vũng Tàu VI.5.8: 75% in [70, 85) → half of 1; VI.5.6: 25% in [20, 30) → half; VIII.5: 75/90 ≥ 80% → 1
    assert r_vt.score("u", "VI.5.8") == 0.5 and r_vt.score("u", "VI.5.6") == 0.5 and r_vt.score("u", "VIII.5") == 1


def test_rescoring_ranks_and_percent(cat, designs):
    hb, vt = designs["hoa-binh-2023-huyen"], designs["vung-tau-2024-huyen"]
    # two districts measured on online payment only: 75% and 90% of files paid online
    long = long_table({"a": {"6.6": {"a": 75, "b": 100}}, "b": {"6.6": {"a": 90, "b": 100}}})
    res = rescore(hb, long, [vt], cat)
    s = res.summary.set_index(["design_id", "unit_id"])
    # Hòa Bình: both ≥ 70% → 30 of 30, tied at rank 1; Vũng Tàu: a 0.5 of 1 (rank 2), b 1 of 1 (rank 1)
    assert s.loc[("hoa-binh-2023-huyen", "a"), "percent"] == 100 and s.loc[("hoa-binh-2023-huyen", "b"), "rank"] == 1
    assert s.loc[("hoa-binh-2023-huyen", "a"), "rank"] == 1
    assert s.loc[("vung-tau-2024-huyen", "a"), "percent"] == 50 and s.loc[("vung-tau-2024-huyen", "a"), "rank"] == 2
    assert s.loc[("vung-tau-2024-huyen", "b"), "covered_max"] == 1 and s.loc[("vung-tau-2024-huyen", "b"), "rank"] == 1
    assert res.wide("rank").loc["a"].tolist() == [1, 2]


def test_rescoring_leaves_out_what_the_engine_refuses(cat, designs):
    hb = designs["hoa-binh-2023-huyen"]
    # 6.9 gives documents = 10, 6.8 signs 12 with the agency's certificate: read back, 12 > 10 is refused
    long = long_table({"u": {"6.9": {"a": 8, "b": 10}, "6.8": {"a": 12, "b": 12}}, "v": {"6.9": {"a": 5, "b": 10}, "6.8": {"a": 5, "b": 10}}})
    res = rescore(hb, long, [], cat)
    assert res.dropped[["unit_id", "code"]].values.tolist() == [["u", "6.8"]]
    assert res.dropped["problem"].iat[0].startswith("numerator a is above denominator b")
    d = res.detail.set_index(["unit_id", "code"])
    assert d.loc[("u", "6.9"), "score"] == pytest.approx(8 / 10 * 20) and np.isnan(d.loc[("u", "6.8"), "score"])
    assert res.summary.set_index("unit_id").loc["u", "missing"] == 1


@pytest.mark.slow  # make check stays under a minute; make test runs it
@pytest.mark.parametrize("design_id", ["hoa-binh-2023-huyen", "vung-tau-2024-xa", "ninh-thuan-2022-tinh"])
def test_round_trip_keeps_the_scores(cat, designs, design_id):
    """Reading a design's inputs into the concepts and back gives the same component scores
    wherever the mapping is lossless and the component supplied all its concept inputs."""
    d = designs[design_id]
    long = generate(d, d.year)
    original = score_units(d, long).scores.set_index(["unit_id", "code"])["score"]
    res = rescore(d, long, [], cat)
    ci = res.concept_inputs
    own = []
    for m in cat.measures_of(design_id):
        src = ci[(ci["concept"] == m.concept) & ci["input"].isin(m.refs())]["code"]
        if m.lossless and set(src) <= {m.code, "default"} and len(cat.covered_codes(design_id)[m.code]) == 1:
            own.append(m.code)
    det = res.detail[res.detail["code"].isin(own) & res.detail["score"].notna()]
    assert det["code"].nunique() >= 25  # Hòa Bình huyện 46, Vũng Tàu xã 29, Ninh Thuận 49 components compared
    orig = original.reindex(pd.MultiIndex.from_frame(det[["unit_id", "code"]])).to_numpy()
    assert np.allclose(det["score"].to_numpy(), orig)


def test_the_source_design_is_detected(designs):
    everything = list(designs.values())
    # 3.10 with a and b is Hòa Bình huyện's video-conference ratio (Xã 3.10 is a yes/no; Ninh Thuận has no 3.10)
    assert C.detect_design(long_table({"u": {"6.6": {"a": 1, "b": 2}, "3.10": {"a": 1, "b": 2}}}), everything).id == "hoa-binh-2023-huyen"
    for did in FULL:  # every full design's own sample inputs point at it
        d = designs[did]
        assert C.detect_design(generate(d, d.year), everything).id == did
    with pytest.raises(InputError):  # codes of two provinces: no design fits every row
        C.detect_design(long_table({"u": {"6.6": {"a": 1, "b": 2}, "III.1": {"a": 1, "b": 1}}}), everything)
    with pytest.raises(InputError):  # 6.6 a/b alone fits Hòa Bình Sở, huyện and xã
        C.detect_design(long_table({"u": {"6.6": {"a": 1, "b": 2}}}), everything)


# -- the command ---------------------------------------------------------------------------------------
@pytest.mark.slow
def test_compare_command_writes_the_tables(tmp_path, designs):
    d = designs["hoa-binh-2023-huyen"]
    inputs = tmp_path / "in.csv"
    generate(d, d.year).to_csv(inputs, index=False)
    out = tmp_path / "cmp.csv"
    code = main(["compare", "hai-duong-2023-huyen", "hoa-binh-2023-huyen", "vung-tau-2024-huyen", "--inputs", str(inputs), "--out", str(out)])
    assert code == 0
    shares = pd.read_csv(out)
    assert list(shares.columns) == ["design_id", "indicator", "points", "share"]
    hd = shares[(shares["design_id"] == "hai-duong-2023-huyen") & (shares["indicator"] == "Nhận thức số")]
    assert hd["share"].iat[0] == pytest.approx(8.33333, abs=1e-4)  # 50 / 600
    for suffix in ("-overview.csv", "-concepts.csv", "-uncovered.csv", "-rescoring.csv", "-rescoring-detail.csv"):
        assert (tmp_path / f"cmp{suffix}").is_file(), suffix
    rs = pd.read_csv(tmp_path / "cmp-rescoring.csv")
    assert set(rs["design_id"]) == {"hoa-binh-2023-huyen", "vung-tau-2024-huyen"}
    assert set(rs.columns) >= {"unit_id", "percent", "rank", "covered_max"}
    first = out.read_bytes()
    assert main(["compare", "hai-duong-2023-huyen", "hoa-binh-2023-huyen", "vung-tau-2024-huyen", "--inputs", str(inputs), "--out", str(out)]) == 0
    assert out.read_bytes() == first  # same inputs, same bytes


def test_compare_command_refuses_unknown_designs(tmp_path, capsys):
    assert main(["compare", "hoa-binh-2023-huyen", "no-such-design"]) == 2
    assert "no-such-design" in capsys.readouterr().err


def test_report_files_are_deterministic(tmp_path):
    from dti_kit.compare.report import build_comparison

    cmp = build_comparison(["hoa-binh-2023-xa", "vung-tau-2024-xa"])
    a = [p.read_bytes() for p in cmp.write(tmp_path / "a")]
    b = [p.read_bytes() for p in cmp.write(tmp_path / "b")]
    assert a == b and len(a) == 5  # shares, concepts, uncovered, overview CSV + the workbook
