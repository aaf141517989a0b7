"""Incoming webhooks: verified by the plugin, refused when replayed, processed by a worker."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import asdict, replace
from datetime import datetime
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from gateway.connectors import TrackingEventData, TrackingInfo, TrackingStatus, WebhookRejected
from gateway.db import conn, directory_conn
from gateway.errors import NotFound
from gateway.models import Buyer, Job, Shipment, Store, StoreDirectoryEntry, WebhookDelivery
from gateway.regions import REGIONS
from gateway.services import buyer_rights, integrations, jobs
from gateway.services.connections import disconnect
from gateway.services.order_import import order_from_json, order_to_json, upsert_orders
from gateway.services.tracking import apply_tracking

__all__ = ["PROCESS_WEBHOOK", "receive_webhook"]

log = logging.getLogger(__name__)
PROCESS_WEBHOOK = "process_webhook"
ORDER_TOPICS = {"orders/create", "orders/updated"}
REDACT_TOPICS = {"customers/redact", "shop/redact"}


async def receive_webhook(plugin: str, headers: Mapping[str, str], body: bytes) -> list[Job]:
    """Verify, de-duplicate and queue a webhook. Raises WebhookRejected (401) or NotFound."""
    hub = integrations.current()
    kind = hub.kind_of(plugin)
    if kind is None:
        raise NotFound(f"no plugin {plugin!r} receives webhooks here")
    connector = hub.marketplace(plugin) if kind == "marketplaces" else hub.tracker(plugin)
    event = connector.verify_webhook(headers, body)
    try:
        delivery = await WebhookDelivery.create(plugin=plugin, delivery_id=event.delivery_id,
                                                using_db=directory_conn())
    except IntegrityError as exc:
        raise WebhookRejected("webhook delivery already received (replay)") from exc
    try:
        created = await _queue(plugin, kind, event.topic, event.shop, event.payload, event)
    except BaseException:
        # Nothing was queued: forget the delivery so the upstream's retry is accepted.
        await delivery.delete(using_db=directory_conn())
        raise
    for region, job in created:
        jobs.dispatch(region, job.id)
    return [job for _, job in created]


async def _queue(plugin: str, kind: str, topic: str, shop: str, payload: dict[str, Any],
                 event: Any) -> list[tuple[str, Job]]:
    if kind == "trackers":
        infos = [_info_to_json(i) for i in event.tracking]
        numbers = [i["tracking_number"].upper() for i in infos]
        created = []
        for region in REGIONS:
            if await Shipment.filter(tracking_number__in=numbers).using_db(conn(region)).exists():
                async with in_transaction(region) as tx:
                    job = await jobs.create_job(region, PROCESS_WEBHOOK, using_db=tx, payload={
                        "plugin": plugin, "topic": topic, "tracking": infos})
                created.append((region, job))
        return created
    entry = await StoreDirectoryEntry.filter(platform=plugin, external_id=shop).using_db(
        directory_conn()).first()
    if entry is None:
        log.info("webhook %s for unknown shop ignored", topic)
        return []
    data: dict[str, Any] = {"plugin": plugin, "topic": topic, "store_id": str(entry.store_id)}
    if topic in ("customers/redact", "customers/data_request"):
        customer = payload.get("customer") or {}
        data["customer_id"] = str(customer.get("id", ""))
    async with in_transaction(entry.region) as tx:
        store = await Store.filter(id=entry.store_id).using_db(tx).first()
        if topic in ORDER_TOPICS and event.order is not None:
            order = event.order
            if store is None or not store.buyer_data_authorized:
                # Without the seller's authorization buyer data is not even queued.
                order = replace(order, buyer=None)
            data["order"] = order_to_json(order)
        job = await jobs.create_job(entry.region, PROCESS_WEBHOOK, using_db=tx,
                                    seller_id=store.seller_id if store else None,  # type: ignore[attr-defined]
                                    payload=data)
    return [(entry.region, job)]


def _info_to_json(info: TrackingInfo) -> dict[str, Any]:
    data = asdict(info)
    data["status"] = info.status.value
    data["events"] = [{**asdict(e), "time": e.time.isoformat(), "status": e.status.value}
                      for e in info.events]
    return data


def _info_from_json(data: dict[str, Any]) -> TrackingInfo:
    return TrackingInfo(
        tracking_number=data["tracking_number"], carrier=data["carrier"],
        status=TrackingStatus(data["status"]),
        events=[TrackingEventData(time=datetime.fromisoformat(e["time"]),
                                  status=TrackingStatus(e["status"]),
                                  description=e.get("description", ""),
                                  location=e.get("location", "")) for e in data["events"]])


@jobs.handler(PROCESS_WEBHOOK)
async def process_webhook(region: str, job: Job) -> None:
    payload = job.payload
    topic = payload["topic"]
    plugin = payload.get("plugin", "")
    if "tracking" in payload:
        await apply_tracking(region, [_info_from_json(i) for i in payload["tracking"]])
        return
    store = await Store.filter(id=payload["store_id"]).using_db(conn(region)).first()
    if store is None:
        return
    if topic in ORDER_TOPICS and "order" in payload:
        order = order_from_json(payload["order"])
        async with in_transaction(region) as tx:
            await upsert_orders(tx, store, [order], include_buyer=store.buyer_data_authorized)
    elif topic in ORDER_TOPICS:
        # Marketplaces that only say "order X changed" (TikTok Shop): fetch it with a sync.
        from gateway.services.sync import schedule_sync

        if store.connected:
            await schedule_sync(region, store.id)
    elif topic == "app/uninstalled":
        await disconnect(store.platform, store.external_id)
    elif topic == "customers/redact" and payload.get("customer_id"):
        async with in_transaction(region) as tx:
            ids = await Buyer.filter(store_id=store.id, external_id=payload["customer_id"]
                                     ).using_db(tx).values_list("id", flat=True)
            await buyer_rights.erase_buyers(tx, ids)  # type: ignore[arg-type]
    elif topic == "shop/redact":
        await buyer_rights.purge_store_buyers(region, store.id)
    elif topic == "customers/data_request" and payload.get("customer_id"):
        buyer = await Buyer.filter(store_id=store.id, external_id=payload["customer_id"]
                                   ).using_db(conn(region)).first()
        if buyer is not None:  # nothing held, nothing to send
            await buyer_rights.request_buyer_export(
                region, store.seller_id, buyer.id, source=plugin)  # type: ignore[attr-defined]
    else:
        log.info("webhook topic %s needs no processing", topic)
