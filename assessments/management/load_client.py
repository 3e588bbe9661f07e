"""A small, bounded load client for `benchmark_load`: threads, `http.client`, a cookie per client.

It only ever speaks to 127.0.0.1. Every loop is bounded twice: by a deadline and by a request count.
"""

import http.client
import random
import threading
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode

HOST = "127.0.0.1"  # never anywhere else
REQUEST_TIMEOUT = 30  # seconds, per request
MAX_REQUESTS_PER_SECOND = 200  # per client: a bound on every loop beside its deadline
HTML_PAGES = ("dashboard", "overview", "standard", "check")
BASELINE = "baseline"
DOWNLOADS = ("pdf_download", "ready_download")
FOLLOW_SECONDS = 1  # an editor asks again for their plan each second (the "preparing" page itself: every 5 s)
FOLLOW_TRIES = 30


@dataclass
class Sample:
    page: str
    ms: float
    status: int  # 0: no answer (connection error or timeout)
    ok: bool
    pdf: bool = False


@dataclass
class Recorder:
    samples: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, sample: Sample) -> None:
        with self.lock:
            self.samples.append(sample)


def request(port, method, path, *, cookies=None, body=None, timeout=REQUEST_TIMEOUT):
    """(status, headers, body bytes, ms); status 0 when the server did not answer."""
    headers = {"Host": f"{HOST}:{port}", "Connection": "close"}
    if cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    if body is not None:
        headers["Content-Type"] = "application/x-www-form-urlencoded"
    start = time.perf_counter()
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        status, answer_headers = response.status, response.getheaders()
    except (OSError, http.client.HTTPException):
        status, answer_headers, data = 0, [], b""
    finally:
        conn.close()
    ms = (time.perf_counter() - start) * 1000
    if cookies is not None:  # keep what the server sets (the CSRF cookie, a rotated session)
        for name, value in answer_headers:
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                cookies[key.strip()] = rest.split(";", 1)[0]
    return status, {k.lower(): v for k, v in answer_headers}, data, ms


def wait_until_up(port, path, seconds):
    """True once `path` answers 200 within `seconds`."""
    deadline = time.monotonic() + seconds
    for _ in range(seconds * 5):
        if time.monotonic() > deadline:
            break
        if request(port, "GET", path, timeout=5)[0] == 200:
            return True
        time.sleep(0.2)
    return False


