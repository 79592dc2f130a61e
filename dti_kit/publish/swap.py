"""Publishing a notebook's files into its report folder by a folder swap.

Several notebooks share one report folder (``reports/2023/hoa-binh/huyen/`` holds the scoring
report, the reconciliation and the sensitivity analysis with their workbooks and CSVs). A
notebook writes every file of its run into a staging folder of its own beside the report folder
(:func:`staging_dir`); only when the whole notebook succeeded, :func:`publish` makes the next
version of the report folder — the other notebooks' files as they are (hard links, no copy) and
this notebook's new files in place of its old ones — and swaps it for the live folder in one
step (``renameat2(RENAME_EXCHANGE)`` on Linux; elsewhere two renames, undone by
:func:`clean_stale` if a crash falls between them). A reader therefore sees the folder before
or after, never a mix, and a failed or killed run leaves the last good files.

Which file belongs to which notebook is recorded in the folder itself (:data:`OWNERS`), so a
notebook's files that it no longer writes leave with its next version. Swaps of one folder are
serialised by a lock file beside it (builds and workers may overlap).
"""
from __future__ import annotations

import contextlib
import ctypes
import errno
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Iterable, Iterator

__all__ = ["OWNERS", "staging_dir", "is_staging_of", "publish", "clean_stale", "exchange"]

#: inside a report folder: ``{owner: [file names]}`` (owner: a notebook, or ``<notebook>.failed``)
OWNERS = ".owners.json"
_STAGING, _NEXT, _OLD, _LOCK = ".staging-", ".next-", ".old-", ".lock"
_AT_FDCWD, _RENAME_EXCHANGE = -100, 2


def _tag() -> str:
    return f"{os.getpid()}-{time.monotonic_ns()}"


def staging_dir(report_dir: Path, notebook: str) -> Path:
    """A new, empty staging folder for one run of ``notebook`` (beside ``report_dir``: the same
    file system, so publishing is renames only)."""
    report_dir.parent.mkdir(parents=True, exist_ok=True)
    d = report_dir.parent / f".{report_dir.name}{_STAGING}{notebook}-{_tag()}"
    d.mkdir()
    return d


def is_staging_of(folder: Path, report_dir: Path) -> bool:
    """Whether ``folder`` is a staging folder of ``report_dir`` (made by :func:`staging_dir`)."""
    return folder.parent == report_dir.parent and folder.name.startswith(f".{report_dir.name}{_STAGING}")


@contextlib.contextmanager
def _locked(report_dir: Path) -> Iterator[None]:
    """Hold the report folder's lock (released by the OS if the process dies)."""
    report_dir.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(report_dir.parent / f".{report_dir.name}{_LOCK}", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock (one build at a time)
            fcntl = None
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (True), or say that this system cannot (False)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        fn = libc.renameat2
    except (OSError, AttributeError):
        return False
    fn.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if fn(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False  # the file system does not swap: two renames instead
    raise OSError(err, os.strerror(err), str(b))


def _link_or_copy(src: Path, dst: Path) -> None:
    if src.is_dir() and not src.is_symlink():
        shutil.copytree(src, dst, copy_function=_link_file, symlinks=True)
    else:
        _link_file(src, dst)


def _link_file(src, dst) -> None:
    try:
        os.link(src, dst, follow_symlinks=False)
    except OSError:  # no hard links here (or another device): copy
        shutil.copy2(src, dst, follow_symlinks=False)


def _owners(folder: Path) -> dict[str, list[str]]:
    try:
        data = json.loads((folder / OWNERS).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {str(k): [str(f) for f in v] for k, v in data.items() if isinstance(v, list)} if isinstance(data, dict) else {}


def publish(report_dir: Path, owner: str, staged: Path, drop: Iterable[str] = (), remove: Iterable[str] = ()) -> list[str]:
    """Make the files of ``staged`` the files of ``owner`` in ``report_dir``, in one swap.

    Parameters
    ----------
    report_dir : Path
        The live report folder (created if there is none).
    owner : str
        Whose files these are (a notebook name, or ``<notebook>.failed``).
    staged : Path
        A folder holding exactly the owner's new files; it is consumed.
    drop : iterable of str
        Other owners whose files leave with this version (a success drops ``<nb>.failed``).
    remove : iterable of str
        File names that leave too, whoever wrote them (files of builds before owners were kept).

    Returns
    -------
    list of str
        The owner's file names, as published.
    """
    report_dir = Path(report_dir)
    drop = list(drop)
    new_files = sorted(p.name for p in staged.iterdir())
    with _locked(report_dir):
        live = report_dir.is_dir()
        owners = _owners(report_dir) if live else {}
        leaving = set(owners.get(owner, ())) | set(remove) | set(new_files) | {OWNERS}
        for o in drop:
            leaving |= set(owners.pop(o, ()))
        nxt = report_dir.parent / f".{report_dir.name}{_NEXT}{_tag()}"
        nxt.mkdir()
        try:
            if live:
                for p in report_dir.iterdir():
                    if p.name not in leaving:
                        _link_or_copy(p, nxt / p.name)
            for name in new_files:
                os.rename(staged / name, nxt / name)
            for o in list(owners):  # a file this owner now writes is no other's any more
                owners[o] = [f for f in owners[o] if f not in new_files]
            owners[owner] = new_files
            (nxt / OWNERS).write_text(json.dumps(owners, indent=1, sort_keys=True, ensure_ascii=False), encoding="utf-8")
            if not live:
                os.rename(nxt, report_dir)
            elif exchange(nxt, report_dir):
                shutil.rmtree(nxt, ignore_errors=True)  # the previous version
            else:
                old = report_dir.parent / f".{report_dir.name}{_OLD}{_tag()}"
                os.rename(report_dir, old)
                os.rename(nxt, report_dir)
                shutil.rmtree(old, ignore_errors=True)
        except BaseException:
            shutil.rmtree(nxt, ignore_errors=True)
            raise
    shutil.rmtree(staged, ignore_errors=True)
    return new_files


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner_pid(name: str, marker: str) -> int | None:
    """The pid in ``.<folder><marker>…-<pid>-<ns>`` (None if the name is not ours)."""
    parts = name.split(marker, 1)[1].rsplit("-", 2)
    try:
        return int(parts[-2])
    except (IndexError, ValueError):
        return None


def clean_stale(reports: Path) -> list[Path]:
    """Remove what killed runs left under ``reports`` (staging and next folders, ``.running``
    notebooks of earlier versions) and put back a report folder a crash left half-swapped.
    Only what belongs to processes that no longer run is touched (builds may overlap)."""
    removed: list[Path] = []
    if not reports.is_dir():
        return removed
    for p in sorted(reports.rglob(".*")):
        name = p.name
        marker = next((m for m in (_STAGING, _NEXT, _OLD) if m in name), None)
        if marker is None and ".running-" in name:  # notebooks of a run killed mid-way (earlier versions)
            marker = ".running-"
        if marker is None:
            continue
        pid = _owner_pid(name, marker)
        if pid is None or _pid_alive(pid):
            continue
        if marker == _OLD:
            live = p.parent / name[1:].split(_OLD, 1)[0]
            if not live.exists():  # killed between the two renames: the old version is the last good one
                os.rename(p, live)
                continue
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        elif p.exists():
            p.unlink()
        removed.append(p)
    return removed
