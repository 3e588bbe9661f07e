"""Each team's figures by year: a team's establishment (funded posts) and vacancies per profession on its form,
every change kept as that financial year's record, and the partnership page showing the years newest first. The
people are the Mersey partnership's (tests/conftest.py): the trust's contributor keeps its teams up to date."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Team, TeamYear
from assessments.models.partnerships import VACANT_OVER_ESTABLISHMENT, VACANT_WITHOUT_ESTABLISHMENT
from assessments.selectors.records import TeamFigures
from assessments.services import WorkflowError
from assessments.services import partnership as partnership_services
from assessments.services.records import record_partnership_year, record_team_year
from tests import factories

from .by_year_helpers import in_year, table
from .page_helpers import errors_in_summary, page, url

pytestmark = pytest.mark.django_db

TEAM_HEADINGS = [
    "Year",
    "Social workers in the team (their share)",
    "Of whom AMHPs",
    "Professional supervision by a qualified social worker",
    "Vacancies against establishment",
]


def wirral(**fields):
    """Wirral CMHT as the team form sends it: 4 social workers in a team of 20, 2 of 9 social work posts vacant."""
    data = {
        "name": "Wirral CMHT",
        "service": "working_age",
        "social_workers": 4,
        "amhps": 2,
        "nurses": 9,
        "occupational_therapists": 2,
        "psychologists": 1,
        "psychiatrists": 2,
        "support_workers": 2,
        "others": 0,
        "social_workers_establishment": 9,
        "social_workers_vacant": 2,
        "nurses_establishment": 12,
        "nurses_vacant": 3,
        "social_work_line_manager": "social_worker",
        "has_social_work_supervision": "on",
        "supervision_frequency": "monthly",
    }
    data.update(fields)
    return {name: "" if value is None else value for name, value in data.items()}


def by_year(response, team="Wirral CMHT"):
    return table(response, f"{team} by financial year, newest first")


@pytest.fixture
def team_client(client, contributor):
    client.force_login(contributor)
    return client


def test_a_team_changed_in_2025_26_and_again_in_2026_27_shows_both_years_newest_first(
    team_client, partnership, monkeypatch
):
    in_year(monkeypatch, "2025/26")
    assert team_client.post(url("team_new", partnership.pk), wirral()).status_code == 302
    team = Team.objects.get(partnership=partnership, name="Wirral CMHT")
    in_year(monkeypatch, "2026/27")
    # A social work post lost to a support worker (seed 003: work "hived off to support workers"), and
    # supervision by a social worker now only quarterly.
    changed = wirral(social_workers=3, support_workers=3, social_workers_establishment=8, social_workers_vacant=1)
    changed["supervision_frequency"] = "quarterly"
    assert team_client.post(url("team_edit", partnership.pk, team.pk), changed).status_code == 302

    years = {record.period: record.figures for record in TeamYear.objects.filter(team=team)}
    assert sorted(years) == ["2025/26", "2026/27"]
    assert (years["2025/26"]["social_workers"], years["2025/26"]["social_workers_vacant"]) == (4, 2)
    assert (years["2026/27"]["social_workers"], years["2026/27"]["support_workers"]) == (3, 3)
    rows = by_year(team_client.get(url("partnership", partnership.pk)))
    assert rows == [
        TEAM_HEADINGS,
        [
            "2026/27",
            "3 of 20 (15.0%)",
            "2",
            "Yes, quarterly",
            "1 of 8 social work posts vacant 3 of 12 nursing posts vacant",
        ],
        [
            "2025/26",
            "4 of 20 (20.0%)",
            "2",
            "Yes, monthly or more often",
            "2 of 9 social work posts vacant 3 of 12 nursing posts vacant",
        ],
    ]


def test_the_last_change_in_a_year_stands_for_it(team_client, partnership, monkeypatch):
    in_year(monkeypatch, "2026/27")
    team_client.post(url("team_new", partnership.pk), wirral())
    team = Team.objects.get(partnership=partnership)
    team_client.post(url("team_edit", partnership.pk, team.pk), wirral(social_workers_vacant=5))

    assert [(r.period, r.figures["social_workers_vacant"]) for r in TeamYear.objects.filter(team=team)] == [
        ("2026/27", 5)
    ]
    assert by_year(team_client.get(url("partnership", partnership.pk)))[1][-1].startswith("5 of 9 social work posts")


def test_more_vacant_posts_than_funded_are_refused_with_the_message_and_nothing_changes(
    team_client, partnership, assessment, monkeypatch
):
    in_year(monkeypatch, "2026/27")
    team_client.post(url("team_new", partnership.pk), wirral())
    team = Team.objects.get(partnership=partnership)
    revision = Assessment.objects.get(pk=assessment.pk).revision

    response = team_client.post(
        url("team_edit", partnership.pk, team.pk), wirral(social_workers=5, social_workers_vacant=10)
    )

    assert response.status_code == 200
    message = VACANT_OVER_ESTABLISHMENT.format(profession="social workers", vacant=10, establishment=9)
    assert message in errors_in_summary(response) and 'href="#id_social_workers_vacant"' in page(response)
    assert page(response).count(message) == 2  # in the summary, and by the field
    team.refresh_from_db()
    assert (team.social_workers, team.social_workers_establishment, team.social_workers_vacant) == (4, 9, 2)
    assert TeamYear.objects.get(team=team).figures["social_workers_vacant"] == 2
    assert Assessment.objects.get(pk=assessment.pk).revision == revision


def test_vacant_posts_without_funded_posts_are_refused_and_no_team_is_added(team_client, partnership):
    response = team_client.post(
        url("team_new", partnership.pk), wirral(psychologists_establishment=None, psychologists_vacant=1)
    )
    assert response.status_code == 200
    assert VACANT_WITHOUT_ESTABLISHMENT.format(profession="psychologists") in errors_in_summary(response)
    assert not Team.objects.exists() and not TeamYear.objects.exists()


def test_the_team_service_refuses_more_vacant_posts_than_funded_also_for_the_admin(partnership, trust_lead):
    team = factories.make_team(partnership, nurses_establishment=6, nurses_vacant=7)
    with pytest.raises(WorkflowError) as excinfo:
        partnership_services.team_save(team=team, actor=trust_lead)
    assert excinfo.value.message_dict == {
        "nurses_vacant": [VACANT_OVER_ESTABLISHMENT.format(profession="nurses", vacant=7, establishment=6)]
    }
    assert not TeamYear.objects.exists()


def test_posts_are_optional_and_a_year_without_them_says_not_recorded(team_client, partnership, monkeypatch):
    in_year(monkeypatch, "2026/27")
    blank = {f"{name}_{part}": None for name in ("social_workers", "nurses") for part in ("establishment", "vacant")}
    assert team_client.post(url("team_new", partnership.pk), wirral(**blank)).status_code == 302

    team = Team.objects.get(partnership=partnership)
    assert (team.social_workers_establishment, team.nurses_vacant) == (None, None)
    assert by_year(team_client.get(url("partnership", partnership.pk)))[1][-1] == "Not recorded"


def test_funded_posts_without_vacancies_say_so(team_client, partnership, monkeypatch):
    in_year(monkeypatch, "2026/27")
    team_client.post(
        url("team_new", partnership.pk),
        wirral(social_workers_vacant=None, nurses_establishment=None, nurses_vacant=None),
    )
    assert by_year(team_client.get(url("partnership", partnership.pk)))[1][-1] == (
        "9 social work posts funded, vacancies not recorded"
    )


def test_the_team_form_asks_for_each_professions_funded_and_vacant_posts_in_a_fieldset_with_labels(
    team_client, partnership
):
    team = factories.make_team(partnership, name="Sefton CMHT", social_workers_establishment=7, social_workers_vacant=1)
    text = page(team_client.get(url("team_edit", partnership.pk, team.pk)))

    assert "<legend>Funded and vacant posts</legend>" in text
    for profession in ("Social workers", "Nurses", "Support/STR workers"):
        assert f'<legend><span class="fs-6 fw-semibold">{profession}</span></legend>' in text
    assert 'for="id_social_workers_establishment"' in text and 'for="id_others_vacant"' in text
    assert 'name="social_workers_establishment" value="7"' in text and 'name="social_workers_vacant" value="1"' in text


def test_a_team_without_a_yearly_record_says_so(team_client, partnership):
    factories.make_team(partnership, name="Bootle CMHT")  # made before yearly records were kept
    text = page(team_client.get(url("partnership", partnership.pk)))
    assert "Bootle CMHT: no year recorded yet; its next change starts the record." in text


def test_outsiders_see_no_teams_by_year(client, partnership, outsider):
    factories.make_team(partnership, name="Wirral CMHT")
    client.force_login(outsider)
    assert client.get(url("partnership", partnership.pk)).status_code == 404


def _years_of_records(partnership, actor, monkeypatch, *, teams, years):
    for n in range(teams):
        team = factories.make_team(
            partnership, name=f"Team {n}", social_workers_establishment=6, social_workers_vacant=1
        )
        for year in range(years):
            in_year(monkeypatch, f"{2024 + year}/{25 + year}")
            record_team_year(team, actor)
            record_partnership_year(partnership, actor)


def _queries(client, partnership):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("partnership", partnership.pk))
    assert response.status_code == 200
    return len(queries), response


@pytest.mark.parametrize("teams,years", [(3, 3), (2, 4)])
def test_the_partnership_page_reads_its_years_in_a_fixed_number_of_queries(
    team_client, partnership, contributor, monkeypatch, teams, years
):
    _years_of_records(partnership, contributor, monkeypatch, teams=1, years=1)
    small, _ = _queries(team_client, partnership)
    Team.objects.filter(partnership=partnership).delete()
    _years_of_records(partnership, contributor, monkeypatch, teams=teams, years=years)

    large, response = _queries(team_client, partnership)

    assert large == small
    assert len(by_year(response, "Team 0")) == 1 + years
    profile_rows = table(response, "The partnership's arrangement and leadership facts by financial year, newest first")
    assert [row[0] for row in profile_rows[1:]] == [f"{2024 + y}/{25 + y}" for y in reversed(range(years))]


def test_a_profession_with_no_funded_posts_is_not_listed_among_the_vacancies():
    team = Team(name="Wirral CMHT", social_workers_establishment=9, social_workers_vacant=2, others_establishment=0)
    assert [str(v) for v in TeamFigures("2026/27", team).vacancies] == ["2 of 9 social work posts vacant"]
