"""seed_demo: a believable demo world, built through the services, that a second run leaves alone.

The main tests load the real BASW standards with `load_standards`; a stand-in framework with the same
slugs (built by the factories) checks the same promises while the fixtures are not there. The demo's record
over time (its teams and profile by year, its timeline, stored scores and snapshots) has its own specs in
test_seed_demo_years.py.
"""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from simple_history.utils import get_history_model_for_model

from assessments.demo import ADMIN_EMAIL, DEMO_PASSWORD, LOAD_STANDARDS_FIRST
from assessments.models import (
    Action,
    ActionNote,
    ActionStatus,
    Assessment,
    AssessmentScore,
    Delivery,
    Event,
    EventKind,
    InterimRating,
    Membership,
    Notification,
    Organisation,
    OrganisationKind,
    Partnership,
    PartnershipYear,
    PartnerView,
    ProfileSnapshot,
    RatingMode,
    Response,
    ReturnSnapshot,
    Role,
    SignOff,
    Status,
    Team,
    TeamYear,
    TimelineEvent,
    User,
)
from assessments.scoring import Divergence, Scale
from assessments.selectors import submission_problems
from assessments.selectors.partner_views import standard_views
from assessments.services.plan import all_actions_done

from .seed_demo_helpers import STANDARDS, load_standards, seed

TRUST_LEAD_EMAIL = "trust.lead@demo.partnership-audit.test"
NORTHSHIRE = "Northshire"
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
    PartnerView,
    get_history_model_for_model(PartnerView),
    ActionNote,
    InterimRating,
    get_history_model_for_model(InterimRating),
    # The record over time.
    TeamYear,
    PartnershipYear,
    ProfileSnapshot,
    AssessmentScore,
    TimelineEvent,
    get_history_model_for_model(Team),
    get_history_model_for_model(Partnership),
    get_history_model_for_model(TimelineEvent),
]


def _counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


@pytest.fixture
def real_standards(db):
    load_standards("real")


@pytest.fixture(params=STANDARDS)
def standards(request, db):
    """Either set of standards; `db` named here, so the test database is set up even when this spec runs alone."""
    load_standards(request.param)


def test_seed_demo_twice_changes_nothing_the_second_time(standards):
    seed()
    before = _counts()
    output = seed()
    assert _counts() == before
    assert "already there" in output


def test_seed_demo_makes_an_assessment_in_every_required_state(standards):
    seed()
    statuses = set(Assessment.objects.values_list("status", flat=True))
    assert {Status.DRAFT, Status.SUBMITTED, Status.CHANGES_REQUESTED, Status.ACCEPTED} <= statuses


def test_every_status_was_reached_through_the_services(standards):
    """Each assessment's events replay its life: the last transition ends at its status."""
    seed()
    for assessment in Assessment.objects.all():
        moves = list(assessment.events.filter(kind="transition").order_by("pk"))
        if assessment.status == Status.DRAFT:
            assert moves == []
        else:
            assert moves[-1].to_status == assessment.status


def test_every_role_exists_at_every_partner_organisation(standards):
    seed()
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
    seed()
    accepted, _actions = _accepted_plan()
    assert all(response.is_answered for response in accepted.responses.all())
    assert submission_problems(accepted) == []
    actions = Action.objects.filter(response__assessment=accepted)
    assert actions.filter(status="done").exists()
    assert actions.overdue().exists()
    assert accepted.accepted_at > accepted.created_at


def test_draft_is_only_partly_answered(standards):
    seed()
    draft = Assessment.objects.get(status=Status.DRAFT)
    answered = [r for r in draft.responses.all() if r.is_answered]
    assert 0 < len(answered) < draft.responses.count()


def test_returned_assessment_has_two_queries_and_a_note(standards):
    seed()
    returned = Assessment.objects.get(status=Status.CHANGES_REQUESTED)
    assert returned.responses.filter(review_state="queried").exclude(review_comment="").count() == 2
    assert returned.events.get(to_status=Status.CHANGES_REQUESTED).note


def test_output_lists_the_accounts_and_the_password(standards):
    output = seed()
    assert DEMO_PASSWORD in output
    assert TRUST_LEAD_EMAIL in output
    lead = User.objects.get(email=TRUST_LEAD_EMAIL)
    assert lead.check_password(DEMO_PASSWORD)
    assert lead.full_name in output


@pytest.mark.django_db(transaction=True)
def test_seed_demo_records_notifications_but_sends_no_email(standards, mailoutbox, run_tasks):
    """Real commits here, so the services' on-commit work runs as it would in a real run, and so does the worker."""
    seed()
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


# Northshire's 2026/27 draft: each partner rates first (the trust and its two councils), then they agree.


