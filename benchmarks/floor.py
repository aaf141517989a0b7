"""The floor: a hand-written Starlette + asyncpg endpoint answering the benchmark's orders query
with the same JSON as the gateway, from hand-written SQL.

No GraphQL, no auth, no audit: what is left is what any server must do for this answer — four
queries (orders page; items; buyers with their wrapped data keys; shipments with their events),
unwrapping each buyer's data key and decrypting the buyer's name and address (AES-GCM, as the
vault does), and serializing with orjson.

Run: ``python benchmarks/floor.py`` with SELLERGATE_DB_US_URL, SELLERGATE_MASTER_KEYS,
BENCH_SELLER_ID and BENCH_PORT in the environment.
"""

from __future__ import annotations

import base64
import contextlib
import os
import sys
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import orjson
import uvicorn
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

WRAP_CONTEXT = b"sellergate/data-key/v1"
PREFIX = "v1."

ORDERS_SQL = """
SELECT id, status, total, buyer_id FROM "order" WHERE seller_id = $1
ORDER BY placed_at DESC, id DESC LIMIT $2"""
ITEMS_SQL = """
SELECT order_id, sku, title, quantity, price FROM order_item WHERE order_id = ANY($1::uuid[])
ORDER BY sku"""
BUYERS_SQL = """
SELECT b.id, b.name, b.address, k.master_key_id, k.wrapped_key
FROM buyer b LEFT JOIN data_key k ON k.subject_id = b.id
WHERE b.id = ANY($1::uuid[]) AND b.seller_id = $2"""
SHIPMENTS_SQL = """
SELECT s.id, s.order_id, s.tracking_number, s.status, e.time, e.status AS event_status
FROM shipment s LEFT JOIN tracking_event e ON e.shipment_id = s.id
WHERE s.order_id = ANY($1::uuid[]) AND s.seller_id = $2
ORDER BY s.created_at, s.id, e.time"""


def _b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _master_keys() -> dict[str, AESGCM]:
    keys = {}
    for pair in os.environ["SELLERGATE_MASTER_KEYS"].split(","):
        kid, _, encoded = pair.strip().partition(":")
        keys[kid] = AESGCM(_b64(encoded))
    return keys


def _decrypt(aead: AESGCM | None, subject: uuid.UUID, name: str, text: str) -> str | None:
    if not text:
        return ""
    if aead is None or not text.startswith(PREFIX):
        return None
    raw = base64.urlsafe_b64decode(text[len(PREFIX):])
    return aead.decrypt(raw[:12], raw[12:], subject.bytes + name.encode()).decode()


def _enum(value: str) -> str:
    return value.upper()  # GraphQL enum values are the Python names: paid -> PAID


def _iso(moment: Any) -> str:
    return str(moment.isoformat())


def build_app(dsn: str, seller_id: uuid.UUID, pool_size: int = 10) -> Starlette:
    masters = _master_keys()
    state: dict[str, asyncpg.Pool] = {}

    async def orders(request: Request) -> Response:
        body = orjson.loads(await request.body())
        first = int((body.get("variables") or {}).get("first") or 20)
        pool = state["pool"]
        async with pool.acquire() as db:
            rows = await db.fetch(ORDERS_SQL, seller_id, first)
            ids = [r["id"] for r in rows]
            items: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
            for r in await db.fetch(ITEMS_SQL, ids):
                items[r["order_id"]].append({"sku": r["sku"], "title": r["title"],
                                             "quantity": r["quantity"], "price": str(r["price"])})
            buyer_ids = list({r["buyer_id"] for r in rows if r["buyer_id"] is not None})
            buyers: dict[uuid.UUID, dict[str, Any]] = {}
            for r in await db.fetch(BUYERS_SQL, buyer_ids, seller_id):
                aead = None
                if r["wrapped_key"] is not None:
                    raw = _b64(r["wrapped_key"])
                    key = masters[r["master_key_id"]].decrypt(raw[:12], raw[12:], WRAP_CONTEXT)
                    aead = AESGCM(key)
                address = _decrypt(aead, r["id"], "address", r["address"])
                parsed = orjson.loads(address) if address else None
                buyers[r["id"]] = {
                    "name": _decrypt(aead, r["id"], "name", r["name"]),
                    "address": {"city": str(parsed.get("city", "")),
                                "country": str(parsed.get("country", ""))} if parsed else None}
            shipments: dict[uuid.UUID, list[dict[str, Any]]] = defaultdict(list)
            by_id: dict[uuid.UUID, dict[str, Any]] = {}
            for r in await db.fetch(SHIPMENTS_SQL, ids, seller_id):
                shipment = by_id.get(r["id"])
                if shipment is None:
                    shipment = by_id[r["id"]] = {"trackingNumber": r["tracking_number"],
                                                 "status": _enum(r["status"]), "events": []}
                    shipments[r["order_id"]].append(shipment)
                if r["time"] is not None:
                    shipment["events"].append({"time": _iso(r["time"]),
                                               "status": _enum(r["event_status"])})
        edges = [{"node": {
            "id": str(r["id"]), "status": _enum(r["status"]), "total": str(r["total"]),
            "items": items.get(r["id"], []),
            "buyer": buyers.get(r["buyer_id"]) if r["buyer_id"] is not None else None,
            "shipments": shipments.get(r["id"], []),
        }} for r in rows]
        return Response(orjson.dumps({"data": {"orders": {"edges": edges}}}),
                        media_type="application/json")

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        state["pool"] = await asyncpg.create_pool(dsn, min_size=1, max_size=pool_size)
        try:
            yield
        finally:
            await state["pool"].close()

    return Starlette(routes=[Route("/graphql", orders, methods=["POST"])], lifespan=lifespan)


def main() -> None:
    dsn = os.environ["SELLERGATE_DB_US_URL"].replace("postgres://", "postgresql://", 1)
    app = build_app(dsn, uuid.UUID(os.environ["BENCH_SELLER_ID"]),
                    int(os.environ.get("SELLERGATE_DB_POOL_MAX", "10")))
    uvicorn.run(app, host="127.0.0.1", port=int(os.environ["BENCH_PORT"]), log_level="warning",
                access_log=False)


if __name__ == "__main__":
    sys.exit(main())
