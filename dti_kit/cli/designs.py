"""``dti-kit designs``: list the shipped and project designs, show one, check, start or describe design files.

``designs [list]`` · ``designs show ID [--json]`` · ``designs check FILE ...`` (exit 2 on any
problem) · ``designs new NEW_ID --from ID [--force]`` · ``designs schema`` (the JSON Schema).
"""
from __future__ import annotations

import argparse
import sys

__all__ = ["add_parser", "component_count", "design_tree", "render_tree", "run"]


def add_parser(sub, command) -> argparse.ArgumentParser:
    """Register the command ``designs`` on the sub-parsers ``sub``."""
    p = sub.add_parser(command.name, help=command.help,
                       description="List the shipped and project designs (designs/*.yaml), show one as a tree, "
                                   "check design files, start a new design from another, or print the JSON Schema.")
    p.add_argument("action", nargs="?", choices=["list", "show", "check", "new", "schema"], default="list")
    p.add_argument("args", nargs="*", metavar="ID|FILE",
                   help="show ID; check FILE ...; new NEW_ID (with --from ID)")
    p.add_argument("--json", action="store_true", help="show: print the tree as JSON")
    p.add_argument("--from", dest="from_id", metavar="ID", help="new: the design to copy")
    p.add_argument("--force", action="store_true", help="new: replace the project's design of that id")
    return p


def _usage(line: str) -> int:
    print(f"usage: dti-kit {line}", file=sys.stderr)
    return 2


def run(args: argparse.Namespace) -> int:
    """Run one action of ``designs``; 2 on a usage error or any problem of a checked file."""
    import json

    if args.action == "show":
        if len(args.args) != 1:
            return _usage("designs show ID [--json]")
        from dti_kit.loader import load_design

        d = load_design(args.args[0])
        print(json.dumps(design_tree(d), ensure_ascii=False, indent=2) if args.json else render_tree(d))
        return 0
    if args.action == "check":
        if not args.args:
            return _usage("designs check FILE [FILE ...]")
        return _check(args.args)
    if args.action == "new":
        if len(args.args) != 1 or not args.from_id:
            return _usage("designs new NEW_ID --from ID [--force]")
        from dti_kit.authoring import new_design
        from dti_kit.i18n import text

        path = new_design(args.args[0], args.from_id, force=args.force)
        print(f"{text('own.designs_new_written', 'vi', path=path)} / {text('own.designs_new_written', 'en', path=path)}")
        return 0
    if args.action == "schema":
        if args.args:
            return _usage("designs schema")
        from dti_kit.authoring import design_schema

        print(json.dumps(design_schema(), ensure_ascii=False, indent=2))
        return 0
    if args.args:
        return _usage("designs [list]")
    from dti_kit.loader import design_sources, list_designs

    print(render_list(list_designs(), {k: s.origin for k, s in design_sources().items()}), end="")
    return 0


def _check(files: list[str]) -> int:
    """Print every problem of the design files (file, line, code, Vietnamese / English); 2 if any."""
    from dti_kit.authoring import check_design_files
    from dti_kit.i18n import text

    problems = check_design_files(files)
    if problems:
        print(f"dti-kit: {text('own.designs_check_problems', 'vi', n=len(problems))} / "
              f"{text('own.designs_check_problems', 'en', n=len(problems))}", file=sys.stderr)
        for p in problems:
            print("  - " + p.format(), file=sys.stderr)
        return 2
    print(f"{text('own.designs_check_valid', 'vi', n=len(files))} / {text('own.designs_check_valid', 'en', n=len(files))}")
    return 0


def _fmt(x: float) -> str:
    return f"{x:g}"


