"""Benchmark: score a national-scale synthetic set (3,321 units: the number of communes in
Vietnam since 1 July 2025) on a full design, with the engine and with a plain per-unit loop.

Prints both times, their ratio and the engine's peak memory. Target: the engine at least 50×
faster than the loop and under 0.5 s. Run: ``make bench`` or ``python benchmarks/score_national.py``.
"""
from __future__ import annotations

import argparse
import time
import tracemalloc

import numpy as np
import pandas as pd
from synthetic import synthetic_long

from dti_kit import load_design, score_units
from dti_kit.rules import Env

N_UNITS = 3321


def loop_score(design, long: pd.DataFrame, units) -> dict:
    """The plain way an analyst writes it: for each unit, select its rows, then score each
    component one at a time (no vectorisation over units)."""
    totals = {}
    for unit in units:
        rows = long[long["unit_id"] == unit]
        values = {(c, v): x for c, v, x in zip(rows["code"], rows["variable"], rows["value"])}
        total = 0.0
        for leaf in design.leaves():
            rule = leaf.rule
            numbers, texts = {}, {}
            for var in rule.variables():
                x = values.get((leaf.code, var))
                if isinstance(x, str):
                    texts[var] = np.array([x], dtype=object)
                elif x is not None:
                    numbers[var] = np.array([float(x)])
            total += float(rule.score(Env(1, numbers, texts), leaf.max_points)[0])
        totals[unit] = total
    return totals


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--design", default="hoa-binh-2023-xa")
    ap.add_argument("--units", type=int, default=N_UNITS)
    ap.add_argument("--loop-units", type=int, default=300, help="units the slow loop is timed on (then scaled)")
    args = ap.parse_args()
    design = load_design(args.design)
    long = synthetic_long(design, args.units)
    score_units(design, long.head(1000), require_complete=False)  # warm-up (imports, caches)

    times = []
    for _ in range(3):  # best of three, without tracing (tracemalloc slows allocation)
        t0 = time.perf_counter()
        result = score_units(design, long)
        times.append(time.perf_counter() - t0)
    engine = min(times)
    tracemalloc.start()
    score_units(design, long)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    all_units = long["unit_id"].unique()
    sample = all_units[: args.loop_units]
    t0 = time.perf_counter()
    loop_score(design, long, sample)
    loop = (time.perf_counter() - t0) * len(all_units) / len(sample)

    print(f"design {design.id}: {args.units} units, {len(design.leaves())} components, {len(long):,} input rows")
    print(f"engine (vectorised): {engine:.3f} s, peak memory {peak / 2**20:.1f} MiB")
    print(f"plain per-unit loop: {loop:.3f} s (timed on {len(sample)} units, scaled to {len(all_units)})")
    print(f"ratio loop / engine: {loop / engine:.1f}x  (targets: >= 50x, engine < 0.5 s)")
    print(f"mean total: {result.totals()['score'].mean():.1f} of {design.scale:g}")


if __name__ == "__main__":
    main()
