"""The national picture's integration timeline: BASW officers only; the partnerships' events counted by year,
region and kind, with the retreat from integration apart, over the partnerships that have sent an assessment to
BASW; a count shown only when nil or from at least 5 partnerships; the leadership facts beside; the same in the
CSV; a fixed number of queries.

The known data set, worked out by hand:
- six North West partnerships each gave notice on their section 75 agreement in 2026 (staff not consulted), and
  two of them had signed it in 2019 (staff consulted);
- four South West partnerships gave notice in 2026 (consultation not known);
- three of the North West ones have a social work lead who reports to the trust board;
- one more North West partnership gave notice in 2026 but has only a draft: BASW does not see it, so it is not
  counted anywhere.
"""

import csv
import io
import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Assessment, Region, Status, TimelineEvent, TimelineKind
from reports import national
from reports.national_timeline import NOT_SHOWN, RULE, SUPPRESSED_CSV, Cell, timeline_picture
from tests import factories

pytestmark = pytest.mark.django_db

RETREAT_TABLE = "The retreat from integration (events) by year and region"


def make_partnership(name, region, version, *, status=Status.SUBMITTED, events=(), **fields):
    partnership = factories.make_partnership(name=name, region=region, **fields)
    recorder = factories.make_member(partnership.trust, "lead", f"Lead of {name}")
    Assessment.objects.create(
        partnership=partnership, period="2026/27", version=version, status=status, created_by=recorder
    )
    for kind, happened_on, consulted in events:
        TimelineEvent.objects.create(
            partnership=partnership,
            kind=kind,
            happened_on=happened_on,
            decided_by="The council's cabinet",
            staff_consulted=consulted,
            recorded_by=recorder,
        )
    return partnership


NOTICE_2026 = (TimelineKind.S75_NOTICE, date(2026, 2, 1), "no")
SIGNED_2019 = (TimelineKind.S75_SIGNED, date(2019, 4, 1), "yes")


@pytest.fixture
def known(version):
    for i in range(6):
        events = [NOTICE_2026, SIGNED_2019] if i < 2 else [NOTICE_2026]
        lead = {"social_work_lead": f"PSW {i}", "social_work_lead_reports_to_board": True} if i < 3 else {}
        make_partnership(f"North West {i}", Region.NORTH_WEST, version, events=events, **lead)
    for i in range(4):
        events = [(TimelineKind.S75_NOTICE, date(2026, 5, 1), "not_known")]
        make_partnership(f"South West {i}", Region.SOUTH_WEST, version, events=events)
    make_partnership("Draft only", Region.NORTH_WEST, version, status=Status.DRAFT, events=[NOTICE_2026])


def table(picture, caption):
    (found,) = [t for t in picture.tables if t.caption == caption]
    return {label: dict(zip(found.columns, cells, strict=True)) for label, cells in found.rows}


def test_the_retreat_is_counted_by_year_and_region_and_a_cell_of_fewer_than_5_partnerships_is_not_shown(known):
    picture = timeline_picture(national.Filters())
    assert (picture.partnerships, picture.events) == (10, 12)  # the draft-only partnership is not BASW's to see

    retreat = table(picture, RETREAT_TABLE)
    assert list(retreat) == ["2026", "2019"]  # every year with an event, newest first
    assert [cell.text for cell in retreat["2019"].values()] == ["0", "0"]  # no step away in 2019: nil is shown
    assert retreat["2026"]["North West"] == Cell(events=6, partnerships=6)
    assert retreat["2026"]["North West"].text == "6"
    assert retreat["2026"]["South West"] == Cell(events=4, partnerships=4)
    assert retreat["2026"]["South West"].text == NOT_SHOWN

    years = table(picture, next(t.caption for t in picture.tables if t.key == "timeline-years"))
    assert list(years) == ["2026", "2019"]  # newest first
    assert years["2026"]["All events"].text == "10" and years["2026"]["The retreat from integration"].text == "10"
    assert years["2026"]["Notice given on the section 75 agreement"].text == "10"
    assert years["2026"]["Social workers withdrawn to council management"].text == "0"  # nil is shown
    assert (
        years["2019"]["All events"] == Cell(events=2, partnerships=2) and years["2019"]["All events"].text == NOT_SHOWN
    )
    assert years["2019"]["The retreat from integration"].text == "0"

    regions = table(picture, next(t.caption for t in picture.tables if t.key == "timeline-regions"))
    assert list(regions) == ["North West", "South West"]
    assert regions["North West"]["All events"].text == "8"  # six notices and two signings, from six partnerships
    assert regions["South West"]["All events"].text == NOT_SHOWN

    kinds = table(picture, next(t.caption for t in picture.tables if t.key == "timeline-kinds"))
    notice = kinds["Notice given on the section 75 agreement (a step away from integration)"]
    assert [notice[c].text for c in notice] == ["10", "0", "6", NOT_SHOWN]  # all, consulted yes, no, not known
    assert kinds["Section 75 agreement signed"]["All events"].text == NOT_SHOWN


