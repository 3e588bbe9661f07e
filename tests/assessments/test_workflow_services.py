"""The workflow services: every allowed move, every refused one with its message, and the submission rules."""

import pytest

from assessments.access import NOT_A_LEAD, NOT_AN_OFFICER_TAKE, NOT_YOUR_REVIEW, OFFICER_IS_PARTNER
from assessments.models import (
    TRANSITIONS,
    Assessment,
    Event,
    EventKind,
    Membership,
    Role,
    SignOff,
    Status,
)
from assessments.scoring import PROBLEM_GAP_WITHOUT_ACTION, PROBLEM_SIGNOFF_MISSING, PROBLEM_UNANSWERED
from assessments.selectors import submission_problems
from assessments.services import (
    WorkflowError,
    action_create,
    assessment_accept,
    assessment_return,
    assessment_sign_off,
    assessment_submit,
    assessment_take,
)
from assessments.services.review import review_agree_remaining
from assessments.services.workflow import (
    ALREADY_SIGNED,
    MOVE_NOT_ALLOWED,
    MOVE_PAST,
    RETURN_NEEDS_NOTE,
)
from tests import factories
from tests.assessments.service_helpers import action_data, answer, complete, membership, sign_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def submitted(assessment, trust_lead, leads):
    complete(assessment, trust_lead)
    sign_all(assessment, leads)
    return assessment_submit(assessment=assessment, actor=trust_lead)


@pytest.fixture
def in_review(submitted, officer):
    return assessment_take(assessment=submitted, actor=officer)


def reach(status, request):
    fixture = {
        Status.DRAFT: "assessment",
        Status.SUBMITTED: "submitted",
        Status.IN_REVIEW: "in_review",
    }.get(status)
    if fixture:
        return request.getfixturevalue(fixture)
    assessment = request.getfixturevalue("in_review")
    officer = request.getfixturevalue("officer")
    if status == Status.CHANGES_REQUESTED:
        return assessment_return(assessment=assessment, actor=officer, note="Please evidence supervision.")
    review_agree_remaining(assessment=assessment, actor=officer)
    return assessment_accept(assessment=assessment, actor=officer, note="A fair account.")


MOVES = {
    "submit": lambda a, p: assessment_submit(assessment=a, actor=p["trust_lead"]),
    "take": lambda a, p: assessment_take(assessment=a, actor=p["officer"]),
    "return": lambda a, p: assessment_return(assessment=a, actor=p["officer"], note="Note."),
    "accept": lambda a, p: assessment_accept(assessment=a, actor=p["officer"]),
}


@pytest.mark.parametrize(
    ("status", "move"),
    [(s, m) for s in Status for m in MOVES if (s, m) not in TRANSITIONS],
)
def test_every_move_not_in_the_table_is_refused_with_its_message(request, status, move, trust_lead, officer):
    assessment = reach(status, request)
    events_before = Event.objects.filter(assessment=assessment).count()
    with pytest.raises(WorkflowError) as excinfo:
        MOVES[move](assessment, {"trust_lead": trust_lead, "officer": officer})
    expected = MOVE_NOT_ALLOWED.format(status=status.label.lower(), move_past=MOVE_PAST[move])
    assert excinfo.value.messages == [expected]
    assessment.refresh_from_db()
    assert assessment.status == status
    assert Event.objects.filter(assessment=assessment).count() == events_before


def test_every_allowed_move_writes_one_event_with_who_from_to_and_note(
    assessment, trust_lead, leads, officer, council_lead
):
    complete(assessment, trust_lead)
    sign_all(assessment, leads)
    path = [
        ("submit", lambda: assessment_submit(assessment=assessment, actor=trust_lead), trust_lead, ""),
        ("take", lambda: assessment_take(assessment=assessment, actor=officer), officer, ""),
        (
            "return",
            lambda: assessment_return(assessment=assessment, actor=officer, note="Evidence S1."),
            officer,
            "Evidence S1.",
        ),
        ("resign", lambda: sign_all(assessment, leads), None, None),
        ("submit", lambda: assessment_submit(assessment=assessment, actor=council_lead), council_lead, ""),
        ("agree", lambda: review_agree_remaining(assessment=assessment, actor=officer), None, None),
        ("accept", lambda: assessment_accept(assessment=assessment, actor=officer, note="Good."), officer, "Good."),
    ]
    seen = set()
    for move, do, actor, note in path:
        before = Status(Assessment.objects.get(pk=assessment.pk).status)
        count = Event.objects.filter(assessment=assessment, kind=EventKind.TRANSITION).count()
        do()
        if actor is None:
            continue
        assessment.refresh_from_db()
        assert assessment.status == TRANSITIONS[(before, move)]
        events = Event.objects.filter(assessment=assessment, kind=EventKind.TRANSITION).order_by("pk")
        assert events.count() == count + 1
        event = events.last()
        assert (event.actor, event.from_status, event.to_status, event.note) == (actor, before, assessment.status, note)
        seen.add((before, move))
    assert seen == set(TRANSITIONS)
    assert assessment.accepted_by == officer and assessment.accepted_at is not None


