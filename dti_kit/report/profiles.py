"""The unit profiles of the scoring report: computed once for every unit, shown one ``<details>`` each.

:func:`build_profiles` turns a :class:`~dti_kit.scoring.ScoreResult` into a frozen
:class:`Profiles` in one vectorised pass over the whole table: each unit's points, percent of
max and rank per main indicator, the mean and best of every main indicator, the units' totals,
bands and ranks, the items scored by the N/A rule and each unit's weakest components. Reading
one unit's profile is then a lookup (:meth:`Profiles.profile`, :meth:`Profiles.weakest`), so
a report of 3,321 communes costs what it costs per unit, never per unit squared (the report
used to rebuild the units × indicators table for every unit).

:func:`profiles_html` presents them: a key, an index of unit names (grouped by parent where
the units file gives one) linking to the profiles, and per unit a ``<details>`` whose summary
line (name, rank, total, band) is visible and findable even when closed, whose ``id`` is
:func:`~dti_kit.report.anchors.unit_anchor` (every link to a profile uses it), holding the
compact table of main indicators with inline SVG bars and the weakest components. No script:
the elements carry classes (``dti-profile`` …) for the report's screen and print styles.

Scores imputed by the design's N/A rule (:mod:`dti_kit.na`) are marked (:data:`NA_MARK`,
with the rule in the reader's words) and are never among a unit's weakest components: a
unit does not lose points it was not assessed on.
"""
from __future__ import annotations

import html
import warnings
from dataclasses import dataclass, field
from typing import Mapping

import numpy as np
import pandas as pd

from dti_kit._util.strings import before_colon, slugify
from dti_kit.i18n import data_html, header, na_policy, number, text, units_of
from dti_kit.model import IndexDesign
from dti_kit.report.anchors import unit_anchor
from dti_kit.report.hyphens import header_text
from dti_kit.report.printing import PRINT_DETAIL_UNITS, print_limited
from dti_kit.scoring import ScoreResult

__all__ = ["Profiles", "build_profiles", "profiles_section", "profiles_html", "profile_table_html", "profile_html",
           "profile_legend", "unit_profile", "PROFILE_COLOURS", "NA_MARK", "WEAKEST"]

#: colours of the profile bars: the unit, the mean of all units, the best unit
PROFILE_COLOURS = {"unit": "#1f4e79", "mean": "#c55a11", "best": "#548235"}
#: the mark of a main indicator whose points include a score imputed by the N/A rule
NA_MARK = "†"
#: how many weakest components a profile names
WEAKEST = 3
#: the index of names is shown open up to this many units (closed, one click away, beyond)
INDEX_OPEN_UP_TO = 60
_BAR_PX = 2  # pixels per percentage point: 100 % = 200 px
_NUM, _TXT = "num", "txt"


def _esc(s: str) -> str:
    """Text as HTML text (quotes kept as they are: "design's", not "design&#x27;s")."""
    return html.escape(s, quote=False)


