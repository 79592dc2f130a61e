"""Benchmark: how fast the command line answers, in whole processes, against bare Python.

Targets (issue "One house", "Command line that answers at once"), each the median of repeated
runs of a new process, divided by the median of ``python -c pass`` measured in the same run
(interleaved, so that a busy machine slows both alike):

- ``dti-kit --help`` ≤ 6 × bare Python;
- a no-change ``dti-kit build`` (every report up to date) ≤ 10 × bare Python.

``dti-kit`` is run as ``python -m dti_kit`` with this source tree first on ``PYTHONPATH`` (the
console script does the same imports). The no-change build runs in a copy of the project in a
temporary folder, built once first (that first build is not timed, and takes minutes), or in
``--project DIR``, a project whose reports are already built (nothing in it changes: a
no-change build writes nothing). ``--only GLOB`` keeps only the params files matching GLOB
in the copy, for a quick run (then the build decides about fewer reports than the real one).

Usage: ``python benchmarks/cli.py [--repeat N] [--project DIR | --only GLOB]``.
"""
from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HELP_TARGET = 6.0
BUILD_TARGET = 10.0


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    return env


def _seconds(cmd: list[str], cwd: Path, env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    secs = time.perf_counter() - t0
    if out.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({out.returncode}): {out.stderr.decode(errors='replace')[-2000:]}")
    return secs


def medians(commands: dict[str, tuple[list[str], Path]], repeat: int) -> dict[str, float]:
    """The median seconds of each command, the commands interleaved round by round."""
    env = _env()
    for cmd, cwd in commands.values():  # warm the file cache and the bytecode once
        _seconds(cmd, cwd, env)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(repeat):
        for name, (cmd, cwd) in commands.items():
            times[name].append(_seconds(cmd, cwd, env))
    return {name: statistics.median(ts) for name, ts in times.items()}


def _copy_project(tmp: Path, only: str | None) -> Path:
    root = tmp / "project"
    for name in ("notebooks", "params", "inputs"):
        shutil.copytree(ROOT / name, root / name)
    if only:
        kept = [p for p in (root / "params").rglob("*.yaml") if p.relative_to(root).match(only)]
        if not kept:
            raise SystemExit(f"--only {only!r}: no params file matches")
        for p in (root / "params").rglob("*.yaml"):
            if p not in kept:
                p.unlink()
    print(f"building the copy once (not timed): {sum(1 for _ in (root / 'params').rglob('*.yaml'))} params files …",
          flush=True)
    t0 = time.perf_counter()
    out = subprocess.run([sys.executable, "-m", "dti_kit", "build", "--no-progress"], cwd=root, env=_env(),
                         capture_output=True, text=True)
    if out.returncode != 0:
        raise SystemExit(f"the first build failed:\n{out.stdout[-3000:]}\n{out.stderr[-3000:]}")
    print(f"  first build: {time.perf_counter() - t0:.0f} s")
    return root


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=21, help="runs of each command (default 21)")
    where = ap.add_mutually_exclusive_group()
    where.add_argument("--project", type=Path, help="a project whose reports are built (default: a built copy)")
    where.add_argument("--only", metavar="GLOB", help="keep only these params files in the copy, e.g. 'params/hai-duong/*'")
    args = ap.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        project = args.project.resolve() if args.project else _copy_project(Path(tmp), args.only)
        py = [sys.executable]
        m = medians({
            "bare": (py + ["-c", "pass"], project),
            "help": (py + ["-m", "dti_kit", "--help"], project),
            "build": (py + ["-m", "dti_kit", "build", "--no-progress"], project),
        }, args.repeat)

    bare = m["bare"]
    print(f"median of {args.repeat} runs each; bare `python -c pass`: {bare * 1000:.0f} ms")
    ok = True
    for name, label, target in (("help", "dti-kit --help", HELP_TARGET), ("build", "no-change dti-kit build", BUILD_TARGET)):
        ratio = m[name] / bare
        met = ratio <= target
        ok &= met
        print(f"{label}: {m[name] * 1000:.0f} ms = {ratio:.1f} × bare Python (target ≤ {target:g} ×): "
              f"{'met' if met else 'NOT met'}")
    if args.only:
        print(f"(the copy keeps only params matching {args.only!r})")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
