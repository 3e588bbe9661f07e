"""Interim ratings, and the roll-forward that offers them as next year's starting rating.

Once every action on a standard of an accepted assessment is done (or dropped, with at least one done), a
governance lead may re-rate it: dated, with a note, kept with its history and an event. The accepted rating
stays as it was. Carrying the assessment forward then starts that standard from its latest interim rating
(mapped by the rating's code onto the next version's scale); the other standards start from the accepted one.
Who may record one is test_plan_access.py.
"""

import pytest

from assessments.models import ActionStatus, Event, EventKind, InterimRating, RatingMode, Response, SignOff
from assessments.services import WorkflowError, action_create, assessment_start
from assessments.services.limits import texts_too_long
from assessments.services.plan import (
    INTERIM_EVENT,
    INTERIM_NEEDS_DONE,
    INTERIM_NEEDS_NOTE,
    INTERIM_NOT_IN_SCALE,
    PLAN_NOT_LIVE,
    all_actions_done,
    interim_rating_record,
)
from standards.models import Standard, VersionStatus
from tests import factories

from .plan_service_helpers import OTHER, accept_with_plan, action, close_s1, interim, next_year, progress, snapshot
from .service_helpers import action_data, answer

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted(assessment, leads, officer):
    return accept_with_plan(assessment, leads=leads, officer=officer)


def response(assessment, code):
    return Response.objects.select_related("rating").get(assessment=assessment, standard__code=code)


def refused(*args, **kwargs) -> WorkflowError:
    with pytest.raises(WorkflowError) as excinfo:
        interim(*args, **kwargs)
    return excinfo.value


# Recording an interim rating


def test_a_lead_re_rates_a_standard_once_its_actions_are_done(accepted, trust_lead, council_lead):
    close_s1(accepted, trust_lead, note="Policy agreed.")
    revision = snapshot(accepted)["revision"]
    signoffs = snapshot(accepted)["signoffs"]
    recorded = interim(response(accepted, "S1"), council_lead, "largely-met", "  Policy agreed and audited.  ")
    recorded.refresh_from_db()
    assert (recorded.rating.code, recorded.note, recorded.recorded_by) == (
        "largely-met",
        "Policy agreed and audited.",
        council_lead,
    )
    assert recorded.rating.version == accepted.version
    record = recorded.history.get()
    assert (record.history_user, record.history_type) == (council_lead, "+")
    event = Event.objects.get(assessment=accepted, kind=EventKind.INTERIM_RATING)
    assert event.actor == council_lead
    assert event.note == INTERIM_EVENT.format(name="Colin Councillead", code="S1", rating="largely met")
    assert response(accepted, "S1").rating.code == "partially-met"  # the accepted rating stays as it was
    after = snapshot(accepted)
    assert after["revision"] > revision and after["signoffs"] == signoffs


def test_a_standard_with_one_action_done_and_the_rest_dropped_may_be_re_rated(accepted, trust_lead):
    close_s1(accepted, trust_lead, ActionStatus.DROPPED, dropped_reason="Recommissioned.")
    assert interim(response(accepted, "S1"), trust_lead).rating.code == "fully-met"


def test_the_latest_interim_rating_is_read_first(accepted, trust_lead, council_lead):
    close_s1(accepted, trust_lead)
    interim(response(accepted, "S1"), trust_lead, "largely-met")
    interim(response(accepted, "S1"), council_lead, "fully-met", "Audited again.")
    assert [r.rating.code for r in response(accepted, "S1").interim_ratings.all()] == ["fully-met", "largely-met"]


def test_an_interim_rating_waits_until_every_action_is_done(accepted, trust_lead):
    before = snapshot(accepted)
    error = refused(response(accepted, "S1"), trust_lead)  # one action done, one in progress
    assert error.messages == [INTERIM_NEEDS_DONE.format(code="S1")]
    assert error.messages == [
        "Record an interim rating once every action on S1 is done (or dropped, with at least one done)."
    ]
    assert snapshot(accepted) == before


def test_a_standard_whose_actions_were_all_dropped_or_that_has_none_is_not_re_rated(accepted, trust_lead):
    progress(action(accepted, OTHER), trust_lead, ActionStatus.DROPPED, dropped_reason="Recommissioned.")
    before = snapshot(accepted)
    assert refused(response(accepted, "S2"), trust_lead).messages == [INTERIM_NEEDS_DONE.format(code="S2")]
    assert refused(response(accepted, "S3"), trust_lead).messages == [INTERIM_NEEDS_DONE.format(code="S3")]
    assert snapshot(accepted) == before


def test_all_actions_done_means_closed_with_at_least_one_done(accepted):
    actions = list(response(accepted, "S1").actions.all())
    assert not all_actions_done(actions)  # one in progress
    assert not all_actions_done([])
    for a in actions:
        a.status = ActionStatus.DROPPED
    assert not all_actions_done(actions)
    actions[0].status = ActionStatus.DONE
    assert all_actions_done(actions)