@dataclass(frozen=True)
class Profiles:
    """Every unit's profile, computed once (:func:`build_profiles`); read per unit by lookup.

    Attributes
    ----------
    design : IndexDesign
    na_policy : str
        The N/A rule the scores were computed under (:data:`dti_kit.na.NA_METHODS`).
    order : tuple of str
        Unit ids, best rank first (ties by name; units not ranked last).
    names : dict
        ``{unit_id: name}``.
    parents : dict
        ``{unit_id: parent}`` (a commune's district) where the units file gives one.
    codes : tuple of str
        The scored main indicators, in design order.
    max_points : numpy.ndarray
        Max points of each main indicator (``len(codes)``).
    points, percent : numpy.ndarray
        Units (``order``) × main indicators: points, and percent of the indicator's max (NaN
        where the N/A rule ``exclude`` left the indicator out of the unit's max).
    indicator_rank : numpy.ndarray
        Units × main indicators: the unit's rank among the ranked units (1 = best, ties share
        the best rank); 0 for a unit not ranked.
    mean, best : numpy.ndarray
        Per main indicator: mean and highest percent over all units.
    total, total_max : numpy.ndarray
        Each unit's total and its max.
    band : tuple
        Each unit's band (None without bands).
    rank : numpy.ndarray
        Each unit's overall rank (0 = not ranked).
    ranked : int
        How many units are ranked.
    imputed : dict
        ``{unit_id: {indicator code: (N/A item codes, …)}}``: the items of each main indicator
        the N/A rule scored, for the units that have any.
    weakest_rows : dict
        ``{unit_id: ((code, name, score, max_points, missed), …)}``: the components where the
        unit missed most points (largest first, at most :data:`WEAKEST`), N/A items left out.
    imputed_scores : dict
        ``{unit_id: {N/A item code: the score the rule gave it}}``.
    """

    design: IndexDesign
    na_policy: str
    order: tuple[str, ...]
    names: Mapping[str, str]
    parents: Mapping[str, str]
    codes: tuple[str, ...]
    max_points: np.ndarray
    points: np.ndarray
    percent: np.ndarray
    indicator_rank: np.ndarray
    mean: np.ndarray
    best: np.ndarray
    total: np.ndarray
    total_max: np.ndarray
    band: tuple
    rank: np.ndarray
    ranked: int
    imputed: Mapping[str, Mapping[str, tuple[str, ...]]] = field(default_factory=dict)
    weakest_rows: Mapping[str, tuple[tuple, ...]] = field(default_factory=dict)
    imputed_scores: Mapping[str, Mapping[str, float]] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "_row", {u: i for i, u in enumerate(self.order)})

    def __len__(self) -> int:
        return len(self.order)

    def position(self, unit_id: str) -> int:
        """The unit's row in the arrays (KeyError for an unknown unit)."""
        return self.__dict__["_row"][unit_id]

    def indicator_label(self, j: int, language: str = "vi") -> str:
        """``"code. name"`` of the ``j``-th main indicator (the English name where the design gives one)."""
        m = self.design.node(self.codes[j])
        return f"{m.code}. {m.name_en if language == 'en' and m.name_en else m.name}"

    def profile(self, unit_id: str, language: str = "vi") -> pd.DataFrame:
        """One unit's main indicators: ``indicator, points, max_points, unit`` (its percent of
        max), ``mean, best`` (percent, all units), ``rank`` (among ranked units, <NA> for a unit
        not ranked), ``imputed`` (the N/A items the rule scored in it, "" for none)."""
        i = self.position(unit_id)
        imputed = self.imputed.get(unit_id, {})
        rank = pd.array([r if r > 0 else None for r in self.indicator_rank[i]], dtype="Int64")
        return pd.DataFrame({
            "indicator": [self.indicator_label(j, language) for j in range(len(self.codes))],
            "points": self.points[i].round(2),
            "max_points": self.max_points,
            "unit": self.percent[i].round(1),
            "mean": self.mean.round(1),
            "best": self.best.round(1),
            "rank": rank,
            "imputed": [", ".join(imputed.get(c, ())) for c in self.codes],
        })

    def weakest(self, unit_id: str) -> pd.DataFrame:
        """The unit's weakest components: ``code, component, score, max_points, missed``."""
        rows = self.weakest_rows.get(unit_id, ())
        cols = ["code", "component", "score", "max_points", "missed"]
        if not rows:
            return pd.DataFrame({c: pd.Series(dtype=object if c in ("code", "component") else float) for c in cols})
        df = pd.DataFrame(list(rows), columns=cols)
        return df.assign(score=df["score"].round(2), missed=df["missed"].round(2))


