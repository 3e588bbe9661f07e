from django.core.exceptions import ValidationError


class WorkflowError(ValidationError):
    """A move the rules refuse. Its messages are shown to the person as they are."""


class StaleEdit(Exception):
    """Someone else saved this answer since the person opened it. Carries what they saved."""

    def __init__(self, current):
        super().__init__("stale edit")
        self.current = current
