"""What every page's header needs to know about the person, read at most once per request."""

from django.utils.functional import SimpleLazyObject

from .access import is_officer


def request_is_officer(request) -> bool:
    """Whether the person is a BASW officer, cached on the request so that views and the header share one query."""
    if not hasattr(request, "_is_officer"):
        request._is_officer = is_officer(request.user)
    return request._is_officer


def officer(request):
    """`header_officer` for base.html: lazy, so a page that never shows the header pays nothing."""
    return {"header_officer": SimpleLazyObject(lambda: request_is_officer(request))}
