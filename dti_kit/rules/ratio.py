"""Rule kinds that divide counts: ratio, target, floor and cap, all-or-nothing, tiers,
weighted ratios."""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from dti_kit.i18n import number, text
from dti_kit.rules.base import YESNO, Env, InputType, RatioMixin, Rule, _g, _pct, _words, is_number, is_varlist, register


def _frac(v: Any) -> bool:
    return is_number(v) and 0 <= v <= 1


@register
class Ratio(RatioMixin, Rule):
    """(a / b) × max, the ratio capped at 1."""

    kind = "ratio"
    summary = "(num/den) × max"

    def allowed_params(self):
        return self.RATIO_PARAMS

    def _parse(self, p):
        self._parse_ratio(p)

    def variables(self):
        return self._ratio_vars()

    def _score(self, env, max_points):
        r, zero = self.ratio(env)
        return self.finish(r * max_points, zero, max_points)

    def checks(self, env):
        return super().checks(env) + self.ratio_checks(env)

    def na_mask(self, env):
        return self.ratio_na(env)

    def examples(self):
        return self.ratio_examples(1.0)

    def input_types(self):
        return self._number_types()

    def family_points(self, points):
        return (("ratio", points),)

    def sample_inputs(self, sample, q, out):
        self._sample_ratio(sample, q, self.full_marks_ratio(), out)

    def in_words(self, language="vi"):
        return text("rules.ratio.words", language)

    def full_marks_ratio(self):
        return 1.0


@register
class RatioTarget(Ratio):
    """Ratio ≥ target → max; below: ratio / target × max."""

    kind = "ratio_target"
    summary = "ratio ≥ target → max, below ratio/target × max"

    def allowed_params(self):
        return self.RATIO_PARAMS + ("target",)

    def _parse(self, p):
        self._parse_ratio(p)
        self.target = self._req(p, "target", lambda v: is_number(v) and 0 < v <= 1, "a fraction in (0, 1]")

    def _score(self, env, max_points):
        r, zero = self.ratio(env)
        return self.finish(np.minimum(r / self.target, 1.0) * max_points, zero, max_points)

    def examples(self):
        return self.ratio_examples(self.target)

    def input_types(self):
        return self._number_types()

    def family_points(self, points):
        return (("ratio", points),)

    def sample_inputs(self, sample, q, out):
        self._sample_ratio(sample, q, self.full_marks_ratio(), out)

    def in_words(self, language="vi"):
        return text("rules.ratio_target.words", language, target=_pct(self.target))

    def full_marks_ratio(self):
        return float(self.target)


@register
class RatioFloorCap(Ratio):
    """≥ (or >) full_from → max; < zero_below → 0; between: ratio × max (or ratio/full_from × max)."""

    kind = "ratio_floor_cap"
    summary = "full from a threshold, zero below a floor, ratio × max between"

    def allowed_params(self):
        return self.RATIO_PARAMS + ("full_from", "full_inclusive", "zero_below", "zero_inclusive", "between")

    def _parse(self, p):
        self._parse_ratio(p)
        self.full_from = self._req(p, "full_from", lambda v: is_number(v) and 0 < v <= 1, "a fraction in (0, 1]")
        self.full_inclusive = self._opt(p, "full_inclusive", True, lambda v: isinstance(v, bool), "true or false")
        self.zero_below = self._opt(p, "zero_below", 0.0, _frac, "a fraction in [0, 1]")
        self.zero_inclusive = self._opt(p, "zero_inclusive", True, lambda v: isinstance(v, bool), "true or false")
        self.between = self._opt(p, "between", "plain", lambda v: v in ("plain", "scaled"), "'plain' or 'scaled'")
        if self.full_from is not None and self.zero_below is not None and self.zero_below > self.full_from:
            self._errors.append(f"zero_below ({self.zero_below}) is above full_from ({self.full_from})")

    def _score(self, env, max_points):
        r, zero = self.ratio(env)
        full = r >= self.full_from if self.full_inclusive else r > self.full_from
        # zero_inclusive: "< 30 % → 0" (30 % itself is scored); false: "≤ 30 % → 0"
        none = r < self.zero_below if self.zero_inclusive else r <= self.zero_below
        mid = r if self.between == "plain" else r / self.full_from
        s = np.where(full, 1.0, np.where(none, 0.0, np.minimum(mid, 1.0))) * max_points
        s = np.where(np.isnan(r), np.nan, s)
        return self.finish(s, zero, max_points)

    def examples(self):
        return self.ratio_examples(1.0)

    def input_types(self):
        return self._number_types()

    def family_points(self, points):
        return (("ratio", points),)

    def sample_inputs(self, sample, q, out):
        self._sample_ratio(sample, q, self.full_marks_ratio(), out)

    def in_words(self, language="vi"):
        op = "≥" if self.full_inclusive else ">"
        words = [text("rules.ratio_floor_cap.full", language, op=op, full_from=_pct(self.full_from))]
        if self.zero_below:
            words.append(text("rules.ratio_floor_cap.zero_below", language, zero_below=_pct(self.zero_below)))
        between = text(f"rules.ratio_floor_cap.between_{self.between}", language)
        words.append(text("rules.ratio_floor_cap.between", language, between=between))
        return "; ".join(words)

    def full_marks_ratio(self):
        # "> 70 %" is reached a little above 70 %
        return min(1.0, float(self.full_from) * (1.0 if self.full_inclusive else 1.02))


