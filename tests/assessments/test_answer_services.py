"""The answer services: starting (and carrying forward), saving answers, actions, and what an edit does to sign-offs."""

import pytest

from assessments.models import Action, Assessment, Event, EventKind, SignOff, Status
from assessments.scoring import PROBLEM_CARRIED_FORWARD
from assessments.selectors import submission_problems
from assessments.services import (
    WorkflowError,
    action_create,
    action_delete,
    action_update,
    response_save,
)
from assessments.services.answers import (
    HOLDER_NOT_PARTNER,
    NA_AND_RATING,
    NA_NEEDS_REASON,
    NOT_EDITABLE,
    RATING_NOT_IN_SCALE,
    RESPONSIBLE_NOT_PARTNER,
)
from assessments.services.starting import PERIOD_TAKEN, VERSION_NOT_PUBLISHED
from tests import factories
from tests.assessments.service_helpers import (
    EVIDENCE,
    action_data,
    answer,
    drive_to,
    response_data,
    sign_all,
    start_together,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed(assessment, leads):
    sign_all(assessment, leads)
    assert SignOff.objects.filter(assessment=assessment).count() == 3
    return assessment


def problems(assessment):
    return [message for _, _, message in submission_problems(assessment)]


# Starting an assessment


def test_start_creates_one_empty_answer_per_standard_and_a_created_event(assessment, version, trust_lead):
    assert assessment.status == Status.DRAFT
    codes = list(assessment.responses.order_by("standard__source_order").values_list("standard__code", flat=True))
    assert codes == list(version.standards.assessable().order_by("source_order").values_list("code", flat=True))
    assert not any(r.is_started or r.carried_forward for r in assessment.responses.all())
    event = Event.objects.get(assessment=assessment)
    assert (event.kind, event.actor, event.to_status) == (EventKind.CREATED, trust_lead, Status.DRAFT)


def test_start_refuses_a_period_the_partnership_already_has(assessment, partnership, trust_lead):
    with pytest.raises(WorkflowError) as excinfo:
        start_together(
            partnership=partnership,
            period="2026/27",
            version=assessment.version,
            actor=trust_lead,
        )
    assert excinfo.value.messages == [PERIOD_TAKEN.format(period="2026/27")]
    assert Assessment.objects.filter(partnership=partnership).count() == 1


def test_start_refuses_a_version_that_is_not_published(partnership, trust_lead):
    draft = factories.make_version(status="draft")
    with pytest.raises(WorkflowError) as excinfo:
        start_together(partnership=partnership, period="2026/27", version=draft, actor=trust_lead)
    assert excinfo.value.messages == [VERSION_NOT_PUBLISHED]
    assert not Assessment.objects.filter(partnership=partnership).exists()


# Carry-forward


@pytest.fixture
def accepted(assessment, leads, officer, council):
    """Last year's accepted assessment: S1 a gap with one open and one done action, S2 not applicable."""
    s1 = assessment.responses.get(standard__code="S1")
    s2 = assessment.responses.get(standard__code="S2")
    answer(s1, leads[0], level_code="partially-met", evidence="Supervision audit.", holder=council)
    action_create(response=s1, actor=leads[0], data=action_data(description="Open", status="in_progress"))
    action_create(response=s1, actor=leads[0], data=action_data(description="Done", status="done"))
    answer(s2, leads[0], level_code=None, evidence="", not_applicable=True, reason="No AMHP service here.")
    return drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)


def test_carry_forward_copies_ratings_evidence_and_open_actions_marked_carried(
    accepted, partnership, version, trust_lead, council
):
    new = start_together(
        partnership=partnership,
        period="2027/28",
        version=version,
        actor=trust_lead,
        carry_forward=True,
    )
    assert new.carried_from == accepted
    s1 = new.responses.get(standard__code="S1")
    assert (s1.rating.code, s1.evidence, s1.evidence_holder, s1.carried_forward) == (
        "partially-met",
        "Supervision audit.",
        council,
        True,
    )
    assert list(s1.actions.values_list("description", "status", "carried_forward")) == [("Open", "in_progress", True)]
    s2 = new.responses.get(standard__code="S2")
    assert (s2.not_applicable, s2.not_applicable_reason, s2.rating, s2.carried_forward) == (
        True,
        "No AMHP service here.",
        None,
        True,
    )
    assert all(
        r.carried_forward and r.evidence == EVIDENCE for r in new.responses.exclude(standard__code__in=["S1", "S2"])
    )
    # The accepted assessment keeps its own actions; the open one records where it moved, so it is open once.
    old = Action.objects.get(response__assessment=accepted, description="Open")
    assert old.carried_to == s1.actions.get()
    assert list(Action.objects.filter(response__assessment=accepted).open()) == []
    assert Action.objects.filter(response__assessment=accepted).count() == 2


