"""Who may move an accepted plan, checked against the database, and the accepted answers staying locked.

The Mersey partnership's 2026/27 assessment is accepted by BASW, with two actions on S1 and one on S2.
- Tara (trust lead), Colin (council lead) and Connie (trust contributor) record progress on any action.
- Manny (council manager) reads the plan; he records progress only on an action he owns with his account.
- Olive (BASW officer) reads the plan and records nothing.
- Otto (another partnership's lead) sees nothing of it: 404.
"""

import pytest
from django.test import Client

from assessments.access import NOT_A_LEAD_INTERIM, NOT_A_PLAN_EDITOR, NOT_EDITABLE_STATUS
from assessments.models import Action, ActionNote, ActionStatus, CompletionFile, EvidenceFile, Response, Status
from assessments.services import ProgressData, action_create, action_progress
from assessments.services.plan import PLAN_NOT_LIVE

from .page_helpers import answer_post, page, pdf_upload, url
from .plan_helpers import (
    AMHP_ROTA,
    PLAN,
    SUPERVISION_AUDIT,
    SUPERVISION_POLICY,
    accepted_plan,
    action_of,
    progress_post,
    progress_url,
)
from .service_helpers import action_data, answer, drive_to, membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]

MAY_RECORD = ["trust_lead", "council_lead", "contributor"]
# Who may not, and what they are told: a reader's role, or nothing at all for an outsider (404).
REFUSED = {"manager": ("Manager", 403), "officer": ("BASW officer", 403), "outsider": (None, 404)}


@pytest.fixture
def accepted(assessment, leads, officer):
    return accepted_plan(assessment, leads, officer)


def as_person(person):
    client = Client()
    client.force_login(person)
    return client


@pytest.mark.parametrize("person", MAY_RECORD)
def test_the_partnerships_leads_and_contributors_record_progress_on_any_action(request, accepted, person):
    user = request.getfixturevalue(person)
    client = as_person(user)
    audit = action_of(accepted, SUPERVISION_AUDIT)
    assert client.get(progress_url(accepted, audit)).status_code == 200

    response = client.post(progress_url(accepted, audit), progress_post(status="done", note=f"{user.full_name}."))

    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == ActionStatus.DONE
    note = ActionNote.objects.get(action=audit)
    assert (note.written_by, note.text) == (user, f"{user.full_name}.")
    assert url("action_progress", accepted.pk, audit.pk) in page(client.get(url("plan", accepted.pk)))


@pytest.mark.parametrize("person", list(REFUSED))
def test_managers_and_officers_are_refused_with_the_reason_and_outsiders_see_nothing(request, accepted, person):
    role, status = REFUSED[person]
    client = as_person(request.getfixturevalue(person))
    audit = action_of(accepted, SUPERVISION_AUDIT)

    shown = client.get(progress_url(accepted, audit))
    response = client.post(progress_url(accepted, audit), progress_post(status="done", note="Not mine to say."))

    assert (shown.status_code, response.status_code) == (status, status)
    if role:
        assert NOT_A_PLAN_EDITOR.format(role=role) in page(response)
    audit.refresh_from_db()
    assert audit.status == ActionStatus.NOT_STARTED
    assert not ActionNote.objects.exists()


def test_an_actions_owner_with_an_account_records_its_progress_but_not_anothers(accepted, manager):
    rota, audit = action_of(accepted, AMHP_ROTA), action_of(accepted, SUPERVISION_AUDIT)
    Action.objects.filter(pk=rota.pk).update(owner=manager)
    client = as_person(manager)

    plan = page(client.get(url("plan", accepted.pk)))
    assert url("action_progress", accepted.pk, rota.pk) in plan
    assert url("action_progress", accepted.pk, audit.pk) not in plan

    owned = client.post(progress_url(accepted, rota), progress_post(note="Rota drafted with the AMHP lead."))
    assert owned.status_code == 302
    rota.refresh_from_db()
    assert rota.status == ActionStatus.IN_PROGRESS
    assert ActionNote.objects.get(action=rota).written_by == manager

    other = client.post(progress_url(accepted, audit), progress_post(note="Not mine."))
    assert other.status_code == 403
    assert NOT_A_PLAN_EDITOR.format(role="Manager") in page(other)
    audit.refresh_from_db()
    assert audit.status == ActionStatus.NOT_STARTED
    assert not ActionNote.objects.filter(action=audit).exists()


