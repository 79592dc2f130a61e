"""``dti-kit sensitivity ID INPUT [INPUT ...] [--draws N] [--spread F] [--seed S] [--dirichlet] [--units FILE] [--out FILE]``.

With ``--units``, the ranks analysed are the scoring report's: the units file's ``ranked = 0``
units are scored but have no rank to be robust (``dti-kit score --units``)."""
from __future__ import annotations

import argparse
import sys

from dti_kit.na import NA_METHODS
from dti_kit.sensitivity.settings import DEFAULTS, MAIN_COLUMNS, TABLE_SUFFIXES, output_paths

__all__ = ["add_parser", "run"]


def _epilog() -> str:
    lines = ["outputs: --out FILE writes the main CSV (" + ", ".join(MAIN_COLUMNS) + ") at FILE and, beside it,"]
    lines += [f"  <stem>-{suffix}.csv: {what}" for suffix, (_, what) in TABLE_SUFFIXES.items()]
    lines += ["without --out the main CSV goes to standard output; none of these files may be an input.",
              "p_band_change is empty where the design has no bands. Same seed, same numbers;",
              "--spread 0 gives rank_p05 = rank_p95 = rank."]
    return "\n".join(lines)


def add_parser(sub, command) -> argparse.ArgumentParser:
    """Register the command ``sensitivity`` on the sub-parsers ``sub``."""
    p = sub.add_parser(command.name, help=command.help,
                       description="Monte Carlo on the main-indicator weights, Sobol' indices, one at a time, "
                                   "leave one out, equal weights, other designs' weights, N/A policies, "
                                   "min-max vs share of the best.",
                       epilog=_epilog(), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("id", help="design id, e.g. hoa-binh-2023-huyen")
    p.add_argument("input", nargs="+", help="long CSV file(s), Excel forms or folders")
    p.add_argument("--draws", type=int, default=DEFAULTS["draws"], help="Monte Carlo draws (default %(default)s)")
    p.add_argument("--spread", type=float, default=DEFAULTS["spread"],
                   help="each weight × U(1-F, 1+F), also the one-at-a-time step (default %(default)s)")
    p.add_argument("--seed", type=int, default=DEFAULTS["seed"], help="random seed (default %(default)s)")
    p.add_argument("--dirichlet", action="store_true", help="draw weights from a Dirichlet centred on the official ones")
    p.add_argument("--sobol-base", type=int, default=DEFAULTS["sobol_base"],
                   help="N of the Saltelli design, a power of 2 (default %(default)s)")
    p.add_argument("--na-policy", choices=NA_METHODS, help="override the design's N/A policy for the official scoring")
    p.add_argument("--units", metavar="FILE", help="units file (unit_id, unit_name, parent, kind, ranked), checked against the "
                                                   "inputs both ways as dti-kit score --units does; units with ranked = 0 "
                                                   "have no rank, and are left out of the analysis of the ranks")
    p.add_argument("--language", choices=("vi", "en"), default="vi", help="labels in the tables (default vi)")
    p.add_argument("--out", help="main CSV; the other tables are written beside it (see below)")
    return p


def run(args: argparse.Namespace) -> int:
    """Analyse and write the tables (0; bad input raises, the command line exits 2)."""
    from dti_kit.cli._outputs import refuse_inputs_as_outputs, refuse_unwritable

    if args.out:
        outputs = list(output_paths(args.out).values())
        refuse_inputs_as_outputs(outputs, [*args.input, args.units])
        refuse_unwritable(outputs)

    from dti_kit._util.strings import csv_text
    from dti_kit.cli._units import checked_units
    from dti_kit.errors import Refusals
    from dti_kit.forms import read_inputs
    from dti_kit.loader import load_design
    from dti_kit.scoring import score_units
    from dti_kit.sensitivity.analysis import analyse

    design = load_design(args.id)
    # every problem of the inputs and the units file at once (as dti-kit score --units)
    refusals = Refusals()
    inputs = refusals.read(lambda: read_inputs(args.input, design=design))
    units = checked_units(args.units, inputs, args.input, refusals) if args.units else None
    refusals.raise_any()
    # the official scoring, ranked as the scoring report ranks it (the units file's unranked units left out)
    result = score_units(design, inputs, na_policy=args.na_policy, unranked=units.unranked if units is not None else ())
    res = analyse(design, inputs, na_policy=args.na_policy, draws=args.draws, spread=args.spread, seed=args.seed,
                  dirichlet=args.dirichlet, sobol_base=args.sobol_base, language=args.language, result=result)
    if args.out:
        for path in res.write_csv(args.out):
            print(path, file=sys.stderr)
    else:
        sys.stdout.write(csv_text(res.main_table()))
    return 0