def test_carry_forward_uses_the_latest_accepted_assessment_not_a_later_unaccepted_one(
    accepted, partnership, version, trust_lead
):
    later = start_together(partnership=partnership, period="2027/28", version=version, actor=trust_lead)
    answer(later.responses.get(standard__code="S3"), trust_lead, evidence="Draft only.")
    new = start_together(
        partnership=partnership,
        period="2028/29",
        version=version,
        actor=trust_lead,
        carry_forward=True,
    )
    assert new.carried_from == accepted
    assert new.responses.get(standard__code="S3").evidence == EVIDENCE


def test_without_carry_forward_or_an_accepted_assessment_nothing_is_copied(accepted, partnership, version, trust_lead):
    fresh = start_together(partnership=partnership, period="2027/28", version=version, actor=trust_lead)
    assert fresh.carried_from is None
    assert not fresh.responses.filter(carried_forward=True).exists()
    assert not Action.objects.filter(response__assessment=fresh).exists()
    other = factories.make_partnership(name="No history")
    first = start_together(
        partnership=other,
        period="2027/28",
        version=version,
        actor=trust_lead,
        carry_forward=True,
    )
    assert first.carried_from is None
    assert not first.responses.filter(carried_forward=True).exists()


def test_a_carried_forward_answer_blocks_submission_until_saved_and_saving_confirms_it(
    accepted, partnership, version, trust_lead
):
    new = start_together(
        partnership=partnership,
        period="2027/28",
        version=version,
        actor=trust_lead,
        carry_forward=True,
    )
    assert PROBLEM_CARRIED_FORWARD.format(code="S3") in problems(new)
    saved = answer(new.responses.get(standard__code="S3"), trust_lead)  # the same answer, confirmed
    saved.refresh_from_db()
    assert not saved.carried_forward and saved.evidence == EVIDENCE
    assert saved.history.latest().history_change_reason == "confirmed carried-forward answer"
    assert PROBLEM_CARRIED_FORWARD.format(code="S3") not in problems(new)
    assert PROBLEM_CARRIED_FORWARD.format(code="S4") in problems(new)


def test_changing_a_carried_forward_action_confirms_it(accepted, partnership, version, trust_lead):
    new = start_together(
        partnership=partnership,
        period="2027/28",
        version=version,
        actor=trust_lead,
        carry_forward=True,
    )
    action = Action.objects.get(response__assessment=new)
    action_update(action=action, actor=trust_lead, data=action_data(description="Open", status="done"))
    action.refresh_from_db()
    assert (action.status, action.carried_forward) == ("done", False)


# Saving an answer


def test_saving_an_answer_records_it_bumps_the_lock_version_and_the_history(assessment, contributor, council):
    response = assessment.responses.get(standard__code="S1")
    answer(response, contributor, level_code="largely-met", evidence="Joint audit.", holder=council, jointly=True)
    response.refresh_from_db()
    assert (response.rating.code, response.evidence, response.evidence_holder, response.lock_version) == (
        "largely-met",
        "Joint audit.",
        council,
        1,
    )
    assert response.updated_by == contributor
    assert response.evidence_held_jointly is False  # a named holder means it is not held jointly
    record = response.history.latest()
    assert (record.history_user, record.history_change_reason, record.evidence) == (
        contributor,
        "answer saved",
        "Joint audit.",
    )


def test_not_applicable_needs_a_reason_and_nothing_is_saved_without_one(assessment, trust_lead):
    response = assessment.responses.get(standard__code="S2")
    with pytest.raises(WorkflowError) as excinfo:
        answer(response, trust_lead, level_code=None, not_applicable=True, reason="  ")
    assert excinfo.value.message_dict == {"not_applicable_reason": [NA_NEEDS_REASON]}
    response.refresh_from_db()
    assert (response.not_applicable, response.lock_version, response.evidence) == (False, 0, "")


def test_not_applicable_with_a_reason_is_an_answer(assessment, trust_lead):
    response = assessment.responses.get(standard__code="S2")
    answer(response, trust_lead, level_code=None, not_applicable=True, reason="  No inpatient beds.  ")
    response.refresh_from_db()
    assert response.is_answered and response.not_applicable_reason == "No inpatient beds."


