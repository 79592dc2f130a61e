"""The results annex (Phụ lục kết quả): the table of points a decision can annex, with ranks.

One row per unit, best first: STT, the unit (and its parent where the units file gives one),
the points of each main indicator, the bonus/penalty points where the design has such items,
the total, the percent (or the 0–1 value where the design publishes it), the band, the rank
(and the rank within the parent), and the change since last year. The same per pillar with
each pillar's rank (Bắc Kạn Điều 7 ranks "theo tổng điểm và theo từng trụ cột"). Units
assessed but not ranked (Hải Dương 2023) are listed apart, below the ranked ones, which are
numbered 1 … n without them.

:func:`build_annex` computes it (values at full precision, column keys); :func:`annex_html`,
:func:`pillars_html`, :func:`parents_html` and :func:`notes_html` present it in the report;
:mod:`dti_kit.report.workbook` writes it as the first sheet of ``scores.xlsx``.
"""
from __future__ import annotations

import html
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dti_kit.i18n import data_html, header, number, text
from dti_kit.model import IndexDesign
from dti_kit.ranks import rank_table
from dti_kit.report.anchors import unit_anchor
from dti_kit.report.hyphens import header_text
from dti_kit.report.printing import ONE_LINE, ONE_LINE_CHARS, PRINT_DETAIL_UNITS, part_marked, print_limited
from dti_kit.report.wide import is_wide, wide_hint
from dti_kit.scoring import TOTAL, ScoreResult

__all__ = ["Column", "Annex", "build_annex", "annex_of", "column_header", "annex_html", "pillars_html", "parents_html",
           "notes_html", "cell_text", "band_word", "index_key"]


@dataclass(frozen=True)
class Column:
    """One column of the annex.

    ``key`` names it in :attr:`Annex.table`; ``kind`` is ``text``, ``int``, ``signed`` (an
    integer shown with its sign) or ``num`` (shown with ``decimals``, and with its sign where
    ``signed_num``: a change since last year); ``code`` is the main
    indicator's or pillar's code of a composed header, ``part`` the pillar column's measure
    (``score``, ``percent``, ``band``, ``rank``, ``rank_in_parent``).
    """

    key: str
    kind: str = "text"
    decimals: int = 0
    code: str = ""
    part: str = ""
    signed_num: bool = False


@dataclass(frozen=True)
class Annex:
    """The annex of one report.

    Attributes
    ----------
    design : IndexDesign
    table : pandas.DataFrame
        One row per unit (``unit_id`` and the keys of ``columns``): the ranked units by rank
        (ties by name), then the units not ranked. Values at full precision.
    columns : tuple of Column
        The columns shown, in order.
    pillars : pandas.DataFrame or None
        The pillar annex (``unit_id`` and the keys of ``pillar_columns``), rows as ``table``'s.
    pillar_columns : tuple of Column
    notes : tuple of (str, dict)
        What the annex must say, as catalogue ids and their fields: the tie convention, the
        decimals, the units not ranked, the change since last year's rule.
    n_ranked : int
        How many units are ranked (numbered 1 … n_ranked).
    has_parents : bool
        Whether any unit has a parent (the report then ranks within parents too).
    """

    design: IndexDesign
    table: pd.DataFrame
    columns: tuple[Column, ...]
    pillars: pd.DataFrame | None
    pillar_columns: tuple[Column, ...]
    notes: tuple[tuple[str, dict], ...]
    n_ranked: int
    has_parents: bool


def index_key(design: IndexDesign) -> str:
    """``value`` where the design publishes the 0–1 value (national framework), else ``percent``."""
    return "value" if design.index_value == "value" else "percent"


def _decimals(design: IndexDesign) -> int:
    return int(design.ranking.decimals if design.ranking is not None else 2)


