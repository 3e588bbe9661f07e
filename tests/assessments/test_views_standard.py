"""The page for one standard: the answer form and the guard against two people saving over each other."""

from datetime import UTC, datetime

import pytest
from django.test import Client
from django.utils import timezone

from assessments.forms.answers import (
    NA_REASON_REQUIRED,
    RATING_REQUIRED,
)
from assessments.models import Response
from assessments.views.standard import SAVED_CLEARED, STALE_MESSAGE

from .page_helpers import (
    answer_all,
    answer_post,
    checked_answer,
    errors_in_summary,
    level,
    page,
    sign_off_all,
    url,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


# The answer


def test_saving_an_answer_stores_it_and_goes_to_the_next_standard_in_task_list_order(
    lead_client, assessment, s1, trust_lead, council
):
    response = lead_client.post(
        url("standard", assessment.pk, "S1"),
        answer_post(s1, answer="largely-met", evidence="Monthly supervision audit.", evidence_holder=str(council.pk)),
    )
    assert response.status_code == 302
    assert response["Location"] == url("standard", assessment.pk, "S3")  # S2 is in the next domain
    s1.refresh_from_db()
    assert s1.rating == level(assessment, "largely-met")
    assert s1.evidence == "Monthly supervision audit."
    assert s1.evidence_holder == council
    assert s1.updated_by == trust_lead
    assert s1.lock_version == 1


def test_save_and_stay_and_save_and_add_an_action_go_where_they_say(lead_client, assessment, s1):
    stay = lead_client.post(url("standard", assessment.pk, "S1"), {**answer_post(s1), "stay": ""})
    s1.refresh_from_db()
    add = lead_client.post(url("standard", assessment.pk, "S1"), {**answer_post(s1), "add_action": ""})
    assert stay["Location"] == url("standard", assessment.pk, "S1")
    assert add["Location"] == url("action_new", assessment.pk, "S1")


def test_the_last_standard_saves_to_the_overview(lead_client, assessment):
    last = Response.objects.filter(assessment=assessment).order_by("standard__source_order").last()
    response = lead_client.post(url("standard", assessment.pk, last.standard.code), answer_post(last))
    assert response["Location"] == url("overview", assessment.pk)


def test_the_form_shows_the_saved_answer(lead_client, assessment, s1):
    Response.objects.filter(pk=s1.pk).update(rating=level(assessment, "partially-met"), evidence="Board minutes")
    text = page(lead_client.get(url("standard", assessment.pk, "S1")))
    assert checked_answer(text) == "partially-met"
    assert "Board minutes</textarea>" in text
    assert "Standard 3 of 8" in text  # two principles come first


def test_not_applicable_without_a_reason_is_refused_beside_the_field_and_keeps_what_was_typed(
    lead_client, assessment, s1
):
    response = lead_client.post(
        url("standard", assessment.pk, "S1"),
        answer_post(s1, answer="not_applicable", not_applicable_reason=" ", evidence="We have no AMHPs."),
    )
    assert response.status_code == 200
    text = page(response)
    assert NA_REASON_REQUIRED in errors_in_summary(response)
    assert 'href="#id_not_applicable_reason"' in errors_in_summary(response)
    assert text.count(NA_REASON_REQUIRED) == 2  # in the summary and beside the field
    assert "We have no AMHPs.</textarea>" in text
    assert text.startswith("<!doctype html>") and "<title>Error: " in text
    s1.refresh_from_db()
    assert (s1.not_applicable, s1.evidence, s1.lock_version) == (False, "", 0)


def test_not_applicable_with_a_reason_is_saved(lead_client, assessment, s1):
    lead_client.post(
        url("standard", assessment.pk, "S1"),
        answer_post(s1, answer="not_applicable", not_applicable_reason="No inpatient service."),
    )
    s1.refresh_from_db()
    assert s1.not_applicable and s1.rating is None
    assert s1.not_applicable_reason == "No inpatient service."


def test_no_rating_is_refused_with_rating_required(lead_client, assessment, s1):
    data = answer_post(s1, evidence="Draft notes")
    del data["answer"]
    response = lead_client.post(url("standard", assessment.pk, "S1"), data)
    assert response.status_code == 200
    assert RATING_REQUIRED in errors_in_summary(response)
    assert 'href="#id_answer_0"' in errors_in_summary(response)
    assert "Draft notes</textarea>" in page(response)
    s1.refresh_from_db()
    assert s1.rating is None and s1.evidence == ""


def test_a_rating_from_another_scale_is_refused(lead_client, assessment, s1):
    response = lead_client.post(url("standard", assessment.pk, "S1"), answer_post(s1, answer="excellent"))
    assert response.status_code == 200
    s1.refresh_from_db()
    assert s1.rating is None


def test_saving_after_sign_off_clears_the_sign_offs_and_says_so(
    lead_client, assessment, s1, trust_lead, council_lead, council2_lead
):
    answer_all(assessment)
    s1.refresh_from_db()
    sign_off_all(assessment, trust_lead, council_lead, council2_lead)
    response = lead_client.post(
        url("standard", assessment.pk, "S1"), answer_post(s1, evidence="New evidence"), follow=True
    )
    assert SAVED_CLEARED in page(response)
    assert "Sign-offs were cleared" in page(response)
    assert assessment.signoffs.count() == 0


def test_saving_the_same_answer_after_sign_off_keeps_the_sign_offs_and_does_not_say_they_were_cleared(
    lead_client, assessment, s1, trust_lead, council_lead, council2_lead
):
    answer_all(assessment)
    s1.refresh_from_db()
    sign_off_all(assessment, trust_lead, council_lead, council2_lead)
    response = lead_client.post(
        url("standard", assessment.pk, "S1"), answer_post(s1, evidence=s1.evidence), follow=True
    )
    assert SAVED_CLEARED not in page(response)
    assert assessment.signoffs.count() == 3


# Two people editing the same standard


def test_a_stale_save_shows_the_other_answer_and_keeps_mine(assessment, s1, trust_lead, council_lead):
    first, second = Client(), Client()
    first.force_login(trust_lead)
    second.force_login(council_lead)
    path = url("standard", assessment.pk, "S1")
    first.get(path)
    second.get(path)  # both open the page at lock_version 0

    saved = first.post(path, answer_post(s1, answer="fully-met", evidence="Trust: supervision audit 2026."))
    assert saved.status_code == 302
    response = second.post(path, answer_post(s1, answer="not-met", evidence="Council: no supervision since May."))

    assert response.status_code == 200
    text = page(response)
    s1.refresh_from_db()
    expected = STALE_MESSAGE.format(name="Tara Trustlead", time=f"{timezone.localtime(s1.updated_at):%H:%M on %-d %B}")
    assert expected in text
    assert "Trust: supervision audit 2026." in text  # their answer, shown
    assert "Council: no supervision since May.</textarea>" in text  # mine, still in the form
    assert 'name="lock_version" value="1"' in text  # saving again now keeps mine
    assert (s1.rating.code, s1.evidence, s1.updated_by) == ("fully-met", "Trust: supervision audit 2026.", trust_lead)


def test_the_stale_message_gives_the_time_in_local_time(assessment, s1, trust_lead, council_lead):
    first, second = Client(), Client()
    first.force_login(trust_lead)
    second.force_login(council_lead)
    path = url("standard", assessment.pk, "S1")
    first.post(path, answer_post(s1, evidence="Trust answer"))
    Response.objects.filter(pk=s1.pk).update(updated_at=datetime(2026, 7, 1, 12, 5, tzinfo=UTC))
    response = second.post(path, answer_post(s1, evidence="Council answer"))
    assert STALE_MESSAGE.format(name="Tara Trustlead", time="13:05 on 1 July") in page(response)


def test_saving_again_after_a_conflict_keeps_mine(assessment, s1, trust_lead, council_lead):
    first, second = Client(), Client()
    first.force_login(trust_lead)
    second.force_login(council_lead)
    path = url("standard", assessment.pk, "S1")
    first.post(path, answer_post(s1, evidence="Trust answer"))
    second.post(path, answer_post(s1, evidence="Council answer"))
    s1.refresh_from_db()
    second.post(path, answer_post(s1, evidence="Council answer"))
    s1.refresh_from_db()
    assert (s1.evidence, s1.updated_by, s1.lock_version) == ("Council answer", council_lead, 2)
