"""The index-design model: immutable (frozen) dataclasses loaded from YAML.

The tree is ``IndexDesign`` → ``MainIndicator`` → (``Group``) → ``Component``
(→ sub-components). Rules are objects of the rule-kind registry (``dti_kit.rules``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Mapping

from dti_kit.i18n import LANGUAGES
from dti_kit.rules.base import Rule


@dataclass(frozen=True)
class Source:
    """The official document a design is transcribed from."""

    number: str
    date: date | None
    issuer: str
    title: str = ""
    seed: str = ""
    part: str = ""

    def cite(self) -> str:
        """A short citation, e.g. ``1153/QĐ-UBND ngày 01/06/2023``."""
        when = f" ngày {self.date:%d/%m/%Y}" if self.date else ""
        return f"{self.number or '(số để trống)'}{when}"


@dataclass(frozen=True)
class Component:
    """A scored leaf (chỉ số thành phần), or a component summed from sub-components."""

    code: str
    name: str
    max_points: float
    method: str
    rule: Rule
    evidence: str = ""
    responsible: str = ""
    cooperating: str = ""
    inputs: tuple[tuple[str, str], ...] = ()
    counts: tuple[str, ...] = ()  # the inputs that count things (whole numbers: số lượng, số hồ sơ …)
    subcomponents: tuple["Component", ...] = ()
    indicator: str = ""  # code of the main indicator it belongs to
    group: str = ""  # code of its group, if any
    parent: str = ""  # code of the component it is a sub-component of, if any

    @property
    def input_labels(self) -> dict[str, str]:
        """Variable name → what it counts, as the method text says."""
        return dict(self.inputs)


@dataclass(frozen=True)
class Group:
    """A middle level between main indicator and component (Vũng Tàu VI.1 …)."""

    code: str
    name: str
    components: tuple[Component, ...]
    indicator: str = ""

    @property
    def max_points(self) -> float:
        return float(sum(c.max_points for c in self.components))


@dataclass(frozen=True)
class MainIndicator:
    """A main indicator (chỉ số chính)."""

    code: str
    name: str
    name_en: str
    group: str  # foundation | activity
    max_points: float
    scored: bool = True
    components: tuple[Component, ...] = ()
    groups: tuple[Group, ...] = ()
    stated_components: int | None = None
    cap: bool = False  # score = min(sum of components, max_points), where an erratum says so

    def all_components(self) -> tuple[Component, ...]:
        """Components directly under the indicator and inside its groups, in printed order."""
        out = list(self.components)
        for g in self.groups:
            out.extend(g.components)
        return tuple(out)


@dataclass(frozen=True)
class BonusItem:
    """A bonus (+) or penalty (−) item, added to the total outside the max."""

    code: str
    name: str
    points: float
    rule: Rule
    method: str = ""
    evidence: str = ""
    inputs: tuple[tuple[str, str], ...] = ()
    counts: tuple[str, ...] = ()  # the inputs that count things (whole numbers)


@dataclass(frozen=True)
class Pillar:
    """A pillar (trụ cột): the foundation group plus one activity indicator."""

    code: str
    name: str
    name_en: str
    activity: str
    max_points: float


@dataclass(frozen=True)
class Band:
    """One band of a band scheme: percent of max up to ``upto`` (inclusive)."""

    label: str
    label_en: str
    upto: float | None


@dataclass(frozen=True)
class BandScheme:
    bands: tuple[Band, ...]
    applies_to: tuple[str, ...] = ("total",)
    source: str = ""


@dataclass(frozen=True)
class NaPolicy:
    """How a not-applicable node is scored (see docs/design-format.md)."""

    method: str  # proportional | peer-mean | exclude | zero
    applies_to: tuple[str, ...] | None = None  # None = every code
    source: str = ""

    def allows(self, code: str) -> bool:
        return self.applies_to is None or code in self.applies_to


@dataclass(frozen=True)
class Erratum:
    """What the official text gets wrong or leaves open, and what the design assumes.

    ``text`` quotes the official text verbatim; the problem and the assumption are written in
    both report languages (Vietnamese, the default, and English), so a report shows them in
    its own language. Read them with :meth:`problem_in` and :meth:`assumption_in`.
    """

    id: str
    code: str | None
    text: str
    problem_vi: str
    problem_en: str
    assumption_vi: str
    assumption_en: str
    waives: tuple[str, ...] = ()

    def problem_in(self, language: str) -> str:
        """What the text gets wrong or leaves open, in ``language`` (``vi`` or ``en``)."""
        return self.problem_en if _language(language) == "en" else self.problem_vi

    def assumption_in(self, language: str) -> str:
        """What the design assumes instead, in ``language`` (``vi`` or ``en``)."""
        return self.assumption_en if _language(language) == "en" else self.assumption_vi


def _language(language: str) -> str:
    # an unknown language is a caller's bug: fail rather than show the wrong language
    if language not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, got {language!r}")
    return language


@dataclass(frozen=True)
class GeneralInfoField:
    """A field of "A. Thông tin chung"."""

    code: str
    name: str
    unit: str = ""
    levels: tuple[str, ...] = ()
    supplier: str = ""
    value_type: str = "number"  # "text": a name, an address, a phone number (its leading 0 kept)


@dataclass(frozen=True)
class IndexDesign:
    """One province's index design for one level and year (Bộ chỉ số đánh giá)."""

    id: str
    province: str
    year: int
    level: str
    level_name: str
    level_name_en: str
    unit_kind: str
    source: Source
    scale: float
    detail: str
    main_indicators: tuple[MainIndicator, ...]
    na_policy: NaPolicy
    index_value: str = "points"
    stated_components: int | None = None
    bands: BandScheme | None = None
    pillars: tuple[Pillar, ...] = ()
    bonus: tuple[BonusItem, ...] = ()
    errata: tuple[Erratum, ...] = ()
    units: tuple[tuple[str, str], ...] = ()
    general_info: tuple[GeneralInfoField, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    path: str = ""

    # -- navigation -------------------------------------------------------------------
    def components(self) -> tuple[Component, ...]:
        """Every component (not sub-components) in printed order."""
        return tuple(c for m in self.main_indicators for c in m.all_components())

    def leaves(self) -> tuple[Component, ...]:
        """Every node scored by its own rule: components, and sub-components in place of
        the components that sum them."""
        out: list[Component] = []
        for c in self.components():
            out.extend(c.subcomponents if c.subcomponents else (c,))
        return tuple(out)

    def scored_indicators(self) -> tuple[MainIndicator, ...]:
        return tuple(m for m in self.main_indicators if m.scored)

    def foundation(self) -> tuple[MainIndicator, ...]:
        return tuple(m for m in self.scored_indicators() if m.group == "foundation")

    def node(self, code: str):
        """The indicator, group, component, sub-component or bonus item with that code."""
        return self._index()[code]

    def codes(self) -> tuple[str, ...]:
        return tuple(self._index())

    def _index(self) -> dict[str, Any]:
        idx = self.__dict__.get("_idx")
        if idx is None:
            idx = {}
            for m in self.main_indicators:
                idx[m.code] = m
                for g in m.groups:
                    idx[g.code] = g
                for c in m.all_components():
                    idx[c.code] = c
                    for s in c.subcomponents:
                        idx[s.code] = s
            for b in self.bonus:
                idx[b.code] = b
            object.__setattr__(self, "_idx", idx)  # cache on a frozen instance
        return idx

    def iter_nodes(self) -> Iterator[tuple[str, Any]]:
        """(kind, node) in printed order: indicator, group, component, subcomponent."""
        for m in self.main_indicators:
            yield "indicator", m
            for c in m.components:
                yield "component", c
                for s in c.subcomponents:
                    yield "subcomponent", s
            for g in m.groups:
                yield "group", g
                for c in g.components:
                    yield "component", c
                    for s in c.subcomponents:
                        yield "subcomponent", s