def _split_draft():
    return Assessment.objects.get(partnership__name__startswith=NORTHSHIRE, period="2026/27")


def _views_by_standard(draft):
    """[(response, {organisation id: given view})] in source order."""
    responses = draft.responses.select_related("standard", "rating").prefetch_related("partner_views__rating")
    return [
        (response, {view.organisation_id: view for view in response.partner_views.all() if view.is_given})
        for response in responses.order_by("standard__source_order")
    ]


def _divergence_of_standards_every_partner_rated(draft):
    scale = Scale.of(draft.version)
    partner_ids = {o.pk for o in draft.partnership.partner_organisations()}
    return {
        response.standard.code: scale.divergence(given.values())
        for response, given in _views_by_standard(draft)
        if set(given) == partner_ids
    }


def _first_standard_saying(draft, words):
    for response in draft.responses.select_related("standard").order_by("standard__source_order"):
        if words in f"{response.standard.title} {response.standard.text}".lower():
            return response
    raise AssertionError(f"no standard of {draft.version} says {words!r}")


def test_the_northshire_draft_is_rated_by_each_partner_first_and_the_other_assessments_together(standards):
    seed()
    draft = _split_draft()
    assert draft.status == Status.DRAFT
    assert draft.rating_mode == RatingMode.PARTNERS_FIRST
    others = Assessment.objects.exclude(pk=draft.pk)
    assert set(others.values_list("rating_mode", flat=True)) == {RatingMode.TOGETHER}
    assert not PartnerView.objects.exclude(response__assessment=draft).exists()


def test_most_standards_the_partners_all_rated_are_the_same_several_one_level_apart_and_two_or_three_divergent(
    real_standards,
):
    seed()
    counts = dict.fromkeys(Divergence, 0)
    for divergence in _divergence_of_standards_every_partner_rated(_split_draft()).values():
        counts[divergence] += 1
    assert counts[Divergence.SAME] > counts[Divergence.DIFFERS] + counts[Divergence.DIVERGENT], counts
    assert counts[Divergence.DIFFERS] >= 3, counts
    assert 2 <= counts[Divergence.DIVERGENT] <= 3, counts


def test_the_councils_rate_supervision_and_leadership_lower_than_the_trust_and_those_views_diverge(real_standards):
    """Seeds 000 §7.2 and 001: the councils hear from their social workers what the trust's records do not show."""
    seed()
    draft = _split_draft()
    scale = Scale.of(draft.version)
    trust, *councils = draft.partnership.partner_organisations()
    divergence = _divergence_of_standards_every_partner_rated(draft)
    for words in ("supervision from qualified social workers", "leadership"):
        response = _first_standard_saying(draft, words)
        views = {view.organisation_id: view for view in response.partner_views.select_related("rating")}
        assert divergence[response.standard.code] == Divergence.DIVERGENT, words
        trust_position = scale.position(views[trust.pk].rating)
        council_positions = [scale.position(views[council.pk].rating) for council in councils]
        assert max(council_positions) < trust_position, (words, trust_position, council_positions)


def test_the_divergent_standards_agreed_have_a_rationale_and_one_is_left_for_a_newcomer_to_resolve(standards):
    seed()
    draft = _split_draft()
    divergent = [
        draft.responses.get(standard__code=code)
        for code, divergence in _divergence_of_standards_every_partner_rated(draft).items()
        if divergence == Divergence.DIVERGENT
    ]
    agreed = [response for response in divergent if response.is_answered]
    assert agreed and all(response.agreed_rationale.startswith("We agreed ") for response in agreed)
    assert [response for response in divergent if not response.is_answered and not response.agreed_rationale]
    answered = [response for response in draft.responses.all() if response.is_answered]
    assert 0 < len(answered) < draft.responses.count()
    assert draft.responses.filter(actions__isnull=False).exists()  # an agreed gap has its action


def test_a_partner_that_has_not_given_its_view_sees_none_of_the_others_there(standards):
    """The blind rule, on the demo: somewhere one partner is still to give its view, and the views the others
    gave are hidden from it (shown to each of them, who gave theirs)."""
    seed()
    draft = _split_draft()
    partners = draft.partnership.partner_organisations()
    scale = Scale.of(draft.version)
    waiting = [(r, given) for r, given in _views_by_standard(draft) if len(given) == len(partners) - 1]
    assert waiting
    response, given = waiting[0]
    missing = next(org for org in partners if org.pk not in given)
    views = standard_views(draft, response, partners, scale)
    assert not views.open and views.divergence is None
    assert [(c.organisation, c.hidden) for c in views.cells(missing.pk) if c.given] == [
        (org, True) for org in partners if org.pk in given
    ]
    some_giver = next(org for org in partners if org.pk in given)
    assert all(not cell.hidden for cell in views.cells(some_giver.pk))


