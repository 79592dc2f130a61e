"""Levels are data (issue 17): a design for the communes of the two-level government (from 1 July
2025: xã, phường, đặc khu), or for a level no shipped design has, is written, scored and templated
like any other; the reader's word for the units comes from the units file's kinds."""
from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from conftest import ROOT

from dti_kit.authoring import new_design
from dti_kit.loader import load_design
from dti_kit.units import kinds_word, read_units

XA = ROOT / "inputs" / "hoa-binh" / "2023-xa-synthetic.csv"


def run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "dti_kit", *map(str, args)], cwd=cwd, capture_output=True, text=True, encoding="utf-8")


def _units_2025(tmp_path):
    """The sample's 30 units as communes, wards and one special zone of a 2025 province."""
    lines = (ROOT / "inputs" / "hoa-binh" / "2023-xa-units.csv").read_text(encoding="utf-8").splitlines()[2:]
    rows = [lines[0]]
    for i, line in enumerate(lines[1:]):
        uid, name, _, kind, ranked = line.split(",")
        rows.append(",".join((uid, name, "", "đặc khu" if i == 29 else kind.replace("thị trấn", "xã"), ranked)))
    path = tmp_path / "units-2025.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_a_2025_commune_design_scores_with_a_units_file_of_xa_phuong_dac_khu(tmp_path):
    (tmp_path / "designs").mkdir()
    new_design("phu-tho-2025-xa", "hoa-binh-2023-xa", root=tmp_path)
    d = load_design("phu-tho-2025-xa", tmp_path)
    assert (d.year, d.level) == (2025, "xa")
    units = _units_2025(tmp_path)
    out = run("score", "phu-tho-2025-xa", XA, "--units", units, "--out", tmp_path / "s.csv", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert pd.read_csv(tmp_path / "s.csv").query("kind == 'total'")["rank"].max() <= 30
    u = read_units(units)
    # the sample lists its wards first, then communes; the last unit is the special zone
    assert kinds_word(u) == "phường, xã, đặc khu"
    assert kinds_word(u, "en") == "wards, communes, special zones"


@pytest.mark.slow
def test_a_design_for_a_level_no_shipped_design_has_is_listed_scored_and_templated(tmp_path):
    (tmp_path / "designs").mkdir()
    new_design("phu-tho-2025-capxa", "hoa-binh-2023-xa", root=tmp_path)
    listed = run("designs", cwd=tmp_path)
    row = next(line.split() for line in listed.stdout.splitlines() if line.startswith("phu-tho-2025-capxa"))
    assert row[3:5] == ["capxa", "2025"] and "project" in row
    a = run("score", "hoa-binh-2023-xa", XA, cwd=tmp_path)
    b = run("score", "phu-tho-2025-capxa", XA, cwd=tmp_path)
    assert a.returncode == b.returncode == 0 and a.stdout == b.stdout  # the same inputs, the same scores
    forms = run("template", "phu-tho-2025-capxa", "--out", tmp_path / "forms.xlsx", cwd=tmp_path)
    assert forms.returncode == 0, forms.stderr
    assert (tmp_path / "forms.xlsx").stat().st_size > 0
