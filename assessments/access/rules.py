"""The rules of who may do what, as refusals: each function says why a person may not (None when they may).

Pure decisions over what the caller has read (a membership, an assessment's status): the views turn a refusal
into a 403 (`deny`) and the services into a WorkflowError, so both give the same reason. The scoped querysets
and AssessmentAccess, which read the database, are in the package's __init__.
"""

from django.core.exceptions import PermissionDenied

from ..models import SENT_TO_BASW_STATUSES, Act, Assessment, Membership, Partnership, Role, status_allows

NOT_EDITABLE_STATUS = "This assessment is {status}: the partnership cannot change it now."
NOT_AN_EDITOR = "Your role ({role}) can read this assessment but not change it."
NOT_A_LEAD = "Only a governance lead of the trust or a partner council can do this."
NOT_AN_OFFICER = "Only a BASW officer can do this."
INVITE_ONLY_OWN_ORG = "You can only invite colleagues to an organisation where you are a governance lead."
# Partners' own views (assessments whose partners rate first).
NOT_RATING_APART = "This assessment is rated together: the partners give one joint rating, not views of their own."
NOT_A_VIEW_EDITOR = (
    "Only the leads and contributors of a partner organisation give its own view. Your role ({role}) can read the "
    "views."
)
AGREE_AFTER_VIEWS = (
    "Agree the joint answer once every partner has given its own view of this standard, or once a lead has shown "
    "every partner's views for a joint meeting."
)
NOT_A_PARTNER_VIEW = (
    "Only the trust and the partner councils of this partnership give their own views of its standards."
)
ALREADY_REVEALED = "Every partner's views are already shown."
NOT_A_LEAD_REVEAL = "Only a governance lead of the trust or a partner council can show every partner's views."
# The living action plan (after acceptance).
NOT_A_PLAN_EDITOR = (
    "Only the partnership's leads and contributors, or the action's owner, record progress on it. Your role "
    "({role}) can read the plan."
)
PLAN_NOT_LIVE = (
    "The action plan moves once BASW has accepted the assessment; this one is {status}, so change the action itself."
)
ACTION_MOVED = "This action was carried forward to {period}: record its progress there."
NOT_A_LEAD_INTERIM = "Only a governance lead of the trust or a partner council can record an interim rating."
# Who may review: an officer not in the partnership; and, once taken, only the officer holding the review.
NOT_AN_OFFICER_TAKE = "Only a BASW officer can take an assessment for review."
OFFICER_IS_PARTNER = "You belong to this partnership, so you cannot review its assessment."
NOT_TAKEN_YET = "Take this assessment for review first: then you can record your review, return or accept it."
NOT_YOUR_REVIEW = "Only the officer reviewing this assessment ({reviewer}) can do this."


def officer_refusal(*, officer: bool, partner: bool) -> str | None:
    """Why this person may not review this partnership's assessments at all (take, take over); None when they may."""
    if not officer:
        return NOT_AN_OFFICER_TAKE
    if partner:
        return OFFICER_IS_PARTNER
    return None


def reviewer_refusal(user, assessment: Assessment, *, officer: bool, partner: bool) -> str | None:
    """Why this person may not act on this assessment's review (record, return, accept); None for its reviewer."""
    refusal = officer_refusal(officer=officer, partner=partner)
    if refusal:
        return refusal
    if assessment.reviewer_id is None:
        return NOT_TAKEN_YET
    if assessment.reviewer_id != user.pk:
        return NOT_YOUR_REVIEW.format(reviewer=assessment.reviewer.full_name)
    return None


def editor_refusal(membership: Membership | None) -> str | None:
    """Why this membership may not change a partnership's answers, teams or assessments; None when it may."""
    if membership is not None and membership.can_edit:
        return None
    return NOT_AN_EDITOR.format(role=membership.get_role_display() if membership else "BASW officer")


def deny(refusal: str | None) -> None:
    """Turn a refusal into a 403 that tells the person why; nothing when there is none."""
    if refusal:
        raise PermissionDenied(refusal)


