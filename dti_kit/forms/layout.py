"""The layout of an Excel input form, derived from a design alone.

The writer (:mod:`dti_kit.forms.write`) and the reader (:mod:`dti_kit.forms.read`) both call
:func:`form_layout`, so that a form is read back exactly where it was written: one row per
main indicator, group, component, sub-component and bonus item in the decision's order, one
row per input variable under each component, then the total row. Nothing here touches a file.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from dti_kit._util.strings import nfc
from dti_kit.forms.words import variable_label, variable_symbol, yes_no_consequence
from dti_kit.i18n import text
from dti_kit.model import IndexDesign
from dti_kit.rules.base import CHOICE, COUNT, NUMBER, YESNO, InputType  # noqa: F401  (NUMBER: the forms share the cell kinds)

FORM_FORMAT = "dti-kit-form"
FORM_VERSION = 1
META_SHEET = "_dti_kit"
LISTS_SHEET = "_danh_muc"
GENERAL_SHEET = "Thông tin chung"
INDEX_SHEET = "Chỉ số"

TITLE_ROWS = 5  # title block: rows 1–5
HEADER_ROW = 6
FIRST_ROW = 7
UNIT_NAME_CELL = (4, 3)  # C4: the unit's name, typed by the unit on a blank form

YES, NO = "Có", "Không"
YES_WORDS = frozenset({"có", "co", "x", "yes", "y", "đã có", "1"})
NO_WORDS = frozenset({"không", "khong", "no", "n", "chưa", "chưa có", "0"})

# value kinds of an input cell: a rule's inputs (NUMBER, COUNT, YESNO, CHOICE: the rule kinds say
# which, dti_kit.rules.InputType) and the cells every item has
SCORE, NA, NOTE = "score", "na", "note"


@dataclass(frozen=True)
class VarSpec:
    """What one input variable holds: a number, a whole count, yes/no, or one of a choice's cases."""

    kind: str
    choices: tuple[tuple[str, str], ...] = ()  # (code, label shown in the dropdown)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: float


@dataclass(frozen=True)
class InputCell:
    """An input cell of the index sheet: which (code, variable) it holds and what kind of value."""

    row: int
    col: int
    code: str
    variable: str
    kind: str
    choices: tuple[tuple[str, str], ...] = ()
    low: float | None = None
    high: float | None = None


@dataclass(frozen=True)
class FormRow:
    """One row of the index sheet's body."""

    row: int
    kind: str  # indicator | group | component | subcomponent | variable | section | bonus | total
    code: str = ""
    variable: str = ""
    stt: str = ""
    name: str = ""
    method: str = ""
    evidence: str = ""
    max_points: float | None = None
    responsible: str = ""
    level: int = 0  # indentation depth of the name
    symbol: str = ""  # what the "Biến" column shows: the decision's own symbol of a variable ("a", "(2)") or ""
    sums: tuple[int, ...] = ()  # rows whose score cells this row adds up (formula rows)
    cap: float | None = None  # MIN(SUM(...), cap)


@dataclass(frozen=True)
class FormLayout:
    """Columns, body rows and input cells of a design's index sheet."""

    design_id: str
    columns: tuple[Column, ...]
    rows: tuple[FormRow, ...]
    cells: tuple[InputCell, ...]
    fingerprint: str
    general: tuple[tuple[str, str, str, tuple[str, ...], str, bool], ...] = field(default=())

    def col(self, key: str) -> int:
        """1-based column number of a column key (``KeyError`` if the form has no such column)."""
        for i, c in enumerate(self.columns, start=1):
            if c.key == key:
                return i
        raise KeyError(key)

    def has(self, key: str) -> bool:
        return any(c.key == key for c in self.columns)

    @property
    def last_row(self) -> int:
        """The sheet's last row of items (the sign-off block goes below it)."""
        return self.rows[-1].row if self.rows else HEADER_ROW


def label_key(text: str) -> str:
    """How a dropdown label is matched: NFC, case-folded, blanks collapsed."""
    return " ".join(nfc(str(text)).casefold().split())


def variable_specs(rule) -> dict[str, VarSpec]:
    """Variable → :class:`VarSpec` for every variable a rule reads (nested rules included).

    The rule says what each input is (:meth:`dti_kit.rules.Rule.input_types`); the form
    shows a choice's cases by their printed labels, with the code added where two labels
    read the same.
    """
    types = rule.input_types()
    return {v: _var_spec(types[v]) for v in rule.variables()}


