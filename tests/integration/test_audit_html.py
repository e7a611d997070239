#!/usr/bin/env python3
"""`authlint audit --format html` rendered in a real browser (headless Chromium).

The report of a copy of examples/openedx-demo (which has its own
.authlint.json) is written with

    authlint audit --no-cache --format html --output TMP/audit.html

and then:

1. screenshot: `chromium --headless=new --screenshot=TMP/audit.png
   --window-size=1400,2000 file://...`; the PNG must be a 1400x2000 image of
   more than 20 KB. Its path is printed and it is copied to
   /tmp/authlint-audit.png so that a human can look at it.
2. DOM after the scripts ran (`--dump-dom`): the summary cards (9 endpoints,
   1 compliant, 12.5 %), the per-app SVG chart (a bar row per app plus the
   total), the apps table, and the endpoint table with one row per endpoint
   (every FQN of the example, its status as in `audit --format json`); the
   inline script filled in "9 of 9 endpoints".
3. DevTools protocol (--remote-debugging-port, a small stdlib WebSocket
   client below): no uncaught exception, no console error or warning, no
   browser log error, no request other than the file itself and data: URLs;
   at 1400 px nothing spills out of the cards, the chart labels, bars and
   figures do not overlap, the endpoint table needs no horizontal scrolling
   (Status is in view) and no cell overflows; filtering by text and by
   status, and sorting by clicking or pressing Enter on a header, work.

A missing Chromium is a failure, never a skip (set CHROMIUM to its path if it
is not `chromium` on PATH; Debian: `apt-get install -y chromium`).
Environment: AUTHLINT (the binary), AUTHLINT_SOURCE_ROOT (the repository).
Prints one PASS/FAIL line per check, then "N passed, N failed".
"""
import base64
import html.parser
import json
import os
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

AUTHLINT = os.environ.get("AUTHLINT", "")
SOURCE_ROOT = os.environ.get("AUTHLINT_SOURCE_ROOT", "")
EXAMPLE = os.path.join(SOURCE_ROOT, "examples", "openedx-demo")
WIDTH, HEIGHT = 1400, 2000
PNG_COPY = "/tmp/authlint-audit.png"
MIN_PNG_BYTES = 20 * 1024
RULES = ["AUTH001", "AUTH002", "AUTH003", "AUTH004", "AUTH005"]
EXAMPLE_ENDPOINTS = [
    "demo.courses.api.views.CourseListView",
    "demo.courses.api.views.CourseDetailView",
    "demo.courses.api.views.CourseBlocksView",
    "demo.courses.api.views.course_health",
    "demo.enrollments.views.EnrollmentView",
    "demo.enrollments.views.EnrollmentViewSet",
    "demo.profiles.views.ProfileView",
    "demo.profiles.views.PreferencesView",
    "demo.webhooks.views.PaymentWebhookView",
]
EXAMPLE_APPS = ["demo/courses", "demo/enrollments", "demo/profiles", "demo/webhooks"]

results = []


def check(name, ok, detail=""):
    results.append(bool(ok))
    print("%s %s" % ("PASS" if ok else "FAIL", name))
    if not ok and detail:
        for line in str(detail).rstrip().splitlines()[:40]:
            print("    " + line)


def finish():
    failed = results.count(False)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


def fail_setup(msg):
    print("FAIL setup: " + msg)
    results.append(False)
    sys.exit(finish())


