"""``dti-kit build``: every notebook every params file names, run with papermill in a process
pool, converted to HTML, with an incremental manifest and an index page.

A failing notebook keeps the previous good report, saves the failed notebook and its HTML
beside it (``*.failed.ipynb``, ``*.failed.html``), the build carries on, and exits 1 naming
the params file, the notebook and the cell.
"""
from __future__ import annotations

import functools
import hashlib
import html
import json
import os
import re
import sys
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from dti_kit._util.atomic import write_text
from dti_kit.errors import ParamsError, Problem, ProblemsError
from dti_kit.i18n import has, text
from dti_kit.publish.params import Params, discover, load_params

if TYPE_CHECKING:
    from dti_kit.publish.kernels import WarmKernel

KERNEL = "dti-kit"
MANIFEST = Path("reports") / ".manifest.json"
HIDE_TAGS = {"parameters", "injected-parameters"}


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
    phases: dict | None = None  # seconds in kernel preparation, execution and HTML conversion


def _hash_files(paths: Iterable[Path], h) -> None:
    for p in sorted(set(paths)):
        h.update(p.as_posix().encode())
        h.update(b"\0")
        if p.is_file():
            h.update(hashlib.sha256(p.read_bytes()).digest())


def _input_files(root: Path, rel: Iterable[str]) -> list[Path]:
    out = []
    for r in rel:
        p = root / r
        if p.is_dir():
            out.extend(q for q in p.rglob("*") if q.is_file())
        else:
            out.append(p)
    return out


def package_files() -> list[Path]:
    pkg = Path(__file__).resolve().parents[1]  # the dti_kit package, not publish/
    return sorted(p for p in pkg.rglob("*") if p.is_file() and p.suffix in (".py", ".yaml"))


