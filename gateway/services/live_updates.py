"""Live updates for subscriptions: a job's progress, new data-subject requests.

Both are read back from the stores at a short interval (``SELLERGATE_SUBSCRIPTION_POLL_SECONDS``).
Jobs run in worker processes, often on other machines, and the row is the one source of truth
(DESIGN: the message carries only the id); an in-process callback would miss every job run
elsewhere, and a pub/sub channel would still need this read to catch what was published before a
subscriber arrived or lost while it reconnected. One indexed primary-key read per subscription
and interval is correct in every deployment (embedded, Redis, RabbitMQ) and needs nothing more.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

from gateway.auth.principal import Permission, Principal
from gateway.db import conn
from gateway.errors import Forbidden, Unauthenticated
from gateway.models import Job, JobState, PrivacyRequest
from gateway.regions import REGIONS
from gateway.services import jobs

__all__ = ["FINISHED", "LOOKBACK", "follow_job", "follow_new_privacy_requests"]

FINISHED = frozenset({JobState.SUCCEEDED, JobState.FAILED})
# A request row is stamped when inserted and seen when its transaction commits: look back this far
# (and remember what was sent) so a slow commit or a replica's clock skew never hides a request.
LOOKBACK = timedelta(seconds=30)
MAX_ROWS_PER_READ = 200


async def follow_job(principal: Principal, job_id: uuid.UUID, *,
                     interval: float) -> AsyncIterator[Job]:
    """The job each time its state or progress changes, ending with the finished job.

    Scoped like the ``job`` query: a seller follows only its own jobs (``NotFound`` otherwise).
    """
    job = await jobs.get_job(principal, job_id)
    last: tuple[object, ...] | None = None
    while True:
        seen = (job.state, job.progress_done, job.progress_total, job.error)
        if seen != last:
            last = seen
            yield job
        if job.state in FINISHED:
            return
        await asyncio.sleep(interval)
        _still_valid(principal)
        job = await jobs.get_job(principal, job_id)


def _still_valid(principal: Principal) -> None:
    """A stream ends when the access token it was opened with expires: a subscription gets no
    longer a view of the data than one request would (a revoked role ends with the token)."""
    if principal.expires_at and time.time() >= principal.expires_at:
        raise Unauthenticated("access token expired: subscribe again with a fresh token")


async def _recent_requests(since: datetime) -> list[tuple[datetime, PrivacyRequest]]:
    rows: list[tuple[datetime, PrivacyRequest]] = []
    for region in REGIONS:
        found = await PrivacyRequest.filter(created_at__gte=since).using_db(
            conn(region)).order_by("created_at").limit(MAX_ROWS_PER_READ)
        rows += [(row.created_at, row) for row in found]
    return sorted(rows, key=lambda pair: pair[0])


async def follow_new_privacy_requests(principal: Principal, *,
                                      interval: float) -> AsyncIterator[PrivacyRequest]:
    """Each data-subject request filed from now on, in both regions (privacy officers and
    superadmins only)."""
    principal.require_account()
    if not principal.has(Permission.ADMIN_PRIVACY):
        raise Forbidden("privacy officers and superadmins only")
    # Requests already filed are in the privacyRequests queue; only later ones are streamed.
    sent: dict[uuid.UUID, datetime] = {
        row.id: stamp for stamp, row in await _recent_requests(datetime.now(UTC) - LOOKBACK)}
    while True:
        await asyncio.sleep(interval)
        _still_valid(principal)
        horizon = datetime.now(UTC) - LOOKBACK
        for stamp, row in await _recent_requests(horizon):
            if row.id not in sent:
                sent[row.id] = stamp
                yield row
        sent = {key: stamp for key, stamp in sent.items() if stamp >= horizon}
