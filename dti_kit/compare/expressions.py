"""Expressions of the concept catalogue: how one variable of a design's component is
obtained from a concept's inputs, and read back (see :mod:`dti_kit.compare.catalogue`).

Forms (YAML): ``q`` (the input itself), ``{of: q, scale: f}``, ``{part_of: q}``,
``{sum: [q1, q2]}``, ``{yes_if: q | [q…], min | above: x}``, ``{yes_if_ratio: [n, d], min: x}``,
``{yes_if_all: [q…]}``, ``{case: q, values: {…}, inverse: {…}}``,
``{bins: q | [n, d], cases: [{min, value}], otherwise, inverse}``, or a number.
Every form evaluates a whole column of units at once (pandas).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import numpy as np
import pandas as pd

EXPRESSION_FORMS = ("copy", "of", "part_of", "sum", "yes_if", "yes_if_ratio", "yes_if_all", "case", "bins", "constant")
TOL = 1e-12


@dataclass(frozen=True)
class Expression:
    """How one variable of a design's component is obtained from a concept's inputs."""

    form: str
    refs: tuple[str, ...] = ()
    scale: float = 1.0
    threshold: float = 0.0
    inclusive: bool = True
    values: tuple[tuple[str, str], ...] = ()  # case: (concept level, design code)
    inverse: tuple[tuple[str, Any], ...] = ()  # design code → concept value
    bins: tuple[tuple[float, bool, str], ...] = ()  # (min, inclusive, code), highest first
    otherwise: str | None = None
    constant: float | None = None

    @property
    def invertible(self) -> bool:
        """Whether the concept input can be read back from the design's variable."""
        return self.form in ("copy", "of", "part_of") or (self.form in ("case", "bins") and bool(self.inverse_map()))

    def inverse_map(self) -> dict[str, Any]:
        if self.inverse:
            return dict(self.inverse)
        if self.form == "case":  # unambiguous codes only
            out: dict[str, list[str]] = {}
            for level, code in self.values:
                out.setdefault(code, []).append(level)
            return {code: levels[0] for code, levels in out.items() if len(levels) == 1}
        return {}

    def evaluate(self, Q: pd.DataFrame) -> pd.Series:
        """The variable's value for every unit (row) of the concept's input table ``Q``."""
        idx = Q.index

        def col(name: str) -> pd.Series:
            return pd.to_numeric(Q[name], errors="coerce") if name in Q.columns else pd.Series(np.nan, index=idx)

        def total(names) -> pd.Series:
            return pd.concat([col(n) for n in names], axis=1).sum(axis=1, min_count=len(names)) if len(names) > 1 else col(names[0])

        f = self.form
        if f == "constant":
            return pd.Series(float(self.constant), index=idx)
        if f == "copy":
            return Q[self.refs[0]] if self.refs[0] in Q.columns else pd.Series(np.nan, index=idx)
        if f == "of":
            return col(self.refs[0]) * self.scale
        if f == "part_of":
            return col(self.refs[0]).where(col(self.refs[0]).isna(), 0.0)
        if f == "sum":
            return total(self.refs) * self.scale
        if f == "yes_if":
            x = total(self.refs)
            hit = x >= self.threshold - TOL if self.inclusive else x > self.threshold + TOL
            return hit.astype(float).where(x.notna())
        if f == "yes_if_ratio":
            n, d = col(self.refs[0]), col(self.refs[1])
            r = n / d.where(d != 0)
            return (r >= self.threshold - TOL).astype(float).where(r.notna())
        if f == "yes_if_all":
            parts = pd.concat([col(n) for n in self.refs], axis=1)
            return (parts == 1).all(axis=1).astype(float).where(parts.notna().all(axis=1))
        if f == "case":
            keys = Q[self.refs[0]].map(_key) if self.refs[0] in Q.columns else pd.Series(None, index=idx, dtype=object)
            return keys.map(dict(self.values)).astype(object)
        if f == "bins":
            if len(self.refs) == 2:
                n, d = col(self.refs[0]), col(self.refs[1])
                x = n / d.where(d != 0)
            else:
                x = col(self.refs[0])
            out = pd.Series(self.otherwise, index=idx, dtype=object)
            for lo, inc, code in reversed(self.bins):  # lowest first: the highest reached wins
                hit = x >= lo - TOL if inc else x > lo + TOL
                out = out.mask(hit, code)
            return out.where(x.notna())
        raise ValueError(f"unknown expression form {f!r}")

    def read_back(self, v: pd.Series) -> pd.Series:
        """The concept input from the design's variable (only for invertible forms)."""
        if self.form in ("copy", "of", "part_of"):
            num = pd.to_numeric(v.map(_number), errors="coerce")
            if self.form == "copy":  # a level is given as text: keep it
                text = v.map(lambda x: _present(x) and _number(x) is None).astype(bool)
                return num.astype(object).where(~text, v)
            return num / self.scale
        inv = self.inverse_map()
        return v.map(lambda x: inv.get(_key(x), np.nan) if _present(x) else np.nan)


