"""The rule-kind registry and the base class every rule kind derives from.

A rule turns a unit's inputs for one component into points, for all units at once: its
``score`` takes an :class:`Env` (one array per variable, one element per unit) and returns one
array of scores. No Python is written per component; a component's YAML names a kind and its
parameters, and the registry builds the rule.

Everything a kind means beyond scoring is a method of its class too, so that adding a kind is
one class (``docs/design-format.md``, "Adding a rule kind"): what its inputs are on a form
(:meth:`Rule.input_types`), its description in words (:meth:`Rule.in_words`), its family
(:meth:`Rule.family_points`), the ratio that gives full marks (:meth:`Rule.full_marks_ratio`)
and its synthetic sample inputs (:meth:`Rule.sample_inputs`). The base class declares them
abstract; every registered kind defines each one itself.
"""
from __future__ import annotations

import re
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Callable, ClassVar, Mapping, Protocol

import numpy as np

from dti_kit.errors import RuleParamError
from dti_kit.i18n import text

__all__ = [
    "CHOICE",
    "COUNT",
    "FAMILIES",
    "KIND_METHODS",
    "NUMBER",
    "RESERVED",
    "YESNO",
    "Env",
    "InputType",
    "RatioMixin",
    "Rule",
    "SampleSource",
    "is_number",
    "is_varlist",
    "make_rule",
    "register",
    "rule_class",
    "rule_kinds",
]

VARIABLE_RE = re.compile(r"^[a-z][a-z0-9_]*$")
#: the variables every item of a long table may carry besides its rule's inputs; no rule may use them
RESERVED = ("self_score", "appraised_score", "na", "note")

#: what an input cell of a form holds: a number, a whole count, yes/no, one of a choice's cases
NUMBER, COUNT, YESNO, CHOICE = "number", "count", "yesno", "choice"

#: the families of rule kinds, as the comparison of designs counts points (``rule_mix``):
#: ratio-like, tiers and thresholds, yes/no and choices, relative to the other units, other
FAMILIES = ("ratio", "tiers", "yes_no", "relative", "other")

#: the methods every registered kind defines in its own class (a test checks it)
KIND_METHODS = ("input_types", "in_words", "family_points", "full_marks_ratio", "sample_inputs")

_REGISTRY: dict[str, type["Rule"]] = {}


def register(cls: type["Rule"]) -> type["Rule"]:
    """Class decorator adding a rule kind to the registry under ``cls.kind``."""
    _REGISTRY[cls.kind] = cls
    return cls


def rule_kinds() -> tuple[str, ...]:
    """The names of every registered rule kind."""
    return tuple(sorted(_REGISTRY))


def rule_class(kind: str) -> type["Rule"]:
    """The class of a registered rule kind (``KeyError`` if none has that name)."""
    return _REGISTRY[kind]


def make_rule(params: Mapping[str, Any] | None, max_points: float) -> "Rule":
    """Build a rule from its YAML mapping (``{kind: ratio, numerator: [a], …}``).

    Raises
    ------
    RuleParamError
        Listing every problem with the parameters.
    """
    if not isinstance(params, Mapping):
        raise RuleParamError([f"a rule must be a mapping with a 'kind', got {params!r}"])
    kind = params.get("kind")
    if kind not in _REGISTRY:
        raise RuleParamError([f"unknown rule kind {kind!r}; known kinds: {', '.join(rule_kinds())}"])
    return _REGISTRY[kind](params, max_points)


class Env:
    """The inputs of one component for every unit scored together.

    ``numbers[var]`` is a float array (NaN where not given); ``texts[var]`` an object array
    for categorical variables (choice codes). Absent variables read as all-NaN.
    """

    def __init__(self, n: int, numbers: Mapping[str, np.ndarray], texts: Mapping[str, np.ndarray] | None = None):
        self.n = n
        self.numbers = dict(numbers)
        self.texts = dict(texts or {})

    def num(self, var: str) -> np.ndarray:
        arr = self.numbers.get(var)
        return np.full(self.n, np.nan) if arr is None else arr

    def text(self, var: str) -> np.ndarray:
        arr = self.texts.get(var)
        if arr is None:
            return np.full(self.n, None, dtype=object)
        return arr

    def given(self, var: str, categorical: bool = False) -> np.ndarray:
        if categorical:
            t = self.text(var)
            return np.array([v is not None and v == v and v != "" for v in t], dtype=bool) if len(t) else np.zeros(0, bool)
        return ~np.isnan(self.num(var))


