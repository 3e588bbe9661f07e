"""Small standards content for the browser and admin tests: BASW 2010 and a 2012 charter that restates it.

Not the real fixtures: a handful of items with believable wording, built with model objects.
"""

from datetime import date

from standards.models import (
    Band,
    Domain,
    EthicsPrinciple,
    Framework,
    FrameworkVersion,
    RatingLevel,
    Standard,
    StandardKind,
    VersionStatus,
)

SUPERVISION_TEXT = (
    "Social workers in multi-disciplinary teams should receive regular professional supervision "
    "from a qualified and experienced social worker."
)
CHARTER_SUPERVISION_TEXT = "Employers will ensure that every social worker has regular professional supervision."


def make_framework(slug="basw-mental-health"):
    framework, _ = Framework.objects.get_or_create(
        slug=slug,
        defaults={
            "name": "BASW standards for social work in multi-disciplinary mental health teams",
            "short_name": "BASW MH",
        },
    )
    return framework


def make_version(*, framework=None, slug="2010", label="BASW 2010", status=VersionStatus.PUBLISHED, based_on=None):
    """A version with a four-level rating scale, two bands and two domains, and no standards."""
    version = FrameworkVersion.objects.create(
        framework=framework or make_framework(),
        slug=slug,
        label=label,
        title="Social work in multi-disciplinary mental health teams",
        publication_date=date(2010, 9, 1) if based_on is None else date(2012, 3, 1),
        publisher="British Association of Social Workers",
        source_citation=f"BASW ({slug}) Social work in multi-disciplinary mental health teams. Birmingham: BASW.",
        status=status,
        introduction="These standards set out what social workers need from the organisations they work in.",
        based_on=based_on,
    )
    for score, (code, label_, colour) in enumerate(
        [("not-met", "Not met", "#d4351c"), ("partly-met", "Partly met", "#f47738"), ("met", "Met", "#00703c")]
    ):
        RatingLevel.objects.create(
            version=version,
            code=code,
            label=label_,
            score=score,
            colour=colour,
            description=f"The standard is {label_.lower()}.",
        )
    Band.objects.create(
        version=version, code="weak", label="Needs work", min_percent=0, max_percent=59.99, colour="#d4351c"
    )
    Band.objects.create(
        version=version, code="strong", label="Strong", min_percent=60, max_percent=100, colour="#00703c"
    )
    Domain.objects.create(version=version, code="principles", order=1, title="Principles")
    Domain.objects.create(version=version, code="support", order=2, title="Supervision and support")
    return version


def add_standard(version, code, *, title, text, domain="support", kind=StandardKind.PRACTICE, **extra):
    order = extra.pop("source_order", None) or version.standards.count() + 1
    return Standard.objects.create(
        version=version,
        domain=version.domains.get(code=domain),
        code=code,
        kind=kind,
        source_order=order,
        title=title,
        text=text,
        source_reference=extra.pop("source_reference", f"{version.label}, §12.2, item {code}"),
        **extra,
    )


def make_principle(code="integrity", order=4, title="Integrity"):
    principle, _ = EthicsPrinciple.objects.get_or_create(
        code=code,
        defaults={
            "order": order,
            "title": title,
            "points": ["Upholding the values and reputation of the profession.", "Being trustworthy."],
            "source_reference": "BASW Code of Ethics (2012), §2.4",
        },
    )
    return principle


def make_basw_2010():
    """BASW 2010: P1, S15 Supervision with sub-item S15a, S16, and a retired S17."""
    version = make_version()
    add_standard(
        version,
        "P1",
        title="Social work values",
        text="Social work brings a social perspective on mental distress, grounded in human rights.",
        domain="principles",
        kind=StandardKind.PRINCIPLE,
    )
    s15 = add_standard(
        version,
        "S15",
        title="Supervision",
        text=SUPERVISION_TEXT,
        guidance=[{"text": "Supervision happens at least monthly and is recorded.", "source": "seed 000, §12.3"}],
        evidence_examples=[{"text": "The supervision policy and a sample of records.", "source": "seed 000, §12.4"}],
        notes="Mended a line break that split “multi-disciplinary” in the source PDF.",
    )
    s15.ethics_principles.add(make_principle())
    add_standard(
        version,
        "S15a",
        title="Supervision by a social worker",
        text="Where line management is by another profession, professional supervision is by a social worker.",
        parent=s15,
    )
    add_standard(version, "S16", title="Continuing development", text="Social workers have protected time to learn.")
    add_standard(version, "S17", title="Old item", text="An item no longer in the text.", retired=True)
    return version


def make_charter_2012(basw_2010):
    """The 2012 charter: C1 restates S15; C2 is new."""
    charter = make_version(slug="2012-charter", label="BASW 2012 charter", based_on=basw_2010)
    add_standard(
        charter,
        "C1",
        title="Supervision",
        text=CHARTER_SUPERVISION_TEXT,
        restates=basw_2010.standards.get(code="S15"),
    )
    add_standard(charter, "C2", title="Caseloads", text="Employers will keep caseloads manageable.", is_new=True)
    return charter
