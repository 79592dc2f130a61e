"""The report's words written from the data (dti_kit.report.narrative), on small cases whose
numbers are computed by hand, and on a shipped params sample; the publication block of params;
reconciliation at the published precision."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import ROOT, long_table

from dti_kit import load_design, score_units
from dti_kit.errors import InputError, ParamsError
from dti_kit.report import narrative
from dti_kit.report.tables import html_table, na_table, weak_components

BK = {"1": 70, "2": 90, "3": 70, "4": 60, "5": 80, "7": 230, "8": 190, "9": 210}  # Bắc Kạn huyện, 1000 points


def bac_kan(shares: dict[str, dict[str, float]]):
    """Bắc Kạn huyện (structure only): each unit's appraised share of each main indicator."""
    d = load_design("bac-kan-2022-huyen")
    return score_units(d, long_table({u: {c: {"appraised_score": p * s.get(c, s["*"])} for c, p in BK.items()}
                                      for u, s in shares.items()}))


# A: 0.8 everywhere, 3 at 0.2, 9 at 1.0 → 0.8 × 720 + 14 + 210 = 800 (80%, Dẫn dắt)
# B: 0.6 everywhere, 3 at 0.4, 9 at 0.8 → 0.6 × 720 + 28 + 168 = 628 (62.8%, Nâng cao)
NOW = {"Huyện A": {"*": 0.8, "3": 0.2, "9": 1.0}, "Huyện B": {"*": 0.6, "3": 0.4, "9": 0.8}}
# last year: A 500 (50%: Hình thành, "≤ 50%"), B 700 (70%: Nâng cao)
BEFORE = {"Huyện A": {"*": 0.5}, "Huyện B": {"*": 0.7}}


def test_indicator_means_by_hand():
    m = narrative.indicator_means(bac_kan(NOW)).set_index("code")
    # 3: (20 + 40) / 2 = 30%; 9: (100 + 80) / 2 = 90%; 1: (80 + 60) / 2 = 70%; 6 (0 points) left out
    assert m.loc["3", "mean_percent"] == pytest.approx(30.0)
    assert m.loc["9", "mean_percent"] == pytest.approx(90.0)
    assert m.loc["1", "mean_percent"] == pytest.approx(70.0)
    assert "6" not in m.index and list(m["units"].unique()) == [2]


def test_overview_vietnamese_by_hand():
    text = narrative.overview(bac_kan(NOW), bac_kan(BEFORE), "vi")
    paras = text.split("\n\n")
    # mean (80 + 62.8) / 2 = 71.4%; last year (50 + 70) / 2 = 60.0%: +11.4 points of percent
    assert paras[0] == ("Năm 2022, 2 huyện, thành phố của Bắc Kạn được đánh giá theo Quyết định số 1294/QĐ\\-UBND ngày "
                        "14/7/2022 của Chủ tịch Ủy ban nhân dân tỉnh Bắc Kạn. Bình quân tỷ lệ điểm đạt được so với điểm tối "
                        "đa đạt 71,4%; thấp nhất 62,8%, cao nhất 80,0%. Năm 2021 bình quân là 60,0%, thay đổi +11,4 điểm "
                        "phần trăm. Dẫn đầu: Huyện A.")
    # each name in quotation marks: "là 9. Hoạt động …" read as a sentence ending after "9."
    assert paras[1] == ("Chỉ số chính mạnh nhất là “9. Hoạt động xã hội số”, bình quân đạt 90,0% số điểm tối đa; chỉ số "
                        "chính yếu nhất của Bắc Kạn là “3. Hạ tầng số”, bình quân chỉ đạt 30,0%.")
    # bands (Điều 7.2): A 80% Dẫn dắt, B 62.8% Nâng cao; last year A 50% Hình thành, B 70% Nâng cao
    assert paras[2] == ("Số đơn vị theo mức xếp loại năm nay — Khởi động: 0; Hình thành: 0; Nâng cao: 1; Dẫn dắt: 1. "
                        "Năm 2021 — Khởi động: 0; Hình thành: 1; Nâng cao: 1; Dẫn dắt: 0.")
    # ranks: last year B 1, A 2; now A 1, B 2; points: A +300, B −72
    assert paras[3] == ("So với năm trước, Huyện A tăng nhiều bậc nhất (+1 bậc, từ hạng 2 lên hạng 1). Huyện B giảm nhiều "
                        "bậc nhất (1 bậc, từ hạng 1 xuống hạng 2). Tăng điểm nhiều nhất: Huyện A (+300,00 điểm). Giảm "
                        "điểm nhiều nhất: Huyện B (−72,00 điểm).")
    assert len(paras) == 4  # Bắc Kạn has no bonus or penalty items


