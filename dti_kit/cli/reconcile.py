"""``dti-kit reconcile ID INPUT [INPUT ...] [--tolerance POINTS] [--units FILE] [--out FILE]``.

With ``--units``, ranked as the scoring report ranks: the units file's ``ranked = 0`` units have
no rank by self-assessment or by appraisal (``dti-kit score --units``)."""
from __future__ import annotations

import argparse
import math
import sys

from dti_kit.na import NA_METHODS

__all__ = ["add_parser", "run"]

EPILOG = """\
With --out FILE, four files are written (atomically):
  FILE                       the items: unit_id, code, self_score, computed_score,
                             appraised_score, difference (self − appraised), flags
  <FILE stem>_units.csv      per unit: totals, share changed, rank and band by self vs appraised
  <FILE stem>_components.csv per component: how often and how much it was changed, mean over-claim
  <FILE stem>_to_explain.xlsx the items each unit must explain, one sheet per unit
Without --out the items CSV goes to standard output and nothing else is written.
None of these files may be one of the inputs.

computed_score = the score the design's rule gives from the unit's own inputs;
appraised_score = the final score (the council's appraised_score where given, else computed).
Flags: self-above-max, over-claim (self above computed), under-claim (appraised above self),
large-change (|self − appraised| > tolerance), self-missing, not-appraised,
na-disputed (N/A declared while other units of the level report the item).
Exit status: 0 success, 2 bad input (every problem listed, nothing written)."""


def _tolerance(text: str) -> float:
    try:
        x = float(text.replace(",", "."))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of points: {text!r}") from None
    if not math.isfinite(x) or x < 0:
        raise argparse.ArgumentTypeError(f"must be ≥ 0: {text!r}")
    return x


def add_parser(sub, command) -> argparse.ArgumentParser:
    """Register the command ``reconcile`` on the sub-parsers ``sub``."""
    p = sub.add_parser(command.name, help=command.help,
                       description="Put self-assessed, computed and appraised scores side by side, flag the gaps and "
                                   "list the items each unit must explain.",
                       epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("id", help="design id, e.g. hoa-binh-2023-huyen")
    p.add_argument("input", nargs="+", help="long CSV file(s), Excel forms or folders with self_score rows")
    p.add_argument("--tolerance", type=_tolerance, default=0.0, metavar="POINTS",
                   help="flag a change larger than this many points (default 0: any change)")
    p.add_argument("--decimals", type=int, choices=range(10), default=None, metavar="N",
                   help="compare scores written at N decimals (default: the precision the design publishes, 2)")
    p.add_argument("--out", metavar="FILE", help="items CSV; the summaries and the workbook are written next to it")
    p.add_argument("--na-policy", choices=NA_METHODS, help="override the design's N/A policy")
    p.add_argument("--units", metavar="FILE", help="units file (unit_id, unit_name, parent, kind, ranked), checked against the "
                                                   "inputs both ways as dti-kit score --units does; units with ranked = 0 have "
                                                   "no rank, by self-assessment or by appraisal")
    p.add_argument("--language", choices=("vi", "en"), default="vi", help="language of the workbook (default vi)")
    return p


def run(args: argparse.Namespace) -> int:
    """Reconcile, then write the CSVs and the workbook (or print the items)."""
    from dti_kit.cli._outputs import refuse_inputs_as_outputs, refuse_unwritable
    from dti_kit.reconcile.report import csv_text, output_paths, write_outputs

    if args.out:
        outputs = list(output_paths(args.out).values())
        refuse_inputs_as_outputs(outputs, [*args.input, args.units])
        refuse_unwritable(outputs)

    from dti_kit.cli._units import checked_units
    from dti_kit.errors import Refusals
    from dti_kit.forms import read_inputs
    from dti_kit.loader import load_design
    from dti_kit.reconcile.core import reconcile

    design = load_design(args.id)
    # every problem of the inputs and the units file at once (as dti-kit score --units)
    refusals = Refusals()
    inputs = refusals.read(lambda: read_inputs(args.input, design=design))
    units = checked_units(args.units, inputs, args.input, refusals) if args.units else None
    refusals.raise_any()
    rec = reconcile(design, inputs, tolerance=args.tolerance, na_policy=args.na_policy, decimals=args.decimals,
                    unranked=units.unranked if units is not None else ())
    for p in rec.warnings:
        print("warning: " + p.format(), file=sys.stderr)
    if args.out:
        for path in write_outputs(rec, args.out, args.language):
            print(path)
    else:
        sys.stdout.write(csv_text(rec.table()))
    a = rec.agreement
    print(f"reconcile: {a.units} units, {a.items} pairs compared, {int(rec.units['to_explain'].sum())} items to explain",
          file=sys.stderr)
    return 0
