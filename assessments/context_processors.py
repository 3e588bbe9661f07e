"""What every page's header needs to know about the person, read at most once per request."""

from django.utils.functional import SimpleLazyObject

from standards.models import VersionStatus

from .access import is_officer
from .models import RatingMode, ReviewState, Status
from .scoring import Divergence


def officer(request):
    """`header_officer` for base.html: lazy, so a page that never shows the header pays nothing.

    `is_officer` keeps its answer on the request's user, so views and the header share one query.
    """
    return {"header_officer": SimpleLazyObject(lambda: is_officer(request.user))}


def workflow(request):
    """The status choices, so templates compare `assessment.status == Status.ACCEPTED`, never a bare string."""
    return {
        "Status": Status,
        "ReviewState": ReviewState,
        "VersionStatus": VersionStatus,
        "RatingMode": RatingMode,
        "Divergence": Divergence,
    }
