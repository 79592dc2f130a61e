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
from dti_kit.ranks import rank_by_design, ranked_units
from dti_kit.scoring import RESULT_COLUMNS, ScoreResult

__all__ = ["MEAN_RULE", "UnitMapping", "MergedResult", "ChangeSinceLastYear", "read_mapping", "merge_scores",
           "change_since_last_year"]

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
        if design.bands is not None and where in design.bands.applies_to:
            means.loc[sel, "band"] = design.bands.labels_of(value * 100)
        if kind == "total":  # the design's ties and published decimals, as the engine ranks
            means.loc[sel, "rank"] = _rank(value * 100, design)
    means["unit_id"] = means["new_unit_id"]
    means["unit_name"] = means["new_unit_id"].map(mapping.new_names)
    cols = ["unit_id", "unit_name", "code", "kind", "max_points", "score", "percent", "value", "band", "rank", "former_units"]
    return MergedResult(design, means[cols], mapping, MEAN_RULE)


CHANGE_COLUMNS = ("unit_id", "unit_name", "former_units", "last_score", "last_max_points", "last_percent", "last_rank",
                  "score", "max_points", "percent", "rank", "change_score", "change_percent", "change_rank")


@dataclass(frozen=True)
class ChangeSinceLastYear:
    """Each new unit of this year against the mean of its former units last year (:data:`MEAN_RULE`).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per unit of this year, columns :data:`CHANGE_COLUMNS`. ``last_*`` are last
        year's mean-of-former-units values (NaN for a unit with no former unit in the
        mapping); ``change_rank`` is last year's rank minus this year's (positive: moved up).
    basis : str
        ``"total"``: the two designs have the same main indicators (codes and points), so
        totals, percents and ranks compare as they are. ``"shared"``: they differ, so both
        years are taken over the main indicators the two share (by code), compared by the
        percent of those indicators' points; ``score``/``max_points`` are then over the shared
        indicators, ranks are among the units on that percent and ``change_score`` is NaN.
    shared_codes, only_last, only_this : tuple of str
        Main-indicator codes both designs have; those only last year's or only this year's has.
    notes : tuple of (str, dict)
        What the report must say, as catalogue message ids and their fields
        (``text(msg_id, language, **fields)``): the mean rule always, the shared basis when
        the designs differ, the units with no former unit.
    """

    table: pd.DataFrame
    basis: str
    shared_codes: tuple[str, ...]
    only_last: tuple[str, ...]
    only_this: tuple[str, ...]
    notes: tuple[tuple[str, dict], ...]
    rule: dict


def _indicator_points(design) -> dict[str, float]:
    return {m.code: float(m.max_points) for m in design.main_indicators if m.scored}


def _rank(percent: np.ndarray, design) -> pd.api.extensions.ExtensionArray:
    """:func:`dti_kit.ranks.rank_by_design` as ``Int64`` (NaN: missing)."""
    r = rank_by_design(np.asarray(percent, dtype=float), design)
    return pd.array(r, dtype="Float64").astype("Int64") if len(r) else pd.array([], dtype="Int64")


def _over(scores: pd.DataFrame, codes: tuple[str, ...] | None, design, ranked: set[str] | None = None) -> pd.DataFrame:
    """Per unit: score and max points of the total (``codes`` None) or of those main indicators
    summed, their percent, and the rank by ``design``'s rule among the ``ranked`` units (all
    when None; the others have no rank, as in the engine's ranking)."""
    if codes is None:
        rows = scores[scores["kind"] == "total"]
    else:
        rows = scores[(scores["kind"] == "indicator") & scores["code"].isin(codes)]
    out = rows.groupby("unit_id", sort=False)[["score", "max_points"]].sum(min_count=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["percent"] = np.where(out["max_points"] > 0, out["score"] / out["max_points"] * 100, np.nan)
    pct = out["percent"].to_numpy(float)
    if ranked is not None:
        pct = np.where(out.index.isin(list(ranked)), pct, np.nan)
    out["rank"] = _rank(pct, design)
    return out


def change_since_last_year(this: ScoreResult, last: ScoreResult, mapping: UnitMapping) -> ChangeSinceLastYear:
    """This year's units against last year's former units merged into them (:data:`MEAN_RULE`).

    Last year's units are merged with :func:`merge_scores` (each main indicator the mean over
    the former units; total, percent and rank among the new units follow). When last year's
    design differs from this year's in its main indicators (codes or points), only the main
    indicators the two share by code are compared, by the percent of their points, and the
    result says so (``basis``, ``notes``).

    Raises
    ------
    InputError
        A unit of last year missing from the mapping, or a mapping row with no scores last year.

    Examples
    --------
    >>> ch = change_since_last_year(this, last, read_mapping("mapping.csv"))  # doctest: +SKIP
    >>> ch.table[["unit_id", "last_percent", "percent", "change_percent"]]  # doctest: +SKIP
    >>> [text(i, "vi", **f) for i, f in ch.notes]  # doctest: +SKIP
    """
    merged = merge_scores(last, mapping)
    p_last, p_this = _indicator_points(last.design), _indicator_points(this.design)
    shared = tuple(c for c in p_this if c in p_last)
    only_last = tuple(c for c in p_last if c not in p_this)
    only_this = tuple(c for c in p_this if c not in p_last)
    same = p_last == p_this and last.design.scale == this.design.scale
    basis = "total" if same else "shared"
    codes = None if same else shared
    ranked = {u for u, r in zip(this.units, ranked_units(this)) if r}  # units the design or units file leave out: no rank
    now = _over(this.scores, codes, this.design, ranked)
    then = _over(merged.scores, codes, last.design)
    former = merged.scores.groupby("unit_id", sort=False)["former_units"].max()
    units = list(this.units)
    table = pd.DataFrame({"unit_id": units, "unit_name": [this.unit_names.get(u, "") for u in units]})
    table["former_units"] = pd.array([former.get(u, 0) for u in units], dtype="Int64")
    for col in ("score", "max_points", "percent", "rank"):
        table[f"last_{col}"] = then[col].reindex(units).to_numpy() if col != "rank" else then[col].reindex(units).array
        table[col] = now[col].reindex(units).to_numpy() if col != "rank" else now[col].reindex(units).array
    table["change_score"] = (table["score"] - table["last_score"]) if same else np.nan
    table["change_percent"] = table["percent"] - table["last_percent"]
    table["change_rank"] = table["last_rank"] - table["rank"]
    notes: list[tuple[str, dict]] = [("own.change_mean_rule", {"quote": MEAN_RULE["quote"], "source": MEAN_RULE["source"]})]
    if not same:
        notes.append(("own.change_shared_basis", {"last": last.design.id, "this": this.design.id, "codes": ", ".join(shared) or "—",
                                                  "only_last": ", ".join(only_last) or "—", "only_this": ", ".join(only_this) or "—"}))
    without = [u for u in units if u not in former.index]
    if without:
        notes.append(("own.change_no_former", {"units": ", ".join(without)}))
    return ChangeSinceLastYear(table[list(CHANGE_COLUMNS)], basis, shared, only_last, only_this, tuple(notes), MEAN_RULE)
