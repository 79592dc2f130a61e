"""Golden files: every params file's results at full precision, to prove a refactoring moves no number.

``python tools/golden.py write`` writes ``tests/golden/<params>/<table>.csv`` for every params
file: the scoring's ``ScoreResult.tidy()`` (this year and last year), every reconciliation table,
every sensitivity table and every comparison table. ``python tools/golden.py check`` recomputes
them and lists every file whose text differs (exit 1). ``tests/test_golden.py`` runs the check.

Floats are written with ``repr`` (shortest text that reads back to the same double), so a change
in the last bit shows. Column keys are the tables' own; a table the refactoring only relabels must
be regenerated on purpose, and its diff reviewed.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"


def _csv(df) -> str:
    import pandas as pd

    from dti_kit._util.strings import csv_text

    if not isinstance(df.index, pd.RangeIndex):
        df = df.reset_index()
    # full precision, and the text as computed (no formula neutralising: these files are compared, not opened)
    return csv_text(df, float_format=lambda x: repr(float(x)), formula_safe=False)


def tables_of(params_path: Path) -> dict[str, str]:
    """``{table name: CSV text}`` for one params file."""
    import os

    from dti_kit.publish.params import load_params

    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        p = load_params(params_path.relative_to(ROOT))
        out: dict[str, str] = {}
        if p.kind == "comparison":
            from dti_kit.compare.report import build_comparison

            cmp = build_comparison(list(p.design_ids), list(p.inputs), dict(p.options), p.language)
            for key, df in cmp.tables().items():
                out[f"compare-{key}"] = _csv(df)
            out["compare-coverage"] = _csv(cmp.coverage)
            out["compare-curves"] = _csv(cmp.curves)
            return out
        from dti_kit.forms import read_inputs
        from dti_kit.loader import load_design
        from dti_kit.scoring import score_units

        design = load_design(p.design_id)
        long = read_inputs(list(p.inputs), design=design)
        out["scores"] = _csv(score_units(design, long, na_policy=p.na_policy).tidy())
        if p.previous_inputs:
            prev = read_inputs(list(p.previous_inputs), design=design)
            out["scores-previous"] = _csv(score_units(design, prev, na_policy=p.na_policy).tidy())
        if "reconciliation" in p.notebooks:
            from dti_kit.reconcile.core import reconcile

            opts = dict(p.options.get("reconciliation") or {})  # as the notebook receives them
            rec = reconcile(design, long, tolerance=float(opts.get("tolerance", 0)), decimals=opts.get("decimals"),
                            na_policy=p.na_policy)
            for key in ("items", "units", "components"):
                out[f"reconcile-{key}"] = _csv(getattr(rec, key))
            ag = rec.agreement
            out["reconcile-agreement"] = repr(ag) + "\n"
        if "sensitivity" in p.notebooks:
            from dti_kit.sensitivity.analysis import analyse

            res = analyse(design, long, na_policy=p.na_policy, language=p.language, **dict(p.options or {}))
            for key, df in res.tables().items():
                out[f"sensitivity-{key}"] = _csv(df)
        return out
    finally:
        os.chdir(cwd)


def all_params() -> list[Path]:
    return sorted(p for p in (ROOT / "params").rglob("*.yaml"))


def golden_dir(params_path: Path) -> Path:
    rel = params_path.relative_to(ROOT / "params").with_suffix("")
    return GOLDEN / rel.as_posix().replace("/", "__")


def write() -> None:
    for pp in all_params():
        d = golden_dir(pp)
        d.mkdir(parents=True, exist_ok=True)
        for old in d.glob("*.csv"):
            old.unlink()
        for name, text in tables_of(pp).items():
            (d / f"{name}.csv").write_text(text, encoding="utf-8")
        print(f"wrote {d.relative_to(ROOT)}")


def check(params_paths: list[Path] | None = None) -> list[str]:
    """Every difference, as ``"<golden file>: <what>"`` lines (empty: all equal)."""
    diffs = []
    for pp in params_paths or all_params():
        d = golden_dir(pp)
        now = tables_of(pp)
        before = {f.stem: f.read_text(encoding="utf-8") for f in d.glob("*.csv")}
        for name in sorted(set(now) | set(before)):
            if name not in before:
                diffs.append(f"{d.name}/{name}.csv: new table")
            elif name not in now:
                diffs.append(f"{d.name}/{name}.csv: table no longer computed")
            elif now[name] != before[name]:
                a, b = before[name].splitlines(), now[name].splitlines()
                first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                diffs.append(f"{d.name}/{name}.csv: line {first + 1} differs:\n  was {a[first] if first < len(a) else '<end>'}\n"
                             f"  now {b[first] if first < len(b) else '<end>'}")
    return diffs


if __name__ == "__main__":
    if sys.argv[1:] == ["write"]:
        write()
    elif sys.argv[1:] == ["check"]:
        problems = check()
        print("\n".join(problems) or "golden files: all equal")
        sys.exit(1 if problems else 0)
    else:
        sys.exit("usage: python tools/golden.py write|check")