def _indicator_of(design: IndexDesign) -> dict[str, str]:
    """Every code of the design (groups, components, sub-components) → its main indicator's code."""
    out = {}
    for m in design.main_indicators:
        out[m.code] = m.code
        for g in m.groups:
            out[g.code] = m.code
        for c in m.all_components():
            out[c.code] = m.code
            for s in c.subcomponents:
                out[s.code] = m.code
    return out


def _component_of(design: IndexDesign) -> dict[str, str]:
    """Every component and sub-component code → the component (a sub-component's parent)."""
    out = {}
    for c in design.components():
        out[c.code] = c.code
        for s in c.subcomponents:
            out[s.code] = c.code
    return out


def _rank_columns(values: np.ndarray, ranked: np.ndarray) -> np.ndarray:
    """Rank of each row in each column among the ``ranked`` rows (1 = highest; ties share the
    best rank, the next is skipped: 1, 2, 2, 4); 0 for unranked rows and missing values."""
    out = np.zeros(values.shape, dtype=np.int64)
    if not ranked.any():
        return out
    v = np.where(ranked[:, None] & np.isfinite(values), values, -np.inf)
    # rank = 1 + how many ranked units score more (all columns at once, sorted once per column)
    s = np.sort(v, axis=0)
    for j in range(v.shape[1]):  # a handful of main indicators
        out[:, j] = 1 + len(s) - np.searchsorted(s[:, j], v[:, j], side="right")
    out[~ranked[:, None] | ~np.isfinite(values)] = 0
    return out


def build_profiles(result: ScoreResult, parents: Mapping[str, str] | None = None, weakest: int = WEAKEST) -> Profiles:
    """Every unit's profile in one pass over the whole result (no per-unit recomputation).

    Parameters
    ----------
    result : ScoreResult
    parents : dict, optional
        ``{unit_id: parent}`` (:meth:`dti_kit.report.data.ReportData.parents`): the profiles
        are grouped by parent.
    weakest : int
        How many weakest components each profile names.

    Returns
    -------
    Profiles
    """
    d = result.design
    inds = d.scored_indicators()
    codes = tuple(m.code for m in inds)
    mx = np.array([m.max_points for m in inds], dtype=float)
    t = result.totals()
    rank_num = pd.to_numeric(t["rank"], errors="coerce").to_numpy(dtype=float)
    names = t["unit_name"].astype(str).to_numpy(dtype=object)
    # best first, ties by name (as the ranking table), units not ranked last
    order_idx = np.lexsort((names, np.where(np.isnan(rank_num), np.inf, rank_num)))
    order = tuple(t["unit_id"].to_numpy(dtype=object)[order_idx])
    points = result.wide("indicator").reindex(index=list(order), columns=list(codes)).to_numpy(dtype=float, copy=True)
    # N/A items: by unit and main indicator; their components never count among the weakest
    indicator_of, component_of = _indicator_of(d), _component_of(d)
    imputed: dict[str, dict[str, list[str]]] = {}
    imputed_scores: dict[str, dict[str, float]] = {}
    na_pairs = set()
    na = result.na_items
    row_of, col_of = {u: i for i, u in enumerate(order)}, {c: j for j, c in enumerate(codes)}
    for u, c, x in zip(na["unit_id"].to_numpy(dtype=object), na["code"].to_numpy(dtype=object), na["score"].to_numpy(dtype=float)):
        ind = indicator_of.get(c)
        if ind is not None:
            imputed.setdefault(u, {}).setdefault(ind, []).append(c)
            imputed_scores.setdefault(u, {})[c] = float(x)
        na_pairs.add((u, component_of.get(c, c)))
        if result.na_policy == "exclude" and c in col_of and u in row_of:
            # a main indicator left out of the unit's max has no points: no bar, no rank, not in the mean
            points[row_of[u], col_of[c]] = np.nan

    with np.errstate(invalid="ignore", divide="ignore"):
        percent = points / np.where(mx > 0, mx, np.nan) * 100
    rank = np.nan_to_num(rank_num[order_idx], nan=0).astype(np.int64)
    ranked = rank > 0
    with np.errstate(all="ignore"), warnings.catch_warnings():  # an indicator no unit has a score for: NaN, said nowhere
        warnings.simplefilter("ignore", RuntimeWarning)
        mean = np.nanmean(percent, axis=0) if len(order) else np.full(len(codes), np.nan)
        best = np.nanmax(percent, axis=0) if len(order) else np.full(len(codes), np.nan)

    s = result.scores
    comp = s[s["kind"] == "component"]
    uid, code = comp["unit_id"].to_numpy(dtype=object), comp["code"].to_numpy(dtype=object)
    missed = (comp["max_points"] - comp["score"]).to_numpy(dtype=float)
    keep = (missed > 1e-9) & (comp["status"].to_numpy(dtype=object) != "na")
    if na_pairs:
        keep &= np.array([(u, c) not in na_pairs for u, c in zip(uid, code)], dtype=bool)
    weak = pd.DataFrame({"unit_id": uid[keep], "code": code[keep], "name": comp["name"].to_numpy(dtype=object)[keep],
                         "score": comp["score"].to_numpy(dtype=float)[keep], "max_points": comp["max_points"].to_numpy(dtype=float)[keep],
                         "missed": missed[keep]})
    weak = weak.sort_values(["unit_id", "missed", "code"], ascending=[True, False, True], kind="mergesort")
    weak = weak.groupby("unit_id", sort=False).head(weakest)
    weakest_rows: dict[str, list[tuple]] = {}
    for row in zip(weak["unit_id"], weak["code"], weak["name"], weak["score"], weak["max_points"], weak["missed"]):
        weakest_rows.setdefault(row[0], []).append(row[1:])

    totals = t.set_index("unit_id")
    return Profiles(
        design=d, na_policy=result.na_policy, order=order, names=dict(result.unit_names),
        parents=dict(parents or {}), codes=codes, max_points=mx, points=points, percent=percent,
        indicator_rank=_rank_columns(percent, ranked), mean=mean, best=best,
        total=totals["score"].reindex(list(order)).to_numpy(dtype=float),
        total_max=totals["max_points"].reindex(list(order)).to_numpy(dtype=float),
        band=tuple(totals["band"].reindex(list(order))), rank=rank, ranked=int(ranked.sum()),
        imputed={u: {k: tuple(v) for k, v in by.items()} for u, by in imputed.items()}, imputed_scores=imputed_scores,
        weakest_rows={u: tuple(v) for u, v in weakest_rows.items()},
    )


