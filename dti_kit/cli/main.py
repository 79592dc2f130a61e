"""The ``dti-kit`` command line.

Exit status: 0 success, 1 a build step failed, 2 bad input or usage (every problem listed,
nothing written).
"""
from __future__ import annotations

import argparse
import io
import json
import sys
from typing import Sequence

from dti_kit import __version__
from dti_kit._util.atomic import write_text
from dti_kit.errors import DtiKitError, ProblemsError
from dti_kit.inputs import read_inputs
from dti_kit.loader import list_designs, load_design
from dti_kit.na import NA_METHODS
from dti_kit.scoring import score_units
from dti_kit._util.strings import csv_text

EXIT_BAD_INPUT = 2


def _fmt(x: float) -> str:
    return f"{x:g}"


def cmd_designs(args: argparse.Namespace) -> int:
    if args.action == "show":
        if not args.id:
            print("usage: dti-kit designs show ID [--json]", file=sys.stderr)
            return EXIT_BAD_INPUT
        d = load_design(args.id)
        print(json.dumps(design_tree(d), ensure_ascii=False, indent=2) if args.json else render_tree(d))
        return 0
    rows = [("id", "province", "level", "year", "max points", "detail", "components")]
    for d in list_designs():
        rows.append((d.id, d.province, d.level, str(d.year), _fmt(d.scale), d.detail, str(len(d.components()))))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for r in rows:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip())
    return 0


def design_tree(d) -> dict:
    """A JSON-able tree of a design: every node with code, name, max points, rule, offices."""

    def comp(c):
        out = {"code": c.code, "name": c.name, "max_points": c.max_points, "rule": c.rule.describe(),
               "inputs": dict(c.inputs), "method": c.method, "evidence": c.evidence}
        if c.responsible:
            out["responsible"] = c.responsible
        if c.cooperating:
            out["cooperating"] = c.cooperating
        if c.subcomponents:
            out["subcomponents"] = [comp(s) for s in c.subcomponents]
        return out

    return {
        "id": d.id, "province": d.province, "year": d.year, "level": d.level, "level_name": d.level_name,
        "source": {"number": d.source.number, "date": d.source.date.isoformat() if d.source.date else None,
                   "issuer": d.source.issuer, "part": d.source.part},
        "scale": d.scale, "detail": d.detail, "index_value": d.index_value,
        "na_policy": {"method": d.na_policy.method, "applies_to": list(d.na_policy.applies_to) if d.na_policy.applies_to is not None else "all"},
        "bands": [{"label": b.label, "upto": b.upto} for b in d.bands.bands] if d.bands else None,
        "pillars": [{"code": p.code, "name": p.name, "activity": p.activity, "max_points": p.max_points} for p in d.pillars],
        "main_indicators": [
            {"code": m.code, "name": m.name, "name_en": m.name_en, "group": m.group, "max_points": m.max_points,
             "scored": m.scored, "components": [comp(c) for c in m.components],
             "groups": [{"code": g.code, "name": g.name, "components": [comp(c) for c in g.components]} for g in m.groups]}
            for m in d.main_indicators
        ],
        "bonus": [{"code": b.code, "name": b.name, "points": b.points, "rule": b.rule.describe()} for b in d.bonus],
        "errata": [{"id": e.id, "code": e.code, "text": e.text, "problem": {"vi": e.problem_vi, "en": e.problem_en},
                    "assumption": {"vi": e.assumption_vi, "en": e.assumption_en}} for e in d.errata],
    }


