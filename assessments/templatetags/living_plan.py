"""Questions the standard page asks of the living plan, answered by the rules that own them (no rule lives here).

The plan's own pages work these out in their views; the standard page's view is shared with the draft's form,
so its template asks here, per action.
"""

from django import template

from ..services.plan import all_actions_done as _all_actions_done

register = template.Library()


@register.filter
def may_record_progress(access, action) -> bool:
    """Whether the person may record progress on `action` now (AssessmentAccess.why_not_progress)."""
    return access.why_not_progress(action) is None


@register.filter
def all_actions_done(actions) -> bool:
    """Every action closed and one at least done: the standard may have an interim rating (services.plan)."""
    return _all_actions_done(actions)
