"""The demo world: BASW, two partnerships, their CMHTs and the people who sign in.

Everything here is fictional but drawn from the seeds: the North West partnership is a trust with two
councils under a section 75 agreement with a pooled budget (seed 000 §5.1, the third stage of the
continuum); one of its teams has a single social worker among seventeen nurses (seed 000 §7.2). The
South West partnership seconds council-employed social workers without a section 75 agreement.
Records are found again by their names and emails, so building the world twice changes nothing.
"""

from datetime import date

from ..models import (
    Arrangement,
    ContinuumStage,
    Employment,
    Membership,
    Organisation,
    OrganisationKind,
    Partnership,
    Profession,
    Region,
    Role,
    Service,
    SupervisionFrequency,
    Team,
    User,
)
from .years import leadership_of, posts

DEMO_PASSWORD = "demo-password-2026"
DOMAIN = "demo.partnership-audit.test"
ADMIN_EMAIL = f"admin@{DOMAIN}"

# key: (kind, name, code, region)
ORGANISATIONS = {
    "basw": (OrganisationKind.PROFESSIONAL_BODY, "British Association of Social Workers", "", Region.NATIONAL),
    "trust": (
        OrganisationKind.NHS_TRUST,
        "Northshire and Fellside Mental Health NHS Foundation Trust",
        "R9N",
        Region.NORTH_WEST,
    ),
    "northshire": (OrganisationKind.LOCAL_AUTHORITY, "Northshire County Council", "E10000099", Region.NORTH_WEST),
    "fellside": (OrganisationKind.LOCAL_AUTHORITY, "Fellside Borough Council", "E07000999", Region.NORTH_WEST),
    "dartvale": (
        OrganisationKind.NHS_TRUST,
        "Dartvale Health and Care NHS Foundation Trust",
        "R9S",
        Region.SOUTH_WEST,
    ),
    "westcombe": (OrganisationKind.LOCAL_AUTHORITY, "Westcombe Council", "E06000099", Region.SOUTH_WEST),
}

# key: (email local part, organisation key, role, full name, job title)
PEOPLE = {
    "officer": ("basw.officer", "basw", Role.OFFICER, "Olivia Okafor", "Professional Officer"),
    "officer2": ("basw.officer2", "basw", Role.OFFICER, "Daniel Hughes", "Senior Professional Officer"),
    "trust_lead": ("trust.lead", "trust", Role.LEAD, "Helen Marsh", "Director of Social Care"),
    "trust_contributor": ("trust.contributor", "trust", Role.CONTRIBUTOR, "Priya Shah", "CMHT Manager"),
    "trust_manager": ("trust.manager", "trust", Role.MANAGER, "Gareth Lloyd", "Head of Community Services"),
    "northshire_lead": ("northshire.lead", "northshire", Role.LEAD, "Fiona Barker", "Principal Social Worker"),
    "northshire_contributor": (
        "northshire.contributor",
        "northshire",
        Role.CONTRIBUTOR,
        "Tom Whitfield",
        "Team Manager, Mental Health Social Work",
    ),
    "northshire_manager": (
        "northshire.manager",
        "northshire",
        Role.MANAGER,
        "Angela Price",
        "Assistant Director, Adult Social Care",
    ),
    "fellside_lead": ("fellside.lead", "fellside", Role.LEAD, "Raj Patel", "Head of Adult Social Care"),
    "fellside_contributor": (
        "fellside.contributor",
        "fellside",
        Role.CONTRIBUTOR,
        "Kirsty Doyle",
        "AMHP Lead and Senior Practitioner",
    ),
    "fellside_manager": ("fellside.manager", "fellside", Role.MANAGER, "Michael Evans", "Commissioning Manager"),
    "dartvale_lead": (
        "dartvale.lead",
        "dartvale",
        Role.LEAD,
        "Sarah Penrose",
        "Associate Director of Social Work",
    ),
    "dartvale_contributor": (
        "dartvale.contributor",
        "dartvale",
        Role.CONTRIBUTOR,
        "Jack Trevithick",
        "Team Manager, Dartvale North CMHT",
    ),
    "dartvale_manager": ("dartvale.manager", "dartvale", Role.MANAGER, "Lucy Hammond", "Partnership Manager"),
    "westcombe_lead": (
        "westcombe.lead",
        "westcombe",
        Role.LEAD,
        "Aisha Rahman",
        "Director of Adult Social Services",
    ),
    "westcombe_contributor": (
        "westcombe.contributor",
        "westcombe",
        Role.CONTRIBUTOR,
        "Neil Carter",
        "Principal Social Worker, Mental Health",
    ),
    "westcombe_manager": (
        "westcombe.manager",
        "westcombe",
        Role.MANAGER,
        "Emma Collins",
        "Service Manager, Mental Health",
    ),
}

