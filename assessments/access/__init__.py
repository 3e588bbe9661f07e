"""Who may see and change what. Every view starts from these scoped querysets and helpers.

A person sees a partnership's assessments when they hold a membership at the trust or at one of
its councils. BASW officers see every assessment that has been submitted at least once. Anything a
person may not see is a 404, never a 403, so that its existence does not leak.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q
from django.http import Http404

from ..models import (
    SENT_TO_BASW_STATUSES,
    TRANSITIONS,
    Act,
    Assessment,
    Membership,
    OrganisationKind,
    Partnership,
    Role,
    status_allows,
)
from .rules import (
    ACTION_MOVED,
    AGREE_AFTER_VIEWS,
    ALREADY_REVEALED,
    INVITE_ONLY_OWN_ORG,
    NOT_A_LEAD,
    NOT_A_LEAD_INTERIM,
    NOT_A_LEAD_PULSE,
    NOT_A_LEAD_REVEAL,
    NOT_A_PARTNER_VIEW,
    NOT_A_PLAN_EDITOR,
    NOT_A_PROFILE_EDITOR,
    NOT_A_TIMELINE_EDITOR,
    NOT_A_VIEW_EDITOR,
    NOT_AN_EDITOR,
    NOT_AN_OFFICER,
    NOT_AN_OFFICER_TAKE,
    NOT_EDITABLE_STATUS,
    NOT_RATING_APART,
    NOT_TAKEN_YET,
    NOT_YOUR_REVIEW,
    OFFICER_IS_PARTNER,
    PLAN_NOT_LIVE,
    PULSE_COMMENTS_LEADS_ONLY,
    PULSE_NOT_NOW,
    PULSE_RESULTS_HIDDEN,
    agreement_refusal,
    deny,
    editor_refusal,
    interim_refusal,
    invite_refusal,
    may_edit_profile,
    officer_refusal,
    partner_view_refusal,
    partner_view_shown,
    partner_views_open,
    plan_refusal,
    profile_refusal,
    progress_refusal,
    pulse_comments_refusal,
    pulse_results_refusal,
    pulse_run_refusal,
    require_editor,
    require_profile_editor,
    reveal_refusal,
    reviewer_refusal,
    sign_off_refusal,
    timeline_refusal,
)


def actor_reviewer_refusal(user, assessment: Assessment, *, take: bool = False) -> str | None:
    """The same answers for a service, which knows only the person (two queries)."""
    officer = is_officer(user)
    partner = partner_membership(user, assessment.partnership) is not None
    if take:
        return officer_refusal(officer=officer, partner=partner)
    return reviewer_refusal(user, assessment, officer=officer, partner=partner)


def is_officer(user) -> bool:
    """Whether the person is a BASW officer: one query, then kept on the user object for the request."""
    if not user.is_authenticated:
        return False
    if getattr(user, "_is_officer", None) is None:
        user._is_officer = Membership.objects.filter(
            user=user, role=Role.OFFICER, organisation__kind=OrganisationKind.PROFESSIONAL_BODY
        ).exists()
    return user._is_officer


def _is_officer_membership(membership: Membership) -> bool:
    """The same rule as is_officer, for a membership already read with its organisation."""
    return membership.role == Role.OFFICER and membership.organisation.kind == OrganisationKind.PROFESSIONAL_BODY


def partnerships_visible_to(user):
    if not user.is_authenticated:
        return Partnership.objects.none()
    org_ids = Membership.objects.filter(user=user).exclude(role=Role.OFFICER).values("organisation_id")
    return Partnership.objects.filter(Q(trust_id__in=org_ids) | Q(councils__in=org_ids)).distinct()


def assessments_visible_to(user, *, officer: bool | None = None):
    """Assessments of the person's partnerships; for officers, also every one submitted to BASW.

    `officer` saves a query when the caller already knows whether the person is a BASW officer.
    """
    if not user.is_authenticated:
        return Assessment.objects.none()
    mine = Q(partnership__in=partnerships_visible_to(user).values("pk"))
    if is_officer(user) if officer is None else officer:
        return Assessment.objects.filter(mine | Q(status__in=SENT_TO_BASW_STATUSES))
    return Assessment.objects.filter(mine)


@dataclass(frozen=True)
class AssessmentAccess:
    """What one person may do with one assessment."""

    assessment: Assessment
    membership: Membership | None  # their membership at a partner organisation, if any
    officer: bool
    user: object = None

    @property
    def role(self):
        return self.membership.role if self.membership else None

    @property
    def is_partner(self):
        return self.membership is not None

    @property
    def can_edit(self):
        return editor_refusal(self.membership) is None and status_allows(self.assessment.status, Act.EDIT)

    @property
    def can_sign_off(self):
        return sign_off_refusal(self.membership, self.assessment.partnership) is None and status_allows(
            self.assessment.status, Act.SIGN_OFF
        )

    @property
    def can_give_view(self):
        return partner_view_refusal(self.membership, self.assessment) is None

    @property
    def can_reveal_views(self):
        return reveal_refusal(self.membership, self.assessment) is None

    @property
    def viewer_organisation_id(self):
        """Whose own view this person sees before the others' (None for BASW)."""
        return self.membership.organisation_id if self.membership else None

    @property
    def can_run_pulse(self):
        return pulse_run_refusal(self.membership, self.assessment) is None

    @property
    def can_see_pulse(self):
        return pulse_results_refusal(self.membership, self.assessment, officer=self.officer) is None

    @property
    def can_read_pulse_comments(self):
        return pulse_comments_refusal(self.membership) is None

    @property
    def can_review(self):
        return self.officer and not self.is_partner

    @property
    def plan_is_live(self):
        """The plan moves through the year (progress, notes, interim ratings) once the assessment is accepted."""
        return status_allows(self.assessment.status, Act.PROGRESS)

    def why_not_progress(self, action) -> str | None:
        """Why this person may not record progress on `action` now (the same reasons the services give); None
        when they may."""
        return progress_refusal(self.user, self.membership, action) or plan_refusal(self.assessment, action)

    @property
    def can_record_interim(self):
        return self.plan_is_live and interim_refusal(self.membership, self.assessment.partnership) is None

    def why_not_review(self) -> str | None:
        """Why this person may not record a review, return or accept now; None for the officer holding it."""
        return reviewer_refusal(self.user, self.assessment, officer=self.officer, partner=self.is_partner)

    def why_not_take(self) -> str | None:
        """Why this person may not take the assessment (or take its review over); None for any outside officer."""
        return officer_refusal(officer=self.officer, partner=self.is_partner)

    def _status_refusal(self, allowed: bool) -> str | None:
        return None if allowed else NOT_EDITABLE_STATUS.format(status=self.assessment.get_status_display().lower())

    def require_edit(self):
        require_editor(self.membership)
        deny(self._status_refusal(status_allows(self.assessment.status, Act.EDIT)))

    def require_lead(self):
        deny(sign_off_refusal(self.membership, self.assessment.partnership))

    def require_submit(self):
        """A lead of a partner, while the transitions table has a submit from the current status."""
        self.require_lead()
        deny(self._status_refusal((self.assessment.status, "submit") in TRANSITIONS))

    def require_sign_off(self):
        """A lead of a partner, while the status allows sign-off (the same table the service checks)."""
        self.require_lead()
        deny(self._status_refusal(status_allows(self.assessment.status, Act.SIGN_OFF)))

    def require_officer(self):
        deny(None if self.can_review else NOT_AN_OFFICER)


