"""The form's subtotal and total formulas, with the design's N/A rule in them.

A clerk who marks an item "Không áp dụng (N/A)" leaves its score blank; a plain ``SUM`` then
counts it 0, and the unit would sign a total below its score (Hòa Bình xã with 6.3 and 6.4 N/A:
49,83 for main indicator 6 where the engine gives 69,76). The formulas here score an N/A item as
:func:`dti_kit.na.apply_na` does, level by level as :func:`dti_kit.scoring.score_units` applies
it: among the sub-components of a component, among the components of a main indicator (the
groups' rows adding their own), and among the scored main indicators of a structure design.

``proportional``
    ``IF(na="Có", max × rate, score)``, rate = achieved / max over the applicable siblings of the
    design's ``na_policy.base`` (Hòa Bình V.4.2: never a DVCTT component), 0 where they have none.
``exclude``
    an N/A item counts 0 and the total row's max becomes the scale less the max of every N/A
    item and the points not assessed (Hải Dương 4: 600 − 30 = 570).
``zero``
    an N/A item counts 0.
``peer-mean``
    needs the other units' scores: the form sums what it has and says on each row concerned
    that the total is provisional, naming the rule (:func:`provisional_note`).

Nothing here touches a file; :mod:`dti_kit.forms.write` writes what it returns.
"""
from __future__ import annotations

from dataclasses import dataclass

from dti_kit.forms.layout import NA, YES, FormLayout, FormRow
from dti_kit.i18n import na_policy, text
from dti_kit.model import IndexDesign

__all__ = ["NaFormulas", "na_formulas", "provisional_note", "FORMULA_POLICIES"]

#: the N/A policies a form's formulas implement; the others are labelled provisional
FORMULA_POLICIES = ("proportional", "exclude", "zero")
_CHUNK = 200  # references per SUM (Excel takes 255 arguments)