def test_the_leadership_facts_are_counted_over_the_partnerships_in_the_filters_and_suppressed_below_5(known):
    picture = timeline_picture(national.Filters())
    facts = {f.label: (f.count, f.share) for f in picture.facts}
    assert picture.facts_shown
    assert facts["Have a principal social worker or senior social work lead"] == (3, 30.0)
    assert facts["Whose social work lead reports to the trust board"] == (3, 30.0)
    assert facts["Whose social workers record in two IT systems"] == (0, 0.0)

    south_west = timeline_picture(national.Filters(region=Region.SOUTH_WEST))
    assert south_west.partnerships == 4 and not south_west.facts_shown
    assert list(table(south_west, RETREAT_TABLE)["2026"]) == ["South West"]


def test_the_arrangement_filter_narrows_the_count(known):
    ended = national.Filters(arrangement="ended")
    assert timeline_picture(ended).partnerships == 0 and timeline_picture(ended).tables == []


def _page(client):
    response = client.get(reverse("reports:national"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_officer_reads_the_section_with_its_rule_and_the_same_figures_in_the_csv(client, officer, known):
    client.force_login(officer)
    text = _page(client)
    section = text[text.index('id="timeline"') :]
    assert RULE in section and "at least 5 partnerships have an event counted in that cell" in RULE
    retreat = section[section.index(RETREAT_TABLE) :]
    row = re.search(r'<th scope="row">2026</th>(.*?)</tr>', retreat).group(1)
    assert re.findall(r'<td class="text-end">([^<]*)</td>', row) == ["6", NOT_SHOWN]
    assert reverse("reports:national_csv", args=["timeline"]) in section

    response = client.get(reverse("reports:national_csv", args=["timeline"]))
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["Table", "Row", "Column", "Value"]
    cells = {(r[0], r[1], r[2]): r[3] for r in rows[1:]}
    assert cells[(RETREAT_TABLE, "2026", "North West")] == "6"
    assert cells[(RETREAT_TABLE, "2026", "South West")] == SUPPRESSED_CSV
    leadership = [r for r in rows if r[1] == "Whose social work lead reports to the trust board"]
    assert [r[2:] for r in leadership] == [["Partnerships", "3"], ["Share (%)", "30.0"]]


def test_the_section_says_when_there_is_nothing_yet(client, officer, version):
    client.force_login(officer)
    assert "No events recorded on these partnerships' timelines yet." in _page(client)


@pytest.mark.parametrize("person", ["trust_lead", "contributor", "manager", "outsider"])
def test_the_section_and_its_csv_are_404_to_anyone_but_an_officer(request, client, person, known):
    client.force_login(request.getfixturevalue(person))
    assert client.get(reverse("reports:national")).status_code == 404
    assert client.get(reverse("reports:national_csv", args=["timeline"])).status_code == 404


def test_the_section_takes_two_queries_and_the_page_as_many_whatever_the_events(client, officer, version, known):
    client.force_login(officer)

    def count(call):
        with CaptureQueriesContext(connection) as queries:
            call()
        return len(queries)

    section, page = count(lambda: timeline_picture(national.Filters())), count(lambda: _page(client))
    assert section == 2
    for i in range(6):  # more partnerships, regions, kinds and years
        years = [(kind, date(2000 + i, 1, 1), "yes") for kind in TimelineKind.values]
        make_partnership(f"London {i}", Region.LONDON, version, events=years)
    assert count(lambda: timeline_picture(national.Filters())) == section
    assert count(lambda: _page(client)) == page
    assert timeline_picture(national.Filters()).events == 12 + 6 * len(TimelineKind.values)
