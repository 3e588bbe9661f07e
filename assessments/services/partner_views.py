"""Each partner's own view of a standard, and showing every view at once for a joint meeting.

A view is written by its own organisation's leads and contributors (access.partner_view_refusal); like any
edit it clears the sign-offs. Who sees which view is access.partner_view_shown's rule.
"""

from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from standards.models import RatingLevel

from ..access import partner_view_refusal, reveal_refusal
from ..models import Assessment, Event, EventKind, PartnerView, Response
from .answers import NA_AND_RATING, NA_NEEDS_REASON, RATING_NOT_IN_SCALE, _lock_editable, _record_edit
from .errors import StaleEdit, WorkflowError
from .limits import texts_too_long
from .locking import lock_for_change

VIEW_NEEDS_ANSWER = "Choose your organisation's rating, or choose not applicable and say why."
REVEALED_NOTE = "{name} showed every partner's views to all the partners, for a joint meeting."


@dataclass
class ViewData:
    rating: RatingLevel | None
    not_applicable: bool
    not_applicable_reason: str
    comment: str


def _check_view_data(assessment: Assessment, data: ViewData):
    errors = {}
    if data.not_applicable and data.rating is not None:
        errors["rating"] = NA_AND_RATING
    elif not data.not_applicable and data.rating is None:
        errors["rating"] = VIEW_NEEDS_ANSWER
    if data.not_applicable and not data.not_applicable_reason.strip():
        errors["not_applicable_reason"] = NA_NEEDS_REASON
    if data.rating is not None and data.rating.version_id != assessment.version_id:
        errors["rating"] = RATING_NOT_IN_SCALE
    errors.update(texts_too_long(comment=data.comment, not_applicable_reason=data.not_applicable_reason))
    if errors:
        raise WorkflowError(errors)


def _current(response: Response, organisation_id: int) -> PartnerView:
    return PartnerView.objects.select_related("rating", "updated_by").get(
        response=response, organisation_id=organisation_id
    )


@transaction.atomic
def partner_view_save(*, response: Response, actor, membership, lock_version: int, data: ViewData) -> PartnerView:
    """Save the person's organisation's own view of a standard, unless someone there saved it since
    `lock_version` was read (then raise StaleEdit with what they saved). The first save creates the view."""
    assessment = _lock_editable(response.assessment)
    if refusal := partner_view_refusal(membership, assessment):
        raise WorkflowError(refusal)
    _check_view_data(assessment, data)
    organisation_id = membership.organisation_id
    claimed = PartnerView.objects.filter(
        response=response, organisation_id=organisation_id, lock_version=lock_version
    ).update(lock_version=F("lock_version") + 1)
    if claimed == 1:
        view = PartnerView.objects.get(response=response, organisation_id=organisation_id)
    elif not PartnerView.objects.filter(response=response, organisation_id=organisation_id).exists():
        # The first save, whatever lock_version the form held: no view yet, so no colleague's save is lost.
        view = PartnerView(response=response, organisation_id=organisation_id, lock_version=1)
    else:
        raise StaleEdit(_current(response, organisation_id))
    # What is kept: trimmed, and a reason only with not applicable (a form may send one typed then left).
    values = {
        "rating_id": data.rating.pk if data.rating else None,
        "not_applicable": data.not_applicable,
        "not_applicable_reason": data.not_applicable_reason.strip() if data.not_applicable else "",
        "comment": data.comment.strip(),
    }
    changed = view.pk is None or any(getattr(view, field) != value for field, value in values.items())
    for field, value in values.items():
        setattr(view, field, value)
    view.rating = data.rating  # the level already read: the caller's page shows it without a query
    view.updated_by = actor
    view.updated_at = timezone.now()
    view._history_user = actor  # recorded even outside a web request (commands, tests)
    view._change_reason = "view given" if view.pk is None else "view changed"
    try:
        with transaction.atomic():
            view.save()
    except IntegrityError:  # a colleague's first save came in between
        raise StaleEdit(_current(response, organisation_id)) from None
    if changed:
        what = f"{membership.organisation.name}'s own view of {response.standard.code}"
        _record_edit(assessment=assessment, actor=actor, what=what)
    return view


@transaction.atomic
def partner_views_reveal(*, assessment: Assessment, actor, membership) -> Assessment:
    """A lead shows every partner's views to all the partners at once (for a joint meeting); it cannot be undone."""
    locked = lock_for_change(assessment.pk)
    if refusal := reveal_refusal(membership, locked):
        raise WorkflowError(refusal)
    Assessment.objects.filter(pk=locked.pk).update(views_revealed_at=timezone.now(), views_revealed_by=actor)
    Event.objects.create(
        assessment=locked, kind=EventKind.VIEWS_REVEALED, actor=actor, note=REVEALED_NOTE.format(name=actor.full_name)
    )
    assessment.refresh_from_db()
    return assessment
