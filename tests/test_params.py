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


def test_a_reports_folder_the_analyst_linked_to_another_disk_is_used_what_lies_below_stays_inside_it(tmp_path):
    """reports/ itself may be a link (the reports kept on a shared drive): the build writes there.
    A link below it that leads out of that folder is still refused."""
    shared = tmp_path / "shared-drive" / "dti-reports"
    shared.mkdir(parents=True)
    root = tmp_path / "project"
    root.mkdir()
    p = _write(root, "design: hoa-binh-2023-huyen\ninputs: inputs/a.csv\n")
    (root / "reports").symlink_to(shared)
    assert load_params(p, root, deep=False).output_dir() == Path("reports/2023/x/huyen")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (shared / "2023").symlink_to(elsewhere)
    with pytest.raises(ParamsError, match="reports: 'reports/2023/x/huyen' leads outside the project"):
        load_params(p, root, deep=False)


def test_links_out_of_the_project_are_refused_wherever_the_build_reads_or_writes(tmp_path):
    """Paths from params stay inside the project: also a link inside a folder of forms (the
    folder's files are read), the report folder (written) and the commentary (read), each
    named; nothing is read through them."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.csv").write_text("unit_id,code,variable,value\nOUTSIDE,1.1,a,1\n", encoding="utf-8")
    (outside / "notes.md").write_text("# x\n", encoding="utf-8")
    root = tmp_path / "project"
    root.mkdir()
    p = _write(root, "design: hoa-binh-2023-huyen\ninputs: inputs/forms\nprevious_inputs: inputs/last\n")
    for folder, link in (("forms", "zz.csv"), ("last", "zz.xlsx")):
        (root / "inputs" / folder / "deep").mkdir(parents=True)
        (root / "inputs" / folder / "a.csv").write_text("unit_id,code,variable,value\n", encoding="utf-8")
        (root / "inputs" / folder / link).symlink_to(outside / "secret.csv")
    (root / "reports").mkdir()
    (root / "reports" / "2023").symlink_to(outside)  # the report folder reports/2023/x/huyen, out of the project
    p.with_name("2023-huyen.commentary.md").symlink_to(outside / "notes.md")
    with pytest.raises(ParamsError) as exc:
        load_params(p, root)
    text = str(exc.value)
    for needle in ("inputs: 'inputs/forms/zz.csv' in 'inputs/forms' is a link that leads outside the project",
                   "previous_inputs: 'inputs/last/zz.xlsx' in 'inputs/last' is a link that leads outside the project"):
        assert needle in text, text
    # the folders' links refused, the places the build would write and read are checked next
    (root / "inputs" / "forms" / "zz.csv").unlink()
    (root / "inputs" / "last" / "zz.xlsx").unlink()
    # what a reader of the folder never reads is not refused: a subfolder's file, a hidden entry
    (root / "inputs" / "forms" / "deep" / "old.csv").symlink_to(outside / "secret.csv")
    (root / "inputs" / "forms" / ".cache").symlink_to(outside)
    with pytest.raises(ParamsError) as exc:
        load_params(p, root)
    text = str(exc.value)
    assert "reports: 'reports/2023/x/huyen' leads outside the project (a link)" in text
    assert "commentary: 'params/x/2023-huyen.commentary.md' leads outside the project (a link)" in text
    # a link that leads to itself is a problem named, not a traceback
    (root / "inputs" / "loop").symlink_to(root / "inputs" / "loop")
    looped = _write(root, "design: hoa-binh-2023-huyen\ninputs: inputs/loop\n")
    with pytest.raises(ParamsError, match="'inputs/loop' cannot be followed"):
        load_params(looped, root)
    p = _write(root, "design: hoa-binh-2023-huyen\ninputs: inputs/forms\nprevious_inputs: inputs/last\n")
    # a link that stays inside the project is the analyst's business
    (root / "reports" / "2023").unlink()
    p.with_name("2023-huyen.commentary.md").unlink()
    (root / "inputs" / "forms" / "same.csv").symlink_to(root / "inputs" / "forms" / "a.csv")
    assert load_params(p, root).inputs == ("inputs/forms",)


def test_a_project_design_linked_from_outside_is_refused(tmp_path):
    from dti_kit.errors import DesignError
    from dti_kit.loader import design_sources

    (tmp_path / "designs").mkdir()
    (tmp_path / "designs" / "mine-2024-xa.yaml").symlink_to(ROOT / "dti_kit" / "designs" / "hoa-binh-2023-xa.yaml")
    with pytest.raises(DesignError, match="mine-2024-xa.yaml is a link to a file outside the project"):
        design_sources(tmp_path)


def test_build_refuses_before_running_anything(tmp_path):
    _write(tmp_path, "design: hoa-binh-2023-huyen\ninputs: inputs/missing.csv\n")
    with pytest.raises(ParamsError, match="does not exist"):
        build(None, tmp_path, progress=False)
    assert not (tmp_path / "reports").exists(), "nothing written"


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_a_build_names_every_problem_of_this_and_last_years_inputs_before_any_notebook_runs(tmp_path):
    """Bad input in a build is the same clear refusal as on the command line: every problem of
    this year's and last year's inputs (file, line, unit, code, variable), exit status 2, no
    kernel started and nothing written under reports/ (not a report folder, not a failed
    report, not the build's cache)."""
    import shutil
    import subprocess
    import sys

    for name in ("notebooks", "inputs"):
        shutil.copytree(ROOT / name, tmp_path / name)
    (tmp_path / "params" / "hoa-binh").mkdir(parents=True)
    shutil.copy(ROOT / "params" / "hoa-binh" / "2023-xa.yaml", tmp_path / "params" / "hoa-binh")
    for year, line, new in (("2023", 3, "abc"), ("2022", 3, "x1")):
        f = tmp_path / "inputs" / "hoa-binh" / f"{year}-xa-synthetic.csv"
        rows = f.read_text(encoding="utf-8").splitlines()
        rows[line - 1] = rows[line - 1].rsplit(",", 1)[0] + "," + new  # line 3: phuong-phuong-lam, 1.2, a
        f.write_text("\n".join(rows) + "\n", encoding="utf-8")
    r = subprocess.run([sys.executable, "-m", "dti_kit", "build", "--no-progress"], cwd=tmp_path, capture_output=True,
                       text=True, env={**__import__("os").environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert r.returncode == 2, r.stderr
    assert "inputs/hoa-binh/2023-xa-synthetic.csv, line 3, unit phuong-phuong-lam, code 1.2, variable a: 'abc'" in r.stderr
    assert "inputs/hoa-binh/2022-xa-synthetic.csv, line 3, unit phuong-phuong-lam, code 1.2, variable a" in r.stderr
    assert "Traceback" not in r.stderr
    assert not (tmp_path / "reports").exists(), "nothing written"


def test_every_option_a_notebook_reads_is_checked_with_the_params_file(tmp_path):
    """options: an unknown key, a value of the wrong kind or out of range is named with the
    file and the key, all at once, before anything runs (not a TypeError in the notebook's
    cell); the options analyse() documents pass."""
    for nb in ("reconciliation", "sensitivity"):
        (tmp_path / "notebooks").mkdir(exist_ok=True)
        (tmp_path / "notebooks" / f"{nb}.ipynb").write_text("{}", encoding="utf-8")
    p = _write(tmp_path, "design: hoa-binh-2023-huyen\ninputs: inputs/a.csv\nnotebooks: [scoring_report, reconciliation, sensitivity]\n"
                         "options: {sensitivity: {bogus: 1, draws: -5, spread: abc, seed: 1.5, dirichlet: 'yes', sobol_base: 100, conf: 1},"
                         " reconciliation: {tolerance: -1, decimals: 12}, scoring_report: {x: 1}}\n")
    with pytest.raises(ParamsError) as exc:
        load_params(p, tmp_path, deep=False)
    problems = [(q.source, q.message) for q in exc.value.problems]
    source = "params/x/2023-huyen.yaml"
    for message in ("options.sensitivity: unknown key 'bogus' (known: draws, spread, seed, dirichlet, sobol_base, n_boot, conf)",
                    "options.sensitivity.draws must be a whole number ≥ 1, got -5",
                    "options.sensitivity.spread must be a number from 0 to 1, got 'abc'",
                    "options.sensitivity.seed must be a whole number ≥ 0, got 1.5",
                    "options.sensitivity.dirichlet must be true or false, got 'yes'",
                    "options.sensitivity.sobol_base must be a power of 2, ≥ 2, got 100",
                    "options.sensitivity.conf must be a number between 0 and 1 (not either), got 1",
                    "options.reconciliation.tolerance must be a number ≥ 0, got -1",
                    "options.reconciliation.decimals must be a whole number from 0 to 9, got 12",
                    "options.scoring_report: unknown key 'x' (known: none)"):
        assert (source, message) in problems, message
    p.write_text(p.read_text(encoding="utf-8").split("options:")[0]
                 + "options: {sensitivity: {draws: 300, spread: 0.1, seed: 7, dirichlet: true, sobol_base: 64, n_boot: 20, conf: 0.9}}\n",
                 encoding="utf-8")
    assert load_params(p, tmp_path, deep=False).options["sensitivity"]["draws"] == 300
    # what the notebooks take as given: no intervals (n_boot 0), a tolerance YAML reads as text
    # (1e-3 has no dot), null where the notebook reads null as the default
    from dti_kit.publish.options import option_problems

    assert option_problems("sensitivity", {"n_boot": 0}, "p") == []
    assert option_problems("reconciliation", {"tolerance": "1e-3", "decimals": None}, "p") == []
    assert option_problems("design_comparison", {"source_design": None, "concepts": None, "max_panels": 0}, "p") == []
    assert [q.message for q in option_problems("sensitivity", {"draws": None}, "p")] == [
        "options.sensitivity.draws must be a whole number ≥ 1, got None"]  # analyse(draws=None) fails: not a default


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


def test_a_refused_build_takes_back_only_its_own_cache(tmp_path):
    """A refused build removes the reports/ folder it made for its checks' cache, but not when
    another build has written there meanwhile (its lock, staging or reports)."""
    from dti_kit.publish.pipeline import CACHE, _take_back

    reports, cache = tmp_path / "reports", tmp_path / CACHE
    cache.mkdir(parents=True)
    (cache / "report-data-x.pickle").write_bytes(b"x")
    (reports / ".huyen.lock").write_text("another build", encoding="utf-8")
    _take_back(reports, cache)
    assert (reports / ".huyen.lock").is_file() and cache.is_dir()
    (reports / ".huyen.lock").unlink()
    _take_back(reports, cache)
    assert not reports.exists()
