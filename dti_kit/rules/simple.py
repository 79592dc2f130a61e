"""Rule kinds that read one value: yes/no, a choice, points per item, constant, given."""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from dti_kit.i18n import text
from dti_kit.rules.base import CHOICE, COUNT, YESNO, Env, InputType, Rule, _g, _pct, _words, is_number, make_rule, register


class SingleVariable(Rule):
    def _parse_variable(self, p: Mapping[str, Any]) -> None:
        self.variable = self._opt(p, "variable", "value", lambda v: isinstance(v, str), "a variable name")

    def variables(self) -> tuple[str, ...]:
        return (self.variable,)


@register
class YesNo(SingleVariable):
    """1 (yes: có, đã ban hành, đã triển khai …) → max; 0 → 0."""

    kind = "yes_no"
    summary = "yes → max, no → 0"

    def allowed_params(self):
        return ("variable",)

    def _parse(self, p):
        self._parse_variable(p)

    def _score(self, env: Env, max_points: float) -> np.ndarray:
        x = env.num(self.variable)
        return np.where(x == 1, max_points, np.where(x == 0, 0.0, np.nan))

    def checks(self, env: Env):
        x = env.num(self.variable)
        bad = ~np.isnan(x) & (x != 0) & (x != 1)
        return [(bad, self.variable, *_words("rules.check.yes_no"))] if bad.any() else []

    def examples(self):
        return {"best": {self.variable: 1}, "worst": {self.variable: 0}}

    def input_types(self):
        return {self.variable: InputType(YESNO)}

    def in_words(self, language="vi"):
        return text("rules.yes_no.words", language)

    def family_points(self, points):
        return (("yes_no", points),)

    def full_marks_ratio(self):
        return None

    def sample_inputs(self, sample, q, out):
        # more mature units have more of what is asked; a few lagging units have it too
        out.setdefault(self.variable, 1 if sample.rng.random() < float(np.clip(0.15 + q, 0.05, 0.97)) else 0)


