"""Rule kinds relative to the other units scored together: min-max, share of the best."""
from __future__ import annotations

from typing import Any, Mapping

import numpy as np

from dti_kit.i18n import text
from dti_kit.rules.base import Env, register
from dti_kit.rules.ratio import Tiers


@register
class Relative(Tiers):
    """Min-max ("đơn vị nào có tỷ lệ cao nhất thì điểm tối đa và giảm dần") or share of the
    best unit (tỷ lệ / tỷ lệ cao nhất × điểm tối đa), over the units scored together.

    Units with the item N/A or missing take no part in the minimum and maximum.
    """

    kind = "relative"
    summary = "relative to the other units (min-max or share of the best)"

    def allowed_params(self):
        return self.RATIO_PARAMS + ("of", "variable", "method", "higher_is_better", "on_all_equal")

    def _parse(self, p):
        q = dict(p)
        q["tiers"] = [{"min": 0, "share": 1}]  # reuse Tiers' value reading; tiers unused
        super()._parse(q)
        self.method = self._req(p, "method", lambda v: v in ("min_max", "share_of_best"), "'min_max' or 'share_of_best'")
        self.higher_is_better = self._opt(p, "higher_is_better", True, lambda v: isinstance(v, bool), "true or false")
        self.on_all_equal = self._opt(p, "on_all_equal", "max", lambda v: v in ("max", "zero"), "'max' or 'zero'")
        if self.method == "share_of_best" and not self.higher_is_better:
            self._errors.append("share_of_best needs higher_is_better: true")

    @staticmethod
    def other_method_params(params: Mapping[str, Any]) -> dict[str, Any] | None:
        """The parameters with the other method (min-max ↔ share of the best), for the
        sensitivity analysis; ``None`` for a lower-is-better min-max, which has no
        share-of-the-best form."""
        if params.get("method") == "min_max" and params.get("higher_is_better", True) is False:
            return None
        return {**params, "method": "share_of_best" if params.get("method") == "min_max" else "min_max"}

    def describe(self) -> str:
        x = f"({'+'.join(self.numerator)})/({'+'.join(self.denominator)})" if self.of == "ratio" else self.variable
        direction = "" if self.higher_is_better else ", lower is better"
        return f"relative({self.method} of {x}{direction})"

    def _score(self, env: Env, max_points: float) -> np.ndarray:
        x, zero = self.value(env)
        ok = ~np.isnan(x)
        if not ok.any():
            return np.full(env.n, np.nan)
        lo, hi = np.nanmin(x), np.nanmax(x)
        if self.method == "min_max":
            if hi == lo:
                s = np.full(env.n, max_points if self.on_all_equal == "max" else 0.0)
            else:
                frac = (x - lo) / (hi - lo) if self.higher_is_better else (hi - x) / (hi - lo)
                s = frac * max_points
        else:
            s = np.zeros(env.n) if hi <= 0 else np.clip(x / hi, 0.0, 1.0) * max_points
        s = np.where(ok, s, np.nan)
        return self.finish(s, zero, max_points) if self.of == "ratio" else s

    def examples(self):
        if self.of == "ratio":
            ex = self.ratio_examples(1.0)
        else:
            ex = {"best": {self.variable: 100}, "worst": {self.variable: 0}}
        if not self.higher_is_better:
            ex = {"best": ex["worst"], "worst": ex["best"]}
        return ex

    def input_types(self):
        return self._number_types()

    def in_words(self, language="vi"):
        return text(f"rules.relative.{self.method}", language)

    def family_points(self, points):
        return (("relative", points),)

    def full_marks_ratio(self):
        return None  # the best unit gets full marks, whatever its ratio

    def sample_inputs(self, sample, q, out):
        if self.of == "ratio":
            self._sample_ratio(sample, q, 1.0, out)
        else:
            self._sample_value(sample, q, out)
