"""Submitting an assessment whose partners rate first, carrying it forward a year, and the migration that
brought the rating modes in.

People (tests/conftest.py): trust_lead, council_lead and council2_lead, one per partner (`leads`); officer
reviews at BASW. `split_assessment` is a draft whose three partners rate first; `assessment` rates together.
The test version has eight standards: P1, P2, S1 to S6.

A partners-first assessment goes to BASW only once every partner has given its own view of every standard
and each divergent standard's agreed rating has a rationale, besides what any assessment needs.
"""

import pytest

from assessments.access import AGREE_AFTER_VIEWS
from assessments.models import Assessment, PartnerView, RatingMode, Status
from assessments.scoring import (
    PROBLEM_DIVERGENT_WITHOUT_RATIONALE,
    PROBLEM_UNANSWERED,
    PROBLEM_VIEWS_MISSING,
    Divergence,
)
from assessments.selectors import overview, submission_problems
from assessments.services import WorkflowError, action_create, assessment_start, assessment_submit, partner_views_reveal
from tests.assessments.service_helpers import action_data, complete, drive_to, membership, sign_all

from .partner_view_helpers import agree, give_all_views, give_view

pytestmark = pytest.mark.django_db

CODES = ["P1", "P2", "S1", "S2", "S3", "S4", "S5", "S6"]


def problems(assessment):
    return submission_problems(Assessment.objects.get(pk=assessment.pk))


def response(assessment, code):
    return assessment.responses.get(standard__code=code)


def refused(assessment, actor):
    with pytest.raises(WorkflowError) as excinfo:
        assessment_submit(assessment=assessment, actor=actor)
    assert Assessment.objects.get(pk=assessment.pk).status == Status.DRAFT
    return excinfo.value.messages


@pytest.fixture
def divergent(split_assessment, leads, council_lead, council2_lead):
    """Every partner's view given: most fully met; S1 divergent (the council says not met), S2 differs (the
    council says largely met), S4 divergent (the second council says it does not apply)."""
    give_all_views(split_assessment, leads, skip={"S1", "S2", "S4"})
    for code, council_view in [("S1", "not-met"), ("S2", "largely-met"), ("S4", "fully-met")]:
        give_view(response(split_assessment, code), leads[0], "fully-met")
        give_view(response(split_assessment, code), council_lead, council_view)
    give_view(response(split_assessment, "S1"), council2_lead, "fully-met")
    give_view(response(split_assessment, "S2"), council2_lead, "fully-met")
    give_view(response(split_assessment, "S4"), council2_lead, None, not_applicable=True, reason="No such team here.")
    return split_assessment


def test_a_fresh_partners_first_draft_lists_each_partners_missing_views_first(
    split_assessment, trust, council, council2
):
    found = problems(split_assessment)
    codes = ", ".join(CODES)
    assert found[:3] == [
        ("partner_view", "P1", PROBLEM_VIEWS_MISSING.format(organisation=org.name, count="8 standards", codes=codes))
        for org in (trust, council, council2)
    ]
    assert found[3] == ("unanswered", "P1", PROBLEM_UNANSWERED.format(code="P1"))


def test_it_cannot_be_submitted_while_a_partner_has_not_given_its_views(split_assessment, leads, council2):
    trust_lead, council_lead, _ = leads
    give_all_views(split_assessment, [trust_lead, council_lead])
    partner_views_reveal(assessment=split_assessment, actor=trust_lead, membership=membership(trust_lead))
    complete(split_assessment, trust_lead)  # the joint answers, agreed once every view was shown
    sign_all(split_assessment, leads)
    message = PROBLEM_VIEWS_MISSING.format(organisation=council2.name, count="8 standards", codes=", ".join(CODES))
    assert problems(split_assessment) == [("partner_view", "P1", message)]
    assert refused(split_assessment, trust_lead) == [message]


