"""Typed exceptions of dti-kit, in one module (papermill's layout).

Every error that reaches a user names where the problem is (file, sheet, cell or line),
which code and variable, and what is wrong, in Vietnamese and English; errors that come from
reading data collect *all* problems before raising, never only the first.
"""
from __future__ import annotations

from dataclasses import dataclass

from dti_kit._util.strings import visible


@dataclass(frozen=True)
class Problem:
    """One problem found in a design file, an input file or a params file.

    Parameters
    ----------
    message : str
        What is wrong, in English.
    message_vi : str
        The same in Vietnamese.
    source : str
        File the problem is in ("" if the data did not come from a file).
    location : str
        Line ("line 12"), sheet and cell ("sheet 'Chỉ số' cell F14"), or "" if unknown.
    unit_id, code, variable : str
        The unit, the design code and the input variable concerned ("" if none).
    severity : str
        ``"error"`` stops the run; ``"warning"`` is reported and carried on.
    """

    message: str
    message_vi: str = ""
    source: str = ""
    location: str = ""
    unit_id: str = ""
    code: str = ""
    variable: str = ""
    severity: str = "error"

    def format(self) -> str:
        """One line: where, what (Vietnamese / English), control characters escaped (``\\x1b``)."""
        where = ", ".join(
            p
            for p in (
                self.source,
                self.location,
                f"unit {self.unit_id}" if self.unit_id else "",
                f"code {self.code}" if self.code else "",
                f"variable {self.variable}" if self.variable else "",
            )
            if p
        )
        text = f"{self.message_vi} / {self.message}" if self.message_vi else self.message
        # ids, names and values come from the files read: an ANSI escape in a unit id must show
        # as text, never recolour or clear the terminal it is printed on
        return visible(f"{where}: {text}" if where else text)


class DtiKitError(Exception):
    """Base class of every error dti-kit raises on purpose."""


class ProblemsError(DtiKitError):
    """An error carrying every problem found in one pass."""

    def __init__(self, problems: list[Problem] | tuple[Problem, ...], summary: str = ""):
        self.problems = tuple(problems)
        self.summary = summary or f"{len(self.problems)} problem(s)"
        lines = [visible(self.summary)] + ["  - " + p.format() for p in self.problems]
        super().__init__("\n".join(lines))


class Refusals:
    """The refusals of several steps gathered, so that one error names every file's problems
    (the inputs, the units file, the mapping, the values as they are scored) at once.

    Examples
    --------
    >>> r = Refusals()
    >>> r.read(lambda: 1), r.read(lambda: (_ for _ in ()).throw(InputError([Problem("bad")])))
    (1, None)
    >>> len(r.refused)
    1
    """

    def __init__(self) -> None:
        self.refused: list[ProblemsError] = []

    def read(self, what):
        """``what()``, or None once its refusal is kept."""
        try:
            return what()
        except ProblemsError as exc:
            self.refused.append(exc)
            return None

    def add(self, problems, summary: str) -> None:
        """Keep ``problems`` (none: nothing) as one more refusal."""
        if problems:
            self.refused.append(InputError(list(problems), summary))

    def raise_any(self, summary: str | None = None) -> None:
        """Raise the one refusal as it is, or every problem of several in one
        :class:`InputError` (its summary ``summary``, by default the refusals' own, joined)."""
        if len(self.refused) == 1:
            raise self.refused[0]
        if self.refused:
            problems = [p for exc in self.refused for p in exc.problems]
            raise InputError(problems, summary or " · ".join(exc.summary for exc in self.refused))


class PublishError(ProblemsError):
    """The reports cannot be written (a read-only folder, a file in the way, a full disk):
    names each file and the cause. Not bad input: the command exits 1."""


class WriteFailed(OSError):
    """An output file could not be written (a full disk, a read-only folder, a file in the
    way): ``filename`` is the file meant, not its temporary file. The target is left as it was;
    the command line says which file and why, and exits 1. An :class:`OSError`, so that code
    catching those catches it."""


class DesignError(ProblemsError):
    """A design file is broken: names the file, the code and the problem."""


class UnknownDesignError(DtiKitError, KeyError):
    """No design with that id is shipped."""

    def __str__(self) -> str:  # KeyError quotes its argument; keep the message readable
        return str(self.args[0]) if self.args else "unknown design"


class RuleParamError(DtiKitError):
    """A rule's parameters are invalid (raised by a rule kind, re-raised with file context)."""

    def __init__(self, messages: list[str]):
        self.messages = list(messages)
        super().__init__("; ".join(self.messages))


class InputError(ProblemsError):
    """Bad input data (wrong type, unknown code, b = 0, a > b, duplicate unit, …)."""


class ParamsError(ProblemsError):
    """A params file is refused before anything runs."""
