"""The task-list overview of an assessment, and the dashboard that leads to it."""

import html
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.models import Action, EvidenceFile, Response

from .page_helpers import level, sign_off_all, url

pytestmark = pytest.mark.django_db


def page(response):
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def task_rows(text):
    """{code: text of its row in the task list} for each standard."""
    rows = {}
    for item in re.findall(r"<li>\s*<span><a href=\"[^\"]+/standards/([^/]+)/\">(.*?)</li>", text, re.S):
        code, body = item
        rows[code] = re.sub(r"<[^>]+>", " ", body)
    return rows


def tags(row):
    return re.sub(r"\s+", " ", row).strip()


def set_answer(assessment, code, *, rating=None, evidence="", not_applicable=False, reason=""):
    Response.objects.filter(assessment=assessment, standard__code=code).update(
        rating=level(assessment, rating) if rating else None,
        evidence=evidence,
        not_applicable=not_applicable,
        not_applicable_reason=reason,
    )
    return Response.objects.get(assessment=assessment, standard__code=code)


def add_action(response, **fields):
    values = {
        "description": "Agree a supervision policy",
        "owner_name": "Sam Owner",
        "owner_role": "PSW",
        "due_date": timezone.localdate() + timedelta(days=30),
    }
    values.update(fields)
    return Action.objects.create(response=response, **values)


@pytest.fixture
def mixed(assessment, trust_lead):
    """One standard in each state the task list shows."""
    set_answer(assessment, "P1", not_applicable=True, reason="No inpatient beds.")  # completed
    set_answer(assessment, "S1", evidence="Some notes so far")  # in progress
    set_answer(assessment, "S3", rating="fully-met", evidence="Audit 2026")  # completed
    set_answer(assessment, "S5", rating="fully-met")  # completed, but no evidence: flagged
    set_answer(assessment, "S2", rating="partially-met", evidence="Gaps in supervision")  # needs an action
    add_action(set_answer(assessment, "S4", rating="not-met", evidence="None"))  # completed with its action
    with_file = set_answer(assessment, "S6", rating="fully-met")  # a file is evidence enough
    EvidenceFile.objects.create(
        response=with_file,
        file="evidence/x.pdf",
        original_name="x.pdf",
        content_type="application/pdf",
        size=9,
        uploaded_by=trust_lead,
    )
    return assessment


def test_the_task_list_shows_each_standards_state(lead_client, mixed):
    rows = {code: tags(row) for code, row in task_rows(page(lead_client.get(url("overview", mixed.pk)))).items()}
    assert set(rows) == {"P1", "P2", "S1", "S2", "S3", "S4", "S5", "S6"}
    assert rows["P2"].endswith("Not rated Not started")
    assert rows["S1"].endswith("Not rated In progress")
    assert rows["P1"].endswith("Not applicable Completed")
    assert rows["S3"].endswith("Fully met Completed")
    assert rows["S5"].endswith("Fully met No evidence Completed")
    assert rows["S2"].endswith("Partially met Needs an action In progress")
    assert rows["S4"].endswith("Not met · 1 action Completed")
    assert rows["S6"].endswith("Fully met Completed")


def test_the_overview_counts_completed_standards_per_domain_and_overall(lead_client, mixed):
    text = page(lead_client.get(url("overview", mixed.pk)))
    assert "Principles (1 of 2 completed)" in re.sub(r"<[^>]+>", "", text)
    assert "Governance (2 of 3 completed)" in re.sub(r"<[^>]+>", "", text)  # S1, S3, S5
    assert "Leadership (2 of 3 completed)" in re.sub(r"<[^>]+>", "", text)  # S2, S4, S6
    assert "5 of 8 standards completed." in text
    assert 'aria-valuenow="62"' in text


def test_the_overview_lists_top_ratings_without_evidence(lead_client, mixed):
    text = page(lead_client.get(url("overview", mixed.pk)))
    warning = text[text.index("with no evidence") : text.index("</div>", text.index("with no evidence"))]
    assert "S5 Practice 5" in warning
    assert "S6" not in warning and "S3" not in warning


def test_a_fresh_assessment_has_nothing_completed(lead_client, assessment):
    text = page(lead_client.get(url("overview", assessment.pk)))
    assert "0 of 8 standards completed." in text
    assert text.count("Not started</span>") == 8
    assert "No teams yet" in text


def test_the_overview_shows_sign_offs_given(lead_client, mixed, trust_lead, council_lead):
    sign_off_all(mixed, trust_lead, council_lead)
    text = page(lead_client.get(url("overview", mixed.pk)))
    assert "✓✓ 3 partners" in text


def test_the_dashboard_lists_my_partnerships_assessments_with_progress(lead_client, mixed, partnership):
    text = page(lead_client.get(url("dashboard")))
    assert partnership.name in text
    assert "2026/27" in text
    assert "5 of 8 completed" in text  # the overview's count: answered, and every gap has its action
    assert "ready for your sign-off" not in text


def test_the_dashboard_asks_a_lead_to_sign_off_once_everything_is_answered(client, assessment, council_lead):
    Response.objects.filter(assessment=assessment).update(rating=level(assessment, "fully-met"), evidence="Yes")
    client.force_login(council_lead)
    text = page(client.get(url("dashboard")))
    assert "Mersey Mental Health Partnership 2026/27 is ready for your sign-off" in text
    sign_off_all(assessment, council_lead)
    assert "ready for your sign-off" not in page(client.get(url("dashboard")))


def test_the_dashboard_does_not_ask_a_contributor_to_sign_off(client, assessment, contributor):
    Response.objects.filter(assessment=assessment).update(rating=level(assessment, "fully-met"), evidence="Yes")
    client.force_login(contributor)
    assert "ready for your sign-off" not in page(client.get(url("dashboard")))


def test_the_dashboard_shows_nothing_of_other_partnerships(client, mixed, outsider):
    client.force_login(outsider)
    text = page(client.get(url("dashboard")))
    assert "Mersey" not in text
    assert "Elsewhere Partnership" in text
