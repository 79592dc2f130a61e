"""Benchmark: how fast each small hostile file of issue 14 (point 7 and its neighbours) is
refused or read, and how much memory that takes.

Each case makes its own file in a temporary folder, then runs in a fresh interpreter under a
memory cap (``RLIMIT_AS``, 1.5 GB) and a 60 s timeout, so that a regression shows as "killed"
or "timeout" in the table instead of taking the machine down. The time is the call alone (the
imports are done first, the first use of a design is in it); the peak is tracemalloc's (Python
and numpy allocations), in a second fresh run, as tracemalloc slows the code it watches.

Before the fixes: the 5 KB workbook with one cell at XFD1048576 took over 120 s and 2.3 GB;
the 700-byte params files with an alias bomb in ``language`` or ``options`` 2.2 GB and 1.2 GB;
a design with one in ``scale`` or ``year`` a MemoryError at 3 GB.

Target: every case under a second.
Run: ``python benchmarks/hostile.py``.
"""
from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MEMORY_CAP = 1_500_000_000
TIMEOUT = 60
TARGET = 1.0

#: the timed call of each case runs in the child as ``CALL`` with ``PATH`` and ``ROOT`` bound
RUNNER = """
import json, time, tracemalloc
from dti_kit.errors import DtiKitError
{imports}
if {trace}:
    tracemalloc.start()
t = time.perf_counter()
try:
    {call}
    outcome = "read"
except DtiKitError as exc:
    outcome = "refused: " + (exc.problems[0].message if getattr(exc, "problems", None) else str(exc))[:60]
elapsed = time.perf_counter() - t
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({{"seconds": elapsed, "peak": peak, "outcome": outcome}}))
"""


def alias_bomb(levels: int = 9, width: int = 9) -> str:
    parts = ["&a0 [" + ", ".join(["lol"] * width) + "]"]
    parts += [f"&a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]" for i in range(1, levels)]
    return "[" + ", ".join(parts) + "]"


def params_project(root: Path, key: str, value: str) -> Path:
    p = root / "params" / "x" / "2023-huyen.yaml"
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(f"design: hoa-binh-2023-huyen\ninputs: inputs/a.csv\n{key}: {value}\n", encoding="utf-8")
    (root / "notebooks").mkdir(exist_ok=True)
    (root / "notebooks" / "scoring_report.ipynb").write_text("{}", encoding="utf-8")
    (root / "inputs").mkdir(exist_ok=True)
    (root / "inputs" / "a.csv").write_text("unit_id,code,variable,value\n", encoding="utf-8")
    return p


def design_with(tmp: Path, key: str, value: str) -> Path:
    text = (ROOT / "tests" / "fixtures" / "mini-2024-huyen.yaml").read_text(encoding="utf-8")
    lines = [f"{key}: {value}" if ln.startswith(f"{key}:") else ln for ln in text.splitlines()]
    path = tmp / key / "mini-2024-huyen.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def far_cell_workbook(path: Path) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["unit_id", "code", "variable", "value"])
    ws.append(["u1", "1.1", "value", 1])
    ws["XFD1048576"] = "x"
    wb.save(path)
    return path


def far_cell_form(path: Path) -> Path:
    import openpyxl
    sys.path.insert(0, str(ROOT))
    from dti_kit.forms import write_forms
    from dti_kit.loader import load_design

    made = write_forms(load_design("vung-tau-2024-xa"), path, [("phuong-1", "Phường 1")])[0]
    wb = openpyxl.load_workbook(made)
    wb["Chỉ số"]["XFD1048576"] = 7
    wb["_dti_kit"]["XFD1048576"] = 7
    wb.save(made)
    return made


def cases(tmp: Path) -> list[tuple[str, Path, str, str]]:
    """(name, file, imports, call) of every case."""
    params = "from dti_kit.publish.params import load_params"
    design = "from dti_kit import load_design_file"
    read = "from dti_kit.forms.read import read_workbook"
    out = []
    for key in ("language", "options"):
        p = params_project(tmp / f"p-{key}", key, alias_bomb())
        out.append((f"params: alias bomb in {key}", p, params, f"load_params({str(p)!r}, {str(tmp / f'p-{key}')!r})"))
    p = params_project(tmp / "p-long", "language", "x" * 1_000_000)
    out.append(("params: 1 MB language", p, params, f"load_params({str(p)!r}, {str(tmp / 'p-long')!r})"))
    p = params_project(tmp / "p-dup", "design", "hoa-binh-2023-xa")
    out.append(("params: design given twice", p, params, f"load_params({str(p)!r}, {str(tmp / 'p-dup')!r})"))
    for key in ("scale", "year"):
        d = design_with(tmp, key, alias_bomb())
        out.append((f"design: alias bomb in {key}", d, design, f"load_design_file({str(d)!r})"))
    w = far_cell_workbook(tmp / "far.xlsx")
    out.append(("long-table workbook, cell XFD1048576", w, read, f"read_workbook({str(w)!r})"))
    f = far_cell_form(tmp / "form.xlsx")
    out.append(("form, cell XFD1048576 (2 sheets)", f, read, f"read_workbook({str(f)!r}, check_values=False)"))
    return out


def run_case(imports: str, call: str, trace: bool = False) -> dict:
    def cap():
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))

    code = RUNNER.format(imports=imports, call=call, trace=trace)
    env = dict(os.environ, PYTHONPATH=str(ROOT), OPENBLAS_NUM_THREADS="1")
    try:
        done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                              timeout=TIMEOUT, preexec_fn=cap, env=env, cwd=str(ROOT))
    except subprocess.TimeoutExpired:
        return {"seconds": float(TIMEOUT), "peak": 0, "outcome": f"timeout after {TIMEOUT} s"}
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["?"])[-1]
        return {"seconds": float("nan"), "peak": 0, "outcome": f"crashed: {last[:60]}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="dti-hostile-") as d:
        rows = []
        for name, path, imports, call in cases(Path(d)):
            r = run_case(imports, call)  # timed without tracemalloc, which slows Python code 2-4 times
            peak = run_case(imports, call, trace=True)["peak"]
            rows.append((name, path.stat().st_size, r["seconds"], peak, r["outcome"]))
    print(f"{'case':40} {'file':>10} {'time':>8} {'peak':>9}  outcome")
    slow = 0
    for name, size, sec, peak, outcome in rows:
        ok = sec == sec and sec < TARGET
        slow += not ok
        print(f"{name:40} {size:>8,} B {sec:>6.3f} s {peak / 1e6:>6.1f} MB  {outcome}{'' if ok else '  << above target'}")
    print(f"target: each under {TARGET:g} s (memory cap {MEMORY_CAP / 1e9:g} GB, timeout {TIMEOUT} s)")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
