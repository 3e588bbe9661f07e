"""Do a person's pages stay flat as the rest of the database grows? (a benchmark, not a test)

`python manage.py benchmark_pages [--scale 10] [--runs 7] [--partnerships 100] [--history-edits 200] [--json]`
re-runs itself in a subprocess pointed at a throw-away SQLite file, so the real database is never touched.
It builds one lead (their partnership with two assessments, one standard of the current one edited
--history-edits times, 40 events and 40 emails: two pages each) and one BASW officer, beside
--partnerships other partnerships (each with an accepted and a submitted assessment, their answers with
history, events and emails). It measures the lead's dashboard, history page and activity page and the
officer's review queue: queries and median server time through Django's test client. Then it adds other
partnerships up to --scale times as many and measures the same person's same pages again, and prints both
and the ratio (scale / 1x) of each.
"""

import json
import statistics
import time
from datetime import timedelta
from functools import partial

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ..benchmark_database import CHILD_FLAG, run_in_scratch_database

PAGES = ("dashboard", "history", "activity", "review_queue")
WARM_UP = 3
BAD_NUMBER = "--scale must be at least 2, and --runs, --partnerships and --history-edits at least 1."


class Command(BaseCommand):
    help = "Queries and median time of a person's pages at 1x and at N x other partnerships' data."

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=10, help="How many times the others' data (default 10).")
        parser.add_argument("--runs", type=int, default=7, help="Timed requests per page and scale (default 7).")
        parser.add_argument("--partnerships", type=int, default=100, help="Other partnerships at 1x (default 100).")
        parser.add_argument("--history-edits", type=int, default=200, help="Edits of the lead's standard (200).")
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(CHILD_FLAG, action="store_true", dest="child", help="Internal: run in the scratch DB.")

    def handle(self, *args, **options):
        numbers = (options["runs"], options["partnerships"], options["history_edits"])
        if options["scale"] < 2 or min(numbers) < 1:
            raise CommandError(BAD_NUMBER)
        if options["child"]:
            return self.run_child(options)
        args = [f"--{name}={options[name.replace('-', '_')]}" for name in ("scale", "runs", "partnerships")]
        args.append(f"--history-edits={options['history_edits']}")
        if options["json"]:
            args.append("--json")
        self.stdout.write(run_in_scratch_database("benchmark_pages", args), ending="")

    def run_child(self, options):
        from django.test.utils import setup_test_environment

        call_command("migrate", verbosity=0)
        setup_test_environment()
        base, scale, runs = options["partnerships"], options["scale"], options["runs"]
        world = build_world(history_edits=options["history_edits"])
        add_others(world, base)
        small = measure(world, runs)
        add_others(world, base * (scale - 1))
        large = measure(world, runs)
        pages = {}
        for name in PAGES:
            (person, q1, t1, b1), (_, qn, tn, bn) = small[name], large[name]
            pages[name] = {
                "person": person,
                "queries_1x": q1,
                "queries_nx": qn,
                "median_ms_1x": round(t1, 1),
                "median_ms_nx": round(tn, 1),
                "ratio": round(tn / t1, 2),
                # The fastest runs: less moved by whatever else the machine is doing.
                "best_ms_1x": round(b1, 1),
                "best_ms_nx": round(bn, 1),
                "best_ratio": round(bn / b1, 2),
            }
        summary = {
            "scale": scale,
            "runs": runs,
            "partnerships_1x": base,
            "partnerships_nx": base * scale,
            "history_edits": options["history_edits"],
            "pages": pages,
            "queries_equal": all(p["queries_1x"] == p["queries_nx"] for p in pages.values()),
        }
        if options["json"]:
            self.stdout.write(json.dumps(summary))
            return
        self.stdout.write(f"{base} other partnerships at 1x, {base * scale} at {scale}x; median of {runs} runs")
        for name, p in pages.items():
            self.stdout.write(
                f"{name} ({p['person']}): {p['queries_1x']} / {p['queries_nx']} queries, "
                f"median {p['median_ms_1x']:.1f} / {p['median_ms_nx']:.1f} ms, ratio {p['ratio']:.2f}; "
                f"best {p['best_ms_1x']:.1f} / {p['best_ms_nx']:.1f} ms, ratio {p['best_ratio']:.2f}"
            )


def measure(world, runs):
    """{page: (person, queries, median ms, best ms)} for the same people and pages, at whatever size the database is."""
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    urls = {
        "dashboard": ("lead", reverse("assessments:dashboard")),
        "history": ("lead", reverse("assessments:history", args=[world["assessment"].pk, world["code"]])),
        "activity": ("lead", reverse("assessments:activity", args=[world["assessment"].pk])),
        "review_queue": ("officer", reverse("assessments:review_queue")),
    }
    clients = {}
    for person in ("lead", "officer"):
        clients[person] = Client()
        clients[person].force_login(world[person])
    figures = {}
    for name, (person, url) in urls.items():
        client = clients[person]
        for _ in range(WARM_UP):  # the first requests warm the template and query caches: not counted
            if (status := client.get(url).status_code) != 200:
                raise CommandError(f"The {name} page answered {status}.")
        queries = []  # counted at the cursor: the request's own signals reset connection.queries
        with connection.execute_wrapper(partial(_counted, queries)):
            client.get(url)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        figures[name] = (person, len(queries), statistics.median(times), min(times))
    return figures


def _counted(queries, execute, sql, params, many, context):
    queries.append(sql)
    return execute(sql, params, many, context)


