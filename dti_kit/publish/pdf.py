"""A report's PDF (``<report>.pdf``), printed from its HTML by headless Chromium.

The build prints each report into its staging folder, so the PDF is published with the report's
other files by the same folder swap (:mod:`dti_kit.publish.swap`). The page layout (A4, running
title, page numbers, tables split with their headers) is the report's own print style
(:mod:`dti_kit.publish.printcss`); Chromium's own header and footer (the file's URL and the
date) are off. Each run has its own Chromium profile folder (runs side by side never share
one) and a time limit.

The PDF is printed from a copy of the page whose links to the report's other files (the
workbook, the CSVs) are plain text: Chromium would write them as absolute ``file://`` addresses
of the staging folder, which is gone once the report is published.

Chromium runs in one process (:data:`ONE_PROCESS`). The PDF is not tagged
(``--disable-pdf-tagging``): Chromium's structure tree is one object per element of the page,
and for the report of 600 communes it was 20 of the PDF's 23.5 MB and two thirds of the
printing time (36 s against 12.5 s, issue 20). Chromium's outline
(bookmarks) needs that tree, so a reader navigates by the report's contents and the annex's
links to the profiles instead, which stay links inside the PDF. The time limit grows with the
page's size (:func:`print_timeout`).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from dti_kit.i18n import text

__all__ = ["find_chromium", "print_pdf", "print_timeout", "PrintError", "PrintTimeout", "CHROMIUM_NAMES", "PRINT_TIMEOUT", "PRINT_SECONDS_PER_MB"]

#: the program names headless Chromium goes by (Debian: ``chromium``)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: seconds a report's printing may take before it is given up, at least
PRINT_TIMEOUT = 180
#: and more seconds per MB of the page (600 communes: 4.8 MB printed in about 13 s; 60 s a MB
#: leaves room for a machine four times slower or busy)
PRINT_SECONDS_PER_MB = 60
# a link to another file of the report: not a fragment (#unit-…), not a scheme (https:, mailto:)
_FILE_LINK = re.compile(r"""<a\s+href="(?![#]|[a-zA-Z][a-zA-Z0-9+.-]*:)[^"]*"([^>]*)>""")


#: Chromium in one process (browser, renderer and GPU together; what serverless Chromium runs):
#: printing the 30 communes' report took 449 MiB instead of 1,215 MiB summed over its 11
#: processes, in the same time. Chromium calls the mode unsupported, so a failure there is
#: printed again with its usual processes.
ONE_PROCESS = ("--single-process", "--no-zygote")


class PrintError(RuntimeError):
    """Chromium could not print a report (it failed, or ran out of time)."""


class PrintTimeout(PrintError):
    """Chromium did not print a report within its time limit (not tried again)."""


def find_chromium() -> str | None:
    """The path of headless Chromium, or None when it is not installed."""
    for name in CHROMIUM_NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def print_timeout(page_bytes: int) -> float:
    """The seconds a page of ``page_bytes`` may take to print: :data:`PRINT_TIMEOUT`, and
    :data:`PRINT_SECONDS_PER_MB` more per MB (the printing time grows with the page's pages).

    Examples
    --------
    >>> print_timeout(1_000_000), print_timeout(25_000_000)
    (240.0, 1680.0)
    """
    return PRINT_TIMEOUT + PRINT_SECONDS_PER_MB * page_bytes / 1e6


def _printable(page: str) -> str:
    """The page with its links to the report's other files made plain text (see the module's description)."""
    return _FILE_LINK.sub(r"<a\1>", page)


def print_pdf(html_path: Path, pdf_path: Path, chromium: str, report: str, language: str = "vi",
              timeout: float | None = None) -> None:
    """Print ``html_path`` to ``pdf_path`` with headless Chromium.

    Parameters
    ----------
    report : str
        The report as the reader knows it (its folder and notebook), named in the error.
    timeout : float, optional
        Seconds before printing is given up; by default :func:`print_timeout` of the page's size.

    Raises
    ------
    PrintError
        Chromium failed, wrote no PDF, or did not finish within ``timeout`` seconds.
    """
    with tempfile.TemporaryDirectory(prefix="dti-print-") as tmp:
        copy = Path(tmp) / html_path.name
        copy.write_text(_printable(html_path.read_text(encoding="utf-8")), encoding="utf-8")
        if timeout is None:
            timeout = print_timeout(copy.stat().st_size)
        out = Path(tmp) / "out.pdf"
        base = [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
                "--disable-background-networking", "--disable-extensions", "--disable-sync", "--mute-audio",
                "--no-pdf-header-footer", "--disable-pdf-tagging"]
        try:
            # one process first (a third of the memory); Chromium's usual processes if that fails
            _chromium_run([*base, *ONE_PROCESS, f"--user-data-dir={Path(tmp) / 'one'}", f"--print-to-pdf={out}", copy.as_uri()],
                          out, timeout, report, language)
        except PrintTimeout:
            raise
        except PrintError:
            out.unlink(missing_ok=True)
            _chromium_run([*base, f"--user-data-dir={Path(tmp) / 'many'}", f"--print-to-pdf={out}", copy.as_uri()],
                          out, timeout, report, language)
        shutil.move(str(out), str(pdf_path))


def _chromium_run(cmd: list[str], out: Path, timeout: float, report: str, language: str) -> None:
    """Run one Chromium that prints ``out``; PrintError (its last line, or the time limit) if it
    wrote no PDF."""
    try:
        # a session of its own: on a timeout, Chromium's helper processes end with it
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)
    except OSError as exc:
        raise PrintError(text("print.pdf_failed", language, report=report, cause=exc.strerror or type(exc).__name__)) from None
    try:
        _, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill(proc)
        raise PrintTimeout(text("print.pdf_timeout", language, report=report, seconds=int(timeout))) from None
    if proc.returncode != 0 or not out.is_file() or out.stat().st_size == 0:
        last = (err.decode("utf-8", "replace").strip().splitlines() or [f"exit status {proc.returncode}"])[-1][:200]
        raise PrintError(text("print.pdf_failed", language, report=report, cause=last))


def _kill(proc: subprocess.Popen) -> None:
    """End a Chromium that ran out of time, and its helper processes (its own session)."""
    import signal

    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()
    proc.wait()
