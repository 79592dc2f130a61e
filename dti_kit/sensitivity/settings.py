"""The sensitivity analysis's defaults and the names of its output tables.

Kept apart from :mod:`dti_kit.sensitivity.analysis` and free of imports so that
``dti-kit sensitivity --help`` shows them without loading pandas.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["DEFAULTS", "MAIN_COLUMNS", "TABLE_SUFFIXES", "output_paths"]

MAIN_COLUMNS = ("unit_id", "rank", "rank_median", "rank_p05", "rank_p95", "p_band_change")
#: the tables written beside the main CSV: suffix → (attribute, what it holds)
TABLE_SUFFIXES = {
    "units": ("units", "per unit: name, index, band, rank statistics, share keeping its rank, reading"),
    "sobol": ("sobol", "Sobol' first-order and total indices of each weight, with bootstrap intervals"),
    "sobol-units": ("sobol_units", "per unit: total index of each weight on its rank, the weight moving it most"),
    "oat": ("oat", "one weight at a time ± spread: every unit's new rank"),
    "oat-summary": ("oat_summary", "one at a time: mean and largest rank change per weight and direction"),
    "alternatives": ("alternatives", "each alternative: Spearman, Kendall, rank and band changes"),
    "alternative-ranks": ("alternative_ranks", "each alternative: every unit's rank"),
    "weights": ("weights", "the weight vectors compared"),
    "matching": ("matching", "other designs' main indicators matched by name"),
}
DEFAULTS = {"draws": 2000, "spread": 0.25, "seed": 1, "dirichlet": False, "sobol_base": 512, "n_boot": 200, "conf": 0.95}


def output_paths(out: str | Path) -> dict[str, Path]:
    """The files ``--out FILE`` writes: ``{"main": FILE, suffix: <stem>-<suffix>.csv, …}``."""
    from pathlib import Path

    out = Path(out)
    return {"main": out, **{key: out.with_name(f"{out.stem}-{key}{out.suffix or '.csv'}") for key in TABLE_SUFFIXES}}
