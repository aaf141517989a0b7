"""Shipments, their tracking events, and each order's shipment summary."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from gateway.auth.principal import Permission, Principal
from gateway.db import conn, select_rows, with_fields
from gateway.errors import NotFound
from gateway.models import Job, Order, Shipment, ShipmentStatus, TrackingEvent
from gateway.services import jobs
from gateway.services.paging import Page, Where, group_by, newest_first

__all__ = [
    "EVENT_FIELDS",
    "SHIPMENT_FIELDS",
    "NewEvent",
    "events_for_shipments",
    "get_shipment",
    "list_shipments",
    "record_tracking_events",
    "shipments_for_orders",
    "summarize",
]

RECOMPUTE_SUMMARY = "recompute_shipment_summary"

# How far along a parcel is; an order is as far along as its least advanced parcel.
_PROGRESS = [
    ShipmentStatus.PENDING,
    ShipmentStatus.INFO_RECEIVED,
    ShipmentStatus.IN_TRANSIT,
    ShipmentStatus.OUT_FOR_DELIVERY,
    ShipmentStatus.AVAILABLE_FOR_PICKUP,
    ShipmentStatus.DELIVERED,
]


# What the read path reads of each row (see ``orders.ORDER_FIELDS``).
SHIPMENT_FIELDS = ("id", "order_id", "carrier", "tracking_number", "status", "last_event_at")
EVENT_FIELDS = ("shipment_id", "time", "status", "description", "location")


@dataclass(frozen=True, slots=True)
class NewEvent:
    time: datetime
    status: ShipmentStatus
    description: str = ""
    location: str = ""


async def list_shipments(
    principal: Principal, *, first: int | None = None, after: str | None = None,
    order_id: uuid.UUID | None = None,
) -> Page[Shipment]:
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    query = Where("shipment").equals("seller_id", seller_id)
    if order_id is not None:
        query.equals("order_id", order_id)
    return await newest_first(Shipment, conn(principal.region), query,
                              time_column="created_at", first=first, after=after,
                              fields=SHIPMENT_FIELDS)


async def get_shipment(principal: Principal, shipment_id: uuid.UUID) -> Shipment:
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    shipment = await Shipment.filter(id=shipment_id, seller_id=seller_id).using_db(
        conn(principal.region)
    ).first()
    if shipment is None:
        raise NotFound("shipment not found")
    return shipment


async def shipments_for_orders(
    principal: Principal, order_ids: list[uuid.UUID], *, fields: Sequence[str] | None = None,
) -> dict[uuid.UUID, list[Shipment]]:
    """Each order's parcels: rows of ``fields`` (by default ``SHIPMENT_FIELDS``) and their
    keys."""
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    rows = await select_rows(
        Shipment, conn(principal.region),
        'WHERE "shipment"."order_id" {keys} AND "shipment"."seller_id" = {p2} '
        'ORDER BY "shipment"."order_id", "shipment"."created_at"', order_ids, seller_id,
        fields=with_fields(fields, SHIPMENT_FIELDS, "id", "order_id"))
    return group_by(rows, "order_id")


async def events_for_shipments(
    principal: Principal, shipment_ids: list[uuid.UUID], *,
    fields: Sequence[str] | None = None,
) -> dict[uuid.UUID, list[TrackingEvent]]:
    """Each parcel's events, oldest first: rows of ``fields`` (by default ``EVENT_FIELDS``)
    and their key."""
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    rows = await select_rows(
        TrackingEvent, conn(principal.region),
        # The parcels named by their keys too: PostgreSQL then reads them by primary key,
        # where a seller's share of the table made it scan every parcel of the seller.
        'JOIN "shipment" ON "shipment"."id" = "tracking_event"."shipment_id" '
        'WHERE "tracking_event"."shipment_id" {keys} AND "shipment"."id" {keys} '
        'AND "shipment"."seller_id" = {p2} '
        'ORDER BY "tracking_event"."shipment_id", "tracking_event"."time"', shipment_ids,
        seller_id, fields=with_fields(fields, EVENT_FIELDS, "shipment_id"))
    return group_by(rows, "shipment_id")


# Statuses a tracking service may declare without an event to show for it.
_DECLARED_VERDICTS = frozenset({ShipmentStatus.EXPIRED, ShipmentStatus.EXCEPTION})


async def record_tracking_events(
    region: str, shipment_id: uuid.UUID, events: Iterable[NewEvent],
    verdict: ShipmentStatus | None = None,
) -> Job | None:
    """Store new tracking events (duplicates ignored) and schedule the order's summary.

    ``verdict`` is the tracking service's own status of the parcel: expired or exception can be
    declared without any new event (a number that stopped moving, an invalid number), and wins.
    The job row commits with the events, so a lost message only delays the summary.
    """
    async with in_transaction(region) as tx:
        shipment = await Shipment.filter(id=shipment_id).using_db(tx).select_for_update().get()
        known = set(
            await TrackingEvent.filter(shipment_id=shipment_id)
            .using_db(tx).values_list("time", "status")
        )
        fresh = [
            TrackingEvent(shipment_id=shipment_id, time=e.time, status=e.status,
                          description=e.description, location=e.location)
            for e in events
            if (e.time, e.status) not in known
        ]
        declared = verdict in _DECLARED_VERDICTS and verdict != shipment.status
        if not fresh and not declared:
            return None
        if fresh:
            await TrackingEvent.bulk_create(fresh, using_db=tx)
            latest = max(fresh, key=lambda e: e.time)
            if shipment.last_event_at is None or latest.time >= shipment.last_event_at:
                shipment.status = latest.status
                shipment.last_event_at = latest.time
        if declared and verdict is not None:
            shipment.status = verdict
        await shipment.save(update_fields=["status", "last_event_at"], using_db=tx)
        job = await jobs.create_job(
            region, RECOMPUTE_SUMMARY, using_db=tx, seller_id=shipment.seller_id,  # type: ignore[attr-defined]
            payload={"order_id": str(shipment.order_id)},  # type: ignore[attr-defined]
        )
    jobs.dispatch(region, job.id)
    return job


def summarize(statuses: list[ShipmentStatus]) -> str:
    """An order's shipment summary from its parcels' statuses."""
    if not statuses:
        return "unshipped"
    if ShipmentStatus.EXCEPTION in statuses:
        return ShipmentStatus.EXCEPTION.value
    if ShipmentStatus.EXPIRED in statuses:
        return ShipmentStatus.EXPIRED.value
    least = min(statuses, key=_PROGRESS.index)
    if least == ShipmentStatus.DELIVERED or len(set(statuses)) == 1:
        return least.value
    if ShipmentStatus.DELIVERED in statuses:
        return "partially_delivered"
    return least.value


@jobs.handler(RECOMPUTE_SUMMARY)
async def recompute_shipment_summary(region: str, job: Job) -> None:
    order_id = uuid.UUID(job.payload["order_id"])
    async with in_transaction(region) as tx:
        order = await Order.filter(id=order_id).using_db(tx).select_for_update().get()
        shipments = await Shipment.filter(order_id=order_id).using_db(tx)
        order.shipment_status = summarize([s.status for s in shipments])
        delivered = [s.last_event_at for s in shipments
                     if s.status == ShipmentStatus.DELIVERED and s.last_event_at]
        order.delivered_at = (
            max(delivered) if delivered and order.shipment_status == "delivered" else None
        )
        await order.save(update_fields=["shipment_status", "delivered_at", "updated_at"],
                         using_db=tx)
    await jobs.checkpoint(region, job, done=1, total=1)
