"""The ``dti-kit`` command line: a static table of commands, one module per command.

``dti-kit --help`` and ``dti-kit COMMAND --help`` import nothing heavy: building the parser
imports only the small command modules of :data:`COMMANDS`, each of which imports its
implementation (pandas, openpyxl, papermill, …) inside its ``run``. A command module that
fails to import fails the command line with its traceback; no command silently disappears.

Exit status: 0 success, 1 a build step failed, 2 bad input or usage (every problem listed,
nothing written); a reader that closes the pipe early (``dti-kit designs show ID | head``)
ends the command quietly, with the status of a process killed by SIGPIPE (141).
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from typing import NamedTuple

__all__ = ["COMMANDS", "EXIT_BAD_INPUT", "EXIT_BROKEN_PIPE", "Command", "build_parser", "main"]

EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 128 + 13  # as a process killed by SIGPIPE


class Command(NamedTuple):
    """One command: its name, its line in ``dti-kit --help`` and its module in :mod:`dti_kit.cli`.

    (A named tuple, not a dataclass: ``dataclasses`` imports ``inspect``, a tenth of the time
    ``dti-kit --help`` may take.)
    """

    name: str
    help: str
    module: str


COMMANDS = (
    Command("designs", "list the shipped index designs, or show one", "designs"),
    Command("score", "score units' inputs under a design", "score"),
    Command("template", "write Excel input forms of a design (one per unit, or one workbook with --out X.xlsx)", "template"),
    Command("reconcile", "reconcile self-assessed and appraised scores (đối chiếu điểm tự đánh giá và thẩm định)", "reconcile"),
    Command("sensitivity", "how robust is each unit's rank to the weights and the open choices", "sensitivity"),
    Command("compare", "compare index designs: shares of points, concepts, re-scoring", "compare"),
    Command("build", "build the reports of every params file (papermill + nbconvert)", "build"),
    Command("new-report", "scaffold a params file and an empty commentary file for a new report", "new_report"),
    Command("samples", "write the synthetic sample inputs of every design", "samples"),
)


def _version() -> str:
    from dti_kit import __version__  # importlib.metadata: only when --version is asked

    return f"dti-kit {__version__}"


class _VersionAction(argparse.Action):
    def __init__(self, option_strings, dest, **kwargs):
        super().__init__(option_strings, dest, nargs=0, help="show the version and exit")

    def __call__(self, parser, namespace, values, option_string=None):
        print(_version())
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (imports the command modules, none of their implementations)."""
    parser = argparse.ArgumentParser(prog="dti-kit", description="Score Vietnamese provincial DTI designs and build their reports.")
    parser.add_argument("--version", action=_VersionAction)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        module = importlib.import_module(f"dti_kit.cli.{command.module}")
        p = module.add_parser(sub, command)
        p.set_defaults(func=module.run)
    return parser


def _report(exc: BaseException) -> int:
    from dti_kit.errors import ProblemsError

    if isinstance(exc, ProblemsError):
        print(f"dti-kit: {exc.summary}", file=sys.stderr)
        for prob in exc.problems:
            print("  - " + prob.format(), file=sys.stderr)
    else:
        print(f"dti-kit: {exc}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _quiet_broken_pipe() -> int:
    # The reader has gone (`| head`): point stdout at /dev/null so that the interpreter's
    # final flush does not raise again, and end without a traceback.
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout without a file descriptor (tests' captured stdout)
        pass
    return EXIT_BROKEN_PIPE


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``dti-kit`` with ``argv`` (default: the process's arguments); return the exit status."""
    try:
        args = build_parser().parse_args(argv)  # --help and usage errors end here, before any import
        from dti_kit.errors import DtiKitError, WriteFailed

        try:
            status = args.func(args)
        except DtiKitError as exc:
            status = _report(exc)
        except WriteFailed as exc:  # a full disk, a read-only folder: not bad input
            from dti_kit.cli._outputs import say_cannot_write

            say_cannot_write(exc.filename, exc)
            status = 1
        sys.stdout.flush()  # inside the try: a closed pipe shows here, not at exit
        return status
    except BrokenPipeError:
        return _quiet_broken_pipe()
