"""Password sign-in through allauth, as before; invitations; organisations that require their own sign-in.

People: Tara Trustlead (`trust_lead`) signs in with her password; her trust may require single sign-on, after which
she is refused a password sign-in and a password reset, both telling her to use the trust's sign-in. Nadia, invited
by Tara, accepts her invitation and signs in.
"""

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from assessments.access import SSO_REQUIRED
from assessments.models import IdentityProvider, Membership, ProviderKind, Role
from assessments.services import people

from .helpers import PASSWORD, sign_in


@pytest.fixture
def trust_requires_sso(trust):
    return IdentityProvider.objects.create(
        organisation=trust,
        kind=ProviderKind.ENTRA,
        tenant_id="11111111-2222-3333-4444-555555555555",
        client_id="partnership-audit",
        client_secret="s3cret",
        sso_required=True,
    )


def test_a_password_sign_in_still_works_and_a_wrong_one_is_counted_by_axes(client, trust_lead):
    assert sign_in(client, trust_lead, password="wrong").status_code == 200
    assert AccessAttempt.objects.get(username=trust_lead.email).failures_since_start == 1

    response = sign_in(client, trust_lead)

    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:dashboard")


def test_too_many_failures_lock_the_account_out_even_for_the_right_password(client, trust_lead, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        sign_in(client, trust_lead, password="wrong")

    response = sign_in(client, trust_lead)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_there_is_no_sign_up_page(client, db):
    response = client.get("/accounts/signup/")

    assert response.status_code == 302
    assert response["Location"] == reverse("login")


def test_an_invited_person_accepts_and_then_signs_in_with_the_password_she_chose(client, trust_lead, trust):
    invitation, token = people.invitation_create(
        inviter=trust_lead,
        organisation=trust,
        email="nadia@trust.example",
        full_name="Nadia New",
        role=Role.CONTRIBUTOR,
    )
    chosen = "nadia's long passphrase here"
    accepted = client.post(
        reverse("assessments:invitation_accept", args=[token]), {"password1": chosen, "password2": chosen}
    )
    assert accepted.status_code == 302
    client.post(reverse("logout"))

    response = client.post(reverse("login"), {"username": "nadia@trust.example", "password": chosen})

    assert response.status_code == 302
    assert Membership.objects.get(user__email="nadia@trust.example").role == Role.CONTRIBUTOR


def test_a_member_of_an_organisation_that_requires_sso_is_refused_a_password_with_the_way_in(
    client, trust_lead, trust_requires_sso
):
    response = sign_in(client, trust_lead)

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    message = SSO_REQUIRED.format(organisation=trust_requires_sso.organisation, button=trust_requires_sso.button_label)
    html = response.content.decode()
    assert message.replace("“", "&ldquo;") in html or message in html.replace("&#x27;", "'")
    assert trust_requires_sso.button_label in html.replace("&#x27;", "'")


def test_password_reset_for_them_says_the_same_and_sends_nothing(client, trust_lead, trust_requires_sso, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": trust_lead.email})

    assert response.status_code == 200
    assert "asks its members to sign in with their organisation" in response.content.decode().replace("&#x27;", "'")
    assert mailoutbox == []


def test_others_still_sign_in_with_a_password(client, council_lead, trust_requires_sso):
    assert sign_in(client, council_lead, password=PASSWORD).status_code == 302
