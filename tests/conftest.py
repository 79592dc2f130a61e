"""Shared test helpers."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def long_table(units: dict[str, dict[str, dict[str, object]]]) -> pd.DataFrame:
    """{unit: {code: {variable: value}}} → the long table unit_id, code, variable, value."""
    rows = [
        (u, code, var, value)
        for u, codes in units.items()
        for code, variables in codes.items()
        for var, value in variables.items()
    ]
    return pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"])


def example_rows(design, which: str, unit: str) -> list[tuple]:
    """Inputs with which a unit meets every component fully ('best') or scores nothing
    ('worst'), from each rule kind's own examples; structure-only designs get given scores."""
    rows = []
    for leaf in design.leaves():
        if leaf.rule.kind == "given":
            rows.append((unit, leaf.code, "appraised_score", leaf.max_points if which == "best" else 0))
            continue
        for var, value in leaf.rule.examples()[which].items():
            rows.append((unit, leaf.code, var, value))
    for m in design.main_indicators:
        if not m.all_components():
            rows.append((unit, m.code, "appraised_score", m.max_points if which == "best" else 0))
    # bonus and penalty items answered 0 (a blank one is missing): the total is the scale at best
    rows += [(unit, b.code, "appraised_score", 0) for b in design.bonus]
    return rows


@pytest.fixture
def mini():
    from dti_kit import load_design_file

    return load_design_file(FIXTURES / "mini-2024-huyen.yaml")


def seed_path(name: str) -> Path:
    """A source document in shared/seeds (beside the repository, as in CI)."""
    for base in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds")):
        if (base / name).is_file():
            return base / name
    pytest.skip(f"shared/seeds/{name} is not beside the repository")


def run(design, units: dict[str, dict[str, dict[str, object]]]):
    """Score units given as {unit: {code: {variable: value}}} together; incomplete allowed."""
    from dti_kit import score_units

    return score_units(design, long_table(units), require_complete=False)


def one(design, code: str, cases: dict[str, dict[str, object]]):
    """Score one component for several units: {unit: {variable: value}}."""
    return run(design, {u: {code: v} for u, v in cases.items()})


def system_tool(name: str) -> str:
    """The path of a system program the test needs (Chromium, LibreOffice, pdftotext).

    Missing under ``CI=true``: the test fails (``.ci/run`` installs these tools); elsewhere it skips.
    """
    import os
    import shutil

    path = shutil.which(name)
    if path:
        return path
    if os.environ.get("CI") == "true":
        pytest.fail(f"{name} is not installed; .ci/run installs it from Debian's packages")
    pytest.skip(f"{name} is not installed")


def libreoffice_convert(src, out_dir, to: str):
    """Convert ``src`` with LibreOffice headless (``to``: "ods", "xls", "pdf"…); return the new file.

    Each call has its own user profile, so concurrent conversions never share one.
    """
    import subprocess
    import tempfile
    from pathlib import Path

    soffice = system_tool("soffice")
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", to,
                        "--outdir", str(out_dir), str(src)], check=True, capture_output=True, timeout=180)
    ext = to.split(":", 1)[0]
    out = Path(out_dir) / (Path(src).stem + "." + ext)
    assert out.is_file(), f"LibreOffice wrote no {out}"
    return out


def without_pdf(root):
    """Give every params file of a copied project ``pdf: false``: the tests that build many
    reports check their HTML, workbooks and CSVs; tests/test_print.py prints them to PDF (the
    default), so the suite does not pay Chromium's print for every build twice."""
    for p in (Path(root) / "params").rglob("*.yaml"):
        text = p.read_text(encoding="utf-8")
        if not re.search(r"(?m)^pdf:", text):
            p.write_text(text.rstrip("\n") + "\npdf: false\n", encoding="utf-8")
    return root
