"""Issue 9's review defects, each a spec that failed before its fix.

The Mersey partnership (tests/conftest.py) submits; Olive Officer reviews; Otis, a second BASW officer, may take a
review over. Accepting needs every standard agreed; a resubmission comes back to Olive; what changed since the return
reads as words; a query later agreed keeps its question, reply and decision everywhere.
"""

import csv
import io

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Event, EventKind, Membership, Response, Status
from assessments.services.review import response_reply, response_review
from tests import factories

from .page_helpers import sign_off_all, url
from .service_helpers import drive_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def other_officer(db):
    return factories.make_member(factories.basw(), factories.Role.OFFICER, "Otis Otherofficer")


@pytest.fixture
def in_review(assessment, leads, officer):
    return drive_to(assessment, Status.IN_REVIEW, leads=leads, officer=officer)


def s(assessment, code):
    return Response.objects.get(assessment=assessment, standard__code=code)


def codes(assessment):
    return list(
        assessment.responses.order_by("standard__domain__order", "standard__source_order").values_list(
            "standard__code", flat=True
        )
    )


def returned_with_query_on_s1(assessment, officer, contributor, leads):
    """In review: S1 queried and returned; the partnership replies and resubmits (back with Olive)."""
    response_review(response=s(assessment, "S1"), actor=officer, state="queried", comment="Where is the audit?")
    services.assessment_return(assessment=assessment, actor=officer, note="Please answer the query on S1.")
    response_reply(response=s(assessment, "S1"), actor=contributor, reply="Appendix B holds the audit.")
    sign_off_all(assessment, *leads)
    services.assessment_submit(assessment=assessment, actor=leads[0])
    assessment.refresh_from_db()
    return assessment


# 1. Accepting needs every standard agreed


def test_accepting_with_no_standard_reviewed_is_refused_with_what_is_not_agreed(in_review, officer):
    response_review(response=s(in_review, "S1"), actor=officer, state="queried", comment="Evidence?")
    with pytest.raises(services.WorkflowError) as excinfo:
        services.assessment_accept(assessment=in_review, actor=officer, note="Fine.")
    from assessments.services.workflow import NOT_ALL_AGREED, NOT_REVIEWED_YET, STILL_QUERIED

    unreviewed = [c for c in codes(in_review) if c != "S1"]
    assert excinfo.value.messages == [
        NOT_ALL_AGREED,
        NOT_REVIEWED_YET.format(codes=", ".join(unreviewed)),
        STILL_QUERIED.format(codes="S1"),
    ]
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW and in_review.accepted_at is None


def test_the_accept_page_lists_what_is_not_reviewed_and_agrees_all_remaining_once_confirmed(client, in_review, officer):
    from assessments.forms.review import CONFIRM_AGREE_REMAINING

    response_review(response=s(in_review, "S1"), actor=officer, state="queried", comment="Evidence?")
    client.force_login(officer)
    text = client.get(url("review_accept", in_review.pk)).content.decode()
    assert "not reviewed yet" in text and url("review_agree_remaining", in_review.pk) in text
    assert 'name="confirm"' in text and url("review_standard", in_review.pk, "S2") in text
    assert f'{url("review_standard", in_review.pk, "S2")}">S2 Practice 2</a>' in text  # named, not just coded

    # Without the tick nothing changes, and the page says why.
    page = client.post(url("review_agree_remaining", in_review.pk), {}, follow=True)
    assert CONFIRM_AGREE_REMAINING in [str(m) for m in page.context["messages"]]
    assert not in_review.responses.filter(review_state="agreed").exists()

    client.post(url("review_agree_remaining", in_review.pk), {"confirm": "on"})
    states = dict(in_review.responses.values_list("standard__code", "review_state"))
    assert states.pop("S1") == "queried"  # a query goes back through a return, never agreed in bulk
    assert set(states.values()) == {"agreed"}
    s2 = s(in_review, "S2")
    assert s2.reviewed_by == officer
    assert s2.history.latest().history_change_reason == "review: agreed (all remaining)"


def test_agreeing_all_remaining_is_for_the_reviewer_only(client, in_review, other_officer):
    client.force_login(other_officer)
    client.post(url("review_agree_remaining", in_review.pk), {"confirm": "on"})
    assert not in_review.responses.exclude(review_state="").exists()


# 2. A resubmission goes back to the officer who returned it


def test_a_resubmission_goes_back_to_the_officer_who_returned_it_and_the_queue_says_so(
    client, in_review, officer, other_officer, contributor, leads
):
    a = returned_with_query_on_s1(in_review, officer, contributor, leads)
    assert (a.status, a.reviewer) == (Status.IN_REVIEW, officer)
    moves = list(Event.objects.filter(assessment=a, kind=EventKind.TRANSITION).values_list("to_status", flat=True))
    assert moves == ["submitted", "in_review", "changes_requested", "in_review"]

    client.force_login(other_officer)
    page = client.get(url("review_queue"))
    assert len(page.context["waiting"]) == 0 and len(page.context["in_review"]) == 1
    assert "Resubmitted, with Olive Officer" in page.content.decode()


def test_another_officer_may_take_a_review_over_and_it_is_recorded(
    client, in_review, officer, other_officer, contributor, leads
):
    a = returned_with_query_on_s1(in_review, officer, contributor, leads)
    client.force_login(other_officer)
    assert url("review_take_over", a.pk) in client.get(url("review", a.pk)).content.decode()
    client.post(url("review_take_over", a.pk), {"note": "Olive is on leave."})
    a.refresh_from_db()
    assert a.reviewer == other_officer and a.status == Status.IN_REVIEW
    event = Event.objects.get(assessment=a, kind=EventKind.REVIEWER_CHANGED)
    assert event.actor == other_officer
    assert event.note == "Otis Otherofficer took over the review from Olive Officer. Olive is on leave."

    from assessments.access import NOT_YOUR_REVIEW

    with pytest.raises(services.WorkflowError) as excinfo:
        services.assessment_return(assessment=a, actor=officer, note="Mine.")
    assert excinfo.value.messages == [NOT_YOUR_REVIEW.format(reviewer="Otis Otherofficer")]