def require_editor(membership: Membership | None) -> None:
    """For pages of the partnership itself (starting an assessment, its teams): leads and contributors."""
    deny(editor_refusal(membership))


def invite_refusal(membership: Membership | None) -> str | None:
    """Governance leads invite colleagues to their own organisation; None when this membership may."""
    if membership is not None and membership.role == Role.LEAD:
        return None
    return INVITE_ONLY_OWN_ORG


def sign_off_refusal(membership: Membership | None, partnership: Partnership) -> str | None:
    """Only a governance lead of the trust or of a partner council signs off, for their own organisation."""
    partner_ids = {organisation.pk for organisation in partnership.partner_organisations()}
    if membership is None or membership.role != Role.LEAD or membership.organisation_id not in partner_ids:
        return NOT_A_LEAD
    return None


def partner_view_refusal(membership: Membership | None, assessment: Assessment) -> str | None:
    """Why this person may not give their organisation's own view of a standard now; None when they may.

    A partner's view is its own leads' and contributors' to write (the organisation is always the person's
    own: partner_membership), while the assessment is open for edits and its partners rate first.
    """
    if not assessment.partners_rate_first:
        return NOT_RATING_APART
    if membership is None or not membership.can_edit:
        return NOT_A_VIEW_EDITOR.format(role=membership.get_role_display() if membership else "BASW officer")
    if membership.organisation_id not in {o.pk for o in assessment.partnership.partner_organisations()}:
        return NOT_A_PARTNER_VIEW  # the view would be filed under an organisation outside the partnership
    if not status_allows(assessment.status, Act.EDIT):
        return NOT_EDITABLE_STATUS.format(status=assessment.get_status_display().lower())
    return None


def partner_views_open(assessment: Assessment, *, all_given: bool) -> bool:
    """Whether every partner's view of a standard is shown to everyone who may see the assessment.

    So they are once every partner has given its own, once a lead has shown them all for a joint meeting, and
    once the assessment has gone to BASW. Until then each partner sees only its own (partner_view_shown).
    Pages, exports, the PDF and the history all ask here.
    """
    return all_given or assessment.views_revealed_at is not None or assessment.status in SENT_TO_BASW_STATUSES


def partner_view_shown(*, open: bool, viewer_organisation_id: int | None, organisation_id: int, given_ids) -> bool:
    """Whether one partner's view is shown to a person of `viewer_organisation_id` (None: nobody's own, e.g. a
    shared PDF). A partner sees its own view, and the others' once it has given its own (`given_ids`)."""
    if open:
        return True
    if viewer_organisation_id is None:
        return False
    return organisation_id == viewer_organisation_id or viewer_organisation_id in given_ids


def agreement_refusal(assessment: Assessment, *, all_given: bool) -> str | None:
    """Why the joint answer to a standard cannot be agreed yet (partners rating first); None when it can."""
    if assessment.partners_rate_first and not partner_views_open(assessment, all_given=all_given):
        return AGREE_AFTER_VIEWS
    return None


def reveal_refusal(membership: Membership | None, assessment: Assessment) -> str | None:
    """Why this person may not show every partner's views at once; None for a partner's lead while it may."""
    if not assessment.partners_rate_first:
        return NOT_RATING_APART
    if sign_off_refusal(membership, assessment.partnership):
        return NOT_A_LEAD_REVEAL
    if not status_allows(assessment.status, Act.EDIT):
        return NOT_EDITABLE_STATUS.format(status=assessment.get_status_display().lower())
    if assessment.views_revealed_at is not None:
        return ALREADY_REVEALED
    return None


def progress_refusal(user, membership: Membership | None, action) -> str | None:
    """Why this person may not record progress on this action of the plan; None when they may.

    The partnership's leads and contributors may, and the action's owner when the owner has an account
    (whatever their role). Managers and BASW officers read the plan. Whether the plan is live (the assessment
    accepted) is the status table's (Act.PROGRESS), checked with it by the services.
    """
    if action.owner_id is not None and user.is_authenticated and action.owner_id == user.pk and membership:
        return None
    if membership is not None and membership.can_edit:
        return None
    return NOT_A_PLAN_EDITOR.format(role=membership.get_role_display() if membership else "BASW officer")


