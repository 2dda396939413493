"""Errors the services raise that are not plain validation errors.

Doors translate them: a page shows the message, the API answers 409 (or 412 for a stale
version), a management command exits non-zero with the message.
"""


class RaciError(Exception):
    """Base class: the message is written for an account manager."""

    status_code = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class NotEditable(RaciError):
    """The revision is not a draft, so its matrix cannot change."""


class EngagementFrozen(NotEditable):
    """The revision is signed off or superseded: it is part of a contract."""


class InvalidTransition(RaciError):
    """A workflow step that the revision's status does not allow."""


class StaleVersion(RaciError):
    """Someone else changed the matrix since the caller loaded it."""

    status_code = 412

    def __init__(self, message: str, *, current_version: int, changed_by: str = ""):
        super().__init__(message)
        self.current_version = current_version
        self.changed_by = changed_by
