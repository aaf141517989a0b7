"""Errors a connector raises; the sync and tracking workers map them to retries or failures."""

from __future__ import annotations

__all__ = [
    "UndeclaredDataError",
    "UpstreamAuthError",
    "UpstreamBadResponse",
    "UpstreamError",
    "UpstreamRateLimited",
    "UpstreamUnavailable",
    "WebhookRejected",
]


class UpstreamError(Exception):
    """Base class of every failure talking to an upstream API."""


class UpstreamAuthError(UpstreamError):
    """Credentials were refused (expired or revoked token, bad signature): the seller must reconnect."""


class UpstreamRateLimited(UpstreamError):
    """The upstream asked us to slow down; retry after ``retry_after`` seconds."""

    def __init__(self, message: str, retry_after: float) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UpstreamUnavailable(UpstreamError):
    """Network failure, timeout or 5xx: try again later."""


class UpstreamBadResponse(UpstreamError):
    """The upstream answered something we cannot parse or that breaks its own protocol."""


class WebhookRejected(UpstreamError):
    """A webhook failed verification (bad signature, stale timestamp, replay): answer 401."""


class UndeclaredDataError(UpstreamError):
    """A connector returned a data category it did not declare (data minimization)."""
