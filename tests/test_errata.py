"""Errata in both languages: every shipped erratum explains the problem and the assumption in
Vietnamese and English, the Vietnamese words carry no identifier of the code, the loader refuses
an erratum lacking a language, and the scoring report's errata table is in the report's language."""
from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path

import pytest
import yaml
from conftest import FIXTURES

from dti_kit import (
    DesignError,
    list_designs,
    load_design,
    load_design_file,
    loader,
    model,
)
from dti_kit.na import NA_METHODS
from dti_kit.report.tables import errata_table, html_table
from dti_kit.rules import RESERVED, rule_kinds

LANGUAGES = ("vi", "en")
# letters only Vietnamese uses: a Vietnamese text has some, an English one (names aside) few
VIETNAMESE_LETTERS = re.compile(r"[ăâđêôơưàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ]", re.IGNORECASE)
TOKEN = re.compile(r"\w+(?:[-_]\w+)*")
SNAKE_CASE = re.compile(r"^[A-Za-z0-9]+(?:_[A-Za-z0-9]+)+$")
IDENTIFIER = re.compile(r"^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$")


def _errata():
    return [(d.id, e) for d in list_designs() for e in d.errata]


def _walk_rule(params, out: set[str]) -> None:
    """Keys and identifier-like values (kinds, variables, case codes, methods) of a rule's YAML."""
    if isinstance(params, dict):
        for k, v in params.items():
            out.add(str(k))
            _walk_rule(v, out)
    elif isinstance(params, (list, tuple)):
        for v in params:
            _walk_rule(v, out)
    elif isinstance(params, str) and IDENTIFIER.match(params):
        out.add(params)


def code_identifiers() -> frozenset[str]:
    """Every name of the code a reader could meet in an erratum, from the registries and schema."""
    names: set[str] = set(rule_kinds()) | set(NA_METHODS) | set(RESERVED)
    for attr in dir(loader):  # the design-schema keys the loader checks (TOP_KEYS, ERRATUM_KEYS, …)
        value = getattr(loader, attr)
        if attr.endswith("_KEYS") and isinstance(value, (set, frozenset)):
            names |= value
    for cls in vars(model).values():  # the fields of the model (applies_to, max_points, …)
        if isinstance(cls, type) and dataclasses.is_dataclass(cls) and cls.__module__ == model.__name__:
            names |= {f.name for f in dataclasses.fields(cls)}
    for d in list_designs():  # each rule's parameters, variables, case codes and methods
        for node in [*d.leaves(), *d.bonus]:
            names |= set(node.rule.allowed_params())
            _walk_rule(node.rule.params, names)
    return frozenset(n for n in names if len(n) > 1)  # single letters (a, b) are the texts' own


@pytest.fixture(scope="module")
def identifiers() -> frozenset[str]:
    return code_identifiers()


def test_the_identifier_list_is_built_from_the_code(identifiers):
    # issue 18's examples, and one name of each source: a test of an empty list could not fail
    for name in ("ratio_target", "on_zero_denominator", "proportional", "peer-mean", "applies_to",
                 "appraised_score", "stated_components", "part_of_whole", "min_max", "hang_tuan"):
        assert name in identifiers, name


def test_every_shipped_erratum_has_both_languages():
    errata = _errata()
    assert len(errata) == 193  # 8+7+11 Bắc Kạn, 5+5 Hải Dương, 30+19+25 Hòa Bình, 44 Ninh Thuận, 20+19 Vũng Tàu
    for did, e in errata:
        for lang in LANGUAGES:
            assert e.problem_in(lang).strip() and e.assumption_in(lang).strip(), (did, e.id, lang)
        # translated, not copied: the Vietnamese is written in Vietnamese; it equals the English only
        # where both are a formula quoted in the decision's words ("Tổng điểm = Điểm 1 + Điểm 2")
        assert e.problem_vi != e.problem_en, (did, e.id)
        assert VIETNAMESE_LETTERS.search(e.problem_vi) and VIETNAMESE_LETTERS.search(e.assumption_vi), (did, e.id)
        if e.assumption_vi == e.assumption_en:
            assert "=" in e.assumption_vi and not re.search(r"\b(the|is|of|and)\b", e.assumption_vi), (did, e.id)