def _partner_org_ids(partnership) -> list[int]:
    # .all() so that councils prefetched with the partnership (get_assessment_for) cost no query here or later.
    return [partnership.trust_id, *(council.pk for council in partnership.councils.all())]


def _best_partner_membership(memberships, org_ids) -> Membership | None:
    """Of the person's memberships, the one at a partner organisation; a lead's wins, then a contributor's."""
    ranked = sorted(
        (m for m in memberships if m.organisation_id in org_ids and m.role != Role.OFFICER),
        key=lambda m: (m.role != Role.LEAD, m.role != Role.CONTRIBUTOR, m.organisation.name),
    )
    return ranked[0] if ranked else None


def partner_membership(user, partnership) -> Membership | None:
    """The person's membership at the trust or one of the councils; a lead's membership wins."""
    if not user.is_authenticated:
        return None
    org_ids = _partner_org_ids(partnership)
    memberships = Membership.objects.filter(user=user, organisation_id__in=org_ids).select_related("organisation")
    return _best_partner_membership(memberships, set(org_ids))


def get_assessment_for(user, pk, *, write=False) -> tuple[Assessment, AssessmentAccess]:
    """The assessment with its access, or 404 when the person may not see it.

    With write=True, a person who may see it but not change it gets PermissionDenied with a reason.
    The person's memberships are read once, for both "is this a BASW officer?" and "at which partner?".
    """
    memberships = (
        list(Membership.objects.filter(user=user).select_related("organisation")) if user.is_authenticated else []
    )
    if user.is_authenticated and getattr(user, "_is_officer", None) is None:
        user._is_officer = any(_is_officer_membership(m) for m in memberships)
    officer = is_officer(user)
    try:
        assessment = (
            assessments_visible_to(user, officer=officer)
            .select_related("partnership__trust", "version__framework", "reviewer", "accepted_by", "views_revealed_by")
            .prefetch_related("partnership__councils")  # partner_organisations() is then free for the request
            .get(pk=pk)
        )
    except (Assessment.DoesNotExist, ValueError, TypeError):
        raise Http404("No such assessment.") from None
    access = AssessmentAccess(
        assessment=assessment,
        membership=_best_partner_membership(memberships, set(_partner_org_ids(assessment.partnership))),
        officer=officer,
        user=user,
    )
    if write:
        access.require_edit()
    return assessment, access


