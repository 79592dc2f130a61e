"""A report's "Tệp kết quả" section: the files written beside it, each a link that opens it.

A notebook writes its workbooks and CSVs into its report folder, beside its HTML, so each link is
the file's bare name, relative to the report, percent-encoded: it resolves from the published
HTML wherever the report folder is copied (a build's staging folder never shows in it).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable
from urllib.parse import quote

from dti_kit.i18n import text
from dti_kit.report.markup import md_text

__all__ = ["files_markdown"]


def files_markdown(paths: Iterable[str | Path], language: str = "vi") -> str:
    """The Markdown of the section: its heading, then one linked file name a line (the
    workbooks first, then the others in the order given).

    Examples
    --------
    >>> print(files_markdown(["reports/x/điểm số.csv", "reports/x/scores.xlsx"]))
    ## Tệp kết quả
    <BLANKLINE>
    - [scores\\.xlsx](scores.xlsx)
    - [điểm số\\.csv](%C4%91i%E1%BB%83m%20s%E1%BB%91.csv)
    """
    names = list(dict.fromkeys(Path(p).name for p in paths))  # once each, in the order written
    names.sort(key=lambda name: not name.endswith(".xlsx"))  # stable: the others keep their order
    lines = [f"- [{md_text(name)}]({quote(name)})" for name in names]
    return "## " + text("common.heading.files", language) + "\n\n" + "\n".join(lines)
