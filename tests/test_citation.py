"""Legal citations of the designs' sources (issue "The annual report … publish unchanged").

"Legal citation built from the design's source with its document type, number, date and issuer
('Quyết định số 1153/QĐ-UBND ngày 01/6/2023 của Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình') …
Where the source leaves a number or date blank (Vũng Tàu: 'Công văn số .../UBND-VHTT ngày tháng
10 năm 2024'), cite it as printed and say in words that the source leaves it blank; never invent one."
"""
import datetime

import pytest

from dti_kit import load_design
from dti_kit.model import legal_date

VI = {
    "hoa-binh-2023-huyen": "Quyết định số 1153/QĐ-UBND ngày 01/6/2023 của Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình",
    # seed 001 prints "Số: /QĐ-UBND" and "ngày tháng 7 năm 2022"; the decision as issued is public
    # (SEEDS.md): 1294/QĐ-UBND of 14/7/2022; the erratum decision-number-blank records it
    "bac-kan-2022-xa": "Quyết định số 1294/QĐ-UBND ngày 14/7/2022 của Chủ tịch Ủy ban nhân dân tỉnh Bắc Kạn",
    "hai-duong-2023-so": "Quyết định số 297/QĐ-UBND ngày 24/02/2023 của UBND tỉnh Hải Dương",
    # the plan transcribes the national framework: the index is the framework's
    "ninh-thuan-2022-tinh": "Quyết định số 922/QĐ-BTTTT ngày 20/5/2022 của Bộ Thông tin và Truyền thông (khung chỉ số "
                            "quốc gia, theo Phụ lục 2 của Kế hoạch số 4233/KH-UBND ngày 28/9/2022 của Ủy ban nhân dân tỉnh Ninh Thuận)",
    "vung-tau-2024-huyen": "Công văn số .../UBND-VHTT ngày tháng 10 năm 2024 của UBND thành phố Vũng Tàu "
                           "(văn bản nguồn để trống số văn bản và ngày ký)",
}


@pytest.mark.parametrize("design_id", sorted(VI))
def test_the_citation_of_each_design(design_id):
    assert load_design(design_id).source.citation("vi") == VI[design_id]


def test_english_citations_translate_the_document_type_the_date_and_the_issuer_the_design_gives_in_english():
    # the date by its month's name (01/6/2023 reads as 6 January to many English readers);
    # the issuer as the design gives it in English (source.issuer_en), else as the text names it
    d = load_design("hoa-binh-2023-so")
    assert d.source.citation("en") == "Decision 1153/QĐ-UBND of 1 June 2023, Chairman of the People's Committee of Hòa Bình Province"
    assert d.source.citation("vi") == "Quyết định số 1153/QĐ-UBND ngày 01/6/2023 của Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình"
    from dataclasses import replace

    assert replace(d.source, issuer_en="").citation("en") == "Decision 1153/QĐ-UBND of 1 June 2023, Chủ tịch Ủy ban nhân dân tỉnh Hòa Bình"
    assert legal_date(datetime.date(2023, 2, 24), "en") == "24 February 2023"
    assert load_design("vung-tau-2024-xa").source.citation("en").endswith("(the source leaves the document number and day of signature blank)")


def test_no_citation_invents_a_number_or_says_a_placeholder():
    for did in ("bac-kan-2022-so", "bac-kan-2022-huyen", "bac-kan-2022-xa"):
        d = load_design(did)
        assert "(số để trống)" not in d.source.citation() and "decision-number-blank" in [e.id for e in d.errata]


def test_dates_as_vietnamese_documents_write_them():
    # Nghị định 30/2020/NĐ-CP: day on two digits; month on two digits for January and February only
    assert legal_date(datetime.date(2023, 6, 1)) == "01/6/2023"
    assert legal_date(datetime.date(2023, 2, 24)) == "24/02/2023"
    assert legal_date(datetime.date(2022, 12, 5)) == "05/12/2022"


@pytest.mark.parametrize("design_id, printed", [("bac-kan-2022-so", "Thế chế số"), ("bac-kan-2022-huyen", "Thế chế số"),
                                                ("bac-kan-2022-xa", "Thẻ chế số")])
def test_a_misprinted_name_is_corrected_with_the_erratum_cited(design_id, printed):
    # Bắc Kạn prints "Thế chế số" (and "Thẻ chế số") for Thể chế số, digital institutions
    d = load_design(design_id)
    m = next(m for m in d.main_indicators if m.code == "2")
    assert (m.name, m.printed_name) == ("Thể chế số", printed)
    erratum = next(e for e in d.errata if e.id == "name-the-che-so")
    assert erratum.code == "2" and printed in erratum.problem_in("vi")


def test_a_corrected_name_without_an_erratum_is_refused(tmp_path):
    from dti_kit import DesignError
    from dti_kit.loader import designs_dir, load_design_file

    text = (designs_dir() / "bac-kan-2022-so.yaml").read_text(encoding="utf-8")
    start = text.index("  - id: name-the-che-so")
    end = text.index("  - id:", start + 5)
    path = tmp_path / "bac-kan-2022-so.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    with pytest.raises(DesignError, match="printed_name 'Thế chế số' needs an erratum on code '2'"):
        load_design_file(path)


def test_an_english_citation_is_not_marked_vietnamese_where_the_design_gives_it_in_english():
    """A screen reader reads a part marked lang="vi" with a Vietnamese voice: the English
    citation (the issuer given in English) is English text; one kept as printed stays marked."""
    from dti_kit.reconcile.report import byline
    from dti_kit.report.markup import markdown_html

    english = markdown_html(byline(load_design("hoa-binh-2023-xa"), "en"))
    assert 'lang="vi"' not in english and "Chairman of the People's Committee of Hòa Bình Province" in english
    assert 'lang="vi"' in markdown_html(byline(load_design("vung-tau-2024-xa"), "en"))  # "Công văn số …" as printed
    assert 'lang="vi"' not in markdown_html(byline(load_design("hoa-binh-2023-xa"), "vi"))  # a Vietnamese report marks nothing
