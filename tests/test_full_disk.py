"""A full disk (issue 14, point 12): ``dti-kit score --out`` and ``dti-kit build`` name the
file and the cause, exit 1, leave nothing half-written and keep the last good output.

The disk is really full: a small tmpfs is mounted where the output goes (``mount -t tmpfs``,
as root in the container and in CI) and filled to its last page, so every write fails with the
kernel's own ENOSPC. Where mounting is not allowed (not root), the same ENOSPC is injected into
the command's processes by a ``sitecustomize`` that refuses every write below that folder; each
test says which of the two ran (``-rA`` shows it).
"""
from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

SAMPLE = ROOT / "inputs" / "hai-duong" / "2023-huyen-synthetic.csv"
ENOSPC_TEXT = os.strerror(errno.ENOSPC)  # "No space left on device"

INJECT = textwrap.dedent('''
    # injected by tests/test_full_disk.py where no tmpfs can be mounted: every write below
    # DTI_FULL_DISK fails as a full disk does (ENOSPC)
    import builtins, errno, io, os
    _root = os.path.realpath(os.environ["DTI_FULL_DISK"])
    _open, _os_open = builtins.open, os.open
    def _inside(path):
        try:
            return os.path.realpath(os.fspath(path)).startswith(_root + os.sep)
        except TypeError:
            return False
    def _full(path):
        return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), os.fspath(path))
    def open(file, mode="r", *a, **k):
        if any(m in mode for m in "wax+") and _inside(file):
            raise _full(file)
        return _open(file, mode, *a, **k)
    def os_open(path, flags, *a, **k):
        if flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT) and _inside(path):
            raise _full(path)
        return _os_open(path, flags, *a, **k)
    builtins.open = io.open = open
    os.open = os_open
''')


@contextlib.contextmanager
def full_disk(where: Path, size: str):
    """``where`` on a file system of ``size`` (a tmpfs), yielding a function that fills it to
    its last byte; or, where mounting is refused, ``None`` (the caller injects the fault)."""
    where.mkdir(parents=True, exist_ok=True)
    # DTI_FULL_DISK_INJECT=1 runs the fallback where a tmpfs could be mounted (to test it)
    mounted = os.environ.get("DTI_FULL_DISK_INJECT") != "1" and os.geteuid() == 0 and shutil.which("mount") and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True).returncode == 0
    if not mounted:
        yield None
        return
    try:
        def fill() -> None:
            fd = os.open(where / "filler", os.O_WRONLY | os.O_CREAT | os.O_APPEND)
            try:
                while True:
                    os.write(fd, b"\0" * 4096)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
            finally:
                os.close(fd)
            with pytest.raises(OSError) as exc:  # the disk is full: nothing more goes in
                (where / "probe").write_bytes(b"\0" * 4096)
            assert exc.value.errno == errno.ENOSPC
            (where / "probe").unlink()
        yield fill
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True)


def _cli(*args, cwd, inject: Path | None = None, timeout=900):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    if inject is not None:
        site = cwd / ".inject"
        site.mkdir(exist_ok=True)
        (site / "sitecustomize.py").write_text(INJECT, encoding="utf-8")
        env["PYTHONPATH"] = f"{site}{os.pathsep}{ROOT}"
        env["DTI_FULL_DISK"] = str(inject)
    return subprocess.run([sys.executable, "-m", "dti_kit", *args], cwd=cwd, capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=timeout)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != "filler"}


