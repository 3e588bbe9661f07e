"""The dashboard's "Actions you own": the open actions whose owner is the person, on their partnerships' plans.

Connie (contributor at the trust) owns actions; Colin (lead at the first council) owns one of his own; Tara (trust
lead) writes them and owns none. Once the plan is accepted, each action links to its progress page; before, to
its standard."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Action, ActionStatus, Membership, Response, Status
from assessments.services import action_create
from tests import factories

from .page_helpers import page, url
from .service_helpers import action_data, answer, drive_to

pytestmark = pytest.mark.django_db

DASHBOARD_MAX_QUERIES = 16  # tests/assessments/test_dashboard.py


def owned_by(person, response, actor, description, **fields):
    named = {"owner": person, "owner_name": person.full_name, "owner_role": person.job_title}
    return action_create(response=response, actor=actor, data=action_data(description=description, **named, **fields))


def gap(assessment, code, actor):
    response = Response.objects.get(assessment=assessment, standard__code=code)
    answer(response, actor, level_code="partially-met")
    return response


def owned_section(client, person):
    """The text of the person's "Actions you own" section, tags removed (None when there is none)."""
    client.force_login(person)
    text = page(client.get(url("dashboard")))
    if 'id="owned"' not in text:
        return None
    start = text.index(">", text.index('id="owned"')) + 1
    return " ".join(re.sub(r"<[^>]+>", " ", text[start : text.index("</section>", start)]).split())


def owned_links(client, person):
    client.force_login(person)
    text = page(client.get(url("dashboard")))
    start = text.index('id="owned"')
    return re.findall(r'<a href="([^"]+)">', text[start : text.index("</section>", start)])


def test_the_owner_sees_their_open_actions_and_not_other_peoples(
    client, assessment, trust_lead, contributor, council_lead
):
    s1, s2 = gap(assessment, "S1", trust_lead), gap(assessment, "S2", trust_lead)
    later = timezone.localdate() + timedelta(days=90)
    owned_by(contributor, s2, trust_lead, "Audit supervision files", due_date=later)
    owned_by(contributor, s1, trust_lead, "Agree a supervision policy", status=ActionStatus.IN_PROGRESS)
    owned_by(council_lead, s1, trust_lead, "Colin's own action")
    action_create(response=s1, actor=trust_lead, data=action_data(description="A named person's action"))
    section = owned_section(client, contributor)
    assert section.startswith("Actions you own")
    soon = timezone.localdate() + timedelta(days=60)
    mersey = "Mersey Mental Health Partnership 2026/27"
    assert f"Agree a supervision policy {mersey} S1 {soon:%-d %b %Y} In progress" in section
    assert f"Audit supervision files {mersey} S2 {later:%-d %b %Y} Not started" in section
    assert section.index("Agree a supervision policy") < section.index("Audit supervision files")  # soonest first
    assert "Colin's own action" not in section and "A named person's action" not in section
    assert "Overdue" not in section
    assert owned_section(client, trust_lead) is None  # Tara owns none: no section


def test_done_and_dropped_actions_are_not_listed(client, assessment, trust_lead, contributor):
    s1 = gap(assessment, "S1", trust_lead)
    open_one = owned_by(contributor, s1, trust_lead, "Still to do")
    done = owned_by(contributor, s1, trust_lead, "Finished")
    dropped = owned_by(contributor, s1, trust_lead, "Given up")
    Action.objects.filter(pk=done.pk).update(status=ActionStatus.DONE)
    Action.objects.filter(pk=dropped.pk).update(status=ActionStatus.DROPPED, dropped_reason="Overtaken by events")
    section = owned_section(client, contributor)
    assert "Still to do" in section and "Finished" not in section and "Given up" not in section
    Action.objects.filter(pk=open_one.pk).update(status=ActionStatus.DONE)
    assert owned_section(client, contributor) is None


def test_an_overdue_action_is_tagged_and_counted_in_what_needs_you(client, assessment, trust_lead, contributor):
    s1 = gap(assessment, "S1", trust_lead)
    late = owned_by(contributor, s1, trust_lead, "Late one")
    owned_by(contributor, s1, trust_lead, "On time")
    past = timezone.localdate() - timedelta(days=5)
    Action.objects.filter(pk=late.pk).update(due_date=past)
    section = owned_section(client, contributor)
    assert f"Late one Mersey Mental Health Partnership 2026/27 S1 Overdue {past:%-d %b %Y} Not started" in section
    assert section.count("Overdue") == 1
    text = page(client.get(url("dashboard")))
    assert '<a href="#owned">1 action you own is overdue</a>' in text


def test_before_acceptance_an_owned_action_links_to_its_standard(client, assessment, trust_lead, contributor):
    owned_by(contributor, gap(assessment, "S1", trust_lead), trust_lead, "Agree a supervision policy")
    assert owned_links(client, contributor) == [url("standard", assessment.pk, "S1")]


def test_once_accepted_an_owned_action_links_to_its_progress_page(
    client, assessment, leads, trust_lead, contributor, officer
):
    action = owned_by(contributor, gap(assessment, "S1", trust_lead), trust_lead, "Agree a supervision policy")
    drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)
    assert owned_links(client, contributor) == [url("action_progress", assessment.pk, action.pk)]


def test_an_owner_who_left_the_partnership_no_longer_sees_its_actions(client, assessment, trust_lead, contributor):
    owned_by(contributor, gap(assessment, "S1", trust_lead), trust_lead, "Agree a supervision policy")
    other = factories.make_partnership(name="Elsewhere Partnership")
    Membership.objects.filter(user=contributor).update(organisation=other.trust)
    assert owned_section(client, contributor) is None


def dashboard_queries(client, person):
    client.force_login(person)
    client.get(url("dashboard"))  # warm anything cached per process, as a real server would be
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url("dashboard")).status_code == 200
    owned = [q for q in queries if 'FROM "assessments_action"' in q["sql"] and '"owner_id" =' in q["sql"]]
    assert len(owned) == 1  # the section's one query
    return len(queries)


def test_the_section_is_one_query_whatever_the_number_of_actions_owned(client, assessment, trust_lead, contributor):
    """Connie owns nothing, then one overdue action, then three times as many on three standards. (Overdue at both
    sizes: the partnership's own overdue list costs a query more once it has any.)"""
    dashboard_queries(client, contributor)  # owning nothing, the section still asks once
    yesterday = timezone.localdate() - timedelta(days=1)
    owned_by(contributor, gap(assessment, "S1", trust_lead), trust_lead, "First", due_date=yesterday)
    one = dashboard_queries(client, contributor)
    for code in ("S2", "S3"):
        owned_by(contributor, gap(assessment, code, trust_lead), trust_lead, f"On {code}", due_date=yesterday)
    three = dashboard_queries(client, contributor)
    assert one == three <= DASHBOARD_MAX_QUERIES
    assert owned_section(client, contributor).count("Mersey Mental Health Partnership") == 3
