"""The whole review, through the pages: take, query, return, reply and change, resubmit (back to the same officer),
agree, accept.

The Mersey partnership (tests/conftest.py) submits; Olive Officer reviews; Otis, a second BASW officer, sees who
holds it and is refused every move. Each refusal is asserted by its message constant.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from assessments import services
from assessments.access import NOT_EDITABLE_STATUS, NOT_TAKEN_YET, NOT_YOUR_REVIEW
from assessments.forms.review import QUERY_NEEDS_COMMENT, RETURN_NOTE_REQUIRED
from assessments.models import (
    Action,
    ActionStatus,
    Event,
    EventKind,
    Response,
    ReturnSnapshot,
    ReviewState,
    SignOff,
    Status,
)
from assessments.selectors.review import ADDED, REMOVED, SAME, Segment
from assessments.services.review import (
    REPLY_NOT_RETURNED,
    REPLY_ONLY_TO_QUERY,
    REVIEW_CLOSED,
    response_reply,
    response_review,
    review_agree_remaining,
)
from assessments.services.workflow import MOVE_NOT_ALLOWED, NOT_ALL_AGREED
from tests import factories

from .page_helpers import answer_all, answer_post, sign_off_all, submitted, url

pytestmark = pytest.mark.django_db

NEW_EVIDENCE = "Monthly supervision audit, 92% compliance.\nPSW sits on the board."


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def other_officer(db):
    return factories.make_member(factories.basw(), factories.Role.OFFICER, "Otis Otherofficer")


def follow_messages(response):
    """Messages shown on the page a redirect leads to."""
    return [str(m) for m in response.context["messages"]]


def login(client, user):
    client.force_login(user)
    return client


def take(client, officer, assessment):
    login(client, officer)
    return client.post(url("review_take", assessment.pk), follow=True)


def review(client, assessment, code, state, comment="", expected=""):
    return client.post(
        url("review_standard", assessment.pk, code),
        {"review_state": state, "review_comment": comment, "expected_rating": expected, "save": ""},
    )


@pytest.fixture
def prepared(assessment, leads):
    """Submitted, with one action on S1 to close later and two lines of evidence to edit later."""
    answer_all(assessment, rating="fully-met", evidence="Monthly supervision audit.\nPSW sits on the board.")
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    Action.objects.create(
        response=s1,
        description="Audit supervision again in March",
        owner_name="Sam Owner",
        owner_role="PSW",
        due_date=timezone.localdate() + timedelta(days=60),
    )
    sign_off_all(assessment, *leads)
    services.assessment_submit(assessment=assessment, actor=leads[0])
    assessment.refresh_from_db()
    return assessment


def test_officer_takes_queries_returns_and_the_partnership_replies_changes_and_resubmits_then_is_accepted(
    client, prepared, officer, trust_lead, contributor, leads, version
):
    a = prepared
    # Take: the officer becomes the reviewer and the status moves to in review.
    page = take(client, officer, a)
    a.refresh_from_db()
    assert a.status == Status.IN_REVIEW and a.reviewer == officer
    assert "You are reviewing this assessment." in page.content.decode()

    # Query S1 without a comment: refused with its message, nothing saved.
    s1 = Response.objects.get(assessment=a, standard__code="S1")
    page = review(client, a, "S1", "queried")
    assert page.status_code == 200
    assert QUERY_NEEDS_COMMENT in page.content.decode()
    s1.refresh_from_db()
    assert s1.review_state == ""

    # Query S1 properly, expecting a lower rating; agree S2.
    largely = version.rating_levels.get(code="largely-met")
    page = review(client, a, "S1", "queried", "Where are the supervision audit results?", largely.pk)
    assert page.status_code == 302
    review(client, a, "S2", "agreed")
    s1.refresh_from_db()
    assert (s1.review_state, s1.expected_rating, s1.reviewed_by) == ("queried", largely, officer)
    assert Response.objects.get(assessment=a, standard__code="S2").review_state == "agreed"

    # Return without a note: refused. With one: changes requested, sign-offs cleared, answers snapshotted.
    page = client.post(url("review_return", a.pk), {"note": "  "})
    assert RETURN_NOTE_REQUIRED in page.content.decode()
    a.refresh_from_db()
    assert a.status == Status.IN_REVIEW
    page = client.post(url("review_return", a.pk), {"note": "Please evidence supervision."})
    assert page.status_code == 302
    a.refresh_from_db()
    assert a.status == Status.CHANGES_REQUESTED
    assert not SignOff.objects.filter(assessment=a).exists()
    assert ReturnSnapshot.objects.filter(response__assessment=a).count() == a.responses.count()

    # The partnership sees the query on the standard and replies to it.
    login(client, contributor)
    page = client.get(url("standard", a.pk, "S1"))
    assert "Where are the supervision audit results?" in page.content.decode()
    assert url("reply", a.pk, "S1") in page.content.decode()
    page = client.post(url("reply", a.pk, "S1"), {"reply": ""})
    assert "Write a reply to the officer&#x27;s query." in page.content.decode()
    page = client.post(url("reply", a.pk, "S1"), {"reply": "Audit attached; rating lowered."})
    assert page.status_code == 302
    s1.refresh_from_db()
    assert (s1.reply, s1.replied_by) == ("Audit attached; rating lowered.", contributor)

    # ...and changes the rating and evidence, adds an action and closes the old one.
    page = client.post(
        url("standard", a.pk, "S1"),
        answer_post(s1, answer="largely-met", evidence=NEW_EVIDENCE),
    )
    assert page.status_code == 302
    old_action = s1.actions.get()
    action_fields = {
        "owner_name": "Sam Owner",
        "owner_role": "PSW",
        "responsible": "joint",
        "due_date": (timezone.localdate() + timedelta(days=90)).isoformat(),
        "priority": "high",
    }
    client.post(
        url("action_new", a.pk, "S1"),
        {**action_fields, "description": "Publish the audit to the board", "status": "not_started"},
    )
    client.post(
        url("action_edit", a.pk, "S1", old_action.pk),
        {**action_fields, "description": old_action.description, "status": "done"},
    )
    old_action.refresh_from_db()
    assert old_action.status == ActionStatus.DONE

    # Resubmission needs every sign-off again.
    login(client, trust_lead)
    page = client.post(url("submit", a.pk), follow=True)
    a.refresh_from_db()
    assert a.status == Status.CHANGES_REQUESTED
    sign_off_all(a, *leads)
    client.post(url("submit", a.pk))
    a.refresh_from_db()
    assert (a.status, a.reviewer) == (Status.IN_REVIEW, officer)  # straight back to the officer who returned it

    # The next review: the officer sees what changed since the return, and the reply.
    login(client, officer)
    text = client.get(url("review", a.pk)).content.decode()
    assert "Audit attached; rating lowered." in text
    assert "Please evidence supervision." in text
    assert "Fully met →" in text and "92% compliance." in text

    # Accepting needs every standard agreed: agree S1 now, and the rest at once from the accept page.
    page = client.post(url("review_accept", a.pk), {"summary": "A candid assessment."})
    assert NOT_ALL_AGREED in page.content.decode()
    review(client, a, "S1", "agreed")
    client.post(url("review_agree_remaining", a.pk), {"confirm": "on"})
    page = client.post(url("review_accept", a.pk), {"summary": "A candid assessment."})
    assert page.status_code == 302
    a.refresh_from_db()
    assert a.status == Status.ACCEPTED
    assert (a.accepted_by, a.review_summary) == (officer, "A candid assessment.")
    assert a.accepted_at is not None
    login(client, trust_lead)
    text = client.get(url("overview", a.pk)).content.decode()
    assert f"Reviewed by BASW on {timezone.localtime(a.accepted_at):%-d %B %Y}" in text
    assert "A candid assessment." in text
    moves = list(Event.objects.filter(assessment=a, kind=EventKind.TRANSITION).values_list("to_status", flat=True))
    assert moves == ["submitted", "in_review", "changes_requested", "in_review", "accepted"]


def test_the_diff_since_return_shows_rating_evidence_and_actions_added_and_closed(
    client, prepared, officer, contributor, leads
):
    a = prepared
    services.assessment_take(assessment=a, actor=officer)
    s1 = Response.objects.get(assessment=a, standard__code="S1")
    response_review(response=s1, actor=officer, state="queried", comment="Evidence?")
    services.assessment_return(assessment=a, actor=officer, note="See S1.")
    login(client, contributor)
    s1.refresh_from_db()
    client.post(
        url("standard", a.pk, "S1"),
        answer_post(s1, answer="largely-met", evidence=NEW_EVIDENCE),
    )
    old_action = s1.actions.get()
    services.action_update(
        action=old_action,
        actor=contributor,
        data=services.ActionData(
            description=old_action.description,
            owner_name="Sam Owner",
            owner_role="PSW",
            responsible_organisation=None,
            due_date=old_action.due_date,
            priority="medium",
            status=ActionStatus.DONE,
        ),
    )
    new_action = services.action_create(
        response=s1,
        actor=contributor,
        data=services.ActionData(
            description="Publish the audit to the board",
            owner_name="Sam Owner",
            owner_role="PSW",
            responsible_organisation=None,
            due_date=timezone.localdate() + timedelta(days=90),
            priority="high",
            status=ActionStatus.NOT_STARTED,
        ),
    )
    s1.refresh_from_db()  # response_reply saves the whole row: hand it the answer as it now stands
    response_reply(response=s1, actor=contributor, reply="We lowered it.")
    sign_off_all(a, *leads)
    services.assessment_submit(assessment=a, actor=leads[0])

    login(client, officer)
    page = client.get(url("review", a.pk))
    row = next(r for r in page.context["rows"] if r.response.standard.code == "S1")
    changes = row.changes
    assert changes["rating_changed"] and changes["old_rating"].code == "fully-met"
    assert row.response.rating.code == "largely-met"
    assert changes["evidence_before"] == [
        Segment(SAME, "Monthly supervision "),
        Segment(REMOVED, "audit."),
        Segment(SAME, "\nPSW sits on the board."),
    ]
    assert changes["evidence_now"] == [
        Segment(SAME, "Monthly supervision "),
        Segment(ADDED, "audit, 92% compliance."),
        Segment(SAME, "\nPSW sits on the board."),
    ]
    assert [x.pk for x in changes["actions_added"]] == [new_action.pk]
    assert [x.pk for x in changes["actions_closed"]] == [old_action.pk]
    assert changes["actions_removed"] == []
    # An untouched standard shows no change.
    s2 = next(r for r in page.context["rows"] if r.response.standard.code == "S2")
    assert s2.changes is not None and not s2.changes["any"]
    assert page.context["changed"] == 1
    text = page.content.decode()
    hidden = '<span class="visually-hidden">'
    assert f"<del>{hidden}[removed: </span>audit.{hidden}]</span></del>" in text
    assert '<ins><span class="visually-hidden">[added: </span>audit, 92% compliance.' in text
    assert "@@" not in text and "<pre" not in text
    assert "Publish the audit to the board" in text
    assert "We lowered it." in text
    # The per-standard page shows the same, side by side with the review form.
    page = client.get(url("review_standard", a.pk, "S1"))
    text = page.content.decode()
    assert page.context["row"].changes["actions_closed"][0].pk == old_action.pk
    assert "Actions closed" in text and "Actions added" in text and "We lowered it." in text
    assert 'name="review_state"' in text  # resubmitted: back in review with the same officer, who may record


def test_another_officer_sees_who_holds_the_review_and_is_refused_every_move(
    client, assessment, leads, officer, other_officer
):
    a = submitted(assessment, *leads)
    take(client, officer, a)
    login(client, other_officer)
    page = client.get(url("review", a.pk))
    assert "Olive Officer</strong> is reviewing this assessment" in page.content.decode()
    assert url("review_return", a.pk) not in page.content.decode()

    held = NOT_YOUR_REVIEW.format(reviewer="Olive Officer")
    page = client.post(url("review_take", a.pk), follow=True)
    assert MOVE_NOT_ALLOWED.format(status="in review", move_past="taken for review") in follow_messages(page)
    page = client.post(url("review_standard", a.pk, "S1"), {"review_state": "agreed"}, follow=True)
    assert held in follow_messages(page)
    for name, data in (("review_return", {"note": "No."}), ("review_accept", {"summary": ""})):
        assert held in follow_messages(client.get(url(name, a.pk), follow=True))
        assert held in follow_messages(client.post(url(name, a.pk), data, follow=True))
    a.refresh_from_db()
    assert (a.status, a.reviewer) == (Status.IN_REVIEW, officer)
    assert Response.objects.get(assessment=a, standard__code="S1").review_state == ""


def test_an_untaken_assessment_cannot_be_reviewed_returned_or_accepted(client, assessment, leads, officer):
    a = submitted(assessment, *leads)
    login(client, officer)
    page = client.get(url("review", a.pk))
    assert "Take for review" in page.content.decode()
    for name in ("review_return", "review_accept"):
        assert NOT_TAKEN_YET in follow_messages(client.post(url(name, a.pk), {"note": "x"}, follow=True))
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED


def test_accepted_is_read_only_to_everyone(client, assessment, leads, officer, contributor, trust_lead):
    a = submitted(assessment, *leads)
    services.assessment_take(assessment=a, actor=officer)
    review_agree_remaining(assessment=a, actor=officer)
    services.assessment_accept(assessment=a, actor=officer, note="Fine.")
    s1 = Response.objects.get(assessment=a, standard__code="S1")
    closed = REVIEW_CLOSED.format(status="accepted")

    login(client, officer)
    page = client.post(
        url("review_standard", a.pk, "S1"), {"review_state": "queried", "review_comment": "x"}, follow=True
    )
    assert closed in follow_messages(page)
    for name in ("review_return", "review_accept"):
        assert closed in follow_messages(client.post(url(name, a.pk), {"note": "x", "summary": "y"}, follow=True))
    page = client.post(url("review_take", a.pk), follow=True)
    assert MOVE_NOT_ALLOWED.format(status="accepted", move_past="taken for review") in follow_messages(page)

    for person in (trust_lead, contributor):
        login(client, person)
        page = client.post(url("standard", a.pk, "S1"), answer_post(s1, evidence="Changed"))
        assert page.status_code == 403
        assert NOT_EDITABLE_STATUS.format(status="accepted") in page.content.decode()
        assert client.post(url("reply", a.pk, "S1"), {"reply": "late"}).status_code == 403
    s1.refresh_from_db()
    a.refresh_from_db()
    assert a.status == Status.ACCEPTED
    assert s1.evidence != "Changed" and s1.reply == "" and s1.review_state == ReviewState.AGREED


def test_reply_is_refused_while_in_review_and_on_a_standard_that_was_not_queried(
    client, assessment, leads, officer, contributor
):
    a = submitted(assessment, *leads)
    services.assessment_take(assessment=a, actor=officer)
    s1 = Response.objects.get(assessment=a, standard__code="S1")
    response_review(response=s1, actor=officer, state="queried", comment="Why?")
    login(client, contributor)
    assert client.get(url("reply", a.pk, "S1")).status_code == 403  # in review: the partnership cannot change it
    services.assessment_return(assessment=a, actor=officer, note="See S1.")
    page = client.post(url("reply", a.pk, "S2"), {"reply": "Nothing asked"}, follow=True)
    assert REPLY_ONLY_TO_QUERY in follow_messages(page)
    assert Response.objects.get(assessment=a, standard__code="S2").reply == ""
    page = client.get(url("reply", a.pk, "S1"))
    assert page.status_code == 200 and "Why?" in page.content.decode()


def test_reply_on_a_draft_is_refused_with_its_message(client, assessment, contributor):
    answer_all(assessment)
    login(client, contributor)
    page = client.post(url("reply", assessment.pk, "S1"), {"reply": "Hello"}, follow=True)
    assert REPLY_NOT_RETURNED in follow_messages(page)
