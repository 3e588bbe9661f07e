"""The partnership's profile page: its governance leads change it, everyone in the partnership reads it and its
history, outsiders and BASW officers get 404. The people are the Mersey partnership's (tests/conftest.py)."""

import html
from datetime import date

import pytest
from django.urls import reverse

from assessments.access import NOT_A_PROFILE_EDITOR
from assessments.models import Assessment, Partnership, Team
from assessments.services.partnership import REVIEW_BEFORE_START
from assessments.views.partnership import PROFILE_SAVED
from partnership_audit.forms import REQUIRED_CHOICE

from .page_helpers import url

pytestmark = pytest.mark.django_db

NEW_PROFILE = {
    "arrangement": "s75_delegated",
    "continuum_stage": "formal",
    "social_worker_employment": "council",
    "agreement_start": "2020-04-01",
    "next_review_date": "2027-06-30",
}


def page(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize("lead", ["trust_lead", "council_lead"])
def test_a_governance_lead_changes_the_profile_and_the_history_says_who(request, client, partnership, assessment, lead):
    person = request.getfixturevalue(lead)
    client.force_login(person)
    before = Assessment.objects.get(pk=assessment.pk).revision

    form = client.get(url("profile", partnership.pk))
    assert form.status_code == 200
    assert "Integration in one organisation" in page(form) and "Care Trust" in page(form)
    # A date field shows the stored date in the form a browser's date picker reads, or saving would empty it.
    assert 'value="2019-04-01"' in page(form) and 'value="2027-03-31"' in page(form)
    response = client.post(url("profile", partnership.pk), NEW_PROFILE, follow=True)

    assert response.redirect_chain == [(url("partnership", partnership.pk), 302)]
    assert PROFILE_SAVED in page(response)
    partnership.refresh_from_db()
    assert (partnership.arrangement, partnership.continuum_stage, partnership.social_worker_employment) == (
        "s75_delegated",
        "formal",
        "council",
    )
    assert (partnership.agreement_start, partnership.next_review_date) == (date(2020, 4, 1), date(2027, 6, 30))
    assert Assessment.objects.get(pk=assessment.pk).revision == before + 1
    history = page(client.get(url("profile_history", partnership.pk)))
    assert person.full_name in history and "Stage on the continuum of integration" in history
    assert "Formal partnership with pooled budgets → More formal partnership" in history


@pytest.mark.parametrize("person", ["contributor", "manager"])
def test_contributors_and_managers_read_the_profile_and_its_history_but_cannot_change_it(
    request, client, partnership, person
):
    client.force_login(request.getfixturevalue(person))
    assert client.get(url("profile", partnership.pk)).status_code == 403
    refused = client.post(url("profile", partnership.pk), NEW_PROFILE)
    assert refused.status_code == 403
    assert Partnership.objects.get(pk=partnership.pk).arrangement == "s75_pooled"
    detail = page(client.get(url("partnership", partnership.pk)))
    assert "Formal partnership with pooled budgets" in detail
    assert "Change the profile" not in detail and url("profile_history", partnership.pk) in detail
    assert client.get(url("profile_history", partnership.pk)).status_code == 200


def test_the_refusal_says_why(client, partnership, manager):
    client.force_login(manager)
    response = client.post(url("profile", partnership.pk), NEW_PROFILE)
    assert NOT_A_PROFILE_EDITOR.format(role="Manager") in page(response)


@pytest.mark.parametrize("person", ["outsider", "officer"])
def test_outsiders_and_basw_officers_get_404_on_the_profile_pages(request, client, partnership, person):
    client.force_login(request.getfixturevalue(person))
    for name in ("profile", "profile_history"):
        assert client.get(url(name, partnership.pk)).status_code == 404
    assert client.post(url("profile", partnership.pk), NEW_PROFILE).status_code == 404
    assert Partnership.objects.get(pk=partnership.pk).arrangement == "s75_pooled"


def test_signed_out_people_are_sent_to_sign_in(client, partnership):
    response = client.get(url("profile", partnership.pk))
    assert response.status_code == 302 and reverse("login") in response["Location"]


def test_a_next_review_before_the_agreement_started_is_refused_with_a_clear_message(
    client, partnership, assessment, trust_lead
):
    client.force_login(trust_lead)
    before = Assessment.objects.get(pk=assessment.pk).revision
    response = client.post(url("profile", partnership.pk), {**NEW_PROFILE, "next_review_date": "2019-03-31"})

    assert response.status_code == 200
    text = page(response)
    assert REVIEW_BEFORE_START in text and 'href="#id_next_review_date"' in text
    assert text.count(REVIEW_BEFORE_START) == 2  # in the summary at the top, and by the field
    partnership.refresh_from_db()
    assert partnership.arrangement == "s75_pooled" and partnership.next_review_date == date(2027, 3, 31)
    assert Assessment.objects.get(pk=assessment.pk).revision == before


def test_a_missing_choice_is_named(client, partnership, trust_lead):
    client.force_login(trust_lead)
    response = client.post(url("profile", partnership.pk), {**NEW_PROFILE, "continuum_stage": ""})
    assert response.status_code == 200
    assert REQUIRED_CHOICE.format(the="the stage on the continuum of integration") in page(response)


@pytest.mark.parametrize("method", ["put", "delete", "patch"])
def test_the_profile_page_takes_only_get_and_post(client, partnership, trust_lead, method):
    client.force_login(trust_lead)
    assert getattr(client, method)(url("profile", partnership.pk)).status_code == 405
    assert client.post(url("profile_history", partnership.pk)).status_code == 405


def test_team_pages_write_through_the_service_with_history(client, partnership, assessment, contributor):
    client.force_login(contributor)
    before = Assessment.objects.get(pk=assessment.pk).revision
    data = {
        "name": "Bootle CMHT",
        "service": "working_age",
        "social_workers": 2,
        "amhps": 1,
        **dict.fromkeys(["nurses", "occupational_therapists", "psychologists", "psychiatrists"], 1),
        "support_workers": 0,
        "others": 0,
        "social_work_line_manager": "social_worker",
        "supervision_frequency": "",
    }
    assert client.post(url("team_new", partnership.pk), data).status_code == 302
    team = Team.objects.get(partnership=partnership, name="Bootle CMHT")
    assert client.post(url("team_delete", partnership.pk, team.pk)).status_code == 302

    assert not Team.objects.filter(pk=team.pk).exists()
    assert [r.history_user for r in Team.history.filter(id=team.pk)] == [contributor, contributor]
    assert Assessment.objects.get(pk=assessment.pk).revision == before + 2
    history = page(client.get(url("profile_history", partnership.pk)))
    assert "Bootle CMHT: team added" in history and "Bootle CMHT: team removed" in history
