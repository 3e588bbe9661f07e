"""The profile as it stood at submission, frozen with the assessment: BASW's review page shows it whatever the
partnership edits later, a resubmission after a return keeps it afresh, a draft shows the profile as it stands,
and take_profile_snapshots keeps one, once, for an assessment sent to BASW before submissions kept them.

Tina Trust-Lead keeps the Mersey profile (tests/assessments/snapshot_helpers.py) and changes it after submitting;
Olive Officer reviews. The review page is for officers only (tests/assessments/test_review_views.py).
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils.html import escape

from assessments.management.commands.take_profile_snapshots import NOTHING, TAKEN
from assessments.models import Assessment, ProfileSnapshot, RatingMode, Status
from assessments.selectors.snapshots import (
    AS_AT_SUBMISSION,
    AS_IT_STANDS,
    AS_IT_STANDS_NOT_KEPT,
    AS_KEPT_LATER,
    profile_shown,
)
from assessments.services import assessment_start, assessment_submit

from .page_helpers import url
from .service_helpers import drive_to, sign_all
from .snapshot_helpers import (
    ARRANGEMENT_LATER,
    ARRANGEMENT_THEN,
    LEAD,
    NEW_TEAM,
    TEAM,
    change_after_submission,
    day,
    forget_snapshot,
    profile_at_submission,
)

pytestmark = pytest.mark.django_db


def review_page(client, officer, assessment):
    client.force_login(officer)
    page = client.get(url("review", assessment.pk))
    assert page.status_code == 200
    return page


def shown_teams(page) -> dict:
    return {t.name: (t.social_workers, t.amhps, t.social_workers_vacant) for t in page.context["teams"].teams}


def test_the_review_page_shows_the_profile_and_teams_as_submitted_after_the_partnership_changes_them(
    client, partnership, assessment, leads, trust_lead, officer
):
    team = profile_at_submission(partnership, trust_lead)
    a = drive_to(assessment, Status.IN_REVIEW, leads=leads, officer=officer)
    change_after_submission(partnership, team, trust_lead)
    partnership.refresh_from_db()
    assert partnership.arrangement == "secondment" and team.partnership.teams.count() == 2  # the change is live

    page = review_page(client, officer, a)
    text = page.content.decode()
    assert shown_teams(page) == {TEAM: (4, 2, 2)}
    assert page.context["teams"].social_workers == 4 and page.context["teams"].isolated == 0
    assert ARRANGEMENT_THEN in text and ARRANGEMENT_LATER not in text
    assert escape(LEAD) in text and NEW_TEAM not in text and "Isolated" not in text
    assert "6 funded, 2 vacant" in text and "20.0%" in text  # four social workers in a team of 20
    assert escape(AS_AT_SUBMISSION.format(submitted=day(a.submitted_at))) in text


def test_the_snapshot_holds_the_profile_and_teams_as_the_submission_found_them(
    partnership, assessment, leads, trust_lead, officer
):
    team = profile_at_submission(partnership, trust_lead)
    a = drive_to(assessment, Status.SUBMITTED, leads=leads, officer=officer)
    change_after_submission(partnership, team, trust_lead)
    snapshot = ProfileSnapshot.objects.get(assessment=a)
    assert snapshot.profile["arrangement"] == "s75_pooled" and snapshot.profile["social_work_lead"] == LEAD
    assert [t["name"] for t in snapshot.teams] == [TEAM] and snapshot.teams[0]["figures"]["social_workers"] == 4
    shown = profile_shown(Assessment.objects.get(pk=a.pk))
    assert shown.at_submission and shown.partnership.get_arrangement_display() == ARRANGEMENT_THEN
    assert shown.partnership.pk is None  # a copy, never saved over the live profile
    assert [(t.name, t.social_workers, t.headcount, t.is_isolated) for t in shown.teams] == [(TEAM, 4, 20, False)]


def test_a_returned_assessment_shows_what_was_submitted_and_its_resubmission_keeps_the_profile_again(
    client, partnership, assessment, leads, trust_lead, officer
):
    team = profile_at_submission(partnership, trust_lead)
    a = drive_to(assessment, Status.CHANGES_REQUESTED, leads=leads, officer=officer)
    first = ProfileSnapshot.objects.get(assessment=a)
    change_after_submission(partnership, team, trust_lead)
    assert shown_teams(review_page(client, officer, a)) == {TEAM: (4, 2, 2)}  # what BASW returned

    sign_all(a, leads)
    a = assessment_submit(assessment=a, actor=trust_lead)
    assert a.status == Status.IN_REVIEW
    snapshot = ProfileSnapshot.objects.get(assessment=a)  # still one, taken again
    assert snapshot.pk == first.pk and snapshot.taken_at >= first.taken_at
    assert snapshot.profile["arrangement"] == "secondment"
    page = review_page(client, officer, a)
    text = page.content.decode()
    assert shown_teams(page) == {NEW_TEAM: (7, 3, 2), TEAM: (1, 0, 5)}
    assert ARRANGEMENT_LATER in text and "Isolated" in text and escape(LEAD) not in text
    a.refresh_from_db()
    assert escape(AS_AT_SUBMISSION.format(submitted=day(a.submitted_at))) in text


def test_a_draft_shows_the_profile_as_it_stands(partnership, assessment, trust_lead):
    team = profile_at_submission(partnership, trust_lead)
    change_after_submission(partnership, team, trust_lead)
    shown = profile_shown(Assessment.objects.select_related("partnership__trust").get(pk=assessment.pk))
    assert not shown.is_kept and shown.as_at == AS_IT_STANDS
    assert shown.partnership.pk == partnership.pk
    assert [(t.name, t.social_workers) for t in shown.teams] == [(TEAM, 1), (NEW_TEAM, 7)]


def test_an_assessment_sent_before_snapshots_shows_the_profile_as_it_stands_and_says_so(
    client, partnership, assessment, leads, trust_lead, officer
):
    team = profile_at_submission(partnership, trust_lead)
    a = drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)
    forget_snapshot(a)
    change_after_submission(partnership, team, trust_lead)
    page = review_page(client, officer, a)
    assert shown_teams(page) == {NEW_TEAM: (7, 3, 2), TEAM: (1, 0, 5)}
    assert escape(AS_IT_STANDS_NOT_KEPT) in page.content.decode()


def test_take_profile_snapshots_keeps_the_profile_as_it_stands_once_for_each_assessment_sent_without_one(
    client, partnership, assessment, leads, trust_lead, officer, version
):
    team = profile_at_submission(partnership, trust_lead)
    a = drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)
    forget_snapshot(a)
    Assessment.objects.filter(pk=a.pk).update(submitted_at=a.submitted_at - timedelta(days=90))  # sent in the spring
    change_after_submission(partnership, team, trust_lead)
    a.refresh_from_db()
    revision = a.revision

    out = io.StringIO()
    call_command("take_profile_snapshots", stdout=out)
    assert TAKEN.format(assessment=a, status="accepted") in out.getvalue()
    assert "from the profile as it stands now" in out.getvalue()
    snapshot = ProfileSnapshot.objects.get(assessment=a)
    assert snapshot.profile["arrangement"] == "secondment"
    assert [t["name"] for t in snapshot.teams] == [TEAM, NEW_TEAM]
    a.refresh_from_db()
    assert a.revision == revision + 1  # its PDF is rendered afresh
    page = review_page(client, officer, a)
    assert escape(AS_KEPT_LATER.format(kept=day(snapshot.taken_at), submitted=day(a.submitted_at))) in (
        page.content.decode()
    )

    again = io.StringIO()
    call_command("take_profile_snapshots", stdout=again)
    assert again.getvalue().strip() == NOTHING
    a.refresh_from_db()
    assert a.revision == revision + 1 and ProfileSnapshot.objects.filter(assessment=a).get().pk == snapshot.pk


def test_take_profile_snapshots_leaves_drafts_and_kept_snapshots_alone(partnership, assessment, leads, officer):
    sent = drive_to(assessment, Status.SUBMITTED, leads=leads, officer=officer)
    taken_at = ProfileSnapshot.objects.get(assessment=sent).taken_at
    draft = assessment_start(
        partnership=partnership, period="2027/28", version=sent.version, actor=leads[0], rating_mode=RatingMode.TOGETHER
    )
    out = io.StringIO()
    call_command("take_profile_snapshots", stdout=out)
    assert out.getvalue().strip() == NOTHING
    assert not ProfileSnapshot.objects.filter(assessment=draft).exists()
    assert ProfileSnapshot.objects.get(assessment=sent).taken_at == taken_at


def test_take_profile_snapshots_dry_run_keeps_nothing(partnership, assessment, leads, officer):
    a = drive_to(assessment, Status.SUBMITTED, leads=leads, officer=officer)
    forget_snapshot(a)
    a.refresh_from_db()
    out = io.StringIO()
    call_command("take_profile_snapshots", "--dry-run", stdout=out)
    assert "Would keep the profile and teams of" in out.getvalue()
    assert not ProfileSnapshot.objects.filter(assessment=a).exists()
    assert Assessment.objects.get(pk=a.pk).revision == a.revision
