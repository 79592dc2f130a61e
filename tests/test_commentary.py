"""Analyst commentary: placed at its section, placeholders filled from the results, stale
numbers refreshed, unknown keys and placeholders reported with file and line."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import long_table

from dti_kit import load_design, score_units
from dti_kit.publish.params import load_params
from dti_kit.publish.scaffold import new_report
from dti_kit.report.commentary import Commentary, CommentaryError, parse, scaffold

POINTS = {"1": 70, "2": 90, "3": 70, "4": 60, "5": 80, "7": 230, "8": 190, "9": 210}


def result(shares):
    d = load_design("bac-kan-2022-huyen")
    return score_units(d, long_table({u: {c: {"appraised_score": p * s} for c, p in POINTS.items()} for u, s in shares.items()}))


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "2022-huyen.commentary.md"
    p.write_text(text, encoding="utf-8")
    return p


def test_placeholders_filled(tmp_path):
    p = write(tmp_path, '## Tóm tắt {#summary}\nLạc Sơn: hạng {{ unit:"Lạc Sơn" rank }}, {{ unit:"Lạc Sơn" percent }}%; '
                        '{{ count band:"Dẫn dắt" }} đơn vị dẫn dắt; bình quân {{ mean_percent }}%; dẫn đầu {{ leader }}.\n')
    c = Commentary(p, result({"Lạc Sơn": 0.8, "Đà Bắc": 0.5, "Mai Châu": 0.9}))
    # totals 800, 500, 900 of 1000 → Lạc Sơn rank 2 at 80%; Dẫn dắt (> 75%): Lạc Sơn and Mai Châu = 2;
    # mean (80 + 50 + 90) / 3 = 73.3%
    assert c.text("summary") == "Lạc Sơn: hạng 2, 80,0%; 2 đơn vị dẫn dắt; bình quân 73,3%; dẫn đầu Mai Châu."


def test_stale_number_refreshed_after_input_change(tmp_path):
    p = write(tmp_path, '## Xếp hạng {#ranking}\nĐà Bắc xếp hạng {{ unit:"Đà Bắc" rank }}.\n')
    assert Commentary(p, result({"Lạc Sơn": 0.8, "Đà Bắc": 0.5})).text("ranking") == "Đà Bắc xếp hạng 2."
    assert Commentary(p, result({"Lạc Sơn": 0.8, "Đà Bắc": 0.95})).text("ranking") == "Đà Bắc xếp hạng 1."


def test_unknown_placeholder_names_file_and_line(tmp_path):
    p = write(tmp_path, "## Tóm tắt {#summary}\nDòng một.\nDòng hai {{ median_percent }}.\n")
    with pytest.raises(CommentaryError) as exc:
        Commentary(p, result({"a": 0.5}))
    prob = exc.value.problems[0]
    assert prob.source == str(p) and prob.location == "line 3" and "median_percent" in prob.message


def test_unknown_key_is_reported_not_dropped(tmp_path):
    p = write(tmp_path, "## Tóm tắt {#summary}\nA.\n\n## Phụ lục riêng {#annex}\nGiữ lại đoạn này.\n")
    c = Commentary(p, result({"a": 0.5}))
    bad = c.unused()
    assert [(s.key, s.line, s.text) for s in bad] == [("annex", 4, "Giữ lại đoạn này.")]
    assert c.text("annex") == "Giữ lại đoạn này."


def test_scaffold_has_every_section():
    d = load_design("hoa-binh-2023-huyen")
    text = scaffold(d)
    keys = [s.key for s in parse_text(text)]
    assert keys[:3] == ["summary", "ranking", "indicators"]
    assert [k for k in keys if k.startswith("indicator ")] == [f"indicator {m.code}" for m in d.scored_indicators()]
    assert keys[-2:] == ["components", "recommendations"]


def parse_text(text):
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".md", delete=False, encoding="utf-8") as f:
        f.write(text)
    return parse(Path(f.name))


def test_new_report_scaffolds_params_and_commentary(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "scoring_report.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "x.csv").write_text("unit_id,code,variable,value\n", encoding="utf-8")
    params, comm = new_report("Hòa Bình", 2024, "huyen", "hoa-binh-2023-huyen", "inputs/x.csv", root=tmp_path)
    assert params == tmp_path / "params" / "hoa-binh" / "2024-huyen.yaml"
    prm = load_params(params, tmp_path)
    assert prm.design_id == "hoa-binh-2023-huyen" and prm.inputs == ("inputs/x.csv",)
    assert "{#summary}" in comm.read_text(encoding="utf-8")
    from dti_kit.errors import ParamsError

    with pytest.raises(ParamsError, match="exists already"):
        new_report("Hòa Bình", 2024, "huyen", "hoa-binh-2023-huyen", "inputs/x.csv", root=tmp_path)


def test_new_report_force_refused_puts_back_the_params_and_commentary_it_replaced(tmp_path):
    """``new-report --force`` onto an analyst's params file and written commentary, with inputs
    the check refuses (the file does not exist): both files are as they were, byte for byte."""
    from dti_kit.errors import ParamsError

    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "scoring_report.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / "inputs").mkdir()
    (tmp_path / "inputs" / "x.csv").write_text("unit_id,code,variable,value\n", encoding="utf-8")
    params, comm = new_report("Hòa Bình", 2024, "huyen", "hoa-binh-2023-huyen", "inputs/x.csv", root=tmp_path)
    comm.write_text("## Tóm tắt {#summary}\n\nNhận định của chuyên viên.\n", encoding="utf-8")
    before = {p: p.read_bytes() for p in (params, comm)}
    with pytest.raises(ParamsError, match="missing.csv"):
        new_report("Hòa Bình", 2024, "huyen", "hoa-binh-2023-huyen", "inputs/missing.csv", root=tmp_path, force=True)
    assert {p: p.read_bytes() for p in (params, comm)} == before
    assert sorted(p.name for p in params.parent.iterdir()) == ["2024-huyen.commentary.md", "2024-huyen.yaml"]
