"""Analyst commentary beside the params: Markdown sections placed in the report, with live
placeholders filled from the results, and the empty file :func:`scaffold` (which
``dti-kit new-report``, :mod:`dti_kit.publish.scaffold`, writes beside a new params file).

A commentary file (``params/hoa-binh/2023-huyen.commentary.md``) has one section per report
section, each under a level-2 heading whose key is the heading text or an explicit
``{#key}``::

    ## Tóm tắt {#summary}
    Năm nay {{ count band:"Dẫn dắt" }} huyện ở mức Dẫn dắt; Lạc Sơn xếp hạng {{ unit:"Lạc Sơn" rank }}.

Keys: ``summary``, ``ranking``, ``pillars``, ``indicators``, ``indicator <code>`` (one per
main indicator), ``components``, ``recommendations``. A key that matches no section is
reported (shown at the end of the report and listed by the build), never dropped. An unknown
placeholder fails the build, naming the file and the line.
"""
from __future__ import annotations

import html
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from dti_kit._util.strings import slugify
from dti_kit.errors import Problem, ProblemsError
from dti_kit.i18n import number, text

SECTIONS = ("summary", "ranking", "pillars", "indicators", "components", "recommendations")
HEADING_RE = re.compile(r"^##\s+(.*?)\s*(?:\{#([^}]+)\})?\s*$")
COMMENT_RE = re.compile(r"<!--.*?-->", re.S)
PLACEHOLDER_RE = re.compile(r"\{\{\s*(.*?)\s*\}\}")
TOKEN_RE = re.compile(r'(\w+):"([^"]*)"|(\w+)')
UNIT_FIELDS = ("rank", "total", "percent", "value", "band", "previous_rank", "change", "score")
GLOBALS = ("units", "mean_percent", "mean_total", "mean_value", "min_percent", "max_percent", "leader", "year", "province")


class CommentaryError(ProblemsError):
    """An unknown placeholder or a broken commentary file (names file and line)."""


@dataclass(frozen=True)
class Section:
    key: str
    text: str
    line: int  # line of its heading (1-based)


def parse(path: Path) -> list[Section]:
    """Sections of a commentary file, in order (text before the first heading is ignored)."""
    sections: list[Section] = []
    key, start, buf = None, 0, []
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        m = HEADING_RE.match(line)
        if m and not line.startswith("###"):
            if key is not None:
                sections.append(Section(key, "\n".join(buf).strip(), start))
            key = (m.group(2) or m.group(1)).strip().lower()
            start, buf = i, []
        elif key is not None:
            buf.append(line)
    if key is not None:
        sections.append(Section(key, "\n".join(buf).strip(), start))
    return sections


def _fmt(x, language):
    if x is None or (isinstance(x, float) and np.isnan(x)):
        return "—"
    if isinstance(x, (int, np.integer)):
        return str(int(x))
    if isinstance(x, float):
        return number(x, language, 1 if abs(x) >= 1 or x == 0 else 4, trim=False)
    return str(x)