def test_a_basw_officer_reads_the_plan_and_its_files_but_records_nothing(accepted, officer, trust_lead):
    policy = action_of(accepted, SUPERVISION_POLICY)
    as_person(trust_lead).post(
        progress_url(accepted, policy),
        {**progress_post(status="done", note="Policy signed."), "completion_file": pdf_upload("policy.pdf")},
    )
    kept = CompletionFile.objects.get(action=policy)
    client = as_person(officer)

    response = client.get(url("plan", accepted.pk))

    assert response.status_code == 200
    text = page(response)
    assert SUPERVISION_POLICY in text and "Policy signed." in text and "policy.pdf" in text
    assert "Record progress" not in text and "Record an interim rating" not in text
    download = client.get(url("completion_file", accepted.pk, kept.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert client.post(url("completion_file_delete", accepted.pk, kept.pk)).status_code == 403
    assert CompletionFile.objects.filter(pk=kept.pk).exists()


def test_an_outsider_gets_404_on_every_page_of_the_plan(accepted, outsider, trust_lead):
    policy = action_of(accepted, SUPERVISION_POLICY)
    as_person(trust_lead).post(progress_url(accepted, policy), {**progress_post(), "completion_file": pdf_upload()})
    kept = CompletionFile.objects.get()
    client = as_person(outsider)

    for path in (
        url("plan", accepted.pk),
        progress_url(accepted, policy),
        url("completion_file", accepted.pk, kept.pk),
        url("interim", accepted.pk, "S1"),
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(url("completion_file_delete", accepted.pk, kept.pk)).status_code == 404
    assert client.post(progress_url(accepted, policy), progress_post(note="x")).status_code == 404
    assert CompletionFile.objects.filter(pk=kept.pk).exists() and not ActionNote.objects.exists()


@pytest.mark.parametrize("person, status", [("council_lead", 200), ("contributor", 403), ("manager", 403)])
def test_only_a_lead_records_an_interim_rating(request, accepted, trust_lead, person, status):
    action_progress(
        action=action_of(accepted, AMHP_ROTA),
        actor=trust_lead,
        membership=membership(trust_lead),
        data=ProgressData(status=ActionStatus.DONE),
    )
    client = as_person(request.getfixturevalue(person))

    response = client.get(url("interim", accepted.pk, "S2"))

    assert response.status_code == status
    if status == 403:
        assert NOT_A_LEAD_INTERIM in page(response)
        client.post(url("interim", accepted.pk, "S2"), {"rating": "fully-met", "note": "Sorted."})
        assert not accepted.responses.get(standard__code="S2").interim_ratings.exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED])
def test_the_plan_does_not_move_until_basw_accepts_the_assessment(assessment, leads, officer, status):
    response = Response.objects.get(assessment=assessment, standard__code="S1")
    answer(response, leads[0], "partially-met")
    action = action_create(response=response, actor=leads[0], data=action_data(description=SUPERVISION_POLICY))
    assessment = drive_to(assessment, status, leads=leads, officer=officer)
    assessment.refresh_from_db()

    refused = as_person(leads[0]).post(progress_url(assessment, action), progress_post(note="Early."))

    assert refused.status_code == 403
    assert PLAN_NOT_LIVE.format(status=assessment.get_status_display().lower()) in page(refused)
    assert not ActionNote.objects.exists()


# The accepted answers stay locked while the plan moves


def test_the_accepted_answers_and_actions_stay_locked(lead_client, accepted):
    s1 = Response.objects.get(assessment=accepted, standard__code="S1")
    policy = action_of(accepted, SUPERVISION_POLICY)
    locked = NOT_EDITABLE_STATUS.format(status="accepted")

    answer_form = lead_client.post(
        url("standard", accepted.pk, "S1"),
        {**answer_post(s1, answer="fully-met", evidence="Rewritten after acceptance."), "file": pdf_upload()},
    )
    action_form = lead_client.post(
        url("action_edit", accepted.pk, "S1", policy.pk),
        {
            "description": "Something else entirely.",
            "owner_name": "Someone",
            "owner_role": "Else",
            "responsible": "joint",
            "due_date": policy.due_date.isoformat(),
            "priority": "low",
            "status": "done",
        },
    )
    new_action = lead_client.post(url("action_new", accepted.pk, "S1"), {"description": "More."})
    removed = lead_client.post(url("action_delete", accepted.pk, "S1", policy.pk))

    for refused in (answer_form, action_form, new_action, removed):
        assert refused.status_code == 403
        assert locked in page(refused)
    before = (s1.rating_id, s1.evidence, s1.lock_version)
    s1.refresh_from_db()
    assert (s1.rating_id, s1.evidence, s1.lock_version) == before
    assert s1.rating.code == "partially-met"
    policy.refresh_from_db()
    assert (policy.description, policy.status) == (SUPERVISION_POLICY, ActionStatus.NOT_STARTED)
    assert policy.priority == "high"
    assert Action.objects.filter(response__assessment=accepted).count() == sum(len(d) for d in PLAN.values())
    assert not EvidenceFile.objects.exists()
