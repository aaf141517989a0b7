"""Writing marketplace orders into a region: bulk, idempotent upserts (sync and webhooks share it)."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient

from gateway.connectors import (
    AddressData,
    BuyerData,
    OrderData,
    OrderItemData,
    ShipmentData,
)
from gateway.models import Buyer, Order, OrderItem, OrderStatus, Shipment, Store
from gateway.privacy import vault

__all__ = ["order_from_json", "order_to_json", "upsert_orders"]


def order_to_json(order: OrderData) -> dict[str, Any]:
    data = asdict(order)
    data["total"] = str(order.total)
    data["placed_at"] = order.placed_at.isoformat()
    data["updated_at"] = order.updated_at.isoformat()
    for item in data["items"]:
        item["price"] = str(item["price"])
    return data


def order_from_json(data: dict[str, Any]) -> OrderData:
    buyer = data.get("buyer")
    return OrderData(
        external_id=data["external_id"], number=data["number"], status=data["status"],
        currency=data["currency"], total=Decimal(data["total"]),
        placed_at=datetime.fromisoformat(data["placed_at"]),
        updated_at=datetime.fromisoformat(data["updated_at"]),
        items=[OrderItemData(sku=i["sku"], title=i["title"], quantity=i["quantity"],
                             price=Decimal(i["price"])) for i in data.get("items", [])],
        buyer=BuyerData(
            external_id=buyer["external_id"], name=buyer.get("name"), email=buyer.get("email"),
            phone=buyer.get("phone"),
            address=AddressData(**buyer["address"]) if buyer.get("address") else None,
        ) if buyer else None,
        shipments=[ShipmentData(**s) for s in data.get("shipments", [])],
    )


def _new_ids(count: int) -> Iterator[uuid.UUID]:
    """``count`` random (version 4) UUIDs from one read of the system's random source: what
    ``uuid.uuid4()`` makes, without a system call per row."""
    raw = os.urandom(16 * count)
    return (uuid.UUID(bytes=raw[at:at + 16], version=4) for at in range(0, 16 * count, 16))


def _status(value: str) -> OrderStatus:
    try:
        return OrderStatus(value)
    except ValueError:
        return OrderStatus.PENDING


async def _upsert_buyers(db: BaseDBAsyncClient, store: Store,
                         buyers: list[BuyerData]) -> dict[str, uuid.UUID]:
    by_external = {b.external_id: b for b in buyers}
    existing = {b.external_id: b for b in await Buyer.filter(
        store_id=store.id, external_id__in=list(by_external)).using_db(db)}
    fresh, changed = [], []
    new_ids = _new_ids(len(by_external) - len(existing))
    ids = {e: existing[e].id if e in existing else next(new_ids) for e in by_external}
    # Personal fields are sealed under each buyer's data key, all keys fetched in one query.
    sealed = await vault.current().seal_many(db, "buyer", {ids[e]: {
        "name": d.name or "", "email": d.email or "", "phone": d.phone or "",
        "address": json.dumps(asdict(d.address)) if d.address else ""}
        for e, d in by_external.items()},
        fresh={ids[e] for e in by_external if e not in existing})
    for external_id in by_external:
        values = sealed[ids[external_id]]
        row = existing.get(external_id)
        if row is None:
            row = Buyer(id=ids[external_id], seller_id=store.seller_id,  # type: ignore[attr-defined]
                        store_id=store.id, external_id=external_id, **values)
            existing[external_id] = row
            fresh.append(row)
        else:
            for k, v in values.items():
                setattr(row, k, v)
            changed.append(row)
    if fresh:
        await Buyer.bulk_create(fresh, using_db=db)
    if changed:
        await Buyer.bulk_update(changed, fields=["name", "email", "phone", "address"], using_db=db)
    return {k: v.id for k, v in existing.items()}


async def upsert_orders(db: BaseDBAsyncClient, store: Store, orders: list[OrderData], *,
                        include_buyer: bool) -> list[uuid.UUID]:
    """Insert or update ``orders`` of ``store``; return the ids of shipments created.

    Buyers are written only when ``include_buyer`` (the store's buyer-data authorization).
    """
    if not orders:
        return []
    seller_id = store.seller_id  # type: ignore[attr-defined]
    latest: dict[str, OrderData] = {}
    for order in orders:  # a page may repeat an order; the newest version wins
        if order.external_id not in latest or order.updated_at >= latest[order.external_id].updated_at:
            latest[order.external_id] = order
    buyer_ids: dict[str, uuid.UUID] = {}
    if include_buyer:
        buyer_ids = await _upsert_buyers(db, store, [o.buyer for o in latest.values() if o.buyer])
    existing = {o.external_id: o for o in await Order.filter(
        store_id=store.id, external_id__in=list(latest)).using_db(db)}
    fresh, changed = [], []
    order_ids_new = _new_ids(len(latest) - len(existing))
    for external_id, data in latest.items():
        values = {"number": data.number, "status": _status(data.status), "currency": data.currency,
                  "total": data.total, "placed_at": data.placed_at,
                  "buyer_id": buyer_ids.get(data.buyer.external_id) if data.buyer else None}
        row = existing.get(external_id)
        if row is None:
            row = Order(id=next(order_ids_new), seller_id=seller_id, store_id=store.id,
                        external_id=external_id, **values)
            existing[external_id] = row
            fresh.append(row)
        else:
            if not include_buyer:
                values.pop("buyer_id")
            for k, v in values.items():
                setattr(row, k, v)
            changed.append(row)
    if fresh:
        await Order.bulk_create(fresh, using_db=db)
    if changed:
        await Order.bulk_update(changed, fields=["number", "status", "currency", "total",
                                                 "placed_at", "buyer_id"], using_db=db)
    # Orders created just now have no items or shipments yet: no need to ask the database.
    updating = [row.id for row in changed]
    if updating:
        await OrderItem.filter(order_id__in=updating).using_db(db).delete()
    item_ids = _new_ids(sum(len(data.items) for data in latest.values()))
    await OrderItem.bulk_create([
        OrderItem(id=next(item_ids), order_id=existing[e].id, sku=i.sku, title=i.title,
                  quantity=i.quantity, price=i.price)
        for e, data in latest.items() for i in data.items], using_db=db)
    known = set(await Shipment.filter(order_id__in=updating).using_db(db)
                .values_list("order_id", "carrier", "tracking_number")) if updating else set()
    shipment_ids = _new_ids(sum(len(data.shipments) for data in latest.values()))
    shipments = [
        Shipment(id=next(shipment_ids), seller_id=seller_id, order_id=existing[e].id,
                 carrier=s.carrier, tracking_number=s.tracking_number)
        for e, data in latest.items() for s in data.shipments
        if (existing[e].id, s.carrier, s.tracking_number) not in known
    ]
    if shipments:
        await Shipment.bulk_create(shipments, using_db=db)
    return [s.id for s in shipments]
