"""Benchmark: the reports of one params file at a province's and the nation's size (issue 20).

For each size (default 30, 150, 600 and 3,321 synthetic communes of ``hoa-binh-2023-xa``, see
``scale_project.py``: self and appraised scores, last year's inputs, a units file with
districts) a temporary project is built with ``dti-kit build --jobs 1`` in a subprocess, and
printed per notebook (scoring report, reconciliation, sensitivity):

- wall: the build's seconds for the notebook (kernel reset and execution, as the manifest has it);
- own: the notebook's own execution time (papermill's ``duration`` in the built notebook);
- HTML: the self-contained page's size;
- CPU: the CPU seconds of the build's process tree while the notebook ran (the own time's
  share of a busy machine: the ratios of CPU times are steadier than those of wall times);
- the ratios of own time, CPU and HTML size to the 30-commune run (or the smallest size run),

and per size the build's wall time and the peak resident memory of its whole process tree (the
build, its worker and the worker's kernel: ``/proc`` polled every 0.1 s, VmRSS summed over the
build's descendants, with the parts at that peak: the build and its worker, the kernel,
Chromium; and the peak PSS, which counts pages the processes share once). The cells that take longest in each notebook are listed (papermill's
per-cell ``duration``).

Targets, on each notebook's own time against 30 communes: 150 ≤ 2×, 600 ≤ 4×, 3,321 ≤ 15×;
HTML ≤ 3 MB at 150, ≤ 8 MB at 600, ≤ 25 MB at 3,321; peak RSS of the process tree ≤ 2 GB.

Run: ``python benchmarks/report_scale.py [--sizes 30,150] [--cells 3]``; ``--profile 600`` runs
only the scoring report of 600 communes in one process under cProfile, cell by cell
(``--notebook reconciliation`` another notebook).
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from scale_project import NOTEBOOKS, REPORT, write_project

ROOT = Path(__file__).resolve().parents[1]
SIZES = (30, 150, 600, 3321)
TIME_TARGETS = {150: 2.0, 600: 4.0, 3321: 15.0}  # × the 30-commune notebook time
HTML_TARGETS = {150: 3e6, 600: 8e6, 3321: 25e6}  # bytes
RSS_TARGET = 2 * 1024**3


TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _kind(cmdline: str) -> str:
    """Which part of the build a process is: Chromium, a kernel, or the build and its worker."""
    return "chromium" if "chrom" in cmdline else ("kernel" if "ipykernel" in cmdline else "build")


def _tree(pid: int) -> dict:
    """Resident bytes (``rss``: VmRSS summed; ``pss``: shared pages counted once, each
    process's share), CPU seconds and resident bytes by part (``kinds``) of ``pid`` and all its
    descendants (Linux ``/proc``)."""
    children: dict[int, list[int]] = {}
    usage: dict[int, tuple[int, float]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8") as f:
                stat = f.read().rsplit(")", 1)[1].split()  # after the command's name, which may hold spaces
            with open(f"/proc/{entry}/statm", encoding="utf-8") as f:
                resident = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:  # ended meanwhile
            continue
        p = int(entry)
        children.setdefault(int(stat[1]), []).append(p)
        # utime, stime, and the CPU of children it waited for (a kernel's own subprocesses)
        usage[p] = (resident, sum(int(x) for x in stat[11:15]) / TICK)
    out = {"rss": 0, "pss": 0, "cpu": 0.0, "kinds": {}}
    todo = [pid]
    while todo:
        p = todo.pop()
        r, c = usage.get(p, (0, 0.0))
        out["rss"] += r
        out["cpu"] += c
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="utf-8") as f:
                out["pss"] += next((int(line.split()[1]) * 1024 for line in f if line.startswith("Pss:")), 0)
            with open(f"/proc/{p}/cmdline", encoding="utf-8", errors="replace") as f:
                kind = _kind(f.read())
        except OSError:
            kind = "build"
        out["kinds"][kind] = out["kinds"].get(kind, 0) + r
        todo.extend(children.get(p, []))
    return out


class TreeMonitor(threading.Thread):
    """Polls the process tree of ``pid`` until told to stop: ``peak`` is the largest resident
    sum seen (``peak_pss`` the largest PSS sum, ``peak_kinds`` the parts at the RSS peak),
    ``samples`` the tree's CPU seconds over time (``time.time()``, seconds)."""

    def __init__(self, pid: int, every: float = 0.1):
        super().__init__(daemon=True)
        self.pid, self.every, self.peak, self.peak_pss, self.peak_kinds = pid, every, 0, 0, {}
        self.samples: list[tuple[float, float]] = []
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            now = _tree(self.pid)
            if now["rss"] > self.peak:
                self.peak, self.peak_kinds = now["rss"], now["kinds"]
            self.peak_pss = max(self.peak_pss, now["pss"])
            self.samples.append((time.time(), now["cpu"]))
            self.done.wait(self.every)

    def cpu_between(self, start: float, end: float) -> float:
        """The tree's CPU seconds between two moments (the samples nearest inside them)."""
        inside = [c for t, c in self.samples if start <= t <= end]
        return max(inside) - min(inside) if inside else 0.0


def build_size(n: int, cells: int, timeout: int) -> dict:
    """Build the reports of ``n`` communes in a temporary project; what was measured."""
    with tempfile.TemporaryDirectory(prefix=f"dti-scale-{n}-") as tmp:
        root = write_project(tmp, n, ROOT)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
        t0 = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "dti_kit", "build", "--jobs", "1", "--no-progress", "--timeout", str(timeout)],
                                cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        poll = TreeMonitor(proc.pid)
        poll.start()
        out, _ = proc.communicate()
        wall = time.perf_counter() - t0
        poll.done.set()
        poll.join()
        if proc.returncode != 0:
            raise RuntimeError(f"{n} communes: dti-kit build exited {proc.returncode}\n{out}")
        from datetime import datetime, timezone

        import nbformat

        manifest = json.loads((root / "reports" / ".manifest.json").read_text(encoding="utf-8"))
        notebooks = {}
        for name in NOTEBOOKS:
            nb = nbformat.read(root / REPORT / f"{name}.ipynb", as_version=4)
            timed = [(c.metadata.get("papermill", {}).get("duration") or 0.0, i, c.source.strip().splitlines()[0][:70])
                     for i, c in enumerate(nb.cells) if c.cell_type == "code"]
            pm = nb.metadata["papermill"]
            # papermill's times are UTC without a zone
            start, end = (datetime.fromisoformat(pm[k]).replace(tzinfo=timezone.utc).timestamp() for k in ("start_time", "end_time"))
            notebooks[name] = {
                "wall": manifest[f"params/hoa-binh/2023-xa.yaml::{name}"]["seconds"],
                "own": pm["duration"], "cpu": poll.cpu_between(start, end),
                "html": (root / REPORT / f"{name}.html").stat().st_size,
                "cells": sorted(timed, reverse=True)[:cells],
            }
        cpu = max(c for _, c in poll.samples) if poll.samples else 0.0
        return {"n": n, "wall": wall, "cpu": cpu, "peak_rss": poll.peak, "peak_pss": poll.peak_pss, "peak_kinds": poll.peak_kinds,
                "notebooks": notebooks, "load": os.getloadavg()[0]}


