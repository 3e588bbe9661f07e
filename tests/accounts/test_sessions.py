"""Sessions: signed out after sitting idle, and everywhere else after a password or second-factor change.

People: Olive Officer (`officer`: 30 minutes idle by default) and Tara Trustlead (`trust_lead`: 8 hours). Each
signs in on two devices (two clients) where a spec needs another session to end.
"""

import time
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from assessments.services.security import IDLE_SIGNED_OUT

from .helpers import PASSWORD, add_totp, sign_in


def _later(seconds):
    return mock.patch("assessments.middleware.time.time", return_value=time.time() + seconds)


def test_an_officer_is_signed_out_after_30_idle_minutes_with_a_message(client, officer):
    sign_in(client, officer)
    with _later(29 * 60):
        assert client.get(reverse("assessments:dashboard")).status_code == 200
    with _later(29 * 60 + 31 * 60):
        response = client.get(reverse("assessments:dashboard"), follow=True)

    assert "_auth_user_id" not in client.session
    assert IDLE_SIGNED_OUT.format(minutes=30) in response.content.decode()


def test_a_lead_keeps_her_session_for_8_idle_hours_and_no_longer(client, trust_lead):
    sign_in(client, trust_lead)
    with _later(7 * 3600):
        assert client.get(reverse("assessments:dashboard")).status_code == 200
    with _later(7 * 3600 + 8 * 3600 + 60):
        response = client.get(reverse("assessments:dashboard"), follow=True)

    assert "_auth_user_id" not in client.session
    assert IDLE_SIGNED_OUT.format(minutes=480) in response.content.decode()


def test_the_idle_limits_come_from_the_settings(client, trust_lead, settings):
    from datetime import timedelta

    settings.IDLE_TIMEOUT_DEFAULT = timedelta(minutes=5)
    sign_in(client, trust_lead)
    with _later(6 * 60):
        client.get(reverse("assessments:dashboard"))

    assert "_auth_user_id" not in client.session


def test_changing_the_password_signs_out_every_other_session_but_this_one(trust_lead):
    laptop, phone = Client(), Client()
    sign_in(laptop, trust_lead)
    sign_in(phone, trust_lead)
    new = "a different passphrase entirely"

    changed = laptop.post(
        reverse("password_change"), {"old_password": PASSWORD, "new_password1": new, "new_password2": new}
    )

    assert changed.status_code == 302
    assert laptop.get(reverse("assessments:dashboard")).status_code == 200
    assert phone.get(reverse("assessments:dashboard")).status_code == 302
    assert "_auth_user_id" not in phone.session


@pytest.mark.django_db(transaction=True)  # allauth says "added" once the factor is committed, as in production
def test_adding_a_second_factor_signs_out_every_other_session_but_this_one(trust_lead):
    laptop, phone = Client(), Client()
    sign_in(laptop, trust_lead)
    sign_in(phone, trust_lead)

    add_totp(laptop)

    assert laptop.get(reverse("assessments:dashboard")).status_code == 200
    assert phone.get(reverse("assessments:dashboard")).status_code == 302
    assert "_auth_user_id" not in phone.session
