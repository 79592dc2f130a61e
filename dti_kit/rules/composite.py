"""Rule kinds built from other rules: parts that add up, a sum of sub-components."""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from dti_kit.i18n import text
from dti_kit.rules.base import Rule, _pct, make_rule, register


@register
class Parts(Rule):
    """Numbered parts that add up: "(1) …: 4/5*Điểm tối đa (2) …: 1/5*Điểm tối đa"."""

    kind = "parts"
    summary = "sum of parts, each with its share of max"

    def allowed_params(self):
        return ("parts", "cap")

    def _parse(self, p):
        parts = self._req(p, "parts", lambda v: isinstance(v, list) and len(v) >= 1, "a non-empty list of parts")
        self.cap = self._opt(p, "cap", False, lambda v: isinstance(v, bool), "true or false")
        self.parts: list[tuple[str, float, Rule]] = []
        for i, part in enumerate(parts or []):
            where = f"part {i + 1}"
            if not isinstance(part, Mapping):
                self._errors.append(f"{where}: must be a mapping")
                continue
            extra = set(part) - {"label", "share", "points", "rule"}
            if extra:
                self._errors.append(f"{where}: unknown key(s) {sorted(extra)}")
            share = self._share(part, self.max_points, where)
            if share is None:
                if "share" not in part and "points" not in part:
                    self._errors.append(f"{where}: needs 'share' or 'points'")
                continue
            try:
                nested = make_rule(part.get("rule"), self.max_points * share)
            except Exception as exc:
                self._errors.append(f"{where}: {exc}")
                continue
            self.parts.append((str(part.get("label", "")), share, nested))
        total = sum(s for _, s, _ in self.parts)
        if not self.cap and self.parts and abs(total - 1.0) > 1e-9:
            self._errors.append(f"the parts' maxima sum to {total * self.max_points:g}, not the max {self.max_points:g} (set cap: true if the text caps the sum)")

    def describe(self) -> str:
        return "parts(" + " + ".join(f"{share * 100:g} % × {r.describe()}" for _, share, r in self.parts) + (", capped)" if self.cap else ")")

    def variables(self):
        out = []
        for _, _, r in self.parts:
            out.extend(r.variables())
        return tuple(dict.fromkeys(out))

    def categorical(self):
        out: set[str] = set()
        for _, _, r in self.parts:
            out |= r.categorical()
        return frozenset(out)

    def _score(self, env, max_points):
        total = np.zeros(env.n)
        for _, share, r in self.parts:
            total = total + r.score(env, max_points * share)
        return np.minimum(total, max_points) if self.cap else total

    def checks(self, env):
        out = []
        for _, _, r in self.parts:
            out.extend(r.checks(env))
        return out

    def na_mask(self, env):
        m = np.zeros(env.n, dtype=bool)
        for _, _, r in self.parts:
            m |= r.na_mask(env)
        return m

    def examples(self):
        best: dict[str, Any] = {}
        worst: dict[str, Any] = {}
        for _, _, r in self.parts:
            ex = r.examples()
            best.update(ex["best"])
            worst.update(ex["worst"])
        return {"best": best, "worst": worst}

    def input_types(self):
        types = {}
        for _l, _s, nested in self.parts:
            for v, t in nested.input_types().items():
                types.setdefault(v, t)
        return self._number_types(types)

    def in_words(self, language="vi"):
        return " + ".join(f"[{_pct(share)}: {r.in_words(language)}]" for _l, share, r in self.parts)

    def family_points(self, points):
        # each part counts by its own kind
        return tuple(pair for _l, share, r in self.parts for pair in r.family_points(points * share))

    def full_marks_ratio(self):
        return None

    def sample_inputs(self, sample, q, out):
        # the parts of one item are of about the same maturity
        for _l, _s, nested in self.parts:
            sample.fill(nested, q + sample.rng.normal(0, 0.1), out)


@register
class Sum(Rule):
    """A component that is the sum of its sub-components (Ninh Thuận 5.12)."""

    kind = "sum"
    summary = "sum of the sub-components"

    def _score(self, env, max_points):  # the scoring engine adds the sub-components
        return np.full(env.n, np.nan)

    def examples(self):
        return {"best": {}, "worst": {}}

    def input_types(self):
        return {}

    def in_words(self, language="vi"):
        return text("rules.sum.words", language)

    def family_points(self, points):
        return (("other", points),)

    def full_marks_ratio(self):
        return None

    def sample_inputs(self, sample, q, out):
        pass  # the sub-components have the inputs
