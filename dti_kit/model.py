"""The index-design model: immutable (frozen) dataclasses loaded from YAML.

The tree is ``IndexDesign`` → ``MainIndicator`` → (``Group``) → ``Component``
(→ sub-components). Rules are objects of the rule-kind registry (``dti_kit.rules``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, Iterator, Mapping

import numpy as np

from dti_kit.i18n import LANGUAGES
from dti_kit.rules.base import Rule


@dataclass(frozen=True)
class Source:
    """The official document a design is transcribed from.

    ``document`` is the document's type as Vietnamese names it (Quyết định, Kế hoạch, Công
    văn, Tin bài). Where the text leaves its number or date blank, ``as_printed`` holds the
    citation as printed ("Công văn số .../UBND-VHTT ngày tháng 10 năm 2024") and ``blank``
    says what is left blank; nothing is invented. ``basis`` is the decision that defines the
    index where the source only transcribes it (Ninh Thuận's plan transcribes the national
    framework of Quyết định 922/QĐ-BTTTT). ``issuer_en`` is the issuer in English, where the
    design gives it (an English report cites it; otherwise the issuer as the text names it).
    """

    number: str
    date: date | None
    issuer: str
    title: str = ""
    seed: str = ""
    part: str = ""
    document: str = ""
    as_printed: str = ""
    blank: tuple[str, ...] = ()  # "number", "day", "month", "date"
    basis: "Source | None" = None
    issuer_en: str = ""

    @property
    def in_english(self) -> bool:
        """Whether the English citation is English throughout (the issuer given in English, no
        citation kept as printed, no part of a source named as printed: "Phụ lục 2")."""
        return bool(self.issuer_en) and not self.as_printed and self.basis is None

    def issuer_in(self, language: str = "vi") -> str:
        """The issuer in ``language``: English where the design gives it, else as the text names it."""
        return self.issuer_en if language == "en" and self.issuer_en else self.issuer

    def cite(self) -> str:
        """A short citation, e.g. ``1153/QĐ-UBND ngày 01/6/2023``."""
        if self.as_printed:
            return self.as_printed
        when = f" ngày {legal_date(self.date)}" if self.date else ""
        return f"{self.number}{when}"

    def citation(self, language: str = "vi") -> str:
        """The full legal citation: type, number, date and issuer, from the catalogue's words.

        Examples
        --------
        >>> import datetime
        >>> Source("1153/QĐ-UBND", datetime.date(2023, 6, 1), "Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình",
        ...        document="Quyết định").citation()
        'Quyết định số 1153/QĐ-UBND ngày 01/6/2023 của Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình'
        """
        from dti_kit._util.strings import slugify
        from dti_kit.i18n import catalogue, text

        kind = catalogue().get(f"citation.document.{slugify(self.document)}") if self.document else None
        doc = (kind["en" if language == "en" else "vi"] if kind else self.document)
        if self.as_printed:
            blank = [text(f"citation.blank.{b}", language) for b in self.blank]
            out = text("citation.as_printed", language, printed=self.as_printed, issuer=self.issuer_in(language),
                       blank=text("citation.and", language).join(blank))
        else:
            out = text("citation.full" if self.date else "citation.undated", language, document=doc, number=self.number,
                       date=legal_date(self.date, language) if self.date else "", issuer=self.issuer_in(language)).strip()
        if self.basis is not None:
            # "Phụ lục 2: Phân công phụ trách …": the appendix's number, not its whole title
            out = text("citation.transcribed", language, basis=self.basis.citation(language), source=out,
                       part=(self.part or "").split(":", 1)[0])
        return out


def legal_date(d: date, language: str = "vi") -> str:
    """A date as Vietnamese documents write it (Nghị định 30/2020/NĐ-CP): the day with two digits,
    the month with two only for January and February: ``01/6/2023``, ``24/02/2023``. In English,
    the month by name (``1 June 2023``): 01/6 reads as 6 January to many English readers.

    Examples
    --------
    >>> legal_date(date(2023, 6, 1)), legal_date(date(2023, 6, 1), "en")
    ('01/6/2023', '1 June 2023')
    """
    if language == "en":
        from dti_kit.i18n import text

        return text("citation.date", "en", day=d.day, month=text(f"citation.month.{d.month}", "en"), year=d.year)
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"{d.day:02d}/{month}/{d.year}"


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
    printed_name: str = ""  # the name as the text misprints it ("Thế chế số"); ``name`` is the corrected one

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
    """The bands of a design (Khởi động, Hình thành …), lowest first, and what they band
    (``total``, ``pillars``)."""

    bands: tuple[Band, ...]
    applies_to: tuple[str, ...] = ("total",)
    source: str = ""

    def uppers(self) -> np.ndarray:
        """The bands' inclusive upper bounds in percent (the last band's: infinity)."""
        return np.array([b.upto if b.upto is not None else np.inf for b in self.bands], dtype=float)

    def labels_of(self, percent: np.ndarray) -> np.ndarray:
        """The band label of each percent of max (object array; None where the percent is NaN)."""
        idx = band_index(self.uppers(), percent)
        labels = np.array([b.label for b in self.bands], dtype=object)
        return np.where(idx < 0, None, labels[np.maximum(idx, 0)])


def band_index(uppers: np.ndarray, percent: np.ndarray) -> np.ndarray:
    """The band of each percent: the first band whose inclusive upper bound it does not pass.

    The one band function of the package. ``percent`` is rounded to 9 decimals first, so
    that 50.000000000001 % from a sum of floats falls in the band "≤ 50 %".

    Returns
    -------
    ndarray of int
        Positions in ``uppers``; -1 where the percent is NaN.
    """
    p = np.asarray(percent, dtype=float)
    idx = np.clip(np.searchsorted(uppers, np.round(p, 9), side="left"), 0, len(uppers) - 1)
    return np.where(np.isnan(p), -1, idx)


@dataclass(frozen=True)
class NaPolicy:
    """How a not-applicable node is scored (see docs/design-format.md)."""

    method: str  # proportional | peer-mean | exclude | zero
    applies_to: tuple[str, ...] | None = None  # None = every code
    source: str = ""
    # proportional only: the components whose achieved / max points score an N/A one (Hòa Bình
    # V.4.2 "các chỉ số thành phần ngoài chỉ số thành phần liên quan DVCTT"); None = every
    # applicable sibling. Never contains a code of ``applies_to``.
    base: tuple[str, ...] | None = None
    # the input variable in which a unit gives, per main indicator without components (a
    # structure design's), the points of its items not assessed (Hải Dương 4: "sau khi trừ đi
    # điểm của các tiêu chí, tiêu chí thành phần “Không đánh giá”"); "" = not accepted
    partial: str = ""

    def allows(self, code: str) -> bool:
        return self.applies_to is None or code in self.applies_to


TIES = ("competition", "dense")


@dataclass(frozen=True)
class Ranking:
    """How a design numbers its ranks.

    ``ties``: ``competition`` skips after a tie (15, 15, 17: the national DTI ranking) or
    ``dense`` counts tied units once (Hải Dương: "xếp thứ 7/11 (có 2 huyện bằng điểm)");
    ``decimals``: the precision, in percent points, at which two indices count as tied (the
    published precision, 2 decimals by default); ``source`` says where the choice comes from.
    """

    ties: str = "competition"
    decimals: int = 2
    source: str = ""
    #: units the text says are assessed but not ranked (Hải Dương 2023: Thanh tra tỉnh, Ban Quản lý
    #: dự án đầu tư xây dựng tỉnh), by unit id; a unit of the list missing from the inputs is no error
    unranked: tuple[str, ...] = ()
    #: ``source`` in English, for English reports (the note is the design author's, not the text's)
    source_en: str = ""

    def source_in(self, language: str = "vi") -> str:
        """The note on the choice in ``language`` (English where the design gives it)."""
        return self.source_en if language == "en" and self.source_en else self.source


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
    ranking: Ranking = Ranking()
    metadata: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    path: str = ""

    def level_label(self, language: str = "vi") -> str:
        """The level as the design names it ("cấp Huyện"); in English its English name where
        the design gives one, else the Vietnamese."""
        return (self.level_name_en or self.level_name) if language == "en" else self.level_name

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
