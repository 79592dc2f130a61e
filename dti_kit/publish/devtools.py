"""Headless Chromium spoken to over the DevTools protocol on a pipe (standard library only).

Chromium started with ``--remote-debugging-pipe`` reads protocol commands on its file
descriptor 3 and writes replies and events on descriptor 4, each message a JSON object ended
by a NUL byte. :class:`DevTools` starts such a Chromium with a profile folder of its own, opens
one page and attaches to it, so that commands (``Page.navigate``, ``Page.printToPDF``,
``Runtime.evaluate``) go to that page. No websocket, no port: nothing else on the machine can
reach the browser.

The build keeps one per worker to print its reports (:mod:`dti_kit.publish.pdf`): starting
Chromium and ending it cost about 1.7 s of the 2.5 s a sample report took to print with
``--print-to-pdf``, against 0.8 s for the same page printed by a running browser (issue 20).
"""
from __future__ import annotations

import json
import os
import select
import signal
import subprocess
import tempfile
import time

__all__ = ["DevTools", "DevToolsError", "DevToolsTimeout", "HEADLESS"]

#: the flags of a quiet headless Chromium that runs as root here (no sandbox) and never reaches the network
HEADLESS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--no-default-browser-check",
            "--disable-background-networking", "--disable-extensions", "--disable-sync", "--mute-audio",
            "--hide-scrollbars")


# resolves once the document and its images have loaded and its fonts are ready
_LOADED_JS = ("new Promise(done => { const ready = () => document.fonts.ready.then(() => done(true));"
              " if (document.readyState === 'complete') ready(); else addEventListener('load', ready); })")


#: the events :meth:`DevTools.wait_for` is asked for: the only ones kept
_KEPT_EVENTS = frozenset({"Page.loadEventFired"})


class DevToolsError(RuntimeError):
    """Chromium could not be started, closed its pipe, or answered a command with an error."""


class DevToolsTimeout(DevToolsError):
    """Chromium did not answer before the deadline."""


