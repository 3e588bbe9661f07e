"""seed_demo, the record over time: two years of each partnership's teams and leadership facts (one social work
post lost to a support worker), a short integration timeline each, every accepted assessment's scores stored and
every submission's profile frozen, and Northshire accepted on both framework versions, so its trend crosses them.
"""

import pytest

from assessments.demo.timeline import TIMELINE
from assessments.models import (
    LEADERSHIP_FIELDS,
    OVERALL,
    Action,
    ActionStatus,
    Assessment,
    AssessmentScore,
    Consulted,
    Partnership,
    PartnershipYear,
    ProfileSnapshot,
    RecordingSystems,
    Status,
    Team,
    TeamYear,
    TimelineEvent,
    TimelineKind,
    User,
)
from assessments.services.partnership import team_save
from assessments.services.records import figures_of, profile_of, score_rows, this_year
from assessments.services.starting import latest_accepted

from .seed_demo_helpers import STANDARDS, load_standards, seed

NORTHSHIRE, DARTVALE = "Northshire", "Dartvale"
EARLIER = "2025/26"
RECORDS = (TeamYear, PartnershipYear, TimelineEvent)


@pytest.fixture
def real_standards(db):
    load_standards("real")


@pytest.fixture(params=STANDARDS)
def standards(request, db):
    load_standards(request.param)
    return request.param


def _partnership(name):
    return Partnership.objects.get(name__startswith=name)


def _years(team):
    return {record.period: record.figures for record in team.years.all()}


def test_every_demo_team_has_its_figures_for_2025_26_and_this_year_and_stands_at_this_years(standards):
    seed()
    assert this_year() != EARLIER  # the demo's "this year" follows 2025/26
    for team in Team.objects.all():
        by_year = _years(team)
        assert set(by_year) == {EARLIER, this_year()}, team
        assert by_year[this_year()] == figures_of(team), team
        assert by_year[EARLIER]["social_workers_establishment"] is not None, team  # with posts and vacancies
    for partnership in Partnership.objects.all():
        profiles = {record.period: record.profile for record in partnership.years.all()}
        assert set(profiles) == {EARLIER, this_year()}
        assert profiles[this_year()] == profile_of(partnership)


def test_in_one_team_a_social_work_post_went_to_a_support_worker(standards):
    """Seed 003: work "hived off to support workers, with consequent reductions in the number of social workers"."""
    seed()
    lost = []
    for team in Team.objects.select_related("partnership"):
        then, now = _years(team)[EARLIER], _years(team)[this_year()]
        if (
            now["social_workers_establishment"] == then["social_workers_establishment"] - 1
            and now["support_workers_establishment"] == then["support_workers_establishment"] + 1
        ):
            assert now["social_workers"] == then["social_workers"] - 1
            assert now["support_workers"] == then["support_workers"] + 1
            lost.append(team)
    assert [team.partnership.name.split()[0] for team in lost] == [DARTVALE]
    restructured = lost[0].partnership.timeline.get(kind=TimelineKind.RESTRUCTURED)
    assert restructured.staff_consulted == Consulted.NO and lost[0].name in restructured.note


def test_each_partnership_states_its_leadership_facts_and_northshires_lead_now_reports_to_the_trust_board(standards):
    seed()
    for partnership in Partnership.objects.all():
        assert all(getattr(partnership, field) not in ("", None) for field in LEADERSHIP_FIELDS), partnership
    north, south = _partnership(NORTHSHIRE), _partnership(DARTVALE)
    earlier = PartnershipYear.objects.get(partnership=north, period=EARLIER).profile
    assert (earlier["social_work_lead_reports_to_board"], north.social_work_lead_reports_to_board) == (False, True)
    assert north.social_work_lead == earlier["social_work_lead"]
    assert south.social_work_lead and south.social_work_lead_reports_to_board is False
    assert north.recording_systems == RecordingSystems.TWO  # seed 003: "everything has to be duplicated"
    assert south.recording_systems == RecordingSystems.ONE
    changed = north.history.filter(history_change_reason="leadership facts recorded").get()
    assert changed.history_user.email.startswith("trust.lead@")


def test_each_partnership_has_a_short_timeline_recorded_by_its_people_westcombe_giving_notice_then_varying(
    standards,
):
    seed()
    north, south = _partnership(NORTHSHIRE), _partnership(DARTVALE)
    kinds = {p: list(p.timeline.order_by("happened_on").values_list("kind", flat=True)) for p in (north, south)}
    assert {TimelineKind.S75_SIGNED, TimelineKind.S75_RENEWED, TimelineKind.PSW_APPOINTED} <= set(kinds[north])
    notice = south.timeline.get(kind=TimelineKind.S75_NOTICE)
    varied = south.timeline.get(kind=TimelineKind.S75_VARIED)
    assert notice.happened_on < varied.happened_on and "Westcombe" in notice.decided_by
    assert notice.staff_consulted == Consulted.NO  # seed 004: "little or no consultation"
    assert {TimelineKind.S75_ENDED, TimelineKind.WITHDRAWN} <= set(kinds[south])
    for event in TimelineEvent.objects.select_related("recorded_by", "partnership"):
        assert 3 <= event.partnership.timeline.count() <= 8  # short
        assert event.decided_by and event.note
        partners = event.partnership.partner_organisations()
        assert event.recorded_by.memberships.filter(organisation__in=partners).exists(), event
        assert [h.history_user_id for h in event.history.all()] == [event.recorded_by_id]