Check = tuple[np.ndarray, str, str, str]  # (mask of units, variable, English, Vietnamese)


@dataclass(frozen=True)
class InputType:
    """What one input variable of a rule holds on a form.

    Attributes
    ----------
    kind : str
        :data:`NUMBER` (a number ≥ 0), :data:`COUNT` (a whole number ≥ 0), :data:`YESNO`
        (1 or 0) or :data:`CHOICE` (the code of one of ``cases``).
    cases : tuple of (code, label)
        A choice's cases, labels as the text prints them (the form makes them unique).
    """

    kind: str
    cases: tuple[tuple[str, str], ...] = ()


class SampleSource(Protocol):
    """What :meth:`Rule.sample_inputs` draws synthetic inputs with (``dti_kit.samples`` gives it).

    Attributes
    ----------
    rng : numpy.random.Generator
        The unit's random numbers; the order of the draws is part of the samples' bytes.
    """

    rng: np.random.Generator

    def fill(self, rule: "Rule", q: float, out: dict[str, Any]) -> None:
        """Inputs of a nested rule for maturity ``q`` (clipped to [0, 1])."""

    def rate(self, q: float, full: float) -> float:
        """A rate a unit of maturity ``q`` reaches when ``full`` gives full marks."""

    def counts(self, numerator: tuple[str, ...], denominator: tuple[str, ...], rate: float, out: dict[str, Any],
               zero: bool = False) -> None:
        """Plausible counts for the numerator and denominator giving ``rate`` (denominator 0 if ``zero``)."""


def _words(msg_id: str, **fmt) -> tuple[str, str]:
    """(English, Vietnamese) of a catalogue message, as a :data:`Check` carries them."""
    return text(msg_id, "en", **fmt), text(msg_id, "vi", **fmt)


def _pct(x: float) -> str:
    """A share as the words of a rule print it: ``0.7`` → ``70%``."""
    return f"{x * 100:g}%"


def _g(x: float) -> str:
    return f"{x:g}"


