"""The admin's partnership page writes through the partnership services: history with the administrator's name,
and a new revision on every assessment of the partnership, for the profile, its councils and its teams."""

import pytest
from django.urls import reverse

from assessments.models import Assessment, Team, User
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser(email="site.admin@example.org", password="x" * 16, full_name="Site Admin")


def form_data(partnership, teams, **changes):
    data = {
        "name": partnership.name,
        "trust": partnership.trust_id,
        "councils": [c.pk for c in partnership.councils.all()],
        "arrangement": partnership.arrangement,
        "continuum_stage": partnership.continuum_stage,
        "social_worker_employment": partnership.social_worker_employment,
        "agreement_start": partnership.agreement_start.isoformat(),
        "next_review_date": partnership.next_review_date.isoformat(),
        "notes": "",
        "teams-TOTAL_FORMS": str(len(teams)),
        "teams-INITIAL_FORMS": str(len(teams)),
        "teams-MIN_NUM_FORMS": "0",
        "teams-MAX_NUM_FORMS": "1000",
    }
    fields = [f.name for f in Team._meta.fields if f.name not in ("id", "partnership")]
    for index, team in enumerate(teams):
        data[f"teams-{index}-id"] = team.pk
        data[f"teams-{index}-partnership"] = partnership.pk
        for name in fields:
            value = getattr(team, name)
            if isinstance(value, bool):
                if value:
                    data[f"teams-{index}-{name}"] = "on"
            else:
                data[f"teams-{index}-{name}"] = "" if value is None else value
    data.update(changes)
    return data


def test_a_team_changed_and_one_removed_in_the_admin_are_recorded_and_move_the_revision(
    client, admin_user, partnership, assessment
):
    kept, removed = factories.make_team(partnership, name="Kept CMHT"), factories.make_team(partnership, name="Gone")
    before = Assessment.objects.get(pk=assessment.pk).revision
    client.force_login(admin_user)
    data = form_data(partnership, [kept, removed], **{"teams-0-nurses": "11", "teams-1-DELETE": "on"})

    response = client.post(reverse("admin:assessments_partnership_change", args=[partnership.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    kept.refresh_from_db()
    assert kept.nurses == 11 and not Team.objects.filter(pk=removed.pk).exists()
    assert kept.history.latest().history_user == admin_user
    assert Team.history.filter(id=removed.pk, history_type="-").get().history_user == admin_user
    assert Assessment.objects.get(pk=assessment.pk).revision >= before + 2


def test_a_council_added_in_the_admin_moves_the_revision(client, admin_user, partnership, assessment):
    before = Assessment.objects.get(pk=assessment.pk).revision
    extra = factories.make_organisation(kind="local_authority", name="Sefton Council")
    client.force_login(admin_user)
    data = form_data(partnership, [], councils=[*[c.pk for c in partnership.councils.all()], extra.pk])

    response = client.post(reverse("admin:assessments_partnership_change", args=[partnership.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert extra in partnership.councils.all()
    assert Assessment.objects.get(pk=assessment.pk).revision > before