def test_overview_english_names_main_indicators_in_english():
    text = narrative.overview(bac_kan(NOW), bac_kan(BEFORE), "en")
    assert "The strongest main indicator is “9. Digital society activity”, at 90.0% of its maximum points" in text
    assert "the weakest main indicator of \ue000Bắc Kạn\ue001 is “3. Digital infrastructure”, at only 30.0%" in text
    assert "Units by band this year — Starting: 0; Forming: 0; Advancing: 1; Leading: 1." in text
    assert "Hạ tầng số" not in text and "Hoạt động xã hội số" not in text


def test_movers_none_without_last_year_and_no_moves():
    assert narrative.movers(bac_kan(NOW), None) is None
    mv = narrative.movers(bac_kan(NOW), bac_kan(NOW))
    assert (mv.rise, mv.fall, mv.gain, mv.loss) == (None, None, None, None)
    assert "Thứ hạng và điểm của các đơn vị không thay đổi so với năm trước." in narrative.overview(bac_kan(NOW), bac_kan(NOW))


# -- bonus and penalty (Vũng Tàu mục IX) -------------------------------------------------------------
def vung_tau_xa(shares: dict[str, float], bonus: dict[str, dict[str, float]]):
    d = load_design("vung-tau-2024-xa")
    units = {}
    for u, s in shares.items():
        units[u] = {leaf.code: {"appraised_score": leaf.max_points * s} for leaf in d.leaves()}
        units[u].update({b.code: {"appraised_score": bonus.get(u, {}).get(b.code, 0.0)} for b in d.bonus})
    return score_units(d, long_table(units))


def test_bonus_effect_by_hand():
    # 100 points; A 80, B 79.5 + 1 (IX.1.1) = 80.5, C 70 − 1 (IX.2.1) = 69, D 75 − 1 (IX.2.2) = 74:
    # with the points B 1, A 2, D 3, C 4; without them A 1, B 2, D 3, C 4: 2 of 4 ranks differ
    res = vung_tau_xa({"A": 0.8, "B": 0.795, "C": 0.7, "D": 0.75},
                      {"B": {"IX.1.1": 1.0}, "C": {"IX.2.1": -1.0}, "D": {"IX.2.2": -1.0}})
    assert res.totals().set_index("unit_id")["rank"].to_dict() == {"A": 2, "B": 1, "C": 4, "D": 3}
    be = narrative.bonus_effect(res)
    assert be == narrative.BonusEffect(units_plus=1, units_minus=2, points_plus=1.0, points_minus=-2.0, ranks_changed=2, ranked=4)
    assert narrative.overview(res, None, "vi").split("\n\n")[-1] == (
        "Điểm thưởng, điểm trừ: 1 đơn vị được cộng tổng cộng 1,00 điểm thưởng, 2 đơn vị bị trừ tổng cộng 2,00 điểm; nếu "
        "không tính điểm thưởng, điểm trừ thì thứ hạng của 2/4 xã, phường, thị trấn được xếp hạng sẽ khác.")
    assert narrative.bonus_effect(bac_kan(NOW)) is None


# -- weakest components, N/A imputations left out ---------------------------------------------------
def hoa_binh(shares: dict[str, dict[str, float]], na: dict[str, list[str]] = {}):  # noqa: B006 (read only)
    """Hòa Bình huyện: every leaf appraised at the unit's share ("*") or its own; N/A items marked."""
    d = load_design("hoa-binh-2023-huyen")
    units = {}
    for u, s in shares.items():
        units[u] = {leaf.code: {"appraised_score": leaf.max_points * s.get(leaf.code, s["*"])}
                    for leaf in d.leaves() if leaf.code not in na.get(u, [])}
        units[u].update({c: {"na": 1} for c in na.get(u, [])})
    return score_units(d, long_table(units))


