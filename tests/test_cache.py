"""The build's cache of report data (issue 20, "One scoring per params file per build"):
its key changes with every file and value the data depends on, a hit reads and scores nothing,
a hit gives the same data as computing it, an entry not written by this user's build is never
unpickled, and a build scores each params file once."""
from __future__ import annotations

import os
import pickle
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT

import dti_kit._util.package as package
import dti_kit.loader as loader
import dti_kit.report.data as report_data
from dti_kit.authoring import new_design
from dti_kit.report import cache
from dti_kit.report.data import load_report_data

XA = "inputs/hoa-binh/2023-xa-synthetic.csv"
XA_2022 = "inputs/hoa-binh/2022-xa-synthetic.csv"
FORMS = "inputs/hoa-binh/2023-huyen-forms-synthetic"


@pytest.fixture
def project(tmp_path, monkeypatch):
    """A project with this year's and last year's inputs, a folder of forms, a units file, a
    mapping (each 2022 commune to itself) and a project design; the working directory, and this
    test's own secret key."""
    root = tmp_path / "project"
    shutil.copytree(ROOT / "inputs" / "hoa-binh", root / "inputs" / "hoa-binh")
    ids = sorted({line.split(",")[0] for line in (root / XA_2022).read_text(encoding="utf-8").splitlines()[1:]})
    (root / "mapping.csv").write_text("unit_id,new_unit_id,new_unit_name\n" + "".join(f"{u},{u},Xã {u}\n" for u in ids),
                                      encoding="utf-8")
    new_design("hoa-binh-2023-xa-r2", "hoa-binh-2023-xa", root=root)
    monkeypatch.chdir(root)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "home-cache"))
    return root


ARGS = dict(design_id="hoa-binh-2023-xa", inputs=[XA], previous_inputs=[XA_2022], na_policy=None,
            units="inputs/hoa-binh/2023-xa-units.csv", previous_mapping="mapping.csv", previous_design="", year=2023)


def key(**changes) -> tuple[str, str]:
    return cache.report_data_key(**{**ARGS, **changes})


