"""``dti-kit samples [--out DIR] [--seed S] [--no-forms] [ID ...]``: synthetic sample inputs."""
from __future__ import annotations

import argparse

__all__ = ["add_parser", "run"]


def add_parser(sub, command) -> argparse.ArgumentParser:
    """Register the command ``samples`` on the sub-parsers ``sub``."""
    p = sub.add_parser(command.name, help=command.help,
                       description="Write deterministic synthetic inputs of every design (this year's and last "
                                   "year's long CSVs, and filled Excel forms of some designs).")
    p.add_argument("--out", default="inputs", help="folder (default: inputs)")
    p.add_argument("--seed", type=int, default=2023)
    p.add_argument("--no-forms", action="store_true", help="write only the long CSVs, no Excel forms")
    p.add_argument("ids", nargs="*", help="design ids (default: all)")
    return p


def run(args: argparse.Namespace) -> int:
    """Write the samples and print their paths."""
    from dti_kit.samples import write_samples

    for path in write_samples(args.out, args.seed, args.ids or None, forms=not args.no_forms):
        print(path)
    return 0
