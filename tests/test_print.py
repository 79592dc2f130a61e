"""How reports print and are navigated (issue 18, "Print" and "Navigation"): the print style
sheet, the PDF the build prints of every report with headless Chromium, the table of contents,
the file links and the index page.

The build test prints one report of each kind (scoring, reconciliation, sensitivity, comparison)
of Hòa Bình's 30 communes and checks each PDF: A4, nothing wider than the page (measured in
the browser with the print style applied), every unit's name in its text, and for the scoring
report at most 4 + units ÷ 2 + errata ÷ 8 pages.
"""
from __future__ import annotations

import csv
import html
import os
import re
import shutil
import signal
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest
from browser import WIDEST_JS, Browser
from conftest import ROOT, system_tool
from test_safety import MINI_PARAMS, _project, _writer

from dti_kit.errors import ParamsError
from dti_kit.i18n import text
from dti_kit.publish.index_page import write_index
from dti_kit.publish.navigation import add_contents
from dti_kit.publish.params import load_params
from dti_kit.publish.pdf import _printable, print_pdf
from dti_kit.publish.pipeline import build, to_html
from dti_kit.publish.printcss import KEEP_WHOLE_ROWS, content_width_px, css_string, print_css
from dti_kit.report.printing import KEEP_WHOLE_CHARS

A4_POINTS = (595.0, 842.0)  # 210 × 297 mm


def _pdfinfo(pdf: Path) -> tuple[int, tuple[float, float]]:
    out = subprocess.run([system_tool("pdfinfo"), str(pdf)], check=True, capture_output=True, text=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M)[1])
    w, h = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+)", out, re.M).groups())
    return pages, (w, h)


def _pdf_text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    """The PDF's text in the order it is drawn, every run of blanks one space (a name wrapped in a cell reads whole)."""
    pages = (["-f", str(first)] if first else []) + (["-l", str(last)] if last else [])
    raw = subprocess.run([system_tool("pdftotext"), "-raw", *pages, str(pdf), "-"], check=True, capture_output=True).stdout
    return re.sub(r"\s+", " ", raw.decode("utf-8"))


def _is_a4(size: tuple[float, float]) -> bool:
    return all(abs(a - b) < 1.5 for a, b in zip(size, A4_POINTS))


def _nb(*outputs) -> nbformat.NotebookNode:
    """A notebook of one code cell per output, each output Markdown (str) or HTML (('html', str))."""
    cells = []
    for o in outputs:
        mime, data = ("text/html", o[1]) if isinstance(o, tuple) else ("text/markdown", o)
        cells.append(nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output("display_data", data={mime: data, "text/plain": "x"})]))
    return nbformat.v4.new_notebook(cells=cells)


def _table(rows: int, cols: int = 3, tag: str = "R") -> str:
    head = "".join(f'<th class="num">Cột {c}</th>' for c in range(cols))
    body = "".join("<tr>" + "".join(f'<td class="num">{tag}{r}.{c}</td>' for c in range(cols)) + "</tr>" for r in range(rows))
    return f'<table class="dti-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


# -- the style sheet and the contents (no browser) ----------------------------------------------

def test_the_running_title_is_a_css_string_no_title_can_leave():
    title = 'Báo cáo "A" </style><script>alert(1)</script> \\ } @import url(x);'
    css = print_css(title, "vi")
    inner = css[len("<style>"): -len("</style>")]
    assert "<" not in inner and "alert(1)" not in inner.replace("alert\\28 1\\29 ", "")
    assert css_string(title).count('"') == 2  # only its own quotes
    # the string reads back as the title (a CSS escape ends with one space, which it consumes)
    back = re.sub(r"\\([0-9a-f]{1,6}) ", lambda m: chr(int(m[1], 16)), css_string(title)[1:-1])
    assert back == title
    # page numbers from the catalogue around the page counters
    assert '"Trang " counter(page) "\\2f " counter(pages)' in css
    assert '"Page " counter(page) " of " counter(pages)' in print_css("x", "en")


def test_the_contents_list_every_section_and_link_to_its_heading():
    body = ('<h1>Báo cáo</h1><p>x</p><h2>Tóm tắt</h2><p>a</p><h2>Bảng xếp hạng <span lang="vi">Xã A &amp; B</span></h2>'
            '<h2>Tóm tắt</h2><h2 id="annex">Phụ lục</h2><h3>Xã A</h3>')
    out = add_contents(body, "vi")
    assert out.index('<nav class="dti-toc"') > out.index("</h1>") and out.index("<nav") < out.index("<h2")
    links = re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', out)
    assert links == [("sec-tom-tat", "Tóm tắt"), ("sec-bang-xep-hang-xa-a-b", "Bảng xếp hạng Xã A &amp; B"),
                     ("sec-tom-tat-2", "Tóm tắt"), ("annex", "Phụ lục")]
    for anchor, _ in links:  # every link has its heading
        assert out.count(f'id="{anchor}"') == 1
    assert f"<p>{text('print.toc', 'vi')}</p>" in out and "Xã A</h3>" in out
    assert add_contents("<h1>x</h1><h2>Một</h2>") == "<h1>x</h1><h2>Một</h2>"  # one section: nothing to navigate


def test_a_report_page_has_its_contents_print_style_and_no_script():
    nb = _nb("# Báo cáo\n\nNgày", "## Tóm tắt\n\nMột", "## Phụ lục", ("html", _table(3)), "## Tệp kết quả\n\n- [scores.xlsx](scores.xlsx)")
    page = to_html(nb, "Báo cáo </style>", "vi")
    assert "<script" not in page.lower()
    assert '<a href="#sec-phu-luc">Phụ lục</a>' in page and '<h2 id="sec-phu-luc">' in page
    assert "@page" in page and "counter(pages)" in page and "</style>\n</head>" in page
    assert page.count("</style>") == page.count("<style")  # the title closed no style element
    assert 'href="scores.xlsx"' in page
    # the PDF's copy: the file link is plain text, links inside the report stay
    printable = _printable(page)
    assert 'href="scores.xlsx"' not in printable and ">scores.xlsx</a>" in printable
    assert '<a href="#sec-phu-luc">' in printable


