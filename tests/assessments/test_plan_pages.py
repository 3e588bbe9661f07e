"""The living action plan's pages: the plan, an action's progress, its completion files and an interim rating.

Tara (trust lead) and her colleagues' 2026/27 assessment is accepted by BASW with three actions: two on S1
(partially met) and one on S2. The plan moves through the year; the answers stay as accepted.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.forms.evidence import FILE_TYPE_REFUSED
from assessments.models import ActionNote, ActionStatus, CompletionFile, InterimRating, RatingMode
from assessments.services import ProgressData, action_progress, assessment_start
from assessments.services.plan import (
    ACTION_MOVED,
    DROPPED_NEEDS_REASON,
    INTERIM_NEEDS_DONE,
    INTERIM_NEEDS_NOTE,
    PLAN_NOT_LIVE,
)
from assessments.views.plan import FILE_REMOVED, INTERIM_SAVED

from .page_helpers import PDF, errors_in_summary, page, pdf_upload, url
from .plan_helpers import (
    AMHP_ROTA,
    SUPERVISION_AUDIT,
    SUPERVISION_POLICY,
    accepted_plan,
    action_of,
    grow_plan,
    progress_post,
    progress_url,
    words,
)
from .service_helpers import membership

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media")]


@pytest.fixture
def accepted(assessment, leads, officer):
    return accepted_plan(assessment, leads, officer)


def record(action, actor, status, note="", reason=""):
    return action_progress(
        action=action,
        actor=actor,
        membership=membership(actor),
        data=ProgressData(status=status, note=note, dropped_reason=reason),
    )


def as_person(person):
    client = Client()
    client.force_login(person)
    return client


# The plan page


def test_the_plan_lists_each_standards_actions_in_task_list_order_with_how_the_plan_is_getting_on(
    lead_client, accepted, trust_lead
):
    policy, audit, rota = (action_of(accepted, d) for d in (SUPERVISION_POLICY, SUPERVISION_AUDIT, AMHP_ROTA))
    record(policy, trust_lead, ActionStatus.DONE, note="Policy agreed at the March board.")
    record(rota, trust_lead, ActionStatus.DROPPED, reason="The council now runs the rota alone.")
    type(audit).objects.filter(pk=audit.pk).update(due_date=timezone.localdate() - timedelta(days=3))

    response = lead_client.get(url("plan", accepted.pk))

    text = words(response)  # a standard's actions by due date: the overdue audit first
    assert text.index("S1 Practice 1") < text.index(SUPERVISION_AUDIT) < text.index(SUPERVISION_POLICY)
    assert text.index(SUPERVISION_POLICY) < text.index("S2 Practice 2") < text.index(AMHP_ROTA)
    summary = words(response, '<dl class="plan-summary', "</dl>")
    assert summary == "Done 1 In progress 0 Not started 1 Overdue 1 (not done, past their due date) Dropped 1"
    assert "Status Dropped: The council now runs the rota alone." in text
    assert f"Latest note Policy agreed at the March board. {timezone.localdate():%-d %b %Y}, Tara Trustlead" in text
    assert "Status Overdue Not started" in text
    html = page(response)
    assert url("action_progress", accepted.pk, audit.pk) in html
    assert "/s75-review-pack.pdf" in html and "/s75-review-pack.xlsx" in html


def test_a_progress_note_appears_on_the_plan_with_its_author_and_date(accepted, contributor):
    audit = action_of(accepted, SUPERVISION_AUDIT)
    client = as_person(contributor)

    response = client.post(progress_url(accepted, audit), progress_post(note="First quarter's audit is booked."))

    assert response.status_code == 302 and response.url.endswith(f"/plan/#action-{audit.pk}")
    audit.refresh_from_db()
    assert audit.status == ActionStatus.IN_PROGRESS
    note = ActionNote.objects.get(action=audit)
    assert (note.text, note.written_by, note.status) == ("First quarter's audit is booked.", contributor, "in_progress")
    text = words(client.get(url("plan", accepted.pk)))
    assert f"First quarter's audit is booked. {timezone.localdate():%-d %b %Y}, Connie Contributor" in text


def test_the_progress_page_lists_notes_newest_first_and_the_history_of_the_status(lead_client, accepted, trust_lead):
    policy = action_of(accepted, SUPERVISION_POLICY)
    record(policy, trust_lead, ActionStatus.IN_PROGRESS, note="Draft written.")
    record(policy, trust_lead, ActionStatus.DONE, note="Agreed at the board.")

    text = page(lead_client.get(progress_url(accepted, policy)))

    assert text.index("Agreed at the board.") < text.index("Draft written.")
    history = text[text.index('id="status-history"') :]
    assert history.index("<td>Done</td>") < history.index("<td>In progress</td>") < history.index("<td>Not started")
    for label in ("Status", "Why it is dropped", "Progress note", "New due date", "Evidence it was done"):
        assert label in text
    assert "Save progress" in text


def test_dropping_an_action_without_a_reason_shows_the_message_and_changes_nothing(lead_client, accepted):
    rota = action_of(accepted, AMHP_ROTA)

    response = lead_client.post(progress_url(accepted, rota), progress_post(status="dropped", note="Not needed."))

    assert response.status_code == 200
    assert DROPPED_NEEDS_REASON in errors_in_summary(response)
    rota.refresh_from_db()
    assert (rota.status, rota.dropped_reason) == (ActionStatus.NOT_STARTED, "")
    assert not ActionNote.objects.filter(action=rota).exists()


def test_a_dropped_action_keeps_its_reason_and_the_plan_shows_it(lead_client, accepted):
    rota = action_of(accepted, AMHP_ROTA)

    lead_client.post(progress_url(accepted, rota), progress_post(status="dropped", dropped_reason="Rota moved."))

    rota.refresh_from_db()
    assert (rota.status, rota.dropped_reason) == (ActionStatus.DROPPED, "Rota moved.")
    assert "Dropped: Rota moved." in words(lead_client.get(url("plan", accepted.pk)))


def test_a_new_due_date_is_kept(lead_client, accepted):
    audit = action_of(accepted, SUPERVISION_AUDIT)
    new_due = timezone.localdate() + timedelta(days=200)

    lead_client.post(progress_url(accepted, audit), progress_post(due_date=new_due.isoformat()))

    audit.refresh_from_db()
    assert (audit.due_date, audit.status) == (new_due, ActionStatus.IN_PROGRESS)


# Completion files


def test_a_fake_pdf_is_refused_with_the_evidence_message_and_nothing_changes(lead_client, accepted):
    policy = action_of(accepted, SUPERVISION_POLICY)
    fake = pdf_upload("proof.pdf", content=b"MZ\x90\x00 this is a program, not a PDF")

    response = lead_client.post(
        progress_url(accepted, policy), {**progress_post(status="done", note="Done."), "completion_file": fake}
    )

    assert response.status_code == 200
    assert FILE_TYPE_REFUSED in errors_in_summary(response)
    policy.refresh_from_db()
    assert policy.status == ActionStatus.NOT_STARTED
    assert not CompletionFile.objects.exists() and not ActionNote.objects.exists()


def test_a_completion_file_is_kept_with_the_progress_and_downloads_as_an_attachment(
    lead_client, accepted, trust_lead, manager, outsider, media
):
    policy = action_of(accepted, SUPERVISION_POLICY)

    response = lead_client.post(
        progress_url(accepted, policy),
        {**progress_post(status="done", note="Signed policy attached."), "completion_file": pdf_upload("policy.pdf")},
    )

    assert response.status_code == 302
    kept = CompletionFile.objects.get(action=policy)
    assert (kept.original_name, kept.content_type, kept.uploaded_by) == ("policy.pdf", "application/pdf", trust_lead)
    assert (media / kept.file.name).read_bytes() == PDF
    policy.refresh_from_db()
    assert policy.status == ActionStatus.DONE
    assert "policy.pdf" in page(lead_client.get(url("plan", accepted.pk)))

    download = as_person(manager).get(url("completion_file", accepted.pk, kept.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="policy.pdf"'
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert b"".join(download.streaming_content) == PDF
    assert as_person(outsider).get(url("completion_file", accepted.pk, kept.pk)).status_code == 404


def test_a_file_alone_is_kept_without_recording_a_change(lead_client, accepted):
    audit = action_of(accepted, SUPERVISION_AUDIT)

    response = lead_client.post(
        progress_url(accepted, audit), {**progress_post(status="not_started"), "completion_file": pdf_upload()}
    )

    assert response.status_code == 302
    assert CompletionFile.objects.filter(action=audit).count() == 1
    assert not ActionNote.objects.exists()


def test_a_completion_file_is_removed_by_someone_who_may_record_progress_only(lead_client, accepted, manager):
    audit = action_of(accepted, SUPERVISION_AUDIT)
    lead_client.post(progress_url(accepted, audit), {**progress_post(note="Audit 1."), "completion_file": pdf_upload()})
    kept = CompletionFile.objects.get(action=audit)
    delete = url("completion_file_delete", accepted.pk, kept.pk)

    assert as_person(manager).post(delete).status_code == 403
    assert lead_client.get(delete).status_code == 405
    assert CompletionFile.objects.filter(pk=kept.pk).exists()

    response = lead_client.post(delete, follow=True)
    assert FILE_REMOVED.format(name="minutes.pdf") in page(response)
    assert not CompletionFile.objects.filter(pk=kept.pk).exists()


# Interim ratings


def test_a_lead_records_an_interim_rating_once_every_action_on_the_standard_is_done(
    lead_client, accepted, trust_lead, contributor
):
    rota = action_of(accepted, AMHP_ROTA)
    interim = url("interim", accepted.pk, "S2")
    assert INTERIM_NEEDS_DONE.format(code="S2") in page(lead_client.get(interim))
    lead_client.post(interim, {"rating": "largely-met", "note": "Early."})
    assert not InterimRating.objects.exists()

    record(rota, trust_lead, ActionStatus.DONE, note="Rota published.")
    plan_text = page(lead_client.get(url("plan", accepted.pk)))
    assert "Record an interim rating" in plan_text and interim in plan_text
    assert interim not in page(as_person(contributor).get(url("plan", accepted.pk)))

    response = lead_client.post(interim, {"rating": "largely-met", "note": ""})
    assert INTERIM_NEEDS_NOTE in errors_in_summary(response)
    assert not InterimRating.objects.exists()

    weekly = "The rota is published weekly."
    response = lead_client.post(interim, {"rating": "largely-met", "note": weekly}, follow=True)
    saved = InterimRating.objects.get()
    assert (saved.rating.code, saved.note, saved.recorded_by) == ("largely-met", weekly, trust_lead)
    text = words(response)
    assert INTERIM_SAVED.format(code="S2", rating="largely met") in text
    assert "Interim rating: Largely met, recorded" in text and "The rota is published weekly." in text


def test_the_interim_rating_page_refuses_someone_who_is_not_a_lead(accepted, contributor, trust_lead):
    from assessments.access import NOT_A_LEAD_INTERIM

    record(action_of(accepted, AMHP_ROTA), trust_lead, ActionStatus.DONE)
    response = as_person(contributor).post(url("interim", accepted.pk, "S2"), {"rating": "fully-met", "note": "x"})
    assert response.status_code == 403
    assert NOT_A_LEAD_INTERIM in page(response)
    assert not InterimRating.objects.exists()


# The plan before acceptance, and after carrying forward


def test_a_drafts_plan_is_read_only_and_its_progress_page_says_why(lead_client, assessment, trust_lead, s1):
    from assessments.services import action_create

    from .service_helpers import action_data

    action = action_create(response=s1, actor=trust_lead, data=action_data(description=SUPERVISION_POLICY))

    text = page(lead_client.get(url("plan", assessment.pk)))
    assert "progress on its actions is recorded here once BASW accepts it" in text
    assert SUPERVISION_POLICY in text and url("action_progress", assessment.pk, action.pk) not in text
    assert "s75-review-pack" not in text

    response = lead_client.post(progress_url(assessment, action), progress_post(note="Too soon."))
    assert response.status_code == 403
    assert PLAN_NOT_LIVE.format(status="draft") in page(response)
    assert not ActionNote.objects.exists()


def test_an_action_carried_forward_is_recorded_on_the_later_assessment(lead_client, accepted, partnership, trust_lead):
    later = assessment_start(
        partnership=partnership,
        period="2027/28",
        version=accepted.version,
        actor=trust_lead,
        carry_forward=True,
        rating_mode=RatingMode.TOGETHER,
    )
    audit = action_of(accepted, SUPERVISION_AUDIT)
    assert audit.carried_to is not None and audit.carried_to.response.assessment == later

    text = page(lead_client.get(url("plan", accepted.pk)))
    assert "Carried forward to 2027/28" in text
    assert url("action_progress", accepted.pk, audit.pk) not in text

    response = lead_client.post(progress_url(accepted, audit), progress_post(note="Old copy."))
    assert response.status_code == 403
    assert ACTION_MOVED.format(period="2027/28") in page(response)
    assert not ActionNote.objects.exists()


# The task list and the standard page of an accepted assessment


def test_the_task_list_of_an_accepted_assessment_links_to_the_plan_and_the_review_pack(lead_client, accepted):
    text = page(lead_client.get(url("overview", accepted.pk)))
    assert f'href="{url("plan", accepted.pk)}">Action plan: record progress</a>' in text
    assert "/s75-review-pack.pdf" in text and "/s75-review-pack.xlsx" in text


def test_a_drafts_task_list_has_no_plan_link(lead_client, assessment):
    text = page(lead_client.get(url("overview", assessment.pk)))
    assert "Action plan: record progress" not in text and "s75-review-pack" not in text


def test_the_standard_page_of_an_accepted_assessment_shows_progress_and_links_to_record_it(
    lead_client, accepted, trust_lead, manager
):
    policy, rota = action_of(accepted, SUPERVISION_POLICY), action_of(accepted, AMHP_ROTA)
    record(policy, trust_lead, ActionStatus.IN_PROGRESS, note="Draft policy out for comment.")
    record(rota, trust_lead, ActionStatus.DROPPED, reason="The council runs it.")

    s1 = page(lead_client.get(url("standard", accepted.pk, "S1")))
    assert "Draft policy out for comment." in s1
    assert url("action_progress", accepted.pk, policy.pk) in s1
    assert "Dropped: The council runs it." in words(lead_client.get(url("standard", accepted.pk, "S2")))
    assert url("action_progress", accepted.pk, policy.pk) not in page(
        as_person(manager).get(url("standard", accepted.pk, "S1"))
    )


# Queries


PLAN_MAX_QUERIES = 12


def test_the_plan_page_reads_the_same_queries_at_three_times_the_actions(
    lead_client, accepted, trust_lead, django_assert_num_queries
):
    """Every standard with one action (each with notes, a completion file and an interim rating), then three."""
    path = url("plan", accepted.pk)
    grow_plan(accepted, per_standard=1, author=trust_lead)
    lead_client.get(path)  # warm anything cached per process, as a real server would be
    with CaptureQueriesContext(connection) as small:
        assert lead_client.get(path).status_code == 200
    assert len(small) <= PLAN_MAX_QUERIES

    grow_plan(accepted, per_standard=2, author=trust_lead, start=1)
    with django_assert_num_queries(len(small)):
        response = lead_client.get(path)
    actions = 3 + 3 * accepted.responses.count()
    assert page(response).count('class="card mb-2" id="action-') == actions
    print(f"plan: {len(small)} queries at {actions - 2 * accepted.responses.count()} and {actions} actions")


def test_the_standard_page_of_an_accepted_plan_reads_the_same_queries_at_three_times_its_actions(
    lead_client, accepted, trust_lead, django_assert_num_queries
):
    """The standard page lists its actions with their notes, files and the interim rating: flat in queries."""
    code = accepted.responses.order_by("standard__source_order").first().standard.code
    path = url("standard", accepted.pk, code)
    grow_plan(accepted, per_standard=1, author=trust_lead)
    lead_client.get(path)
    with CaptureQueriesContext(connection) as small:
        assert lead_client.get(path).status_code == 200
    grow_plan(accepted, per_standard=2, author=trust_lead, start=1)
    with django_assert_num_queries(len(small)):
        assert lead_client.get(path).status_code == 200
