"""The scoring report's figures, hand-computed on a small case (Bắc Kạn district design:
bands, pillars; given main-indicator scores)."""
from __future__ import annotations

import pandas as pd
import pytest
from conftest import long_table

from dti_kit import load_design, score_units
from dti_kit.report import tables as report

# Bắc Kạn huyện: 1–5 foundation (70, 90, 70, 60, 80), 6 Đô thị thông minh (0), 7 CQS 230, 8 KTS 190, 9 XHS 210
POINTS = {"1": 70, "2": 90, "3": 70, "4": 60, "5": 80, "7": 230, "8": 190, "9": 210}


def units(shares: dict[str, float]):
    return long_table({u: {c: {"appraised_score": p * s} for c, p in POINTS.items()} for u, s in shares.items()})


@pytest.fixture
def results():
    d = load_design("bac-kan-2022-huyen")
    now = score_units(d, units({"a": 0.8, "b": 0.5, "c": 0.2, "d": 0.5}))
    before = score_units(d, units({"a": 0.3, "b": 0.6, "c": 0.1, "d": 0.7}))
    return now, before


def test_ranking_table_with_change(results):
    now, before = results
    t = report.ranking_table(now, before, "vi")
    # totals 800, 500, 200, 500 → ranks a 1, b 2, d 2, c 4; last year a 3, b 2, c 4, d 1
    assert list(t["unit"]) == ["a", "b", "d", "c"]
    assert list(t["total"]) == [800, 500, 500, 200]
    assert list(t["rank"]) == [1, 2, 2, 4]
    assert list(t["band"]) == ["Dẫn dắt", "Hình thành", "Hình thành", "Khởi động"]  # 80%, 50%, 50%, 20%
    assert list(t["change"]) == [2, 0, -1, 0]
    # the reader's headers come when presenting
    page = report.html_table(t, "vi")
    # seven columns, wider than a phone: the unit's name stays in place while the rest scrolls, and a line says so
    assert '<th class="txt dti-key">Đơn vị</th><th class="num">Tổng điểm</th>' in page and "Thay đổi thứ hạng so với năm trước" in page
    assert page.startswith('<p class="dti-wide-hint">Bảng rộng: vuốt sang ngang để xem các cột còn lại.</p><table class="dti-table dti-wide">')
    assert '<th class="txt dti-key">Unit</th><th class="num">Total</th>' in report.html_table(t, "en")
    narrow = report.html_table(t[["unit", "total", "rank"]], "vi")
    assert narrow.startswith('<table class="dti-table"><thead><tr><th class="txt">Đơn vị</th>')


def test_summary_text(results):
    now, before = results
    text = report.summary_text(now, before, "vi")
    # mean of 80, 50, 20, 50 = 50%; sample standard deviation = sqrt((900+0+900+0)/3) = 24.49
    assert "Đánh giá 4 huyện, thành phố" in text and "đạt 50,0%" in text and "độ lệch chuẩn 24,5" in text
    assert "Dẫn đầu: a." in text
    assert "Dẫn dắt: 1; Nâng cao: 0" not in text  # bands are listed in scheme order
    assert "Khởi động: 1; Hình thành: 2; Nâng cao: 0; Dẫn dắt: 1" in text
    assert "Tăng hạng nhiều nhất so với năm trước: a (+2 bậc, từ hạng 3 lên hạng 1)" in text
    assert "Giảm hạng nhiều nhất: d (-1 bậc, từ hạng 1 xuống hạng 2)" in text
    en = report.summary_text(now, before, "en")
    # names are data: marked lang="vi" once the Markdown is rendered (raw HTML stays off)
    from dti_kit.report.markup import markdown_html

    assert "4 districts and cities assessed" in en and "Biggest riser since last year: <span lang=\"vi\">a</span>" in markdown_html(en)


