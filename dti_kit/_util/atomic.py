"""Atomic file writes: a failed or interrupted write never leaves a half-written file.

Each write goes to a temporary file beside its target, which replaces the target only once
it is whole. Inside :func:`all_or_nothing`, the writes of a block are one set: their
temporary files replace their targets only when the whole block has succeeded, so a command
that writes several files (forms for 150 communes, a table's CSVs) leaves either all of them
new or all of them as they were.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Iterator

from dti_kit.errors import WriteFailed

__all__ = ["atomic_path", "write_text", "write_bytes", "all_or_nothing"]


class _FileSet:
    """The open set's written files (temporary path, target), in the order written, and the
    folders made for them (removed again, when empty, if the set fails)."""

    def __init__(self) -> None:
        self.files: list[tuple[str, Path]] = []
        self.folders: list[Path] = []


_pending: ContextVar[_FileSet | None] = ContextVar("dti_kit_atomic_pending", default=None)


def _failed(exc: OSError, target: Path) -> WriteFailed:
    """``exc`` told of the file meant (``target``), not of its temporary file; its cause kept."""
    return WriteFailed(exc.errno, exc.strerror or str(exc) or type(exc).__name__, str(target))


def _unlink(path: str | Path) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; on success it replaces ``target`` at once.

    On an exception the temporary file is removed and ``target`` is left as it was; a write that
    fails raises :class:`~dti_kit.errors.WriteFailed` naming ``target`` (or the folder that
    could not be made). Inside :func:`all_or_nothing`, the target is replaced when the block
    ends, not at once.
    """
    target = Path(target)
    pending = _pending.get()
    if pending is not None:
        missing = [f for f in (target.parent, *target.parent.parents) if not f.exists()]
        pending.folders += missing
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:  # a file where a folder should be, a read-only place: the folder named
        raise WriteFailed(exc.errno, exc.strerror or str(exc), str(exc.filename or target.parent)) from exc
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _failed(exc, target) from exc
    try:
        os.close(fd)
        # mkstemp makes the file private (0600); a report is as readable as any file the user writes
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        yield Path(tmp)
        if pending is None:
            os.replace(tmp, target)
        else:  # the set's: replaced with the others when the whole block has succeeded
            pending.files.append((tmp, target))
    except BaseException as exc:
        _unlink(tmp)
        if isinstance(exc, OSError) and not isinstance(exc, WriteFailed) and exc.filename in (None, tmp, str(tmp), str(target)):
            raise _failed(exc, target) from exc
        raise


def write_text(target: str | Path, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


def write_bytes(target: str | Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


@contextmanager
def all_or_nothing() -> Iterator[None]:
    """Make every atomic write of the block (:func:`write_text`, :func:`write_bytes`,
    :func:`atomic_path`, in any function it calls) one set: the targets are replaced together
    when the block succeeds; if anything in it fails, every file it wrote is removed and every
    target is left as it was. A file written in the block is not at its target before the
    block ends. Nested blocks belong to the outermost (an inner block's failure, caught within
    the outer block, still leaves the inner block's files to the outer one's success). The set
    is this thread's (a context variable): a write in another thread is not part of it.

    Examples
    --------
    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> try:
    ...     with all_or_nothing():
    ...         write_text(folder / "a.csv", "1")
    ...         raise OSError("the disk is full")
    ... except OSError:
    ...     pass
    >>> sorted(p.name for p in folder.iterdir())
    []
    """
    if _pending.get() is not None:  # part of an outer set
        yield
        return
    pending = _FileSet()
    token = _pending.set(pending)
    try:
        yield
        _commit(pending.files)
    except BaseException:
        for tmp, _ in pending.files:
            _unlink(tmp)
        for folder in sorted(set(pending.folders), key=lambda f: len(f.parts), reverse=True):  # one that holds anything else stays
            try:
                folder.rmdir()
            except OSError:
                pass
        raise
    finally:
        _pending.reset(token)


def _commit(files: list[tuple[str, Path]]) -> None:
    """Put every temporary file at its target; should one replacement fail (a folder where the
    file goes, a file kept open on a shared drive), the targets already replaced get their
    earlier files back and the failure names its target: the set is still all or nothing.

    Each existing target is first kept under a second name (a hard link, else a copy), so that
    it stays in place, readable, until its new file replaces it.
    """
    done: list[tuple[Path, str | None]] = []  # (target, its earlier file kept, or None: it was new)
    try:
        for tmp, target in files:
            kept = None
            if target.is_file():
                kept = f"{tmp}.before"
                try:
                    os.link(target, kept)
                except OSError:  # no hard links here (FAT, some shared drives)
                    shutil.copy2(target, kept)
            try:
                os.replace(tmp, target)
            except OSError as exc:
                if kept is not None:
                    _unlink(kept)
                raise _failed(exc, target) from exc
            done.append((target, kept))
    except BaseException:
        for target, kept in reversed(done):
            if kept is None:
                _unlink(target)
            else:
                os.replace(kept, target)
        raise
    for _, kept in done:
        if kept is not None:
            _unlink(kept)