# -- presentation ------------------------------------------------------------------------------

def _marks(mean: float, best: float) -> str:
    """The SVG of a tick at the mean and a triangle at the best (0–100 %; none where unknown)."""
    parts = []
    if np.isfinite(mean):
        x = min(max(mean, 0.0), 100.0) * _BAR_PX
        parts.append(f'<rect x="{x - 1:.1f}" y="0" width="2" height="16" fill="{PROFILE_COLOURS["mean"]}"/>')
    if np.isfinite(best):
        x = min(max(best, 0.0), 100.0) * _BAR_PX
        parts.append(f'<path d="M{x - 4:.1f},0 L{x + 4:.1f},0 L{x:.1f},6 Z" fill="{PROFILE_COLOURS["best"]}"/>')
    return "".join(parts)


def _profile_bar(value: float, mean: float, best: float, marks: str | None = None) -> str:
    """An inline SVG bar (0–100 %): the unit's value, a tick at the mean, a triangle at the best.

    ``marks``, the id of the indicator's mean and best drawn once for the section
    (:func:`_marks_defs`), replaces drawing them in every unit's bar: a report of 3,321
    communes draws eight bars per commune, and the marks are the same in all of them."""
    w = 100 * _BAR_PX
    parts = [f'<svg width="{w + 8}" height="16" viewBox="0 0 {w + 8} 16" class="dti-bar">', f'<rect y="3" width="{w}" height="10" fill="#eee"/>']
    if np.isfinite(value):
        parts.append(f'<rect y="3" width="{max(0.0, min(value, 100.0)) * _BAR_PX:.1f}" height="10" fill="{PROFILE_COLOURS["unit"]}"/>')
    parts.append(f'<use href="#{marks}"/>' if marks else _marks(mean, best))
    parts.append("</svg>")
    return "".join(parts)


