"""Writing marketplace orders into a region: bulk, idempotent upserts (sync and webhooks share it).

On PostgreSQL a page takes a few statements, each carrying all of the page's rows as arrays
(``unnest``), with ``ON CONFLICT`` deciding between insert and update; other databases (SQLite,
the embedded default) go through the ORM's bulk operations. Both apply the same rules.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from dataclasses import asdict
from datetime import UTC, datetime
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


async def upsert_orders(db: BaseDBAsyncClient, store: Store, orders: list[OrderData], *,
                        include_buyer: bool) -> list[uuid.UUID]:
    """Insert or update ``orders`` of ``store``; return the ids of shipments created.

    Buyers are written only when ``include_buyer`` (the store's buyer-data authorization).
    An order already imported keeps its id; its items are replaced and shipments it already
    has are kept. Call it inside a transaction.
    """
    if not orders:
        return []
    latest: dict[str, OrderData] = {}
    for order in orders:  # a page may repeat an order; the newest version wins
        if order.external_id not in latest or order.updated_at >= latest[order.external_id].updated_at:
            latest[order.external_id] = order
    on_postgres = db.capabilities.dialect == "postgres"
    buyers = {o.buyer.external_id: o.buyer for o in latest.values() if o.buyer}
    buyer_ids: dict[str, uuid.UUID] = {}
    if include_buyer and buyers:
        buyer_ids = await (_pg_upsert_buyers if on_postgres else _orm_upsert_buyers)(
            db, store, buyers)
    write = _pg_upsert_orders if on_postgres else _orm_upsert_orders
    return await write(db, store, latest, buyer_ids, include_buyer=include_buyer)


# --- rules both paths share ---------------------------------------------------------------------

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


def _personal(buyer: BuyerData) -> dict[str, str]:
    """The buyer's fields as the vault seals them (an absent field is the empty string)."""
    return {"name": buyer.name or "", "email": buyer.email or "", "phone": buyer.phone or "",
            "address": json.dumps(asdict(buyer.address)) if buyer.address else ""}


async def _seal_buyers(db: BaseDBAsyncClient, buyers: dict[str, BuyerData],
                       ids: dict[str, uuid.UUID], *, fresh: set[uuid.UUID]
                       ) -> dict[uuid.UUID, dict[str, str]]:
    """The buyers' personal fields sealed under each one's data key, by id; all keys in one
    query, but for the ``fresh`` buyers' (given their ids just now, they have none yet)."""
    return await vault.current().seal_many(
        db, "buyer", {ids[e]: _personal(d) for e, d in buyers.items()}, fresh=fresh)


# --- PostgreSQL: a page in three statements (and the vault's keys), its rows as arrays ----------

# Every statement finds rows through ON CONFLICT, which always goes by the unique index: a plan
# (a look-up by external id) cached by a pooled connection while the table was small, as in a
# new database, would scan the whole table for every page.

# The page's buyers' ids: a buyer already imported keeps its id (the one proposed for it in $4
# goes unused; the no-op update is what has RETURNING give its row), a new one is inserted
# without personal fields, sealed under its id next.
_PG_BUYER_IDS = """
INSERT INTO buyer (id, seller_id, store_id, external_id, name, phone, email, address, created_at)
SELECT b.id, $1, $2, b.external_id, '', '', '', '', $3
FROM unnest($4::uuid[], $5::text[]) AS b(id, external_id)
ON CONFLICT (store_id, external_id) DO UPDATE SET external_id = excluded.external_id
RETURNING id, external_id, id <> ALL($4::uuid[]) AS existing"""

# Their sealed personal fields, by id (every row conflicts: the insert is never taken).
_PG_SEAL_BUYERS = """
INSERT INTO buyer (id, seller_id, store_id, external_id, name, phone, email, address, created_at)
SELECT b.id, $1, $2, b.external_id, b.name, b.phone, b.email, b.address, $3
FROM unnest($4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
     AS b(id, external_id, name, phone, email, address)
ON CONFLICT (id) DO UPDATE SET name = excluded.name, phone = excluded.phone,
                               email = excluded.email, address = excluded.address"""

# The page's orders, their items and their parcels in one statement. An order already imported
# keeps its id (the one proposed for it in $5 goes unused) and has its items replaced: the parts
# of the statement share one snapshot, so the DELETE sees only the items there before. A parcel
# the order already has conflicts and is skipped: only the new ones come back.
_PG_UPSERT_ORDERS_SQL = """
WITH saved AS (
    INSERT INTO "order" (id, seller_id, store_id, external_id, number, status, currency, total,
                         placed_at, buyer_id, shipment_status, created_at, updated_at)
    SELECT o.id, $1, $2, o.external_id, o.number, o.status, o.currency, o.total, o.placed_at,
           o.buyer_id, $3, $4, $4
    FROM unnest($5::uuid[], $6::text[], $7::text[], $8::text[], $9::text[], $10::numeric[],
                $11::timestamptz[], $12::uuid[])
         AS o(id, external_id, number, status, currency, total, placed_at, buyer_id)
    ON CONFLICT (store_id, external_id) DO UPDATE SET
        number = excluded.number, status = excluded.status, currency = excluded.currency,
        total = excluded.total, placed_at = excluded.placed_at{buyer}
    RETURNING id, external_id, id <> ALL($5::uuid[]) AS updated
), stale_items AS (
    DELETE FROM order_item WHERE order_id IN (SELECT id FROM saved WHERE updated)
), items AS (
    INSERT INTO order_item (id, order_id, sku, title, quantity, price)
    SELECT i.id, saved.id, i.sku, i.title, i.quantity, i.price
    FROM unnest($13::uuid[], $14::text[], $15::text[], $16::text[], $17::int[], $18::numeric[])
         AS i(id, order_external_id, sku, title, quantity, price), saved
    WHERE saved.external_id = i.order_external_id
), parcels AS (
    INSERT INTO shipment (id, seller_id, order_id, carrier, tracking_number, status,
                          last_event_at, tracker, tracking_registered, created_at)
    SELECT s.id, $1, saved.id, s.carrier, s.tracking_number, $19, NULL, '', false, $4
    FROM unnest($20::uuid[], $21::text[], $22::text[], $23::text[])
         AS s(id, order_external_id, carrier, tracking_number), saved
    WHERE saved.external_id = s.order_external_id
    ON CONFLICT (order_id, carrier, tracking_number) DO NOTHING
    RETURNING id
)
SELECT id FROM parcels"""
# Without the buyer authorization an order already imported keeps the buyer it has.
_PG_UPSERT_ORDERS = {True: _PG_UPSERT_ORDERS_SQL.format(buyer=", buyer_id = excluded.buyer_id"),
                     False: _PG_UPSERT_ORDERS_SQL.format(buyer="")}

_UNSHIPPED: str = Order._meta.fields_map["shipment_status"].default
_NEW_PARCEL: str = Shipment._meta.fields_map["status"].default.value


async def _pg_upsert_buyers(db: BaseDBAsyncClient, store: Store,
                            buyers: dict[str, BuyerData]) -> dict[str, uuid.UUID]:
    common = [store.seller_id, store.id, datetime.now(UTC)]  # type: ignore[attr-defined]
    rows = await db.execute_query_dict(_PG_BUYER_IDS, [
        *common, list(_new_ids(len(buyers))), list(buyers)])
    ids = {row["external_id"]: row["id"] for row in rows}
    sealed = await _seal_buyers(db, buyers, ids,
                                fresh={row["id"] for row in rows if not row["existing"]})
    values = [sealed[ids[e]] for e in buyers]
    await db.execute_query(_PG_SEAL_BUYERS, [
        *common, [ids[e] for e in buyers], list(buyers),
        *([v[name] for v in values] for name in ("name", "phone", "email", "address"))])
    return ids


async def _pg_upsert_orders(db: BaseDBAsyncClient, store: Store, latest: dict[str, OrderData],
                            buyer_ids: dict[str, uuid.UUID], *,
                            include_buyer: bool) -> list[uuid.UUID]:
    orders = list(latest.values())
    items = [(o.external_id, i) for o in orders for i in o.items]
    parcels = [(o.external_id, s) for o in orders for s in o.shipments]
    shipment_ids = list(_new_ids(len(parcels)))
    rows = await db.execute_query_dict(_PG_UPSERT_ORDERS[include_buyer], [
        store.seller_id, store.id, _UNSHIPPED, datetime.now(UTC),  # type: ignore[attr-defined]
        # $5-$12: the orders
        list(_new_ids(len(orders))), list(latest), [o.number for o in orders],
        [_status(o.status).value for o in orders], [o.currency for o in orders],
        [o.total for o in orders], [o.placed_at for o in orders],
        [buyer_ids.get(o.buyer.external_id) if o.buyer else None for o in orders],
        # $13-$18: their items
        list(_new_ids(len(items))), [e for e, _ in items], [i.sku for _, i in items],
        [i.title for _, i in items], [i.quantity for _, i in items], [i.price for _, i in items],
        # $19-$23: their parcels
        _NEW_PARCEL, shipment_ids, [e for e, _ in parcels], [s.carrier for _, s in parcels],
        [s.tracking_number for _, s in parcels]])
    created = {row["id"] for row in rows}
    return [i for i in shipment_ids if i in created]


# --- other databases: the ORM's bulk operations -------------------------------------------------

async def _orm_upsert_buyers(db: BaseDBAsyncClient, store: Store,
                             buyers: dict[str, BuyerData]) -> dict[str, uuid.UUID]:
    rows = {b.external_id: b for b in await Buyer.filter(
        store_id=store.id, external_id__in=list(buyers)).using_db(db)}
    new_ids = _new_ids(len(buyers) - len(rows))
    ids = {e: rows[e].id if e in rows else next(new_ids) for e in buyers}
    sealed = await _seal_buyers(db, buyers, ids,
                                fresh={ids[e] for e in buyers if e not in rows})
    fresh, changed = [], []
    for external_id, buyer_id in ids.items():
        row = rows.get(external_id)
        if row is None:
            fresh.append(Buyer(id=buyer_id, seller_id=store.seller_id,  # type: ignore[attr-defined]
                               store_id=store.id, external_id=external_id, **sealed[buyer_id]))
            continue
        for k, v in sealed[buyer_id].items():
            setattr(row, k, v)
        changed.append(row)
    if fresh:
        await Buyer.bulk_create(fresh, using_db=db)
    if changed:
        await Buyer.bulk_update(changed, fields=["name", "email", "phone", "address"], using_db=db)
    return ids


async def _orm_upsert_orders(db: BaseDBAsyncClient, store: Store, latest: dict[str, OrderData],
                             buyer_ids: dict[str, uuid.UUID], *,
                             include_buyer: bool) -> list[uuid.UUID]:
    seller_id = store.seller_id  # type: ignore[attr-defined]
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
