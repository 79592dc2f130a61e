"""Checks of a command's output paths before anything is read or written.

An output never replaces an input (``score IN.csv --out IN.csv``), and ``template --out``
never replaces an existing file or fills a folder that holds files without ``--force``; an
output that cannot be written is named, with the cause.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path

__all__ = ["refuse_existing", "refuse_inputs_as_outputs", "refuse_unwritable", "say_cannot_write"]

def _input_files(inputs: Iterable[str | Path]) -> set[Path]:
    import dti_kit.forms  # noqa: F401  (registers the .xlsx reader: a folder's forms are inputs)
    from dti_kit.inputs import input_files

    return {f.resolve() for f in input_files(list(inputs))}


def _refuse(problems: list) -> None:
    if problems:
        from dti_kit.errors import ProblemsError
        from dti_kit.i18n import text

        raise ProblemsError(problems, summary=text("cli.refused", "en"))


def refuse_inputs_as_outputs(outputs: Iterable[str | Path | None], inputs: Iterable[str | Path | None]) -> None:
    """Raise :class:`~dti_kit.errors.ProblemsError` (exit 2) if an output is one of the inputs.

    Inputs are files, or folders (then each input file in them); paths are compared resolved,
    so ``./in.csv``, ``in.csv`` and a symbolic link to it are the same file.
    """
    from dti_kit.errors import Problem
    from dti_kit.i18n import text

    outputs = [o for o in outputs if o]
    ins = _input_files(i for i in inputs if i)
    problems = [Problem(text("cli.out_is_input", "en", out=o), text("cli.out_is_input", "vi", out=o), source=str(o))
                for o in outputs if Path(o).resolve() in ins]
    _refuse(problems)


def refuse_unwritable(outputs: Iterable[str | Path | None]) -> None:
    """Raise :class:`~dti_kit.errors.ProblemsError` (exit 2) if an output file cannot be
    written: it is a folder, or a file stands where one of its folders should be. A command
    writes all its files or none, so each is checked before the first is written."""
    from dti_kit.errors import Problem
    from dti_kit.i18n import text

    problems = []
    for o in (o for o in outputs if o):
        key = _unwritable(Path(o))
        if key:
            problems.append(Problem(text(key, "en", out=o), text(key, "vi", out=o), source=str(o)))
    _refuse(problems)


def _unwritable(out: Path) -> str:
    """The catalogue id of why ``out`` cannot be written as a file ("" if it can be tried): it
    is a folder, or a file stands where one of its folders should be."""
    if out.is_dir():
        return "cli.out_is_folder"
    for folder in out.parents:
        if folder.exists():
            return "" if folder.is_dir() else "cli.out_parent_not_folder"
    return ""


def refuse_existing(out: str | Path, force: bool) -> None:
    """Refuse (exit 2) an existing file, or a folder that holds files, as ``out`` unless ``force``."""
    from dti_kit.errors import Problem
    from dti_kit.i18n import text

    p = Path(out)
    if force or not p.exists():
        return
    key = "cli.out_folder_not_empty" if p.is_dir() else "cli.out_exists"
    if p.is_dir() and not any(p.iterdir()):
        return
    _refuse([Problem(text(key, "en", out=p), text(key, "vi", out=p), source=str(p))])


def say_cannot_write(path: str | Path, exc: OSError) -> None:
    """Say on stderr, in both languages, which output could not be written and why."""
    from dti_kit.i18n import text as msg

    cause = exc.strerror or type(exc).__name__
    print(f"dti-kit: {msg('publish_safety.cannot_write', 'vi', path=path, cause=cause)} / "
          f"{msg('publish_safety.cannot_write', 'en', path=path, cause=cause)}", file=sys.stderr)