class FormParser(HTMLParser):
    """The fields of the page's form that carries `lock_version` (the standard page's answer form)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms, self._form, self._textarea, self._select = [], None, None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "fields": []}
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("radio", "checkbox"):
                self._form["fields"].append((a["name"], a.get("value", "on"), kind, "checked" in a))
            else:
                self._form["fields"].append((a["name"], a.get("value", ""), kind, True))
        elif tag == "textarea" and a.get("name"):
            self._textarea = [a["name"], ""]
        elif tag == "select" and a.get("name"):
            self._select = [a["name"], None, None]
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select[2] is None:
                self._select[2] = value
            if "selected" in a:
                self._select[1] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None and self._form is not None:
            self._form["fields"].append((self._textarea[0], self._textarea[1].lstrip("\n"), "textarea", True))
            self._textarea = None
        elif tag == "select" and self._select is not None and self._form is not None:
            name, selected, first = self._select
            self._form["fields"].append((name, selected if selected is not None else first or "", "select", True))
            self._select = None


def answer_form(html: str, evidence: str):
    """(action, urlencoded body) that saves the answer with new evidence and stays on the page, or None."""
    parser = FormParser()
    parser.feed(html)
    form = next((f for f in parser.forms if any(name == "lock_version" for name, *_ in f["fields"])), None)
    if form is None:
        return None
    data, radios = [], {}
    for name, value, kind, on in form["fields"]:
        if kind == "radio":
            radios.setdefault(name, [])
            radios[name].append((value, on))
        elif kind == "checkbox":
            if on:
                data.append((name, value))
        else:
            data.append((name, evidence if name == "evidence" else value))
    for name, options in radios.items():
        chosen = next((v for v, on in options if on), None)
        if chosen is None:  # not answered yet: the first real rating (not "not applicable")
            chosen = next((v for v, _ in options if v != "na"), options[0][0])
        data.append((name, chosen))
    data.append(("stay", "1"))
    return form["action"], urlencode(data)


class Client(threading.Thread):
    """One signed-in person's loop: pages (or edits and downloads) until the deadline or the request bound."""

    def __init__(self, *, port, recorder, deadline, think_ms, plan, role, seed):
        super().__init__(daemon=True)
        self.port, self.recorder, self.deadline, self.think_ms = port, recorder, deadline, think_ms
        self.cookies, self.plan, self.role = dict(plan["session"]), plan, role
        self.random = random.Random(seed)
        self.max_requests = max(1, int((deadline - time.monotonic()) * MAX_REQUESTS_PER_SECOND))
        self.count = 0

    def _more(self):
        return time.monotonic() < self.deadline and self.count < self.max_requests

    def _think(self):
        if self.think_ms > 0:
            pause = self.think_ms * self.random.uniform(0.5, 1.5) / 1000
            time.sleep(max(0.0, min(pause, self.deadline - time.monotonic())))

    def _get(self, page, path, *, anonymous=False):
        self.count += 1
        status, headers, body, ms = request(self.port, "GET", path, cookies=None if anonymous else self.cookies)
        pdf = headers.get("content-type", "").startswith("application/pdf")
        # A download answers with the file or with the "preparing" page (200 or 202): both are served.
        ok = 200 <= status < 300 if page in DOWNLOADS else status == 200
        self.recorder.add(Sample(page, ms, status, ok, pdf))
        return status, body, pdf

    def run(self):
        step = 0
        while self._more():
            step += 1
            getattr(self, f"_{self.role}")(step)

    def _html(self, step):
        plan = self.plan
        # The baseline first, so that even a short phase on a busy machine measures it.
        for page in (BASELINE, *HTML_PAGES):
            if not self._more():
                return
            if page == BASELINE:
                self._get(page, plan["baseline"], anonymous=True)
            elif page == "standard":
                self._get(page, plan["standard"].format(code=self.random.choice(plan["codes"])))
            else:
                self._get(page, plan[page])
            self._think()

    def _ready(self, step):
        self._get("ready_download", self.plan["pdf"])
        self._think()

    def _editor(self, step):
        plan = self.plan
        code = plan["codes"][step % len(plan["codes"])]
        status, body, _ = self._get("edit_page", plan["standard"].format(code=code))
        form = answer_form(body.decode("utf-8", "replace"), f"Evidence from the load benchmark, edit {step}.")
        if status == 200 and form is not None and self._more():
            action, data = form
            self.count += 1
            path = action or plan["standard"].format(code=code)
            answer, _, _, ms = request(self.port, "POST", path, cookies=self.cookies, body=data)
            # 302: saved. 200: the form again (a refused save), not a server failure.
            self.recorder.add(Sample("edit_save", ms, answer, answer in (200, 302)))
        saved, pdf = time.perf_counter(), False
        for _ in range(FOLLOW_TRIES):  # as a person on the "preparing" page does, until the file comes
            if not self._more():
                return
            status, _, pdf = self._get("pdf_download", plan["pdf"])
            if pdf or status != 202:  # the file, or anything but "preparing" (a failed render says so)
                break
            time.sleep(max(0.0, min(FOLLOW_SECONDS, self.deadline - time.monotonic())))
        if pdf:
            self.recorder.add(Sample("plan_ready_after_edit", (time.perf_counter() - saved) * 1000, 200, True, True))
        self._think()


# The figures a run reports, from its samples.


def percentile(values, q):
    """Nearest-rank percentile (q in 0..100) of a list of numbers, or None for an empty list."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil
    return round(ordered[int(rank) - 1], 1)


def figures(samples):
    times = [s.ms for s in samples]
    return {
        "count": len(samples),
        "p50_ms": percentile(times, 50),
        "p95_ms": percentile(times, 95),
        "p99_ms": percentile(times, 99),
        "errors": sum(1 for s in samples if not s.ok),
        "server_errors": sum(1 for s in samples if s.status >= 500),
        "no_answer": sum(1 for s in samples if s.status == 0),
        "statuses": {
            str(code): sum(1 for s in samples if s.status == code) for code in sorted({s.status for s in samples})
        },
    }
