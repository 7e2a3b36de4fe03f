"""The one domain exception type. Services raise it; views and the API map it to a message."""

from __future__ import annotations


class DomainError(Exception):
    """A request the domain refuses, with a message a person can act on.

    `field` names the input at fault when there is one; `code` is stable for programs.
    """

    status = 400

    def __init__(self, message: str, *, code: str = "invalid", field: str | None = None):
        super().__init__(str(message))
        self.message = message
        self.code = code
        self.field = field


class PermissionDeniedError(DomainError):
    status = 403

    def __init__(self, message: str, *, code: str = "forbidden"):
        super().__init__(message, code=code)


class InvalidTransitionError(DomainError):
    status = 409

    def __init__(self, message: str, *, code: str = "invalid_transition"):
        super().__init__(message, code=code)
