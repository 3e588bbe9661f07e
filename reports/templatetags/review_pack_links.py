"""`latest_accepted`: which of a partnership's assessments (already read) the s75 review pack links go to.

The rule is reports.review_pack.latest_accepted; the filter only lets the partnership page ask it of the
assessments its view has read, with no query of its own.
"""

from django import template

from ..review_pack import latest_accepted as latest_accepted_of

register = template.Library()


@register.filter
def latest_accepted(assessments):
    return latest_accepted_of(assessments)
