"""Headless Chromium driven through the DevTools protocol on a pipe (:mod:`dti_kit.publish.devtools`), for tests that
look at a report's print layout in the browser: the published file carries no script, so the
measurement runs from outside it (``Runtime.evaluate``), with the print style applied
(``Emulation.setEmulatedMedia``) at the printed page's content width."""
from __future__ import annotations

import time
from pathlib import Path

from dti_kit.publish.devtools import DevTools

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


class Browser(DevTools):
    """One headless Chromium and one page (the package's DevTools client), with what the tests ask of a page."""

    def open(self, page: Path, width_px: float, media: str = "print") -> None:
        """Show ``page`` as laid out for ``media`` in a window ``width_px`` CSS pixels wide."""
        self.call("Emulation.setDeviceMetricsOverride", width=int(width_px), height=1100, deviceScaleFactor=1, mobile=False)
        self.call("Emulation.setEmulatedMedia", media=media)
        self.navigate(page.resolve().as_uri(), time.monotonic() + self.timeout)

    def evaluate(self, expression: str):
        """The value of a JavaScript expression in the page."""
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in r:
            raise RuntimeError(r["exceptionDetails"])
        return r["result"].get("value")
