"""The Excel form's subtotals and total follow the design's N/A rule (issue 16, point 10).

Written by dti-kit, filled with openpyxl as a clerk would (appraised scores, N/A marks, points
not assessed), recalculated by LibreOffice headless, read back: every main indicator and the
total equal :func:`score_units` under each N/A policy the forms implement (proportional, with
and without a base; exclude, with points not assessed; zero). peer-mean needs the other units:
its form says the total is provisional and names the rule.
"""
from __future__ import annotations

import dataclasses
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest
from conftest import system_tool
from formula_eval import evaluate

from dti_kit.forms import write_forms
from dti_kit.forms.layout import INDEX_SHEET, form_layout
from dti_kit.forms.na_formulas import provisional_note
from dti_kit.i18n import na_policy
from dti_kit.loader import load_design
from dti_kit.model import NaPolicy
from dti_kit.scoring import score_units

# Hòa Bình xã, main indicator 6 (280 points): the base of V.4.2 "các chỉ số thành phần ngoài chỉ
# số thành phần liên quan DVCTT" is 6.1, 6.2, 6.5 … 6.9 = 30 + 40 + 25 + 25 + 30 + 20 + 30 = 200
# points. Each at half its max: 100 of 200, so 6.3 and 6.4 (40 each, N/A) score 40 × 0,5 = 20
# each and indicator 6 is 100 + 20 + 20 = 140, where a plain SUM of the form gave 100.
HALF_BASE_6 = {"6.1": 15, "6.2": 20, "6.5": 12.5, "6.6": 12.5, "6.7": 15, "6.8": 10, "6.9": 15}


def _variant(did: str, method: str, applies_to=None) -> object:
    """A shipped design under another N/A rule (every item N/A-able unless ``applies_to``)."""
    d = load_design(did)
    return dataclasses.replace(d, na_policy=NaPolicy(method, applies_to, "test", None, d.na_policy.partial))


def _fill(design, unit: str, seed: int, na=(), not_assessed=None, fixed=None) -> pd.DataFrame:
    """Appraised scores for every leaf (or main indicator without components) of ``design``,
    ``na`` marked N/A instead, ``fixed`` scores as given, and the points not assessed."""
    rng = np.random.default_rng(seed)
    fixed = fixed or {}
    rows = []
    nodes = list(design.leaves()) + [m for m in design.scored_indicators() if not m.all_components()]
    for node in nodes:
        if node.code in na:
            rows.append((unit, node.code, "na", 1))
            continue
        top = node.max_points - (not_assessed or {}).get(node.code, 0)
        v = fixed.get(node.code, float(np.round(rng.uniform(0, top), 2)))
        rows += [(unit, node.code, "appraised_score", v), (unit, node.code, "self_score", v)]
    for code, x in (not_assessed or {}).items():
        rows.append((unit, code, design.na_policy.partial, x))
    for b in design.bonus:
        rows.append((unit, b.code, "appraised_score", b.points if rng.random() < 0.5 else 0.0))
    return pd.DataFrame(rows, columns=["unit_id", "code", "variable", "value"])


def _type(path: Path, design, long: pd.DataFrame) -> None:
    """Type the long table into the form's input cells with openpyxl (N/A as the dropdown's "Có")."""
    wb = openpyxl.load_workbook(path)
    ws = wb[INDEX_SHEET]
    at = {(c.code, c.variable): (c.row, c.col) for c in form_layout(design).cells}
    for code, var, value in zip(long["code"], long["variable"], long["value"]):
        ws.cell(*at[(code, var)], "Có" if var == "na" else value)
    wb.save(path)


def _recalculate(files: list[Path], out: Path) -> dict[str, Path]:
    """Open and save every form in one LibreOffice headless run (its own profile, told to
    recalculate every formula on load); returns stem → recalculated file."""
    soffice = system_tool("soffice")
    out.mkdir()
    with tempfile.TemporaryDirectory(prefix="lo-fidelity-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            '<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">'
            '<value>0</value></prop></item>\n</oor:items>\n', encoding="utf-8")
        subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xlsx",
                        "--outdir", str(out), *map(str, files)], check=True, capture_output=True, timeout=600)
    got = {p.stem: p for p in out.glob("*.xlsx")}
    assert set(got) == {f.stem for f in files}, "LibreOffice did not write every form"
    return got


