"""The national picture's section on progress on action plans: officers only; for each partnership's accepted
assessment in the picture's filters, how many of its plan's actions are done, in progress, not started, overdue
and dropped, the most overdue first, with the national total; every figure worked out by hand, none suppressed
(a partnership's plan is not a figure about people); the same on the page and in its CSV; flat queries.

Each partnership is built through the services (tests/assessments/plan_progress_helpers.py): its actions are
written on the draft, Olive Officer accepts, and the trust's lead records each action's status.
"""

import csv
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Region, Status
from assessments.selectors.plan_progress import PlanProgress
from reports import national
from reports.national_progress import progress_picture
from reports.views.national import PROGRESS_HEADER, PROGRESS_TOTAL
from tests.assessments.plan_progress_helpers import DONE, DROPPED, IN_PROGRESS, NOT_STARTED, accepted_with_plan

pytestmark = pytest.mark.django_db

# (status, days from today to the due date). Worked out by hand; a done or dropped action is never overdue.
# Ashfield: 5 actions, done 1, in progress 1 (overdue), not started 2 (one overdue), dropped 1: 2 overdue.
ASHFIELD = [(DONE, 30), (IN_PROGRESS, -10), (NOT_STARTED, -3), (NOT_STARTED, 20), (DROPPED, -40)]
# Brookvale: 4 actions, done 1 (past its date), in progress 1 and not started 2, all three overdue.
BROOKVALE = [(IN_PROGRESS, -1), (NOT_STARTED, -2), (NOT_STARTED, -60), (DONE, -5)]
# Cedarholt (in the South West): 2 actions, done 1, in progress 1 not yet due: none overdue.
CEDARHOLT = [(DONE, -20), (IN_PROGRESS, 10)]

EXPECTED = {
    "Ashfield Partnership": PlanProgress(total=5, done=1, in_progress=1, not_started=2, overdue=2, dropped=1),
    "Brookvale Partnership": PlanProgress(total=4, done=1, in_progress=1, not_started=2, overdue=3, dropped=0),
    "Cedarholt Partnership": PlanProgress(total=2, done=1, in_progress=1, not_started=0, overdue=0, dropped=0),
}
MOST_OVERDUE_FIRST = ["Brookvale Partnership", "Ashfield Partnership", "Cedarholt Partnership"]
TOTAL = PlanProgress(total=11, done=3, in_progress=3, not_started=4, overdue=5, dropped=1)


def accept_three(version, officer):
    return [
        accepted_with_plan("Ashfield Partnership", version, officer, ASHFIELD),
        accepted_with_plan("Brookvale Partnership", version, officer, BROOKVALE),
        accepted_with_plan("Cedarholt Partnership", version, officer, CEDARHOLT, region=Region.SOUTH_WEST),
    ]


def filters(version, period="2026/27", **extra):
    return national.Filters(period=period, version=version, **extra)


def csv_rows(client, query=""):
    response = client.get(reverse("reports:national_csv", args=["progress"]) + query)
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


def section(text):
    start = text.index('id="progress"')
    return text[start : text.index("</table>", start)]


def test_each_partnerships_plan_is_counted_the_most_overdue_first_with_the_national_total(version, officer):
    accept_three(version, officer)
    picture = progress_picture(filters(version))
    assert [r.partnership for r in picture.rows] == MOST_OVERDUE_FIRST
    assert {r.partnership: r.progress for r in picture.rows} == EXPECTED
    assert [(r.region, r.period) for r in picture.rows] == [
        ("North West", "2026/27"),
        ("North West", "2026/27"),
        ("South West", "2026/27"),
    ]
    assert picture.total == TOTAL and picture.total.carried == 0


def test_only_accepted_assessments_in_the_pictures_filters_count(version, officer):
    accept_three(version, officer)
    accepted_with_plan("Dunmore Partnership", version, officer, BROOKVALE, status=Status.SUBMITTED)
    accepted_with_plan("Elmstead Partnership", version, officer, BROOKVALE, period="2025/26")
    assert [r.partnership for r in progress_picture(filters(version)).rows] == MOST_OVERDUE_FIRST
    south_west = progress_picture(filters(version, region=Region.SOUTH_WEST))
    assert [r.partnership for r in south_west.rows] == ["Cedarholt Partnership"]
    assert south_west.total == EXPECTED["Cedarholt Partnership"]
    earlier = progress_picture(filters(version, period="2025/26"))
    assert [(r.partnership, r.progress.overdue) for r in earlier.rows] == [("Elmstead Partnership", 3)]


