#!/usr/bin/env python3
"""Real-browser check of the HTML annual reviews (issue 6 item 7).

Opens each examples/*/review-2024-25.html in headless Chromium through the Chrome DevTools
Protocol (over --remote-debugging-pipe: Python standard library only, no port, no package)
and checks, for every page:

  1. it loads (Page.loadEventFired, document.readyState == "complete", a non-empty <h1> or
     <title>);
  2. nothing went wrong: no console message at error level (Runtime.consoleAPICalled), no
     uncaught exception (Runtime.exceptionThrown), no browser log entry at error level
     (Log.entryAdded);
  3. the page asked for nothing but itself: Network.requestWillBeSent fired once, for the
     file's own URL (no fonts, scripts, images or trackers, whether local or remote);
  4. at least one <svg> was rendered with a non-zero size on screen.

It saves a PNG of the first screen (1280 x 1600) of the Sherwood Forest review to
docs/review-screenshot.png (or --screenshot PATH).

Usage: python3 tests/browser/check_reviews.py [--chromium PATH] [--screenshot PATH] [FILE.html ...]
Prints one line per page and "N passed, M failed"; exits non-zero on any failure.
"""

from __future__ import annotations

import argparse
import base64
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SCREEN = (1280, 1600)
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--disable-dev-shm-usage",
    "--hide-scrollbars",
    "--remote-debugging-pipe",
    f"--window-size={SCREEN[0]},{SCREEN[1]}",
]


class CdpError(RuntimeError):
    """The browser answered a command with an error, closed the pipe, or took too long."""


