"""The partnership's and BASW's forms. They collect input; the rules live in the services."""

from .answers import JOINT, NOT_APPLICABLE, ActionForm, ResponseForm
from .assessment import AssessmentStartForm, SignOffForm
from .evidence import EvidenceFileForm, detect_evidence_type
from .invitations import AcceptInvitationForm, InvitationForm
from .partner_views import PartnerViewForm
from .plan import ActionProgressForm, InterimRatingForm
from .review import AcceptForm, AgreeRemainingForm, ReplyForm, ReturnForm, ReviewStandardForm, TakeOverForm
from .teams import TeamForm
from .timeline import TimelineEventForm

__all__ = [
    "JOINT",
    "NOT_APPLICABLE",
    "AcceptForm",
    "AcceptInvitationForm",
    "AgreeRemainingForm",
    "ActionForm",
    "ActionProgressForm",
    "AssessmentStartForm",
    "EvidenceFileForm",
    "InterimRatingForm",
    "InvitationForm",
    "PartnerViewForm",
    "ReplyForm",
    "ResponseForm",
    "ReturnForm",
    "ReviewStandardForm",
    "SignOffForm",
    "TakeOverForm",
    "TeamForm",
    "TimelineEventForm",
    "detect_evidence_type",
]
