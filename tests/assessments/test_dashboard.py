"""The dashboard: what needs each person, counted by scoring's rules, from their own assessments only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import RatingMode, Response, Status
from assessments.scoring import PROBLEM_QUERY_UNANSWERED
from assessments.selectors import submission_problems
from assessments.services import assessment_return, assessment_start, assessment_submit, assessment_take
from assessments.services.review import response_reply, response_review
from assessments.views.dashboard import NO_PARTNERSHIP
from tests import factories

from .page_helpers import level, page, url
from .service_helpers import answer, drive_to, sign_all

pytestmark = pytest.mark.django_db

SIGN_OFF = "Mersey Mental Health Partnership 2026/27 is ready for your sign-off"
READY = "Mersey Mental Health Partnership 2026/27 is ready to submit to BASW"


def all_fully_met(assessment):
    Response.objects.filter(assessment=assessment).update(rating=level(assessment, "fully-met"), evidence="Yes")


def dashboard(client, user):
    """The dashboard's text, tags removed and spaces collapsed."""
    client.force_login(user)
    return " ".join(re.sub(r"<[^>]+>", " ", page(client.get(url("dashboard")))).split())


def test_ready_to_submit_shows_once_every_partner_has_signed(client, assessment, leads):
    all_fully_met(assessment)
    sign_all(assessment, leads[:2])
    assert READY not in dashboard(client, leads[0])
    sign_all(assessment, leads[2:])
    text = dashboard(client, leads[0])
    assert READY in text and "ready for your sign-off" not in text


def test_an_unconfirmed_carried_forward_draft_is_not_ready_for_sign_off(client, assessment, council_lead):
    all_fully_met(assessment)
    Response.objects.filter(assessment=assessment, standard__code="S1").update(carried_forward=True)
    assert "ready for your sign-off" not in dashboard(client, council_lead)
    Response.objects.filter(assessment=assessment).update(carried_forward=False)
    assert SIGN_OFF in dashboard(client, council_lead)


def test_a_lead_whose_organisation_signed_is_not_asked_again(client, assessment, leads):
    all_fully_met(assessment)
    sign_all(assessment, leads[1:2])
    assert "ready for your sign-off" not in dashboard(client, leads[1])
    assert SIGN_OFF in dashboard(client, leads[0])


def test_a_returned_assessment_is_not_ready_for_sign_off_before_its_queries_are_answered(
    client, assessment, leads, officer
):
    assessment = drive_to(assessment, Status.IN_REVIEW, leads=leads, officer=officer)
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    response_review(response=s1, actor=officer, state="queried", comment="Where is the supervision policy?")
    assessment_return(assessment=assessment, actor=officer, note="Please answer the query.")
    assert "ready for your sign-off" not in dashboard(client, leads[0])
    assert PROBLEM_QUERY_UNANSWERED.format(code="S1") in [m for _, _, m in submission_problems(assessment)]
    response_reply(response=s1, actor=leads[0], reply="The policy is attached; reviewed in March.")
    assert "ready for your sign-off" in dashboard(client, leads[0])


def test_a_standard_queried_again_needs_a_new_reply_and_keeps_the_old_one_in_its_history(assessment, leads, officer):
    assessment = drive_to(assessment, Status.IN_REVIEW, leads=leads, officer=officer)
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    response_review(response=s1, actor=officer, state="queried", comment="Where is the supervision policy?")
    assessment_return(assessment=assessment, actor=officer, note="Please answer the query.")
    response_reply(response=s1, actor=leads[0], reply="Attached.")
    assert PROBLEM_QUERY_UNANSWERED.format(code="S1") not in [m for _, _, m in submission_problems(assessment)]
    sign_all(assessment, leads)
    assessment = assessment_submit(assessment=assessment, actor=leads[0])  # back to the same officer, in review
    response_review(response=s1, actor=officer, state="queried", comment="The policy is from 2019: is it current?")
    s1.refresh_from_db()
    assert (s1.reply, s1.replied_by) == ("", None)
    assert [(q.comment, q.reply) for q in s1.queries.all()] == [
        ("Where is the supervision policy?", "Attached."),
        ("The policy is from 2019: is it current?", ""),
    ]


