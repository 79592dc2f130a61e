"""Reader labels of the design comparison (Vietnamese by default, English with ``language="en"``)."""
from __future__ import annotations

import pandas as pd

from dti_kit.i18n import lookup

LABELS: dict[str, dict[str, str]] = {
    "design_id": {"vi": "Bộ chỉ số", "en": "Design"},
    "province": {"vi": "Tỉnh", "en": "Province"},
    "year": {"vi": "Năm", "en": "Year"},
    "level": {"vi": "Cấp", "en": "Level"},
    "scale": {"vi": "Thang điểm", "en": "Point scale"},
    "detail": {"vi": "Mức chi tiết", "en": "Detail"},
    "indicators": {"vi": "Số chỉ số chính", "en": "Main indicators"},
    "components": {"vi": "Số chỉ số thành phần", "en": "Components"},
    "stated_components": {"vi": "Số chỉ số thành phần theo văn bản", "en": "Components the text states"},
    "foundation_share": {"vi": "Nhóm nền tảng (%)", "en": "Foundation group (%)"},
    "activity_share": {"vi": "Nhóm hoạt động (%)", "en": "Activity group (%)"},
    "pillars": {"vi": "Trụ cột", "en": "Pillars"},
    "bands": {"vi": "Xếp loại", "en": "Bands"},
    "na_policy": {"vi": "Chỉ số không áp dụng", "en": "N/A policy"},
    "mix_ratio": {"vi": "Tỷ lệ (% điểm)", "en": "Ratio-like (% of points)"},
    "mix_tiers": {"vi": "Ngưỡng, bậc (% điểm)", "en": "Thresholds, tiers (% of points)"},
    "mix_yes_no": {"vi": "Có/không, lựa chọn (% điểm)", "en": "Yes/no, choice (% of points)"},
    "mix_relative": {"vi": "So với đơn vị khác (% điểm)", "en": "Relative to other units (% of points)"},
    "mix_other": {"vi": "Khác (% điểm)", "en": "Other (% of points)"},
    "evidence_documents": {"vi": "Loại tài liệu kiểm chứng", "en": "Kinds of evidence asked"},
    "evidence_components": {"vi": "Chỉ số thành phần có tài liệu kiểm chứng", "en": "Components with evidence"},
    "evidence_share": {"vi": "Điểm cần tài liệu kiểm chứng (%)", "en": "Points needing evidence (%)"},
    "bonus": {"vi": "Điểm thưởng / trừ", "en": "Bonus / penalty items"},
    "indicator": {"vi": "Chỉ số chính", "en": "Main indicator"},
    "points": {"vi": "Điểm", "en": "Points"},
    "share": {"vi": "Tỷ trọng (%)", "en": "Share (%)"},
    "concept": {"vi": "Khái niệm", "en": "Concept"},
    "concept_id": {"vi": "Mã khái niệm", "en": "Concept id"},
    "kind": {"vi": "Loại phương pháp", "en": "Rule kind"},
    "code": {"vi": "Mã", "en": "Code"},
    "name": {"vi": "Chỉ số thành phần", "en": "Component"},
    "max_points": {"vi": "Điểm tối đa", "en": "Max points"},
    "share_of_scale": {"vi": "% thang điểm", "en": "% of scale"},
    "method": {"vi": "Cách tính điểm", "en": "Scoring"},
    "full_from": {"vi": "Đủ điểm từ", "en": "Full points from"},
    "rescorable": {"vi": "Chấm lại được", "en": "Re-scorable"},
    "note": {"vi": "Ghi chú", "en": "Note"},
    "unit_name": {"vi": "Đơn vị", "en": "Unit"},
    "unit_id": {"vi": "Mã đơn vị", "en": "Unit id"},
    "covered_max": {"vi": "Điểm được so sánh", "en": "Covered points"},
    "score": {"vi": "Điểm đạt", "en": "Score"},
    "percent": {"vi": "% điểm so sánh", "en": "% of covered points"},
    "rank": {"vi": "Xếp hạng", "en": "Rank"},
    "missing": {"vi": "Thiếu dữ liệu", "en": "Missing"},
    "none": {"vi": "không", "en": "none"},
    "yes": {"vi": "có", "en": "yes"},
    "no": {"vi": "không", "en": "no"},
    "structure_only": {"vi": "chỉ có cấu trúc", "en": "structure only"},
    "full": {"vi": "đầy đủ", "en": "full"},
}

LEVEL_NAMES = {
    "tinh": {"vi": "cấp tỉnh", "en": "province level"},
    "so": {"vi": "cấp Sở, ban, ngành", "en": "department level"},
    "huyen": {"vi": "cấp huyện", "en": "district level"},
    "xa": {"vi": "cấp xã", "en": "commune level"},
}

NA_TEXT = {
    "proportional": {"vi": "tính theo tỷ lệ điểm các chỉ số còn lại", "en": "proportional to the other components"},
    "peer-mean": {"vi": "điểm trung bình của các đơn vị có chỉ số", "en": "mean score of the units it applies to"},
    "exclude": {"vi": "loại khỏi điểm tối đa", "en": "removed from the max"},
    "zero": {"vi": "0 điểm (không quy định)", "en": "zero (no rule stated)"},
}


def label(key: str, language: str = "vi") -> str:
    """The reader's label of a key (Vietnamese by default, English with ``language="en"``)."""
    return lookup(LABELS, key, language)


def level_name(level: str, language: str = "vi") -> str:
    """``huyen`` → ``cấp huyện`` (levels are data: an unknown slug is returned as it is)."""
    entry = LEVEL_NAMES.get(level)
    return entry["en" if language == "en" else "vi"] if entry else level


def relabel(df: pd.DataFrame, language: str = "vi") -> pd.DataFrame:
    """Columns renamed to the reader's labels."""
    return df.rename(columns={c: label(c, language) for c in df.columns})
