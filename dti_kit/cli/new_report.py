"""``dti-kit new-report PROVINCE YEAR LEVEL --design ID --inputs PATH``: a new report's files."""
from __future__ import annotations

import argparse

__all__ = ["add_parser", "run"]


def add_parser(sub, command) -> argparse.ArgumentParser:
    """Register the command ``new-report`` on the sub-parsers ``sub``."""
    p = sub.add_parser(command.name, help=command.help,
                       description="Write params/<province>/<year>-<level>.yaml and the empty commentary file beside "
                                   "it, then check the params file as the build would.")
    p.add_argument("province", help="province name, e.g. 'Hòa Bình' or hoa-binh")
    p.add_argument("year", type=int)
    p.add_argument("level", help="so | huyen | xa | tinh | …")
    p.add_argument("--design", required=True, help="design id, e.g. hoa-binh-2023-huyen")
    p.add_argument("--inputs", required=True, help="input file or folder (inside the project)")
    p.add_argument("--previous-inputs", help="last year's inputs, for trends")
    p.add_argument("--language", choices=["vi", "en"], default="vi")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    return p


def run(args: argparse.Namespace) -> int:
    """Write the two files and print their paths."""
    from dti_kit.publish.scaffold import new_report

    params, comm = new_report(args.province, args.year, args.level, args.design, args.inputs,
                              previous_inputs=args.previous_inputs, language=args.language, force=args.force)
    print(params)
    print(comm)
    return 0