def test_an_officer_sees_every_partnerships_progress_though_fewer_than_five_and_the_other_rules_stand(
    client, version, officer
):
    accept_three(version, officer)
    client.force_login(officer)
    page = client.get(reverse("reports:national"))
    assert page.status_code == 200
    text = section(page.content.decode())
    caption = "Actions on each partnership's plan by status, most overdue first (number of actions)"
    assert f"<caption>{caption}</caption>" in text
    assert '<th scope="col">Partnership</th>' in text and '<th scope="col" class="text-end">Overdue</th>' in text
    names = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a></th>', text)
    assert names == MOST_OVERDUE_FIRST
    brookvale = text[text.index("Brookvale Partnership") : text.index("</tr>", text.index("Brookvale Partnership"))]
    assert "North West" in brookvale and "2026/27" in brookvale
    assert re.findall(r'<td class="text-end">(\d+)</td>', brookvale) == ["4", "1", "1", "2", "3", "0", "0"]
    total = text[text.index("<tfoot>") :]
    assert '<th scope="row">All 3 partnerships</th>' in total
    assert re.findall(r'<td class="text-end">(\d+)</td>', total) == ["11", "3", "3", "4", "5", "1", "0"]
    # The small-number rule still holds everywhere else: three partnerships' scores by model are not shown.
    assert all(group["suppressed"] for group in page.context["by_model"]["arrangement"])


def test_the_csv_has_each_partnership_most_overdue_first_then_the_total(client, version, officer):
    accept_three(version, officer)
    client.force_login(officer)
    header, *rows = csv_rows(client)
    assert header == PROGRESS_HEADER
    assert rows == [
        ["Brookvale Partnership", "North West", "2026/27", "4", "1", "1", "2", "3", "0", "0"],
        ["Ashfield Partnership", "North West", "2026/27", "5", "1", "1", "2", "2", "1", "0"],
        ["Cedarholt Partnership", "South West", "2026/27", "2", "1", "1", "0", "0", "0", "0"],
        [PROGRESS_TOTAL, "", "", "11", "3", "3", "4", "5", "1", "0"],
    ]
    _, *south_west = csv_rows(client, f"?period=2026/27&version={version.pk}&region=south_west")
    assert [row[0] for row in south_west] == ["Cedarholt Partnership", PROGRESS_TOTAL]


def test_with_no_accepted_assessment_the_section_says_so(client, version, officer):
    client.force_login(officer)
    text = client.get(reverse("reports:national")).content.decode()
    assert 'id="progress"' in text and "No accepted assessments match these filters." in text
    assert progress_picture(filters(version)).rows == []


@pytest.mark.parametrize("person", ["trust_lead", "council_lead", "contributor", "manager", "outsider"])
def test_the_section_and_its_csv_are_404_to_anyone_but_an_officer(request, client, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("reports:national")).status_code == 404
    assert client.get(reverse("reports:national_csv", args=["progress"])).status_code == 404


def test_the_page_and_the_csv_take_the_same_queries_for_one_partnership_and_for_three(client, version, officer):
    client.force_login(officer)
    query = f"?period=2026/27&version={version.pk}"

    def count(address):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address + query).status_code == 200
        return len(queries)

    page, table = reverse("reports:national"), reverse("reports:national_csv", args=["progress"])
    accepted_with_plan("Ashfield Partnership", version, officer, ASHFIELD)
    one = count(page), count(table)
    accepted_with_plan("Brookvale Partnership", version, officer, BROOKVALE * 3)
    accepted_with_plan("Cedarholt Partnership", version, officer, CEDARHOLT, region=Region.SOUTH_WEST)
    assert (count(page), count(table)) == one
    with CaptureQueriesContext(connection) as queries:
        progress_picture(filters(version))
    assert len(queries) == 1


def test_an_officers_dashboard_links_to_the_section(client, officer):
    client.force_login(officer)
    text = client.get(reverse("assessments:dashboard")).content.decode()
    assert f'<a href="{reverse("reports:national")}#progress">Progress on action plans</a>' in text
