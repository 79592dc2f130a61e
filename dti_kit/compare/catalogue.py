"""The concept catalogue (``dti_kit/data/concepts.yaml``): what the components of the full
designs measure, and how one set of concept-level inputs becomes each design's inputs.

A *concept* is one measured thing (e.g. the share of administrative files paid online).
It declares its own inputs (``paid``, ``payable`` …) and, per design, the components that
measure it with, for each variable of the component, an *expression* over the concept's
inputs. The expressions are data (a small closed set, see :data:`EXPRESSION_FORMS`):

``q``                          the concept input ``q`` itself (``a: paid``)
``{of: q, scale: f}``          ``q × f`` (units: million → billion VND is ``scale: 0.001``)
``{part_of: q}``               a further part of ``q`` that the design splits off
                               (``c`` of ``(b + c)``): 0 when mapping to the design, added
                               back when reading the design's inputs
``{sum: [q1, q2]}``            ``q1 + q2``
``{yes_if: q | [q…], min: x}`` 1 if (the sum) ≥ x (``above: x``: > x), else 0
``{yes_if_ratio: [n, d], min: x}`` 1 if n / d ≥ x, else 0 (unknown when d = 0)
``{yes_if_all: [q1, q2]}``     1 if every ``q`` is 1
``{case: q, values: {…}}``     a level of the concept → the design's case code
                               (``inverse`` maps codes back where it is ambiguous)
``{bins: q | [n, d], cases: [{min, value}], otherwise}``  a count (or ratio) → a case code
a number                       a constant

The module maps both ways, vectorised over units (pandas columns; loops run over the
catalogue's entries only): :meth:`Catalogue.concept_inputs` reads a design's long table
into concept-level inputs, :meth:`Catalogue.component_inputs` writes concept-level inputs
as another design's long table.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Mapping

import numpy as np
import pandas as pd

from dti_kit._util.safeyaml import safe_load
from dti_kit._util.strings import normalise_name
from dti_kit.compare.expressions import EXPRESSION_FORMS, Expression, _number, _present, parse_expression  # noqa: F401 (re-exported)
from dti_kit.errors import DesignError, Problem
from dti_kit.inputs import normalise_long
from dti_kit.loader import load_design
from dti_kit.model import Component, IndexDesign

INPUT_KINDS = ("count", "amount", "yes_no", "level")
BASE = 1000.0  # the denominator used for threshold sweeps


@dataclass(frozen=True)
class CanonicalIndicator:
    """A main indicator as matched across designs (e.g. *Hạ tầng số*)."""

    id: str
    vi: str
    en: str
    group: str
    aliases: tuple[str, ...] = ()
    rollup: str = ""  # the id it is part of in designs with one activity indicator
    note: tuple[str, str] = ("", "")  # (vi, en)

    def label(self, language: str = "vi") -> str:
        return self.en if language == "en" else self.vi


# -- the catalogue ------------------------------------------------------------------------------
@dataclass(frozen=True)
class ConceptInput:
    name: str
    vi: str
    en: str
    kind: str
    default: Any = None
    levels: tuple[str, ...] = ()


@dataclass(frozen=True)
class Measure:
    """One component of one design measuring a concept, with its variables' expressions."""

    concept: str
    design: str
    code: str
    expressions: tuple[tuple[str, Expression], ...]
    note: tuple[str, str] = ("", "")  # (vi, en)

    def note_text(self, language: str = "vi") -> str:
        return self.note[1] if language == "en" else self.note[0]

    def refs(self) -> set[str]:
        return {r for _, e in self.expressions for r in e.refs}

    @property
    def lossless(self) -> bool:
        """Reading the design's inputs into the concept and back gives them unchanged: every
        expression is invertible and no concept input is read by two of its variables."""
        copies = [e.refs[0] for _, e in self.expressions if e.form != "part_of"]
        return all(e.invertible for _, e in self.expressions) and len(copies) == len(set(copies))


