"""A page too long to print at once, as the documents of its parts.

Chromium keeps every laid-out page of a document until its PDF is written, and a table's pages
cost most: the scoring report of 3,321 communes (its annex complete, 135 pages of it) took
3.4 GB to print, 2 GB for a plain table of 12,000 rows (273 pages), 0.5 GB for 414 pages of
plain text (issue 20). The report marks where its complete tables may be cut
(:data:`dti_kit.report.printing.PART_MARK`, every
:data:`~dti_kit.report.printing.PRINT_PART_ROWS` rows); :func:`split_parts` makes one document
of each stretch between two marks, which :mod:`dti_kit.publish.pdf` prints one after another
and joins.

Each part is a whole HTML document that lays out as its stretch did in the page:

- the page's ``<head>`` and every style sheet of its body (the annex's own style stands before
  its table);
- the elements open where the stretch starts, opened again with their own start tags (the
  cell, the output, the table's wrapper, the table with its header row, its body), and those
  open where it ends closed;
- what the print leaves out (``dti-print-omit``: a national view's profiles) removed, not only
  hidden: it would still be parsed into every part; a table the print cuts to its first rows
  (``dti-print-head``) is never cut into parts.

The page is the report's own HTML (nbconvert's template and dti-kit's markup): well-formed,
attribute values escaped, so a scan of its tags is enough; where the scan finds the tags do not
nest, the page is printed whole.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from dti_kit.report.printing import PART_MARK

__all__ = ["split_parts", "with_style_last", "OMIT_CLASS"]

#: the class of what the print leaves out (:func:`dti_kit.report.printing.print_limited`)
OMIT_CLASS = "dti-print-omit"
#: the class of a table the print cuts to its first rows: never cut into parts (each part
#: would print its own first rows)
HEAD_CLASS = "dti-print-head"

# a comment, or a tag whose attributes may hold ">" inside quotes (raw HTML a notebook shows)
_TAG = re.compile(r"""<!--.*?-->|<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s(?:"[^"]*"|'[^']*'|[^'">])*)?)>""", re.S)
_CLASS = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""")
_RAW = {"style", "script", "textarea", "title"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


@dataclass
class _Open:
    name: str
    start_tag: str
    start: int
    cut_to_head: bool = False  # the print shows its first rows only (HEAD_CLASS)
    thead: str = ""  # a table's header (its <thead>…</thead>), repeated in every part


@dataclass
class _Scan:
    marks: list[tuple[int, list[_Open]]] = field(default_factory=list)  # each mark's position and open elements
    omitted: list[tuple[int, int]] = field(default_factory=list)  # what the print leaves out (outermost)
    head: str = ""
    styles: list[str] = field(default_factory=list)  # <style> elements of the body, in order
    nested: bool = True


def _scan(page: str) -> _Scan:
    out = _Scan()
    stack: list[_Open] = []
    omit_depth = None  # len(stack) at the outermost left-out element
    pos = 0
    while True:
        m = _TAG.search(page, pos)
        if m is None:
            break
        pos = m.end()
        token = m.group(0)
        if token.startswith("<!--"):
            if token == PART_MARK and omit_depth is None and not any(o.cut_to_head for o in stack):
                out.marks.append((m.start(), list(stack)))
            continue
        closing, name, attrs = m.group(1) == "/", m.group(2).lower(), m.group(3) or ""
        if not closing and name in _RAW:
            end = _find_close(page, name, pos)
            if end < 0:
                out.nested = False
                return out
            close_end = page.find(">", end) + 1
            if name == "style" and any(o.name == "body" for o in stack):
                out.styles.append(page[m.start():close_end])
            pos = close_end
            continue
        if not closing:
            if name in _VOID or attrs.rstrip().endswith("/"):
                continue
            classes = _classes(attrs) if "class" in attrs else ()
            stack.append(_Open(name, token, m.start(), HEAD_CLASS in classes))
            if omit_depth is None and OMIT_CLASS in classes:
                omit_depth = len(stack)
            continue
        if not any(o.name == name for o in stack):
            continue  # a stray end tag: ignored, as a browser does
        while stack and stack[-1].name != name:
            if stack[-1].name not in ("p", "li"):  # the only end tags HTML lets a page leave out here
                out.nested = False
                return out
            stack.pop()
        element = stack.pop()
        if omit_depth is not None and len(stack) < omit_depth:
            out.omitted.append((element.start, m.end()))
            omit_depth = None
        if name == "thead":
            table = next((o for o in reversed(stack) if o.name == "table"), None)
            if table is not None:
                table.thead = page[element.start:m.end()]
        elif name == "head":
            out.head = page[element.start:m.end()]
    return out


_RAW_CLOSE = {name: re.compile(rf"</{name}\s*>", re.I) for name in _RAW}


def _find_close(page: str, name: str, pos: int) -> int:
    """Where the raw-text element ``name`` (a style sheet, a title) that started before ``pos`` ends."""
    m = _RAW_CLOSE[name].search(page, pos)
    return m.start() if m else -1


def _classes(attrs: str) -> list[str]:
    m = _CLASS.search(attrs)
    return (next(g for g in m.groups() if g is not None).split() if m else [])


def _reopen(stack: list[_Open], head: str, styles: list[str]) -> str:
    """The start of a part's document: the elements open at its first mark, opened again."""
    out = ["<!DOCTYPE html>"]
    for element in stack:
        out.append(element.start_tag)
        if element.name == "html":
            # the page's head, with its body's style sheets (in the order they came) at its end
            out.append(head.replace("</head>", "".join(styles) + "</head>") if head else
                       "<head>" + "".join(styles) + "</head>")
        elif element.name == "table":
            out.append(element.thead)
    return "".join(out)


def _close(stack: list[_Open]) -> str:
    return "".join(f"</{element.name}>" for element in reversed(stack))


def with_style_last(document: str, style: str) -> str:
    """``document`` with ``style`` (a part's page numbering) as its last style sheet, so that it
    overrides the report's print style and every other: at the end of its body."""
    at = document.rfind("</body>")
    return document + style if at < 0 else document[:at] + style + document[at:]


def split_parts(page: str) -> list[str] | None:
    """The documents of ``page``'s parts, cut at its part marks; None when it has none (or its
    tags do not nest: it is then printed whole).

    Examples
    --------
    >>> mark = "<!--dti-print-part-->"
    >>> page = f"<html><head><title>t</title></head><body><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr>{mark}<tr><td>2</td></tr></tbody></table><p>end</p></body></html>"
    >>> for part in split_parts(page):
    ...     print(part)
    <html><head><title>t</title></head><body><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table></body></html>
    <!DOCTYPE html><html><head><title>t</title></head><body><table><thead><tr><th>h</th></tr></thead><tbody><tr><td>2</td></tr></tbody></table><p>end</p></body></html>
    """
    if PART_MARK not in page:
        return None
    first = _scan(page)
    if not first.nested:
        return None
    if first.omitted:  # left out of the print: not parsed into every part either
        kept, at = [], 0
        for a, b in first.omitted:
            kept.append(page[at:a])
            at = b
        kept.append(page[at:])
        page = "".join(kept)
        scan = _scan(page)
        if not scan.nested:
            return None
    else:
        scan = first
    if not scan.marks:
        return None
    marks, last = [], 0
    for at, open_at in scan.marks:  # a cut with no row since the last one would print a part of headers alone
        if not marks or "<tr" in page[last:at]:
            marks.append((at, open_at))
            last = at
    cuts = [(0, [])] + marks + [(len(page), [])]
    parts = []
    for i in range(len(cuts) - 1):
        (a, open_a), (b, open_b) = cuts[i], cuts[i + 1]
        if i == 0:
            parts.append(page[:b] + _close(open_b))
            continue
        body = page[a + len(PART_MARK):b]
        parts.append(_reopen(open_a, scan.head, scan.styles) + body + (_close(open_b) if open_b else ""))
    return parts
