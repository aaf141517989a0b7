"""Stores a seller connected."""

from __future__ import annotations

import uuid

from gateway.auth.principal import Permission, Principal
from gateway.db import conn
from gateway.errors import NotFound
from gateway.models import Store

__all__ = ["get_store", "list_stores", "stores_by_ids"]


async def list_stores(principal: Principal) -> list[Store]:
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    return await (
        Store.filter(seller_id=seller_id).using_db(conn(principal.region)).order_by("created_at")
    )


async def get_store(principal: Principal, store_id: uuid.UUID) -> Store:
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    store = await Store.filter(id=store_id, seller_id=seller_id).using_db(
        conn(principal.region)
    ).first()
    if store is None:
        raise NotFound("store not found")
    return store


async def stores_by_ids(principal: Principal, ids: list[uuid.UUID]) -> dict[uuid.UUID, Store]:
    seller_id = principal.require_seller(Permission.ORDERS_READ)
    rows = await Store.filter(id__in=ids, seller_id=seller_id).using_db(conn(principal.region))
    return {row.id: row for row in rows}
