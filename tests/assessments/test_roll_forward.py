"""Carrying an accepted assessment forward: open actions move (counted once), and nothing is lost between versions.

Service specs first, then the pages (start, overview, national picture), then the real BASW standards:
rolling BASW 2010 forward to the 2012 charter, which dropped S1, S7 and S18 to S25.
"""

import html
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.models import CARRIED_TO, SENT_TO_BASW_STATUSES, Action, Assessment, RatingMode, Status
from assessments.scoring import PROBLEM_CARRIED_ACTION_PAST_DUE
from assessments.selectors import dashboard_items, submission_problems
from assessments.services import action_update
from reports import national
from reports.content import report_for
from standards.models import FrameworkVersion
from tests.assessments.service_helpers import action_data, answer, drive_to, start_together

from .page_helpers import url

pytestmark = pytest.mark.django_db

PAST = timezone.localdate() - timedelta(days=30)


@pytest.fixture
def accepted(assessment, leads, officer):
    """Last year's accepted plan: S1 partially met, with one open action and one done."""
    from assessments.services import action_create

    s1 = assessment.responses.get(standard__code="S1")
    answer(s1, leads[0], level_code="partially-met")
    action_create(response=s1, actor=leads[0], data=action_data(description="Open", status="in_progress"))
    action_create(response=s1, actor=leads[0], data=action_data(description="Done", status="done"))
    return drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)


def carry(partnership, version, actor, **extra):
    return start_together(
        partnership=partnership,
        period="2027/28",
        version=version,
        actor=actor,
        carry_forward=True,
        **extra,
    )


def page(response):
    return html.unescape(response.content.decode())


# The action moves


def test_a_carried_action_moves_and_the_old_one_records_where_it_went(accepted, partnership, version, trust_lead):
    revision = accepted.revision
    new = carry(partnership, version, trust_lead)
    old = Action.objects.get(response__assessment=accepted, description="Open")
    moved = Action.objects.get(response__assessment=new)
    assert (old.carried_to, moved.description, moved.carried_forward) == (moved, "Open", True)
    assert old.status_label == CARRIED_TO.format(period="2027/28") == "Carried forward to 2027/28"
    assert not old.is_open and not Action.objects.filter(pk=old.pk).open().exists()
    assert Action.objects.get(response__assessment=accepted, description="Done").carried_to is None
    record = old.history.latest()
    assert (record.history_change_reason, record.history_user) == ("carried forward to 2027/28", trust_lead)
    accepted.refresh_from_db()
    assert accepted.revision > revision  # its cached action plan is rendered again
    assert accepted.status == Status.ACCEPTED


def overdue_everywhere(partnership, user):
    """(national overdue count, dashboard overdue count) of this partnership."""
    total, _ = national.overdue_actions(national.Filters())
    return total, dashboard_items(user, [partnership]).overdue.count()


def test_a_carried_action_counts_once_on_the_national_list_and_the_dashboard(
    accepted, partnership, version, leads, officer
):
    new = carry(partnership, version, leads[0])
    for response in new.responses.all():
        answer(response, leads[0])  # confirm every carried answer
    drive_to(new, Status.SUBMITTED, leads=leads, officer=officer)
    Action.objects.filter(description="Open").update(due_date=PAST)  # a year on, the action is overdue
    assert overdue_everywhere(partnership, leads[0]) == (1, 1)


def test_the_old_action_plan_shows_the_action_carried_forward_not_overdue(accepted, partnership, version, trust_lead):
    carry(partnership, version, trust_lead)
    Action.objects.filter(response__assessment=accepted).update(due_date=PAST)
    report = report_for(accepted)
    item = next(i for i in report.actions if i.action.description == "Open")
    assert (item.status, item.overdue) == ("Carried forward to 2027/28", False)
    assert report.overdue == []


def test_an_action_is_carried_forward_only_once(accepted, partnership, version, trust_lead):
    carry(partnership, version, trust_lead)
    again = start_together(
        partnership=partnership,
        period="2028/29",
        version=version,
        actor=trust_lead,
        carry_forward=True,
    )
    assert not Action.objects.filter(response__assessment=again).exists()
    assert Action.objects.filter(description="Open").count() == 2


def test_a_carried_action_past_its_due_date_needs_a_new_date_before_submission(
    accepted, partnership, version, trust_lead
):
    new = carry(partnership, version, trust_lead)
    moved = Action.objects.get(response__assessment=new)
    Action.objects.filter(pk=moved.pk).update(due_date=PAST)
    message = PROBLEM_CARRIED_ACTION_PAST_DUE.format(code="S1", action="Open")
    assert message == "S1's action 'Open' was carried forward with a due date that has passed: give it a new date."
    assert message in [m for _, _, m in submission_problems(new)]
    moved.refresh_from_db()
    action_update(action=moved, actor=trust_lead, data=action_data(description="Open", status="in_progress"))
    assert message not in [m for _, _, m in submission_problems(new)]