def find_chromium():
    for cand in (os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        if cand and shutil.which(cand):
            return shutil.which(cand)
    fail_setup("Chromium is not installed (looked for $CHROMIUM, chromium, chromium-browser, google-chrome); "
               "install it (Debian: `apt-get install -y chromium`) or set CHROMIUM to its path. "
               "This test never skips.")


def chromium_args(chromium, profile):
    # A profile of its own per launch: no clash with another Chromium, no
    # first-run or sync traffic from a user profile.
    return [chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
            "--no-first-run", "--no-default-browser-check", "--disable-extensions",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--window-size=%d,%d" % (WIDTH, HEIGHT)]


def run_chromium(chromium, tmp, extra, timeout=90):
    profile = tempfile.mkdtemp(prefix="profile-", dir=tmp)
    proc = subprocess.Popen(chromium_args(chromium, profile) + extra, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, start_new_session=True)
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        kill_group(proc)
        out, err = proc.communicate()
        return None, out, err
    finally:
        kill_group(proc)
    return proc.returncode, out, err


def kill_group(proc):
    """Ends the Chromium this test started, and its helper processes (its own
    session, so its process group id is its pid)."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except (ProcessLookupError, PermissionError):
        return
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        proc.wait()


# --- PNG ---------------------------------------------------------------------

def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if len(head) < 24 or head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return struct.unpack(">II", head[16:24])


# --- a small DOM from html.parser ------------------------------------------------

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def find_all(self, tag=None, cls=None, id=None):
        out = []
        for c in self.children:
            if isinstance(c, str):
                continue
            if (tag is None or c.tag == tag) and (cls is None or cls in c.classes()) \
                    and (id is None or c.attrs.get("id") == id):
                out.append(c)
            out.extend(c.find_all(tag, cls, id))
        return out

    def find(self, tag=None, cls=None, id=None):
        found = self.find_all(tag, cls, id)
        return found[0] if found else None


class TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", [], None)
        self.cur = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_startendtag(self, tag, attrs):
        self.cur.children.append(Node(tag, attrs, self.cur))

    def handle_endtag(self, tag):
        n = self.cur
        while n is not None and n.tag != tag:
            n = n.parent
        if n is not None and n.parent is not None:
            self.cur = n.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse_html(text):
    b = TreeBuilder()
    b.feed(text)
    b.close()
    return b.root


def squash(s):
    return " ".join(s.split())


# --- Chrome DevTools protocol over a minimal WebSocket client ----------------------

class WebSocket:
    """Just enough of RFC 6455 for the DevTools protocol: text frames,
    client-side masking, fragmented messages, ping/pong, close."""

    def __init__(self, url, timeout=30):
        u = urllib.parse.urlsplit(url)
        self.sock = socket.create_connection((u.hostname, u.port), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: %s\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
                           % (u.path or "/", u.netloc, key)).encode())
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.sock.recv(4096)
            if not chunk:
                raise IOError("WebSocket handshake: connection closed")
            data += chunk
        head, self.buf = data.split(b"\r\n\r\n", 1)
        if head.split(b"\r\n")[0].split(b" ")[1:2] != [b"101"]:
            raise IOError("WebSocket handshake refused: %r" % head[:200])

    def _read(self, n):
        while len(self.buf) < n:
            chunk = self.sock.recv(1 << 16)
            if not chunk:
                raise IOError("WebSocket closed by the browser")
            self.buf += chunk
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def _send(self, opcode, data):
        n = len(data)
        if n < 126:
            head = struct.pack(">BB", 0x80 | opcode, 0x80 | n)
        elif n < 1 << 16:
            head = struct.pack(">BBH", 0x80 | opcode, 0x80 | 126, n)
        else:
            head = struct.pack(">BBQ", 0x80 | opcode, 0x80 | 127, n)
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i & 3] for i, b in enumerate(data))
        self.sock.sendall(head + mask + masked)

    def send(self, text):
        self._send(0x1, text.encode("utf-8"))

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._read(2)
            n = b1 & 0x7F
            if n == 126:
                n = struct.unpack(">H", self._read(2))[0]
            elif n == 127:
                n = struct.unpack(">Q", self._read(8))[0]
            mask = self._read(4) if b1 & 0x80 else None
            payload = self._read(n)
            if mask:
                payload = bytes(b ^ mask[i & 3] for i, b in enumerate(payload))
            opcode = b0 & 0x0F
            if opcode == 0x8:
                raise IOError("WebSocket closed by the browser")
            if opcode == 0x9:
                self._send(0xA, payload)
                continue
            if opcode == 0xA:
                continue
            message += payload
            if b0 & 0x80:
                return message.decode("utf-8")

    def close(self):
        try:
            self._send(0x8, b"")
        except OSError:
            pass
        self.sock.close()


class DevTools:
    """One page of a headless Chromium driven over the DevTools protocol;
    every event is kept in self.events."""

    def __init__(self, chromium, tmp):
        self.profile = tempfile.mkdtemp(prefix="profile-", dir=tmp)
        self.proc = subprocess.Popen(chromium_args(chromium, self.profile)
                                     + ["--remote-debugging-port=0", "about:blank"],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        self.ws = None
        self.next_id = 0
        self.events = []
        port_file = os.path.join(self.profile, "DevToolsActivePort")
        deadline = time.time() + 60
        port = None
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise IOError("Chromium exited with %s: %s" % (self.proc.returncode,
                                                               self.proc.stderr.read().decode("utf-8", "replace")[-2000:]))
            try:
                lines = open(port_file).read().split()
                if len(lines) >= 2:
                    port = int(lines[0])
                    break
            except (OSError, ValueError):
                pass
            time.sleep(0.05)
        if not port:
            raise IOError("Chromium did not open its DevTools port within 60 s")
        page = None
        while time.time() < deadline and not page:
            try:
                targets = json.load(urllib.request.urlopen("http://127.0.0.1:%d/json/list" % port, timeout=10))
                page = next((t for t in targets if t.get("type") == "page"), None)
            except OSError:
                pass
            if not page:
                time.sleep(0.1)
        if not page:
            raise IOError("no page target in Chromium")
        self.ws = WebSocket(page["webSocketDebuggerUrl"])

    def call(self, method, **params):
        self.next_id += 1
        mid = self.next_id
        self.ws.send(json.dumps({"id": mid, "method": method, "params": params}))
        while True:
            msg = json.loads(self.ws.recv())
            if msg.get("id") == mid:
                if "error" in msg:
                    raise IOError("%s: %s" % (method, msg["error"]))
                return msg.get("result", {})
            if "method" in msg:
                self.events.append(msg)

    def wait_event(self, method, timeout=30):
        for e in self.events:
            if e["method"] == method:
                return e
        self.ws.sock.settimeout(timeout)
        deadline = time.time() + timeout
        while time.time() < deadline:
            msg = json.loads(self.ws.recv())
            if "method" in msg:
                self.events.append(msg)
                if msg["method"] == method:
                    return msg
        raise IOError("no %s within %d s" % (method, timeout))

    def drain(self, seconds):
        """Collects the events that arrive in the next `seconds`."""
        deadline = time.time() + seconds
        while True:
            left = deadline - time.time()
            if left <= 0:
                return
            self.ws.sock.settimeout(left)
            try:
                msg = json.loads(self.ws.recv())
            except socket.timeout:
                return
            if "method" in msg:
                self.events.append(msg)

    def eval(self, expression):
        r = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in r:
            raise IOError("evaluate failed: %s" % json.dumps(r["exceptionDetails"])[:1000])
        return r.get("result", {}).get("value")

    def close(self):
        if self.ws:
            self.ws.sock.settimeout(5)
            try:
                self.call("Browser.close")
            except (OSError, ValueError):
                pass
            self.ws.close()
        kill_group(self.proc)


# --- the checks ----------------------------------------------------------------

def test_static(page_text):
    lower = page_text.lower()
    external = [tok for tok in ("<link rel=\"stylesheet\"", " src=", "@import", "url(http", "http://")
                if tok in lower]
    links = [l for l in lower.split("href=\"")[1:] if not l.startswith(("https://github.com/authlint/authlint/blob/main/docs/rules/", "data:", "#"))]
    check("html: one self-contained file (no external stylesheet, script, image or font; only rule-doc links)",
          page_text.startswith("<!DOCTYPE html>") and not external and not links,
          "external: %s, other links: %s" % (external, [l[:80] for l in links]))


def test_screenshot(chromium, tmp, url):
    png = os.path.join(tmp, "audit.png")
    rc, out, err = run_chromium(chromium, tmp, ["--screenshot=" + png, url])
    ok = os.path.exists(png)
    size = os.path.getsize(png) if ok else 0
    dims = png_size(png) if ok else None
    if ok:
        try:
            shutil.copyfile(png, PNG_COPY)
        except OSError as e:
            print("note: cannot copy the screenshot to %s: %s" % (PNG_COPY, e))
    print("screenshot: %s (%d bytes; the temporary copy %s is removed when every check passes)"
          % (PNG_COPY, size, png))
    check("screenshot: Chromium wrote a %dx%d PNG larger than %d KB" % (WIDTH, HEIGHT, MIN_PNG_BYTES // 1024),
          rc == 0 and ok and dims == (WIDTH, HEIGHT) and size > MIN_PNG_BYTES,
          "exit %s, exists %s, size %d, dimensions %s\n%s" % (rc, ok, size, dims,
                                                              (err or b"").decode("utf-8", "replace")[-1500:]))


def card_values(dom):
    out = {}
    for card in dom.find_all("div", cls="card"):
        label, value = card.find("div", cls="label"), card.find("div", cls="value")
        if label is not None and value is not None:
            out[squash(label.text()).lower()] = squash(value.text())
    return out


def test_dom(chromium, tmp, url, audit_doc):
    rc, out, err = run_chromium(chromium, tmp, ["--dump-dom", url])
    text = (out or b"").decode("utf-8", "replace")
    check("dump-dom: Chromium printed the DOM", rc == 0 and "</html>" in text,
          "exit %s\n%s" % (rc, (err or b"").decode("utf-8", "replace")[-1500:]))
    dom = parse_html(text)
    summary = audit_doc["summary"]

    cards = card_values(dom)
    want = {"endpoints": "9", "compliant": "1", "non-compliant": "7", "excluded": "1", "unresolved": "0",
            "% compliant": "12.5%", "auth003": "5"}
    got = {k: cards.get(k) for k in want}
    check("summary cards: 9 endpoints, 1 compliant, 7 non-compliant, 1 excluded, 12.5% (AUTH003: 5)",
          got == want and summary["endpoints"] == 9 and summary["compliant"] == 1,
          "got %s\nall cards %s" % (got, cards))
    sub = next((squash(c.find("div", cls="sub").text()) for c in dom.find_all("div", cls="card")
                if c.find("div", cls="label") is not None and c.find("div", cls="sub") is not None
                and squash(c.find("div", cls="label").text()) == "% compliant"), "")
    check("summary: '1 of 8 endpoints in scope'", sub == "1 of 8 endpoints in scope", sub)

    svg = dom.find("svg", cls="chart")
    groups = svg.find_all("g") if svg else []
    labels = [squash(g.find("text").text()) for g in groups if g.find("text") is not None]
    figures = [squash(g.find_all("text")[-1].text()) for g in groups if g.find_all("text")]
    tracks = [g for g in groups if g.find("rect", cls="track") is not None]
    want_figs = ["12.5%"] + ["n/a" if a["percent_compliant"] is None else "%.1f%%" % a["percent_compliant"]
                             for a in audit_doc["apps"]]
    check("per-app chart: an inline <svg> with a bar row for all apps and each app",
          svg is not None and labels == ["All apps"] + EXAMPLE_APPS and len(tracks) == len(groups)
          and figures == want_figs, "labels %s\nfigures %s (want %s)" % (labels, figures, want_figs))

    apps = dom.find("table", cls="apps")
    body = apps.find("tbody") if apps is not None else None
    app_rows = []
    for tr in (body.find_all("tr") if body is not None else []):
        cells = [c for c in tr.children if not isinstance(c, str)]
        app_rows.append([squash(c.text()) for c in cells])
    want_rows = [[a["app"], str(a["endpoints"]), str(a["compliant"])] for a in audit_doc["apps"]]
    check("apps table: one row per app with its figures, then the total",
          [r[:3] for r in app_rows] == want_rows + [["All apps", "9", "1"]]
          and [r[0] for r in app_rows[:-1]] == EXAMPLE_APPS, app_rows)

    table = dom.find("table", id="endpoints")
    rows = table.find("tbody").find_all("tr") if table is not None else []
    names = [squash(r.find("td").find("code").text()) for r in rows if r.find("td") and r.find("td").find("code")]
    check("endpoint table: 9 rows, one per endpoint FQN of the example",
          len(rows) == 9 and names == EXAMPLE_ENDPOINTS, "%d rows: %s" % (len(rows), names))
    want_status = [e["status"] for e in audit_doc["endpoints"]]
    got_status = [r.attrs.get("data-status") for r in rows]
    heads = [squash(th.text()) for th in table.find("thead").find_all("th")] if table is not None else []
    at = heads.index("Status") if "Status" in heads else -1
    pills = [squash(r.find_all("td")[at].text()) if at >= 0 and len(r.find_all("td")) == len(heads) else None
             for r in rows]
    check("endpoint table: each row's status as in audit --format json",
          got_status == want_status and pills == want_status, "got %s / %s\nwant %s" % (got_status, pills,
                                                                                       want_status))
    row_text = {n: squash(r.text()) for n, r in zip(names, rows)}
    listing = row_text.get("demo.courses.api.views.CourseListView", "")
    check("endpoint table: location, classes, source and target are shown",
          "demo/courses/api/views.py:13" in listing and "BearerAuthenticationAllowInactiveUser" in listing
          and "(JwtAuthentication, SessionAuthenticationAllowInactiveUser)" in listing
          and "inherited from demo.enrollments.views.LegacyAuthMixin"
          in row_text.get("demo.enrollments.views.EnrollmentView", "")
          and "webhook endpoints authenticate by signature"
          in row_text.get("demo.webhooks.views.PaymentWebhookView", ""), listing)
    count = dom.find(id="count")
    check("the inline script ran: '9 of 9 endpoints'",
          count is not None and squash(count.text()) == "9 of 9 endpoints", count and count.text())


LAYOUT_JS = r"""
(function () {
  function r(el) { var b = el.getBoundingClientRect(); return {l: b.left, r: b.right, t: b.top, b: b.bottom}; }
  function overlap(a, b) { return a.l < b.r - 0.5 && b.l < a.r - 0.5 && a.t < b.b - 0.5 && b.t < a.b - 0.5; }
  var out = {problems: [], width: window.innerWidth};
  document.querySelectorAll('.card').forEach(function (c) {
    if (c.scrollWidth > c.clientWidth + 1 || c.scrollHeight > c.clientHeight + 1)
      out.problems.push('card spills over: ' + c.textContent.trim().slice(0, 60));
  });
  var boxes = [];
  document.querySelectorAll('svg.chart g').forEach(function (g, i) {
    var texts = g.querySelectorAll('text'), track = g.querySelector('rect.track');
    var label = r(texts[0]), figure = r(texts[texts.length - 1]), bar = r(track);
    if (label.r > bar.l + 0.5) out.problems.push('chart row ' + i + ': label runs into the bar');
    if (figure.l < bar.r - 0.5) out.problems.push('chart row ' + i + ': figure runs into the bar');
    if (label.l < r(g.ownerSVGElement).l - 0.5) out.problems.push('chart row ' + i + ': label cut off on the left');
    if (figure.r > r(g.ownerSVGElement).r + 0.5) out.problems.push('chart row ' + i + ': figure cut off on the right');
    if (label.b - label.t < 9) out.problems.push('chart row ' + i + ': text smaller than 9 px');
    boxes.push(label, figure, bar);
  });
  for (var i = 0; i < boxes.length; i++)
    for (var j = i + 1; j < boxes.length; j++)
      if (Math.floor(i / 3) !== Math.floor(j / 3) && overlap(boxes[i], boxes[j]))
        out.problems.push('chart rows ' + Math.floor(i / 3) + ' and ' + Math.floor(j / 3) + ' overlap');
  out.chart_rows = boxes.length / 3;
  var scroll = document.querySelector('.scroll');
  out.table = {scrollWidth: scroll.scrollWidth, clientWidth: scroll.clientWidth};
  if (scroll.scrollWidth > scroll.clientWidth + 1)
    out.problems.push('endpoint table scrolls sideways: ' + scroll.scrollWidth + ' px in ' + scroll.clientWidth);
  var heads = document.querySelectorAll('#endpoints thead th'), sr = r(scroll);
  heads.forEach(function (h) {
    if (r(h).r > sr.r + 1) out.problems.push('column "' + h.textContent.trim() + '" is out of view');
  });
  document.querySelectorAll('#endpoints td, table.apps td, table.apps th').forEach(function (c) {
    if (c.scrollWidth > c.clientWidth + 1)
      out.problems.push('cell overflows: ' + c.textContent.trim().slice(0, 60));
  });
  document.querySelectorAll('#endpoints tbody tr').forEach(function (tr) {
    var cells = tr.cells;
    for (var k = 0; k + 1 < cells.length; k++)
      if (r(cells[k]).r > r(cells[k + 1]).l + 1) out.problems.push('cells overlap in ' + tr.cells[0].textContent);
  });
  var header = r(document.querySelector('header.top')), main = r(document.querySelector('main'));
  if (header.b > main.t + 0.5) out.problems.push('page header overlaps the content');
  return out;
})()
"""

INTERACT_JS = r"""
(function () {
  var q = document.getElementById('filter'), st = document.getElementById('status');
  var count = document.getElementById('count'), body = document.querySelector('#endpoints tbody');
  function visible() {
    return Array.prototype.filter.call(body.rows, function (r) { return !r.hidden && r.offsetHeight > 0; })
      .map(function (r) { return r.cells[0].querySelector('code').textContent; });
  }
  function first() { return body.rows[0].cells[0].querySelector('code').textContent; }
  var out = {};
  q.value = 'Bearer'; q.dispatchEvent(new Event('input'));
  out.filter_text = {count: count.textContent, rows: visible()};
  q.value = ''; q.dispatchEvent(new Event('input'));
  st.value = 'compliant'; st.dispatchEvent(new Event('change'));
  out.filter_status = {count: count.textContent, rows: visible()};
  st.value = ''; st.dispatchEvent(new Event('change'));
  out.reset = count.textContent;
  var heads = document.querySelectorAll('#endpoints thead th');
  var status = Array.prototype.filter.call(heads, function (h) { return h.textContent.trim() === 'Status'; })[0];
  status.click();
  out.status_asc = {first: first(), sort: status.getAttribute('aria-sort')};
  status.click();
  out.status_desc = {first: first(), sort: status.getAttribute('aria-sort')};
  heads[0].focus();
  heads[0].dispatchEvent(new KeyboardEvent('keydown', {key: 'Enter', bubbles: true}));
  out.name_enter = {first: first(), focused: document.activeElement === heads[0],
                    sort: heads[0].getAttribute('aria-sort'), status_sort: status.getAttribute('aria-sort')};
  return out;
})()
"""


def test_devtools(chromium, tmp, url):
    try:
        dt = DevTools(chromium, tmp)
    except (OSError, ValueError) as e:
        check("DevTools: Chromium started with a debugging port", False, e)
        return
    try:
        dt.call("Runtime.enable")
        dt.call("Log.enable")
        dt.call("Network.enable")
        dt.call("Page.enable")
        dt.call("Page.navigate", url=url)
        dt.wait_event("Page.loadEventFired")
        dt.drain(1.0)

        errors = []
        for e in dt.events:
            m, p = e["method"], e.get("params", {})
            if m == "Runtime.exceptionThrown":
                d = p.get("exceptionDetails", {})
                errors.append("uncaught: %s %s" % (d.get("text"), d.get("exception", {}).get("description", "")))
            elif m == "Runtime.consoleAPICalled" and p.get("type") in ("error", "warning", "assert"):
                errors.append("console.%s: %s" % (p["type"], " ".join(str(a.get("value", a.get("description")))
                                                                       for a in p.get("args", []))))
            elif m == "Log.entryAdded" and p.get("entry", {}).get("level") in ("error", "warning"):
                errors.append("log %s: %s %s" % (p["entry"]["level"], p["entry"].get("text"),
                                                 p["entry"].get("url", "")))
        check("no uncaught exception, console error/warning or browser log error", not errors, "\n".join(errors))

        requests = [e["params"]["request"]["url"] for e in dt.events if e["method"] == "Network.requestWillBeSent"]
        foreign = [u for u in requests if u != url and not u.startswith("data:")]
        check("no request besides the file itself (no network)", url in requests and not foreign,
              "requests: %s" % requests)

        layout = dt.eval(LAYOUT_JS)
        check("layout at %d px: cards, chart and tables fit, nothing overlaps, Status column in view" % WIDTH,
              layout and not layout["problems"] and layout["chart_rows"] == 1 + len(EXAMPLE_APPS),
              json.dumps(layout, indent=1))

        got = dt.eval(INTERACT_JS)
        bearer = ["demo.courses.api.views.CourseListView", "demo.courses.api.views.CourseDetailView",
                  "demo.courses.api.views.CourseBlocksView", "demo.enrollments.views.EnrollmentView",
                  "demo.enrollments.views.EnrollmentViewSet"]
        check("filter by text 'Bearer': 5 of 9 endpoints",
              got["filter_text"] == {"count": "5 of 9 endpoints", "rows": bearer}, got["filter_text"])
        check("filter by status 'compliant': course_health only",
              got["filter_status"] == {"count": "1 of 9 endpoints",
                                       "rows": ["demo.courses.api.views.course_health"]}
              and got["reset"] == "9 of 9 endpoints", got)
        check("sort by clicking Status: non-compliant first, then excluded first",
              got["status_asc"] == {"first": "demo.courses.api.views.CourseListView", "sort": "ascending"}
              and got["status_desc"] == {"first": "demo.webhooks.views.PaymentWebhookView", "sort": "descending"},
              got)
        check("sort by Enter on the focused Endpoint header: by name",
              got["name_enter"] == {"first": "demo.courses.api.views.CourseBlocksView", "focused": True,
                                    "sort": "ascending", "status_sort": None}, got["name_enter"])
        dt.drain(0.3)
        late = [e for e in dt.events if e["method"] == "Runtime.exceptionThrown"]
        check("no exception while filtering and sorting", not late, late)
    except (OSError, ValueError, KeyError, TypeError) as e:
        check("DevTools session", False, "%s: %s" % (type(e).__name__, e))
    finally:
        dt.close()


def main():
    if not AUTHLINT or not SOURCE_ROOT:
        fail_setup("AUTHLINT and AUTHLINT_SOURCE_ROOT must be set")
    chromium = find_chromium()
    tmp = tempfile.mkdtemp(prefix="authlint-audit-html-")
    keep = False
    try:
        root = os.path.join(tmp, "openedx-demo")
        shutil.copytree(EXAMPLE, root)
        page = os.path.join(tmp, "audit.html")
        res = subprocess.run([AUTHLINT, "audit", "--no-cache", "--format", "html", "--output", page],
                             cwd=root, capture_output=True, timeout=120)
        check("audit --format html --output: exit 0, file written, nothing on stdout",
              res.returncode == 0 and os.path.exists(page) and res.stdout == b"",
              "exit %d: %s" % (res.returncode, res.stderr.decode("utf-8", "replace")))
        if not os.path.exists(page):
            return finish()
        jres = subprocess.run([AUTHLINT, "audit", "--no-cache", "--format", "json"], cwd=root,
                              capture_output=True, timeout=120)
        try:
            audit_doc = json.loads(jres.stdout)["audit"]
        except (ValueError, KeyError) as e:
            check("audit --format json for the expected statuses", False, e)
            return finish()
        url = "file://" + urllib.parse.quote(page)
        test_static(open(page, encoding="utf-8").read())
        test_screenshot(chromium, tmp, url)
        test_dom(chromium, tmp, url, audit_doc)
        test_devtools(chromium, tmp, url)
        keep = results.count(False) > 0
    finally:
        if keep:
            print("kept for inspection: %s" % tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return finish()


if __name__ == "__main__":
    sys.exit(main())