def _marks_id(code: str) -> str:
    return "dti-marks-" + slugify(code)


def _marks_defs(profiles: Profiles) -> str:
    """Each main indicator's mean tick and best triangle, drawn once; the bars ``<use>`` them."""
    groups = "".join(f'<g id="{_marks_id(c)}">{_marks(profiles.mean[j], profiles.best[j])}</g>' for j, c in enumerate(profiles.codes))
    return f'<svg width="0" height="0" class="dti-bar-defs" aria-hidden="true" style="position:absolute"><defs>{groups}</defs></svg>'


def profile_legend(unit_word: str | None = None, language: str = "vi", na_rule: str | None = None) -> str:
    """The key of the profiles (shown once above them); ``unit_word`` names the unit's bar
    (default: the catalogue's); ``na_rule`` (an N/A method), where some score was imputed,
    adds the line explaining :data:`NA_MARK`."""
    unit_word = unit_word or text("report.profile.the_unit", language)
    key = [(PROFILE_COLOURS["unit"], "■", unit_word), (PROFILE_COLOURS["mean"], "│", header("mean", language)),
           (PROFILE_COLOURS["best"], "▼", header("best", language))]
    out = ('<p class="dti-profile-legend">' + " &nbsp; ".join(f'<span style="color:{c}">{s}</span> {_esc(t)}' for c, s, t in key)
           + " (% " + _esc(header("max_points", language).lower()) + ")</p>")
    if na_rule:
        out += (f'<p class="dti-profile-legend dti-na-legend"><span class="dti-na-mark">{NA_MARK}</span> '
                + _esc(text("profiles.na_legend", language, rule=na_policy(na_rule, language))) + "</p>")
    return out


def _row_html(label: str, points: float, pct: float, mean: float, best: float, rank: int | None, imputed: bool,
              language: str, marks: str | None = None) -> str:
    mark = f' <span class="dti-na-mark">{NA_MARK}</span>' if imputed else ""
    cells = [(label, _TXT), (_profile_bar(pct, mean, best, marks), _TXT),
             (number(points, language, 2, trim=False) + mark, _NUM)]
    cells += [(number(x, language, 1, trim=False) if np.isfinite(x) else "", _NUM) for x in (pct, mean, best)]
    cells.append(("" if not rank else str(int(rank)), _NUM))
    return "<tr>" + "".join(f'<td class="{k}">{c}</td>' for c, k in cells) + "</tr>"


def _table_head(language: str) -> str:
    cols = [("indicator", _TXT), ("", _TXT), ("points", _NUM), ("percent", _NUM), ("mean", _NUM), ("best", _NUM), ("rank", _NUM)]
    names = [header(c, language, "profiles") if c else "" for c, _ in cols]
    return "<thead><tr>" + "".join(f'<th class="{k}">{_esc(header_text(n, language))}</th>' for n, (_, k) in zip(names, cols)) + "</tr></thead>"