@dataclass(frozen=True)
class Concept:
    id: str
    vi: str
    en: str
    inputs: tuple[ConceptInput, ...]
    measures: tuple[Measure, ...]
    full: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    sweep: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)
    scope: str = "provinces"
    group: str = ""
    note: tuple[str, str] = ("", "")  # (vi, en)

    def label(self, language: str = "vi") -> str:
        return self.en if language == "en" else self.vi

    def note_text(self, language: str = "vi") -> str:
        return self.note[1] if language == "en" else self.note[0]

    def designs(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.design for m in self.measures))


@dataclass(frozen=True)
class Catalogue:
    """The validated concept catalogue and the canonical main indicators."""

    indicators: tuple[CanonicalIndicator, ...]
    concepts: tuple[Concept, ...]
    path: str = ""

    # -- look-ups -----------------------------------------------------------------------
    def concept(self, cid: str) -> Concept:
        for c in self.concepts:
            if c.id == cid:
                return c
        raise KeyError(cid)

    def indicator(self, iid: str) -> CanonicalIndicator:
        for i in self.indicators:
            if i.id == iid:
                return i
        raise KeyError(iid)

    def match_indicator(self, name: str) -> CanonicalIndicator | None:
        """The canonical indicator a printed main-indicator name stands for (or None)."""
        key = normalise_name(name)
        for ind in self.indicators:
            if key == normalise_name(ind.vi) or key in ind.aliases:
                return ind
        return None

    def measures_of(self, design_id: str) -> tuple[Measure, ...]:
        return tuple(m for c in self.concepts for m in c.measures if m.design == design_id)

    def covered_codes(self, design_id: str) -> dict[str, list[str]]:
        """Leaf code → the concepts that measure it, for one design."""
        out: dict[str, list[str]] = {}
        for m in self.measures_of(design_id):
            out.setdefault(m.code, []).append(m.concept)
        return out

    def complete_codes(self, design: IndexDesign) -> tuple[str, ...]:
        """Leaves every variable of which some concept provides (they can be re-scored)."""
        got: dict[str, set[str]] = {}
        for m in self.measures_of(design.id):
            got.setdefault(m.code, set()).update(v for v, _ in m.expressions)
        return tuple(leaf.code for leaf in design.leaves() if leaf.code in got and set(leaf.rule.variables()) <= got[leaf.code])

    # -- design → concept-level inputs ------------------------------------------------------
    def concept_inputs(self, design: IndexDesign, long: pd.DataFrame) -> pd.DataFrame:
        """Read a design's long table into concept-level inputs.

        Parameters
        ----------
        design : IndexDesign
            The design the long table belongs to.
        long : pandas.DataFrame
            ``unit_id, code, variable, value`` (optional ``unit_name``), as for scoring.

        Returns
        -------
        pandas.DataFrame
            ``unit_id, unit_name, concept, input, value, code``: one row per unit and concept
            input, ``code`` naming the component it was read from ("default" where the
            concept's default filled it). Where several components give the same input,
            the first in the catalogue's order wins. Components marked ``na`` = 1 give
            nothing; inputs that cannot be read back (e.g. a yes/no from a ratio) stay
            absent.
        """
        df = normalise_long(long) if "_location" not in long.columns else long
        names = _unit_names(df)
        units = pd.Index(names.index, name="unit_id")
        na_codes = df[(df["variable"] == "na") & (df["value"].map(_number) == 1)]
        na_index = pd.MultiIndex.from_arrays([na_codes["unit_id"], na_codes["code"]])
        raw = df[~df["variable"].isin(("na", "note", "self_score", "appraised_score"))]
        raw = raw.drop_duplicates(["unit_id", "code", "variable"])
        wide = raw.pivot(index="unit_id", columns=["code", "variable"], values="value").reindex(units)
        frames = []
        for concept in self.concepts:
            got: dict[str, tuple[pd.Series, pd.Series]] = {}  # input → (values, provenance)
            for m in concept.measures:
                if m.design != design.id:
                    continue
                na_mask = pd.Series(pd.MultiIndex.from_arrays([units, np.full(len(units), m.code, dtype=object)]).isin(na_index), index=units)
                copies: dict[str, pd.Series] = {}
                parts: dict[str, list[pd.Series]] = {}
                for var, expr in m.expressions:
                    if not expr.invertible or (m.code, var) not in wide.columns:
                        continue
                    v = expr.read_back(wide[(m.code, var)]).where(~na_mask)
                    q = expr.refs[0]
                    if expr.form == "part_of":
                        parts.setdefault(q, []).append(v)
                    elif q not in copies:
                        copies[q] = v
                    else:
                        copies[q] = copies[q].combine_first(v)
                for q, v in copies.items():
                    for p in parts.get(q, []):
                        v = pd.to_numeric(v, errors="coerce") + pd.to_numeric(p, errors="coerce").fillna(0)
                    prov = pd.Series(m.code, index=units).where(pd.Series(v).notna())
                    if q in got:
                        old_v, old_p = got[q]
                        got[q] = (old_v.combine_first(v), old_p.combine_first(prov))
                    else:
                        got[q] = (v, prov)
            if not got:
                continue
            for inp in concept.inputs:
                if inp.default is not None:
                    v, p = got.get(inp.name, (pd.Series(np.nan, index=units), pd.Series(np.nan, index=units, dtype=object)))
                    filled = v.isna()
                    got[inp.name] = (v.where(~filled, inp.default), p.where(~filled, "default"))
            for q, (v, p) in got.items():
                frames.append(pd.DataFrame({"unit_id": units, "concept": concept.id, "input": q, "value": v.to_numpy(dtype=object), "code": p.to_numpy(dtype=object)}))
        cols = ["unit_id", "unit_name", "concept", "input", "value", "code"]
        if not frames:
            return pd.DataFrame(columns=cols)
        out = pd.concat(frames, ignore_index=True)
        out = out[out["value"].map(_present)]
        out["unit_name"] = out["unit_id"].map(names)
        return out[cols].reset_index(drop=True)

    # -- concept-level inputs → a design's long table ---------------------------------------------
    def component_inputs(self, design: IndexDesign, concept_long: pd.DataFrame, codes: Iterable[str] | None = None) -> pd.DataFrame:
        """Turn concept-level inputs into the long table of ``design``'s components.

        Only leaves whose every variable some concept provides are written, and for each
        unit only when every variable has a value (a component is given whole or not at all).

        Parameters
        ----------
        design : IndexDesign
        concept_long : pandas.DataFrame
            ``unit_id, concept, input, value`` (optional ``unit_name``), e.g. from
            :meth:`concept_inputs` or written by hand.
        codes : iterable of str, optional
            Restrict to these leaf codes.

        Returns
        -------
        pandas.DataFrame
            ``unit_id, unit_name, code, variable, value``.
        """
        cols = ["unit_id", "unit_name", "code", "variable", "value"]
        if concept_long is None or len(concept_long) == 0:
            return pd.DataFrame(columns=cols)
        cl = concept_long.copy()
        if "unit_name" not in cl.columns:
            cl["unit_name"] = cl["unit_id"]
        names = cl.drop_duplicates("unit_id").set_index("unit_id")["unit_name"]
        units = pd.Index(names.index, name="unit_id")
        # one pivot for every concept (not one per concept: 181 pivots were a third of a comparison)
        wide = (cl.drop_duplicates(["unit_id", "concept", "input"])
                .pivot(index="unit_id", columns=["concept", "input"], values="value").reindex(units))
        tables = {cid: wide[cid] for cid in pd.unique(cl["concept"])}
        wanted = set(self.complete_codes(design)) if codes is None else set(codes) & set(self.complete_codes(design))
        per_code: dict[str, dict[str, pd.Series]] = {}
        for m in self.measures_of(design.id):
            if m.code not in wanted:
                continue
            Q = tables.get(m.concept, pd.DataFrame(index=units))
            for var, expr in m.expressions:
                per_code.setdefault(m.code, {})[var] = expr.evaluate(Q)
        frames = []
        for leaf in design.leaves():
            vals = per_code.get(leaf.code)
            if not vals:
                continue
            W = pd.DataFrame(vals, index=units)
            W = W[W.apply(lambda c: c.map(_present)).all(axis=1)]
            if W.empty:
                continue
            lg = W.rename_axis(columns="variable").stack().rename("value").reset_index()
            lg["code"] = leaf.code
            frames.append(lg)
        if not frames:
            return pd.DataFrame(columns=cols)
        out = pd.concat(frames, ignore_index=True)
        out["unit_name"] = out["unit_id"].map(names)
        order = {u: i for i, u in enumerate(units)}
        out["_u"] = out["unit_id"].map(order)
        out = out.sort_values(["_u"], kind="stable").drop(columns="_u")
        out["value"] = out["value"].map(_plain)
        return out[cols].reset_index(drop=True)

    def full_inputs(self, unit_id: str = "full", concepts: Iterable[str] | None = None) -> pd.DataFrame:
        """Concept-level inputs of a unit that meets every concept fully (the ``full`` examples)."""
        keep = set(concepts) if concepts is not None else None
        rows = [(unit_id, unit_id, c.id, k, v) for c in self.concepts if keep is None or c.id in keep for k, v in c.full.items()]
        return pd.DataFrame(rows, columns=["unit_id", "unit_name", "concept", "input", "value"])

    # -- threshold sweeps ----------------------------------------------------------------------------
    def sweep_inputs(self, concept: Concept, points: int = 201) -> tuple[np.ndarray, pd.DataFrame] | None:
        """The concept's inputs along its sweep: x from 0 to the sweep's max.

        ``sweep: {num: [...], den: [...], max: 1}`` varies a ratio (the ``den`` inputs are
        1000 each, the ``num`` inputs share x × Σden; with ``pool: false`` each ``num``
        input is x × 1000, each against its own denominator); ``sweep: {vary: [...],
        max: 40}`` varies a count. Other inputs take ``fixed`` values, else their ``full``
        value.
        """
        sw = concept.sweep
        if not sw:
            return None
        xmax = float(sw.get("max", 1.0))
        x = np.linspace(0.0, xmax, points)
        if "vary" in sw and all(i.kind == "count" for i in concept.inputs if i.name in sw["vary"]):
            x = np.unique(np.round(x))  # counts are whole numbers
        Q = pd.DataFrame(index=pd.RangeIndex(len(x)))
        for inp in concept.inputs:
            Q[inp.name] = concept.full.get(inp.name, np.nan)
        for k, v in (sw.get("fixed") or {}).items():
            Q[k] = v
        if "num" in sw:
            den = list(sw["den"])
            for d in den:
                Q[d] = BASE
            num = list(sw["num"])
            share = x * BASE * len(den) / len(num) if sw.get("pool", True) else x * BASE
            for q in num:
                Q[q] = share
        else:
            for q in sw["vary"]:
                Q[q] = x
        return x, Q


