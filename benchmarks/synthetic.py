"""National-scale synthetic inputs for the benchmarks (vectorised: one array per variable)."""
from __future__ import annotations

import numpy as np
import pandas as pd


def synthetic_long(design, n: int, seed: int = 1, spread_units: bool = False) -> pd.DataFrame:
    """Long table of n units: each input between the rule's worst and best example.

    With ``spread_units`` each unit has its own level of maturity (so that ranks are spread
    out, as the sensitivity benchmark needs); otherwise every item is drawn independently.
    """
    rng = np.random.default_rng(seed)
    units = np.array([f"xa-{i:04d}" for i in range(n)], dtype=object)
    level = rng.uniform(0.2, 0.95, n) if spread_units else None
    frames = []
    for leaf in design.leaves():
        ex = leaf.rule.examples()
        q = np.clip(level + rng.normal(0, 0.2, n), 0, 1) if spread_units else rng.uniform(0, 1, n)
        for var in leaf.rule.variables():
            b, w = ex["best"].get(var), ex["worst"].get(var)
            if isinstance(b, str) or isinstance(w, str):
                vals = np.where(q > 0.5, b, w).astype(object)
            else:
                b, w = float(b or 0), float(w or 0)
                vals = np.round(w + q * (b - w))
            frames.append(pd.DataFrame({"unit_id": units, "code": leaf.code, "variable": var, "value": vals}))
    return pd.concat(frames, ignore_index=True)