@dataclass(frozen=True)
class NaFormulas:
    """Where the N/A cells of a form are, and how its formula rows use them."""

    design: IndexDesign
    layout: FormLayout

    # -- what the layout holds ----------------------------------------------------------
    def _rows(self) -> dict[int, FormRow]:
        return {fr.row: fr for fr in self.layout.rows}

    def _code_rows(self) -> dict[str, int]:
        return {fr.code: fr.row for fr in self.layout.rows if fr.kind in ("indicator", "group", "component", "subcomponent", "bonus")}

    def _na_cell(self) -> dict[int, str]:
        """Row → the coordinate of its N/A cell."""
        from openpyxl.utils import get_column_letter

        return {c.row: f"{get_column_letter(c.col)}{c.row}" for c in self.layout.cells if c.kind == NA}

    # -- formulas -----------------------------------------------------------------------
    def score(self, fr: FormRow, letter: str, rate_letter: str = "") -> str:
        """The formula of a row that adds others (``fr.sums``) in the score column ``letter``;
        ``rate_letter`` is the (hidden) column holding the rates of :meth:`rate` (proportional)."""
        na = self._na_cell()
        rows = self._rows()
        method = self.design.na_policy.method
        plain, marked = [], []
        for r in fr.sums:
            ref = f"{letter}{r}"
            if r in na and method in FORMULA_POLICIES:
                repl = f"{_num(rows[r].max_points)}*{rate_letter}{self.owner(fr)}" if method == "proportional" else "0"
                marked.append(f'IF({na[r]}="{YES}",{repl},{ref})')
            else:
                plain.append(ref)
        terms = ([_sum(plain)] if plain else []) + marked
        inner = "+".join(terms) if terms else "0"
        return f"=MIN({inner},{fr.cap:g})" if fr.cap is not None else f"={inner}"

    def needs_rate(self, fr: FormRow) -> bool:
        """Whether ``fr``'s formula scores an N/A part at a rate (proportional)."""
        na = self._na_cell()
        return self.design.na_policy.method == "proportional" and any(r in na for r in fr.sums)

    def owner(self, fr: FormRow) -> int:
        """The row whose siblings set the rate of ``fr``'s N/A parts: a group's is its main
        indicator's (the rule is applied among all the indicator's components)."""
        if fr.kind == "group":
            return self._code_rows()[self.design.node(fr.code).indicator]
        return fr.row

    def rate(self, owner: int, letter: str) -> str:
        """The formula of the rate at ``owner`` (:meth:`owner`) in the score column ``letter``:
        achieved ÷ max over the applicable siblings in the base, 0 where none applies. One
        cell per owner, so that each N/A item's term refers to it instead of repeating it."""
        return "=" + self._rate(self._rows()[owner], letter)

    def _siblings(self, fr: FormRow) -> tuple[list[int], frozenset[str] | None]:
        """The rows among which the N/A rule of ``fr``'s parts is applied, and the base's codes."""
        code_rows = self._code_rows()
        base = self.design.na_policy.base
        if fr.kind == "total":
            return [code_rows[m.code] for m in self.design.scored_indicators()], None
        if fr.kind == "component":  # it sums its sub-components: the rule among them, no base
            return list(fr.sums), None
        m = self.design.node(fr.code)
        if fr.kind == "group":
            m = self.design.node(m.indicator)
        return [code_rows[c.code] for c in m.all_components()], (frozenset(base) if base is not None else None)

    def _rate(self, fr: FormRow, letter: str) -> str:
        """Achieved ÷ max over the applicable siblings in the base (0 where none applies)."""
        na = self._na_cell()
        rows = self._rows()
        siblings, base = self._siblings(fr)
        live = [r for r in siblings if base is None or rows[r].code in base]
        plain = [r for r in live if r not in na]
        achieved = ([_sum([f"{letter}{r}" for r in plain])] if plain else []) + \
            [f'IF({na[r]}="{YES}",0,{letter}{r})' for r in live if r in na]
        fixed = sum(float(rows[r].max_points or 0) for r in plain)
        possible = ([_num(fixed)] if plain else []) + [f'IF({na[r]}="{YES}",0,{_num(rows[r].max_points)})' for r in live if r in na]
        a = "+".join(achieved) or "0"
        if all(r not in na for r in live):  # a fixed base: no test for an empty one needed
            return f"({a})/{_num(fixed)}" if fixed > 0 else "0"
        p = "+".join(possible)
        return f"IF(({p})>0,({a})/({p}),0)"

    def total_max(self, total: FormRow, not_assessed: list[str]) -> float | str:
        """The total row's max: the scale, or under ``exclude`` the scale less the max of every N/A
        item and the points not assessed (``not_assessed``: their cells)."""
        if self.design.na_policy.method != "exclude":
            return total.max_points
        na = self._na_cell()
        rows = self._rows()
        # sub-components are left out: an N/A sub-component counts 0 within its component,
        # whose max stays (as the engine scores it)
        removed = [f'IF({na[r]}="{YES}",{_num(rows[r].max_points)},0)' for r in sorted(na)
                   if rows[r].kind in ("component", "indicator")]
        removed += [_sum(not_assessed)] if not_assessed else []
        if not removed:
            return total.max_points
        return f"={_num(total.max_points)}-(" + "+".join(removed) + ")"

    def provisional(self, fr: FormRow) -> bool:
        """Whether ``fr``'s formula cannot apply the design's rule (it needs other units),
        and the row must say its total is provisional."""
        method = self.design.na_policy.method
        partial = bool(self.design.na_policy.partial) and method != "exclude" and fr.kind == "total"
        if method in FORMULA_POLICIES and not partial:
            return False
        na = self._na_cell()
        if fr.kind == "total":
            return bool(na) or partial
        return any(r in na for r in fr.sums)


def na_formulas(design: IndexDesign, layout: FormLayout) -> NaFormulas:
    """The N/A formulas of ``design``'s form."""
    return NaFormulas(design, layout)


def provisional_note(design: IndexDesign, language: str = "vi") -> str:
    """What a row whose total the form cannot finish says: provisional, and the rule by name."""
    return text("fidelity.form_provisional", language, rule=na_policy(design.na_policy.method, language))


def _num(x) -> str:
    return f"{float(x or 0):.15g}"


def _sum(refs: list[str]) -> str:
    chunks = [",".join(refs[i:i + _CHUNK]) for i in range(0, len(refs), _CHUNK)]
    return f"SUM({chunks[0]})" if len(chunks) == 1 else "SUM(" + ",".join(f"SUM({c})" for c in chunks) + ")"
