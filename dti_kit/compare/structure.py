"""Comparing provinces' index designs: what they measure and how they weigh it.

Tables (all pandas, computed from the designs and the concept catalogue; the notebook
``notebooks/design_comparison.ipynb`` only presents them):

* :func:`indicator_shares`: each main indicator's points as a share of the design's scale,
  main indicators matched by name across designs (``design_id, indicator, points, share``);
* :func:`overview`: one row per design: scale, counts, foundation and activity shares,
  pillars, bands, N/A policy, the mix of rule kinds as shares of points, evidence burden;
* :func:`concept_table`, :func:`coverage`, :func:`uncovered_components`: the components
  of every design measuring each concept side by side (max points, method, where full
  points start), and the components no concept covers;
* :func:`threshold_curves`: each component's share of its max along the concept's sweep;
* re-scoring (:mod:`dti_kit.compare.rescore`).

The ``compare`` command writes the tables as CSV (and an XLSX workbook).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from dti_kit._util.atomic import all_or_nothing, write_text
from dti_kit._util.strings import csv_text, normalise_name
from dti_kit.compare.catalogue import Catalogue, load_catalogue
from dti_kit.compare.concept_tables import (  # noqa: F401  (re-exported: the comparison's API)
    _fmt,  # points and percentages as the reader writes them
    concept_side_by_side,
    concept_table,
    coverage,
    rank_concepts,
    shared_concepts,
    threshold_curves,
    uncovered_components,
)
from dti_kit.compare.rescore import rescore
from dti_kit.errors import InputError, Problem
from dti_kit.i18n import header, na_policy, text
from dti_kit.loader import load_design
from dti_kit.model import IndexDesign
from dti_kit.rules.base import FAMILIES, RESERVED

MIX = FAMILIES  # the families of rule kinds, each rule's own (Rule.family_points)


def _designs(designs: Iterable[IndexDesign | str]) -> list[IndexDesign]:
    return [d if isinstance(d, IndexDesign) else load_design(d) for d in designs]


def design_labels(designs: Iterable[IndexDesign | str], language: str = "vi") -> dict[str, str]:
    """Each design as readers know it, keyed by id: "Hòa Bình 2023".

    Parameters
    ----------
    designs : iterable of IndexDesign or str
        The designs (or their ids), in the order the report shows them.
    language : str
        ``vi`` or ``en``: the language of a level's name and of a design's number, where
        these are needed to tell designs apart.

    Returns
    -------
    dict
        id → label. Province and year tell most designs apart; designs that share both add
        their level ("Hòa Bình 2023, cấp Huyện"), then their decision's number; designs that
        still share a label are numbered ("… — bộ chỉ số 2"). An id the loader does not know
        (a chart drawn outside a comparison) is shown as given.

    Examples
    --------
    >>> design_labels(["hoa-binh-2023-xa", "vung-tau-2024-xa"])
    {'hoa-binh-2023-xa': 'Hòa Bình 2023', 'vung-tau-2024-xa': 'Bà Rịa - Vũng Tàu 2024'}
    >>> design_labels(["hoa-binh-2023-huyen", "hoa-binh-2023-xa"])["hoa-binh-2023-xa"]
    'Hòa Bình 2023, cấp Xã'
    """
    from dti_kit.errors import DesignError

    known: dict[str, IndexDesign | None] = {}
    for d in designs:
        did = d.id if isinstance(d, IndexDesign) else d
        try:
            known[did] = d if isinstance(d, IndexDesign) else load_design(d)
        except (DesignError, FileNotFoundError, KeyError, ValueError):
            known[did] = None

    out = {did: (f"{d.province} {d.year}" if d is not None else did) for did, d in known.items()}
    # a qualifier is added to the designs of a shared label only where it tells them apart, in the
    # order a reader does: the level, then the decision's number
    for part, fmt in ((lambda d: d.level_label(language), "{lab}, {q}"), (lambda d: d.source.number, "{lab} ({q})")):
        groups: dict[str, list[str]] = {}
        for did, lab in out.items():
            groups.setdefault(lab, []).append(did)
        for lab, ids in groups.items():
            if len(ids) > 1 and all(known[i] is not None for i in ids) and len({part(known[i]) for i in ids}) > 1:
                for i in ids:
                    out[i] = fmt.format(lab=lab, q=part(known[i])) if part(known[i]) else lab
    seen: dict[str, int] = {}
    counts = {lab: list(out.values()).count(lab) for lab in out.values()}
    for did, lab in list(out.items()):
        if counts[lab] > 1:
            seen[lab] = seen.get(lab, 0) + 1
            out[did] = text("compare.design_n", language, design=lab, n=seen[lab])
    return out


# -- shares of points ----------------------------------------------------------------------------
def indicator_shares(designs: Iterable[IndexDesign | str], catalogue: Catalogue | None = None, language: str = "vi") -> pd.DataFrame:
    """Each main indicator's points as a share of the design's scored points (= its scale).

    Main indicators are matched across designs by name (normalised: case-folded, diacritics
    stripped, punctuation and blanks collapsed) against the catalogue's canonical indicators and aliases.

    Returns
    -------
    pandas.DataFrame
        ``design_id, indicator, points, share, indicator_id, rollup, code, printed_name,
        group, scored`` with ``indicator`` the canonical name (in ``language``) and
        ``share`` in percent (points / Σ scored points × 100; 0 for "không tính điểm").

    Raises
    ------
    InputError
        If a main indicator matches no canonical indicator (add an alias to the catalogue).
    """
    cat = catalogue or load_catalogue()
    rows, problems = [], []
    for d in _designs(designs):
        total = sum(m.max_points for m in d.scored_indicators())
        for m in d.main_indicators:
            ind = cat.match_indicator(m.name)
            if ind is None:
                problems.append(Problem(f"main indicator {m.name!r} ({normalise_name(m.name)!r}) matches no canonical indicator; add an alias", "chỉ số chính không khớp tên chuẩn nào", source=d.id, code=m.code))
                continue
            pts = float(m.max_points) if m.scored else 0.0
            rows.append((d.id, ind.label(language), pts, pts / total * 100 if total else np.nan, ind.id, ind.rollup or ind.id, m.code, m.name, m.group, m.scored))
    if problems:
        raise InputError(problems, "main indicators that match no canonical indicator")
    return pd.DataFrame(rows, columns=["design_id", "indicator", "points", "share", "indicator_id", "rollup", "code", "printed_name", "group", "scored"])


def shares_wide(shares: pd.DataFrame, rollup: bool = False, catalogue: Catalogue | None = None, language: str = "vi") -> pd.DataFrame:
    """Canonical indicators × designs of ``share`` (%), in catalogue order; blank where a
    design has no such indicator. ``rollup=True`` sums the three activity indicators into
    *Hoạt động chuyển đổi số* so that department-level designs compare."""
    cat = catalogue or load_catalogue()
    key = "rollup" if rollup else "indicator_id"
    w = shares.pivot_table(index=key, columns="design_id", values="share", aggfunc="sum", sort=False)
    order = [i.id for i in cat.indicators if i.id in w.index]
    w = w.reindex(index=order, columns=list(dict.fromkeys(shares["design_id"])))
    w.index = [cat.indicator(i).label(language) for i in w.index]
    w.index.name = header("indicator", language, "compare")
    w.columns.name = None
    return w


# -- rule kinds, evidence, overview ------------------------------------------------------------
def rule_mix(designs: Iterable[IndexDesign | str]) -> pd.DataFrame:
    """Shares of each design's points scored by each family of rule kinds.

    Families (each kind says its own, :meth:`dti_kit.rules.Rule.family_points`): ``ratio``
    (ratio, ratio_target, ratio_floor_cap, weighted_ratios), ``tiers`` (tiers,
    all_or_nothing), ``yes_no`` (yes_no, choice), ``relative``, ``other`` (per_item,
    constant …); the parts of a ``parts`` rule count by their own kinds. Structure-only
    designs have no components: their shares are blank.

    Returns
    -------
    pandas.DataFrame
        ``design_id, mix_ratio, mix_tiers, mix_yes_no, mix_relative, mix_other`` (percent of
        the points of the scored components).
    """
    rows = []
    for d in _designs(designs):
        out = dict.fromkeys(MIX, 0.0)
        leaves = [leaf for m in d.scored_indicators() for c in m.all_components() for leaf in (c.subcomponents or (c,))]
        for leaf in leaves:
            for family, points in leaf.rule.family_points(leaf.max_points):
                out[family] += points
        total = sum(out.values())
        rows.append([d.id] + [out[k] / total * 100 if total else np.nan for k in MIX])
    return pd.DataFrame(rows, columns=["design_id"] + [f"mix_{k}" for k in MIX])


def evidence_burden(designs: Iterable[IndexDesign | str]) -> pd.DataFrame:
    """Evidence (tài liệu kiểm chứng) asked per design.

    Returns
    -------
    pandas.DataFrame
        ``design_id, evidence_documents`` (distinct evidence texts, normalised),
        ``evidence_components`` (components naming evidence), ``components``,
        ``evidence_share`` (% of the components' points that need evidence). Blank for
        structure-only designs.
    """
    rows = []
    for d in _designs(designs):
        leaves = d.leaves()
        if not leaves:
            rows.append((d.id, np.nan, np.nan, 0, np.nan))
            continue
        ev = [normalise_name(leaf.evidence) for leaf in leaves]
        with_ev = [bool(e) for e in ev]
        pts = sum(leaf.max_points for leaf in leaves)
        pts_ev = sum(leaf.max_points for leaf, w in zip(leaves, with_ev) if w)
        rows.append((d.id, len({e for e in ev if e}), sum(with_ev), len(leaves), pts_ev / pts * 100 if pts else np.nan))
    return pd.DataFrame(rows, columns=["design_id", "evidence_documents", "evidence_components", "components", "evidence_share"])


def pillars_text(d: IndexDesign, language: str = "vi") -> str:
    """e.g. ``CQS = nền tảng + 7 (600); …`` ("" if none)."""
    word = text("compare.foundation", language)
    return "; ".join(f"{p.code} = {word} + {p.activity} ({_fmt(p.max_points, language)})" for p in d.pillars)


def bands_text(d: IndexDesign, language: str = "vi") -> str:
    """e.g. ``Khởi động ≤ 25 %; Hình thành ≤ 50 %; …; Dẫn dắt`` ("" if none)."""
    if d.bands is None:
        return ""
    names = [(b.label_en if language == "en" and b.label_en else b.label, b.upto) for b in d.bands.bands]
    return "; ".join(f"{n} ≤ {_fmt(u, language)}%" if u is not None else n for n, u in names)


def na_text(d: IndexDesign, language: str = "vi") -> str:
    """The N/A policy in words, with the items it may apply to."""
    base = na_policy(d.na_policy.method, language)
    if d.na_policy.applies_to is None:
        scope = text("compare.all_items", language)
    elif not d.na_policy.applies_to:
        return base
    else:
        scope = ", ".join(d.na_policy.applies_to)
    return f"{base} ({scope})"


def overview(designs: Iterable[IndexDesign | str], catalogue: Catalogue | None = None, language: str = "vi") -> pd.DataFrame:
    """One row per design: everything the side-by-side table shows.

    Columns: ``design_id, province, year, level, scale, detail, indicators`` (scored main
    indicators), ``components`` (transcribed, sub-components not counted; blank for
    structure-only designs), ``stated_components`` (the count the text states, if any),
    ``foundation_share, activity_share`` (% of the scale), ``pillars, bands, na_policy``
    (text), the five ``mix_*`` shares, ``evidence_documents, evidence_components,
    evidence_share``, ``bonus`` (bonus and penalty items).
    """
    ds = _designs(designs)
    sh = indicator_shares(ds, catalogue, language)
    grp = sh.pivot_table(index="design_id", columns="group", values="share", aggfunc="sum").reindex([d.id for d in ds])
    mix = rule_mix(ds).set_index("design_id")
    ev = evidence_burden(ds).set_index("design_id")
    rows = []
    for d in ds:
        rows.append({
            "design_id": d.id, "province": d.province, "year": d.year, "level": d.level_name_en if language == "en" else d.level_name,
            "scale": d.scale, "detail": text("compare.full" if d.detail == "full" else "compare.structure_only", language),
            "indicators": len(d.scored_indicators()),
            "components": len(d.components()) if d.detail == "full" else np.nan,
            "stated_components": d.stated_components if d.stated_components is not None else np.nan,
            "foundation_share": grp.loc[d.id].get("foundation", 0.0), "activity_share": grp.loc[d.id].get("activity", 0.0),
            "pillars": pillars_text(d, language), "bands": bands_text(d, language), "na_policy": na_text(d, language),
            **{c: mix.loc[d.id, c] for c in mix.columns},
            "evidence_documents": ev.loc[d.id, "evidence_documents"], "evidence_components": ev.loc[d.id, "evidence_components"],
            "evidence_share": ev.loc[d.id, "evidence_share"], "bonus": len(d.bonus),
        })
    return pd.DataFrame(rows)


def overview_wide(ov: pd.DataFrame, language: str = "vi") -> pd.DataFrame:
    """The overview turned for reading: one column per design, one row per property."""
    w = ov.set_index("design_id").T
    w.index = [header(k, language, "compare") for k in w.index]
    w.columns.name = None
    return w


# -- picking the source design of an inputs file --------------------------------------------------------
def detect_design(long: pd.DataFrame, candidates: Sequence[IndexDesign]) -> IndexDesign:
    """The full design whose codes and variables the long table uses (all of them).

    Raises
    ------
    InputError
        If no candidate, or more than one, fits every row: name it with ``source_design``.
    """
    keys = set(zip(long["code"].astype(str), long["variable"].astype(str)))
    fits = []
    for d in candidates:
        if d.detail != "full":
            continue
        allowed = {(c, v) for c in d.codes() for v in (getattr(d.node(c), "rule", None).variables() if getattr(d.node(c), "rule", None) is not None else ())}
        allowed |= {(c, v) for c in d.codes() for v in RESERVED}
        if keys <= allowed:
            fits.append(d)
    if len(fits) != 1:
        which = ", ".join(d.id for d in fits) or "none"
        raise InputError([Problem(f"cannot tell which design the inputs belong to (fits: {which}); name it (source_design / --source)", "không xác định được bộ chỉ số của dữ liệu; hãy chỉ rõ (source_design / --source)")])
    return fits[0]


# -- writing --------------------------------------------------------------------------------------------
SUFFIXES = {"concepts": "-concepts.csv", "uncovered": "-uncovered.csv", "overview": "-overview.csv", "rescoring": "-rescoring.csv", "rescoring_detail": "-rescoring-detail.csv"}


def comparison_tables(designs: Sequence[IndexDesign], inputs: pd.DataFrame | None = None, source: IndexDesign | None = None,
                      catalogue: Catalogue | None = None, language: str = "vi") -> dict[str, pd.DataFrame]:
    """Every table of a comparison, keyed ``shares, overview, concepts, uncovered`` and, with
    inputs, ``rescoring`` and ``rescoring_detail``."""
    cat = catalogue or load_catalogue()
    sh = indicator_shares(designs, cat, language)
    out = {
        "shares": sh[["design_id", "indicator", "points", "share"]],
        "overview": overview(designs, cat, language),
        "concepts": concept_table(designs, cat, language),
        "uncovered": uncovered_components([d for d in designs if d.detail == "full"], cat),
    }
    if inputs is not None:
        src = source or detect_design(inputs, designs)
        r = rescore(src, inputs, designs, cat)
        out["rescoring"] = r.summary
        out["rescoring_detail"] = r.detail
    return out


def write_tables_csv(tables: dict[str, pd.DataFrame], out: str | Path) -> list[Path]:
    """Write the shares CSV at ``out`` and every other table beside it (``SUFFIXES``), all or none."""
    out = Path(out)
    stem = out.with_suffix("") if out.suffix.lower() == ".csv" else out
    written = [out]
    with all_or_nothing():
        write_text(out, csv_text(tables["shares"]))
        for key, suffix in SUFFIXES.items():
            if key in tables:
                p = stem.parent / (stem.name + suffix)
                write_text(p, csv_text(tables[key]))
                written.append(p)
    return written
