"""Units merged in the 2025 reorganisation: score the new units from their former units.

Since 1 July 2025 Vietnam has 34 provinces and two levels of local government; a 2025 report
compares new communes (or provinces) with last year's units merged into them. The Ministry
ranked merged provinces in DTI 2024 (published 21/10/2025) by "giá trị trung bình cộng các chỉ
số chính của DTI các tỉnh trước sáp nhập": each main indicator of a new unit is the
**unweighted mean** of that indicator over its former units, and its total, percent, value,
band and rank follow from those means as for any unit. That is :data:`MEAN_RULE`.

The mapping is data: a CSV ``unit_id, new_unit_id, new_unit_name`` (one row per former unit).
"""
from __future__ import annotations

import csv
import io
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from dti_kit.errors import InputError, Problem
from dti_kit.scoring import RESULT_COLUMNS, ScoreResult, _band, rank_of

__all__ = ["MEAN_RULE", "UnitMapping", "MergedResult", "read_mapping", "merge_scores"]

MEAN_RULE = {
    "id": "mean-of-former-units",
    "quote": "giá trị trung bình cộng các chỉ số chính của DTI các tỉnh trước sáp nhập",
    "source": "Bộ Khoa học và Công nghệ, kết quả DTI 2024 (công bố ngày 21/10/2025)",
}
MAPPING_COLUMNS = ("unit_id", "new_unit_id", "new_unit_name")
# The rows a new unit gets: the main indicators, the pillars, bonus/penalty items and the total.
# Each is the mean over the former units; percent, value, band and rank are then computed again.
MERGED_KINDS = ("indicator", "pillar", "bonus", "total")


@dataclass(frozen=True)
class UnitMapping:
    """Former units → new units, in file order."""

    path: str
    former_to_new: dict  # unit_id -> new_unit_id
    new_names: dict  # new_unit_id -> new_unit_name
    lines: dict  # unit_id -> line of the file

    def former_of(self, new_unit_id: str) -> list[str]:
        return [u for u, n in self.former_to_new.items() if n == new_unit_id]


def read_mapping(path: str | Path) -> UnitMapping:
    """Read and validate a mapping file; every problem at once, with its line.

    Raises
    ------
    InputError
        A missing column, an empty cell, a former unit mapped twice, one new unit given two
        names, a control character, a file that is not UTF-8 CSV.
    """
    path = Path(path)
    src = str(path)

    def problem(en, vi, line=None, **kw):
        return Problem(en, vi, source=src, location=f"line {line}" if line else "", **kw)

    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise InputError([problem(f"cannot read the mapping file: {exc.strerror}", "không đọc được tệp sáp nhập")]) from None
    except UnicodeDecodeError as exc:
        raise InputError([problem(f"not UTF-8 text (byte {exc.start})", f"không phải văn bản UTF-8 (byte {exc.start})")]) from None
    rows = [(i + 1, r) for i, r in enumerate(csv.reader(io.StringIO(text))) if r and any(c.strip() for c in r)
            and not r[0].lstrip().startswith("#")]
    if not rows:
        raise InputError([problem("the mapping file is empty", "tệp sáp nhập trống")])
    header_line, header = rows[0]
    header = [h.strip() for h in header]
    missing = [c for c in MAPPING_COLUMNS if c not in header]
    if missing:
        raise InputError([problem(f"missing column {c!r} (columns: {', '.join(MAPPING_COLUMNS)})", f"thiếu cột {c!r}", header_line)
                          for c in missing])
    col = {c: header.index(c) for c in MAPPING_COLUMNS}
    problems: list[Problem] = []
    former_to_new: dict[str, str] = {}
    names: dict[str, str] = {}
    lines: dict[str, int] = {}
    for line, r in rows[1:]:
        cells = {c: unicodedata.normalize("NFC", r[i].strip()) if i < len(r) else "" for c, i in col.items()}
        bad = [c for c, v in cells.items() if any(unicodedata.category(ch) == "Cc" for ch in v)]
        empty = [c for c, v in cells.items() if not v]
        for c in bad:
            problems.append(problem(f"a control character in {c}", f"có ký tự điều khiển trong cột {c}", line, variable=c))
        for c in empty:
            problems.append(problem(f"empty {c}", f"thiếu {c}", line, variable=c))
        if bad or empty:
            continue
        uid, nid, nname = cells["unit_id"], cells["new_unit_id"], cells["new_unit_name"]
        if uid in former_to_new:
            problems.append(problem(f"unit {uid!r} is mapped twice (first on line {lines[uid]})",
                                    f"đơn vị {uid!r} xuất hiện hai lần (lần đầu ở dòng {lines[uid]})", line, unit_id=uid))
            continue
        if nid in names and names[nid] != nname:
            problems.append(problem(f"new unit {nid!r} has two names: {names[nid]!r} and {nname!r}",
                                    f"đơn vị mới {nid!r} có hai tên: {names[nid]!r} và {nname!r}", line, unit_id=nid))
            continue
        former_to_new[uid], lines[uid] = nid, line
        names.setdefault(nid, nname)
    if problems:
        raise InputError(problems)
    if not former_to_new:
        raise InputError([problem("the mapping file has a header but no rows", "tệp sáp nhập chỉ có dòng tiêu đề")])
    return UnitMapping(src, former_to_new, names, lines)


