"""One warm Jupyter kernel per build worker, reset to a fresh state before every notebook.

Starting a kernel and importing pandas, matplotlib and dti_kit in it costs about 1.5 s, more
than most reports take to compute. A build worker therefore starts one kernel (the project's
named kernel, in the project root), imports the report modules once (``warm_up``), and before
each notebook resets it to the state it had right after warming up (``reset_session``): an
empty namespace, a new history session (execution counts from 1), matplotlib settings,
warning filters, numpy's global random state and the working directory as they were. A report
therefore sees what a fresh kernel would show it; the build tests check that a report built in
a kernel that has already run other notebooks is byte-identical to one built in a new kernel.

A kernel that saw any failure (a cell error, a timeout, a dead kernel) is shut down and the
next notebook gets a new one, so a broken state never leaks into the next report.

The notebooks run through papermill as before, with a registered papermill engine
(``dti-kit-warm``) that hands papermill's notebook client the worker's kernel manager instead of
letting it start and stop a kernel of its own. The build also turns off papermill's rewriting
of the output notebook after every cell (``request_save_on_cell_execute=False``: each rewrite
serialises and validates the whole notebook with its images); papermill writes it once at the
end, or with the failing cell on an error, and the engine writes what ran when a cell times out
or the kernel dies (``partial_path``).
"""
from __future__ import annotations

import logging
from pathlib import Path

from papermill.clientwrap import PapermillNotebookClient
from papermill.engines import NBClientEngine, papermill_engines
from papermill.utils import remove_args

ENGINE = "dti-kit-warm"
logger = logging.getLogger("papermill")


class WarmKernelEngine(NBClientEngine):
    """papermill engine: execute on the kernel manager given as ``km`` and leave it running."""

    @classmethod
    def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None, stderr_file=None,
                                 start_timeout=60, execution_timeout=None, **kwargs):
        km, kc, partial_path = kwargs.pop("km"), kwargs.pop("kc", None), kwargs.pop("partial_path", None)
        kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
        client = PapermillNotebookClient(
            nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
            log=logger, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file, **kwargs,
        )
        # the worker's client too: a new one waits ~0.2 s for the kernel's output channel to
        # fall silent before it may be used (jupyter_client's wait_for_ready)
        client.kc = kc
        try:
            return client.execute()
        except BaseException:
            # the build asks papermill not to rewrite the whole notebook after every cell (that
            # cost a fifth of the build); a timeout or a dead kernel still leaves what ran
            if partial_path:
                from papermill.iorw import write_ipynb

                write_ipynb(nb_man.nb, partial_path)
            raise


papermill_engines.register(ENGINE, WarmKernelEngine)


class WarmKernel:
    """A kernel kept across notebooks by one build worker.

    Parameters
    ----------
    kernel_name : str
        The Jupyter kernel to start (the project registers ``dti-kit``).
    root : str or Path
        Project root: the kernel's working directory, restored before each notebook.
    startup_timeout : int
        Seconds to wait for the kernel to answer after it starts.
    """

    def __init__(self, kernel_name: str, root: str | Path, startup_timeout: int = 60):
        self.kernel_name = kernel_name
        self.root = str(Path(root).resolve())
        self.startup_timeout = startup_timeout
        self.km = None
        self.kc = None  # one client for the kernel's life (see WarmKernelEngine)
        self._reset = False  # reset since its last notebook (release): the next prepare need not again

    def _run(self, code: str, timeout: int) -> None:
        """Run ``code`` in the kernel without recording it in the history (no execution
        count); start the kernel first if there is none. Raises on any error."""
        import nbformat
        from jupyter_client.manager import AsyncKernelManager
        from nbclient import NotebookClient

        if self.km is None:
            self.km = AsyncKernelManager(kernel_name=self.kernel_name)
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        client = NotebookClient(nb, km=self.km, kernel_name=self.kernel_name, timeout=timeout,
                                startup_timeout=self.startup_timeout)
        client.kc = self.kc
        try:
            with client.setup_kernel(cwd=self.root):
                client.execute_cell(nb.cells[0], 0, store_history=False)
        finally:
            self.kc = client.kc

    def prepare(self, timeout: int = 120, _retry: bool = True) -> None:
        """Make the kernel ready for the next notebook: start and warm it up if needed,
        then reset it. A kernel that cannot be started or reset is replaced once."""
        fresh = self.km is None
        try:
            if fresh:
                self._run("__import__('importlib').import_module('dti_kit.publish.notebook').warm_up()", timeout)
            # reset since its last notebook: nothing to reset, but the kernel must still be there
            # (it may have died while the report was printed; the next notebook gets a new one)
            if fresh or not self._reset or not self._alive():
                self._reset_session(timeout)
        except Exception as exc:
            from nbclient.exceptions import CellExecutionError

            self.shutdown()
            # a new kernel is tried once more: the Jupyter protocol has the client choose the
            # kernel's ports before the kernel binds them, so a kernel started beside others
            # (two build workers, a test run) now and then finds a port taken and dies
            # ("Address already in use"); new ports almost always work. An error the warm-up
            # or reset code raised is no such accident: it would fail again
            if not _retry or isinstance(exc, CellExecutionError):
                raise
            self.prepare(timeout, _retry=False)
        self._reset = False  # the notebook about to run is the kernel's now

    def release(self, timeout: int = 120) -> None:
        """Reset the kernel as soon as its notebook has run, so that what the notebook held
        (3,321 communes' tables: 600 MB) is let go while the report is written and printed,
        not kept until the next notebook; the next :meth:`prepare` then has nothing to reset.
        A kernel that cannot be reset is stopped."""
        if self.km is None:
            return
        try:
            self._reset_session(timeout)
            self._reset = True
        except Exception:
            self.shutdown()

    def _alive(self) -> bool:
        from jupyter_core.utils import run_sync

        return bool(run_sync(self.km.is_alive)())

    def _reset_session(self, timeout: int) -> None:
        self._run(f"__import__('importlib').import_module('dti_kit.publish.notebook').reset_session({self.root!r})", timeout)

    def shutdown(self) -> None:
        """Stop the kernel (if any); the next :meth:`prepare` starts a new one."""
        km, kc, self.km, self.kc, self._reset = self.km, self.kc, None, None, False
        if kc is not None:
            kc.stop_channels()
        if km is None:
            return
        from jupyter_core.utils import run_sync

        try:
            if run_sync(km.is_alive)():
                run_sync(km.shutdown_kernel)(now=True)
        except Exception:  # already gone: nothing to stop
            pass