def test_the_problem_names_only_the_standards_still_without_the_partners_view(split_assessment, leads, council2):
    give_all_views(split_assessment, leads[:2])
    give_all_views(split_assessment, leads[2:], skip={"S3"})
    message = PROBLEM_VIEWS_MISSING.format(organisation=council2.name, count="1 standard", codes="S3")
    assert [p for p in problems(split_assessment) if p[0] == "partner_view"] == [("partner_view", "S3", message)]


def test_a_divergent_standard_needs_a_rationale_before_submission(divergent, leads):
    trust_lead = leads[0]
    summary = overview(divergent)
    assert {row.response.standard.code: row.divergence for row in summary.rows if row.divergence != "same"} == {
        "S1": Divergence.DIVERGENT,
        "S2": Divergence.DIFFERS,
        "S4": Divergence.DIVERGENT,
    }
    assert [row.response.standard.code for row in summary.divergent] == ["S1", "S4"]
    agree(response(divergent, "S1"), trust_lead, "partially-met")
    action_create(response=response(divergent, "S1"), actor=trust_lead, data=action_data())
    agree(response(divergent, "S2"), trust_lead, "largely-met")  # differs: no rationale needed
    action_create(response=response(divergent, "S2"), actor=trust_lead, data=action_data())
    agree(response(divergent, "S4"), trust_lead, "fully-met", rationale="The second council has no such team.")
    complete(divergent, trust_lead)
    sign_all(divergent, leads)
    message = PROBLEM_DIVERGENT_WITHOUT_RATIONALE.format(code="S1")
    assert problems(divergent) == [("rationale", "S1", message)]
    assert refused(divergent, trust_lead) == [message]


def test_with_every_view_agreed_answers_actions_rationales_and_sign_offs_it_goes_to_basw(divergent, leads, officer):
    trust_lead = leads[0]
    agree(response(divergent, "S1"), trust_lead, "partially-met", rationale="The council's case audit is the fuller.")
    action_create(response=response(divergent, "S1"), actor=trust_lead, data=action_data())
    agree(response(divergent, "S2"), trust_lead, "largely-met")
    action_create(response=response(divergent, "S2"), actor=trust_lead, data=action_data())
    agree(response(divergent, "S4"), trust_lead, "fully-met", rationale="The second council has no such team.")
    complete(divergent, trust_lead)
    sign_all(divergent, leads)
    assert problems(divergent) == []
    submitted = assessment_submit(assessment=divergent, actor=trust_lead)
    assert Assessment.objects.get(pk=divergent.pk).status == Status.SUBMITTED == submitted.status
    s1 = response(divergent, "S1")
    assert (s1.rating.code, s1.agreed_rationale) == ("partially-met", "The council's case audit is the fuller.")
    assert PartnerView.objects.filter(response__assessment=divergent).count() == 24  # each view kept beside it


def test_rating_together_needs_no_views_to_submit(assessment, leads):
    complete(assessment, leads[0])
    sign_all(assessment, leads)
    assert problems(assessment) == []
    assert assessment_submit(assessment=assessment, actor=leads[0]).status == Status.SUBMITTED
    assert not PartnerView.objects.exists()


# The next year


@pytest.fixture
def accepted_split(divergent, leads, officer):
    """Last year's accepted plan, its partners rating first: S1 agreed partially met with a rationale."""
    trust_lead = leads[0]
    agree(response(divergent, "S1"), trust_lead, "partially-met", rationale="The council's case audit is the fuller.")
    action_create(response=response(divergent, "S1"), actor=trust_lead, data=action_data())
    agree(response(divergent, "S2"), trust_lead, "largely-met")
    action_create(response=response(divergent, "S2"), actor=trust_lead, data=action_data())
    agree(response(divergent, "S4"), trust_lead, "fully-met", rationale="The second council has no such team.")
    return drive_to(divergent, Status.ACCEPTED, leads=leads, officer=officer)


def carry(partnership, version, actor):
    return assessment_start(
        partnership=partnership,
        period="2027/28",
        version=version,
        actor=actor,
        carry_forward=True,
        rating_mode=RatingMode.PARTNERS_FIRST,
    )


