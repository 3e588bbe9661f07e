"""The national picture's section on where trusts and councils see it differently: officers only, over the accepted
assessments the national picture counts whose partners rated first, with every figure worked out by hand and none
shown from fewer than 5 assessments.

Each partnership is built through the services (tests/assessments/review_view_helpers.py): its trust's lead and
each council's give their own views, the trust's lead agrees, every lead signs off, Olive Officer accepts.
"""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments import services
from assessments.models import RatingMode, Status
from reports import national
from reports.national_divergence import (
    COUNCILS_HIGHER,
    LEVEL,
    SIDES_SUPPRESSED,
    TRUST_HIGHER,
    divergence_picture,
)
from tests import factories
from tests.assessments.review_view_helpers import NA, accepted_apart, partnership_with_leads, submitted_apart
from tests.assessments.service_helpers import drive_to

pytestmark = pytest.mark.django_db

# The scale's positions: not met 0, partially met 1, largely met 2, fully met 3; divergent at 2 levels apart.
# The version has P1, P2 (principles), S1 (governance), S2 (leadership); P1 and P2 are fully met by everyone.
PLANS = [
    {"S1": ("fully-met", "not-met"), "S2": ("largely-met", "fully-met")},  # divergent, trust up; differs, councils up
    {"S1": ("fully-met", "partially-met")},  # divergent, trust higher; S2 the same
    {"S1": ("largely-met", "not-met"), "S2": ("partially-met", "largely-met")},  # as the first
    {"S1": ("fully-met", "largely-met"), "S2": (NA, "largely-met")},  # differs, trust up; divergent, not compared
]
# Two councils: S1 trust 3 against a mean of (0 + 3) / 2, trust higher; S2 trust 2 against (3 + 1) / 2, level,
# though 3 and 1 are two levels apart, so divergent.
TWO_COUNCILS = {"S1": ("fully-met", "not-met", "fully-met"), "S2": ("largely-met", "fully-met", "partially-met")}


@pytest.fixture
def small_version(db):
    return factories.make_version(practices=2)


def accept_four(version, officer):
    return [accepted_apart(f"Partnership {i}", version, officer, plan) for i, plan in enumerate(PLANS, 1)]


def accept_five(version, officer):
    assessments = accept_four(version, officer)
    assessments.append(accepted_apart("Two-council partnership", version, officer, TWO_COUNCILS, councils=2))
    return assessments


def filters(version):
    return national.Filters(period="2026/27", version=version)


def csv_rows(client, table, query):
    response = client.get(reverse("reports:national_csv", args=[table]) + query)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def figures(row):
    return row.with_views, row.divergent, row.differs, row.share, row.sides


def test_with_five_assessments_each_standard_shows_how_often_it_diverged_and_which_side_rated_higher(
    small_version, officer
):
    accept_five(small_version, officer)
    picture = divergence_picture(filters(small_version))
    assert picture.assessments == 5 and picture.divergence_levels == 2
    assert [r.subject.code for r in picture.standards] == ["S1", "S2", "P1", "P2"]  # most often divergent first
    s1, s2, p1, _ = picture.standards
    assert figures(s1) == (5, 4, 1, 80.0, {TRUST_HIGHER: 5, COUNCILS_HIGHER: 0, LEVEL: 0})
    assert not s1.suppressed and not s1.sides_suppressed
    # S2: the trust said not applicable in one, so the sides are compared in four only: not shown.
    assert figures(s2) == (5, 2, 2, 40.0, {TRUST_HIGHER: 0, COUNCILS_HIGHER: 2, LEVEL: 2})
    assert not s2.suppressed and s2.sides_suppressed
    assert figures(p1) == (5, 0, 0, 0.0, {TRUST_HIGHER: 0, COUNCILS_HIGHER: 0, LEVEL: 5})


def test_by_domain_an_assessment_counts_once_with_the_sides_mean_over_the_domains_standards(small_version, officer):
    accept_five(small_version, officer)
    domains = {r.subject.code: r for r in divergence_picture(filters(small_version)).domains}
    assert list(domains) == ["principles", "governance", "leadership"]
    assert figures(domains["governance"]) == (5, 4, 0, 80.0, {TRUST_HIGHER: 5, COUNCILS_HIGHER: 0, LEVEL: 0})
    assert figures(domains["leadership"])[:4] == (5, 2, 0, 40.0) and domains["leadership"].sides_suppressed
    assert figures(domains["principles"]) == (5, 0, 0, 0.0, {TRUST_HIGHER: 0, COUNCILS_HIGHER: 0, LEVEL: 5})


def test_a_domain_whose_standards_pull_apart_is_rated_higher_by_the_side_with_the_higher_mean(version, officer):
    """Governance holds S1, S3, S5: the trust is one level up on S1 and S3 but three down on S5, so over the
    domain the councils rate higher (+1 + 1 − 3 < 0), though the trust is higher on two of its three standards."""
    plan = {"S1": ("fully-met", "largely-met"), "S3": ("fully-met", "largely-met"), "S5": ("not-met", "fully-met")}
    for i in range(5):
        accepted_apart(f"Partnership {i}", version, officer, plan)
    picture = divergence_picture(filters(version))
    governance = next(r for r in picture.domains if r.subject.code == "governance")
    assert governance.sides == {TRUST_HIGHER: 0, COUNCILS_HIGHER: 5, LEVEL: 0}
    by_code = {r.subject.code: r for r in picture.standards}
    assert by_code["S1"].sides[TRUST_HIGHER] == 5 and by_code["S5"].sides[COUNCILS_HIGHER] == 5
    assert [r.subject.code for r in picture.standards][:1] == ["S5"]  # the only divergent one