def profile_table_html(profiles: Profiles, unit_id: str, language: str = "vi", shared_marks: bool = False) -> str:
    """One unit's table: each main indicator with its bar (the unit's percent of max, the
    mean and the best marked), points (:data:`NA_MARK` where the N/A rule scored part of
    them), percent, mean, best and the unit's rank on it. Reads :class:`Profiles` only.
    ``shared_marks``: the bars use the marks :func:`profiles_html` draws once."""
    i = profiles.position(unit_id)
    imputed = profiles.imputed.get(unit_id, {})
    rows = [_row_html(data_html(profiles.indicator_label(j, language), language) if language == "en" and not profiles.design.node(c).name_en
                      else _esc(profiles.indicator_label(j, language)),
                      profiles.points[i, j], profiles.percent[i, j], profiles.mean[j], profiles.best[j],
                      profiles.indicator_rank[i, j], c in imputed, language, _marks_id(c) if shared_marks else None)
            for j, c in enumerate(profiles.codes)]
    return f'<table class="dti-table dti-profile">{_table_head(language)}<tbody>{"".join(rows)}</tbody></table>'


def profile_html(profile: pd.DataFrame, language: str = "vi") -> str:
    """A unit's profile as :meth:`Profiles.profile` (or :func:`unit_profile`) gives it, as the
    table :func:`profile_table_html` draws.

    Drawn as inline SVG rather than one matplotlib figure per unit: a report has one profile
    per unit (30 to 3,321), the numbers stay next to the bars, and it prints sharply.
    """
    if profile is None or profile.empty:
        return ""
    rank = profile["rank"] if "rank" in profile else pd.Series([None] * len(profile))
    imputed = profile["imputed"] if "imputed" in profile else pd.Series([""] * len(profile))
    points = profile["points"] if "points" in profile else pd.Series([np.nan] * len(profile))
    rows = [_row_html(data_html(r[0], language), float(r[1]), float(r[2]), float(r[3]), float(r[4]),
                      None if pd.isna(r[5]) else int(r[5]), bool(r[6]), language)
            for r in zip(profile["indicator"], points, profile["unit"], profile["mean"], profile["best"], rank, imputed)]
    return f'<table class="dti-table dti-profile">{_table_head(language)}<tbody>{"".join(rows)}</tbody></table>'


def _summary_html(profiles: Profiles, i: int, language: str) -> str:
    u = profiles.order[i]
    if profiles.rank[i] > 0:
        standing = text("profiles.rank_of", language, rank=int(profiles.rank[i]), n=profiles.ranked)
    else:
        standing = text("profiles.not_ranked", language)
    parts = [_esc(standing), _esc(text("profiles.points", language, points=number(profiles.total[i], language, 2, trim=False),
                                                      max=number(profiles.total_max[i], language, 0)))]
    band = profiles.band[i]
    if isinstance(band, str) and band:
        b = next((x for x in profiles.design.bands.bands if x.label == band), None) if profiles.design.bands else None
        parts.append(_esc(b.label_en) if language == "en" and b is not None and b.label_en else data_html(band, language))
    return (f'<summary><span class="dti-profile-name">{data_html(profiles.names.get(u, u), language)}</span>'
            '<span class="dti-profile-standing"> — ' + " · ".join(parts)
            + "</span></summary>")


def _weakest_html(profiles: Profiles, unit_id: str, language: str) -> str:
    rows = profiles.weakest_rows.get(unit_id, ())
    if not rows:
        return ""
    items = "".join(
        f'<li><span class="dti-code">{_esc(str(code))}</span> {data_html(before_colon(name), language)}: '
        + _esc(text("profiles.weak_points", language, score=number(score, language, 2),
                           max=number(mx, language, 2), missed=number(missed, language, 2))) + "</li>"
        for code, name, score, mx, missed in rows)
    return (f'<div class="dti-profile-weakest"><p>{_esc(text("profiles.weakest", language, n=len(rows)))}</p>'
            f"<ol>{items}</ol></div>")


def _na_note_html(profiles: Profiles, unit_id: str, language: str) -> str:
    imputed = profiles.imputed.get(unit_id)
    if not imputed:
        return ""
    scores = profiles.imputed_scores.get(unit_id, {})
    codes = [c for cs in imputed.values() for c in cs]
    if profiles.na_policy == "exclude":  # left out of the max: no points to state
        items = ", ".join(codes)
    else:
        items = ", ".join(text("profiles.na_item", language, code=c, points=number(scores.get(c), language, 2)) for c in codes)
    return (f'<p class="dti-profile-na"><span class="dti-na-mark">{NA_MARK}</span> '
            + _esc(text("profiles.na_note", language, items=items, rule=na_policy(profiles.na_policy, language))) + "</p>")