def build_annex(result: ScoreResult, previous: ScoreResult | None = None, units=None, change=None) -> Annex:
    """The annex of ``result``.

    Parameters
    ----------
    result : ScoreResult
        This year's scores (units not ranked have no rank: ``score_units(unranked=)``).
    previous : ScoreResult, optional
        Last year's scores: without ``change``, each unit is compared with itself by unit id.
    units : dti_kit.units.UnitsFile, optional
        The units file: each unit's parent.
    change : dti_kit.merge.ChangeSinceLastYear, optional
        This year's units against the mean of their former units (``previous_mapping``).

    Examples
    --------
    >>> annex = build_annex(data.result, data.previous, data.units, data.change)  # doctest: +SKIP
    >>> annex.table[["stt", "unit", "total", "rank"]].head(3)  # doctest: +SKIP
    """
    d = result.design
    dec = _decimals(d)
    ids = list(result.units)
    parents = units.parents() if units is not None else {}
    ranks = rank_table(result, parents)
    s = result.scores
    tot = s[s["kind"] == "total"].set_index("unit_id").reindex(ids)
    ranked = tot["rank"].notna().to_numpy() | tot["percent"].isna().to_numpy()
    has_parents = any(parents.get(u) for u in ids)

    cols: list[Column] = [Column("stt", "int"), Column("unit")]
    t = pd.DataFrame({"unit_id": ids, "unit": [result.unit_names[u] for u in ids]})
    if has_parents:
        cols.append(Column("parent"))
        t["parent"] = [parents.get(u, "") for u in ids]
    ind = result.wide("indicator")
    for m in d.scored_indicators():
        key = f"ind.{m.code}"
        cols.append(Column(key, "num", dec, code=m.code))
        t[key] = ind[m.code].reindex(ids).to_numpy(dtype=float)
    if d.bonus:
        cols.append(Column("bonus", "num", dec))
        t["bonus"] = s[s["kind"] == "bonus"].groupby("unit_id", sort=False)["score"].sum(min_count=1).reindex(ids).to_numpy(dtype=float)
    cols.append(Column("total", "num", dec))
    t["total"] = tot["score"].to_numpy(dtype=float)
    mx = tot["max_points"].to_numpy(dtype=float)
    if len(mx) and not np.allclose(mx, mx[0], equal_nan=True):  # the N/A policy removed points from some units' scale
        cols.append(Column("max_points", "num", dec))
        t["max_points"] = mx
    ik = index_key(d)
    cols.append(Column(ik, "num", dec + 2 if ik == "value" else dec))
    t[ik] = tot[ik].to_numpy(dtype=float)
    if d.bands is not None and "total" in d.bands.applies_to:
        cols.append(Column("band"))
        t["band"] = tot["band"].to_numpy(dtype=object)
    cols.append(Column("rank", "int"))
    t["rank"] = tot["rank"].astype("Int64").array
    total_ranks = ranks[ranks["code"] == TOTAL].set_index("unit_id")
    if has_parents:
        cols.append(Column("rank_in_parent", "int"))
        t["rank_in_parent"] = total_ranks["rank_in_parent"].reindex(ids).array
        t["units_in_parent"] = total_ranks["units_in_parent"].reindex(ids).array
    notes: list[tuple[str, dict]] = []
    change_cols = _change(result, previous, change, ids, ranked)
    if change_cols is not None:
        frame, note = change_cols
        cols += [Column("change_rank", "signed"), Column("change_percent", "num", dec, signed_num=True)]
        t["change_rank"] = frame["change_rank"].array
        t["change_percent"] = frame["change_percent"].to_numpy(dtype=float)
        notes += note
    if not ranked.all():
        cols.append(Column("note"))
        t["note"] = np.where(ranked, "", "unranked")

    # ranked units by rank (units tied at the published decimals: the higher unrounded percent first,
    # then by name), then the units not ranked, best first
    order = pd.DataFrame({"ranked": ~ranked, "rank": t["rank"].astype("Float64").fillna(np.inf).to_numpy(dtype=float),
                          "pct": -np.nan_to_num(tot["percent"].to_numpy(dtype=float), nan=-np.inf), "unit": t["unit"]})
    pos = order.sort_values(["ranked", "rank", "pct", "unit"], kind="mergesort").index.to_numpy()
    t = t.iloc[pos].reset_index(drop=True)
    t.insert(1, "stt", np.arange(1, len(t) + 1))

    pillars, pcols = _pillars(result, ranks, t["unit_id"].tolist(), has_parents, dec)
    if pillars is not None:
        pillars.insert(1, "stt", t["stt"].to_numpy())
        pillars.insert(2, "unit", t["unit"].to_numpy())
        if has_parents:
            pillars.insert(3, "parent", t["parent"].to_numpy())
    n_ranked = int(ranked.sum())
    notes.insert(0, (f"annex.ties.{d.ranking.ties}", {"decimals": dec}))
    notes.insert(1, ("annex.decimals", {"decimals": dec}))
    if has_parents:
        notes.insert(2, ("annex.parents.rule", {}))
    if n_ranked < len(ids):
        notes.append(("annex.unranked.numbered", {"n": n_ranked, "m": len(ids) - n_ranked}))
        if result.na_policy == "peer-mean":
            notes.append(("annex.unranked.peer_mean", {}))
    return Annex(d, t, tuple(cols), pillars, pcols, tuple(notes), n_ranked, has_parents)


