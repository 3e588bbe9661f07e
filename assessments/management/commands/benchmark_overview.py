"""Time the national overview against a scratch database of many accepted assessments, and how it grows.

The command re-runs itself in a subprocess pointed at a throw-away SQLite file, so the real database is
never touched: `python manage.py benchmark_overview [--assessments 2000] [--baseline 1000] [--runs 7] [--json]`.

The scratch data is the national picture as it grows over the years: up to PARTNERSHIPS partnerships (every
English partnership: 10,000 accepted assessments are twenty-five years of them), each accepted once a year, the
newest year first, with their answers, the profile kept at submission (ProfileSnapshot) and the scores stored
at acceptance (AssessmentScore, built as services.records.scores_store builds them). The page is timed at
--baseline accepted assessments, then the data grows to --assessments and the same page (the newest year, the
busiest standards) is timed again in the same run. growth_ratio is the median at --assessments over the median
at --baseline. Targets: a median under TARGET_MS and growth_ratio at most TARGET_GROWTH.
"""

import json
import os
import random
import statistics
import time
from datetime import date, timedelta

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from ..benchmark_database import CHILD_FLAG, run_in_scratch_database

TARGET_MS = 300
TARGET_GROWTH = 1.5
BASELINE = 1000
PARTNERSHIPS = 400  # 10,000 accepted assessments over 25 years
NEWEST_YEAR = 2026  # the newest period is 2026/27, the one before 2025/26, ...
DOMAINS = 5
STANDARDS = 27
WARM_UP = 1
BAD_NUMBER = "--assessments, --baseline and --runs must be at least 1, and --baseline no more than --assessments."


class Command(BaseCommand):
    help = "Time the national overview page at --baseline and at --assessments accepted assessments."

    def add_arguments(self, parser):
        parser.add_argument("--assessments", type=int, default=2000)
        parser.add_argument(
            "--baseline", type=int, default=None, help=f"Timed first (default {BASELINE}, or --assessments if fewer)."
        )
        parser.add_argument("--runs", type=int, default=7)
        parser.add_argument("--json", action="store_true", help="Print one JSON object.")
        parser.add_argument(CHILD_FLAG, action="store_true", dest="child", help="Internal: run in the scratch DB.")

    def handle(self, *args, **options):
        n = options["assessments"]
        baseline = options["baseline"] if options["baseline"] is not None else min(BASELINE, n)
        if min(n, baseline, options["runs"]) < 1 or baseline > n:
            raise CommandError(BAD_NUMBER)
        if options["child"]:
            return self.run_child(n, baseline, options)
        args = ["--assessments", str(n), "--baseline", str(baseline), "--runs", str(options["runs"])]
        if options["json"]:
            args.append("--json")
        self.stdout.write(run_in_scratch_database("benchmark_overview", args), ending="")

    def run_child(self, n, baseline, options):
        from django.test import Client
        from django.test.utils import setup_test_environment

        call_command("migrate", verbosity=0)
        world = World(partnerships=min(n, PARTNERSHIPS))
        setup_test_environment()
        client = Client()
        client.force_login(world.officer)
        world.grow_to(baseline)
        load = [os.getloadavg()]
        times_at_baseline, cpu_at_baseline = time_page(client, options["runs"])
        world.grow_to(n)
        load.append(os.getloadavg())
        times, cpu = time_page(client, options["runs"])
        median, median_at_baseline = statistics.median(times), statistics.median(times_at_baseline)
        ratio = round(median / median_at_baseline, 2)
        cpu_ratio = round(statistics.median(cpu) / statistics.median(cpu_at_baseline), 2)
        if options["json"]:
            figures = {
                "assessments": n,
                "runs": options["runs"],
                "partnerships": world.partnerships_count,
                "periods": world.periods_count,
                "median_ms": round(median, 1),
                "target_ms": TARGET_MS,
                "times_ms": [round(t, 1) for t in times],
                "baseline_assessments": baseline,
                "median_ms_at_1000": round(median_at_baseline, 1),
                "times_ms_at_1000": [round(t, 1) for t in times_at_baseline],
                "growth_ratio": ratio,
                "target_growth_ratio": TARGET_GROWTH,
                "cpu_median_ms": round(statistics.median(cpu), 1),
                "cpu_median_ms_at_1000": round(statistics.median(cpu_at_baseline), 1),
                "cpu_growth_ratio": cpu_ratio,
                "load_average": [[round(x, 2) for x in when] for when in load],  # 1, 5, 15 min: before each timing
            }
            self.stdout.write(json.dumps(figures))
        else:
            self.stdout.write(
                f"{n} accepted assessments ({world.partnerships_count} partnerships, {world.periods_count} years): "
                f"median {median:.1f} ms over {options['runs']} runs (target {TARGET_MS} ms); at {baseline}: "
                f"{median_at_baseline:.1f} ms; growth ratio {ratio} (target at most {TARGET_GROWTH}); CPU growth ratio "
                f"{cpu_ratio}; load average before each timing {load[0][0]:.2f} and {load[1][0]:.2f}"
            )


