"""The national picture: officers only, and every figure equal to one worked out by hand."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment
from reports import national, national_models, national_scores
from standards.models import Band
from tests import factories

from .national_helpers import accept

pytestmark = pytest.mark.django_db

# Scores in the factories' scale: 0 not met, 1 partially, 2 largely, 3 fully; None = not applicable.


def make_accepted(partnership, version, scores, *, period="2026/27", default=3):
    """Rated to `scores` and accepted through the services, so its scores are stored as acceptance stores them."""
    return accept(partnership, version, scores, period=period, default=default)


def filters_for(version, period="2026/27", **extra):
    return national.Filters(period=period, version=version, **extra)


@pytest.mark.parametrize("person", ["trust_lead", "contributor", "manager", "outsider"])
def test_every_national_url_is_404_to_anyone_but_an_officer(request, client, person, version):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("reports:national")).status_code == 404
    for table in ("counts", "heatmap", "unmet", "shares", "by_model", "by_year", "by_region", "teams", "overdue"):
        assert client.get(reverse("reports:national_csv", args=[table])).status_code == 404


def test_officer_sees_the_heatmap_with_each_value_as_text(client, officer, version):
    partnership = factories.make_partnership(name="Alpha Partnership")
    # Governance holds S1, S3, S5: 3 + 1 over two applicable standards of top score 3 = 66.7%.
    make_accepted(partnership, version, {"S1": 3, "S3": 1, "S5": None})
    rows = national_scores.heatmap(filters_for(version))
    assert rows[0]["name"] == "Alpha Partnership"
    assert rows[0]["scores"]["governance"] == 66.7
    assert rows[0]["scores"]["principles"] == 100.0
    client.force_login(officer)
    page = client.get(reverse("reports:national"))
    assert page.status_code == 200
    assert "66.7%" in page.content.decode()
    csv_text = client.get(reverse("reports:national_csv", args=["heatmap"])).content.decode()
    assert "Alpha Partnership" in csv_text and "66.7" in csv_text


def test_a_versions_own_bands_colour_the_heatmap_and_its_own_scale_sets_the_met_line(client, officer, version):
    """Nothing in code names a band or a rating code: a version with other bands and another scale just works."""
    version.bands.all().delete()
    Band.objects.create(version=version, code="amber", label="Amber", min_percent=0, max_percent=70, colour="#f47738")
    Band.objects.create(
        version=version, code="green", label="Green", min_percent=70.01, max_percent=100, colour="#00703c"
    )
    version.rating_levels.update(meets_standard=False)
    version.rating_levels.filter(score=3).update(meets_standard=True, label="Wholly met")
    make_accepted(factories.make_partnership(name="Alpha Partnership"), version, {"S1": 3, "S3": 1, "S5": None})
    client.force_login(officer)
    response = client.get(reverse("reports:national"))
    text = response.content.decode()
    nonce = re.search(r'<style nonce="([^"]+)">', text).group(1)
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
    assert ".table .heat-amber,.heat-key.heat-amber{--bs-table-bg:#fde4d7;background-color:#fde4d7}" in text
    assert ".table .heat-green,.heat-key.heat-green{--bs-table-bg:#cce2d8;background-color:#cce2d8}" in text
    assert re.search(r'class="text-end heat-cell heat-amber">66.7%', text)  # governance, 66.7%
    assert re.search(r'class="text-end heat-cell heat-green">100.0%', text)  # principles
    assert "heat-weak" not in text and "heat-good" not in text
    assert 'Standards most often rated below "wholly met"' in text
    assert [r["standard__code"] for r in national.most_unmet(filters_for(version))] == ["S3"]


def test_heatmap_sorts_by_a_domain(version):
    make_accepted(factories.make_partnership(name="Low"), version, {"S2": 0, "S4": 0, "S6": 0})
    make_accepted(factories.make_partnership(name="High"), version, {})
    rows = national_scores.heatmap(filters_for(version), sort="leadership", descending=False)
    assert [r["name"] for r in rows] == ["Low", "High"]
    assert rows[0]["scores"]["leadership"] == 0.0


def test_standards_most_often_below_largely_met_in_order_with_shares(version):
    make_accepted(factories.make_partnership(), version, {"S3": 0, "S1": 1})
    make_accepted(factories.make_partnership(), version, {"S3": 1})
    make_accepted(factories.make_partnership(), version, {"S3": 2, "S1": 3})
    rows = national.most_unmet(filters_for(version))
    assert [(r["standard__code"], r["below"], r["rated"], r["share"]) for r in rows] == [
        ("S3", 2, 3, 66.7),
        ("S1", 1, 3, 33.3),
    ]
    levels, shares = national.rating_shares(filters_for(version))
    s3 = next(s for s in shares if s["code"] == "S3")
    assert s3["shares"] == [33, 33, 33, 0] and s3["total"] == 3


def test_by_model_figures_are_suppressed_below_five_partnerships(version):
    for i in range(4):
        make_accepted(factories.make_partnership(arrangement="s75_pooled"), version, {"S1": i % 4})
    groups = national_models.by_model(filters_for(version))["arrangement"]
    assert groups[0]["suppressed"] and groups[0]["scores"] == {}
    make_accepted(factories.make_partnership(arrangement="s75_pooled"), version, {"S1": 3})
    groups = national_models.by_model(filters_for(version))["arrangement"]
    assert not groups[0]["suppressed"] and groups[0]["partnerships"] == 5
    # Governance: S1 scores 0,1,2,3,3 plus S3 and S5 at 3 in all five = (9 + 30) / (15 * 3).
    assert groups[0]["scores"]["governance"] == round(100 * 39 / 45, 1)


def test_support_split_separates_partnerships_whose_teams_lack_supervision(version):
    for _ in range(5):
        p = factories.make_partnership()
        factories.make_team(p)
        make_accepted(p, version, {})
    for _ in range(5):
        p = factories.make_partnership()
        factories.make_team(p, has_social_work_supervision=False, supervision_frequency="", social_workers=1, amhps=0)
        make_accepted(p, version, {"S2": 0, "S4": 0, "S6": 0})
    split = {g["label"]: g for g in national_models.by_model(filters_for(version))["supervision"]}
    supervised = split["Every team gives professional supervision by a qualified social worker"]
    assert supervised["scores"]["leadership"] == 100.0
    assert split["Not every team"]["scores"]["leadership"] == 0.0
    teams = national.team_indicators(filters_for(version))
    assert (teams["teams"], teams["isolated"], teams["social_workers"], teams["supervised"]) == (10, 5, 25, 20)
    assert teams["supervised_share"] == 80.0


def test_comparison_shows_own_scores_and_suppresses_a_median_of_fewer_than_five(
    client, trust_lead, partnership, version, assessment
):
    client.force_login(trust_lead)
    assert client.get(reverse("reports:comparison", args=[assessment.pk])).status_code == 404  # a draft
    previous = make_accepted(partnership, version, {"S1": 0}, period="2025/26")
    current = Assessment.objects.get(pk=assessment.pk)
    current.delete()
    accepted = make_accepted(partnership, version, {"S1": 3, "S3": 0})
    page = client.get(reverse("reports:comparison", args=[accepted.pk]))
    assert page.status_code == 200
    assert page.context["suppressed"] is True
    governance = next(r for r in page.context["rows"] if r["domain"].code == "governance")
    assert governance["own"] == round(100 * 6 / 9, 1)
    assert governance["previous"] == round(100 * 6 / 9, 1)
    assert page.context["previous"] == previous
    for _ in range(4):
        make_accepted(factories.make_partnership(), version, {})
    page = client.get(reverse("reports:comparison", args=[accepted.pk]))
    assert page.context["suppressed"] is False
    governance = next(r for r in page.context["rows"] if r["domain"].code == "governance")
    assert governance["national"] == 100.0  # median of 66.7, 100, 100, 100, 100


def test_overview_query_count_does_not_grow_with_the_data(client, officer, version):
    client.force_login(officer)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("reports:national")).status_code == 200
        return len(ctx.captured_queries)

    for _ in range(2):
        make_accepted(factories.make_partnership(), version, {"S1": 1})
    small = count()
    for _ in range(4):
        p = factories.make_partnership()
        factories.make_team(p)
        make_accepted(p, version, {"S1": 0})
    assert count() == small