def _mb(b: float) -> str:
    return f"{b / 1e6:.1f} MB"


HEADER = (f"{'communes':>8}  {'notebook':<15} {'wall s':>7} {'own s':>7} {'×own':>6} {'target':>10} {'CPU s':>7} {'×CPU':>6}  "
          f"{'HTML':>9} {'×HTML':>6} {'HTML target':>13}")


def report(runs: list[dict], header: bool = True, cells: bool = True) -> list[str]:
    """The table of every size and notebook, the ratios (to the first run) and the targets met
    or missed; without ``header`` and ``cells``, only the rows (printed as each size ends)."""
    base = runs[0]
    lines = [HEADER] if header else []
    missed = []
    for r in runs if header else runs[-1:]:
        for name, m in r["notebooks"].items():
            ratio = m["own"] / base["notebooks"][name]["own"]
            hratio = m["html"] / base["notebooks"][name]["html"]
            t, h = TIME_TARGETS.get(r["n"]), HTML_TARGETS.get(r["n"])
            ok_t = "" if t is None or base["n"] != 30 else ("ok" if ratio <= t else "MISSED")
            ok_h = "" if h is None else ("ok" if m["html"] <= h else "MISSED")
            if "MISSED" in (ok_t, ok_h):
                missed.append(f"{r['n']} {name}")
            cratio = m["cpu"] / base["notebooks"][name]["cpu"] if base["notebooks"][name]["cpu"] else float("nan")
            lines.append(f"{r['n']:>8}  {name:<15} {m['wall']:>7.1f} {m['own']:>7.1f} {ratio:>6.2f} "
                         f"{(f'≤{t:g}× ' + ok_t) if t else '':>10} {m['cpu']:>7.1f} {cratio:>6.2f}  {_mb(m['html']):>9} {hratio:>6.2f} "
                         f"{(f'≤{_mb(h)} ' + ok_h) if h else '':>13}")
        rss_ok = "ok" if r["peak_rss"] <= RSS_TARGET else "MISSED"
        if rss_ok != "ok":
            missed.append(f"{r['n']} peak RSS")
        lines.append(f"{r['n']:>8}  build wall {r['wall']:.1f} s, CPU {r['cpu']:.1f} s (load average {r['load']:.1f}); peak RSS of the process tree {r['peak_rss'] / 2**20:.0f} MiB "
                     f"(target ≤ 2048 MiB: {rss_ok}; at the peak: "
                     + ", ".join(f"{k} {v / 2**20:.0f}" for k, v in sorted(r["peak_kinds"].items())) +
                     f"); peak PSS (shared pages counted once) {r['peak_pss'] / 2**20:.0f} MiB")
    if not cells:
        return lines
    lines.append("")
    lines.append("longest cells (papermill's duration per cell; cell numbers count the parameters cells):")
    for r in runs:
        for name, m in r["notebooks"].items():
            cells = "; ".join(f"#{i} {d:.1f} s `{src}`" for d, i, src in m["cells"])
            lines.append(f"{r['n']:>8}  {name:<15} {cells}")
    lines.append("")
    lines.append("targets missed: " + (", ".join(missed) if missed else "none"))
    return lines


