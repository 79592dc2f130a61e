"""Scoring: inputs of every unit → component, group, main indicator, pillar and total.

Vectorised over units: the long table becomes one numeric matrix (units × (code, variable))
and every rule scores a whole column of units at once; the only Python loops run over the
nodes of the design, never over units.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from dti_kit._util.strings import short_repr
from dti_kit.errors import InputError, Problem
from dti_kit.i18n import text
from dti_kit.inputs import normalise_long
from dti_kit.model import IndexDesign
from dti_kit.na import NA_METHODS, apply_na
from dti_kit.rules.base import RESERVED, Env

TOTAL = "TOTAL"
RESULT_COLUMNS = ("unit_id", "code", "kind", "max_points", "score", "percent", "value", "band", "rank")
#: the ``status`` of a score (tidy table): from inputs, given by the council, not applicable, missing, not claimed
STATUSES = ("computed", "given", "na", "missing", "not-claimed")


@dataclass(frozen=True)
class ScoreResult:
    """The scores of a set of units under one design.

    Attributes
    ----------
    scores : pandas.DataFrame
        Tidy: one row per unit and node, columns ``unit_id, unit_name, code, kind, name,
        max_points, score, percent, value, band, rank, self_score, computed_score, status``.
        ``kind`` is component, subcomponent, group, indicator, pillar, bonus or total;
        ``status`` is computed, given, na or missing.
    missing : pandas.DataFrame
        ``unit_id, code``: components with neither inputs nor a given score.
    na_items : pandas.DataFrame
        ``unit_id, code, policy, score``: the N/A items and how the policy scored them.
    unranked : frozenset of str
        The units scored but not ranked (the ``unranked`` given and the design's own
        ``ranking.unranked`` present): a re-scoring of the same units leaves them out again.
    """

    design: IndexDesign
    units: tuple[str, ...]
    unit_names: dict
    scores: pd.DataFrame
    missing: pd.DataFrame
    na_items: pd.DataFrame
    na_policy: str
    warnings: tuple[Problem, ...] = ()
    unranked: frozenset[str] = frozenset()

    def score(self, unit_id: str, code: str) -> float:
        """The score of one node of one unit (``code`` may be ``"TOTAL"`` or a pillar)."""
        s = self._lookup()
        return float(s.loc[(unit_id, code), "score"])

    def row(self, unit_id: str, code: str) -> pd.Series:
        return self._lookup().loc[(unit_id, code)]

    def totals(self) -> pd.DataFrame:
        """One row per unit: total, max, percent, value, band, rank (in input order)."""
        t = self.scores[self.scores["kind"] == "total"]
        return t[["unit_id", "unit_name", "max_points", "score", "percent", "value", "band", "rank"]].reset_index(drop=True)

    def wide(self, kind: str = "indicator", column: str = "score") -> pd.DataFrame:
        """Units × codes of one kind (e.g. main indicators), in design order."""
        sub = self.scores[self.scores["kind"] == kind]
        order = list(dict.fromkeys(sub["code"]))
        w = sub.pivot(index="unit_id", columns="code", values=column)
        return w.loc[list(self.units), order]

    def tidy(self) -> pd.DataFrame:
        """The columns of ``dti-kit score``'s CSV."""
        return self.scores[list(RESULT_COLUMNS)].copy()

    def _lookup(self) -> pd.DataFrame:
        lk = self.__dict__.get("_lk")
        if lk is None:
            lk = self.scores.set_index(["unit_id", "code"])
            object.__setattr__(self, "_lk", lk)
        return lk


