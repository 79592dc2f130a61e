"""Benchmark: the charts of the scoring report (and the reconciliation and sensitivity charts
that grow with the units) at 30, 150, 600 and 3,321 synthetic communes.

The units are synthetic communes of ``hoa-binh-2023-xa`` (:func:`synthetic.synthetic_long`
with ``spread_units=True``), named like real communes ("Xã Tân Lạc Sơn", 8–24 letters) and
grouped into districts of about 15 communes (the units file's parents). Each chart is made and
rendered to PNG as the report does (``dti_kit.report.plotting.png``; before that function
existed, ``savefig`` with the report's style, which laid the figure out again for
``bbox_inches="tight"``); the timed part is making the figure and writing its PNG. Printed per
size: seconds and PNG kilobytes of each chart, their sum, and the ratio to the 30-unit run.

Targets: the charts of one report at 3,321 units in a few seconds, their PNGs summing to well
under the HTML budgets of the scale issue (3 MB at 150 units, 8 MB at 600, 25 MB at 3,321).
Run: ``python benchmarks/charts.py`` (``--sizes 30 150`` for fewer).
"""
from __future__ import annotations

import argparse
import io
import time

import matplotlib

matplotlib.use("Agg")
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from synthetic import synthetic_long  # noqa: E402

from dti_kit import load_design, score_units  # noqa: E402
from dti_kit.report import charts, plotting  # noqa: E402

SIZES = (30, 150, 600, 3321)
SYLLABLES = ("Tân", "Lạc", "Sơn", "Phú", "Thượng", "Đà", "Bắc", "Hòa", "Mường", "Yên", "Thủy", "Kim", "Bôi",
             "Trung", "Nguyễn", "Vĩnh", "Đồng", "Quang", "Thạch", "Hưng", "Long", "An", "Bình", "Thành")


def unit_names(n: int, seed: int = 3) -> list[str]:
    """n distinct commune names of two or three syllables ("Xã Mường Thượng Sơn")."""
    rng = np.random.default_rng(seed)
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        k = rng.integers(2, 4)
        name = "Xã " + " ".join(rng.choice(SYLLABLES, k, replace=False))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return names


def scored_long(design, n: int, seed: int = 1) -> pd.DataFrame:
    """n units' inputs for a design whose inputs are scores (Bắc Kạn: ``appraised_score`` of
    each main indicator): each unit a level of maturity, each score that share of the max."""
    rng = np.random.default_rng(seed)
    level = rng.uniform(0.1, 0.95, n)
    frames = []
    for m in design.main_indicators:
        q = np.clip(level + rng.normal(0, 0.12, n), 0, 1)
        frames.append(pd.DataFrame({"unit_id": [f"xa-{i:04d}" for i in range(n)], "code": m.code,
                                    "variable": "appraised_score", "value": np.round(q * m.max_points, 1)}))
    return pd.concat(frames, ignore_index=True)


def synthetic_result(n: int, design_id: str = "hoa-binh-2023-xa"):
    """The scores of n synthetic communes, named, and their districts (``{unit_id: parent}``)."""
    design = load_design(design_id)
    long = synthetic_long(design, n, spread_units=True) if design.leaves() else scored_long(design, n)
    ids = sorted(long["unit_id"].unique())
    names = dict(zip(ids, unit_names(n)))
    long["unit_name"] = long["unit_id"].map(names)
    parents = {u: f"Huyện {SYLLABLES[k // 15 % len(SYLLABLES)]} {k // (15 * len(SYLLABLES)) + 1}" for k, u in enumerate(ids)}
    return score_units(design, long), parents


def _png(fig) -> bytes:
    if hasattr(plotting, "png"):
        return plotting.png(fig)
    buf = io.BytesIO()  # before plotting.png: the report's savefig (bbox_inches="tight")
    fig.savefig(buf, format="png", metadata={"Software": None})
    return buf.getvalue()


def _call(fn, result, parents, language="vi"):
    import inspect

    if "parents" in inspect.signature(fn).parameters:
        return fn(result, language, parents=parents)
    return fn(result, language)  # before the parents= argument


def run(sizes=SIZES) -> pd.DataFrame:
    import matplotlib.pyplot as plt

    plotting.setup()
    rows = []
    for n in sizes:
        result, parents = synthetic_result(n)
        for name in ("ranking_chart", "heatmap", "distributions"):
            t0 = time.perf_counter()
            fig = _call(getattr(charts, name), result, parents)
            data = _png(fig)
            rows.append((n, name, time.perf_counter() - t0, len(data) / 1024))
            plt.close(fig)
    return pd.DataFrame(rows, columns=["units", "chart", "seconds", "png_kb"])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    args = ap.parse_args()
    df = run(args.sizes)
    print(df.to_string(index=False, float_format=lambda x: f"{x:.2f}"))
    tot = df.groupby("units")[["seconds", "png_kb"]].sum()
    base = tot.iloc[0]
    tot["× seconds"] = tot["seconds"] / base["seconds"]
    tot["× png"] = tot["png_kb"] / base["png_kb"]
    print("\nper report (3 charts):")
    print(tot.to_string(float_format=lambda x: f"{x:.2f}"))


if __name__ == "__main__":
    main()