def component_count(d) -> tuple[int | None, bool]:
    """How many components ``d`` has, and whether the design lists them.

    A full design lists its components: their number. A structure design (its components are
    not in the source text) has the count the decision states, design-wide
    (``stated_components``) or as the sum of its main indicators' stated counts when every
    one states it (unscored ones too: the count is the text's); ``None`` when the text states none.
    """
    if d.detail == "full":
        return len(d.components()), True
    if d.stated_components is not None:
        return d.stated_components, False
    counts = [m.stated_components for m in d.main_indicators]
    if counts and all(c is not None for c in counts):
        return sum(counts), False
    return None, False


def render_list(designs, origins: dict[str, str] | None = None) -> str:
    """The table of ``dti-kit designs``: one row per design, then what a stated count means.

    ``origins`` maps a design id to where it comes from (``shipped``, inside the package, or
    ``project``, the project's ``designs/`` folder); the column is left out without it.
    """
    from dti_kit.i18n import text

    head = ("id", "province", "level", "year", "max points", "detail") + (("origin",) if origins is not None else ()) + ("components",)
    rows = [head]
    for d in designs:
        n, listed = component_count(d)
        cell = str(n) if listed else (text("cli.designs_stated", "en", n=n) if n is not None else text("cli.designs_not_stated", "en"))
        origin = (origins.get(d.id, ""),) if origins is not None else ()
        rows.append((d.id, d.province, d.level, str(d.year), _fmt(d.scale), d.detail, *origin, cell))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
    if any(not component_count(d)[1] for d in designs):
        lines += ["", text("cli.designs_structure_note", "en")]
    return "\n".join(lines) + "\n"


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
        "scale": d.scale, "detail": d.detail, "index_value": d.index_value, "stated_components": d.stated_components,
        "na_policy": {"method": d.na_policy.method, "applies_to": list(d.na_policy.applies_to) if d.na_policy.applies_to is not None else "all"},
        "bands": [{"label": b.label, "upto": b.upto} for b in d.bands.bands] if d.bands else None,
        "pillars": [{"code": p.code, "name": p.name, "activity": p.activity, "max_points": p.max_points} for p in d.pillars],
        "main_indicators": [
            {"code": m.code, "name": m.name, "name_en": m.name_en, "group": m.group, "max_points": m.max_points,
             "scored": m.scored, "stated_components": m.stated_components, "components": [comp(c) for c in m.components],
             "groups": [{"code": g.code, "name": g.name, "components": [comp(c) for c in g.components]} for g in m.groups]}
            for m in d.main_indicators
        ],
        "bonus": [{"code": b.code, "name": b.name, "points": b.points, "rule": b.rule.describe()} for b in d.bonus],
        "errata": [{"id": e.id, "code": e.code, "text": e.text, "problem": {"vi": e.problem_vi, "en": e.problem_en},
                    "assumption": {"vi": e.assumption_vi, "en": e.assumption_en}} for e in d.errata],
    }


def render_tree(d) -> str:
    """The tree of ``dti-kit designs show``: codes, names, max points, rules, offices, errata."""
    import io

    out = io.StringIO()
    w = out.write
    w(f"{d.id}: {d.province}, {d.level_name}, {d.year}\n")
    w(f"  nguồn / source: {d.source.cite()} — {d.source.issuer} ({d.source.part})\n")
    w(f"  thang điểm / scale: {_fmt(d.scale)}; detail: {d.detail}; N/A: {d.na_policy.method}\n")
    n, listed = component_count(d)
    if not listed:
        from dti_kit.i18n import text

        key, fmt = ("cli.tree_components_stated", {"n": n}) if n is not None else ("cli.tree_components_not_stated", {})
        w(f"  {text(key, 'vi', **fmt)} / {text(key, 'en', **fmt)}\n")
    if d.pillars:
        w("  trụ cột / pillars: " + ", ".join(f"{p.code} = nền tảng + {p.activity} ({_fmt(p.max_points)})" for p in d.pillars) + "\n")
    if d.bands:
        w("  xếp loại / bands: " + ", ".join(f"{b.label} ≤ {_fmt(b.upto)}%" if b.upto is not None else b.label for b in d.bands.bands) + "\n")

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
