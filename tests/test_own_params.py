"""Params ``units`` and ``previous_mapping``, project designs in params, and the build's hashes (issue 17)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from dti_kit.authoring import new_design
from dti_kit.errors import ParamsError
from dti_kit.publish.params import load_params
from dti_kit.publish.pipeline import MANIFEST, plan

PARAMS = ("design: hoa-binh-2023-xa-r2\ninputs: inputs/hoa-binh/2023-xa-synthetic.csv\nunits: units.csv\n"
          "previous_mapping: mapping.csv\nnotebooks: [w]\n")
REL = "params/hoa-binh/2023-xa.yaml"


@pytest.fixture
def project(tmp_path):
    shutil.copytree(ROOT / "inputs" / "hoa-binh", tmp_path / "inputs" / "hoa-binh")
    shutil.copy(ROOT / "inputs" / "hoa-binh" / "2023-xa-units.csv", tmp_path / "units.csv")
    ids = [line.split(",")[0] for line in (tmp_path / "units.csv").read_text(encoding="utf-8").splitlines()[3:]]
    (tmp_path / "mapping.csv").write_text("unit_id,new_unit_id,new_unit_name\n" + "".join(f"{u},moi,Xã Mới\n" for u in ids),
                                          encoding="utf-8")
    new_design("hoa-binh-2023-xa-r2", "hoa-binh-2023-xa", root=tmp_path)
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "w.ipynb").write_text("{}", encoding="utf-8")
    (tmp_path / REL).parent.mkdir(parents=True)
    (tmp_path / REL).write_text(PARAMS, encoding="utf-8")
    return tmp_path


def _pretend_built(root: Path) -> None:
    """A manifest as a build would leave it: every job built, its page there."""
    _, todo, _ = plan(None, root)
    entries = {}
    for j in todo:
        (root / j.out_dir).mkdir(parents=True, exist_ok=True)
        (root / j.out_dir / f"{j.notebook}.html").write_text("<html></html>", encoding="utf-8")
        entries[j.key] = {"digest": j.digest, "status": "built"}
    (root / MANIFEST).parent.mkdir(parents=True, exist_ok=True)
    (root / MANIFEST).write_text(json.dumps(entries), encoding="utf-8")


def test_params_take_a_project_design_a_units_file_and_a_previous_mapping(project):
    prm = load_params(REL, project)
    assert (prm.design_id, prm.units, prm.previous_mapping) == ("hoa-binh-2023-xa-r2", "units.csv", "mapping.csv")
    assert prm.project_designs(project) == (project / "designs" / "hoa-binh-2023-xa-r2.yaml",)


def test_units_disagreeing_with_the_inputs_refuse_the_params_before_anything_runs(project):
    lines = (project / "units.csv").read_text(encoding="utf-8").splitlines()
    (project / "units.csv").write_text("\n".join(lines[:3] + lines[4:] + ["xa-ma,Xã Ma,Huyện Ma,xã,1"]) + "\n", encoding="utf-8")
    with pytest.raises(ParamsError) as exc:
        load_params(REL, project)
    text = str(exc.value)
    assert "unit 'phuong-phuong-lam' of the inputs is not in the units file" in text
    assert "unit 'xa-ma' of the units file has no inputs" in text and f"line {len(lines)}" in text
    load_params(REL, project, deep=False)  # a no-change build does not read the inputs
    # a bad line besides (ranked neither 0 nor 1) is named with them, not instead of them
    kept = lines[:3] + lines[4:] + ["xa-ma,Xã Ma,Huyện Ma,xã,có"]
    (project / "units.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    with pytest.raises(ParamsError) as exc:
        load_params(REL, project)
    text = str(exc.value)
    assert "ranked must be 0 or 1, got 'có'" in text and "unit 'phuong-phuong-lam' of the inputs is not in the units file" in text
    assert "unit 'xa-ma' of the units file has no inputs" in text


def test_units_and_mapping_stay_inside_the_project_and_must_be_files(project):
    (project / REL).write_text(PARAMS.replace("units.csv", "../units.csv").replace("mapping.csv", "inputs"), encoding="utf-8")
    with pytest.raises(ParamsError) as exc:
        load_params(REL, project)
    assert "units: path '../units.csv' is outside the project" in str(exc.value)
    assert "previous_mapping: 'inputs' is not a file" in str(exc.value)


def test_a_broken_mapping_is_a_params_error_with_its_line(project):
    with (project / "mapping.csv").open("a", encoding="utf-8") as f:
        f.write("xa-x,,Xã X\n")
    with pytest.raises(ParamsError) as exc:
        load_params(REL, project)
    assert "mapping.csv, line 32, variable new_unit_id: thiếu new_unit_id / empty new_unit_id" in str(exc.value)


@pytest.mark.parametrize("change", ["design", "units", "mapping"])
def test_changing_the_project_design_the_units_or_the_mapping_rebuilds(project, change):
    _pretend_built(project)
    assert plan(None, project)[1] == []  # nothing changed: nothing to do
    path = {"design": project / "designs" / "hoa-binh-2023-xa-r2.yaml", "units": project / "units.csv",
            "mapping": project / "mapping.csv"}[change]
    old = path.read_text(encoding="utf-8")
    new = old + "# edited\n" if change == "design" else old.replace("Xã Mới", "Xã Mới Hợp Nhất").replace("Phường Phương Lâm", "P. Phương Lâm")
    assert new != old
    path.write_text(new, encoding="utf-8")
    assert [j.key for j in plan(None, project)[1]] == [f"{REL}::w"]


def test_a_no_change_build_with_a_project_design_units_and_mapping_stays_light(project):
    _pretend_built(project)
    code = ("import sys, json\nfrom pathlib import Path\nfrom dti_kit.publish.pipeline import plan\n"
            f"_, todo, unchanged = plan(None, Path({str(project)!r}))\n"
            "heavy = ('pandas', 'numpy', 'openpyxl', 'papermill', 'scipy')\n"
            "print(json.dumps({'todo': len(todo), 'unchanged': len(unchanged), 'heavy': [m for m in heavy if m in sys.modules]}))")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=project,
                       env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout.strip().splitlines()[-1]) == {"todo": 0, "unchanged": 1, "heavy": []}
