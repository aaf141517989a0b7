"""Renewed credentials, remembered by the access token they replace.

``fetch_orders`` cannot hand renewed credentials back to the gateway, so a connector that renews
a token in the middle of a sync keeps the result here; ``refresh_credentials`` then returns the
newest, which the sync stores. Concurrent renewals of the same credentials run once.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from gateway.connectors.dto import Credentials
from gateway.lru import LRU

__all__ = ["CredentialRenewals"]


class CredentialRenewals:
    """A bounded chain of renewals: old access token -> the credentials that replaced it."""

    def __init__(self, *, size: int = 1024) -> None:
        self.size = size
        self._renewed: LRU[str, Credentials] = LRU(size)
        self._lock = asyncio.Lock()

    def latest(self, credentials: Credentials) -> Credentials:
        """The newest credentials known to have replaced ``credentials`` (or themselves)."""
        # Bounded walk: each renewal adds one link, and a cycle is impossible but cheap to bar.
        for _ in range(self.size):
            renewed = self._renewed.peek(credentials.access_token)
            if renewed is None:
                return credentials
            credentials = renewed
        return credentials

    async def renew(self, credentials: Credentials,
                    exchange: Callable[[Credentials], Awaitable[Credentials]]) -> Credentials:
        """Renew ``credentials`` with ``exchange`` (the upstream's refresh-token grant) and
        remember the result; a call that waited while another renewed them gets that result."""
        async with self._lock:
            latest = self.latest(credentials)
            if latest is not credentials:
                return latest  # renewed by a concurrent call while this one waited
            renewed = await exchange(credentials)
            self._renewed.put(credentials.access_token, renewed)
            return renewed