def time_page(client, runs):
    """The overview's server time through the test client after WARM_UP requests: (wall ms, CPU ms) per run.

    The CPU time is this process's alone (the page, its queries to SQLite and the template all run here), so it
    says how the page grows even while other work on the machine stretches the wall-clock times."""
    from django.urls import reverse

    url = reverse("reports:national")
    times, cpu = [], []
    for i in range(WARM_UP + runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        elapsed, elapsed_cpu = (time.perf_counter() - start) * 1000, (time.process_time() - start_cpu) * 1000
        if response.status_code != 200:
            raise CommandError(f"The overview answered {response.status_code}.")
        if i >= WARM_UP:
            times.append(elapsed)
            cpu.append(elapsed_cpu)
    return times, cpu


def period_of(year_index: int) -> str:
    """The financial year `year_index` years before the newest, e.g. 0: 2026/27, 1: 2025/26."""
    start = NEWEST_YEAR - year_index
    return f"{start}/{(start + 1) % 100:02d}"


class World:
    """A published version with 27 standards over 5 domains, one officer, and `partnerships` partnerships whose
    accepted assessments grow a year at a time (grow_to): assessment i is partnership i % partnerships's, in the
    year i // partnerships before the newest."""

    def __init__(self, *, partnerships: int):
        self.rng = random.Random(1)
        self.count = 0
        self.build(partnerships)

    @property
    def partnerships_count(self):
        return len(self.partnerships)

    @property
    def periods_count(self):
        return -(-self.count // len(self.partnerships))

    @transaction.atomic
    def build(self, n):
        from assessments.models import Membership, Organisation, OrganisationKind, Region, Role, User
        from standards.models import Domain, Framework, FrameworkVersion, RatingLevel, Standard, StandardKind

        framework = Framework.objects.create(slug="bench", name="Benchmark framework", short_name="Bench")
        self.version = FrameworkVersion.objects.create(
            framework=framework,
            slug="bench",
            label="Benchmark",
            title="Benchmark standards",
            publication_date=date(2010, 9, 1),
            publisher="BASW",
            source_citation="Benchmark",
            status="published",
        )
        labels = [("not-met", "Not met"), ("partially-met", "Partially met")]
        labels += [("largely-met", "Largely met"), ("fully-met", "Fully met")]
        self.levels = [
            RatingLevel.objects.create(
                version=self.version,
                code=code,
                label=label,
                score=score,
                colour="#000000",
                description=label,
                meets_standard=score >= 2,
            )
            for score, (code, label) in enumerate(labels)
        ]
        self.domains = [
            Domain.objects.create(version=self.version, code=f"domain-{i}", order=i, title=f"Domain {i}")
            for i in range(1, DOMAINS + 1)
        ]
        self.standards = [
            Standard.objects.create(
                version=self.version,
                domain=self.domains[i % DOMAINS],
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
            kind=OrganisationKind.PROFESSIONAL_BODY,
            name="British Association of Social Workers",
            region=Region.NATIONAL,
        )
        self.officer = User.objects.create_user(email="officer@bench.example", password=None, full_name="Bench Officer")
        Membership.objects.create(user=self.officer, organisation=basw, role=Role.OFFICER)
        self.build_partnerships(n)

    def build_partnerships(self, n):
        from assessments.models import (
            Arrangement,
            ContinuumStage,
            Employment,
            LineManager,
            Organisation,
            OrganisationKind,
            Partnership,
            RecordingSystems,
            Region,
            Team,
        )

        rng = self.rng
        regions = [r for r in Region.values if r != Region.NATIONAL]
        trusts = Organisation.objects.bulk_create(
            Organisation(kind=OrganisationKind.NHS_TRUST, name=f"Bench trust {i}", region=regions[i % len(regions)])
            for i in range(n)
        )
        facts = [None, True, False]
        self.partnerships = Partnership.objects.bulk_create(
            Partnership(
                name=f"Bench partnership {i}",
                trust=trust,
                arrangement=Arrangement.values[i % len(Arrangement.values)],
                continuum_stage=ContinuumStage.values[i % len(ContinuumStage.values)],
                social_worker_employment=Employment.values[i % len(Employment.values)],
                social_work_lead=f"Principal Social Worker {i}" if i % 4 else "",
                social_work_lead_reports_to_board=facts[i % 3] if i % 4 else None,
                social_workers_managed_by=["", *LineManager.values][i % 4],
                amhps_managed_by=["", *LineManager.values][(i + 1) % 4],
                amhp_service_with_council=facts[(i + 2) % 3],
                recording_systems=["", *RecordingSystems.values][i % 3],
            )
            for i, trust in enumerate(trusts)
        )
        self.regions = {p.pk: trust.region for p, trust in zip(self.partnerships, trusts, strict=True)}
        Team.objects.bulk_create(
            Team(
                partnership=p,
                name=f"CMHT {j}",
                service="working_age",
                social_workers=rng.randint(0, 6),
                social_work_line_manager="social_worker",
                has_social_work_supervision=rng.random() < 0.7,
            )
            for p in self.partnerships
            for j in range(rng.randint(1, 3))
        )

    @transaction.atomic
    def grow_to(self, n):
        """Accept assessments up to n in all, each with its answers and its stored scores."""
        from assessments.models import Assessment, Status

        rng, now = self.rng, timezone.now()
        slots = range(self.count, n)
        assessments = Assessment.objects.bulk_create(
            Assessment(
                partnership=self.partnerships[i % len(self.partnerships)],
                period=period_of(i // len(self.partnerships)),
                version=self.version,
                status=Status.ACCEPTED,
                created_by=self.officer,
                submitted_at=now - timedelta(days=40),
                accepted_at=now - timedelta(days=rng.randint(1, 30)),
            )
            for i in slots
        )
        self.count = n
        ratings = {a.pk: [self.levels[rng.randrange(len(self.levels))] for _ in self.standards] for a in assessments}
        self.store_answers(assessments, ratings)
        self.store_scores(assessments, ratings)
        self.store_snapshots(assessments)

    def store_answers(self, assessments, ratings):
        from assessments.models import Response

        Response.objects.bulk_create(
            (
                Response(assessment=a, standard=s, rating=level, not_applicable=False)
                for a in assessments
                for s, level in zip(self.standards, ratings[a.pk], strict=True)
            ),
            batch_size=5000,
        )

    def store_snapshots(self, assessments):
        """The profile as it stood at submission (services.records.snapshot_take keeps it): the leadership facts."""
        from assessments.models import ProfileSnapshot
        from assessments.services.records import profile_of

        profiles = {p.pk: profile_of(p) for p in self.partnerships}
        ProfileSnapshot.objects.bulk_create(
            (ProfileSnapshot(assessment=a, profile=profiles[a.partnership_id], teams=[]) for a in assessments),
            batch_size=5000,
        )

    def store_scores(self, assessments, ratings):
        """AssessmentScore rows as services.records.scores_store writes them: each domain's, then the overall."""
        from assessments.models import OVERALL, AssessmentScore
        from assessments.scoring import percent

        top = max(level.score for level in self.levels)
        by_pk = {p.pk: p for p in self.partnerships}
        rows = []
        for a in assessments:
            partnership = by_pk[a.partnership_id]
            dimensions = {
                "version_id": self.version.pk,
                "period": a.period,
                "region": self.regions[partnership.pk],
                "arrangement": partnership.arrangement,
                "continuum_stage": partnership.continuum_stage,
                "social_worker_employment": partnership.social_worker_employment,
            }
            sums = {d.pk: [0, 0] for d in self.domains}
            for standard, level in zip(self.standards, ratings[a.pk], strict=True):
                sums[standard.domain_id][0] += level.score
                sums[standard.domain_id][1] += 1
            parts = [(d.key, d.title, *sums[d.pk]) for d in self.domains]
            parts.append((OVERALL, "", sum(t for *_, t, _ in parts), sum(r for *_, r in parts)))
            rows += [
                AssessmentScore(
                    assessment=a,
                    domain_key=key,
                    domain_title=title,
                    total=total,
                    rated=rated,
                    top=top,
                    percent=percent(total, rated, top),
                    **dimensions,
                )
                for key, title, total, rated in parts
            ]
        AssessmentScore.objects.bulk_create(rows, batch_size=5000)
