"""Reports at a province's size (issue 20): no per-unit recomputation of whole-table quantities.

A counting spy wraps the functions that read or reshape a whole table (the result's ``wide``,
``totals``, ``row``, the profile builder, pandas' ``pivot``, ``groupby``, ``sort_values``,
``DataFrame`` construction …) and builds the profiles section, and the reconciliation's workbook
of items to explain, for 10 and for 60 units: the calls are the same in number. The build of
the scoring report at 150 communes (slow) finds every unit by its name and anchor.
Speed itself is measured in ``benchmarks/report_profiles.py``, never here.
"""
from __future__ import annotations

import collections
import functools
import re
import shutil
from html.parser import HTMLParser

import pandas as pd
import pytest
from conftest import ROOT

from dti_kit import load_design, score_units
from dti_kit.forms import read_inputs
from dti_kit.reconcile import report as rr
from dti_kit.reconcile.core import Reconciliation, reconcile
from dti_kit.report import profiles
from dti_kit.report.anchors import unit_anchor
from dti_kit.scoring import ScoreResult

XA = "hoa-binh-2023-xa"


def communes(n: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``n`` communes of Hòa Bình's xã design with names and districts: the bundled 30
    communes (3 without online public services: 6.3 and 6.4 N/A), copied as often as needed
    (copy k is "<name> k", in "<district> k"). Returns the long inputs and the units file."""
    design = load_design(XA)
    base = read_inputs([str(ROOT / "inputs/hoa-binh/2023-xa-synthetic.csv")], design=design)
    base = base[["unit_id", "unit_name", "code", "variable", "value"]]
    units = pd.read_csv(ROOT / "inputs/hoa-binh/2023-xa-units.csv", comment="#")
    ids = list(dict.fromkeys(base["unit_id"]))
    frames, rows = [], []
    for k in range(-(-n // len(ids))):
        take = ids[: n - k * len(ids)]
        part = base[base["unit_id"].isin(take)]
        suffix = "" if k == 0 else f"-{k + 1}"
        name_suffix = "" if k == 0 else f" {k + 1}"
        frames.append(part.assign(unit_id=part["unit_id"] + suffix, unit_name=part["unit_name"] + name_suffix))
        u = units[units["unit_id"].isin(take)]
        rows.append(u.assign(unit_id=u["unit_id"] + suffix, unit_name=u["unit_name"] + name_suffix, parent=u["parent"] + name_suffix))
    return pd.concat(frames, ignore_index=True), pd.concat(rows, ignore_index=True)


class CallCounter:
    """Wraps methods and functions; counts their calls by name."""

    def __init__(self, monkeypatch):
        self.calls: collections.Counter = collections.Counter()
        self._mp = monkeypatch

    def watch(self, owner, name: str, label: str | None = None) -> None:
        original = getattr(owner, name)
        key = label or f"{getattr(owner, '__name__', owner)}.{name}"

        @functools.wraps(original)
        def counted(*args, **kwargs):
            self.calls[key] += 1
            return original(*args, **kwargs)

        self._mp.setattr(owner, name, counted)


#: whole-table reads and reshapes: one call of any of them per unit would make a report O(n²)
PANDAS_WHOLE_TABLE = ("pivot", "pivot_table", "groupby", "sort_values", "merge", "set_index", "reindex", "__init__", "__getitem__")


def _spy_profiles(monkeypatch, n: int) -> tuple[collections.Counter, str]:
    long, units = communes(n)
    result = score_units(load_design(XA), long)
    parents = dict(zip(units["unit_id"], units["parent"]))
    with monkeypatch.context() as mp:
        spy = CallCounter(mp)
        for name in ("wide", "totals", "row", "score", "tidy", "_lookup"):
            spy.watch(ScoreResult, name)
        for name in PANDAS_WHOLE_TABLE:
            spy.watch(pd.DataFrame, name)
        spy.watch(profiles, "build_profiles", "build_profiles")
        page = profiles.profiles_section(result, parents, "vi")
    return spy.calls, page


def test_profiles_section_reads_whole_tables_a_constant_number_of_times(monkeypatch):
    small, page10 = _spy_profiles(monkeypatch, 10)
    large, page60 = _spy_profiles(monkeypatch, 60)
    assert page10.count('<details class="dti-profile"') == 10 and page60.count('<details class="dti-profile"') == 60
    assert small == large, {k: (small[k], large[k]) for k in set(small) | set(large) if small[k] != large[k]}
    # one builder, one units × main indicators table, one totals table — whatever the units
    assert large["build_profiles"] == 1 and large["ScoreResult.wide"] == 1 and large["ScoreResult.totals"] == 1
    assert large["ScoreResult.row"] == 0 and large["ScoreResult._lookup"] == 0
    assert large["DataFrame.groupby"] >= 1  # the spy does see pandas (the weakest components, grouped once)


def _spy_explain_workbook(monkeypatch, tmp_path, n: int) -> collections.Counter:
    design = load_design(XA)
    long, _ = communes(n)
    rec = reconcile(design, long)
    with monkeypatch.context() as mp:
        spy = CallCounter(mp)
        spy.watch(Reconciliation, "to_explain")
        spy.watch(rr, "explanations", "explanations")
        spy.watch(rr, "council_table", "council_table")
        rr.write_explain_workbook(rec, tmp_path / f"explain-{n}.xlsx", "vi")
    return spy.calls


def test_explain_workbook_selects_items_once(monkeypatch, tmp_path):
    small = _spy_explain_workbook(monkeypatch, tmp_path, 10)
    large = _spy_explain_workbook(monkeypatch, tmp_path, 60)
    assert small == large and large["Reconciliation.to_explain"] == 1 and large["council_table"] == 0


def test_council_tables_are_each_units_council_table():
    design = load_design(XA)
    long, _ = communes(12)
    rec = reconcile(design, long)
    tables = rr.council_tables(rec, "vi")
    assert list(tables) == list(rec.result.units)
    assert sum(len(t) for t in tables.values()) == len(rec.to_explain()) > 0
    for u in rec.result.units:
        pd.testing.assert_frame_equal(tables[u], rr.council_table(rec, "vi", unit_id=u))


# -- the built report at 150 communes -------------------------------------------------------
class Profiles(HTMLParser):
    """Each ``details.dti-profile``'s id and summary text, every ``href="#…"`` and every id."""

    def __init__(self, page: str):
        super().__init__()
        self.details, self.links, self.ids, self._in, self._profile = [], [], set(), None, False
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "details":
            self._profile = a.get("class") == "dti-profile"
            if self._profile:
                self.details.append([a.get("id"), ""])
        elif tag == "summary" and self._profile:
            self._in = self.details[-1]
        elif tag == "a" and (a.get("href") or "").startswith("#"):
            self.links.append(a["href"][1:])

    def handle_endtag(self, tag):
        if tag == "summary":
            self._in = None

    def handle_data(self, data):
        if self._in is not None:
            self._in[1] += data


@pytest.mark.slow
@pytest.mark.parametrize("n", [150])
def test_built_report_finds_every_unit(tmp_path, n):
    """The scoring report built for real (papermill, nbconvert) at 150 communes (at 30:
    tests/test_profiles.py, on the profiles' HTML): every commune has one profile
    whose id is its anchor and whose summary line starts with its name; every link to a profile
    resolves; the profiles are grouped by district."""
    from dti_kit.publish.pipeline import build

    long, units = communes(n)
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    (tmp_path / "inputs").mkdir()
    (tmp_path / "params" / "hoa-binh").mkdir(parents=True)
    long.to_csv(tmp_path / "inputs" / "xa.csv", index=False)
    units.to_csv(tmp_path / "inputs" / "units.csv", index=False)
    (tmp_path / "params" / "hoa-binh" / "2023-xa.yaml").write_text(
        f"design: {XA}\ninputs: inputs/xa.csv\nunits: inputs/units.csv\nlanguage: vi\nnotebooks: [scoring_report]\n", encoding="utf-8")
    outcomes = build(["params/hoa-binh/2023-xa.yaml"], tmp_path, jobs=1, progress=False)
    assert [o.status for o in outcomes] == ["built"], [(o.cell, o.error) for o in outcomes]
    page = (tmp_path / "reports" / "2023" / "hoa-binh" / "xa" / "scoring_report.html").read_text(encoding="utf-8")
    doc = Profiles(page)
    names = dict(zip(units["unit_id"], units["unit_name"]))
    assert len(doc.details) == n == len(names)
    assert {d[0] for d in doc.details} == {unit_anchor(u) for u in names}
    by_anchor = {unit_anchor(u): name for u, name in names.items()}
    assert all(summary.startswith(by_anchor[anchor] + " — ") for anchor, summary in doc.details)
    assert set(doc.links) >= {unit_anchor(u) for u in names} and set(doc.links) <= doc.ids
    assert "<script" not in page.lower()
    assert '<details class="dti-profile-index">' in page  # 150 names: the index is closed, one click away
    districts = set(units["parent"])
    assert len(re.findall(r'<h3 class="dti-profile-group">', page)) == len(districts)


def _spy_council_html(monkeypatch, n: int) -> tuple[int, int]:
    from dti_kit.report import tables

    rec = reconcile(load_design(XA), communes(n)[0])
    council = rr.council_table(rec, "vi")
    with monkeypatch.context() as mp:
        spy = CallCounter(mp)
        spy.watch(tables, "_column_decimals", "decimals")
        page = tables.html_table(council, "vi", domain="reconcile")
    return spy.calls["decimals"], page.count("<tr>") - 1


def test_a_tables_decimals_are_found_once_per_column_not_once_per_cell(monkeypatch):
    """The decimals of a float column are a whole-column quantity: at 3,321 communes, finding
    them again for each of the council table's 66,000 cells took 63 s of the reconciliation."""
    small, rows10 = _spy_council_html(monkeypatch, 10)
    large, rows60 = _spy_council_html(monkeypatch, 60)
    council = rr.council_table(reconcile(load_design(XA), communes(10)[0]), "vi")
    floats = sum(pd.api.types.is_float_dtype(council[c]) for c in council.columns)
    # max points, self, computed and appraised scores, difference, points at stake: once each
    assert rows60 > rows10 > 0 and small == large == floats == 6


def test_a_long_council_table_lists_the_items_most_at_stake_and_says_where_the_rest_is():
    """Up to PRINT_DETAIL_ROWS items the report lists them all; beyond, whatever the number of
    units (150 communes have about 1,000 items: a hundred printed pages), it lists those most
    at stake and names the workbook and CSV that hold every item."""
    from dti_kit.i18n import number
    from dti_kit.report.printing import PRINT_DETAIL_ROWS

    design = load_design(XA)
    for n in (5, 150):
        rec = reconcile(design, communes(n)[0])
        council = rr.council_table(rec, "vi")
        page = rr.council_html(rec, council, "vi")
        rows = page.count("<tr>") - 1
        if len(council) <= PRINT_DETAIL_ROWS:
            assert n == 5 and rows == len(council) and "reconciliation_to_explain.xlsx" not in page
        else:
            # the note first (before the reader starts a table of 200 rows), then the items most at stake (council_table's order)
            assert n == 150 and rows == PRINT_DETAIL_ROWS
            assert f"{PRINT_DETAIL_ROWS} lượt chấm đầu tiên trong {number(len(council), 'vi', 0)} lượt này" in page  # 1.234: Vietnamese digits
            assert "reconciliation_to_explain.xlsx" in page
            first = rr.council_html(rec, council.head(PRINT_DETAIL_ROWS), "vi")  # a table of those rows alone
            assert page.endswith(first) and page.index("reconciliation_to_explain.xlsx") < page.index("<table")


@pytest.mark.slow  # make check stays under a minute; make test runs it
@pytest.mark.parametrize("n", [30, 210])
def test_beyond_a_provinces_size_the_print_leaves_out_profiles_and_the_ranking_by_parent(tmp_path, n):
    """Up to PRINT_DETAIL_UNITS units the profiles and the ranking by district print; beyond, each
    is wrapped for the print to leave out, with the note saying where its content is; the screen
    (the HTML) keeps every unit's profile and row."""
    from dti_kit.report import annex as annexes
    from dti_kit.report.data import load_report_data
    from dti_kit.report.printing import PRINT_DETAIL_UNITS

    long, units = communes(n)
    long.to_csv(tmp_path / "xa.csv", index=False)
    units.to_csv(tmp_path / "units.csv", index=False)
    data = load_report_data(XA, [str(tmp_path / "xa.csv")], units=str(tmp_path / "units.csv"), root=tmp_path)
    parents = annexes.parents_html(annexes.annex_of(data), "vi")
    page = profiles.profiles_section(data.result, data.parents(), "vi")
    beyond = n > PRINT_DETAIL_UNITS
    assert page.count('<details class="dti-profile"') == n and parents.count('<tr data-unit=') == n
    assert ('<div class="dti-print-omit">' in page) == beyond and ('<div class="dti-print-omit">' in parents) == beyond
    assert ("Bản in không in hồ sơ của" in page) == beyond and ("thứ hạng trong đơn vị cấp trên có ở cột" in parents) == beyond