def annex_of(data) -> Annex:
    """The annex of a :class:`dti_kit.report.data.ReportData`."""
    return build_annex(data.result, data.previous, data.units, data.change)


def _change(result: ScoreResult, previous, change, ids: list, ranked: np.ndarray):
    """``(frame of change_rank, change_percent by unit, notes)`` or None without last year."""
    if change is not None:
        c = change.table.set_index("unit_id").reindex(ids)
        rank = c["change_rank"].astype("Int64")
        notes = [("annex.change.merged", {})] + list(change.notes)
    elif previous is not None:
        p = previous.totals().set_index("unit_id").reindex(ids)
        now = result.totals().set_index("unit_id").reindex(ids)
        rank = (p["rank"].astype("Int64") - now["rank"].astype("Int64"))
        c = pd.DataFrame({"change_percent": now["percent"].to_numpy(dtype=float) - p["percent"].to_numpy(dtype=float)}, index=ids)
        notes = [("annex.change.by_unit", {})]
    else:
        return None
    rank = rank.where(pd.Series(ranked, index=ids))  # a unit not ranked has no change of rank
    return pd.DataFrame({"change_rank": rank.array, "change_percent": c["change_percent"].to_numpy(dtype=float)}, index=ids), notes


def _pillars(result: ScoreResult, ranks: pd.DataFrame, order: list, has_parents: bool, dec: int):
    d = result.design
    if not d.pillars:
        return None, ()
    s = result.scores[result.scores["kind"] == "pillar"].set_index(["unit_id", "code"])
    r = ranks.set_index(["unit_id", "code"])
    banded = d.bands is not None and "pillars" in d.bands.applies_to
    out = pd.DataFrame({"unit_id": order})
    cols: list[Column] = [Column("stt", "int"), Column("unit")] + ([Column("parent")] if has_parents else [])
    for p in d.pillars:
        idx = pd.MultiIndex.from_arrays([order, [p.code] * len(order)])
        parts = [("score", "num", dec, s["score"]), ("percent", "num", dec, s["percent"])]
        if banded:
            parts.append(("band", "text", 0, s["band"]))
        parts.append(("rank", "int", 0, r["rank"]))
        if has_parents:
            parts.append(("rank_in_parent", "int", 0, r["rank_in_parent"]))
        for part, kind, digits, series in parts:
            key = f"{p.code}.{part}"
            vals = series.reindex(idx)
            out[key] = vals.array if kind in ("int", "text") else vals.to_numpy(dtype=float)
            cols.append(Column(key, kind, digits, code=p.code, part=part))
    return out, tuple(cols)


def column_header(col: Column, design: IndexDesign, language: str = "vi") -> str:
    """The reader's header of an annex column (composed from the design's names where it is a
    main indicator's or a pillar's)."""
    if col.key.startswith("ind."):
        m = design.node(col.code)
        name = m.name_en if language == "en" and m.name_en else m.name
        return text("annex.indicator_header", language, code=m.code, name=name, max=number(m.max_points, language, 2))
    if col.part:
        p = next(p for p in design.pillars if p.code == col.code)
        name = p.name_en if language == "en" and p.name_en else p.name
        what = header("score" if col.part == "score" else col.part, language, "annex")
        return text("annex.pillar_header", language, pillar=name, what=what)
    return header(col.key, language, "annex")