class Browser:
    """Headless Chromium driven over the DevTools pipe: the browser reads NUL-terminated JSON
    commands on its fd 3 and writes NUL-terminated JSON replies and events on its fd 4."""

    def __init__(self, chromium: str, profile: str, log_path: Path) -> None:
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()

        def wire_fds() -> None:  # runs in the child between fork and exec
            # Move both ends above 9 first, so that placing one on 3 or 4 cannot clobber the other.
            r = fcntl.fcntl(to_child_r, fcntl.F_DUPFD, 10)
            w = fcntl.fcntl(from_child_w, fcntl.F_DUPFD, 10)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self._log = open(log_path, "wb")  # noqa: SIM115 - closed in close()
        self.proc = subprocess.Popen(
            [chromium, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            preexec_fn=wire_fds,
            # Kept open past exec: subprocess closes every other descriptor after preexec_fn.
            pass_fds=(3, 4, to_child_r, from_child_w),
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []

    def send(self, method: str, params: dict[str, Any] | None = None, session: str | None = None,
             timeout: float = 30.0) -> dict[str, Any]:
        """Sends one command and waits for its reply, keeping the events that arrive meanwhile."""
        self._next_id += 1
        msg: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self._to_child, json.dumps(msg).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise CdpError(f"{method}: {reply['error']}")
                return reply.get("result", {})
            if "method" in reply:
                self.events.append(reply)

    def wait_event(self, method: str, session: str, timeout: float) -> dict[str, Any]:
        """Waits for an event (already received or still to come) of this session."""
        deadline = time.monotonic() + timeout
        seen = 0
        while True:
            for ev in self.events[seen:]:
                if ev.get("method") == method and ev.get("sessionId") == session:
                    return ev
            seen = len(self.events)
            msg = self._read(deadline)
            if "method" in msg:
                self.events.append(msg)

    def drain(self, seconds: float) -> None:
        """Collects events for a while (late console errors, late requests)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                msg = self._read(deadline)
            except TimeoutError:
                return
            if "method" in msg:
                self.events.append(msg)

    def _read(self, deadline: float) -> dict[str, Any]:
        import select

        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no message from the browser in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_child, 1 << 20)
            if not chunk:
                raise CdpError(f"the browser closed the DevTools pipe (exit code {self.proc.poll()})")
            self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        return json.loads(raw)

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=5)
        except (CdpError, TimeoutError, OSError):
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        for fd in (self._to_child, self._from_child):
            try:
                os.close(fd)
            except OSError:
                pass
        self._log.close()


def check_page(b: Browser, path: Path, screenshot: Path | None) -> list[str]:
    """Opens one review in a fresh tab; returns the problems found (empty when it passes)."""
    url = path.resolve().as_uri()
    target = b.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = b.send("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
    problems: list[str] = []
    try:
        for domain in ("Page", "Runtime", "Log", "Network"):
            b.send(f"{domain}.enable", session=session)
        b.send("Emulation.setDeviceMetricsOverride",
               {"width": SCREEN[0], "height": SCREEN[1], "deviceScaleFactor": 1, "mobile": False},
               session=session)
        start = len(b.events)
        nav = b.send("Page.navigate", {"url": url}, session=session)
        if nav.get("errorText"):
            return [f"navigation failed: {nav['errorText']}"]
        try:
            b.wait_event("Page.loadEventFired", session, timeout=30)
        except TimeoutError:
            problems.append("the load event did not fire within 30 s")
        b.drain(0.5)  # late scripts, late requests, late console messages

        def evaluate(expr: str) -> Any:
            r = b.send("Runtime.evaluate", {"expression": expr, "returnByValue": True}, session=session)
            if "exceptionDetails" in r:
                raise CdpError(f"evaluating {expr!r}: {r['exceptionDetails'].get('text')}")
            return r["result"].get("value")

        state = evaluate("document.readyState")
        if state != "complete":
            problems.append(f"document.readyState is {state!r}, not 'complete'")
        heading = evaluate("(document.querySelector('h1') || {}).textContent || document.title")
        if not (heading or "").strip():
            problems.append("the page has neither an <h1> nor a <title> with text")
        svgs = evaluate(
            "Array.from(document.querySelectorAll('svg')).map(s => {"
            " const r = s.getBoundingClientRect(); return [r.width, r.height]; })"
        ) or []
        drawn = [wh for wh in svgs if wh[0] > 0 and wh[1] > 0]
        if not drawn:
            problems.append(f"no <svg> rendered with a non-zero size ({len(svgs)} <svg> elements in the DOM)")

        requests = []
        for ev in b.events[start:]:
            if ev.get("sessionId") != session:
                continue
            method, p = ev["method"], ev.get("params", {})
            if method == "Runtime.consoleAPICalled" and p.get("type") in ("error", "assert"):
                text = " ".join(str(a.get("value", a.get("description", ""))) for a in p.get("args", []))
                problems.append(f"console.{p['type']}: {text}")
            elif method == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                problems.append(f"uncaught exception: {d.get('exception', {}).get('description') or d.get('text')}")
            elif method == "Log.entryAdded" and p.get("entry", {}).get("level") == "error":
                e = p["entry"]
                problems.append(f"browser log error ({e.get('source')}): {e.get('text')} {e.get('url', '')}".rstrip())
            elif method == "Network.requestWillBeSent":
                requests.append(p.get("request", {}).get("url", ""))
        others = [u for u in requests if u != url]
        if others:
            problems.append(f"{len(others)} request(s) besides the file itself: " + ", ".join(u[:100] for u in others[:5]))
        if url not in requests:
            problems.append("no request for the file itself was seen (Network.requestWillBeSent)")

        if screenshot is not None and not problems:
            shot = b.send("Page.captureScreenshot",
                          {"format": "png", "clip": {"x": 0, "y": 0, "width": SCREEN[0], "height": SCREEN[1], "scale": 1},
                           "captureBeyondViewport": False}, session=session)
            screenshot.parent.mkdir(parents=True, exist_ok=True)
            screenshot.write_bytes(base64.b64decode(shot["data"]))
        if not problems:
            print(f"ok   {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}: "
                  f"{len(drawn)} svg drawn, 1 request, heading {heading.strip()[:60]!r}"
                  + (f"; screenshot {screenshot}" if screenshot is not None else ""))
    finally:
        b.send("Target.closeTarget", {"targetId": target})
    return problems


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--chromium", default=os.environ.get("CHROMIUM") or shutil.which("chromium")
                    or shutil.which("chromium-browser") or "/usr/bin/chromium")
    ap.add_argument("--screenshot", type=Path, default=ROOT / "docs" / "review-screenshot.png",
                    help="where to save the Sherwood Forest review's first screen")
    args = ap.parse_args()
    files = args.files or sorted(ROOT.glob("examples/*/review-2024-25.html"))
    if not files:
        print("no examples/*/review-2024-25.html to check")
        print("0 passed, 1 failed")
        return 1
    passed = failed = 0
    with tempfile.TemporaryDirectory(prefix="outcomes-chromium-") as profile:
        log = Path(profile).parent / (Path(profile).name + ".log")
        b = Browser(args.chromium, profile, log)
        try:
            b.send("Browser.getVersion", timeout=60)
            for f in files:
                shot = args.screenshot if "sherwood" in f.as_posix() else None
                try:
                    problems = check_page(b, f, shot)
                except (CdpError, TimeoutError) as e:
                    problems = [str(e)]
                if problems:
                    failed += 1
                    print(f"FAIL {f}:")
                    for p in problems:
                        print(f"     - {p}")
                else:
                    passed += 1
        except (CdpError, TimeoutError) as e:
            print(f"FAIL: could not drive {args.chromium}: {e}")
            print(log.read_text(errors="replace")[-2000:] if log.exists() else "")
            failed += 1
        finally:
            b.close()
            log.unlink(missing_ok=True)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