def test_the_pdf_key_is_true_or_false(tmp_path):
    root = _project(tmp_path, {
        "params/hoa-binh/2023-huyen.yaml": MINI_PARAMS.format(nbs="w"),
        "params/hoa-binh/2023-xa.yaml": MINI_PARAMS.format(nbs="w") + "pdf: false\n",
        "params/hoa-binh/2023-so.yaml": MINI_PARAMS.format(nbs="w") + "pdf: 'yes'\n",
        "params/comparison/huyen.yaml": "kind: comparison\nlevel: huyen\ndesigns: [hoa-binh-2023-huyen]\nnotebooks: [w]\npdf: false\n",
    }, {"w": _writer("1")})
    assert load_params("params/hoa-binh/2023-huyen.yaml", root).pdf is True
    assert load_params("params/hoa-binh/2023-xa.yaml", root).pdf is False
    assert load_params("params/comparison/huyen.yaml", root).pdf is False
    with pytest.raises(ParamsError) as err:
        load_params("params/hoa-binh/2023-so.yaml", root)
    assert "pdf: true (print the report's PDF) or false is expected, got 'yes'" in str(err.value)


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href"]


def _hrefs(page: str) -> list[str]:
    p = _Links()
    p.feed(page)
    return p.hrefs


def _unresolved(page: Path) -> list[str]:
    """The links of ``page`` to files that are not there (relative to the page), and to anchors it lacks."""
    text_ = page.read_text(encoding="utf-8")
    ids = set(re.findall(r'\bid="([^"]+)"', text_))
    bad = []
    for href in _hrefs(text_):
        parts = urlsplit(href)
        if parts.scheme:
            continue
        if not parts.path:
            if html.unescape(parts.fragment) not in ids:
                bad.append(href)
        elif not (page.parent / unquote(parts.path)).is_file():
            bad.append(href)
    return bad


def test_the_index_groups_reports_and_links_only_files_that_are_there(tmp_path):
    folder = tmp_path / "reports/2023/hoa-binh/xa"
    folder.mkdir(parents=True)
    for name in ("scoring_report.html", "scoring_report.pdf", "scores.xlsx", "scores.csv", "sensitivity.html"):
        (folder / name).write_text("x", encoding="utf-8")
    (tmp_path / "reports/comparison/xa").mkdir(parents=True)
    (tmp_path / "reports/comparison/xa/design_comparison.html").write_text("x", encoding="utf-8")
    entry = {"status": "built", "built_at": "2026-12-02 01:00:00", "out_dir": "reports/2023/hoa-binh/xa", "province_name": "Hòa Bình"}
    manifest = {
        "a": {**entry, "params": "params/hoa-binh/2023-xa.yaml", "notebook": "scoring_report", "title": "Đánh giá cấp xã 2023",
              "html": "reports/2023/hoa-binh/xa/scoring_report.html",
              "files": ["scoring_report.html", "scoring_report.pdf", "scores.xlsx", "scores.csv", "gone.csv"]},
        "b": {**entry, "params": "params/hoa-binh/2023-xa.yaml", "notebook": "sensitivity", "title": "Phân tích độ nhạy",
              "html": "reports/2023/hoa-binh/xa/sensitivity.html", "files": ["sensitivity.html"]},
        "c": {"status": "unchanged", "params": "params/comparison/xa.yaml", "notebook": "design_comparison", "title": "So sánh cấp xã",
              "html": "reports/comparison/xa/design_comparison.html", "built_at": "2026-12-01 09:00:00"},  # an older entry: no files, no out_dir
        "d": {"status": "built", "params": "params/hoa-binh/2022-xa.yaml", "notebook": "scoring_report", "title": "Năm 2022",
              "html": "reports/2022/hoa-binh/xa/scoring_report.html", "built_at": "2026-12-01 08:00:00"},  # its folder was deleted
    }
    write_index(tmp_path, manifest)
    index = tmp_path / "reports/index.html"
    page = index.read_text(encoding="utf-8")
    assert _unresolved(index) == []
    assert sorted(_hrefs(page)) == sorted(["2023/hoa-binh/xa/scoring_report.html", "2023/hoa-binh/xa/scoring_report.pdf",
                                           "2023/hoa-binh/xa/scores.xlsx", "2023/hoa-binh/xa/scores.csv",
                                           "2023/hoa-binh/xa/sensitivity.html", "comparison/xa/design_comparison.html"])
    # year (latest first) → province → level, comparisons last; titles, not file names
    order = [page.index(s) for s in ("<h2>2023</h2>", "<h3>Hòa Bình</h3>", "<h4>cấp xã", "Đánh giá cấp xã 2023", "Phân tích độ nhạy",
                                     "<h2>2022</h2>", "Năm 2022", text("print.index.comparisons", "vi"), "So sánh cấp xã")]
    assert order == sorted(order)
    assert ">Năm 2022<" in page and 'href="2022/' not in page  # listed, not linked: its page is not there


def test_the_file_sections_link_the_files_beside_the_report():
    from dti_kit.report.files import files_markdown
    from dti_kit.report.markup import markdown_html

    out = markdown_html(files_markdown([Path("reports/2023/x/scores.csv"), Path("/abs/reports/2023/x/scores.xlsx"), "a/b/c d.csv"], "en"))
    assert out.startswith(f"<h2>{text('common.heading.files', 'en')}</h2>")
    assert _hrefs(out) == ["scores.xlsx", "scores.csv", "c%20d.csv"]


# -- printed by Chromium ---------------------------------------------------------------------------

def _chromium() -> str:
    return system_tool("chromium")


