#!/usr/bin/env python3
"""Screenshots of the Tollgate dashboard in headless Chromium, driven over the Chrome
DevTools Protocol with nothing but the standard library.

A browser cannot be handed a cookie on its command line, so this signs in the way a
person does (the login form's pending session and CSRF token, then the token), gives the
session cookie to Chromium through CDP's Network.setCookie, and then only navigates and
captures. The API token is read from a file and never printed.

Usage: dashboard_screenshots.py BASE_URL TOKEN_FILE OUT_DIR NAME=PATH...

A NAME of `triage` does not just capture PATH (a finding page): it fills in that page's
false-positive form and submits it as a person would (so the browser adds its own Origin
and Sec-Fetch-Site headers), checks that the decision shows, and captures the result.
"""

import base64
import http.client
import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse

WIDTH, HEIGHT = 1400, 1000


def sign_in(base, token):
    """The session id, after the login form and its POST."""
    u = urllib.parse.urlsplit(base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    conn.request("GET", "/ui/login")
    r = conn.getresponse()
    page = r.read().decode()
    pending = re.search(r"tollgate_session=([0-9a-f]{64})", r.getheader("Set-Cookie") or "")
    csrf = re.search(r'name="csrf" value="([0-9a-f]{64})"', page)
    if not pending or not csrf:
        sys.exit("screenshots: the login form gave no session or CSRF token")
    body = urllib.parse.urlencode({"csrf": csrf.group(1), "token": token})
    conn.request(
        "POST",
        "/ui/login",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "tollgate_session=" + pending.group(1),
            "Origin": base,
        },
    )
    r = conn.getresponse()
    r.read()
    session = re.search(r"tollgate_session=([0-9a-f]{64})", r.getheader("Set-Cookie") or "")
    if r.status != 303 or not session:
        sys.exit(f"screenshots: sign-in failed (HTTP {r.status})")
    return session.group(1)


class WebSocket:
    """A minimal RFC 6455 client: text frames out (masked), frames in, pings answered."""

    def __init__(self, url):
        u = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=60)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(
            (
                f"GET {u.path} HTTP/1.1\r\nHost: {u.hostname}:{u.port}\r\n"
                "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n"
            ).encode()
        )
        head = b""
        while b"\r\n\r\n" not in head:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise RuntimeError("websocket: closed during the handshake")
            head += chunk
        head, self.buf = head.split(b"\r\n\r\n", 1)
        if b" 101 " not in head.split(b"\r\n", 1)[0]:
            raise RuntimeError("websocket: upgrade refused")

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 20)
            if not chunk:
                raise RuntimeError("websocket: closed")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _send(self, opcode, payload):
        head = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            head += bytes([0x80 | n])
        elif n < 1 << 16:
            head += bytes([0x80 | 126]) + struct.pack(">H", n)
        else:
            head += bytes([0x80 | 127]) + struct.pack(">Q", n)
        mask = os.urandom(4)
        body = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        self.sock.sendall(head + mask + body)

    def send(self, text):
        self._send(0x1, text.encode())

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            opcode, n = b0 & 0x0F, b1 & 0x7F
            if n == 126:
                (n,) = struct.unpack(">H", self._read(2))
            elif n == 127:
                (n,) = struct.unpack(">Q", self._read(8))
            mask = self._read(4) if b1 & 0x80 else None
            data = self._read(n)
            if mask:
                data = bytes(b ^ mask[i % 4] for i, b in enumerate(data))
            if opcode == 0x8:
                raise RuntimeError("websocket: closed by the browser")
            if opcode == 0x9:
                self._send(0xA, data)
                continue
            if opcode in (0x0, 0x1, 0x2):
                message += data
                if b0 & 0x80:
                    return message.decode()


