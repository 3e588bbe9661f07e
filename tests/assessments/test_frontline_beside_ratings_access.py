"""Who sees the frontline beside the ratings, and where there is none to see.

The partnership's members see it (access.can_see_pulse); Olive (BASW) only once the assessment is sent, when the
review pages are hers; Otto (an outsider) sees no page at all. A standard without a statement, or an assessment
without a pulse, shows no frontline block. The pulse is read once a request, in a fixed number of queries.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Pulse, RatingMode
from assessments.services import assessment_start
from tests import factories

from .frontline_helpers import GAP_CHOICES, frontline_block, get_page, page_urls, pulse_of, rated_with_gaps, submit
from .page_helpers import answer_all
from .pulse_helpers import give_statements

pytestmark = pytest.mark.django_db

GAP_BADGE = '<span class="status-tag flagged">Perception gap</span>'
PARTNER, REVIEW = ("standard", "check"), ("review", "review_standard")
# What a pulse adds to a page that has none (which already looks for it): its teams, statements, replies, and the
# version's rating scale.
PULSE_READS = 4


@pytest.fixture
def with_gaps(assessment, leads, statements):
    """The prepared case (frontline_helpers): a pulse of 6, S1 and S2 with perception gaps, still a draft."""
    pulse_of(assessment, leads[0], 6, choices=GAP_CHOICES)
    rated_with_gaps(assessment, leads[0])
    return assessment


def test_the_officer_sees_nothing_frontline_before_the_assessment_is_sent_and_the_gaps_after(
    client, with_gaps, leads, officer
):
    client.force_login(officer)
    for name, path in page_urls(with_gaps).items():
        assert client.get(path).status_code == 404, name
    submit(with_gaps, leads)
    review = get_page(client, page_urls(with_gaps)["review"])
    assert 'id="gaps-heading"' in review and '<a href="#frontline-S1">' in review
    for name in ("standard", "check", "review_standard"):
        assert GAP_BADGE in frontline_block(get_page(client, page_urls(with_gaps)[name]), "S1"), name


def test_an_outsider_gets_404_on_every_page_that_shows_the_frontline(client, with_gaps, leads, outsider):
    submit(with_gaps, leads)
    client.force_login(outsider)
    for name, path in page_urls(with_gaps).items():
        assert client.get(path).status_code == 404, name


def test_a_standard_without_a_statement_shows_no_frontline_block(client, with_gaps, leads, officer):
    """The principles P1 and P2 have no statement; S1 has one, on the same pages."""
    client.force_login(leads[0])
    check = get_page(client, page_urls(with_gaps)["check"])
    assert frontline_block(check, "S1") is not None
    assert frontline_block(check, "P1") is None and frontline_block(check, "P2") is None
    assert 'id="frontline-' not in get_page(client, page_urls(with_gaps, "P1")["standard"])
    submit(with_gaps, leads)
    client.force_login(officer)
    review = get_page(client, page_urls(with_gaps)["review"])
    assert frontline_block(review, "S1") is not None and frontline_block(review, "P1") is None
    assert 'id="frontline-' not in get_page(client, page_urls(with_gaps, "P1")["review_standard"])


def test_an_assessment_without_a_pulse_shows_no_frontline_anywhere(client, assessment, leads, officer, statements):
    answer_all(assessment)
    client.force_login(leads[0])
    pages = {name: get_page(client, page_urls(assessment)[name]) for name in ("standard", "check")}
    submit(assessment, leads)
    client.force_login(officer)
    pages |= {name: get_page(client, page_urls(assessment)[name]) for name in ("review", "review_standard")}
    for name, text in pages.items():
        assert 'class="frontline' not in text and "frontline pulse" not in text.lower(), name
    assert 'id="gaps-heading"' not in pages["review"]
    assert "The frontline sees" not in pages["check"]


def _with_pulse(partnership, lead, council_lead, *, practices):
    """A draft of 2 + `practices` standards, each with a statement and an action, a pulse of 6 with gaps."""
    version = factories.make_version(practices=practices)
    give_statements(version)
    assessment = assessment_start(
        rating_mode=RatingMode.TOGETHER, partnership=partnership, period="2026/27", version=version, actor=lead
    )
    pulse_of(assessment, lead, 6, choices=GAP_CHOICES)
    answer_all(assessment, rating="largely-met", actions=1)
    return assessment


def _queries(client, path):
    client.get(path)  # warm anything cached per process
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return queries


def _measure(client, pages):
    """pages: {name: (small path, large path, who reads small, who reads large)}. Each page reads the pulse once,
    in the same queries at both sizes, and PULSE_READS more than without a pulse (the agreed ratings come from the
    answers the page has read already): returns {name: queries with a pulse}."""
    counts = {}
    for name, (small, large, small_reader, large_reader) in pages.items():
        client.force_login(small_reader)
        small_queries = _queries(client, small)
        client.force_login(large_reader)
        large_queries = _queries(client, large)
        assert len(large_queries) == len(small_queries), name
        assert sum("assessments_pulsereply" in q["sql"] for q in large_queries) == 1, name
        assert sum('FROM "standards_statement"' in q["sql"] for q in large_queries) == 1, name
        counts[name] = len(small_queries)
    Pulse.objects.all().delete()
    for name, (small, _, small_reader, _) in pages.items():
        client.force_login(small_reader)
        assert counts[name] - len(_queries(client, small)) == PULSE_READS, name
        print(f"{name}: {counts[name]} queries at 8 and 20 standards with a pulse of 6, {PULSE_READS} more than none")


def test_the_standard_page_and_check_read_the_pulse_once_in_the_same_queries_at_three_times_the_standards(
    client, partnership, trust_lead, council_lead
):
    small = _with_pulse(partnership, trust_lead, council_lead, practices=6)
    other = factories.make_partnership(councils=1, name="Large partnership")
    lead = factories.make_member(other.trust, "lead", "Larry Lead")
    large = _with_pulse(other, lead, council_lead, practices=18)
    _measure(client, {name: (page_urls(small)[name], page_urls(large)[name], trust_lead, lead) for name in PARTNER})


def test_the_review_pages_read_the_pulse_once_in_the_same_queries_at_three_times_the_standards(
    client, partnership, leads, officer
):
    small = submit(_with_pulse(partnership, leads[0], leads[1], practices=6), leads)
    other = factories.make_partnership(councils=1, name="Large partnership")
    other_leads = [factories.make_member(org, "lead", f"Lead {org.pk}") for org in other.partner_organisations()]
    large = submit(_with_pulse(other, other_leads[0], other_leads[1], practices=18), other_leads)
    _measure(client, {name: (page_urls(small)[name], page_urls(large)[name], officer, officer) for name in REVIEW})
