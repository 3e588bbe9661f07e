"""Who may move an accepted plan, checked against the database: each person records progress (and a completion
file, and an interim rating) through the service with the membership the pages find for them.

- trust_lead, council_lead, council2_lead, contributor: record progress on any action, add and delete files.
- manager: reads the plan; records progress only on an action they own (Action.owner, an owner with an account).
- officer (BASW): reads the plan, changes nothing of it.
- outsider: nothing, even with their own trust's membership in hand.
- an interim rating is a governance lead's: contributors and managers are refused.
The admin shows the plan's notes, files and interim ratings to staff, read-only.
"""

import pytest
from django.urls import reverse

from assessments.access import NOT_A_LEAD_INTERIM, NOT_A_PLAN_EDITOR, AssessmentAccess, partner_membership
from assessments.models import (
    ActionNote,
    ActionStatus,
    CompletionFile,
    Event,
    EventKind,
    InterimRating,
    Membership,
    User,
)
from assessments.services import WorkflowError

from .plan_service_helpers import (
    OPEN,
    OTHER,
    accept_with_plan,
    action,
    add_file,
    close_s1,
    delete_file,
    interim,
    progress,
    snapshot,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(assessment, leads, officer, manager):
    """The accepted plan; the manager owns S1's open action (an owner with an account)."""
    return accept_with_plan(assessment, leads=leads, officer=officer, owner=manager)


def person(request, name):
    return request.getfixturevalue(name)


# Progress


@pytest.mark.parametrize("who", ["trust_lead", "council_lead", "council2_lead", "contributor"])
def test_leads_and_contributors_record_progress(request, accepted, who):
    actor = person(request, who)
    progress(action(accepted, OTHER), actor, ActionStatus.DONE, note=f"Done, says {actor.full_name}.")
    done = action(accepted, OTHER)
    assert done.status == ActionStatus.DONE
    note = ActionNote.objects.get(action=done)
    assert (note.written_by, note.status) == (actor, "done")
    assert (done.history.latest().history_user, done.history.latest().history_change_reason) == (
        actor,
        "progress recorded",
    )
    assert Event.objects.get(assessment=accepted, kind=EventKind.ACTION_PROGRESS).actor == actor


def test_the_owner_with_an_account_records_progress_on_their_own_action(accepted, manager):
    progress(action(accepted), manager, ActionStatus.DONE, note="Signed off by the service.")
    done = action(accepted)
    assert (done.owner, done.status) == (manager, ActionStatus.DONE)
    assert ActionNote.objects.get(action=done).written_by == manager
    assert Event.objects.get(assessment=accepted, kind=EventKind.ACTION_PROGRESS).actor == manager


def test_a_manager_reads_the_actions_they_do_not_own(accepted, manager):
    before = snapshot(accepted)
    with pytest.raises(WorkflowError) as excinfo:
        progress(action(accepted, OTHER), manager, ActionStatus.DONE, note="Done.")
    assert excinfo.value.messages == [NOT_A_PLAN_EDITOR.format(role="Manager")]
    assert snapshot(accepted) == before


def test_an_officer_reads_the_plan(accepted, officer):
    before = snapshot(accepted)
    for description in (OPEN, OTHER):
        with pytest.raises(WorkflowError) as excinfo:
            progress(action(accepted, description), officer, ActionStatus.DONE, note="Done.")
        assert excinfo.value.messages == [NOT_A_PLAN_EDITOR.format(role="BASW officer")]
    assert snapshot(accepted) == before


def test_an_owner_who_has_left_the_partnership_no_longer_records_progress(accepted, manager):
    Membership.objects.filter(user=manager).delete()
    before = snapshot(accepted)
    with pytest.raises(WorkflowError) as excinfo:
        progress(action(accepted), manager, ActionStatus.DONE, note="Done.")
    assert excinfo.value.messages == [NOT_A_PLAN_EDITOR.format(role="BASW officer")]
    assert snapshot(accepted) == before


def test_a_membership_elsewhere_does_not_open_the_plan(accepted, outsider, trust_lead):
    """The service trusts no membership it is handed: the outsider's own lead membership, or a colleague's."""
    before = snapshot(accepted)
    elsewhere = Membership.objects.get(user=outsider)
    borrowed = Membership.objects.get(user=trust_lead)
    for actor, membership in [(outsider, elsewhere), (outsider, borrowed)]:
        with pytest.raises(WorkflowError) as excinfo:
            progress(action(accepted, OTHER), actor, ActionStatus.DONE, note="Done.", membership=membership)
        assert excinfo.value.messages == [NOT_A_PLAN_EDITOR.format(role="BASW officer")]
    assert snapshot(accepted) == before


def test_the_access_answers_as_the_service_does(accepted, trust_lead, manager, officer):
    def access(user):
        return AssessmentAccess(
            assessment=accepted,
            membership=partner_membership(user, accepted.partnership),
            officer=user == officer,
            user=user,
        )

    assert access(trust_lead).plan_is_live and access(trust_lead).why_not_progress(action(accepted)) is None
    assert access(manager).why_not_progress(action(accepted)) is None  # their own
    assert access(manager).why_not_progress(action(accepted, OTHER)) == NOT_A_PLAN_EDITOR.format(role="Manager")
    assert access(officer).why_not_progress(action(accepted)) == NOT_A_PLAN_EDITOR.format(role="BASW officer")
    assert (access(trust_lead).can_record_interim, access(manager).can_record_interim) == (True, False)


# Completion files


@pytest.mark.parametrize("who", ["council_lead", "contributor", "manager"])
def test_those_who_record_progress_add_and_delete_completion_files(request, accepted, media, who):
    actor = person(request, who)
    evidence = add_file(action(accepted), actor)  # the manager owns this one
    assert CompletionFile.objects.get(action=action(accepted)).uploaded_by == actor
    delete_file(evidence, actor)
    assert not CompletionFile.objects.exists()


@pytest.mark.parametrize(("who", "role"), [("manager", "Manager"), ("officer", "BASW officer")])
def test_managers_and_officers_neither_add_nor_delete_files(request, accepted, trust_lead, media, who, role):
    actor = person(request, who)
    evidence = add_file(action(accepted, OTHER), trust_lead)
    before = snapshot(accepted)
    with pytest.raises(WorkflowError) as excinfo:
        add_file(action(accepted, OTHER), actor)
    assert excinfo.value.messages == [NOT_A_PLAN_EDITOR.format(role=role)]
    with pytest.raises(WorkflowError) as excinfo:
        delete_file(evidence, actor)
    assert excinfo.value.messages == [NOT_A_PLAN_EDITOR.format(role=role)]
    assert snapshot(accepted) == before
    assert (media / evidence.file.name).exists()
    assert list(media.rglob("*.pdf")) == [media / evidence.file.name]  # the refused upload left nothing behind


# Interim ratings


@pytest.mark.parametrize("who", ["trust_lead", "council_lead", "council2_lead"])
def test_each_partners_lead_records_an_interim_rating(request, accepted, trust_lead, who):
    close_s1(accepted, trust_lead)
    recorded = interim(accepted.responses.get(standard__code="S1"), person(request, who))
    assert InterimRating.objects.get().recorded_by == recorded.recorded_by == person(request, who)


@pytest.mark.parametrize(
    ("who", "role"), [("contributor", "Contributor"), ("manager", "Manager"), ("officer", "BASW officer")]
)
def test_contributors_managers_and_officers_do_not_record_interim_ratings(request, accepted, trust_lead, who, role):
    close_s1(accepted, trust_lead)
    before = snapshot(accepted)
    with pytest.raises(WorkflowError) as excinfo:
        interim(accepted.responses.get(standard__code="S1"), person(request, who))
    assert excinfo.value.messages == [NOT_A_LEAD_INTERIM]
    assert snapshot(accepted) == before


# The admin


@pytest.fixture
def staff_client(client, db):
    staff = User.objects.create_superuser(email="site.admin@example.org", password="x" * 16, full_name="Site Admin")
    client.force_login(staff)
    return client


@pytest.fixture
def plan_rows(accepted, trust_lead, media):
    close_s1(accepted, trust_lead, note="Agreed at the board.")
    return {
        "actionnote": ActionNote.objects.get(),
        "completionfile": add_file(action(accepted, OTHER), trust_lead),
        "interimrating": interim(accepted.responses.get(standard__code="S1"), trust_lead),
    }


@pytest.mark.parametrize("model", ["actionnote", "completionfile", "interimrating"])
def test_staff_read_the_plans_notes_files_and_interim_ratings_and_change_nothing(staff_client, plan_rows, model):
    row = plan_rows[model]
    assert staff_client.get(reverse(f"admin:assessments_{model}_changelist")).status_code == 200
    change = reverse(f"admin:assessments_{model}_change", args=[row.pk])
    page = staff_client.get(change)
    assert page.status_code == 200
    assert not page.context["adminform"].form.fields  # every field is shown read-only
    assert staff_client.post(change, {}).status_code == 403
    assert staff_client.get(reverse(f"admin:assessments_{model}_add")).status_code == 403
    delete = reverse(f"admin:assessments_{model}_delete", args=[row.pk])
    assert staff_client.post(delete, {"post": "yes"}).status_code == 403
    assert type(row).objects.filter(pk=row.pk).exists()


def test_the_interim_ratings_history_opens_in_the_admin(staff_client, plan_rows):
    row = plan_rows["interimrating"]
    assert staff_client.get(reverse("admin:assessments_interimrating_history", args=[row.pk])).status_code == 200
