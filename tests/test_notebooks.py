"""Committed notebooks carry no outputs, and each has one `parameters` cell of literals."""
from __future__ import annotations

import ast

import nbformat
import pytest
from conftest import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def test_the_report_notebooks_exist():
    names = {p.stem for p in NOTEBOOKS}
    assert "scoring_report" in names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_committed_without_outputs(path):
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.get("outputs") == [], f"{path.name}: a cell has outputs"
            assert cell.get("execution_count") is None, f"{path.name}: a cell has an execution count"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_parameters_cell_of_literals(path):
    nb = nbformat.read(path, as_version=4)
    tagged = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    assert len(tagged) == 1, f"{path.name}: exactly one cell tagged parameters"
    tree = ast.parse(tagged[0].source)
    names = set()
    for node in tree.body:
        assert isinstance(node, ast.Assign), f"{path.name}: only assignments in the parameters cell"
        ast.literal_eval(node.value)  # literal defaults only
        names.add(node.targets[0].id)
    assert {"language", "title", "author", "output_dir", "options"} <= names
    assert nb.metadata["kernelspec"]["name"] == "dti-kit"


def test_every_notebook_is_generated_by_tools():
    """The committed notebooks are exactly what ``tools/make_notebooks.py`` writes (no hand edits)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_notebooks", ROOT / "tools" / "make_notebooks.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    made = gen.generated()
    assert sorted(made) == sorted(p.stem for p in NOTEBOOKS)
    for name, nb in made.items():
        nbformat.validate(nb)
        committed = (ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8")
        assert nbformat.writes(nb) + "\n" == committed, f"{name}: run tools/make_notebooks.py"  # nbformat.write ends with a newline


def test_notebooks_share_one_bootstrap():
    """Every notebook starts with :func:`dti_kit.publish.notebook.begin` and defines no helper of its own."""
    for path in NOTEBOOKS:
        nb = nbformat.read(path, as_version=4)
        setup = nb.cells[1].source
        assert f'begin(globals(), "{path.stem}"' in setup, path.name
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        assert "def " not in code and "lambda" not in code and 'language == "vi"' not in code, path.name
