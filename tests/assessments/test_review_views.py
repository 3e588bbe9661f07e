"""The review pages: officers only, what each shows, invalid forms, wrong methods, and flat query counts.

People are those of tests/conftest.py: the Mersey partnership's leads, contributor and manager must get 404 on
every review URL (a lead cannot so much as see the accept page of their own assessment), as must the outsider;
Olive Officer reviews. An officer who also works for a partner may see the queue but not review that partnership.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from assessments import services
from assessments.access import OFFICER_IS_PARTNER
from assessments.forms.review import QUERY_NEEDS_COMMENT, RETURN_NOTE_REQUIRED, STATE_REQUIRED
from assessments.models import Assessment, Membership, RatingMode, Response, Role, Status
from assessments.services.review import response_review
from tests import factories

from .page_helpers import answer_all, sign_off_all, submitted, url

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def in_review(assessment, leads, officer):
    a = submitted(assessment, *leads)
    services.assessment_take(assessment=a, actor=officer)
    a.refresh_from_db()
    return a


def review_urls(a):
    """(method, url, data) for every review URL of one assessment."""
    return [
        ("get", url("review_queue"), None),
        ("get", url("review", a.pk), None),
        ("post", url("review_take", a.pk), {}),
        ("get", url("review_standard", a.pk, "S1"), None),
        ("post", url("review_standard", a.pk, "S1"), {"review_state": "agreed"}),
        ("get", url("review_return", a.pk), None),
        ("post", url("review_return", a.pk), {"note": "Please change."}),
        ("get", url("review_accept", a.pk), None),
        ("post", url("review_accept", a.pk), {"summary": "Mine."}),
    ]


@pytest.mark.parametrize("who", ["trust_lead", "council_lead", "council2_lead", "contributor", "manager", "outsider"])
def test_everyone_but_officers_gets_404_on_every_review_url(client, request, in_review, who):
    client.force_login(request.getfixturevalue(who))
    for method, address, data in review_urls(in_review):
        page = getattr(client, method)(address, data) if data is not None else getattr(client, method)(address)
        assert page.status_code == 404, (who, method, address)
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW
    assert not Response.objects.filter(assessment=in_review).exclude(review_state="").exists()


def test_a_lead_cannot_accept_their_own_assessment(client, in_review, trust_lead):
    client.force_login(trust_lead)
    assert client.post(url("review_accept", in_review.pk), {"summary": "All good."}).status_code == 404
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW and in_review.accepted_by is None


def test_an_officer_who_works_for_a_partner_may_not_review_that_partnership(client, in_review, officer, council):
    Membership.objects.create(user=officer, organisation=council, role=Role.CONTRIBUTOR)
    client.force_login(officer)
    assert client.get(url("review_queue")).status_code == 200
    for method, address, data in review_urls(in_review)[1:]:
        page = getattr(client, method)(address, data) if data is not None else getattr(client, method)(address)
        assert page.status_code == 403, (method, address)
        assert OFFICER_IS_PARTNER in page.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_anonymous_people_are_sent_to_sign_in(client, in_review):
    for method, address, data in review_urls(in_review):
        page = getattr(client, method)(address, data) if data is not None else getattr(client, method)(address)
        assert page.status_code == 302 and "/accounts/login/" in page["Location"]


def test_an_officer_gets_404_for_a_draft(client, assessment, officer):
    client.force_login(officer)
    for method, address, data in review_urls(assessment)[1:]:
        page = getattr(client, method)(address, data) if data is not None else getattr(client, method)(address)
        assert page.status_code == 404, address
    assert Assessment.objects.get(pk=assessment.pk).status == Status.DRAFT


def test_take_is_post_only(client, assessment, leads, officer):
    a = submitted(assessment, *leads)
    client.force_login(officer)
    assert client.get(url("review_take", a.pk)).status_code == 405
    a.refresh_from_db()
    assert a.status == Status.SUBMITTED and a.reviewer is None


@pytest.mark.parametrize("who", ["officer", "outsider"])
def test_reply_is_404_for_people_outside_the_partnership(client, request, in_review, officer, who):
    services.assessment_return(assessment=in_review, actor=officer, note="Changes.")
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("reply", in_review.pk, "S1")).status_code == 404
    assert client.post(url("reply", in_review.pk, "S1"), {"reply": "x"}).status_code == 404


def test_a_manager_may_not_reply(client, in_review, officer, manager):
    s1 = Response.objects.get(assessment=in_review, standard__code="S1")
    response_review(response=s1, actor=officer, state="queried", comment="Why?")
    services.assessment_return(assessment=in_review, actor=officer, note="Changes.")
    client.force_login(manager)
    assert client.post(url("reply", in_review.pk, "S1"), {"reply": "x"}).status_code == 403
    s1.refresh_from_db()
    assert s1.reply == ""


def test_the_queue_lists_waiting_and_in_review_with_region_period_submitted_date_and_age(
    client, assessment, leads, officer
):
    a = submitted(assessment, *leads)
    five_days_ago = timezone.now() - timedelta(days=5)
    Assessment.objects.filter(pk=a.pk).update(submitted_at=five_days_ago)
    other = factories.make_partnership(name="Severn Partnership", region="west_midlands")
    other_lead = factories.make_member(other.trust, Role.LEAD, "Sally Severn")
    council_lead = factories.make_member(other.councils.get(), Role.LEAD, "Sid Severn")
    b = services.assessment_start(
        rating_mode=RatingMode.TOGETHER, partnership=other, period="2025/26", version=a.version, actor=other_lead
    )
    submitted(b, other_lead, council_lead)
    services.assessment_take(assessment=b, actor=officer)
    draft = factories.make_partnership(name="Draft Partnership")
    services.assessment_start(
        rating_mode=RatingMode.TOGETHER,
        partnership=draft,
        period="2026/27",
        version=a.version,
        actor=factories.make_member(draft.trust, Role.LEAD, "D"),
    )

    client.force_login(officer)
    page = client.get(url("review_queue"))
    assert page.status_code == 200
    waiting = page.context["waiting"]
    assert [r.assessment.pk for r in waiting] == [a.pk]
    assert waiting[0].age_days == 5
    assert [r.assessment.pk for r in page.context["in_review"]] == [b.pk]
    text = page.content.decode()
    assert "Mersey Mental Health Partnership" in text and "North West" in text and "2026/27" in text
    assert f"{timezone.localtime(five_days_ago):%-d %b %Y}" in text
    assert "Severn Partnership" in text and "West Midlands" in text and "<strong>You</strong>" in text
    assert "Draft Partnership" not in text
    assert url("review_take", a.pk) in text


def test_the_review_page_shows_answers_files_actions_teams_and_review_state(
    client, assessment, leads, officer, partnership
):
    # The team is in the profile when the partnership submits: the review page shows the profile as submitted.
    factories.make_team(partnership, name="North CMHT", social_workers=1, amhps=0)
    in_review = submitted(assessment, *leads)
    services.assessment_take(assessment=in_review, actor=officer)
    answer_all(in_review, rating="largely-met", evidence="Supervision policy 2026.", actions=1, files=1)
    s1 = Response.objects.get(assessment=in_review, standard__code="S1")
    response_review(response=s1, actor=officer, state="queried", comment="Show us the audit.")
    client.force_login(officer)
    page = client.get(url("review", in_review.pk))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Supervision policy 2026." in text and "evidence-0.pdf" in text and "Action 0" in text
    assert "North CMHT" in text and "Isolated" in text
    assert "Show us the audit." in text and "Queried" in text
    assert "You are reviewing this assessment." in text
    assert url("review_return", in_review.pk) in text and url("review_accept", in_review.pk) in text
    assert (page.context["agreed"], page.context["queried"]) == (0, 1)


def test_the_standard_review_page_puts_the_standard_beside_the_answer_and_the_form(client, in_review, officer):
    from standards.models import Standard

    Standard.objects.filter(version=in_review.version, code="S1").update(
        guidance=[{"text": "Social workers get monthly supervision.", "source": "BASW 2010 §7"}]
    )
    client.force_login(officer)
    page = client.get(url("review_standard", in_review.pk, "S1"))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Practice standard number 1." in text and "Social workers get monthly supervision." in text
    assert 'name="review_state"' in text and 'name="expected_rating"' in text
    assert url("history", in_review.pk, "S1") in text


def test_an_invalid_review_shows_its_messages_in_the_error_summary(client, in_review, officer):
    client.force_login(officer)
    page = client.post(url("review_standard", in_review.pk, "S1"), {"review_state": ""})
    assert page.status_code == 200
    assert escape(STATE_REQUIRED) in page.content.decode() and "There is a problem" in page.content.decode()
    page = client.post(url("review_standard", in_review.pk, "S1"), {"review_state": "queried", "review_comment": " "})
    assert QUERY_NEEDS_COMMENT in page.content.decode()
    assert 'href="#id_review_comment"' in page.content.decode()
    assert Response.objects.get(assessment=in_review, standard__code="S1").review_state == ""


def test_the_return_page_lists_the_queries_and_needs_a_note(client, in_review, officer):
    s1 = Response.objects.get(assessment=in_review, standard__code="S1")
    response_review(response=s1, actor=officer, state="queried", comment="Show us the audit.")
    client.force_login(officer)
    page = client.get(url("review_return", in_review.pk))
    assert "Show us the audit." in page.content.decode() and "Queried standards (1)" in page.content.decode()
    page = client.post(url("review_return", in_review.pk), {"note": ""})
    assert page.status_code == 200 and RETURN_NOTE_REQUIRED in page.content.decode()
    in_review.refresh_from_db()
    assert in_review.status == Status.IN_REVIEW


def test_the_accept_page_warns_of_open_queries(client, in_review, officer):
    s1 = Response.objects.get(assessment=in_review, standard__code="S1")
    response_review(response=s1, actor=officer, state="queried", comment="Hmm.")
    client.force_login(officer)
    page = client.get(url("review_accept", in_review.pk))
    assert "1 standard still queried" in page.content.decode()


# --- query counts -------------------------------------------------------------------------------------------------


def _count(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def _partnership_with_leads(name):
    partnership = factories.make_partnership(name=name)
    trust_lead = factories.make_member(partnership.trust, Role.LEAD, f"{name} trust lead")
    council_lead = factories.make_member(partnership.councils.get(), Role.LEAD, f"{name} council lead")
    return partnership, (trust_lead, council_lead)


def _queue_data(n, version, officer, offset):
    for i in range(n):
        partnership, leads = _partnership_with_leads(f"Queue partnership {offset + i}")
        a = services.assessment_start(
            rating_mode=RatingMode.TOGETHER, partnership=partnership, period="2026/27", version=version, actor=leads[0]
        )
        submitted(a, *leads)
        if i % 2:
            services.assessment_take(assessment=a, actor=officer)


def test_the_queue_takes_the_same_number_of_queries_whatever_its_length(
    client, officer, version, django_assert_num_queries
):
    client.force_login(officer)
    _queue_data(2, version, officer, 0)
    small = _count(client, url("review_queue"))
    _queue_data(4, version, officer, 2)
    with django_assert_num_queries(small):
        page = client.get(url("review_queue"))
    assert len(page.context["waiting"]) + len(page.context["in_review"]) == 6
    print(f"review queue: {small} queries for 2 and for 6 assessments")


def _resubmitted(scale, officer):
    """An assessment of 2 + 3*scale standards, scale actions and files each and scale teams, returned with a
    query on every standard and resubmitted with changes, back with the officer."""
    version = factories.make_version(practices=3 * scale)
    partnership, leads = _partnership_with_leads(f"Scale {scale} partnership")
    for _ in range(scale):
        factories.make_team(partnership)
    a = services.assessment_start(
        rating_mode=RatingMode.TOGETHER, partnership=partnership, period="2026/27", version=version, actor=leads[0]
    )
    answer_all(a, rating="largely-met", evidence="Line one.\nLine two.", actions=scale, files=scale)
    submitted(a, *leads)
    services.assessment_take(assessment=a, actor=officer)
    for r in Response.objects.filter(assessment=a):
        response_review(response=r, actor=officer, state="queried", comment="Why?")
    services.assessment_return(assessment=a, actor=officer, note="Changes.")
    Response.objects.filter(assessment=a).update(evidence="Line one.\nLine two, changed.", reply="Changed.")
    sign_off_all(a, *leads)
    services.assessment_submit(assessment=a, actor=leads[0])  # back in review with the same officer
    return a


def test_the_review_page_takes_the_same_number_of_queries_whatever_the_size(client, officer, django_assert_num_queries):
    client.force_login(officer)
    small = _resubmitted(1, officer)
    large = _resubmitted(3, officer)
    count = _count(client, url("review", small.pk))
    with django_assert_num_queries(count):
        page = client.get(url("review", large.pk))
    assert len(page.context["rows"]) == 11 and page.context["changed"] == 11
    print(f"review page: {count} queries for 5 and for 11 standards")
