"""Load index designs from YAML (``yaml.safe_load``) into the frozen model, validating them.

Every problem of a design file is collected and raised at once as a :class:`DesignError`
naming the file, the code and the problem.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from importlib import resources
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

import yaml

from dti_kit.errors import DesignError, Problem, RuleParamError, UnknownDesignError
from dti_kit.i18n import LANGUAGES
from dti_kit.model import (
    Band,
    BandScheme,
    BonusItem,
    Component,
    Erratum,
    GeneralInfoField,
    Group,
    IndexDesign,
    MainIndicator,
    NaPolicy,
    Pillar,
    Ranking,
    Source,
    TIES,
)
from dti_kit.na import NA_METHODS
from dti_kit.rules import make_rule
from dti_kit.rules.base import is_number
from dti_kit._util.safeyaml import safe_load

# <province>-<year>-<level>, with an optional revision within a year: hoa-binh-2023-huyen-r2
ID_RE = re.compile(r"^(?P<province>[a-z0-9]+(?:-[a-z0-9]+)*)-(?P<year>\d{4})-(?P<level>[a-z0-9]+)(?:-r(?P<revision>[1-9]\d*))?$")
TOL = 1e-9
_LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}  # for design authors' error messages

TOP_KEYS = {
    "id", "province", "year", "level", "level_name", "level_name_en", "unit_kind", "source", "scale",
    "detail", "stated_components", "index_value", "na_policy", "bands", "pillars", "units",
    "general_info", "metadata", "main_indicators", "bonus", "errata", "ranking",
}
INDICATOR_KEYS = {"code", "name", "printed_name", "name_en", "group", "max_points", "scored", "stated_components", "components",
                  "groups", "cap"}
COMPONENT_KEYS = {"code", "name", "max_points", "method", "evidence", "responsible", "cooperating", "inputs", "rule", "subcomponents"}
SOURCE_KEYS = {"number", "date", "issuer", "title", "seed", "part", "document", "as_printed", "blank", "basis"}
SOURCE_BLANKS = ("number", "day", "month", "date")
GENERAL_INFO_KEYS = {"code", "name", "unit", "levels", "supplier", "type"}
BONUS_KEYS = {"code", "name", "points", "method", "evidence", "inputs", "rule", "responsible"}
ERRATUM_KEYS = {"id", "code", "text", "problem", "assumption", "waives"}


def designs_dir() -> Path:
    """The folder of the designs shipped inside the package."""
    return Path(str(resources.files("dti_kit") / "designs"))


def project_designs_dir(root: str | Path | None = None) -> Path:
    """The project's own designs: ``designs/`` at the project root (the current directory)."""
    return Path(root if root is not None else Path.cwd()) / "designs"


@dataclass(frozen=True)
class DesignSource:
    """Where a design comes from: ``origin`` is ``"shipped"`` (inside the package) or ``"project"``."""

    id: str
    path: Path
    origin: str


def design_ids() -> tuple[str, ...]:
    """Ids of every shipped design, sorted."""
    return tuple(sorted(p.stem for p in designs_dir().glob("*.yaml")))


def design_sources(root: str | Path | None = None) -> dict[str, DesignSource]:
    """Every design usable in the project, shipped first, then the project's ``designs/*.yaml``.

    Raises
    ------
    DesignError
        If a project design's file name clashes with a shipped design (every clash listed).
    """
    out = {i: DesignSource(i, designs_dir() / f"{i}.yaml", "shipped") for i in design_ids()}
    folder = project_designs_dir(root)
    clashes = []
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            if path.stem in out:
                clashes.append(Problem(
                    f"design {path.stem!r} is shipped with dti-kit: give the project's design another id "
                    f"(a revision: {path.stem}-r2, or another year)",
                    f"bộ chỉ số {path.stem!r} đã có sẵn trong dti-kit: hãy đặt mã khác cho bộ chỉ số của dự án "
                    f"(bản sửa đổi: {path.stem}-r2, hoặc năm khác)", source=str(path)))
            else:
                out[path.stem] = DesignSource(path.stem, path, "project")
    if clashes:
        raise DesignError(clashes, f"{len(clashes)} project design(s) clash with shipped designs")
    return out


