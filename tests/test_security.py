"""Headers and sign-in protections every deployment relies on.

People in these tests:
- Sam Socialworker, a governance lead with an account: signs in with email and password.
- an anonymous visitor: sees the public pages (home, standards, sign-in, password reset).
Password guessing against Sam's account is throttled by django-axes: after AXES_FAILURE_LIMIT failures from one
address the account is locked from that address for AXES_COOLOFF_TIME, even for the right password.
"""

import re
from datetime import timedelta
from unittest import mock

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.forms import AuthenticationForm
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from assessments.models import User
from tests import factories

EMAIL = "sam.socialworker@mersey-council.example"
PASSWORD = "correct horse battery staple"  # noqa: S105
WRONG = "not-the-password"


@pytest.fixture
def sam(db):
    """A person with an account and no memberships: enough to sign in and reach their dashboard."""
    return User.objects.create_user(email=EMAIL, password=PASSWORD, full_name="Sam Socialworker")


@pytest.fixture
def public_pages(db):
    version = factories.make_version()
    return {
        "home": reverse("home"),
        "login": reverse("login"),
        "password reset": reverse("password_reset"),
        "standards index": reverse("standards:index"),
        "standards version": reverse(
            "standards:version", kwargs={"framework": version.framework.slug, "version": version.slug}
        ),
    }


PUBLIC_PAGES = ["home", "login", "password reset", "standards index", "standards version"]


