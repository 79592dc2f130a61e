"""``dti-kit designs list/check/new/schema`` and ``score --units/--merge`` through the command line (issue 17)."""
from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import jsonschema
import pandas as pd
import pytest
from conftest import ROOT

from dti_kit._util.safeyaml import safe_load
from dti_kit.authoring import design_schema
from dti_kit.loader import designs_dir

XA = ROOT / "inputs" / "hoa-binh" / "2023-xa-synthetic.csv"
XA_UNITS = ROOT / "inputs" / "hoa-binh" / "2023-xa-units.csv"


def run(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "dti_kit", *map(str, args)], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8")


@pytest.fixture
def project(tmp_path):
    (tmp_path / "designs").mkdir()
    return tmp_path


def _rows(out: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split() for line in out.splitlines()[1:] if line.strip() and not line.startswith(" ")}


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_designs_lists_shipped_and_project_designs_with_their_origin(project):
    assert run("designs", "new", "hoa-binh-2024-xa", "--from", "hoa-binh-2023-xa", cwd=project).returncode == 0
    out = run("designs", cwd=project)
    assert out.returncode == 0, out.stderr
    head = out.stdout.splitlines()[0].split()
    assert "origin" in head
    rows = _rows(out.stdout)
    assert "project" in rows["hoa-binh-2024-xa"] and "2024" in rows["hoa-binh-2024-xa"]
    assert "shipped" in rows["hoa-binh-2023-xa"]
    assert len([r for r in rows.values() if "shipped" in r]) == 11  # the eleven shipped designs


@pytest.mark.slow
def test_designs_new_round_trip_scores_the_same_inputs_identically(project):
    out = run("designs", "new", "hoa-binh-2023-xa-r2", "--from", "hoa-binh-2023-xa", cwd=project)
    assert out.returncode == 0, out.stderr
    assert (project / "designs" / "hoa-binh-2023-xa-r2.yaml").is_file() and "hoa-binh-2023-xa-r2.yaml" in out.stdout
    a = pd.read_csv(io.StringIO(run("score", "hoa-binh-2023-xa", XA, cwd=project).stdout))
    b = pd.read_csv(io.StringIO(run("score", "hoa-binh-2023-xa-r2", XA, cwd=project).stdout))
    num = ["unit_id", "kind", "max_points", "score", "percent", "value", "band", "rank"]
    assert len(a) == len(b) > 30 and a[num].equals(b[num])
    # a second time: the file is there; --force replaces it
    again = run("designs", "new", "hoa-binh-2023-xa-r2", "--from", "hoa-binh-2023-xa", cwd=project)
    assert again.returncode == 2 and "exists already" in again.stderr
    assert run("designs", "new", "hoa-binh-2023-xa-r2", "--from", "hoa-binh-2023-xa", "--force", cwd=project).returncode == 0
    # a usage error: no --from
    assert run("designs", "new", "hoa-binh-2025-xa", cwd=project).returncode == 2


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_designs_check_names_file_line_code_in_both_languages_and_exits_2(project):
    text = (designs_dir() / "hai-duong-2023-so.yaml").read_text(encoding="utf-8")
    text = text.replace("id: hai-duong-2023-so", "id: hai-duong-2024-so", 1).replace("detail: structure", "detail: partial", 1)
    bad = project / "designs" / "hai-duong-2023-so-r3.yaml"
    bad.write_text(text, encoding="utf-8")
    good = designs_dir() / "hoa-binh-2023-xa.yaml"
    out = run("designs", "check", bad, good, cwd=project)
    assert out.returncode == 2 and out.stdout == ""
    problems = [line for line in out.stderr.splitlines() if line.startswith("  - ")]
    # all at once (the id differs from the file name, and from the year; the detail); nothing of the valid file
    assert len(problems) == 3 and all(str(bad) in p for p in problems)
    detail_line = text.splitlines().index("detail: partial") + 1
    wrong_id = next(p for p in problems if "differs from the file name" in p)
    assert f"{bad}, line 1: mã 'hai-duong-2024-so' khác tên tệp 'hai-duong-2023-so-r3' / id 'hai-duong-2024-so' differs" in wrong_id
    detail = next(p for p in problems if "'detail'" in p)
    assert f"{bad}, line {detail_line}: 'detail' phải là full hoặc structure, nhận 'partial' / 'detail' must be" in detail
    ok = run("designs", "check", good)
    assert ok.returncode == 0 and "1 design file(s) valid" in ok.stdout
    missing = run("designs", "check", project / "nope.yaml")
    assert missing.returncode == 2 and "không có tệp này / no such file" in missing.stderr
    assert run("designs", "check").returncode == 2