@pytest.mark.slow  # subprocesses / thirty workbooks: make test, not make check
def test_score_out_on_a_full_disk_names_the_file_and_the_cause_and_keeps_the_last_scores(tmp_path, record_property):
    disk = tmp_path / "disk"
    with full_disk(disk, "1m") as fill:
        record_property("full_disk", "tmpfs" if fill else "injected ENOSPC")
        out = disk / "scores.csv"
        first = _cli("score", "hai-duong-2023-huyen", str(SAMPLE), "--out", str(out), cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        good = out.read_bytes()
        if fill:
            fill()
        inject = None if fill else disk
        # other scores (another N/A policy) onto the last good file, and a new file beside it
        for target in (out, disk / "new" / "scores.csv"):
            res = _cli("score", "hai-duong-2023-huyen", str(SAMPLE), "--na-policy", "zero", "--out", str(target),
                       cwd=tmp_path, inject=inject)
            assert res.returncode == 1, res.stderr
            assert "Traceback" not in res.stderr
            assert f"cannot write {target}: {ENOSPC_TEXT}" in res.stderr
            assert f"không ghi được {target}: {ENOSPC_TEXT}" in res.stderr
        assert out.read_bytes() == good, "the last good scores stay"
        assert _files(disk) == {"scores.csv": good}, "nothing half-written (no temporary file, no new file)"


@pytest.mark.slow
def test_build_on_a_full_disk_names_the_file_and_the_cause_and_keeps_the_last_good_report(tmp_path, record_property):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "notebooks", root / "notebooks")
    data = root / "inputs" / "hai-duong" / "2023-huyen-synthetic.csv"
    data.parent.mkdir(parents=True)
    shutil.copy(SAMPLE, data)
    params = root / "params" / "hai-duong" / "2023-huyen.yaml"
    params.parent.mkdir(parents=True)
    params.write_text("design: hai-duong-2023-huyen\ninputs: inputs/hai-duong/2023-huyen-synthetic.csv\nlanguage: vi\n"
                      "title: \"Hải Dương 2023\"\nauthor: \"dti-kit tests\"\nnotebooks: [scoring_report]\n", encoding="utf-8")
    reports = root / "reports"
    with full_disk(reports, "40m") as fill:
        record_property("full_disk", "tmpfs" if fill else "injected ENOSPC")
        first = _cli("build", "--no-progress", "--jobs", "1", cwd=root)
        assert first.returncode == 0, first.stderr
        folder = reports / "2023" / "hai-duong" / "huyen"
        good = _files(folder)
        assert {"scoring_report.html", "scores.csv", "scores.xlsx"} <= set(good)
        # new numbers: the first district's first appraised score changes
        lines = data.read_text(encoding="utf-8").splitlines()
        head = lines[0].split(",")
        k = next(i for i, line in enumerate(lines[1:], start=1) if ",appraised_score," in line)
        cells = lines[k].split(",")
        cells[head.index("value")] = "1"
        lines[k] = ",".join(cells)
        data.write_text("\n".join(lines) + "\n", encoding="utf-8")
        if fill:
            # the build's own check writes a 4 KB probe before anything runs: leave that much
            # room, so that the report's files are the writes that fail
            fill()
            (reports / "filler").write_bytes((reports / "filler").read_bytes()[:-8192])
        second = _cli("build", "--no-progress", "--jobs", "1", cwd=root, inject=None if fill else folder)
        assert second.returncode == 1, second.stderr
        assert "Traceback" not in second.stderr and "cell None" not in second.stderr
        assert ENOSPC_TEXT in second.stderr
        assert re.search(r"scoring_report\.(ipynb|html)|scores\.(csv|xlsx)", second.stderr), second.stderr
        assert _files(folder) == good, "every file of the last good report stays, byte for byte"
        leftovers = [p.name for p in reports.rglob("*") if re.search(r"\.(staging|next|old)-|\.tmp$", p.name)]
        assert leftovers == [], "nothing half-written is left behind"


@pytest.mark.slow
def test_template_force_on_a_disk_that_fills_midway_leaves_the_filled_forms_as_they_were(tmp_path, record_property):
    """``template --force`` over a folder of forms the units have filled: the disk has room for
    a few new forms, not for twenty. The command names the form and the cause, exits 1, and the
    folder holds the filled forms, byte for byte, and nothing else."""
    names = tmp_path / "units.txt"
    names.write_text("\n".join(f"Sở số {i}" for i in range(1, 21)) + "\n", encoding="utf-8")
    disk = tmp_path / "disk"
    with full_disk(disk, "1m") as fill:
        record_property("full_disk", "tmpfs" if fill else "injected ENOSPC")
        forms = disk / "forms"
        first = _cli("template", "hai-duong-2023-so", "--units", str(names), "--out", str(forms), cwd=tmp_path)
        assert first.returncode == 0, first.stderr
        filled = _files(forms)
        assert len(filled) == 20
        if fill:  # room for a few forms (each about 8 KB), then the disk is full
            fill()
            (disk / "filler").write_bytes((disk / "filler").read_bytes()[:-40960])
        res = _cli("template", "hai-duong-2023-so", "--units", str(names), "--year", "2024", "--out", str(forms), "--force",
                   cwd=tmp_path, inject=None if fill else forms)
        assert res.returncode == 1, res.stderr
        assert "Traceback" not in res.stderr and ENOSPC_TEXT in res.stderr, res.stderr
        assert re.search(rf"cannot write {re.escape(str(forms))}/hai-duong-2023-so-[^ ]+\.xlsx: {ENOSPC_TEXT}", res.stderr), res.stderr
        assert _files(forms) == filled, "the filled forms stay, byte for byte, and no new or temporary file is left"
