"""Small builders for test data. Each returns saved objects with believable values."""

import itertools
from datetime import date

from assessments.models import (
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Region,
    Role,
    Team,
    User,
)
from standards.models import Band, Domain, Framework, FrameworkVersion, RatingLevel, Standard, StandardKind

_seq = itertools.count(1)

LEVELS = [
    ("not-met", "Not met", 0, "#d4351c"),
    ("partially-met", "Partially met", 1, "#f47738"),
    ("largely-met", "Largely met", 2, "#ffdd00"),
    ("fully-met", "Fully met", 3, "#00703c"),
]


def make_version(*, practices=6, slug=None, status="published", framework=None) -> FrameworkVersion:
    """A framework version with two principles and `practices` practice standards over three domains."""
    n = next(_seq)
    framework = framework or Framework.objects.create(
        slug=f"test-framework-{n}", name=f"Test framework {n}", short_name=f"TF{n}"
    )
    version = FrameworkVersion.objects.create(
        framework=framework,
        slug=slug or f"v{n}",
        label=f"Test {n}",
        title="Test standards",
        publication_date=date(2010, 9, 1),
        publisher="BASW",
        source_citation="Test citation",
        status=status,
    )
    for code, label, score, colour in LEVELS:
        RatingLevel.objects.create(
            version=version,
            code=code,
            label=label,
            score=score,
            colour=colour,
            description=f"{label}.",
            meets_standard=score >= 2,  # largely met and fully met
        )
    Band.objects.create(version=version, code="weak", label="Weak", min_percent=0, max_percent=49.99, colour="#d4351c")
    Band.objects.create(version=version, code="good", label="Good", min_percent=50, max_percent=100, colour="#00703c")
    principles = Domain.objects.create(version=version, code="principles", order=1, title="Principles")
    governance = Domain.objects.create(version=version, code="governance", order=2, title="Governance")
    leadership = Domain.objects.create(version=version, code="leadership", order=3, title="Leadership")
    order = itertools.count(1)
    for i in (1, 2):
        Standard.objects.create(
            version=version,
            domain=principles,
            code=f"P{i}",
            kind=StandardKind.PRINCIPLE,
            source_order=next(order),
            title=f"Principle {i}",
            text=f"Principle {i} text.",
            source_reference=f"Test, §12.1, principle {i}",
        )
    for i in range(1, practices + 1):
        Standard.objects.create(
            version=version,
            domain=governance if i % 2 else leadership,
            code=f"S{i}",
            kind=StandardKind.PRACTICE,
            source_order=next(order),
            title=f"Practice {i}",
            text=f"Practice standard number {i}.",
            source_reference=f"Test, §12.2, item {i}",
        )
    return version


def make_user(*, name: str, email: str | None = None, job_title: str = "") -> User:
    email = email or f"{name.lower().replace(' ', '.')}.{next(_seq)}@example.org"
    return User.objects.create_user(
        email=email, password="correct horse battery staple", full_name=name, job_title=job_title
    )


def make_organisation(*, kind: str, name: str | None = None, region: str = Region.NORTH_WEST) -> Organisation:
    n = next(_seq)
    default = {
        OrganisationKind.NHS_TRUST: f"Test Mental Health NHS Foundation Trust {n}",
        OrganisationKind.LOCAL_AUTHORITY: f"Test Borough Council {n}",
        OrganisationKind.PROFESSIONAL_BODY: f"Professional body {n}",
    }[kind]
    return Organisation.objects.create(kind=kind, name=name or default, region=region)


def make_member(organisation: Organisation, role: str, name: str, **kwargs) -> User:
    user = make_user(name=name, **kwargs)
    Membership.objects.create(user=user, organisation=organisation, role=role)
    return user


def make_partnership(*, councils=1, region=Region.NORTH_WEST, **fields) -> Partnership:
    n = next(_seq)
    trust = make_organisation(kind=OrganisationKind.NHS_TRUST, region=region)
    partnership = Partnership.objects.create(
        name=fields.pop("name", f"Test partnership {n}"),
        trust=trust,
        arrangement=fields.pop("arrangement", "s75_pooled"),
        continuum_stage=fields.pop("continuum_stage", "pooled"),
        social_worker_employment=fields.pop("social_worker_employment", "seconded"),
        agreement_start=date(2019, 4, 1),
        next_review_date=fields.pop("next_review_date", date(2027, 3, 31)),
        **fields,
    )
    for _ in range(councils):
        partnership.councils.add(make_organisation(kind=OrganisationKind.LOCAL_AUTHORITY, region=region))
    return partnership


def team_values(**fields) -> dict:
    """A believable team's fields (its name unique), with `fields` over them; unsaved, for make_team or a service."""
    values = {
        "name": f"CMHT {next(_seq)}",
        "service": "working_age",
        "social_workers": 4,
        "amhps": 2,
        "nurses": 8,
        "occupational_therapists": 2,
        "psychologists": 1,
        "psychiatrists": 2,
        "support_workers": 3,
        "others": 0,
        "social_work_line_manager": "social_worker",
        "has_social_work_supervision": True,
        "supervision_frequency": "monthly",
    }
    values.update(fields)
    return values


def make_team(partnership: Partnership, **fields) -> Team:
    return Team.objects.create(partnership=partnership, **team_values(**fields))


def basw() -> Organisation:
    org, _ = Organisation.objects.get_or_create(
        name="British Association of Social Workers",
        defaults={"kind": OrganisationKind.PROFESSIONAL_BODY, "region": Region.NATIONAL},
    )
    return org


__all__ = ["Role"]