def _edit_a_number(path: Path) -> None:
    """One input changed: the first positive whole number of the table's last column, minus one
    (a numerator stays within its denominator)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(i for i, line in enumerate(lines[1:], 1) if line.rstrip("\n").rsplit(",", 1)[1].isdigit()
             and int(line.rstrip("\n").rsplit(",", 1)[1]) > 0)
    head, value = lines[i].rstrip("\n").rsplit(",", 1)
    lines[i] = f"{head},{int(value) - 1}\n"
    path.write_text("".join(lines), encoding="utf-8")


def _append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as f:
        f.write(line)


def test_the_same_files_and_values_give_the_same_key(project):
    first = key()
    os.utime(project / XA, (1, 1))  # a new date is no change
    assert key() == first
    assert len(first[1]) == 64 and len(first[0]) == 16


# every case changes one thing the data depends on; its key must change, its name must not
FILE_CHANGES = {
    "input": lambda root: _edit_a_number(root / XA),
    "last year's input": lambda root: _edit_a_number(root / XA_2022),
    "units file": lambda root: _append(root / "inputs/hoa-binh/2023-xa-units.csv", "# a note\n"),
    "mapping": lambda root: _append(root / "mapping.csv", "ghost,ghost,Xã Ma\n"),
    "project design": lambda root: _append(root / "designs" / "hoa-binh-2023-xa-r2.yaml", "# edited\n"),
}


@pytest.mark.parametrize("change", sorted(FILE_CHANGES))
def test_a_changed_file_changes_the_key(project, change):
    before = key()
    FILE_CHANGES[change](project)
    after = key()
    assert after[0] == before[0] and after[1] != before[1]


def test_a_changed_form_in_an_input_folder_or_a_new_one_changes_the_key(project):
    args = dict(design_id="hoa-binh-2023-huyen", inputs=[FORMS], previous_inputs=[], units="", previous_mapping="")
    before = key(**args)
    form = next((project / FORMS).iterdir())
    data = bytearray(form.read_bytes())
    data[-1] ^= 1
    form.write_bytes(bytes(data))
    edited = key(**args)
    assert edited[1] != before[1]
    shutil.copy(form, project / FORMS / "another.xlsx")
    added = key(**args)
    assert added[1] not in (before[1], edited[1])
    # what the readers do not read changes nothing: a subfolder (last year's forms kept in old/),
    # a hidden file, Excel's lock file of an open form
    (project / FORMS / "old").mkdir()
    shutil.copy(form, project / FORMS / "old" / "kept.xlsx")
    (project / FORMS / ".DS_Store").write_bytes(b"\0")
    (project / FORMS / f"~${form.name}").write_bytes(b"\0")
    assert key(**args) == added


def test_the_build_s_job_digest_follows_the_files_read_not_a_folder_s_subfolders(tmp_path):
    from dti_kit.publish.params import load_params
    from dti_kit.publish.pipeline import job_digest

    root = tmp_path / "project"
    shutil.copytree(ROOT / "inputs" / "hoa-binh", root / "inputs" / "hoa-binh")
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    (root / "params" / "hoa-binh").mkdir(parents=True)
    (root / "params" / "hoa-binh" / "2023-huyen.yaml").write_text(
        f"design: hoa-binh-2023-huyen\ninputs: {FORMS}\nnotebooks: [scoring_report]\n", encoding="utf-8")
    prm = load_params("params/hoa-binh/2023-huyen.yaml", root, deep=False)
    before = job_digest(root, prm, "scoring_report", b"pkg")
    (root / FORMS / "old").mkdir()
    shutil.copy(next((root / FORMS).glob("*.xlsx")), root / FORMS / "old" / "kept.xlsx")
    assert job_digest(root, prm, "scoring_report", b"pkg") == before
    shutil.copy(next((root / FORMS).glob("*.xlsx")), root / FORMS / "another.xlsx")
    assert job_digest(root, prm, "scoring_report", b"pkg") != before


def test_a_changed_shipped_design_changes_the_key(project, tmp_path, monkeypatch):
    shipped = tmp_path / "shipped"
    shutil.copytree(loader.designs_dir(), shipped)
    monkeypatch.setattr(loader, "designs_dir", lambda: shipped)
    before = key()
    _append(shipped / "hoa-binh-2023-xa.yaml", "# edited\n")
    assert key()[1] != before[1]
    # last year's design counts too, when it is another one
    before = key(previous_design="hoa-binh-2023-huyen")
    _append(shipped / "hoa-binh-2023-huyen.yaml", "# edited\n")
    assert key(previous_design="hoa-binh-2023-huyen")[1] != before[1]


def test_a_changed_package_changes_the_key(project, monkeypatch):
    before = key()
    monkeypatch.setattr(package, "content_hash", lambda: "0" * 64)
    assert key()[1] != before[1]


@pytest.mark.parametrize("change", [
    {"na_policy": "zero"}, {"year": 2024}, {"previous_design": "hoa-binh-2023-xa-r2"}, {"design_id": "hoa-binh-2023-xa-r2"},
    {"inputs": [XA, XA_2022]}, {"previous_inputs": []}, {"units": ""}, {"previous_mapping": ""},
])
def test_a_changed_params_value_changes_the_key(project, change):
    assert key(**change) != key()


def test_an_absolute_path_in_the_project_is_the_path_the_notebooks_name(project):
    assert key(inputs=[str(project / XA)]) == key()


@pytest.fixture
def counting(monkeypatch):
    """How often the inputs are read and scored (spies on the functions load_report_data calls)."""
    calls = {"read_inputs": 0, "score_units": 0}

    def spy(name):
        real = getattr(report_data, name)

        def counted(*args, **kwargs):
            calls[name] += 1
            return real(*args, **kwargs)
        monkeypatch.setattr(report_data, name, counted)
    spy("read_inputs")
    spy("score_units")
    return calls


def _same(a, b) -> None:
    """Two ReportData equal in every table and value."""
    assert a.design == b.design
    pd.testing.assert_frame_equal(a.long, b.long)
    for x, y in ((a.result, b.result), (a.previous, b.previous)):
        for table in ("scores", "missing", "na_items"):
            pd.testing.assert_frame_equal(getattr(x, table), getattr(y, table))
        assert (x.units, x.unit_names, x.na_policy, x.warnings) == (y.units, y.unit_names, y.na_policy, y.warnings)
    assert a.units == b.units and a.mapping == b.mapping
    pd.testing.assert_frame_equal(a.change.table, b.change.table)
    assert (a.change.basis, a.change.notes) == (b.change.basis, b.change.notes)


def test_a_hit_reads_and_scores_nothing_and_gives_the_same_data(project, counting):
    plain = load_report_data(**ARGS)
    assert counting == {"read_inputs": 2, "score_units": 2}  # this year's and last year's
    assert not (project / "reports").exists()  # no cache in use (JupyterLab, nbval): nothing written
    with cache.in_folder(project / "reports" / ".cache"):
        first = load_report_data(**ARGS)
        assert counting == {"read_inputs": 4, "score_units": 4}
        second = load_report_data(**ARGS)
        third = load_report_data(**ARGS)
    assert counting == {"read_inputs": 4, "score_units": 4}
    assert plain.change is not None and plain.previous is not None
    _same(plain, first)
    _same(plain, second)
    _same(plain, third)
    assert second.long is not third.long  # each hit its own objects: a notebook's edits never reach the next
    entries = sorted(p.name for p in (project / "reports" / ".cache").glob("*.pickle"))
    assert entries == [f"{key()[0]}-{key()[1]}.pickle"]


def test_a_change_recomputes_and_keeps_one_entry(project, counting):
    with cache.in_folder(project / "reports" / ".cache"):
        load_report_data(**ARGS)
        _edit_a_number(project / XA)
        changed = load_report_data(**ARGS)
    assert counting["read_inputs"] == 4
    _same(changed, load_report_data(**ARGS))  # this year's new input, not the stale entry
    assert len(list((project / "reports" / ".cache").glob("*.pickle"))) == 1  # the stale entry is gone


def test_an_error_is_raised_and_nothing_is_stored(project):
    from dti_kit.errors import ProblemsError

    _append(project / "mapping.csv", "ghost,ghost,Xã Ma\n")  # a former unit with no scores last year
    with cache.in_folder(project / "reports" / ".cache"):
        with pytest.raises(ProblemsError, match="ghost"):
            load_report_data(**ARGS)  # refused, as without the cache
    assert not list((project / "reports" / ".cache").glob("*.pickle"))


class Planted:
    """What an entry planted by someone else would run when unpickled."""

    ran = False

    def __reduce__(self):
        return (_planted_ran, ())


def _planted_ran():
    Planted.ran = True
    return "planted"


@pytest.mark.parametrize("forgery", ["no mac", "another user's key", "another entry's mac"])
def test_an_entry_not_written_by_this_users_build_is_never_unpickled(project, counting, forgery):
    folder = project / "reports" / ".cache"
    name, k = key()
    payload = pickle.dumps(Planted())
    if forgery == "no mac":
        blob = cache.FORMAT + b"\0" * 32 + payload
    elif forgery == "another user's key":
        blob = cache.FORMAT + cache._mac(b"x" * 32, k, payload) + payload
    else:  # a genuine entry of this user, for another key, renamed
        blob = cache.FORMAT + cache._mac(cache._secret(), "0" * 64, payload) + payload
    folder.mkdir(parents=True)
    (folder / f"{name}-{k}.pickle").write_bytes(blob)
    with cache.in_folder(folder):
        data = load_report_data(**ARGS)
    assert not Planted.ran and not isinstance(data, str)
    assert counting["read_inputs"] == 2  # computed instead
    # and the genuine entry now there is loaded
    with cache.in_folder(folder):
        _same(load_report_data(**ARGS), data)
    assert counting["read_inputs"] == 2


def test_without_a_secret_key_nothing_is_cached(project, monkeypatch, counting):
    monkeypatch.setenv("XDG_CACHE_HOME", "/proc/no-such-place")  # cannot be created
    with cache.in_folder(project / "reports" / ".cache"):
        load_report_data(**ARGS)
        load_report_data(**ARGS)
    assert counting["read_inputs"] == 4
    assert not list((project / "reports" / ".cache").glob("*.pickle"))


def test_the_secret_key_is_private(project, tmp_path):
    secret = cache._secret()
    assert len(secret) == 32 and cache._secret() == secret
    assert (cache._secret_path().stat().st_mode & 0o777) == 0o600
    assert cache._secret_path().is_relative_to(tmp_path / "home-cache")


@pytest.mark.slow
def test_a_build_scores_a_params_file_once_and_a_rebuild_reads_its_entry(tmp_path):
    """Hòa Bình's communes (a units file: the build's check of it reads and scores the inputs)
    and its three notebooks: one entry, written before any notebook started; a forced rebuild
    loads it (the same file, not rewritten) and gives the same bytes."""
    import datetime

    import nbformat

    from dti_kit.publish.pipeline import build

    root = tmp_path / "project"
    for name in ("notebooks", "params", "inputs"):
        shutil.copytree(ROOT / name, root / name)
    rel = ["params/hoa-binh/2023-xa.yaml"]
    outcomes = build(rel, root, jobs=2, progress=False)
    assert [o.status for o in outcomes] == ["built"] * 3, [o.error for o in outcomes]
    (entry,) = (root / "reports" / ".cache").glob("*.pickle")
    written = entry.stat()
    out = root / "reports/2023/hoa-binh/xa"
    starts = [nbformat.read(out / f"{o.notebook}.ipynb", as_version=4).metadata["papermill"]["start_time"] for o in outcomes]
    # papermill's times are UTC without a zone
    first_start = min(datetime.datetime.fromisoformat(s).replace(tzinfo=datetime.timezone.utc).timestamp() for s in starts)
    assert written.st_mtime < first_start  # the build's check scored it; no notebook wrote it again
    pages = {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".html", ".csv", ".xlsx")}
    again = build(rel, root, jobs=1, force=True, progress=False)
    assert [o.status for o in again] == ["built"] * 3
    (same,) = (root / "reports" / ".cache").glob("*.pickle")
    assert (same.stat().st_ino, same.stat().st_mtime_ns) == (written.st_ino, written.st_mtime_ns)
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.suffix in (".html", ".csv", ".xlsx")} == pages
