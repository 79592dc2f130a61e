"""One read and one scoring per report (issue "Reports at a real province's size"):
``report.data.load_report_data`` reads the inputs, scores them with the units file's
``ranked = 0`` units left out of the ranking, scores last year's inputs under last year's
design, and compares each new unit with its merged former units.

Design: Bắc Kạn cấp Sở (Điều 4.1: main indicators of 75, 40, 50, 45, 150, 240 = 600 points).
"""
import pandas as pd
import pytest

from dti_kit import InputError
from dti_kit.report.data import load_report_data

THIS_YEAR = {"a": (60, 30, 40, 40, 120, 200), "b": (45, 20, 30, 25, 90, 150), "c": (70, 35, 45, 40, 140, 230)}
LAST_YEAR = {"p": (30, 10, 20, 10, 60, 100), "q": (60, 30, 40, 40, 120, 200), "c": (75, 40, 50, 45, 150, 240)}


def _csv(path, units):
    rows = [(u, f"Đơn vị {u.upper()}", str(i + 1), "appraised_score", v) for u, pts in units.items() for i, v in enumerate(pts)]
    pd.DataFrame(rows, columns=["unit_id", "unit_name", "code", "variable", "value"]).to_csv(path, index=False)
    return str(path)


def test_a_unit_assessed_but_not_ranked_is_scored_and_the_others_are_ranked_without_it(tmp_path):
    # Hải Dương 2023: "Thanh tra tỉnh ... tham gia đánh giá nhưng không xếp hạng"
    units = tmp_path / "units.csv"
    units.write_text("unit_id,unit_name,parent,kind,ranked\na,Đơn vị A,,sở,1\nb,Đơn vị B,,sở,1\nc,Đơn vị C,,sở,0\n", encoding="utf-8")
    data = load_report_data("bac-kan-2022-so", [_csv(tmp_path / "in.csv", THIS_YEAR)], units=str(units))
    t = data.result.totals().set_index("unit_id")
    # c has the most points (560) but is not ranked; a (490) is first, b (360) second
    assert t.loc["c", "score"] == 560 and pd.isna(t.loc["c", "rank"])
    assert (t.loc["a", "rank"], t.loc["b", "rank"]) == (1, 2)
    assert data.units.unranked == frozenset({"c"}) and data.parents() == {}


def test_last_years_former_units_are_merged_by_the_mean_rule_for_the_change(tmp_path):
    mapping = tmp_path / "mapping.csv"
    # a = mean of p and q last year: (30+60)/2 = 45, 20, 30, 25, 90, 150 = 360; b has no former unit; c alone
    mapping.write_text("unit_id,new_unit_id,new_unit_name\np,a,Đơn vị A\nq,a,Đơn vị A\nc,c,Đơn vị C\n", encoding="utf-8")
    data = load_report_data("bac-kan-2022-so", [_csv(tmp_path / "in.csv", THIS_YEAR)], [_csv(tmp_path / "last.csv", LAST_YEAR)],
                            previous_mapping=str(mapping))
    ch = data.change.table.set_index("unit_id")
    assert ch.loc["a", "last_score"] == 360 and ch.loc["a", "score"] == 490 and ch.loc["a", "change_score"] == 130
    assert ch.loc["c", "last_score"] == 600 and ch.loc["c", "change_score"] == -40
    assert pd.isna(ch.loc["b", "last_score"])
    assert data.change.basis == "total"
    assert [i for i, _ in data.change.notes] == ["own.change_mean_rule", "own.change_no_former"]


