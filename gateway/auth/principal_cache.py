"""Principals read lately: a client's requests in a burst read its account once.

Every request turns its access token into a Principal: the account's role, whether it is
active or restricted, a staff member's seller and permissions — one query (two for staff). A
Principal read here is used again for ``Settings.principal_cache_seconds`` (1 s by default, 0:
never). The code that changes what a Principal holds (an account erased, a child's restriction
lifted, unverified children swept) calls :func:`forget`, which shows the change at once to the
process it runs in; every other process — the server when a worker process did it (a broker
configured), the other replicas — sees it within that time, as it sees a change made by hand
in the database.

A read that was under way when :func:`forget` ran keeps its answer to itself: what it read may
predate the change, so it is not remembered.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable

from gateway.auth.principal import Principal
from gateway.lru import LRU
from gateway.regions import REGIONS

__all__ = ["CACHE_SIZE", "forget", "recall", "remember", "started"]

CACHE_SIZE = 4096

# (region, account id) -> (when its read started, the Principal; expires_at is the token's)
_recent: LRU[tuple[str, uuid.UUID], tuple[float, Principal]] = LRU(CACHE_SIZE)
_forgotten = 0  # how many times forget() ran: a read started before the last one is stale


def started() -> tuple[float, int]:
    """The mark of a read about to start, for :func:`remember`."""
    return time.monotonic(), _forgotten


def recall(region: str, account_id: uuid.UUID, within: float) -> Principal | None:
    """The Principal of the account read less than ``within`` seconds ago, if any."""
    if within <= 0:
        return None
    seen = _recent.get((region, account_id))
    if seen is None:
        return None
    if time.monotonic() - seen[0] >= within:
        _recent.pop((region, account_id))
        return None
    return seen[1]


def remember(region: str, principal: Principal, mark: tuple[float, int]) -> None:
    """Keep ``principal``, read from the mark ``started`` gave, unless forget() ran since."""
    at, forgotten = mark
    if forgotten == _forgotten and principal.account_id is not None:
        _recent.put((region, principal.account_id), (at, principal))


def forget(account_ids: Iterable[uuid.UUID]) -> None:
    """Drop what was read of these accounts (in every region), and any read under way."""
    global _forgotten
    _forgotten += 1
    for account_id in account_ids:
        for region in REGIONS:
            _recent.pop((region, account_id))
