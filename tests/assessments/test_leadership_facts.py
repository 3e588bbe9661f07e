"""The partnership's leadership facts (seeds 001, 003 and 004): is there a principal social worker or senior social
work lead, do they report to the trust board, who line-manages the social workers and the AMHPs, does the AMHP
service stay with the council, do social workers record in one IT system or two. The governance leads record them
on the profile, with history and a record per financial year; everyone in the partnership reads them; outsiders
and BASW officers get 404. The people are the Mersey partnership's (tests/conftest.py)."""

import pytest

from assessments.access import NOT_A_PROFILE_EDITOR
from assessments.models import Partnership, PartnershipYear
from assessments.models.partnerships import BOARD_WITHOUT_LEAD
from assessments.services import WorkflowError
from assessments.services import partnership as services
from assessments.views.partnership import PROFILE_SAVED
from partnership_audit.forms import NOT_A_CHOICE

from .by_year_helpers import in_year, table
from .page_helpers import errors_in_summary, page, url
from .plan_helpers import words

pytestmark = pytest.mark.django_db

PROFILE = {  # the Mersey partnership's profile as it stands (tests/factories.py make_partnership)
    "arrangement": "s75_pooled",
    "continuum_stage": "pooled",
    "social_worker_employment": "seconded",
    "agreement_start": "2019-04-01",
    "next_review_date": "2027-03-31",
}
FACTS = {
    "social_work_lead": "  Dr Amira Khan, Principal Social Worker ",
    "social_work_lead_reports_to_board": "yes",
    "social_workers_managed_by": "trust",
    "amhps_managed_by": "council",
    "amhp_service_with_council": "yes",
    "recording_systems": "two",
}
LEADERSHIP_CAPTION = "The partnership's arrangement and leadership facts by financial year, newest first"


def saved_facts(partnership):
    partnership.refresh_from_db()
    return (
        partnership.social_work_lead,
        partnership.social_work_lead_reports_to_board,
        partnership.social_workers_managed_by,
        partnership.amhps_managed_by,
        partnership.amhp_service_with_council,
        partnership.recording_systems,
    )


NONE_SAID = ("", None, "", "", None, "")


@pytest.mark.parametrize("lead", ["trust_lead", "council_lead"])
def test_a_governance_lead_records_the_leadership_facts_shown_on_the_partnership_page_and_in_history(
    request, client, partnership, lead, monkeypatch
):
    person = request.getfixturevalue(lead)
    client.force_login(person)
    in_year(monkeypatch, "2026/27")

    response = client.post(url("profile", partnership.pk), {**PROFILE, **FACTS}, follow=True)

    assert response.redirect_chain == [(url("partnership", partnership.pk), 302)]
    assert PROFILE_SAVED in page(response)
    assert saved_facts(partnership) == ("Dr Amira Khan, Principal Social Worker", True, "trust", "council", True, "two")
    shown = words(response, 'id="leadership-title"', "</section>")
    assert "Principal social worker or senior social work lead Dr Amira Khan, Principal Social Worker" in shown
    assert "The social work lead reports to the trust board Yes" in shown
    assert "Who line-manages the social workers The trust Who line-manages the AMHPs The council" in shown
    assert "Where social workers record Two IT systems (the trust's and the council's)" in shown
    record = PartnershipYear.objects.get(partnership=partnership)
    assert (record.period, record.recorded_by, record.profile["recording_systems"]) == ("2026/27", person, "two")

    history = words(client.get(url("profile_history", partnership.pk)))  # "<strong>term</strong>: old → new"
    assert person.full_name in history
    assert (
        "Principal social worker or senior social work lead : None recorded → Dr Amira Khan, Principal Social Worker"
        in history
    )
    assert "The social work lead reports to the trust board : Not said → Yes" in history
    assert "Who line-manages the AMHPs : Not said → The council" in history
    assert "Where social workers record : Not said → Two IT systems (the trust's and the council's)" in history


def test_the_form_shows_the_facts_as_recorded_and_each_may_go_back_to_not_said(client, partnership, trust_lead):
    client.force_login(trust_lead)
    client.post(url("profile", partnership.pk), {**PROFILE, **FACTS})

    form = page(client.get(url("profile", partnership.pk)))
    assert 'value="Dr Amira Khan, Principal Social Worker"' in form
    assert (
        'name="social_work_lead_reports_to_board" value="yes"  id="id_social_work_lead_reports_to_board_0" checked'
        in form
    )
    assert 'name="recording_systems" value="two"  id="id_recording_systems_1" checked' in form

    response = client.post(url("profile", partnership.pk), {**PROFILE, **dict.fromkeys(FACTS, "")})
    assert response.status_code == 302
    assert saved_facts(partnership) == NONE_SAID
    shown = words(client.get(url("partnership", partnership.pk)), 'id="leadership-title"', "</section>")
    assert "Principal social worker or senior social work lead None recorded" in shown
    assert "The AMHP service stays with the council Not said" in shown


