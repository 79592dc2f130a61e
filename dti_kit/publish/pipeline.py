"""``dti-kit build``: every notebook every params file names, run with papermill in a process
pool, converted to HTML, with an incremental manifest and an index page.

Every file of a notebook's run (HTML, notebook, workbooks, CSVs) is written to a staging folder
and published by a folder swap only when the whole notebook succeeded
(:mod:`~dti_kit.publish.swap`). A failing or killed notebook keeps the previous good report;
a failed one saves the failed notebook and its HTML beside it (``*.failed.ipynb``,
``*.failed.html``), the build carries on, and exits 1 naming the params file, the notebook and
the cell. Workers and their kernels end with the build (:mod:`~dti_kit.publish.lifeline`).

A build with nothing to do decides so from hashes: params are read without loading designs,
and nothing heavy (pandas, matplotlib, papermill, jupyter) is imported.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from dti_kit._util.atomic import write_text
from dti_kit.errors import ParamsError, Problem, ProblemsError, PublishError
from dti_kit.i18n import text
from dti_kit.publish.index_page import write_index
from dti_kit.publish.navigation import add_contents
from dti_kit.publish.params import Params, discover, load_params, shared_folders
from dti_kit.publish.printcss import print_css
from dti_kit.report.wide import WIDE_CSS

if TYPE_CHECKING:
    from dti_kit.publish.kernels import WarmKernel

__all__ = ["build", "plan", "run_job", "to_html", "PublishError", "Job", "Outcome", "job_digest", "package_files",
           "load_manifest", "update_manifest", "write_index", "summary_table", "KERNEL"]

KERNEL = "dti-kit"
MANIFEST = Path("reports") / ".manifest.json"
CACHE = Path("reports") / ".cache"  # each params file's data, read and scored once (dti_kit.report.cache)
HIDE_TAGS = {"parameters", "injected-parameters"}
PAPERMILL_ERROR_TAG = "papermill-error-cell-tag"  # the banner and anchor papermill adds to a failed notebook


def _cannot_write(path: Path | str, exc: OSError) -> Problem:
    cause = exc.strerror or type(exc).__name__
    return Problem(text("publish_safety.cannot_write", "en", path=str(path), cause=cause),
                   text("publish_safety.cannot_write", "vi", path=str(path), cause=cause), source=str(path))


def _check_writable(root: Path, folders: Iterable[Path]) -> None:
    """Write a probe in every folder a build will write (before anything runs): a read-only
    folder, a file where a folder should be or a full disk is one clear error, not tracebacks."""
    import tempfile

    problems = []
    for folder in sorted(set(folders)):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=folder) as f:
                f.write(b"\0" * 4096)
                f.flush()
                os.fsync(f.fileno())
        except OSError as exc:
            problems.append(_cannot_write(exc.filename or folder, exc))
    if problems:
        raise PublishError(problems, text("publish_safety.nothing_built", "en"))


@dataclass
class Job:
    params: Params
    notebook: str
    key: str
    digest: str
    out_dir: str


@dataclass
class Outcome:
    key: str
    params: str
    notebook: str
    status: str  # built | unchanged | failed
    seconds: float = 0.0
    html: str = ""
    error: str = ""
    cell: int | None = None
    built_at: str = ""
    phases: dict | None = None  # seconds in kernel preparation, execution, HTML conversion (and publishing), PDF printing
    note: str = ""  # what the reader should know although the report was built ("no-chromium": built without its PDF)


def _hash_files(paths: Iterable[Path], h) -> None:
    for p in sorted(set(paths)):
        h.update(p.as_posix().encode())
        h.update(b"\0")
        if p.is_file():
            h.update(hashlib.sha256(p.read_bytes()).digest())


def _input_files(root: Path, rel: Iterable[str]) -> list[Path]:
    """The files the report reads for its inputs (a folder's subfolders are not read)."""
    from dti_kit._util.inputfiles import input_files

    return input_files([root / r for r in rel])


def package_files() -> list[Path]:
    from dti_kit._util.package import package_files as files

    return files()


def job_digest(root: Path, params: Params, notebook: str, pkg_digest: bytes) -> str:
    """Content hash of what a report depends on: notebook, params, commentary, inputs,
    previous inputs, the units file and the previous mapping, the project's designs the params
    use (``designs/<id>.yaml``; shipped designs are in the package) and the package itself."""
    h = hashlib.sha256(pkg_digest)
    files = [root / "notebooks" / f"{notebook}.ipynb", root / params.path, root / params.commentary]
    files += _input_files(root, params.inputs) + _input_files(root, params.previous_inputs)
    files += [root / f for f in (params.units, params.previous_mapping) if f]
    files += list(params.project_designs(root))
    _hash_files(files, h)
    h.update(json.dumps(params.notebook_parameters(notebook), sort_keys=True, ensure_ascii=False).encode())
    h.update(b"pdf" if params.pdf else b"no pdf")  # turning the PDF on or off rebuilds the report
    return h.hexdigest()


def _strip_for_html(nb) -> None:
    """Hide the parameters cells and stderr noise from the reader's HTML."""
    cells = []
    for c in nb.cells:
        if HIDE_TAGS & set(c.get("metadata", {}).get("tags", [])):
            continue
        if c.get("cell_type") == "code":
            c["outputs"] = [o for o in c.get("outputs", []) if not (o.get("output_type") == "stream" and o.get("name") == "stderr")]
        cells.append(c)
    nb.cells = cells


REPORT_CSS = """<style>
.dti-table { border-collapse: collapse; font-size: 0.9em; margin: 0.5em 0 1em; }
.dti-table th { background: #1f4e79; color: #fff; padding: 4px 8px; text-align: left; }
.dti-table td { border-bottom: 1px solid #ddd; padding: 3px 8px; }
table.dti-table th.num, table.dti-table td.num { text-align: right; font-variant-numeric: tabular-nums; }
table.dti-table td.num { white-space: nowrap; }
table.dti-table th.txt, table.dti-table td.txt { text-align: left; }
table.dti-table td.txt:first-child { min-width: 9em; }
table.dti-table td.dti-prose { min-width: 12em; }  /* dti_kit.report.printing.PROSE: long text keeps a measure */
table.dti-profile { table-layout: fixed; width: 56em; }  /* every unit's profile lines up with the others */
table.dti-profile th:nth-child(1) { width: 15em; }
table.dti-profile th:nth-child(2) { width: 216px; }
div.dti-council table.dti-table td:last-child { min-width: 11em; }  /* the flags' names, not one word a line */
.dti-commentary { border-left: 4px solid #c55a11; background: #fff7f0; padding: 0.2em 1em; margin: 0.6em 0; }
""" + WIDE_CSS + """</style>"""


#: the reader's page: nbconvert's lab template without any script (require.js, MathJax, mermaid,
#: widgets came from a CDN when the page was opened: a published report is self-contained)
REPORT_TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{% block data_png scoped %}
{#- the stock block, with the image's alternative text (dti_kit.publish.notebook.show: the chart's title) -#}
{%- set alt = output | get_metadata('alt', 'image/png') -%}
{#- a chart (dti_kit.publish.notebook.show): on a phone it keeps a readable width and scrolls sideways in its box, a line above says so -#}
{%- set hint = output | get_metadata('hint', 'image/png') -%}
<div class="jp-RenderedImage jp-OutputArea-output {{ extra_class }}">
{%- if hint %}<p class="dti-wide-hint">{{ hint | escape_html }}</p><div class="dti-chart-box">{% endif %}
<img src="data:image/png;base64,{{ output.data['image/png'] | escape_html }}" alt="{{ (alt or '') | escape_html }}"{% if hint %} class="dti-chart"{% endif %}
{%- set width=output | get_metadata('width', 'image/png') -%}
{%- if width is not none %} width={{ width | escape_html }}{%- endif %}
{%- set height=output | get_metadata('height', 'image/png') -%}
{%- if height is not none %} height={{ height | escape_html }}{%- endif %}
{%- if output | get_metadata('unconfined', 'image/png') %} class="unconfined"{%- endif %}>
{%- if hint %}</div>{% endif %}
</div>
{%- endblock data_png %}
"""
# an output's box, as the template writes it: made focusable, so a keyboard scrolls a wide table
_OUTPUT_BOX = re.compile(r'(<div class="[^"]*\bjp-OutputArea-output\b[^"]*")')


def _markdown2html(source: str) -> str:
    from dti_kit.report.markup import markdown_html

    return markdown_html(source)


@functools.lru_cache(maxsize=1)
def _html_exporter():
    """One exporter per process: building it (templates, filters) costs more than a report's
    conversion, and it keeps no state between notebooks. Markdown outputs are rendered by
    :func:`dti_kit.report.markup.markdown_html` (raw HTML off, sanitised): data in a report's
    Markdown can never become markup that runs."""
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class ReportExporter(HTMLExporter):
        """nbconvert's HTML exporter without its last pass, which parses the whole page with
        BeautifulSoup and writes it again to give every image without one an English filler
        alt text and every output a tabindex: 36 s and 700 MB for the 19.5 MB page of 3,321
        communes (issue 20). A chart's alt text is its title (:func:`dti_kit.publish.notebook.show`),
        and the outputs' tabindex is set on the template's own markup."""

        def from_notebook_node(self, nb, resources=None, **kw):
            lang = nb.metadata.get("language_info", {})
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lang.get("pygments_lexer", lang.get("name")), parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(notebook_metadata=self._nb_metadata, parent=self,
                                                                           resources=resources))
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return _OUTPUT_BOX.sub(r'\1 tabindex="0"', page), resources

    return ReportExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
                        extra_loaders=[DictLoader({"dti-report.html.j2": REPORT_TEMPLATE})], template_file="dti-report.html.j2",
                        filters={"markdown2html": _markdown2html})


def to_html(nb, title: str, language: str = "vi") -> str:
    """The reader's HTML: no code, no injected parameters, images embedded, no script;
    ``<html lang>`` is the report's language."""
    import copy

    nb = copy.deepcopy(nb)
    _strip_for_html(nb)
    body, _ = _html_exporter().from_notebook_node(nb)
    body = body.replace("</head>", REPORT_CSS + "\n" + print_css(title, language) + "\n</head>", 1)
    body = add_contents(body, language)
    start, end = body.find("<title>"), body.find("</title>")
    if start != -1 and end != -1:
        body = body[: start + 7] + html.escape(title) + body[end:]
    # nbconvert's template writes <html lang="en"> whatever the notebook's language
    body = re.sub(r"<html\b[^>]*>", f'<html lang="{"en" if language == "en" else "vi"}">', body, count=1)
    return body


def _title(nb, fallback: str) -> str:
    for c in nb.cells:
        for o in c.get("outputs", []):
            text = o.get("data", {}).get("text/markdown", "")
            if isinstance(text, list):
                text = "".join(text)
            if text.startswith("# "):
                # the heading as the reader sees it: data marks (<span lang="vi">) dropped, Markdown's
                # backslash escapes (md_text) undone
                line = re.sub(r"<[^>]+>|[\ue000\ue001]", "", text[2:].split("\n", 1)[0])
                return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", line).strip()
    return fallback


_warm: WarmKernel | None = None  # this worker process's kernel (see dti_kit.publish.kernels)


def _warm_kernel(kernel: str, root: str):
    """The worker's warm kernel, started on first use and stopped when the worker exits."""
    global _warm  # one kernel per worker process, kept across its jobs
    from multiprocessing.util import Finalize

    from dti_kit.publish.kernels import WarmKernel

    if _warm is None or _warm.kernel_name != kernel or _warm.root != str(Path(root).resolve()):
        if _warm is not None:
            _warm.shutdown()
        _warm = WarmKernel(kernel, root)
        Finalize(_warm, _warm.shutdown, exitpriority=10)  # runs when the pool's worker exits
    return _warm


def _published_notebook(nb, staged: str, out_dir: str) -> None:
    """Name the report folder, not the staging folder, in the notebook readers get."""
    for c in nb.cells:
        if "injected-parameters" in c.get("metadata", {}).get("tags", []):
            c.source = c.source.replace(staged, out_dir)
    pm_meta = nb.metadata.get("papermill", {})
    if isinstance(pm_meta.get("parameters"), dict) and pm_meta["parameters"].get("output_dir") == staged:
        pm_meta["parameters"]["output_dir"] = out_dir
    for key in ("input_path", "output_path"):
        if isinstance(pm_meta.get(key), str):
            pm_meta[key] = pm_meta[key].replace(staged, out_dir)


def _name_failing_cell(nb, index: int | None, error: str) -> tuple[int | None, str]:
    """The failing cell as numbered in the committed notebook (1-based, papermill's injected
    cell not counted), and the error quoting its first line. ``index`` is papermill's (None
    after a timeout or a dead kernel: then the last cell that started)."""
    if index is None:
        started = [i for i, c in enumerate(nb.cells) if c.get("metadata", {}).get("papermill", {}).get("start_time")]
        if not started:
            return None, error
        index = started[-1]
    if index >= len(nb.cells):
        return None, error
    injected = sum(1 for c in nb.cells[:index] if "injected-parameters" in c.get("metadata", {}).get("tags", []))
    first_line = (nb.cells[index].source.strip().splitlines() or [""])[0][:80]
    number = index - injected + 1
    return number, f"{error} (cell {number}: {first_line})"


def run_job(root: str, params_path: str, notebook: str, parameters: dict, out_dir: str, timeout: int, kernel: str,
            pdf: bool = False) -> dict:
    """Execute one notebook (in a worker process) into a staging folder, and publish its
    files into ``out_dir`` by a folder swap only if the whole notebook succeeded.

    With ``pdf``, the report's HTML is printed to ``<notebook>.pdf`` in the staging folder
    (:mod:`dti_kit.publish.pdf`) and published with it; a report that Chromium fails to print
    fails (naming it), one built where Chromium is not installed is published without its PDF
    (``note: "no-chromium"``)."""
    import nbformat
    import papermill as pm

    from dti_kit.publish.kernels import ENGINE  # importing it registers the papermill engine
    from dti_kit.publish.swap import publish, staging_dir

    root_p = Path(root)
    report = root_p / out_dir
    src = root_p / "notebooks" / f"{notebook}.ipynb"
    try:
        stage = staging_dir(report, notebook)  # unique: builds may overlap
    except OSError as exc:
        return {"ok": False, "error": _cannot_write(exc.filename or report.parent, exc).format(), "cell": None, "seconds": 0.0, "html": ""}
    staged = Path(os.path.relpath(stage, root_p)).as_posix()
    if "output_dir" in parameters:  # the notebook's workbooks and CSVs go to the staging folder too
        parameters = {**parameters, "output_dir": staged}
    tmp_nb = stage / f"{notebook}.ipynb"
    t0 = time.perf_counter()
    error, cell, nb = "", None, None
    t_ready = t0
    try:
        warm = _warm_kernel(kernel, root)
        try:
            warm.prepare()
            t_ready = time.perf_counter()
            nb = pm.execute_notebook(
                str(src), str(tmp_nb), parameters=parameters, kernel_name=kernel, cwd=str(root_p),
                execution_timeout=timeout, progress_bar=False, log_output=False,
                engine_name=ENGINE, km=warm.km, kc=warm.kc, request_save_on_cell_execute=False, partial_path=str(tmp_nb),
            )
            ok = True
        except pm.PapermillExecutionError as exc:
            ok, error, cell = False, f"{exc.ename}: {exc.evalue}", exc.cell_index
        except Exception as exc:  # kernel died, timeout, missing kernel …
            ok, error = False, f"{type(exc).__name__}: {exc}"
        if not ok:
            warm.shutdown()  # never let a failed notebook's state reach the next report
        seconds = time.perf_counter() - t0
        t_release = time.perf_counter()
        if ok:
            warm.release()  # what the notebook held is let go before its report is written and printed
        released = time.perf_counter() - t_release
        if not tmp_nb.exists():
            if ok:
                ok, error = False, "papermill wrote no notebook"
            return {"ok": False, "error": error, "cell": cell, "seconds": seconds, "html": ""}
        if nb is None:  # failed: what papermill (or our engine) wrote of the run
            try:
                nb = nbformat.read(tmp_nb, as_version=4)
            except Exception as exc:  # cut short (a full disk): say so, not NotJSONError alone
                why = _cannot_write(tmp_nb.relative_to(root_p), exc).format() if isinstance(exc, OSError) else \
                    f"{tmp_nb.name} was left unreadable ({type(exc).__name__}; is the disk full?)"
                return {"ok": False, "error": f"{error}; {why}" if error else why, "cell": cell, "seconds": seconds, "html": ""}
            # papermill's banner and anchor cells: they shift every index after them
            nb.cells = [c for c in nb.cells if PAPERMILL_ERROR_TAG not in c.get("metadata", {}).get("tags", [])]
        _published_notebook(nb, staged, out_dir)
        if not ok:
            cell, error = _name_failing_cell(nb, cell, error)
        title = _title(nb, f"{params_path} — {notebook}")
        language = str(parameters.get("language", "vi"))
        t_html = time.perf_counter()
        page = to_html(nb, title, language)
        note, files, pdf_seconds = "", [], 0.0
        try:
            if ok:
                nbformat.write(nb, tmp_nb)
                write_text(stage / f"{notebook}.html", page)
                if pdf:
                    t_pdf = time.perf_counter()
                    ok, error, note = _print_report(stage / f"{notebook}.html", f"{out_dir}/{notebook}.html", language)
                    pdf_seconds = time.perf_counter() - t_pdf
            if ok:
                files = publish(report, notebook, stage, drop=[f"{notebook}.failed"],
                                remove=[f"{notebook}.failed.ipynb", f"{notebook}.failed.html"])
            else:
                failed = staging_dir(report, f"{notebook}.failed")
                try:
                    nbformat.write(nb, failed / f"{notebook}.failed.ipynb")
                    write_text(failed / f"{notebook}.failed.html", page)
                    publish(report, f"{notebook}.failed", failed)  # the notebook's last good files stay
                finally:
                    shutil.rmtree(failed, ignore_errors=True)
        except OSError as exc:  # a full disk, a read-only folder: the last good report stays
            why = _cannot_write(exc.filename or report, exc).format()
            ok, error = False, f"{error}; {why}" if error else why
        phases = {"kernel": t_ready - t0 + released, "execute": seconds - (t_ready - t0),
                  "html": time.perf_counter() - t_html - pdf_seconds, "pdf": pdf_seconds}
        if ok:
            return {"ok": True, "error": "", "cell": None, "seconds": seconds, "phases": phases,
                    "html": (Path(out_dir) / f"{notebook}.html").as_posix(), "title": title, "note": note,
                    "files": [f for f in files if not f.endswith(".ipynb")]}
        return {"ok": False, "error": error, "cell": cell, "seconds": seconds, "phases": phases, "html": ""}
    finally:
        shutil.rmtree(stage, ignore_errors=True)  # what a failed run wrote never reaches the report


def _province_name(params: Params, root: Path) -> str:
    """The province's name as the report's design writes it ("Hòa Bình"), for the index ('' for comparisons)."""
    if params.kind == "comparison":
        return ""
    from dti_kit.loader import load_design

    try:
        return str(load_design(params.design_id, root).province)
    except Exception:  # the index then shows the province's folder name
        return ""


_printer = None  # this worker process's Chromium (dti_kit.publish.pdf.Printer), kept across its reports


def _worker_printer(chromium: str):
    """The worker's printer, started on first use and ended when the worker exits."""
    global _printer  # one Chromium per worker process, as one kernel
    from multiprocessing.util import Finalize

    from dti_kit.publish.pdf import Printer

    if _printer is None or _printer.chromium != chromium:
        if _printer is not None:
            _printer.close()
        _printer = Printer(chromium)
        Finalize(_printer, _printer.close, exitpriority=10)
    return _printer


def _print_report(html_path: Path, report: str, language: str) -> tuple[bool, str, str]:
    """(ok, error, note) of printing a staged report to its PDF beside it."""
    from dti_kit.publish.pdf import PrintError, find_chromium

    chromium = find_chromium()
    if chromium is None:
        return True, "", "no-chromium"
    try:
        _worker_printer(chromium).print(html_path, html_path.with_suffix(".pdf"), report, language)
    except PrintError as exc:
        return False, str(exc), ""
    return True, "", ""


def _worker_init(log_path: str, parent_pid: int) -> None:
    """A build worker: ends with the build, and sends its kernels' stderr to the build log."""
    from dti_kit.publish.lifeline import die_with_parent

    die_with_parent(parent_pid)
    _quiet_worker(log_path)


def _quiet_worker(log_path: str) -> None:
    """Send a worker's (and so its kernels') stderr to the build log, not the terminal."""
    fd = os.open(log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)


def load_manifest(root: Path) -> dict:
    p = root / MANIFEST
    if p.is_file():
        try:
            return json.loads(p.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            return {}
    return {}


def update_manifest(root: Path, entries: dict) -> dict:
    """Merge this build's ``entries`` into the manifest on disk under a lock, and write the
    index from the result: builds of different params files that overlap both keep theirs."""
    import contextlib

    lock_path = root / "reports" / ".manifest.lock"
    try:
        lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise PublishError([_cannot_write(exc.filename or lock_path, exc)]) from None
    try:
        with contextlib.suppress(ImportError):
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX)  # released when fd closes, or when the process dies
        manifest = load_manifest(root)
        for key, entry in entries.items():
            manifest[key] = {**manifest.get(key, {}), **entry} if entry.get("status") == "unchanged" else entry
        try:
            write_text(root / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False))
            write_index(root, manifest)
        except OSError as exc:
            raise PublishError([_cannot_write(exc.filename or root / MANIFEST, exc)]) from None
    finally:
        os.close(fd)
    return manifest


def _built_by() -> tuple[str, str]:
    """(dti-kit version, package content hash) of this build, for the manifest and the index."""
    from dti_kit import __version__
    from dti_kit._util.package import content_hash

    return __version__, content_hash()


def _check_kernel(kernel: str) -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    if kernel not in KernelSpecManager().find_kernel_specs():
        raise ParamsError([Problem(
            f"Jupyter kernel {kernel!r} is not installed (run `make venv`, which registers it)",
            f"chưa cài kernel Jupyter {kernel!r} (chạy `make venv`)")])


def _read_all(paths: list[Path], root: Path, deep: bool) -> tuple[list[Params], list[Problem]]:
    problems: list[Problem] = []
    all_params: list[Params] = []
    for p in paths:
        try:
            all_params.append(load_params(p, root, deep=deep))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    return all_params, problems


def _folder_problems(root: Path, chosen: list[Params]) -> list[Problem]:
    """Two params files that would write one report folder: among those built, and between one
    built and any other params file of the project (an unreadable other one is its own problem)."""
    mine = {prm.path for prm in chosen}
    others = []
    for p in discover(root):
        if p not in mine:
            try:
                others.append(load_params(p, root, deep=False))
            except ProblemsError:
                pass
    return shared_folders([*chosen, *others])


def _expand(params_paths: Iterable[str | Path], root: Path) -> tuple[list[Path], list[Problem]]:
    """The params files named, a folder standing for every params file below it (sorted), and
    a problem for each folder that has none."""
    out: list[Path] = []
    problems: list[Problem] = []
    for p in map(Path, params_paths):
        full = p if p.is_absolute() else root / p
        if full.is_dir():
            found = sorted(full.rglob("*.yaml"))
            if not found:
                problems.append(Problem("a folder with no params files (*.yaml)", "thư mục không có tệp tham số nào (*.yaml)", source=str(p)))
            out.extend(q if p.is_absolute() else q.relative_to(root) for q in found)
        else:  # a file: reading it names any problem
            out.append(p)
    return out, problems


def plan(params_paths: list[str] | None, root: Path, force: bool = False) -> tuple[list[Params], list[Job], list[Outcome]]:
    """What a build would do: every params file read and checked, each job's digest compared
    with the manifest. Imports nothing heavy; designs are loaded only if a job must run (or a
    params file has a problem), so every problem is still reported before anything runs."""
    paths, missing = _expand(params_paths, root) if params_paths else (discover(root), [])
    paths = list(dict.fromkeys(paths))
    if not paths and not missing:  # (a named folder with nothing in it is its own problem)
        missing = [Problem("no params files found under params/", "không có tệp tham số trong params/")]
    all_params, problems = _read_all(paths, root, deep=False)
    problems = missing + problems
    all_params = list({prm.path: prm for prm in all_params}.values())  # one file named twice is built once
    problems += _folder_problems(root, all_params)
    todo: list[Job] = []
    unchanged: list[Outcome] = []
    if not problems:
        h = hashlib.sha256()
        _hash_files(package_files(), h)
        pkg_digest = h.digest()
        manifest = load_manifest(root)
        for prm in all_params:
            for nb in prm.notebooks:
                key = f"{prm.path.as_posix()}::{nb}"
                digest = job_digest(root, prm, nb, pkg_digest)
                out_dir = prm.output_dir().as_posix()
                prev = manifest.get(key)
                if (not force and prev and prev.get("digest") == digest and prev.get("status") in ("built", "unchanged")
                        and (root / out_dir / f"{nb}.html").is_file()):
                    unchanged.append(Outcome(key, prm.path.as_posix(), nb, "unchanged", 0.0, prev.get("html", ""),
                                             built_at=prev.get("built_at", "")))
                    continue
                todo.append(Job(prm, nb, key, digest, out_dir))
        # longest first (by the last build's times; new reports first of all): the pool's last
        # minutes then run short notebooks side by side instead of one long one alone
        todo.sort(key=lambda j: -float(manifest.get(j.key, {}).get("seconds", float("inf"))))
    if problems or todo:
        # designs loaded and validated in full: a broken design is refused before anything runs
        _, problems = _read_all(paths, root, deep=True)
        problems = missing + problems + _folder_problems(root, all_params)
    if problems:
        raise ParamsError(problems, f"{len(problems)} problem(s) in the params files; nothing was built")
    return all_params, todo, unchanged


def _take_back(made: Path, cache_folder: Path) -> None:
    """Remove ``made`` (``reports/`` or its cache folder), which this refused build created for
    its checks' cache, if it holds nothing but that cache: another build started meanwhile may
    have written there (its lock, its staging folders), and its files are never touched. Losing
    cache entries costs another build a recomputation, never a report."""
    try:
        others = [p for p in made.iterdir() if p != cache_folder] if made != cache_folder else []
    except OSError:
        return
    if not others:
        shutil.rmtree(made, ignore_errors=True)


def build(params_paths: list[str] | None = None, root: str | Path = ".", jobs: int | None = None, force: bool = False,
          timeout: int = 900, kernel: str = KERNEL, progress: bool = True) -> list[Outcome]:
    """Build the reports of the given params files (default: every file under params/).

    Every params file is validated before anything runs (ParamsError lists all problems).
    """
    root = Path(root).resolve()
    from dti_kit.report import cache  # light: the cache of report data (reports/.cache/), also used by the kernels

    # the params files' checks read and score each report's inputs into the build's cache, for
    # its notebooks; a build refused before anything runs takes back the folders it made for that
    made = next((f for f in (root / "reports", root / CACHE) if not f.exists()), None)
    try:
        with cache.in_folder(root / CACHE):
            _, todo, outcomes = plan(params_paths, root, force)
        if todo:
            _check_kernel(kernel)
            _check_writable(root, [root / "reports", *((root / j.out_dir).parent for j in todo)])
    except (ParamsError, PublishError):
        if made is not None:
            _take_back(made, root / CACHE)
        raise
    entries = {o.key: {"status": "unchanged"} for o in outcomes}
    if todo:
        from concurrent.futures import ProcessPoolExecutor, as_completed

        from tqdm import tqdm

        from dti_kit.publish.swap import clean_stale

        clean_stale(root / "reports")
        workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
        log = root / "reports" / ".build-kernels.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("", encoding="utf-8")  # this build's kernels only: the log does not grow build after build
        old = load_manifest(root)
        built_by = _built_by()  # only when something is built: a no-change build reads no package
        with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(str(log), os.getpid())) as pool:
            futures = {
                pool.submit(run_job, str(root), j.params.path.as_posix(), j.notebook, j.params.notebook_parameters(j.notebook),
                            j.out_dir, timeout, kernel, j.params.pdf): j
                for j in todo
            }
            bar = tqdm(total=len(futures), desc="dti-kit build", unit="notebook", disable=not progress, file=sys.stderr)
            for fut in as_completed(futures):
                j = futures[fut]
                try:
                    r = fut.result()
                except Exception as exc:  # the worker itself died
                    r = {"ok": False, "error": f"{type(exc).__name__}: {exc}", "cell": None, "seconds": 0.0, "html": ""}
                stamp = time.strftime("%Y-%m-%d %H:%M:%S")
                if r["ok"]:
                    outcomes.append(Outcome(j.key, j.params.path.as_posix(), j.notebook, "built", r["seconds"], r["html"], built_at=stamp,
                                            phases=r.get("phases"), note=r.get("note", "")))
                    entries[j.key] = {"digest": j.digest, "status": "built", "params": j.params.path.as_posix(), "notebook": j.notebook,
                                      "html": r["html"], "built_at": stamp, "seconds": round(r["seconds"], 2),
                                      "version": built_by[0], "package": built_by[1], "title": r.get("title", ""),
                                      "files": r.get("files", []), "out_dir": j.out_dir, "province_name": _province_name(j.params, root)}
                else:
                    outcomes.append(Outcome(j.key, j.params.path.as_posix(), j.notebook, "failed", r["seconds"], error=r["error"], cell=r["cell"],
                                            built_at=stamp, phases=r.get("phases")))
                    last_good = old.get(j.key, {})  # its files are still the published ones
                    entries[j.key] = {"digest": "", "status": "failed", "params": j.params.path.as_posix(), "notebook": j.notebook,
                                      "html": last_good.get("html", ""), "built_at": stamp, "error": r["error"], "cell": r["cell"],
                                      "title": last_good.get("title", ""), "files": last_good.get("files", []), "out_dir": j.out_dir,
                                      "province_name": last_good.get("province_name", "")}
                bar.update(1)
            bar.close()
    update_manifest(root, entries)
    without_pdf = sum(1 for o in outcomes if o.note == "no-chromium")
    if without_pdf:  # one line for the build, not one per report
        print(text("print.no_chromium", "vi", count=without_pdf) + " / " + text("print.no_chromium", "en", count=without_pdf),
              file=sys.stderr)
    return sorted(outcomes, key=lambda o: o.key)


def summary_table(outcomes: list[Outcome]) -> str:
    rows = [("params", "notebook", "status", "seconds")]
    for o in outcomes:
        # a dead kernel, a timeout before any cell or a full disk stops no cell: no "cell None"
        at = f" (cell {o.cell})" if o.cell is not None else ""
        status = o.status if o.status != "failed" else f"FAILED{at}: {o.error[:120]}"
        rows.append((o.params, o.notebook, status, f"{o.seconds:.1f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r[:3], widths)) + "  " + r[3] for r in rows)
