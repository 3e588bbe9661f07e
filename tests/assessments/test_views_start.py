"""Starting an assessment: the period, the pinned version of the standards, and carrying forward."""

import html

import pytest

from assessments import services
from assessments.forms.assessment import PERIOD_FORMAT, PERIOD_SEQUENCE
from assessments.models import Assessment, Status
from assessments.services.answers import PERIOD_TAKEN
from tests import factories

from .page_helpers import submitted, url

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_client(client, trust_lead):
    client.force_login(trust_lead)
    return client


def page(response):
    return html.unescape(response.content.decode())


def test_starting_an_assessment_creates_one_answer_per_standard(lead_client, partnership, version, trust_lead):
    response = lead_client.post(url("start", partnership.pk), {"period": "2026/27", "version": version.pk})
    assessment = Assessment.objects.get(partnership=partnership)
    assert response["Location"] == url("overview", assessment.pk)
    assert (assessment.period, assessment.version, assessment.status) == ("2026/27", version, Status.DRAFT)
    assert assessment.created_by == trust_lead
    assert assessment.responses.count() == 8


def test_the_start_page_offers_only_published_versions(lead_client, partnership, version):
    draft = factories.make_version(status="draft")
    text = page(lead_client.get(url("start", partnership.pk)))
    assert f'value="{version.pk}"' in text
    assert f'value="{draft.pk}"' not in text


@pytest.mark.parametrize(
    ("period", "message"),
    [("2026-27", PERIOD_FORMAT), ("2026/2027", PERIOD_FORMAT), ("FY26", PERIOD_FORMAT), ("2026/28", PERIOD_SEQUENCE)],
)
def test_a_malformed_period_is_refused_with_its_message(lead_client, partnership, version, period, message):
    response = lead_client.post(url("start", partnership.pk), {"period": period, "version": version.pk})
    assert response.status_code == 200
    text = page(response)
    assert text.count(message) == 2  # in the error summary and beside the field
    assert f'value="{period}"' in text
    assert not Assessment.objects.exists()


def test_the_turn_of_the_century_period_is_accepted(lead_client, partnership, version):
    lead_client.post(url("start", partnership.pk), {"period": "2099/00", "version": version.pk})
    assert Assessment.objects.get().period == "2099/00"


def test_a_second_assessment_for_the_same_period_is_refused(lead_client, partnership, version, assessment):
    response = lead_client.post(url("start", partnership.pk), {"period": "2026/27", "version": version.pk})
    assert response.status_code == 200
    assert PERIOD_TAKEN.format(period="2026/27") in page(response)
    assert Assessment.objects.count() == 1


def test_carry_forward_is_not_offered_without_an_accepted_assessment(lead_client, partnership, assessment):
    text = page(lead_client.get(url("start", partnership.pk)))
    assert 'name="carry_forward"' not in text


def accept(assessment, leads, officer):
    submitted(assessment, *leads)
    services.assessment_take(assessment=assessment, actor=officer)
    services.assessment_accept(assessment=assessment, actor=officer)
    assessment.refresh_from_db()
    return assessment


def test_carry_forward_is_offered_and_copies_the_accepted_answers(
    lead_client, partnership, version, assessment, trust_lead, council_lead, council2_lead, officer
):
    accept(assessment, [trust_lead, council_lead, council2_lead], officer)
    text = page(lead_client.get(url("start", partnership.pk)))
    assert 'name="carry_forward"' in text
    assert "(2026/27)" in text

    response = lead_client.post(
        url("start", partnership.pk), {"period": "2027/28", "version": version.pk, "carry_forward": "on"}
    )
    assert response.status_code == 302
    new = Assessment.objects.get(period="2027/28")
    assert new.carried_from == assessment
    assert new.responses.filter(carried_forward=True).count() == 8
    assert set(new.responses.values_list("evidence", flat=True)) == {"Minutes of the partnership board."}


def test_carry_forward_can_be_declined(
    lead_client, partnership, version, assessment, trust_lead, council_lead, council2_lead, officer
):
    accept(assessment, [trust_lead, council_lead, council2_lead], officer)
    lead_client.post(url("start", partnership.pk), {"period": "2027/28", "version": version.pk})
    new = Assessment.objects.get(period="2027/28")
    assert new.carried_from is None
    assert not new.responses.filter(carried_forward=True).exists()
