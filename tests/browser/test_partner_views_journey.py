"""A trust lead and a council lead rate one standard apart, see that they diverge, agree it, sign off and submit.

The council lead cannot see the trust's rating of the standard until the council has given its own. Every
page visited passes axe-core (WCAG 2.2 A/AA). The other standards are rated and agreed through the services
beforehand, so the journey is the one standard the partners saw differently.
"""

import re

import pytest
from playwright.sync_api import expect

from assessments.forms.answers import RATIONALE_LABEL
from assessments.models import Assessment, PartnerView, RatingMode, Role, Status
from assessments.scoring import Divergence, Scale
from tests import factories
from tests.assessments.partner_view_helpers import agree, give_view

from .conftest import sign_in, sign_out

pytestmark = pytest.mark.django_db(transaction=True)

TRUST_COMMENT = "Every team has monthly supervision from a senior social worker; the audit of May 2026 shows it."
COUNCIL_COMMENT = "Our seconded social workers tell us supervision is cancelled whenever the team is short."
RATIONALE = "We agreed partially met: the trust's audit covers the teams it manages, not the seconded staff."


@pytest.fixture
def fellside(db):
    """Fellside partnership: a trust and one council, each with a governance lead; a draft rated apart first."""
    version = factories.make_version(practices=2)
    partnership = factories.make_partnership(councils=1, name="Fellside Mental Health Partnership")
    trust, council = partnership.partner_organisations()
    tara = factories.make_member(trust, Role.LEAD, "Tara Trustlead", job_title="Director of Social Care")
    colin = factories.make_member(council, Role.LEAD, "Colin Councillead", job_title="Principal Social Worker")
    return version, partnership, tara, colin


def own_view_form(page):
    return page.locator("form[action$='/our-view/']")


def views_table(page):
    return page.locator("table.partner-views")


def give_own_view(page, axe, rating, comment):
    form = own_view_form(page)
    form.get_by_role("radio", name=re.compile(f"^{rating}:")).check()
    form.get_by_label("Your comment").fill(comment)
    form.get_by_role("button", name=re.compile("^Save .*'s view$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("P1")
    axe(page)


def sign_off(page, axe):
    page.get_by_label(re.compile("I confirm, as governance lead")).check()
    page.get_by_role("button", name=re.compile("Sign off for")).click()
    expect(page.get_by_text(re.compile("Signed off for"))).to_be_visible()
    axe(page)


def test_trust_and_council_rate_apart_see_the_divergence_agree_it_and_submit(page, axe, fellside):
    version, partnership, tara, colin = fellside

    # The trust lead starts the assessment: each partner rating first is the default.
    sign_in(page, tara, axe)
    page.get_by_role("link", name=partnership.name).first.click()
    axe(page)
    page.get_by_role("link", name="Start a new assessment").click()
    axe(page)
    expect(page.get_by_role("radio", name=re.compile("^Each partner rates first"))).to_be_checked()
    page.get_by_role("button", name="Start the assessment").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Self-assessment")
    axe(page)
    assessment = Assessment.objects.get(partnership=partnership)
    assert assessment.rating_mode == RatingMode.PARTNERS_FIRST

    # Every standard but P1: both partners fully met, agreed as such (through the services).
    for response in assessment.responses.exclude(standard__code="P1"):
        give_view(response, tara)
        give_view(response, colin)
        agree(response, tara)

    # The trust gives its own view of P1.
    page.goto(f"/assessments/{assessment.pk}/standards/P1/")
    axe(page)
    expect(page.get_by_role("heading", name="The agreed answer")).to_be_visible()
    give_own_view(page, axe, "Largely met", TRUST_COMMENT)
    sign_out(page)

    # The council lead cannot see the trust's rating or comment until the council has given its own.
    sign_in(page, colin)
    page.goto(f"/assessments/{assessment.pk}/standards/P1/")
    axe(page)
    table = views_table(page)
    expect(table).to_contain_text("Given. Shown once your organisation has given its own view.")
    expect(table).not_to_contain_text("Largely met")
    expect(page.locator("body")).not_to_contain_text(TRUST_COMMENT)
    expect(page.get_by_role("button", name="Save and add an action")).to_have_count(0)  # nothing to agree yet

    give_own_view(page, axe, "Not met", COUNCIL_COMMENT)
    table = views_table(page)
    expect(table).to_contain_text("Largely met")
    expect(table).to_contain_text(TRUST_COMMENT)
    expect(table).to_contain_text("Divergent")

    # The task list flags P1 as divergent; the council lead agrees it with a rationale and an action.
    page.goto(f"/assessments/{assessment.pk}/")
    axe(page)
    expect(page.locator("main")).to_contain_text("Divergent")
    page.get_by_role("link", name=re.compile(r"^P1 ")).first.click()
    axe(page)
    agreed = page.locator("form", has=page.get_by_role("button", name="Save and add an action"))
    agreed.get_by_role("radio", name=re.compile("^Partially met:")).check()
    agreed.get_by_label("Evidence", exact=True).fill("The trust's supervision audit, May 2026; the council's survey.")
    agreed.get_by_label(RATIONALE_LABEL).fill(RATIONALE)
    agreed.get_by_role("button", name="Save and add an action").click()
    page.wait_for_url(re.compile(r".*/actions/new/$"))
    axe(page)
    page.get_by_label("What will be done").fill("Audit supervision of seconded social workers with the council.")
    page.get_by_label("Owner's name").fill("Colin Councillead")
    page.get_by_label("Owner's role").fill("Principal Social Worker")
    page.get_by_label("Responsible organisation").select_option(label="Jointly (the partners together)")
    page.get_by_label("High").check()
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action added")).to_be_visible()
    axe(page)

    # Check your answers: the divergent standard first, with both views and the rationale; sign off.
    page.goto(f"/assessments/{assessment.pk}/check/")
    axe(page)
    expect(page.get_by_role("heading", name=re.compile("Where the partners saw it differently"))).to_be_visible()
    expect(page.locator("main")).to_contain_text(RATIONALE)
    sign_off(page, axe)
    sign_out(page)

    sign_in(page, tara)
    page.goto(f"/assessments/{assessment.pk}/check/")
    axe(page)
    sign_off(page, axe)
    page.get_by_role("button", name="Submit to BASW").click()
    expect(page.get_by_role("heading", name="Assessment submitted")).to_be_visible()
    axe(page)

    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED
    p1 = assessment.responses.get(standard__code="P1")
    views = {v.organisation_id: v for v in PartnerView.objects.filter(response=p1).select_related("rating")}
    trust, council = partnership.partner_organisations()
    assert views[trust.pk].rating.code == "largely-met" and views[trust.pk].comment == TRUST_COMMENT
    assert views[council.pk].rating.code == "not-met" and views[council.pk].comment == COUNCIL_COMMENT
    assert Scale.of(version).divergence(views.values()) == Divergence.DIVERGENT
    assert p1.rating.code == "partially-met" and p1.agreed_rationale == RATIONALE
    assert p1.actions.count() == 1
    assert len(axe.checked) >= 15