class Browser:
    """Headless Chromium with one page, spoken to over CDP's flat sessions."""

    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="tollgate-chromium-")
        args = [
            shutil.which("chromium") or "chromium",
            "--headless",
            "--disable-gpu",
            "--no-first-run",
            "--no-default-browser-check",
            "--hide-scrollbars",
            f"--window-size={WIDTH},{HEIGHT}",
            "--remote-debugging-port=0",
            f"--user-data-dir={self.profile}",
            "about:blank",
        ]
        if os.geteuid() == 0:
            # Chromium refuses to run as root with its sandbox.
            args.insert(1, "--no-sandbox")
        self.proc = subprocess.Popen(args, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        url = None
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stderr.readline()
            if not line:
                break
            m = re.search(r"DevTools listening on (ws://\S+)", line)
            if m:
                url = m.group(1)
                break
        if not url:
            self.close()
            sys.exit("screenshots: Chromium did not start (scripts/setup.sh --browser installs it)")
        self.ws = WebSocket(url)
        self.next_id = 0
        self.session = None
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]
        self.call("Page.enable")
        self.call("Network.enable")
        self.call(
            "Emulation.setDeviceMetricsOverride",
            {"width": WIDTH, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": False},
        )

    def call(self, method, params=None, wait_event=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if self.session:
            msg["sessionId"] = self.session
        self.ws.send(json.dumps(msg))
        result, seen = None, wait_event is None
        while result is None or not seen:
            m = json.loads(self.ws.recv())
            if m.get("id") == self.next_id:
                if "error" in m:
                    raise RuntimeError(f"{method}: {m['error'].get('message')}")
                result = m.get("result", {})
            elif wait_event and m.get("method") == wait_event:
                seen = True
        return result

    def shoot(self, url, path, full):
        self.call("Page.navigate", {"url": url}, wait_event="Page.loadEventFired")
        self.shoot_current(path, full)

    def shoot_current(self, path, full=True):
        params = {"format": "png"}
        if full:
            size = self.call("Page.getLayoutMetrics")["cssContentSize"]
            params["captureBeyondViewport"] = True
            params["clip"] = {"x": 0, "y": 0, "width": WIDTH, "height": max(HEIGHT, size["height"]), "scale": 1}
        data = self.call("Page.captureScreenshot", params)["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))

    def evaluate(self, expression, wait_event=None):
        r = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True}, wait_event)
        return r.get("result", {}).get("value")

    def close(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


REASON = "Checked in the browser: fixture data, not a credential"


def triage_in_browser(browser, url, png):
    browser.call("Page.navigate", {"url": url}, wait_event="Page.loadEventFired")
    has_form = browser.evaluate(
        "!!document.querySelector('form input[name=action][value=false_positive]')"
    )
    if not has_form:
        sys.exit("screenshots: the finding page has no false-positive form")
    # The page itself runs no script; DevTools fills in the form and submits it as a
    # person's click would, and the browser then navigates to the answer.
    browser.evaluate(
        "(() => { const f = document.querySelector('form input[name=action][value=false_positive]').form;"
        f" f.querySelector('textarea[name=reason]').value = {json.dumps(REASON)};"
        " f.requestSubmit(); return true; })()",
        wait_event="Page.loadEventFired",
    )
    text = browser.evaluate("document.body.innerText") or ""
    if REASON not in text or "false positive" not in text:
        sys.exit("screenshots: triage through the browser did not land:\n" + text[:2000])
    browser.shoot_current(png)
    print("screenshots: triage through the browser's own form post: ok")


def main():
    if len(sys.argv) < 5:
        sys.exit(__doc__)
    base, token_file, out = sys.argv[1].rstrip("/"), sys.argv[2], sys.argv[3]
    shots = [a.split("=", 1) for a in sys.argv[4:]]
    with open(token_file) as f:
        token = f.read().strip()
    os.makedirs(out, exist_ok=True)
    browser = Browser()
    try:
        # The login page first, while the browser holds no session.
        browser.shoot(base + "/ui/login", os.path.join(out, "login.png"), False)
        session = sign_in(base, token)
        browser.call(
            "Network.setCookie",
            {"name": "tollgate_session", "value": session, "url": base + "/", "httpOnly": True, "sameSite": "Strict"},
        )
        for name, path in shots:
            if name == "triage":
                triage_in_browser(browser, base + path, os.path.join(out, "finding-after-triage-full.png"))
                continue
            full = name.endswith("-full")
            browser.shoot(base + path, os.path.join(out, name + ".png"), full)
            print(f"screenshots: {name}.png  {path}")
    finally:
        browser.close()


if __name__ == "__main__":
    main()