# (case, design, units: [(unit, N/A codes, points not assessed, fixed scores)])
CASES = [
    ("hb-xa", load_design("hoa-binh-2023-xa"), [("hand", ("6.3", "6.4"), None, HALF_BASE_6), ("both", ("6.3", "6.4"), None, None),
                                                ("one", ("6.4",), None, None), ("none", (), None, None)]),
    # huyện and sở: 6.6 is a DVCTT component too; some or all of them N/A, the base never holds one
    ("hb-huyen", load_design("hoa-binh-2023-huyen"), [("dv66", ("6.6",), None, None), ("all", ("6.3", "6.4", "6.6"), None, None)]),
    ("hb-so", load_design("hoa-binh-2023-so"), [("dv64", ("6.4",), None, None)]),
    # exclude on main indicators, and Hải Dương's points not assessed (600 − 30 = 570)
    ("hd-huyen", load_design("hai-duong-2023-huyen"), [("x30", (), {"7": 30}, None), ("na8", ("8",), {"6": 20}, None),
                                                       ("whole", (), {"3": 50}, {"3": 0})]),
    ("hd-so", load_design("hai-duong-2023-so"), [("na1", ("1",), None, None)]),
    # the other rules on other shapes: proportional among main indicators (no base), among the
    # components of a group (Vũng Tàu VI.1) and the sub-components of a component (Ninh Thuận
    # 5.12); exclude and zero on components
    ("hd-so-prop", _variant("hai-duong-2023-so", "proportional"), [("na1", ("1", "3"), None, None)]),
    ("vt-prop", _variant("vung-tau-2024-xa", "proportional"), [("grp", ("VI.1.2", "II.1"), None, None)]),
    ("nt-prop", _variant("ninh-thuan-2022-tinh", "proportional"), [("sub", ("5.12.2", "4.5"), None, None)]),
    ("nt-excl", _variant("ninh-thuan-2022-tinh", "exclude"), [("sub", ("5.12.2", "4.5", "1.1"), None, None)]),
    ("hb-xa-excl", _variant("hoa-binh-2023-xa", "exclude", ("6.3", "6.4")), [("both", ("6.3", "6.4"), None, None)]),
    ("hb-xa-zero", _variant("hoa-binh-2023-xa", "zero", ("6.3", "6.4")), [("both", ("6.3", "6.4"), None, None)]),
]


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("na-forms")
    forms, expected = [], {}
    for k, (case, design, units) in enumerate(CASES):
        for j, (unit, na, partial, fixed) in enumerate(units):
            long = _fill(design, unit, seed=10 * k + j, na=na, not_assessed=partial, fixed=fixed)
            path = write_forms(design, tmp / f"{case}-{unit}.xlsx", [(unit, f"Đơn vị {unit}")])[0]
            _type(path, design, long)
            forms.append(path)
            expected[path.stem] = (design, score_units(design, long), unit)
    return _recalculate(forms, tmp / "recalculated"), expected


def _sheet_values(path: Path, design):
    ws = openpyxl.load_workbook(path, data_only=True)[INDEX_SHEET]
    lay = form_layout(design)
    row = {fr.code: fr.row for fr in lay.rows if fr.kind in ("indicator", "group")}
    total = next(fr.row for fr in lay.rows if fr.kind == "total")
    return ws, lay, row, total


@pytest.mark.slow
def test_recalculated_form_totals_equal_the_engine_under_every_rule_the_form_implements(recalculated):
    files, expected = recalculated
    for stem, (design, res, unit) in expected.items():
        ws, lay, row, total = _sheet_values(files[stem], design)
        a, s, mx = lay.col("appraised"), lay.col("self"), lay.col("max")
        for m in design.main_indicators:
            if m.all_components():  # its row is a formula (a structure design's is the clerk's input)
                assert ws.cell(row[m.code], a).value == pytest.approx(res.score(unit, m.code), abs=1e-9), (stem, m.code)
            for g in m.groups:
                assert ws.cell(row[g.code], a).value == pytest.approx(res.score(unit, g.code), abs=1e-9), (stem, g.code)
        t = res.totals().iloc[0]
        assert ws.cell(total, a).value == pytest.approx(t["score"], abs=1e-9), stem
        bonus = sum(res.score(unit, b.code) for b in design.bonus)
        assert ws.cell(total, s).value == pytest.approx(t["score"] - bonus, abs=1e-9), stem  # self scores = appraised, no bonus
        assert ws.cell(total, mx).value == pytest.approx(t["max_points"], abs=1e-9), stem


