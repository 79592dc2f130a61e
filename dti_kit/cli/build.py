"""``dti-kit build [PARAMS ...] [--jobs N] [--force]``: build the reports that changed.

Nothing heavy is imported here: the pipeline (:mod:`dti_kit.publish.pipeline`) is imported in
:func:`run` and decides itself what a no-change build needs to load.
"""
from __future__ import annotations

import argparse
import sys

__all__ = ["add_parser", "run"]

# a notebook that stopped on one of these stopped on the inputs, the params' data or a design:
# bad input, which exits 2 as ``dti-kit score`` does on the same files
INPUT_ERRORS = ("InputError", "DesignError", "UnknownDesignError", "ParamsError")


def add_parser(sub, command) -> argparse.ArgumentParser:
    """Register the command ``build`` on the sub-parsers ``sub``."""
    p = sub.add_parser(command.name, help=command.help,
                       description="Build the report of every params file whose inputs, design, notebook or package "
                                   "changed since its last build (papermill, then nbconvert); the others are kept.")
    p.add_argument("params", nargs="*", help="params files, or folders of them (default: every file under params/)")
    p.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: one per core)")
    p.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    p.add_argument("--timeout", type=int, default=900, help="seconds per notebook cell (default 900)")
    p.add_argument("--kernel", default=None, help="Jupyter kernel name (default: the project's kernel, dti-kit)")
    p.add_argument("--no-progress", action="store_true")
    return p


def run(args: argparse.Namespace) -> int:
    """Build; print the summary table; 2 if every failed notebook stopped on bad input (a form of
    another year, invalid values: :data:`INPUT_ERRORS`), 1 if a notebook failed otherwise."""
    from dti_kit.errors import PublishError
    from dti_kit.publish.pipeline import KERNEL, build, summary_table

    try:
        outcomes = build(args.params or None, ".", args.jobs, args.force, args.timeout, args.kernel or KERNEL,
                         not args.no_progress)
    except PublishError as exc:  # the reports cannot be written (read-only, full disk): not bad input
        print(f"dti-kit build: {exc}", file=sys.stderr)
        return 1
    print(summary_table(outcomes))
    failed = [o for o in outcomes if o.status == "failed"]
    for o in failed:
        # a dead kernel or a full disk stops no cell of the notebook: say nothing of "cell None"
        at = f" at cell {o.cell}" if o.cell is not None else ""
        print(f"dti-kit build: {o.params}: notebook {o.notebook} failed{at}: {o.error}", file=sys.stderr)
    if not failed:
        return 0
    from dti_kit.cli import EXIT_BAD_INPUT

    return EXIT_BAD_INPUT if all(_stopped_on_input(o.error) for o in failed) else 1


def _stopped_on_input(error: str) -> bool:
    """Whether a notebook's error (``"InputError: …"``, as the build reports it) is bad input."""
    return any(error.startswith(f"{name}:") for name in INPUT_ERRORS)
