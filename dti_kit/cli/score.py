"""``dti-kit score ID INPUT [INPUT ...] [--out FILE] [--na-policy P] [--year YEAR] [--units FILE] [--merge MAPPING --out FILE]``.

The tidy scores CSV. ``--units`` checks the units of the inputs against a units file both
ways; ``--year`` refuses a form made for another assessment year (the form's hidden sheet
and title block state its year); ``--merge`` scores the former units, then writes the new units' rows (each main
indicator the mean over the former units, :data:`dti_kit.merge.MEAN_RULE`).
"""
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
    p.add_argument("--year", type=int, metavar="YEAR", help="the assessment year: a form made for another year is refused "
                                                            "(exit 2, naming the form and both years)")
    p.add_argument("--units", metavar="FILE", help="units file (unit_id, unit_name, parent, kind, ranked): every unit of the "
                                                   "inputs must be in it, and every unit in it must have inputs; units "
                                                   "with ranked = 0 are scored but not ranked")
    p.add_argument("--merge", metavar="MAPPING", help="mapping CSV (unit_id, new_unit_id, new_unit_name): write the rows of the "
                                                      "new units, each main indicator the mean over its former units (needs --out)")
    return p


def run(args: argparse.Namespace) -> int:
    """Score, then write the CSV (atomically) or print it; warnings go to standard error."""
    from dti_kit.cli._outputs import refuse_inputs_as_outputs, refuse_unwritable

    if args.merge and not args.out:
        from dti_kit.i18n import text as msg

        print(f"dti-kit: {msg('own.merge_needs_out', 'vi')} / {msg('own.merge_needs_out', 'en')}", file=sys.stderr)
        return 2
    refuse_inputs_as_outputs([args.out], [*args.input, args.units, args.merge])
    refuse_unwritable([args.out])

    from dti_kit._util.strings import csv_text
    from dti_kit.cli._units import checked_units
    from dti_kit.errors import Refusals
    from dti_kit.forms import read_inputs
    from dti_kit.loader import load_design
    from dti_kit.scoring import score_units

    design = load_design(args.id)
    # every file's problems at once: the mapping, the inputs, the units file (its own and its
    # units against the inputs'), the values as they are scored
    refusals = Refusals()
    read = refusals.read
    mapping = None
    if args.merge:
        from dti_kit.merge import read_mapping

        mapping = read(lambda: read_mapping(args.merge))
    inputs = read(lambda: read_inputs(args.input, design=design, **({} if args.year is None else {"year": args.year})))
    units = checked_units(args.units, inputs, args.input, refusals) if args.units else None
    # the units file's ranked = 0 units are scored and banded, and left out of the ranks
    result = read(lambda: score_units(design, inputs, na_policy=args.na_policy, unranked=units.unranked if units else ())) \
        if inputs is not None else None
    refusals.raise_any()
    if mapping is not None:
        from dti_kit.i18n import text as msg
        from dti_kit.merge import merge_scores

        merged = merge_scores(result, mapping)
        if not _write(args.out, csv_text(merged.tidy())):
            return 1
        n = merged.scores["unit_id"].nunique()
        print(f"{msg('own.merge_written', 'vi', n=n, path=args.out)} / {msg('own.merge_written', 'en', n=n, path=args.out)}",
              file=sys.stderr)
    elif args.out:
        if not _write(args.out, csv_text(result.tidy())):
            return 1
    else:
        sys.stdout.write(csv_text(result.tidy()))
    for p in result.warnings:
        print("warning: " + p.format(), file=sys.stderr)
    return 0


def _write(path: str, csv: str) -> bool:
    """Write ``csv`` to ``path`` atomically; on a full disk, a read-only folder or a file in the
    way, say which file and why (both languages) and return False: the command exits 1, and the
    file is left as it was (the last good scores stay; nothing half-written remains)."""
    from dti_kit._util.atomic import write_text
    from dti_kit.cli._outputs import say_cannot_write

    try:
        write_text(path, csv)
    except OSError as exc:
        say_cannot_write(path, exc)
        return False
    return True
