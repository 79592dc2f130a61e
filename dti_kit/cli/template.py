"""``dti-kit template ID [--units FILE] [--year YEAR] --out PATH [--force]``: Excel input forms."""
from __future__ import annotations

import argparse

__all__ = ["add_parser", "run"]


def add_parser(sub, command) -> argparse.ArgumentParser:
    """Register the command ``template`` on the sub-parsers ``sub``."""
    p = sub.add_parser(command.name, help=command.help,
                       description="Write Excel input forms laid out like the official ones. With --out ending in "
                                   ".xlsx: one workbook with a sheet per unit; otherwise a folder with one workbook "
                                   "per unit. An existing workbook, or a folder that holds files, is refused "
                                   "without --force (a filled form is never replaced by a blank one by accident).")
    p.add_argument("id", help="design id, e.g. vung-tau-2024-xa")
    p.add_argument("--units", help="a units file (CSV unit_id, unit_name, parent, kind, ranked: each form carries "
                                   "its unit's id and name), a CSV with a column unit_name (optional unit_id) or a "
                                   "text file (one name per line); default: the design's units, or one blank form")
    p.add_argument("--year", type=int, help="assessment year written in the form (default: the design's year)")
    p.add_argument("--out", required=True, help="a folder (one workbook per unit) or a file X.xlsx (a sheet per unit)")
    p.add_argument("--force", action="store_true", help="overwrite an existing workbook or the forms in a folder")
    return p


def run(args: argparse.Namespace) -> int:
    """Write the forms and print their paths."""
    from pathlib import Path

    from dti_kit.cli._outputs import refuse_existing, refuse_inputs_as_outputs

    refuse_inputs_as_outputs([args.out], [args.units])
    refuse_existing(args.out, args.force)

    from dti_kit.forms import write_forms
    from dti_kit.loader import load_design

    design = load_design(args.id)
    units = _units(args.units) if args.units else None
    for path in write_forms(design, Path(args.out), units, year=args.year):
        print(path)
    return 0


def _units(path: str) -> list[tuple[str, str]]:
    """``(unit_id, unit_name)`` of each unit listed in ``path``, in file order.

    A units file (its header, after any ``#`` notes, names ``unit_id`` and ``unit_name``) is
    read by :func:`dti_kit.units.read_units`, so that a form carries the id and the name the
    report uses; any other list by :func:`dti_kit.forms.read_unit_list`.
    """
    from dti_kit.forms import read_unit_list
    from dti_kit.units import is_units_file, read_units

    if is_units_file(path):
        return [(u.unit_id, u.unit_name) for u in read_units(path).units]
    return read_unit_list(path)
