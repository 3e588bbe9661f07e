"""A second factor: required for BASW officers, site administrators and members of an organisation that asks.

People in these specs:
- Olive Officer (conftest `officer`): must set up a factor; until then she reaches only its setup pages.
- Tara Trustlead (`trust_lead`): optional for her, unless her trust sets `mfa_required`.
- a site administrator (is_staff): must set one up too.
Enforcement is on here (`enforced`), as it is by default outside the test settings.
"""

import time
from unittest import mock

import pytest
from allauth.mfa.models import Authenticator
from django.core.signals import request_finished
from django.db import close_old_connections
from django.urls import reverse

from assessments.access import MFA_SETUP_NEEDED, mfa_required_for
from tests import factories

from .helpers import add_totp, sign_in, totp_code

PROTECTED = ["assessments:review_queue", "reports:national", "assessments:dashboard"]


@pytest.fixture
def enforced(settings):
    settings.MFA_ENFORCED = True
    return settings


def test_the_production_settings_enforce_a_second_factor_by_default():
    from partnership_audit import settings as production

    assert production.MFA_ENFORCED is True


def test_an_officer_without_a_factor_is_sent_to_set_one_up_and_reaches_nothing_else(client, officer, enforced):
    response = sign_in(client, officer)
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)

    for name in PROTECTED:
        page = client.get(reverse(name))
        assert page.status_code == 302, name
        assert page["Location"] == reverse("mfa_index"), name
    setup = client.get(reverse("mfa_index"))
    assert setup.status_code == 200
    assert MFA_SETUP_NEEDED in setup.content.decode()


def test_once_the_officer_adds_an_authenticator_app_the_review_queue_and_national_picture_open(
    client, officer, enforced
):
    sign_in(client, officer)
    assert client.get(reverse("assessments:review_queue")).status_code == 302

    add_totp(client)

    assert Authenticator.objects.filter(user=officer, type=Authenticator.Type.TOTP).exists()
    assert client.get(reverse("assessments:review_queue")).status_code == 200
    assert client.get(reverse("reports:national")).status_code == 200


def test_after_setting_up_the_officer_is_asked_for_a_code_at_the_next_sign_in(client, officer, enforced):
    sign_in(client, officer)
    secret = add_totp(client)
    client.post(reverse("logout"))

    response = sign_in(client, officer)

    assert response["Location"] == reverse("mfa_authenticate")
    assert "_auth_user_id" not in client.session
    wrong = client.post(reverse("mfa_authenticate"), {"code": "000000" if totp_code(secret) != "000000" else "111111"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    # A code is accepted once: the next one comes 30 seconds on (allauth reads the clock through its module).
    later = time.time() + 30
    with mock.patch("allauth.mfa.totp.internal.auth.time.time", return_value=later):
        done = client.post(reverse("mfa_authenticate"), {"code": totp_code(secret, at=later)})
    assert done.status_code == 302
    assert client.session["_auth_user_id"] == str(officer.pk)
    assert client.get(reverse("assessments:review_queue")).status_code == 200


def test_a_lead_whose_organisation_does_not_ask_is_not_forced(client, trust_lead, enforced):
    assert not mfa_required_for(trust_lead)
    sign_in(client, trust_lead)

    assert client.get(reverse("assessments:dashboard")).status_code == 200
    # ...and may still add one from the Security page, linked from every page's header.
    assert f'href="{reverse("mfa_index")}"' in client.get(reverse("assessments:dashboard")).content.decode()


def test_an_organisation_that_asks_for_a_second_factor_forces_its_members(client, trust_lead, trust, enforced):
    trust.mfa_required = True
    trust.save(update_fields=["mfa_required"])

    sign_in(client, trust_lead)

    assert client.get(reverse("assessments:dashboard"))["Location"] == reverse("mfa_index")


def test_site_administrators_must_set_one_up_before_the_admin(client, db, enforced):
    admin = factories.make_user(name="Ada Admin")
    admin.is_staff = admin.is_superuser = True
    admin.save()

    sign_in(client, admin)

    assert client.get("/admin/")["Location"] == reverse("mfa_index")


def test_the_admin_has_no_sign_in_of_its_own_that_would_skip_the_second_factor(client, db):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_while_setting_up_signing_out_and_static_files_still_work(client, officer, enforced):
    sign_in(client, officer)

    static = client.get("/static/css/site.css")
    assert static.status_code == 200
    # Closing the response sends request_finished, whose close_old_connections would close the connection the test's
    # transaction runs on (PostgreSQL): close it as Django's test client closes its own responses, without that.
    request_finished.disconnect(close_old_connections)
    try:
        static.close()
    finally:
        request_finished.connect(close_old_connections)
    assert client.post(reverse("logout")).status_code == 302
    assert "_auth_user_id" not in client.session


def test_with_enforcement_off_nobody_is_held(client, officer, settings):
    settings.MFA_ENFORCED = False
    sign_in(client, officer)

    assert client.get(reverse("assessments:review_queue")).status_code == 200
