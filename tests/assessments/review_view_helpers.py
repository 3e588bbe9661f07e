"""Builders for the specs of BASW's review of assessments whose partners rate first, and of the national picture
of where trusts and councils diverge: every write goes through the services, as the pages would make it.

A plan of views is {standard code: (the trust's view, the first council's, the second council's ...)}, each a
rating code or NA (not applicable); standards not in the plan get every partner at "fully-met".
"""

from assessments.models import RatingMode, Response, Role, Status
from assessments.services import ResponseData, action_create, assessment_start, response_save
from assessments.services.partner_views import ViewData, partner_view_save
from tests import factories

from .service_helpers import EVIDENCE, action_data, drive_to, membership

NA = None  # a partner's view that the standard does not apply
NA_REASON = "No such service in our area."
DEFAULT = "fully-met"
RATIONALE = "We agreed {rating}: the council's supervision audit outweighed the trust's survey."


def give_view(response, lead, level_code, comment=""):
    """One partner's own view of a standard, given by its lead (level_code NA: not applicable, with a reason)."""
    level = None if level_code is NA else response.assessment.version.rating_levels.get(code=level_code)
    data = ViewData(
        rating=level,
        not_applicable=level is None,
        not_applicable_reason=NA_REASON if level is None else "",
        comment=comment or f"{lead.full_name}'s view of {response.standard.code}.",
    )
    return partner_view_save(response=response, actor=lead, membership=membership(lead), lock_version=0, data=data)


def agree(response, lead, level_code, rationale=""):
    """The joint answer, agreed once every view is in (level_code NA: not applicable); an action for a gap."""
    response.refresh_from_db()
    level = None if level_code is NA else response.assessment.version.rating_levels.get(code=level_code)
    data = ResponseData(
        rating=level,
        not_applicable=level is None,
        not_applicable_reason=NA_REASON if level is None else "",
        evidence=EVIDENCE,
        evidence_holder=None,
        evidence_held_jointly=True,
        agreed_rationale=rationale,
    )
    saved = response_save(response=response, actor=lead, lock_version=response.lock_version, data=data)
    if level is not None and level.score < max(v.score for v in response.assessment.version.rating_levels.all()):
        action_create(response=saved, actor=lead, data=action_data())
    return saved


def _lowest(version, codes):
    rated = [c for c in codes if c is not NA]
    if not rated:
        return NA
    scores = {level.code: level.score for level in version.rating_levels.all()}
    return min(rated, key=lambda c: scores[c])


def rate_apart(assessment, leads, plan=None, *, agreed=None, rationale=RATIONALE):
    """Every partner's lead gives its view of every standard (leads in partner order: the trust's first), then
    the trust's lead agrees each: at `agreed[code]`, else the lowest view, with a rationale on every standard
    whose views were not all the same (a divergent one needs it to be submitted)."""
    plan, agreed = plan or {}, agreed or {}
    responses = Response.objects.filter(assessment=assessment).select_related("standard", "assessment__version")
    for response in responses.order_by("standard__source_order"):
        code = response.standard.code
        views = plan.get(code, (DEFAULT,) * len(leads))
        for lead, view in zip(leads, views, strict=True):
            give_view(response, lead, view)
        level = agreed.get(code, _lowest(assessment.version, views))
        differ = len(set(views)) > 1
        words = "not applicable" if level is NA else level.replace("-", " ")
        agree(response, leads[0], level, rationale.format(rating=words) if differ else "")
    return assessment


def submitted_apart(assessment, leads, plan=None, **kwargs):
    """Rated apart, agreed, signed off by every lead and submitted: as BASW receives it."""
    rate_apart(assessment, leads, plan, **kwargs)
    return drive_to(assessment, Status.SUBMITTED, leads=leads, officer=None)


def partnership_with_leads(name, councils=1, **fields):
    """A partnership and its governance leads in partner order (the trust's first, then each council's)."""
    partnership = factories.make_partnership(name=name, councils=councils, **fields)
    leads = [factories.make_member(org, Role.LEAD, f"{org.name} lead") for org in partnership.partner_organisations()]
    return partnership, leads


def accepted_apart(name, version, officer, plan=None, *, councils=1, period="2026/27", **fields):
    """A new partnership's assessment rated apart to `plan`, submitted, reviewed and accepted by `officer`."""
    partnership, leads = partnership_with_leads(name, councils, **fields)
    assessment = assessment_start(
        partnership=partnership,
        period=period,
        version=version,
        actor=leads[0],
        rating_mode=RatingMode.PARTNERS_FIRST,
    )
    rate_apart(assessment, leads, plan)
    return drive_to(assessment, Status.ACCEPTED, leads=leads, officer=officer)