def test_pillars_and_profile(results):
    now, _ = results
    p = report.pillar_table(now, "vi")
    # every pillar of a is 80% (all its indicators at 80%)
    assert list(p.iloc[0, 1:].astype(str)[:1]) == ["80.0"]
    prof, weak = report.unit_profile(now, "b", "vi")
    assert list(prof["unit"]) == [50.0] * 8
    assert list(prof["mean"]) == [50.0] * 8 and list(prof["best"]) == [80.0] * 8
    assert weak.empty  # structure-only: no components


def test_profile_as_a_bar_table(results):
    """Unit c scores 20% of every main indicator; the mean of a, b, c, d is (80+50+20+50)/4 = 50%
    and the best 80%. Bars are 2 px per percentage point: 20% → 40 px, the mean tick centred on
    100 px, the best marker's tip at 160 px."""
    now, _ = results
    prof, _ = report.unit_profile(now, "c", "vi")
    page = report.profile_html(prof, "vi")
    assert page.count("<tr>") == 1 + 8  # header + the 8 main indicators with points
    first = page.split("<tbody>")[1].split("</tr>")[0]
    assert 'width="40.0" height="10" fill="#1f4e79"' in first
    assert '<rect x="99.0" y="0" width="2"' in first
    assert "L160.0,6 Z" in first
    assert '<td class="num">20,0</td><td class="num">50,0</td><td class="num">80,0</td>' in first  # decimal comma
    assert "1. " in first and '<th class="num">Trung bình</th><th class="num">Cao nhất</th>' in page
    en = report.profile_html(report.unit_profile(now, "c", "en")[0], "en")
    assert '<td class="num">20.0</td><td class="num">50.0</td><td class="num">80.0</td>' in en
    assert '<th class="num">Mean</th><th class="num">Best</th>' in en
    assert "Trung bình" in report.profile_legend("Đơn vị", "vi")
    assert report.profile_html(prof.iloc[0:0], "vi") == ""


def test_profile_bar_clips_and_skips_missing_values():
    bar = report._profile_bar(130.0, float("nan"), 100.0)
    assert 'width="200.0" height="10"' in bar  # beyond 100% is drawn as 100%
    assert 'width="2" height="16"' not in bar  # no mean tick where the mean is unknown


def test_weak_components_sentence():
    d = load_design("hoa-binh-2023-huyen")
    rows = {}
    for i, share in enumerate([0.9, 0.4, 0.3, 0.45]):
        rows[f"u{i}"] = {"3.5": {"a": share * 100, "b": 100}}
    r = score_units(d, long_table(rows), require_complete=False)
    w = report.weak_components(r, "vi", top=1)
    # Huyện 3.5: "Tỷ lệ >= 85%: Điểm tối đa; Tỷ lệ < 85%: Điểm = Tỷ lệ/85%*Điểm tối đa" → shares 1, 0.47, 0.35, 0.53
    # below half the max: u1 (0.4/0.85 = 0.47) and u2 (0.35) → 2 of 4
    assert w.iloc[0]["code"] == "3.5"
    assert w.iloc[0]["remark"] == "3.5 Tỷ lệ dân số trưởng thành có điện thoại thông minh: 2/4 huyện, thành phố dưới một nửa điểm tối đa"


def test_number_formatting():
    assert report.number(1234.5, "vi") == "1.234,5" and report.number(1234.5, "en") == "1,234.5"
    assert report.number(float("nan")) == ""
    html = report.html_table(pd.DataFrame({"x": [1.5, float("nan")]}), "vi")
    assert "1,5<" in html and "nan" not in html.lower()


