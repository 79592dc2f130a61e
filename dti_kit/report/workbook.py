"""``scores.xlsx`` and ``scores.csv``: the results beside a scoring report.

The workbook's first sheet is the annex (:mod:`dti_kit.report.annex`), then the pillar annex,
the main indicators in design order with total and rank, and the components. Numbers are
numbers at full precision, shown with the decimals the decision publishes (the design's
``ranking.decimals``). The CSV is the tidy table with unit and component names beside the ids,
integer ranks, every digit, UTF-8 with a BOM (so that a spreadsheet opened by double-click
reads the Vietnamese letters).
"""
from __future__ import annotations

import pandas as pd

from dti_kit._util.fastxlsx import SheetSpec, number_format
from dti_kit._util.strings import csv_text
from dti_kit.i18n import header, status, text
from dti_kit.report.annex import Annex, Column, band_word, build_annex, column_header, index_key
from dti_kit.scoring import ScoreResult

__all__ = ["score_sheets", "scores_csv", "CSV_COLUMNS"]

#: the columns of scores.csv: the tidy table of ``dti-kit score`` with the names beside the ids
CSV_COLUMNS = ("unit_id", "unit_name", "code", "name", "kind", "max_points", "score", "percent", "value", "band", "rank")


def _format(col: Column) -> str | None:
    if col.kind == "num":
        return number_format(col.decimals, signed=col.signed_num)
    if col.kind == "int":
        return "0"
    if col.kind == "signed":
        return number_format(0, signed=True)
    return None


def _values(frame: pd.DataFrame, cols, annex: Annex, language: str) -> pd.DataFrame:
    out = {}
    for c in cols:
        s = frame[c.key]
        if c.key == "note":
            s = s.map(lambda v: text("annex.unranked.reason", language) if v == "unranked" else "")
        elif c.key == "band" or c.part == "band":
            s = s.map(lambda v: band_word(annex.design, v, language) if isinstance(v, str) else v)
        elif c.kind in ("int", "signed"):
            s = s.astype(object).where(s.notna(), None).map(lambda v: None if v is None else int(v))
        out[c.key] = s.to_numpy(dtype=object if c.kind != "num" else float)
    return pd.DataFrame(out)


def _annex_sheet(name: str, frame: pd.DataFrame, cols, annex: Annex, language: str, notes: tuple[str, ...] = ()) -> SheetSpec:
    headers = tuple(column_header(c, annex.design, language) for c in cols) + (header("unit_id", language, "annex"),)
    rows = _values(frame, cols, annex, language)
    rows["unit_id"] = frame["unit_id"].to_numpy(dtype=object)
    formats = tuple(_format(c) for c in cols) + (None,)
    title_cols = 2  # STT and the unit repeated at the left of every printed page
    return SheetSpec(name, headers, rows, formats, notes, title_cols)


def score_sheets(result: ScoreResult, language: str = "vi", annex: Annex | None = None) -> list[SheetSpec]:
    """The sheets of ``scores.xlsx``: annex, pillar annex, main indicators, components."""
    annex = annex if annex is not None else build_annex(result)
    d = result.design
    notes = tuple(text(i, language, **f) for i, f in annex.notes)
    sheets = [_annex_sheet(text("annex.sheet.annex", language), annex.table, annex.columns, annex, language, notes)]
    if annex.pillars is not None:
        sheets.append(_annex_sheet(text("annex.sheet.pillars", language), annex.pillars, annex.pillar_columns, annex, language))
    dec = annex.columns[[c.key for c in annex.columns].index("total")].decimals
    # main indicators in design order (unscored ones too), with the total and the rank; rows as the annex's
    order = annex.table["unit_id"].tolist()
    wide = result.wide("indicator").reindex(order)
    ind_cols = [Column("stt", "int"), Column("unit")] + [Column(f"ind.{m.code}", "num", dec, code=m.code) for m in d.main_indicators]
    frame = pd.DataFrame({"unit_id": order, "stt": annex.table["stt"].to_numpy(), "unit": annex.table["unit"].to_numpy()})
    for m in d.main_indicators:
        frame[f"ind.{m.code}"] = wide[m.code].to_numpy(dtype=float)
    by = {c.key: c for c in annex.columns}
    for key in ("bonus", "total", index_key(d), "rank"):
        if key in by:
            ind_cols.append(by[key])
            frame[key] = annex.table[key].to_numpy()
    sheets.append(_annex_sheet(text("report.sheet.indicators", language), frame, ind_cols, annex, language))
    s = result.scores[result.scores["kind"].isin(["component", "subcomponent", "group", "bonus"])]
    comp = pd.DataFrame({
        "unit": s["unit_name"].to_numpy(), "code": s["code"].to_numpy(), "component": s["name"].to_numpy(),
        "max_points": s["max_points"].to_numpy(dtype=float), "score": s["score"].to_numpy(dtype=float),
        "self_score": s["self_score"].to_numpy(dtype=float), "status": [status(x, language) for x in s["status"]],
        "unit_id": s["unit_id"].to_numpy(),
    })
    fmt = number_format(dec)
    sheets.append(SheetSpec(text("report.sheet.components", language), tuple(header(c, language, "annex") for c in comp.columns),
                            comp, (None, None, None, fmt, fmt, fmt, None, None), (), 2))
    return sheets


def scores_csv(result: ScoreResult) -> str:
    """``scores.csv``: :data:`CSV_COLUMNS` at full precision, ranks as integers, with a BOM."""
    tidy = result.scores[list(CSV_COLUMNS)].copy()
    tidy["rank"] = tidy["rank"].astype("Int64")
    return "\ufeff" + csv_text(tidy)