def test_return_needs_a_note_and_only_the_reviewer_may_return_or_accept(in_review, officer):
    with pytest.raises(WorkflowError) as excinfo:
        assessment_return(assessment=in_review, actor=officer, note="   ")
    assert excinfo.value.messages == [RETURN_NEEDS_NOTE]
    other = factories.make_member(factories.basw(), Role.OFFICER, "Omar Otherofficer")
    for move in (
        lambda: assessment_return(assessment=in_review, actor=other, note="No."),
        lambda: assessment_accept(assessment=in_review, actor=other),
    ):
        with pytest.raises(WorkflowError) as excinfo:
            move()
        assert excinfo.value.messages == [NOT_YOUR_REVIEW.format(reviewer=officer.full_name)]
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_only_an_officer_outside_the_partnership_can_take(submitted, trust_lead, partnership):
    with pytest.raises(WorkflowError) as excinfo:
        assessment_take(assessment=submitted, actor=trust_lead)
    assert excinfo.value.messages == [NOT_AN_OFFICER_TAKE]
    partner_officer = factories.make_member(factories.basw(), Role.OFFICER, "Pat Partnerofficer")
    Membership.objects.create(user=partner_officer, organisation=partnership.trust, role=Role.MANAGER)
    with pytest.raises(WorkflowError) as excinfo:
        assessment_take(assessment=submitted, actor=partner_officer)
    assert excinfo.value.messages == [OFFICER_IS_PARTNER]
    submitted.refresh_from_db()
    assert submitted.status == Status.SUBMITTED and submitted.reviewer is None


def test_submission_lists_every_unanswered_standard_gap_and_missing_sign_off(assessment, trust_lead, partnership):
    s1 = assessment.responses.get(standard__code="S1")
    answer(s1, trust_lead, level_code="partially-met")
    messages = [m for _, _, m in submission_problems(assessment)]
    assert PROBLEM_GAP_WITHOUT_ACTION.format(code="S1", rating="partially met") in messages
    assert PROBLEM_UNANSWERED.format(code="P1") in messages
    for org in partnership.partner_organisations():
        assert PROBLEM_SIGNOFF_MISSING.format(organisation=org.name) in messages
    events_before = list(Event.objects.filter(assessment=assessment).values_list("pk", flat=True))
    with pytest.raises(WorkflowError) as excinfo:
        assessment_submit(assessment=assessment, actor=trust_lead)
    assert excinfo.value.messages == messages
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_at) == (Status.DRAFT, None)
    assert list(Event.objects.filter(assessment=assessment).values_list("pk", flat=True)) == events_before

    action_create(response=s1, actor=trust_lead, data=action_data())
    messages = [m for _, _, m in submission_problems(assessment)]
    assert PROBLEM_GAP_WITHOUT_ACTION.format(code="S1", rating="partially met") not in messages


def test_only_a_lead_of_a_partner_signs_off_and_only_once(assessment, trust_lead, contributor, manager, outsider):
    for person in (contributor, manager, outsider):
        with pytest.raises(WorkflowError) as excinfo:
            assessment_sign_off(assessment=assessment, actor=person, membership=membership(person))
        assert excinfo.value.messages == [NOT_A_LEAD]
    assessment_sign_off(assessment=assessment, actor=trust_lead, membership=membership(trust_lead))
    with pytest.raises(WorkflowError) as excinfo:
        assessment_sign_off(assessment=assessment, actor=trust_lead, membership=membership(trust_lead))
    assert excinfo.value.messages == [ALREADY_SIGNED.format(organisation=assessment.partnership.trust.name)]
    assert SignOff.objects.filter(assessment=assessment).count() == 1


def test_a_refused_submit_changes_nothing_even_when_only_one_council_has_not_signed(
    assessment, trust_lead, council_lead, council2
):
    complete(assessment, trust_lead)
    sign_all(assessment, [trust_lead, council_lead])
    assert [m for _, _, m in submission_problems(assessment)] == [
        PROBLEM_SIGNOFF_MISSING.format(organisation=council2.name)
    ]
    events_before = Event.objects.filter(assessment=assessment).count()
    with pytest.raises(WorkflowError) as excinfo:
        assessment_submit(assessment=assessment, actor=trust_lead)
    assert excinfo.value.messages == [PROBLEM_SIGNOFF_MISSING.format(organisation=council2.name)]
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_at) == (Status.DRAFT, None)
    assert Event.objects.filter(assessment=assessment).count() == events_before
    assert SignOff.objects.filter(assessment=assessment).count() == 2


def test_a_return_clears_the_sign_offs_so_the_resubmission_needs_them_again(in_review, officer, partnership):
    returned = assessment_return(assessment=in_review, actor=officer, note="Evidence S1.")
    assert not SignOff.objects.filter(assessment=returned).exists()
    messages = [m for _, _, m in submission_problems(returned)]
    assert messages == [
        PROBLEM_SIGNOFF_MISSING.format(organisation=o.name) for o in partnership.partner_organisations()
    ]
