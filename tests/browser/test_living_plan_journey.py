"""The trust lead records a year's progress on an accepted plan and downloads the s75 review pack.

On the accepted assessment's task list the lead opens the action plan, marks one action done with a note,
drops another with a reason, records an interim rating of the standard whose actions are now closed, and
downloads the s75 review pack: first the page that says it is being prepared, then, once the worker has run,
the PDF, whose text holds the progress. Every page visited passes axe-core (WCAG 2.2 A/AA).
"""

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from assessments.models import ActionNote, ActionStatus, InterimRating
from reports.views.review_pack import PREPARING_PACK
from tests.assessments.plan_helpers import SUPERVISION_AUDIT, SUPERVISION_POLICY, accepted_plan, action_of

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

DONE_NOTE = "The Partnership Board agreed the supervision policy on 4 November; it is on the intranet."
DROP_REASON = "The council's own quarterly audit now covers the seconded staff, so a second audit would repeat it."
INTERIM_NOTE = "Policy agreed and in force; the council's audit shows monthly supervision in every team."


def flat(text):
    return re.sub(r"\s+", "", text).replace("-", "")


def test_the_trust_lead_records_progress_and_downloads_the_review_pack(
    page, axe, assessment, leads, officer, trust_lead, run_tasks
):
    accepted = accepted_plan(assessment, leads, officer)

    sign_in(page, trust_lead, axe)
    page.goto(f"/assessments/{accepted.pk}/")
    axe(page)
    page.get_by_role("link", name="Action plan: record progress").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Action plan")
    axe(page)

    # Done, with a note.
    page.get_by_role("link", name=f"Record progress on: {SUPERVISION_POLICY}").click()
    axe(page)
    page.get_by_role("radio", name="Done").check()
    page.get_by_label("Progress note").fill(DONE_NOTE)
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text(re.compile("Progress recorded on S1"))).to_be_visible()
    axe(page)
    expect(page.locator("main")).to_contain_text(DONE_NOTE)

    # Dropped, with a reason.
    page.get_by_role("link", name=f"Record progress on: {SUPERVISION_AUDIT}").click()
    page.get_by_role("radio", name="Dropped").check()
    page.get_by_label("Why it is dropped").fill(DROP_REASON)
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text(re.compile("Progress recorded on S1"))).to_be_visible()
    axe(page)

    # Every action on S1 is closed, one done: the lead records an interim rating.
    page.get_by_role("link", name="Record an interim rating of S1").click()
    axe(page)
    page.get_by_role("radio", name=re.compile("^Largely met:")).check()
    page.get_by_label("What has changed since the assessment").fill(INTERIM_NOTE)
    page.get_by_role("button", name="Record interim rating").click()
    expect(page.get_by_text(re.compile("Interim rating of S1 recorded"))).to_be_visible()
    axe(page)

    # The s75 review pack: being prepared, then the file once the worker has rendered it.
    page.get_by_role("link", name="PDF s75 review pack").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PREPARING_PACK)
    axe(page)
    run_tasks()
    with page.expect_download() as pack:
        page.get_by_role("link", name="Download the s75 review pack", exact=True).click()
    reader = PdfReader(io.BytesIO(pack.value.path().read_bytes()))
    text = flat(" ".join(p.extract_text() for p in reader.pages))
    for expected in (SUPERVISION_POLICY, DONE_NOTE, DROP_REASON, "Largely met"):
        assert flat(expected) in text, expected

    policy, audit = action_of(accepted, SUPERVISION_POLICY), action_of(accepted, SUPERVISION_AUDIT)
    assert policy.status == ActionStatus.DONE and audit.status == ActionStatus.DROPPED
    assert audit.dropped_reason == DROP_REASON
    note = ActionNote.objects.get(action=policy)
    assert note.text == DONE_NOTE and note.written_by == trust_lead
    interim = InterimRating.objects.get(response=policy.response)
    assert interim.rating.code == "largely-met" and interim.recorded_by == trust_lead
    assert len(axe.checked) >= 8
