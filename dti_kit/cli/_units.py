"""The ``--units FILE`` option the commands share (``score``, ``reconcile``, ``sensitivity``): the units file read
and checked against the read inputs both ways, its problems added to the command's refusals."""
from __future__ import annotations

from collections.abc import Sequence

__all__ = ["checked_units"]


def checked_units(path: str, inputs, input_names: Sequence[str], refusals):
    """The units file at ``path`` (a :class:`~dti_kit.units.UnitsFile`, or None if unreadable),
    its own problems and its units against those of ``inputs`` (the long table, or None if the
    inputs could not be read) added to ``refusals`` (:class:`~dti_kit.errors.Refusals`)."""
    from dti_kit.units import check_units, units_summary

    ids = list(dict.fromkeys(inputs["unit_id"].astype(str))) if inputs is not None else None
    units, problems = check_units(path, ids, source=", ".join(map(str, input_names)))
    refusals.add(problems, units_summary())
    return units
