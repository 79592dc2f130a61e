"""Headless Chromium driven through the DevTools protocol on a pipe (stdlib only), for tests that
look at a report's print layout in the browser: the published file carries no script, so the
measurement runs from outside it (``Runtime.evaluate``), with the print style applied
(``Emulation.setEmulatedMedia``) at the printed page's content width."""
from __future__ import annotations

import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

__all__ = ["Browser", "WIDEST_JS"]

#: every element of the page wider than the page, or reaching past its right edge, and every
#: element whose box clips content (scrolled on screen, cut on paper)
WIDEST_JS = r"""(() => {
  const W = document.documentElement.clientWidth, out = [];
  const name = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  for (const el of document.querySelectorAll('body *')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const what = name(el) + ' «' + (el.textContent || el.getAttribute('alt') || '').trim().slice(0, 60) + '»';
    if (r.right > W + 0.5 || r.left < -0.5) out.push(`${what}: ${Math.round(r.left)}..${Math.round(r.right)} px of ${W}`);
    const cs = getComputedStyle(el);
    if (cs.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1 && el.tagName !== 'HTML' && el.tagName !== 'BODY')
      out.push(`${what}: clips ${el.scrollWidth} px to ${el.clientWidth} px`);
  }
  return {width: W, scrollWidth: document.documentElement.scrollWidth, wide: out};
})()"""


class Browser:
    """One headless Chromium (own profile folder) and one page, spoken to over ``--remote-debugging-pipe``."""

    def __init__(self, exe: str, timeout: float = 120.0):
        self.timeout = timeout
        self._profile = tempfile.TemporaryDirectory(prefix="dti-cdp-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def fds():  # Chromium reads commands on fd 3 and writes replies on fd 4
            os.dup2(to_child_r, 3)
            os.dup2(from_child_w, 4)

        self._proc = subprocess.Popen(
            [exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
             "--disable-extensions", "--hide-scrollbars", f"--user-data-dir={self._profile.name}", "--remote-debugging-pipe", "about:blank"],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, preexec_fn=fds, pass_fds=(3, 4))
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf, self._id, self._session = b"", 0, None
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        self._session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Page.enable")

    def _send(self, method: str, session: str | None, **params) -> int:
        self._id += 1
        msg = {"id": self._id, "method": method, "params": params}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        return self._id

    def _messages(self, deadline: float):
        while True:
            while b"\0" in self._buf:
                raw, self._buf = self._buf.split(b"\0", 1)
                yield json.loads(raw)
            if time.monotonic() > deadline:
                raise TimeoutError("Chromium did not answer in time")
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise RuntimeError("Chromium closed the DevTools pipe")
            self._buf += chunk

    def call(self, method: str, **params) -> dict:
        """Send a command (to the page once attached) and return its result."""
        wanted = self._send(method, self._session, **params)
        for msg in self._messages(time.monotonic() + self.timeout):
            if msg.get("id") == wanted:
                if "error" in msg:
                    raise RuntimeError(f"{method}: {msg['error']}")
                return msg.get("result", {})
        raise AssertionError("unreachable")

    def open(self, page: Path, width_px: float, media: str = "print") -> None:
        """Show ``page`` as laid out for ``media`` in a window ``width_px`` CSS pixels wide."""
        self.call("Emulation.setDeviceMetricsOverride", width=int(width_px), height=1100, deviceScaleFactor=1, mobile=False)
        self.call("Emulation.setEmulatedMedia", media=media)
        self.call("Page.navigate", url=page.resolve().as_uri())
        deadline = time.monotonic() + self.timeout
        while self.evaluate("document.readyState") != "complete":
            if time.monotonic() > deadline:
                raise TimeoutError(f"{page} did not load")
            time.sleep(0.1)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page."""
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")

    def close(self) -> None:
        try:
            self._send("Browser.close", None)
        except OSError:
            pass
        try:
            self._proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self._profile.cleanup()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