class _Prepared:
    """The long table turned into matrices, plus every problem found on the way."""

    def __init__(self, design: IndexDesign, long: pd.DataFrame):
        self.design = design
        self.problems: list[Problem] = []
        df = long
        codes = design.codes()
        allowed: dict[str, set[str]] = {}
        categorical: dict[str, frozenset[str]] = {}
        for code in codes:
            node = design.node(code)
            rule = getattr(node, "rule", None)
            allowed[code] = set(RESERVED) | (set(rule.variables()) if rule is not None else set())
            if design.na_policy.partial and code in _partial_codes(design):
                allowed[code].add(design.na_policy.partial)  # the design accepts points not assessed here
            categorical[code] = rule.categorical() if rule is not None else frozenset()
        self.categorical = categorical

        blank = (df["unit_id"] == "") | (df["code"] == "") | (df["variable"] == "")
        for i in np.flatnonzero(blank.to_numpy()):
            self._bad(df, i, "unit_id, code and variable must not be blank", "unit_id, code và variable không được để trống")
        code_ok = df["code"].isin(codes).to_numpy()
        for i in np.flatnonzero(~code_ok & ~blank.to_numpy()):
            self._bad(df, i, f"unknown code {df['code'].iat[i]!r} for design {design.id}", f"mã chỉ số {df['code'].iat[i]!r} không có trong bộ chỉ số {design.id}")
        ccodes, cuniq = pd.factorize(df["code"], sort=False)
        vcodes, vuniq = pd.factorize(df["variable"], sort=False)
        pair_ok = np.array([v in allowed.get(c, ()) for c in cuniq for v in vuniq], dtype=bool).reshape(len(cuniq), len(vuniq)) if len(cuniq) and len(vuniq) else np.zeros((0, 0), bool)
        var_ok = pair_ok[ccodes, vcodes] if len(df) else np.zeros(0, bool)
        for i in np.flatnonzero(code_ok & ~var_ok & ~blank.to_numpy()):
            code = df["code"].iat[i]
            self._bad(df, i, f"unknown variable {df['variable'].iat[i]!r} (code {code} takes {', '.join(sorted(allowed[code]))})", f"biến {df['variable'].iat[i]!r} không thuộc chỉ số {code}")
        dup = df.duplicated(["unit_id", "code", "variable"], keep="first").to_numpy()
        for i in np.flatnonzero(dup):
            self._bad(df, i, "given twice for the same unit, code and variable (duplicate unit?)", "trùng lặp: cùng đơn vị, mã và biến đã có ở dòng trước")

        good = code_ok & var_ok & ~dup & ~blank.to_numpy()
        self.df = df
        rows = np.flatnonzero(good)
        uidx, units = pd.factorize(df["unit_id"].to_numpy(dtype=object)[rows], sort=False)
        self.units = tuple(units)
        self.n = len(self.units)
        first = rows[np.unique(uidx, return_index=True)[1]] if len(rows) else rows
        if "unit_name" in df.columns:
            names = df["unit_name"].to_numpy(dtype=object)
            self.unit_names = {df["unit_id"].iat[i]: (names[i] if isinstance(names[i], str) and names[i] else df["unit_id"].iat[i]) for i in first}
        else:
            self.unit_names = {u: u for u in self.units}
        # (code, variable) pairs → matrix columns, as integers (no string keys per row)
        pair = ccodes[rows].astype(np.int64) * max(len(vuniq), 1) + vcodes[rows]
        kidx, kpairs = pd.factorize(pair, sort=False)
        nv = max(len(vuniq), 1)
        key_code = [cuniq[k // nv] for k in kpairs]
        key_var = [vuniq[k % nv] for k in kpairs]
        self.key_col = {(c, v): j for j, (c, v) in enumerate(zip(key_code, key_var))}
        is_cat = np.array([v in categorical[c] for c, v in zip(key_code, key_var)], dtype=bool)
        value = df["value"].iloc[rows] if len(rows) != len(df) else df["value"]
        num = _numbers(value)
        if pd.api.types.is_numeric_dtype(value.dtype):
            text_given = value.notna().to_numpy(dtype=bool)
        else:
            text_given = (value.notna() & (value.astype(str) != "")).to_numpy(dtype=bool)
        var = np.asarray(key_var, dtype=object)[kidx] if len(kidx) else np.zeros(0, object)
        numeric = ~is_cat[kidx] & (var != "note")  # categorical variables and notes hold text
        # inf, -inf and 1e309 parse as numbers but are no count or share: b = inf scored 0 in silence
        infinite = numeric & np.isinf(num)
        for i in np.flatnonzero(infinite):
            self._bad(df, rows[i], *_said("inputs.not_finite", value=short_repr(value.iat[i])))
        # 1.500 / 1,500: a thousands separator (Vietnamese or English) or a decimal? never guessed
        grouped = numeric & text_given & _thousands(value, num)
        for i in np.flatnonzero(grouped):
            self._bad(df, rows[i], *_said("inputs.thousands", value=short_repr(value.iat[i]),
                                          digits=_THOUSANDS_SEP.sub("", str(value.iat[i]).strip())))
        num[infinite | grouped] = np.nan
        # text in a number cell ("nan" among them)
        bad_num = text_given & np.isnan(num) & numeric & ~infinite & ~grouped
        for i in np.flatnonzero(bad_num):
            self._bad(df, rows[i], f"{short_repr(value.iat[i])} is not a number", f"{short_repr(value.iat[i])} không phải là số")
        k = len(kpairs)
        self.M = np.full((self.n, k), np.nan)
        self.M[uidx, kidx] = num
        self.T = np.full((self.n, k), None, dtype=object)
        cat_rows = is_cat[kidx]
        self.T[uidx[cat_rows], kidx[cat_rows]] = value.to_numpy(dtype=object)[cat_rows]
        self.G = np.zeros((self.n, k), dtype=bool)  # given at all (number or text)
        self.G[uidx, kidx] = text_given
        self.R = np.full((self.n, k), -1, dtype=np.int64)  # row of the long table, for problems
        self.R[uidx, kidx] = rows
        # items with a value refused above: the rules see it blank, and what they would say of
        # the item (missing, incomplete) follows from that one problem
        refused = infinite | grouped | bad_num
        self.refused = {(u, key_code[j]) for u, j in zip(uidx[refused].tolist(), kidx[refused].tolist())}

    def _where(self, i: int) -> tuple[str, str]:
        df = self.df
        src = str(df["_source"].iat[i]) if "_source" in df.columns else ""
        loc = str(df["_location"].iat[i]) if "_location" in df.columns else f"row {i + 1}"
        return src, loc

    def _bad(self, df: pd.DataFrame, i: int, en: str, vi: str, unit: str | None = None) -> None:
        self.df = df
        src, loc = self._where(i)
        self.problems.append(Problem(
            en, vi, source=src, location=loc,
            unit_id=str(df["unit_id"].iat[i]) if unit is None else unit, code=str(df["code"].iat[i]), variable=str(df["variable"].iat[i]),
        ))

    def col(self, code: str, var: str) -> int | None:
        return self.key_col.get((code, var))

    def num(self, code: str, var: str) -> np.ndarray:
        j = self.col(code, var)
        return np.full(self.n, np.nan) if j is None else self.M[:, j]

    def given(self, code: str, var: str) -> np.ndarray:
        j = self.col(code, var)
        return np.zeros(self.n, dtype=bool) if j is None else self.G[:, j]

    def env(self, code: str, rule, mask_out: np.ndarray | None = None) -> Env:
        numbers, texts = {}, {}
        for var in rule.variables():
            j = self.col(code, var)
            if j is None:
                continue
            if var in self.categorical[code]:
                t = self.T[:, j].copy()
                if mask_out is not None:
                    t[mask_out] = None
                texts[var] = t
            else:
                x = self.M[:, j].copy()
                if mask_out is not None:
                    x[mask_out] = np.nan
                numbers[var] = x
        return Env(self.n, numbers, texts)

    def report(self, mask: np.ndarray, code: str, var: str, en: str, vi: str, severity: str = "error") -> None:
        """One problem per unit in ``mask``, located at the first variable's cell."""
        first = var.split(",")[0] if var else ""
        j = self.col(code, first) if first else None
        for u in np.flatnonzero(mask):
            if (int(u), code) in self.refused:
                continue  # a value of the item was refused already: one problem, not its consequences
            src, loc = ("", "")
            if j is not None and self.R[u, j] >= 0:
                src, loc = self._where(int(self.R[u, j]))
            self.problems.append(Problem(en, vi, source=src, location=loc, unit_id=self.units[u], code=code, variable=var, severity=severity))


#: a whole number written with a thousands separator: 1.500, 1,500, 12.345.678 (not 0,125)
THOUSANDS = r"[+-]?[1-9]\d{0,2}(?:[.,]\d{3})+"
_THOUSANDS_SEP = re.compile(r"[.,\s\u00a0]")


def _said(msg_id: str, **fmt) -> tuple[str, str]:
    """(English, Vietnamese) of a problem, from the catalogue."""
    return text(msg_id, "en", **fmt), text(msg_id, "vi", **fmt)


def _thousands(value: pd.Series, num: np.ndarray) -> np.ndarray:
    """Where a text value has the thousands pattern (:data:`THOUSANDS`).

    Only text that did not parse as a whole number is looked at (``1500`` never matches),
    so a column of 250,000 counts costs nothing.
    """
    out = np.zeros(len(value), dtype=bool)
    if pd.api.types.is_numeric_dtype(value.dtype):
        return out
    with np.errstate(invalid="ignore"):
        candidate = (np.isnan(num) | (num != np.round(num))) & value.map(type).eq(str).to_numpy(dtype=bool)
    if candidate.any():
        texts = value[candidate].astype(str).str.strip().str.replace("\u00a0", "", regex=False)
        out[candidate] = texts.str.fullmatch(THOUSANDS).to_numpy(dtype=bool)
    return out


def _numbers(value: pd.Series) -> np.ndarray:
    """Numbers of a value column: vectorised, with the analysts' spellings handled for the
    few cells that plain parsing does not read."""
    if pd.api.types.is_numeric_dtype(value.dtype):
        return value.to_numpy(dtype=float, copy=True)  # the caller blanks refused values in it
    num = pd.to_numeric(value, errors="coerce").to_numpy(dtype=float, copy=True)
    retry = np.isnan(num) & value.notna().to_numpy(dtype=bool)
    if retry.any():
        num[retry] = pd.to_numeric(value[retry].map(to_number), errors="coerce").to_numpy(dtype=float)
    return num


def to_number(v):
    """Numbers as typed by analysts: '12', '12.5', '12,5', '45%' → 0.45."""
    if v is None or isinstance(v, (int, float)):
        return v
    s = str(v).strip().replace("\u00a0", "").replace(" ", "")
    if s.endswith("%"):
        try:
            return float(s[:-1].replace(",", ".")) / 100
        except ValueError:
            return None
    if s.count(",") == 1 and "." not in s:
        s = s.replace(",", ".")
    return s


def score_units(design: IndexDesign, inputs: pd.DataFrame, *, na_policy: str | None = None,
                require_complete: bool = True, unranked=()) -> ScoreResult:
    """Score every unit of ``inputs`` under ``design``.

    The stages, each a function below: the leaves by their rules (:func:`_score_leaves`),
    the components that sum sub-components (:func:`_sum_subcomponents`), the N/A policy and
    the groups and main indicators (:func:`_score_indicators`, :func:`_indicator_na`), the
    missing items (:func:`_missing`, :func:`_raise_problems`), the bonus and penalty items
    (:func:`_score_bonus`), the total and pillars (:func:`_total`, :func:`_pillars`) and the
    tidy table (:func:`_tidy`).

    Parameters
    ----------
    design : IndexDesign
        The index design (``load_design(id)``).
    inputs : pandas.DataFrame
        The long table ``unit_id, code, variable, value`` (optional ``unit_name``);
        ``variable`` is a rule input, or ``appraised_score`` / ``self_score`` / ``na``.
    na_policy : str, optional
        Override of the design's N/A policy: proportional, peer-mean, exclude or zero.
    require_complete : bool
        If true (the default) a component with neither inputs nor a given score is an
        error; if false it is reported in ``missing`` and scores NaN.
    unranked : iterable of str
        Units assessed but not ranked (a units file's ``ranked = 0``, :meth:`UnitsFile.unranked`;
        Hải Dương 2023: "tham gia đánh giá nhưng không xếp hạng"): scored and banded, their rank
        left empty, the others numbered 1 … N without them. They count in a peer mean (their
        scores are appraised like the others'; the ranking alone leaves them out).

    Returns
    -------
    ScoreResult

    Raises
    ------
    InputError
        Listing every problem of the inputs at once (file, line, unit, code, variable).
    """
    if na_policy is not None and na_policy not in NA_METHODS:
        raise InputError([Problem(f"unknown N/A policy {na_policy!r}; choose one of {', '.join(NA_METHODS)}", "chính sách N/A không hợp lệ")])
    policy = na_policy or design.na_policy.method
    long = inputs if "_source" in inputs.columns else normalise_long(inputs)
    P = _Prepared(design, long)
    t = _Nodes()
    _score_leaves(design, P, t)
    _sum_subcomponents(design, P, t, policy)
    _score_indicators(design, P, t, policy)
    removed = _indicator_na(design, P, t, policy)
    bonus_rows, bonus_total, bonus_missing = _score_bonus(design, P)
    missing_rows = _missing(design, t, P.n) + bonus_missing
    _raise_problems(design, P, missing_rows, require_complete)
    unranked = frozenset(unranked)
    stray = sorted(unranked - set(P.units))
    if stray:
        raise InputError([Problem(f"unit {u!r} is marked not ranked but has no inputs", f"đơn vị {u!r} được đánh dấu không xếp hạng nhưng không có dữ liệu", unit_id=u, variable="ranked") for u in stray])
    # the design's own rule (ranking.unranked: units the text leaves out of the ranking) applies to those present
    unranked = unranked | (frozenset(design.ranking.unranked) & set(P.units))
    ranked = np.array([u not in unranked for u in P.units], dtype=bool)
    totals = _total(design, t, bonus_total, removed, ranked)
    pillar_rows = _pillars(design, t)
    scores = _tidy(design, P, t, pillar_rows, bonus_rows, totals)
    miss_df = pd.DataFrame(
        [(P.units[u], code) for miss, code in missing_rows for u in np.flatnonzero(miss)], columns=["unit_id", "code"]
    )
    na_df = pd.DataFrame(
        [(P.units[u], code, policy, float(s[u])) for mask, code, s in t.na_records for u in np.flatnonzero(mask)],
        columns=["unit_id", "code", "policy", "score"],
    )
    warnings = tuple(p for p in P.problems if p.severity != "error")
    return ScoreResult(design, P.units, P.unit_names, scores, miss_df, na_df, policy, warnings, unranked)


@dataclass
class _Nodes:
    """What the stages of :func:`score_units` have found so far, per node code: one array
    per node, one element per unit. Mutable on purpose: each stage fills in its level."""

    score: dict[str, np.ndarray] = field(default_factory=dict)  # leaves and summing components
    status: dict[str, np.ndarray] = field(default_factory=dict)
    na: dict[str, np.ndarray] = field(default_factory=dict)
    computed: dict[str, np.ndarray] = field(default_factory=dict)  # before a given score replaced it
    ind_score: dict[str, np.ndarray] = field(default_factory=dict)
    ind_status: dict[str, np.ndarray] = field(default_factory=dict)
    ind_na: dict[str, np.ndarray] = field(default_factory=dict)
    removed_in: dict[str, np.ndarray] = field(default_factory=dict)  # max points the N/A policy removed
    group_score: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = field(default_factory=dict)
    not_assessed: dict[str, np.ndarray] = field(default_factory=dict)  # the whole indicator not assessed
    na_records: list[tuple[np.ndarray, str, np.ndarray]] = field(default_factory=list)


def _given_score(P: _Prepared, code: str, lo: float, hi: float) -> np.ndarray:
    """The appraised scores given for ``code`` (NaN where none); a score outside lo…hi is reported."""
    g = P.num(code, "appraised_score")
    bad = ~np.isnan(g) & ((g < lo - 1e-9) | (g > hi + 1e-9))
    if bad.any():
        P.report(bad, code, "appraised_score", f"appraised score outside 0…{hi:g}", f"điểm thẩm định ngoài khoảng 0…{hi:g}")
    return g


def _na_of(design: IndexDesign, P: _Prepared, code: str) -> np.ndarray:
    """The units marking ``code`` not applicable; a bad mark, or one the design does not allow, is reported."""
    x = P.num(code, "na")
    bad = P.given(code, "na") & ~((x == 0) | (x == 1))
    if bad.any():
        P.report(bad, code, "na", "na must be 1 (not applicable) or 0", "na phải là 1 (không áp dụng) hoặc 0")
    flag = x == 1
    if flag.any() and not design.na_policy.allows(code):
        P.report(flag, code, "na", f"this design allows N/A only for {', '.join(design.na_policy.applies_to or ()) or 'no item'}", "bộ chỉ số không cho phép đánh dấu không áp dụng cho chỉ số này")
    return flag


def _score_leaves(design: IndexDesign, P: _Prepared, t: _Nodes) -> None:
    """Stage 1: every leaf (component, or sub-component in place of a sum) by its own rule;
    a given appraised score replaces the computed one; input problems are reported."""
    for comp in design.leaves():
        code, rule = comp.code, comp.rule
        na = _na_of(design, P, code)
        env = P.env(code, rule, mask_out=na)
        computed = rule.score(env, comp.max_points)
        for mask, var, en, vi in rule.checks(env):
            P.report(mask & ~na, code, var, en, vi)
        g = _given_score(P, code, 0, comp.max_points)
        has_g = ~np.isnan(g)
        for mask, var in rule.missing_inputs(env):
            P.report(mask & ~has_g & ~na, code, var, f"inputs incomplete: {var} missing", f"thiếu dữ liệu: {var}")
        na = na | (rule.na_mask(env) & ~has_g)
        both = na & has_g & (P.num(code, "na") == 1)
        if both.any():
            P.report(both, code, "na", "marked N/A and given an appraised score", "vừa đánh dấu không áp dụng vừa có điểm thẩm định")
        score = np.where(has_g, g, computed)
        status = np.where(has_g, "given", np.where(~np.isnan(computed), "computed", "missing")).astype(object)
        status[na] = "na"
        score = np.where(na, np.nan, score)
        t.score[code], t.status[code], t.na[code], t.computed[code] = score, status, na, computed


def _sum_subcomponents(design: IndexDesign, P: _Prepared, t: _Nodes, policy: str) -> None:
    """Stage 2: components that sum their sub-components, the N/A policy applied among the
    sub-components first."""
    for comp in design.components():
        if not comp.subcomponents:
            continue
        subs = comp.subcomponents
        S = np.column_stack([t.score[s.code] for s in subs])
        NA = np.column_stack([t.na[s.code] for s in subs])
        mx = np.array([s.max_points for s in subs])
        S, _removed = apply_na(S, mx, NA, policy)
        for k, s in enumerate(subs):
            t.score[s.code] = S[:, k]
        summed = np.sum(S, axis=1)
        g = _given_score(P, comp.code, 0, comp.max_points)
        na = _na_of(design, P, comp.code)
        has_g = ~np.isnan(g)
        score = np.where(has_g, g, summed)
        status = np.where(has_g, "given", np.where(np.isnan(summed), "missing", "computed")).astype(object)
        status[na] = "na"
        t.score[comp.code] = np.where(na, np.nan, score)
        t.status[comp.code], t.na[comp.code], t.computed[comp.code] = status, na, summed


def _score_indicators(design: IndexDesign, P: _Prepared, t: _Nodes, policy: str) -> None:
    """Stage 3: the N/A policy among the components of each main indicator, then its groups
    and the indicator itself (summed, capped where the design says so, or given)."""
    n = P.n
    for m in design.main_indicators:
        comps = m.all_components()
        rem_m = np.zeros(n)
        if comps:
            S = np.column_stack([t.score[c.code] for c in comps])
            NA = np.column_stack([t.na[c.code] for c in comps])
            mx = np.array([c.max_points for c in comps])
            S, rem = apply_na(S, mx, NA, policy, _base_mask(design, comps, policy))
            rem_m = rem_m + rem
            for k, c in enumerate(comps):
                t.score[c.code] = S[:, k]
                if NA[:, k].any():
                    t.na_records.append((NA[:, k], c.code, S[:, k]))
            for grp in m.groups:
                gs = np.sum([t.score[c.code] for c in grp.components], axis=0)
                g = _given_score(P, grp.code, 0, grp.max_points)
                has_g = ~np.isnan(g)
                st = np.where(has_g, "given", np.where(np.isnan(gs), "missing", "computed")).astype(object)
                t.group_score[grp.code] = (np.where(has_g, g, gs), st, gs)
            # a group's score (given, or summed from its components) stands for its
            # components one level up, as an indicator's given score does for the total
            parts = [t.score[c.code] for c in m.components] + [t.group_score[grp.code][0] for grp in m.groups]
            summed = np.sum(parts, axis=0)
            if m.cap:  # the design caps the indicator at its stated max (see its errata)
                summed = np.minimum(summed, m.max_points)
        else:
            summed = np.full(n, np.nan)
        g = _given_score(P, m.code, 0, m.max_points)
        has_g = ~np.isnan(g)
        t.ind_score[m.code] = np.where(has_g, g, summed)
        t.ind_status[m.code] = np.where(has_g, "given", np.where(np.isnan(summed), "missing", "computed")).astype(object)
        t.removed_in[m.code] = np.where(has_g, 0.0, rem_m)
        t.computed[m.code] = summed
        if not comps and m.code in _partial_codes(design):
            _not_assessed(design, P, t, m, g, policy)


def _partial_codes(design: IndexDesign) -> frozenset[str]:
    """The main indicators that take points not assessed (``na_policy.partial``): the scored
    ones without components, where the design accepts them."""
    if not design.na_policy.partial:
        return frozenset()
    return frozenset(m.code for m in design.scored_indicators() if not m.all_components())


def _not_assessed(design: IndexDesign, P: _Prepared, t: _Nodes, m, g: np.ndarray, policy: str) -> None:
    """Points of an indicator's items "Không đánh giá" (``na_policy.partial``), given per unit.

    Hải Dương 4: the index is "tổng điểm đạt được so với tổng điểm tối đa tương ứng … (sau khi
    trừ đi điểm của các tiêu chí, tiêu chí thành phần “Không đánh giá”)": under ``exclude`` the
    points x leave the unit's max (600 − 30 = 570). The other policies score the part not
    assessed as they score an N/A item: ``zero`` 0 (the max kept); ``proportional`` at the
    unit's own rate on the assessed part, g / (max − x) × x; ``peer-mean`` at the mean rate
    g / max of the units that assessed the whole indicator. x = max is the whole indicator
    not assessed: it is N/A (:func:`_indicator_na`). 0 ≤ x ≤ max and g ≤ max − x, else refused.
    """
    var = design.na_policy.partial
    x = P.num(m.code, var)
    out = ~np.isnan(x) & ((x < -1e-9) | (x > m.max_points + 1e-9))
    for u in np.flatnonzero(out):
        P.report(_one(P.n, u), m.code, var, *_said("fidelity.not_assessed_range", max=f"{m.max_points:g}", value=f"{x[u]:g}"))
    x = np.where(np.isnan(x) | out, 0.0, x)
    left = m.max_points - x
    over = ~np.isnan(g) & (g > left + 1e-9) & ~out
    for u in np.flatnonzero(over):
        P.report(_one(P.n, u), m.code, "appraised_score", *_said("fidelity.score_above_assessed", score=f"{g[u]:g}",
                 left=f"{left[u]:g}", max=f"{m.max_points:g}", not_assessed=f"{x[u]:g}"))
    marked = P.num(m.code, "na") == 1
    both = marked & (x > 0)
    if both.any():
        P.report(both, m.code, var, *_said("fidelity.na_and_not_assessed"))
    whole = (x >= m.max_points - 1e-9) & (x > 0)
    t.not_assessed[m.code] = whole
    part = (x > 0) & ~whole & ~np.isnan(g)
    if not part.any():
        return
    if policy == "exclude":
        t.removed_in[m.code] = np.where(part, t.removed_in[m.code] + x, t.removed_in[m.code])
        return
    if policy == "proportional":
        rate = np.where(part, g / np.where(part, left, 1.0), 0.0)
    elif policy == "peer-mean":
        peers = ~np.isnan(g) & (x == 0) & ~marked
        rate = np.full(P.n, float(np.mean(g[peers]) / m.max_points) if peers.any() else 0.0)
    else:  # zero: the part not assessed scores nothing, and stays in the max
        rate = np.zeros(P.n)
    t.ind_score[m.code] = np.where(part, g + rate * x, t.ind_score[m.code])


def _one(n: int, u: int) -> np.ndarray:
    mask = np.zeros(n, dtype=bool)
    mask[u] = True
    return mask


def _base_mask(design: IndexDesign, comps, policy: str) -> np.ndarray | None:
    """Which of ``comps`` form the proportional base, where the design names them."""
    base = design.na_policy.base
    if base is None or policy != "proportional":
        return None
    return np.array([c.code in base for c in comps], dtype=bool)


def _indicator_na(design: IndexDesign, P: _Prepared, t: _Nodes, policy: str) -> np.ndarray:
    """Stage 4: main indicators marked N/A (structure-only designs mark whole indicators),
    scored by the N/A policy; returns the max points removed from each unit's scale."""
    scored = design.scored_indicators()
    t.ind_na = {m.code: _na_of(design, P, m.code) for m in design.main_indicators}
    for m in design.main_indicators:
        # the same contradiction as on a component: refused, never resolved in silence
        both = t.ind_na[m.code] & P.given(m.code, "appraised_score")
        if both.any():
            P.report(both, m.code, "na", "marked N/A and given an appraised score", "vừa đánh dấu không áp dụng vừa có điểm thẩm định")
        if m.code in t.not_assessed:  # every point not assessed: the whole indicator is N/A
            t.ind_na[m.code] = t.ind_na[m.code] | t.not_assessed[m.code]
    if scored:
        S = np.column_stack([np.where(t.ind_na[m.code], np.nan, t.ind_score[m.code]) for m in scored])
        NA = np.column_stack([t.ind_na[m.code] for m in scored])
        mx = np.array([m.max_points for m in scored])
        S2, _rem = apply_na(S, mx, NA, policy)
        for k, m in enumerate(scored):
            if NA[:, k].any():
                t.ind_score[m.code] = np.where(NA[:, k], S2[:, k], t.ind_score[m.code])
                t.ind_status[m.code] = np.where(NA[:, k], "na", t.ind_status[m.code])
                t.removed_in[m.code] = np.where(NA[:, k], np.where(policy == "exclude", m.max_points, 0.0), t.removed_in[m.code])
                t.na_records.append((NA[:, k], m.code, S2[:, k]))
    removed = np.zeros(P.n)
    for m in scored:
        removed = removed + t.removed_in[m.code]
    return removed


def _missing(design: IndexDesign, t: _Nodes, n: int) -> list[tuple[np.ndarray, str]]:
    """Stage 6: (units, code) of the leaves with no score whose ancestors were not given
    either (an indicator without components: the indicator itself)."""
    missing_rows = []
    for m in design.main_indicators:
        ind_given = t.ind_status[m.code] == "given"
        ind_na_m = t.ind_na[m.code]
        comps = m.all_components()
        if not comps:
            miss = (t.ind_status[m.code] == "missing") & ~ind_na_m
            if not m.scored and m.max_points == 0:
                miss = np.zeros(n, bool)  # an unscored indicator is reported, not required
            if miss.any():
                missing_rows.append((miss, m.code))
            continue
        for c in comps:
            grp_given = t.group_score[c.group][1] == "given" if c.group else np.zeros(n, bool)
            covered = ind_given | grp_given | ind_na_m
            leaves = c.subcomponents or (c,)
            for leaf in leaves:
                miss = (t.status[leaf.code] == "missing") & ~covered & (t.status[c.code] != "given")
                if miss.any():
                    missing_rows.append((miss, leaf.code))
    return missing_rows


def _raise_problems(design: IndexDesign, P: _Prepared, missing_rows: list[tuple[np.ndarray, str]],
                    require_complete: bool) -> None:
    """Stage 7: raise every error found so far at once (missing items too, if required)."""
    if require_complete:
        for miss, code in missing_rows:
            P.report(miss, code, "", "no inputs and no score given (missing)", "thiếu: không có dữ liệu và không có điểm")
    if P.problems:
        errors = [p for p in P.problems if p.severity == "error"]
        if errors:
            raise InputError(errors, f"{len(errors)} problem(s) in the inputs for design {design.id}")


def _score_bonus(design: IndexDesign, P: _Prepared) -> tuple[list, np.ndarray, list]:
    """Stage 5: bonus and penalty items (outside the max): ``([(item, score, status,
    computed)], total per unit, missing rows)``.

    A given score must lie between 0 and the item's points, with their sign (a penalty of
    −1 is given as −1 or 0, never +1); an item with neither inputs nor a given score is
    missing, as a component is (NaN, and an error when the inputs must be complete).
    """
    bonus_rows, missing_rows = [], []
    bonus_total = np.zeros(P.n)
    for b in design.bonus:
        env = P.env(b.code, b.rule)
        share = b.rule.score(env, 1.0)
        for mask, var, en, vi in b.rule.checks(env):
            P.report(mask, b.code, var, en, vi)
        computed = share * b.points
        lo, hi = min(0.0, b.points), max(0.0, b.points)
        g = P.num(b.code, "appraised_score")
        bad = ~np.isnan(g) & ((g < lo - 1e-9) | (g > hi + 1e-9))
        if bad.any():
            P.report(bad, b.code, "appraised_score", f"appraised score outside {lo:g}…{hi:g}", f"điểm thẩm định ngoài khoảng {lo:g}…{hi:g}")
        has_g = ~np.isnan(g)
        for mask, var in b.rule.missing_inputs(env):
            P.report(mask & ~has_g, b.code, var, f"inputs incomplete: {var} missing", f"thiếu dữ liệu: {var}")
        sc = np.where(has_g, g, computed)
        st = np.where(has_g, "given", np.where(np.isnan(computed), "missing", "computed")).astype(object)
        miss = st == "missing"
        if miss.any():
            missing_rows.append((miss, b.code))
        bonus_total = bonus_total + sc
        bonus_rows.append((b, sc, st, computed))
    return bonus_rows, bonus_total, missing_rows


def _total(design: IndexDesign, t: _Nodes, bonus_total: np.ndarray, removed: np.ndarray,
           ranked: np.ndarray) -> tuple[np.ndarray, ...]:
    """Stage 8: ``(total, max, percent, value, band, rank)`` per unit; the max is the scale
    less what the N/A policy removed."""
    total = np.sum([t.ind_score[m.code] for m in design.scored_indicators()], axis=0) + bonus_total
    max_eff = design.scale - removed
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(max_eff > 0, total / max_eff, np.nan)
    percent = value * 100
    # units not ranked are left out of the numbering, not out of the scores or bands
    rank = rank_of(np.where(ranked, percent, np.nan), ties=design.ranking.ties, decimals=design.ranking.decimals)
    return total, max_eff, percent, value, _band(design, percent, "total"), rank


def _pillars(design: IndexDesign, t: _Nodes) -> list[tuple]:
    """Stage 9: each pillar (foundation + one activity indicator): ``(pillar, score, max,
    percent, band)``."""
    scored = design.scored_indicators()
    found = [m for m in scored if m.group == "foundation"]
    pillar_rows = []
    for p in design.pillars:
        members = found + [m for m in scored if m.code == p.activity]
        ps = np.sum([t.ind_score[m.code] for m in members], axis=0)
        pmax = p.max_points - np.sum([t.removed_in[m.code] for m in members], axis=0)
        with np.errstate(divide="ignore", invalid="ignore"):
            pp = np.where(pmax > 0, ps / pmax * 100, np.nan)
        pillar_rows.append((p, ps, pmax, pp, _band(design, pp, "pillars")))
    return pillar_rows


def _tidy(design: IndexDesign, P: _Prepared, t: _Nodes, pillar_rows: list, bonus_rows: list,
          totals: tuple[np.ndarray, ...]) -> pd.DataFrame:
    """Stage 10: the tidy table of :attr:`ScoreResult.scores`: nodes in design order, then
    pillars, bonus items and the total, unit-major."""
    n = P.n
    total, max_eff, percent, value, band, rank = totals
    blocks = []

    def block(code, kind, name, mx, score, status, computed=None, percent_=None, value_=None, band_=None, rank_=None):
        mx_arr = np.broadcast_to(np.asarray(mx, dtype=float), (n,))
        blocks.append({
            "code": code, "kind": kind, "name": name, "max_points": mx_arr, "score": score,
            "percent": percent_, "value": value_, "band": band_, "rank": rank_,
            "self_score": P.num(code, "self_score") if code != "TOTAL" and not kind == "pillar" else None,
            "computed_score": computed, "status": status,
        })

    for kind, node in design.iter_nodes():
        if kind == "indicator":
            block(node.code, "indicator", node.name, node.max_points, t.ind_score[node.code], t.ind_status[node.code], t.computed[node.code])
        elif kind == "group":
            gs, st, comp = t.group_score[node.code]
            block(node.code, "group", node.name, node.max_points, gs, st, comp)
        else:
            block(node.code, kind, node.name, node.max_points, t.score[node.code], t.status[node.code], t.computed[node.code])
    for p, ps, pmax, pp, pb in pillar_rows:
        block(p.code, "pillar", p.name, pmax, ps, np.full(n, "computed", dtype=object), None, pp, pp / 100, pb)
    for b, sc, st, computed in bonus_rows:
        block(b.code, "bonus", b.name, b.points, sc, st, computed)
    block(TOTAL, "total", design.id, max_eff, total, np.full(n, "computed", dtype=object), None, percent, value, band, rank)

    k = len(blocks)
    order = np.arange(n * k).reshape(k, n).T.ravel()  # unit-major

    def col(key, fill=np.nan, dtype=float):
        parts = []
        for bl in blocks:
            v = bl[key]
            parts.append(np.full(n, fill, dtype=dtype) if v is None else np.asarray(v, dtype=dtype))
        return np.concatenate(parts)[order] if parts else np.array([], dtype=dtype)

    units_arr = np.array(P.units, dtype=object)
    scores = pd.DataFrame({
        "unit_id": np.tile(units_arr, k)[order],
        "unit_name": np.tile(np.array([P.unit_names[u] for u in P.units], dtype=object), k)[order],
        "code": np.repeat(np.array([b["code"] for b in blocks], dtype=object), n)[order],
        "kind": np.repeat(np.array([b["kind"] for b in blocks], dtype=object), n)[order],
        "name": np.repeat(np.array([b["name"] for b in blocks], dtype=object), n)[order],
        "max_points": col("max_points"),
        "score": col("score"),
        "percent": col("percent"),
        "value": col("value"),
        "band": col("band", None, object),
        "rank": col("rank"),
        "self_score": col("self_score"),
        "computed_score": col("computed_score"),
        "status": col("status", None, object),
    })
    scores["rank"] = scores["rank"].astype("Int64")
    return scores


def _band(design: IndexDesign, percent: np.ndarray, where: str) -> np.ndarray | None:
    """Band labels of ``where`` (``total``, ``pillars``); None if the design does not band it."""
    if design.bands is None or where not in design.bands.applies_to:
        return None
    return design.bands.labels_of(percent)


def rank_of(percent: np.ndarray, ties: str = "competition", decimals: int = 9) -> np.ndarray:
    """Rank by the index, highest first; NaN stays NaN.

    The one rank function of the package. The percent is rounded to ``decimals`` first (a
    design ranks at its published precision, :class:`dti_kit.model.Ranking`; 9 by default, so
    that two units with the same points tie whatever the order of their sums). Tied units
    share the best rank; ``competition`` then skips (1, 2, 2, 4), ``dense`` does not (1, 2, 2, 3).
    """
    if ties not in ("competition", "dense"):
        raise ValueError(f"ties must be competition or dense, got {ties!r}")
    rounded = pd.Series(np.round(np.asarray(percent, dtype=float), decimals))
    return rounded.rank(method="min" if ties == "competition" else "dense", ascending=False).to_numpy()

