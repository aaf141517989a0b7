"""Orders, their items and buyers, always scoped to the caller's seller."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from tortoise.expressions import Q

from gateway.auth.principal import Permission, Principal
from gateway.db import conn
from gateway.errors import NotFound
from gateway.models import Buyer, Order, OrderItem, OrderStatus
from gateway.privacy import vault
from gateway.privacy.vault import BuyerPersonal
from gateway.services.paging import Page, decode_cursor, encode_cursor, page_size

__all__ = [
    "OrderFilter",
    "buyers_by_ids",
    "get_order",
    "items_for_orders",
    "list_orders",
]


@dataclass(frozen=True, slots=True)
class OrderFilter:
    store_id: uuid.UUID | None = None
    status: OrderStatus | None = None
    placed_from: datetime | None = None
    placed_to: datetime | None = None


async def list_orders(
    principal: Principal, *, first: int | None = None, after: str | None = None,
    where: OrderFilter | None = None,
) -> Page[Order]:
    """Newest first, keyset-paginated on (placed_at, id)."""
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    size = page_size(first)
    query = Order.filter(seller_id=seller_id)
    where = where or OrderFilter()
    if where.store_id is not None:
        query = query.filter(store_id=where.store_id)
    if where.status is not None:
        query = query.filter(status=where.status)
    if where.placed_from is not None:
        query = query.filter(placed_at__gte=where.placed_from)
    if where.placed_to is not None:
        query = query.filter(placed_at__lt=where.placed_to)
    if after:
        at, row_id = decode_cursor(after)
        query = query.filter(Q(placed_at__lt=at) | Q(placed_at=at, id__lt=row_id))
    rows = await (
        query.using_db(conn(principal.region)).order_by("-placed_at", "-id").limit(size + 1)
    )
    items = rows[:size]
    return Page(
        items=items,
        cursors=[encode_cursor(o.placed_at, o.id) for o in items],
        has_next_page=len(rows) > size,
    )


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
    rows = await (
        OrderItem.filter(order_id__in=order_ids, order__seller_id=seller_id)
        .using_db(conn(principal.region)).order_by("sku")
    )
    grouped: dict[uuid.UUID, list[OrderItem]] = defaultdict(list)
    for row in rows:
        grouped[row.order_id].append(row)  # type: ignore[attr-defined]
    return grouped


async def buyers_by_ids(principal: Principal, ids: list[uuid.UUID]
                        ) -> dict[uuid.UUID, tuple[Buyer, BuyerPersonal]]:
    """Buyers with their personal fields decrypted in one batch (one key query for all)."""
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    rows = await Buyer.filter(id__in=ids, seller_id=seller_id).using_db(conn(principal.region))
    personal = await vault.reveal_buyers(principal.region, rows)
    return {row.id: (row, personal[row.id]) for row in rows}
