"""Builders for the living plan's page specs: an accepted assessment with actions, the progress form as a person
sends it, and a plan grown to any size directly in the database (for the query counts)."""

import re
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone

from assessments.models import Action, ActionNote, CompletionFile, InterimRating, Response, Status
from assessments.services import action_create

from .page_helpers import PDF, page, url
from .service_helpers import action_data, answer, drive_to

SUPERVISION_POLICY = "Agree a supervision policy for seconded social workers."
SUPERVISION_AUDIT = "Audit supervision records every quarter."
AMHP_ROTA = "Publish the AMHP rota with the council."
# The actions of the accepted plan, by standard: S1 has two, S2 one; every other standard is fully met.
PLAN = {"S1": [SUPERVISION_POLICY, SUPERVISION_AUDIT], "S2": [AMHP_ROTA]}


def accepted_plan(assessment, leads, officer, plan=PLAN):
    """The draft with `plan`'s actions (their standards partially met), then signed off, submitted and accepted
    by BASW through the services: its plan is live."""
    for code, descriptions in plan.items():
        response = Response.objects.get(assessment=assessment, standard__code=code)
        answer(response, leads[0], "partially-met")
        for description in descriptions:
            action_create(response=response, actor=leads[0], data=action_data(description=description))
    accepted = drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)
    accepted.refresh_from_db()
    assert accepted.status == Status.ACCEPTED
    return accepted


def action_of(assessment, description) -> Action:
    return Action.objects.get(response__assessment=assessment, description=description)


def progress_url(assessment, action):
    return url("action_progress", assessment.pk, action.pk)


def progress_post(**fields):
    """The progress form as a person sends it: by default, the action in progress with nothing else."""
    data = {"status": "in_progress", "dropped_reason": "", "note": "", "due_date": ""}
    data.update(fields)
    return data


def words(response, start=None, end=None):
    """The page's text as a person reads it (no tags, one space between words), optionally from the element
    whose markup holds `start` to the next `end`."""
    text = page(response)
    if start is not None:
        text = text[text.index(start) :]
        text = text[: text.index(end)] if end else text
    return " ".join(re.sub(r"<[^>]+>", " ", text).split())


def grow_plan(assessment, *, per_standard, author, start=0):
    """Give every standard `per_standard` more actions, each with two notes and a completion file, and an interim
    rating, directly in the database (as a plan looks late in the year); the plan page should read them all in the
    same queries."""
    top = assessment.version.rating_levels.order_by("-score").first()
    for response in Response.objects.filter(assessment=assessment):
        InterimRating.objects.create(response=response, rating=top, note="Better.", recorded_by=author)
        for i in range(start, start + per_standard):
            action = Action.objects.create(
                response=response,
                description=f"Action {i} on {response.pk}",
                owner_name="Sam Owner",
                owner_role="PSW",
                owner=author if i % 2 else None,
                responsible_organisation=assessment.partnership.trust if i % 2 else None,
                due_date=timezone.localdate() + timedelta(days=i - 3),
                status=["not_started", "in_progress", "done", "dropped"][i % 4],
                dropped_reason="No longer needed." if i % 4 == 3 else "",
            )
            for text in ("Started.", "Half way."):
                ActionNote.objects.create(action=action, text=text, status=action.status, written_by=author)
            completion = CompletionFile(
                action=action,
                original_name=f"done-{i}.pdf",
                content_type="application/pdf",
                size=len(PDF),
                uploaded_by=author,
            )
            completion.file.save(f"done-{i}.pdf", ContentFile(PDF), save=False)
            completion.save()
