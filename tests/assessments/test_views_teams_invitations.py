"""The partnership's teams, and inviting colleagues by an expiring, single-use link."""

import html
import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.access import INVITE_ONLY_OWN_ORG
from assessments.forms.teams import TEAM_NAME_TAKEN
from assessments.models import Invitation, Membership, Role, Team, User
from assessments.services.people import INVITATION_UNUSABLE, INVITE_ALREADY_MEMBER
from tests import factories

from .page_helpers import url

pytestmark = pytest.mark.django_db

AMHPS_WITHIN_SOCIAL_WORKERS = "AMHPs are counted among the social workers, so there cannot be more AMHPs."


def page(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def lead_client(client, trust_lead):
    client.force_login(trust_lead)
    return client


def team_data(**fields):
    data = {
        "name": "Birkenhead CMHT",
        "service": "working_age",
        "social_workers": 1,
        "amhps": 0,
        "nurses": 17,
        "occupational_therapists": 0,
        "psychologists": 0,
        "psychiatrists": 0,
        "support_workers": 0,
        "others": 0,
        "social_work_line_manager": "nurse",
        "supervision_frequency": "",
    }
    data.update(fields)
    return data


# Teams


def test_a_team_with_one_social_worker_among_17_nurses_is_flagged(lead_client, partnership):
    response = lead_client.post(url("team_new", partnership.pk), team_data())
    assert response["Location"] == url("partnership", partnership.pk)
    team = Team.objects.get(partnership=partnership)
    assert (team.social_workers, team.nurses, team.has_social_work_supervision) == (1, 17, False)

    text = page(lead_client.get(url("partnership", partnership.pk)))
    assert "One social worker</span>" in text
    assert "1 team with one or no social worker." in text
    assert "5.6%" in text  # 1 of 18
    assert "social workers are 5.6% of the teams" in text


def test_the_partnership_page_shows_the_social_work_share_across_teams(lead_client, partnership):
    factories.make_team(partnership, name="A", social_workers=4, amhps=2, nurses=6)  # 4 of 18
    factories.make_team(partnership, name="B", social_workers=2, amhps=0, nurses=8, occupational_therapists=0)
    text = page(lead_client.get(url("partnership", partnership.pk)))
    assert "6 social workers (of whom 2 AMHPs) in 34 staff across 2 teams" in text
    assert "social workers are 17.6% of the teams" in text
    assert "with one or no social worker" not in text


def test_more_amhps_than_social_workers_is_refused(lead_client, partnership):
    response = lead_client.post(url("team_new", partnership.pk), team_data(social_workers=2, amhps=3))
    assert response.status_code == 200
    assert page(response).count(AMHPS_WITHIN_SOCIAL_WORKERS) == 2  # summary and beside the field
    assert 'href="#id_amhps"' in page(response)
    assert not Team.objects.exists()


def test_supervision_needs_a_frequency(lead_client, partnership):
    response = lead_client.post(url("team_new", partnership.pk), team_data(has_social_work_supervision="on"))
    assert "Say how often social workers get professional supervision." in page(response)
    assert not Team.objects.exists()


def test_a_second_team_with_the_same_name_is_refused_with_a_message(lead_client, partnership):
    factories.make_team(partnership, name="Birkenhead CMHT")
    response = lead_client.post(url("team_new", partnership.pk), team_data())
    assert response.status_code == 200
    assert TEAM_NAME_TAKEN.format(name="Birkenhead CMHT") in page(response)
    assert Team.objects.count() == 1


def test_another_partnership_may_use_the_same_team_name(lead_client, partnership, outsider):
    elsewhere = Membership.objects.get(user=outsider).organisation.trust_partnerships.get()
    factories.make_team(elsewhere, name="Birkenhead CMHT")
    response = lead_client.post(url("team_new", partnership.pk), team_data())
    assert response.status_code == 302
    assert Team.objects.filter(name="Birkenhead CMHT").count() == 2


def test_changing_a_team_saves_it(lead_client, partnership):
    team = factories.make_team(partnership, name="Wallasey CMHT")
    response = lead_client.post(
        url("team_edit", partnership.pk, team.pk),
        team_data(
            name="Wallasey CMHT",
            social_workers=5,
            amhps=2,
            has_social_work_supervision="on",
            supervision_frequency="monthly",
        ),
    )
    assert response.status_code == 302
    team.refresh_from_db()
    assert (team.social_workers, team.amhps, team.supervision_frequency) == (5, 2, "monthly")


def test_removing_a_team_deletes_it(lead_client, partnership):
    team = factories.make_team(partnership)
    assert lead_client.post(url("team_delete", partnership.pk, team.pk)).status_code == 302
    assert not Team.objects.filter(pk=team.pk).exists()


def test_a_team_of_another_partnership_is_404(lead_client, partnership, outsider):
    elsewhere = Membership.objects.get(user=outsider).organisation.trust_partnerships.get()
    theirs = factories.make_team(elsewhere)
    assert lead_client.get(url("team_edit", partnership.pk, theirs.pk)).status_code == 404
    assert lead_client.post(url("team_delete", partnership.pk, theirs.pk)).status_code == 404
    assert Team.objects.filter(pk=theirs.pk).exists()


# Invitations


def invite(client, organisation, **fields):
    data = {"full_name": "Nadia Newcomer", "email": "Nadia.Newcomer@example.org", "role": "contributor"}
    data.update(fields)
    return client.post(url("invite", organisation.pk), data)


def link_in(message):
    return re.search(r"http://\S+/invitations/(\S+)/", message.body).group(0).split("localhost:8000", 1)[-1]


def test_a_lead_invites_a_colleague_by_email(
    lead_client, trust, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(lead_client, trust)
    assert response["Location"] == url("dashboard")
    assert mailoutbox == []  # the worker sends it
    run_tasks()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.role, invitation.organisation) == (
        "nadia.newcomer@example.org",
        Role.CONTRIBUTOR,
        trust,
    )
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["nadia.newcomer@example.org"]
    assert "/invitations/" in mailoutbox[0].body
    assert invitation.token_hash not in mailoutbox[0].body  # only the token travels, never its hash


def accept_link(mailoutbox, django_capture_on_commit_callbacks, run_tasks, lead_client, trust, **fields):
    with django_capture_on_commit_callbacks(execute=True):
        invite(lead_client, trust, **fields)
    run_tasks()
    return link_in(mailoutbox[-1])


def test_the_link_works_once_and_the_new_person_can_sign_in(
    lead_client, trust, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    link = accept_link(mailoutbox, django_capture_on_commit_callbacks, run_tasks, lead_client, trust)
    newcomer = Client()
    assert "Tara Trustlead has invited Nadia Newcomer" in page(newcomer.get(link))
    password = "a long and unusual passphrase 42"
    response = newcomer.post(link, {"password1": password, "password2": password, "job_title": "AMHP"})
    assert response["Location"] == url("dashboard")

    user = User.objects.get(email="nadia.newcomer@example.org")
    assert (user.full_name, user.job_title) == ("Nadia Newcomer", "AMHP")
    assert Membership.objects.get(user=user).organisation == trust
    assert Invitation.objects.get().accepted_by == user
    assert newcomer.get(url("dashboard")).status_code == 200  # signed in straight away

    again = Client().get(link)
    assert again.status_code == 410
    assert INVITATION_UNUSABLE in page(again)
    reuse = Client().post(link, {"password1": password, "password2": password})
    assert reuse.status_code == 410
    assert User.objects.filter(email="nadia.newcomer@example.org").count() == 1

    later = Client()
    signed_in = later.post(reverse("login"), {"username": "nadia.newcomer@example.org", "password": password})
    assert signed_in["Location"] == url("dashboard")
    assert later.get(url("dashboard")).status_code == 200


def test_an_expired_link_is_410(lead_client, trust, mailoutbox, django_capture_on_commit_callbacks, run_tasks):
    link = accept_link(mailoutbox, django_capture_on_commit_callbacks, run_tasks, lead_client, trust)
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    response = Client().post(link, {"password1": "x" * 20, "password2": "x" * 20})
    assert response.status_code == 410
    assert INVITATION_UNUSABLE in page(response)
    assert not User.objects.filter(email="nadia.newcomer@example.org").exists()


def test_an_unknown_link_is_410(client):
    response = client.get(url("invitation_accept", "not-a-real-token"))
    assert response.status_code == 410


def test_mismatched_passwords_are_refused(
    lead_client, trust, mailoutbox, django_capture_on_commit_callbacks, run_tasks
):
    link = accept_link(mailoutbox, django_capture_on_commit_callbacks, run_tasks, lead_client, trust)
    response = Client().post(link, {"password1": "a long passphrase one", "password2": "a long passphrase two"})
    assert response.status_code == 200
    assert "The two passwords do not match." in page(response)
    assert Invitation.objects.get().accepted_at is None


def test_a_contributor_cannot_invite(client, contributor, trust):
    client.force_login(contributor)
    response = invite(client, trust)
    assert response.status_code == 403
    assert INVITE_ONLY_OWN_ORG in page(response)
    assert not Invitation.objects.exists()


def test_a_lead_cannot_invite_to_another_organisation(lead_client, council):
    assert invite(lead_client, council).status_code == 404
    assert not Invitation.objects.exists()


def test_inviting_an_existing_member_is_refused(lead_client, trust, contributor):
    response = invite(lead_client, trust, email=contributor.email)
    assert response.status_code == 200
    assert INVITE_ALREADY_MEMBER.format(email=contributor.email, organisation=trust.name) in page(response)
    assert not Invitation.objects.exists()
