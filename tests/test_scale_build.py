"""Reports at a province's size (issue 20): 150 synthetic communes of ``hoa-binh-2023-xa``
(``benchmarks/scale_project.py``: self and appraised scores, last year's inputs, a units file
with districts) build all three reports, and every commune can be found in the scoring report
by its name, as the 30 communes of the bundled sample can (tests/test_build.py). How long it
takes is measured in ``benchmarks/report_scale.py``, never here."""
from __future__ import annotations

import html
import re
import sys

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