def test_weakest_components_leave_out_imputed_scores():
    # 5.8 (15 points) at 10% in both units; 6.3 (10 points) at 20% in A, N/A in B: the V.4.2 rule
    # scores B's 6.3 at (its base's achieved / max) × 10 = 100% × 10 = 10, which is left out:
    # 6.3's mean is A's 20%, not (20 + 100) / 2 = 60%
    res = hoa_binh({"A": {"*": 1.0, "5.8": 0.1, "6.3": 0.2}, "B": {"*": 1.0, "5.8": 0.1}}, na={"B": ["6.3"]})
    assert res.row("B", "6.3")["score"] == pytest.approx(10.0) and res.row("B", "6.3")["status"] == "na"
    w = narrative.weakest_components(res, top=3, language="vi")
    assert list(w["code"]) == ["5.8", "6.3", "1.1"]
    assert list(w["mean_share"]) == [10.0, 20.0, 100.0]
    assert list(w["units"]) == [2, 1, 2]
    assert w["indicator"].iloc[0] == "5. An toàn thông tin mạng" and "responsible" not in w.columns
    assert narrative.weakest_components(res, top=1, language="en")["indicator"].iloc[0] == "5. Cybersecurity"
    # the whole report's table too: 6.3 counted once (A below half), its mean share 20%
    weak = weak_components(res, "vi").set_index("code")
    assert weak.loc["6.3", "mean_share"] == 20.0
    assert weak.loc["6.3", "remark"].endswith("1/1 huyện, thành phố dưới một nửa điểm tối đa")
    assert narrative.weak_note(res, "vi") == ("Bảng không tính 1 điểm của 1 đơn vị do quy tắc chỉ số không áp dụng tính "
                                              "thay (tính theo tỷ lệ điểm các chỉ số còn lại).")
    intro = narrative.recommendations_intro(res, w, "vi")
    assert "cơ quan" not in intro  # the design names no agency: nothing said of one
    # 5.8 at 10% in both units and 6.3 at 20% in A: under half the max; 1.1 full in both
    assert list(w["below_half"]) == [2, 1, 0]
    assert "Điểm do quy tắc chỉ số không áp dụng tính thay không được tính vào bình quân." in intro


def test_weak_and_na_tables_name_main_indicators_in_english():
    res = hoa_binh({"A": {"*": 1.0, "5.8": 0.1, "6.3": 0.2}, "B": {"*": 1.0, "5.8": 0.1}}, na={"B": ["6.3"]})
    weak = weak_components(res, "en")
    assert weak.set_index("code").loc["5.8", "indicator"] == "5. Cybersecurity"
    na = na_table(res, "en")
    assert list(na["indicator"]) == ["6. Digital government activity"]
    page = html_table(na, "en")
    # the English name is ours, not Vietnamese data; the component's name is
    assert '<td class="txt">6. Digital government activity</td>' in page
    # and, the longest text of the table, it keeps a readable measure (printing.PROSE)
    assert f'<td class="txt dti-prose" lang="vi">{res.design.node("6.3").name}</td>' in page
    assert na_table(res, "vi")["indicator"].tolist() == ["6. Hoạt động chính quyền số"]


def test_responsible_agency_where_the_design_names_one():
    d = load_design("vung-tau-2024-huyen")
    units = {u: {leaf.code: {"appraised_score": leaf.max_points * s} for leaf in d.leaves()} for u, s in (("A", 0.5), ("B", 0.7))}
    weakest_leaf = d.leaves()[0]
    for u in units:
        units[u][weakest_leaf.code] = {"appraised_score": 0.0}
    for b in d.bonus:
        for u in units:
            units[u][b.code] = {"appraised_score": 0.0}
    res = score_units(d, long_table(units))
    w = narrative.weakest_components(res, top=2, language="vi")
    assert w["code"].iloc[0] == weakest_leaf.code and w["mean_share"].iloc[0] == 0.0
    assert "responsible" in w.columns and w["responsible"].iloc[0] == weakest_leaf.responsible != ""
    assert "Cơ quan phụ trách là cơ quan bộ chỉ số giao cho từng chỉ số." in narrative.recommendations_intro(res, w, "vi")


