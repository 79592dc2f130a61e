"""Excel input forms: ``dti-kit template`` writes them, :func:`read_workbook` reads them back.

The work is split by job: :mod:`dti_kit.forms.layout` (where every cell of a design's form
is), :mod:`dti_kit.forms.write` (openpyxl workbooks), :mod:`dti_kit.forms.read` (filled
forms → the long table, with every problem located by file, sheet and cell) and
:mod:`dti_kit.forms.guard` (hostile or broken files refused before openpyxl opens them).
"""
from __future__ import annotations

from pathlib import Path

from dti_kit.forms.layout import FormLayout, form_layout, variable_specs
from dti_kit.forms.read import read_general_info, read_meta, read_workbook, suspicious_self_scores
from dti_kit.forms.write import build_workbook, form_bytes, read_unit_list, write_form, write_forms
from dti_kit.forms.guard import Limits, check_xlsx

__all__ = [
    "FormLayout", "form_layout", "variable_specs", "read_workbook", "read_general_info", "read_meta",
    "suspicious_self_scores", "build_workbook", "form_bytes", "write_form", "write_forms", "read_unit_list",
    "Limits", "check_xlsx", "add_cli",
]


def add_cli(sub, name: str = "template") -> None:
    """Register ``dti-kit template ID [--units FILE] [--year YEAR] --out PATH``."""
    p = sub.add_parser(name, help="write Excel input forms of a design (one per unit, or one workbook with --out X.xlsx)",
                       description="Write Excel input forms laid out like the official ones. With --out ending in "
                                   ".xlsx: one workbook with a sheet per unit; otherwise a folder with one workbook "
                                   "per unit.")
    p.add_argument("id", help="design id, e.g. vung-tau-2024-xa")
    p.add_argument("--units", help="CSV (column unit_name, optional unit_id) or text file (one name per line); "
                                   "default: the design's units, or one blank form")
    p.add_argument("--year", type=int, help="assessment year written in the form (default: the design's year)")
    p.add_argument("--out", required=True, help="a folder (one workbook per unit) or a file X.xlsx (a sheet per unit)")

    def run(args) -> int:
        from dti_kit.loader import load_design

        design = load_design(args.id)
        units = read_unit_list(args.units) if args.units else None
        for path in write_forms(design, Path(args.out), units, year=args.year):
            print(path)
        return 0

    p.set_defaults(func=run)
