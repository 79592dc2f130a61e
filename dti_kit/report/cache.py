"""The build's cache of a report's data: each params file's inputs read and scored once per build.

A params file's three notebooks (scoring report, reconciliation, sensitivity) and the build's
check of its units file all need the same :class:`~dti_kit.report.data.ReportData`.
:func:`dti_kit.report.data.load_report_data` looks it up here when a cache folder is in use
(:func:`use`; the build kernels use ``reports/.cache/`` of the project, see
:func:`dti_kit.publish.notebook.reset_session`) and stores it after computing it; the first
notebook of a params file computes it under a lock, the others wait for it and load it. Without a
cache folder (JupyterLab, nbval, the CLI) the data is computed as before and nothing is written.

The key is a SHA-256 of everything the data depends on, by content: the package
(:func:`dti_kit._util.package.content_hash`, which covers the shipped designs, code and
catalogue), the files of the design and of last year's design (shipped or the project's), every
project design (``designs/*.yaml``), every input file and every file of an input folder, last
year's inputs, the units file, the mapping, and the arguments themselves (design ids, paths,
N/A policy, year). A change of any of them is another key: the stale entry is never read, and it
is removed when the new one is written (one entry per set of arguments).

Format and trust. The entry is the pickled ``ReportData`` (its tables and results exactly as
computed: a hit gives the same bytes in every report); its designs are stored by id and loaded
as the notebook loads them (their files are part of the key). Unpickling runs code named in
the file, so an entry is loaded only if it carries an HMAC-SHA256, over its key and content,
made with this user's secret key (``$XDG_CACHE_HOME/dti-kit/report-cache.key``, 32 random bytes,
mode 0600, created on first use). Only a build of this user can have written such a file: a
``reports/.cache/`` that came with a project from elsewhere (a zip, a shared folder) fails the
check and is recomputed, never unpickled. User files (inputs, designs, params) are never pickled
or unpickled. Without a usable secret key (an unwritable home) nothing is cached.
"""
from __future__ import annotations

import contextlib
import hashlib
import hmac
import io
import json
import os
import pickle
import secrets
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence

from dti_kit._util.atomic import write_bytes

__all__ = ["use", "folder_in_use", "in_folder", "report_data_key", "cached", "FORMAT"]

#: the entry format; part of every key and of every file's first line
FORMAT = b"dti-kit report cache 1\n"
SECRET_BYTES = 32

_folder: Path | None = None


def use(folder: str | Path | None) -> None:
    """Look up and store report data in ``folder`` from now on (``None``: no cache)."""
    global _folder  # one cache folder per process: a build kernel's, set before every notebook
    _folder = Path(folder).resolve() if folder is not None else None


def folder_in_use() -> Path | None:
    """The cache folder in use, or ``None``."""
    return _folder


@contextlib.contextmanager
def in_folder(folder: str | Path) -> Iterator[None]:
    """Use the cache ``folder`` inside the ``with`` block (the build's own checks)."""
    before = _folder
    use(folder)
    try:
        yield
    finally:
        use(before)


def _digest_path(h, root: Path, name: str) -> None:
    """A path's name and content into ``h``: a file's bytes, every file of a folder the readers
    read (:func:`~dti_kit._util.inputfiles.input_files`) by relative path."""
    from dti_kit._util.inputfiles import input_files

    p = Path(name)
    full = p if p.is_absolute() else root / p
    h.update(b"path\0" + name.encode() + b"\0")
    if full.is_dir():
        for f in input_files(full):
            h.update(f.relative_to(full).as_posix().encode() + b"\0")
            h.update(hashlib.sha256(f.read_bytes()).digest())
    elif full.is_file():
        h.update(hashlib.sha256(full.read_bytes()).digest())
    else:
        h.update(b"missing\0")


def _design_files(design_ids: Sequence[str], root: Path) -> list[Path]:
    """The shipped files of ``design_ids`` and every project design (``designs/*.yaml``)."""
    from dti_kit.loader import designs_dir, project_designs_dir

    shipped = [designs_dir() / f"{d}.yaml" for d in design_ids]
    project = project_designs_dir(root)
    own = sorted(project.glob("*.yaml")) if project.is_dir() else []
    return [p for p in shipped if p.is_file()] + own


def _relative(name: str | os.PathLike, root: Path) -> str:
    """A path as the project names it: relative to ``root`` when inside it."""
    p = Path(name)
    if p.is_absolute():
        with contextlib.suppress(ValueError):
            return p.relative_to(root).as_posix()
    return p.as_posix()


