"""Presentation helpers for the second-factor pages. They ask assessments.access; no rule lives here."""

from django import template
from django.conf import settings

from ..access import mfa_required_for

register = template.Library()


@register.simple_tag(takes_context=True)
def second_factor_required(context) -> bool:
    """Whether the person viewing the page is held to having a second factor (and enforcement is on), so the
    Security pages can say why they must set one up, and what removing their last one means."""
    request = context.get("request")
    user = getattr(request, "user", None)
    return bool(user is not None and settings.MFA_ENFORCED and mfa_required_for(user))
