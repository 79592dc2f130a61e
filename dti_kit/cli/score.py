"""``dti-kit score ID INPUT [INPUT ...] [--out FILE] [--na-policy P]``: the tidy scores CSV."""
from __future__ import annotations

import argparse
import sys

from dti_kit.na import NA_METHODS

__all__ = ["add_parser", "run"]


def add_parser(sub, command) -> argparse.ArgumentParser:
    """Register the command ``score`` on the sub-parsers ``sub``."""
    p = sub.add_parser(command.name, help=command.help,
                       description="Score units' inputs under a design and write the tidy scores CSV (unit_id, code, "
                                   "kind, max_points, score, percent, value, band, rank).")
    p.add_argument("id", help="design id, e.g. hoa-binh-2023-huyen")
    p.add_argument("input", nargs="+", help="long CSV file(s), Excel forms or folders")
    p.add_argument("--out", help="output CSV (default: standard output); never one of the inputs")
    p.add_argument("--na-policy", choices=NA_METHODS, help="override the design's N/A policy")
    return p


def run(args: argparse.Namespace) -> int:
    """Score, then write the CSV (atomically) or print it; warnings go to standard error."""
    from dti_kit.cli._outputs import refuse_inputs_as_outputs

    refuse_inputs_as_outputs([args.out], args.input)

    from dti_kit._util.atomic import write_text
    from dti_kit._util.strings import csv_text
    from dti_kit.forms import read_inputs
    from dti_kit.loader import load_design
    from dti_kit.scoring import score_units

    design = load_design(args.id)
    result = score_units(design, read_inputs(args.input, design=design), na_policy=args.na_policy)
    text = csv_text(result.tidy())
    if args.out:
        write_text(args.out, text)
    else:
        sys.stdout.write(text)
    for p in result.warnings:
        print("warning: " + p.format(), file=sys.stderr)
    return 0
