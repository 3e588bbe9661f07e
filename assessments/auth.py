"""Sign-in: one way to read the email address someone typed, for the password check and the lock-out alike.

People sign in with their email address, matched whatever its case. django-axes counts failures per username
exactly as given, so unless both read the address the same way, `SAM@...` would get fresh attempts while
`sam@...` is locked. `normalise_username` is that one way; the backend and `AXES_USERNAME_CALLABLE` both use it.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


def normalise_username(value) -> str:
    """The email address as stored: surrounding spaces removed, lower case."""
    return str(value or "").strip().lower()


def axes_username(request, credentials) -> str:
    """AXES_USERNAME_CALLABLE: the username axes counts failures against, read as the backend reads it."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        raw = credentials.get(field)
    else:
        raw = getattr(request, "data", request.POST).get(field) if request is not None else None
    return normalise_username(raw)


class EmailBackend(ModelBackend):
    """Django's model backend, given the normalised email address."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None:
            username = kwargs.pop(get_user_model().USERNAME_FIELD, None)
        if username is not None:
            username = normalise_username(username)
        return super().authenticate(request, username=username, password=password, **kwargs)
