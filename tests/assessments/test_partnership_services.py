"""Writing a partnership's profile and teams: history is written, every assessment's revision moves, and bad input
changes nothing. The people are the Mersey partnership's (tests/conftest.py)."""

import dataclasses
from datetime import date

import pytest

from assessments.models import LEADERSHIP_FIELDS, Assessment, Partnership, Status, Team
from assessments.services import WorkflowError
from assessments.services import partnership as services
from tests.factories import make_team

pytestmark = pytest.mark.django_db


def profile(partnership, **changes) -> services.ProfileData:
    values = {name: getattr(partnership, name) for name in services.PROFILE_FIELDS}
    return services.ProfileData(**{**values, **changes})


def revisions(partnership):
    return sorted(Assessment.objects.filter(partnership=partnership).values_list("pk", "revision"))


@pytest.fixture
def accepted(partnership, version, trust_lead):
    """An accepted assessment from last year: its PDF shows the profile as it stands today."""
    return Assessment.objects.create(
        partnership=partnership, period="2025/26", version=version, status=Status.ACCEPTED, created_by=trust_lead
    )


def test_a_profile_change_is_saved_with_who_made_it_and_moves_every_assessments_revision(
    partnership, assessment, accepted, council_lead
):
    before = revisions(partnership)
    data = profile(partnership, continuum_stage="integrated", next_review_date=date(2028, 3, 31))

    services.partnership_profile_update(partnership=partnership, actor=council_lead, data=data)

    partnership.refresh_from_db()
    assert (partnership.continuum_stage, partnership.next_review_date) == ("integrated", date(2028, 3, 31))
    record = partnership.history.latest()
    assert (record.history_user, record.history_change_reason) == (council_lead, "profile changed")
    assert record.diff_against(record.prev_record).changed_fields == ["continuum_stage", "next_review_date"]
    assert revisions(partnership) == [(pk, revision + 1) for pk, revision in before]


def test_a_profile_saved_unchanged_writes_no_history_and_keeps_the_cached_reports(partnership, assessment, trust_lead):
    before, records = revisions(partnership), partnership.history.count()
    services.partnership_profile_update(partnership=partnership, actor=trust_lead, data=profile(partnership))
    assert revisions(partnership) == before and partnership.history.count() == records


def test_a_next_review_before_the_agreement_started_is_refused_and_nothing_changes(partnership, assessment, trust_lead):
    before, records = revisions(partnership), partnership.history.count()
    data = profile(partnership, agreement_start=date(2024, 4, 1), next_review_date=date(2024, 3, 31))

    with pytest.raises(WorkflowError) as excinfo:
        services.partnership_profile_update(partnership=partnership, actor=trust_lead, data=data)

    assert excinfo.value.message_dict == {"next_review_date": [services.REVIEW_BEFORE_START]}
    partnership.refresh_from_db()
    assert partnership.agreement_start == date(2019, 4, 1)
    assert revisions(partnership) == before and partnership.history.count() == records


def test_an_arrangement_not_in_the_list_is_refused(partnership, trust_lead):
    with pytest.raises(WorkflowError) as excinfo:
        services.partnership_profile_update(
            partnership=partnership, actor=trust_lead, data=profile(partnership, arrangement="merger")
        )
    assert excinfo.value.message_dict == {"arrangement": [services.NOT_A_CHOICE]}
    assert Partnership.objects.get(pk=partnership.pk).arrangement == "s75_pooled"


def test_the_services_take_keywords_only(partnership, trust_lead):
    with pytest.raises(TypeError):
        services.partnership_profile_update(partnership, trust_lead, profile(partnership))  # noqa


def test_adding_changing_and_removing_a_team_is_recorded_and_moves_every_revision(
    partnership, assessment, accepted, contributor
):
    start = revisions(partnership)
    team = Team(
        name="Wirral CMHT",
        service="working_age",
        social_workers=3,
        amhps=1,
        social_work_line_manager="nurse",
        has_social_work_supervision=False,
    )
    services.team_save(team=team, actor=contributor, partnership=partnership)
    team.social_workers = 5
    services.team_save(team=team, actor=contributor)
    services.team_delete(team=team, actor=contributor)

    assert not Team.objects.filter(name="Wirral CMHT").exists()
    records = Team.history.filter(name="Wirral CMHT").order_by("history_date")
    assert [(r.history_type, r.history_change_reason, r.history_user) for r in records] == [
        ("+", "team added", contributor),
        ("~", "team changed", contributor),
        ("-", "team removed", contributor),
    ]
    assert [r.social_workers for r in records] == [3, 5, 5]
    assert revisions(partnership) == [(pk, revision + 3) for pk, revision in start]


def test_a_team_with_more_amhps_than_social_workers_is_refused_and_nothing_is_saved(
    partnership, assessment, trust_lead
):
    team = make_team(partnership, social_workers=2, amhps=1)
    before, records = revisions(partnership), team.history.count()
    team.amhps = 3

    with pytest.raises(WorkflowError) as excinfo:
        services.team_save(team=team, actor=trust_lead)

    assert list(excinfo.value.message_dict) == ["amhps"]
    team.refresh_from_db()
    assert team.amhps == 1 and team.history.count() == records and revisions(partnership) == before


def test_a_team_of_another_partnership_is_refused(partnership, outsider, trust_lead):
    other = Partnership.objects.exclude(pk=partnership.pk).get()
    team = make_team(other)
    with pytest.raises(WorkflowError) as excinfo:
        services.team_save(team=team, actor=trust_lead, partnership=partnership)
    assert excinfo.value.messages == [services.TEAM_NOT_IN_PARTNERSHIP]
    team.refresh_from_db()
    assert team.partnership == other


def test_profile_data_holds_exactly_what_the_leads_may_change():
    assert [f.name for f in dataclasses.fields(services.ProfileData)] == [
        "arrangement",
        "continuum_stage",
        "social_worker_employment",
        "agreement_start",
        "next_review_date",
        *LEADERSHIP_FIELDS,
    ]
