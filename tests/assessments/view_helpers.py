"""Builders for the partner-view specs: each partner's own view through the service, a partners-first assessment
brought to BASW, the own-view form as a person sends it, and the parts of a page the specs read."""

import re

from assessments.models import Response
from assessments.services import assessment_submit

from . import partner_view_helpers
from .page_helpers import answer_all, page, sign_off_all

TRUST_COMMENT = "From the trust's side, supervision happens monthly and is recorded."
COUNCIL_COMMENT = "Our seconded staff tell us supervision is often cancelled."


def give_view(response, actor, level_code="largely-met", comment="", *, not_applicable=False, reason=""):
    """The actor's organisation's own view of `response`, saved from its current lock_version as a page would."""
    return partner_view_helpers.give_view(
        response, actor, level_code, comment=comment, not_applicable=not_applicable, reason=reason
    )


def give_all_views(assessment, leads, level_code="fully-met", *, codes=None):
    """Every lead's organisation gives its view (`level_code`) of every standard, or of those in `codes`."""
    responses = Response.objects.filter(assessment=assessment).select_related("standard", "assessment")
    for response in responses:
        if codes is None or response.standard.code in codes:
            for lead in leads:
                give_view(response, lead, level_code, f"{lead.full_name} on {response.standard.code}.")


def agree(response, actor, level_code="fully-met", rationale="", evidence="Minutes of the partnership board."):
    """The partners' agreed answer to `response`, through the service (views must be open)."""
    return partner_view_helpers.agree(response, actor, level_code, rationale=rationale, evidence=evidence)


def submitted_split(assessment, leads):
    """A partners-first draft as BASW receives it: every partner's view of every standard (the same), every
    standard agreed, every lead signed off, submitted."""
    give_all_views(assessment, leads)
    answer_all(assessment)
    sign_off_all(assessment, *leads)
    assessment_submit(assessment=assessment, actor=leads[0])
    assessment.refresh_from_db()
    return assessment


def view_post(lock_version=0, **fields):
    """The own-view form as a person sends it."""
    data = {"rating": "largely-met", "not_applicable_reason": "", "comment": "", "lock_version": lock_version}
    data.update(fields)
    return data


def views_table(response):
    """The page's table of every partner's own view, as text."""
    text = page(response)
    start = text.index('<table class="table table-sm partner-views">')
    return text[start : text.index("</table>", start)]


def view_row(response, organisation):
    """The row of `organisation` in the page's table of partners' views."""
    table = views_table(response)
    start = table.index(f'<th scope="row">{organisation.name}')
    return table[start : table.index("</tr>", start)]


def hidden_lock_version(response):
    """The lock_version the own-view form on the page will send back."""
    found = re.search(r'name="lock_version" value="(\d+)"[^>]*id="view-lock_version"', page(response))
    return int(found.group(1))