def report_data_key(design_id: str, inputs: Sequence, previous_inputs: Sequence = (), na_policy: str | None = None,
                    units: str = "", previous_mapping: str = "", previous_design: str = "", year: int | None = None,
                    root: str | Path | None = None) -> tuple[str, str]:
    """``(name, key)`` of one report's data: ``name`` from the arguments alone (one entry per
    name is kept), ``key`` the content hash of everything the data depends on (module docstring).

    Paths are read relative to the working directory, as :func:`~dti_kit.report.data.load_report_data`
    reads them; ``root`` is the project (its ``designs/``), default the working directory.
    """
    from dti_kit._util.package import content_hash

    root = Path(root if root is not None else Path.cwd()).resolve()
    here = Path.cwd()
    args = {
        "design_id": design_id, "inputs": [_relative(i, here) for i in inputs],
        "previous_inputs": [_relative(i, here) for i in previous_inputs], "na_policy": na_policy,
        "units": _relative(units, here) if units else "", "previous_mapping": _relative(previous_mapping, here) if previous_mapping else "",
        "previous_design": previous_design or "", "year": None if year is None else int(year), "root": str(root),
    }
    described = json.dumps(args, sort_keys=True, ensure_ascii=False).encode()
    name = hashlib.sha256(described).hexdigest()[:16]
    h = hashlib.sha256(FORMAT)
    h.update(content_hash().encode() + b"\0" + described + b"\0")
    for p in _design_files([design_id, previous_design or design_id], root):
        h.update(b"design\0" + p.name.encode() + b"\0" + hashlib.sha256(p.read_bytes()).digest())
    for group in ("inputs", "previous_inputs"):
        h.update(group.encode() + b"\0")
        for i in args[group]:
            _digest_path(h, here, i)
    for group in ("units", "previous_mapping"):
        h.update(group.encode() + b"\0")
        if args[group]:
            _digest_path(h, here, args[group])
    return name, h.hexdigest()


def _secret_path() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "dti-kit" / "report-cache.key"


def _secret() -> bytes | None:
    """This user's secret key (created on first use); ``None`` if it cannot be had."""
    path = _secret_path()
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(secrets.token_bytes(SECRET_BYTES))
            try:
                os.link(tmp, path)  # never replaces a key another build made meanwhile
            except FileExistsError:
                pass
            finally:
                os.unlink(tmp)
            data = path.read_bytes()
        except OSError:
            return None
    except OSError:
        return None
    return data if len(data) == SECRET_BYTES else None


def _mac(secret: bytes, key: str, payload: bytes) -> bytes:
    return hmac.new(secret, FORMAT + key.encode() + b"\0" + payload, hashlib.sha256).digest()


_MISS = object()


class _Pickler(pickle.Pickler):
    """Designs by reference: an entry names its designs by id (their files are in its key), and
    loading it takes the process's own loaded design, the very object a computation would use."""

    def persistent_id(self, obj):
        from dti_kit.model import IndexDesign

        if type(obj) is IndexDesign:
            return ("design", obj.id)
        return None


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, root: Path):
        super().__init__(file)
        self.root = root

    def persistent_load(self, pid):
        from dti_kit.loader import load_design

        kind, design_id = pid
        if kind != "design":
            raise pickle.UnpicklingError(f"unknown reference {kind!r}")
        return load_design(design_id, self.root)


def _dumps(value: Any) -> bytes:
    buf = io.BytesIO()
    _Pickler(buf, protocol=pickle.HIGHEST_PROTOCOL).dump(value)
    return buf.getvalue()


def _read(path: Path, key: str, secret: bytes, root: Path) -> Any:
    """The entry at ``path`` if this user's build wrote it for ``key``, else ``_MISS``."""
    try:
        blob = path.read_bytes()
    except OSError:
        return _MISS
    head = len(FORMAT) + 32
    if not blob.startswith(FORMAT) or len(blob) < head:
        return _MISS
    mac, payload = blob[len(FORMAT):head], blob[head:]
    if not hmac.compare_digest(mac, _mac(secret, key, payload)):
        return _MISS  # not written by this user's build for this key: never unpickled
    try:
        return _Unpickler(io.BytesIO(payload), root).load()  # noqa: S301 - authenticated above: this user's build wrote it
    except Exception:  # written by a build whose classes no longer load: compute again
        return _MISS


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """An exclusive lock on ``path`` (released when the block ends or the process dies)."""
    try:
        import fcntl
    except ImportError:  # no flock: two notebooks may compute the same data; the writes stay atomic
        yield
        return
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


def cached(name: str, key: str, compute: Callable[[], Any], folder: str | Path | None = None, root: str | Path | None = None) -> Any:
    """The entry ``key`` of the cache folder (default :func:`folder_in_use`), computed by
    ``compute()`` and stored if it is not there. No folder or no secret key: ``compute()``.
    Designs in it are stored by id and loaded from the project ``root`` (default: the working directory).

    Another process asking for the same ``name`` meanwhile waits, then loads what this one stored.
    An error of ``compute`` propagates and nothing is stored.
    """
    folder = Path(folder) if folder is not None else _folder
    secret = _secret() if folder is not None else None
    if folder is None or secret is None:
        return compute()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = _locked(folder / f"{name}.lock")
        lock.__enter__()
    except OSError:
        return compute()
    try:
        path = folder / f"{name}-{key}.pickle"
        hit = _read(path, key, secret, Path(root) if root is not None else Path.cwd())
        if hit is not _MISS:
            return hit
        value = compute()
        payload = _dumps(value)
        with contextlib.suppress(OSError):  # a full disk costs a recomputation, never the report
            write_bytes(path, FORMAT + _mac(secret, key, payload) + payload)
            for stale in folder.glob(f"{name}-*.pickle"):
                if stale != path:
                    stale.unlink(missing_ok=True)
        return value
    finally:
        lock.__exit__(None, None, None)
