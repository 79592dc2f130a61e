"""``reports/index.html``: every report of the project, grouped by year, province and level.

Each report is listed by its title (the params' title, else the report's heading), with its
kind, status and build time, and relative links to its HTML, its PDF, its workbooks and its CSVs
(the files its notebook published, :func:`dti_kit.publish.swap.publish`; a link only to a file
that is there). Comparisons of designs come last, by level. The page serves readers of both
languages: every word is given in Vietnamese and English. It is written from the build's
manifest alone (no design is loaded, nothing heavy imported), after every build.
"""
from __future__ import annotations

import html
from pathlib import Path, PurePosixPath
from urllib.parse import quote

from dti_kit._util.atomic import write_text
from dti_kit.i18n import has, text
from dti_kit.publish.params import REPORT_PATH_RE

__all__ = ["write_index", "report_place"]

_MARKS = {"built": "✔", "unchanged": "✔", "failed": "✘"}
#: the order of a folder's reports (a project's own notebooks after these, by name)
_NOTEBOOK_ORDER = ("scoring_report", "reconciliation", "sensitivity", "design_comparison")
#: (file suffix, the catalogue id of its kind) in the order the links are shown after the report's HTML
_KINDS = ((".pdf", "print.index.pdf"), (".xlsx", "print.index.workbook"), (".csv", "print.index.csv"))


def _both(msg_id: str, **fmt) -> str:
    """A catalogue text in Vietnamese, then in English (marked ``lang="en"``), escaped."""
    vi, en = html.escape(text(msg_id, "vi", **fmt)), html.escape(text(msg_id, "en", **fmt))
    return vi if vi == en else f'{vi} / <span lang="en">{en}</span>'


def report_place(entry: dict) -> tuple[str, str, str]:
    """(year, province, level) of a manifest entry: from its report folder
    (``reports/<year>/<province>/<level>``, ``reports/comparison/<level>``), else its params path."""
    folder = entry.get("out_dir") or (str(PurePosixPath(entry["html"]).parent) if entry.get("html") else "")
    parts = PurePosixPath(folder).parts
    if len(parts) == 3 and parts[:2] == ("reports", "comparison"):
        return "comparison", "", parts[2]
    if len(parts) == 4 and parts[0] == "reports":
        return parts[1], parts[2], parts[3]
    m = REPORT_PATH_RE.fullmatch(entry.get("params", ""))
    if m:
        return m["year"], m["province"], m["level"]
    return "", "", ""


def _level_name(level: str) -> str:
    return _both(f"compare.level.{level}") if has(f"compare.level.{level}") else html.escape(level)


def _links(root: Path, entry: dict) -> str:
    """The report's files other than its HTML, each a link relative to ``reports/``, by kind."""
    folder = PurePosixPath(entry.get("out_dir") or PurePosixPath(entry["html"]).parent)
    names = sorted(entry.get("files", []))
    out = []
    for suffix, msg_id in _KINDS:
        have = [n for n in names if n.endswith(suffix) and (root / folder / n).is_file()]
        if have:
            rel = folder.relative_to("reports")
            items = ", ".join(f'<a href="{html.escape(quote((rel / n).as_posix()))}">{html.escape(n)}</a>' for n in have)
            out.append(f"{_both(msg_id)}: {items}")
    return "<br>".join(out)


def _row(root: Path, e: dict) -> str:
    mark = _MARKS.get(e["status"], "")
    status = f"{mark} {_both('publish.status.' + e['status'])}" if mark else html.escape(e["status"])
    msg_id = f"publish.notebook.{e['notebook']}"
    kind = _both(msg_id) if has(msg_id) else html.escape(e["notebook"])  # a project's own notebook: its file name
    title = html.escape(e.get("title") or "") or kind
    page = e.get("html") and (root / e["html"]).is_file()
    link = f'<a href="{html.escape(quote(PurePosixPath(e["html"]).relative_to("reports").as_posix()))}">{title}</a>' if page else title
    err = f'<br><small>{html.escape(e.get("error", ""))}</small>' if e["status"] == "failed" else ""
    by = f"dti-kit {html.escape(e['version'])} · {html.escape(e['package'][:12])}" if e.get("version") else ""
    return (f"<tr><td>{link}<br><small>{kind} · <code>{html.escape(e['params'])}</code></small></td>"
            f"<td>{_links(root, e) if page else ''}</td><td>{status}{err}</td><td>{html.escape(e.get('built_at', ''))}</td>"
            f"<td><code title=\"{html.escape(e.get('package', ''))}\">{by}</code></td></tr>")


def _report_order(e: dict) -> tuple:
    nb = e["notebook"]
    return (_NOTEBOOK_ORDER.index(nb) if nb in _NOTEBOOK_ORDER else len(_NOTEBOOK_ORDER), nb, e.get("title") or "")


def _table(root: Path, entries: list[dict]) -> str:
    head = "".join(f"<th>{_both(m)}</th>" for m in ("publish.index.report", "print.index.files", "publish.index.status",
                                                     "publish.index.built_at", "publish.index.built_by"))
    rows = "\n".join(_row(root, e) for e in sorted(entries, key=_report_order))
    return f"<table><thead><tr>{head}</tr></thead><tbody>\n{rows}\n</tbody></table>"


def write_index(root: Path, manifest: dict) -> None:
    """Write ``reports/index.html`` from the build manifest (see the module's description)."""
    root = Path(root)
    groups: dict[tuple[str, str, str], list[dict]] = {}
    for e in manifest.values():
        groups.setdefault(report_place(e), []).append(e)

    def order(place: tuple[str, str, str]):  # latest year first, comparisons last
        year, province, level = place
        return (year == "comparison", -int(year) if year.isdigit() else 0, year, province, level)

    body, last_year, last_province = [], None, None
    for place in sorted(groups, key=order):
        year, province, level = place
        if year != last_year:
            body.append(f"<h2>{_both('print.index.comparisons') if year == 'comparison' else html.escape(year or '—')}</h2>")
            last_year, last_province = year, None
        if year != "comparison" and province != last_province:
            body.append(f"<h3>{html.escape(_province_name(groups[place]) or province)}</h3>")
            last_province = province
        body.append(f"<h4>{_level_name(level)}</h4>")
        body.append(_table(root, groups[place]))
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(text("publish.index.title", "vi"))}</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em}}table{{border-collapse:collapse;margin:0.3em 0 1.2em}}
th{{background:#1f4e79;color:#fff;padding:4px 8px;text-align:left}}td{{border-bottom:1px solid #ddd;padding:4px 8px;vertical-align:top}}
h2{{border-bottom:2px solid #1f4e79;margin-top:1.4em}}h3{{margin:1em 0 0.3em}}h4{{margin:0.6em 0 0.2em;color:#444}}
small{{color:#555}}</style>
</head><body><h1>{_both("publish.index.heading")}</h1>
{chr(10).join(body)}
</body></html>
"""
    write_text(root / "reports" / "index.html", page)


def _province_name(entries: list[dict]) -> str:
    """The province's name as its reports' designs write it ("Hòa Bình"), if the manifest has it."""
    return next((e["province_name"] for e in entries if e.get("province_name")), "")