def job_digest(root: Path, params: Params, notebook: str, pkg_digest: bytes) -> str:
    """Content hash of what a report depends on: notebook, params, commentary, inputs,
    previous inputs, designs and the package itself."""
    h = hashlib.sha256(pkg_digest)
    files = [root / "notebooks" / f"{notebook}.ipynb", root / params.path, root / params.commentary]
    files += _input_files(root, params.inputs) + _input_files(root, params.previous_inputs)
    _hash_files(files, h)
    h.update(json.dumps(params.notebook_parameters(notebook), sort_keys=True, ensure_ascii=False).encode())
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
table.dti-profile { table-layout: fixed; width: 56em; }  /* every unit's profile lines up with the others */
table.dti-profile th:nth-child(1) { width: 15em; }
table.dti-profile th:nth-child(2) { width: 216px; }
.dti-commentary { border-left: 4px solid #c55a11; background: #fff7f0; padding: 0.2em 1em; margin: 0.6em 0; }
@media print { .jp-Cell { break-inside: avoid; } }
</style>"""


@functools.lru_cache(maxsize=1)
def _html_exporter():
    """One exporter per process: building it (templates, filters) costs more than a report's
    conversion, and it keeps no state between notebooks."""
    from nbconvert import HTMLExporter

    return HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)


def to_html(nb, title: str, language: str = "vi") -> str:
    """The reader's HTML: no code, no injected parameters, images embedded; ``<html lang>``
    is the report's language."""
    import copy

    nb = copy.deepcopy(nb)
    _strip_for_html(nb)
    body, _ = _html_exporter().from_notebook_node(nb)
    body = body.replace("</head>", REPORT_CSS + "\n</head>", 1)
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
                return re.sub(r"<[^>]+>", "", text[2:].split("\n", 1)[0]).strip()  # data is marked <span lang="vi">
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


def run_job(root: str, params_path: str, notebook: str, parameters: dict, out_dir: str, timeout: int, kernel: str) -> dict:
    """Execute one notebook (in a worker process) and write its .ipynb and .html atomically."""
    import nbformat
    import papermill as pm

    from dti_kit.publish.kernels import ENGINE  # importing it registers the papermill engine

    root_p = Path(root)
    out = root_p / out_dir
    out.mkdir(parents=True, exist_ok=True)
    src = root_p / "notebooks" / f"{notebook}.ipynb"
    tmp_nb = out / f".{notebook}.running-{os.getpid()}-{time.monotonic_ns()}.ipynb"  # unique: builds may overlap
    t0 = time.perf_counter()
    error, cell, nb = "", None, None
    t_ready = t0
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
    if not tmp_nb.exists():
        if ok:
            ok, error = False, "papermill wrote no notebook"
        return {"ok": False, "error": error, "cell": cell, "seconds": seconds, "html": ""}
    if nb is None:  # failed: what papermill (or our engine) wrote of the run
        nb = nbformat.read(tmp_nb, as_version=4)
    if cell is not None:
        # papermill counts its injected-parameters cell: name the cell of the committed
        # notebook, 1-based, with its first line
        injected = sum(1 for c in nb.cells[:cell] if "injected-parameters" in c.get("metadata", {}).get("tags", []))
        first_line = (nb.cells[cell].source.strip().splitlines() or [""])[0][:80] if cell < len(nb.cells) else ""
        cell = cell - injected + 1
        error = f"{error} (cell {cell}: {first_line})"
    title = _title(nb, f"{params_path} — {notebook}")
    t_html = time.perf_counter()
    page = to_html(nb, title, parameters.get("language", "vi"))
    phases = {"kernel": t_ready - t0, "execute": seconds - (t_ready - t0), "html": time.perf_counter() - t_html}
    if ok:
        final_nb, final_html = out / f"{notebook}.ipynb", out / f"{notebook}.html"
        os.replace(tmp_nb, final_nb)
        write_text(final_html, page)
        for stale in (out / f"{notebook}.failed.ipynb", out / f"{notebook}.failed.html"):
            if stale.exists():
                stale.unlink()
        return {"ok": True, "error": "", "cell": None, "seconds": seconds, "phases": phases,
                "html": (Path(out_dir) / final_html.name).as_posix()}
    os.replace(tmp_nb, out / f"{notebook}.failed.ipynb")
    write_text(out / f"{notebook}.failed.html", page)
    return {"ok": False, "error": error, "cell": cell, "seconds": seconds, "phases": phases, "html": ""}


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


def write_index(root: Path, manifest: dict) -> None:
    """``reports/index.html``: every report with its status and build time."""
    def both(msg_id: str) -> str:  # the index serves readers of both languages
        return f'{html.escape(text(msg_id, "vi"))} / <span lang="en">{html.escape(text(msg_id, "en"))}</span>'

    rows = []
    for key in sorted(manifest):
        e = manifest[key]
        mark = {"built": "✔", "unchanged": "✔", "failed": "✘"}.get(e["status"], "")
        status = f"{mark} {both('publish.status.' + e['status'])}" if mark else html.escape(e["status"])
        msg_id = f"publish.notebook.{e['notebook']}"
        name = both(msg_id) if has(msg_id) else html.escape(e["notebook"])  # a project's own notebook: its file name
        link = f'<a href="{html.escape(Path(e["html"]).relative_to("reports").as_posix())}">{name}</a>' if e.get("html") else name
        err = f'<br><small>{html.escape(e.get("error", ""))}</small>' if e["status"] == "failed" else ""
        rows.append(f"<tr><td>{html.escape(e['params'])}</td><td>{link}</td><td>{status}{err}</td><td>{html.escape(e.get('built_at', ''))}</td></tr>")
    page = f"""<!DOCTYPE html>
<html lang="vi"><head><meta charset="utf-8"><title>{html.escape(text("publish.index.title", "vi"))}</title>
<style>body{{font-family:"DejaVu Sans",Arial,sans-serif;margin:2em}}table{{border-collapse:collapse}}
th{{background:#1f4e79;color:#fff;padding:4px 8px;text-align:left}}td{{border-bottom:1px solid #ddd;padding:4px 8px}}</style>
</head><body><h1>{both("publish.index.heading")}</h1>
<table><tr><th>{both("publish.index.params")}</th><th>{both("publish.index.report")}</th><th>{both("publish.index.status")}</th><th>{both("publish.index.built_at")}</th></tr>
{chr(10).join(rows)}
</table></body></html>
"""
    write_text(root / "reports" / "index.html", page)


def _check_kernel(kernel: str) -> None:
    from jupyter_client.kernelspec import KernelSpecManager

    if kernel not in KernelSpecManager().find_kernel_specs():
        raise ParamsError([Problem(
            f"Jupyter kernel {kernel!r} is not installed (run `make venv`, which registers it)",
            f"chưa cài kernel Jupyter {kernel!r} (chạy `make venv`)")])


def build(params_paths: list[str] | None = None, root: str | Path = ".", jobs: int | None = None, force: bool = False,
          timeout: int = 900, kernel: str = KERNEL, progress: bool = True) -> list[Outcome]:
    """Build the reports of the given params files (default: every file under params/).

    Every params file is validated before anything runs (ParamsError lists all problems).
    """
    from tqdm import tqdm

    root = Path(root).resolve()
    paths = [Path(p) for p in params_paths] if params_paths else discover(root)
    problems: list[Problem] = []
    all_params: list[Params] = []
    for p in paths:
        try:
            all_params.append(load_params(p, root))
        except ProblemsError as exc:
            problems.extend(exc.problems)
    if not paths:
        problems.append(Problem("no params files found under params/", "không có tệp tham số trong params/"))
    if problems:
        raise ParamsError(problems, f"{len(problems)} problem(s) in the params files; nothing was built")
    _check_kernel(kernel)

    h = hashlib.sha256()
    _hash_files(package_files(), h)
    pkg_digest = h.digest()
    manifest = load_manifest(root)
    todo: list[Job] = []
    outcomes: list[Outcome] = []
    for prm in all_params:
        for nb in prm.notebooks:
            key = f"{prm.path.as_posix()}::{nb}"
            digest = job_digest(root, prm, nb, pkg_digest)
            out_dir = prm.output_dir().as_posix()
            prev = manifest.get(key)
            if (not force and prev and prev.get("digest") == digest and prev.get("status") in ("built", "unchanged")
                    and (root / out_dir / f"{nb}.html").is_file()):
                outcomes.append(Outcome(key, prm.path.as_posix(), nb, "unchanged", 0.0, prev.get("html", ""), built_at=prev.get("built_at", "")))
                continue
            todo.append(Job(prm, nb, key, digest, out_dir))

    # longest first (by the last build's times; new reports first of all): the pool's last
    # minutes then run short notebooks side by side instead of one long one alone
    todo.sort(key=lambda j: -float(manifest.get(j.key, {}).get("seconds", float("inf"))))
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo) or 1))
    if todo:
        log = root / "reports" / ".build-kernels.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        log.write_text("", encoding="utf-8")  # this build's kernels only: the log does not grow build after build
        with ProcessPoolExecutor(max_workers=workers, initializer=_quiet_worker, initargs=(str(log),)) as pool:
            futures = {
                pool.submit(run_job, str(root), j.params.path.as_posix(), j.notebook, j.params.notebook_parameters(j.notebook),
                            j.out_dir, timeout, kernel): j
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
                                            phases=r.get("phases")))
                    manifest[j.key] = {"digest": j.digest, "status": "built", "params": j.params.path.as_posix(), "notebook": j.notebook,
                                       "html": r["html"], "built_at": stamp, "seconds": round(r["seconds"], 2)}
                else:
                    outcomes.append(Outcome(j.key, j.params.path.as_posix(), j.notebook, "failed", r["seconds"], error=r["error"], cell=r["cell"],
                                            built_at=stamp, phases=r.get("phases")))
                    old = manifest.get(j.key, {})
                    manifest[j.key] = {"digest": "", "status": "failed", "params": j.params.path.as_posix(), "notebook": j.notebook,
                                       "html": old.get("html", ""), "built_at": stamp, "error": r["error"], "cell": r["cell"]}
                bar.update(1)
            bar.close()
    for o in outcomes:
        if o.status == "unchanged" and o.key in manifest:
            manifest[o.key]["status"] = "unchanged"
    write_text(root / MANIFEST, json.dumps(manifest, indent=1, sort_keys=True, ensure_ascii=False))
    write_index(root, manifest)
    return sorted(outcomes, key=lambda o: o.key)


