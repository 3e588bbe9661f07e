"""Time the national overview against a scratch database of many accepted assessments.

The command re-runs itself in a subprocess pointed at a throw-away SQLite file, so the real database is
never touched: `python manage.py benchmark_overview [--assessments 2000] [--runs 7] [--json]`.
"""

import json
import random
import statistics
import time
from datetime import date, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from ..benchmark_database import CHILD_FLAG, run_in_scratch_database

TARGET_MS = 300
DOMAINS = 5
STANDARDS = 27


class Command(BaseCommand):
    help = "Time the national overview page over a scratch database of N accepted assessments."

    def add_arguments(self, parser):
        parser.add_argument("--assessments", type=int, default=2000)
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(CHILD_FLAG, action="store_true", dest="child", help="Internal: run in the scratch DB.")

    def handle(self, *args, **options):
        if options["child"]:
            return self.run_child(options)
        args = ["--assessments", str(options["assessments"]), "--runs", str(options["runs"])]
        if options["json"]:
            args.append("--json")
        self.stdout.write(run_in_scratch_database("benchmark_overview", args), ending="")

    def run_child(self, options):
        from django.test import Client
        from django.test.utils import setup_test_environment
        from django.urls import reverse

        call_command("migrate", verbosity=0)
        officer = build(options["assessments"])
        setup_test_environment()
        client = Client()
        client.force_login(officer)
        url = reverse("reports:national")
        times = []
        for _ in range(options["runs"]):
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
            if response.status_code != 200:
                raise CommandError(f"The overview answered {response.status_code}.")
        median = statistics.median(times)
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    {
                        "assessments": options["assessments"],
                        "runs": options["runs"],
                        "median_ms": round(median, 1),
                        "target_ms": TARGET_MS,
                        "times_ms": [round(t, 1) for t in times],
                    }
                )
            )
        else:
            self.stdout.write(f"median {median:.1f} ms over {options['runs']} runs (target {TARGET_MS} ms)")


def build(n):
    """A published version with 27 standards over 5 domains, one officer, and n accepted assessments."""
    from assessments.models import (
        Arrangement,
        Assessment,
        ContinuumStage,
        Employment,
        Membership,
        Organisation,
        OrganisationKind,
        Partnership,
        Region,
        Response,
        Role,
        Status,
        Team,
        User,
    )
    from standards.models import Domain, Framework, FrameworkVersion, RatingLevel, Standard, StandardKind

    rng = random.Random(1)
    framework = Framework.objects.create(slug="bench", name="Benchmark framework", short_name="Bench")
    version = FrameworkVersion.objects.create(
        framework=framework,
        slug="bench",
        label="Benchmark",
        title="Benchmark standards",
        publication_date=date(2010, 9, 1),
        publisher="BASW",
        source_citation="Benchmark",
        status="published",
    )
    levels = [
        RatingLevel.objects.create(
            version=version,
            code=code,
            label=label,
            score=score,
            colour="#000000",
            description=label,
            meets_standard=score >= 2,
        )
        for score, (code, label) in enumerate(
            [
                ("not-met", "Not met"),
                ("partially-met", "Partially met"),
                ("largely-met", "Largely met"),
                ("fully-met", "Fully met"),
            ]
        )
    ]
    domains = [
        Domain.objects.create(version=version, code=f"domain-{i}", order=i, title=f"Domain {i}")
        for i in range(1, DOMAINS + 1)
    ]
    standards = [
        Standard.objects.create(
            version=version,
            domain=domains[i % DOMAINS],
            code=f"S{i + 1}",
            kind=StandardKind.PRACTICE,
            source_order=i + 1,
            title=f"Standard {i + 1}",
            text=f"Standard {i + 1}.",
            source_reference=f"Benchmark item {i + 1}",
        )
        for i in range(STANDARDS)
    ]
    basw = Organisation.objects.create(
        kind=OrganisationKind.PROFESSIONAL_BODY, name="British Association of Social Workers", region=Region.NATIONAL
    )
    officer = User.objects.create_user(email="officer@bench.example", password=None, full_name="Bench Officer")
    Membership.objects.create(user=officer, organisation=basw, role=Role.OFFICER)

    regions = [r for r in Region.values if r != Region.NATIONAL]
    trusts = Organisation.objects.bulk_create(
        Organisation(kind=OrganisationKind.NHS_TRUST, name=f"Bench trust {i}", region=regions[i % len(regions)])
        for i in range(n)
    )
    partnerships = Partnership.objects.bulk_create(
        Partnership(
            name=f"Bench partnership {i}",
            trust=trust,
            arrangement=Arrangement.values[i % len(Arrangement.values)],
            continuum_stage=ContinuumStage.values[i % len(ContinuumStage.values)],
            social_worker_employment=Employment.SECONDED,
        )
        for i, trust in enumerate(trusts)
    )
    Team.objects.bulk_create(
        Team(
            partnership=p,
            name=f"CMHT {j}",
            service="working_age",
            social_workers=rng.randint(0, 6),
            social_work_line_manager="social_worker",
            has_social_work_supervision=rng.random() < 0.7,
        )
        for p in partnerships
        for j in range(rng.randint(1, 3))
    )
    now = timezone.now()
    assessments = Assessment.objects.bulk_create(
        Assessment(
            partnership=p,
            period="2026/27",
            version=version,
            status=Status.ACCEPTED,
            created_by=officer,
            submitted_at=now - timedelta(days=40),
            accepted_at=now - timedelta(days=rng.randint(1, 30)),
        )
        for p in partnerships
    )
    Response.objects.bulk_create(
        (
            Response(
                assessment=a,
                standard=s,
                rating=levels[rng.randrange(len(levels))],
                not_applicable=False,
            )
            for a in assessments
            for s in standards
        ),
        batch_size=2000,
    )
    return officer