def _number(percent):
    return None if percent is None else float(percent)


def test_every_accepted_assessment_has_its_scores_stored_as_computed_from_its_answers(standards):
    seed()
    accepted = Assessment.objects.filter(status=Status.ACCEPTED).select_related("partnership__trust")
    assert accepted.count() == 2
    for assessment in accepted:
        stored = {
            score.domain_key: (score.domain_title, score.total, score.rated, score.top, _number(score.percent))
            for score in assessment.scores.all()
        }
        assert stored == {
            row["domain_key"]: (row["domain_title"], row["total"], row["rated"], row["top"], _number(row["percent"]))
            for row in score_rows(assessment)
        }
        assert OVERALL in stored
        overall = assessment.scores.get(domain_key=OVERALL)
        assert (overall.period, overall.version_id, overall.region) == (
            assessment.period,
            assessment.version_id,
            assessment.partnership.trust.region,
        )
    assert not AssessmentScore.objects.exclude(assessment__status=Status.ACCEPTED).exists()


def test_every_submitted_assessment_keeps_its_teams_as_they_stood_at_its_last_submission(standards):
    seed()
    for assessment in Assessment.objects.all():
        snapshot = ProfileSnapshot.objects.filter(assessment=assessment).first()
        if assessment.status == Status.DRAFT:
            assert snapshot is None
            continue
        assert snapshot.taken_at == assessment.submitted_at, assessment
        teams = {team["name"]: team["figures"] for team in snapshot.teams}
        year = EARLIER if assessment.period <= EARLIER else this_year()
        assert teams == {team.name: _years(team)[year] for team in assessment.partnership.teams.all()}, assessment
    fellside = Team.objects.get(name="Fellside Valley CMHT")
    accepted = Assessment.objects.get(partnership=fellside.partnership, period=EARLIER)
    frozen = next(team for team in accepted.profile_snapshot.teams if team["name"] == fellside.name)
    assert (frozen["figures"]["social_workers"], fellside.social_workers) == (1, 2)  # one vacancy filled since


def test_northshire_is_accepted_on_both_framework_versions_and_scores_higher_the_second_year(standards):
    seed()
    north = _partnership(NORTHSHIRE)
    accepted = list(Assessment.objects.filter(partnership=north, status=Status.ACCEPTED).order_by("accepted_at"))
    assert [(a.period, a.version.slug) for a in accepted] == [("2024/25", "2012-charter"), (EARLIER, "2010")]
    first, second = (a.scores.get(domain_key=OVERALL).percent for a in accepted)
    assert first < second
    assert latest_accepted(north) == accepted[-1]  # the plan, the review pack and roll-forward use 2025/26
    assert accepted[0].accepted_at < accepted[1].created_at


def test_the_first_years_plan_was_closed_before_2025_26_began_its_open_actions_dropped_with_a_reason(standards):
    seed()
    first = Assessment.objects.get(partnership__name__startswith=NORTHSHIRE, period="2024/25")
    second = Assessment.objects.get(partnership=first.partnership, period=EARLIER)
    actions = Action.objects.filter(response__assessment=first)
    statuses = set(actions.values_list("status", flat=True))
    assert ActionStatus.DROPPED in statuses and statuses <= {ActionStatus.DONE, ActionStatus.DROPPED}
    if standards == "real":  # a standard fully met in 2025/26 had its action done
        assert ActionStatus.DONE in statuses
    assert not actions.filter(status=ActionStatus.DROPPED, dropped_reason="").exists()
    for action in actions:
        note = action.notes.get()
        assert first.accepted_at < note.written_at < second.created_at, action


def _written():
    return {model.__name__: set(model.objects.values_list("pk", "recorded_at")) for model in RECORDS}


def test_a_second_run_rewrites_no_record_and_keeps_a_team_changed_on_its_page_since(standards):
    seed()
    before = _written()
    team = Team.objects.get(name="Northshire North CMHT")
    team.nurses_vacant = 2
    team_save(team=team, actor=User.objects.get(email__startswith="trust.contributor@"))
    changed = team.years.get(period=this_year())
    seed()
    team.refresh_from_db()
    assert team.nurses_vacant == 2 and _years(team)[this_year()]["nurses_vacant"] == 2
    after = _written()
    assert after["TeamYear"] - before["TeamYear"] == {(changed.pk, changed.recorded_at)}  # the page's change alone
    assert {name: rows for name, rows in after.items() if name != "TeamYear"} == {
        name: rows for name, rows in before.items() if name != "TeamYear"
    }


def test_a_demo_database_seeded_before_the_record_over_time_gets_it_from_another_run(standards):
    """Its partnerships, teams and assessments are there, but no year's records and no timeline: another run adds
    them, the 2025/26 ones as the demo's teams stood then."""
    seed()
    expected = {model.__name__: model.objects.count() for model in RECORDS}
    earlier = {r.team_id: r.figures for r in TeamYear.objects.filter(period=EARLIER)}
    for model in RECORDS:
        model.objects.all().delete()
    seed()
    assert {model.__name__: model.objects.count() for model in RECORDS} == expected
    assert {r.team_id: r.figures for r in TeamYear.objects.filter(period=EARLIER)} == earlier
    assert TimelineEvent.objects.count() == sum(len(events) for events in TIMELINE.values())