def plan_refusal(assessment: Assessment, action=None) -> str | None:
    """Why the plan (or this action of it) does not move now, whoever asks: not accepted yet, or the action was
    carried forward to a later assessment (its progress is recorded there). None when it moves."""
    if not status_allows(assessment.status, Act.PROGRESS):
        return PLAN_NOT_LIVE.format(status=assessment.get_status_display().lower())
    if action is not None and action.carried_to_id is not None:
        return ACTION_MOVED.format(period=action.carried_to.response.assessment.period)
    return None


def interim_refusal(membership: Membership | None, partnership: Partnership) -> str | None:
    """An interim rating is a governance lead's (of the trust or a partner council) to record; None when they may."""
    return NOT_A_LEAD_INTERIM if sign_off_refusal(membership, partnership) else None


NOT_A_PROFILE_EDITOR = (
    "Only a governance lead of the trust or a partner council can change the partnership's profile. "
    "Your role ({role}) can read it."
)


def profile_refusal(membership: Membership | None) -> str | None:
    """A partnership's profile (arrangement, stage, employment, agreement dates) is its governance leads' to change.

    Contributors and managers read it; None when this membership may change it.
    """
    if membership is not None and membership.role == Role.LEAD:
        return None
    return NOT_A_PROFILE_EDITOR.format(role=membership.get_role_display() if membership else "none")


def may_edit_profile(membership: Membership | None) -> bool:
    return profile_refusal(membership) is None


def require_profile_editor(membership: Membership | None) -> None:
    deny(profile_refusal(membership))


# The integration timeline (models/records.py TimelineEvent): dated events its governance leads record.
NOT_A_TIMELINE_EDITOR = (
    "Only a governance lead of the trust or a partner council records the partnership's integration timeline. "
    "Your role ({role}) can read it."
)


def timeline_refusal(membership: Membership | None) -> str | None:
    """The timeline is its governance leads' (the trust's and each council's) to record, change and remove.

    `membership` is the person's at the trust or a partner council (partner_membership); contributors, managers
    and BASW officers read the timeline. None when this membership may record.
    """
    if membership is not None and membership.role == Role.LEAD:
        return None
    return NOT_A_TIMELINE_EDITOR.format(role=membership.get_role_display() if membership else "BASW officer")


# --- The frontline pulse -------------------------------------------------------------------------------------
NOT_A_LEAD_PULSE = "Only a governance lead of the trust or a partner council can run the frontline pulse."
PULSE_NOT_NOW = (
    "This assessment is {status}: a frontline pulse is opened, and invited to, while the partnership writes it."
)
PULSE_RESULTS_HIDDEN = (
    "The frontline pulse's results are for the partnership's members, and for BASW once the assessment is sent."
)
PULSE_COMMENTS_LEADS_ONLY = "Only the partnership's governance leads read the frontline's comments."


def pulse_run_refusal(membership: Membership | None, assessment: Assessment) -> str | None:
    """Why this person may not open a pulse for this assessment, invite to it or close it; None for a lead of a
    partner while the assessment is being written (Act.PULSE)."""
    if membership is None or membership.role != Role.LEAD:
        return NOT_A_LEAD_PULSE
    if not status_allows(assessment.status, Act.PULSE):
        return PULSE_NOT_NOW.format(status=assessment.get_status_display().lower())
    return None


def pulse_results_refusal(membership: Membership | None, assessment: Assessment, *, officer: bool) -> str | None:
    """Who reads a pulse's results: every member of the partnership's organisations (any role), and BASW's
    officers once the assessment has been sent to BASW."""
    if membership is not None:
        return None
    if officer and assessment.status in SENT_TO_BASW_STATUSES:
        return None
    return PULSE_RESULTS_HIDDEN


def pulse_comments_refusal(membership: Membership | None) -> str | None:
    """The free-text answers are read, and withheld, by the partnership's leads only."""
    if membership is None or membership.role != Role.LEAD:
        return PULSE_COMMENTS_LEADS_ONLY
    return None
