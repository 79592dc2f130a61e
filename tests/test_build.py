"""The build: every params file executed by papermill on the sample inputs, results read back
and checked; HTML without code, tracebacks or "nan"; incremental rebuilds; a failing notebook
keeps the last good report; two builds give the same bytes."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import ROOT, without_pdf

from dti_kit.forms import read_inputs
from dti_kit.i18n import text
from dti_kit.loader import load_design
from dti_kit.publish.params import discover, load_params
from dti_kit.publish.pipeline import build
from dti_kit.scoring import score_units

pytestmark = pytest.mark.slow


def copy_project(dst: Path) -> Path:
    for name in ("notebooks", "params", "inputs"):
        shutil.copytree(ROOT / name, dst / name)
    return without_pdf(dst)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("project"))
    outcomes = build(None, root, jobs=2, progress=False)
    return root, outcomes


def _text(html: str) -> str:
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def test_every_params_file_builds(built):
    root, outcomes = built
    failed = [o for o in outcomes if o.status != "built"]
    assert not failed, [(o.params, o.notebook, o.cell, o.error) for o in failed]
    expected = {(p.as_posix(), nb) for p in discover(root) for nb in load_params(p, root).notebooks}
    assert {(o.params, o.notebook) for o in outcomes} == expected
    assert (root / "reports" / "index.html").is_file()


def test_scores_match_the_engine(built):
    root, _ = built
    for p in discover(root):
        prm = load_params(p, root)
        if prm.kind != "report":
            continue
        out = root / prm.output_dir()
        csv = pd.read_csv(out / "scores.csv")
        expected = score_units(load_design(prm.design_id), read_inputs([str(root / i) for i in prm.inputs])).tidy()
        got = csv.set_index(["unit_id", "code"])["score"]
        want = expected.set_index(["unit_id", "code"])["score"]
        pd.testing.assert_series_equal(got.sort_index(), want.sort_index(), check_exact=False, rtol=1e-5, check_dtype=False)
        xl = pd.read_excel(out / "scores.xlsx", sheet_name=None)
        ranking = xl[text("annex.sheet.annex", "vi")]
        # the workbook holds numbers as numbers, Vietnamese headers, best unit first (the annex: tests/test_annex.py)
        total = text("common.col.total", "vi")
        assert list(ranking.columns[:2]) == ["STT", text("common.col.unit", "vi")] == ["STT", "Đơn vị"]
        assert pd.api.types.is_float_dtype(ranking[total])
        top = expected[(expected.code == "TOTAL")].sort_values("rank").iloc[0]
        assert ranking[total].iloc[0] == pytest.approx(top["score"], abs=0.01)


def test_html_has_no_code_traceback_or_nan_and_a_vietnamese_title(built):
    root, _ = built
    for p in discover(root):
        prm = load_params(p, root)
        for nb in prm.notebooks:
            page = (root / prm.output_dir() / f"{nb}.html").read_text(encoding="utf-8")
            text = _text(page)
            assert "Traceback" not in text
            assert 'class="jp-InputArea' not in page and "def show(" not in text and "import " not in text, "code is hidden"
            assert "injected-parameters" not in page
            assert not re.search(r"<td[^>]*>\s*nan\s*</td>", page, flags=re.I), f"{p}: nan in a table"
            assert "data:image/png;base64" in page, "images are embedded"
            if prm.kind == "report" and nb == "scoring_report":
                d = load_design(prm.design_id)
                title = re.search(r"<title>(.*?)</title>", page).group(1)
                assert d.province in title and "chuyển đổi số" in title


def test_summary_written_from_the_data(built):
    root, _ = built
    prm = load_params(Path("params/hoa-binh/2023-huyen.yaml"), root)
    page = (root / prm.output_dir() / "scoring_report.html").read_text(encoding="utf-8")
    res = score_units(load_design(prm.design_id), read_inputs([str(root / i) for i in prm.inputs]))
    t = res.totals()
    leader = t[t["rank"] == 1]["unit_name"].iloc[0]
    assert ">Đánh giá chung" in page  # the overall assessment, written from the data (report.narrative)
    assert f"{len(t)} huyện, thành phố của Hòa Bình được đánh giá" in page
    assert f"Dẫn đầu: {leader}" in page
    mean = f"{t['percent'].mean():.1f}".replace(".", ",")
    assert f"đạt {mean}%" in page


def test_no_change_rebuild_is_incremental(built):
    root, _ = built
    again = build(None, root, jobs=2, progress=False)
    assert {o.status for o in again} == {"unchanged"}


def test_commentary_change_rebuilds_that_report_only(built):
    root, _ = built
    comm = root / "params" / "hoa-binh" / "2023-huyen.commentary.md"
    comm.write_text("## Tóm tắt {#summary}\nNhận xét: {{ units }} đơn vị, dẫn đầu {{ leader }}.\n", encoding="utf-8")
    outcomes = build(None, root, jobs=2, progress=False)
    rebuilt = {(o.params, o.notebook) for o in outcomes if o.status == "built"}
    assert rebuilt == {("params/hoa-binh/2023-huyen.yaml", nb) for nb in load_params(Path("params/hoa-binh/2023-huyen.yaml"), root).notebooks}
    page = (root / "reports/2023/hoa-binh/huyen/scoring_report.html").read_text(encoding="utf-8")
    assert "Nhận xét: 10 đơn vị, dẫn đầu" in page
    # placed at its section: after the summary heading, before the ranking
    at = page.index("Nhận xét: 10 đơn vị")
    assert page.index(">Đánh giá chung</h2>") < at < page.index(">Biểu đồ xếp hạng</h2>")  # the headings, not the contents' links


def test_failing_notebook_keeps_the_last_good_report(built, tmp_path):
    root = copy_project(tmp_path)
    for p in list((root / "params").rglob("*.yaml")):
        if p.as_posix().endswith("vung-tau/2024-huyen.yaml"):
            continue
        p.unlink()
    prm = root / "params" / "vung-tau" / "2024-huyen.yaml"
    prm.write_text(prm.read_text(encoding="utf-8").replace("notebooks: [", "notebooks: [scoring_report, broken, ").replace(", broken, ]", ", broken]"), encoding="utf-8")
    text = prm.read_text(encoding="utf-8")
    text = re.sub(r"notebooks: \[.*\]", "notebooks: [scoring_report, broken]", text)
    prm.write_text(text, encoding="utf-8")
    nb = nbformat.read(root / "notebooks" / "scoring_report.ipynb", as_version=4)
    nbformat.write(nb, root / "notebooks" / "broken.ipynb")
    first = build(None, root, jobs=2, progress=False)
    assert {o.status for o in first} == {"built"}
    good = (root / "reports/2024/vung-tau/huyen/broken.html").read_bytes()
    # now the notebook fails in its third cell (reported 1-based, as in the committed notebook)
    nb.cells[2].source = "raise ValueError('số liệu hỏng')"
    nbformat.write(nb, root / "notebooks" / "broken.ipynb")
    log = root / "reports" / ".build-kernels.log"
    log.write_text("from an earlier build\n", encoding="utf-8")
    second = build(None, root, jobs=2, progress=False)
    assert "from an earlier build" not in log.read_text(encoding="utf-8")  # each build starts its log afresh
    bad = [o for o in second if o.status == "failed"]
    assert len(bad) == 1 and bad[0].notebook == "broken" and bad[0].cell == 3 and "số liệu hỏng" in bad[0].error
    assert [o.status for o in second if o.notebook == "scoring_report"] == ["unchanged"]
    out = root / "reports/2024/vung-tau/huyen"
    assert (out / "broken.html").read_bytes() == good, "the previous good report is kept"
    assert (out / "broken.failed.html").is_file() and (out / "broken.failed.ipynb").is_file()
    manifest = json.loads((root / "reports/.manifest.json").read_text(encoding="utf-8"))
    assert manifest["params/vung-tau/2024-huyen.yaml::broken"]["status"] == "failed"
    assert "lỗi" in (root / "reports/index.html").read_text(encoding="utf-8")


def test_two_builds_give_the_same_bytes(built, tmp_path):
    root, _ = built
    other = copy_project(tmp_path)
    # one worker: its warm kernel runs the three notebooks one after the other, while the full
    # build ran them in kernels that had run other provinces' reports first (dti_kit.publish.kernels)
    build(["params/hoa-binh/2023-xa.yaml"], other, jobs=1, progress=False)
    names = sorted(p.name for p in (other / "reports/2023/hoa-binh/xa").iterdir()
                   if p.suffix in (".html", ".xlsx", ".csv"))
    assert {"scoring_report.html", "sensitivity.html", "reconciliation.html", "scores.xlsx", "scores.csv"} <= set(names)
    for name in names:
        a = (root / "reports/2023/hoa-binh/xa" / name).read_bytes()
        b = (other / "reports/2023/hoa-binh/xa" / name).read_bytes()
        assert a == b, name


def test_english_report(tmp_path):
    root = copy_project(tmp_path)
    for p in list((root / "params").rglob("*.yaml")):
        if not p.as_posix().endswith("vung-tau/2024-huyen.yaml"):
            p.unlink()
    prm = root / "params" / "vung-tau" / "2024-huyen.yaml"
    text = re.sub(r"notebooks: \[.*\]", "notebooks: [scoring_report]", prm.read_text(encoding="utf-8"))
    text = text.replace("language: vi", "language: en")
    text = re.sub(r"title: .*", "title: DTI report, Vũng Tàu 2024", text)
    prm.write_text(text, encoding="utf-8")
    outcomes = build(None, root, jobs=1, progress=False)
    assert [o.status for o in outcomes] == ["built"], [o.error for o in outcomes]
    page = (root / "reports/2024/vung-tau/huyen/scoring_report.html").read_text(encoding="utf-8")
    assert ">Overall assessment" in page and ">Ranking" in page and "Biểu đồ xếp hạng" not in page
    assert "<title>DTI report, Vũng Tàu 2024</title>" in page


def test_notebook_runs_on_a_chosen_params_file(tmp_path):
    """JupyterLab use: set only params_path in the first cell; the params file's values win."""
    import papermill as pm

    root = copy_project(tmp_path)
    out = tmp_path / "out.ipynb"
    pm.execute_notebook(str(root / "notebooks" / "scoring_report.ipynb"), str(out), kernel_name="dti-kit",
                        parameters={"params_path": "params/vung-tau/2024-huyen.yaml"}, cwd=str(root / "notebooks"),
                        progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    text = "".join(str(o.get("data", {}).get("text/markdown", "")) for c in nb.cells for o in c.get("outputs", []))
    assert "Vũng Tàu" in text and "Hòa Bình" not in text
    assert (root / "reports/2024/vung-tau/huyen/scores.csv").is_file()
