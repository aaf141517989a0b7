"""Named errors of the domain, each with its GraphQL ``extensions.code`` and HTTP status."""

from __future__ import annotations

__all__ = [
    "BadInput",
    "Conflict",
    "ConsentRequired",
    "Forbidden",
    "NotFound",
    "RateLimited",
    "SellergateError",
    "ServiceUnavailable",
    "Unauthenticated",
]


class SellergateError(Exception):
    """Base class: a failure the caller can understand and act on."""

    code = "INTERNAL_SERVER_ERROR"
    http_status = 500

    def __init__(self, message: str, **extensions: object) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions


class BadInput(SellergateError):
    code = "BAD_USER_INPUT"
    http_status = 400


class Unauthenticated(SellergateError):
    code = "UNAUTHENTICATED"
    http_status = 401


class Forbidden(SellergateError):
    code = "FORBIDDEN"
    http_status = 403


class ConsentRequired(SellergateError):
    """The data subject has not consented to the purpose this field serves."""

    code = "CONSENT_REQUIRED"
    http_status = 403


class NotFound(SellergateError):
    code = "NOT_FOUND"
    http_status = 404


class Conflict(SellergateError):
    code = "CONFLICT"
    http_status = 409


class RateLimited(SellergateError):
    code = "RATE_LIMITED"
    http_status = 429

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message, retryAfter=round(retry_after, 1))
        self.retry_after = retry_after


class ServiceUnavailable(SellergateError):
    code = "SERVICE_UNAVAILABLE"
    http_status = 503
