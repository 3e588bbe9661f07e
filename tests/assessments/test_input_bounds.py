"""What people type is bounded, with a message naming the field and the limit, and a refusal changes nothing.

Tara (the trust's lead) answers standards and writes actions; Olive (a BASW officer) reviews and returns; the
partnership replies. Each text is bounded well under a spreadsheet cell's 32,767 characters, in the form and
again in the service, so a 2 MB answer that skips the form is refused too.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments.forms import ActionForm, ResponseForm
from assessments.forms.answers import DUE_DATE_PAST
from assessments.forms.review import AcceptForm, ReplyForm, ReturnForm, ReviewStandardForm
from assessments.models import Action, Response, Status
from assessments.services import WorkflowError, action_create, action_update, response_save
from assessments.services.limits import (
    ACTION_DESCRIPTION_MAX_CHARS,
    EVIDENCE_MAX_CHARS,
    NOT_APPLICABLE_REASON_MAX_CHARS,
    REVIEW_TEXT_MAX_CHARS,
    due_date_out_of_range,
    latest_due_date,
    text_too_long,
)
from assessments.services.review import response_reply, response_review
from tests.assessments.service_helpers import action_data, drive_to, response_data

pytestmark = pytest.mark.django_db

TWO_MEGABYTES = "x" * (2 * 1024 * 1024)


def response_form(assessment, **fields):
    response = assessment.responses.get(standard__code="S4")
    level = assessment.version.rating_levels.order_by("score").last()
    data = {"answer": level.code, "evidence": "Minutes.", "evidence_holder": "", "lock_version": response.lock_version}
    data.update(fields)
    return ResponseForm(data, assessment=assessment)


def action_form(assessment, initial=None, **fields):
    data = {
        "description": "Recruit",
        "owner_name": "Sam",
        "owner_role": "PSW",
        "responsible": "joint",
        "due_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "priority": "low",
        "status": "not_started",
    }
    data.update(fields)
    return ActionForm(data, assessment=assessment, initial=initial)


def test_evidence_over_the_limit_is_refused_in_the_form_with_a_message_naming_it(assessment):
    assert response_form(assessment, evidence="x" * EVIDENCE_MAX_CHARS).is_valid()
    form = response_form(assessment, evidence="x" * (EVIDENCE_MAX_CHARS + 1))
    assert form.errors["evidence"] == [text_too_long("Evidence", "x" * (EVIDENCE_MAX_CHARS + 1), EVIDENCE_MAX_CHARS)]
    assert "10,000 characters" in form.errors["evidence"][0]


def test_a_not_applicable_reason_over_the_limit_is_refused_in_the_form(assessment):
    reason = "x" * (NOT_APPLICABLE_REASON_MAX_CHARS + 1)
    form = response_form(assessment, answer="not_applicable", not_applicable_reason=reason)
    assert form.errors["not_applicable_reason"] == [
        text_too_long("The reason it does not apply", reason, NOT_APPLICABLE_REASON_MAX_CHARS)
    ]


def test_a_two_megabyte_answer_that_skips_the_form_is_refused_by_the_service_and_nothing_changes(
    assessment, trust_lead
):
    response = assessment.responses.get(standard__code="S4")
    with pytest.raises(WorkflowError) as excinfo:
        response_save(response=response, actor=trust_lead, lock_version=0, data=response_data(None, TWO_MEGABYTES))
    assert excinfo.value.message_dict["evidence"] == [text_too_long("Evidence", TWO_MEGABYTES, EVIDENCE_MAX_CHARS)]
    response.refresh_from_db()
    assert (response.evidence, response.lock_version) == ("", 0)


def test_an_action_description_over_the_limit_is_refused_in_the_form_and_the_service(assessment, trust_lead):
    long = "x" * (ACTION_DESCRIPTION_MAX_CHARS + 1)
    message = text_too_long("What will be done", long, ACTION_DESCRIPTION_MAX_CHARS)
    assert action_form(assessment, description=long).errors["description"] == [message]
    response = assessment.responses.get(standard__code="S4")
    with pytest.raises(WorkflowError) as excinfo:
        action_create(response=response, actor=trust_lead, data=action_data(description=long))
    assert excinfo.value.message_dict["description"] == [message]
    assert not Action.objects.filter(response=response).exists()


@pytest.mark.parametrize("due", [date(1999, 12, 31), "eleven years ahead"])
def test_a_due_date_outside_the_sensible_range_is_refused_in_the_form_and_the_service(assessment, trust_lead, due):
    if due == "eleven years ahead":
        due = latest_due_date() + timedelta(days=1)
    message = due_date_out_of_range(due)
    assert message
    assert action_form(assessment, due_date=due.isoformat(), status="done").errors["due_date"] == [message]
    response = assessment.responses.get(standard__code="S4")
    with pytest.raises(WorkflowError) as excinfo:
        action_create(response=response, actor=trust_lead, data=action_data(due_date=due, status="done"))
    assert excinfo.value.message_dict["due_date"] == [message]
    assert not Action.objects.filter(response=response).exists()


def test_the_furthest_sensible_due_date_is_accepted(assessment):
    assert action_form(assessment, due_date=latest_due_date().isoformat()).is_valid()


def test_editing_an_open_action_to_a_past_due_date_is_refused_as_for_a_new_one(assessment, trust_lead):
    response = assessment.responses.get(standard__code="S4")
    action = action_create(response=response, actor=trust_lead, data=action_data())
    past = (timezone.localdate() - timedelta(days=3)).isoformat()

    form = action_form(assessment, initial=ActionForm.initial_for(action), due_date=past)

    assert form.errors["due_date"] == [DUE_DATE_PAST]
    assert action_form(assessment, initial=ActionForm.initial_for(action), due_date=past, status="done").is_valid()


def test_an_overdue_action_keeps_its_stored_date_when_edited_but_cannot_move_to_another_past_date(
    assessment, trust_lead
):
    response = assessment.responses.get(standard__code="S4")
    action = action_create(response=response, actor=trust_lead, data=action_data())
    Action.objects.filter(pk=action.pk).update(due_date=timezone.localdate() - timedelta(days=10))
    action.refresh_from_db()
    initial = ActionForm.initial_for(action)

    kept = action_form(assessment, initial=initial, due_date=action.due_date.isoformat(), status="in_progress")
    moved = action_form(assessment, initial=initial, due_date=(action.due_date + timedelta(days=1)).isoformat())

    assert kept.is_valid(), kept.errors
    assert moved.errors["due_date"] == [DUE_DATE_PAST]


def test_editing_an_action_past_the_limits_through_the_service_changes_nothing(assessment, trust_lead):
    response = assessment.responses.get(standard__code="S4")
    action = action_create(response=response, actor=trust_lead, data=action_data())
    with pytest.raises(WorkflowError):
        action_update(action=action, actor=trust_lead, data=action_data(description="x" * 5000))
    action.refresh_from_db()
    assert action.description == "Agree a supervision policy."


def test_review_texts_over_the_limit_are_refused_in_every_form(assessment):
    long = "x" * (REVIEW_TEXT_MAX_CHARS + 1)
    review = ReviewStandardForm({"review_state": "queried", "review_comment": long}, assessment=assessment)
    assert review.errors["review_comment"] == [text_too_long("Comment", long, REVIEW_TEXT_MAX_CHARS)]
    assert ReplyForm({"reply": long}).errors["reply"] == [text_too_long("Your reply", long, REVIEW_TEXT_MAX_CHARS)]
    assert ReturnForm({"note": long}).errors["note"] == [text_too_long("The note", long, REVIEW_TEXT_MAX_CHARS)]
    assert AcceptForm({"summary": long}).errors["summary"] == [
        text_too_long("The review summary", long, REVIEW_TEXT_MAX_CHARS)
    ]


def test_a_review_comment_and_a_reply_over_the_limit_are_refused_by_the_services(
    assessment, trust_lead, council_lead, council2_lead, officer
):
    long = "x" * (REVIEW_TEXT_MAX_CHARS + 1)
    drive_to(assessment, Status.IN_REVIEW, leads=[trust_lead, council_lead, council2_lead], officer=officer)
    response = assessment.responses.get(standard__code="S4")
    with pytest.raises(WorkflowError) as excinfo:
        response_review(response=response, actor=officer, state="queried", comment=long)
    assert excinfo.value.message_dict["review_comment"] == [text_too_long("Comment", long, REVIEW_TEXT_MAX_CHARS)]
    response.refresh_from_db()
    assert (response.review_state, response.review_comment) == ("", "")

    response_review(response=response, actor=officer, state="queried", comment="Where are the minutes?")
    from assessments.services import assessment_return

    assessment_return(assessment=assessment, actor=officer, note="Please evidence supervision.")
    with pytest.raises(WorkflowError) as excinfo:
        response_reply(response=response, actor=trust_lead, reply=long)
    assert excinfo.value.message_dict["reply"] == [text_too_long("Your reply", long, REVIEW_TEXT_MAX_CHARS)]
    assert Response.objects.get(pk=response.pk).reply == ""


def team_post(**fields):
    data = {
        "name": "Wirral CMHT",
        "service": "working_age",
        "social_workers": 4,
        "amhps": 1,
        "nurses": 6,
        "occupational_therapists": 1,
        "psychologists": 1,
        "psychiatrists": 1,
        "support_workers": 2,
        "others": 0,
        "social_work_line_manager": "social_worker",
        "has_social_work_supervision": "",
        "supervision_frequency": "",
    }
    data.update(fields)
    return data


def test_a_headcount_over_the_realistic_range_is_refused_by_the_team_form_with_a_message(partnership):
    from assessments.forms import TeamForm
    from assessments.models.partnerships import HEADCOUNT_TOO_HIGH, MAX_HEADCOUNT

    form = TeamForm(team_post(nurses=MAX_HEADCOUNT + 1), partnership=partnership)

    # The model's message is HEADCOUNT_TOO_HIGH; the forms' shared base may reword it, but it names both.
    (message,) = form.errors["nurses"]
    assert message == HEADCOUNT_TOO_HIGH.format(field="nurses", limit=MAX_HEADCOUNT) or (
        "nurses" in message and str(MAX_HEADCOUNT) in message
    )
    assert TeamForm(team_post(nurses=MAX_HEADCOUNT), partnership=partnership).is_valid()


def test_the_database_refuses_a_headcount_over_the_range_on_every_database(partnership):
    from django.db import IntegrityError, transaction

    from assessments.models import Team
    from assessments.models.partnerships import MAX_HEADCOUNT

    with pytest.raises(IntegrityError), transaction.atomic():
        Team.objects.create(
            partnership=partnership,
            name="Huge",
            service="working_age",
            nurses=MAX_HEADCOUNT + 1,
            social_work_line_manager="social_worker",
        )
    assert not Team.objects.filter(name="Huge").exists()