@pytest.mark.parametrize(
    ("make_data", "field", "message"),
    [
        (
            lambda a, other: response_data(a.version.rating_levels.first(), not_applicable=True, reason="x"),
            "rating",
            NA_AND_RATING,
        ),
        (lambda a, other: response_data(factories.make_version().rating_levels.first()), "rating", RATING_NOT_IN_SCALE),
        (lambda a, other: response_data(None, holder=other.trust), "evidence_holder", HOLDER_NOT_PARTNER),
    ],
    ids=["rating-and-not-applicable", "rating-from-another-version", "holder-outside-partnership"],
)
def test_an_invalid_answer_is_refused_with_its_message_and_nothing_changes(
    assessment, trust_lead, make_data, field, message
):
    other = factories.make_partnership(name="Other partnership")
    response = assessment.responses.get(standard__code="S1")
    with pytest.raises(WorkflowError) as excinfo:
        response_save(response=response, actor=trust_lead, lock_version=0, data=make_data(assessment, other))
    assert excinfo.value.message_dict == {field: [message]}
    response.refresh_from_db()
    assert (response.rating, response.evidence, response.lock_version) == (None, "", 0)


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.IN_REVIEW, Status.ACCEPTED])
def test_no_answer_or_action_can_change_once_the_assessment_is_with_basw(
    assessment, leads, officer, trust_lead, status
):
    locked = drive_to(assessment, status, leads=leads, officer=officer)
    response = locked.responses.get(standard__code="S1")
    expected = NOT_EDITABLE.format(status=status.label.lower())
    with pytest.raises(WorkflowError) as excinfo:
        answer(response, trust_lead, level_code="not-met", evidence="Changed.")
    assert excinfo.value.messages == [expected]
    with pytest.raises(WorkflowError) as excinfo:
        action_create(response=response, actor=trust_lead, data=action_data())
    assert excinfo.value.messages == [expected]
    response.refresh_from_db()
    assert (response.rating.code, response.evidence, response.lock_version) == ("fully-met", EVIDENCE, 1)
    assert not response.actions.exists()


# Edits and sign-offs


def test_an_edit_after_sign_off_clears_every_sign_off_and_says_who_changed_what(signed, contributor):
    answer(signed.responses.get(standard__code="S3"), contributor, evidence="New evidence.")
    assert not SignOff.objects.filter(assessment=signed).exists()
    cleared = Event.objects.get(assessment=signed, kind=EventKind.SIGNOFFS_CLEARED)
    assert cleared.actor == contributor
    assert cleared.note == (
        f"{contributor.full_name} changed the answer to S3, so the sign-offs were cleared and are needed again."
    )


def test_saving_an_unchanged_answer_keeps_the_sign_offs(assessment, leads, trust_lead):
    response = assessment.responses.get(standard__code="S3")
    answer(response, trust_lead)
    sign_all(assessment, leads)
    answer(response, trust_lead)  # the same rating and evidence again
    assert SignOff.objects.filter(assessment=assessment).count() == 3
    assert not Event.objects.filter(assessment=assessment, kind=EventKind.SIGNOFFS_CLEARED).exists()


@pytest.mark.parametrize("change", ["create", "update", "delete"])
def test_adding_changing_or_removing_an_action_clears_the_sign_offs(assessment, leads, trust_lead, change):
    response = assessment.responses.get(standard__code="S4")
    action = action_create(response=response, actor=trust_lead, data=action_data())
    sign_all(assessment, leads)
    if change == "create":
        action_create(response=response, actor=trust_lead, data=action_data(description="Another."))
    elif change == "update":
        action_update(action=action, actor=trust_lead, data=action_data(status="in_progress"))
    else:
        action_delete(action=action, actor=trust_lead)
    assert not SignOff.objects.filter(assessment=assessment).exists()
    cleared = Event.objects.get(assessment=assessment, kind=EventKind.SIGNOFFS_CLEARED)
    assert cleared.actor == trust_lead and "the actions for S4" in cleared.note


def test_an_action_must_be_owned_by_a_partner_organisation(assessment, trust_lead):
    response = assessment.responses.get(standard__code="S4")
    other_trust = factories.make_partnership(name="Another partnership").trust
    with pytest.raises(WorkflowError) as excinfo:
        action_create(response=response, actor=trust_lead, data=action_data(responsible_organisation=other_trust))
    assert excinfo.value.message_dict == {"responsible_organisation": [RESPONSIBLE_NOT_PARTNER]}
    assert not response.actions.exists()


def test_action_changes_are_recorded_in_history_with_who_made_them(assessment, trust_lead, contributor, council):
    response = assessment.responses.get(standard__code="S6")
    action = action_create(response=response, actor=trust_lead, data=action_data(responsible_organisation=council))
    action_update(action=action, actor=contributor, data=action_data(responsible_organisation=council, status="done"))
    history = list(action.history.order_by("history_id").values_list("status", "history_user", "history_change_reason"))
    assert history == [
        ("not_started", trust_lead.pk, "action added"),
        ("done", contributor.pk, "action changed"),
    ]
    pk = action.pk
    action_delete(action=action, actor=contributor)
    assert not Action.objects.filter(pk=pk).exists()
    deleted = Action.history.filter(id=pk).latest()
    assert (deleted.history_type, deleted.history_user, deleted.history_change_reason) == (
        "-",
        contributor,
        "action removed",
    )
