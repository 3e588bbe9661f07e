"""Presentation helpers only: no rules live here."""

from django import template

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
    return f"{form.auto_id % name}{suffix}" if form.auto_id else name


@register.filter
def state_class(state):
    return {
        "not_started": "not-started",
        "in_progress": "in-progress",
        "completed": "completed",
        "carried": "in-progress",
    }.get(state, state)


@register.filter
def heat_class(score):
    """A light tint for a heatmap cell; the value is always printed in the cell as well."""
    if score is None:
        return "heat-none"
    for limit, name in ((40, "heat-weak"), (65, "heat-developing"), (85, "heat-good")):
        if score < limit:
            return name
    return "heat-strong"


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