def _unit_html(profiles: Profiles, i: int, language: str) -> str:
    u = profiles.order[i]
    return (f'<details class="dti-profile" id="{html.escape(unit_anchor(u))}">' + _summary_html(profiles, i, language)
            + '<div class="dti-profile-body">' + profile_table_html(profiles, u, language, shared_marks=True) + _na_note_html(profiles, u, language)
            + _weakest_html(profiles, u, language) + "</div></details>")


def _groups(profiles: Profiles) -> list[tuple[str, list[int]]]:
    """``[(parent, [rows in rank order]), …]``: parents in the units file's order, units without one last."""
    if not profiles.parents:
        return [("", list(range(len(profiles))))]
    by: dict[str, list[int]] = {p: [] for p in dict.fromkeys(profiles.parents.values())}
    rest = []
    for i, u in enumerate(profiles.order):
        p = profiles.parents.get(u)
        (by[p] if p else rest).append(i)
    out = [(p, rows) for p, rows in by.items() if rows]
    if rest:
        out.append(("", rest))
    return out


def _index_html(profiles: Profiles, groups, language: str) -> str:
    """The unit names, alphabetical within each parent, each a link to its profile."""
    lines = []
    for parent, rows in groups:
        links = sorted(rows, key=lambda i: slugify(profiles.names.get(profiles.order[i], profiles.order[i])))
        names = ", ".join(f'<a href="#{html.escape(unit_anchor(profiles.order[i]))}">'
                          f"{data_html(profiles.names.get(profiles.order[i], profiles.order[i]), language)}</a>" for i in links)
        head = f'<b>{data_html(parent, language)}</b>: ' if parent else (
            f'<b>{_esc(text("profiles.no_parent", language))}</b>: ' if len(groups) > 1 else "")
        lines.append(f'<p class="dti-profile-index-group">{head}{names}</p>')
    # open for a district's or a small province's units; closed for hundreds (the profiles'
    # own summary lines, district by district, are a list of names too), one click away
    state = " open" if len(profiles) <= INDEX_OPEN_UP_TO else ""
    return (f'<details class="dti-profile-index"{state}><summary class="dti-profile-index-title">'
            f'{_esc(text("profiles.index", language, n=len(profiles)))} '
            # how to click: said on the screen, not on paper (the print opens every profile)
            f'<span class="dti-screen-only">{_esc(text("profiles.index_how", language))}</span></summary><nav>'
            + "".join(lines) + "</nav></details>")


