"""seed_demo: a believable demo world, built through the services, that a second run leaves alone.

The main tests load the real BASW standards with `load_standards`; a stand-in framework with the same
slugs (built by the factories) checks the same promises while the fixtures are not there.
"""

from io import StringIO

import pytest
from django.core.management import call_command, get_commands
from django.core.management.base import CommandError
from django_tasks_db.models import DBTaskResult
from simple_history.utils import get_history_model_for_model

from assessments.demo import ADMIN_EMAIL, DEMO_PASSWORD, LOAD_STANDARDS_FIRST
from assessments.models import (
    Action,
    Assessment,
    Delivery,
    Event,
    Membership,
    Notification,
    Organisation,
    OrganisationKind,
    Partnership,
    Response,
    ReturnSnapshot,
    Role,
    SignOff,
    Status,
    Team,
    User,
)
from assessments.selectors import submission_problems
from standards.models import Framework
from tests import factories

TRUST_LEAD_EMAIL = "trust.lead@demo.partnership-audit.test"
COUNTED = [
    Organisation,
    User,
    Membership,
    Partnership,
    Team,
    Assessment,
    Response,
    Action,
    SignOff,
    Event,
    ReturnSnapshot,
    get_history_model_for_model(Response),
    get_history_model_for_model(Action),
]


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def _seed():
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def real_standards(db):
    """The BASW standards as the README loads them, or a skip while the command is not there."""
    if "load_standards" not in get_commands():
        pytest.skip("load_standards does not exist yet: the BASW fixtures are being written")
    call_command("load_standards", stdout=StringIO())


@pytest.fixture
def stand_in_standards(db):
    """Two published versions with the real slugs, so seed_demo runs without the fixtures."""
    framework = Framework.objects.create(slug="basw-mh-mdt", name="BASW standards", short_name="BASW")
    factories.make_version(framework=framework, slug="2010", practices=8)
    factories.make_version(framework=framework, slug="2012-charter", practices=6)


@pytest.fixture(params=["real_standards", "stand_in_standards"])
def standards(request):
    return request.getfixturevalue(request.param)


def test_seed_demo_twice_changes_nothing_the_second_time(standards):
    _seed()
    before = _counts()
    output = _seed()
    assert _counts() == before
    assert "already there" in output


def test_seed_demo_makes_an_assessment_in_every_required_state(standards):
    _seed()
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.ACCEPTED} <= statuses


def test_every_status_was_reached_through_the_services(standards):
    """Each assessment's events replay its life: the last transition ends at its status."""
    _seed()
    for assessment in Assessment.objects.all():
        moves = list(assessment.events.filter(kind="transition").order_by("pk"))
        if assessment.status == Status.DRAFT:
            assert moves == []
        else:
            assert moves[-1].to_status == assessment.status


def test_every_role_exists_at_every_partner_organisation(standards):
    _seed()
    roles = set(Membership.objects.values_list("role", flat=True))
    assert roles == {Role.LEAD, Role.CONTRIBUTOR, Role.MANAGER, Role.OFFICER}
    for partnership in Partnership.objects.all():
        for organisation in partnership.partner_organisations():
            held = set(organisation.memberships.values_list("role", flat=True))
            assert held == {Role.LEAD, Role.CONTRIBUTOR, Role.MANAGER}, organisation
    basw = Organisation.objects.get(kind=OrganisationKind.PROFESSIONAL_BODY)
    assert basw.memberships.filter(role=Role.OFFICER).count() == 2
    assert User.objects.get(email=ADMIN_EMAIL).is_superuser


def test_accepted_assessment_is_complete_with_overdue_and_done_actions(standards):
    _seed()
    accepted = Assessment.objects.get(status=Status.ACCEPTED)
    assert all(response.is_answered for response in accepted.responses.all())
    assert submission_problems(accepted) == []
    actions = Action.objects.filter(response__assessment=accepted)
    assert actions.filter(status="done").exists()
    assert actions.overdue().exists()
    assert accepted.accepted_at > accepted.created_at


def test_draft_is_only_partly_answered(standards):
    _seed()
    draft = Assessment.objects.get(status=Status.DRAFT)
    answered = [r for r in draft.responses.all() if r.is_answered]
    assert 0 < len(answered) < draft.responses.count()


def test_returned_assessment_has_two_queries_and_a_note(standards):
    _seed()
    returned = Assessment.objects.get(status=Status.CHANGES_REQUESTED)
    assert returned.responses.filter(review_state="queried").exclude(review_comment="").count() == 2
    assert returned.events.get(to_status=Status.CHANGES_REQUESTED).note


def test_output_lists_the_accounts_and_the_password(standards):
    output = _seed()
    assert DEMO_PASSWORD in output
    assert TRUST_LEAD_EMAIL in output
    lead = User.objects.get(email=TRUST_LEAD_EMAIL)
    assert lead.check_password(DEMO_PASSWORD)
    assert lead.full_name in output


@pytest.mark.django_db(transaction=True)
def test_seed_demo_records_notifications_but_sends_no_email(standards, mailoutbox, run_tasks):
    """Real commits here, so the services' on-commit work runs as it would in a real run, and so does the worker."""
    _seed()
    assert Notification.objects.exists()
    assert not Notification.objects.exclude(status=Delivery.SENT).exists()  # shown as sent, never queued
    assert not DBTaskResult.objects.filter(task_path__startswith="assessments.tasks.send_").exists()
    run_tasks()
    assert mailoutbox == []


def test_without_standards_it_says_to_load_them_first(db):
    with pytest.raises(CommandError) as excinfo:
        call_command("seed_demo", stdout=StringIO())
    assert str(excinfo.value) == LOAD_STANDARDS_FIRST
    assert not Organisation.objects.exists()
