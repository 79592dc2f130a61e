"""Everything a report of one params file is computed from, read and scored once.

:func:`load_report_data` reads the inputs (CSV, Excel and ODS forms, folders), scores them
under the design with the units file's ``ranked = 0`` units left out of the ranking, scores
last year's inputs, and, when the params give ``previous_mapping``, compares each of this
year's units with the mean of its former units (:func:`dti_kit.merge.change_since_last_year`).
The notebooks present this bundle; they never read or score inputs themselves.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import pandas as pd

from dti_kit.errors import Refusals
from dti_kit.forms import read_inputs
from dti_kit.loader import load_design
from dti_kit.merge import ChangeSinceLastYear, UnitMapping, change_since_last_year, read_mapping
from dti_kit.model import IndexDesign
from dti_kit.report import cache  # the build's: one reading and scoring per params file
from dti_kit.scoring import ScoreResult, score_units
from dti_kit.units import UnitsFile, check_units, units_summary

__all__ = ["ReportData", "load_report_data"]


@dataclass(frozen=True)
class ReportData:
    """The inputs and results of one report.

    Attributes
    ----------
    design : IndexDesign
    long : pandas.DataFrame
        This year's inputs, long (``unit_id, unit_name, code, variable, value, …``).
    result : ScoreResult
        This year's scores (units of ``units`` with ``ranked = 0`` have no rank).
    previous : ScoreResult or None
        Last year's scores (under ``previous_design``), None without previous inputs.
    units : UnitsFile or None
        The params' units file: each unit's parent (a commune's district), kind, ranked.
    mapping : UnitMapping or None
        Last year's units → this year's (``previous_mapping``).
    change : ChangeSinceLastYear or None
        This year's units against the mean of their former units, when ``mapping`` is given.
    """

    design: IndexDesign
    long: pd.DataFrame
    result: ScoreResult
    previous: ScoreResult | None = None
    units: UnitsFile | None = None
    mapping: UnitMapping | None = None
    change: ChangeSinceLastYear | None = None

    def parents(self) -> dict[str, str]:
        """``{unit_id: parent}`` from the units file ({} without one)."""
        return self.units.parents() if self.units is not None else {}


def load_report_data(design_id: str, inputs: Sequence[str], previous_inputs: Sequence[str] = (), na_policy: str | None = None,
                     units: str = "", previous_mapping: str = "", previous_design: str = "", year: int | None = None,
                     root: str | Path | None = None) -> ReportData:
    """Read and score one report's inputs once.

    Parameters
    ----------
    design_id, inputs, na_policy
        As the params file gives them.
    previous_inputs, previous_design
        Last year's inputs and their design (default: this year's design).
    units, previous_mapping
        The params' units file and last year's mapping ("" for none).
    year
        The report's year: a form made for another year is refused.
    root
        The project (for its own designs); default the working directory.

    When the build's cache is in use (:mod:`dti_kit.report.cache`), the data is loaded from it
    if everything it depends on is unchanged, and stored in it otherwise.

    Raises
    ------
    InputError, FormError, DesignError
        Every problem of the inputs, units file or mapping, named.

    Examples
    --------
    >>> data = load_report_data("hoa-binh-2023-xa", ["inputs/hoa-binh/2023-xa-synthetic.csv"],
    ...                         units="inputs/hoa-binh/2023-xa-units.csv")  # doctest: +SKIP
    >>> data.result.totals()["rank"].max()  # doctest: +SKIP
    """
    if cache.folder_in_use() is None:
        return _read_and_score(design_id, inputs, previous_inputs, na_policy, units, previous_mapping, previous_design, year, root)
    name, key = cache.report_data_key(design_id, inputs, previous_inputs, na_policy, units, previous_mapping, previous_design, year, root)
    return cache.cached(name, key, lambda: _read_and_score(design_id, inputs, previous_inputs, na_policy, units, previous_mapping,
                                                           previous_design, year, root), root=root)


def _read_and_score(design_id: str, inputs: Sequence[str], previous_inputs: Sequence[str], na_policy: str | None, units: str,
                    previous_mapping: str, previous_design: str, year: int | None, root: str | Path | None) -> ReportData:
    """:func:`load_report_data` without the cache. The files are all read before any is
    refused, so that one error lists the problems of every file: this year's and last year's
    inputs, the units file and the mapping."""
    design = load_design(design_id, root) if root is not None else load_design(design_id)
    last_design = design
    if previous_inputs and previous_design and previous_design != design_id:
        last_design = load_design(previous_design, root) if root is not None else load_design(previous_design)
    extra = {} if year is None else {"year": int(year)}
    refusals = Refusals()
    read = refusals.read
    long = read(lambda: read_inputs(list(inputs), design=design, **extra))
    units_file = None
    if units:  # its own problems and, the inputs read, the units it lists against theirs, at once
        units_file, problems = check_units(units, dict.fromkeys(long["unit_id"].astype(str)) if long is not None else None,
                                           source=", ".join(map(str, inputs)))
        refusals.add(problems, units_summary())
    last_long = read(lambda: read_inputs(list(previous_inputs), design=last_design)) if previous_inputs else None
    mapping = read(lambda: read_mapping(previous_mapping)) if previous_mapping else None
    unranked = units_file.unranked if units_file is not None else ()
    # the values are checked as they are scored: this year's and last year's both
    result = read(lambda: score_units(design, long, na_policy=na_policy, unranked=unranked)) if long is not None else None
    previous = read(lambda: score_units(last_design, last_long, na_policy=na_policy)) if last_long is not None else None
    refusals.raise_any(f"{sum(len(exc.problems) for exc in refusals.refused)} problem(s) in the report's input files")
    change = change_since_last_year(result, previous, mapping) if (mapping is not None and previous is not None) else None
    return ReportData(design, long, result, previous, units_file, mapping, change)
