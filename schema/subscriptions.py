"""Subscription root (graphql-transport-ws at /graphql): thin resolvers over live updates."""

from __future__ import annotations

from collections.abc import AsyncGenerator

import strawberry

from gateway.services import live_updates
from schema.ids import parse_id
from schema.privacy_requests import PrivacyRequest
from schema.types import Job

__all__ = ["Subscription"]


@strawberry.type
class Subscription:
    @strawberry.subscription(description=(
        "A background job of the seller (sync, export, erasure ...): sent again each time its "
        "state or progress changes; the stream ends once the job succeeded or failed."))
    async def job_progress(self, info: strawberry.Info,
                           job_id: strawberry.ID) -> AsyncGenerator[Job, None]:
        context = info.context
        rows = live_updates.follow_job(context.principal, parse_id(job_id, "jobId"),
                                       interval=context.settings.subscription_poll_seconds)
        async for row in rows:
            yield Job.from_model(row)

    @strawberry.subscription(description=(
        "Admin (privacy officers, superadmins): each data-subject request as it is filed."))
    async def privacy_request_created(
            self, info: strawberry.Info) -> AsyncGenerator[PrivacyRequest, None]:
        context = info.context
        rows = live_updates.follow_new_privacy_requests(
            context.principal, interval=context.settings.subscription_poll_seconds)
        async for row in rows:
            yield PrivacyRequest.from_model(row)
