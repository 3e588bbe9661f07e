"""The partnership page's trend section, read where the page's view does not pass it (presentation only).

`{% trend_section partnership %}` reads selectors.trend.partnership_trend (two queries) for a partnership the view
has already found visible to the person, and renders partials/trend.html. A view that passes `trend` itself can
include the partial directly instead.
"""

from django import template

from ..selectors.trend import partnership_trend

register = template.Library()


@register.inclusion_tag("partials/trend.html")
def trend_section(partnership, current=None):
    return {"trend": partnership_trend(partnership), "current": current}
