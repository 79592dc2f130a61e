"""A province's own designs in the project's ``designs/`` folder (issue "Analysts' own designs").

An analyst whose province revises its decision copies the last design (``designs new``), edits
it, checks it (``designs check``) and scores with it like a shipped one.
"""
import shutil

import jsonschema
import pytest
from conftest import ROOT

from dti_kit import DesignError, UnknownDesignError, read_inputs, score_units
from dti_kit._util.safeyaml import safe_load
from dti_kit.authoring import check_design_files, design_schema, new_design
from dti_kit.loader import design_sources, designs_dir, list_designs, load_design

SAMPLE = ROOT / "inputs" / "hoa-binh" / "2023-huyen-synthetic.csv"


@pytest.fixture
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "designs").mkdir()
    return tmp_path


def test_designs_new_copies_with_the_implied_year_and_level_and_scores_identically(project):
    path = new_design("hoa-binh-2024-huyen", "hoa-binh-2023-huyen")
    assert path == project / "designs" / "hoa-binh-2024-huyen.yaml"
    d = load_design("hoa-binh-2024-huyen")
    assert (d.id, d.year, d.level) == ("hoa-binh-2024-huyen", 2024, "huyen")
    src = design_sources()
    assert src["hoa-binh-2024-huyen"].origin == "project" and src["hoa-binh-2023-huyen"].origin == "shipped"
    old, new = load_design("hoa-binh-2023-huyen"), d
    a = score_units(old, read_inputs(SAMPLE, design=old)).tidy().drop(columns="code")
    b = score_units(new, read_inputs(SAMPLE, design=new)).tidy().drop(columns="code")
    # the TOTAL row's name is the design id; every number is the same
    assert a.drop(columns=[c for c in a.columns if c == "name"], errors="ignore").equals(
        b.drop(columns=[c for c in b.columns if c == "name"], errors="ignore"))
    # everything but the three rewritten lines is copied as it is (comments, errata, rules)
    shipped = (designs_dir() / "hoa-binh-2023-huyen.yaml").read_text(encoding="utf-8").splitlines()
    copied = path.read_text(encoding="utf-8").splitlines()
    changed = [(x, y) for x, y in zip(shipped, copied) if x != y]
    assert changed == [("id: hoa-binh-2023-huyen", "id: hoa-binh-2024-huyen"), ("year: 2023", "year: 2024")]
    assert len(shipped) == len(copied)


def test_a_revision_within_a_year_has_an_r_suffix(project):
    new_design("hoa-binh-2023-huyen-r2", "hoa-binh-2023-huyen")
    d = load_design("hoa-binh-2023-huyen-r2")
    assert (d.year, d.level) == (2023, "huyen")
    assert "hoa-binh-2023-huyen-r2" in [x.id for x in list_designs()]


def test_designs_new_refuses_a_bad_or_taken_id(project):
    with pytest.raises(DesignError, match="not <province>-<year>-<level>"):
        new_design("Hoa Binh 2024", "hoa-binh-2023-huyen")
    with pytest.raises(DesignError, match="exists already"):
        new_design("hoa-binh-2023-xa", "hoa-binh-2023-huyen")
    with pytest.raises(UnknownDesignError):
        new_design("hoa-binh-2024-huyen", "no-such-2023-design")


def test_a_project_design_with_a_shipped_id_is_refused_by_name(project):
    shutil.copy(designs_dir() / "hai-duong-2023-so.yaml", project / "designs" / "hai-duong-2023-so.yaml")
    with pytest.raises(DesignError) as exc:
        load_design("hai-duong-2023-so")
    assert "designs/hai-duong-2023-so.yaml" in str(exc.value) and "shipped with dti-kit" in str(exc.value)
    assert "hai-duong-2023-so-r2" in str(exc.value)  # it says what to do
    problems = check_design_files([project / "designs" / "hai-duong-2023-so.yaml"])
    assert len(problems) == 1 and "shipped design" in problems[0].message


def test_designs_check_lists_every_problem_with_file_and_line(project):
    text = (designs_dir() / "hai-duong-2023-so.yaml").read_text(encoding="utf-8")
    text = text.replace("id: hai-duong-2023-so", "id: hai-duong-2024-so", 1)
    text = text.replace("detail: structure", "detail: partial", 1)
    text = text.replace("scale: 500", "scale: 500\ncolour: blue", 1)
    bad = project / "designs" / "hai-duong-2023-so-r3.yaml"
    bad.write_text(text, encoding="utf-8")
    problems = check_design_files([bad])
    lines = text.splitlines()
    by_message = {p.message: p for p in problems}
    assert len(problems) >= 3  # all at once
    wrong_id = next(p for m, p in by_message.items() if "differs from the file name" in m)
    assert wrong_id.source == str(bad) and wrong_id.location == "line 1"
    detail = next(p for m, p in by_message.items() if "'detail'" in m)
    assert lines[int(detail.location.split()[1]) - 1] == "detail: partial"
    colour = next(p for m, p in by_message.items() if "'colour'" in m)
    assert lines[int(colour.location.split()[1]) - 1] == "colour: blue"


def test_designs_check_of_every_shipped_design_is_clean():
    assert check_design_files(sorted(designs_dir().glob("*.yaml"))) == []


def test_the_schema_accepts_every_shipped_design_and_rejects_a_broken_one():
    schema = design_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for path in sorted(designs_dir().glob("*.yaml")):
        data = safe_load(path.read_text(encoding="utf-8"))
        assert [e.message for e in validator.iter_errors(data)] == [], path.name
    data = safe_load((designs_dir() / "hoa-binh-2023-xa.yaml").read_text(encoding="utf-8"))
    data["main_indicators"][0]["components"][0]["rule"]["kind"] = "no-such-kind"
    data["colour"] = "blue"
    messages = " ".join(e.message for e in validator.iter_errors(data))
    assert "no-such-kind" in messages and "colour" in messages
