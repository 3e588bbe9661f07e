"""Giving a partner's own view (services.partner_view_save), agreeing after the views (response_save), and
showing every view at once for a joint meeting (partner_views_reveal).

People (tests/conftest.py): trust_lead and contributor give the trust's view; council_lead the first council's;
council2_lead the second's; manager (first council) and officer (BASW) give none. `split_assessment` is a draft
whose three partners rate first; `assessment` is rated together.
"""

import pytest

from assessments.access import (
    AGREE_AFTER_VIEWS,
    ALREADY_REVEALED,
    NOT_A_LEAD_REVEAL,
    NOT_A_VIEW_EDITOR,
    NOT_RATING_APART,
)
from assessments.models import Assessment, Event, EventKind, Membership, PartnerView, Response, SignOff
from assessments.services import StaleEdit, WorkflowError, partner_view_save, partner_views_reveal, response_save
from assessments.services.answers import NA_AND_RATING, NA_NEEDS_REASON, RATING_NOT_IN_SCALE
from assessments.services.limits import PARTNER_COMMENT_MAX_CHARS, too_long
from assessments.services.partner_views import REVEALED_NOTE, VIEW_NEEDS_ANSWER
from tests import factories
from tests.assessments.service_helpers import answer, membership, sign_all

from .partner_view_helpers import COMMENT, agree, agreed_data, give_view, level, view_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def s1(split_assessment):
    return split_assessment.responses.get(standard__code="S1")


def revision(assessment):
    return Assessment.objects.get(pk=assessment.pk).revision


# Giving a view


def test_the_first_save_gives_the_organisations_view_and_the_next_changes_it(s1, trust_lead, trust):
    view = give_view(s1, trust_lead, "partially-met")
    assert (view.organisation, view.rating.code, view.comment, view.lock_version) == (
        trust,
        "partially-met",
        COMMENT,
        1,
    )
    assert view.updated_by == trust_lead and view.is_given
    changed = give_view(s1, trust_lead, "largely-met", comment="  Better since the new policy.  ")
    assert changed.pk == view.pk
    view.refresh_from_db()
    assert (view.rating.code, view.comment, view.lock_version) == ("largely-met", "Better since the new policy.", 2)
    assert PartnerView.objects.filter(response=s1).count() == 1


def test_the_view_is_always_the_persons_own_organisations(s1, trust_lead, contributor, council_lead, trust, council):
    give_view(s1, council_lead, "not-met")
    give_view(s1, contributor, "fully-met")  # a contributor gives the trust's view
    give_view(s1, trust_lead, "largely-met")  # and the trust's lead changes that same view
    views = {v.organisation: v for v in PartnerView.objects.filter(response=s1)}
    assert set(views) == {trust, council}
    assert (views[trust].rating.code, views[trust].updated_by) == ("largely-met", trust_lead)
    assert (views[council].rating.code, views[council].updated_by) == ("not-met", council_lead)


def test_not_applicable_with_a_reason_is_a_view(s1, council_lead):
    view = give_view(s1, council_lead, None, not_applicable=True, reason="  We commission no such service.  ")
    view.refresh_from_db()
    assert (view.rating, view.not_applicable, view.not_applicable_reason) == (
        None,
        True,
        "We commission no such service.",
    )
    assert view.is_given


def test_the_history_records_who_gave_and_changed_a_view_and_why(s1, trust_lead, contributor):
    give_view(s1, contributor, "partially-met")
    view = give_view(s1, trust_lead, "largely-met")
    records = list(view.history.order_by("history_date", "history_id"))
    assert [(r.history_type, r.history_user, r.history_change_reason) for r in records] == [
        ("+", contributor, "view given"),
        ("~", trust_lead, "view changed"),
    ]
    assert [r.rating.code for r in records] == ["partially-met", "largely-met"]