def test_html_table_lines_up_decimals_and_aligns_numbers():
    df = pd.DataFrame({"Đơn vị": ["Xã A", "Xã <B>"], "Tổng điểm": [890.21, 788.7], "Điểm tối đa": [1000.0, 1000.0],
                       "Chỉ số": [0.8902, 0.5], "Hạng": pd.array([1, None], dtype="Int64")})
    page = report.html_table(df, "vi")
    # one number of decimals per column, trailing zeros kept; whole columns without decimals;
    # 0–1 index values with 4 decimals; thousands with a dot in Vietnamese
    for cell in ("788,70", "890,21", "1.000", "0,5000", "0,8902"):
        assert f'<td class="num">{cell}</td>' in page, cell
    assert '<td class="txt dti-one-line">Xã &lt;B&gt;</td>' in page and '<th class="txt">Đơn vị</th>' in page  # short names: a line each
    assert '<td class="num">1</td>' in page and '<td class="num"></td>' in page  # missing rank: blank
    assert report.html_table(df, "en").count('<td class="num">1,000</td>') == 2
    # a column rounded to one decimal is not padded to two
    assert '<td class="num">28,3</td><td class="num">0,0</td>' not in page
    one = report.html_table(pd.DataFrame({"x": [28.3, 0.0, 61.2]}), "vi")
    assert '<td class="num">28,3</td>' in one and '<td class="num">0,0</td>' in one
    # the rank change since last year carries its sign: +4 moved up four places
    change = report.html_table(pd.DataFrame({"change": pd.array([4, -1, 0, None], dtype="Int64")}), "vi")
    assert [c.split("</td>")[0] for c in change.split('<td class="num">')[1:]] == ["+4", "−1", "0", ""]  # the minus sign of the prose (U+2212), not a hyphen
    # repeated headers (the provenance table has two blank ones) are taken by position
    twin = report.html_table(pd.DataFrame([["a", 1.5]], columns=["", ""]), "vi")
    assert '<td class="txt dti-one-line">a</td><td class="num">1,5</td>' in twin
    # pre-formatted text columns can be aligned as numbers
    assert '<td class="num">12,5</td>' in report.html_table(pd.DataFrame({"p": ["12,5"]}), "vi", numeric=["p"])


def test_provenance_hashes_inputs(tmp_path):
    import hashlib

    f = tmp_path / "a.csv"
    f.write_bytes(b"unit_id,code,variable,value\n")
    t = report.provenance(load_design("hoa-binh-2023-huyen"), [str(f)], language="vi")
    assert hashlib.sha256(f.read_bytes()).hexdigest() in " ".join(t.iloc[:, 1])
    assert "1153/QĐ-UBND" in t.iloc[0, 1]


def test_score_files(tmp_path, results):
    now, _ = results
    csv, xlsx = report.write_score_files(now, tmp_path)
    assert pd.read_csv(csv).query("code == 'TOTAL'")["score"].tolist() == [800, 500, 200, 500]
    wb = pd.read_excel(xlsx, sheet_name=None)
    # the annex first (tests/test_annex.py), its pillar annex, main indicators, components
    assert list(wb) == ["Phụ lục", "Phụ lục trụ cột", "Chỉ số chính", "Chỉ số thành phần"]


def test_english_headers_break_only_where_three_letters_stay_on_each_line():
    # pyphen's en_US dictionary (pinned); a line never holds two letters of a word: not "Cy-"
    # or "activi-ty", which a reader of the printed annex took for typing errors
    from dti_kit.report.hyphens import SOFT_HYPHEN, header_text

    def shown(s):
        return header_text(s, "en").replace(SOFT_HYPHEN, "-")

    assert shown("5. Cybersecurity (max 100)") == "5. Cyber-se-cu-rity (max 100)"
    assert shown("Economic activity") == "Eco-nomic activ-ity"
    assert shown("5. An toàn thông tin mạng") == "5. An toàn thông tin mạng"  # Vietnamese words are short: as they are


def test_people_named_in_english_headers_are_never_broken():
    # the sensitivity's correlation column printed "Spear-man ρ" across two lines of a narrow
    # header (pyphen splits the name as an English word); its other words still break
    from dti_kit.report.hyphens import SOFT_HYPHEN, header_text

    assert header_text("Spearman ρ", "en") == "Spearman ρ"
    assert header_text("Kendall correlation", "en").replace(SOFT_HYPHEN, "-") == "Kendall cor-re-la-tion"