def test_a_partner_officer_cannot_take_a_review_over(in_review, officer, trust):
    from assessments.access import OFFICER_IS_PARTNER
    from assessments.services.workflow import assessment_take_over

    both = factories.make_member(factories.basw(), factories.Role.OFFICER, "Pat Partner")
    Membership.objects.create(user=both, organisation=trust, role=factories.Role.CONTRIBUTOR)
    with pytest.raises(services.WorkflowError) as excinfo:
        assessment_take_over(assessment=in_review, actor=both)
    assert excinfo.value.messages == [OFFICER_IS_PARTNER]
    in_review.refresh_from_db()
    assert in_review.reviewer == officer


# 3. What changed since the return, in words


def test_what_changed_since_the_return_marks_removed_and_added_words_in_markup_and_words(
    client, in_review, officer, contributor, leads
):
    s1 = s(in_review, "S1")
    response_review(response=s1, actor=officer, state="queried", comment="Evidence?")
    services.assessment_return(assessment=in_review, actor=officer, note="See S1.")
    s1.refresh_from_db()
    services.response_save(
        response=s1,
        actor=contributor,
        lock_version=s1.lock_version,
        data=services.ResponseData(
            rating=s1.rating,
            not_applicable=False,
            not_applicable_reason="",
            evidence="Minutes of the joint partnership board, March.",
            evidence_holder=None,
            evidence_held_jointly=True,
        ),
    )
    response_reply(response=s1, actor=contributor, reply="The joint board's minutes now say so.")
    sign_off_all(in_review, *leads)
    services.assessment_submit(assessment=in_review, actor=leads[0])
    client.force_login(officer)
    text = client.get(url("review_standard", in_review.pk, "S1")).content.decode()
    hidden = '<span class="visually-hidden">'
    assert f"<ins>{hidden}[added: </span>joint " in text
    assert f"<ins>{hidden}[added: </span>board, March.{hidden}]</span></ins>" in text
    assert f"<del>{hidden}[removed: </span>board.{hidden}]</span></del>" in text
    assert "@@" not in text and "<pre" not in text


# 4. A query later agreed keeps its question, reply and decision


def test_a_query_later_agreed_keeps_its_question_reply_and_decision_on_pages_and_in_the_downloads(
    client, in_review, officer, contributor, leads, manager
):
    a = returned_with_query_on_s1(in_review, officer, contributor, leads)
    response_review(response=s(a, "S1"), actor=officer, state="agreed", comment="")
    s1 = s(a, "S1")
    assert s1.review_state == "agreed" and s1.review_comment == ""

    query = s1.queries.get()
    assert (query.comment, query.reply, query.replied_by) == (
        "Where is the audit?",
        "Appendix B holds the audit.",
        contributor,
    )
    assert (query.resolution, query.resolved_by) == ("agreed", officer)

    client.force_login(officer)
    text = client.get(url("review_standard", a.pk, "S1")).content.decode()
    assert "Where is the audit?" in text and "Appendix B holds the audit." in text and "Agreed by Olive Officer" in text
    client.force_login(contributor)
    text = client.get(url("standard", a.pk, "S1")).content.decode()
    assert "Where is the audit?" in text and "Appendix B holds the audit." in text

    client.force_login(manager)
    csv_url = reverse("reports:download", kwargs={"pk": a.pk, "kind": "responses", "fmt": "csv"})
    body = client.get(csv_url).content.decode("utf-8-sig")
    row = next(r for r in csv.DictReader(io.StringIO(body)) if r["Standard"] == "S1")
    assert "Where is the audit?" in row["Queries, replies and decisions"]
    assert "Reply: Appendix B holds the audit." in row["Queries, replies and decisions"]
    assert row["Queries, replies and decisions"].endswith("Decision: Agreed")

    from reports.content import report_for
    from reports.pdf import render_html

    html = render_html(report_for(a))
    assert "Where is the audit?" in html and "Appendix B holds the audit." in html and "decision: agreed" in html


def test_a_second_query_after_a_reply_closes_the_first_as_queried_again(in_review, officer, contributor, leads):
    a = returned_with_query_on_s1(in_review, officer, contributor, leads)
    response_review(response=s(a, "S1"), actor=officer, state="queried", comment="Appendix B is missing.")
    first, second = s(a, "S1").queries.order_by("pk")
    assert (first.comment, first.reply, first.resolution) == (
        "Where is the audit?",
        "Appendix B holds the audit.",
        "queried_again",
    )
    assert (second.comment, second.reply, second.resolution) == ("Appendix B is missing.", "", "")


# Who may review: one place


def test_who_may_review_is_answered_by_access_with_the_reason(in_review, officer, other_officer, trust_lead):
    from assessments.access import NOT_YOUR_REVIEW, OFFICER_IS_PARTNER, get_assessment_for

    assert get_assessment_for(officer, in_review.pk)[1].why_not_review() is None
    refusal = get_assessment_for(other_officer, in_review.pk)[1].why_not_review()
    assert refusal == NOT_YOUR_REVIEW.format(reviewer="Olive Officer")
    both = factories.make_member(factories.basw(), factories.Role.OFFICER, "Pat Partner")
    Membership.objects.create(user=both, organisation=in_review.partnership.trust, role=factories.Role.CONTRIBUTOR)
    assert get_assessment_for(both, in_review.pk)[1].why_not_review() == OFFICER_IS_PARTNER