PARTNERSHIPS = {
    "northshire": {
        "name": "Northshire and Fellside Mental Health Partnership",
        "trust": "trust",
        "councils": ["northshire", "fellside"],
        "arrangement": Arrangement.S75_POOLED,
        "continuum_stage": ContinuumStage.POOLED,
        "social_worker_employment": Employment.SECONDED,
        "agreement_start": date(2014, 4, 1),
        "next_review_date": date(2027, 3, 31),
        "notes": (
            "Section 75 agreement with a pooled budget for adult community mental health services. Council social "
            "workers are seconded to the Trust's CMHTs; AMHP services stay with each council."
        ),
    },
    "dartvale": {
        "name": "Dartvale and Westcombe Community Mental Health Partnership",
        "trust": "dartvale",
        "councils": ["westcombe"],
        "arrangement": Arrangement.SECONDMENT,
        "continuum_stage": ContinuumStage.FORMAL,
        "social_worker_employment": Employment.COUNCIL,
        "agreement_start": date(2019, 10, 1),
        "next_review_date": date(2027, 9, 30),
        "notes": (
            "No section 75 agreement since the council withdrew in 2019. Social workers stay employed by "
            "Westcombe Council and are placed in the Trust's CMHTs under a secondment agreement."
        ),
    },
}

# Who owns each partnership's joint actions: the chair of the body the partners answer to, named without an account.
CHAIRS = {
    "northshire": ("Margaret Ellis", "Independent Chair, Section 75 Partnership Board"),
    "dartvale": ("Graham Rowe", "Chair, Joint Management Group"),
}

_TEAM_FIELDS = (
    "name",
    "service",
    "social_workers",
    "amhps",
    "nurses",
    "occupational_therapists",
    "psychologists",
    "psychiatrists",
    "support_workers",
    "others",
    "social_work_line_manager",
    "has_social_work_supervision",
    "supervision_frequency",
)
WA, OP, EI = Service.WORKING_AGE, Service.OLDER_PEOPLE, Service.EARLY_INTERVENTION
SW, NURSE, OT = Profession.SOCIAL_WORKER, Profession.NURSE, Profession.OCCUPATIONAL_THERAPIST
MONTHLY, SIX_WEEKLY = SupervisionFrequency.MONTHLY, SupervisionFrequency.SIX_WEEKLY
QUARTERLY = SupervisionFrequency.QUARTERLY

TEAMS = {
    "northshire": [
        ("Northshire North CMHT", WA, 5, 2, 9, 2, 1, 2, 3, 1, SW, True, MONTHLY),
        # Seed 000 §7.2: one social worker among seventeen nurses, line-managed by a nurse.
        ("Fellside Valley CMHT", WA, 1, 1, 17, 1, 1, 2, 4, 0, NURSE, True, QUARTERLY),
        ("Northshire Older People's CMHT", OP, 4, 1, 6, 2, 1, 1, 2, 0, SW, True, MONTHLY),
        ("Northshire Early Intervention in Psychosis Team", EI, 3, 0, 5, 1, 1, 1, 3, 0, NURSE, True, SIX_WEEKLY),
    ],
    "dartvale": [
        ("Dartvale North CMHT", WA, 3, 1, 8, 1, 1, 2, 2, 0, NURSE, True, MONTHLY),
        ("Westcombe Town CMHT", WA, 4, 2, 7, 2, 1, 2, 3, 1, SW, True, MONTHLY),
        ("Dartvale Older Adults CMHT", OP, 2, 0, 6, 2, 0, 1, 2, 0, OT, False, ""),
    ],
}