def test_a_stale_save_raises_with_the_colleagues_view_and_changes_nothing(s1, trust_lead, contributor):
    give_view(s1, trust_lead, "partially-met")  # the contributor opened the page before this
    before = revision(s1.assessment)
    with pytest.raises(StaleEdit) as excinfo:
        partner_view_save(
            response=s1,
            actor=contributor,
            membership=membership(contributor),
            lock_version=0,
            data=view_data(level(s1.assessment, "fully-met")),
        )
    current = excinfo.value.current
    assert (current.rating.code, current.updated_by, current.lock_version) == ("partially-met", trust_lead, 1)
    view = PartnerView.objects.get(response=s1)
    assert (view.rating.code, view.updated_by, view.lock_version, view.history.count()) == (
        "partially-met",
        trust_lead,
        1,
        1,
    )
    assert revision(s1.assessment) == before


def test_a_save_behind_a_colleagues_change_is_stale(s1, trust_lead, contributor):
    give_view(s1, trust_lead, "partially-met")
    give_view(s1, trust_lead, "largely-met")  # lock_version 2
    with pytest.raises(StaleEdit) as excinfo:
        partner_view_save(
            response=s1,
            actor=contributor,
            membership=membership(contributor),
            lock_version=1,
            data=view_data(level(s1.assessment, "not-met")),
        )
    assert excinfo.value.current.rating.code == "largely-met"
    assert PartnerView.objects.get(response=s1).rating.code == "largely-met"


def test_a_first_save_from_any_lock_version_gives_the_view(s1, trust_lead):
    """No view yet, so nobody's save is lost: a form holding a wrong lock_version still gives the view."""
    view = partner_view_save(
        response=s1,
        actor=trust_lead,
        membership=membership(trust_lead),
        lock_version=7,
        data=view_data(level(s1.assessment, "fully-met")),
    )
    assert PartnerView.objects.get(response=s1) == view and view.lock_version == 1


def bad(s1, **fields):
    values = {"rating": level(s1.assessment, "fully-met"), "not_applicable": False, "reason": "", "comment": COMMENT}
    values.update(fields)
    return view_data(
        values["rating"], not_applicable=values["not_applicable"], reason=values["reason"], comment=values["comment"]
    )


@pytest.mark.parametrize(
    "fields, errors",
    [
        ({"rating": None}, {"rating": [VIEW_NEEDS_ANSWER]}),
        ({"rating": None, "not_applicable": True}, {"not_applicable_reason": [NA_NEEDS_REASON]}),
        ({"rating": None, "not_applicable": True, "reason": "   "}, {"not_applicable_reason": [NA_NEEDS_REASON]}),
        ({"not_applicable": True, "reason": "No such service."}, {"rating": [NA_AND_RATING]}),
        ({"comment": "x" * (PARTNER_COMMENT_MAX_CHARS + 1)}, {"comment": [too_long("comment", "x" * 2001)]}),
    ],
    ids=["no rating", "na without reason", "na with a blank reason", "na and a rating", "comment too long"],
)
def test_a_view_that_is_not_whole_is_refused_and_changes_nothing(s1, trust_lead, fields, errors):
    before = revision(s1.assessment)
    with pytest.raises(WorkflowError) as excinfo:
        partner_view_save(
            response=s1, actor=trust_lead, membership=membership(trust_lead), lock_version=0, data=bad(s1, **fields)
        )
    assert excinfo.value.message_dict == errors
    assert not PartnerView.objects.filter(response=s1).exists()
    assert revision(s1.assessment) == before


def test_a_rating_from_another_versions_scale_is_refused(s1, trust_lead):
    other = factories.make_version().rating_levels.get(code="fully-met")
    with pytest.raises(WorkflowError) as excinfo:
        give_view(s1, trust_lead, data=view_data(other))
    assert excinfo.value.message_dict == {"rating": [RATING_NOT_IN_SCALE]}
    assert not PartnerView.objects.filter(response=s1).exists()


def test_a_comment_at_the_limit_is_kept(s1, trust_lead):
    view = give_view(s1, trust_lead, comment="x" * PARTNER_COMMENT_MAX_CHARS)
    view.refresh_from_db()
    assert len(view.comment) == PARTNER_COMMENT_MAX_CHARS


# Sign-offs


