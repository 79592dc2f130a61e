"""A form made for another assessment year is refused (issue 14, point 11): by ``dti-kit score
--year`` and by the build of a params file ``params/<province>/<year>-<level>.yaml``, whose
path gives the report's year; exit 2, the form and both years named, the last good report kept."""
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

from dti_kit.forms import write_forms
from dti_kit.inputs import read_inputs
from dti_kit.loader import load_design

DESIGN = "hai-duong-2023-huyen"
SAMPLE = ROOT / "inputs" / "hai-duong" / "2023-huyen-synthetic.csv"


def _cli(*args, cwd):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "dti_kit", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=600)


def _forms(path, year):
    """The sample's twelve districts, filled in one workbook made for ``year``."""
    long = read_inputs(SAMPLE)
    units = list(dict.fromkeys(zip(long["unit_id"], long["unit_name"])))
    return write_forms(load_design(DESIGN), path, units, values=long, year=year)[0]


@pytest.mark.slow  # subprocesses / thirty workbooks: make test, not make check
def test_score_year_refuses_a_form_of_another_year_naming_the_form_and_both_years(tmp_path):
    form = _forms(tmp_path / "2023-forms.xlsx", 2023)
    ok = _cli("score", DESIGN, str(form), "--year", "2023", cwd=tmp_path)
    assert ok.returncode == 0 and ok.stdout.startswith("unit_id,code,kind")
    bad = _cli("score", DESIGN, str(form), "--year", "2024", "--out", str(tmp_path / "s.csv"), cwd=tmp_path)
    assert bad.returncode == 2
    assert f"{form}: biểu mẫu của năm 2023, cần năm 2024 / a form for the year 2023, expected 2024" in bad.stderr
    assert not (tmp_path / "s.csv").exists()
    # without --year a design serves several years: the form's own year is not checked
    assert _cli("score", DESIGN, str(form), cwd=tmp_path).returncode == 0


@pytest.mark.slow
def test_a_build_for_2024_refuses_a_form_made_for_2023_and_keeps_the_last_good_report(tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    forms = root / "inputs" / "hai-duong" / "2024-huyen-forms"
    forms.mkdir(parents=True)
    form = _forms(forms / "huyen.xlsx", 2024)
    params = root / "params" / "hai-duong" / "2024-huyen.yaml"
    params.parent.mkdir(parents=True)
    # the 2023 decision still in force for 2024: the year comes from the params file's path
    params.write_text(f"design: {DESIGN}\ninputs: inputs/hai-duong/2024-huyen-forms\nlanguage: vi\n"
                      "title: \"Hải Dương 2024 (dữ liệu mẫu)\"\nauthor: \"dti-kit tests\"\nnotebooks: [scoring_report]\n",
                      encoding="utf-8")
    first = _cli("build", "--no-progress", "--jobs", "1", cwd=root)
    assert first.returncode == 0, first.stderr
    out = root / "reports" / "2024" / "hai-duong" / "huyen"
    good = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")}
    assert {"scoring_report.html", "scores.csv"} <= set(good)

    # a clerk sends last year's form back: same design, same layout, made for 2023
    _forms(form, 2023)
    second = _cli("build", "--no-progress", "--jobs", "1", cwd=root)
    assert second.returncode == 2, second.stderr
    rel = "inputs/hai-duong/2024-huyen-forms/huyen.xlsx"
    # refused with the params files' checks, before any notebook runs (exit 2, nothing written)
    assert "nothing was built" in second.stderr and rel in second.stderr
    assert "a form for the year 2023, expected 2024" in second.stderr
    # the report, its notebook, scores.csv and scores.xlsx: every byte of the last good build
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.name in good} == good
    assert not (out / "scoring_report.failed.html").exists()
