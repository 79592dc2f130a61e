"""The synthetic sample inputs (issue 4): deterministic, complete for every design, plausible,
and labelled synthetic in file names and form title blocks."""
from __future__ import annotations

import openpyxl
import pandas as pd
import pytest

from dti_kit import design_ids, load_design, read_inputs, score_units
from dti_kit.forms import read_workbook
from dti_kit.samples import (
    FORM_SAMPLES,
    forms_path,
    generate,
    magnitude,
    sample_inputs,
    sample_path,
    sample_units,
    to_csv,
    write_samples,
)


@pytest.fixture(scope="module")
def samples():
    """{(design id, year): long table} for every design, this year and last year."""
    out = {}
    for did in design_ids():
        d = load_design(did)
        for year in (d.year, d.year - 1):
            out[(did, year)] = sample_inputs(d, year)
    return out


@pytest.fixture(scope="module")
def results(samples):
    return {key: score_units(load_design(key[0]), long, require_complete=True) for key, long in samples.items()}


def test_same_seed_same_bytes():
    d = load_design("hoa-binh-2023-xa")
    a, b = to_csv(sample_inputs(d, 2023, seed=7)), to_csv(sample_inputs(d, 2023, seed=7))
    assert a == b and a != to_csv(sample_inputs(d, 2023, seed=8))
    assert to_csv(generate(d, 2022, 7)) != to_csv(generate(d, 2023, 7))  # last year differs


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_written_files_are_byte_identical(tmp_path):
    ids = ["vung-tau-2024-huyen", "bac-kan-2022-huyen"]
    first = write_samples(tmp_path / "a", ids=ids)
    second = write_samples(tmp_path / "b", ids=ids)
    rel = [p.relative_to(tmp_path / "a") for p in first]
    assert rel == [p.relative_to(tmp_path / "b") for p in second]
    assert [str(r) for r in rel] == [
        "vung-tau/2024-huyen-synthetic.csv",
        "vung-tau/2024-huyen-forms-synthetic/vung-tau-2024-huyen-thanh-pho-vung-tau-synthetic.xlsx",
        "vung-tau/2023-huyen-synthetic.csv",
        "bac-kan/2022-huyen-synthetic.csv",
        "bac-kan/2021-huyen-synthetic.csv",
    ]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a


@pytest.mark.slow  # make check stays under a minute; make test runs it
def test_every_sample_scores_without_error(samples, results):
    for (did, year), res in results.items():
        d = load_design(did)
        assert list(res.units) == [u for u, _ in sample_units(d)], (did, year)
        assert res.missing.empty
        t = res.totals()
        assert t["score"].notna().all() and (t["percent"] > 10).all() and (t["percent"] < 100).all(), (did, year)


def test_units_named_in_the_issue(samples):
    names = lambda did, y: list(dict.fromkeys(samples[(did, y)]["unit_name"]))  # noqa: E731
    assert names("hoa-binh-2023-huyen", 2023) == [
        "Thành phố Hòa Bình", "Huyện Đà Bắc", "Huyện Lương Sơn", "Huyện Kim Bôi", "Huyện Cao Phong",
        "Huyện Tân Lạc", "Huyện Mai Châu", "Huyện Lạc Sơn", "Huyện Yên Thủy", "Huyện Lạc Thủy"]
    assert len(names("hoa-binh-2023-so", 2023)) == 19  # Phụ lục I lists 19 departments
    assert len(names("hoa-binh-2023-xa", 2023)) == 30
    assert names("ninh-thuan-2022-tinh", 2022)[0] == "Ninh Thuận" and len(names("ninh-thuan-2022-tinh", 2022)) == 11
    assert names("vung-tau-2024-huyen", 2024) == ["Thành phố Vũng Tàu"]
    assert len(names("bac-kan-2022-huyen", 2022)) == 8 and len(names("hai-duong-2023-huyen", 2023)) == 12


def test_self_scores_over_claim_and_appraisals_lower(results):
    for did in ("hoa-binh-2023-huyen", "ninh-thuan-2022-tinh", "vung-tau-2024-xa"):
        s = results[(did, load_design(did).year)].scores
        leaf = s[s["kind"].isin(["component", "subcomponent"]) & s["computed_score"].notna()]
        over = leaf["self_score"] > leaf["computed_score"] + 0.01
        assert 0.03 < over.mean() < 0.2, did  # about 12% of items over-claimed
        given = leaf[leaf["status"] == "given"]
        assert len(given) > 0 and (given["score"] < given["computed_score"]).all(), did
    # structure-only designs: self and appraised scores per main indicator, some over-claimed
    s = results[("hai-duong-2023-huyen", 2023)].scores
    ind = s[(s["kind"] == "indicator") & (s["status"] == "given")]
    assert (ind["self_score"] > ind["score"]).any() and (ind["self_score"] >= ind["score"] - 1e-9).all()