@register
class Choice(SingleVariable):
    """One of the cases the text lists, each with its share of max (or a nested rule)."""

    kind = "choice"
    summary = "one of the listed cases, each with its share of max"

    def allowed_params(self):
        return ("variable", "cases")

    def _parse(self, p):
        self._parse_variable(p)
        cases = self._req(p, "cases", lambda v: isinstance(v, list) and len(v) >= 2, "a list of at least two cases")
        self.cases: list[tuple[str, str, float | None, Rule | None]] = []
        seen = set()
        for i, case in enumerate(cases or []):
            where = f"case {i + 1}"
            if not isinstance(case, Mapping) or not isinstance(case.get("value"), str):
                self._errors.append(f"{where}: needs a 'value' (a text code)")
                continue
            code = case["value"]
            if code in seen:
                self._errors.append(f"{where}: duplicate case value {code!r}")
            seen.add(code)
            share = self._share(case, self.max_points, where)
            nested = None
            if "rule" in case:
                part_max = self.max_points * (share if share is not None else 1.0)
                try:
                    nested = make_rule(case["rule"], part_max)
                except Exception as exc:  # RuleParamError: keep collecting
                    self._errors.append(f"{where}: nested rule: {exc}")
            elif share is None:
                self._errors.append(f"{where}: needs 'share', 'points' or 'rule'")
            self.cases.append((code, str(case.get("label", "")), share, nested))
        for k in case_keys_extra(cases or []):
            self._errors.append(f"unknown key {k!r} in a case (allowed: value, label, share, points, rule)")

    def variables(self):
        out = [self.variable]
        for *_, nested in self.cases:
            if nested is not None:
                out.extend(nested.variables())
        return tuple(dict.fromkeys(out))

    def categorical(self):
        out = {self.variable}
        for *_, nested in self.cases:
            if nested is not None:
                out |= nested.categorical()
        return frozenset(out)

    def missing_inputs(self, env: Env):
        """The case is needed once anything is given; a nested rule's inputs only for the
        units whose case has that rule."""
        t = env.text(self.variable)
        has_case = env.given(self.variable, True)
        out = []
        nested_given = np.zeros(env.n, dtype=bool)
        for code, _l, _s, nested in self.cases:
            if nested is None:
                continue
            for v in nested.variables():
                nested_given |= env.given(v, v in nested.categorical())
            hit = t == code
            for mask, var in nested.missing_inputs(env):
                if (mask & hit).any():
                    out.append((mask & hit, var))
            for v in nested.variables():
                need = hit & ~env.given(v, v in nested.categorical())
                if need.any() and not any(var == v for _, var in out):
                    out.append((need, v))
        if (nested_given & ~has_case).any():
            out.append((nested_given & ~has_case, self.variable))
        return out

    def describe(self) -> str:
        parts = []
        for code, _label, share, nested in self.cases:
            what = nested.describe() if nested is not None else ""
            pct = f"{share * 100:g}%" if share is not None else ""
            parts.append(f"{code} → {' of '.join(x for x in (pct, what) if x)}")
        return f"choice({self.variable}: " + "; ".join(parts) + ")"

    def case_values(self) -> tuple[str, ...]:
        return tuple(c[0] for c in self.cases)

    def _score(self, env: Env, max_points: float) -> np.ndarray:
        t = env.text(self.variable)
        out = np.full(env.n, np.nan)
        for code, _label, share, nested in self.cases:
            hit = t == code
            if not hit.any():
                continue
            if nested is not None:
                part_max = max_points * (share if share is not None else 1.0)
                val = nested.score(env, part_max)
            else:
                val = np.full(env.n, max_points * share)
            out = np.where(hit, val, out)
        return out

    def checks(self, env: Env):
        t = env.text(self.variable)
        known = set(self.case_values())
        bad = np.array([v is not None and v == v and v != "" and v not in known for v in t], dtype=bool)
        out = []
        if bad.any():
            out.append((bad, self.variable, *_words("rules.check.not_a_case", cases=sorted(known))))
        for code, _l, _s, nested in self.cases:
            if nested is not None:
                hit = t == code
                for mask, var, en, vi in nested.checks(env):
                    m = mask & hit
                    if m.any():
                        out.append((m, var, en, vi))
        return out

    def examples(self):
        """Score every case with its nested rule's best and worst inputs; keep the extremes."""
        candidates = []
        for code, _l, _s, nested in self.cases:
            for which in ("best", "worst"):
                ex = {self.variable: code}
                if nested is not None:
                    ex.update(nested.examples()[which])
                numbers = {k: np.array([float(v)]) for k, v in ex.items() if not isinstance(v, str)}
                texts = {k: np.array([v], dtype=object) for k, v in ex.items() if isinstance(v, str)}
                candidates.append((float(self.score(Env(1, numbers, texts))[0]), ex))
        best = max(candidates, key=lambda c: c[0])[1]
        worst = min(candidates, key=lambda c: c[0])[1]
        return {"best": best, "worst": worst}

    def input_types(self):
        types = {self.variable: InputType(CHOICE, tuple((code, label) for code, label, _s, _n in self.cases))}
        for *_x, nested in self.cases:
            if nested is not None:
                for v, t in nested.input_types().items():
                    types.setdefault(v, t)
        return self._number_types(types)

    def in_words(self, language="vi"):
        # each case by its label, the decision's words (its value is a code of the design file);
        # a case without one by its place in the list
        def name(k: int, label: str) -> str:
            return label or text("rules.choice.case", language, n=k)

        return "; ".join(f"{name(k, label)}: {_pct(share)}" if share is not None and nested is None else f"{name(k, label)}: {nested.in_words(language)}"
                         for k, (_code, label, share, nested) in enumerate(self.cases, 1))

    def family_points(self, points):
        return (("yes_no", points),)

    def full_marks_ratio(self):
        return None

    def sample_inputs(self, sample, q, out):
        # the case whose share is nearest the unit's maturity is the likeliest
        shares = [share if share is not None else (0.6 if nested is not None else 0.0) for _c, _l, share, nested in self.cases]
        w = np.exp(-((np.array(shares) - q) / 0.3) ** 2) + 1e-9
        k = int(sample.rng.choice(len(shares), p=w / w.sum()))
        code, _l, _s, nested = self.cases[k]
        out.setdefault(self.variable, code)
        if nested is not None:
            sample.fill(nested, q, out)