class Rule(ABC):
    """Base class of the rule kinds.

    Subclasses set ``kind`` and implement ``_parse``, ``variables``, ``_score``,
    ``examples`` and the methods of :data:`KIND_METHODS`; ratio-reading kinds reuse
    :class:`RatioMixin`.
    """

    kind: ClassVar[str] = ""
    #: one-line English description for ``dti-kit designs show``
    summary: ClassVar[str] = ""

    def __init__(self, params: Mapping[str, Any], max_points: float):
        self.params = dict(params)
        self.max_points = float(max_points)
        self._errors: list[str] = []
        self._parse(self.params)
        allowed = set(self.allowed_params()) | {"kind"}
        for key in self.params:
            if key not in allowed:
                self._errors.append(f"rule kind {self.kind!r} takes no parameter {key!r} (takes: {', '.join(sorted(allowed - {'kind'})) or 'none'})")
        for var in self.variables():
            if not VARIABLE_RE.match(var) or var in RESERVED:
                self._errors.append(f"invalid variable name {var!r}")
        if self._errors:
            raise RuleParamError(self._errors)

    # -- to implement ------------------------------------------------------------------
    def allowed_params(self) -> tuple[str, ...]:
        return ()

    def _parse(self, p: Mapping[str, Any]) -> None:
        pass

    def variables(self) -> tuple[str, ...]:
        return ()

    def categorical(self) -> frozenset[str]:
        """Variables holding text (choice codes) rather than numbers."""
        return frozenset()

    @abstractmethod
    def _score(self, env: Env, max_points: float) -> np.ndarray:
        """Points of every unit of ``env`` out of ``max_points``."""

    @abstractmethod
    def examples(self) -> dict[str, dict[str, Any]]:
        """Inputs giving full marks (``"best"``) and the lowest score (``"worst"``)."""

    # -- what the kind means beyond scoring (KIND_METHODS) -----------------------------------
    @abstractmethod
    def input_types(self) -> dict[str, InputType]:
        """Variable → :class:`InputType` for every variable the rule reads (nested rules included).

        Where nested rules read the same variable, the first one to name it decides.
        """

    @abstractmethod
    def in_words(self, language: str = "vi") -> str:
        """The rule's thresholds in a few words, for readers (``đủ điểm từ 70 %; …``)."""

    @abstractmethod
    def family_points(self, points: float) -> tuple[tuple[str, float], ...]:
        """``points`` of this rule by family (:data:`FAMILIES`), in order: one pair, or one
        per part of a rule made of parts."""

    @abstractmethod
    def full_marks_ratio(self) -> float | None:
        """The ratio of the inputs from which the rule gives full marks (its target or
        threshold); ``None`` where the rule reads no ratio or full marks depend on the other units."""

    @abstractmethod
    def sample_inputs(self, sample: SampleSource, q: float, out: dict[str, Any]) -> None:
        """Add synthetic inputs for a unit of maturity ``q`` (0–1) to ``out`` (variable → value).

        Existing entries of ``out`` are kept (a variable shared with another rule keeps its
        first value). A kind whose score is entered rather than computed sets ``appraised_score``.
        """

    # -- shared behaviour ----------------------------------------------------------------
    def score(self, env: Env, max_points: float | None = None) -> np.ndarray:
        """Points for every unit of ``env``; NaN where an input is missing or invalid."""
        mp = self.max_points if max_points is None else float(max_points)
        return np.asarray(self._score(env, mp), dtype=float)

    def checks(self, env: Env) -> list[Check]:
        """Vectorised input checks: negative counts, a > b, zero denominators, codes."""
        out: list[Check] = []
        for var in self.variables():
            if var in self.categorical():
                continue
            x = env.num(var)
            neg = x < 0
            if neg.any():
                out.append((neg, var, *_words("rules.check.negative")))
        return out

    def missing_inputs(self, env: Env) -> list[tuple[np.ndarray, str]]:
        """(units, variable) where some inputs of the rule are given but this one is not."""
        given = {v: env.given(v, v in self.categorical()) for v in self.variables()}
        if not given:
            return []
        any_given = np.any(list(given.values()), axis=0)
        return [(any_given & ~g, v) for v, g in given.items() if (any_given & ~g).any()]

    def na_mask(self, env: Env) -> np.ndarray:
        """Units whose inputs make the item not applicable (``on_zero_denominator: na``)."""
        return np.zeros(env.n, dtype=bool)

    def describe(self) -> str:
        inner = ", ".join(f"{k}={v}" for k, v in self.params.items() if k != "kind")
        return f"{self.kind}({inner})"

    def relative_to_other_units(self) -> bool:
        """Whether the points depend on the other units scored together (family ``relative``)."""
        return any(family == "relative" for family, _ in self.family_points(1.0))

    def _number_types(self, types: dict[str, InputType] | None = None) -> dict[str, InputType]:
        """``types`` completed with :data:`NUMBER` for every other variable of the rule."""
        out = dict(types or {})
        for v in self.variables():
            out.setdefault(v, InputType(NUMBER))
        return out

    # -- helpers for subclasses -------------------------------------------------------------
    def _req(self, p: Mapping[str, Any], key: str, check: Callable[[Any], bool], what: str) -> Any:
        if key not in p:
            self._errors.append(f"missing parameter {key!r} ({what})")
            return None
        if not check(p[key]):
            self._errors.append(f"parameter {key!r} must be {what}, got {p[key]!r}")
            return None
        return p[key]

    def _opt(self, p: Mapping[str, Any], key: str, default: Any, check: Callable[[Any], bool], what: str) -> Any:
        if key not in p:
            return default
        if not check(p[key]):
            self._errors.append(f"parameter {key!r} must be {what}, got {p[key]!r}")
            return default
        return p[key]

    def _share(self, item: Mapping[str, Any], max_points: float, where: str) -> float | None:
        """A case's or part's value as a fraction of max (from ``share`` or ``points``)."""
        if "share" in item and "points" in item:
            self._errors.append(f"{where}: give 'share' or 'points', not both")
            return None
        if "share" in item:
            s = item["share"]
            if not is_number(s) or not 0 <= s <= 1:
                self._errors.append(f"{where}: share must be a number from 0 to 1, got {s!r}")
                return None
            return float(s)
        if "points" in item:
            pts = item["points"]
            if not is_number(pts) or max_points <= 0 or not 0 <= pts <= max_points:
                self._errors.append(f"{where}: points must be a number from 0 to the max ({max_points:g}), got {pts!r}")
                return None
            return float(pts) / max_points
        return None


