"""The living action plan's services: once BASW accepts an assessment, its actions move through the year.

Progress (a status, a dated note, a new due date, why an action was dropped) and completion files are recorded
through services.plan; each is checked against the database, and every refusal leaves everything as it was
(plan_service_helpers.snapshot). The accepted answers stay locked: only the plan moves. Who may is
test_plan_access.py; interim ratings and the roll-forward are test_interim_roll_forward.py.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from assessments.models import (
    Action,
    ActionNote,
    ActionStatus,
    CompletionFile,
    Event,
    EventKind,
    SignOff,
    Status,
)
from assessments.services import WorkflowError, action_create, action_update, response_save
from assessments.services.answers import NOT_EDITABLE
from assessments.services.limits import due_date_out_of_range, texts_too_long
from assessments.services.plan import (
    ACTION_MOVED,
    DROPPED_NEEDS_REASON,
    FILE_ADDED_EVENT,
    FILE_DELETED_EVENT,
    NOTHING_TO_RECORD,
    PLAN_NOT_LIVE,
    PROGRESS_EVENT,
    STATUS_UNKNOWN,
)

from .page_helpers import pdf_upload
from .plan_service_helpers import (
    DONE,
    OPEN,
    OTHER,
    accept_with_plan,
    action,
    add_file,
    delete_file,
    next_year,
    progress,
    snapshot,
)
from .service_helpers import action_data, answer, drive_to, response_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(assessment, leads, officer):
    return accept_with_plan(assessment, leads=leads, officer=officer)


def refused(call, *args, **kwargs) -> WorkflowError:
    with pytest.raises(WorkflowError) as excinfo:
        call(*args, **kwargs)
    return excinfo.value


# Progress is recorded


def test_the_trust_lead_marks_an_action_done_with_a_note(accepted, trust_lead):
    revision = accepted.revision
    progress(action(accepted), trust_lead, ActionStatus.DONE, note="  The board agreed the policy on 3 March.  ")
    done = action(accepted)
    assert done.status == ActionStatus.DONE and not done.is_open
    note = ActionNote.objects.get(action=done)
    assert (note.text, note.status, note.written_by) == ("The board agreed the policy on 3 March.", "done", trust_lead)
    record = done.history.latest()
    assert (record.history_user, record.history_change_reason, record.status) == (
        trust_lead,
        "progress recorded",
        "done",
    )
    event = Event.objects.get(assessment=accepted, kind=EventKind.ACTION_PROGRESS)
    assert event.actor == trust_lead
    assert event.note == PROGRESS_EVENT.format(name="Tara Trustlead", code="S1", action=OPEN, status="done")
    assert event.note == "Tara Trustlead recorded progress on S1: 'Agree a supervision policy.' is done."
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    assert accepted.revision > revision  # the action plan and the review pack are rendered afresh


def test_a_note_alone_is_kept_with_the_status_the_action_has(accepted, contributor):
    progress(action(accepted), contributor, note="Draft policy out for comment.")
    kept = action(accepted)
    assert kept.status == ActionStatus.IN_PROGRESS
    note = ActionNote.objects.get(action=kept)
    assert (note.status, note.written_by) == ("in_progress", contributor)


def test_notes_are_read_newest_first(accepted, trust_lead, council_lead):
    progress(action(accepted), trust_lead, note="First draft written.")
    progress(action(accepted), council_lead, note="Council comments in.")
    assert [n.text for n in action(accepted).notes.all()] == ["Council comments in.", "First draft written."]


def test_a_new_due_date_moves_the_action_without_a_note(accepted, council_lead):
    later = timezone.localdate() + timedelta(days=200)
    progress(action(accepted), council_lead, due_date=later)
    moved = action(accepted)
    assert (moved.due_date, moved.status) == (later, ActionStatus.IN_PROGRESS)
    assert not ActionNote.objects.filter(action=moved).exists()
    assert moved.history.latest().history_user == council_lead


def test_an_action_is_dropped_with_its_reason_and_reopened_without_it(accepted, trust_lead):
    progress(action(accepted), trust_lead, ActionStatus.DROPPED, dropped_reason="  The service was recommissioned. ")
    dropped = action(accepted)
    assert (dropped.status, dropped.dropped_reason, dropped.is_open) == (
        "dropped",
        "The service was recommissioned.",
        False,
    )
    progress(dropped, trust_lead, ActionStatus.IN_PROGRESS, dropped_reason="stale text from the form")
    reopened = action(accepted)
    assert (reopened.status, reopened.dropped_reason, reopened.is_open) == ("in_progress", "", True)


def test_progress_leaves_the_sign_offs_and_the_accepted_answers_as_they_were(accepted, trust_lead):
    signoffs = list(SignOff.objects.filter(assessment=accepted).values_list("pk", flat=True))
    s1 = accepted.responses.get(standard__code="S1")
    progress(action(accepted), trust_lead, ActionStatus.DONE, note="Agreed.")
    assert list(SignOff.objects.filter(assessment=accepted).values_list("pk", flat=True)) == signoffs
    assert not Event.objects.filter(assessment=accepted, kind=EventKind.SIGNOFFS_CLEARED).exists()
    s1.refresh_from_db()
    assert s1.rating.code == "partially-met"


def test_the_accepted_answers_and_actions_stay_locked(accepted, trust_lead):
    s1 = accepted.responses.get(standard__code="S1")
    before = snapshot(accepted)
    message = NOT_EDITABLE.format(status="accepted")
    level = accepted.version.rating_levels.get(code="fully-met")
    error = refused(
        response_save, response=s1, actor=trust_lead, lock_version=s1.lock_version, data=response_data(level)
    )
    assert error.messages == [message]
    error = refused(action_update, action=action(accepted), actor=trust_lead, data=action_data(status="done"))
    assert error.messages == [message]
    assert refused(action_create, response=s1, actor=trust_lead, data=action_data()).messages == [message]
    assert snapshot(accepted) == before
    s1.refresh_from_db()
    assert s1.rating.code == "partially-met"


# Progress is refused, and a refusal changes nothing


@pytest.mark.parametrize("status", [Status.DRAFT, Status.SUBMITTED, Status.IN_REVIEW, Status.CHANGES_REQUESTED])
def test_progress_waits_until_basw_has_accepted_the_assessment(assessment, leads, officer, trust_lead, status):
    s1 = assessment.responses.get(standard__code="S1")
    answer(s1, trust_lead, level_code="partially-met")
    action_create(response=s1, actor=trust_lead, data=action_data(description=OPEN, status="in_progress"))
    assessment = drive_to(assessment, status, leads=leads, officer=officer)
    before = snapshot(assessment)
    error = refused(progress, action(assessment), trust_lead, ActionStatus.DONE, note="Done.")
    assert error.messages == [PLAN_NOT_LIVE.format(status=assessment.get_status_display().lower())]
    assert snapshot(assessment) == before


def test_a_carried_forward_action_records_progress_on_the_next_assessment_not_here(
    accepted, partnership, version, trust_lead
):
    stale = action(accepted)  # read before it moved
    new = next_year(partnership, version, trust_lead)
    before = snapshot(accepted)
    message = ACTION_MOVED.format(period="2027/28")
    assert message == "This action was carried forward to 2027/28: record its progress there."
    assert refused(progress, action(accepted), trust_lead, ActionStatus.DONE, note="Done.").messages == [message]
    assert refused(progress, stale, trust_lead, ActionStatus.DONE, note="Done.").messages == [message]
    assert refused(add_file, stale, trust_lead).messages == [message]
    assert snapshot(accepted) == before
    moved = action(new)  # the copy on the 2027/28 draft is changed as the draft's action, not as progress
    assert refused(progress, moved, trust_lead, note="Done.").messages == [PLAN_NOT_LIVE.format(status="draft")]


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        ({"status": "dropped"}, {"dropped_reason": [DROPPED_NEEDS_REASON]}),
        ({"status": "dropped", "dropped_reason": "   "}, {"dropped_reason": [DROPPED_NEEDS_REASON]}),
        ({"status": "finished"}, {"status": [STATUS_UNKNOWN]}),
        ({"due_date": date(1999, 12, 31)}, {"due_date": [due_date_out_of_range(date(1999, 12, 31))]}),
        ({"note": "x" * 5_001}, {"note": [texts_too_long(note="x" * 5_001)["note"]]}),
        ({"status": "dropped", "dropped_reason": "y" * 2_001}, texts_too_long(dropped_reason="y" * 2_001)),
    ],
    ids=[
        "dropped-no-reason",
        "dropped-blank-reason",
        "unknown-status",
        "due-date-out-of-range",
        "long-note",
        "long-reason",
    ],
)
def test_progress_that_does_not_hold_is_refused_and_changes_nothing(accepted, trust_lead, fields, errors):
    before = snapshot(accepted)
    error = refused(progress, action(accepted), trust_lead, **fields)
    expected = {k: v if isinstance(v, list) else [v] for k, v in errors.items()}
    assert error.message_dict == expected
    assert snapshot(accepted) == before


def test_the_due_date_message_names_the_range(accepted, trust_lead):
    far = timezone.localdate() + timedelta(days=365 * 11)
    error = refused(progress, action(accepted), trust_lead, due_date=far)
    assert error.message_dict["due_date"][0].startswith("The due date must be between 1 January 2000 and ")


@pytest.mark.parametrize(
    "fields",
    [{}, {"note": "   "}, {"due_date": "same"}],
    ids=["nothing", "blank-note", "same-due-date"],
)
def test_recording_nothing_new_is_refused(accepted, trust_lead, fields):
    on = action(accepted)
    if fields.get("due_date") == "same":
        fields = {"due_date": on.due_date}
    before = snapshot(accepted)
    assert refused(progress, on, trust_lead, **fields).messages == [NOTHING_TO_RECORD]
    assert snapshot(accepted) == before


def test_dropping_again_with_the_same_reason_is_nothing_new(accepted, trust_lead):
    progress(action(accepted), trust_lead, ActionStatus.DROPPED, dropped_reason="Recommissioned.")
    before = snapshot(accepted)
    error = refused(progress, action(accepted), trust_lead, ActionStatus.DROPPED, dropped_reason="Recommissioned.")
    assert error.messages == [NOTHING_TO_RECORD]
    assert snapshot(accepted) == before


# Open and closed


def test_done_and_dropped_actions_are_closed_everywhere_they_are_counted(accepted, trust_lead):
    past = timezone.localdate() - timedelta(days=10)
    Action.objects.filter(response__assessment=accepted).update(due_date=past)  # everything falls due
    progress(action(accepted, OTHER), trust_lead, ActionStatus.DROPPED, dropped_reason="Recommissioned.")
    plan = Action.objects.filter(response__assessment=accepted)
    assert set(plan.open().values_list("description", flat=True)) == {OPEN}
    assert set(plan.overdue().values_list("description", flat=True)) == {OPEN}
    assert {a.description: a.is_open for a in plan} == {OPEN: True, DONE: False, OTHER: False}
    assert {a.description: a.is_overdue for a in plan} == {OPEN: True, DONE: False, OTHER: False}


def test_carrying_forward_moves_only_the_open_actions(accepted, partnership, version, trust_lead):
    progress(action(accepted, OTHER), trust_lead, ActionStatus.DROPPED, dropped_reason="Recommissioned.")
    new = next_year(partnership, version, trust_lead)
    assert list(Action.objects.filter(response__assessment=new).values_list("description", flat=True)) == [OPEN]
    dropped = action(accepted, OTHER)
    assert (dropped.carried_to, dropped.status, dropped.status_label) == (None, "dropped", "Dropped")
    assert action(accepted, DONE).carried_to is None
    assert action(accepted).carried_to == action(new)


# Completion files


def test_a_completion_file_is_kept_with_the_action(accepted, contributor, media):
    evidence = add_file(action(accepted), contributor, pdf_upload("policy-agreed.pdf"))
    evidence.refresh_from_db()
    assert (evidence.action, evidence.original_name, evidence.content_type, evidence.uploaded_by) == (
        action(accepted),
        "policy-agreed.pdf",
        "application/pdf",
        contributor,
    )
    assert evidence.size == (media / evidence.file.name).stat().st_size > 0
    assert evidence.file.name.startswith(f"completion/{accepted.pk}/")
    assert evidence.file.name.endswith(".pdf") and "policy-agreed" not in evidence.file.name


def test_deleting_a_completion_file_removes_it_from_storage_once_committed(
    accepted, trust_lead, media, django_capture_on_commit_callbacks
):
    evidence = add_file(action(accepted), trust_lead)
    stored = media / evidence.file.name
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        delete_file(evidence, trust_lead)
    assert not CompletionFile.objects.filter(pk=evidence.pk).exists()
    assert stored.exists()  # until the deletion commits, a rollback could still need it
    for callback in callbacks:
        callback()
    assert not stored.exists()


def test_adding_and_removing_a_completion_file_are_events_of_the_plan(accepted, contributor, media):
    evidence = add_file(action(accepted), contributor, pdf_upload("policy-agreed.pdf"))
    delete_file(evidence, contributor)
    events = Event.objects.filter(assessment=accepted, kind=EventKind.ACTION_PROGRESS).order_by("pk")
    values = {"name": "Connie Contributor", "file": "policy-agreed.pdf", "code": "S1", "action": OPEN}
    assert [(e.actor, e.note) for e in events] == [
        (contributor, FILE_ADDED_EVENT.format(**values)),
        (contributor, FILE_DELETED_EVENT.format(**values)),
    ]
    assert events[0].note == (
        "Connie Contributor added 'policy-agreed.pdf' as evidence that S1's action "
        "'Agree a supervision policy.' is done."
    )


def test_a_completion_file_waits_until_the_plan_is_live(assessment, trust_lead, media):
    s1 = assessment.responses.get(standard__code="S1")
    answer(s1, trust_lead, level_code="partially-met")
    action_create(response=s1, actor=trust_lead, data=action_data(description=OPEN))
    error = refused(add_file, action(assessment), trust_lead)
    assert error.messages == [PLAN_NOT_LIVE.format(status="draft")]
    assert not CompletionFile.objects.exists()
    assert not (media / "completion").exists() or not any((media / "completion").rglob("*.*"))


def test_a_refused_deletion_keeps_the_file(accepted, partnership, version, trust_lead, media):
    evidence = add_file(action(accepted), trust_lead)
    next_year(partnership, version, trust_lead)  # the action moves on: its file stays with the accepted plan
    evidence = CompletionFile.objects.get(pk=evidence.pk)
    assert refused(delete_file, evidence, trust_lead).messages == [ACTION_MOVED.format(period="2027/28")]
    assert CompletionFile.objects.filter(pk=evidence.pk).exists()
    assert (media / evidence.file.name).exists()