def summary_table(outcomes: list[Outcome]) -> str:
    rows = [("params", "notebook", "status", "seconds")]
    for o in outcomes:
        status = o.status if o.status != "failed" else f"FAILED (cell {o.cell}): {o.error[:120]}"
        rows.append((o.params, o.notebook, status, f"{o.seconds:.1f}"))
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(r[:3], widths)) + "  " + r[3] for r in rows)


def add_cli(sub, name="build"):
    p = sub.add_parser(name, help="build the reports of every params file (papermill + nbconvert)")
    p.add_argument("params", nargs="*", help="params files (default: every file under params/)")
    p.add_argument("--jobs", "-j", type=int, default=None, help="worker processes (default: one per core)")
    p.add_argument("--force", action="store_true", help="rebuild even if nothing changed")
    p.add_argument("--timeout", type=int, default=900, help="seconds per notebook cell (default 900)")
    p.add_argument("--kernel", default=KERNEL, help=f"Jupyter kernel name (default {KERNEL})")
    p.add_argument("--no-progress", action="store_true")

    def run(args):
        outcomes = build(args.params or None, ".", args.jobs, args.force, args.timeout, args.kernel, not args.no_progress)
        print(summary_table(outcomes))
        failed = [o for o in outcomes if o.status == "failed"]
        for o in failed:
            print(f"dti-kit build: {o.params}: notebook {o.notebook} failed at cell {o.cell}: {o.error}", file=sys.stderr)
        return 1 if failed else 0

    p.set_defaults(func=run)
