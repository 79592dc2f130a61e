"""Sensitivity of the ranking to the weights and to the choices the texts leave open.

How robust is each unit's rank? :func:`analyse` scores the units once and then, with the
weight model of :mod:`dti_kit.sensitivity.weights` (units × main indicators, re-ranked by matrix
products), runs:

- a Monte Carlo on the main-indicator weights (:mod:`dti_kit.sensitivity.montecarlo`): per unit the
  official rank, median, 5 % and 95 % rank, the probability of leaving its band;
- Sobol' first-order and total indices of the weights on the mean absolute rank change, and per
  unit the weight that moves it most (:mod:`dti_kit.sensitivity.sobol`);
- one weight at a time ± f; leave one main indicator out; equal weights; the weight profiles of
  the other shipped designs of the same level; the other N/A policies; min-max vs share of the
  best (:mod:`dti_kit.sensitivity.alternatives`), each with its rank correlation to the official ranking.

COINr (the EU JRC's composite-indicator package) is the anchor: the same uniform noise on the
weights (``get_noisy_weights``), the same output (mean absolute rank change) and estimators
(``SA_estimate``), the same rank statistics (median, 5 %, 95 %), plus bands, per-unit
attribution, structured alternatives and the texts' open choices.

Command line: ``dti-kit sensitivity`` (:mod:`dti_kit.cli.sensitivity`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from dti_kit._util.atomic import all_or_nothing, write_text
from dti_kit._util.strings import csv_text
from dti_kit.errors import DtiKitError
from dti_kit.loader import load_design
from dti_kit.model import IndexDesign
from dti_kit.na import NA_METHODS
from dti_kit.scoring import ScoreResult, score_units
from dti_kit.sensitivity.alternatives import (
    compare,
    oat_summary,
    one_at_a_time,
    rank_weight_scenarios,
    rescoring_scenarios,
    weight_scenarios,
    weights_table,
)
from dti_kit.sensitivity.montecarlo import check_settings, monte_carlo
from dti_kit.sensitivity.settings import DEFAULTS, MAIN_COLUMNS, TABLE_SUFFIXES, output_paths
from dti_kit.sensitivity.sobol import sobol_weights
from dti_kit.sensitivity.weights import WeightBase, weight_base

__all__ = ["analyse", "SensitivityResult", "MAIN_COLUMNS", "TABLE_SUFFIXES", "DEFAULTS"]

#: the alternatives that change the weights, and those that re-score what the texts leave open
WEIGHT_KINDS = ("equal", "loo", "design")
OPEN_KINDS = ("na", "relative")



@dataclass
class SensitivityResult:
    """Everything :func:`analyse` computed (tables are pandas DataFrames).

    Attributes
    ----------
    base : WeightBase
        The weight model (official weights, scores, official ranks).
    units : DataFrame
        Monte Carlo, per unit (official rank order): unit_id, unit_name, percent, band, rank,
        rank_mean, rank_median, rank_p05, rank_p95, p_same_rank, p_band_change, robustness.
    sobol, sobol_units : DataFrame
        See :func:`dti_kit.sensitivity.sobol.sobol_weights`.
    oat, oat_summary : DataFrame
        See :func:`dti_kit.sensitivity.alternatives.one_at_a_time`.
    alternatives, alternative_ranks : DataFrame
        See :func:`dti_kit.sensitivity.alternatives.compare`.
    weights, matching : DataFrame
        The weight vectors compared; other designs' indicators matched by name.
    settings : dict
        draws, spread, seed, dirichlet, sobol_base, n_boot, conf, na_policy, language.
    """

    base: WeightBase
    units: pd.DataFrame
    sobol: pd.DataFrame
    sobol_units: pd.DataFrame
    oat: pd.DataFrame
    oat_summary: pd.DataFrame
    alternatives: pd.DataFrame
    alternative_ranks: pd.DataFrame
    weights: pd.DataFrame
    matching: pd.DataFrame
    settings: dict = field(default_factory=dict)

    @property
    def design(self) -> IndexDesign:
        return self.base.design

    def main_table(self) -> pd.DataFrame:
        """``unit_id, rank, rank_median, rank_p05, rank_p95, p_band_change`` (official rank order;
        p_band_change NaN where the design has no bands)."""
        return self.units[list(MAIN_COLUMNS)].copy()

    def weight_alternatives(self) -> pd.DataFrame:
        """The alternatives that change the weights: equal, leave one out, other designs'."""
        return self.alternatives[self.alternatives["kind"].isin(WEIGHT_KINDS)]

    def open_alternatives(self) -> pd.DataFrame:
        """The alternatives that re-score the choices the texts leave open: N/A policies, relative method."""
        return self.alternatives[self.alternatives["kind"].isin(OPEN_KINDS)]

    def tables(self) -> dict[str, pd.DataFrame]:
        """Every table: ``{"main": …, "units": …, "sobol": …, …}`` (keys = CSV suffixes)."""
        out = {"main": self.main_table()}
        for suffix, (attr, _) in TABLE_SUFFIXES.items():
            out[suffix] = getattr(self, attr)
        return out

    def write_csv(self, out: str | Path) -> list[Path]:
        """Write the main CSV at ``out`` and the other tables beside it (``<stem>-<suffix>.csv``).

        Files are written atomically, all or none; the same result gives the same bytes.
        """
        paths = output_paths(out)
        with all_or_nothing():
            for key, df in self.tables().items():
                write_text(paths[key], csv_text(df))
        return list(paths.values())