def render_tree(d) -> str:
    out = io.StringIO()
    w = out.write
    w(f"{d.id}: {d.province}, {d.level_name}, {d.year}\n")
    w(f"  nguồn / source: {d.source.cite()} — {d.source.issuer} ({d.source.part})\n")
    w(f"  thang điểm / scale: {_fmt(d.scale)}; detail: {d.detail}; N/A: {d.na_policy.method}\n")
    if d.pillars:
        w("  trụ cột / pillars: " + ", ".join(f"{p.code} = nền tảng + {p.activity} ({_fmt(p.max_points)})" for p in d.pillars) + "\n")
    if d.bands:
        w("  xếp loại / bands: " + ", ".join(f"{b.label} ≤ {_fmt(b.upto)} %" if b.upto is not None else b.label for b in d.bands.bands) + "\n")

    def comp(c, indent):
        w(f"{indent}{c.code} {c.name} [{_fmt(c.max_points)}] {c.rule.describe()}\n")
        offices = "; ".join(x for x in (f"phụ trách: {c.responsible}" if c.responsible else "", f"phối hợp: {c.cooperating}" if c.cooperating else "") if x)
        if offices:
            w(f"{indent}    {offices}\n")
        for s in c.subcomponents:
            comp(s, indent + "  ")

    for m in d.main_indicators:
        flag = "" if m.scored else " (không tính điểm / not scored)"
        w(f"\n{m.code} {m.name} / {m.name_en} [{_fmt(m.max_points)}]{flag}\n")
        for c in m.components:
            comp(c, "  ")
        for g in m.groups:
            w(f"  {g.code} {g.name} [{_fmt(g.max_points)}]\n")
            for c in g.components:
                comp(c, "    ")
    if d.bonus:
        w("\nĐiểm thưởng, điểm trừ / bonus and penalty\n")
        for b in d.bonus:
            w(f"  {b.code} {b.name} [{b.points:+g}] {b.rule.describe()}\n")
    if d.errata:
        w("\nErrata\n")
        for e in d.errata:
            w(f"  - [{e.code or 'design'}] {e.problem_in('vi')} → {e.assumption_in('vi')}\n")
            w(f"    {e.problem_in('en')} → {e.assumption_in('en')}\n")
    return out.getvalue()


def cmd_score(args: argparse.Namespace) -> int:
    design = load_design(args.id)
    long = read_inputs(args.input, design=design)
    result = score_units(design, long, na_policy=args.na_policy)
    text = csv_text(result.tidy())
    if args.out:
        write_text(args.out, text)
    else:
        sys.stdout.write(text)
    for p in result.warnings:
        print("warning: " + p.format(), file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="dti-kit", description="Score Vietnamese provincial DTI designs and build their reports.")
    p.add_argument("--version", action="version", version=f"dti-kit {__version__}")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("designs", help="list the shipped index designs, or show one")
    d.add_argument("action", nargs="?", choices=["list", "show"], default="list")
    d.add_argument("id", nargs="?")
    d.add_argument("--json", action="store_true", help="print the tree as JSON")
    d.set_defaults(func=cmd_designs)

    s = sub.add_parser("score", help="score units' inputs under a design")
    s.add_argument("id", help="design id, e.g. hoa-binh-2023-huyen")
    s.add_argument("input", nargs="+", help="long CSV file(s), Excel forms or folders")
    s.add_argument("--out", help="output CSV (default: standard output)")
    s.add_argument("--na-policy", choices=NA_METHODS, help="override the design's N/A policy")
    s.set_defaults(func=cmd_score)

    for name, module in (("template", "forms.api"), ("reconcile", "reconcile.core"), ("sensitivity", "sensitivity.analysis"),
                         ("compare", "compare.structure"), ("build", "publish.pipeline"), ("new-report", "report.commentary"),
                         ("samples", "samples")):
        try:
            mod = __import__(f"dti_kit.{module}", fromlist=["add_cli"])
        except ImportError:
            continue
        if hasattr(mod, "add_cli"):
            mod.add_cli(sub, name)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except ProblemsError as exc:
        print(f"dti-kit: {exc.summary}", file=sys.stderr)
        for prob in exc.problems:
            print("  - " + prob.format(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except DtiKitError as exc:
        print(f"dti-kit: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


if __name__ == "__main__":
    sys.exit(main())
