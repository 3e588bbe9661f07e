"""Believable assessments of a chosen size, for `benchmark_reports` (and its test). Only ever run in a
scratch database: it creates organisations, a partnership, and for sizes other than the BASW 2010 set, a
synthetic framework version."""

import io
import itertools
import random
from datetime import date, timedelta

from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from assessments.models import (
    Action,
    ActionStatus,
    Assessment,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Priority,
    Region,
    Response,
    ReviewState,
    Role,
    SignOff,
    Status,
    Team,
    User,
)
from standards.models import Band, Domain, Framework, FrameworkVersion, RatingLevel, Standard, StandardKind

EVIDENCE = (
    "The section 75 agreement (schedule 2) names the partnership's duties for social care; the Joint Management "
    "Group minutes of {month} record the Principal Social Worker's quarterly report on supervision, caseloads and "
    "AMHP cover. Held jointly by the trust and the council."
)
ACTION = (
    "Agree with the Trust Chair and the council's Director of Adult Social Services how the social care "
    "lead reports on {code} to the Joint Management Group, and publish the terms of reference."
)
DOMAINS = ["Principles", "Governance", "Management", "Leadership", "Multi-disciplinary team working"]


def _basw_2010() -> FrameworkVersion:
    if not FrameworkVersion.objects.filter(slug="2010").exists():
        call_command("load_standards", verbosity=0, stdout=io.StringIO())
    return FrameworkVersion.objects.get(slug="2010")


def _synthetic_version(standards: int) -> FrameworkVersion:
    """A published version with `standards` practice standards over five domains, scale and bands of 2010."""
    basw = _basw_2010()
    framework = Framework.objects.create(
        slug=f"bench-{standards}", name=f"Benchmark framework ({standards})", short_name=f"Bench {standards}"
    )
    version = FrameworkVersion.objects.create(
        framework=framework,
        slug=f"bench-{standards}",
        label=f"Benchmark {standards}",
        title="Benchmark standards",
        publication_date=date(2010, 9, 1),
        publisher="BASW",
        source_citation="Synthetic, for benchmarks only.",
        status="published",
    )
    RatingLevel.objects.bulk_create(
        RatingLevel(
            version=version,
            code=lv.code,
            label=lv.label,
            description=lv.description,
            score=lv.score,
            colour=lv.colour,
            meets_standard=lv.meets_standard,
        )
        for lv in basw.rating_levels.all()
    )
    Band.objects.bulk_create(
        Band(
            version=version,
            code=b.code,
            label=b.label,
            description=b.description,
            min_percent=b.min_percent,
            max_percent=b.max_percent,
            colour=b.colour,
        )
        for b in basw.bands.all()
    )
    domains = [Domain.objects.create(version=version, code=f"d{i}", order=i, title=t) for i, t in enumerate(DOMAINS)]
    sample = list(basw.standards.assessable().order_by("source_order"))
    Standard.objects.bulk_create(
        Standard(
            version=version,
            domain=domains[i * len(domains) // standards],
            code=f"B{i + 1}",
            kind=StandardKind.PRACTICE,
            source_order=i + 1,
            title=sample[i % len(sample)].title,
            text=sample[i % len(sample)].text,
            source_reference=f"Synthetic, item {i + 1}",
        )
        for i in range(standards)
    )
    return version


@transaction.atomic
def build_assessment(*, standards: int, actions: int, seed: int = 2026) -> Assessment:
    """An assessment under review with `standards` rated answers and `actions` actions spread over them."""
    rng = random.Random(seed)
    n = Partnership.objects.count() + 1
    basw = _basw_2010()
    version = basw if standards == basw.standards.assessable().count() else _synthetic_version(standards)
    trust = Organisation.objects.create(
        kind=OrganisationKind.NHS_TRUST,
        name=f"Benchmark NHS Foundation Trust {n}",
        code=f"RB{n}",
        region=Region.SOUTH_WEST,
    )
    councils = [
        Organisation.objects.create(
            kind=OrganisationKind.LOCAL_AUTHORITY,
            name=f"Benchmark {side} Council {n}",
            code=f"E0{n}{i}",
            region=Region.SOUTH_WEST,
        )
        for i, side in enumerate(("North", "South"))
    ]
    partnership = Partnership.objects.create(
        name=f"Benchmark Mental Health Partnership {n}",
        trust=trust,
        arrangement="s75_delegated",
        continuum_stage="formal",
        social_worker_employment="seconded",
        agreement_start=date(2019, 4, 1),
    )
    partnership.councils.set(councils)
    for i in range(6):
        Team.objects.create(
            partnership=partnership,
            name=f"Benchmark CMHT {i + 1}",
            service="working_age",
            social_workers=rng.randint(1, 6),
            nurses=rng.randint(6, 14),
            psychiatrists=2,
            social_work_line_manager="social_worker",
            has_social_work_supervision=i % 2 == 0,
            supervision_frequency="monthly" if i % 2 == 0 else "",
        )
    lead = User.objects.create_user(
        email=f"bench.lead.{n}@example.org", full_name="Benchmark Lead", job_title="Principal Social Worker"
    )
    Membership.objects.create(user=lead, organisation=trust, role=Role.LEAD)
    assessment = Assessment.objects.create(
        partnership=partnership,
        period="2026/27",
        version=version,
        created_by=lead,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    levels = list(version.rating_levels.order_by("score"))
    items = list(version.standards.assessable().order_by("source_order"))
    Response.objects.bulk_create(
        Response(
            assessment=assessment,
            standard=s,
            rating=rng.choice(levels),
            evidence=EVIDENCE.format(month=rng.choice(["March", "June", "September", "December"])),
            evidence_held_jointly=True,
            review_state=ReviewState.QUERIED if i % 9 == 0 else "",
            review_comment="The minutes show the report was made once, not quarterly." if i % 9 == 0 else "",
            reply="The other reports are in the Joint Management Group's private minutes." if i % 9 == 0 else "",
        )
        for i, s in enumerate(items)
    )
    responses = list(assessment.responses.select_related("standard"))
    owners = itertools.cycle(
        [
            (trust, "Helen Marsh", "Director of Social Care"),
            (councils[0], "Fiona Barker", "Principal Social Worker"),
            (councils[1], "Raj Patel", "Head of Adult Social Care"),
            (None, "Joint Management Group", "Chair"),
        ]
    )
    today = timezone.localdate()
    bulk = []
    for i in range(actions):
        response = responses[i % len(responses)]
        organisation, owner, role = next(owners)
        bulk.append(
            Action(
                response=response,
                description=ACTION.format(code=response.standard.code),
                owner_name=owner,
                owner_role=role,
                responsible_organisation=organisation,
                due_date=today + timedelta(days=rng.randint(-60, 300)),
                priority=rng.choice(list(Priority)),
                status=rng.choice(list(ActionStatus)),
            )
        )
    Action.objects.bulk_create(bulk)
    for organisation in (trust, *councils):
        SignOff.objects.create(
            assessment=assessment,
            organisation=organisation,
            user=lead,
            signed_name="Benchmark Lead",
            signed_role="Principal Social Worker",
        )
    return assessment