def _sync(obj, values: dict) -> None:
    """Set the fields that differ and save only those, so a second run writes nothing."""
    changed = [field for field, value in values.items() if getattr(obj, field) != value]
    for field in changed:
        setattr(obj, field, values[field])
    if changed:
        obj.full_clean()
        obj.save(update_fields=changed)


def ensure_organisations() -> dict[str, Organisation]:
    organisations = {}
    for key, (kind, name, code, region) in ORGANISATIONS.items():
        org = Organisation.objects.filter(name=name).first()
        if org is None:
            org = Organisation(name=name, kind=kind, code=code, region=region)
            org.full_clean()
            org.save()
        else:
            _sync(org, {"kind": kind, "code": code, "region": region})
        organisations[key] = org
    return organisations


def _ensure_user(email: str, full_name: str, job_title: str = "", **flags) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        creator = User.objects.create_superuser if flags.get("is_superuser") else User.objects.create_user
        return creator(email=email, password=DEMO_PASSWORD, full_name=full_name, job_title=job_title)
    _sync(user, {"full_name": full_name, "job_title": job_title, "is_active": True, **flags})
    return user


def ensure_people(organisations: dict[str, Organisation]) -> dict[str, User]:
    people = {"admin": _ensure_user(ADMIN_EMAIL, "Site Administrator", is_staff=True, is_superuser=True)}
    for key, (local, org_key, role, full_name, job_title) in PEOPLE.items():
        user = _ensure_user(f"{local}@{DOMAIN}", full_name, job_title)
        membership, created = Membership.objects.get_or_create(
            user=user, organisation=organisations[org_key], defaults={"role": role}
        )
        if not created and membership.role != role:
            membership.role = role
            membership.save(update_fields=["role"])
        people[key] = user
    return people


def teams_at_the_end_of_2025() -> dict[str, dict[str, dict]]:
    """By partnership key and team name: the team's fields at the end of 2025/26 (TEAMS with years.POSTS)."""
    teams = {}
    for key, rows in TEAMS.items():
        fields = [dict(zip(_TEAM_FIELDS, row, strict=True)) for row in rows]
        teams[key] = {spec["name"]: {**spec, **posts(spec["name"])} for spec in fields}
    return teams


def ensure_partnerships(organisations: dict[str, Organisation]) -> dict[str, Partnership]:
    """Each partnership and its teams, created as they stood at the end of 2025/26; what changed since is
    years.record_this_year's, so a partnership or team found again keeps its figures and leadership facts."""
    partnerships = {}
    teams = teams_at_the_end_of_2025()
    for key, spec in PARTNERSHIPS.items():
        values = {field: value for field, value in spec.items() if field not in {"name", "trust", "councils"}}
        values["trust"] = organisations[spec["trust"]]
        partnership = Partnership.objects.filter(name=spec["name"]).first()
        if partnership is None:
            partnership = Partnership(name=spec["name"], **values, **leadership_of(key))
            partnership.full_clean()
            partnership.save()
        else:
            _sync(partnership, values)
        councils = {organisations[c].pk for c in spec["councils"]}
        if set(partnership.councils.values_list("pk", flat=True)) != councils:
            partnership.councils.set(councils)
        for name, fields in teams[key].items():
            team = Team.objects.filter(partnership=partnership, name=name).first()
            if team is None:
                team = Team(partnership=partnership, **fields)
                team.full_clean()
                team.save()
            else:
                _sync(team, {"service": fields["service"]})
        partnerships[key] = partnership
    return partnerships


def accounts(people: dict[str, User]) -> list[tuple[str, str, str, str]]:
    """(email, name, role, organisation) for every demo account, in the order of PEOPLE."""
    rows = [(people["admin"].email, people["admin"].full_name, "Site administrator (superuser)", "—")]
    for key, (_local, _org, _role, _name, _title) in PEOPLE.items():
        user = people[key]
        for membership in user.memberships.select_related("organisation"):
            rows.append((user.email, user.full_name, membership.get_role_display(), membership.organisation.name))
    return rows
