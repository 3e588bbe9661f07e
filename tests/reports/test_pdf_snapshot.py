"""The action plan PDF of a submitted assessment shows the profile and teams as they stood at submission, read back
with pdftotext, whatever the partnership edits later; a draft's shows them as they stand; a PDF rendered before
take_profile_snapshots is never served once the snapshot is kept.

Tina Trust-Lead keeps the Mersey profile (tests/assessments/snapshot_helpers.py), submits, then changes it; Mo
Manager at the council downloads the PDF as the worker renders it.
"""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Assessment, ProfileSnapshot, Status
from assessments.selectors.snapshots import AS_AT_SUBMISSION, AS_IT_STANDS, AS_IT_STANDS_NOT_KEPT, AS_KEPT_LATER
from assessments.services.partnership import team_save
from tests.assessments.service_helpers import drive_to
from tests.assessments.snapshot_helpers import (
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
from tests.worker import run_worker

from .partner_view_helpers import pdftotext, squash

pytestmark = pytest.mark.django_db

PROFILE = "The partnership and its teams"
AS_SUBMITTED_TEAM = (
    "North CMHT (working-age adults) 4 social workers, of whom 2 AMHPs, in a team of 20 (20.0% social work). "
    "Social work posts: 6 funded, 2 vacant. Social workers' line manager: social worker. Professional supervision "
    "by a social worker: yes, monthly or more often."
)
# North CMHT later (a draft's watermark may fall between the team's name and its figures in the text).
LATER_TEAM = "1 social worker in a team of 17 (5.9% social work): one or no social worker. Social work posts: 6 funded"


def pdf_text(client, user, assessment) -> str:
    """The PDF's text (squashed) as the person downloads it: the worker renders it, then the page serves it."""
    client.force_login(user)
    address = reverse("reports:download", args=[assessment.pk, "action-plan", "pdf"])
    if client.get(address).status_code == 202:
        run_worker()
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    return squash(pdftotext(response.content))


def profile_section(text: str) -> str:
    start = text.find(squash(PROFILE))
    assert start != -1
    return text[start : text.find(squash("Sign-off Each partner"), start)]


def test_the_pdf_shows_the_profile_and_teams_as_submitted_after_the_partnership_changes_them(
    client, partnership, assessment, leads, trust_lead, officer, manager, renders
):
    team = profile_at_submission(partnership, trust_lead)
    a = drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)
    before = pdf_text(client, manager, a)
    change_after_submission(partnership, team, trust_lead)

    after = pdf_text(client, manager, a)
    assert len(renders) == 2  # the change moved the revision: rendered afresh, and the same profile
    profile = profile_section(after)
    assert profile == profile_section(before)
    a.refresh_from_db()
    assert squash(AS_AT_SUBMISSION.format(submitted=day(a.submitted_at))) in profile
    assert squash(f"Arrangement {ARRANGEMENT_THEN}") in profile and squash(ARRANGEMENT_LATER) not in profile
    assert squash(f"Principal social worker or senior social work lead {LEAD}") in profile
    assert squash("The social work lead reports to the trust board Yes") in profile
    assert squash(AS_SUBMITTED_TEAM) in profile and squash(NEW_TEAM) not in after
    assert squash("Every team has at least two social workers.") in after  # the summary reads the same teams


def test_a_draft_pdf_shows_the_profile_as_it_stands(client, partnership, assessment, trust_lead, manager):
    team = profile_at_submission(partnership, trust_lead)
    change_after_submission(partnership, team, trust_lead)
    text = pdf_text(client, manager, assessment)
    profile = profile_section(text)
    assert squash(AS_IT_STANDS) in profile
    assert squash(f"Arrangement {ARRANGEMENT_LATER}") in profile and squash(LEAD) not in profile
    assert squash(LATER_TEAM) in profile and squash(f"{NEW_TEAM} (working-age adults) 7 social workers") in profile
    assert squash(f"Teams with one or no social worker: {TEAM} (1).") in text


def test_a_pdf_rendered_before_the_snapshot_was_kept_is_not_served_after_it(
    client, partnership, assessment, leads, trust_lead, officer, manager, renders
):
    team = profile_at_submission(partnership, trust_lead)
    a = drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)
    forget_snapshot(a)  # sent to BASW before submissions kept the profile
    Assessment.objects.filter(pk=a.pk).update(submitted_at=a.submitted_at - timedelta(days=90))
    change_after_submission(partnership, team, trust_lead)
    old = profile_section(pdf_text(client, manager, a))
    assert squash(AS_IT_STANDS_NOT_KEPT) in old and squash(LATER_TEAM) in old

    call_command("take_profile_snapshots", stdout=io.StringIO())
    kept = profile_section(pdf_text(client, manager, a))
    assert len(renders) == 2
    a.refresh_from_db()
    taken_at = ProfileSnapshot.objects.get(assessment=a).taken_at
    assert squash(AS_KEPT_LATER.format(kept=day(taken_at), submitted=day(a.submitted_at))) in kept
    assert squash(LATER_TEAM) in kept  # the profile as it stood when kept

    team.refresh_from_db()
    team.social_workers = 3
    team_save(team=team, actor=trust_lead)
    assert profile_section(pdf_text(client, manager, a)) == kept  # a later edit no longer shows