def test_progress_on_the_dashboard_is_the_overviews_completed_count(client, assessment, trust_lead):
    s1 = Response.objects.get(assessment=assessment, standard__code="S1")
    answer(s1, trust_lead, "partially-met")  # a gap without an action: answered but not completed
    s2 = Response.objects.get(assessment=assessment, standard__code="S2")
    answer(s2, trust_lead, "fully-met")
    total = assessment.responses.count()
    assert f"1 of {total} completed" in dashboard(client, trust_lead)
    assert f"1 of {total} standards completed" in page(client.get(url("overview", assessment.pk)))


def test_a_person_without_partnerships_is_told_to_ask_for_an_invitation(client, db):
    loner = factories.make_member(factories.make_partnership(name="Lonely").trust, "lead", "Lee Loner")
    loner.memberships.all().delete()
    assert NO_PARTNERSHIP in dashboard(client, loner)


def test_an_officer_sees_what_needs_them_not_the_invitation_advice(client, assessment, leads, officer):
    other = factories.make_member(factories.basw(), "officer", "Otis Other")
    waiting = drive_to(assessment, Status.SUBMITTED, leads=leads, officer=officer)
    text = dashboard(client, officer)
    assert NO_PARTNERSHIP not in text
    assert "Waiting to be taken (1)" in text and "In review by you (0)" in text
    assessment_take(assessment=waiting, actor=officer)
    text = dashboard(client, officer)
    assert "In review by you (1)" in text and "Waiting to be taken (0)" in text
    assert "In review by you (0)" in dashboard(client, other)


def test_an_officer_sees_what_they_returned_and_what_came_back(client, assessment, leads, officer):
    returned = drive_to(assessment, Status.CHANGES_REQUESTED, leads=leads, officer=officer)
    assert "Returned by you, waiting on the partnership (1)" in dashboard(client, officer)
    sign_all(returned, leads)
    assessment_submit(assessment=returned, actor=leads[0])
    text = dashboard(client, officer)
    assert "Resubmitted to you (1)" in text and "Returned by you, waiting on the partnership (0)" in text


def test_the_header_links_officers_to_the_queue_and_the_national_picture(client, officer, trust_lead):
    client.force_login(officer)
    text = page(client.get("/standards/"))
    assert 'href="/review/"' in text and ">National picture<" in text
    client.force_login(trust_lead)
    text = page(client.get("/standards/"))
    assert ">Review queue<" not in text and ">National picture<" not in text


def test_the_header_and_the_dashboard_ask_whether_the_person_is_an_officer_once(client, officer):
    client.force_login(officer)
    client.get(url("dashboard"))
    with CaptureQueriesContext(connection) as queries:
        client.get(url("dashboard"))
    asked = [q for q in queries if "'professional_body'" in q["sql"]]
    assert len(asked) == 1


def lead_with_two_assessments(name):
    partnership = factories.make_partnership(name=name)
    lead = factories.make_member(partnership.trust, "lead", f"{name} Lead")
    version = factories.make_version(practices=6)
    for period in ("2025/26", "2026/27"):
        a = assessment_start(
            rating_mode=RatingMode.TOGETHER, partnership=partnership, period=period, version=version, actor=lead
        )
        Response.objects.filter(assessment=a).update(rating=level(a, "partially-met"), evidence="Some")
    return lead


def measure(client, user, path):
    client.force_login(user)
    client.get(path)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_the_dashboards_queries_stay_flat_as_the_rest_of_the_database_grows_tenfold(client, db):
    lead = lead_with_two_assessments("Measured")
    for i in range(2):
        lead_with_two_assessments(f"Other {i}")
    small = measure(client, lead, url("dashboard"))
    for i in range(2, 20):
        lead_with_two_assessments(f"Other {i}")
    assert measure(client, lead, url("dashboard")) == small <= 16