def _var_spec(t: InputType) -> VarSpec:
    if t.kind != CHOICE:
        return VarSpec(t.kind)
    labels = [(code, nfc(label) or code) for code, label in t.cases]
    seen: dict[str, int] = {}
    for _c, lab in labels:
        seen[label_key(lab)] = seen.get(label_key(lab), 0) + 1
    return VarSpec(CHOICE, tuple((c, f"{lab} ({c})" if seen[label_key(lab)] > 1 else lab) for c, lab in labels))


def appraised_header(design: IndexDesign) -> str:
    """The appraised-score column as the design's form calls it (Vũng Tàu: "Điểm đạt được" …)."""
    cols = design.metadata.get("score_columns") or []
    for c in cols:
        if "thẩm định" in str(c):
            return str(c)
    others = [str(c) for c in cols if "tự đánh giá" not in str(c)]
    return others[-1] if others else "Điểm thẩm định"


def form_layout(design: IndexDesign) -> FormLayout:
    """The layout of the index sheet of ``design`` (cached on the design)."""
    lay = design.__dict__.get("_form_layout")
    if lay is None:
        lay = _build_layout(design)
        object.__setattr__(design, "_form_layout", lay)  # cache on a frozen instance
    return lay


def _allows_na(design: IndexDesign, code: str) -> bool:
    na = design.na_policy
    return na.applies_to is None or code in na.applies_to