def test_vietnamese_errata_carry_no_code_identifier(identifiers):
    found = []
    for did, e in _errata():
        for field, text in (("problem", e.problem_vi), ("assumption", e.assumption_vi)):
            for tok in TOKEN.findall(text):
                if tok.isascii() and (tok.lower() in identifiers or SNAKE_CASE.match(tok)):
                    found.append(f"{did} {e.id} {field}.vi: {tok}")
    assert found == []


def test_english_errata_carry_no_snake_case_identifier(identifiers):
    # English may keep plain words that are also kind names ("ratio", "sum"); never a code name
    coded = {n for n in identifiers if "_" in n or "-" in n}
    found = [
        f"{did} {e.id}: {tok}"
        for did, e in _errata()
        for text in (e.problem_en, e.assumption_en)
        for tok in TOKEN.findall(text)
        if tok.isascii() and (SNAKE_CASE.match(tok) or tok.lower() in coded)
    ]
    assert found == []


# the Vietnamese abbreviations of the texts (../shared/GLOSSARY.md): an English reader cannot know
# them, so an English erratum that uses one in its own words spells it out once ("(ABBR, its
# words)" or "its words (ABBR)"); inside a quotation or a Vietnamese name it is data
VIETNAMESE_ABBREVIATIONS = ("DVCTT", "CBCCVC", "CBCC", "ATTT", "CĐS", "TTHC", "CNTT", "CSDL")
QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"|\([^()]*\)")


def _own_words(text: str) -> str:
    # quotations, and parentheses holding Vietnamese (a component's name as printed), are the text's
    return QUOTED.sub(lambda m: " " if m[0][0] in "'\"" or VIETNAMESE_LETTERS.search(m[0]) else m[0], text)


def test_english_errata_spell_out_the_vietnamese_abbreviations_they_use():
    unexplained = []
    for did, e in _errata():
        whole = f"{e.problem_en} {e.assumption_en}"
        for abbr in VIETNAMESE_ABBREVIATIONS:
            used = re.search(rf"(?<![\w-]){abbr}(?![\w-])", _own_words(whole))
            spelled = re.search(rf"\({abbr}[,)]", whole)
            if used and not spelled:
                unexplained.append(f"{did} {e.id}: {abbr}")
    assert unexplained == []
    # the rule reads what a reader reads: a bare abbreviation is found, a quoted one is not
    assert re.search(r"(?<![\w-])DVCTT(?![\w-])", _own_words("a unit without DVCTT"))
    assert not re.search(r"(?<![\w-])DVCTT(?![\w-])", _own_words("components 'liên quan DVCTT' and 6.4 (hồ sơ DVCTT toàn trình)"))


def test_problem_in_an_unknown_language_is_an_error():
    e = load_design("hoa-binh-2023-huyen").errata[0]
    with pytest.raises(ValueError, match="language must be one of vi, en, got 'fr'"):
        e.problem_in("fr")


def test_loader_refuses_an_erratum_missing_a_language(tmp_path: Path):
    raw = yaml.safe_load((FIXTURES / "mini-2024-huyen.yaml").read_text(encoding="utf-8"))
    raw["errata"] = [
        {"id": "old-format", "code": "1.1", "text": "", "problem": "only English", "waives": [],
         "assumption": {"vi": "Giữ nguyên", "en": "kept"}},
        {"id": "no-vi", "code": None, "text": "", "waives": [],
         "problem": {"en": "the text says 110"}, "assumption": {"vi": "Giữ 110", "en": "keep 110", "fr": "garder"}},
        {"id": "blank-en", "code": None, "text": "", "waives": [],
         "problem": {"vi": "Văn bản ghi 110", "en": "  "}},
    ]
    path = tmp_path / "mini-2024-huyen.yaml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(DesignError) as exc:
        load_design_file(path)
    got = [(p.source, p.message) for p in exc.value.problems]
    assert got == [
        ("mini-2024-huyen.yaml", "erratum 'old-format': 'problem' must give the text in both languages as {vi: ..., en: ...}, got str"),
        ("mini-2024-huyen.yaml", "erratum 'no-vi': 'problem' lacks its Vietnamese text (vi)"),
        ("mini-2024-huyen.yaml", "erratum 'no-vi': 'assumption': unknown language 'fr' (takes vi, en)"),
        ("mini-2024-huyen.yaml", "erratum 'blank-en': 'problem' lacks its English text (en)"),
        ("mini-2024-huyen.yaml", "erratum 'blank-en': 'assumption' must give the text in both languages as {vi: ..., en: ...}, got nothing"),
    ]
    assert "mini-2024-huyen.yaml" in str(exc.value) and "'no-vi'" in str(exc.value)