def _plain(v):
    if isinstance(v, (np.floating, float)) and float(v).is_integer():
        return int(v)
    if isinstance(v, np.generic):
        return v.item()
    return v


def _unit_names(df: pd.DataFrame) -> pd.Series:
    first = df.drop_duplicates("unit_id")
    if "unit_name" in df.columns:
        nm = first["unit_name"].where(first["unit_name"].map(_present), first["unit_id"])
    else:
        nm = first["unit_id"]
    return pd.Series(nm.to_numpy(dtype=object), index=first["unit_id"].to_numpy(dtype=object))


# -- loading and validation ---------------------------------------------------------------------------
DEFAULT_PATH = "concepts.yaml"


def catalogue_text(path: str | Path | None = None) -> tuple[str, str]:
    if path is None:
        res = resources.files("dti_kit") / "data" / DEFAULT_PATH
        return res.read_text(encoding="utf-8"), f"dti_kit/data/{DEFAULT_PATH}"
    p = Path(path)
    return p.read_text(encoding="utf-8"), str(p)


_CACHE: dict[str, Catalogue] = {}


def load_catalogue(path: str | Path | None = None, designs: Iterable[IndexDesign] | None = None) -> Catalogue:
    """Load and validate the concept catalogue.

    Parameters
    ----------
    path : path, optional
        A catalogue file (default: the shipped ``dti_kit/data/concepts.yaml``).
    designs : iterable of IndexDesign, optional
        The designs to check the codes against (default: loaded by id as named).

    Raises
    ------
    DesignError
        Listing every problem of the file at once (concept, design, code, variable).
    """
    key = str(path) if path is not None else ""
    if designs is None and key in _CACHE:
        return _CACHE[key]
    text, name = catalogue_text(path)
    data = safe_load(text) or {}
    given = {d.id: d for d in designs} if designs is not None else {}
    cat = _build(data, name, given)
    if designs is None:
        _CACHE[key] = cat
    return cat


