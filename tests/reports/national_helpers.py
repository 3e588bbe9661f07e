"""Builders for the national picture's specs: an assessment rated to a plan of scores and accepted through the
services, so its scores are stored at acceptance (services.records.scores_store) as in life.

A plan of scores is {standard code: score}, in the factories' scale (0 not met, 1 partially, 2 largely, 3 fully;
None = not applicable, with a reason); standards not in the plan get `default`. Every gap gets an action and
every answer evidence, as a submission needs; the partners rate together.
"""

from assessments.models import Membership, RatingMode, Response, Role, Status
from assessments.services import assessment_start
from tests import factories
from tests.assessments.review_view_helpers import NA, agree
from tests.assessments.service_helpers import drive_to


def leads_of(partnership):
    """Each partner organisation's governance lead, in partner order (the trust's first); made where missing."""
    leads = []
    for organisation in partnership.partner_organisations():
        membership = Membership.objects.filter(organisation=organisation, role=Role.LEAD).first()
        lead = membership.user if membership else None
        leads.append(lead or factories.make_member(organisation, Role.LEAD, f"Lee Lead of {organisation.name}"))
    return leads


def an_officer():
    return factories.make_member(factories.basw(), Role.OFFICER, "Otis Officer", job_title="Professional Officer")


def accept(partnership, version, scores, *, period="2026/27", officer=None, default=3):
    """A new assessment of `partnership` rated to `scores`, signed off, submitted, reviewed and accepted."""
    leads = leads_of(partnership)
    assessment = assessment_start(
        partnership=partnership, period=period, version=version, actor=leads[0], rating_mode=RatingMode.TOGETHER
    )
    codes = {level.score: level.code for level in version.rating_levels.all()}
    responses = Response.objects.filter(assessment=assessment).select_related("standard", "assessment__version")
    for response in responses.order_by("standard__source_order"):
        score = scores.get(response.standard.code, default)
        agree(response, leads[0], NA if score is None else codes[score])
    return drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer or an_officer())
