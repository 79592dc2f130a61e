"""Deterministic synthetic sample inputs for every shipped design (``dti-kit samples``).

The values are synthetic: each unit has a latent level of digital maturity, each component's
inputs are placed between the inputs that score nothing and those that score full marks
(the rule kind's own examples), so that rates fall between what a lagging and a leading unit
report. Some self-assessed scores over-claim, some units have no online public services (N/A),
and the previous year's inputs are written too, for trends. Same seed, same bytes.
"""
from __future__ import annotations

import hashlib
import io
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from .atomic import write_text
from .loader import design_ids, load_design
from .model import IndexDesign
from .text import slugify

RATIO_KINDS = {"ratio", "ratio_target", "ratio_floor_cap", "all_or_nothing", "weighted_ratios"}


def _seed(*parts) -> int:
    h = hashlib.sha256("|".join(map(str, parts)).encode()).digest()
    return int.from_bytes(h[:8], "little")


def sample_units(design: IndexDesign) -> list[tuple[str, str]]:
    """(unit_id, unit_name) of the synthetic units of a design."""
    data = yaml.safe_load((resources.files("dti_kit") / "data" / "sample_units.yaml").read_text(encoding="utf-8"))
    names = data.get(design.id)
    if names == "design" or names is None:
        if design.units:
            return list(design.units)
        names = [f"Đơn vị {i}" for i in range(1, 11)]
    return [(slugify(n), n) for n in names]


def _scale_free(rule) -> bool:
    if rule.kind in RATIO_KINDS:
        return True
    return rule.kind in ("tiers", "relative") and getattr(rule, "of", "") == "ratio"


def _component_inputs(rule, q: float, rng: np.random.Generator) -> dict[str, object]:
    """Inputs of one component for a unit whose level on it is q (0 = worst, 1 = full)."""
    ex = rule.examples()
    best, worst = ex["best"], ex["worst"]
    out: dict[str, object] = {}
    size = float(rng.choice([1, 2, 5, 10, 20, 50])) if _scale_free(rule) else 1.0
    for var in rule.variables():
        b, w = best.get(var), worst.get(var)
        if isinstance(b, str) or isinstance(w, str):
            out[var] = b if rng.random() < q else w
        elif b is None and w is None:
            continue
        else:
            b = float(b if b is not None else 0)
            w = float(w if w is not None else 0)
            if b == w:
                out[var] = b * size
            elif set((b, w)) <= {0.0, 1.0} and not _scale_free(rule):
                out[var] = 1.0 if rng.random() < q else 0.0
            else:
                out[var] = round((w + q * (b - w)) * size)
    return out


def generate(design: IndexDesign, year: int, seed: int = 2023) -> pd.DataFrame:
    """The long table of synthetic inputs of one design for one year."""
    rng = np.random.default_rng(_seed(seed, design.id, year))
    units = sample_units(design)
    lag = design.year - year  # previous years are a little less mature
    base = np.random.default_rng(_seed(seed, design.id)).uniform(0.3, 0.95, len(units)) - 0.08 * lag
    rows: list[tuple] = []
    no_dvctt = {units[-1][0]} if design.na_policy.applies_to and len(units) > 3 else set()
    structure_na = units[len(units) // 2][0] if design.detail == "structure" and design.na_policy.method != "zero" and len(units) > 3 else None

    for (uid, name), qu in zip(units, base):
        def add(code, var, value):
            rows.append((uid, name, code, var, value))

        if design.detail == "structure":
            for m in design.main_indicators:
                if not m.scored:
                    continue
                if uid == structure_na and m is design.scored_indicators()[1]:
                    add(m.code, "na", 1)
                    continue
                q = float(np.clip(qu + rng.normal(0, 0.12), 0.05, 1.0))
                appraised = round(q * m.max_points, 1)
                add(m.code, "appraised_score", appraised)
                over = rng.random() < 0.25
                add(m.code, "self_score", round(min(m.max_points, appraised + (rng.uniform(0.03, 0.2) * m.max_points if over else 0)), 1))
            continue
        for leaf in design.leaves():
            if uid in no_dvctt and design.na_policy.allows(leaf.code):
                add(leaf.code, "na", 1)
                continue
            q = float(np.clip(qu + rng.normal(0, 0.18), 0.0, 1.15))
            q = min(q, 1.0)
            if leaf.rule.kind == "given":
                add(leaf.code, "appraised_score", round(q * leaf.max_points, 2))
                continue
            for var, value in _component_inputs(leaf.rule, q, rng).items():
                add(leaf.code, var, value)
        for b in design.bonus:
            for var, value in _component_inputs(b.rule, float(qu), rng).items():
                add(b.code, var, value)
    df = pd.DataFrame(rows, columns=["unit_id", "unit_name", "code", "variable", "value"])
    return df


def add_self_scores(design: IndexDesign, long: pd.DataFrame, seed: int = 2023) -> pd.DataFrame:
    """Add self-assessed scores: the computed score, sometimes over-claimed."""
    from .scoring import score_units

    if design.detail == "structure":
        return long
    res = score_units(design, long[["unit_id", "unit_name", "code", "variable", "value"]])
    rng = np.random.default_rng(_seed(seed, design.id, "self"))
    comp = res.scores[res.scores["kind"].isin(["component", "subcomponent"]) & (res.scores["status"] == "computed")]
    comp = comp[~comp["code"].isin([c.code for c in design.components() if c.subcomponents])]
    over = rng.random(len(comp)) < 0.12
    bump = rng.uniform(0.1, 0.6, len(comp)) * comp["max_points"].to_numpy()
    self_score = np.minimum(comp["max_points"].to_numpy(), comp["score"].to_numpy() + np.where(over, bump, 0.0))
    extra = pd.DataFrame({
        "unit_id": comp["unit_id"].to_numpy(), "unit_name": comp["unit_name"].to_numpy(), "code": comp["code"].to_numpy(),
        "variable": "self_score", "value": np.round(self_score, 2),
    })
    return pd.concat([long, extra], ignore_index=True)


def to_csv(df: pd.DataFrame) -> str:
    def fmt(v):
        if isinstance(v, float):
            return f"{v:.10g}"
        return v
    out = df.copy()
    out["value"] = out["value"].map(fmt)
    buf = io.StringIO()
    out[["unit_id", "unit_name", "code", "variable", "value"]].to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def sample_path(root: Path, design: IndexDesign, year: int) -> Path:
    province = design.id.rsplit("-", 2)[0]
    return root / province / f"{year}-{design.level}-synthetic.csv"


def write_samples(out: str | Path, seed: int = 2023, ids: list[str] | None = None) -> list[Path]:
    """Write this year's and last year's synthetic inputs of every design under ``out``."""
    root = Path(out)
    written = []
    for did in ids or design_ids():
        d = load_design(did)
        for year in (d.year, d.year - 1):
            df = add_self_scores(d, generate(d, year, seed), seed + year)
            path = sample_path(root, d, year)
            write_text(path, to_csv(df))
            written.append(path)
    return written


def add_cli(sub, name="samples"):
    p = sub.add_parser("samples", help="write the synthetic sample inputs of every design")
    p.add_argument("--out", default="inputs", help="folder (default: inputs)")
    p.add_argument("--seed", type=int, default=2023)
    p.add_argument("ids", nargs="*", help="design ids (default: all)")

    def run(args):
        for path in write_samples(args.out, args.seed, args.ids or None):
            print(path)
        return 0

    p.set_defaults(func=run)
