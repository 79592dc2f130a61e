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
