"""``dti-kit compare ID ID ... [--inputs FILE ...] [--source ID] [--out FILE]``: designs side by side."""
from __future__ import annotations

import argparse
import sys

__all__ = ["add_parser", "run"]


def add_parser(sub, command) -> argparse.ArgumentParser:
    """Register the command ``compare`` on the sub-parsers ``sub``."""
    p = sub.add_parser(
        command.name, help=command.help,
        description=(
            "Compare index designs side by side. --out STEM.csv writes the shares CSV "
            "(design_id, indicator, points, share: percent of the scale) and beside it "
            "STEM-overview.csv (one row per design: scale, counts, group shares, pillars, bands, N/A policy, "
            "rule-kind mix, evidence), STEM-concepts.csv (the components measuring each concept of the catalogue, "
            "with max points, method and where full points start), STEM-uncovered.csv (components no concept "
            "covers) and, with --inputs, STEM-rescoring.csv (each unit's score, percent of the covered points and "
            "rank under each design) and STEM-rescoring-detail.csv (per component). Without --out the shares CSV "
            "goes to standard output. No output may be one of the inputs."),
    )
    p.add_argument("ids", nargs="+", metavar="ID", help="design ids, e.g. hoa-binh-2023-huyen vung-tau-2024-huyen")
    p.add_argument("--inputs", nargs="+", metavar="FILE", help="long CSV inputs of one design's units, re-scored under every design")
    p.add_argument("--source", metavar="ID", help="the design the inputs belong to (default: detected from their codes)")
    p.add_argument("--out", metavar="FILE", help="the shares CSV; the other tables are written beside it")
    p.add_argument("--language", choices=["vi", "en"], default="vi", help="language of the indicator and concept names")
    return p


def run(args: argparse.Namespace) -> int:
    """Compare the designs; write the tables (or print the shares CSV)."""
    from pathlib import Path

    from dti_kit.cli._outputs import refuse_inputs_as_outputs, refuse_unwritable
    from dti_kit.compare.structure import SUFFIXES, comparison_tables, write_tables_csv

    if args.out and args.inputs:
        out = Path(args.out)
        stem = out.with_suffix("") if out.suffix.lower() == ".csv" else out
        outputs = [out, *(stem.parent / (stem.name + s) for s in SUFFIXES.values())]
        refuse_inputs_as_outputs(outputs, args.inputs)
        refuse_unwritable(outputs)

    from dti_kit._util.strings import csv_text
    from dti_kit.forms import read_inputs
    from dti_kit.loader import load_design

    designs = [load_design(i) for i in args.ids]
    long = read_inputs(args.inputs) if args.inputs else None
    source = load_design(args.source) if args.source else None
    if source is not None and source.id not in {d.id for d in designs}:
        designs = [source] + designs
    tables = comparison_tables(designs, long, source, language=args.language)
    if args.out:
        for path in write_tables_csv(tables, args.out):
            print(path)
    else:
        sys.stdout.write(csv_text(tables["shares"]))
    return 0
