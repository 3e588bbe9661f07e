"""Do pages stay fast while people download action plans? A load benchmark (not a test).

`python manage.py benchmark_load [--seconds 60] [--users 20] [--workers 5] [--think-ms 500] [--rounds 3] [--json]`
re-runs itself in a subprocess on a throw-away SQLite file (WAL journal), builds the demo there (load_standards and
seed_demo, plus one more draft so that two leads each edit their own), then starts gunicorn (N sync workers,
production settings with debug off) on 127.0.0.1 at a free port and `manage.py db_worker` beside it at a
lower CPU priority (nice 10), as in production. Signed-in clients (their sessions are made in the scratch
database) then load the pages a lead uses (dashboard, an assessment's overview, a standard page, the check
page) and the bare baseline (the sign-in page, fetched without a session), each followed by a think time.

Two phases of --seconds each, with the same --users HTML clients: without, and with two more clients that
each edit a standard through the standard page's form and download their plan's PDF (following the
"preparing" page, asking again each second, until the file comes), in a loop. The phases are cut into
--rounds slices taken turn about, so that the shared machine's drift falls on both alike; a slice without
PDF clients starts once the worker has nothing queued or running. In both, one more client downloads a plan
nobody edits (the accepted 2025/26 one, rendered before the first slice). Errors: 5xx, no answer, and any
other status than the page's expected one (200; a download 200 or 202; a save 302, or 200 when refused).
"""

import io
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ..benchmark_database import CHILD_FLAG, run_in_scratch_database
from ..load_client import BASELINE, HTML_PAGES, Client, Recorder, figures, percentile, request, wait_until_up

TARGET_P95_RATIO = 1.25
TARGET_P99_RATIO = 2.0
TARGET_READY_P95_MS = 50
START_SECONDS = 60  # gunicorn answering, and the stable plan rendered by then
BAD_NUMBER = "--seconds, --users, --workers and --rounds must be at least 1, and --think-ms at least 0."
DOMAIN = "demo.partnership-audit.test"