def _present(x) -> bool:
    return x is not None and not (isinstance(x, float) and np.isnan(x)) and x is not pd.NA and x != ""


def _number(x):
    """'12', '12,5', '45%' → float; anything else → None (the engine's own reading)."""
    from dti_kit.scoring import to_number

    if x is None or (isinstance(x, float) and np.isnan(x)):
        return None
    y = to_number(x)
    try:
        return float(y)
    except (TypeError, ValueError):
        return None


def _key(x) -> str | None:
    """Case keys compare as text: 1, 1.0 and '1' are the same key."""
    if not _present(x):
        return None
    n = _number(x)
    if n is not None and float(n).is_integer():
        return str(int(n))
    if n is not None:
        return repr(float(n))
    return str(x).strip()


def parse_expression(spec: Any) -> Expression:
    """Build an :class:`Expression` from its YAML form (see the module docstring)."""
    if isinstance(spec, bool):
        raise ValueError("a yes/no constant is written 1 or 0")
    if isinstance(spec, (int, float)):
        return Expression("constant", constant=float(spec))
    if isinstance(spec, str):
        return Expression("copy", (spec,))
    if not isinstance(spec, Mapping):
        raise ValueError(f"cannot read expression {spec!r}")
    keys = set(spec)

    def refs(v) -> tuple[str, ...]:
        if isinstance(v, str):
            return (v,)
        if isinstance(v, list) and v and all(isinstance(x, str) for x in v):
            return tuple(v)
        raise ValueError(f"expected an input name or a list of names, got {v!r}")

    def number(k, default=None):
        v = spec.get(k, default)
        if v is None or isinstance(v, bool) or not isinstance(v, (int, float)):
            raise ValueError(f"{k!r} must be a number")
        return float(v)

    if "of" in keys:
        _only(keys, {"of", "scale"})
        return Expression("of", refs(spec["of"])[:1], scale=number("scale", 1.0))
    if "part_of" in keys:
        _only(keys, {"part_of", "scale"})
        return Expression("part_of", refs(spec["part_of"])[:1], scale=number("scale", 1.0))
    if "sum" in keys:
        _only(keys, {"sum", "scale"})
        return Expression("sum", refs(spec["sum"]), scale=number("scale", 1.0))
    if "yes_if" in keys:
        _only(keys, {"yes_if", "min", "above"})
        if ("min" in keys) == ("above" in keys):
            raise ValueError("yes_if needs 'min' (≥) or 'above' (>)")
        return Expression("yes_if", refs(spec["yes_if"]), threshold=number("min" if "min" in keys else "above"), inclusive="min" in keys)
    if "yes_if_ratio" in keys:
        _only(keys, {"yes_if_ratio", "min"})
        r = refs(spec["yes_if_ratio"])
        if len(r) != 2:
            raise ValueError("yes_if_ratio takes [numerator, denominator]")
        return Expression("yes_if_ratio", r, threshold=number("min"))
    if "yes_if_all" in keys:
        _only(keys, {"yes_if_all"})
        return Expression("yes_if_all", refs(spec["yes_if_all"]))
    if "case" in keys:
        _only(keys, {"case", "values", "inverse"})
        vals = spec.get("values")
        if not isinstance(vals, Mapping) or not vals:
            raise ValueError("case needs values: {concept level: design code}")
        inv = spec.get("inverse") or {}
        return Expression("case", refs(spec["case"])[:1], values=tuple((_key(k), _key(v)) for k, v in vals.items()),
                          inverse=tuple((_key(k), v) for k, v in inv.items()))
    if "bins" in keys:
        _only(keys, {"bins", "cases", "otherwise", "inverse"})
        r = refs(spec["bins"])
        if len(r) > 2:
            raise ValueError("bins reads one input or [numerator, denominator]")
        cases = spec.get("cases")
        if not isinstance(cases, list) or not cases:
            raise ValueError("bins needs cases: [{min, value}] highest first")
        bins = []
        for c in cases:
            if not isinstance(c, Mapping) or "min" not in c or "value" not in c:
                raise ValueError("each bin needs min and value")
            bins.append((float(c["min"]), bool(c.get("inclusive", True)), _key(c["value"])))
        if [b[0] for b in bins] != sorted((b[0] for b in bins), reverse=True):
            raise ValueError("bins are listed highest first")
        inv = spec.get("inverse") or {}
        return Expression("bins", r, bins=tuple(bins), otherwise=_key(spec.get("otherwise")),
                          inverse=tuple((_key(k), v) for k, v in inv.items()))
    raise ValueError(f"unknown expression {dict(spec)!r}")


def _only(keys: set, allowed: set) -> None:
    extra = keys - allowed
    if extra:
        raise ValueError(f"unknown key(s) {sorted(extra)} (allowed: {sorted(allowed)})")