def test_not_applicable_items(results):
    # Hòa Bình Mục V.4.2: units without online public services (6.3, 6.4, 6.6 cấp huyện) are N/A
    na = results[("hoa-binh-2023-huyen", 2023)].na_items
    assert {"6.3", "6.4", "6.6"} <= set(na["code"]) and (na["policy"] == "proportional").all()
    # Hải Dương point 4 ("Không đánh giá"): one indicator of one unit removed from its max
    t = results[("hai-duong-2023-huyen", 2023)].totals()
    assert (t["max_points"] < 600).sum() == 1
    # Bắc Kạn Điều 6.2: the not-applicable indicator gets the mean of the others' scores
    assert len(results[("bac-kan-2022-huyen", 2022)].na_items) == 1


def test_previous_year_is_less_mature(results):
    for did in design_ids():
        d = load_design(did)
        this, last = results[(did, d.year)].totals(), results[(did, d.year - 1)].totals()
        assert this["percent"].mean() > last["percent"].mean(), did


def test_counts_are_plausible(samples):
    """Denominators have the size of what their label counts, for the level assessed."""
    d = load_design("vung-tau-2024-xa")
    long = samples[("vung-tau-2024-xa", 2024)]
    # VIII.5 b "Tổng số người dân từ 15 tuổi trở lên" of a ward or commune: thousands, not millions
    b = pd.to_numeric(long[(long["code"] == "VIII.5") & (long["variable"] == "b")]["value"])
    assert ((b > 2_000) & (b < 40_000)).all()
    # the same count is the same number wherever one unit's form asks for it (VIII.5–7 b)
    same = long[long["code"].isin(["VIII.5", "VIII.6", "VIII.7"]) & (long["variable"] == "b")]
    assert (same.groupby("unit_id")["value"].nunique() == 1).all()
    # counts of things are whole numbers
    inputs = long[~long["variable"].isin(["self_score", "appraised_score", "na"])]
    numbers = pd.to_numeric(inputs["value"], errors="coerce").dropna()
    assert (numbers == numbers.round()).all()
    assert d.node("VIII.5").rule.kind == "tiers"
    h = samples[("hoa-binh-2023-huyen", 2023)]
    # 6.14 b "Tổng chi ngân sách nhà nước (triệu đồng)" of a district: tens of billions of đồng
    budget = pd.to_numeric(h[(h["code"] == "6.14") & (h["variable"] == "b")]["value"])
    assert ((budget > 5_000) & (budget < 300_000)).all()
    assert magnitude("Tổng số hộ gia đình của xã, phường, thị trấn")[3] == "households"


@pytest.mark.slow
def test_forms_say_synthetic_and_read_back_as_the_csv(tmp_path):
    did = "vung-tau-2024-xa"
    assert FORM_SAMPLES[did] == "units"
    written = write_samples(tmp_path, ids=[did])
    d = load_design(did)
    folder = forms_path(tmp_path, d, 2024)
    forms = sorted(folder.iterdir())
    assert len(forms) == 17 and all(p.name.endswith("-synthetic.xlsx") for p in forms)
    assert sample_path(tmp_path, d, 2024).name == "2024-xa-synthetic.csv" and sample_path(tmp_path, d, 2024) in written
    ws = openpyxl.load_workbook(forms[0])["Chỉ số"]
    assert ws["A1"].value.startswith("[DỮ LIỆU GIẢ LẬP]") and ws["A5"].value.startswith("DỮ LIỆU GIẢ LẬP (synthetic)")
    csv = read_inputs(sample_path(tmp_path, d, 2024))
    back = read_inputs(folder)
    key = ["unit_id", "code", "variable"]
    a = csv[key + ["value"]].assign(value=pd.to_numeric(csv["value"], errors="coerce").fillna(-1))
    b = back[key + ["value"]].assign(value=pd.to_numeric(back["value"], errors="coerce").fillna(-1))
    m = a.merge(b, on=key, how="outer", indicator=True)
    assert (m["_merge"] == "both").all() and (m["value_x"] == m["value_y"]).all()
    ta = score_units(d, csv).totals().set_index("unit_id")["score"]
    tb = score_units(d, back).totals().set_index("unit_id")["score"]
    pd.testing.assert_series_equal(ta.sort_index(), tb.sort_index())
    assert read_workbook(forms[0]).attrs["year"] == 2024


def test_stated_maturity_shapes_the_province_sample():
    """sample_units.yaml fixes illustrative maturity levels at province level: Ninh Thuận lags
    (its plan: DTI 2021 0.3048, rank 53/63), Đà Nẵng leads."""
    from dti_kit import load_design, score_units
    from dti_kit.samples import generate, stated_maturity

    d = load_design("ninh-thuan-2022-tinh")
    assert stated_maturity(d)["Ninh Thuận"] == 0.37
    t = score_units(d, generate(d, 2022)).totals().set_index("unit_id")
    assert t.loc["da-nang", "rank"] == 1
    assert t.loc["ninh-thuan", "rank"] >= 8 and t.loc["ninh-thuan", "value"] < 0.45
