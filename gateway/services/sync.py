"""Order sync: incremental from each store's cursor, page by page, checkpointed with the data."""

from __future__ import annotations

import asyncio
import json
import uuid
from datetime import UTC, datetime

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from gateway.auth.principal import Permission, Principal
from gateway.connectors import OrderPage
from gateway.connectors.minimization import check_orders
from gateway.db import conn
from gateway.errors import Conflict, NotFound
from gateway.models import Job, JobState, Store
from gateway.services import integrations, jobs
from gateway.services.connections import SYNC_ORDERS, credentials_of, seal_credentials
from gateway.services.order_import import upsert_orders
from gateway.services.tracking import schedule_registration
from gateway.settings import get_settings

__all__ = ["PAGE_SIZE", "schedule_sync", "start_sync", "sync_orders"]

PAGE_SIZE = 100


async def start_sync(principal: Principal, store_id: uuid.UUID) -> Job:
    """Schedule a sync of the store (or return the one already under way)."""
    seller_id = principal.require_seller(Permission.STORES_MANAGE)
    return await schedule_sync(principal.region, store_id, seller_id=seller_id)


async def schedule_sync(region: str, store_id: uuid.UUID, *,
                        seller_id: uuid.UUID | None = None) -> Job:
    """A sync job for the store unless one is queued or running (webhooks call this too)."""
    async with in_transaction(region) as tx:
        query = Store.filter(id=store_id)
        if seller_id is not None:
            query = query.filter(seller_id=seller_id)
        store = await query.using_db(tx).first()
        if store is None:
            raise NotFound("store not found")
        if not store.connected:
            raise Conflict("store is disconnected: connect it again before syncing")
        owner: uuid.UUID = store.seller_id  # type: ignore[attr-defined]
        running = await _running_sync(tx, owner, store_id)
        if running is not None:
            return running
        job = await jobs.create_job(region, SYNC_ORDERS, using_db=tx, seller_id=owner,
                                    payload={"store_id": str(store_id)})
    jobs.dispatch(region, job.id)
    return job


async def _running_sync(db: BaseDBAsyncClient, seller_id: uuid.UUID,
                        store_id: uuid.UUID) -> Job | None:
    candidates = await Job.filter(kind=SYNC_ORDERS, seller_id=seller_id,
                                  state__in=[JobState.QUEUED, JobState.RUNNING]).using_db(db)
    return next((j for j in candidates if j.payload.get("store_id") == str(store_id)), None)


@jobs.handler(SYNC_ORDERS)
async def sync_orders(region: str, job: Job) -> None:
    hub = integrations.current()
    settings = hub.settings or get_settings()
    store = await Store.filter(id=job.payload["store_id"]).using_db(conn(region)).get()
    connector = hub.marketplace(store.platform)
    credentials = credentials_of(settings, store)
    fresh = await connector.refresh_credentials(credentials)
    if fresh != credentials:
        store.credentials = seal_credentials(settings, store.id, fresh)
        await store.save(update_fields=["credentials"], using_db=conn(region))
        credentials = fresh
    point = job.checkpoint
    if "since" not in point:  # first run of this job: fix the window it covers
        previous = json.loads(store.sync_cursor) if store.sync_cursor else {}
        await jobs.checkpoint(region, job, since=previous.get("updated_since"), cursor=None,
                              high_water=previous.get("updated_since"))
        point = job.checkpoint
    since = datetime.fromisoformat(point["since"]) if point["since"] else None
    cursor: str | None = point.get("cursor")
    high_water: str | None = point.get("high_water")
    done = job.progress_done
    if point.get("finished"):
        await _finish(region, store, high_water)
        return
    def fetch(after: str | None) -> asyncio.Task[OrderPage]:
        return asyncio.ensure_future(connector.fetch_orders(
            credentials, cursor=after, updated_since=since,
            include_buyer=store.buyer_data_authorized, page_size=PAGE_SIZE))

    # The next page is fetched while this one is written: the upstream round trip overlaps
    # the database work. What commits, and when, is unchanged (page by page, in order).
    pending: asyncio.Task[OrderPage] | None = fetch(cursor)
    try:
        while pending is not None:
            page = await pending
            pending = fetch(page.next_cursor) if page.next_cursor is not None else None
            check_orders(store.platform, connector.data_categories, page.orders)
            async with in_transaction(region) as tx:
                # The page's rows and the cursor past them commit together: a crash resumes
                # here.
                new_shipments = await upsert_orders(tx, store, page.orders,
                                                    include_buyer=store.buyer_data_authorized)
                registration = await schedule_registration(
                    region, tx, store.seller_id, new_shipments)  # type: ignore[attr-defined]
                done += len(page.orders)
                stamps = [o.updated_at.isoformat() for o in page.orders]
                if high_water:
                    stamps.append(high_water)
                high_water = max(stamps) if stamps else None
                job.progress_done = done
                job.checkpoint = {**job.checkpoint, "cursor": page.next_cursor,
                                  "high_water": high_water,
                                  "finished": page.next_cursor is None}
                job.heartbeat_at = datetime.now(UTC)
                await job.save(update_fields=["progress_done", "checkpoint", "heartbeat_at"],
                               using_db=tx)
            if registration is not None:
                jobs.dispatch(region, registration.id)
    finally:
        if pending is not None:  # a failed page: the one fetched ahead is not needed
            pending.cancel()
            pending.add_done_callback(_discard)
    await _finish(region, store, high_water)


def _discard(task: asyncio.Task[OrderPage]) -> None:
    if not task.cancelled():
        task.exception()  # retrieved: a page fetched ahead for nothing is not an error


async def _finish(region: str, store: Store, high_water: str | None) -> None:
    await Store.filter(id=store.id).using_db(conn(region)).update(
        sync_cursor=json.dumps({"updated_since": high_water}) if high_water else None,
        last_synced_at=datetime.now(UTC))