def get_partnership_for(user, pk) -> tuple[Partnership, Membership]:
    try:
        partnership = partnerships_visible_to(user).select_related("trust").get(pk=pk)
    except (Partnership.DoesNotExist, ValueError, TypeError):
        raise Http404("No such partnership.") from None
    return partnership, partner_membership(user, partnership)


def timeline_partnerships_visible_to(user, *, officer: bool | None = None):
    """Partnerships whose integration timeline the person reads: their own; for BASW officers, also every
    partnership that has sent an assessment to BASW (SENT_TO_BASW_STATUSES). Who records is timeline_refusal."""
    mine = partnerships_visible_to(user)
    if not (is_officer(user) if officer is None else officer):
        return mine
    sent = Assessment.objects.filter(partnership=OuterRef("pk"), status__in=SENT_TO_BASW_STATUSES)
    return Partnership.objects.filter(Q(pk__in=mine.values("pk")) | Exists(sent))


def get_timeline_for(user, pk) -> tuple[Partnership, Membership | None]:
    """The partnership whose timeline the person reads, with their membership at a partner (None for a BASW
    officer outside it), or 404. The person's memberships are read once, for both questions."""
    memberships = (
        list(Membership.objects.filter(user=user).select_related("organisation")) if user.is_authenticated else []
    )
    if user.is_authenticated and getattr(user, "_is_officer", None) is None:
        user._is_officer = any(_is_officer_membership(m) for m in memberships)
    try:
        partnership = (
            timeline_partnerships_visible_to(user, officer=is_officer(user))
            .select_related("trust")
            .prefetch_related("councils")
            .get(pk=pk)
        )
    except (Partnership.DoesNotExist, ValueError, TypeError):
        raise Http404("No such partnership.") from None
    return partnership, _best_partner_membership(memberships, set(_partner_org_ids(partnership)))


__all__ = [
    "MFA_SETUP_NEEDED",
    "SSO_REQUIRED",
    "mfa_required_for",
    "required_identity_provider",
    "sso_required_refusal",
    "AGREE_AFTER_VIEWS",
    "ALREADY_REVEALED",
    "AssessmentAccess",
    "INVITE_ONLY_OWN_ORG",
    "NOT_AN_EDITOR",
    "NOT_AN_OFFICER",
    "NOT_AN_OFFICER_TAKE",
    "NOT_A_LEAD",
    "ACTION_MOVED",
    "NOT_A_LEAD_INTERIM",
    "NOT_A_LEAD_REVEAL",
    "NOT_A_PARTNER_VIEW",
    "NOT_A_PLAN_EDITOR",
    "NOT_A_PROFILE_EDITOR",
    "NOT_A_TIMELINE_EDITOR",
    "NOT_A_LEAD_PULSE",
    "NOT_A_VIEW_EDITOR",
    "PULSE_COMMENTS_LEADS_ONLY",
    "PULSE_NOT_NOW",
    "PULSE_RESULTS_HIDDEN",
    "NOT_EDITABLE_STATUS",
    "NOT_RATING_APART",
    "NOT_TAKEN_YET",
    "PLAN_NOT_LIVE",
    "NOT_YOUR_REVIEW",
    "OFFICER_IS_PARTNER",
    "actor_reviewer_refusal",
    "agreement_refusal",
    "assessments_visible_to",
    "deny",
    "editor_refusal",
    "get_assessment_for",
    "get_partnership_for",
    "get_timeline_for",
    "interim_refusal",
    "invite_refusal",
    "is_officer",
    "may_edit_profile",
    "officer_refusal",
    "partner_membership",
    "partner_view_refusal",
    "plan_refusal",
    "partner_view_shown",
    "partner_views_open",
    "partnerships_visible_to",
    "profile_refusal",
    "pulse_comments_refusal",
    "pulse_results_refusal",
    "pulse_run_refusal",
    "progress_refusal",
    "require_editor",
    "require_profile_editor",
    "reveal_refusal",
    "reviewer_refusal",
    "sign_off_refusal",
    "timeline_partnerships_visible_to",
    "timeline_refusal",
]


from .signin import (  # noqa: E402
    MFA_SETUP_NEEDED,
    SSO_REQUIRED,
    mfa_required_for,
    required_identity_provider,
    sso_required_refusal,
)