def _build_layout(design: IndexDesign) -> FormLayout:
    has_na = any(_allows_na(design, c) for c in design.codes())
    has_resp = any(getattr(c, "responsible", "") for c in design.leaves())
    columns = [
        Column("stt", "STT", 8),
        Column("name", "Chỉ số/Chỉ số thành phần", 38),
        Column("method", "Cách xác định và tính điểm", 42),
        Column("evidence", "Tài liệu kiểm chứng", 14),
        Column("max", "Điểm tối đa", 8),
        Column("var", "Biến", 6),
        Column("value", "Số liệu", 14),
        Column("self", "Điểm tự đánh giá", 10),
        Column("appraised", appraised_header(design), 10),
    ]
    if has_na:
        columns.append(Column("na", "Không áp dụng (N/A)", 10))
    partial = design.na_policy.partial
    partial_codes = {m.code for m in design.scored_indicators() if not m.all_components()} if partial else set()
    if partial_codes:  # the design accepts, per main indicator, the points of its items not assessed
        columns.append(Column("not_assessed", text("fidelity.form_not_assessed"), 11))
    columns.append(Column("note", "Ghi chú", 16))
    if has_resp:
        columns.append(Column("responsible", "Đơn vị phụ trách", 14))
    colno = {c.key: i for i, c in enumerate(columns, start=1)}

    rows: list[FormRow] = []
    cells: list[InputCell] = []
    r = FIRST_ROW

    def score_cells(row: int, code: str, high: float, low: float = 0.0, na: bool = True) -> None:
        cells.append(InputCell(row, colno["self"], code, "self_score", SCORE, low=low, high=high))
        cells.append(InputCell(row, colno["appraised"], code, "appraised_score", SCORE, low=low, high=high))
        if na and has_na and _allows_na(design, code):
            cells.append(InputCell(row, colno["na"], code, "na", NA))
        cells.append(InputCell(row, colno["note"], code, "note", NOTE))

    def variable_rows(node, level: int) -> None:
        nonlocal r
        counts = set(getattr(node, "counts", ()))
        for var, spec in variable_specs(node.rule).items():
            if var in counts and spec.kind == NUMBER:  # the design says it counts things: whole numbers
                spec = VarSpec(COUNT)
            if spec.kind == CHOICE:
                hint = "Chọn một: " + "; ".join(lab for _c, lab in spec.choices)
            elif spec.kind == YESNO:
                hint = f"Chọn {YES} / {NO}"
            elif spec.kind == COUNT:
                hint = "Số nguyên ≥ 0"
            else:
                hint = "Số ≥ 0"
            if spec.kind == YESNO:
                hint += yes_no_consequence(node)
            # the clerk reads the decision's words and symbols, never the design's variable names
            rows.append(FormRow(r, "variable", node.code, var, name=variable_label(node, var), method=hint, level=level,
                                symbol=variable_symbol(node, var)))
            cells.append(InputCell(r, colno["value"], node.code, var, spec.kind, spec.choices, low=0.0))
            r += 1

    def leaf(node, kind: str, level: int) -> int:
        """A component or sub-component row and its variable rows; returns its row."""
        nonlocal r
        row = r
        subs = getattr(node, "subcomponents", ())
        rows.append(FormRow(row, kind, node.code, stt=node.code, name=node.name, method=node.method,
                            evidence=node.evidence, max_points=node.max_points,
                            responsible=getattr(node, "responsible", ""), level=level))
        r += 1
        if subs:
            # the component sums its sub-components: its score cells are formulas
            cells.append(InputCell(row, colno["note"], node.code, "note", NOTE))
            if has_na and _allows_na(design, node.code):
                cells.append(InputCell(row, colno["na"], node.code, "na", NA))
            sub_rows = tuple(leaf(s, "subcomponent", level + 1) for s in subs)
            rows[[x.row for x in rows].index(row)] = FormRow(
                row, kind, node.code, stt=node.code, name=node.name, method=node.method, evidence=node.evidence,
                max_points=node.max_points, responsible=getattr(node, "responsible", ""), level=level, sums=sub_rows)
            return row
        score_cells(row, node.code, node.max_points)
        variable_rows(node, level + 1)
        return row

    indicator_rows: list[tuple[int, bool]] = []
    for m in design.main_indicators:
        row = r
        rows.append(FormRow(row, "indicator", m.code, stt=m.code, name=m.name, max_points=m.max_points))
        r += 1
        comps = m.all_components()
        if not comps:
            score_cells(row, m.code, m.max_points)
            if m.code in partial_codes:
                cells.append(InputCell(row, colno["not_assessed"], m.code, partial, SCORE, low=0.0, high=m.max_points))
            indicator_rows.append((row, m.scored))
            continue
        parts: list[int] = []
        for c in m.components:
            parts.append(leaf(c, "component", 1))
        for g in m.groups:
            grow = r
            rows.append(FormRow(grow, "group", g.code, stt=g.code, name=g.name, max_points=g.max_points, level=1))
            r += 1
            grp_rows = tuple(leaf(c, "component", 2) for c in g.components)
            rows[[x.row for x in rows].index(grow)] = FormRow(grow, "group", g.code, stt=g.code, name=g.name,
                                                             max_points=g.max_points, level=1, sums=grp_rows)
            parts.append(grow)
        idx = [x.row for x in rows].index(row)
        rows[idx] = FormRow(row, "indicator", m.code, stt=m.code, name=m.name, max_points=m.max_points,
                            sums=tuple(parts), cap=m.max_points if m.cap else None)
        indicator_rows.append((row, m.scored))

    bonus_rows: list[int] = []
    if design.bonus:
        headings = dict(design.metadata.get("bonus_heading") or {})
        if not headings:
            headings = {"": "ĐIỂM THƯỞNG, ĐIỂM TRỪ"}
        emitted: set[str] = set()

        def heading(code: str) -> None:
            nonlocal r
            if code in emitted or code not in headings:
                return
            emitted.add(code)
            rows.append(FormRow(r, "section", code, stt=code, name=str(headings[code])))
            r += 1

        for b in design.bonus:
            parts_ = b.code.split(".")
            for k in range(1, len(parts_)):
                heading(".".join(parts_[:k]))
            heading("")
            row = r
            rows.append(FormRow(row, "bonus", b.code, stt=b.code, name=b.name, method=b.method, evidence=b.evidence,
                                max_points=b.points, level=1))
            r += 1
            score_cells(row, b.code, max(b.points, 0.0), low=min(b.points, 0.0), na=False)
            variable_rows(b, 2)
            bonus_rows.append(row)
    total = tuple(row for row, scored in indicator_rows if scored) + tuple(bonus_rows)
    rows.append(FormRow(r, "total", "", stt="", name="TỔNG ĐIỂM", max_points=design.scale, sums=total))

    h = hashlib.sha256()
    h.update(f"{FORM_FORMAT}|{FORM_VERSION}|{design.id}|{[c.header for c in columns]}".encode())
    for fr in rows:
        h.update(f"|{fr.row}:{fr.kind}:{fr.code}:{fr.variable}:{fr.sums}:{fr.cap}".encode())
    for c in cells:
        h.update(f"|{c.row}:{c.col}:{c.variable}:{c.kind}:{c.choices}".encode())
    general = tuple(
        (g.code, g.name, g.unit, g.levels, g.supplier, (not g.levels) or design.level in g.levels)
        for g in design.general_info
    )
    return FormLayout(design.id, tuple(columns), tuple(rows), tuple(cells), h.hexdigest()[:16], general)


def choice_code(text: str, choices: tuple[tuple[str, str], ...]) -> str | None:
    """The case code of a dropdown label (or of the code itself), ``None`` if none matches."""
    key = label_key(text)
    for code, label in choices:
        if key in (label_key(label), label_key(code)):
            return code
    return None


def yes_no(text: str) -> int | None:
    """1 for Có/x/yes, 0 for Không/no, ``None`` otherwise."""
    key = label_key(text)
    if key in YES_WORDS:
        return 1
    if key in NO_WORDS:
        return 0
    return None
