"""Background jobs: rows first, messages second.

A job row is written in the same transaction as the change that asked for it; the broker message
carries only (region, job id). Handlers are idempotent and checkpoint their steps, a reaper
re-dispatches jobs whose message was lost or whose worker died, so faults delay work, never lose it.
"""

from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q

from gateway import tracing
from gateway.auth.principal import Principal
from gateway.connectors import UpstreamRateLimited
from gateway.db import conn
from gateway.errors import NotFound
from gateway.models import Job, JobState
from gateway.observability import observe_job
from gateway.regions import REGIONS

__all__ = [
    "MAX_ATTEMPTS",
    "Dispatcher",
    "Handler",
    "checkpoint",
    "create_job",
    "dispatch",
    "get_job",
    "handler",
    "reap_stalled",
    "run_job",
    "set_dispatcher",
]

log = logging.getLogger(__name__)

Handler = Callable[[str, Job], Awaitable[None]]



class Dispatcher(Protocol):
    def __call__(self, region: str, job_id: uuid.UUID, *, delay: float = 0.0) -> None: ...


MAX_ATTEMPTS = 5
_handlers: dict[str, Handler] = {}
_dispatcher: Dispatcher | None = None


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register the coroutine that carries out jobs of ``kind``."""

    def register(fn: Handler) -> Handler:
        _handlers[kind] = fn
        return fn

    return register


def set_dispatcher(dispatcher: Dispatcher | None) -> None:
    """Install how a job id reaches a worker (the workers package sets its broker here)."""
    global _dispatcher
    _dispatcher = dispatcher


async def create_job(
    region: str, kind: str, *, using_db: BaseDBAsyncClient, seller_id: uuid.UUID | None = None,
    payload: dict[str, Any] | None = None, total: int | None = None,
) -> Job:
    """Write a job row inside the caller's transaction; call ``dispatch`` once it committed."""
    if kind not in _handlers:
        raise ValueError(f"no handler registered for job kind {kind!r}")
    return await Job.create(
        kind=kind, seller_id=seller_id, payload=payload or {}, progress_total=total,
        enqueued_at=datetime.now(UTC), using_db=using_db,
    )


def dispatch(region: str, job_id: uuid.UUID, *, delay: float = 0.0) -> None:
    """Send the job's id to a worker, after ``delay`` seconds. If this is lost, the reaper sends it
    again later.

    Broker clients block on the network: inside an event loop the send runs in a thread, so a
    slow or absent broker never stalls requests (the job row is already committed).
    """
    dispatcher = _dispatcher
    if dispatcher is None:
        log.warning("no job dispatcher installed; job %s waits for the reaper", job_id)
        return

    def send() -> None:
        try:
            dispatcher(region, job_id, delay=delay)
        except Exception:  # a broker outage must not fail the request that created the job
            log.exception("could not enqueue job %s; the reaper will retry", job_id)

    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        send()
        return
    loop.run_in_executor(None, send)


async def run_job(region: str, job_id: uuid.UUID, *, stall_seconds: int = 300) -> JobState | None:
    """Claim and run a job. Safe on re-delivery: a finished or freshly claimed job is skipped."""
    db = conn(region)
    now = datetime.now(UTC)
    claimable = Q(state=JobState.QUEUED) | Q(
        state=JobState.RUNNING, heartbeat_at__lt=now - timedelta(seconds=stall_seconds)
    )
    claimed = await Job.filter(claimable, id=job_id).using_db(db).update(
        state=JobState.RUNNING, heartbeat_at=now
    )
    if not claimed:
        return None
    job = await Job.filter(id=job_id).using_db(db).get()
    job.attempts += 1
    await job.save(update_fields=["attempts"], using_db=db)
    started = time.perf_counter()
    try:
        with tracing.span(f"job {job.kind}", {"sellergate.job.kind": job.kind,
                                              "sellergate.job.id": str(job_id),
                                              "sellergate.job.attempt": job.attempts}):
            await _handlers[job.kind](region, job)
    except UpstreamRateLimited as exc:
        await _defer(region, job, exc, time.perf_counter() - started)
        return JobState.QUEUED
    except Exception as exc:
        final = job.attempts >= MAX_ATTEMPTS
        observe_job(job.kind, "failed" if final else "retried", time.perf_counter() - started)
        await Job.filter(id=job_id).using_db(db).update(
            state=JobState.FAILED if final else JobState.QUEUED,
            error=f"{type(exc).__name__}: {exc}"[:2000],
            enqueued_at=datetime.now(UTC),
        )
        if final:
            log.exception("job %s (%s) failed for good", job_id, job.kind)
            return JobState.FAILED
        raise
    await Job.filter(id=job_id).using_db(db).update(
        state=JobState.SUCCEEDED, error="", heartbeat_at=datetime.now(UTC)
    )
    observe_job(job.kind, "succeeded", time.perf_counter() - started)
    return JobState.SUCCEEDED


async def _defer(region: str, job: Job, exc: UpstreamRateLimited, elapsed: float) -> None:
    """The upstream asked us to wait: that is no failure, so it costs no attempt. The job goes back
    to the queue and comes again after the wait (the reaper sends it if that message is lost)."""
    wait = max(1.0, exc.retry_after)
    await Job.filter(id=job.id).using_db(conn(region)).update(
        state=JobState.QUEUED, attempts=job.attempts - 1,
        error=f"rate limited, retrying in {wait:.0f} s: {exc}"[:2000],
        enqueued_at=datetime.now(UTC) + timedelta(seconds=wait),
    )
    observe_job(job.kind, "deferred", elapsed)
    log.info("job %s (%s) rate limited upstream; retrying in %.0f s", job.id, job.kind, wait)
    dispatch(region, job.id, delay=wait)


async def checkpoint(region: str, job: Job, *, done: int | None = None,
                     total: int | None = None, **state: Any) -> None:
    """Record a step's progress and resumable state; also the worker's heartbeat."""
    if done is not None:
        job.progress_done = done
    if total is not None:
        job.progress_total = total
    job.checkpoint = {**job.checkpoint, **state}
    job.heartbeat_at = datetime.now(UTC)
    await job.save(
        update_fields=["progress_done", "progress_total", "checkpoint", "heartbeat_at"],
        using_db=conn(region),
    )


async def reap_stalled(*, stall_seconds: int) -> int:
    """Re-dispatch queued jobs nobody picked up and running jobs whose worker went silent."""
    cutoff = datetime.now(UTC) - timedelta(seconds=stall_seconds)
    count = 0
    for region in REGIONS:
        db = conn(region)
        stalled = await Job.filter(
            Q(state=JobState.QUEUED, enqueued_at__lt=cutoff)
            | Q(state=JobState.RUNNING, heartbeat_at__lt=cutoff)
        ).using_db(db).values_list("id", flat=True)
        for job_id in stalled:
            await Job.filter(id=job_id).using_db(db).update(enqueued_at=datetime.now(UTC))
            dispatch(region, job_id)  # type: ignore[arg-type]
            count += 1
    return count


async def get_job(principal: Principal, job_id: uuid.UUID) -> Job:
    """A job of the caller's seller (admins see every job)."""
    query = Job.filter(id=job_id)
    if not principal.is_admin:
        query = query.filter(seller_id=principal.require_seller())
    job = await query.using_db(conn(principal.region)).first()
    if job is None:
        raise NotFound("job not found")
    return job
