"""An action's owner: one of the people of the trust or a partner council (with an account), or, as before, a
named person without one. Tara (trust lead) writes the actions; Connie (contributor at the trust), Colin (lead at
the first council), Cara (lead at the second) and Manny (manager at the first council) are the partners' people;
Olive (BASW officer) and Otto (lead of another partnership) are not."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from assessments.forms.answers import NAMED_OWNER, OWNER_GONE, OWNER_NAME_REQUIRED, OWNER_ROLE_REQUIRED
from assessments.models import Action, Membership, Role
from assessments.services import WorkflowError, action_create
from assessments.services.answers import OWNER_NOT_PARTNER
from tests import factories

from .page_helpers import errors_in_summary, page, url
from .service_helpers import action_data

pytestmark = pytest.mark.django_db


def posted(**fields):
    data = {
        "description": "Provide monthly professional supervision by a social worker",
        "owner": "",
        "owner_name": "Pat Named",
        "owner_role": "Principal Social Worker",
        "responsible": "joint",
        "due_date": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "priority": "high",
        "status": "not_started",
    }
    data.update(fields)
    return data


def options(text):
    """The owner select's options as (value, label, selected), in page order."""
    select = text[text.index('<select name="owner"') : text.index("</select>", text.index('<select name="owner"'))]
    return [
        (value, label.strip(), bool(selected))
        for value, selected, label in re.findall(r'<option value="([^"]*)"( selected)?>([^<]*)</option>', select)
    ]


def groups(text):
    select = text[text.index('<select name="owner"') : text.index("</select>", text.index('<select name="owner"'))]
    return re.findall(r'<optgroup label="([^"]+)">', select)


@pytest.fixture
def people(trust_lead, contributor, council_lead, council2_lead, manager, officer, outsider):
    return {"tara": trust_lead, "connie": contributor, "colin": council_lead, "cara": council2_lead, "manny": manager}


def test_the_owner_is_chosen_from_each_active_person_of_the_trust_and_each_council_by_organisation(
    lead_client, assessment, trust, council, council2, people
):
    gone = factories.make_member(council, Role.CONTRIBUTOR, "Gwen Gone", job_title="Social Worker")
    gone.is_active = False
    gone.save(update_fields=["is_active"])
    text = page(lead_client.get(url("action_new", assessment.pk, "S1")))
    assert groups(text) == [trust.name, council.name, council2.name]
    assert options(text) == [
        ("", NAMED_OWNER, True),
        (str(people["connie"].pk), f"Connie Contributor, CMHT Manager — {trust.name}", False),
        (str(people["tara"].pk), f"Tara Trustlead, Director of Social Care — {trust.name}", False),
        (str(people["colin"].pk), f"Colin Councillead, Principal Social Worker — {council.name}", False),
        (str(people["manny"].pk), f"Manny Manager, Service Manager — {council.name}", False),
        (str(people["cara"].pk), f"Cara Secondcouncil, Head of Adult Social Care — {council2.name}", False),
    ]
    assert re.search(r'<label\s+for="id_owner"', text) and "<legend>Who owns this action</legend>" in text


def test_a_person_without_a_job_title_is_named_with_their_role(lead_client, assessment, council, people):
    newcomer = factories.make_member(council, Role.CONTRIBUTOR, "Nia Newcomer")
    text = page(lead_client.get(url("action_new", assessment.pk, "S1")))
    assert (str(newcomer.pk), f"Nia Newcomer, Contributor — {council.name}", False) in options(text)


def test_a_person_at_two_partners_is_listed_once_at_the_first(lead_client, assessment, trust, council, people):
    colin = people["colin"]
    Membership.objects.create(user=colin, organisation=trust, role=Role.CONTRIBUTOR)
    listed = [label for value, label, _ in options(page(lead_client.get(url("action_new", assessment.pk, "S1"))))]
    assert [label for label in listed if label.startswith("Colin")] == [
        f"Colin Councillead, Principal Social Worker — {trust.name}"
    ]


def test_choosing_a_person_makes_them_the_owner_with_their_name_and_job_title(lead_client, assessment, s1, people):
    colin = people["colin"]
    response = lead_client.post(
        url("action_new", assessment.pk, "S1"), posted(owner=str(colin.pk), owner_name="Typed", owner_role="")
    )
    assert response["Location"] == url("standard", assessment.pk, "S1")
    action = Action.objects.get(response=s1)
    assert action.owner == colin
    assert (action.owner_name, action.owner_role) == ("Colin Councillead", "Principal Social Worker")