def _build(data: Mapping[str, Any], source: str, given: Mapping[str, IndexDesign]) -> Catalogue:
    problems: list[Problem] = []

    def bad(en: str, vi: str, code: str = "", variable: str = "", where: str = "") -> None:
        problems.append(Problem(en, vi, source=source, location=where, code=code, variable=variable))

    def note(raw: Any, where: str, code: str = "") -> tuple[str, str]:
        """A note is written in both languages: {vi: …, en: …}."""
        if raw is None:
            return ("", "")
        if isinstance(raw, Mapping) and set(raw) == {"vi", "en"} and all(isinstance(v, str) for v in raw.values()):
            return (raw["vi"], raw["en"])
        bad("a note is {vi: text, en: text}", "ghi chú cần cả tiếng Việt và tiếng Anh {vi, en}", where=where, code=code)
        return ("", "")

    unknown_top = set(data) - {"version", "indicators", "concepts"}
    for k in sorted(unknown_top):
        bad(f"unknown top-level key {k!r}", f"khóa không hợp lệ {k!r}")

    indicators = []
    seen_ind: set[str] = set()
    for i, raw in enumerate(data.get("indicators") or []):
        where = f"indicators[{i}]"
        if not isinstance(raw, Mapping) or not all(isinstance(raw.get(k), str) for k in ("id", "vi", "en", "group")):
            bad("an indicator needs id, vi, en and group", "chỉ số chính cần id, vi, en, group", where=where)
            continue
        if raw["id"] in seen_ind:
            bad(f"duplicate indicator id {raw['id']!r}", "trùng id chỉ số chính", where=where)
        seen_ind.add(raw["id"])
        indicators.append(CanonicalIndicator(raw["id"], raw["vi"], raw["en"], raw["group"],
                                             tuple(normalise_name(a) for a in raw.get("aliases") or ()),
                                             raw.get("rollup") or "", note(raw.get("note"), where)))
    keys: dict[str, str] = {}
    for ind in indicators:
        for k in (normalise_name(ind.vi),) + ind.aliases:
            if k in keys and keys[k] != ind.id:
                bad(f"name {k!r} matches two indicators ({keys[k]}, {ind.id})", "một tên khớp hai chỉ số chính")
            keys[k] = ind.id
    for ind in indicators:
        if ind.rollup and ind.rollup not in seen_ind:
            bad(f"indicator {ind.id}: rollup {ind.rollup!r} is not an indicator id", "rollup không hợp lệ")

    designs: dict[str, IndexDesign | None] = dict(given)
    concepts = []
    seen: set[str] = set()
    mapped: dict[tuple[str, str, str], str] = {}
    for i, raw in enumerate(data.get("concepts") or []):
        where = f"concepts[{i}]"
        if not isinstance(raw, Mapping) or not all(isinstance(raw.get(k), str) for k in ("id", "vi", "en")):
            bad("a concept needs id, vi and en", "khái niệm cần id, vi, en", where=where)
            continue
        cid = raw["id"]
        where = f"concept {cid}"
        extra = set(raw) - {"id", "vi", "en", "group", "inputs", "full", "sweep", "components", "scope", "note"}
        for k in sorted(extra):
            bad(f"unknown key {k!r}", f"khóa không hợp lệ {k!r}", where=where)
        if cid in seen:
            bad(f"duplicate concept id {cid!r}", "trùng id khái niệm", where=where)
        seen.add(cid)
        inputs = []
        for name, spec in (raw.get("inputs") or {}).items():
            spec = spec or {}
            for k in sorted(set(spec) - {"vi", "en", "kind", "default", "levels"}, key=str):
                bad(f"input {name}: unknown key {k!r} (a comma in an unquoted name?)", f"khóa không hợp lệ {k!r}", where=where, variable=str(name))
            kind = spec.get("kind", "count")
            if kind not in INPUT_KINDS:
                bad(f"input {name}: kind must be one of {INPUT_KINDS}", "loại dữ liệu không hợp lệ", where=where, variable=name)
            if not spec.get("vi") or not spec.get("en"):
                bad(f"input {name}: needs vi and en", "dữ liệu cần tên vi, en", where=where, variable=name)
            inputs.append(ConceptInput(str(name), spec.get("vi", ""), spec.get("en", ""), kind, spec.get("default"), tuple(spec.get("levels") or ())))
        if not inputs:
            bad("a concept needs inputs", "khái niệm cần dữ liệu đầu vào", where=where)
        names = {i.name for i in inputs}
        levels = {i.name: set(i.levels) for i in inputs if i.kind == "level"}
        for i_ in inputs:
            if i_.kind == "level" and not i_.levels:
                bad(f"input {i_.name}: a level input lists its levels", "thiếu danh sách mức", where=where, variable=i_.name)
        full = dict(raw.get("full") or {})
        for n in sorted(names - set(full)):
            bad(f"'full' gives no value for input {n}", f"'full' thiếu giá trị cho {n}", where=where, variable=n)
        for n in sorted(set(full) - names):
            bad(f"'full' names unknown input {n}", f"'full' có dữ liệu lạ {n}", where=where, variable=n)
        sweep = dict(raw.get("sweep") or {})
        for n in list(sweep.get("num") or []) + list(sweep.get("den") or []) + list(sweep.get("vary") or []) + list((sweep.get("fixed") or {}).keys()):
            if n not in names:
                bad(f"sweep names unknown input {n}", "sweep có dữ liệu lạ", where=where, variable=n)
        for k in sorted(set(sweep) - {"num", "den", "vary", "max", "fixed", "pool"}, key=str):
            bad(f"sweep: unknown key {k!r}", f"sweep: khóa không hợp lệ {k!r}", where=where)
        if sweep and not (("num" in sweep and "den" in sweep) or "vary" in sweep):
            bad("a sweep needs num and den (a ratio) or vary (a count)", "sweep không hợp lệ", where=where)
        measures = []
        comps = raw.get("components") or {}
        if not isinstance(comps, Mapping) or not comps:
            bad("a concept needs components: {design id: [{code, inputs}]}", "khái niệm cần danh sách chỉ số thành phần", where=where)
            comps = {}
        for did, entries in comps.items():
            if did not in designs:
                try:
                    designs[did] = load_design(did)
                except Exception as exc:  # UnknownDesignError, DesignError
                    designs[did] = None
                    bad(f"unknown design {did!r} ({exc})", f"không có bộ chỉ số {did!r}", where=where)
            design = designs[did]
            if design is None:
                continue
            for j, ent in enumerate(entries or []):
                if not isinstance(ent, Mapping) or "code" not in ent or not isinstance(ent.get("inputs"), Mapping):
                    bad(f"{did} entry {j + 1}: needs code and inputs", "cần code và inputs", where=where)
                    continue
                for k in sorted(set(ent) - {"code", "inputs", "note"}, key=str):
                    bad(f"{did} entry {j + 1}: unknown key {k!r} (a comma in an unquoted note?)", f"khóa không hợp lệ {k!r}", where=where)
                code = str(ent["code"])
                leaf = _leaf(design, code)
                if leaf is None:
                    bad(f"{did}: {code} is not a scored component of the design", f"{did}: {code} không phải chỉ số thành phần", where=where, code=code)
                    continue
                rule_vars = set(leaf.rule.variables())
                exprs = []
                for var, spec in ent["inputs"].items():
                    var = str(var)
                    if var not in rule_vars:
                        bad(f"{did} {code}: the rule reads no variable {var!r} (reads {', '.join(sorted(rule_vars))})", "biến không thuộc chỉ số", where=where, code=code, variable=var)
                        continue
                    prev = mapped.get((did, code, var))
                    if prev is not None:
                        bad(f"{did} {code} {var}: already given by concept {prev}", "biến đã được khái niệm khác cung cấp", where=where, code=code, variable=var)
                    mapped[(did, code, var)] = cid
                    try:
                        e = parse_expression(spec)
                    except ValueError as exc:
                        bad(f"{did} {code} {var}: {exc}", "biểu thức không hợp lệ", where=where, code=code, variable=var)
                        continue
                    for r in e.refs:
                        if r not in names:
                            bad(f"{did} {code} {var}: unknown concept input {r!r}", "dữ liệu khái niệm không có", where=where, code=code, variable=var)
                    if e.form == "case" and e.refs and e.refs[0] in levels:
                        missing_levels = levels[e.refs[0]] - {k for k, _ in e.values}
                        if missing_levels:
                            bad(f"{did} {code} {var}: no case for level(s) {sorted(missing_levels)}", "thiếu mức", where=where, code=code, variable=var)
                    cats = leaf.rule.categorical()
                    if e.form in ("case", "bins") and var in cats:
                        cases = set(getattr(leaf.rule, "case_values", lambda: ())())
                        for _, c in e.values:
                            if cases and c not in cases:
                                bad(f"{did} {code} {var}: {c!r} is not a case of the rule", "không phải trường hợp của phương pháp", where=where, code=code, variable=var)
                        for _, _, c in e.bins:
                            if cases and c not in cases:
                                bad(f"{did} {code} {var}: {c!r} is not a case of the rule", "không phải trường hợp của phương pháp", where=where, code=code, variable=var)
                    exprs.append((var, e))
                measures.append(Measure(cid, did, code, tuple(exprs), note(ent.get("note"), where, code)))
        if raw.get("group") and raw["group"] not in seen_ind:
            bad(f"group {raw['group']!r} is not an indicator id", "group không phải id chỉ số chính", where=where)
        scope = raw.get("scope", "provinces")
        provinces = {designs[m.design].province for m in measures if designs.get(m.design) is not None}
        if len({m.design for m in measures}) < 2:
            bad("a concept is measured by at least two designs", "khái niệm phải có ở ít nhất hai bộ chỉ số", where=where)
        if scope == "provinces" and len(provinces) < 2:
            bad("scope 'provinces' needs designs of two provinces (else scope: one-province)", "cần ít nhất hai tỉnh", where=where)
        if scope not in ("provinces", "one-province"):
            bad("scope must be 'provinces' or 'one-province'", "scope không hợp lệ", where=where)
        concepts.append(Concept(cid, raw["vi"], raw["en"], tuple(inputs), tuple(measures), full, sweep, scope,
                                str(raw.get("group") or ""), note(raw.get("note"), where)))
    if problems:
        raise DesignError(problems, f"{len(problems)} problem(s) in the concept catalogue {source}")
    return Catalogue(tuple(indicators), tuple(concepts), source)


def _leaf(design: IndexDesign, code: str) -> Component | None:
    for leaf in design.leaves():
        if leaf.code == code:
            return leaf
    return None