def test_the_profile_by_year_shows_a_principal_social_worker_post_lost(client, partnership, trust_lead, monkeypatch):
    """Seed 004: areas have "lost staff and management who were dedicated to integration"."""
    client.force_login(trust_lead)
    in_year(monkeypatch, "2025/26")
    client.post(url("profile", partnership.pk), {**PROFILE, **FACTS})
    in_year(monkeypatch, "2026/27")
    lost = {
        **FACTS,
        "social_work_lead": "",
        "social_work_lead_reports_to_board": "",
        "social_workers_managed_by": "mixed",
    }
    client.post(url("profile", partnership.pk), {**PROFILE, **lost, "social_worker_employment": "council"})

    rows = table(client.get(url("partnership", partnership.pk)), LEADERSHIP_CAPTION)
    assert rows[0][:5] == [
        "Year",
        "Arrangement",
        "Stage on the continuum of integration",
        "Social workers are",
        "Principal social worker or senior social work lead",
    ]
    assert rows[1] == [
        "2026/27",
        "Section 75 with a pooled budget",
        "Formal partnership with pooled budgets",
        "employed by the council",
        "None recorded",
        "Not said",
        "Some by each",
        "The council",
        "Yes",
        "Two IT systems (the trust's and the council's)",
    ]
    assert rows[2][:7] == [
        "2025/26",
        "Section 75 with a pooled budget",
        "Formal partnership with pooled budgets",
        "seconded to the trust",
        "Dr Amira Khan, Principal Social Worker",
        "Yes",
        "The trust",
    ]


def test_a_board_line_without_a_lead_is_refused_with_the_message_and_nothing_changes(client, partnership, trust_lead):
    client.force_login(trust_lead)
    response = client.post(url("profile", partnership.pk), {**PROFILE, **FACTS, "social_work_lead": " "})

    assert response.status_code == 200
    assert BOARD_WITHOUT_LEAD in errors_in_summary(response)
    assert page(response).count(BOARD_WITHOUT_LEAD) == 2  # in the summary, and by the question
    assert saved_facts(partnership) == NONE_SAID
    assert not PartnershipYear.objects.exists()


def test_a_choice_not_offered_is_refused_with_a_named_message(client, partnership, trust_lead):
    client.force_login(trust_lead)
    response = client.post(url("profile", partnership.pk), {**PROFILE, **FACTS, "recording_systems": "three"})
    assert response.status_code == 200
    assert NOT_A_CHOICE.format(the="where social workers record their work") in errors_in_summary(response)
    assert saved_facts(partnership) == NONE_SAID


@pytest.mark.parametrize("person", ["contributor", "manager"])
def test_contributors_and_managers_read_the_leadership_facts_but_cannot_change_them(
    request, client, partnership, trust_lead, person
):
    services.partnership_profile_update(
        partnership=partnership,
        actor=trust_lead,
        data=services.ProfileData(
            **{name: getattr(partnership, name) for name in services.PROFILE_FIELDS}
            | {"social_work_lead": "Dr Amira Khan, Principal Social Worker", "amhps_managed_by": "council"}
        ),
    )
    member = request.getfixturevalue(person)
    client.force_login(member)

    refused = client.post(url("profile", partnership.pk), {**PROFILE, **FACTS, "social_work_lead": "Someone else"})

    assert refused.status_code == 403
    assert NOT_A_PROFILE_EDITOR.format(role=member.memberships.get().get_role_display()) in page(refused)
    assert saved_facts(partnership)[:4] == ("Dr Amira Khan, Principal Social Worker", None, "", "council")
    assert PartnershipYear.objects.count() == 1
    shown = words(client.get(url("partnership", partnership.pk)), 'id="leadership-title"', "</section>")
    assert "Dr Amira Khan, Principal Social Worker" in shown and "Change the leadership facts" not in shown


@pytest.mark.parametrize("person", ["outsider", "officer"])
def test_outsiders_and_basw_officers_get_404_and_change_nothing(request, client, partnership, person):
    client.force_login(request.getfixturevalue(person))
    assert client.get(url("partnership", partnership.pk)).status_code == 404
    assert client.post(url("profile", partnership.pk), {**PROFILE, **FACTS}).status_code == 404
    assert saved_facts(partnership) == NONE_SAID
    assert not PartnershipYear.objects.exists()


def data_with(partnership, **facts):
    return services.ProfileData(**({name: getattr(partnership, name) for name in services.PROFILE_FIELDS} | facts))


@pytest.mark.parametrize(
    "facts,errors",
    [
        ({"amhps_managed_by": "nhs_england"}, {"amhps_managed_by": [services.NOT_A_CHOICE]}),
        ({"recording_systems": "three"}, {"recording_systems": [services.NOT_A_CHOICE]}),
        ({"amhp_service_with_council": "perhaps"}, {"amhp_service_with_council": [services.NOT_YES_OR_NO]}),
        ({"social_work_lead_reports_to_board": False}, {"social_work_lead_reports_to_board": [BOARD_WITHOUT_LEAD]}),
        (
            {"social_work_lead": "A" * 201},
            {"social_work_lead": [services.LEAD_TOO_LONG.format(limit=200, length=201)]},
        ),
    ],
)
def test_the_profile_service_refuses_nonsense_facts_and_changes_nothing(partnership, trust_lead, facts, errors):
    with pytest.raises(WorkflowError) as excinfo:
        services.partnership_profile_update(
            partnership=partnership, actor=trust_lead, data=data_with(partnership, **facts)
        )
    assert excinfo.value.message_dict == errors
    assert saved_facts(partnership) == NONE_SAID
    assert not Partnership.history.filter(id=partnership.pk, history_change_reason="profile changed").exists()


def test_the_admin_path_refuses_a_board_line_without_a_lead(partnership, officer):
    partnership.social_work_lead_reports_to_board = True
    with pytest.raises(WorkflowError) as excinfo:
        services.partnership_save(partnership=partnership, actor=officer)
    assert excinfo.value.message_dict == {"social_work_lead_reports_to_board": [BOARD_WITHOUT_LEAD]}
    assert Partnership.objects.get(pk=partnership.pk).social_work_lead_reports_to_board is None
