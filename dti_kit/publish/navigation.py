"""A report's table of contents, made from its sections' headings when its HTML is written.

Every ``<h2>`` of a report gets an id (``sec-`` and the slug of its words, numbered when two
sections share words: ids never collide with a unit profile's ``unit-…``,
:func:`dti_kit.report.anchors.unit_anchor`), and a list of links to them, headed by the
catalogue's "Mục lục", is put before the first section. The headings are the report's own
rendered (sanitised, escaped) HTML: the contents repeat their text, never their markup.
"""
from __future__ import annotations

import html
import re

from dti_kit._util.strings import slugify
from dti_kit.i18n import text

__all__ = ["add_contents", "SECTION_PREFIX"]

SECTION_PREFIX = "sec-"
_H2 = re.compile(r"<h2(?P<attrs>\s[^>]*)?>(?P<inner>.*?)</h2>", re.S)
_TAG = re.compile(r"<[^>]+>")
_ID = re.compile(r"""\bid\s*=\s*["']([^"']*)["']""")


def _heading_text(inner: str) -> str:
    """A heading's words as escaped text (its tags dropped: ``<span lang="vi">`` marks)."""
    return html.escape(html.unescape(_TAG.sub("", inner)).strip(), quote=False)


def add_contents(body: str, language: str = "vi") -> str:
    """``body`` with an id on every ``<h2>`` and a table of contents before the first.

    A report with fewer than two sections gets no contents (nothing to navigate); a heading that
    already has an id keeps it.
    """
    found = list(_H2.finditer(body))
    if len(found) < 2:
        return body
    used: set[str] = set(re.findall(r"""\bid=["']([^"']+)["']""", body))
    entries, out, last = [], [], 0
    for m in found:
        attrs = m["attrs"] or ""
        words = _heading_text(m["inner"])
        given = _ID.search(attrs)
        if given:
            anchor = html.unescape(given[1])
        else:
            base = SECTION_PREFIX + slugify(html.unescape(words))
            anchor, n = base, 2
            while anchor in used:
                anchor, n = f"{base}-{n}", n + 1
            used.add(anchor)
            attrs = f' id="{html.escape(anchor)}"' + attrs
        entries.append(f'<li><a href="#{html.escape(anchor)}">{words}</a></li>')
        out.append(body[last:m.start()] + f"<h2{attrs}>{m['inner']}</h2>")
        last = m.end()
    out.append(body[last:])
    result = "".join(out)
    nav = (f'<nav class="dti-toc" aria-label="{html.escape(text("print.toc", language))}">'
           f'<p>{html.escape(text("print.toc", language))}</p><ol>{"".join(entries)}</ol></nav>\n')
    first = _H2.search(result)
    return result[: first.start()] + nav + result[first.start():]