@register
class AllOrNothing(Ratio):
    """Ratio ≥ threshold (default 100 %) → max, otherwise 0."""

    kind = "all_or_nothing"
    summary = "ratio reaches the threshold → max, else 0"

    def allowed_params(self):
        return self.RATIO_PARAMS + ("threshold", "inclusive")

    def _parse(self, p):
        self._parse_ratio(p)
        self.threshold = self._opt(p, "threshold", 1.0, lambda v: is_number(v) and 0 <= v <= 1, "a fraction in [0, 1]")
        self.inclusive = self._opt(p, "inclusive", True, lambda v: isinstance(v, bool), "true or false")

    def _score(self, env, max_points):
        num, den = self._sums(env)
        zero = den == 0
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(zero, np.nan, num / np.where(zero, 1.0, den))  # uncapped: 100 % exactly
        hit = r >= self.threshold - 1e-12 if self.inclusive else r > self.threshold + 1e-12
        s = np.where(np.isnan(r), np.nan, np.where(hit, max_points, 0.0))
        return self.finish(s, zero, max_points)

    def examples(self):
        return self.ratio_examples(1.0)

    def input_types(self):
        return self._number_types()

    def family_points(self, points):
        return (("tiers", points),)

    def sample_inputs(self, sample, q, out):
        self._sample_ratio(sample, q, self.full_marks_ratio(), out)

    def in_words(self, language="vi"):
        op = "≥" if self.inclusive else ">"
        return text("rules.all_or_nothing.words", language, op=op, threshold=_pct(self.threshold))

    def full_marks_ratio(self):
        # a threshold of 0 % reads as "all": 100 %
        return min(1.0, float(self.threshold) * (1.0 if self.inclusive else 1.02) or 1.0)


