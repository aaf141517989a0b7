"""Sellergate's actors. Each message is (region, job id); the job row holds the rest."""

from __future__ import annotations

import uuid

import dramatiq

# Importing the services registers their job handlers.
import gateway.privacy.erasure
import gateway.privacy.export
import gateway.privacy.incidents
import gateway.privacy.policy
import gateway.services.children
import gateway.services.privacy_requests
import gateway.services.shipments
import gateway.services.sync
import gateway.services.tracking
import gateway.services.webhooks  # noqa: F401
from gateway.services import jobs
from gateway.settings import Settings

__all__ = ["declare"]


def declare(broker: dramatiq.Broker, settings: Settings) -> dramatiq.Actor[[str, str], None]:
    """Declare the actors on ``broker`` and return the job runner."""

    async def run_job(region: str, job_id: str) -> None:
        await jobs.run_job(region, uuid.UUID(job_id), stall_seconds=settings.job_stall_seconds)

    decorate = dramatiq.actor(
        broker=broker,
        actor_name="run_job",
        queue_name="sellergate",
        max_retries=jobs.MAX_ATTEMPTS,
        min_backoff=500,
        max_backoff=60_000,
        time_limit=30 * 60_000,
    )
    return decorate(run_job)