class Commentary:
    """The commentary of one report, bound to its results.

    Parameters
    ----------
    path : Path or None
        The commentary file (None: no commentary).
    result, previous : ScoreResult
        This year's and last year's results (previous may be None).
    language : str
    """

    def __init__(self, path: Path | None, result, previous=None, language: str = "vi"):
        self.path = path
        self.result = result
        self.previous = previous
        self.language = language
        self.sections = parse(path) if path is not None and path.is_file() else []
        self.shown: set[str] = set()
        self.known = set(SECTIONS) | {f"indicator {m.code.lower()}" for m in result.design.main_indicators}
        problems = []
        self.rendered: dict[str, str] = {}
        for s in self.sections:
            text, probs = self._render(s)
            problems.extend(probs)
            self.rendered[s.key] = text
        if problems:
            raise CommentaryError(problems, f"commentary {path} has {len(problems)} problem(s)")

    @classmethod
    def for_report(cls, params_path: str, result, previous=None, language: str = "vi") -> "Commentary":
        """The commentary beside ``params_path`` (``<stem>.commentary.md``), if any."""
        if not params_path:
            return cls(None, result, previous, language)
        p = Path(params_path)
        return cls(p.with_name(p.stem + ".commentary.md"), result, previous, language)

    # -- placeholders ------------------------------------------------------------------
    def values(self) -> dict:
        t = self.result.totals()
        d = self.result.design
        leaders = t[t["rank"] == 1]["unit_name"].tolist()
        return {
            "units": len(t), "mean_percent": float(t["percent"].mean()), "mean_total": float(t["score"].mean()),
            "mean_value": float(t["value"].mean()), "min_percent": float(t["percent"].min()),
            "max_percent": float(t["percent"].max()), "leader": ", ".join(leaders), "year": d.year, "province": d.province,
        }

    def _unit(self, name: str) -> str | None:
        names = {slugify(v): k for k, v in self.result.unit_names.items()}
        names.update({slugify(k): k for k in self.result.unit_names})
        return names.get(slugify(name))

    def evaluate(self, expr: str) -> str:
        """The value of one placeholder expression (raises KeyError with a reason)."""
        tokens = [(m.group(1), m.group(2)) if m.group(1) else (m.group(3), None) for m in TOKEN_RE.finditer(expr)]
        if not tokens:
            raise KeyError("empty placeholder")
        sel = {k: v for k, v in tokens if v is not None}
        words = [k for k, v in tokens if v is None]
        lang = self.language
        if "unit" in sel:
            uid = self._unit(sel["unit"])
            if uid is None:
                raise KeyError(f"no unit named {sel['unit']!r}")
            field = words[0] if words else "rank"
            if len(words) > 1 or field not in UNIT_FIELDS:
                raise KeyError(f"unknown unit field {' '.join(words)!r} (known: {', '.join(UNIT_FIELDS)})")
            code = sel.get("indicator", "TOTAL")
            if code != "TOTAL" and code not in self.result.design.codes():
                raise KeyError(f"unknown indicator {code!r}")
            if field in ("previous_rank", "change"):
                if self.previous is None:
                    raise KeyError("no previous year's inputs for previous_rank/change")
                prev = self.previous.totals().set_index("unit_id")["rank"].get(uid)
                cur = self.result.row(uid, "TOTAL")["rank"]
                val = prev if field == "previous_rank" else (None if prev is None else int(prev) - int(cur))
                return _fmt(None if val is None else int(val), lang)
            row = self.result.row(uid, code)
            key = {"total": "score"}.get(field, field)
            val = row[key]
            return _fmt(int(val) if field == "rank" and val == val else (float(val) if isinstance(val, (int, float, np.floating)) else val), lang)
        if words and words[0] == "count":
            if "band" not in sel:
                raise KeyError('count takes band:"…"')
            labels = {b.label for b in self.result.design.bands.bands} if self.result.design.bands else set()
            if sel["band"] not in labels:
                raise KeyError(f"unknown band {sel['band']!r}")
            return str(int((self.result.totals()["band"] == sel["band"]).sum()))
        if len(words) == 1 and not sel and words[0] in GLOBALS:
            return _fmt(self.values()[words[0]], lang)
        raise KeyError(f"unknown placeholder (known: unit:\"…\" FIELD, count band:\"…\", {', '.join(GLOBALS)})")

    def _render(self, s: Section) -> tuple[str, list[Problem]]:
        problems = []
        lines = s.text.splitlines()
        out = []
        for i, line in enumerate(lines):
            def repl(m, lineno=s.line + 1 + i):
                try:
                    return self.evaluate(m.group(1))
                except KeyError as exc:
                    problems.append(Problem(
                        f"placeholder {{{{ {m.group(1)} }}}}: {exc.args[0]}", "chỗ điền số liệu không hợp lệ",
                        source=str(self.path), location=f"line {lineno}"))
                    return m.group(0)
            out.append(PLACEHOLDER_RE.sub(repl, line))
        return "\n".join(out), problems

    # -- placing ------------------------------------------------------------------------
    def text(self, key: str) -> str:
        return self.rendered.get(key.lower(), "")

    def show(self, key: str, heading: str | None = None) -> None:
        """Display the section ``key`` where the report calls it (nothing if absent).

        The analyst's Markdown is rendered with raw HTML off and sanitised
        (:func:`~dti_kit.report.markup.markdown_html`): nothing in it runs in the report."""
        from IPython.display import HTML, Markdown, display

        from dti_kit.report.markup import markdown_html

        key = key.lower()
        self.shown.add(key)
        body = self.text(key)
        if heading and body:
            display(Markdown(heading))
        if body:
            body = COMMENT_RE.sub("", body)  # the analyst's notes to self, not reader text
            display(HTML(f'<div class="dti-commentary" data-key="{html.escape(key)}">\n{markdown_html(body)}</div>'))

    def unused(self) -> list[Section]:
        """Sections whose key matches no section of the report."""
        return [s for s in self.sections if s.key not in self.known]

    def report_unused(self) -> None:
        """Show (not drop) the sections whose key matches nothing, and warn on stderr."""
        from IPython.display import Markdown, display

        bad = self.unused()
        if not bad:
            return
        lang = self.language
        parts = [f"### {text('report.heading.unused', lang)}"]
        for s in bad:
            parts.append(f"**{s.key}** ({self.path}, {text('report.commentary.line', lang, line=s.line)}):\n\n{self.rendered[s.key]}")
            print(f"warning: {self.path}, line {s.line}: commentary key {s.key!r} matches no section of the report", file=sys.stderr)
        display(Markdown("\n\n".join(parts)))


def scaffold(design, language: str = "vi") -> str:
    """An empty commentary file with every section heading of the report."""
    lines = ["<!-- " + text("report.commentary.scaffold", language) + " -->", ""]
    for key in ("summary", "ranking", "pillars", "indicators"):
        if key == "pillars" and not design.pillars:
            continue
        lines += [f"## {text(f'report.heading.{key}', language)} {{#{key}}}", "", ""]
    for m in design.scored_indicators():
        lines += [f"## {m.code}. {m.name} {{#indicator {m.code.lower()}}}", "", ""]
    for key in ("components", "recommendations"):
        lines += [f"## {text(f'report.heading.{key}', language)} {{#{key}}}", "", ""]
    return "\n".join(lines)
