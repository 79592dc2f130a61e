"""A report's PDF (``<report>.pdf``), printed from its HTML by headless Chromium.

The build prints each report into its staging folder, so the PDF is published with the report's
other files by the same folder swap (:mod:`dti_kit.publish.swap`). The page layout (A4, running
title, page numbers, tables split with their headers) is the report's own print style
(:mod:`dti_kit.publish.printcss`); Chromium's own header and footer (the file's URL and the
date) are off. Each build worker keeps one Chromium (:class:`Printer`), with a profile folder
of its own (workers side by side never share one), and prints its reports one after another
over the DevTools pipe (:mod:`dti_kit.publish.devtools`): a sample report printed in 0.8 s
instead of 2.5 s with a Chromium started for it. Each report has a time limit.

The PDF carries no time of printing (Chromium's CreationDate and ModDate are blanked): the
same report prints to the same bytes.

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

A page marked for parts (a national view's annex, :mod:`dti_kit.publish.printparts`) is printed
part by part, each by a Chromium of its own, and the parts' PDFs joined (pypdf): twice, since
the page numbers run through the whole PDF ("Trang 41/135") and the total is known only once
every part has been laid out. Links from one part to another (the contents to a later
section) are then plain text; those within a part still work.
"""
from __future__ import annotations

import re
import shutil
import tempfile
import time
from pathlib import Path

from dti_kit.i18n import text
from dti_kit.publish.devtools import DevTools, DevToolsError, DevToolsTimeout
from dti_kit.publish.printcss import part_page_css
from dti_kit.publish.printparts import split_parts, with_style_last

__all__ = ["find_chromium", "print_pdf", "Printer", "RESTART_BYTES", "print_timeout", "PrintError", "PrintTimeout", "CHROMIUM_NAMES", "PRINT_TIMEOUT", "PRINT_SECONDS_PER_MB"]

#: the program names headless Chromium goes by (Debian: ``chromium``)
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
#: seconds a report's printing may take before it is given up, at least
PRINT_TIMEOUT = 180
#: and more seconds per MB of the page (600 communes: 4.8 MB printed in about 13 s; 60 s a MB
#: leaves room for a machine four times slower or busy)
PRINT_SECONDS_PER_MB = 60
#: after printing a page larger than this (bytes), the printer ends its Chromium: the memory
#: that page's layout took is given back before the next notebook runs
RESTART_BYTES = 2_000_000
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


# the document's dates Chromium writes in its information dictionary: the time of printing
_DATE_ENTRY = re.compile(rb"/(?:CreationDate|ModDate)\s*\(D:[0-9Z+\-']*\)")


def _drop_dates(pdf: Path, head: int = 65536) -> None:
    """Blank the printing time out of Chromium's PDF, so that the same report gives the same
    bytes (the brief: same inputs, same outputs; the HTML carries no time either).

    The entries are overwritten with as many spaces, which a PDF dictionary allows: every
    object keeps its offset, so the cross-reference table stays right. Chromium (Skia) writes
    its information dictionary near the start of the file; the rest is read only if it is not
    there. A PDF joined from parts (pypdf) takes its information from the first part's, dates
    already blank.
    """
    with open(pdf, "r+b") as f:
        data = f.read(head)
        if not _DATE_ENTRY.search(data):
            f.seek(0)
            data = f.read()
        for m in list(_DATE_ENTRY.finditer(data))[:2]:  # its two entries, not text that quotes them
            f.seek(m.start())
            f.write(b" " * (m.end() - m.start()))


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


