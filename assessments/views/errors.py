"""The one adapter from a service's refusal to a form: every view that calls a service uses it."""


def add_service_errors(form, exc, *, aliases: dict[str, str] | None = None) -> None:
    """Put a WorkflowError on the form: field errors on their field, the rest at the top (the error summary).

    A WorkflowError holds either field errors (error_dict) or general ones (error_list). A service's field name
    that the form spells differently is mapped with `aliases` (e.g. {"rating": "answer"}); a field the form does
    not have becomes a general error, so no message is ever lost.
    """
    aliases = aliases or {}
    errors_by_field = exc.error_dict if hasattr(exc, "error_dict") else {None: exc.error_list}
    for field, errors in errors_by_field.items():
        target = aliases.get(field, field)
        if target not in form.fields:
            target = None
        for error in errors:
            for message in error.messages if hasattr(error, "messages") else [str(error)]:
                form.add_error(target, message)