def cell_text(value, col: Column, language: str = "vi") -> str:
    """A cell as the reader sees it (numbers the reader's way, to the column's decimals)."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return ""
    if col.key == "note":
        return text("annex.unranked.reason", language) if value == "unranked" else ""
    if col.kind == "num":
        s = number(value, language, col.decimals, trim=False)
        # a change carries its sign both ways, as the rank's beside it (+4, −2; +3,51, −0,38)
        return "+" + s if col.signed_num and value > 0 and s.strip("0,.") else s
    if col.kind in ("int", "signed"):
        v = int(value)
        return (f"{v:+d}".replace("-", "−") if col.kind == "signed" and v != 0 else str(v))  # the minus sign (U+2212), as number()
    return str(value)


def band_word(design: IndexDesign, label: str, language: str = "vi") -> str:
    """A band's label in ``language`` (the design's English label, where it gives one)."""
    if language != "en" or design.bands is None:
        return label
    return next((b.label_en or b.label for b in design.bands.bands if b.label == label), label)


_DATA_KEYS = {"unit", "parent"}


def _cell_html(row, col: Column, design: IndexDesign, language: str, with_parent: bool = False) -> str:
    v = row[col.key]
    if col.key == "unit":
        link = f'<a href="#{html.escape(unit_anchor(row["unit_id"]))}">{data_html(v, language)}</a>'
        parent = row.get("parent") if with_parent else ""
        return link + (f'<br><span class="dti-parent">{data_html(parent, language)}</span>' if parent else "")
    if (col.key == "band" or col.part == "band") and isinstance(v, str):
        word = band_word(design, v, language)
        return data_html(word, language) if word == v else html.escape(word)
    s = cell_text(v, col, language)
    return data_html(s, language) if col.key in _DATA_KEYS else html.escape(s)


def _table_html(frame: pd.DataFrame, cols, design: IndexDesign, language: str, css: str, groups=None) -> str:
    """``frame`` as an HTML table; ``groups`` ``[(position, label)]`` puts a full-width row
    (a parent's name, the units not ranked) before the row at ``position``."""
    # the unit's parent (its district) is the second line of the unit's cell, not a column of
    # its own: at 17 columns the two narrow columns wrapped "Xã Thử / Nghiệm / 0026" to three
    # lines, and the 150 communes' annex took 6 pages
    with_parent = any(c.key == "parent" for c in cols) and any(c.key == "unit" for c in cols)
    if with_parent:
        cols = [c for c in cols if c.key != "parent"]
    # the unit's name stays in place on a phone while the other columns scroll (report.wide)
    wide = is_wide(len(cols))
    kinds = [("txt" if c.kind == "text" else "num") + (" dti-key" if wide and c.key == "unit" else "") for c in cols]
    # names and parents no longer than a commune's print a line each (the column's measure, once)
    unit_one_line = frame.empty or all(frame[k].astype(str).str.len().max() <= ONE_LINE_CHARS
                                       for k in (("unit", "parent") if with_parent else ("unit",)))
    cell_kinds = [k + (f" {ONE_LINE}" if c.key == "unit" and unit_one_line else "") for c, k in zip(cols, kinds)]
    titles = [text("annex.col.unit_parent", language) if with_parent and c.key == "unit" else column_header(c, design, language)
              for c in cols]
    head = "".join(f'<th class="{k}">{html.escape(header_text(t, language))}</th>' for t, k in zip(titles, kinds))
    before = dict(groups or ())
    rows, units = [], []
    for i, row in enumerate(frame.to_dict("records")):  # one row per unit
        if i in before:
            rows.append(f'<tr class="dti-group"><th colspan="{len(cols)}" class="txt">{before[i]}</th></tr>')
            units.append(False)
        cells = "".join(f'<td class="{k}">{_cell_html(row, c, design, language, with_parent)}</td>' for c, k in zip(cols, cell_kinds))
        rows.append(f'<tr data-unit="{html.escape(str(row["unit_id"]))}">{cells}</tr>')
        units.append(True)
    # wide on a phone: the table scrolls sideways inside its box instead of widening the page;
    # a national view's annex is printed in parts cut between its rows (report.printing.part_marked)
    return ((wide_hint(language) if wide else "") + f'<div class="dti-annex-wrap"><table class="dti-table {css}{" dti-wide" if wide else ""}">'
            f'<thead><tr>{head}</tr></thead><tbody>{part_marked(rows, units)}</tbody></table></div>')


def _unranked_group(annex: Annex, language: str):
    if annex.n_ranked >= len(annex.table):
        return []
    return [(annex.n_ranked, html.escape(text("annex.unranked.heading", language)))]


#: the annex's own layout: compact enough for its 15 to 20 columns to fit an A4 page's width,
#: and free to split across pages (its header repeated) rather than moving whole to the next page
ANNEX_CSS = """<style>
div.dti-annex-wrap { overflow-x: auto; max-width: 100%; }
table.dti-annex { font-size: 0.8em; }
table.dti-annex th, table.dti-annex td { padding: 2px 4px; }
table.dti-annex th { vertical-align: bottom; }
table.dti-annex td.txt { min-width: 6.5em; }
table.dti-annex tr.dti-group th { background: #dde6f0; color: #1f4e79; }
table.dti-annex span.dti-parent { color: #555; font-size: 0.9em; }  /* the unit's district, on the line under its name (a <br>: two lines without the style too) */
@media print {
  div.dti-annex-wrap { overflow: visible; }
  .jp-Cell:has(table.dti-annex) { break-inside: auto; }
  table.dti-annex { font-size: 6.5pt; }
  table.dti-annex th, table.dti-annex td { padding: 2px 3px; }  /* 17 columns: a pixel a side is the page's margin */
  table.dti-annex thead { display: table-header-group; }
  table.dti-annex tr { break-inside: avoid; }
}
</style>"""


def annex_html(annex: Annex, language: str = "vi") -> str:
    """The annex table: the ranked units by rank, then the units not ranked under their heading;
    each unit's name links to its profile (:func:`dti_kit.report.anchors.unit_anchor`)."""
    return ANNEX_CSS + _table_html(annex.table, annex.columns, annex.design, language, "dti-annex", _unranked_group(annex, language))


def pillars_html(annex: Annex, language: str = "vi") -> str:
    """Each pillar's points, percent, band and rank (and rank within the parent); "" without pillars."""
    if annex.pillars is None:
        return ""
    return _table_html(annex.pillars, annex.pillar_columns, annex.design, language, "dti-annex dti-annex-pillars",
                       _unranked_group(annex, language))


def parents_html(annex: Annex, language: str = "vi") -> str:
    """The ranked units grouped by parent, each parent's units by their rank within it (Hòa Bình
    V.3: each district ranks its own communes); "" when no unit has a parent."""
    if not annex.has_parents:
        return ""
    t = annex.table
    t = t[t["rank_in_parent"].notna()]
    if t.empty:
        return ""
    parents = list(dict.fromkeys(t.sort_values(["parent"], kind="mergesort")["parent"]))
    by = {c.key: c for c in annex.columns}
    keys = ["unit", "total", index_key(annex.design)] + (["band"] if "band" in by else []) + ["rank_in_parent", "rank"]
    cols = [Column("stt", "int")] + [by[k] for k in keys]
    parts, groups = [], []
    by_parent = dict(tuple(t.groupby("parent", sort=False)))  # one pass, not one selection per district
    for parent in parents:
        # by rank within the parent; tied units in the annex's order (602,20 before 602,18, as above)
        sub = by_parent[parent].sort_values(["rank_in_parent"], kind="mergesort")
        label = html.escape(text("annex.parent_group", language, parent="\x00", n=len(sub)))
        groups.append((sum(len(p) for p in parts), label.replace("\x00", data_html(parent, language))))
        parts.append(sub)
    frame = pd.concat(parts, ignore_index=True)
    frame["stt"] = np.arange(1, len(frame) + 1)
    page = _table_html(frame, cols, annex.design, language, "dti-annex dti-annex-parents", groups)
    # beyond a province's size the print keeps the annex's own column of ranks within the parent
    # and leaves this second listing of every unit out (Chromium's memory grows with the rows)
    note = text("print.omitted_parents", language, n=number(len(frame), language, 0), most=PRINT_DETAIL_UNITS)
    return print_limited(page, len(annex.table), note)


def notes_html(annex: Annex, language: str = "vi") -> str:
    """The annex's notes (tie convention, decimals, units not ranked, change since last year) as paragraphs."""
    return "".join(f"<p>{html.escape(text(msg_id, language, **fields))}</p>" for msg_id, fields in annex.notes)
