"""Buyers' rights, exercised through the seller or the marketplace: erase and export a buyer,
purge buyer data of a store, and the retention sweep of buyer data after delivery."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from gateway.auth.principal import Permission, Principal
from gateway.db import conn
from gateway.errors import NotFound
from gateway.models import Buyer, LegalHold, Order, PrivacyRequest
from gateway.privacy import export, vault
from gateway.regions import REGIONS
from gateway.services import jobs

__all__ = [
    "BUYER_RETENTION",
    "erase_buyer",
    "erase_buyers",
    "export_buyer",
    "purge_store_buyers",
    "request_buyer_export",
    "sweep_buyer_retention",
]

BUYER_RETENTION = timedelta(days=30)  # buyer PII: 30 days after delivery


async def erase_buyers(db: BaseDBAsyncClient, buyer_ids: Iterable[uuid.UUID]) -> int:
    """Shred the buyers' data keys, then delete them (their orders keep amounts, lose the link)."""
    ids = list(buyer_ids)
    if not ids:
        return 0
    await vault.current().destroy(db, ids)
    # Counted before deleting: SQLite's row count would include the orders unlinked by the FK.
    count = await Buyer.filter(id__in=ids).using_db(db).count()
    await Buyer.filter(id__in=ids).using_db(db).delete()
    return count


async def purge_store_buyers(region: str, store_id: uuid.UUID) -> int:
    async with in_transaction(region) as tx:
        ids = await Buyer.filter(store_id=store_id).using_db(tx).values_list("id", flat=True)
        return await erase_buyers(tx, ids)  # type: ignore[arg-type]


async def erase_buyer(principal: Principal, buyer_id: uuid.UUID) -> PrivacyRequest:
    """The seller erases one of its buyers (e.g. the buyer asked the seller)."""
    seller_id = principal.require_seller(Permission.ORDERS_READ_BUYER_PII)
    region = principal.region
    async with in_transaction(region) as tx:
        buyer = await Buyer.filter(id=buyer_id, seller_id=seller_id).using_db(tx).first()
        if buyer is None:
            raise NotFound("buyer not found")
        await erase_buyers(tx, [buyer.id])
        return await PrivacyRequest.create(
            kind="deletion", subject_type="buyer", subject_id=buyer_id, requester_id=seller_id,
            source="seller", state="completed", verified_at=datetime.now(UTC),
            completed_at=datetime.now(UTC), result={"erased": ["buyer_identity", "buyer_contact",
                                                               "buyer_address"]},
            using_db=tx)


async def request_buyer_export(region: str, seller_id: uuid.UUID, buyer_id: uuid.UUID, *,
                               source: str) -> PrivacyRequest:
    """An export of a buyer's data, delivered to the seller as a signed link."""
    now = datetime.now(UTC)
    async with in_transaction(region) as tx:
        request = await PrivacyRequest.create(
            kind="access", subject_type="buyer", subject_id=buyer_id, requester_id=seller_id,
            source=source, state="in_progress", verified_at=now, using_db=tx)
        job = await jobs.create_job(region, export.EXPORT_SUBJECT, using_db=tx,
                                    seller_id=seller_id, payload={"request_id": str(request.id)})
        request.job_id = job.id
        await request.save(update_fields=["job_id"], using_db=tx)
    jobs.dispatch(region, job.id)
    return request


async def export_buyer(principal: Principal, buyer_id: uuid.UUID) -> PrivacyRequest:
    seller_id = principal.require_seller(Permission.ORDERS_READ_BUYER_PII)
    if not await Buyer.filter(id=buyer_id, seller_id=seller_id).using_db(
            conn(principal.region)).exists():
        raise NotFound("buyer not found")
    return await request_buyer_export(principal.region, seller_id, buyer_id, source="seller")


async def sweep_buyer_retention(now: datetime | None = None) -> int:
    """Erase buyers whose orders were all delivered more than 30 days ago (legal holds kept)."""
    cutoff = (now or datetime.now(UTC)) - BUYER_RETENTION
    erased = 0
    for region in REGIONS:
        db = conn(region)
        held = {str(s) for s in await LegalHold.filter(released_at__isnull=True).using_db(
            db).values_list("subject_id", flat=True)}
        stale = set(await Order.filter(delivered_at__lt=cutoff, buyer_id__isnull=False).using_db(
            db).values_list("buyer_id", flat=True))
        if not stale:
            continue
        recent = set(await Order.filter(buyer_id__in=list(stale)).exclude(
            delivered_at__lt=cutoff).using_db(db).values_list("buyer_id", flat=True))
        candidates = stale - recent
        sellers = {str(b): str(s) for b, s in await Buyer.filter(
            id__in=list(candidates)).using_db(db).values_list("id", "seller_id")}
        due = [b for b in candidates if sellers.get(str(b)) not in held]
        for start in range(0, len(due), 500):
            async with in_transaction(region) as tx:
                erased += await erase_buyers(tx, due[start:start + 500])  # type: ignore[arg-type]
    return erased
