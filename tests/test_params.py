"""Params files are refused, with every problem named, before anything runs."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from dti_kit.errors import ParamsError
from dti_kit.publish.params import discover, load_params
from dti_kit.publish.pipeline import build


def test_every_shipped_params_file_is_valid():
    paths = discover(ROOT)
    assert len(paths) >= 11
    for p in paths:
        prm = load_params(p, ROOT)
        assert prm.notebooks and all((ROOT / "notebooks" / f"{nb}.ipynb").is_file() for nb in prm.notebooks)


def test_output_dir_and_parameters():
    prm = load_params(Path("params/hoa-binh/2023-huyen.yaml"), ROOT)
    assert prm.output_dir() == Path("reports/2023/hoa-binh/huyen")
    pp = prm.notebook_parameters("scoring_report")
    assert pp["design_id"] == "hoa-binh-2023-huyen" and pp["language"] == "vi"
    assert pp["inputs"] == ["inputs/hoa-binh/2023-huyen-synthetic.csv"]


def _write(root: Path, text: str) -> Path:
    p = root / "params" / "x" / "2023-huyen.yaml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    (root / "notebooks").mkdir(exist_ok=True)
    (root / "notebooks" / "scoring_report.ipynb").write_text("{}", encoding="utf-8")
    (root / "inputs").mkdir(exist_ok=True)
    (root / "inputs" / "a.csv").write_text("unit_id,code,variable,value\n", encoding="utf-8")
    return p


def test_refused_with_every_problem(tmp_path):
    p = _write(tmp_path, "design: nope-2023-huyen\ninputs: ../../etc/passwd\nlanguage: fr\ncolour: red\nnotebooks: [scoring_report, ghost]\nna_policy: median\n")
    with pytest.raises(ParamsError) as exc:
        load_params(p, tmp_path)
    text = str(exc.value)
    for needle in ("unknown key 'colour'", "unknown design 'nope-2023-huyen'", "outside the project", "language must be vi or en",
                   "notebook 'ghost' does not exist", "na_policy must be one of"):
        assert needle in text, needle
    assert "params/x/2023-huyen.yaml" in text


def test_absolute_path_and_symlink_escape(tmp_path):
    p = _write(tmp_path, "design: hoa-binh-2023-huyen\ninputs: /etc/hostname\n")
    with pytest.raises(ParamsError, match="outside the project"):
        load_params(p, tmp_path)
    (tmp_path / "inputs" / "link").symlink_to("/etc")
    p = _write(tmp_path, "design: hoa-binh-2023-huyen\ninputs: inputs/link/hostname\n")
    with pytest.raises(ParamsError, match="outside the project"):
        load_params(p, tmp_path)


def test_build_refuses_before_running_anything(tmp_path):
    _write(tmp_path, "design: hoa-binh-2023-huyen\ninputs: inputs/missing.csv\n")
    with pytest.raises(ParamsError, match="does not exist"):
        build(None, tmp_path, progress=False)
    assert not (tmp_path / "reports").exists(), "nothing written"


def test_params_know_the_na_policies_without_importing_numpy():
    # publish.params repeats the list so that reading params stays light; it must be the same list
    from dti_kit.na import NA_METHODS
    from dti_kit.publish.params import NA_POLICIES

    assert NA_POLICIES == NA_METHODS


def test_a_folder_names_every_params_file_below_it():
    """``dti-kit build params/comparison`` builds the four comparison levels; a folder with no
    params file is refused by name, as a file that cannot be read."""
    from dti_kit.publish.pipeline import plan

    params, todo, _ = plan(["params/comparison"], ROOT, force=True)
    assert [p.path.as_posix() for p in params] == [f"params/comparison/{lv}.yaml" for lv in ("huyen", "so", "tinh", "xa")]
    assert {j.key for j in todo} == {f"params/comparison/{lv}.yaml::design_comparison" for lv in ("huyen", "so", "tinh", "xa")}
    with pytest.raises(ParamsError) as exc:
        plan(["notebooks"], ROOT)
    assert [(q.source, q.message) for q in exc.value.problems] == [("notebooks", "a folder with no params files (*.yaml)")]
