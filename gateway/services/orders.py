"""Orders, their items and buyers, always scoped to the caller's seller."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from gateway.auth.principal import Permission, Principal
from gateway.db import conn, select_rows, with_fields
from gateway.errors import NotFound
from gateway.models import Buyer, Order, OrderItem, OrderStatus
from gateway.privacy import vault
from gateway.privacy.vault import BuyerPersonal
from gateway.services.paging import Page, Where, group_by, newest_first

__all__ = [
    "BUYER_FIELDS",
    "ITEM_FIELDS",
    "ORDER_FIELDS",
    "OrderFilter",
    "buyers_by_ids",
    "get_order",
    "items_for_orders",
    "list_orders",
]


# What the read path reads of each row — the GraphQL types served from rows
# (``schema.types``), the loaders' keys, the vault — and all that ``select_rows`` selects of
# it on PostgreSQL.
ORDER_FIELDS = ("id", "number", "status", "currency", "total", "placed_at", "shipment_status",
                "delivered_at", "store_id", "buyer_id")
ITEM_FIELDS = ("order_id", "sku", "title", "quantity", "price")
BUYER_FIELDS = ("id", "name", "phone", "email", "address")


@dataclass(frozen=True, slots=True)
class OrderFilter:
    store_id: uuid.UUID | None = None
    status: OrderStatus | None = None
    placed_from: datetime | None = None
    placed_to: datetime | None = None


async def list_orders(
    principal: Principal, *, first: int | None = None, after: str | None = None,
    where: OrderFilter | None = None, fields: Sequence[str] | None = None,
) -> Page[Order]:
    """Newest first, keyset-paginated on (placed_at, id); rows of ``fields`` (by default
    ``ORDER_FIELDS``) and the cursor's."""
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    query = Where("order").equals("seller_id", seller_id)
    where = where or OrderFilter()
    if where.store_id is not None:
        query.equals("store_id", where.store_id)
    if where.status is not None:
        query.equals("status", where.status)
    if where.placed_from is not None:
        query.compare("placed_at", ">=", where.placed_from)
    if where.placed_to is not None:
        query.compare("placed_at", "<", where.placed_to)
    return await newest_first(Order, conn(principal.region), query, time_column="placed_at",
                              first=first, after=after, fields=fields or ORDER_FIELDS)


async def get_order(principal: Principal, order_id: uuid.UUID) -> Order:
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    order = await Order.filter(id=order_id, seller_id=seller_id).using_db(
        conn(principal.region)
    ).first()
    if order is None:
        raise NotFound("order not found")
    return order


async def items_for_orders(
    principal: Principal, order_ids: list[uuid.UUID]
) -> dict[uuid.UUID, list[OrderItem]]:
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    rows = await select_rows(
        OrderItem, conn(principal.region),
        # The orders named by their keys too: PostgreSQL then reads them by primary key,
        # where a seller's share of the table made it scan every order of the seller.
        'JOIN "order" ON "order"."id" = "order_item"."order_id" '
        'WHERE "order_item"."order_id" {keys} AND "order"."id" {keys} '
        'AND "order"."seller_id" = {p2} '
        'ORDER BY "order_item"."order_id", "order_item"."sku"', order_ids, seller_id,
        fields=ITEM_FIELDS)
    return group_by(rows, "order_id")


async def buyers_by_ids(principal: Principal, ids: list[uuid.UUID], *,
                        fields: Sequence[str] | None = None,
                        ) -> dict[uuid.UUID, tuple[Buyer, BuyerPersonal]]:
    """Buyers with their personal fields decrypted in one batch (one key query for all);
    rows of ``fields`` (by default ``BUYER_FIELDS``) and the id."""
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    rows = await select_rows(Buyer, conn(principal.region),
                               'WHERE "buyer"."id" {keys} AND "buyer"."seller_id" = {p2}',
                               ids, seller_id, fields=with_fields(fields, BUYER_FIELDS, "id"))
    personal = await vault.reveal_buyers(principal.region, rows)
    return {row.id: (row, personal[row.id]) for row in rows}