class Command(BaseCommand):
    help = "Per-page p50/p95/p99 under gunicorn with N signed-in clients, without and with two PDF clients."

    def add_arguments(self, parser):
        parser.add_argument("--seconds", type=int, default=60, help="Length of each phase (default 60).")
        parser.add_argument("--users", type=int, default=20, help="Signed-in clients loading pages (default 20).")
        parser.add_argument("--workers", type=int, default=5, help="Gunicorn sync workers (default 5).")
        parser.add_argument("--think-ms", type=int, default=500, help="Mean pause after each request (500).")
        parser.add_argument(
            "--rounds", type=int, default=3, help="Each phase in this many slices, taken turn about (default 3)."
        )
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(CHILD_FLAG, action="store_true", dest="child", help="Internal: run in the scratch DB.")

    def handle(self, *args, **options):
        if (
            min(options["seconds"], options["users"], options["workers"], options["rounds"]) < 1
            or options["think_ms"] < 0
        ):
            raise CommandError(BAD_NUMBER)
        if options["child"]:
            return self.run_child(options)
        args = [
            f"--{name}={options[name.replace('-', '_')]}"
            for name in ("seconds", "users", "workers", "think-ms", "rounds")
        ]
        if options["json"]:
            args.append("--json")
        self.stdout.write(run_in_scratch_database("benchmark_load", args), ending="")

    def run_child(self, options):
        scratch = Path(settings.DATABASES["default"]["NAME"]).parent
        started = time.monotonic()
        call_command("migrate", verbosity=0)
        _use_wal()
        call_command("load_standards", verbosity=0, stdout=io.StringIO())
        call_command("seed_demo", stdout=io.StringIO())
        plans = build_plans(options["users"])
        port = _free_port()
        env = _server_env(scratch)
        logs = [open(scratch / name, "w") for name in ("gunicorn.log", "worker.log")]  # noqa: SIM115
        manage = str(settings.BASE_DIR / "manage.py")
        server = subprocess.Popen(
            gunicorn_command(options["workers"], port),
            cwd=settings.BASE_DIR, env=env, stdout=logs[0], stderr=subprocess.STDOUT,
        )  # fmt: skip
        worker = subprocess.Popen(
            [sys.executable, manage, "db_worker", "--no-startup-delay", "--interval", "0.2"],
            cwd=settings.BASE_DIR, env=env, stdout=logs[1], stderr=subprocess.STDOUT, preexec_fn=_lower_priority,
        )  # fmt: skip
        built = self.built = time.monotonic()
        try:
            summary = self.drive(port, plans, options)
        except CommandError as exc:
            raise CommandError(f"{exc}\n--- gunicorn:\n{_tail(scratch / 'gunicorn.log')}") from None
        finally:
            _stop(server, worker)
            for log in logs:
                log.close()
        summary["setup_seconds"] = round(built - started, 1)
        summary["total_seconds"] = round(time.monotonic() - started, 1)
        summary["start_seconds"] = self.stages
        summary["worker_log_tail"] = _tail(scratch / "worker.log") if summary["errors"] else ""
        summary["gunicorn_log_tail"] = _tail(scratch / "gunicorn.log") if summary["errors"] else ""
        self.report(summary, options)

    def drive(self, port, plans, options):
        if not wait_until_up(port, plans["stable"]["baseline"], START_SECONDS):
            raise CommandError("gunicorn did not answer within a minute.")
        up = time.monotonic()
        for plan in [*plans["html"], *plans["editors"]]:  # every page once: warm, and checked
            for page in HTML_PAGES:
                path = plan[page] if page != "standard" else plan["standard"].format(code=plan["codes"][0])
                status = request(port, "GET", path, cookies=dict(plan["session"]))[0]
                if status != 200:
                    raise CommandError(f"{plan['person']}'s {page} page ({path}) answered {status}.")
        warmed = time.monotonic()
        stable_ready = _wait_for_pdf(port, plans["stable"], START_SECONDS)
        self.stages = {
            "up": round(up - self.built, 1),
            "pages_warmed": round(warmed - up, 1),
            "plan_ready": round(time.monotonic() - warmed, 1),
        }
        phases = {"without_pdfs": [], "with_pdfs": []}
        slice_seconds = options["seconds"] / options["rounds"]
        for round_number in range(options["rounds"]):  # turn about, so that the machine's drift hits both alike
            for phase, with_pdfs in (("without_pdfs", False), ("with_pdfs", True)):
                if not with_pdfs:
                    _wait_for_idle_worker(START_SECONDS)  # no render left over from the PDF clients' last slice
                recorder = Recorder()
                self.run_slice(port, plans, options, recorder, slice_seconds, with_pdfs, seed=1000 * round_number)
                phases[phase] += recorder.samples
        return summarise(phases, options, stable_ready)

    def run_slice(self, port, plans, options, recorder, seconds, with_pdfs, *, seed):
        deadline = time.monotonic() + seconds
        common = {"port": port, "recorder": recorder, "deadline": deadline, "think_ms": options["think_ms"]}
        clients = [Client(**common, plan=p, role="html", seed=seed + i) for i, p in enumerate(plans["html"])]
        clients.append(Client(**common, plan=plans["stable"], role="ready", seed=seed - 1))
        if with_pdfs:
            clients += [Client(**common, plan=p, role="editor", seed=seed + 500 + i)
                        for i, p in enumerate(plans["editors"])]  # fmt: skip
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=max(0.0, deadline - time.monotonic()) + 35)  # a request's own timeout, and some

    def report(self, s, options):
        if options["json"]:
            self.stdout.write(json.dumps(s))
            return
        self.stdout.write(
            f"gunicorn {options['workers']} sync workers, {options['users']} clients, {options['seconds']} s a "
            f"phase in {options['rounds']} slices turn about, think {options['think_ms']} ms; SQLite (WAL); "
            f"baseline: {s['baseline_page']}"
        )
        for phase, pages in s["pages"].items():
            self.stdout.write(f"{phase}:")
            for name, p in pages.items():
                self.stdout.write(
                    f"  {name:<21} n={p['count']:<5} p50 {p['p50_ms']:>7} p95 {p['p95_ms']:>7} p99 {p['p99_ms']:>7} ms"
                    f"  errors {p['errors']}"
                )
        rows = [
            ("HTML p95 ratio", s["html_p95_ratio"], f"<= {TARGET_P95_RATIO}", s["targets_met"]["html_p95_ratio"]),
            ("HTML p99 ratio", s["html_p99_ratio"], f"<= {TARGET_P99_RATIO}", s["targets_met"]["html_p99_ratio"]),
            ("errors", s["errors"], "0", s["targets_met"]["errors"]),
            ("ready download p95 ms", s["ready_download_p95_ms"], f"<= {TARGET_READY_P95_MS}",
             s["targets_met"]["ready_download_p95_ms"]),
        ]  # fmt: skip
        self.stdout.write(
            f"HTML p95 {s['html_p95_ms']} -> {s['html_p95_with_pdfs_ms']} ms, p99 {s['html_p99_ms']} -> "
            f"{s['html_p99_with_pdfs_ms']} ms; baseline p95 {s['baseline_p95_ms']} -> {s['baseline_p95_with_pdfs_ms']}"
        )
        self.stdout.write(
            f"PDF clients' downloads: {s['pdf_downloads_served_pdf']} files, {s['pdf_downloads_preparing']} "
            f"'preparing' pages; the unedited plan ready before the run: {s['ready_download_was_ready']}"
        )
        self.stdout.write(
            f"{s['edits_saved']} edits saved; from a save to its plan's file p50 {s['plan_ready_after_edit_p50_ms']}"
            f" ms, p95 {s['plan_ready_after_edit_p95_ms']} ms (the editors ask again each second)"
        )
        for name, value, target, met in rows:
            self.stdout.write(f"  {name:<22} {value!s:>9}   target {target:<7} {'met' if met else 'NOT MET'}")


