"""BASW's review of an assessment whose partners rated first: every partner's view, how far apart they were and
why the partners agreed, on the review pages; an officer's query of a divergence, which the partnership answers
as any query; the queue's count of divergent standards; flat query counts with three partners.

People are those of tests/conftest.py: the Mersey trust and its two councils rate apart (split_assessment);
Olive Officer reviews. The partnership's own people get 404 on every review page, as for any assessment.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments import services
from assessments.forms.review import DIVERGENCE_QUERY, QUERY_DIVERGENCE, QUERY_DIVERGENCE_HELP, divergence_query
from assessments.models import RatingMode, Response, ReviewQuery, ReviewState, Status
from assessments.scoring import Divergence
from assessments.services.review import response_review
from tests import factories

from .page_helpers import page, submitted, url
from .review_view_helpers import NA, partnership_with_leads, rate_apart, submitted_apart

pytestmark = pytest.mark.django_db

# S1: the council two levels below the trust (divergent); S3: one level apart (differs); the rest the same.
PLAN = {
    "S1": ("fully-met", "not-met", "partially-met"),
    "S3": ("fully-met", "largely-met", "fully-met"),
}
S1_RATIONALE = "We agreed partially met: the council's supervision audit outweighed the trust's survey."


@pytest.fixture
def split_in_review(split_assessment, leads, officer):
    """The split assessment submitted as PLAN says (S1 agreed at partially met) and taken by Olive Officer."""
    a = submitted_apart(split_assessment, leads, PLAN, agreed={"S1": "partially-met"})
    services.assessment_take(assessment=a, actor=officer)
    a.refresh_from_db()
    return a


def s1_of(assessment):
    return Response.objects.get(assessment=assessment, standard__code="S1")


def test_the_officer_sees_every_view_the_divergence_and_the_rationale_on_the_assessments_review_page(
    client, split_in_review, officer, trust, council, council2
):
    client.force_login(officer)
    response = client.get(url("review", split_in_review.pk))
    assert response.status_code == 200
    text = page(response)
    for lead in ("Tara Trustlead", "Colin Councillead", "Cara Secondcouncil"):
        assert f"{lead}'s view of S1." in text and f"{lead}'s view of S3." in text
    for organisation in (trust, council, council2):
        assert f'<th scope="row">{organisation.name}</th>' in text
    assert S1_RATIONALE in text
    assert '<span class="status-tag divergent">Divergent</span>' in text
    assert '<span class="status-tag differs">Differs</span>' in text
    assert "1 standard divergent, 1 differs, 6 the same." in text
    assert '<a href="#review-S1">S1</a>' in text
    assert response.context["divergence"] == {Divergence.DIVERGENT: 1, Divergence.DIFFERS: 1, Divergence.SAME: 6}
    assert [row.response.standard.code for row in response.context["divergent"]] == ["S1"]
    assert '<th scope="col">Partners\' views</th>' in text


def test_the_per_standard_review_page_shows_every_view_and_offers_to_query_the_divergence(
    client, split_in_review, officer, council
):
    client.force_login(officer)
    response = client.get(url("review_standard", split_in_review.pk, "S1"))
    text = page(response)
    assert response.status_code == 200
    assert "Colin Councillead's view of S1." in text and council.name in text
    assert "Agreed rating" in text and S1_RATIONALE in text
    suggested = response.context["form"].suggested_query
    assert suggested == divergence_query(s1_of(split_in_review), response.context["row"].views)
    assert "diverged" in suggested and "not met" in suggested and "You agreed partially met" in suggested
    assert suggested in text and "The partners' own views of S1 diverged" in text
    assert f'value="{QUERY_DIVERGENCE}"' in text and QUERY_DIVERGENCE_HELP in text


def test_a_differing_standard_is_offered_the_query_but_one_whose_views_are_the_same_is_not(
    client, split_in_review, officer
):
    client.force_login(officer)
    differs = page(client.get(url("review_standard", split_in_review.pk, "S3")))
    assert f'value="{QUERY_DIVERGENCE}"' in differs and "The partners' own views of S3 differed" in differs
    same = client.get(url("review_standard", split_in_review.pk, "S2"))
    assert same.context["form"].suggested_query is None
    assert QUERY_DIVERGENCE not in page(same) and "Tara Trustlead's view of S2." in page(same)
    refused = client.post(url("review_standard", split_in_review.pk, "S2"), {"review_state": QUERY_DIVERGENCE})
    assert refused.status_code == 200 and "review_state" in refused.context["form"].errors
    assert Response.objects.get(assessment=split_in_review, standard__code="S2").review_state == ""


def test_the_officer_queries_a_divergence_and_the_partnership_sees_and_answers_it(
    client, split_in_review, officer, council_lead
):
    client.force_login(officer)
    suggested = client.get(url("review_standard", split_in_review.pk, "S1")).context["form"].suggested_query
    saved = client.post(
        url("review_standard", split_in_review.pk, "S1"),
        {"review_state": QUERY_DIVERGENCE, "review_comment": "", "expected_rating": "", "save": ""},
    )
    assert saved.status_code == 302
    s1 = s1_of(split_in_review)
    assert (s1.review_state, s1.review_comment, s1.reviewed_by) == (ReviewState.QUERIED, suggested, officer)
    assert list(ReviewQuery.objects.filter(response=s1).values_list("comment", flat=True)) == [suggested]
    returned = client.post(url("review_return", split_in_review.pk), {"note": "Please see the query on S1."})
    assert returned.status_code == 302
    split_in_review.refresh_from_db()
    assert split_in_review.status == Status.CHANGES_REQUESTED

    client.force_login(council_lead)
    assert suggested in page(client.get(url("standard", split_in_review.pk, "S1")))
    reply_page = client.get(url("reply", split_in_review.pk, "S1"))
    assert reply_page.status_code == 200 and suggested in page(reply_page)
    assert "Tara Trustlead's view of S1." in page(reply_page) and S1_RATIONALE in page(reply_page)
    reply = "The council's audit showed two teams without supervision; the trust's survey missed them."
    assert client.post(url("reply", split_in_review.pk, "S1"), {"reply": reply}).status_code == 302
    s1.refresh_from_db()
    assert (s1.reply, s1.replied_by) == (reply, council_lead)
    assert ReviewQuery.objects.get(response=s1).reply == reply


def test_an_officer_who_writes_their_own_comment_on_a_divergence_sends_theirs(client, split_in_review, officer):
    client.force_login(officer)
    mine = "Why did the trust rate supervision fully met when the council found none in two teams?"
    client.post(
        url("review_standard", split_in_review.pk, "S1"),
        {"review_state": QUERY_DIVERGENCE, "review_comment": mine, "expected_rating": "", "save": ""},
    )
    s1 = s1_of(split_in_review)
    assert (s1.review_state, s1.review_comment) == (ReviewState.QUERIED, mine)


def test_a_not_applicable_view_beside_a_rating_is_divergent_and_named_in_the_suggestion(
    client, split_assessment, leads, officer, council
):
    a = submitted_apart(split_assessment, leads, {"S2": ("largely-met", NA, "largely-met")})
    services.assessment_take(assessment=a, actor=officer)
    client.force_login(officer)
    suggested = client.get(url("review_standard", a.pk, "S2")).context["form"].suggested_query
    assert f"{council.name} not applicable" in suggested
    assert suggested.startswith(DIVERGENCE_QUERY.split("{code}")[0] + "S2 diverged")


@pytest.mark.parametrize("who", ["trust_lead", "council_lead", "council2_lead", "contributor", "manager", "outsider"])
def test_the_partnerships_own_people_cannot_reach_the_review_pages(client, request, split_in_review, who):
    client.force_login(request.getfixturevalue(who))
    for address in (url("review", split_in_review.pk), url("review_standard", split_in_review.pk, "S1")):
        assert client.get(address).status_code == 404, (who, address)
    posted = client.post(url("review_standard", split_in_review.pk, "S1"), {"review_state": QUERY_DIVERGENCE})
    assert posted.status_code == 404
    assert s1_of(split_in_review).review_state == ""


def test_together_the_review_pages_show_no_partner_views(client, assessment, leads, officer):
    a = submitted(assessment, *leads)
    services.assessment_take(assessment=a, actor=officer)
    client.force_login(officer)
    review = page(client.get(url("review", a.pk)))
    assert "Partnership's rating" in review and "Partners' views" not in review and "rated every standard" not in review
    standard = client.get(url("review_standard", a.pk, "S1"))
    assert standard.context["row"].views is None and standard.context["form"].suggested_query is None
    assert "own view" not in page(standard) and QUERY_DIVERGENCE not in page(standard)


def test_the_queue_counts_each_assessments_divergent_standards(client, split_assessment, leads, officer, version):
    submitted_apart(split_assessment, leads, PLAN)
    partnership, together_leads = partnership_with_leads("Severn Partnership")
    together = services.assessment_start(
        partnership=partnership, period="2026/27", version=version, actor=together_leads[0], rating_mode="together"
    )
    submitted(together, *together_leads)
    client.force_login(officer)
    text = page(client.get(url("review_queue")))
    assert "1 divergent standard<" in text and "Rated together" in text


# --- query counts -------------------------------------------------------------------------------------------------


def _count(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def _in_review_apart(scale, officer):
    """An assessment of 2 + 3*scale standards whose trust and two councils rated apart (a divergence in every
    third standard), submitted and taken by the officer."""
    version = factories.make_version(practices=3 * scale)
    partnership, leads = partnership_with_leads(f"Scale {scale} partnership", councils=2)
    a = services.assessment_start(
        partnership=partnership,
        period="2026/27",
        version=version,
        actor=leads[0],
        rating_mode=RatingMode.PARTNERS_FIRST,
    )
    plan = {f"S{i}": ("fully-met", "not-met", "largely-met") for i in range(1, 3 * scale + 1, 3)}
    submitted_apart(a, leads, plan)
    services.assessment_take(assessment=a, actor=officer)
    return a


def test_the_review_pages_take_the_same_number_of_queries_with_three_partners_at_any_size(
    client, officer, django_assert_num_queries
):
    client.force_login(officer)
    small, large = _in_review_apart(1, officer), _in_review_apart(3, officer)
    for s1 in (s1_of(small), s1_of(large)):
        response_review(response=s1, actor=officer, state="queried", comment="Why?")
    count = _count(client, url("review", small.pk))
    with django_assert_num_queries(count):
        response = client.get(url("review", large.pk))
    assert len(response.context["rows"]) == 11 and response.context["divergence"][Divergence.DIVERGENT] == 3
    standard = _count(client, url("review_standard", small.pk, "S1"))
    assert _count(client, url("review_standard", large.pk, "S1")) == standard
    queue = _count(client, url("review_queue"))
    _in_review_apart(2, officer)
    assert _count(client, url("review_queue")) == queue
    print(f"review page: {count} queries, standard page: {standard}, queue: {queue}, for 5 and 11 standards")


def test_rate_apart_leaves_the_views_the_plan_gives(split_assessment, leads):
    """The builder the specs rely on: every partner's view, and the lowest agreed with a rationale."""
    rate_apart(split_assessment, leads, PLAN)
    s1 = s1_of(split_assessment)
    assert sorted(v.rating.code for v in s1.partner_views.all()) == ["fully-met", "not-met", "partially-met"]
    assert s1.rating.code == "not-met" and "not met" in s1.agreed_rationale
