"""Helpers to write the committed notebooks from Python (no outputs, no execution counts)."""
from __future__ import annotations

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


def notebook(cells: list[tuple[str, str]], parameters: str) -> nbformat.NotebookNode:
    """``cells``: (kind, source) with kind "md" or "code"; ``parameters``: the tagged cell."""
    nb = new_notebook()
    nb.metadata["kernelspec"] = {"name": "dti-kit", "display_name": "Python (dti-kit)", "language": "python"}
    nb.metadata["language_info"] = {"name": "python"}
    out = [new_code_cell(parameters, metadata={"tags": ["parameters"]})]
    for kind, src in cells:
        out.append(new_markdown_cell(src) if kind == "md" else new_code_cell(src))
    for i, c in enumerate(out):
        c["id"] = f"cell-{i:02d}"  # stable ids: no random ids in committed notebooks
    nb.cells = out
    return nb


def write(nb, path: str) -> None:
    nbformat.validate(nb)
    with open(path, "w", encoding="utf-8") as f:
        nbformat.write(nb, f)
