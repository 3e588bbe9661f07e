"""Presentation helpers only: no rules live here."""

import re

from django import template

from ..scoring import TaskState

HEX_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")

register = template.Library()


@register.filter
def field_anchor(form, name):
    """The id of the first input of a field, for error summary links (radios get _0)."""
    if not name or name == "__all__":
        return "main-content"
    field = form.fields.get(name)
    if field is None:
        return "main-content"
    widget = field.widget
    radios = getattr(widget, "allow_multiple_selected", False) or getattr(widget, "input_type", None) == "radio"
    suffix = "_0" if radios else ""  # a textarea or select has no input_type
    name = form.add_prefix(name)  # a prefixed form's inputs are named and identified with its prefix
    return f"{form.auto_id % name}{suffix}" if form.auto_id else name


@register.filter
def state_class(state):
    return {
        TaskState.NOT_STARTED: "not-started",
        TaskState.IN_PROGRESS: "in-progress",
        TaskState.COMPLETED: "completed",
        TaskState.CARRIED: "in-progress",
    }.get(state, state)


@register.filter
def heat_class(value, scale):
    """The heatmap cell's class, from the version's bands (scoring.Scale.heat_class); the value is printed too."""
    return scale.heat_class(value) if scale else "heat-none"


@register.filter
def tint(colour, strength=0.2):
    """A light tint of a band's hex colour, mixed with white, for a cell background under black text."""
    if not HEX_COLOUR.fullmatch(colour or ""):
        return "#ffffff"
    channels = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return "#" + "".join(f"{round(255 - (255 - c) * float(strength)):02x}" for c in channels)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None


@register.simple_tag(takes_context=True)
def page_query(context, param, number):
    """The page's query string with `param` set to `number`, keeping the rest (another list's page, filters)."""
    params = context["request"].GET.copy()
    params[param] = number
    return params.urlencode()  # autoescaped in the template: & becomes &amp;


@register.filter
def view_cells(views, viewer_organisation_id):
    """A standard's partner views (selectors.partner_views.StandardViews) as this person may see them.

    `{% with cells=row.views|view_cells:access.viewer_organisation_id %}`; None (a shared PDF or export) shows
    only views that are open to everyone. Who sees what is access.partner_view_shown's rule.
    """
    return views.cells(viewer_organisation_id) if views is not None else []


@register.filter
def history_row(item, assessments):
    """A standard's ratings in each of the assessments (selectors.standard_history), for a table row."""
    return item.row(assessments)
