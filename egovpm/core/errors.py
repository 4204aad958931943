"""Errors that services raise and every caller shows to the user."""

from django.core.exceptions import ValidationError


class Refused(Exception):
    """A rule refuses the action. `message` is Chinese and reaches the user and the audit log."""

    def __init__(self, message: str, *, code: str = "refused"):
        super().__init__(message)
        self.message = message
        self.code = code


def as_validation_error(exc: Refused) -> ValidationError:
    return ValidationError(exc.message, code=exc.code)
