"""Following parcels: shipments registered with the tracking service, their events refreshed."""

from __future__ import annotations

import uuid

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from gateway.auth.principal import Permission, Principal
from gateway.connectors import TrackingInfo
from gateway.db import conn
from gateway.errors import BadInput, Conflict, NotFound
from gateway.models import Job, Order, Shipment, ShipmentStatus
from gateway.regions import REGIONS
from gateway.services import integrations, jobs
from gateway.services.shipments import NewEvent, record_tracking_events

__all__ = [
    "REFRESH_TRACKING",
    "REGISTER_TRACKING",
    "add_shipment",
    "apply_tracking",
    "schedule_refresh",
    "schedule_registration",
]

REGISTER_TRACKING = "register_tracking"
REFRESH_TRACKING = "refresh_tracking"
_FINAL = (ShipmentStatus.DELIVERED, ShipmentStatus.EXPIRED)


async def add_shipment(principal: Principal, order_id: uuid.UUID, carrier: str,
                       tracking_number: str) -> Shipment:
    """Attach a parcel to an order and have the tracking service follow it."""
    seller_id = principal.require_seller(Permission.SHIPMENTS_WRITE)
    carrier, tracking_number = carrier.strip(), tracking_number.strip().upper()
    if not carrier or not 4 <= len(tracking_number) <= 60 or not tracking_number.isalnum():
        raise BadInput("carrier and an alphanumeric tracking number (4-60 characters) are needed",
                       field="trackingNumber")
    region = principal.region
    async with in_transaction(region) as tx:
        order = await Order.filter(id=order_id, seller_id=seller_id).using_db(tx).first()
        if order is None:
            raise NotFound("order not found")
        try:
            shipment = await Shipment.create(seller_id=seller_id, order_id=order.id,
                                             carrier=carrier, tracking_number=tracking_number,
                                             using_db=tx)
        except IntegrityError as exc:
            raise Conflict("this order already has that parcel") from exc
        job = await schedule_registration(region, tx, seller_id, [shipment.id])
    if job is not None:
        jobs.dispatch(region, job.id)
    return shipment


async def schedule_registration(region: str, db: BaseDBAsyncClient, seller_id: uuid.UUID,
                                shipment_ids: list[uuid.UUID]) -> Job | None:
    """A job (in the caller's transaction) registering the shipments with the tracker."""
    if not shipment_ids:
        return None
    return await jobs.create_job(region, REGISTER_TRACKING, using_db=db, seller_id=seller_id,
                                 payload={"shipment_ids": [str(s) for s in shipment_ids]})


@jobs.handler(REGISTER_TRACKING)
async def register_tracking(region: str, job: Job) -> None:
    tracker = integrations.current().tracker()
    ids = [uuid.UUID(s) for s in job.payload["shipment_ids"]]
    pending = await Shipment.filter(id__in=ids, tracking_registered=False).using_db(conn(region))
    for start in range(0, len(pending), tracker.max_batch):
        batch = pending[start:start + tracker.max_batch]
        accepted = set(await tracker.register([(s.tracking_number, s.carrier) for s in batch]))
        done = [s.id for s in batch if s.tracking_number in accepted]
        await Shipment.filter(id__in=done).using_db(conn(region)).update(
            tracking_registered=True, tracker=tracker.name)
        await jobs.checkpoint(region, job, done=start + len(batch), total=len(pending))



async def schedule_refresh() -> list[tuple[str, uuid.UUID]]:
    """One refresh job per region that has parcels still moving (called periodically)."""
    created = []
    for region in REGIONS:
        moving = await Shipment.filter(tracking_registered=True).exclude(
            status__in=_FINAL).using_db(conn(region)).exists()
        busy = await Job.filter(kind=REFRESH_TRACKING, state__in=["queued", "running"]).using_db(
            conn(region)).exists()
        if moving and not busy:
            async with in_transaction(region) as tx:
                job = await jobs.create_job(region, REFRESH_TRACKING, using_db=tx)
            created.append((region, job.id))
    for region, job_id in created:
        jobs.dispatch(region, job_id)
    return created


@jobs.handler(REFRESH_TRACKING)
async def refresh_tracking(region: str, job: Job) -> None:
    tracker = integrations.current().tracker()
    rows = await (Shipment.filter(tracking_registered=True, tracker=tracker.name)
                  .exclude(status__in=_FINAL).using_db(conn(region))
                  .values_list("tracking_number", flat=True))
    numbers: list[str] = sorted({str(n) for n in rows})
    for start in range(job.checkpoint.get("next", 0), len(numbers), tracker.max_batch):
        infos = await tracker.track(numbers[start:start + tracker.max_batch])
        await apply_tracking(region, infos)
        done = min(start + tracker.max_batch, len(numbers))  # the last batch may be short
        await jobs.checkpoint(region, job, done=done, total=len(numbers), next=done)


async def apply_tracking(region: str, infos: list[TrackingInfo]) -> int:
    """Record tracking service results against every shipment carrying those numbers."""
    by_number = {i.tracking_number.upper(): i for i in infos}
    shipments = await Shipment.filter(tracking_number__in=list(by_number)).using_db(conn(region))
    applied = 0
    for shipment in shipments:
        info = by_number[shipment.tracking_number]
        events = [NewEvent(time=e.time, status=ShipmentStatus(e.status.value),
                           description=e.description[:500], location=e.location[:200])
                  for e in info.events]
        await record_tracking_events(region, shipment.id, events,
                                     verdict=ShipmentStatus(info.status.value))
        applied += 1
    return applied
