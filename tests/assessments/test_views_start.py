"""Starting an assessment: the period, the pinned version of the standards, and carrying forward."""

import html
from datetime import date

import pytest

from assessments import services
from assessments.forms.assessment import PERIOD_FORMAT, PERIOD_RANGE, PERIOD_SEQUENCE
from assessments.models import Assessment, RatingMode, Status
from assessments.services.review import review_agree_remaining
from assessments.services.starting import PERIOD_TAKEN, current_financial_year, financial_year, period_problem
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
    response = lead_client.post(
        url("start", partnership.pk), {"period": "2026/27", "version": version.pk, "rating_mode": "together"}
    )
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
    response = lead_client.post(
        url("start", partnership.pk), {"period": period, "version": version.pk, "rating_mode": "together"}
    )
    assert response.status_code == 200
    text = page(response)
    assert text.count(message) == 2  # in the error summary and beside the field
    assert f'value="{period}"' in text
    assert not Assessment.objects.exists()


def out_of_range():
    return PERIOD_RANGE.format(first="2000/01", last=financial_year(current_financial_year() + 2))


@pytest.mark.parametrize("period", ["0000/01", "9999/00", "1999/00", "2099/00"])
def test_a_period_outside_2000_to_two_years_ahead_is_refused_by_the_page(lead_client, partnership, version, period):
    response = lead_client.post(
        url("start", partnership.pk), {"period": period, "version": version.pk, "rating_mode": "together"}
    )
    assert response.status_code == 200
    assert page(response).count(out_of_range()) == 2
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("period", ["0000/01", "9999/00", "2026/2027"])
def test_a_period_the_form_would_refuse_is_refused_by_the_service_too(partnership, version, trust_lead, period):
    with pytest.raises(services.WorkflowError) as excinfo:
        services.assessment_start(
            rating_mode=RatingMode.TOGETHER, partnership=partnership, period=period, version=version, actor=trust_lead
        )
    assert excinfo.value.message_dict == {"period": [period_problem(period)]}
    assert not Assessment.objects.exists()


def test_the_first_and_last_periods_in_range_are_accepted(lead_client, partnership, version):
    last = financial_year(current_financial_year() + 2)
    for period in ["2000/01", last]:
        lead_client.post(
            url("start", partnership.pk), {"period": period, "version": version.pk, "rating_mode": "together"}
        )
    assert set(Assessment.objects.values_list("period", flat=True)) == {"2000/01", last}


def test_the_turn_of_the_century_follows_on_when_it_is_in_range():
    assert period_problem("2099/00", today=date(2098, 6, 1)) is None
    assert period_problem("2099/01", today=date(2098, 6, 1)) == PERIOD_SEQUENCE


def test_the_start_page_offers_the_current_financial_year_when_it_is_free(lead_client, partnership):
    current = financial_year(current_financial_year())
    assert f'value="{current}"' in page(lead_client.get(url("start", partnership.pk)))


def test_the_start_page_offers_the_year_after_the_latest_assessment_not_one_that_exists(
    lead_client, partnership, version, trust_lead
):
    year = current_financial_year()
    services.assessment_start(
        rating_mode=RatingMode.TOGETHER,
        partnership=partnership,
        period=financial_year(year),
        version=version,
        actor=trust_lead,
    )
    text = page(lead_client.get(url("start", partnership.pk)))
    assert f'name="period" value="{financial_year(year + 1)}"' in text
    assert f'value="{financial_year(year)}"' not in text


def test_the_next_free_period_skips_to_after_the_latest_and_past_taken_ones(partnership, version, trust_lead):
    today = date(2026, 12, 1)
    assert services.next_free_period(partnership, today=today) == "2026/27"
    for period in ["2024/25", "2026/27", "2027/28"]:
        services.assessment_start(
            rating_mode=RatingMode.TOGETHER, partnership=partnership, period=period, version=version, actor=trust_lead
        )
    assert services.next_free_period(partnership, today=today) == "2028/29"
    assert services.next_free_period(partnership, today=date(2031, 5, 1)) == "2031/32"


def test_a_second_assessment_for_the_same_period_is_refused(lead_client, partnership, version, assessment):
    response = lead_client.post(
        url("start", partnership.pk), {"period": "2026/27", "version": version.pk, "rating_mode": "together"}
    )
    assert response.status_code == 200
    assert PERIOD_TAKEN.format(period="2026/27") in page(response)
    assert Assessment.objects.count() == 1


def test_carry_forward_is_not_offered_without_an_accepted_assessment(lead_client, partnership, assessment):
    text = page(lead_client.get(url("start", partnership.pk)))
    assert 'name="carry_forward"' not in text


def accept(assessment, leads, officer):
    submitted(assessment, *leads)
    services.assessment_take(assessment=assessment, actor=officer)
    review_agree_remaining(assessment=assessment, actor=officer)
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
        url("start", partnership.pk),
        {"period": "2027/28", "version": version.pk, "carry_forward": "on", "rating_mode": "together"},
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
    lead_client.post(
        url("start", partnership.pk), {"period": "2027/28", "version": version.pk, "rating_mode": "together"}
    )
    new = Assessment.objects.get(period="2027/28")
    assert new.carried_from is None
    assert not new.responses.filter(carried_forward=True).exists()