def _ratio(a, b):
    return round(b / a, 2) if a and b is not None else None


def summarise(phases, options, stable_ready):
    pages, html = {}, {}
    for phase, samples in phases.items():
        names = sorted({s.page for s in samples}, key=lambda n: ([*HTML_PAGES, BASELINE].index(n), n)
                       if n in (*HTML_PAGES, BASELINE) else (9, n))  # fmt: skip
        pages[phase] = {name: figures([s for s in samples if s.page == name]) for name in names}
        html[phase] = figures([s for s in samples if s.page in HTML_PAGES])
    ready = [s for s in phases["with_pdfs"] if s.page == "ready_download"]
    downloads = [s for s in phases["with_pdfs"] if s.page == "pdf_download" and s.ok]
    summary = {
        "seconds": options["seconds"],
        "users": options["users"],
        "workers": options["workers"],
        "think_ms": options["think_ms"],
        "rounds": options["rounds"],
        "database": "sqlite (WAL)",
        "baseline_page": "/accounts/login/ (the sign-in page, no session)",
        "html_p95_ms": html["without_pdfs"]["p95_ms"],
        "html_p95_with_pdfs_ms": html["with_pdfs"]["p95_ms"],
        "html_p99_ms": html["without_pdfs"]["p99_ms"],
        "html_p99_with_pdfs_ms": html["with_pdfs"]["p99_ms"],
        "html_p95_ratio": _ratio(html["without_pdfs"]["p95_ms"], html["with_pdfs"]["p95_ms"]),
        "html_p99_ratio": _ratio(html["without_pdfs"]["p99_ms"], html["with_pdfs"]["p99_ms"]),
        "baseline_p95_ms": pages["without_pdfs"].get(BASELINE, {}).get("p95_ms"),
        "baseline_p95_with_pdfs_ms": pages["with_pdfs"].get(BASELINE, {}).get("p95_ms"),
        "errors": sum(p["errors"] for phase in pages.values() for p in phase.values()),
        "ready_download_p95_ms": percentile([s.ms for s in ready], 95),
        "ready_download_was_ready": stable_ready,
        "ready_download_not_pdf": sum(1 for s in ready if s.ok and not s.pdf),
        "plan_ready_after_edit_p50_ms": pages["with_pdfs"].get("plan_ready_after_edit", {}).get("p50_ms"),
        "plan_ready_after_edit_p95_ms": pages["with_pdfs"].get("plan_ready_after_edit", {}).get("p95_ms"),
        "edits_saved": pages["with_pdfs"].get("edit_save", {}).get("statuses", {}).get("302", 0),
        "pdf_downloads_served_pdf": sum(1 for s in downloads if s.pdf),
        "pdf_downloads_preparing": sum(1 for s in downloads if not s.pdf),
        "pages": pages,
    }
    summary["targets_met"] = {
        "html_p95_ratio": summary["html_p95_ratio"] is not None and summary["html_p95_ratio"] <= TARGET_P95_RATIO,
        "html_p99_ratio": summary["html_p99_ratio"] is not None and summary["html_p99_ratio"] <= TARGET_P99_RATIO,
        "errors": summary["errors"] == 0,
        "ready_download_p95_ms": summary["ready_download_p95_ms"] is not None
        and summary["ready_download_p95_ms"] <= TARGET_READY_P95_MS,
    }
    return summary