class DevTools:
    """One headless Chromium and one page, spoken to over ``--remote-debugging-pipe``.

    Parameters
    ----------
    exe : str
        Chromium's path.
    flags : sequence of str
        Flags beyond :data:`HEADLESS` (``--single-process``, ``--disable-pdf-tagging`` …).
    timeout : float
        Seconds a command may take when :meth:`call` is given no deadline.

    Examples
    --------
    >>> with DevTools("chromium") as page:                      # doctest: +SKIP
    ...     page.navigate(Path("r.html").resolve().as_uri(), deadline=time.monotonic() + 60)
    ...     page.call("Runtime.evaluate", expression="document.title", returnByValue=True)
    """

    def __init__(self, exe: str, flags: tuple[str, ...] | list[str] = (), timeout: float = 120.0):
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="dti-chromium-")
        # Chromium's log goes to a file: a pipe nobody reads would fill and stop it mid-build
        self._log = tempfile.TemporaryFile()
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds():  # Chromium reads commands on fd 3 and writes replies on fd 4
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        try:
            # a session of its own: when it must be killed, its helper processes go with it
            self._proc = subprocess.Popen(
                [exe, *HEADLESS, *flags, f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe", "about:blank"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=self._log, preexec_fn=fds,
                pass_fds=(3, 4), start_new_session=True,
                # its temporary files in its profile folder, removed with it even when it is killed
                env={**os.environ, "TMPDIR": self._profile.name})
        except OSError as exc:
            for fd in (to_child_r, from_child_w, self._to_child, self._from_child):
                os.close(fd)
            self._log.close()
            self._profile.cleanup()
            raise DevToolsError(exc.strerror or type(exc).__name__) from None
        os.close(to_child_r)
        os.close(from_child_w)
        os.set_blocking(self._to_child, False)  # a command is written as Chromium reads it, within its deadline
        self._buf, self._id, self._session, self._closed = b"", 0, None, False
        self._events: list[dict] = []
        self._frame: str | None = None
        try:
            target = self.call("Target.createTarget", url="about:blank")["targetId"]
            self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
            self.call("Page.enable")
        except DevToolsError:
            self.kill()
            raise

    @property
    def pid(self) -> int:
        """Chromium's process id (its helper processes are in its session)."""
        return self._proc.pid

    def _send(self, method: str, session: str | None, deadline: float | None = None, **params) -> int:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        data = memoryview(json.dumps(msg, ensure_ascii=False).encode("utf-8") + b"\0")  # a page's letters as they are, not \uXXXX
        deadline = time.monotonic() + self.timeout if deadline is None else deadline
        try:
            while data:  # the pipe takes a large page a part at a time, as Chromium reads it
                left = deadline - time.monotonic()
                if left <= 0 or not select.select([], [self._to_child], [], left)[1]:
                    raise DevToolsTimeout("Chromium did not read the command in time")
                try:
                    data = data[os.write(self._to_child, data):]
                except BlockingIOError:
                    continue
        except OSError:  # Chromium has gone: its pipe is closed
            raise DevToolsError(self._last_words("Chromium closed the DevTools pipe")) from None
        return self._id

    def _messages(self, deadline: float):
        """Chromium's messages as they arrive, until ``deadline`` (time.monotonic)."""
        while True:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                yield json.loads(raw)
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._from_child], [], [], left)[0]:
                raise DevToolsTimeout("Chromium did not answer in time")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise DevToolsError(self._last_words("Chromium closed the DevTools pipe"))
            self._buf += chunk

    def _last_words(self, fallback: str) -> str:
        """The last line Chromium wrote to its stderr once it has ended, else ``fallback``."""
        try:
            self._proc.wait(timeout=5)
            self._log.seek(0, os.SEEK_END)
            self._log.seek(max(0, self._log.tell() - 4096))
            err = self._log.read().decode("utf-8", "replace")
        except (subprocess.TimeoutExpired, OSError, ValueError):
            return fallback
        lines = err.strip().splitlines()
        return lines[-1][:200] if lines else f"{fallback} (exit status {self._proc.returncode})"

    def call(self, method: str, deadline: float | None = None, **params) -> dict:
        """Send a command to the page (to the browser before one is attached) and return its
        result; events that arrive meanwhile are kept for :meth:`wait_for`."""
        deadline = time.monotonic() + self.timeout if deadline is None else deadline
        wanted = self._send(method, self._session, deadline, **params)
        for msg in self._messages(deadline):
            if msg.get("id") == wanted:
                if "error" in msg:
                    raise DevToolsError(f"{method}: {msg['error'].get('message', msg['error'])}")
                return msg.get("result", {})
            if msg.get("method") in _KEPT_EVENTS:  # for wait_for; the others would pile up
                self._events.append(msg)
        raise AssertionError("unreachable")

    def wait_for(self, event: str, deadline: float) -> dict:
        """The page's next ``event`` (one that arrived during an earlier call counts)."""
        for i, msg in enumerate(self._events):
            if msg["method"] == event:
                del self._events[: i + 1]
                return msg.get("params", {})
        self._events.clear()
        for msg in self._messages(deadline):
            if msg.get("method") == event:
                return msg.get("params", {})
        raise AssertionError("unreachable")

    def navigate(self, url: str, deadline: float) -> None:
        """Open ``url`` in the page and wait for its load event."""
        self._events.clear()
        r = self.call("Page.navigate", deadline=deadline, url=url)
        if r.get("errorText"):
            raise DevToolsError(f"{url}: {r['errorText']}")
        self.wait_for("Page.loadEventFired", deadline)

    def set_content(self, html: str, deadline: float) -> None:
        """Make ``html`` the page's document and wait until it has loaded (images decoded, fonts
        ready). Unlike :meth:`navigate`, the page stays the same document frame: Chromium in one
        process (``--single-process``) crashed on the navigation after printing some pages."""
        if self._frame is None:
            self._frame = self.call("Page.getFrameTree", deadline=deadline)["frameTree"]["frame"]["id"]
        self.call("Page.setDocumentContent", deadline=deadline, frameId=self._frame, html=html)
        r = self.call("Runtime.evaluate", deadline=deadline, expression=_LOADED_JS, awaitPromise=True, returnByValue=True)
        if "exceptionDetails" in r:
            raise DevToolsError(f"the page did not load: {r['exceptionDetails'].get('text', '')}")

    def read_stream(self, handle: str, out, deadline: float) -> None:
        """Copy a protocol stream (``transferMode="ReturnAsStream"``) into the binary file ``out``."""
        import base64

        while True:
            r = self.call("IO.read", deadline=deadline, handle=handle, size=1 << 20)
            data = r.get("data", "")
            out.write(base64.b64decode(data) if r.get("base64Encoded") else data.encode("latin-1"))
            if r.get("eof"):
                break
        self.call("IO.close", deadline=deadline, handle=handle)

    def kill(self) -> None:
        """End Chromium at once, with its helper processes (its own session)."""
        try:
            os.killpg(self._proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            self._proc.kill()
        self._proc.wait()
        self._cleanup()

    def close(self) -> None:
        """Ask Chromium to end; kill it if it has not within 10 s."""
        if self._closed:
            return
        try:
            self._send("Browser.close", None, time.monotonic() + 5)
        except DevToolsError:
            pass
        try:
            self._proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()
            return
        self._cleanup()

    def _cleanup(self) -> None:
        if self._closed:
            return
        self._closed = True
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self._log.close()
        self._profile.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