@dataclass(frozen=True)
class MergedResult:
    """The new units' rows: main indicators, pillars, bonus items and total, each the mean of the former units.

    ``scores`` has the columns of :meth:`ScoreResult.tidy` (``unit_id`` is the new unit's) plus
    ``unit_name`` and ``former_units`` (how many units were merged into the new one).
    """

    design: object
    scores: pd.DataFrame
    mapping: UnitMapping
    rule: dict

    def tidy(self) -> pd.DataFrame:
        return self.scores[["unit_id", "unit_name", *RESULT_COLUMNS[1:], "former_units"]].copy()

    def totals(self) -> pd.DataFrame:
        t = self.scores[self.scores["kind"] == "total"]
        return t[["unit_id", "unit_name", "max_points", "score", "percent", "value", "band", "rank", "former_units"]].reset_index(drop=True)


def merge_scores(result: ScoreResult, mapping: UnitMapping) -> MergedResult:
    """Score the new units: each row the unweighted mean over the former units (:data:`MEAN_RULE`).

    Percent and value follow from the mean total over the mean max; bands from the design's
    bands; ranks among the new units (the design's ranking rule). A unit that merges alone
    keeps its values.

    Raises
    ------
    InputError
        A scored unit missing from the mapping, or a mapping row whose unit has no scores
        (every one, with the mapping file's line).

    Examples
    --------
    >>> merged = merge_scores(result, read_mapping("mapping.csv"))  # doctest: +SKIP
    >>> merged.totals()[["unit_id", "score", "rank"]]  # doctest: +SKIP
    """
    scored = list(result.units)
    problems = [
        Problem(f"unit {u!r} is scored but not in the mapping file", f"đơn vị {u!r} có điểm nhưng không có trong tệp sáp nhập",
                source=mapping.path, unit_id=u)
        for u in scored if u not in mapping.former_to_new
    ]
    have = set(scored)
    problems += [
        Problem(f"unit {u!r} of the mapping has no scores", f"đơn vị {u!r} trong tệp sáp nhập không có điểm",
                source=mapping.path, location=f"line {mapping.lines[u]}", unit_id=u)
        for u in mapping.former_to_new if u not in have
    ]
    if problems:
        raise InputError(problems)
    design = result.design
    rows = result.scores[result.scores["kind"].isin(MERGED_KINDS)]
    rows = rows.assign(new_unit_id=rows["unit_id"].map(mapping.former_to_new))
    new_ids = list(dict.fromkeys(mapping.former_to_new[u] for u in scored))  # order of first former unit
    node_order = list(dict.fromkeys(rows["code"]))
    means = rows.groupby(["new_unit_id", "code"], sort=False).agg(
        kind=("kind", "first"), name=("name", "first"), max_points=("max_points", "mean"), score=("score", "mean"),
        former_units=("unit_id", "nunique"))
    means = means.reindex(pd.MultiIndex.from_product([new_ids, node_order], names=["new_unit_id", "code"])).reset_index()
    means["percent"] = np.nan
    means["value"] = np.nan
    means["band"] = None
    means["rank"] = pd.array([pd.NA] * len(means), dtype="Int64")
    for kind, where in (("pillar", "pillars"), ("total", "total")):
        sel = (means["kind"] == kind).to_numpy()
        if not sel.any():
            continue
        mx, sc = means.loc[sel, "max_points"].to_numpy(float), means.loc[sel, "score"].to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            value = np.where(mx > 0, sc / mx, np.nan)
        means.loc[sel, "value"] = value
        means.loc[sel, "percent"] = value * 100
        band = _band(design, value * 100, where)
        if band is not None:
            means.loc[sel, "band"] = band
        if kind == "total":
            means.loc[sel, "rank"] = pd.array(rank_of(value * 100).astype(int), dtype="Int64")
    means["unit_id"] = means["new_unit_id"]
    means["unit_name"] = means["new_unit_id"].map(mapping.new_names)
    cols = ["unit_id", "unit_name", "code", "kind", "max_points", "score", "percent", "value", "band", "rank", "former_units"]
    return MergedResult(design, means[cols], mapping, MEAN_RULE)
