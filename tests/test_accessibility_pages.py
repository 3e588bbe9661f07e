"""Issue 9, defect 18, in the HTML the server sends: fields in error say so, messages name their field, radio
groups carry their error, forms leave validation to the server, and error pages' titles say what went wrong.
(The focus indicators and where focus lands are checked in a browser: tests/browser/test_accessibility_320.py.)
"""

import importlib
import pkgutil
import re

import pytest
from django import forms
from django.contrib.auth.tokens import default_token_generator
from django.template.loader import render_to_string
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assessments.forms import InvitationForm, TeamForm
from partnership_audit import forms as project_forms
from partnership_audit.forms import NamedErrors

pytestmark = pytest.mark.django_db


def _title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def _tag(html, element_id):
    """The opening tag of the element with this id."""
    return re.search(rf"<[a-z]+[^>]*\bid=\"{re.escape(element_id)}\"[^>]*>", html).group(0)


def _project_form_classes():
    import assessments.forms
    import standards.forms  # noqa: F401

    for module in pkgutil.iter_modules(assessments.forms.__path__):
        importlib.import_module(f"assessments.forms.{module.name}")
    found, todo = set(), [forms.BaseForm]
    while todo:
        cls = todo.pop()
        for sub in cls.__subclasses__():
            todo.append(sub)
            if sub.__module__.startswith(("assessments.forms", "standards.forms", "reports.forms")):
                found.add(sub)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__name__}")


def test_every_project_form_names_its_fields_in_its_messages():
    plain = [f"{cls.__module__}.{cls.__name__}" for cls in _project_form_classes() if not issubclass(cls, NamedErrors)]
    assert len(_project_form_classes()) >= 12
    assert plain == []


def test_a_missing_or_wrong_answer_gets_a_message_that_names_its_field(partnership):
    team = TeamForm({"name": "North CMHT", "nurses": "", "social_workers": "many"}, partnership=partnership)
    invite = InvitationForm({"email": "not-an-address"})

    assert team.errors["nurses"] == [project_forms.REQUIRED_NUMBER.format(the_number="the number of nurses")]
    assert team.errors["social_workers"] == [project_forms.NOT_A_WHOLE_NUMBER.format(the="the social workers")]
    assert team.errors["amhps"] == [project_forms.REQUIRED_NUMBER.format(the_number="the number of AMHPs")]
    assert invite.errors["full_name"] == [project_forms.REQUIRED_TEXT.format(the="the full name")]
    assert invite.errors["email"] == [project_forms.NOT_AN_EMAIL.format(the="the email address")]
    assert invite.errors["role"] == [project_forms.REQUIRED_CHOICE.format(the="the role")]


def test_a_message_a_form_sets_itself_is_kept():
    from assessments.forms.review import RETURN_NOTE_REQUIRED, ReturnForm

    assert ReturnForm({}).errors["note"] == [RETURN_NOTE_REQUIRED]


def test_every_crispy_form_leaves_validation_to_the_server(client, trust_lead, partnership, version, trust):
    client.force_login(trust_lead)
    pages = [
        f"/partnerships/{partnership.pk}/assessments/new/",
        f"/partnerships/{partnership.pk}/teams/new/",
        f"/organisations/{trust.pk}/invite/",
    ]
    for url in pages:
        html = client.get(url).content.decode()
        posts = re.findall(r"<form[^>]*method=\"post\"[^>]*>", html)
        assert posts, url
        assert [tag for tag in posts if "novalidate" not in tag and "logout" not in tag] == [], url


def test_the_error_summary_names_the_field_and_a_radio_group_carries_its_error(client, trust_lead, trust):
    client.force_login(trust_lead)
    html = client.post(f"/organisations/{trust.pk}/invite/", {"full_name": "", "email": ""}).content.decode()

    summary = html[html.index('class="error-summary"') : html.index("</div>", html.index('class="error-summary"'))]
    assert project_forms.REQUIRED_TEXT.format(the="the full name") in summary
    assert "This field is required." not in html
    group = re.search(r"<fieldset[^>]*>\s*<legend[^>]*>\s*Role", html)
    assert group, "the role radios are a fieldset with a legend"
    described = re.search(r'aria-describedby="([^"]+)"', group.group(0)).group(1).split()
    error_ids = [i for i in described if project_forms.REQUIRED_CHOICE.format(the="the role") in _element(html, i)]
    assert error_ids, described


def _element(html, element_id):
    start = html.find(f'id="{element_id}"')
    return html[start : start + 400] if start >= 0 else ""


def test_sign_in_fields_in_error_are_marked_invalid_and_named(client, trust_lead):
    wrong = client.post("/accounts/login/", {"username": trust_lead.email, "password": "wrong"}).content.decode()
    blank = client.post("/accounts/login/", {"username": "", "password": ""}).content.decode()

    assert 'aria-invalid="true"' in _tag(wrong, "id_username")
    assert 'aria-invalid="true"' in _tag(wrong, "id_password")
    assert project_forms.REQUIRED_TEXT.format(the="the email address") in blank
    assert project_forms.REQUIRED_TEXT.format(the="the password") in blank
    assert "This field is required." not in blank


def test_password_reset_fields_in_error_are_marked_invalid_and_named(client, trust_lead):
    asked = client.post("/accounts/password_reset/", {"email": "not-an-address"}).content.decode()
    uid = urlsafe_base64_encode(force_bytes(trust_lead.pk))
    token = default_token_generator.make_token(trust_lead)
    set_password = client.get(f"/accounts/reset/{uid}/{token}/", follow=True)
    chosen = client.post(set_password.redirect_chain[-1][0], {"new_password1": "", "new_password2": ""})
    chosen_html = chosen.content.decode()

    assert 'aria-invalid="true"' in _tag(asked, "id_email")
    assert project_forms.NOT_AN_EMAIL.format(the="the email address") in asked
    assert 'aria-invalid="true"' in _tag(chosen_html, "id_new_password1")
    assert project_forms.REQUIRED_TEXT.format(the="a new password") in chosen_html


def test_invalid_links_and_error_pages_have_titles_that_say_so(client, manager, partnership):
    invitation = client.get("/invitations/no-such-token/")
    reset = client.get("/accounts/reset/MQ/not-a-token/")
    missing = client.get("/no-such-page/")
    client.force_login(manager)
    refused = client.get(f"/partnerships/{partnership.pk}/assessments/new/")

    assert invitation.status_code == 410
    assert _title(invitation).startswith("This invitation link does not work")
    assert _title(reset).startswith("This password reset link does not work")
    assert refused.status_code == 403
    assert _title(refused).startswith("Error 403: you cannot do that")
    assert missing.status_code == 404
    assert _title(missing).startswith("Error 404: page not found")
    server_error = re.search(r"<title>(.*?)</title>", render_to_string("500.html")).group(1)
    assert server_error.startswith("Error 500: something went wrong")