@pytest.mark.slow
def test_hand_computed_cases_after_libreoffice(recalculated):
    files, expected = recalculated
    design = expected["hb-xa-hand"][0]
    ws, lay, row, total = _sheet_values(files["hb-xa-hand"], design)
    assert ws.cell(row["6"], lay.col("appraised")).value == pytest.approx(140.0)  # 100 + 40 × 100/200 × 2
    # Hải Dương: 30 of indicator 7's 100 points not assessed: the form's max is 570
    design = expected["hd-huyen-x30"][0]
    ws, lay, row, total = _sheet_values(files["hd-huyen-x30"], design)
    assert ws.cell(total, lay.col("max")).value == 570
    # indicator 8 N/A (100) and 20 of indicator 6 not assessed: 600 − 100 − 20
    ws, lay, row, total = _sheet_values(files["hd-huyen-na8"], expected["hd-huyen-na8"][0])
    assert ws.cell(total, lay.col("max")).value == 480
    # every point of indicator 3 not assessed: the indicator is N/A, 600 − 50
    ws, lay, row, total = _sheet_values(files["hd-huyen-whole"], expected["hd-huyen-whole"][0])
    assert ws.cell(total, lay.col("max")).value == 550


def test_the_hand_case_by_the_form_s_own_formulas(tmp_path):
    """The same 140 without LibreOffice, and the plain SUM's 100 that the form showed before."""
    design = load_design("hoa-binh-2023-xa")
    long = _fill(design, "hand", seed=1, na=("6.3", "6.4"), fixed=HALF_BASE_6)
    path = write_forms(design, tmp_path / "f.xlsx", [("hand", "Xã thử")])[0]
    _type(path, design, long)
    ws = openpyxl.load_workbook(path)[INDEX_SHEET]
    lay = form_layout(design)
    ind6 = next(fr for fr in lay.rows if fr.kind == "indicator" and fr.code == "6")
    a = openpyxl.utils.get_column_letter(lay.col("appraised"))
    assert evaluate(ws, f"{a}{ind6.row}") == pytest.approx(140.0) == score_units(design, long).score("hand", "6")
    assert sum(ws[f"{a}{r}"].value or 0 for r in ind6.sums) == pytest.approx(100.0)
    total = next(fr for fr in lay.rows if fr.kind == "total")
    assert evaluate(ws, f"{a}{total.row}") == pytest.approx(score_units(design, long).totals().iloc[0]["score"])


def test_a_peer_mean_form_says_its_total_is_provisional_and_names_the_rule(tmp_path):
    design = load_design("bac-kan-2022-xa")
    assert design.na_policy.method == "peer-mean"
    path = write_forms(design, tmp_path / "f.xlsx", [("u", "Xã thử")])[0]
    ws = openpyxl.load_workbook(path)[INDEX_SHEET]
    lay = form_layout(design)
    total = next(fr for fr in lay.rows if fr.kind == "total")
    note = ws.cell(total.row, lay.col("method")).value
    assert note == provisional_note(design) and note.startswith("Tạm tính")
    assert na_policy("peer-mean", "vi") in note  # "điểm trung bình của các đơn vị có chỉ số"
    assert "peer-mean" not in note
    # the forms that can apply their rule say nothing of the kind
    for did in ("hoa-binh-2023-xa", "hai-duong-2023-huyen"):
        d = load_design(did)
        p = write_forms(d, tmp_path / f"{did}.xlsx", [("u", "U")])[0]
        w = openpyxl.load_workbook(p)[INDEX_SHEET]
        assert not any(str(c.value or "").startswith("Tạm tính") for r in w.iter_rows() for c in r)
