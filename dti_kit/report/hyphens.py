"""Hyphenation points in table headers, so that a wide table fits the page.

The results annex has 17 columns. A Vietnamese header breaks between its short syllables; an
English one ("infrastructure", "Cybersecurity") is as wide as its longest word, and the
annex ran off the A4 page after its "Total" column. Headless Chromium on Linux has no
hyphenation dictionary (``hyphens: auto`` breaks nothing), so the header's long English words
carry soft hyphens (U+00AD) from pyphen's dictionary: invisible unless the line breaks there,
where the reader sees a hyphen ("in-fra-struc-ture"). Only headers: a cell's data, the
workbooks and the CSVs are untouched.
"""
from __future__ import annotations

import re
from functools import lru_cache

__all__ = ["header_text", "hyphenated", "SOFT_HYPHEN"]

SOFT_HYPHEN = "\u00ad"
#: words at least this long get hyphenation points (shorter ones are no wider than a number)
MIN_LETTERS = 7
_LONG_WORD = re.compile(rf"[A-Za-z]{{{MIN_LETTERS},}}")
#: people's names a header may hold, never broken: pyphen's dictionary splits them as English
#: words ("Spear-man" in the sensitivity's correlation column)
NAMES = frozenset({"Spearman", "Kendall", "Pearson", "Saltelli", "Jansen"})


@lru_cache(maxsize=1)
def _english():
    import pyphen

    # no break leaves fewer than 3 letters on a line: "Cyber-se-cu-rity", never "Cy-" or "activi-ty"
    return pyphen.Pyphen(lang="en_US", left=3, right=3)


@lru_cache(maxsize=4096)
def header_text(text: str, language: str = "vi") -> str:
    """``text`` with soft hyphens in its long English words when ``language`` is English; as it
    is otherwise (Vietnamese syllables are short; a unit's or a component's name is data and
    keeps its letters, only break points are added).

    Examples
    --------
    >>> header_text("3. Digital infrastructure (max 120)", "en").replace(SOFT_HYPHEN, "-")
    '3. Dig-i-tal infra-struc-ture (max 120)'
    >>> header_text("Spearman correlation", "en").replace(SOFT_HYPHEN, "-")
    'Spearman cor-re-la-tion'
    >>> header_text("3. Hạ tầng số (tối đa 120)", "vi")
    '3. Hạ tầng số (tối đa 120)'
    """
    if not language.startswith("en"):
        return text
    return hyphenated(text, SOFT_HYPHEN)


def hyphenated(text: str, hyphen: str) -> str:
    """``text`` with ``hyphen`` at the break points of its long English words (people's names
    in :data:`NAMES` kept whole): the soft hyphens of :func:`header_text`, the break points a
    chart's label may wrap at (:func:`dti_kit.report.plotting.fit_label`).

    Examples
    --------
    >>> hyphenated("5. Cybersecurity, Spearman", "|")
    '5. Cyber|se|cu|rity, Spearman'
    """
    if not _LONG_WORD.search(text):
        return text
    hyphenate = _english()
    return _LONG_WORD.sub(lambda m: m.group(0) if m.group(0) in NAMES else hyphenate.inserted(m.group(0), hyphen=hyphen), text)