def test_a_rating_of_another_versions_scale_is_refused(accepted, trust_lead):
    close_s1(accepted, trust_lead)
    before = snapshot(accepted)
    elsewhere = factories.make_version().rating_levels.get(code="fully-met")  # the same code, another scale
    with pytest.raises(WorkflowError) as excinfo:
        interim_rating_record(
            response=response(accepted, "S1"),
            actor=trust_lead,
            membership=trust_lead.memberships.get(),
            rating=elsewhere,
            note="Audited.",
        )
    assert excinfo.value.message_dict == {"rating": [INTERIM_NOT_IN_SCALE]}
    assert refused(response(accepted, "S1"), trust_lead, code=None).message_dict == {"rating": [INTERIM_NOT_IN_SCALE]}
    assert snapshot(accepted) == before


@pytest.mark.parametrize(
    ("note", "errors"),
    [("", {"note": [INTERIM_NEEDS_NOTE]}), ("  \n ", {"note": [INTERIM_NEEDS_NOTE]}), ("z" * 5_001, None)],
    ids=["empty", "blank", "too-long"],
)
def test_an_interim_rating_needs_a_note_that_fits(accepted, trust_lead, note, errors):
    close_s1(accepted, trust_lead)
    before = snapshot(accepted)
    expected = errors or {"note": [texts_too_long(note=note)["note"]]}
    assert refused(response(accepted, "S1"), trust_lead, note=note).message_dict == expected
    assert snapshot(accepted) == before


def test_a_draft_has_no_interim_rating(assessment, trust_lead):
    s1 = response(assessment, "S1")
    answer(s1, trust_lead, level_code="partially-met")
    action_create(response=s1, actor=trust_lead, data=action_data(status="done"))
    assert refused(response(assessment, "S1"), trust_lead).messages == [PLAN_NOT_LIVE.format(status="draft")]
    assert not InterimRating.objects.exists()


# The roll-forward offers it


def test_next_year_starts_a_re_rated_standard_from_its_latest_interim_rating(
    accepted, partnership, version, trust_lead
):
    close_s1(accepted, trust_lead)
    interim(response(accepted, "S1"), trust_lead, "largely-met")
    interim(response(accepted, "S1"), trust_lead, "fully-met", "Audited again.")
    new = next_year(partnership, version, trust_lead)
    s1, s2, s3 = (response(new, code) for code in ("S1", "S2", "S3"))
    assert (s1.rating.code, s1.carried_forward, s1.not_applicable) == ("fully-met", True, False)
    assert s1.rating.version == version
    assert (s2.rating.code, s2.carried_forward) == ("partially-met", True)  # no interim rating: the accepted one
    assert (s3.rating.code, s3.carried_forward) == ("fully-met", True)
    assert s1.evidence == response(accepted, "S1").evidence
    assert not SignOff.objects.filter(assessment=new).exists()


def test_without_carrying_forward_nothing_is_offered(accepted, partnership, version, trust_lead):
    close_s1(accepted, trust_lead)
    interim(response(accepted, "S1"), trust_lead)
    new = assessment_start(
        partnership=partnership, period="2027/28", version=version, actor=trust_lead, rating_mode=RatingMode.TOGETHER
    )
    assert (response(new, "S1").rating, response(new, "S1").carried_forward) == (None, False)


@pytest.fixture
def next_version(version):
    """The framework's next version: the same items (each restating last year's) on a scale of its own."""
    later = factories.make_version(framework=version.framework, slug="next")
    later.status = VersionStatus.PUBLISHED
    later.save()
    for item in Standard.objects.filter(version=later):
        Standard.objects.filter(pk=item.pk).update(restates=Standard.objects.get(version=version, code=item.code))
    return later


def test_the_interim_rating_is_mapped_by_its_code_onto_the_next_versions_scale(
    accepted, partnership, next_version, trust_lead
):
    close_s1(accepted, trust_lead)
    interim(response(accepted, "S1"), trust_lead, "largely-met")
    new = next_year(partnership, next_version, trust_lead)
    s1, s2 = response(new, "S1"), response(new, "S2")
    assert s1.rating == next_version.rating_levels.get(code="largely-met")
    assert s2.rating == next_version.rating_levels.get(code="partially-met")
    assert s1.carried_forward and s2.carried_forward


def test_an_interim_rating_the_next_scale_lacks_falls_back_to_the_accepted_rating(
    accepted, partnership, next_version, trust_lead
):
    close_s1(accepted, trust_lead)
    interim(response(accepted, "S1"), trust_lead, "largely-met")
    next_version.rating_levels.filter(code="largely-met").delete()
    new = next_year(partnership, next_version, trust_lead)
    s1 = response(new, "S1")
    assert (s1.rating, s1.carried_forward) == (next_version.rating_levels.get(code="partially-met"), True)
