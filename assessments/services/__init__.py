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
from .plan import (
    ProgressData,
    action_progress,
    completion_file_add,
    completion_file_delete,
    interim_rating_record,
)
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
    "ProgressData",
    "ResponseData",
    "StaleEdit",
    "ViewData",
    "WorkflowError",
    "action_create",
    "action_delete",
    "action_progress",
    "action_update",
    "assessment_accept",
    "assessment_return",
    "assessment_sign_off",
    "assessment_start",
    "assessment_submit",
    "assessment_take",
    "completion_file_add",
    "completion_file_delete",
    "evidence_add",
    "evidence_delete",
    "interim_rating_record",
    "latest_accepted",
    "next_free_period",
    "partner_view_save",
    "partner_views_reveal",
    "response_save",
]
