"""The README's walkthroughs on the demo, as a newcomer follows them through the pages.

Signed in with the README's accounts and password: the trust lead sees the divergent standards on the task
list, agrees C8 with a reason; a council lead finds a standard whose other views are hidden until Northshire
gives its own; both views are in the PDF and in the responses CSV. On the accepted 2025/26 plan the trust lead
marks S5 done with a note and finds it in the s75 review pack; `send_reminders --dry-run` names the overdue
actions with their owners. The record over time: the trust lead reads Northshire's leadership facts, each team's
figures by year (Fellside Valley's vacancy filled), the trend across the charter and BASW 2010, and the
timeline; Dartvale's lead finds the post lost to a support worker and the retreat on its timeline.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import escape

from assessments.demo import DEMO_PASSWORD
from assessments.models import (
    Action,
    Assessment,
    Consulted,
    Notification,
    Partnership,
    RecordingSystems,
    Response,
    TimelineKind,
    User,
)
from assessments.models.partnerships import SupervisionFrequency
from assessments.selectors.snapshots import profile_shown
from assessments.services.records import this_year
from assessments.views.plan import PROGRESS_SAVED
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
BOARD = "S5"  # Trust Board: in the accepted 2025/26 plan, overdue and owned by the trust lead
SUPERVISION = "S15"  # done, with an interim rating
DONE_NOTE = "The Board agreed: an executive director has held the council portfolio since this month's meeting."
MONTHLY, QUARTERLY = SupervisionFrequency.MONTHLY, SupervisionFrequency.QUARTERLY
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
    if signed_in["Location"] == reverse("mfa_authenticate"):  # officers: the code `demo_totp_code` prints
        from assessments.demo.factors import current_code
        from assessments.models import User

        code = current_code(User.objects.get(email=email))
        assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302, email


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


def _accepted(demo):
    return Assessment.objects.get(partnership=demo.partnership, period="2025/26")


def test_the_trust_lead_marks_an_accepted_plans_action_done_with_a_note_and_finds_it_in_the_s75_review_pack(
    client, demo
):
    accepted = _accepted(demo)
    board = Action.objects.get(response__assessment=accepted, response__standard__code=BOARD)
    assert board.is_overdue and board.owner.email == TRUST_LEAD
    _sign_in(client, TRUST_LEAD)
    plan_url = reverse("assessments:plan", args=[accepted.pk])
    assert plan_url in _page(client, accepted).content.decode()  # "Action plan: record progress"
    plan = client.get(plan_url)
    progress_url = reverse("assessments:action_progress", args=[accepted.pk, board.pk])
    assert plan.status_code == 200 and progress_url in plan.content.decode()
    page = client.get(progress_url)
    assert page.status_code == 200 and escape(board.notes.first().text) in page.content.decode()

    saved = client.post(progress_url, {"status": "done", "note": DONE_NOTE, "dropped_reason": "", "due_date": ""})
    assert saved.status_code == 302 and saved.url == f"{plan_url}#action-{board.pk}"
    board.refresh_from_db()
    note = board.notes.select_related("written_by").first()
    assert (board.status, note.text, note.status, note.written_by.email) == ("done", DONE_NOTE, "done", TRUST_LEAD)
    message = PROGRESS_SAVED.format(code=BOARD, action=board.description[:60], status="done")
    assert escape(message) in client.get(plan_url).content.decode()

    url = reverse("reports:review_pack", args=[accepted.pk, "pdf"])
    if client.get(url).status_code == 202:  # being prepared: the worker renders it, as under `make run`
        run_worker()
    pdf = client.get(url)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = squash(pdftotext(pdf.content))
    assert squash(DONE_NOTE) in text
    interim = Response.objects.get(assessment=accepted, standard__code=SUPERVISION).interim_ratings.get()
    assert squash(interim.note) in text
    xlsx = client.get(reverse("reports:review_pack", args=[accepted.pk, "xlsx"]))
    assert xlsx.status_code == 200 and xlsx["Content-Disposition"].startswith("attachment")


def test_the_reminders_dry_run_lists_the_demos_overdue_actions_with_their_owners_and_sends_nothing(demo):
    overdue = list(
        Action.objects.filter(response__assessment=_accepted(demo)).overdue().select_related("response__standard")
    )
    assert overdue and any(action.owner_id for action in overdue) and any(not action.owner_id for action in overdue)
    before = Notification.objects.count()
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    lines = out.getvalue().splitlines()
    for action in overdue:
        code = f'{action.response.standard.code} "'
        assert [line for line in lines if code in line and action.owner_name in line], action
        if action.owner_id:
            assert [line for line in lines if code in line and f"<{action.owner.email}> (overdue)" in line], action
    assert Notification.objects.count() == before


# The partnership's record over time: its profiles by year, its trend across both versions, its timeline.

EARLIER = "2025/26"
FELLSIDE_VALLEY = "Fellside Valley CMHT"
DARTVALE_LEAD = f"dartvale.lead{DOMAIN}"
OFFICER = f"basw.officer{DOMAIN}"


def _partnership_page(client, email, name):
    _sign_in(client, email)
    partnership = Partnership.objects.get(name__startswith=name)
    page = client.get(reverse("assessments:partnership", args=[partnership.pk]))
    assert page.status_code == 200
    return partnership, page


def _by_year(page, team_name):
    record = next(record for record in page.context["team_records"] if record.team.name == team_name)
    return {year.period: year for year in record.years}


def test_the_trust_lead_sees_the_leadership_facts_and_each_teams_figures_by_year(client, demo):
    _partnership, page = _partnership_page(client, TRUST_LEAD, "Northshire")
    html = page.content.decode()
    leadership = dict(page.context["leadership"])
    assert leadership["Principal social worker or senior social work lead"] == "Helen Marsh, Director of Social Care"
    profiles = {year.period: year.profile for year in page.context["profile_years"]}
    assert list(profiles) == [this_year(), EARLIER]  # newest first
    assert [profiles[p].social_work_lead_reports_to_board for p in (EARLIER, this_year())] == [False, True]
    assert profiles[this_year()].recording_systems == RecordingSystems.TWO

    fellside = _by_year(page, FELLSIDE_VALLEY)
    then, now = fellside[EARLIER].team, fellside[this_year()].team
    assert (then.social_workers, now.social_workers) == (1, 2)
    assert (then.supervision_frequency, now.supervision_frequency) == (QUARTERLY, MONTHLY)
    assert (then.social_workers_vacant, now.social_workers_vacant) == (2, 1)
    assert 'id="by-year"' in html
    for year in fellside.values():
        assert escape(str(year.vacancies[0])) in html  # "2 of 3 social work posts vacant", then "1 of 3"


def test_the_2025_26_pdf_shows_the_teams_as_they_stood_at_its_submission(client, demo):
    accepted = _accepted(demo)
    client.force_login(User.objects.get(email=TRUST_LEAD))
    url = reverse("reports:download", args=[accepted.pk, "action-plan", "pdf"])
    if client.get(url).status_code == 202:  # being prepared: the worker renders it, as under `make run`
        run_worker()
    pdf = client.get(url)
    assert pdf.status_code == 200
    text = squash(pdftotext(pdf.content))
    shown = profile_shown(accepted)
    assert shown.at_submission and squash(shown.as_at) in text
    assert [t.social_workers for t in shown.teams if t.name == FELLSIDE_VALLEY] == [1]  # 2 today


def test_the_trust_lead_sees_the_trend_across_both_framework_versions(client, demo):
    _partnership, page = _partnership_page(client, TRUST_LEAD, "Northshire")
    trend = page.context["trend"]
    assert [(p.period, p.version_label, p.new_version) for p in trend.points] == [
        ("2024/25", "BASW 2012 charter", False),
        (EARLIER, "BASW 2010", True),
    ]
    assert all(None not in line.values for line in trend.lines)  # every domain carries on across the change
    assert all(first < second for first, second in (line.values for line in trend.lines))  # and rose
    html = page.content.decode()
    assert "<svg" in html and all(f">{point.period}" in html for point in trend.points)


def test_the_trust_lead_reads_the_integration_timeline_from_the_partnership_page(client, demo):
    partnership, page = _partnership_page(client, TRUST_LEAD, "Northshire")
    url = reverse("assessments:timeline", args=[partnership.pk])
    assert url in page.content.decode()
    timeline = client.get(url)
    assert timeline.status_code == 200 and timeline.context["can_record"]
    events = [event for year in timeline.context["years"] for event in year.events]
    assert [(e.kind, e.happened_on.year) for e in events] == [
        (TimelineKind.S75_VARIED, 2026),
        (TimelineKind.S75_RENEWED, 2024),
        (TimelineKind.PSW_APPOINTED, 2015),
        (TimelineKind.S75_SIGNED, 2014),
    ]
    html = timeline.content.decode()
    assert all(escape(event.decided_by) in html for event in events)


def test_the_dartvale_lead_sees_a_post_lost_to_a_support_worker_and_the_retreat_on_the_timeline(client, demo):
    partnership, page = _partnership_page(client, DARTVALE_LEAD, "Dartvale")
    north = _by_year(page, "Dartvale North CMHT")
    then, now = north[EARLIER].team, north[this_year()].team
    assert (then.social_workers, then.social_workers_establishment) == (3, 3)
    assert (now.social_workers, now.social_workers_establishment) == (2, 2)
    assert now.support_workers == then.support_workers + 1

    timeline = client.get(reverse("assessments:timeline", args=[partnership.pk]))
    events = {event.kind: event for year in timeline.context["years"] for event in year.events}
    notice, varied = events[TimelineKind.S75_NOTICE], events[TimelineKind.S75_VARIED]
    assert (notice.happened_on.year, varied.happened_on.year, notice.staff_consulted) == (2016, 2017, Consulted.NO)
    assert {TimelineKind.S75_ENDED, TimelineKind.WITHDRAWN, TimelineKind.RESTRUCTURED} <= set(events)
    assert sum(year.retreats for year in timeline.context["years"]) == 3  # notice, end, withdrawal


def test_the_officer_finds_scores_by_year_and_the_timelines_in_the_national_picture(client, demo):
    _sign_in(client, OFFICER)
    page = client.get(reverse("reports:national"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Domain scores by year" in html and "The retreat from integration" in html