@pytest.mark.slow
def test_print_layout_sections_flow_headings_stay_with_their_block_details_print_open(tmp_path):
    filler = "\n\n".join(f"Đoạn {i}: " + "chữ " * 60 for i in range(7))
    nb = _nb("# Báo cáo in thử\n\nNgày", f"## Phần một\n\n{filler}", "## Bảng ngắn", ("html", _table(KEEP_WHOLE_ROWS, tag="S")),
             "## Bảng dài", ("html", _table(120, tag="L")),
             ("html", "<details><summary>Hồ sơ</summary><p>NỘI DUNG THU GỌN</p></details>"),
             ("html", '<table class="dti-table"><tbody><tr>' + "".join(f"<td>ô số {i} khá dài</td>" for i in range(16)) + "</tr></tbody></table>"))
    page = tmp_path / "r.html"
    page.write_text(to_html(nb, "Báo cáo in thử", "vi"), encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    print_pdf(page, pdf, _chromium(), "r")
    pages, size = _pdfinfo(pdf)
    assert _is_a4(size) and pages >= 3
    texts = [_pdf_text(pdf, i, i) for i in range(1, pages + 1)]
    # page 1 is full: the first section flows on it; every page is numbered, the title runs from page 2
    assert "Phần một" in texts[0] and "Đoạn 6" in texts[0]
    assert all(f"Trang {i}/{pages}" in t for i, t in enumerate(texts, 1))
    assert "Báo cáo in thử" in texts[1] and texts[1].count("Báo cáo in thử") == 1
    # the short table is whole, on the page of its heading; the long one repeats its header
    short = [i for i, t in enumerate(texts) if "S0.0" in t or f"S{KEEP_WHOLE_ROWS - 1}.0" in t]
    assert len(short) == 1 and "Bảng ngắn" in texts[short[0]]
    long_pages = [i for i, t in enumerate(texts) if re.search(r"\bL\d+\.0\b", t)]
    assert len(long_pages) >= 2 and all("Cột 0" in texts[i] for i in long_pages)
    assert "Bảng dài" in texts[long_pages[0]] and "L0.0" in texts[long_pages[0]]
    # collapsed parts print open
    assert "NỘI DUNG THU GỌN" in "".join(texts)
    # nothing wider than the page, not even a row of 16 cells; the check sees a wider one
    with Browser(_chromium()) as b:
        b.open(page, content_width_px())
        assert b.evaluate(WIDEST_JS)["wide"] == []
        wide = tmp_path / "wide.html"
        wide.write_text(page.read_text(encoding="utf-8").replace("</main>", '<div style="width: 900px">x</div></main>'), encoding="utf-8")
        b.open(wide, content_width_px())
        assert any("900" in w or ".." in w for w in b.evaluate(WIDEST_JS)["wide"])


@pytest.mark.slow
def test_a_heading_and_its_chart_print_on_one_page_wherever_the_page_ends(tmp_path):
    """A cell that shows a heading and a chart (the reconciliation's "Differences by main
    indicator") is one block in print: however much text comes before it, the heading is on
    the page of its chart, never alone at the foot of the page before (a reader's review of the
    English reconciliation at 150 communes)."""
    import base64
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from dti_kit.publish.pdf import Printer

    fig, ax = plt.subplots(figsize=(8, 4.5), dpi=100)
    ax.barh(range(8), range(8))
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    plt.close(fig)
    chart = base64.b64encode(buf.getvalue()).decode()
    misplaced = []
    with Printer(_chromium()) as printer:
        for lines in range(2, 34, 3):  # the heading lands lower and lower on page 1, then on page 2
            filler = "\n\n".join(f"Dòng {i}: chữ chữ chữ" for i in range(lines))
            # the cell before ends in a chart too, as the units' chart ends the cell before in the reconciliation
            cells = [nbformat.v4.new_code_cell("x", outputs=[nbformat.v4.new_output("display_data", data={"text/markdown": f"# Thử\n\n{filler}", "text/plain": "x"}),
                                                            nbformat.v4.new_output("display_data", data={"image/png": chart, "text/plain": "x"})]),
                     nbformat.v4.new_code_cell("x", outputs=[
                         nbformat.v4.new_output("display_data", data={"text/markdown": "## Khác biệt theo chỉ số chính", "text/plain": "x"}),
                         nbformat.v4.new_output("display_data", data={"image/png": chart, "text/plain": "x"})])]
            page = tmp_path / f"r{lines}.html"
            page.write_text(to_html(nbformat.v4.new_notebook(cells=cells), "Thử", "vi"), encoding="utf-8")
            pdf = tmp_path / f"r{lines}.pdf"
            printer.print(page, pdf, page.name)
            pages = _pdfinfo(pdf)[0]
            heading = [i for i in range(1, pages + 1) if "Khác biệt theo chỉ số chính" in _pdf_text(pdf, i, i)]
            listed = subprocess.run([system_tool("pdfimages"), "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
            image_pages = [int(line.split()[0]) for line in listed.splitlines()[2:] if line.split()]
            if len(heading) != 1 or heading[0] != image_pages[-1]:  # the heading on the page of the second chart
                misplaced.append((lines, heading, sorted(image_pages)))
    assert misplaced == []


# -- the build prints one report of each kind -------------------------------------------------------

@pytest.mark.slow
def test_beyond_a_provinces_size_the_print_leaves_out_per_unit_detail_and_says_where_it_is(tmp_path):
    """Above PRINT_DETAIL_UNITS units the profiles are left out of the print and a long per-unit
    table prints its first PRINT_DETAIL_ROWS rows, each with its note; the screen keeps it all,
    and up to that size everything prints."""
    from dti_kit.report.printing import PRINT_DETAIL_ROWS, PRINT_DETAIL_UNITS, print_limited

    many, few = PRINT_DETAIL_UNITS + 1, PRINT_DETAIL_UNITS
    rows = PRINT_DETAIL_ROWS + 30
    nb = _nb("# Báo cáo lớn", ("html", print_limited("<p>HỒ SƠ ĐƠN VỊ LỚN</p>", many, "GHI CHÚ HỒ SƠ")),
             ("html", print_limited(_table(rows, tag="C"), many, "GHI CHÚ BẢNG", rows=PRINT_DETAIL_ROWS)),
             ("html", print_limited("<p>HỒ SƠ ĐƠN VỊ NHỎ</p>", few, "GHI CHÚ NHỎ")))
    page = tmp_path / "r.html"
    page.write_text(to_html(nb, "Báo cáo lớn", "vi"), encoding="utf-8")
    pdf = tmp_path / "r.pdf"
    print_pdf(page, pdf, _chromium(), "r")
    printed_text = _pdf_text(pdf)
    assert "HỒ SƠ ĐƠN VỊ LỚN" not in printed_text and "GHI CHÚ HỒ SƠ" in printed_text
    assert f"C{PRINT_DETAIL_ROWS - 1}.0" in printed_text and f"C{PRINT_DETAIL_ROWS}.0" not in printed_text and "GHI CHÚ BẢNG" in printed_text
    assert "HỒ SƠ ĐƠN VỊ NHỎ" in printed_text and "GHI CHÚ NHỎ" not in printed_text
    # on screen: all the detail, no note
    with Browser(_chromium()) as b:
        b.open(page, 1200, media="screen")
        shown = b.evaluate("document.body.innerText")
    assert "HỒ SƠ ĐƠN VỊ LỚN" in shown and f"C{rows - 1}.0" in shown and "GHI CHÚ" not in shown


@pytest.mark.slow
def test_a_chromium_that_fails_in_one_process_prints_with_its_usual_processes_a_timeout_is_not_retried(tmp_path):
    from dti_kit.publish.pdf import PrintTimeout

    page = tmp_path / "r.html"
    page.write_text(to_html(_nb("# Một trang"), "Một trang", "vi"), encoding="utf-8")
    calls = tmp_path / "calls"
    picky = tmp_path / "picky-chromium"  # refuses one process, as a Chromium build without the mode would
    picky.write_text(f'#!/bin/sh\necho "$*" >> {calls}\ncase " $* " in *" --single-process "*) echo "no single process" >&2; exit 1;; esac\n'
                     f'exec {_chromium()} "$@"\n', encoding="utf-8")
    picky.chmod(0o755)
    print_pdf(page, tmp_path / "r.pdf", str(picky), "r")
    runs = calls.read_text(encoding="utf-8").splitlines()
    assert len(runs) == 2 and "--single-process" in runs[0] and "--single-process" not in runs[1]
    assert "Một trang" in _pdf_text(tmp_path / "r.pdf")
    slow = tmp_path / "slow-chromium"
    slow.write_text(f"#!/bin/sh\necho x >> {tmp_path / 'slow-calls'}\nexec sleep 30\n", encoding="utf-8")
    slow.chmod(0o755)
    with pytest.raises(PrintTimeout, match="1 giây"):
        print_pdf(page, tmp_path / "s.pdf", str(slow), "r", timeout=1)
    assert (tmp_path / "slow-calls").read_text().count("x") == 1 and not (tmp_path / "s.pdf").exists()


@pytest.mark.slow
def test_a_printer_prints_report_after_report_with_one_chromium_and_starts_a_new_one_after_a_large_page(tmp_path, monkeypatch):
    """The build's worker keeps one Chromium (issue 20: a sample report printed in 0.8 s by a
    running browser, 2.5 s by one started for it); each PDF is its own page's, and a page above
    RESTART_BYTES ends that Chromium, so the next report starts a new one."""
    from dti_kit.publish import pdf as pdf_module
    from dti_kit.publish.pdf import Printer

    starts = tmp_path / "starts"
    counting = tmp_path / "counting-chromium"
    counting.write_text(f'#!/bin/sh\necho x >> {starts}\nexec {_chromium()} "$@"\n', encoding="utf-8")
    counting.chmod(0o755)
    pages = []
    for i, words in enumerate(("Trang một", "Trang hai", "Trang ba")):
        page = tmp_path / f"r{i}.html"
        page.write_text(to_html(_nb(f"# Báo cáo số {i}\n\n{words} RIÊNG-{i}"), f"Báo cáo số {i}", "vi"), encoding="utf-8")
        pages.append(page)
    with Printer(str(counting)) as printer:
        for i, page in enumerate(pages):
            printer.print(page, tmp_path / f"r{i}.pdf", f"r{i}")
        assert starts.read_text().count("x") == 1
        monkeypatch.setattr(pdf_module, "RESTART_BYTES", pages[0].stat().st_size - 1)  # the first page is now "large"
        printer.print(pages[0], tmp_path / "again.pdf", "again")
        printer.print(pages[1], tmp_path / "again2.pdf", "again2")
        assert starts.read_text().count("x") == 2  # the first large page ended the Chromium that had printed four
        monkeypatch.setattr(pdf_module, "RESTART_BYTES", 10**9)
        printer.print(pages[2], tmp_path / "kept.pdf", "kept")
        before = starts.read_text().count("x")
        os.killpg(printer._browser.pid, signal.SIGKILL)  # the kept Chromium dies between two reports
        printer._browser._proc.wait()
        printer.print(pages[1], tmp_path / "after-death.pdf", "after")
        assert starts.read_text().count("x") == before + 1 and printer._one_process  # a new one, still in one process
    assert "RIÊNG-1" in _pdf_text(tmp_path / "after-death.pdf")
    for i in range(3):
        printed_text = _pdf_text(tmp_path / f"r{i}.pdf")
        assert f"RIÊNG-{i}" in printed_text and all(f"RIÊNG-{j}" not in printed_text for j in range(3) if j != i)
    assert "RIÊNG-1" in _pdf_text(tmp_path / "again2.pdf")


def _marked_table(rows: int, tag: str = "X") -> str:
    """An annex-like table of ``rows`` unit rows, marked for parts as the annex is (part_marked)."""
    from dti_kit.report.annex import ANNEX_CSS
    from dti_kit.report.printing import part_marked

    head = "<tr><th>Cột A</th><th>Cột B</th></tr>"
    body = part_marked([f'<tr data-unit="u{i}"><td class="txt">{tag}-{i}-hàng</td><td class="num">{i},5</td></tr>' for i in range(rows)])
    return f'{ANNEX_CSS}<div class="dti-annex-wrap"><table class="dti-table dti-annex"><thead>{head}</thead><tbody>{body}</tbody></table></div>'


def test_a_page_is_cut_into_parts_at_its_marks_each_part_a_document_that_lays_out_as_its_stretch(monkeypatch):
    """Each part reopens what is open at its cut with the same start tags (the cell, the
    annex's wrapper, the table and its header), carries the page's head and the body's style
    sheets (the annex's own style stands before its table), and leaves out what the print
    leaves out; every row is in exactly one part."""
    from dti_kit.publish.printparts import split_parts
    from dti_kit.report import printing
    from dti_kit.report.printing import PART_MARK, print_limited

    monkeypatch.setattr(printing, "PRINT_PART_ROWS", 10)
    page = to_html(_nb("# Báo cáo chia phần\n\nPHẦN ĐẦU", ("html", '<div title="a > b" class="bọc">' + _marked_table(25) + "</div>"),
                       ("html", print_limited("<p>HỒ SƠ BỎ QUA</p>" + _marked_table(30, tag="Y"), 600, "ghi chú")),
                       ("html", print_limited(_marked_table(30, tag="Z"), 600, "ghi chú đầu", rows=5)),
                       "PHẦN CUỐI"), "Báo cáo chia phần", "vi")
    assert page.count(PART_MARK) == 2 + 2 + 2  # rows 10 and 20 of each table
    parts = split_parts(page)
    # the left-out table's marks went with it; the table cut to its first rows is not cut into parts
    assert parts is not None and len(parts) == 3
    assert [len(re.findall(r"Z-\d+-hàng", p)) for p in parts] == [0, 0, 30]
    rows = [re.findall(r"X-(\d+)-hàng", p) for p in parts]
    assert [list(map(int, r)) for r in rows] == [list(range(0, 10)), list(range(10, 20)), list(range(20, 25))]
    assert "PHẦN ĐẦU" in parts[0] and "PHẦN ĐẦU" not in parts[1] + parts[2]
    assert "PHẦN CUỐI" in parts[2] and "PHẦN CUỐI" not in parts[0] + parts[1]
    assert not any("HỒ SƠ BỎ QUA" in p or "Y-1-hàng" in p for p in parts)  # removed, not only hidden
    assert "ghi chú" in parts[2]  # the note printed in its place stays
    head = re.search(r"<head>.*?</head>", page, re.S)[0][:-len("</head>")]
    for p in parts[1:]:
        assert p.startswith("<!DOCTYPE html>") and head in p  # the page's own head, print style included
        assert "table.dti-annex { font-size: 6.5pt; }" in p.split("</head>")[0]  # the annex's style, from the body
        body = p.split("</head>", 1)[1]
        assert body.index('<table class="dti-table dti-annex"><thead><tr><th>Cột A</th>') < body.index("-hàng")  # the header first
        assert re.search(r'<div class="jp-Cell[^"]*">', p)  # the cell reopened as it was
        assert '<div title="a > b" class="bọc">' in p  # a ">" inside an attribute's quotes does not end its tag
    for p in parts:  # each part nests: every element it opens it closes
        checker = _Nesting()
        checker.feed(p)
        assert checker.stack == [] and checker.bad == []
    assert split_parts(page.replace(PART_MARK, "")) is None
    assert split_parts(page.replace("</thead>", "</div>", 1)) is None  # tags that do not nest: printed whole


class _Nesting(HTMLParser):
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}

    def __init__(self):
        super().__init__()
        self.stack, self.bad = [], []

    def handle_starttag(self, tag, attrs):
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        while self.stack and self.stack[-1] in ("p", "li") and tag != self.stack[-1]:
            self.stack.pop()
        if not self.stack or self.stack[-1] != tag:
            self.bad.append(tag)
        else:
            self.stack.pop()


@pytest.mark.slow
def test_a_page_marked_for_parts_prints_each_part_alone_joined_into_one_pdf_numbered_through(tmp_path, monkeypatch):
    """A national view's annex (issue 20: 3.4 GB to lay out whole) prints part by part, each
    part by a Chromium of its own, twice (the first pass counts the pages, the second numbers
    them "Trang i/N" through the whole PDF); every row prints once, under its header, the
    running title on every page but the first."""
    from dti_kit.publish.pdf import Printer
    from dti_kit.report import printing

    monkeypatch.setattr(printing, "PRINT_PART_ROWS", 70)
    page = tmp_path / "r.html"
    page.write_text(to_html(_nb("# Báo cáo chia phần\n\nPHẦN ĐẦU", ("html", _marked_table(160)),
                                ("html", printing.print_limited("<p>HỒ SƠ BỎ QUA</p>", 600, "GHI CHÚ HỒ SƠ")), "PHẦN CUỐI"),
                            "Báo cáo chia phần", "vi"), encoding="utf-8")
    starts = tmp_path / "starts"
    counting = tmp_path / "counting-chromium"
    counting.write_text(f'#!/bin/sh\necho x >> {starts}\nexec {_chromium()} "$@"\n', encoding="utf-8")
    counting.chmod(0o755)
    with Printer(str(counting)) as printer:
        printer.print(page, tmp_path / "r.pdf", "r")
    assert starts.read_text().count("x") == 2 * 3  # three parts (cut at rows 70 and 140), printed twice
    pages, size = _pdfinfo(tmp_path / "r.pdf")
    assert _is_a4(size) and pages >= 3
    texts = [_pdf_text(tmp_path / "r.pdf", i, i) for i in range(1, pages + 1)]
    assert all(f"Trang {i}/{pages}" in t for i, t in enumerate(texts, 1))
    assert "Báo cáo chia phần" in texts[0] and all(t.count("Báo cáo chia phần") == 1 for t in texts[1:])
    assert "PHẦN ĐẦU" in texts[0] and "PHẦN CUỐI" in texts[-1]
    printed_rows = [int(n) for t in texts for n in re.findall(r"X-(\d+)-hàng", t)]
    assert printed_rows == list(range(160))
    assert all("Cột A" in t for t in texts if "-hàng" in t)
    whole = "".join(texts)
    assert "HỒ SƠ BỎ QUA" not in whole and "GHI CHÚ HỒ SƠ" in whole


@pytest.mark.slow
def test_the_same_page_prints_to_the_same_bytes_whole_or_in_parts(tmp_path, monkeypatch):
    """The brief: the same inputs give the same outputs. Chromium writes the time of printing
    into the PDF (CreationDate, ModDate); printed twice, seconds apart and by two Chromiums,
    a report's PDF is the same bytes, whole or printed in parts and joined, and reads as a PDF
    with no date in it."""
    import time

    from pypdf import PdfReader

    from dti_kit.publish.pdf import Printer
    from dti_kit.report import printing

    monkeypatch.setattr(printing, "PRINT_PART_ROWS", 70)
    whole = tmp_path / "whole.html"
    whole.write_text(to_html(_nb("# Báo cáo\n\nMột trang"), "Báo cáo", "vi"), encoding="utf-8")
    parts = tmp_path / "parts.html"
    parts.write_text(to_html(_nb("# Báo cáo chia phần", ("html", _marked_table(100))), "Báo cáo chia phần", "vi"), encoding="utf-8")
    for page in (whole, parts):
        printed = []
        for run in range(2):
            if run:
                time.sleep(1.1)  # a second later: another printing time, had it been kept
            with Printer(_chromium()) as printer:
                printer.print(page, tmp_path / f"{page.stem}-{run}.pdf", page.stem)
            printed.append((tmp_path / f"{page.stem}-{run}.pdf").read_bytes())
        assert printed[0] == printed[1], page.name
        info = subprocess.run([system_tool("pdfinfo"), str(tmp_path / f"{page.stem}-0.pdf")], check=True, capture_output=True,
                              text=True).stdout
        assert "CreationDate" not in info and "ModDate" not in info and re.search(r"^Title:\s+Báo cáo", info, re.M), info
        reader = PdfReader(tmp_path / f"{page.stem}-0.pdf", strict=True)
        assert len(reader.pages) == _pdfinfo(tmp_path / f"{page.stem}-0.pdf")[0] >= (2 if page is parts else 1)


@pytest.fixture(scope="module")
def printed(tmp_path_factory):
    for tool in ("chromium", "pdfinfo", "pdftotext"):
        system_tool(tool)
    root = tmp_path_factory.mktemp("print") / "project"
    for name in ("notebooks", "inputs"):
        shutil.copytree(ROOT / name, root / name)
    (root / "params/hoa-binh").mkdir(parents=True)
    (root / "params/comparison").mkdir(parents=True)
    for p in (ROOT / "params/hoa-binh").glob("2023-xa*"):
        shutil.copy(p, root / "params/hoa-binh" / p.name)
    params = root / "params/hoa-binh/2023-xa.yaml"
    params.write_text(params.read_text(encoding="utf-8") + "options: {sensitivity: {draws: 300, sobol_base: 64, n_boot: 20}}\n",
                      encoding="utf-8")
    shutil.copy(ROOT / "params/comparison/xa.yaml", root / "params/comparison/xa.yaml")
    outcomes = build(None, root, jobs=2, progress=False)
    assert [(o.notebook, o.status, o.error) for o in outcomes if o.status != "built"] == []
    return root


REPORTS = {"scoring_report": "reports/2023/hoa-binh/xa", "reconciliation": "reports/2023/hoa-binh/xa",
           "sensitivity": "reports/2023/hoa-binh/xa", "design_comparison": "reports/comparison/xa"}


def _unit_names() -> list[str]:
    with open(ROOT / "inputs/hoa-binh/2023-xa-units.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
    return [r["unit_name"] for r in rows]


@pytest.mark.slow
@pytest.mark.parametrize("notebook", list(REPORTS))
def test_every_report_prints_to_an_a4_pdf_with_every_unit(printed, notebook):
    folder = printed / REPORTS[notebook]
    pdf = folder / f"{notebook}.pdf"
    pages, size = _pdfinfo(pdf)
    assert _is_a4(size), size
    words = _pdf_text(pdf)
    assert f"Trang 1/{pages}" in words and f"Trang {pages}/{pages}" in words
    names = _unit_names()
    assert len(names) == 30
    if notebook == "design_comparison":  # the comparison re-scores the communes: its rescoring table names them
        names = [n for n in names if n in (folder / f"{notebook}.html").read_text(encoding="utf-8")]
        assert len(names) >= 10
    assert [n for n in names if n not in words] == []
    # the HTML's links resolve: contents to headings, file names to the files beside it
    assert _unresolved(folder / f"{notebook}.html") == []
    assert len(re.findall(r'<a href="#sec-', (folder / f"{notebook}.html").read_text(encoding="utf-8"))) >= 4


@pytest.mark.slow
def test_nothing_in_a_report_is_wider_than_the_page(printed):
    with Browser(_chromium()) as b:
        for notebook, folder in REPORTS.items():
            b.open(printed / folder / f"{notebook}.html", content_width_px())
            got = b.evaluate(WIDEST_JS)
            assert got["wide"] == [] and got["scrollWidth"] <= got["width"], (notebook, got["wide"][:5])


@pytest.mark.slow
@pytest.mark.parametrize("language", ["en", "vi"])
def test_the_results_annex_fits_the_page_in_either_language(tmp_path, language):
    """The annex of a commune design with last year's scores has 17 columns. In English its
    headers' long words ("infrastructure", "Cybersecurity") made it run off the A4 page after
    "Total" (a reader's review at 150 communes): laid out for print at the page's width,
    nothing is wider than the page, and the last column's header is on the page."""
    from dti_kit.loader import load_design
    from dti_kit.report.annex import annex_html, build_annex, column_header
    from dti_kit.samples import sample_inputs
    from dti_kit.scoring import score_units
    from dti_kit.units import read_units

    design = load_design("hoa-binh-2023-xa")
    annex = build_annex(score_units(design, sample_inputs(design, 2023)), score_units(design, sample_inputs(design, 2022)),
                        read_units(ROOT / "inputs" / "hoa-binh" / "2023-xa-units.csv"))
    assert [c.key for c in annex.columns][-2:] == ["change_rank", "change_percent"] and len(annex.columns) == 17
    page = tmp_path / "annex.html"
    page.write_text(to_html(_nb(("html", annex_html(annex, language))), "Annex", language), encoding="utf-8")
    with Browser(_chromium()) as b:
        b.open(page, content_width_px())
        got = b.evaluate(WIDEST_JS)
        last = b.evaluate("(() => { const th = [...document.querySelectorAll('table.dti-annex th')].pop();"
                          " const r = th.getBoundingClientRect(); return [r.right, th.textContent]; })()")
    assert got["wide"] == [] and got["scrollWidth"] <= got["width"], got["wide"][:5]
    assert last[0] <= got["width"] and last[1].replace("\u00ad", "") == column_header(annex.columns[-1], design, language)


@pytest.mark.slow
def test_the_scoring_report_fits_its_page_bound(printed):
    from dti_kit.loader import load_design

    design = load_design("hoa-binh-2023-xa")
    units, errata = len(_unit_names()), len(design.errata)
    pages, _ = _pdfinfo(printed / REPORTS["scoring_report"] / "scoring_report.pdf")
    assert pages <= 4 + units / 2 + errata / 8, (pages, units, errata)


@pytest.mark.slow
def test_the_index_links_every_report_and_its_files(printed):
    index = printed / "reports/index.html"
    page = index.read_text(encoding="utf-8")
    assert _unresolved(index) == []
    hrefs = set(_hrefs(page))
    for notebook, folder in REPORTS.items():
        rel = Path(folder).relative_to("reports").as_posix()
        assert {f"{rel}/{notebook}.html", f"{rel}/{notebook}.pdf"} <= hrefs, notebook
    assert {"2023/hoa-binh/xa/scores.xlsx", "2023/hoa-binh/xa/scores.csv", "2023/hoa-binh/xa/sensitivity.xlsx"} <= hrefs
    assert "<h3>Hòa Bình</h3>" in page and "Đánh giá chỉ số chuyển đổi số cấp Xã" in page


@pytest.mark.slow
def test_without_chromium_the_build_goes_on_and_says_so_once(tmp_path, monkeypatch, capsys):
    import dti_kit.publish.pdf as pdf_module

    root = _project(tmp_path, {"params/hoa-binh/2023-huyen.yaml": MINI_PARAMS.format(nbs="w, v"),
                               "params/hoa-binh/2023-xa.yaml": MINI_PARAMS.format(nbs="w") + "pdf: false\n"},
                    {"w": _writer("1"), "v": _writer("2")})
    monkeypatch.setattr(pdf_module, "find_chromium", lambda: None)  # the build's workers are forked: they see it
    outcomes = build(None, root, jobs=1, progress=False)
    assert [o.status for o in outcomes] == ["built"] * 3
    err = capsys.readouterr().err
    assert err.count(text("print.no_chromium", "vi", count=2)) == 1
    assert not list((root / "reports").rglob("*.pdf"))
    assert (root / "reports/2023/hoa-binh/huyen/w.html").is_file()


@pytest.mark.slow
def test_every_annex_row_is_in_the_printed_scoring_report(printed):
    # issue 18: "every unit's name and annex row present in the PDF's text": in the annex part of
    # the PDF (its heading, after the contents, to the next section), each commune's STT, name and
    # total as the annex prints them
    from dti_kit.report.annex import annex_of, cell_text
    from dti_kit.report.data import load_report_data

    words = _pdf_text(printed / REPORTS["scoring_report"] / "scoring_report.pdf")
    heading = "Phụ lục kết quả"
    start = words.index(heading, words.index(heading) + 1)  # the first is the contents' entry
    end = words.index("Biểu đồ xếp hạng", start)
    part = words[start:end]
    import os

    here = os.getcwd()
    os.chdir(printed)
    try:
        annex = annex_of(load_report_data("hoa-binh-2023-xa", ["inputs/hoa-binh/2023-xa-synthetic.csv"],
                                          units="inputs/hoa-binh/2023-xa-units.csv"))
    finally:
        os.chdir(here)
    total = next(c for c in annex.columns if c.key == "total")
    rows = annex.table.to_dict("records")
    assert len(rows) == 30
    missing = [(r["stt"], r["unit"]) for r in rows
               if not re.search(rf"(^| ){int(r['stt'])} {re.escape(r['unit'])} .*?{re.escape(cell_text(r['total'], total))}", part)]
    assert missing == []


def test_a_chart_is_written_with_its_title_as_its_alternative_text_and_every_output_is_focusable(monkeypatch):
    """A screen reader says the chart's title (or the catalogue's word for a chart), in the
    report's language, not nbconvert's English filler; the page is written by the template
    alone (no second pass through an HTML parser: 36 s and 700 MB at 3,321 communes)."""
    import base64

    import matplotlib

    matplotlib.use("Agg")
    import IPython.display
    from IPython.core.formatters import DisplayFormatter

    from dti_kit.publish import notebook
    from dti_kit.report.plotting import figure

    shown = []
    monkeypatch.setattr(IPython.display, "display", shown.append)
    fig = figure(height=2)
    fig.add_subplot().set_title('Xếp hạng "xã" <b>')
    notebook.show(fig, "vi")
    notebook.show(figure(height=2), "en")  # no title
    outputs = []
    for obj in shown:
        data, md = DisplayFormatter().format(obj)
        outputs.append(nbformat.v4.new_output("display_data", data={"image/png": data["image/png"] if isinstance(data["image/png"], str)
                                                                     else base64.b64encode(data["image/png"]).decode()}, metadata=md))
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x", outputs=outputs)])
    page = to_html(nb, "Biểu đồ thử", "vi")
    alts = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)" class="dti-chart">', page)
    assert alts == ["Xếp hạng &quot;xã&quot; &lt;b&gt;", text("common.chart", "en")]
    # on a phone a chart keeps a readable width in a box that scrolls sideways, under a line that says so
    assert page.count('<p class="dti-wide-hint">Biểu đồ rộng: vuốt sang ngang để xem hết.</p><div class="dti-chart-box">') == 1
    assert page.count('<p class="dti-wide-hint">A wide chart: swipe sideways to see all of it.</p><div class="dti-chart-box">') == 1
    assert "No description" not in page
    assert page.count('tabindex="0"') == len(re.findall(r'<div class="[^"]*jp-OutputArea-output', page)) == 2


def test_what_to_click_is_said_on_the_screen_not_on_paper(printed):
    # the profiles' index tells a screen reader how to open a profile; the print opens them all
    out = printed / REPORTS["scoring_report"]
    page = (out / "scoring_report.html").read_text(encoding="utf-8")
    assert "bấm vào dòng tên của hồ sơ để mở hoặc đóng" in page
    paper = " ".join(_pdf_text(out / "scoring_report.pdf").split())
    assert "Tra cứu theo tên 30 đơn vị" in paper and "mở hoặc đóng" not in paper


def test_a_short_list_prints_whole_on_one_page_wherever_the_page_ends(tmp_path):
    # the report's files (a dozen lines) ended a printed report with one file alone on the last
    # page (a reader's review); wherever the page ends, the list's lines share one page
    items = "\n".join(f"- tệp số {i}.csv" for i in range(12))
    seen = set()
    for k in range(4, 12):
        filler = "\n\n".join(f"Đoạn {i}: " + "chữ " * 60 for i in range(k))
        page = tmp_path / f"r{k}.html"
        page.write_text(to_html(_nb("# Báo cáo in thử", f"## Phần một\n\n{filler}", f"## Tệp kết quả\n\n{items}"), "Báo cáo in thử", "vi"),
                        encoding="utf-8")
        pdf = tmp_path / f"r{k}.pdf"
        print_pdf(page, pdf, _chromium(), "r")
        pages, _ = _pdfinfo(pdf)
        holding = {i for i in range(1, pages + 1) for t in [_pdf_text(pdf, i, i)] if "tệp số" in t}
        assert len(holding) == 1, (k, holding)
        seen.add((pages, min(holding)))
    assert any(p > 1 for p, _ in seen)  # the fillers did push the list past a page


@pytest.mark.slow
def test_units_names_print_on_one_line_beside_numbers_with_long_headers(tmp_path):
    """The sensitivity's per-unit table at 150 communes (8 columns: a name, then numbers under
    headers of two or three words) printed "Xã Thử Nghiệm 0038" on 2 lines in a fifth of the
    page, the numbers' columns made wide by their headers (a reader's review): laid out at the
    page's width, each name is one line, and the table is no wider than the page."""
    import pandas as pd

    from dti_kit.sensitivity.text import UNITS_COLUMNS, table_html

    n = 40
    df = pd.DataFrame({"unit_name": [f"Xã Thử Nghiệm {i:04d}" for i in range(n)], "percent": [92.85] * n, "band": ["Dẫn dắt"] * n,
                       "rank": range(1, n + 1), "rank_median": [1.0] * n, "rank_p05": [1] * n, "rank_p95": [3] * n,
                       "p_same_rank": [0.816] * n, "p_band_change": [0.0] * n, "robustness": ["moderate"] * n})[list(UNITS_COLUMNS)]
    page = tmp_path / "units.html"
    page.write_text(to_html(_nb(("html", table_html(df, "vi"))), "Thử", "vi"), encoding="utf-8")
    lines = ("[...document.querySelectorAll('table.dti-table tbody td:first-child')].map(td => {"
             " const r = document.createRange(); r.selectNodeContents(td);"
             " return new Set([...r.getClientRects()].map(x => Math.round(x.top))).size; })")
    with Browser(_chromium()) as b:
        b.open(page, content_width_px())
        got, wide = b.evaluate(lines), b.evaluate(WIDEST_JS)
    assert len(got) == n and set(got) == {1}, got[:5]
    assert wide["wide"] == [] and wide["scrollWidth"] <= wide["width"]


@pytest.mark.slow
def test_a_list_of_few_long_items_splits_rather_than_leaving_a_page_blank(tmp_path):
    # the scoring report's method (six paragraphs of quoted decision text) was kept whole as a
    # short list and moved to the next page, leaving its heading's page 60 % blank (a reader's
    # review at 150 communes): a list this long in text starts under its heading, on the page
    # where the text before it ends
    items = "\n".join(f"- Bước {i}: " + "văn bản quy định " * 40 for i in range(6))
    assert len(items) > KEEP_WHOLE_CHARS
    split = 0
    for k in range(4, 12):
        filler = "\n\n".join(f"Đoạn {i}: " + "chữ " * 60 for i in range(k))
        page = tmp_path / f"r{k}.html"
        page.write_text(to_html(_nb("# Báo cáo in thử", f"## Phần một\n\n{filler}", f"## Phương pháp\n\n{items}"), "Báo cáo in thử", "vi"),
                        encoding="utf-8")
        assert '<ul class="dti-long">' in page.read_text(encoding="utf-8")
        pdf = tmp_path / f"r{k}.pdf"
        print_pdf(page, pdf, _chromium(), "r")
        pages, _ = _pdfinfo(pdf)
        last_filler = next(i for i in range(pages, 0, -1) if f"Đoạn {k - 1}:" in _pdf_text(pdf, i, i))
        holding = sorted(i for i in range(1, pages + 1) if "Bước" in _pdf_text(pdf, i, i))
        # the list goes on from the page of the text before it (or starts the next page when that one is full)
        assert holding[0] in (last_filler, last_filler + 1), (k, last_filler, holding)
        split += len(holding) > 1 and holding[0] == last_filler
    assert split >= 3  # where the page ended inside it, the list was split there


@pytest.mark.slow
def test_the_items_to_explain_keep_a_readable_measure_in_english_print(tmp_path):
    """The English reconciliation's items to explain printed the item's name a word or two a
    line in a tenth of the page (27 pages against the Vietnamese 20 at 150 communes, a reader's
    review): the numbers' columns under headers such as "Difference (self − appraised)" and the
    council's reasons took the width. Laid out at the page's width, the column of longest text
    keeps at least 12 ems of 8-point type (128 px) and the table is no wider than the page."""
    from dti_kit import load_design
    from dti_kit.forms import read_inputs
    from dti_kit.reconcile import report as rr
    from dti_kit.reconcile.core import reconcile

    rec = reconcile(load_design("hoa-binh-2023-xa"), read_inputs(ROOT / "inputs/hoa-binh/2023-xa-synthetic.csv"))
    council = rr.council_table(rec, "en", names=True)
    assert len(council) > 20
    page = tmp_path / "items.html"
    page.write_text(to_html(_nb(("html", rr.council_html(rec, council, "en"))), "Items", "en"), encoding="utf-8")
    assert page.read_text(encoding="utf-8").count("dti-prose") >= len(council)
    widths = ("[...document.querySelectorAll('table.dti-table thead th')]"
              ".map(th => [th.textContent.replace(/\\u00ad/g, ''), th.getBoundingClientRect().width])")
    with Browser(_chromium()) as b:
        b.open(page, content_width_px())
        got, wide = dict(b.evaluate(widths)), b.evaluate(WIDEST_JS)
    assert got["Item"] >= 128, got
    assert wide["wide"] == [] and wide["scrollWidth"] <= wide["width"]


@pytest.mark.slow
def test_a_table_that_splits_leaves_two_rows_on_either_page(tmp_path):
    # the scoring report's components where most units lose points (8 rows of long names, free
    # to split) left its first row alone at the foot of a page (a reader's review at 150
    # communes): wherever the page ends, a split leaves at least two rows on each side
    rows = "".join(f'<tr><td class="txt">Hàng {i}: {"tên chỉ số thành phần rất dài " * 8}</td><td class="num">{i}</td></tr>'
                   for i in range(8))
    table = f'<table class="dti-table dti-long"><thead><tr><th>Chỉ số</th><th>Số</th></tr></thead><tbody>{rows}</tbody></table>'
    splits = set()
    for k in range(10):  # one line more each time: without the rule, 1 row is left at k = 1 and 8
        filler = "\n\n".join([f"Đoạn {i}: " + "chữ " * 60 for i in range(7)] + [f"Dòng {i}." for i in range(k)])
        page = tmp_path / f"t{k}.html"
        page.write_text(to_html(_nb(f"# Báo cáo in thử\n\n{filler}", ("html", table)), "Báo cáo in thử", "vi"), encoding="utf-8")
        pdf = tmp_path / f"t{k}.pdf"
        print_pdf(page, pdf, _chromium(), "t")
        pages, _ = _pdfinfo(pdf)
        per_page = [len(re.findall(r"Hàng \d:", _pdf_text(pdf, i, i))) for i in range(1, pages + 1)]
        held = [n for n in per_page if n]
        assert sum(held) == 8 and min(held) >= 2, (k, per_page)
        splits.add(len(held))
    assert 2 in splits and 1 in splits  # the page did end inside the table, and once before it