def build_world(*, history_edits):
    """The lead, their partnership's two assessments (one standard edited many times) and a BASW officer."""
    import io

    from django.utils import timezone

    from assessments.models import (
        Assessment,
        Event,
        EventKind,
        Membership,
        Notification,
        Organisation,
        OrganisationKind,
        Partnership,
        Region,
        Response,
        Role,
        Status,
        User,
    )
    from standards.models import FrameworkVersion

    call_command("load_standards", verbosity=0, stdout=io.StringIO())
    version = FrameworkVersion.objects.get(slug="2010")
    basw = Organisation.objects.create(
        kind=OrganisationKind.PROFESSIONAL_BODY, name="British Association of Social Workers", region=Region.NATIONAL
    )
    officer = User.objects.create_user(email="officer@bench.example", full_name="Bench Officer")
    Membership.objects.create(user=officer, organisation=basw, role=Role.OFFICER)
    trust = Organisation.objects.create(kind=OrganisationKind.NHS_TRUST, name="Lead's trust", region=Region.NORTH_WEST)
    council = Organisation.objects.create(
        kind=OrganisationKind.LOCAL_AUTHORITY, name="Lead's council", region=Region.NORTH_WEST
    )
    partnership = Partnership.objects.create(
        name="Lead's partnership",
        trust=trust,
        arrangement="s75_delegated",
        continuum_stage="formal",
        social_worker_employment="seconded",
    )
    partnership.councils.set([council])
    lead = User.objects.create_user(email="lead@bench.example", full_name="Bench Lead")
    Membership.objects.create(user=lead, organisation=trust, role=Role.LEAD)
    now = timezone.now()
    levels = list(version.rating_levels.order_by("score"))
    standards = list(version.standards.assessable().order_by("source_order"))
    kept = {"version": version, "levels": levels, "standards": standards, "officer": officer, "lead": lead}
    last_year = Assessment.objects.create(
        partnership=partnership,
        period="2025/26",
        version=version,
        created_by=lead,
        status=Status.ACCEPTED,
        submitted_at=now - timedelta(days=400),
        accepted_at=now - timedelta(days=380),
    )
    current = Assessment.objects.create(partnership=partnership, period="2026/27", version=version, created_by=lead)
    _answers(kept, [last_year, current])
    edited = Response.objects.get(assessment=current, standard=standards[0])
    for i in range(history_edits):
        edited.evidence = f"Evidence, version {i + 1}."
        edited.rating = levels[i % len(levels)]
        edited.save()
    Event.objects.bulk_create(
        Event(assessment=current, kind=EventKind.REVIEWER_CHANGED, actor=lead, at=now - timedelta(hours=i))
        for i in range(40)
    )
    Notification.objects.bulk_create(
        Notification(assessment=current, kind="bench", recipient=lead, email=lead.email, subject=f"Email {i}", body=".")
        for i in range(40)
    )
    return {**kept, "assessment": current, "code": standards[0].code, "others": 0}


def _answers(world, assessments):
    """Every standard answered in each assessment, with a history record each (as an edit would leave)."""
    from simple_history.utils import bulk_create_with_history

    from assessments.models import Response

    levels = world["levels"]
    bulk_create_with_history(
        [
            Response(assessment=a, standard=s, rating=levels[(i + j) % len(levels)], evidence=f"Evidence for {s.code}.")
            for j, a in enumerate(assessments)
            for i, s in enumerate(world["standards"])
        ],
        Response,
        batch_size=2000,
    )


def add_others(world, count):
    """`count` more partnerships, each with a lead, an accepted and a submitted assessment, events and emails."""
    from django.db import transaction
    from django.utils import timezone

    from assessments.models import (
        Assessment,
        Event,
        EventKind,
        Membership,
        Notification,
        Organisation,
        OrganisationKind,
        Partnership,
        Region,
        Role,
        Status,
        User,
    )

    start, now = world["others"], timezone.now()
    numbers = range(start, start + count)
    with transaction.atomic():
        trusts = Organisation.objects.bulk_create(
            Organisation(kind=OrganisationKind.NHS_TRUST, name=f"Other trust {i}", region=Region.SOUTH_WEST)
            for i in numbers
        )
        partnerships = Partnership.objects.bulk_create(
            Partnership(
                name=f"Other partnership {i}",
                trust=trust,
                arrangement="s75_delegated",
                continuum_stage="formal",
                social_worker_employment="seconded",
            )
            for i, trust in zip(numbers, trusts, strict=True)
        )
        leads = User.objects.bulk_create(
            User(email=f"lead.{i}@other.example", full_name=f"Other Lead {i}") for i in numbers
        )
        Membership.objects.bulk_create(
            Membership(user=u, organisation=t, role=Role.LEAD) for u, t in zip(leads, trusts, strict=True)
        )
        assessments = []
        for p, lead in zip(partnerships, leads, strict=True):
            common = {"partnership": p, "version": world["version"], "created_by": lead}
            assessments.append(
                Assessment(
                    **common,
                    period="2025/26",
                    status=Status.ACCEPTED,
                    submitted_at=now - timedelta(days=400),
                    accepted_at=now - timedelta(days=380),
                )
            )
            assessments.append(
                Assessment(**common, period="2026/27", status=Status.SUBMITTED, submitted_at=now - timedelta(days=3))
            )
        assessments = Assessment.objects.bulk_create(assessments)
        _answers(world, assessments)
        Event.objects.bulk_create(
            Event(assessment=a, kind=EventKind.TRANSITION, actor=a.created_by, to_status=a.status, note="Bench")
            for a in assessments
            for _ in range(3)
        )
        Notification.objects.bulk_create(
            Notification(
                assessment=a, kind="bench", recipient=a.created_by, email="x@other.example", subject="S", body="."
            )
            for a in assessments
            for _ in range(2)
        )
    world["others"] = start + count
