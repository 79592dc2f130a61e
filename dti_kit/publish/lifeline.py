"""Build workers end with the build, whatever ends it.

A build's workers are child processes; a killed parent (``kill -9``, a closed terminal, an
out-of-memory kill) gives them no chance to say so, and without this they went on running
notebooks and writing reports. Each worker therefore asks the kernel to kill it when its parent
dies (``prctl(PR_SET_PDEATHSIG)`` on Linux) and, on every system, watches its parent from a
thread. Its Jupyter kernels run in a session of their own, but ipykernel ends a kernel whose
parent is gone (the ``JPY_PARENT_PID`` that jupyter_client gives it), so they follow the worker.
"""
from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

__all__ = ["die_with_parent"]

_PR_SET_PDEATHSIG = 1


def _pdeathsig() -> None:
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):  # no prctl: the watching thread still ends us
        pass


def _watch(parent_pid: int, every: float) -> None:
    while True:
        if os.getppid() != parent_pid:  # re-parented: the build is gone
            os._exit(1)
        time.sleep(every)


def die_with_parent(parent_pid: int, every: float = 0.5) -> None:
    """End this process as soon as ``parent_pid`` (its parent) is gone.

    Call it first thing in a child process (a pool initializer). If the parent died before the
    call, the process ends at once.
    """
    _pdeathsig()
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent_pid, every), name="dti-kit-lifeline", daemon=True).start()
