"""The units file (issue "Analysts' own designs, units files"): unit_id, unit_name, parent, kind, ranked."""
import pytest
from conftest import ROOT

from dti_kit import InputError, read_inputs
from dti_kit.units import kind_word, read_units


def _write(tmp_path, text, name="units.csv"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def test_the_shipped_hoa_binh_commune_units_give_each_commune_its_district():
    u = read_units(ROOT / "inputs" / "hoa-binh" / "2023-xa-units.csv")
    assert len(u.units) == 30
    parents = u.parents()
    assert parents["phuong-phuong-lam"] == "Thành phố Hòa Bình"
    assert parents["thi-tran-chi-ne"] == "Huyện Lạc Thủy"
    assert len(set(parents.values())) == 10  # the city and nine districts of Hòa Bình
    assert u.unranked == frozenset()
    long = read_inputs(ROOT / "inputs" / "hoa-binh" / "2023-xa-synthetic.csv")
    assert u.check_against(long["unit_id"].unique()) == []  # the file and the inputs list the same units


def test_ranked_zero_marks_a_unit_assessed_but_not_ranked(tmp_path):
    # Hải Dương 2023: "Thanh tra tỉnh và Ban Quản lý dự án đầu tư xây dựng tỉnh tham gia đánh giá
    # nhưng không xếp hạng do 2 đơn vị này không cung cấp dịch vụ công"
    p = _write(tmp_path, "unit_id,unit_name,kind,ranked\nthanh-tra,Thanh tra tỉnh,sở,0\nso-tc,Sở Tài chính,sở,1\n"
                         "ban-qlda,Ban Quản lý dự án đầu tư xây dựng tỉnh,ban,0\nso-yt,Sở Y tế,sở,\n")
    u = read_units(p)
    assert u.unranked == frozenset({"thanh-tra", "ban-qlda"})
    assert [x.kind for x in u.units] == ["sở", "sở", "ban", "sở"]


def test_every_problem_of_a_units_file_at_once_with_its_line(tmp_path):
    p = _write(tmp_path, "unit_id,unit_name,ranked\na,Xã A,1\na,Xã A bis,1\n,Xã không mã,1\nb,,1\nc,Xã C,yes\nd,Xã\x07D,1\n")
    with pytest.raises(InputError) as exc:
        read_units(p)
    got = sorted((pr.location, pr.message.split(" (")[0]) for pr in exc.value.problems)
    assert got == [
        ("line 3", "duplicate unit_id 'a'"),
        ("line 4", "empty unit_id"),
        ("line 5", "empty unit_name"),
        ("line 6", "ranked must be 0 or 1, got 'yes'"),
        ("line 7", "a control character in unit_name"),
    ]
    assert all(pr.source == str(p) and pr.message_vi for pr in exc.value.problems)


def test_missing_and_unknown_columns_are_named(tmp_path):
    with pytest.raises(InputError) as exc:
        read_units(_write(tmp_path, "id,unit_name,district\nx,Xã X,Huyện Y\n"))
    messages = [pr.message for pr in exc.value.problems]
    assert messages[0] == "missing column 'unit_id'"
    assert any("unknown column 'district'" in m for m in messages) and any("unknown column 'id'" in m for m in messages)
    with pytest.raises(InputError, match="header but no units"):
        read_units(_write(tmp_path, "unit_id,unit_name\n", "empty.csv"))


def test_units_of_the_inputs_and_of_the_file_are_checked_both_ways(tmp_path):
    u = read_units(_write(tmp_path, "unit_id,unit_name\na,Xã A\nb,Xã B\n"))
    problems = u.check_against(["a", "c"])
    assert [(pr.unit_id, pr.location) for pr in problems] == [("c", ""), ("b", "line 3")]
    assert "not in the units file" in problems[0].message and "has no inputs" in problems[1].message


def test_kind_words_in_english_come_from_the_catalogue_and_unknown_kinds_stay_data():
    assert [kind_word(k, "en") for k in ("xã", "phường", "đặc khu", "sở")] == ["commune", "ward", "special zone", "department"]
    assert kind_word("đặc khu", "vi") == "đặc khu"
    assert kind_word("ấp", "en") == "ấp"


def test_a_bad_line_of_the_units_file_never_hides_the_units_it_and_the_inputs_disagree_on(tmp_path):
    """All problems at once (the brief): a units file with a bad ``ranked`` on one line, a unit the
    inputs have and the file has not, and a unit the file lists with no inputs: the three are
    named together, by the API, by ``dti-kit score --units`` and by a build's checks."""
    from dti_kit.units import check_units

    p = _write(tmp_path, "unit_id,unit_name,ranked\na,Xã A,yes\nb,Xã B,1\n")
    listed, problems = check_units(p, ["a", "c"], source="inputs.csv")
    assert [u.unit_id for u in listed.units] == ["a", "b"]
    assert [(pr.unit_id, pr.location, pr.message) for pr in problems] == [
        ("a", "line 2", "ranked must be 0 or 1, got 'yes'"),
        ("c", "", "unit 'c' of the inputs is not in the units file"),
        ("b", "line 3", "unit 'b' of the units file has no inputs in inputs.csv"),
    ]
    assert check_units(_write(tmp_path, "", "empty.csv"), ["a"])[0] is None  # nothing to check against


def test_score_with_units_names_a_bad_line_and_a_missing_unit_together(tmp_path, capsys):
    from dti_kit.cli import main

    sample = ROOT / "inputs" / "hoa-binh" / "2023-xa-synthetic.csv"
    lines = (ROOT / "inputs" / "hoa-binh" / "2023-xa-units.csv").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("unit_id,"))
    first, second = lines[header + 1].split(","), lines[header + 2].split(",")[0]
    first[-1] = "có"  # ranked: neither 0 nor 1
    kept = lines[:header + 1] + [",".join(first)] + lines[header + 3:]  # the second commune left out
    units = _write(tmp_path, "\n".join(kept) + "\n")
    assert main(["score", "hoa-binh-2023-xa", str(sample), "--units", str(units)]) == 2
    err = capsys.readouterr().err
    assert f"line {header + 2}" in err and "ranked must be 0 or 1, got 'có'" in err
    assert f"unit '{second}' of the inputs is not in the units file" in err


def test_score_names_bad_inputs_the_units_file_s_bad_line_and_bad_values_together(tmp_path, capsys):
    """``dti-kit score --units`` reads every file and scores what it can before it refuses: a
    value out of range in the inputs and a bad line of the units file are named in one run."""
    from dti_kit.cli import main

    sample = (ROOT / "inputs" / "hoa-binh" / "2023-xa-synthetic.csv").read_text(encoding="utf-8").splitlines()
    head = sample[0].split(",")
    row = sample[1].split(",")
    row[head.index("value")] = "-5"  # no count or score is negative
    data = _write(tmp_path, "\n".join([sample[0], ",".join(row), *sample[2:]]) + "\n", "inputs.csv")
    lines = (ROOT / "inputs" / "hoa-binh" / "2023-xa-units.csv").read_text(encoding="utf-8").splitlines()
    header = next(i for i, line in enumerate(lines) if line.startswith("unit_id,"))
    first = lines[header + 1].split(",")
    first[-1] = "có"
    units = _write(tmp_path, "\n".join(lines[:header + 1] + [",".join(first)] + lines[header + 2:]) + "\n")
    assert main(["score", "hoa-binh-2023-xa", str(data), "--units", str(units)]) == 2
    err = capsys.readouterr().err
    assert "ranked must be 0 or 1, got 'có'" in err
    assert f"{data}, line 2, unit {row[0]}" in err, err
