"""The dti-kit command line: designs, designs show, score, and bad input (exit status 2)."""
from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from conftest import ROOT


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "dti_kit", *args], cwd=cwd, capture_output=True, text=True, encoding="utf-8")


def test_designs_lists_the_eleven():
    out = run("designs")
    assert out.returncode == 0
    lines = out.stdout.strip().splitlines()
    assert lines[0].split()[:3] == ["id", "province", "level"]
    rows = [line for line in lines[1:12]]
    assert len(rows) == 11 and lines[12] == "" and "structure designs" in lines[13]
    row = next(line for line in lines if line.startswith("hoa-binh-2023-huyen"))
    assert "Hòa Bình" in row and "1000" in row and "full" in row and row.split()[-1] == "61"


def test_designs_shows_the_component_counts_the_texts_state():
    # The four structure designs list no components. Bắc Kạn's decision states the counts
    # (sở: 41 components, Điều 4.1; huyện: 86; xã: 61); Hải Dương's news item states none.
    rows = {line.split()[0]: line for line in run("designs").stdout.splitlines()[1:12]}
    assert rows["bac-kan-2022-so"].endswith("structure  41 (stated)")
    assert rows["bac-kan-2022-huyen"].endswith("86 (stated)") and rows["bac-kan-2022-xa"].endswith("61 (stated)")
    assert rows["hai-duong-2023-so"].endswith("— (not in the text)")
    assert rows["hai-duong-2023-huyen"].endswith("— (not in the text)")
    assert not any(line.endswith(" 0") for line in rows.values())


def test_component_count_sums_the_main_indicators_when_the_design_states_none():
    from dataclasses import replace

    from dti_kit import load_design
    from dti_kit.cli.designs import component_count

    # Bắc Kạn huyện states 86 design-wide and, per main indicator, 6+9+7+8+9+3+18+15+11 = 86
    d = load_design("bac-kan-2022-huyen")
    assert component_count(d) == (86, False)
    assert component_count(replace(d, stated_components=None)) == (86, False)
    assert component_count(load_design("hai-duong-2023-so")) == (None, False)
    assert component_count(load_design("hoa-binh-2023-so")) == (39, True)


def test_designs_show_has_offices_and_errata():
    out = run("designs", "show", "ninh-thuan-2022-tinh")
    assert out.returncode == 0
    assert "phụ trách:" in out.stdout and "Errata" in out.stdout
    js = json.loads(run("designs", "show", "hoa-binh-2023-huyen", "--json").stdout)
    assert js["scale"] == 1000 and len(js["main_indicators"]) == 8 and js["errata"]
    comp = js["main_indicators"][5]["components"][3]
    assert comp["code"] == "6.4" and comp["rule"].startswith("ratio")


def test_unknown_design_exit_2():
    out = run("designs", "show", "nope-2020-xa")
    assert out.returncode == 2 and "unknown design" in out.stderr


def _csv(tmp_path, rows, name="in.csv"):
    p = tmp_path / name
    pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"]).to_csv(p, index=False)
    return p


def test_score_writes_tidy_csv(tmp_path):
    # Bắc Kạn huyện: 1–5 foundation (70, 90, 70, 60, 80), 6 smart city (0, not scored), 7–9 activity
    rows = [("u1", m, "appraised_score", s) for m, s in zip("12345789", (40, 30, 50, 60, 70, 230, 150, 100))]
    rows += [("u2", m, "appraised_score", s) for m, s in zip("12345789", (50, 30, 50, 60, 70, 230, 150, 100))]
    p = _csv(tmp_path, rows)
    out = tmp_path / "out.csv"
    res = run("score", "bac-kan-2022-huyen", str(p), "--out", str(out))
    assert res.returncode == 0, res.stderr
    df = pd.read_csv(out)
    assert list(df.columns) == ["unit_id", "code", "kind", "max_points", "score", "percent", "value", "band", "rank"]
    tot = df[(df.code == "TOTAL")].set_index("unit_id")
    # u1 = 40+30+50+60+70+230+150+100 = 730 of 1000 → 73 % → Nâng cao, rank 2; u2 740 → rank 1
    assert tot.loc["u1", "score"] == 730 and tot.loc["u1", "band"] == "Nâng cao" and tot.loc["u1", "rank"] == 2
    cqs = df[(df.code == "CQS") & (df.unit_id == "u1")].iloc[0]
    # CQS = foundation 40+30+50+60+70 (+0 smart city) + 230 = 480 of 600 = 80 % → Dẫn dắt
    assert cqs["kind"] == "pillar" and cqs["score"] == 480 and cqs["percent"] == pytest.approx(80) and cqs["band"] == "Dẫn dắt"
    assert set(df["kind"]) == {"indicator", "pillar", "total"}


def test_bad_input_exit_2_every_problem_nothing_written(tmp_path):
    rows = [("u1", "6.4", "a", 50), ("u1", "6.4", "b", 40), ("u1", "6.6", "a", "nhiều"), ("u1", "6.6", "b", 0),
            ("u1", "99", "a", 1), ("u1", "6.4", "a", 1)]
    p = _csv(tmp_path, rows)
    out = tmp_path / "out.csv"
    out.write_text("last good\n", encoding="utf-8")
    res = run("score", "hoa-binh-2023-huyen", str(p), "--out", str(out))
    assert res.returncode == 2
    err = res.stderr
    assert str(p) in err and "line 2" in err and "code 6.4" in err and "variable a" in err
    assert "above denominator" in err and "not a number" in err and "unknown code '99'" in err and "line 7" in err
    assert out.read_text(encoding="utf-8") == "last good\n"  # the last good output is kept


def test_missing_column_named(tmp_path):
    p = tmp_path / "bad.csv"
    p.write_text("unit_id,code,value\nu,1,2\n", encoding="utf-8")
    res = run("score", "hoa-binh-2023-huyen", str(p))
    assert res.returncode == 2 and "missing column 'variable'" in res.stderr and "bad.csv" in res.stderr


def test_na_policy_override(tmp_path):
    rows = []
    for u, s in (("a", 50), ("b", 30), ("c", None)):
        for m, pts in zip("12345678", (50, 50, 50, 50, 50, 150, 100, 100)):
            if m == "8" and s is None:
                rows.append((u, m, "na", 1))
            else:
                rows.append((u, m, "appraised_score", s if m == "8" else pts / 2))
    p = _csv(tmp_path, rows)
    out = tmp_path / "o.csv"
    assert run("score", "hai-duong-2023-huyen", str(p), "--out", str(out)).returncode == 0
    df = pd.read_csv(out).set_index(["unit_id", "code"])
    # exclude (Hải Dương point 4): c has 250 of 600 − 100 → 50 %
    assert df.loc[("c", "TOTAL"), "percent"] == pytest.approx(250 / 500 * 100)
    assert run("score", "hai-duong-2023-huyen", str(p), "--out", str(out), "--na-policy", "peer-mean").returncode == 0
    df = pd.read_csv(out).set_index(["unit_id", "code"])
    assert df.loc[("c", "8"), "score"] == pytest.approx(40)  # mean of 50 and 30


def test_exported_csv_neutralises_formulas(tmp_path):
    rows = [("=HYPERLINK(\"http://x\")", m, "appraised_score", 10) for m in "12345678"]
    p = _csv(tmp_path, rows)
    out = tmp_path / "o.csv"
    assert run("score", "hai-duong-2023-huyen", str(p), "--out", str(out)).returncode == 0
    text = out.read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "\n=HYPERLINK" not in text
