"""Benchmark: the scoring report's unit profiles at 30, 150, 600 and 3,321 synthetic communes.

Inputs: ``hoa-binh-2023-xa`` with synthetic values between each rule's worst and best example
(:func:`synthetic.synthetic_long`, ``spread_units=True``), commune names, 15 communes per
district (the units file's ``parent``), and the least mature tenth without online public services
(6.3 and 6.4 marked N/A, as the bundled sample). Scored once, not timed. Timed, best of
``--repeat``: :func:`~dti_kit.report.profiles.build_profiles` (the one pass over the result)
and :func:`~dti_kit.report.profiles.profiles_html` (the section's HTML), with the HTML's size
per unit and in all. For comparison, the way the report worked before (every unit's profile
built from the whole table, O(n²): :func:`~dti_kit.report.profiles.unit_profile` once per unit)
is timed on ``--old-units`` units and extrapolated quadratically, which the output says.

Target (issue 20): linear cost; the section ≤ 2× its 30-commune time per 5× the communes would
be nice but the per-unit HTML is the floor: time and size per unit stay flat.
Run: ``python benchmarks/report_profiles.py [--sizes 30 150 600 3321]``.
"""
from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd
from synthetic import synthetic_long

from dti_kit import load_design, score_units
from dti_kit.report.profiles import build_profiles, profiles_html, unit_profile

DESIGN = "hoa-binh-2023-xa"


def communes(n: int, seed: int = 1) -> tuple[pd.DataFrame, dict[str, str]]:
    """Synthetic inputs of ``n`` communes with names and N/A items, and ``{unit_id: district}``."""
    design = load_design(DESIGN)
    long = synthetic_long(design, n, seed=seed, spread_units=True)
    ids = long["unit_id"].drop_duplicates().to_list()
    names = {u: f"Xã Thử Nghiệm {i + 1:04d}" for i, u in enumerate(ids)}
    long["unit_name"] = long["unit_id"].map(names)
    # the least mature tenth has no online public services: 6.3 and 6.4 not applicable
    score = long[long["code"].isin(["1.1", "1.2", "2.1"])].groupby("unit_id")["value"].apply(lambda v: pd.to_numeric(v, errors="coerce").sum())
    na_units = score.sort_values(kind="mergesort").index[: max(1, n // 10)]
    na_codes = [c for c in design.na_policy.applies_to or ()]
    drop = long["unit_id"].isin(na_units) & long["code"].isin(na_codes)
    na_rows = pd.DataFrame([(u, c, "na", 1, names[u]) for u in na_units for c in na_codes],
                           columns=["unit_id", "code", "variable", "value", "unit_name"])
    long = pd.concat([long[~drop], na_rows], ignore_index=True)
    parents = {u: f"Huyện Thử Nghiệm {i // 15 + 1:03d}" for i, u in enumerate(ids)}
    return long, parents


def best_of(repeat: int, fn):
    times, out = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[30, 150, 600, 3321])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--old-units", type=int, default=30, help="units to time the former per-unit way on (0: skip)")
    args = ap.parse_args()
    design = load_design(DESIGN)
    rows = []
    for n in args.sizes:
        long, parents = communes(n)
        result = score_units(design, long)
        t_build, prof = best_of(args.repeat, lambda: build_profiles(result, parents))
        t_html, page = best_of(args.repeat, lambda: profiles_html(prof, "vi"))
        row = {"communes": n, "build_s": t_build, "html_s": t_html, "section_s": t_build + t_html,
               "ms_per_unit": (t_build + t_html) / n * 1000, "html_MB": len(page.encode()) / 1e6,
               "kB_per_unit": len(page.encode()) / n / 1e3, "imputed_units": len(prof.imputed)}
        if args.old_units and n <= 600:
            k = min(args.old_units, n)
            t0 = time.perf_counter()
            for u in prof.order[:k]:
                unit_profile(result, u, "vi")
            per_unit = (time.perf_counter() - t0) / k
            # each call builds all n profiles: the whole section the old way costs n × per_unit
            row["old_way_s"] = per_unit * n
        rows.append(row)
    df = pd.DataFrame(rows).set_index("communes")
    base = df.iloc[0]
    df["section_ratio"] = df["section_s"] / base["section_s"]
    df["units_ratio"] = np.asarray(df.index, dtype=float) / float(df.index[0])
    print(df.to_string(float_format="{:.3f}".format))
    print(f"\n'old_way_s': the former per-unit profiles (the whole table rebuilt for each unit), timed on "
          f"{args.old_units} units and multiplied by the units (each call costs what one build costs).")


if __name__ == "__main__":
    main()