def test_each_view_was_given_by_a_lead_or_contributor_of_its_own_organisation_and_its_history_names_them(standards):
    seed()
    views = PartnerView.objects.filter(response__assessment=_split_draft()).select_related("updated_by")
    assert views.exists()
    editors = {
        (m.user_id, m.organisation_id) for m in Membership.objects.filter(role__in=[Role.LEAD, Role.CONTRIBUTOR])
    }
    for view in views:
        assert (view.updated_by_id, view.organisation_id) in editors, view
        assert [h.history_user_id for h in view.history.all()] == [view.updated_by_id]
    assert {view.updated_by.memberships.get().role for view in views} == {Role.LEAD, Role.CONTRIBUTOR}


# Northshire's accepted 2025/26: a year of progress on its plan since BASW accepted it.


def _accepted_plan():
    accepted = Assessment.objects.get(partnership__name__startswith=NORTHSHIRE, period="2025/26")
    return accepted, Action.objects.filter(response__assessment=accepted).select_related("owner")


def _partner_roles(person, partnership):
    return set(
        Membership.objects.filter(user=person, organisation__in=partnership.partner_organisations()).values_list(
            "role", flat=True
        )
    )


def test_the_accepted_plan_has_actions_done_in_progress_overdue_and_dropped_each_dropped_one_with_a_reason(standards):
    seed()
    accepted, actions = _accepted_plan()
    assert accepted.status == Status.ACCEPTED
    assert set(actions.values_list("status", flat=True)) == set(ActionStatus.values)
    today = timezone.localdate()
    assert actions.overdue().exists()  # open, with a due date before today
    assert actions.filter(status=ActionStatus.IN_PROGRESS, due_date__gte=today).exists()  # and on track
    dropped = actions.filter(status=ActionStatus.DROPPED)
    assert dropped.exists() and not dropped.filter(dropped_reason="").exists()
    assert not actions.exclude(status=ActionStatus.DROPPED).exclude(dropped_reason="").exists()


def test_its_progress_was_recorded_after_acceptance_in_dated_notes_by_its_leads_contributors_and_owners(standards):
    seed()
    accepted, actions = _accepted_plan()
    notes = ActionNote.objects.filter(action__in=actions).select_related("action", "written_by")
    assert notes.count() >= actions.count() // 2
    writers = set()
    for note in notes:
        assert accepted.accepted_at < note.written_at < timezone.now(), note
        roles = _partner_roles(note.written_by, accepted.partnership)
        assert roles & {Role.LEAD, Role.CONTRIBUTOR} or note.action.owner_id == note.written_by_id, note
        writers |= roles
    assert {Role.LEAD, Role.CONTRIBUTOR} <= writers
    assert len({note.written_at.date() for note in notes}) > 5  # written through the year, not on one day
    events = accepted.events.filter(kind=EventKind.ACTION_PROGRESS)
    assert events.count() == notes.count()  # each through the service, with its event
    assert not events.filter(at__lte=accepted.accepted_at).exists()
    progressed = Action.history.filter(response_id__in=accepted.responses.values("pk"))
    assert progressed.filter(history_change_reason="progress recorded").count() == notes.count()
    assert not progressed.filter(history_change_reason="action added", history_date__gte=accepted.accepted_at)
    assert not progressed.filter(history_change_reason="progress recorded", history_date__lte=accepted.accepted_at)


def test_an_action_is_owned_by_a_partners_person_with_an_account_named_as_they_are(standards):
    seed()
    accepted, actions = _accepted_plan()
    owned = actions.filter(owner__isnull=False)
    assert owned.exists() and actions.overdue().filter(owner__isnull=False).exists()  # so someone is reminded
    for action in owned:
        assert _partner_roles(action.owner, accepted.partnership), action
        assert (action.owner_name, action.owner_role) == (action.owner.full_name, action.owner.job_title)
    assert actions.filter(owner__isnull=True).exclude(owner_name="").exists()  # and one named, without an account


def test_one_interim_rating_by_a_lead_on_a_standard_whose_actions_are_all_done(standards):
    seed()
    accepted, _actions = _accepted_plan()
    interims = InterimRating.objects.filter(response__assessment__partnership=accepted.partnership)
    interim = interims.select_related("response__rating", "rating").get()  # one, on the accepted assessment
    response = interim.response
    assert response.assessment == accepted
    assert all_actions_done(response.actions.all())
    assert Role.LEAD in _partner_roles(interim.recorded_by, accepted.partnership)
    assert interim.rating.score > response.rating.score and interim.note
    assert accepted.accepted_at < interim.recorded_at < timezone.now()
    assert accepted.events.filter(kind=EventKind.INTERIM_RATING, actor=interim.recorded_by).count() == 1
