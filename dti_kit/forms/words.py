"""What a form calls an input: the decision's own symbol and words, never a design's internal name.

A design names its input variables for the rule engine (``a``, ``value``, ``p1``,
``so_tin_bai``); a clerk reads the form. The "Biến" column shows a variable's symbol only where
the decision itself uses it: a letter the method text writes (``a= Số hồ sơ …``), or a part's
number "(1)" the method prints. The name column shows what the decision calls the quantity (the
design's ``inputs`` description). A yes/no of a bonus or penalty item says what "Có" does to the
score, so that the answer cannot be read the wrong way round (Vũng Tàu IX.2.x: "Có" = points
deducted). Nothing here is per component: it is read from the design's data.
"""
from __future__ import annotations

import re

from dti_kit.i18n import number, text

__all__ = ["variable_symbol", "variable_label", "yes_no_consequence"]

_LETTER = re.compile(r"[a-z]")
_PART = re.compile(r"p(\d+)(?:_[a-z])?")


def _standalone(symbol: str, method: str) -> bool:
    """Whether ``symbol`` occurs in ``method`` as a word of its own ("a= …", "(a/b)", not "ba")."""
    return re.search(r"(?<![^\W_])" + re.escape(symbol) + r"(?![^\W_])", method) is not None


def variable_symbol(node, variable: str) -> str:
    """The symbol the decision gives ``variable`` of ``node`` ("a", "(2)"), or "" if it gives none."""
    method = getattr(node, "method", "") or ""
    if _LETTER.fullmatch(variable):
        return variable if _standalone(variable, method) else ""
    part = _PART.fullmatch(variable)
    if part and f"({part.group(1)})" in method:
        return f"({part.group(1)})"
    return ""


def variable_label(node, variable: str, language: str = "vi") -> str:
    """What the decision calls the quantity: the design's ``inputs`` description of it."""
    label = dict(getattr(node, "inputs", ())).get(variable, "").strip()
    return label or text("forms.input_value", language)


def yes_no_consequence(node, language: str = "vi") -> str:
    """What answering "Có" does for a bonus or penalty item ("" for a component)."""
    points = getattr(node, "points", None)
    if points is None or getattr(node, "max_points", None) is not None:
        return ""
    key = "forms.yes_adds" if points > 0 else "forms.yes_deducts"
    return text(key, language, points=number(abs(points), language))