def _visible_text(page: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def test_scoring_report_errata_table_in_the_report_language():
    design = load_design("hoa-binh-2023-huyen")
    from dti_kit.i18n import relabel  # tables are keyed; the reader's headers come when shown

    vi = _visible_text(html_table(relabel(errata_table(design, "vi"), "vi"), "vi"))
    en = _visible_text(html_table(relabel(errata_table(design, "en"), "en"), "en"))
    # Huyện 3.1 "Tổng điểm = Điểm 1 Điểm 2": the lost '+' (erratum plus-signs-lost-3-1)
    assert 'Văn bản bị mất dấu "+"' in vi and "the '+' sign is lost in the source" not in vi
    assert "the '+' sign is lost in the source" in en and 'Văn bản bị mất dấu "+"' not in en
    # Huyện 3.6 "Tỷ lệ > 75% ... Tỷ lệ <75": the target in words, not the rule's parameters
    assert "Mục tiêu 75%: từ 75% trở lên: điểm tối đa" in vi
    assert "target 75 %: ≥ 75 % → max" in en
    # Huyện 6.4 with no DVCTT file (b = 0): not applicable, in words
    assert "b = 0 thì chỉ số thành phần được coi là không áp dụng" in vi
    for code_word in ("ratio_target", "on_zero_denominator", "proportional", "appraised_score"):
        assert code_word not in vi
    assert "ratio_target" not in en and "on_zero_denominator" not in en
    # the headers are the catalogue's, the rows one per erratum
    assert list(relabel(errata_table(design, "vi"), "vi").columns) == ["Mã", "Vấn đề của văn bản", "Cách bộ chỉ số xử lý"]
    assert len(errata_table(design, "en")) == 30


def test_errata_table_follows_the_design_order():
    # Hòa Bình xã's YAML lists its errata as found while reading: "… 6.1, 6.2, 6, 6.5 … 7.3, 7,
    # 8.2, 6". A reader looks an erratum up by code, so the report gives the design's order:
    # the three on the text as a whole first, then 1.2 before the two on 1.3, main indicator 6
    # (twice) before its component 6.1, and 8.2 last.
    design = load_design("hoa-binh-2023-xa")
    codes = list(errata_table(design, "vi")["erratum_code"])
    assert codes == ["—", "—", "—", "1.2", "1.3", "1.3", "1.5", "3.1", "3.4", "3.5", "3.6",
                     "3.9", "3.9", "4.4", "6", "6", "6.1", "6.2", "6.5", "6.9", "7", "7.1",
                     "7.2", "7.3", "8.2"]
    # the two errata on 1.3 keep the order the YAML gives them (the table has every erratum once)
    on_13 = [e.problem_in("en") for e in design.errata if e.code == "1.3"]
    table = errata_table(design, "en")
    assert list(table.loc[table["erratum_code"] == "1.3", "erratum_problem"]) == on_13
    assert sorted(table["erratum_problem"]) == sorted(e.problem_in("en") for e in design.errata)


@pytest.mark.parametrize("design", list_designs(), ids=lambda d: d.id)
def test_every_design_errata_table_general_first_then_by_code(design):
    position = {code: i for i, code in enumerate(design.codes())}
    codes = list(errata_table(design, "vi")["erratum_code"])
    keys = [-1 if c == "—" else position.get(c, len(position)) for c in codes]
    assert keys == sorted(keys)
