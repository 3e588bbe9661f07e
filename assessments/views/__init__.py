from .assessment import (
    assessment_activity,
    assessment_check,
    assessment_overview,
    assessment_sign_off,
    assessment_start,
    assessment_submit,
    assessment_submitted,
)
from .dashboard import dashboard
from .partnership import invitation_accept, invitation_create, partnership_detail, team_delete, team_edit
from .standard import (
    action_delete,
    action_edit,
    evidence_delete,
    evidence_download,
    response_edit,
    response_history,
)

__all__ = [
    "action_delete",
    "action_edit",
    "assessment_activity",
    "assessment_check",
    "assessment_overview",
    "assessment_sign_off",
    "assessment_start",
    "assessment_submit",
    "assessment_submitted",
    "dashboard",
    "evidence_delete",
    "evidence_download",
    "invitation_accept",
    "invitation_create",
    "partnership_detail",
    "response_edit",
    "response_history",
    "team_delete",
    "team_edit",
]