def test_carrying_forward_copies_the_agreed_answers_but_no_partner_view(accepted_split, partnership, version, leads):
    new = carry(partnership, version, leads[0])
    assert new.partners_rate_first and new.carried_from == accepted_split
    s1 = response(new, "S1")
    assert (s1.rating.code, s1.carried_forward, s1.evidence) == (
        "partially-met",
        True,
        "Minutes of the partnership board.",
    )
    assert s1.agreed_rationale == ""  # it explained last year's views; this year's are given afresh
    assert not PartnerView.objects.filter(response__assessment=new).exists()
    assert PartnerView.objects.filter(response__assessment=accepted_split).count() == 24  # last year's kept
    assert [(p.given, p.total) for p in overview(new).partner_progress] == [(0, 8)] * 3


def test_the_new_years_partners_give_their_views_afresh_before_confirming_an_answer(
    accepted_split, partnership, version, leads
):
    new = carry(partnership, version, leads[0])
    s1 = response(new, "S1")
    with pytest.raises(WorkflowError) as excinfo:
        agree(s1, leads[0], "partially-met")  # confirming the carried answer waits for this year's views
    assert excinfo.value.messages == [AGREE_AFTER_VIEWS]
    first = give_view(s1, leads[0], "largely-met")
    assert first.lock_version == 1 and first.response.assessment_id == new.pk
    for lead in leads[1:]:
        give_view(s1, lead, "largely-met")
    agree(s1, leads[0], "largely-met")
    s1.refresh_from_db()
    assert (s1.rating.code, s1.carried_forward) == ("largely-met", False)


def test_a_new_assessment_rates_partners_first_unless_told_otherwise(partnership, version, trust_lead):
    new = assessment_start(partnership=partnership, period="2027/28", version=version, actor=trust_lead)
    assert new.rating_mode == RatingMode.PARTNERS_FIRST
    assert "Each partner rates first, then you agree" in new.events.get().note


# The migration


@pytest.mark.django_db(transaction=True)
def test_assessments_begun_before_the_migration_are_rated_together():
    """0008 adds the rating mode with 'together' for the rows already there, then makes each partner rating
    first the default for new ones."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("assessments", "0007_notification_delivery")]
    after = [("assessments", "0008_partner_views")]
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(before)
    old = executor.loader.project_state([*before, ("standards", "0003_divergence_levels")]).apps
    User = old.get_model("assessments", "User")
    Organisation = old.get_model("assessments", "Organisation")
    Partnership = old.get_model("assessments", "Partnership")
    Framework = old.get_model("standards", "Framework")
    FrameworkVersion = old.get_model("standards", "FrameworkVersion")
    OldAssessment = old.get_model("assessments", "Assessment")
    user = User.objects.create(email="old@example.org", full_name="Old Lead")
    trust = Organisation.objects.create(kind="nhs_trust", name="Old Trust", region="north_west")
    partnership = Partnership.objects.create(
        name="Old partnership",
        trust=trust,
        arrangement="s75_pooled",
        continuum_stage="pooled",
        social_worker_employment="seconded",
        agreement_start="2019-04-01",
    )
    framework = Framework.objects.create(slug="old", name="Old framework", short_name="OF")
    version = FrameworkVersion.objects.create(
        framework=framework,
        slug="v1",
        label="Old",
        title="Old",
        publication_date="2010-09-01",
        publisher="BASW",
        source_citation="Old",
        status="published",
    )
    old_pk = OldAssessment.objects.create(
        partnership=partnership, period="2025/26", version=version, created_by=user
    ).pk

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    new = executor.loader.project_state(after).apps
    NewAssessment = new.get_model("assessments", "Assessment")
    assert NewAssessment.objects.get(pk=old_pk).rating_mode == "together"
    fresh = NewAssessment.objects.create(
        partnership_id=partnership.pk, period="2026/27", version_id=version.pk, created_by_id=user.pk
    )
    assert NewAssessment.objects.get(pk=fresh.pk).rating_mode == "partners_first"

    executor = MigrationExecutor(connection)
    executor.migrate(latest)
