"""Inviting colleagues: expiring, single-use links sent by email (by the worker, once the invitation is saved)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..access import invite_refusal
from ..models import Invitation, Membership, Role, User
from ..tasks import send_email
from .errors import WorkflowError

INVITE_ALREADY_MEMBER = "{email} is already a member of {organisation}."
INVITATION_UNUSABLE = "This invitation has expired or has already been used. Ask your governance lead for a new one."
INVITATION_WRONG_ACCOUNT = (
    "This invitation is for {email}. Sign out and open the link again, or sign in as that person."
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(*, inviter, organisation, email: str, full_name: str, role: str) -> tuple[Invitation, str]:
    refusal = invite_refusal(Membership.objects.filter(user=inviter, organisation=organisation).first())
    if refusal:
        raise WorkflowError(refusal)
    if role not in (Role.LEAD, Role.CONTRIBUTOR, Role.MANAGER):
        raise WorkflowError({"role": "Choose governance lead, contributor or manager."})
    email = email.strip().lower()
    if Membership.objects.filter(user__email__iexact=email, organisation=organisation).exists():
        raise WorkflowError({"email": INVITE_ALREADY_MEMBER.format(email=email, organisation=organisation)})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organisation=organisation,
        email=email,
        full_name=full_name.strip(),
        role=role,
        token_hash=_hash(token),
        invited_by=inviter,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_DAYS),
    )
    link = settings.SITE_URL + reverse("assessments:invitation_accept", kwargs={"token": token})
    body = (
        f"Dear {invitation.full_name},\n\n{inviter.full_name} has invited you to join {organisation} on Partnership "
        f"Audit as {invitation.get_role_display().lower()}.\n\nOpen this link to accept (it works once and expires "
        f"on {invitation.expires_at:%-d %B %Y}):\n{link}\n"
    )
    subject = f"Invitation to join {organisation} on Partnership Audit"
    transaction.on_commit(lambda: send_email.enqueue(subject=subject, body=body, to=email))
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    return Invitation.objects.select_related("organisation").filter(token_hash=_hash(token)).first()


@transaction.atomic
def invitation_accept(*, token: str, user=None, password: str | None = None, job_title: str = "") -> User:
    """Use an invitation once: join the organisation, creating the account when the person has none."""
    invitation = Invitation.objects.select_for_update().filter(token_hash=_hash(token)).first()
    return _accept(invitation, user=user, password=password, job_title=job_title)


@transaction.atomic
def invitation_accept_signed_in_elsewhere(*, invitation: Invitation, user=None) -> User:
    """The same, for someone whose organisation's sign-in vouched for the invited address (single sign-on): the
    invitation is used exactly as its link would be, giving the invited membership and nothing more."""
    invitation = Invitation.objects.select_for_update().filter(pk=invitation.pk).first()
    return _accept(invitation, user=user, password=None, job_title="")


def pending_invitation_for(email: str, *, organisation=None) -> Invitation | None:
    """The newest unexpired, unaccepted invitation for this address (to this organisation, when given)."""
    invitations = Invitation.objects.filter(
        email__iexact=email.strip(), accepted_at__isnull=True, expires_at__gt=timezone.now()
    )
    if organisation is not None:
        invitations = invitations.filter(organisation=organisation)
    return invitations.select_related("organisation").order_by("-created_at").first()


def _accept(invitation, *, user, password, job_title) -> User:
    if invitation is None or not invitation.is_usable:
        raise WorkflowError(INVITATION_UNUSABLE)
    if user is not None and user.is_authenticated:
        if user.email.lower() != invitation.email.lower():
            raise WorkflowError(INVITATION_WRONG_ACCOUNT.format(email=invitation.email))
    else:
        user = User.objects.filter(email__iexact=invitation.email).first()
        if user is not None:
            raise WorkflowError(INVITATION_WRONG_ACCOUNT.format(email=invitation.email))
        user = User.objects.create_user(
            email=invitation.email, password=password, full_name=invitation.full_name, job_title=job_title
        )
    Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    updated = Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        accepted_at=timezone.now(), accepted_by=user
    )
    if updated != 1:
        raise WorkflowError(INVITATION_UNUSABLE)
    return user
