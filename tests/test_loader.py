"""A broken design file gets an error naming the file, the code and the problem."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES

from dti_kit import DesignError, UnknownDesignError, load_design, load_design_file


def _write(tmp_path: Path, data: dict, name: str = "mini-2024-huyen.yaml") -> Path:
    p = tmp_path / name
    p.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return p


@pytest.fixture
def raw():
    return yaml.safe_load((FIXTURES / "mini-2024-huyen.yaml").read_text(encoding="utf-8"))


def test_fixture_loads(raw, tmp_path):
    d = load_design_file(_write(tmp_path, raw))
    assert d.id == "mini-2024-huyen" and len(d.components()) == 7


def test_all_problems_at_once_with_file_and_code(raw, tmp_path):
    comps = raw["main_indicators"][0]["components"]
    comps[0]["max_points"] = 12                      # 1: with 1.2 refused, components sum to 12
    comps[1]["rule"] = {"kind": "ratio", "numerator": ["a"]}  # 1.2: no denominator
    comps[1]["code"] = "1.1"                          # duplicate code
    raw["main_indicators"][2]["components"][0]["inputs"] = {"a": "x"}  # 3.1 lacks b
    with pytest.raises(DesignError) as exc:
        load_design_file(_write(tmp_path, raw))
    text = str(exc.value)
    assert "mini-2024-huyen.yaml" in text
    # each in Vietnamese, then English
    assert ("code 1: tổng điểm các chỉ số thành phần là 12, không bằng 20 của chỉ số chính / "
            "components sum to 12, not the indicator's 20") in text
    assert "code 1.1: mã bị trùng (đã dùng cho component) / duplicate code" in text
    assert "code 3.1: inputs thiếu biến của quy tắc chấm ['b'] / inputs lack the rule's variable(s) ['b']" in text
    assert len(exc.value.problems) >= 3


def test_rule_parameter_errors_name_the_code(raw, tmp_path):
    raw["main_indicators"][0]["components"][1]["rule"] = {"kind": "ratio_target", "numerator": ["a"], "denominator": ["b"], "target": 85}
    with pytest.raises(DesignError, match=r"code 1.2: quy tắc chấm: .* / rule: parameter 'target' must be a fraction"):
        load_design_file(_write(tmp_path, raw))


def test_scale_must_match_unless_an_erratum_waives_it(raw, tmp_path):
    raw["scale"] = 110
    with pytest.raises(DesignError, match="sum to 100, not the scale 110"):
        load_design_file(_write(tmp_path, raw))
    raw["errata"] = [{"id": "scale", "code": None, "waives": ["sum"],
                      "problem": {"vi": "Văn bản ghi 110", "en": "the text says 110"},
                      "assumption": {"vi": "Giữ 110", "en": "keep 110"}}]
    assert load_design_file(_write(tmp_path, raw)).scale == 110


def test_codes_read_as_numbers_are_refused(raw, tmp_path):
    raw["main_indicators"][0]["components"][0]["code"] = 1.1
    with pytest.raises(DesignError, match="read as a number"):
        load_design_file(_write(tmp_path, raw))


def test_invalid_yaml_and_unsafe_tags(tmp_path):
    p = tmp_path / "x-2024-xa.yaml"
    p.write_text("id: [unclosed", encoding="utf-8")
    with pytest.raises(DesignError, match="not valid YAML"):
        load_design_file(p)
    p.write_text("!!python/object/apply:os.system ['echo hacked']", encoding="utf-8")
    with pytest.raises(DesignError):  # yaml.safe_load refuses python tags
        load_design_file(p)


def test_unknown_design():
    with pytest.raises(UnknownDesignError, match="hoa-binh-2023-huyen"):
        load_design("hoa-binh-2099-huyen")
    with pytest.raises(UnknownDesignError):
        load_design("../../etc/passwd")


def test_model_is_immutable():
    d = load_design("hoa-binh-2023-huyen")
    with pytest.raises(AttributeError):
        d.scale = 5
    with pytest.raises(AttributeError):
        d.components()[0].max_points = 1


def test_yaml_reader_is_safe_and_uses_libyaml_when_present():
    """Designs, params and catalogues are read with a safe loader (libyaml's C one when PyYAML has
    it): plain data only, tags that would run code are refused."""
    from dti_kit._util.safeyaml import LOADER, safe_load

    assert issubclass(LOADER, yaml.constructor.SafeConstructor)
    if yaml.__with_libyaml__:
        assert LOADER is yaml.CSafeLoader
    assert safe_load("a: [1, 2.5, 'Hòa Bình']") == {"a": [1, 2.5, "Hòa Bình"]}
    with pytest.raises(yaml.constructor.ConstructorError):
        safe_load("!!python/object/apply:os.system ['echo pwned']")


def test_a_ranking_source_left_empty_is_no_source_not_the_word_none(raw, tmp_path):
    # `source:` with nothing after it is YAML's null: the methodology then cites no source
    raw["ranking"] = {"ties": "competition", "source": None, "source_en": None}
    d = load_design_file(_write(tmp_path, raw))
    assert d.ranking.source == "" and d.ranking.source_in("en") == ""
    raw["ranking"] = {"ties": "competition", "source": ["Điều 5"]}
    with pytest.raises(DesignError, match="'source' must be text"):
        load_design_file(_write(tmp_path, raw))