#: the profiles' screen layout (the report's print style opens every ``details.dti-profile``)
PROFILE_CSS = """<style>
details.dti-profile { margin: 0.1em 0; }
details.dti-profile > summary { cursor: pointer; padding: 0.15em 0; }
details.dti-profile > summary .dti-profile-name { font-weight: bold; }
details.dti-profile .dti-profile-body { margin: 0.2em 0 0.8em 1.2em; overflow-x: auto; }  /* a phone scrolls the table */
@media screen and (max-width: 40em) { details.dti-profile .dti-profile-body { margin-left: 0; } }
.dti-profile-index p { margin: 0.25em 0; line-height: 1.6; }
.dti-profile-index a { white-space: nowrap; }
.dti-profile-index-title { font-weight: bold; cursor: pointer; margin: 0.4em 0; }
.dti-profile-weakest p { margin: 0.2em 0; }
.dti-profile-weakest ol { margin: 0 0 0.4em; padding-left: 1.6em; }
.dti-profile-na, .dti-na-legend { font-size: 0.9em; }
.dti-na-mark { color: #c55a11; font-weight: bold; }
h3.dti-profile-group { margin: 1em 0 0.3em; }
@media print {  /* pages filled: a profile's name line stays with its table, its weakest components stay together */
  .jp-Cell:has(.dti-profiles), .jp-OutputArea-child:has(.dti-profiles), .jp-OutputArea-output:has(.dti-profiles) { break-inside: auto; }
  details.dti-profile { margin: 0 0 0.3em; }
  details.dti-profile > summary, h3.dti-profile-group { break-after: avoid; }
  .dti-profile-weakest { break-inside: avoid; }
  details.dti-profile .dti-profile-body { margin: 0.1em 0 0.2em 0; overflow: visible; }
  table.dti-profile { font-size: 8pt; margin: 0.2em 0; break-inside: avoid; }
  table.dti-profile th, table.dti-profile td { padding: 0 6px; }
  table.dti-profile th:nth-child(2) { width: 150px; }
  table.dti-profile svg.dti-bar { width: 143px; height: 11px; }
  details.dti-profile > summary { list-style: none; }
  .dti-profile-weakest, .dti-profile-na { font-size: 8pt; }
  .dti-profile-weakest p { margin: 0; }
  .dti-profile-weakest ol { margin: 0; }
  .dti-screen-only { display: none; }  /* what to click means nothing on paper */
  /* the profiles start under their heading (the output before theirs, in the same cell): never the
     heading alone at a page's foot (the English PDF at 150 communes); the heading's output is one
     block kept with the next, whose start may not be cut from it */
  .jp-OutputArea:has(.dti-profiles) > .jp-OutputArea-child:has(h2) { break-after: avoid !important; break-inside: avoid !important; }
  .jp-OutputArea-child:has(.dti-profiles), .dti-profiles, .dti-profiles > :first-child { break-before: avoid !important; }
}
</style>"""


def profiles_html(profiles: Profiles, language: str = "vi") -> str:
    """The profiles section: its key, the index of names, one ``<details>`` per unit (grouped
    by parent where known, best rank first in each group). Reads :class:`Profiles` only."""
    groups = _groups(profiles)
    body = []
    word = units_of(profiles.design.level, language)
    for parent, rows in groups:
        if parent or len(groups) > 1:
            name = data_html(parent, language) if parent else _esc(text("profiles.no_parent", language))
            body.append(f'<h3 class="dti-profile-group">{name} '
                        f'<span class="dti-profile-count">({_esc(text("profiles.count", language, n=len(rows), units=word))})</span></h3>')
        body.extend(_unit_html(profiles, i, language) for i in rows)
    na_rule = profiles.na_policy if profiles.imputed else None
    section = (profile_legend(language=language, na_rule=na_rule) + _index_html(profiles, groups, language) + "".join(body))
    n = len(profiles.order)
    # beyond a province's size the print leaves the profiles out and says where they are
    note = text("print.omitted_profiles", language, n=number(n, language, 0), units=word, most=PRINT_DETAIL_UNITS)
    return '<div class="dti-profiles">' + PROFILE_CSS + _marks_defs(profiles) + print_limited(section, n, note) + "</div>"


def profiles_section(result: ScoreResult, parents: Mapping[str, str] | None = None, language: str = "vi") -> str:
    """The HTML of the report's profiles section: :func:`build_profiles` once, then :func:`profiles_html`."""
    return profiles_html(build_profiles(result, parents), language)


def unit_profile(result: ScoreResult, unit_id: str, language: str = "vi", weakest: int = WEAKEST) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One unit's profile (:meth:`Profiles.profile`) and weakest components (:meth:`Profiles.weakest`).

    Builds every unit's profiles: for one unit only. A report reads all units from one
    :func:`build_profiles`."""
    p = build_profiles(result, weakest=weakest)
    return p.profile(unit_id, language), p.weakest(unit_id)