@register
class Tiers(RatioMixin, Rule):
    """Bands on a count or a ratio: the first tier whose min is reached gives its share."""

    kind = "tiers"
    summary = "bands on a count or a ratio"

    def allowed_params(self):
        return self.RATIO_PARAMS + ("of", "variable", "tiers", "otherwise", "gate")

    def _parse(self, p):
        self.of = self._opt(p, "of", "value", lambda v: v in ("value", "ratio"), "'value' or 'ratio'")
        if self.of == "ratio":
            self._parse_ratio(p)
            if "variable" in p:
                self._errors.append("'variable' is for of: value; a ratio takes numerator/denominator")
        else:
            for k in self.RATIO_PARAMS:
                if k in p:
                    self._errors.append(f"parameter {k!r} is for of: ratio")
            self.numerator = self.denominator = ()
            self.on_zero, self.part_of_whole, self.cap = "error", True, False
        self.variable = self._opt(p, "variable", "value", lambda v: isinstance(v, str), "a variable name")
        self.gate = self._opt(p, "gate", None, lambda v: isinstance(v, str), "a variable name")
        self.otherwise = self._opt(p, "otherwise", 0.0, _frac, "a share from 0 to 1")
        tiers = self._req(p, "tiers", lambda v: isinstance(v, list) and len(v) >= 1, "a non-empty list")
        self.tiers: list[tuple[float, bool, float]] = []
        for i, t in enumerate(tiers or []):
            where = f"tier {i + 1}"
            if not isinstance(t, Mapping) or not is_number(t.get("min")):
                self._errors.append(f"{where}: needs a numeric 'min'")
                continue
            extra = set(t) - {"min", "share", "points", "inclusive"}
            if extra:
                self._errors.append(f"{where}: unknown key(s) {sorted(extra)}")
            share = self._share(t, self.max_points, where)
            if share is None:
                if "share" not in t and "points" not in t:
                    self._errors.append(f"{where}: needs 'share' or 'points'")
                continue
            inc = t.get("inclusive", True)
            if not isinstance(inc, bool):
                self._errors.append(f"{where}: inclusive must be true or false")
                inc = True
            self.tiers.append((float(t["min"]), inc, share))
        mins = [t[0] for t in self.tiers]
        if mins != sorted(mins, reverse=True):
            self._errors.append("tiers must be listed highest first")

    def describe(self) -> str:
        x = f"({'+'.join(self.numerator)})/({'+'.join(self.denominator)})" if self.of == "ratio" else self.variable
        steps = [f"{'≥' if inc else '>'} {lo:g} → {sh * 100:g} %" for lo, inc, sh in self.tiers]
        gate = f"; 0 unless {self.gate} = 1" if self.gate else ""
        return f"tiers({x} " + ", ".join(steps) + f"; else {self.otherwise * 100:g} %{gate})"

    def variables(self):
        base = self._ratio_vars() if self.of == "ratio" else (self.variable,)
        return base + ((self.gate,) if self.gate else ())

    def value(self, env: Env) -> tuple[np.ndarray, np.ndarray]:
        if self.of == "ratio":
            num, den = self._sums(env)
            zero = den == 0
            with np.errstate(divide="ignore", invalid="ignore"):
                x = np.where(zero, np.nan, num / np.where(zero, 1.0, den))
            return x, zero
        return env.num(self.variable), np.zeros(env.n, dtype=bool)

    def _score(self, env, max_points):
        x, zero = self.value(env)
        share = np.full(env.n, self.otherwise)
        # walk from the lowest tier up so that the highest reached tier wins
        for lo, inc, sh in reversed(self.tiers):
            hit = x >= lo - 1e-12 if inc else x > lo + 1e-12
            share = np.where(hit, sh, share)
        s = np.where(np.isnan(x), np.nan, share * max_points)
        if self.gate:
            g = env.num(self.gate)
            s = np.where(g == 0, 0.0, np.where(np.isnan(g), np.nan, s))
        return self.finish(s, zero, max_points) if self.of == "ratio" else s

    def checks(self, env):
        out = super().checks(env)
        if self.of == "ratio":
            out += self.ratio_checks(env)
        if self.gate:
            g = env.num(self.gate)
            bad = ~np.isnan(g) & (g != 0) & (g != 1)
            if bad.any():
                out.append((bad, self.gate, *_words("rules.check.yes_no")))
        return out

    def na_mask(self, env):
        return self.ratio_na(env) if self.of == "ratio" else np.zeros(env.n, dtype=bool)

    def examples(self):
        top, low = self.tiers[0][0], 0
        if self.of == "ratio":
            best = {v: 0 for v in self._ratio_vars()}
            worst = dict(best)
            for v in self.denominator:
                best[v] = worst[v] = 1000
            best[[v for v in self.numerator if v not in self.denominator][0]] = min(1000 * len(self.denominator), np.ceil(top * 1000 * len(self.denominator) + 1))
        else:
            best = {self.variable: top + 1}
            worst = {self.variable: low}
        if self.gate:
            best[self.gate] = 1
            worst[self.gate] = 0
        return {"best": best, "worst": worst}

    def input_types(self):
        return self._number_types({self.gate: InputType(YESNO)} if self.gate else {})

    def in_words(self, language="vi"):
        ratio = self.of == "ratio"
        steps = [f"{'≥' if inc else '>'} {_pct(lo) if ratio else _g(lo)}: {_pct(sh)}" for lo, inc, sh in self.tiers]
        steps.append(text("rules.tiers.otherwise", language, share=_pct(self.otherwise)))
        words = "; ".join(steps)
        # the gate's variable is a YAML key: the reader is told only that a condition comes first
        return text("rules.tiers.gate", language) + "; " + words if self.gate else words

    def family_points(self, points):
        return (("tiers", points),)

    def full_marks_ratio(self):
        if self.of != "ratio":
            return None
        if not self.tiers:
            return 1.0
        top, inclusive, _share = self.tiers[0]
        return min(1.0, top * (1.0 if inclusive else 1.02)) if 0 < top <= 1 else 1.0

    def sample_inputs(self, sample, q, out):
        if self.of == "ratio":
            self._sample_ratio(sample, q, self.full_marks_ratio(), out)
        else:
            self._sample_value(sample, q, out)
        if self.gate:
            out.setdefault(self.gate, 1 if sample.rng.random() < float(np.clip(0.3 + q, 0.1, 0.98)) else 0)

    def _sample_value(self, sample, q, out) -> None:
        """A value between the worst and the best example, about q of the way; whole above 5."""
        ex = self.examples()
        best, worst = float(ex["best"][self.variable]), float(ex["worst"][self.variable])
        x = worst + (best - worst) * float(np.clip(q * sample.rng.uniform(0.7, 1.3), 0.0, 1.2))
        out.setdefault(self.variable, int(round(x)) if abs(best - worst) >= 5 else round(x, 2))