class Printer:
    """Headless Chromium kept to print one report after another: a build worker's printer.

    Chromium starts on the first report and stays for the next (over the DevTools pipe,
    :mod:`dti_kit.publish.devtools`); after a page larger than :data:`RESTART_BYTES` it is ended,
    so the memory the page took goes back to the machine before the next notebook runs. It runs
    in one process (:data:`ONE_PROCESS`) until that fails once; then with its usual processes,
    for that report and the rest. A report that runs out of time is not tried again (the
    printer starts a new Chromium for the next one).

    Examples
    --------
    >>> with Printer(find_chromium()) as printer:                      # doctest: +SKIP
    ...     printer.print(Path("r.html"), Path("r.pdf"), "reports/2023/x/r.html")
    """

    def __init__(self, chromium: str):
        self.chromium = chromium
        self._browser: DevTools | None = None
        self._one_process = True

    def print(self, html_path: Path, pdf_path: Path, report: str, language: str = "vi", timeout: float | None = None) -> None:
        """Print ``html_path`` to ``pdf_path`` (written whole or not at all).

        Parameters
        ----------
        report : str
            The report as the reader knows it (its folder and notebook), named in the error.
        timeout : float, optional
            Seconds before printing is given up; by default :func:`print_timeout` of the page's size.

        Raises
        ------
        PrintError
            Chromium failed, wrote no PDF, or did not finish within ``timeout`` seconds (:class:`PrintTimeout`).
        """
        page = _printable(html_path.read_text(encoding="utf-8"))
        size = len(page.encode("utf-8"))
        if timeout is None:
            timeout = print_timeout(size)
        with tempfile.TemporaryDirectory(prefix="dti-print-") as tmp:
            out = Path(tmp) / "out.pdf"
            deadline = time.monotonic() + timeout
            while True:
                reused = self._browser is not None  # kept from an earlier report: it may have died since
                try:
                    self._print_page(page, out, deadline, language)
                    break
                except DevToolsTimeout:
                    self._discard()
                    raise PrintTimeout(text("print.pdf_timeout", language, report=report, seconds=int(timeout))) from None
                except DevToolsError as exc:
                    self._discard()
                    if reused:
                        continue  # once more with a new Chromium of the same kind
                    if not self._one_process:
                        raise PrintError(text("print.pdf_failed", language, report=report, cause=str(exc))) from None
                    self._one_process = False  # Chromium's usual processes, for this report and the next
                    deadline = time.monotonic() + timeout
                except Exception as exc:  # a PDF pypdf cannot read, a reply without its stream …
                    self._discard()
                    raise PrintError(text("print.pdf_failed", language, report=report, cause=f"{type(exc).__name__}: {exc}")) from None
            if size > RESTART_BYTES:
                self.close()
            shutil.move(str(out), str(pdf_path))

    def _print_page(self, page: str, out: Path, deadline: float, language: str) -> None:
        """``page`` printed to ``out``: at once, or in parts where it is marked for them."""
        parts = split_parts(page)
        if parts is None:
            self._print_once(page, out, deadline)
            return
        from pypdf import PdfReader, PdfWriter

        # the first pass counts each part's pages, the second numbers them (1 to the total) and is kept
        counts = []
        for part in parts:
            self._print_once(part, out, deadline)
            counts.append(len(PdfReader(out).pages))
            self.close()  # each part's memory goes back before the next part is laid out
        # the second pass lays each part out as the first did (only the page foot's words
        # differ); should a part take other pages, it is numbered again with what it took
        for _ in range(2):
            firsts = [1 + sum(counts[:i]) for i in range(len(counts))]
            readers = []
            for i, (part, first) in enumerate(zip(parts, firsts)):
                piece = out.with_name(f"part-{i}.pdf")
                self._print_once(with_style_last(part, part_page_css(page, first, sum(counts), language)), piece, deadline)
                self.close()
                readers.append(PdfReader(piece))
            taken = [len(r.pages) for r in readers]
            if taken == counts:
                break
            counts = taken
        else:
            raise RuntimeError(f"the parts' pages changed from one printing to the next ({counts})")
        writer = PdfWriter()
        if readers[0].metadata:
            writer.add_metadata({k: v for k, v in readers[0].metadata.items() if isinstance(v, str)})
        for reader in readers:
            writer.append(reader)
        with open(out, "wb") as f:
            writer.write(f)

    def _print_once(self, page: str, out: Path, deadline: float) -> None:
        """Print one document (``page``'s HTML) to ``out`` with the kept Chromium (started if need be)."""
        if self._browser is None:
            flags = [*(ONE_PROCESS if self._one_process else ()), "--disable-pdf-tagging"]
            self._browser = DevTools(self.chromium, flags, timeout=max(1.0, deadline - time.monotonic()))
        browser = self._browser
        # the page is self-contained (images inside, links to other files made text), so it is
        # given as the document's content rather than navigated to: see DevTools.set_content
        browser.set_content(page, deadline)
        # the page's own size and margins (@page), no header or footer of Chromium's, untagged
        result = browser.call("Page.printToPDF", deadline=deadline, printBackground=True, preferCSSPageSize=True,
                              displayHeaderFooter=False, generateTaggedPDF=False, generateDocumentOutline=False,
                              transferMode="ReturnAsStream")
        with open(out, "wb") as f:
            browser.read_stream(result["stream"], f, deadline)
        browser.set_content("", deadline)  # the report's page is let go before the next notebook
        if out.stat().st_size == 0:
            raise DevToolsError("Chromium wrote an empty PDF")
        _drop_dates(out)

    def _discard(self) -> None:
        """End a Chromium that failed or ran out of time; the next report starts a new one."""
        if self._browser is not None:
            self._browser.kill()
            self._browser = None

    def close(self) -> None:
        """End Chromium (the next report starts it again)."""
        if self._browser is not None:
            self._browser.close()
            self._browser = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def print_pdf(html_path: Path, pdf_path: Path, chromium: str, report: str, language: str = "vi",
              timeout: float | None = None) -> None:
    """Print ``html_path`` to ``pdf_path`` with a Chromium of its own (:class:`Printer` for many reports).

    Raises
    ------
    PrintError
        Chromium failed, wrote no PDF, or did not finish within ``timeout`` seconds.
    """
    with Printer(chromium) as printer:
        printer.print(html_path, pdf_path, report, language, timeout)