def test_structure_only_design_lists_its_weakest_main_indicators():
    w = narrative.weakest_components(bac_kan(NOW), top=2, language="vi")
    # every unit scored on every row: no column of 4, 4 (the units the mean is over)
    assert list(w.columns) == ["indicator", "mean_share", "below_half"]
    assert list(w["indicator"]) == ["3. Hạ tầng số", "1. Nhận thức số"] and list(w["mean_share"]) == [30.0, 70.0]


# -- the methodology annex ---------------------------------------------------------------------------
def test_methodology_quotes_what_the_design_states_and_says_what_it_does_not():
    hb = narrative.methodology(load_design("hoa-binh-2023-huyen"), language="vi")
    assert ("- **Thời kỳ số liệu**: văn bản quy định “mốc số liệu đánh giá được tính từ ngày 01/11 năm trước đến ngày "
            "31/10 của năm đánh giá”.") in hb
    assert "- **Bước 2 — thẩm định**: văn bản quy định “Sở Thông tin và Truyền thông”." in hb
    assert "tính theo tỷ lệ điểm các chỉ số còn lại. Căn cứ: “Mục V\\.4\\.2: 2\\." in hb
    d = load_design("hoa-binh-2023-huyen")
    assert hb.count("\n1. ") == 1 and f"\n{len(d.errata)}. " in hb  # every erratum, numbered
    # in the report the errata section holds their words: the methodology refers to it
    refer = narrative.methodology(d, language="vi", errata="refer")
    general = sum(1 for e in d.errata if not e.code)
    order = list(d.codes())
    codes = ", ".join(c.replace(".", "\\.") for c in sorted({e.code for e in d.errata if e.code}, key=order.index))
    assert codes.startswith("1\\.2, 1\\.5, ") and ", 6, 6\\.1, " in codes  # design order: 1.2 before 6, 6 before 6.1
    assert refer.endswith(f"Văn bản có {len(d.errata)} điểm sai sót hoặc chưa rõ ({general} điểm chung; các điểm còn lại ở "
                          f"các chỉ số {codes}); từng điểm và cách báo cáo xử lý được nêu tại mục “Những điểm văn bản chưa rõ "
                          "và cách xử lý”.")
    assert "\n1. " not in refer
    vt = narrative.methodology(load_design("vung-tau-2024-xa"), language="vi")
    assert "- **Bước 2 — thẩm định**: văn bản không nêu cơ quan thẩm định;" in vt
    assert "- **Thời kỳ số liệu**: văn bản không nêu thời kỳ số liệu" in vt
    en = narrative.methodology(load_design("bac-kan-2022-huyen"), language="en")
    assert "- **Bands**: Starting up to 25%; Forming up to 50%; Advancing up to 75%; Leading above 75%." in en
    assert "- **Step 3 — publication of the results**: the text says “\ue000Điều 5\\.3:" in en


# -- the report's own decision (params ``publication``) -------------------------------------------------
def test_publication_line():
    block = {"number": "215/QĐ-UBND", "date": "2024-02-20", "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình",
             "signer": "KT. CHỦ TỊCH, PHÓ CHỦ TỊCH Nguyễn Văn A"}
    assert narrative.publication_line(block, "vi") == (
        "Ban hành kèm theo Quyết định số 215/QĐ\\-UBND ngày 20/02/2024 của Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình. "
        "Người ký: KT\\. CHỦ TỊCH, PHÓ CHỦ TỊCH Nguyễn Văn A.")
    assert narrative.publication_line({}, "vi") == ""
    assert narrative.publication_line({"number": "7/QĐ-UBND"}, "en") == "Issued with Decision No. \ue0007/QĐ\\-UBND\ue001."


def _params(tmp_path: Path, extra: str) -> Path:
    import shutil

    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "inputs" / "hoa-binh").mkdir(parents=True)
    for name in ("2023-huyen-synthetic.csv", "2022-huyen-synthetic.csv"):
        shutil.copy(ROOT / "inputs" / "hoa-binh" / name, tmp_path / "inputs" / "hoa-binh" / name)
    (tmp_path / "params" / "hoa-binh").mkdir(parents=True)
    src = (ROOT / "params" / "hoa-binh" / "2023-huyen.yaml").read_text(encoding="utf-8")
    p = tmp_path / "params" / "hoa-binh" / "2023-huyen.yaml"
    p.write_text(src + extra, encoding="utf-8")
    shutil.copy(ROOT / "params" / "hoa-binh" / "2023-huyen.commentary.md", p.with_name("2023-huyen.commentary.md"))
    return p


