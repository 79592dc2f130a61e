"""Load index designs from YAML (``yaml.safe_load``) into the frozen model, validating them.

Every problem of a design file is collected and raised at once as a :class:`DesignError`
naming the file, the code and the problem.
"""
from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Mapping

import yaml

from dti_kit._util.safeyaml import UnsafeYAMLError, safe_load
from dti_kit._util.strings import short_repr
from dti_kit.errors import DesignError, Problem, RuleParamError, UnknownDesignError
from dti_kit.i18n import LANGUAGES, text
from dti_kit.model import (
    TIES,
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
)
from dti_kit.na import NA_METHODS
from dti_kit.rules import make_rule
from dti_kit.rules.base import RESERVED, VARIABLE_RE, is_number

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
COMPONENT_KEYS = {"code", "name", "max_points", "method", "evidence", "responsible", "cooperating", "inputs", "counts", "rule", "subcomponents"}
SOURCE_KEYS = {"number", "date", "issuer", "issuer_en", "title", "seed", "part", "document", "as_printed", "blank", "basis"}
SOURCE_BLANKS = ("number", "day", "month", "date")
GENERAL_INFO_KEYS = {"code", "name", "unit", "levels", "supplier", "type"}
BONUS_KEYS = {"code", "name", "points", "method", "evidence", "inputs", "counts", "rule", "responsible"}
ERRATUM_KEYS = {"id", "code", "text", "problem", "assumption", "waives"}