def load_design(design_id: str, root: str | Path | None = None) -> IndexDesign:
    """Load a design by id: a shipped one, or one of the project's ``designs/`` folder.

    Designs are immutable and cached; a project design is read again when its file changes.

    Raises
    ------
    UnknownDesignError
        If no design has that id.
    DesignError
        If the design file is broken, or a project design clashes with a shipped one.
    """
    shipped = designs_dir() / f"{design_id}.yaml"
    if ID_RE.match(design_id or "") and shipped.is_file():
        project = project_designs_dir(root) / f"{design_id}.yaml"
        if project.is_file():
            design_sources(root)  # raises the clash
        return _load_cached(str(shipped), 0, 0)
    sources = design_sources(root) if ID_RE.match(design_id or "") else {}
    src = sources.get(design_id)
    if src is None:
        known = ", ".join(sources or design_ids())
        raise UnknownDesignError(f"unknown design {design_id!r}; designs: {known}")
    st = src.path.stat()
    return _load_cached(str(src.path), st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=None)
def _load_cached(path: str, mtime_ns: int, size: int) -> IndexDesign:
    # the file's stamp is part of the key, so an edited project design is read again
    return load_design_file(path)


def list_designs(root: str | Path | None = None) -> tuple[IndexDesign, ...]:
    """Every design of the project, shipped and the project's own, sorted by id."""
    return tuple(load_design(i, root) for i in sorted(design_sources(root)))


