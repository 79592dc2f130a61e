"""Markdown into safe HTML, and data into Markdown as plain text.

A report's Markdown mixes our words with data a unit, an analyst or a params file supplied:
unit names come from the units' own forms, commentary from the analyst, title and author from
the params file. None of it may become markup that runs: :func:`markdown_html` renders Markdown
with raw HTML disabled (markdown-it-py: a ``<script>`` stays the text ``<script>``) and passes
the result through an allow-list sanitiser (nh3: no event handler, no ``<script>``, links only
``http``, ``https``, ``mailto`` or relative). The build renders every Markdown output of a
report this way (:func:`dti_kit.publish.pipeline.to_html`), and :func:`md_text` makes a value
read literally where a notebook puts it into Markdown (``# {md_text(title)}``).
"""
from __future__ import annotations

import functools
import re

__all__ = ["markdown_html", "sanitise", "md_text", "md_data", "md_cited", "URL_SCHEMES"]

#: the schemes a link in a report may use (relative links are allowed too)
URL_SCHEMES = {"http", "https", "mailto"}
#: what a report's Markdown may produce (no forms, no media, no scripts, no styles)
TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "li", "ol", "p", "pre", "s", "span", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}
ATTRIBUTES = {"a": {"href", "title"}, "div": {"class", "data-key", "lang"}, "span": {"class", "lang"},
              "td": {"style", "lang"}, "th": {"style", "lang"}, "p": {"lang"}, "code": {"class"}, "ul": {"class"}, "ol": {"class"}}
# Data in an English report is marked lang="vi". Raw HTML is off in Markdown, so md_data marks
# it with two private-use characters that markdown_html turns into the span after rendering;
# md_text removes them from any value, so data can never open or close a span itself.
DATA_OPEN, DATA_CLOSE = "\ue000", "\ue001"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~&])")


@functools.lru_cache(maxsize=1)
def _renderer():
    from markdown_it import MarkdownIt

    # commonmark with raw HTML off: tags and comments in the source are shown as text
    return MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False}).enable("table")


def sanitise(html: str) -> str:
    """Keep only the allowed tags and attributes; links only http(s), mailto or relative."""
    import nh3

    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES, link_rel="noopener noreferrer",
                     strip_comments=True, filter_style_properties={"text-align"})


def markdown_html(source: str) -> str:
    """Markdown to HTML that cannot run anything: raw HTML disabled, then sanitised; data
    marked by :func:`md_data` becomes ``<span lang="vi">``; a list of few items but long text
    is marked :data:`~dti_kit.report.printing.LONG_BLOCK` (print splits it across pages)."""
    md = _renderer()
    tokens = md.parse(source or "")
    _mark_long_lists(tokens)
    html = sanitise(md.renderer.render(tokens, md.options, {}))
    return html.replace(DATA_OPEN, '<span lang="vi">').replace(DATA_CLOSE, "</span>")


def _mark_long_lists(tokens) -> None:
    """Give the class LONG_BLOCK to every list whose text is longer than KEEP_WHOLE_CHARS."""
    from dti_kit.report.printing import KEEP_WHOLE_CHARS, LONG_BLOCK

    open_lists = []  # (token, characters so far) of the lists the walk is inside
    for tok in tokens:
        if tok.type in ("bullet_list_open", "ordered_list_open"):
            open_lists.append([tok, 0])
        elif tok.type in ("bullet_list_close", "ordered_list_close") and open_lists:
            opened, chars = open_lists.pop()
            if chars > KEEP_WHOLE_CHARS:
                opened.attrSet("class", LONG_BLOCK)
        elif tok.type == "inline":
            for entry in open_lists:
                entry[1] += len(tok.content)


def md_text(value: object) -> str:
    """``value`` as literal text inside Markdown: every character that Markdown or HTML would
    read as markup is escaped (``*``, ``[``, ``<``, ``#``, …), so a name shows as it is typed."""
    plain = str(value).replace(DATA_OPEN, "").replace(DATA_CLOSE, "")
    return _MD_SPECIAL.sub(r"\\\1", plain)


def md_cited(value: object, language: str = "vi", translated: bool = False) -> str:
    """A citation or a design's note as literal text: marked Vietnamese in an English report
    (:func:`md_data`) unless the design gives it in English (``translated``).

    Examples
    --------
    >>> md_cited("Decision 1/QĐ of 1 June 2023, People's Committee", "en", translated=True)
    "Decision 1/QĐ of 1 June 2023, People's Committee"
    """
    return md_text("" if value is None else value) if translated and language == "en" else md_data(value, language)


def md_data(value: object, language: str = "vi") -> str:
    """Data (a unit, component or level name) as literal text inside Markdown, marked
    ``lang="vi"`` in an English report (it is Vietnamese, and no translation of ours).

    Examples
    --------
    >>> markdown_html("Rank 1: " + md_data("Xã <b>A</b>", "en"))
    '<p>Rank 1: <span lang="vi">Xã &lt;b&gt;A&lt;/b&gt;</span></p>\\n'
    """
    text = md_text("" if value is None else value)
    return f"{DATA_OPEN}{text}{DATA_CLOSE}" if language == "en" and text else text