def _flag_variables(rule) -> set[str]:
    """The variables of a rule (nested rules included) that hold yes/no or a case's code, never a count."""
    out: set[str] = set()

    def walk(r) -> None:
        if r.kind in ("yes_no", "choice"):
            out.add(r.variable)
        if getattr(r, "gate", None):
            out.add(r.gate)
        for *_x, nested in getattr(r, "cases", ()) if r.kind == "choice" else ():
            if nested is not None:
                walk(nested)
        for *_x, nested in getattr(r, "parts", ()) if r.kind == "parts" else ():
            walk(nested)

    walk(rule)
    return out


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
        If a project design's file name clashes with a shipped design, or is a link to a file
        outside the project (every such file listed).
    """
    out = {i: DesignSource(i, designs_dir() / f"{i}.yaml", "shipped") for i in design_ids()}
    folder = project_designs_dir(root)
    clashes = []
    if folder.is_dir():
        project = folder.resolve().parent
        for path in sorted(folder.glob("*.yaml")):
            try:
                inside = path.resolve().is_relative_to(project)
            except (OSError, RuntimeError):  # a link loop: no design either
                inside = False
            if not inside:  # a link out of the project is not the project's design
                clashes.append(Problem(
                    f"design file {path.name} is a link to a file outside the project: copy the design into designs/",
                    f"tệp bộ chỉ số {path.name} là liên kết tới tệp nằm ngoài dự án: hãy chép bộ chỉ số vào designs/",
                    source=str(path)))
            elif path.stem in out:
                clashes.append(Problem(
                    f"design {short_repr(path.stem)} is shipped with dti-kit: give the project's design another id "
                    f"(a revision: {path.stem}-r2, or another year)",
                    f"bộ chỉ số {short_repr(path.stem)} đã có sẵn trong dti-kit: hãy đặt mã khác cho bộ chỉ số của dự án "
                    f"(bản sửa đổi: {path.stem}-r2, hoặc năm khác)", source=str(path)))
            else:
                out[path.stem] = DesignSource(path.stem, path, "project")
    if clashes:
        raise DesignError(clashes, f"{len(clashes)} project design file(s) refused")
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
        raise UnknownDesignError(f"unknown design {short_repr(design_id)}; designs: {known}")
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
    except UnsafeYAMLError as exc:  # an alias bomb or a key given twice: refused before it is built
        raise DesignError([Problem(text(exc.msg_id, "en", **exc.fmt), text(exc.msg_id, "vi", **exc.fmt), source=str(path))]) from None
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

    def err(self, msg: str, code: str = "", vi: str = "") -> None:
        # every problem in both languages: ``dti-kit designs check`` shows the Vietnamese first
        self.problems.append(Problem(msg, vi, source=self.path.name, code=code))

    # -- helpers ----------------------------------------------------------------------
    def text(self, m: Mapping, key: str, code: str = "", required: bool = True) -> str:
        v = m.get(key, None)
        if v is None:
            if required:
                self.err(f"missing {short_repr(key)}", code, vi=f"thiếu {short_repr(key)}")
            return ""
        if not isinstance(v, (str, int, float)) or isinstance(v, bool):
            self.err(f"{short_repr(key)} must be text, got {type(v).__name__}", code, vi=f"{short_repr(key)} phải là văn bản, nhận {type(v).__name__}")
            return ""
        return str(v)

    def number(self, m: Mapping, key: str, code: str = "", required: bool = True) -> float:
        v = m.get(key)
        if v is None:
            if required:
                self.err(f"missing {short_repr(key)}", code, vi=f"thiếu {short_repr(key)}")
            return 0.0
        if not is_number(v):
            self.err(f"{short_repr(key)} must be a number, got {short_repr(v)}", code, vi=f"{short_repr(key)} phải là một số, nhận {short_repr(v)}")
            return 0.0
        return float(v)

    def extra(self, m: Mapping, allowed: set[str], code: str, what: str) -> None:
        for k in m:
            if k not in allowed:
                self.err(f"unknown key {short_repr(k)} in {what}", code, vi=f"khóa không hợp lệ {short_repr(k)} trong {what}")

    def claim(self, code: str, what: str) -> bool:
        if not code:
            self.err(f"a {what} without a code", vi=f"thiếu mã ({what})")
            return False
        if code in self.codes or code == "TOTAL":
            self.err(f"duplicate code (already used by a {self.codes.get(code, 'total')})", code, vi=f"mã bị trùng (đã dùng cho {self.codes.get(code, 'total')})")
            return False
        self.codes[code] = what
        return True

    def code_of(self, m: Mapping, what: str) -> str:
        c = m.get("code")
        if isinstance(c, float):
            self.err(f"code {short_repr(c)} was read as a number: quote it in YAML", str(c), vi=f"mã {short_repr(c)} bị đọc thành số: hãy đặt trong dấu nháy trong YAML")
            return str(c)
        if not isinstance(c, (str, int)) or isinstance(c, bool):
            self.err(f"a {what} needs a text code, got {short_repr(c)}", vi=f"{what} cần mã dạng văn bản, nhận {short_repr(c)}")
            return ""
        return str(c)

    # -- build ------------------------------------------------------------------------------
    def build(self, data: Any) -> IndexDesign:
        if not isinstance(data, Mapping):
            raise DesignError([Problem("the file must hold a mapping at the top level", source=self.path.name)])
        self.extra(data, TOP_KEYS, "", "the design")
        did = self.text(data, "id")
        if did and not ID_RE.match(did):
            self.err(f"id {short_repr(did)} must be <province>-<year>-<level> (or with a revision, -r2) in lower-case ASCII", vi=f"mã {short_repr(did)} phải có dạng <tỉnh>-<năm>-<cấp> (bản sửa đổi: -r2), chữ thường không dấu")
        if did and did != self.path.stem:
            self.err(f"id {short_repr(did)} differs from the file name {self.path.stem!r}", vi=f"mã {short_repr(did)} khác tên tệp {self.path.stem!r}")
        year = data.get("year")
        if not isinstance(year, int) or isinstance(year, bool):
            self.err(f"'year' must be a whole number, got {short_repr(year)}", vi=f"'year' phải là số nguyên, nhận {short_repr(year)}")
            year = 0
        level = self.text(data, "level")
        m = ID_RE.match(did or "")
        if m and year and level and (m["year"], m["level"]) != (str(year), level):
            self.err(f"id {short_repr(did)} must end with -{year}-{level} (or -{year}-{level}-rN)", vi=f"mã {short_repr(did)} phải kết thúc bằng -{year}-{level} (hoặc -{year}-{level}-rN)")
        detail = self.text(data, "detail")
        if detail not in ("full", "structure"):
            self.err(f"'detail' must be full or structure, got {short_repr(detail)}", vi=f"'detail' phải là full hoặc structure, nhận {short_repr(detail)}")
        index_value = data.get("index_value", "points")
        if index_value not in ("points", "percent", "value"):
            self.err(f"'index_value' must be points, percent or value, got {short_repr(index_value)}", vi=f"'index_value' phải là points, percent hoặc value, nhận {short_repr(index_value)}")
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
            self.err("no main indicators", vi="không có chỉ số chính nào")
        total = sum(m.max_points for m in mis if m.scored)
        if abs(total - scale) > TOL and (None, "sum") not in waived:
            self.err(f"scored main indicators sum to {total:g}, not the scale {scale:g}", vi=f"tổng điểm các chỉ số chính là {total:g}, không bằng thang điểm {scale:g}")
        stated = data.get("stated_components")
        if stated is not None and detail == "full":
            n = sum(len(m.all_components()) for m in mis)
            if n != stated and (None, "count") not in waived:
                self.err(f"{n} components listed, the text states {stated} (add an erratum with waives: [count])", vi=f"liệt kê {n} chỉ số thành phần, văn bản nêu {stated} (thêm errata với waives: [count])")

        bonus = tuple(b for b in (self.bonus(b) for b in data.get("bonus") or []) if b is not None)
        na = self.na_policy(data.get("na_policy"))
        bands = self.bands(data.get("bands"))
        pillars = self.pillars(data.get("pillars") or [], mis)
        units = self.units(data.get("units") or [])
        general = self.general_info(data.get("general_info") or [])
        for e in errata:
            if e.code is not None and e.code not in self.codes:
                self.err(f"erratum {e.id!r} names code {e.code!r}, which the design does not have", vi=f"errata {e.id!r} nêu mã {e.code!r}, bộ chỉ số không có mã này")
        for m in mis:  # a corrected misprint is never silent: the erratum on the indicator says so
            if m.printed_name and not any(e.code == m.code for e in errata):
                self.err(f"printed_name {m.printed_name!r} needs an erratum on code {m.code!r} saying the name is corrected", m.code, vi=f"printed_name {m.printed_name!r} cần một errata trên mã {m.code!r} nói rằng tên đã được sửa")
        if na.applies_to:
            for c in na.applies_to:
                if c not in self.codes:
                    self.err(f"na_policy.applies_to names unknown code {short_repr(c)}", vi=f"na_policy.applies_to nêu mã không có {short_repr(c)}")
        if na.partial and all(m.all_components() or not m.scored for m in mis):
            self.err(text("fidelity.partial_needs_structure", "en"), vi=text("fidelity.partial_needs_structure", "vi"))
        for c in na.base or ():
            if c not in self.codes:
                self.err(f"na_policy.base names unknown code {short_repr(c)}", vi=f"na_policy.base nêu mã không có {short_repr(c)}")
        ranking = self.ranking(data.get("ranking"))
        metadata = data.get("metadata") or {}
        if not isinstance(metadata, Mapping):
            self.err("'metadata' must be a mapping", vi="'metadata' phải là một ánh xạ")
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
            self.err("'source' must be a mapping (number, date, issuer …)", vi="'source' phải là một ánh xạ (number, date, issuer …)")
            return Source("", None, "")
        d = s.get("date")
        if isinstance(d, str):
            try:
                d = _dt.date.fromisoformat(d)
            except ValueError:
                self.err(f"source.date {short_repr(d)} is not an ISO date", vi=f"source.date {short_repr(d)} không phải ngày ISO")
                d = None
        elif d is not None and not isinstance(d, _dt.date):
            self.err(f"source.date must be a date or null, got {short_repr(d)}", vi=f"source.date phải là ngày hoặc null, nhận {short_repr(d)}")
            d = None
        self.extra(s, SOURCE_KEYS, "", "source")
        blank = s.get("blank") or []
        if not isinstance(blank, list) or any(b not in SOURCE_BLANKS for b in blank):
            self.err(f"source.blank must be a list of {', '.join(SOURCE_BLANKS)}, got {blank!r}", vi=f"source.blank phải là danh sách trong {', '.join(SOURCE_BLANKS)}, nhận {blank!r}")
            blank = []
        if blank and not s.get("as_printed"):
            self.err("source.blank needs source.as_printed: the citation as the text prints it", vi="source.blank cần source.as_printed: trích dẫn đúng như văn bản in")
        basis = s.get("basis")
        return Source(
            number=self.text(s, "number", required=False), date=d, issuer=self.text(s, "issuer"),
            title=self.text(s, "title", required=False), seed=self.text(s, "seed", required=False),
            part=self.text(s, "part", required=False), document=self.text(s, "document", required=False),
            as_printed=self.text(s, "as_printed", required=False), blank=tuple(blank),
            basis=self.source(basis) if basis is not None else None, issuer_en=self.text(s, "issuer_en", required=False),
        )

    def errata(self, items: Any) -> tuple[Erratum, ...]:
        out = []
        ids = set()
        if not isinstance(items, list):
            self.err("'errata' must be a list", vi="'errata' phải là một danh sách")
            return ()
        for e in items:
            if not isinstance(e, Mapping):
                self.err("an erratum must be a mapping", vi="mỗi errata phải là một ánh xạ")
                continue
            eid = self.text(e, "id")
            if eid in ids:
                self.err(f"duplicate erratum id {short_repr(eid)}", vi=f"mã errata bị trùng {short_repr(eid)}")
            ids.add(eid)
            code = e.get("code")
            if isinstance(code, float):
                self.err(f"erratum {short_repr(eid)}: code {short_repr(code)} was read as a number: quote it", vi=f"errata {short_repr(eid)}: mã {short_repr(code)} bị đọc thành số: hãy đặt trong dấu nháy")
            waives = tuple(e.get("waives") or ())
            for w in waives:
                if w not in ("sum", "count"):
                    self.err(f"erratum {short_repr(eid)}: waives takes sum or count, got {short_repr(w)}", vi=f"errata {short_repr(eid)}: waives nhận sum hoặc count, nhận {short_repr(w)}")
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
        where = f"erratum {short_repr(eid)}: {short_repr(key)}"
        if not isinstance(v, Mapping):
            got = "nothing" if v is None else type(v).__name__
            self.err(f"{where} must give the text in both languages as {{vi: ..., en: ...}}, got {got}", vi=f"{where} phải có văn bản bằng cả hai ngôn ngữ dạng {{vi: ..., en: ...}}, nhận {got}")
            return dict.fromkeys(LANGUAGES, "")
        for lang in v:
            if lang not in LANGUAGES:
                self.err(f"{where}: unknown language {short_repr(lang)} (takes {', '.join(LANGUAGES)})", vi=f"{where}: ngôn ngữ không hợp lệ {short_repr(lang)} (nhận {', '.join(LANGUAGES)})")
        out = {}
        for lang in LANGUAGES:
            t = v.get(lang)
            if not isinstance(t, str) or not t.strip():
                self.err(f"{where} lacks its {_LANGUAGE_NAMES[lang]} text ({lang})", vi=f"{where} thiếu văn bản {'tiếng Việt' if lang == 'vi' else 'tiếng Anh'} ({lang})")
                t = ""
            out[lang] = t.strip()
        return out

    def indicator(self, m: Any, detail: str, waived: set) -> MainIndicator | None:
        if not isinstance(m, Mapping):
            self.err("a main indicator must be a mapping", vi="mỗi chỉ số chính phải là một ánh xạ")
            return None
        code = self.code_of(m, "main indicator")
        self.extra(m, INDICATOR_KEYS, code, "a main indicator")
        if not self.claim(code, "main indicator"):
            return None
        group = m.get("group")
        if group not in ("foundation", "activity"):
            self.err(f"group must be foundation or activity, got {short_repr(group)}", code, vi=f"group phải là foundation hoặc activity, nhận {short_repr(group)}")
        scored = m.get("scored", True)
        mp = self.number(m, "max_points", code)
        comps = tuple(c for c in (self.component(c, code, "") for c in m.get("components") or []) if c is not None)
        groups = []
        for g in m.get("groups") or []:
            if not isinstance(g, Mapping):
                self.err("a group must be a mapping", code, vi="mỗi nhóm phải là một ánh xạ")
                continue
            gcode = self.code_of(g, "group")
            self.extra(g, {"code", "name", "components"}, gcode, "a group")
            if not self.claim(gcode, "group"):
                continue
            gc = tuple(c for c in (self.component(c, code, gcode) for c in g.get("components") or []) if c is not None)
            if not gc:
                self.err("a group without components", gcode, vi="nhóm không có chỉ số thành phần")
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
                self.err(f"components sum to {s:g}, not the indicator's {mp:g}", code, vi=f"tổng điểm các chỉ số thành phần là {s:g}, không bằng {mp:g} của chỉ số chính")
        if detail == "full" and not allc and mp > 0:
            self.err("a full design's scored main indicator needs components", code, vi="chỉ số chính có tính điểm của bộ chỉ số đầy đủ cần có chỉ số thành phần")
        if detail == "structure" and allc:
            self.err("a structure-only design lists no components", code, vi="bộ chỉ số chỉ có cấu trúc không liệt kê chỉ số thành phần")
        if ind.stated_components is not None and detail == "full" and len(allc) != ind.stated_components and (code, "count") not in waived:
            self.err(f"{len(allc)} components listed, the text states {ind.stated_components} (add an erratum with waives: [count])", code, vi=f"liệt kê {len(allc)} chỉ số thành phần, văn bản nêu {ind.stated_components} (thêm errata với waives: [count])")
        return ind

    def _rule(self, raw: Any, mp: float, code: str):
        try:
            return make_rule(raw, mp)
        except RuleParamError as exc:
            for msg in exc.messages:
                self.err(f"rule: {msg}", code, vi=f"quy tắc chấm: {msg}")
            return None

    def _inputs(self, c: Mapping, code: str, rule) -> tuple[tuple[str, str], ...]:
        inputs = c.get("inputs") or {}
        if not isinstance(inputs, Mapping):
            self.err("'inputs' must map variable names to what they count", code, vi="'inputs' phải ánh xạ tên biến tới nội dung biến đếm")
            return ()
        if rule is not None:
            want, have = set(rule.variables()), set(inputs)
            if want - have:
                self.err(f"inputs lack the rule's variable(s) {sorted(want - have)}", code, vi=f"inputs thiếu biến của quy tắc chấm {sorted(want - have)}")
            if have - want:
                self.err(f"inputs name variable(s) the rule does not read {sorted(have - want)}", code, vi=f"inputs nêu biến mà quy tắc chấm không đọc {sorted(have - want)}")
        return tuple((str(k), str(v)) for k, v in inputs.items())

    def _counts(self, c: Mapping, code: str, rule) -> tuple[str, ...]:
        """The inputs that count things: whole numbers (the form validates them, the reader
        flags 1.234 typed for 1 234)."""
        raw = c.get("counts") or []
        if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
            self.err("'counts' must be a list of input variable names", code)
            return ()
        inputs = c.get("inputs") if isinstance(c.get("inputs"), Mapping) else {}
        unknown = [v for v in raw if v not in inputs]
        if unknown:
            self.err(f"counts name variable(s) that are not inputs {sorted(unknown)}", code)
        flags = _flag_variables(rule) if rule is not None else set()
        if flags & set(raw):
            self.err(f"counts name yes/no or choice variable(s) {sorted(flags & set(raw))}", code)
        if len(set(raw)) != len(raw):
            self.err("counts name a variable twice", code)
        return tuple(raw)

    def component(self, c: Any, indicator: str, group: str, parent: str = "") -> Component | None:
        if not isinstance(c, Mapping):
            self.err("a component must be a mapping", indicator, vi="mỗi chỉ số thành phần phải là một ánh xạ")
            return None
        code = self.code_of(c, "component")
        self.extra(c, COMPONENT_KEYS, code, "a component")
        if not self.claim(code, "sub-component" if parent else "component"):
            return None
        mp = self.number(c, "max_points", code)
        if mp < 0:
            self.err("max_points must not be negative", code, vi="max_points không được âm")
        rule = self._rule(c.get("rule"), mp, code)
        subs: tuple[Component, ...] = ()
        if c.get("subcomponents"):
            subs = tuple(s for s in (self.component(s, indicator, group, code) for s in c["subcomponents"]) if s is not None)
            if rule is not None and rule.kind != "sum":
                self.err("a component with subcomponents takes rule kind 'sum'", code, vi="chỉ số có chỉ số con phải dùng quy tắc 'sum'")
            total = sum(s.max_points for s in subs)
            if abs(total - mp) > TOL:
                self.err(f"sub-components sum to {total:g}, not {mp:g}", code, vi=f"tổng điểm các chỉ số con là {total:g}, không bằng {mp:g}")
        elif rule is not None and rule.kind == "sum":
            self.err("rule kind 'sum' needs subcomponents", code, vi="quy tắc 'sum' cần có chỉ số con")
        return Component(
            code=code, name=self.text(c, "name", code), max_points=mp, method=self.text(c, "method", code, required=False),
            rule=rule, evidence=self.text(c, "evidence", code, required=False),
            responsible=self.text(c, "responsible", code, required=False),
            cooperating=self.text(c, "cooperating", code, required=False),
            inputs=self._inputs(c, code, rule), counts=self._counts(c, code, rule), subcomponents=subs, indicator=indicator, group=group, parent=parent,
        )

    def bonus(self, b: Any) -> BonusItem | None:
        if not isinstance(b, Mapping):
            self.err("a bonus item must be a mapping", vi="mỗi mục điểm thưởng phải là một ánh xạ")
            return None
        code = self.code_of(b, "bonus item")
        self.extra(b, BONUS_KEYS, code, "a bonus item")
        if not self.claim(code, "bonus item"):
            return None
        pts = self.number(b, "points", code)
        if pts == 0:
            self.err("bonus points must not be 0", code, vi="điểm thưởng không được bằng 0")
        rule = self._rule(b.get("rule"), abs(pts), code)
        return BonusItem(
            code=code, name=self.text(b, "name", code), points=pts, rule=rule,
            method=self.text(b, "method", code, required=False), evidence=self.text(b, "evidence", code, required=False),
            inputs=self._inputs(b, code, rule), counts=self._counts(b, code, rule),
        )

    def ranking(self, r: Any) -> Ranking:
        if r is None:
            return Ranking()
        if not isinstance(r, Mapping) or set(r) - {"ties", "decimals", "source", "source_en", "unranked"}:
            self.err("ranking must be a mapping of ties, decimals, source, source_en and unranked")
            return Ranking()
        ties = r.get("ties", "competition")
        decimals = r.get("decimals", 2)
        if ties not in TIES:
            self.err(f"ranking.ties must be one of {', '.join(TIES)}, got {ties!r}")
            ties = "competition"
        if not isinstance(decimals, int) or isinstance(decimals, bool) or not 0 <= decimals <= 9:
            self.err(f"ranking.decimals must be a whole number from 0 to 9, got {decimals!r}")
            decimals = 2
        unranked = r.get("unranked") or []
        if not isinstance(unranked, list) or not all(isinstance(u, str) and u.strip() for u in unranked):
            self.err(f"ranking.unranked must be a list of unit ids, got {unranked!r}")
            unranked = []
        return Ranking(ties=ties, decimals=decimals, source=self.text(r, "source", required=False), unranked=tuple(u.strip() for u in unranked),
                       source_en=self.text(r, "source_en", required=False))

    def na_policy(self, n: Any) -> NaPolicy:
        if n is None:
            return NaPolicy("zero", (), "")
        if not isinstance(n, Mapping) or n.get("method") not in NA_METHODS:
            self.err(f"na_policy.method must be one of {NA_METHODS}", vi=f"na_policy.method phải là một trong {NA_METHODS}")
            return NaPolicy("zero", (), "")
        ap = n.get("applies_to", "all")
        if ap == "all":
            applies = None
        elif isinstance(ap, list):
            applies = tuple(str(x) for x in ap)
            for x in ap:
                if isinstance(x, float):
                    self.err(f"na_policy.applies_to: code {short_repr(x)} was read as a number: quote it", vi=f"na_policy.applies_to: mã {short_repr(x)} bị đọc thành số: hãy đặt trong dấu nháy")
        else:
            self.err("na_policy.applies_to must be a list of codes or 'all'", vi="na_policy.applies_to phải là danh sách mã hoặc 'all'")
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
        partial = n.get("partial", "")
        if partial and (not isinstance(partial, str) or not VARIABLE_RE.match(partial) or partial in RESERVED):
            said = dict(value=short_repr(partial), reserved=", ".join(RESERVED))
            self.err(text("fidelity.partial_not_a_variable", "en", **said), vi=text("fidelity.partial_not_a_variable", "vi", **said))
            partial = ""
        return NaPolicy(method=n["method"], applies_to=applies, source=str(n.get("source", "")), base=base,
                        partial=partial or "")

    def bands(self, b: Any) -> BandScheme | None:
        if b is None:
            return None
        if not isinstance(b, Mapping) or not isinstance(b.get("bands"), list) or not b["bands"]:
            self.err("bands must be a mapping with a non-empty list 'bands'", vi="bands phải là một ánh xạ có danh sách 'bands' không rỗng")
            return None
        out = []
        last = -1.0
        for i, x in enumerate(b["bands"]):
            upto = x.get("upto") if isinstance(x, Mapping) else None
            if not isinstance(x, Mapping) or not x.get("label"):
                self.err(f"band {i + 1} needs a label", vi=f"mức xếp loại {i + 1} cần có nhãn")
                continue
            if upto is None and i != len(b["bands"]) - 1:
                self.err(f"band {x['label']!r}: only the last band may have no upper bound", vi=f"mức xếp loại {x['label']!r}: chỉ mức cuối cùng được không có cận trên")
            if upto is not None and (not is_number(upto) or upto <= last):
                self.err(f"band {x['label']!r}: upto must rise, got {short_repr(upto)}", vi=f"mức xếp loại {x['label']!r}: upto phải tăng dần, nhận {short_repr(upto)}")
            last = upto if is_number(upto) else last
            out.append(Band(label=str(x["label"]), label_en=str(x.get("label_en", "")), upto=None if upto is None else float(upto)))
        applies = tuple(b.get("applies_to") or ("total",))
        for a in applies:
            if a not in ("total", "pillars"):
                self.err(f"bands.applies_to takes total and pillars, got {short_repr(a)}", vi=f"bands.applies_to nhận total và pillars, nhận {short_repr(a)}")
        return BandScheme(bands=tuple(out), applies_to=applies, source=str(b.get("source", "")))

    def pillars(self, items: list, mis: list[MainIndicator]) -> tuple[Pillar, ...]:
        out = []
        by_code = {m.code: m for m in mis}
        foundation = sum(m.max_points for m in mis if m.scored and m.group == "foundation")
        for p in items:
            if not isinstance(p, Mapping):
                self.err("a pillar must be a mapping", vi="mỗi trụ cột phải là một ánh xạ")
                continue
            code = str(p.get("code", ""))
            if code not in ("CQS", "KTS", "XHS"):
                self.err(f"pillar code must be CQS, KTS or XHS, got {short_repr(code)}", vi=f"mã trụ cột phải là CQS, KTS hoặc XHS, nhận {short_repr(code)}")
            act = str(p.get("activity", ""))
            ind = by_code.get(act)
            if ind is None or ind.group != "activity":
                self.err(f"pillar {code}: activity {short_repr(act)} is not an activity main indicator", vi=f"trụ cột {code}: {short_repr(act)} không phải chỉ số chính nhóm hoạt động")
                continue
            mp = foundation + ind.max_points
            stated = p.get("max_points")
            if stated is not None and abs(float(stated) - mp) > TOL:
                self.err(f"pillar {code}: foundation ({foundation:g}) + {act} ({ind.max_points:g}) = {mp:g}, the text states {stated}", vi=f"trụ cột {code}: nền tảng ({foundation:g}) + {act} ({ind.max_points:g}) = {mp:g}, văn bản nêu {stated}")
            out.append(Pillar(code=code, name=str(p.get("name", "")), name_en=str(p.get("name_en", "")), activity=act, max_points=mp))
        return tuple(out)

    def units(self, items: list) -> tuple[tuple[str, str], ...]:
        out = []
        seen = set()
        for u in items:
            if not isinstance(u, Mapping) or not u.get("id") or not u.get("name"):
                self.err("a unit needs an id and a name", vi="mỗi đơn vị cần có mã và tên")
                continue
            if u["id"] in seen:
                self.err(f"duplicate unit id {u['id']!r}", vi=f"mã đơn vị bị trùng {u['id']!r}")
            seen.add(u["id"])
            out.append((str(u["id"]), str(u["name"])))
        return tuple(out)

    def general_info(self, items: list) -> tuple[GeneralInfoField, ...]:
        out = []
        for f in items:
            if not isinstance(f, Mapping) or f.get("code") is None or not f.get("name"):
                self.err("a general-information field needs a code and a name", vi="mỗi trường thông tin chung cần có mã và tên")
                continue
            if isinstance(f["code"], float):
                self.err(f"general_info code {f['code']!r} was read as a number: quote it", vi=f"mã thông tin chung {f['code']!r} bị đọc thành số: hãy đặt trong dấu nháy")
            value_type = f.get("type", "number")
            if value_type not in ("number", "text"):
                self.err(f"general_info 'type' must be number or text, got {short_repr(value_type)}", str(f["code"]), vi=f"'type' của thông tin chung phải là number hoặc text, nhận {short_repr(value_type)}")
            self.extra(f, GENERAL_INFO_KEYS, str(f["code"]), "a general-information field")
            out.append(GeneralInfoField(
                code=str(f["code"]), name=str(f["name"]), unit=str(f.get("unit") or ""),
                levels=tuple(f.get("levels") or ()), supplier=str(f.get("supplier") or ""),
                value_type=value_type if value_type in ("number", "text") else "number",
            ))
        return tuple(out)
