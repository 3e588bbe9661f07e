"""What a BASW officer sees of an accepted assessment's living plan on its review page: how many of its actions are
done, in progress, not started, overdue and dropped, with a link to the plan; nothing of it before acceptance;
404 to anyone but an officer; and the same number of queries whatever the size of the plan.

Each partnership is built through the services (tests/assessments/plan_progress_helpers.py): its actions are
written on the draft, Olive Officer accepts, and the trust's lead records each action's status.
"""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Action, RatingMode, Status
from assessments.selectors.plan_progress import PlanProgress, plan_progress
from assessments.services import assessment_start

from .page_helpers import url
from .plan_progress_helpers import DONE, DROPPED, IN_PROGRESS, NOT_STARTED, accepted_with_plan
from .service_helpers import drive_to

pytestmark = pytest.mark.django_db

# Worked out by hand: done 1; in progress 1 (10 days overdue); not started 2 (one 3 days overdue); dropped 1, though
# past its date (a dropped action is never overdue): 5 actions, 2 overdue.
ASHFIELD = [(DONE, 30), (IN_PROGRESS, -10), (NOT_STARTED, -3), (NOT_STARTED, 20), (DROPPED, -40)]
ASHFIELD_PROGRESS = PlanProgress(total=5, done=1, in_progress=1, not_started=2, overdue=2, dropped=1)
SECTION = "Progress on the action plan"


def cells(progress_row_html):
    return re.findall(r'<td class="text-end">(\d+)</td>', progress_row_html)


def test_officer_sees_the_plans_progress_on_an_accepted_assessment_with_a_link_to_the_plan(client, version, officer):
    a = accepted_with_plan("Ashfield Partnership", version, officer, ASHFIELD)
    client.force_login(officer)
    page = client.get(url("review", a.pk))
    assert page.status_code == 200
    assert page.context["plan_progress"] == ASHFIELD_PROGRESS
    text = page.content.decode()
    section = text[text.index(SECTION) : text.index("</section>", text.index(SECTION))]
    assert re.search(r"<th[^>]*>Done</th><th[^>]*>In progress</th><th[^>]*>Not started</th>", section)
    assert cells(section) == ["1", "1", "2", "2", "1"]  # done, in progress, not started, overdue, dropped
    assert "The plan's 5 actions by status today" in section
    assert f'href="{url("plan", a.pk)}"' in section
    assert "Carried forward" not in section


def test_the_counts_follow_the_plan_as_it_moves(version, officer):
    a = accepted_with_plan("Ashfield Partnership", version, officer, ASHFIELD)
    overdue = Action.objects.filter(response__assessment=a, status=IN_PROGRESS).get()
    Action.objects.filter(pk=overdue.pk).update(status=DONE)  # the arrange step: done since
    assert plan_progress(a) == PlanProgress(total=5, done=2, in_progress=0, not_started=2, overdue=1, dropped=1)


def test_there_is_no_progress_section_before_the_assessment_is_accepted(client, version, officer):
    a = accepted_with_plan("Ashfield Partnership", version, officer, ASHFIELD, status=Status.IN_REVIEW)
    client.force_login(officer)
    page = client.get(url("review", a.pk))
    assert page.status_code == 200
    assert page.context["plan_progress"] is None
    assert SECTION not in page.content.decode()


def test_a_plan_without_actions_says_so(client, version, officer):
    a = accepted_with_plan("Fully Met Partnership", version, officer, [])
    client.force_login(officer)
    text = client.get(url("review", a.pk)).content.decode()
    assert plan_progress(a) == PlanProgress()
    assert SECTION in text and "The plan has no actions: no standard needed one." in text


def test_actions_carried_forward_to_next_years_assessment_count_there_not_as_open_or_overdue(client, version, officer):
    a = accepted_with_plan("Ashfield Partnership", version, officer, ASHFIELD)
    assessment_start(
        partnership=a.partnership,
        period="2027/28",
        version=version,
        actor=a.created_by,
        carry_forward=True,
        rating_mode=RatingMode.TOGETHER,
    )
    progress = plan_progress(a)
    # The three open actions moved on; the done and the dropped stay.
    assert progress == PlanProgress(total=5, done=1, in_progress=0, not_started=0, overdue=0, dropped=1)
    assert progress.carried == 3
    client.force_login(officer)
    text = client.get(url("review", a.pk)).content.decode()
    section = text[text.index(SECTION) : text.index("</section>", text.index(SECTION))]
    assert cells(section) == ["1", "0", "0", "0", "1", "3"]
    assert "Carried forward: moved to the partnership's next assessment" in section


@pytest.mark.parametrize("who", ["trust_lead", "council_lead", "contributor", "manager", "outsider"])
def test_anyone_but_an_officer_gets_404_on_the_accepted_assessments_review_page(
    client, request, assessment, leads, officer, who
):
    accepted = drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)
    client.force_login(request.getfixturevalue(who))
    assert client.get(url("review", accepted.pk)).status_code == 404


def _count(client, address):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(address).status_code == 200
    return len(queries)


def test_the_review_page_of_an_accepted_assessment_takes_the_same_queries_whatever_the_size_of_its_plan(
    client, version, officer
):
    small = accepted_with_plan("Small Partnership", version, officer, [(DONE, 5), (IN_PROGRESS, -5)])
    large = accepted_with_plan("Large Partnership", version, officer, ASHFIELD * 3)
    client.force_login(officer)
    count = _count(client, url("review", small.pk))
    assert _count(client, url("review", large.pk)) == count
    print(f"accepted review page: {count} queries for 2 and for 15 actions")
