"""Presentation helpers for the frontline's figures beside the ratings: no rules live here."""

from django import template

from ..scoring import frontline_not_shown as not_shown_text

register = template.Library()


@register.filter
def frontline_cell(results, standard_id):
    """The standard's FrontlineCell from a request's PulseResults, or None: no pulse, no statement on the
    standard, or results the person may not see (the view passes None then)."""
    return results.for_standard(standard_id) if results is not None else None


@register.simple_tag
def frontline_not_shown():
    """What stands in for a figure built from too few answers: the same words everywhere."""
    return not_shown_text()