def test_a_changed_view_clears_the_sign_offs_with_an_event(s1, leads, council_lead, council):
    sign_all(s1.assessment, leads)
    give_view(s1, council_lead, "not-met")
    assert not SignOff.objects.filter(assessment=s1.assessment).exists()
    event = Event.objects.filter(assessment=s1.assessment, kind=EventKind.SIGNOFFS_CLEARED).get()
    assert event.actor == council_lead
    assert f"{council.name}'s own view of S1" in event.note


def test_saving_the_same_view_again_keeps_the_sign_offs(s1, leads, trust_lead):
    give_view(s1, trust_lead, "largely-met")
    sign_all(s1.assessment, leads)
    give_view(s1, trust_lead, "largely-met", comment=f"  {COMMENT} ")
    give_view(s1, trust_lead, "largely-met", reason="Typed, then the person chose a rating.")  # not kept: rated
    assert SignOff.objects.filter(assessment=s1.assessment).count() == 3
    assert not Event.objects.filter(assessment=s1.assessment, kind=EventKind.SIGNOFFS_CLEARED).exists()
    assert PartnerView.objects.get(response=s1).not_applicable_reason == ""


# Who may not give a view


def test_a_manager_gives_no_view(s1, manager):
    with pytest.raises(WorkflowError) as excinfo:
        give_view(s1, manager)
    assert excinfo.value.messages == [NOT_A_VIEW_EDITOR.format(role="Manager")]
    assert not PartnerView.objects.exists()


def test_an_officer_gives_no_view(s1, officer):
    with pytest.raises(WorkflowError) as excinfo:
        partner_view_save(
            response=s1,
            actor=officer,
            membership=Membership.objects.get(user=officer),
            lock_version=0,
            data=view_data(level(s1.assessment, "fully-met")),
        )
    assert excinfo.value.messages == [NOT_A_VIEW_EDITOR.format(role="BASW officer")]
    assert not PartnerView.objects.exists()


def test_nobody_gives_a_view_when_the_partners_rate_together(assessment, trust_lead):
    response = assessment.responses.get(standard__code="S1")
    with pytest.raises(WorkflowError) as excinfo:
        give_view(response, trust_lead)
    assert excinfo.value.messages == [NOT_RATING_APART]
    assert not PartnerView.objects.exists()


# Agreeing the joint answer once the views are open


def test_the_joint_answer_waits_for_every_partners_view(s1, trust_lead, council_lead, council2_lead):
    give_view(s1, trust_lead)
    give_view(s1, council_lead)
    with pytest.raises(WorkflowError) as excinfo:
        agree(s1, trust_lead)
    assert excinfo.value.messages == [AGREE_AFTER_VIEWS]
    s1.refresh_from_db()
    assert (s1.rating, s1.lock_version) == (None, 0)
    give_view(s1, council2_lead, None, not_applicable=True, reason="No such service here.")
    agree(s1, trust_lead, "largely-met")
    s1.refresh_from_db()
    assert s1.rating.code == "largely-met"


def test_the_joint_answer_can_be_agreed_once_every_view_is_shown(s1, trust_lead):
    give_view(s1, trust_lead)
    partner_views_reveal(assessment=s1.assessment, actor=trust_lead, membership=membership(trust_lead))
    agree(s1, trust_lead, "partially-met")
    s1.refresh_from_db()
    assert s1.rating.code == "partially-met"


def test_agreeing_together_needs_no_views(assessment, trust_lead):
    response = assessment.responses.get(standard__code="S1")
    agree(response, trust_lead, "largely-met")
    response.refresh_from_db()
    assert response.rating.code == "largely-met"


def test_the_rationale_is_saved_trimmed_and_in_the_history(s1, leads, trust_lead):
    for lead in leads:
        give_view(s1, lead)
    agree(s1, trust_lead, "largely-met", rationale="  The council's audit outweighs the trust's survey.  ")
    s1.refresh_from_db()
    assert s1.agreed_rationale == "The council's audit outweighs the trust's survey."
    assert s1.history.latest().agreed_rationale == s1.agreed_rationale