def profile_notebook(n: int, notebook: str = "scoring_report", top: int = 12) -> list[str]:
    """Run one notebook of ``n`` communes in this process (an IPython shell with matplotlib's
    inline backend, the params file's values injected, no kernel, papermill or HTML) under
    cProfile: each cell's seconds, and the functions with the most cumulative time in the two
    longest cells."""
    import contextlib
    import cProfile
    import io
    import pstats

    import nbformat
    from IPython.core.interactiveshell import InteractiveShell

    from dti_kit.publish.params import load_params

    class Shell(InteractiveShell):
        def enable_gui(self, gui=None):  # the inline backend needs no event loop
            pass

    lines = [f"profile: {notebook} of {n} communes, in one process (cProfile; cell numbers as in the committed notebook)"]
    here = os.getcwd()
    with tempfile.TemporaryDirectory(prefix=f"dti-profile-{n}-") as tmp:
        root = write_project(tmp, n, ROOT)
        prm = load_params(root / "params/hoa-binh/2023-xa.yaml", root)
        nb = nbformat.read(root / "notebooks" / f"{notebook}.ipynb", as_version=4)
        injected = "\n".join(f"{k} = {v!r}" for k, v in prm.notebook_parameters(notebook).items())
        shell = Shell.instance()
        shell.enable_matplotlib("inline")
        timed = []
        try:
            os.chdir(root)
            number = 0
            for c in nb.cells:
                if c.cell_type != "code":
                    continue
                number += 1
                sources = [c.source] + ([injected] if "parameters" in c.metadata.get("tags", []) else [])
                prof = cProfile.Profile()
                t0 = time.perf_counter()
                with contextlib.redirect_stdout(io.StringIO()):
                    for src in sources:
                        prof.enable()
                        result = shell.run_cell(src, store_history=True)
                        prof.disable()
                        if not result.success:
                            raise RuntimeError(f"cell {number}: {result.error_in_exec or result.error_before_exec}")
                timed.append((time.perf_counter() - t0, number, c.source.strip().splitlines()[0][:70], prof))
        finally:
            os.chdir(here)
    total = sum(t for t, *_ in timed)
    for t, number, src, _ in timed:
        lines.append(f"  cell {number:>2} {t:7.2f} s {100 * t / total:5.1f} %  `{src}`")
    for t, number, src, prof in sorted(timed, key=lambda x: -x[0])[:2]:
        out = io.StringIO()
        pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(80)
        lines.append(f"  cell {number} ({t:.1f} s), by cumulative time (ncalls tottime percall cumtime percall function):")
        # IPython's own frames (run_cell, display, formatters) wrap everything: left out
        body = [line.strip() for line in out.getvalue().splitlines()
                if re.match(r"\s+\d", line) and not re.search(r"IPython/core|builtins.exec|coroutine|ipykernel|traitlets", line)]
        lines += ["    " + re.sub(r"/\S*/site-packages/|/\S*/dti_kit/", "", line) for line in body[:top]]
    return lines


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default=",".join(map(str, SIZES)), help="communes per run, comma-separated (default: %(default)s)")
    ap.add_argument("--cells", type=int, default=3, help="the longest cells listed per notebook (default %(default)s)")
    ap.add_argument("--timeout", type=int, default=3600, help="seconds per cell (default %(default)s)")
    ap.add_argument("--json", help="also write the measurements to this file")
    ap.add_argument("--profile", type=int, metavar="N", help="only profile one notebook of N communes, cell by cell, in this process")
    ap.add_argument("--notebook", default="scoring_report", choices=NOTEBOOKS, help="the notebook --profile runs (default %(default)s)")
    args = ap.parse_args()
    if args.profile:
        print("\n".join(profile_notebook(args.profile, args.notebook)))
        return
    sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    runs = []
    for n in sizes:
        runs.append(build_size(n, args.cells, args.timeout))
        # each size's rows as soon as it is built: the largest may take many minutes
        print("\n".join(([HEADER] if len(runs) == 1 else []) + report(runs, header=False, cells=False)), file=sys.stderr, flush=True)
    print("\n".join(report(runs)))
    if args.json:
        Path(args.json).write_text(json.dumps(runs, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