def test_a_named_person_without_an_account_is_still_an_owner(lead_client, assessment, s1, people):
    response = lead_client.post(url("action_new", assessment.pk, "S1"), posted())
    assert response.status_code == 302
    action = Action.objects.get(response=s1)
    assert (action.owner, action.owner_name, action.owner_role) == (None, "Pat Named", "Principal Social Worker")


def test_a_named_person_needs_a_name_and_a_role(lead_client, assessment, people):
    response = lead_client.post(url("action_new", assessment.pk, "S1"), posted(owner_name=" ", owner_role=""))
    assert response.status_code == 200
    summary = errors_in_summary(response)
    assert OWNER_NAME_REQUIRED in summary and OWNER_ROLE_REQUIRED in summary
    assert 'href="#id_owner_name"' in summary and 'href="#id_owner_role"' in summary
    assert not Action.objects.exists()


def test_an_owner_from_another_partnership_is_refused_and_nothing_is_saved(lead_client, assessment, people, outsider):
    response = lead_client.post(url("action_new", assessment.pk, "S1"), posted(owner=str(outsider.pk)))
    assert response.status_code == 200
    summary = errors_in_summary(response)
    assert OWNER_NOT_PARTNER in summary and 'href="#id_owner"' in summary
    assert not Action.objects.exists()


@pytest.mark.parametrize("forged", ["999999", "abc", "²", "1" * 40])
def test_an_owner_who_is_nobody_is_refused(lead_client, assessment, people, forged):
    response = lead_client.post(url("action_new", assessment.pk, "S1"), posted(owner=forged))
    assert response.status_code == 200
    assert OWNER_NOT_PARTNER in errors_in_summary(response)
    assert not Action.objects.exists()


def test_a_basw_officer_cannot_own_a_partnerships_action_even_if_posted(lead_client, assessment, people, officer):
    response = lead_client.post(url("action_new", assessment.pk, "S1"), posted(owner=str(officer.pk)))
    assert OWNER_NOT_PARTNER in errors_in_summary(response)
    assert not Action.objects.exists()


def owned_action(s1, actor, owner):
    data = action_data(owner=owner, owner_name=owner.full_name, owner_role=owner.job_title)
    return action_create(response=s1, actor=actor, data=data)


def test_changing_an_action_shows_its_owner_chosen(lead_client, assessment, s1, trust_lead, people):
    action = owned_action(s1, trust_lead, people["connie"])
    text = page(lead_client.get(url("action_edit", assessment.pk, "S1", action.pk)))
    chosen = [value for value, _, selected in options(text) if selected]
    assert chosen == [str(people["connie"].pk)]


def test_an_owner_refused_on_a_change_leaves_the_action_as_it_was(
    lead_client, assessment, s1, trust_lead, people, outsider
):
    action = owned_action(s1, trust_lead, people["connie"])
    response = lead_client.post(
        url("action_edit", assessment.pk, "S1", action.pk), posted(owner=str(outsider.pk), description="Changed")
    )
    assert OWNER_NOT_PARTNER in errors_in_summary(response)
    action.refresh_from_db()
    assert (action.owner, action.description) == (people["connie"], "Agree a supervision policy.")


def test_an_owner_can_be_changed_to_a_named_person(lead_client, assessment, s1, trust_lead, people):
    action = owned_action(s1, trust_lead, people["connie"])
    response = lead_client.post(url("action_edit", assessment.pk, "S1", action.pk), posted())
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.owner_name) == (None, "Pat Named")


def test_an_owner_who_left_is_offered_as_a_named_person_on_a_change(lead_client, assessment, s1, trust_lead, people):
    connie = people["connie"]
    action = owned_action(s1, trust_lead, connie)
    Membership.objects.filter(user=connie).delete()
    text = page(lead_client.get(url("action_edit", assessment.pk, "S1", action.pk)))
    assert OWNER_GONE.format(name="Connie Contributor") in text
    assert [value for value, _, selected in options(text) if selected] == [""]
    assert 'value="Connie Contributor"' in text and 'value="CMHT Manager"' in text
    response = lead_client.post(
        url("action_edit", assessment.pk, "S1", action.pk),
        posted(owner_name="Connie Contributor", owner_role="CMHT Manager"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.owner_name, action.owner_role) == (None, "Connie Contributor", "CMHT Manager")


def test_the_service_refuses_an_owner_whose_account_is_closed(assessment, s1, trust_lead, people):
    connie = people["connie"]
    connie.is_active = False
    connie.save(update_fields=["is_active"])
    with pytest.raises(WorkflowError) as excinfo:
        owned_action(s1, trust_lead, connie)
    assert excinfo.value.message_dict == {"owner": [OWNER_NOT_PARTNER]}
    assert not Action.objects.exists()