def build_plans(users):
    """The clients' people, sessions and URLs, in the scratch database the demo was just built in."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.urls import reverse

    from assessments.models import Assessment, RatingMode, User
    from assessments.services import assessment_start

    def person(local):
        return User.objects.get(email=f"{local}@{DOMAIN}")

    def session(user):
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = "assessments.auth.EmailBackend"
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return {settings.SESSION_COOKIE_NAME: store.session_key}

    def plan(local, assessment):
        user = person(local)
        pk = assessment.pk
        return {
            "person": local,
            "session": session(user),
            "dashboard": reverse("assessments:dashboard"),
            "overview": reverse("assessments:overview", args=[pk]),
            "standard": reverse("assessments:standard", args=[pk, "CODE"]).replace("CODE", "{code}"),
            "check": reverse("assessments:check", args=[pk]),
            "pdf": reverse("reports:download", kwargs={"pk": pk, "kind": "action-plan", "fmt": "pdf"}),
            "baseline": reverse("login"),
            "codes": list(assessment.responses.order_by("standard__source_order").values_list("standard__code",
                                                                                             flat=True)),
        }  # fmt: skip

    north_draft = Assessment.objects.get(partnership__name__startswith="Northshire", period="2026/27")
    north_accepted = Assessment.objects.get(partnership__name__startswith="Northshire", period="2025/26")
    south = north_draft.partnership.__class__.objects.get(name__startswith="Dartvale")
    # A second draft, so that each editing lead has a plan of their own.
    south_draft = assessment_start(partnership=south, period="2027/28", version=north_draft.version,
                                   actor=person("dartvale.lead"), rating_mode=RatingMode.TOGETHER)  # fmt: skip
    readers = [("trust.lead", north_draft), ("northshire.lead", north_draft), ("fellside.lead", north_draft),
               ("trust.contributor", north_draft), ("dartvale.lead", south_draft),
               ("westcombe.lead", south_draft), ("dartvale.contributor", south_draft)]  # fmt: skip
    html = [plan(*readers[i % len(readers)]) for i in range(users)]
    editors = [plan("trust.lead", north_draft), plan("dartvale.lead", south_draft)]
    return {"html": html, "editors": editors, "stable": plan("trust.manager", north_accepted)}


def gunicorn_command(workers, port):
    """Sync workers on loopback; --preload imports the app once, before the workers fork."""
    return [
        sys.executable, "-m", "gunicorn", "partnership_audit.wsgi:application", "--workers", str(workers),
        "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--timeout", "120", "--preload",
    ]  # fmt: skip


def _wait_for_pdf(port, plan, seconds):
    """True once the plan nobody edits downloads as a PDF (rendered by the request or by the worker)."""
    deadline = time.monotonic() + seconds
    for _ in range(seconds * 4):
        if time.monotonic() > deadline:
            break
        status, headers, _, _ = request(port, "GET", plan["pdf"], cookies=dict(plan["session"]))
        if status == 200 and headers.get("content-type", "").startswith("application/pdf"):
            return True
        time.sleep(0.25)
    return False


def _wait_for_idle_worker(seconds):
    """Until no task is queued or running (bounded): the phase without PDF clients starts without their renders."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + seconds
    for _ in range(seconds * 5):
        if time.monotonic() > deadline or not (DBTaskResult.objects.ready() | DBTaskResult.objects.running()).exists():
            return
        time.sleep(0.2)


def _use_wal():
    from django.db import connection

    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_env(scratch):
    """Production settings, debug off, on the scratch database; same secret key as the sessions were made with."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "partnership_audit.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_TESTING": "1",  # static URLs without a collectstatic manifest
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "REPORTS_CACHE_URL": f"filecache://{scratch / 'report-cache'}",
        "MEDIA_ROOT": str(scratch / "media"),
        "DJANGO_LOG_LEVEL": "WARNING",
    }
    return env


def _lower_priority():
    os.nice(10)  # the worker yields the CPU to the web workers


def _stop(*processes):
    """SIGTERM to each (gunicorn's workers and the task worker finish what they are doing), then a kill."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


def _tail(path, lines=30):
    try:
        return "\n".join(Path(path).read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""
