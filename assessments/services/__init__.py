"""Every write that matters goes through these functions. Views call them; they never set a status."""

from .answers import (
    ActionData,
    ResponseData,
    action_create,
    action_delete,
    action_update,
    evidence_add,
    evidence_delete,
    response_save,
)
from .errors import StaleEdit, WorkflowError
from .partner_views import ViewData, partner_view_save, partner_views_reveal
from .starting import assessment_start, latest_accepted, next_free_period
from .workflow import (
    assessment_accept,
    assessment_return,
    assessment_sign_off,
    assessment_submit,
    assessment_take,
)

__all__ = [
    "ActionData",
    "ResponseData",
    "StaleEdit",
    "ViewData",
    "WorkflowError",
    "action_create",
    "action_delete",
    "action_update",
    "assessment_accept",
    "assessment_return",
    "assessment_sign_off",
    "assessment_start",
    "assessment_submit",
    "assessment_take",
    "evidence_add",
    "evidence_delete",
    "latest_accepted",
    "next_free_period",
    "partner_view_save",
    "partner_views_reveal",
    "response_save",
]