@register
class WeightedRatios(Rule):
    """Σ weight × ratio, capped at max; a term with a zero denominator can drop out."""

    kind = "weighted_ratios"
    summary = "weighted sum of ratios, with a fallback when a denominator is 0"

    def allowed_params(self):
        return ("terms", "on_zero_denominator", "part_of_whole")

    def _parse(self, p):
        terms = self._req(p, "terms", lambda v: isinstance(v, list) and len(v) >= 1, "a non-empty list of terms")
        self.terms: list[tuple[tuple[str, ...], tuple[str, ...], float]] = []
        for i, t in enumerate(terms or []):
            where = f"term {i + 1}"
            if not isinstance(t, Mapping) or not is_varlist(t.get("numerator")) or not is_varlist(t.get("denominator")) or not is_number(t.get("weight")):
                self._errors.append(f"{where}: needs numerator (list), denominator (list) and a numeric weight")
                continue
            self.terms.append((tuple(t["numerator"]), tuple(t["denominator"]), float(t["weight"])))
        self.on_zero = self._opt(p, "on_zero_denominator", "error", lambda v: v in ("redistribute", "zero", "error"), "'redistribute', 'zero' or 'error'")
        self.part_of_whole = self._opt(p, "part_of_whole", True, lambda v: isinstance(v, bool), "true or false")

    def variables(self):
        out = []
        for n, d, _ in self.terms:
            out.extend(n + d)
        return tuple(dict.fromkeys(out))

    def _parts(self, env):
        num = [np.sum([env.num(v) for v in n], axis=0) for n, _, _ in self.terms]
        den = [np.sum([env.num(v) for v in d], axis=0) for _, d, _ in self.terms]
        return num, den

    def _score(self, env, max_points):
        num, den = self._parts(env)
        w = np.array([t[2] for t in self.terms])[:, None] * np.ones(env.n)
        zero = np.array([d == 0 for d in den])
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.array([np.where(z, 0.0, np.minimum(a / np.where(z, 1.0, b), 1.0)) for a, b, z in zip(num, den, zero)])
        r = np.where(np.isnan(np.array(num)) | np.isnan(np.array(den)), np.nan, r)
        total_w = w.sum(axis=0)
        if self.on_zero == "redistribute":
            live = np.where(zero, 0.0, w)
            live_sum = live.sum(axis=0)
            with np.errstate(divide="ignore", invalid="ignore"):
                w_eff = np.where(live_sum > 0, live * (total_w / np.where(live_sum > 0, live_sum, 1.0)), 0.0)
        else:
            w_eff = np.where(zero, 0.0, w)
        s = np.minimum((w_eff * r).sum(axis=0), 1.0) * max_points
        s = np.where(np.isnan(r).any(axis=0), np.nan, s)
        if self.on_zero == "error":
            s = np.where(zero.any(axis=0), np.nan, s)
        return s

    def checks(self, env):
        out = super().checks(env)
        num, den = self._parts(env)
        for (n, d, _), a, b in zip(self.terms, num, den):
            if self.part_of_whole:
                bad = a > b
                if bad.any():
                    out.append((bad, ",".join(n + d), *_words("rules.check.numerator_above", numerator="+".join(n), denominator="+".join(d))))
        zero = np.array([b == 0 for b in den])
        if self.on_zero == "error" and zero.any():
            out.append((zero.any(axis=0), "", *_words("rules.check.a_zero_denominator")))
        if self.on_zero == "redistribute" and zero.all(axis=0).any():
            out.append((zero.all(axis=0), "", *_words("rules.check.all_denominators_zero")))
        return out

    def examples(self):
        best: dict[str, Any] = {v: 0 for v in self.variables()}
        worst = dict(best)
        for n, d, _ in self.terms:
            for v in d:
                best[v] = worst[v] = 100
        for n, d, _ in self.terms:
            best[n[0]] = 100 * len(d)
        return {"best": best, "worst": worst}

    def input_types(self):
        return self._number_types()

    def in_words(self, language="vi"):
        # the ratios by their order in the method, not by their variables (YAML keys)
        terms = " + ".join(text("rules.weighted_ratios.term", language, weight=number(w, language, 3), n=k)
                           for k, (_n, _d, w) in enumerate(self.terms, 1))
        return text("rules.weighted_ratios.words", language, terms=terms)

    def family_points(self, points):
        return (("ratio", points),)

    def full_marks_ratio(self):
        return 1.0

    def sample_inputs(self, sample, q, out):
        # where a term's weight moves to the others, one unit in seven lacks the last term
        zero_term = self.on_zero == "redistribute" and len(self.terms) > 1 and sample.rng.random() < 0.15
        for i, (num, den, _w) in enumerate(self.terms):
            sample.counts(num, den, sample.rate(q, 1.0), out, zero=zero_term and i == len(self.terms) - 1)
