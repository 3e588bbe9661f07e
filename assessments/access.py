"""Who may see and change what. Every view starts from these scoped querysets and helpers.

A person sees a partnership's assessments when they hold a membership at the trust or at one of
its councils. BASW officers see every assessment that has been submitted at least once. Anything a
person may not see is a 404, never a 403, so that its existence does not leak.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from .models import (
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

NOT_EDITABLE_STATUS = "This assessment is {status}: the partnership cannot change it now."
NOT_AN_EDITOR = "Your role ({role}) can read this assessment but not change it."
NOT_A_LEAD = "Only a governance lead of the trust or a partner council can do this."
NOT_AN_OFFICER = "Only a BASW officer can do this."
INVITE_ONLY_OWN_ORG = "You can only invite colleagues to an organisation where you are a governance lead."
# Who may review: an officer not in the partnership; and, once taken, only the officer holding the review.
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


def actor_reviewer_refusal(user, assessment: Assessment, *, take: bool = False) -> str | None:
    """The same answers for a service, which knows only the person (two queries)."""
    officer = is_officer(user)
    partner = partner_membership(user, assessment.partnership) is not None
    if take:
        return officer_refusal(officer=officer, partner=partner)
    return reviewer_refusal(user, assessment, officer=officer, partner=partner)


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
    def can_review(self):
        return self.officer and not self.is_partner

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


def get_partnership_for(user, pk) -> tuple[Partnership, Membership]:
    try:
        partnership = partnerships_visible_to(user).select_related("trust").get(pk=pk)
    except (Partnership.DoesNotExist, ValueError, TypeError):
        raise Http404("No such partnership.") from None
    return partnership, partner_membership(user, partnership)