def test_params_publication_block(tmp_path):
    from dti_kit.publish.params import load_params

    p = _params(tmp_path, "publication:\n  number: 215/QĐ-UBND\n  date: 20/02/2024\n  issuer: Chủ tịch UBND tỉnh\n")
    prm = load_params(p.relative_to(tmp_path), tmp_path, deep=False)
    assert prm.publication == {"number": "215/QĐ-UBND", "date": "2024-02-20", "issuer": "Chủ tịch UBND tỉnh"}
    assert prm.notebook_parameters("scoring_report")["publication"] == prm.publication
    plain = load_params("params/hoa-binh/2023-huyen.yaml", ROOT, deep=False)
    assert "publication" not in plain.notebook_parameters("scoring_report")  # no block: nothing injected


def test_params_publication_block_refused_with_every_problem(tmp_path):
    from dti_kit.publish.params import load_params

    p = _params(tmp_path, "publication:\n  date: 31/02/2024\n  seal: đỏ\n  issuer: [a]\n")
    with pytest.raises(ParamsError) as exc:
        load_params(p.relative_to(tmp_path), tmp_path, deep=False)
    found = sorted(q.variable for q in exc.value.problems)
    assert found == ["publication.date", "publication.issuer", "publication.number", "publication.seal"]
    assert all(q.source == "params/hoa-binh/2023-huyen.yaml" for q in exc.value.problems)


# -- the shipped sample -------------------------------------------------------------------------------
def test_hoa_binh_sample_words():
    from dti_kit.report.data import load_report_data

    data = load_report_data("hoa-binh-2023-huyen", [str(ROOT / "inputs/hoa-binh/2023-huyen-synthetic.csv")],
                            [str(ROOT / "inputs/hoa-binh/2022-huyen-synthetic.csv")])
    res = data.result
    # the weakest main indicator, by hand from the scores: mean over the 10 districts of score / max
    ind = res.scores[res.scores["kind"] == "indicator"]
    by_hand = {c: float(np.mean(g["score"] / g["max_points"] * 100)) for c, g in ind.groupby("code")}
    weakest = min(by_hand, key=by_hand.get)
    assert weakest == "7"  # Hoạt động kinh tế số
    text = narrative.overview(res, data.previous, "vi")
    pct = f"{by_hand['7']:.1f}".replace(".", ",")
    assert f"chỉ số chính yếu nhất của Hòa Bình là “7. Hoạt động kinh tế số”, bình quân chỉ đạt {pct}%" in text
    # the sample's N/A items (V.4.2) are left out of the weakest components
    imputed = set(zip(res.na_items["unit_id"], res.na_items["code"]))
    assert imputed
    w = narrative.weakest_components(res, top=60)
    for code, n in zip(w["code"], w["units"]):
        assert n == 10 - sum(1 for u, c in imputed if c == code)


def test_sample_commentary_renders_every_section():
    from dti_kit.report.commentary import Commentary
    from dti_kit.report.data import load_report_data

    data = load_report_data("hoa-binh-2023-huyen", [str(ROOT / "inputs/hoa-binh/2023-huyen-synthetic.csv")],
                            [str(ROOT / "inputs/hoa-binh/2022-huyen-synthetic.csv")])
    c = Commentary.for_report(str(ROOT / "params/hoa-binh/2023-huyen.yaml"), data.result, data.previous, "vi")
    assert [s.key for s in c.sections] == ["summary", "ranking", "indicators", "indicator 6", "recommendations"]
    assert c.unused() == []
    rank = int(data.result.row("huyen-luong-son", "TOTAL")["rank"])
    assert f"Huyện Lương Sơn giữ vị trí thứ {rank} " in c.text("ranking")
    assert "[Chuyên viên" in c.text("recommendations")  # the analyst's placeholders


# -- reconciliation at the published precision -----------------------------------------------------------
def _rec_case(self_score: float, appraised: float, decimals=None):
    from dti_kit.reconcile.core import reconcile

    d = load_design("bac-kan-2022-huyen")
    rows = {"h": {c: {"appraised_score": p / 2, "self_score": p / 2} for c, p in BK.items()}}
    rows["h"]["1"] = {"appraised_score": appraised, "self_score": self_score}
    rec = reconcile(d, long_table(rows), decimals=decimals)
    return rec.items.set_index("code").loc["1"]


