"""The HTML anchors a report links to: one per unit profile, so that every unit name in a
table can link to its profile (``<a href="#unit-…">``)."""
from __future__ import annotations

from dti_kit._util.strings import slugify

__all__ = ["unit_anchor"]


def unit_anchor(unit_id: str) -> str:
    """The ``id`` of a unit's profile in a report: ``unit-`` and the id as a slug.

    Examples
    --------
    >>> unit_anchor("xa-doc-lap")
    'unit-xa-doc-lap'
    >>> unit_anchor("Xã Độc Lập")
    'unit-xa-doc-lap'
    """
    return "unit-" + (slugify(str(unit_id)) or "x")
