"""The README's walkthrough of partner views, on the demo, as a newcomer follows it through the pages.

Signed in with the README's accounts and password: the trust lead sees the divergent standards on the task
list, agrees C8 with a reason; a council lead finds a standard whose other views are hidden until Northshire
gives its own; both views are in the PDF and in the responses CSV.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from assessments.demo import DEMO_PASSWORD
from assessments.models import Assessment, Response, User
from tests.reports.partner_view_helpers import pdftotext, squash
from tests.reports.spreadsheet_helpers import csv_rows
from tests.worker import run_worker

DOMAIN = "@demo.partnership-audit.test"
TRUST_LEAD = f"trust.lead{DOMAIN}"
NORTHSHIRE_LEAD = f"northshire.lead{DOMAIN}"
LEFT_TO_RESOLVE = "C8"  # Accountability and support for middle managers
AGREED_APART = ("C4", "C13")  # Trust Board, supervision: divergent, agreed with a reason
NORTHSHIRE_TO_GIVE = "C9"  # Value of the social care workforce
NOBODY_SEES_YET = "C12"  # only the trust has given its view
HIDDEN = "Given. Shown once your organisation has given its own view."
REASON = "We agreed partially met: the managers know whom they answer to, but social work has no professional lead."


@pytest.fixture
def demo(db):
    call_command("load_standards", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    return Assessment.objects.get(partnership__name__startswith="Northshire", period="2026/27")


def _sign_in(client, email):
    client.logout()
    signed_in = client.post(reverse("login"), {"username": email, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302, email


def _page(client, draft, code=None):
    url = reverse("assessments:overview", args=[draft.pk]) if code is None else _standard_url(draft, code)
    page = client.get(url)
    assert page.status_code == 200
    return page


def _standard_url(draft, code):
    return reverse("assessments:standard", args=[draft.pk, code])


def test_the_trust_lead_sees_the_divergent_standards_and_agrees_the_one_left_with_a_reason(client, demo):
    _sign_in(client, TRUST_LEAD)
    task_list = _page(client, demo)
    divergent = {row.response.standard.code: row for row in task_list.context["overview"].divergent}
    assert set(divergent) == {LEFT_TO_RESOLVE, *AGREED_APART}
    assert [code for code, row in divergent.items() if not row.response.is_answered] == [LEFT_TO_RESOLVE]

    c8 = Response.objects.get(assessment=demo, standard__code=LEFT_TO_RESOLVE)
    page = _page(client, demo, LEFT_TO_RESOLVE)
    assert page.context["agreement_refusal"] is None and page.context["views"].open
    saved = client.post(
        _standard_url(demo, LEFT_TO_RESOLVE),
        {
            "answer": "partially-met",
            "not_applicable_reason": "",
            "agreed_rationale": REASON,
            "evidence": "The councils' and the Trust's views, taken together at the Joint Management Group.",
            "evidence_holder": "joint",
            "lock_version": c8.lock_version,
        },
    )
    assert saved.status_code == 302
    c8.refresh_from_db()
    assert (c8.rating.code, c8.agreed_rationale, c8.updated_by.email) == ("partially-met", REASON, TRUST_LEAD)

    _sign_in(client, NORTHSHIRE_LEAD)
    page = _page(client, demo, LEFT_TO_RESOLVE)
    assert REASON in page.content.decode()


def test_a_council_lead_sees_the_others_views_only_once_northshire_has_given_its_own(client, demo):
    _sign_in(client, NORTHSHIRE_LEAD)
    page = _page(client, demo, NORTHSHIRE_TO_GIVE)
    assert page.content.decode().count(HIDDEN) == 2  # the trust's and Fellside's

    response = Response.objects.get(assessment=demo, standard__code=NORTHSHIRE_TO_GIVE)
    given = client.post(
        reverse("assessments:our_view", args=[demo.pk, NORTHSHIRE_TO_GIVE]),
        {"rating": "largely-met", "not_applicable_reason": "", "comment": "Our strategy names it.", "lock_version": 0},
    )
    assert given.status_code == 302
    assert response.partner_views.filter(organisation__name="Northshire County Council").get().is_given
    page = _page(client, demo, NORTHSHIRE_TO_GIVE)
    assert HIDDEN not in page.content.decode()
    assert page.context["views"].open


def test_both_views_are_in_the_pdf_and_the_responses_csv_and_nobodys_where_not_all_are_given(client, demo):
    trust, *councils = demo.partnership.partner_organisations()
    lead = User.objects.get(email=TRUST_LEAD)
    _header, rows = csv_rows(client, lead, demo, "responses")
    by_code = {row["Standard"]: row for row in rows}
    supervision = by_code["C13"]
    assert supervision["Divergence"] == "divergent"
    assert supervision["Why we agreed this"].startswith("We agreed partially met")
    for organisation in (trust, *councils):
        assert supervision[f"{organisation.name} rating"] and supervision[f"{organisation.name} comment"]
    assert by_code[NOBODY_SEES_YET][f"{trust.name} rating"] == ""

    client.force_login(lead)
    url = reverse("reports:download", args=[demo.pk, "action-plan", "pdf"])
    if client.get(url).status_code == 202:  # being prepared: the worker renders it, as under `make run`
        run_worker()
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = squash(pdftotext(pdf.content))
    assert squash("Where the partners saw it differently") in text
    comment = demo.responses.get(standard__code="C13").partner_views.get(organisation=councils[0]).comment
    assert squash(comment) in text