def test_with_four_assessments_every_figure_is_suppressed(client, small_version, officer):
    accept_four(small_version, officer)
    picture = divergence_picture(filters(small_version))
    assert picture.assessments == 4
    assert all(r.suppressed and r.sides_suppressed and r.share is None for r in picture.standards + picture.domains)
    assert [r.subject.code for r in picture.standards] == ["P1", "P2", "S1", "S2"]  # not ranked: the order leaks
    client.force_login(officer)
    query = f"?period=2026/27&version={small_version.pk}"
    text = client.get(reverse("reports:national") + query).content.decode()
    section = text[text.index('id="divergence"') : text.index('id="models"')]
    assert section.count(national.SUPPRESSED) == 7 and "80.0%" not in section and "%</td>" not in section
    rows = csv_rows(client, "divergence", query)
    assert rows[1][:3] == ["P1", "Principle 1", "4"] and set(rows[1][3:]) == {"suppressed"}


def test_the_page_and_its_csv_show_the_figures_to_an_officer(client, small_version, officer):
    accept_five(small_version, officer)
    client.force_login(officer)
    query = f"?period=2026/27&version={small_version.pk}"
    page = client.get(reverse("reports:national") + query)
    assert page.status_code == 200
    text = page.content.decode()
    section = text[text.index('id="divergence"') : text.index('id="models"')]
    assert "5 of the accepted assessments above had each partner rate every standard" in section
    assert "<caption>Standards by how often the partners' own views diverged" in section
    assert '<th scope="row">S1 Practice 1</th><td class="text-end">5</td>' in section
    assert '<td class="text-end">4</td><td class="text-end">80.0%</td><td class="text-end">1</td>' in section
    assert section.index("S1 Practice 1") < section.index("S2 Practice 2") < section.index("P1 Principle 1")
    assert '<th scope="col" class="text-end">Trust higher</th>' in section
    assert section.count(SIDES_SUPPRESSED) == 2  # S2 and leadership: the trust said not applicable in one
    standards = csv_rows(client, "divergence", query)
    assert standards[0][-3:] == ["Trust higher", "Councils higher", "Level"]
    assert standards[1] == ["S1", "Practice 1", "5", "4", "80.0", "1", "5", "0", "0"]
    assert standards[2] == ["S2", "Practice 2", "5", "2", "40.0", "2", "suppressed", "suppressed", "suppressed"]
    domains = csv_rows(client, "divergence_domains", query)
    assert ["Governance", "5", "4", "80.0", "5", "0", "0"] in domains


def test_only_the_accepted_assessments_rated_apart_of_the_chosen_filters_count(small_version, officer):
    accept_five(small_version, officer)
    together, together_leads = partnership_with_leads("Together partnership")
    rated_together = services.assessment_start(
        partnership=together,
        period="2026/27",
        version=small_version,
        actor=together_leads[0],
        rating_mode=RatingMode.TOGETHER,
    )
    drive_to(rated_together, Status.ACCEPTED, leads=together_leads, officer=officer)
    waiting, waiting_leads = partnership_with_leads("Waiting partnership")
    rated_apart = services.assessment_start(
        partnership=waiting,
        period="2026/27",
        version=small_version,
        actor=waiting_leads[0],
        rating_mode=RatingMode.PARTNERS_FIRST,
    )
    submitted_apart(rated_apart, waiting_leads, {"S1": ("fully-met", "not-met")})  # sent, not accepted
    accepted_apart("Earlier partnership", small_version, officer, {"S1": ("fully-met", "not-met")}, period="2025/26")
    accepted_apart(
        "Southern partnership", small_version, officer, {"S1": ("fully-met", "not-met")}, region="south_west"
    )
    picture = divergence_picture(filters(small_version))
    assert picture.assessments == 6  # the five and the southern one
    assert figures(picture.standards[0])[:2] == (6, 5)
    southern = divergence_picture(national.Filters(period="2026/27", version=small_version, region="south_west"))
    assert southern.assessments == 1 and all(r.suppressed for r in southern.standards)


@pytest.mark.parametrize("person", ["trust_lead", "council_lead", "contributor", "manager", "outsider"])
def test_the_section_and_its_csvs_are_404_to_anyone_but_an_officer(request, client, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("reports:national")).status_code == 404
    for table in ("divergence", "divergence_domains"):
        assert client.get(reverse("reports:national_csv", args=[table])).status_code == 404


def test_the_section_takes_the_same_number_of_queries_whatever_the_number_of_assessments(
    client, small_version, officer
):
    client.force_login(officer)
    query = f"?period=2026/27&version={small_version.pk}"

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reports:national") + query).status_code == 200
        return len(queries)

    accepted_apart("First partnership", small_version, officer, PLANS[0])
    small = count()
    for i, plan in enumerate(PLANS[1:], 2):
        accepted_apart(f"Partnership {i}", small_version, officer, plan)
    accepted_apart("Two-council partnership", small_version, officer, TWO_COUNCILS, councils=2)
    assert count() == small