def csp_directives(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def sign_in(client, email=EMAIL, password=PASSWORD):
    return client.post(reverse("login"), {"username": email, "password": password})


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_every_public_page_sends_a_strict_content_security_policy(client, public_pages, page):
    response = client.get(public_pages[page])

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    directives = csp_directives(response)
    assert directives["object-src"] == ["'none'"]
    assert directives["base-uri"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["default-src"] == ["'self'"]
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert "'unsafe-inline'" not in directives["style-src"]


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_no_public_page_has_inline_script_or_inline_handlers(client, public_pages, page):
    html = client.get(public_pages[page]).content.decode()

    script_tags = re.findall(r"<script\b[^>]*>", html, flags=re.IGNORECASE)
    assert script_tags, "every page loads Bootstrap's script"
    assert all(re.search(r"\ssrc=", tag) for tag in script_tags), script_tags
    assert not re.search(r"<script\b[^>]*>(?!\s*</script>)", html, flags=re.IGNORECASE), "a <script> has inline content"
    assert not re.search(r"\son[a-z]+\s*=", html, flags=re.IGNORECASE), "an inline event handler needs unsafe-inline"


def test_the_signed_in_dashboard_sends_the_same_policy(client, sam):
    client.force_login(sam)

    response = client.get(reverse("assessments:dashboard"))

    assert response.status_code == 200
    directives = csp_directives(response)
    assert directives["frame-ancestors"] == ["'none'"]
    assert "'unsafe-inline'" not in directives["script-src"]


def test_pages_forbid_framing_sniffing_and_leaking_the_referrer_elsewhere(client, db):
    response = client.get(reverse("home"))

    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_sign_in_page_asks_for_an_email_address_and_offers_a_password_reset(client, db):
    response = client.get(reverse("login"))

    html = response.content.decode()
    assert re.search(r'<label[^>]*for="id_username"[^>]*>Email address</label>', html)
    assert re.search(r'<label[^>]*for="id_password"[^>]*>Password</label>', html)
    assert 'autocomplete="current-password"' in html
    assert f'href="{reverse("password_reset")}"' in html
    assert "Forgotten your password?" in html


def test_signing_in_with_the_right_email_and_password_goes_to_the_dashboard(client, sam):
    response = sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:dashboard")
    assert client.session["_auth_user_id"] == str(sam.pk)


def test_the_email_address_is_matched_whatever_its_case(client, sam):
    response = sign_in(client, email=EMAIL.upper())

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(sam.pk)


def test_a_wrong_password_shows_an_error_summary_and_signs_nobody_in(client, sam):
    response = sign_in(client, password=WRONG)

    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    invalid_login = AuthenticationForm.error_messages["invalid_login"] % {"username": "email"}
    assert invalid_login in html
    assert '<a href="#id_username">' in html
    assert "<title>Error: Sign in" in html
    assert "_auth_user_id" not in client.session
    assert AccessAttempt.objects.get(username=EMAIL).failures_since_start == 1


def test_the_password_reset_email_links_to_a_page_that_sets_a_new_password(
    client, sam, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": EMAIL})

    assert response.status_code == 302
    assert mailoutbox == []  # the request only queues it: the worker sends it
    run_tasks()
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Reset your Partnership Audit password"
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new = "a brand new passphrase for sam"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True)
    assert "Your password has been changed" in done.content.decode()
    sam.refresh_from_db()
    assert sam.check_password(new)
    queued = DBTaskResult.objects.get(task_path="assessments.tasks.send_email")
    assert queued.args_kwargs == {"args": [], "kwargs": {"to": EMAIL}}  # the queue keeps no copy of the link


@pytest.fixture
def three_strikes(settings):
    """Lock after three failures for fifteen minutes (the deployment default is five)."""
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    return settings


def test_after_too_many_failures_even_the_right_password_meets_the_lock_out_page(client, sam, three_strikes):
    for _ in range(3):
        sign_in(client, password=WRONG)

    response = sign_in(client)

    assert response.status_code == 429
    assert "registration/locked_out.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert "Sign-in is locked for a while" in html
    assert "3 unsuccessful attempts" in html
    assert "locked for 15 minutes" in html
    assert "governance lead" in html
    assert "_auth_user_id" not in client.session
    attempt = AccessAttempt.objects.get(username=EMAIL)
    assert attempt.failures_since_start >= 3
    assert attempt.ip_address == "127.0.0.1"


def test_the_lock_out_page_gives_the_wait_in_minutes_from_the_settings(client, sam, three_strikes):
    three_strikes.AXES_COOLOFF_TIME = timedelta(hours=1)
    for _ in range(3):
        sign_in(client, password=WRONG)

    response = sign_in(client, password=WRONG)

    assert response.status_code == 429
    assert "locked for 60 minutes" in response.content.decode()


def test_a_lock_out_on_one_account_leaves_other_people_free_to_sign_in(client, sam, three_strikes):
    colleague = User.objects.create_user(email="colin@mersey-trust.example", password=PASSWORD, full_name="Colin")
    for _ in range(3):
        sign_in(client, password=WRONG)

    response = sign_in(client, email=colleague.email)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(colleague.pk)


def test_once_the_cool_off_has_passed_the_person_can_sign_in_again(client, sam, three_strikes):
    for _ in range(3):
        sign_in(client, password=WRONG)
    assert sign_in(client).status_code == 429
    assert AccessAttempt.objects.filter(username=EMAIL).exists()

    # Axes stamps each request with axes.handlers.proxy.now() and counts only attempts newer than that
    # stamp minus the cool-off; move that clock past the cool-off.
    later = timezone.now() + timedelta(minutes=15, seconds=1)
    with mock.patch("axes.handlers.proxy.now", return_value=later):
        response = sign_in(client)

    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:dashboard")
    assert client.session["_auth_user_id"] == str(sam.pk)
    assert not AccessAttempt.objects.filter(username=EMAIL).exists()


def test_before_the_cool_off_has_passed_the_lock_holds(client, sam, three_strikes):
    for _ in range(3):
        sign_in(client, password=WRONG)

    nearly = timezone.now() + timedelta(minutes=14)
    with mock.patch("axes.handlers.proxy.now", return_value=nearly):
        response = sign_in(client)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lock_out_counts_the_email_however_it_is_typed(client, sam, three_strikes):
    for typed in (EMAIL, EMAIL.upper(), f"  {EMAIL.title()} "):
        sign_in(client, email=typed, password=WRONG)

    for typed in (EMAIL.upper(), EMAIL, f" {EMAIL} "):
        response = sign_in(client, email=typed)
        assert response.status_code == 429, typed
    assert "_auth_user_id" not in client.session
    assert list(AccessAttempt.objects.values_list("username", flat=True)) == [EMAIL]


def test_sign_in_and_the_lock_out_normalise_the_email_with_one_function(client, sam):
    from django.conf import settings
    from django.utils.module_loading import import_string

    from assessments.auth import normalise_username

    assert normalise_username(f"  {EMAIL.upper()}\t") == EMAIL
    axes_username = import_string(settings.AXES_USERNAME_CALLABLE)
    assert axes_username(None, {"username": f" {EMAIL.upper()} "}) == EMAIL
    response = sign_in(client, email=f" {EMAIL.upper()} ")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(sam.pk)