def test_a_components_problem_names_the_line_that_defines_it(tmp_path):
    """Component 1.2 of hoa-binh-2023-xa is defined on its own line; its code is also a general
    information item's and an erratum's (earlier and later lines): a problem of its max points
    is at the line that defines the component, not where the erratum names it."""
    from dti_kit.authoring import check_design_files

    lines = (designs_dir() / "hoa-binh-2023-xa.yaml").read_text(encoding="utf-8").splitlines()
    defined = lines.index('      - code: "1.2"')
    general = next(i for i, line in enumerate(lines) if '{code: "1.2"' in line)
    erratum = lines.index('    code: "1.2"')
    assert general < defined < erratum
    assert lines[defined + 2] == "        max_points: 20"
    lines[defined + 2] = "        max_points: -20"
    lines[0] = "id: hoa-binh-2024-xa"
    bad = tmp_path / "hoa-binh-2024-xa.yaml"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    located = {p.location for p in check_design_files([bad]) if p.code == "1.2"}
    assert located == {f"line {defined + 1}"}


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_designs_schema_prints_the_schema_every_shipped_design_meets():
    out = run("designs", "schema")
    assert out.returncode == 0
    schema = json.loads(out.stdout)
    assert schema == json.loads(json.dumps(design_schema()))
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(designs_dir().glob("*.yaml")):
        assert list(validator.iter_errors(safe_load(path.read_text(encoding="utf-8")))) == [], path.name


# -- score --units -----------------------------------------------------------------------------

@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_score_units_file_agreeing_with_the_inputs_scores(tmp_path):
    out = run("score", "hoa-binh-2023-xa", XA, "--units", XA_UNITS, "--out", tmp_path / "s.csv")
    assert out.returncode == 0, out.stderr
    assert pd.read_csv(tmp_path / "s.csv")["unit_id"].nunique() == 30


def _units_missing_one_with_an_extra(path):
    """The sample's units file without its first unit (phuong-phuong-lam: in the inputs, not in
    the file) and with one the inputs lack (xa-ma, on the file's last line): (path, dropped, lines)."""
    lines = XA_UNITS.read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("unit_id,"))
    path.write_text("\n".join([*lines[:header + 1], *lines[header + 2:], "xa-ma,Xã Ma,Huyện Ma,xã,1"]) + "\n", encoding="utf-8")
    return path, lines[header + 1].split(",")[0], lines


def _units_with_the_first_unranked(path):
    """The sample's units file with the unit the design ranks first marked ranked = 0 ("tham gia
    đánh giá nhưng không xếp hạng", Hải Dương 2023's rule): (path, ranks without it, first, second)."""
    scores = pd.read_csv(io.StringIO(run("score", "hoa-binh-2023-xa", XA).stdout)).groupby("unit_id")["rank"].first()
    top, second = scores.sort_values().index[:2]
    lines = XA_UNITS.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line[:-1] + "0" if line.startswith(f"{top},") else line for line in lines) + "\n", encoding="utf-8")
    return path, scores, top, second


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_score_units_checked_both_ways(tmp_path):
    units, dropped, lines = _units_missing_one_with_an_extra(tmp_path / "units.csv")
    out = run("score", "hoa-binh-2023-xa", XA, "--units", units, "--out", tmp_path / "s.csv")
    assert out.returncode == 2 and not (tmp_path / "s.csv").exists()
    assert f"unit {dropped!r} of the inputs is not in the units file" in out.stderr
    assert "unit 'xa-ma' of the units file has no inputs" in out.stderr
    assert f"line {len(lines)}" in out.stderr  # the extra unit's line: the file's last



@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_reconcile_with_a_units_file_ranks_as_the_scoring_report(tmp_path):
    # a units file's ranked = 0 unit has no rank by self-assessment or by appraisal, and the
    # others are ranked without it
    units, _, top, second = _units_with_the_first_unranked(tmp_path / "units.csv")
    out = run("reconcile", "hoa-binh-2023-xa", XA, "--units", units, "--out", tmp_path / "rec.csv")
    assert out.returncode == 0, out.stderr
    rec = pd.read_csv(tmp_path / "rec_units.csv").set_index("unit_id")
    assert rec[["rank_appraised"]].loc[top].isna().all() and rec.loc[second, "rank_appraised"] == 1
    with_units = pd.read_csv(io.StringIO(run("score", "hoa-binh-2023-xa", XA, "--units", units).stdout)).groupby("unit_id")["rank"].first()
    assert rec["rank_appraised"].dropna().astype(int).to_dict() == with_units.dropna().astype(int).to_dict()
    # a units file that lacks a unit of the inputs, and names one without inputs: both said, nothing written
    bad, dropped, _ = _units_missing_one_with_an_extra(tmp_path / "bad.csv")
    out = run("reconcile", "hoa-binh-2023-xa", XA, "--units", bad, "--out", tmp_path / "r2.csv")
    assert out.returncode == 2 and not list(tmp_path.glob("r2*"))
    assert f"unit {dropped!r} of the inputs is not in the units file" in out.stderr
    assert "unit 'xa-ma' of the units file has no inputs" in out.stderr


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_sensitivity_with_a_units_file_analyses_the_ranked_units(tmp_path):
    units, scores, top, second = _units_with_the_first_unranked(tmp_path / "units.csv")
    out = run("sensitivity", "hoa-binh-2023-xa", XA, "--units", units, "--draws", "50", "--sobol-base", "16")
    assert out.returncode == 0, out.stderr
    main = pd.read_csv(io.StringIO(out.stdout)).set_index("unit_id")
    # the unit scored but not ranked has no rank to be robust: the 29 others, ranked without it
    assert top not in main.index and len(main) == len(scores) - 1 and main.loc[second, "rank"] == 1