def test_reconciliation_compares_at_the_published_precision():
    assert load_design("bac-kan-2022-huyen").ranking.decimals == 2
    # 0,004 points apart: 6,524 and 6,52 are both written 6,52 → no item to explain
    row = _rec_case(6.524, 6.52)
    assert row["difference"] == 0.0 and not row["to_explain"] and row["flags"] == ""
    # 0,006 points apart: a self-score of 6,53 against an appraised 6,524 (written 6,52, rounded or
    # cut) → a difference of 0,01, to explain; and the other way round
    row = _rec_case(6.53, 6.524)
    assert row["difference"] == 0.01 and row["to_explain"] and row["flags"] == "large-change"
    row = _rec_case(6.524, 6.53)
    assert row["difference"] == -0.01 and row["to_explain"] and row["flags"] == "under-claim;large-change"
    # 6,526 written 6,53 rounded but 6,52 cut: against 6,52 a rounding difference
    assert _rec_case(6.526, 6.52)["difference"] == 0.0
    # a unit that cut its computed 8,617 to 8,61 made a rounding difference, not a claim
    row = _rec_case(8.61, 8.617)
    assert row["difference"] == 0.0 and not row["to_explain"]
    # at 3 decimals (an override) the same self-scores differ: 8,610 against 8,617, 6,524 against 6,520
    assert _rec_case(8.61, 8.617, decimals=3)["difference"] == -0.007
    assert _rec_case(6.524, 6.52, decimals=3)["to_explain"]
    with pytest.raises(InputError, match="decimals"):
        _rec_case(6.5, 6.5, decimals=12)


def test_hoa_binh_sample_items_to_explain_fall():
    from dti_kit.forms import read_inputs
    from dti_kit.reconcile.core import reconcile

    d = load_design("hoa-binh-2023-huyen")
    long = read_inputs([str(ROOT / "inputs/hoa-binh/2023-huyen-synthetic.csv")], design=d)
    at_published = reconcile(d, long).to_explain()
    exact = reconcile(d, long, decimals=9).to_explain()
    key = lambda df: set(zip(df["unit_id"], df["code"]))  # noqa: E731
    # the sample's self-scores are the computed scores cut to 2 decimals (samples.add_self_scores):
    # at full precision each cut is a change of less than 0,01 point; at the published 2 decimals none is
    below = exact[exact["difference"].abs() < 0.01]
    assert len(below) > 50
    assert key(at_published) == key(exact) - key(below)


def test_a_province_among_its_peers_names_its_own_weakest_indicator():
    from dti_kit.report.data import load_report_data

    data = load_report_data("ninh-thuan-2022-tinh", [str(ROOT / "inputs/ninh-thuan/2022-tinh-synthetic.csv")])
    res = data.result
    assert narrative.own_unit(res) == "ninh-thuan"
    own = {m.code: float(res.row("ninh-thuan", m.code)["score"]) / m.max_points * 100 for m in res.design.scored_indicators()}
    code = min(own, key=own.get)
    name = res.design.node(code).name_en
    text = narrative.overview(res, None, "en")
    assert text.startswith(f"In 2022, \ue000Ninh Thuận\ue001 and {len(res.units) - 1} other provinces and cities were assessed")
    pct = f"{own[code]:.1f}"
    assert f"The weakest main indicator of \ue000Ninh Thuận\ue001 itself is “{code}. {name}”, at {pct}% of its maximum points." in text
    assert narrative.own_unit(bac_kan(NOW)) is None


def test_the_english_methodology_gives_the_design_s_note_on_ties_in_english():
    """The note on how ties are ranked is the design author's, not a quoted text: an English
    report gives it in English (ranking.source_en), a Vietnamese one in Vietnamese."""
    from dti_kit.loader import load_design
    from dti_kit.report.narrative import methodology

    d = load_design("hoa-binh-2023-xa")
    en, vi = methodology(d, language="en"), methodology(d, language="vi")
    assert "The text does not say how tied units are ranked; as the national DTI ranks them" in en
    assert "Văn bản không nói" not in en and "Văn bản không nói cách xếp hạng khi bằng điểm" in vi