def case_keys_extra(cases) -> list[str]:
    allowed = {"value", "label", "share", "points", "rule"}
    extra = []
    for c in cases:
        if isinstance(c, Mapping):
            extra.extend(k for k in c if k not in allowed)
    return sorted(set(extra))


@register
class PerItem(SingleVariable):
    """Points per item up to a cap ("Điểm = Số kênh * 10 điểm, không quá điểm tối đa")."""

    kind = "per_item"
    summary = "points per item, capped"

    def allowed_params(self):
        return ("variable", "points", "cap")

    def _parse(self, p):
        self._parse_variable(p)
        self.points = self._req(p, "points", lambda v: is_number(v) and v > 0, "a positive number")
        self.cap_points = self._opt(p, "cap", self.max_points, lambda v: is_number(v) and 0 < v <= self.max_points, f"a number from 0 to the max ({self.max_points:g})")

    def _score(self, env: Env, max_points: float) -> np.ndarray:
        x = env.num(self.variable)
        scale = max_points / self.max_points if self.max_points else 0.0
        return np.minimum(x * self.points, self.cap_points) * scale

    def examples(self):
        n = int(np.ceil(self.cap_points / self.points)) if self.points else 0
        return {"best": {self.variable: n}, "worst": {self.variable: 0}}

    def input_types(self):
        return {self.variable: InputType(COUNT)}

    def in_words(self, language="vi"):
        return text("rules.per_item.words", language, points=_g(self.points), cap=_g(self.cap_points))

    def family_points(self, points):
        return (("other", points),)

    def full_marks_ratio(self):
        return None

    def sample_inputs(self, sample, q, out):
        # about q × the count that reaches the cap, a few units beyond it
        best = self.examples()["best"][self.variable]
        out.setdefault(self.variable, int(np.clip(round(q * best * sample.rng.uniform(0.8, 1.3)), 0, best + 2)))

    def checks(self, env):
        out = super().checks(env)
        x = env.num(self.variable)
        frac = ~np.isnan(x) & (x != np.floor(x))
        if frac.any():
            out.append((frac, self.variable, *_words("rules.check.whole_count")))
        return out


@register
class Constant(Rule):
    """Always max (a fixed share inside ``parts`` or ``choice``)."""

    kind = "constant"
    summary = "always max"

    def _score(self, env, max_points):
        return np.full(env.n, max_points)

    def examples(self):
        return {"best": {}, "worst": {}}

    def input_types(self):
        return {}

    def in_words(self, language="vi"):
        return text("rules.constant.words", language)

    def family_points(self, points):
        return (("other", points),)

    def full_marks_ratio(self):
        return None

    def sample_inputs(self, sample, q, out):
        pass  # no inputs


@register
class Given(Rule):
    """No inputs: the score is entered (appraised_score), e.g. structure-only designs."""

    kind = "given"
    summary = "score given by the appraisal council (no inputs)"

    def _score(self, env, max_points):
        return np.full(env.n, np.nan)

    def examples(self):
        return {"best": {}, "worst": {}}

    def input_types(self):
        return {}

    def in_words(self, language="vi"):
        return text("rules.given.words", language)

    def family_points(self, points):
        return (("other", points),)

    def full_marks_ratio(self):
        return None

    def sample_inputs(self, sample, q, out):
        # no inputs: the appraisal council's score, q × max
        out.setdefault("appraised_score", round(q * self.max_points, 2))