def test_a_units_file_that_names_a_unit_without_inputs_is_refused(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("unit_id,unit_name,ranked\na,Đơn vị A,1\nb,Đơn vị B,1\nc,Đơn vị C,1\nzz,Đơn vị ZZ,0\n", encoding="utf-8")
    with pytest.raises(InputError, match="zz"):
        load_report_data("bac-kan-2022-so", [_csv(tmp_path / "in.csv", THIS_YEAR)], units=str(units))


def test_a_unit_of_the_inputs_missing_from_the_units_file_is_named_with_the_file(tmp_path):
    units = tmp_path / "units.csv"
    units.write_text("unit_id,unit_name,ranked\na,Đơn vị A,1\nb,Đơn vị B,1\n", encoding="utf-8")
    with pytest.raises(InputError) as exc:
        load_report_data("bac-kan-2022-so", [_csv(tmp_path / "in.csv", THIS_YEAR)], units=str(units))
    (problem,) = exc.value.problems
    assert problem.unit_id == "c" and problem.source == str(units)



@pytest.mark.slow  # builds three reports
def test_the_three_reports_of_a_params_file_leave_the_same_unit_unranked(tmp_path):
    """Hải Dương 2023's rule ("tham gia đánh giá nhưng không xếp hạng"), given by a units file
    (ranked = 0): the scoring report, the sensitivity analysis and the reconciliation of one
    params file rank the same units, from the one scoring of the build, the units file read with it."""
    import shutil

    from conftest import ROOT, without_pdf

    from dti_kit import load_design, read_inputs, score_units
    from dti_kit.publish.pipeline import build

    root = tmp_path / "project"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "params/hoa-binh").mkdir(parents=True)
    shutil.copy(ROOT / "params/hoa-binh/2023-xa.yaml", root / "params/hoa-binh/2023-xa.yaml")
    (root / "inputs/hoa-binh").mkdir(parents=True)
    for name in ("2023-xa-synthetic.csv", "2022-xa-synthetic.csv"):
        shutil.copy(ROOT / "inputs/hoa-binh" / name, root / "inputs/hoa-binh" / name)
    without_pdf(root)
    # the unit the design ranks first, and second, without a units file
    ranks = score_units(load_design("hoa-binh-2023-xa"), read_inputs(root / "inputs/hoa-binh/2023-xa-synthetic.csv")).totals()
    top, second = ranks.sort_values("rank")["unit_id"].iloc[:2]
    lines = (ROOT / "inputs/hoa-binh/2023-xa-units.csv").read_text(encoding="utf-8").splitlines()
    assert sum(line.startswith(f"{top},") and line.endswith(",1") for line in lines) == 1  # ranked is the last column
    (root / "inputs/hoa-binh/2023-xa-units.csv").write_text(
        "\n".join(line[:-1] + "0" if line.startswith(f"{top},") else line for line in lines) + "\n", encoding="utf-8")

    outcomes = build(None, root, jobs=2, progress=False)
    assert [o.status for o in outcomes] == ["built"] * 3, [(o.notebook, o.error) for o in outcomes]
    out = root / "reports/2023/hoa-binh/xa"
    scores = pd.read_csv(out / "scores.csv").groupby("unit_id")["rank"].first()
    sens = pd.read_csv(out / "sensitivity-units.csv").set_index("unit_id")["rank"]
    rec = pd.read_csv(out / "reconciliation_units.csv").set_index("unit_id")
    assert pd.isna(scores[top]) and scores[second] == 1
    assert top not in sens.index and sens[second] == 1  # the analysis ranks the ranked units only
    assert sens.to_dict() == scores.dropna().astype(int).to_dict()
    assert pd.isna(rec.loc[top, "rank_appraised"]) and rec.loc[second, "rank_appraised"] == 1


def test_the_notebook_functions_of_earlier_releases_still_work(tmp_path):
    # a project's notebooks/ are its own copies, made by an earlier dti-kit: they call
    # load(...) → (design, long) and unranked(units); a new release must not break them
    from dti_kit.publish.notebook import load, load_data, unranked

    units = tmp_path / "units.csv"
    units.write_text("unit_id,unit_name,parent,kind,ranked\na,Đơn vị A,,sở,1\nb,Đơn vị B,,sở,1\nc,Đơn vị C,,sở,0\n", encoding="utf-8")
    inputs = [_csv(tmp_path / "in.csv", THIS_YEAR)]
    design, long = load("bac-kan-2022-so", inputs, units=str(units))
    assert design.id == "bac-kan-2022-so" and set(long["unit_id"]) == {"a", "b", "c"}
    assert unranked(str(units)) == frozenset({"c"}) and unranked("") == frozenset()
    data = load_data("bac-kan-2022-so", inputs, units=str(units))
    assert data.result.unranked == frozenset({"c"}) and data.long.equals(long)