def test_the_check_page_asks_for_a_new_date_for_a_carried_action_past_due(
    lead_client, accepted, partnership, version, trust_lead
):
    new = carry(partnership, version, trust_lead)
    Action.objects.filter(response__assessment=new).update(due_date=PAST)
    text = page(lead_client.get(url("check", new.pk)))
    assert PROBLEM_CARRIED_ACTION_PAST_DUE.format(code="S1", action="Open") in text


# The national picture says what its overdue list covers


def test_the_national_overdue_list_says_it_covers_every_assessment_sent_to_basw(client, officer, accepted):
    client.force_login(officer)
    text = page(client.get("/reports/national/"))
    assert "in assessments sent to BASW (submitted, in review, changes requested or accepted)" in text
    assert "submitted and accepted assessments" not in text
    assert set(SENT_TO_BASW_STATUSES) == {
        Status.SUBMITTED,
        Status.IN_REVIEW,
        Status.CHANGES_REQUESTED,
        Status.ACCEPTED,
    }


# The real BASW standards: 2010 to the 2012 charter

DROPPED = ["S1", "S7", "S18", "S19", "S20", "S21", "S22", "S23", "S24", "S25"]


@pytest.fixture
def basw(db):
    call_command("load_standards", stdout=StringIO())
    return FrameworkVersion.objects.get(slug="2010"), FrameworkVersion.objects.get(slug="2012-charter")


@pytest.fixture
def accepted_2010(basw, partnership, leads, officer):
    """An accepted BASW 2010 assessment with open actions on S18 and S1 (dropped) and S2 (kept as C1)."""
    from assessments.services import action_create

    old = start_together(partnership=partnership, period="2026/27", version=basw[0], actor=leads[0])
    for code in ["S18", "S1", "S2"]:
        response = old.responses.get(standard__code=code)
        answer(response, leads[0], level_code="partially-met")
        action_create(response=response, actor=leads[0], data=action_data(description=f"Fix {code}"))
    return drive_to(old, Status.ACCEPTED, leads=leads, officer=officer)


def test_rolling_2010_forward_to_the_charter_moves_the_dropped_items_actions_where_the_lead_chose(
    basw, accepted_2010, partnership, trust_lead
):
    charter = basw[1]
    c10 = charter.standards.get(code="C10")
    new = carry(partnership, charter, trust_lead, moves={"S18": c10})
    where = dict(Action.objects.filter(response__assessment=new).values_list("description", "response__standard__code"))
    assert where == {"Fix S18": "C10", "Fix S1": "C1", "Fix S2": "C1"}  # S1 by default to its nearest neighbour's
    assert not Action.objects.filter(response__assessment=accepted_2010).open().exists()
    assert new.responses.get(standard__code="C1").rating.code == "partially-met"
    assert "BASW 2012 charter has no S18" in new.events.get().note


def test_the_start_page_lists_the_items_the_charter_dropped_and_asks_where_their_actions_go(
    lead_client, basw, accepted_2010, partnership
):
    charter = basw[1]
    text = page(lead_client.get(url("start", partnership.pk)))
    assert "10 items of BASW 2010 are not in BASW 2012 charter" in text
    for code in DROPPED:
        assert code in text
    assert "S20 Clarity on personnel policies" in text
    assert f'name="move_{charter.pk}_S18"' in text and f'name="move_{charter.pk}_S1"' in text
    assert f'name="move_{charter.pk}_S20"' not in text  # no open actions there, nothing to place

    c12 = charter.standards.get(code="C12")
    form = {"period": "2027/28", "version": charter.pk, "carry_forward": "on", f"move_{charter.pk}_S18": c12.pk}
    form["rating_mode"] = RatingMode.TOGETHER
    response = lead_client.post(url("start", partnership.pk), form)
    new = Assessment.objects.get(period="2027/28")
    assert response["Location"] == url("overview", new.pk)
    assert Action.objects.get(response__assessment=new, description="Fix S18").response.standard.code == "C12"

    overview = page(lead_client.get(url("overview", new.pk)))
    assert "10 items of BASW 2010 are not in BASW 2012 charter" in overview
    assert "S18 Unequal terms and conditions: open actions moved to C12" in overview
    assert "S7 Commissioners recognise social care: no open actions" in overview


def test_a_move_to_an_item_of_another_version_is_refused(basw, accepted_2010, partnership, trust_lead):
    from assessments.services import WorkflowError
    from assessments.services.starting import MOVE_NOT_IN_VERSION

    elsewhere = basw[0].standards.get(code="S2")
    with pytest.raises(WorkflowError) as excinfo:
        carry(partnership, basw[1], trust_lead, moves={"S18": elsewhere})
    assert excinfo.value.messages == [MOVE_NOT_IN_VERSION.format(code="S18", version=basw[1])]
    assert not Assessment.objects.filter(period="2027/28").exists()
    assert Action.objects.filter(response__assessment=accepted_2010).open().count() == 3