# -- score --merge -----------------------------------------------------------------------------

def _scores(cwd=ROOT) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(run("score", "hoa-binh-2023-xa", XA, cwd=cwd).stdout))


def _mapping(tmp_path, ids, three):
    p = tmp_path / "mapping.csv"
    rows = [("unit_id", "new_unit_id", "new_unit_name")]
    rows += [(u, "xa-moi", "Xã Mới") if u in three else (u, u, u) for u in ids]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    p.write_text(buf.getvalue(), encoding="utf-8")
    return p


@pytest.mark.slow  # a CLI process or a report's HTML: make test only (make check stays under a minute)
def test_score_merge_writes_the_new_units_each_indicator_the_mean_of_its_former_units(tmp_path):
    former = _scores()
    ids = list(dict.fromkeys(former["unit_id"]))
    three, alone = ids[:3], ids[3]
    mapping = _mapping(tmp_path, ids, three)
    out = run("score", "hoa-binh-2023-xa", XA, "--merge", mapping, "--out", tmp_path / "new.csv")
    assert out.returncode == 0, out.stderr
    new = pd.read_csv(tmp_path / "new.csv")
    assert new["unit_id"].nunique() == 28  # 30 communes, three of them now one
    ind = former[(former["kind"] == "indicator") & former["unit_id"].isin(three)]
    for code, grp in ind.groupby("code"):
        row = new[(new["unit_id"] == "xa-moi") & (new["code"] == code)].iloc[0]
        assert row["score"] == pytest.approx(grp["score"].mean(), abs=0.005) and row["former_units"] == 3
    total = new[(new["unit_id"] == "xa-moi") & (new["kind"] == "total")].iloc[0]
    mean_total = former[(former["kind"] == "total") & former["unit_id"].isin(three)]["score"].mean()
    assert total["score"] == pytest.approx(mean_total, abs=0.005)  # the CSV has 2 decimals
    assert total["percent"] == pytest.approx(mean_total / total["max_points"] * 100, abs=0.01)
    # a unit that merges alone keeps its values
    was = former[(former["unit_id"] == alone) & (former["kind"] == "total")].iloc[0]
    now = new[(new["unit_id"] == alone) & (new["kind"] == "total")].iloc[0]
    assert (now["score"], now["percent"], now["former_units"]) == (pytest.approx(was["score"]), pytest.approx(was["percent"]), 1)
    # ranks among the 28 new units: 1..28, by percent
    totals = new[new["kind"] == "total"].sort_values("rank")
    assert sorted(totals["rank"]) == list(range(1, 29)) and totals["percent"].is_monotonic_decreasing


@pytest.mark.slow  # a CLI process or a report's HTML: make test only (make check stays under a minute)
def test_score_merge_input_errors_exit_2_and_write_nothing(tmp_path):
    ids = list(dict.fromkeys(_scores()["unit_id"]))
    mapping = _mapping(tmp_path, ids[1:] + ["xa-khong-co"], ids[1:4])  # first unit missing; one row without scores
    out = run("score", "hoa-binh-2023-xa", XA, "--merge", mapping, "--out", tmp_path / "new.csv")
    assert out.returncode == 2 and not (tmp_path / "new.csv").exists()
    assert f"unit {ids[0]!r} is scored but not in the mapping file" in out.stderr
    assert "unit 'xa-khong-co' of the mapping has no scores" in out.stderr and f"line {len(ids) + 1}" in out.stderr
    no_out = run("score", "hoa-binh-2023-xa", XA, "--merge", mapping)
    assert no_out.returncode == 2 and "--merge needs --out" in no_out.stderr