def test_a_column_of_short_text_is_marked_to_print_a_cell_a_line():
    # units' names (at most ONE_LINE_CHARS characters) keep a line each beside numbers and other
    # short text (the sensitivity's per-unit table); numbers are never marked
    import pandas as pd

    from dti_kit.report.printing import ONE_LINE, ONE_LINE_CHARS
    from dti_kit.report.tables import html_table

    name = "Xã Thử Nghiệm 0038"  # 18 characters
    longest = "x" * ONE_LINE_CHARS
    out = html_table(pd.DataFrame({"unit_name": [name, longest], "verdict": ["tương đối vững", "nhạy"], "total": [92.85, 1.0]}), "vi")
    assert f'<td class="txt {ONE_LINE}">{name}</td>' in out and f'<td class="txt {ONE_LINE}">{longest}</td>' in out
    assert f'<td class="txt {ONE_LINE}">tương đối vững</td>' in out
    assert '<td class="num">92,85</td>' in out and out.count(ONE_LINE) == 4
    assert "<th class=\"txt\">" in out  # the headers still wrap
    # a column one character longer is left to wrap, and so are the short ones beside it: kept
    # on one line beside the reconciliation's long items to explain, the names took the items'
    # width and pushed the English table 25 px past the page at 150 communes
    wider = html_table(pd.DataFrame({"unit_name": [name], "component": [longest + "y"], "total": [40.0]}), "vi")
    assert ONE_LINE not in wider


def test_the_column_of_longest_text_is_marked_prose_and_only_it():
    # an item's name (over PROSE_CHARS characters) keeps a measure in print; the reasons beside
    # it, long too but shorter in all, are not marked (two columns at that measure made the
    # English items to explain wider than the page), nor are names, codes or numbers
    import html

    import pandas as pd

    from dti_kit.report.printing import PROSE, PROSE_CHARS
    from dti_kit.report.tables import html_table

    item = "Tỷ lệ hồ sơ thủ tục hành chính được xử lý trực tuyến toàn trình"  # 63 characters
    reason = "Self-assessed score above the item's max points"  # 47
    assert len(reason) > PROSE_CHARS
    out = html_table(pd.DataFrame({"unit_name": ["Xã A", "Xã B"], "code": ["6.4", "6.5"], "name": [item, "Ngắn"],
                                   "total": [1.0, 2.0], "problems": [reason, "Changed"]}), "en")
    assert out.count(PROSE) == 2 and f'<td class="txt {PROSE}" lang="vi">{item}</td>' in out
    assert f'<td class="txt {PROSE}" lang="vi">Ngắn</td>' in out and html.escape(reason) in out
    assert f'{PROSE}">{html.escape(reason)}' not in out
    short = html_table(pd.DataFrame({"unit_name": ["Xã A"], "name": ["x" * PROSE_CHARS]}), "vi")
    assert PROSE not in short


def test_a_table_of_few_rows_but_long_text_is_marked_free_to_split_in_print():
    # the reconciliation's 20 components most changed (names of 80-200 characters) were kept
    # whole as a short table and left a page 70 % blank; a short table of short text stays whole,
    # and a long table splits anyway (no mark needed)
    import pandas as pd

    from dti_kit.report.printing import KEEP_WHOLE_CHARS, KEEP_WHOLE_ROWS, LONG_BLOCK
    from dti_kit.report.tables import html_table

    name = "Tỷ lệ hồ sơ thanh toán trực tuyến, phí, lệ phí, nghĩa vụ tài chính khác trong giải quyết TTHC"  # 1 of 92 characters
    rows = KEEP_WHOLE_CHARS // len(name) + 1  # 14 rows: 1,288 characters
    assert rows <= KEEP_WHOLE_ROWS
    tall = html_table(pd.DataFrame({"component": [name] * rows, "points": [1.5] * rows}), "vi")
    assert tall.startswith(f'<table class="dti-table {LONG_BLOCK}">')
    short = html_table(pd.DataFrame({"component": ["Hạ tầng số"] * rows, "points": [1.5] * rows}), "vi")
    assert short.startswith('<table class="dti-table">')
    many = html_table(pd.DataFrame({"component": [name] * (KEEP_WHOLE_ROWS + 1), "points": [1.5] * (KEEP_WHOLE_ROWS + 1)}), "vi")
    assert many.startswith('<table class="dti-table">')
