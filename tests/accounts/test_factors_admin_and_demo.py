"""Recovery codes, an administrator's reset of someone's factors, and the demo's ready-made authenticators.

People: Olive Officer (`officer`), who sets up an authenticator app and keeps recovery codes; a site
administrator, Ada Admin, who resets Olive's factors from the admin (recorded with her name).
"""

from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.core.management import call_command
from django.urls import reverse

from assessments.models import AccountEvent, AccountEventKind
from tests import factories

from .helpers import add_totp, sign_in


@pytest.fixture
def ada(db):
    admin = factories.make_user(name="Ada Admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    return admin


def test_recovery_codes_are_shown_once_at_setup_and_one_signs_in_instead_of_a_code(client, officer):
    sign_in(client, officer)
    add_totp(client)
    codes = RecoveryCodes(Authenticator.objects.get(user=officer, type=Authenticator.Type.RECOVERY_CODES))
    unused = codes.get_unused_codes()
    assert len(unused) >= 8
    client.post(reverse("logout"))

    assert sign_in(client, officer)["Location"] == reverse("mfa_authenticate")
    response = client.post(reverse("mfa_authenticate"), {"code": unused[0]})

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert unused[0] not in RecoveryCodes(codes.instance.__class__.objects.get(pk=codes.instance.pk)).get_unused_codes()


def test_an_administrator_resets_someones_factors_and_it_is_recorded_with_their_name(client, officer, ada):
    sign_in(client, officer)
    add_totp(client)
    other = client.__class__()
    other.force_login(ada)

    response = other.post(
        reverse("admin:assessments_user_changelist"),
        {"action": "reset_factors", "_selected_action": [officer.pk]},
        follow=True,
    )

    assert response.status_code == 200
    assert not Authenticator.objects.filter(user=officer).exists()
    event = AccountEvent.objects.get(user=officer)
    assert event.kind == AccountEventKind.FACTORS_RESET
    assert event.actor == ada
    # ...and every session Olive had is over.
    assert client.get(reverse("assessments:dashboard")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_seed_demo_gives_the_officers_and_the_administrator_an_authenticator_and_prints_how_to_get_codes(db):
    call_command("load_standards", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", stdout=out)

    text = out.getvalue()
    assert "demo_totp_code basw.officer@demo.partnership-audit.test" in text
    assert "demo_totp_code admin@demo.partnership-audit.test" in text
    code = StringIO()
    call_command("demo_totp_code", "basw.officer@demo.partnership-audit.test", stdout=code)
    assert code.getvalue().strip().isdigit() and len(code.getvalue().strip()) == 6
    again = StringIO()
    call_command("seed_demo", stdout=again)
    assert Authenticator.objects.filter(type=Authenticator.Type.TOTP).count() == 3