def is_number(x: Any) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and np.isfinite(x)


def is_varlist(x: Any) -> bool:
    return isinstance(x, list) and len(x) > 0 and all(isinstance(v, str) for v in x)


ZERO_DENOMINATOR = ("error", "zero", "max", "na")


class RatioMixin:
    """Parameters and arithmetic shared by the kinds that read num/den."""

    def _parse_ratio(self, p: Mapping[str, Any]) -> None:
        self.numerator = tuple(self._req(p, "numerator", is_varlist, "a non-empty list of variable names") or ())
        self.denominator = tuple(self._req(p, "denominator", is_varlist, "a non-empty list of variable names") or ())
        self.on_zero = self._opt(p, "on_zero_denominator", "error", lambda v: v in ZERO_DENOMINATOR, f"one of {ZERO_DENOMINATOR}")
        self.part_of_whole = self._opt(p, "part_of_whole", True, lambda v: isinstance(v, bool), "true or false")
        self.cap = self._opt(p, "cap", True, lambda v: isinstance(v, bool), "true or false")

    RATIO_PARAMS = ("numerator", "denominator", "on_zero_denominator", "part_of_whole", "cap")

    def _ratio_vars(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.numerator + self.denominator))

    def _sums(self, env: Env) -> tuple[np.ndarray, np.ndarray]:
        num = np.sum([env.num(v) for v in self.numerator], axis=0)
        den = np.sum([env.num(v) for v in self.denominator], axis=0)
        return num, den

    def ratio(self, env: Env) -> tuple[np.ndarray, np.ndarray]:
        """(ratio, zero-denominator mask); the ratio is NaN where the denominator is 0."""
        num, den = self._sums(env)
        zero = den == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(zero, np.nan, num / np.where(zero, 1.0, den))
        if self.cap:
            r = np.minimum(r, 1.0)
        return r, zero

    def finish(self, score: np.ndarray, zero: np.ndarray, max_points: float) -> np.ndarray:
        """Apply what a zero denominator gives (``zero``/``max``; ``error``/``na`` stay NaN)."""
        if self.on_zero == "zero":
            score = np.where(zero, 0.0, score)
        elif self.on_zero == "max":
            score = np.where(zero, max_points, score)
        return score

    def ratio_checks(self, env: Env) -> list[Check]:
        out: list[Check] = []
        num, den = self._sums(env)
        if self.part_of_whole:
            bad = num > den
            if bad.any():
                a = "+".join(self.numerator)
                b = "+".join(self.denominator)
                out.append((bad, ",".join(self._ratio_vars()), *_words("rules.check.part_above_whole", numerator=a, denominator=b)))
        if self.on_zero == "error":
            zero = den == 0
            if zero.any():
                b = "+".join(self.denominator)
                out.append((zero, ",".join(self.denominator), *_words("rules.check.zero_denominator", denominator=b)))
        return out

    def ratio_na(self, env: Env) -> np.ndarray:
        if self.on_zero != "na":
            return np.zeros(env.n, dtype=bool)
        _, den = self._sums(env)
        return den == 0

    def _sample_ratio(self, sample: SampleSource, q: float, full: float, out: dict[str, Any]) -> None:
        """Counts at the rate of maturity ``q``; one in twenty units has a zero denominator
        where the method scores it (``on_zero_denominator`` na, max or zero)."""
        zero = self.on_zero in ("na", "max", "zero") and sample.rng.random() < 0.05
        sample.counts(self.numerator, self.denominator, sample.rate(q, full), out, zero)

    def ratio_examples(self, best_ratio: float = 1.0) -> dict[str, dict[str, Any]]:
        """Full-marks and zero inputs: numerators share the target, denominators 100 each."""
        best: dict[str, Any] = {v: 0 for v in self._ratio_vars()}
        worst: dict[str, Any] = {v: 0 for v in self._ratio_vars()}
        for v in self.denominator:
            best[v] = 100
            worst[v] = 100
        total = 100 * len(self.denominator) * best_ratio
        only_num = [v for v in self.numerator if v not in self.denominator]
        if only_num:
            best[only_num[0]] = total
        return {"best": best, "worst": worst}