def analyse(design: IndexDesign | str, inputs: pd.DataFrame, *, na_policy: str | None = None,
            draws: int = DEFAULTS["draws"], spread: float = DEFAULTS["spread"], seed: int = DEFAULTS["seed"],
            dirichlet: bool = DEFAULTS["dirichlet"], sobol_base: int = DEFAULTS["sobol_base"],
            n_boot: int = DEFAULTS["n_boot"], conf: float = DEFAULTS["conf"],
            designs: list[IndexDesign] | None = None, language: str = "vi",
            result: ScoreResult | None = None) -> SensitivityResult:
    """Run every analysis of the module on one design and one set of inputs.

    Parameters
    ----------
    design : IndexDesign or str
        The design, or its id.
    inputs : DataFrame
        The long table of inputs (:func:`dti_kit.read_inputs`).
    na_policy : str, optional
        Override of the design's N/A policy for the official scoring (as ``score_units``).
    draws : int
        Monte Carlo draws (default 2000).
    spread : float
        f: each weight × U(1 − f, 1 + f) (default 0.25); also the one-at-a-time step and the
        Sobol' factor range.
    seed : int
        The same seed gives the same numbers.
    dirichlet : bool
        Draw the Monte Carlo weights from a Dirichlet distribution centred on the official ones.
    sobol_base : int
        N of Saltelli's design (a power of 2): N × (k + 2) weight vectors.
    n_boot, conf : int, float
        Bootstrap resamples and level of the Sobol' intervals.
    designs : list of IndexDesign, optional
        Designs whose weight profiles to try (default: every other shipped design of the level).
    language : str
        ``vi`` (default) or ``en``: labels in the tables.
    result : ScoreResult, optional
        The official scoring, if already computed (must come from ``design``, ``inputs``
        and ``na_policy``).

    Returns
    -------
    SensitivityResult

    Raises
    ------
    InputError
        Bad inputs (every problem listed), as ``score_units``.
    DtiKitError
        Impossible settings.
    """
    if isinstance(design, str):
        design = load_design(design)
    check_settings(draws, spread)
    if na_policy is not None and na_policy not in NA_METHODS:
        raise DtiKitError(f"unknown N/A policy {na_policy!r}; choose one of {', '.join(NA_METHODS)}")
    if language not in ("vi", "en"):
        raise DtiKitError(f"language must be 'vi' or 'en', got {language!r}")
    res = result if result is not None else score_units(design, inputs, na_policy=na_policy)
    base = weight_base(res)
    units = monte_carlo(base, draws, spread, seed, dirichlet)
    sobol, sobol_units = sobol_weights(base, spread, sobol_base, seed, n_boot, conf, language)
    oat = one_at_a_time(base, spread, language)
    scen, matching = weight_scenarios(base, designs)
    rank_weight_scenarios(base, scen)
    scen += rescoring_scenarios(base, inputs, res.na_policy, res.unranked)
    alternatives, alt_ranks = compare(base, scen, language)
    settings = {"design": design.id, "draws": int(draws), "spread": float(spread), "seed": int(seed),
                "dirichlet": bool(dirichlet), "sobol_base": int(sobol_base), "n_boot": int(n_boot),
                "conf": float(conf), "na_policy": res.na_policy, "language": language}
    return SensitivityResult(
        base=base, units=units, sobol=sobol, sobol_units=sobol_units, oat=oat,
        oat_summary=oat_summary(oat), alternatives=alternatives, alternative_ranks=alt_ranks,
        weights=weights_table(base, scen, language), matching=matching, settings=settings,
    )
