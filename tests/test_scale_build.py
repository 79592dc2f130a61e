"""Reports at a province's size (issue 20): 150 synthetic communes of ``hoa-binh-2023-xa``
(``benchmarks/scale_project.py``: self and appraised scores, last year's inputs, a units file
with districts) build all three reports, and every commune can be found in the scoring report
by its name, as the 30 communes of the bundled sample can (tests/test_build.py). How long it
takes is measured in ``benchmarks/report_scale.py``, never here."""
from __future__ import annotations

import html
import re
import sys
import unicodedata

import pandas as pd
import pytest
from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from scale_project import NOTEBOOKS, REPORT, unit_name, write_project  # noqa: E402

from dti_kit.publish.pipeline import build  # noqa: E402

pytestmark = pytest.mark.slow
N = 150


def _text(page: str) -> str:
    """What a reader sees of a page: no style, script or tags, entities decoded."""
    page = re.sub(r"<(style|script)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = write_project(tmp_path_factory.mktemp("scale"), N, ROOT)
    outcomes = build(None, root, jobs=2, progress=False)
    return root, outcomes


def test_the_three_reports_build_at_150_communes(built):
    root, outcomes = built
    assert sorted((o.notebook, o.status) for o in outcomes) == sorted((nb, "built") for nb in NOTEBOOKS), \
        [(o.notebook, o.cell, o.error) for o in outcomes if o.status != "built"]
    for nb in NOTEBOOKS:
        assert (root / REPORT / f"{nb}.html").stat().st_size > 0


def test_every_commune_is_found_by_its_name_in_the_scoring_report(built):
    root, _ = built
    seen = _text((root / REPORT / "scoring_report.html").read_text(encoding="utf-8"))
    names = [unit_name(i) for i in range(N)]
    assert len(set(names)) == N and names[-1] == "Xã Thử Nghiệm 0150"
    assert [n for n in names if n not in seen] == []


def test_every_commune_is_scored_and_ranked(built):
    root, _ = built
    scores = pd.read_csv(root / REPORT / "scores.csv")
    totals = scores[scores["kind"] == "total"]
    assert len(totals) == N and totals["unit_id"].is_unique
    # one rank per commune, 1 the best; ties share the lower rank, so the largest rank is at most N
    assert totals["rank"].min() == 1 and totals["rank"].max() <= N


def test_no_printed_page_is_empty(built):
    """Every page of every PDF at 150 communes carries something besides its running title and
    page number (a reader's review: the sensitivity report's last page was empty)."""
    import subprocess

    from conftest import system_tool

    root, _ = built
    for nb in NOTEBOOKS:
        pdf = root / REPORT / f"{nb}.pdf"
        pages = int(re.search(r"^Pages:\s+(\d+)", subprocess.run([system_tool("pdfinfo"), str(pdf)], capture_output=True,
                                                                  text=True, check=True).stdout, re.M)[1])
        for i in range(1, pages + 1):
            words = subprocess.run([system_tool("pdftotext"), "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                                   text=True, check=True).stdout
            body = [w for w in words.split("\n") if w.strip() and not re.fullmatch(r"\s*Trang \d+/\d+\s*", w)]
            assert len(body) > 1, (nb, i, pages, words)  # more than the running title


@pytest.fixture(scope="module")
def built_in_english(tmp_path_factory):
    """The reconciliation and the scoring report at 150 communes in English (where readers found
    a heading alone at the foot of a page)."""
    root = write_project(tmp_path_factory.mktemp("scale-en"), N, ROOT)
    params = root / "params" / "hoa-binh" / "2023-xa.yaml"
    text = params.read_text(encoding="utf-8").replace("language: vi", "language: en")
    params.write_text(re.sub(r"notebooks: \[.*\]", "notebooks: [reconciliation, scoring_report]", text), encoding="utf-8")
    outcomes = build(None, root, jobs=2, progress=False)
    assert sorted((o.notebook, o.status) for o in outcomes) == [("reconciliation", "built"), ("scoring_report", "built")], outcomes
    return root


def _page_ends(pdf, folder) -> list[tuple[int, str]]:
    """(page, what ends it): the text of the page's lowest line, or "" where a chart ends it
    (poppler's pdftohtml: every line and image with its place; the page number left out)."""
    import subprocess

    from conftest import system_tool

    xml = subprocess.run([system_tool("pdftohtml"), "-xml", "-stdout", "-q", str(pdf), str(folder / "img")], capture_output=True,
                         text=True, check=True, cwd=folder).stdout
    ends = []
    for number, page in re.findall(r'<page number="(\d+)"(.*?)</page>', xml, re.S):
        # NFKC: Chromium's PDF writes "ff" as one ligature letter ("Diﬀerences")
        items = [(int(t) + int(h), unicodedata.normalize("NFKC", html.unescape(re.sub(r"<[^>]+>", "", body))).strip())
                 for t, h, body in re.findall(r'<text top="(\d+)" left="\d+" width="\d+" height="(\d+)"[^>]*>(.*?)</text>', page, re.S)]
        items = [(b, w) for b, w in items if w and not re.fullmatch(r"(Trang \d+/\d+|Page \d+ of \d+)", w)]
        items += [(int(t) + int(h), "") for t, h in re.findall(r'<image top="(\d+)" left="\d+" width="\d+" height="(\d+)"', page)]
        ends.append((int(number), max(items)[1] if items else ""))
    return ends


def _headings(page: str) -> set[str]:
    """The page's headings, and the group rows of its tables (a district's name over its communes)."""
    found = re.findall(r"<h[1-4][^>]*>(.*?)</h[1-4]>", page, re.S) + re.findall(r'<tr class="dti-group"><th[^>]*>(.*?)</th>', page, re.S)
    return {unicodedata.normalize("NFKC", html.unescape(re.sub(r"<[^>]+>", "", h))).strip() for h in found}


def test_no_printed_page_ends_with_a_heading(built, built_in_english, tmp_path):
    """A heading goes with what follows it, a chart too: no page of the 150-commune PDFs ends
    with a section's heading (a reader's review: "Differences by main indicator" alone at the
    foot of a page of the English reconciliation, its chart on the next), nor with a table's
    group row ("Huyện Thử Nghiệm 002 (15 ranked units)" ended page 7, its communes on page 8)."""
    reports = [(built[0], nb) for nb in NOTEBOOKS] + [(built_in_english, "reconciliation"), (built_in_english, "scoring_report")]
    for k, (root, nb) in enumerate(reports):
        headings = _headings((root / REPORT / f"{nb}.html").read_text(encoding="utf-8"))
        folder = tmp_path / str(k)
        folder.mkdir()
        orphans = [(number, end) for number, end in _page_ends(root / REPORT / f"{nb}.pdf", folder) if end in headings]
        assert orphans == [], (root.name, nb, orphans)


def test_the_index_of_names_starts_under_the_profiles_heading_on_paper(built, built_in_english):
    """At 150 communes the index of the units' names is a page long; kept whole, it moved to the
    next page and left half a page blank under the heading "Hồ sơ từng đơn vị"; in English the
    heading was then left alone at the foot of its page (two readers' reviews)."""
    import subprocess

    from conftest import system_tool

    for root, heading, index in ((built[0], "Hồ sơ từng đơn vị", f"Tra cứu theo tên {N} đơn vị"),
                                 (built_in_english, "Unit profiles", f"Find one of the {N} units by name")):
        pdf = root / REPORT / "scoring_report.pdf"
        pages = int(re.search(r"^Pages:\s+(\d+)", subprocess.run([system_tool("pdfinfo"), str(pdf)], capture_output=True,
                                                                  text=True, check=True).stdout, re.M)[1])
        for i in range(2, pages + 1):  # page 1 holds the contents, which name the section too
            page = " ".join(subprocess.run([system_tool("pdftotext"), "-f", str(i), "-l", str(i), str(pdf), "-"], capture_output=True,
                                           text=True, check=True).stdout.split())
            if heading in page:
                assert index in page, (heading, i, page[-400:])
                break
        else:
            pytest.fail(f"no page holds the heading {heading!r}")