def load_design_file(path: str | Path) -> IndexDesign:
    """Load and validate one design file."""
    path = Path(path)
    try:
        data = safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise DesignError([Problem(f"not valid YAML: {exc}", "không phải YAML hợp lệ", source=str(path))]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise DesignError([Problem(f"cannot read: {exc}", "không đọc được tệp", source=str(path))]) from None
    return _Builder(path).build(data)


class _Builder:
    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []
        self.codes: dict[str, str] = {}
        self.leaf_count = 0

    def err(self, msg: str, code: str = "") -> None:
        self.problems.append(Problem(msg, source=self.path.name, code=code))

    # -- helpers ----------------------------------------------------------------------
    def text(self, m: Mapping, key: str, code: str = "", required: bool = True) -> str:
        v = m.get(key, None)
        if v is None:
            if required:
                self.err(f"missing {key!r}", code)
            return ""
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            self.err(f"{key!r} must be text, got {type(v).__name__}", code)
            return ""
        return str(v)

    def number(self, m: Mapping, key: str, code: str = "", required: bool = True) -> float:
        v = m.get(key)
        if v is None:
            if required:
                self.err(f"missing {key!r}", code)
            return 0.0
        if not is_number(v):
            self.err(f"{key!r} must be a number, got {v!r}", code)
            return 0.0
        return float(v)

    def extra(self, m: Mapping, allowed: set[str], code: str, what: str) -> None:
        for k in m:
            if k not in allowed:
                self.err(f"unknown key {k!r} in {what}", code)

    def claim(self, code: str, what: str) -> bool:
        if not code:
            self.err(f"a {what} without a code")
            return False
        if code in self.codes or code == "TOTAL":
            self.err(f"duplicate code (already used by a {self.codes.get(code, 'total')})", code)
            return False
        self.codes[code] = what
        return True

    def code_of(self, m: Mapping, what: str) -> str:
        c = m.get("code")
        if isinstance(c, float):
            self.err(f"code {c!r} was read as a number: quote it in YAML", str(c))
            return str(c)
        if not isinstance(c, (str, int)) or isinstance(c, bool):
            self.err(f"a {what} needs a text code, got {c!r}")
            return ""
        return str(c)

    # -- build ------------------------------------------------------------------------------
    def build(self, data: Any) -> IndexDesign:
        if not isinstance(data, Mapping):
            raise DesignError([Problem("the file must hold a mapping at the top level", source=self.path.name)])
        self.extra(data, TOP_KEYS, "", "the design")
        did = self.text(data, "id")
        if did and not ID_RE.match(did):
            self.err(f"id {did!r} must be <province>-<year>-<level> (or with a revision, -r2) in lower-case ASCII")
        if did and did != self.path.stem:
            self.err(f"id {did!r} differs from the file name {self.path.stem!r}")
        year = data.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            self.err(f"'year' must be a whole number, got {year!r}")
            year = 0
        level = self.text(data, "level")
        m = ID_RE.match(did or "")
        if m and year and level and (m["year"], m["level"]) != (str(year), level):
            self.err(f"id {did!r} must end with -{year}-{level} (or -{year}-{level}-rN)")
        detail = self.text(data, "detail")
        if detail not in ("full", "structure"):
            self.err(f"'detail' must be full or structure, got {detail!r}")
        index_value = data.get("index_value", "points")
        if index_value not in ("points", "percent", "value"):
            self.err(f"'index_value' must be points, percent or value, got {index_value!r}")
        scale = self.number(data, "scale")
        source = self.source(data.get("source"))
        errata = self.errata(data.get("errata") or [])
        waived = {(e.code, w) for e in errata for w in e.waives}

        mis = []
        for m in data.get("main_indicators") or []:
            ind = self.indicator(m, detail, waived)
            if ind is not None:
                mis.append(ind)
        if not mis:
            self.err("no main indicators")
        total = sum(m.max_points for m in mis if m.scored)
        if abs(total - scale) > TOL and (None, "sum") not in waived:
            self.err(f"scored main indicators sum to {total:g}, not the scale {scale:g}")
        stated = data.get("stated_components")
        if stated is not None and detail == "full":
            n = sum(len(m.all_components()) for m in mis)
            if n != stated and (None, "count") not in waived:
                self.err(f"{n} components listed, the text states {stated} (add an erratum with waives: [count])")

        bonus = tuple(b for b in (self.bonus(b) for b in data.get("bonus") or []) if b is not None)
        na = self.na_policy(data.get("na_policy"))
        bands = self.bands(data.get("bands"))
        pillars = self.pillars(data.get("pillars") or [], mis)
        units = self.units(data.get("units") or [])
        general = self.general_info(data.get("general_info") or [])
        for e in errata:
            if e.code is not None and e.code not in self.codes:
                self.err(f"erratum {e.id!r} names code {e.code!r}, which the design does not have")
        for m in mis:  # a corrected misprint is never silent: the erratum on the indicator says so
            if m.printed_name and not any(e.code == m.code for e in errata):
                self.err(f"printed_name {m.printed_name!r} needs an erratum on code {m.code!r} saying the name is corrected", m.code)
        if na.applies_to:
            for c in na.applies_to:
                if c not in self.codes:
                    self.err(f"na_policy.applies_to names unknown code {c!r}")
        for c in na.base or ():
            if c not in self.codes:
                self.err(f"na_policy.base names unknown code {c!r}")
        ranking = self.ranking(data.get("ranking"))
        metadata = data.get("metadata") or {}
        if not isinstance(metadata, Mapping):
            self.err("'metadata' must be a mapping")
            metadata = {}
        if self.problems:
            raise DesignError(self.problems, f"design file {self.path} is broken ({len(self.problems)} problem(s))")
        return IndexDesign(
            id=did, province=self.text(data, "province"), year=year, level=level,
            level_name=self.text(data, "level_name", required=False) or level,
            level_name_en=self.text(data, "level_name_en", required=False),
            unit_kind=self.text(data, "unit_kind", required=False), source=source, scale=scale,
            detail=detail, main_indicators=tuple(mis), na_policy=na, index_value=index_value, ranking=ranking,
            stated_components=stated, bands=bands, pillars=pillars, bonus=bonus, errata=errata,
            units=units, general_info=general, metadata=dict(metadata), path=str(self.path),
        )

    def source(self, s: Any) -> Source:
        if not isinstance(s, Mapping):
            self.err("'source' must be a mapping (number, date, issuer …)")
            return Source("", None, "")
        d = s.get("date")
        if isinstance(d, str):
            try:
                d = _dt.date.fromisoformat(d)
            except ValueError:
                self.err(f"source.date {d!r} is not an ISO date")
                d = None
        elif d is not None and not isinstance(d, _dt.date):
            self.err(f"source.date must be a date or null, got {d!r}")
            d = None
        self.extra(s, SOURCE_KEYS, "", "source")
        blank = s.get("blank") or []
        if not isinstance(blank, list) or any(b not in SOURCE_BLANKS for b in blank):
            self.err(f"source.blank must be a list of {', '.join(SOURCE_BLANKS)}, got {blank!r}")
            blank = []
        if blank and not s.get("as_printed"):
            self.err("source.blank needs source.as_printed: the citation as the text prints it")
        basis = s.get("basis")
        return Source(
            number=self.text(s, "number", required=False), date=d, issuer=self.text(s, "issuer"),
            title=self.text(s, "title", required=False), seed=self.text(s, "seed", required=False),
            part=self.text(s, "part", required=False), document=self.text(s, "document", required=False),
            as_printed=self.text(s, "as_printed", required=False), blank=tuple(blank),
            basis=self.source(basis) if basis is not None else None,
        )

    def errata(self, items: Any) -> tuple[Erratum, ...]:
        out = []
        ids = set()
        if not isinstance(items, list):
            self.err("'errata' must be a list")
            return ()
        for e in items:
            if not isinstance(e, Mapping):
                self.err("an erratum must be a mapping")
                continue
            eid = self.text(e, "id")
            if eid in ids:
                self.err(f"duplicate erratum id {eid!r}")
            ids.add(eid)
            code = e.get("code")
            if isinstance(code, float):
                self.err(f"erratum {eid!r}: code {code!r} was read as a number: quote it")
            waives = tuple(e.get("waives") or ())
            for w in waives:
                if w not in ("sum", "count"):
                    self.err(f"erratum {eid!r}: waives takes sum or count, got {w!r}")
            self.extra(e, ERRATUM_KEYS, "", f"erratum {eid!r}")
            problem = self.bilingual(e, "problem", eid)
            assumption = self.bilingual(e, "assumption", eid)
            out.append(Erratum(
                id=eid, code=None if code is None else str(code), text=self.text(e, "text", required=False),
                problem_vi=problem["vi"], problem_en=problem["en"],
                assumption_vi=assumption["vi"], assumption_en=assumption["en"], waives=waives,
            ))
        return tuple(out)

    def bilingual(self, e: Mapping, key: str, eid: str) -> dict[str, str]:
        """``e[key]`` as ``{"vi": …, "en": …}``; every missing or empty language is a problem."""
        v = e.get(key)
        where = f"erratum {eid!r}: {key!r}"
        if not isinstance(v, Mapping):
            got = "nothing" if v is None else type(v).__name__
            self.err(f"{where} must give the text in both languages as {{vi: ..., en: ...}}, got {got}")
            return dict.fromkeys(LANGUAGES, "")
        for lang in v:
            if lang not in LANGUAGES:
                self.err(f"{where}: unknown language {lang!r} (takes {', '.join(LANGUAGES)})")
        out = {}
        for lang in LANGUAGES:
            t = v.get(lang)
            if not isinstance(t, str) or not t.strip():
                self.err(f"{where} lacks its {_LANGUAGE_NAMES[lang]} text ({lang})")
                t = ""
            out[lang] = t.strip()
        return out

    def indicator(self, m: Any, detail: str, waived: set) -> MainIndicator | None:
        if not isinstance(m, Mapping):
            self.err("a main indicator must be a mapping")
            return None
        code = self.code_of(m, "main indicator")
        self.extra(m, INDICATOR_KEYS, code, "a main indicator")
        if not self.claim(code, "main indicator"):
            return None
        group = m.get("group")
        if group not in ("foundation", "activity"):
            self.err(f"group must be foundation or activity, got {group!r}", code)
        scored = m.get("scored", True)
        mp = self.number(m, "max_points", code)
        comps = tuple(c for c in (self.component(c, code, "") for c in m.get("components") or []) if c is not None)
        groups = []
        for g in m.get("groups") or []:
            if not isinstance(g, Mapping):
                self.err("a group must be a mapping", code)
                continue
            gcode = self.code_of(g, "group")
            self.extra(g, {"code", "name", "components"}, gcode, "a group")
            if not self.claim(gcode, "group"):
                continue
            gc = tuple(c for c in (self.component(c, code, gcode) for c in g.get("components") or []) if c is not None)
            if not gc:
                self.err("a group without components", gcode)
            groups.append(Group(code=gcode, name=self.text(g, "name", gcode), components=gc, indicator=code))
        ind = MainIndicator(
            code=code, name=self.text(m, "name", code), name_en=self.text(m, "name_en", code, required=False),
            group=group or "", max_points=mp, scored=bool(scored), components=comps, groups=tuple(groups),
            stated_components=m.get("stated_components"), cap=bool(m.get("cap", False)),
                printed_name=self.text(m, "printed_name", code, required=False),
        )
        allc = ind.all_components()
        if detail == "full" and allc:
            s = sum(c.max_points for c in allc)
            if abs(s - mp) > TOL and (code, "sum") not in waived:
                self.err(f"components sum to {s:g}, not the indicator's {mp:g}", code)
        if detail == "full" and not allc and mp > 0:
            self.err("a full design's scored main indicator needs components", code)
        if detail == "structure" and allc:
            self.err("a structure-only design lists no components", code)
        if ind.stated_components is not None and detail == "full" and len(allc) != ind.stated_components and (code, "count") not in waived:
            self.err(f"{len(allc)} components listed, the text states {ind.stated_components} (add an erratum with waives: [count])", code)
        return ind

    def _rule(self, raw: Any, mp: float, code: str):
        try:
            return make_rule(raw, mp)
        except RuleParamError as exc:
            for msg in exc.messages:
                self.err(f"rule: {msg}", code)
            return None

    def _inputs(self, c: Mapping, code: str, rule) -> tuple[tuple[str, str], ...]:
        inputs = c.get("inputs") or {}
        if not isinstance(inputs, Mapping):
            self.err("'inputs' must map variable names to what they count", code)
            return ()
        if rule is not None:
            want, have = set(rule.variables()), set(inputs)
            if want - have:
                self.err(f"inputs lack the rule's variable(s) {sorted(want - have)}", code)
            if have - want:
                self.err(f"inputs name variable(s) the rule does not read {sorted(have - want)}", code)
        return tuple((str(k), str(v)) for k, v in inputs.items())

    def component(self, c: Any, indicator: str, group: str, parent: str = "") -> Component | None:
        if not isinstance(c, Mapping):
            self.err("a component must be a mapping", indicator)
            return None
        code = self.code_of(c, "component")
        self.extra(c, COMPONENT_KEYS, code, "a component")
        if not self.claim(code, "sub-component" if parent else "component"):
            return None
        mp = self.number(c, "max_points", code)
        if mp < 0:
            self.err("max_points must not be negative", code)
        rule = self._rule(c.get("rule"), mp, code)
        subs: tuple[Component, ...] = ()
        if c.get("subcomponents"):
            subs = tuple(s for s in (self.component(s, indicator, group, code) for s in c["subcomponents"]) if s is not None)
            if rule is not None and rule.kind != "sum":
                self.err("a component with subcomponents takes rule kind 'sum'", code)
            total = sum(s.max_points for s in subs)
            if abs(total - mp) > TOL:
                self.err(f"sub-components sum to {total:g}, not {mp:g}", code)
        elif rule is not None and rule.kind == "sum":
            self.err("rule kind 'sum' needs subcomponents", code)
        return Component(
            code=code, name=self.text(c, "name", code), max_points=mp, method=self.text(c, "method", code, required=False),
            rule=rule, evidence=self.text(c, "evidence", code, required=False),
            responsible=self.text(c, "responsible", code, required=False),
            cooperating=self.text(c, "cooperating", code, required=False),
            inputs=self._inputs(c, code, rule), subcomponents=subs, indicator=indicator, group=group, parent=parent,
        )

    def bonus(self, b: Any) -> BonusItem | None:
        if not isinstance(b, Mapping):
            self.err("a bonus item must be a mapping")
            return None
        code = self.code_of(b, "bonus item")
        self.extra(b, BONUS_KEYS, code, "a bonus item")
        if not self.claim(code, "bonus item"):
            return None
        pts = self.number(b, "points", code)
        if pts == 0:
            self.err("bonus points must not be 0", code)
        rule = self._rule(b.get("rule"), abs(pts), code)
        return BonusItem(
            code=code, name=self.text(b, "name", code), points=pts, rule=rule,
            method=self.text(b, "method", code, required=False), evidence=self.text(b, "evidence", code, required=False),
            inputs=self._inputs(b, code, rule),
        )

    def ranking(self, r: Any) -> Ranking:
        if r is None:
            return Ranking()
        if not isinstance(r, Mapping) or set(r) - {"ties", "decimals", "source"}:
            self.err("ranking must be a mapping of ties, decimals and source")
            return Ranking()
        ties = r.get("ties", "competition")
        decimals = r.get("decimals", 2)
        if ties not in TIES:
            self.err(f"ranking.ties must be one of {', '.join(TIES)}, got {ties!r}")
            ties = "competition"
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 9:
            self.err(f"ranking.decimals must be a whole number from 0 to 9, got {decimals!r}")
            decimals = 2
        return Ranking(ties=ties, decimals=decimals, source=str(r.get("source", "")))

    def na_policy(self, n: Any) -> NaPolicy:
        if n is None:
            return NaPolicy("zero", (), "")
        if not isinstance(n, Mapping) or n.get("method") not in NA_METHODS:
            self.err(f"na_policy.method must be one of {NA_METHODS}")
            return NaPolicy("zero", (), "")
        ap = n.get("applies_to", "all")
        if ap == "all":
            applies = None
        elif isinstance(ap, list):
            applies = tuple(str(x) for x in ap)
            for x in ap:
                if isinstance(x, float):
                    self.err(f"na_policy.applies_to: code {x!r} was read as a number: quote it")
        else:
            self.err("na_policy.applies_to must be a list of codes or 'all'")
            applies = ()
        base = n.get("base")
        if base is not None:
            if not isinstance(base, list) or not base or n["method"] != "proportional":
                self.err("na_policy.base must be a non-empty list of codes, for the proportional method")
                base = None
            else:
                base = tuple(str(x) for x in base)
                overlap = sorted(set(base) & set(applies or ()))
                if overlap:
                    self.err(f"na_policy.base contains {', '.join(overlap)}, which may itself be N/A (applies_to)")
        return NaPolicy(method=n["method"], applies_to=applies, source=str(n.get("source", "")), base=base)

    def bands(self, b: Any) -> BandScheme | None:
        if b is None:
            return None
        if not isinstance(b, Mapping) or not isinstance(b.get("bands"), list) or not b["bands"]:
            self.err("bands must be a mapping with a non-empty list 'bands'")
            return None
        out = []
        last = -1.0
        for i, x in enumerate(b["bands"]):
            upto = x.get("upto") if isinstance(x, Mapping) else None
            if not isinstance(x, Mapping) or not x.get("label"):
                self.err(f"band {i + 1} needs a label")
                continue
            if upto is None and i != len(b["bands"]) - 1:
                self.err(f"band {x['label']!r}: only the last band may have no upper bound")
            if upto is not None and (not is_number(upto) or upto <= last):
                self.err(f"band {x['label']!r}: upto must rise, got {upto!r}")
            last = upto if is_number(upto) else last
            out.append(Band(label=str(x["label"]), label_en=str(x.get("label_en", "")), upto=None if upto is None else float(upto)))
        applies = tuple(b.get("applies_to") or ("total",))
        for a in applies:
            if a not in ("total", "pillars"):
                self.err(f"bands.applies_to takes total and pillars, got {a!r}")
        return BandScheme(bands=tuple(out), applies_to=applies, source=str(b.get("source", "")))

    def pillars(self, items: list, mis: list[MainIndicator]) -> tuple[Pillar, ...]:
        out = []
        by_code = {m.code: m for m in mis}
        foundation = sum(m.max_points for m in mis if m.scored and m.group == "foundation")
        for p in items:
            if not isinstance(p, Mapping):
                self.err("a pillar must be a mapping")
                continue
            code = str(p.get("code", ""))
            if code not in ("CQS", "KTS", "XHS"):
                self.err(f"pillar code must be CQS, KTS or XHS, got {code!r}")
            act = str(p.get("activity", ""))
            ind = by_code.get(act)
            if ind is None or ind.group != "activity":
                self.err(f"pillar {code}: activity {act!r} is not an activity main indicator")
                continue
            mp = foundation + ind.max_points
            stated = p.get("max_points")
            if stated is not None and abs(float(stated) - mp) > TOL:
                self.err(f"pillar {code}: foundation ({foundation:g}) + {act} ({ind.max_points:g}) = {mp:g}, the text states {stated}")
            out.append(Pillar(code=code, name=str(p.get("name", "")), name_en=str(p.get("name_en", "")), activity=act, max_points=mp))
        return tuple(out)

    def units(self, items: list) -> tuple[tuple[str, str], ...]:
        out = []
        seen = set()
        for u in items:
            if not isinstance(u, Mapping) or not u.get("id") or not u.get("name"):
                self.err("a unit needs an id and a name")
                continue
            if u["id"] in seen:
                self.err(f"duplicate unit id {u['id']!r}")
            seen.add(u["id"])
            out.append((str(u["id"]), str(u["name"])))
        return tuple(out)

    def general_info(self, items: list) -> tuple[GeneralInfoField, ...]:
        out = []
        for f in items:
            if not isinstance(f, Mapping) or f.get("code") is None or not f.get("name"):
                self.err("a general-information field needs a code and a name")
                continue
            if isinstance(f["code"], float):
                self.err(f"general_info code {f['code']!r} was read as a number: quote it")
            value_type = f.get("type", "number")
            if value_type not in ("number", "text"):
                self.err(f"general_info 'type' must be number or text, got {value_type!r}", str(f["code"]))
            self.extra(f, GENERAL_INFO_KEYS, str(f["code"]), "a general-information field")
            out.append(GeneralInfoField(
                code=str(f["code"]), name=str(f["name"]), unit=str(f.get("unit") or ""),
                levels=tuple(f.get("levels") or ()), supplier=str(f.get("supplier") or ""),
                value_type=value_type if value_type in ("number", "text") else "number",
            ))
        return tuple(out)