def test_a_rationale_too_long_is_refused_and_changes_nothing(s1, leads, trust_lead):
    for lead in leads:
        give_view(s1, lead)
    s1.refresh_from_db()
    long = "x" * (PARTNER_COMMENT_MAX_CHARS + 1)
    data = agreed_data(level(s1.assessment, "largely-met"), rationale=long)
    with pytest.raises(WorkflowError) as excinfo:
        response_save(response=s1, actor=trust_lead, lock_version=s1.lock_version, data=data)
    assert excinfo.value.message_dict == {"agreed_rationale": [too_long("agreed_rationale", long)]}
    s1.refresh_from_db()
    assert (s1.rating, s1.agreed_rationale) == (None, "")


def test_a_changed_rationale_clears_the_sign_offs(s1, leads, trust_lead):
    for lead in leads:
        give_view(s1, lead)
    agree(s1, trust_lead, "largely-met", rationale="First reason.")
    sign_all(s1.assessment, leads)
    agree(s1, trust_lead, "largely-met", rationale="A better reason.")
    assert not SignOff.objects.filter(assessment=s1.assessment).exists()


# Showing every view at once


def test_a_lead_shows_every_view_for_a_joint_meeting(split_assessment, council_lead):
    before = revision(split_assessment)
    shown = partner_views_reveal(assessment=split_assessment, actor=council_lead, membership=membership(council_lead))
    split_assessment.refresh_from_db()
    assert split_assessment.views_revealed_at is not None and split_assessment.views_revealed_by == council_lead
    assert shown.views_revealed_at == split_assessment.views_revealed_at
    event = Event.objects.get(assessment=split_assessment, kind=EventKind.VIEWS_REVEALED)
    assert (event.actor, event.note) == (council_lead, REVEALED_NOTE.format(name=council_lead.full_name))
    assert split_assessment.revision > before  # cached reports are rendered again, now with every view


def test_a_contributor_does_not_show_the_views(split_assessment, contributor):
    with pytest.raises(WorkflowError) as excinfo:
        partner_views_reveal(assessment=split_assessment, actor=contributor, membership=membership(contributor))
    assert excinfo.value.messages == [NOT_A_LEAD_REVEAL]
    split_assessment.refresh_from_db()
    assert split_assessment.views_revealed_at is None
    assert not Event.objects.filter(kind=EventKind.VIEWS_REVEALED).exists()


def test_the_views_are_shown_only_once(split_assessment, trust_lead, council_lead):
    partner_views_reveal(assessment=split_assessment, actor=trust_lead, membership=membership(trust_lead))
    first = Assessment.objects.get(pk=split_assessment.pk).views_revealed_at
    with pytest.raises(WorkflowError) as excinfo:
        partner_views_reveal(assessment=split_assessment, actor=council_lead, membership=membership(council_lead))
    assert excinfo.value.messages == [ALREADY_REVEALED]
    split_assessment.refresh_from_db()
    assert (split_assessment.views_revealed_at, split_assessment.views_revealed_by) == (first, trust_lead)
    assert Event.objects.filter(kind=EventKind.VIEWS_REVEALED).count() == 1


def test_views_rated_together_are_not_shown(assessment, trust_lead):
    with pytest.raises(WorkflowError) as excinfo:
        partner_views_reveal(assessment=assessment, actor=trust_lead, membership=membership(trust_lead))
    assert excinfo.value.messages == [NOT_RATING_APART]
    assert Response.objects.filter(assessment=assessment).count() == 8


def test_saving_the_same_joint_answer_again_keeps_the_sign_offs(assessment, leads, trust_lead, trust):
    """What the service would not keep (a reason beside a rating, held jointly beside a holder, spaces round a
    reason) is no change: the sign-offs stand."""
    response = assessment.responses.get(standard__code="S1")
    answer(response, trust_lead, None, not_applicable=True, reason="  No such service here. ")
    s2 = assessment.responses.get(standard__code="S2")
    answer(s2, trust_lead, "fully-met", holder=trust, jointly=True)
    sign_all(assessment, leads)
    answer(response, trust_lead, None, not_applicable=True, reason="No such service here.")
    answer(s2, trust_lead, "fully-met", holder=trust, jointly=True, reason="Typed, then rated after all.")
    assert SignOff.objects.filter(assessment=assessment).count() == 3
    answer(s2, trust_lead, "largely-met", holder=trust)
    assert not SignOff.objects.filter(assessment=assessment).exists()
