"""Seed the bench databases: sellers with stores, buyers (PII sealed with the project's vault,
one data key per buyer), orders, items, shipments and tracking events, written with COPY.

Accounts are made through the service layer (``create_account``), so they are exactly what a
sign-up makes; the bulk rows go straight into PostgreSQL with ``copy_records_to_table``.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import asyncpg
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from benchmarks.common import (
    _asyncpg_url,
    bench_settings,
    create_databases,
    drop_databases,
    migrate,
)
from gateway.auth import tokens
from gateway.db import close_db, conn, init_db
from gateway.models import Store
from gateway.privacy import vault
from gateway.privacy.vault import Vault
from gateway.services.accounts import create_account
from gateway.settings import Settings

PASSWORD = "bench-password-123"
END = datetime(2026, 11, 1, tzinfo=UTC)
_PRODUCTS = [("TENT-2P", "Two-person tent", "129.00"), ("LAMP-01", "Camping lamp", "19.90"),
             ("MUG-SS", "Steel mug", "8.50"), ("BAG-35L", "Backpack 35 l", "74.00"),
             ("SOCK-3", "Wool socks (3 pairs)", "15.00"), ("STOVE-1", "Camping stove", "79.90")]
_CITIES = [("Austin", "TX", "78701"), ("Denver", "CO", "80202"), ("Portland", "OR", "97201"),
           ("Boston", "MA", "02108")]
_FIRST = ["Jordan", "Casey", "Riley", "Morgan", "Taylor", "Avery", "Quinn", "Rowan"]
_LAST = ["Lee", "Smith", "Chen", "Davis", "Brown", "Garcia", "Novak", "Okafor"]
_JOURNEY = ["info_received", "in_transit", "in_transit", "out_for_delivery", "delivered"]
_ORDER_STATUS = ["paid", "fulfilled", "fulfilled", "fulfilled", "pending", "refunded"]


@dataclass(frozen=True)
class Seller:
    id: uuid.UUID
    email: str
    store_id: uuid.UUID
    orders: int
    buyers: int


def _cols(record: tuple[Any, ...], names: str) -> list[str]:
    cols = names.split()
    assert len(cols) == len(record)
    return cols


async def seed_seller(settings: Settings, index: int, orders: int, *, events: int = 5,
                      region: str = "us") -> Seller:
    """One seller with ``orders`` orders (half as many buyers: repeat customers)."""
    email = f"seller{index}@bench.sellergate.test"
    account = await create_account(settings, email=email, password=PASSWORD,
                                   name=f"Bench Seller {index}", country="US",
                                   mobile="+1 415 555 0100")
    store = await Store.create(seller_id=account.id, platform="shopify",
                               name=f"Bench Store {index}", external_id=f"bench-{uuid.uuid4().hex}",
                               buyer_data_authorized=True,
                               using_db=conn(region))
    rng = random.Random(index)
    now = datetime.now(UTC)
    keyring = vault.current().keyring
    encrypt = Vault.encrypt

    buyers, keys = [], []
    buyer_ids = []
    for n in range(max(1, orders // 2)):
        bid = uuid.uuid4()
        key = AESGCM.generate_key(bit_length=256)
        kid, wrapped = keyring.wrap(key)
        keys.append((bid, "buyer", kid, wrapped, now, None))
        first, last = rng.choice(_FIRST), rng.choice(_LAST)
        city, province, postal = _CITIES[n % len(_CITIES)]
        clear = {"name": f"{first} {last}", "phone": f"+1555{n:07d}",
                 "email": f"{first.lower()}.{last.lower()}{n}@buyers.example",
                 "address": json.dumps({"line1": f"{n % 9000 + 1} Market Street", "line2": "",
                                        "city": city, "province": province,
                                        "postal_code": postal, "country": "US"})}
        sealed = {k: encrypt(key, bid, k, v) for k, v in clear.items()}
        buyers.append((bid, f"cust-{n}", sealed["name"], sealed["phone"], sealed["email"],
                       sealed["address"], now, account.id, store.id))
        buyer_ids.append(bid)

    order_rows, items, shipments, tracking = [], [], [], []
    for n in range(orders):
        oid = uuid.uuid4()
        placed = END - timedelta(minutes=20 * n + index)
        status = rng.choice(_ORDER_STATUS)
        total = Decimal(0)
        for sku, title, price in rng.sample(_PRODUCTS, rng.randint(1, 3)):
            quantity = rng.randint(1, 3)
            total += Decimal(price) * quantity
            items.append((uuid.uuid4(), sku, title, quantity, Decimal(price), oid))
        sid = uuid.uuid4()
        steps = _JOURNEY[:events] if events <= len(_JOURNEY) else _JOURNEY + [
            "in_transit"] * (events - len(_JOURNEY))
        last_at = placed + timedelta(hours=12 * len(steps))
        shipments.append((sid, "UPS", f"1Z{index}{n:010d}", steps[-1], last_at, "", False,
                          placed + timedelta(hours=6), oid, account.id))
        for k, step in enumerate(steps):
            city = _CITIES[k % len(_CITIES)][0]
            tracking.append((uuid.uuid4(), placed + timedelta(hours=12 * (k + 1)), step,
                             step.replace("_", " "), city, sid))
        delivered = last_at if steps[-1] == "delivered" else None
        order_rows.append((oid, str(100000 + n), f"#{100000 + n}", status, "USD", total, placed,
                           steps[-1], delivered, placed, placed, buyer_ids[n % len(buyer_ids)],
                           account.id, store.id))

    db = await asyncpg.connect(_asyncpg_url(settings.database_url(region)))
    try:
        async with db.transaction():
            for table, rows, names in (
                ("data_key", keys, "subject_id subject_type master_key_id wrapped_key "
                                   "created_at rotated_at"),
                ("buyer", buyers, "id external_id name phone email address created_at "
                                  "seller_id store_id"),
                ("order", order_rows, "id external_id number status currency total placed_at "
                                      "shipment_status delivered_at created_at updated_at "
                                      "buyer_id seller_id store_id"),
                ("order_item", items, "id sku title quantity price order_id"),
                ("shipment", shipments, "id carrier tracking_number status last_event_at "
                                        "tracker tracking_registered created_at order_id "
                                        "seller_id"),
                ("tracking_event", tracking, "id time status description location shipment_id"),
            ):
                await db.copy_records_to_table(table, records=rows,
                                               columns=_cols(rows[0], names))
        await db.execute("ANALYZE")
    finally:
        await db.close()
    return Seller(id=account.id, email=email, store_id=store.id, orders=orders,
                  buyers=len(buyers))


async def seed(settings: Settings, *, sellers: int = 2, orders: int = 50_000,
               events: int = 5) -> list[Seller]:
    return [await seed_seller(settings, i, orders, events=events) for i in range(sellers)]


@asynccontextmanager
async def one_seeded_seller(orders: int, **settings_update: Any
                            ) -> AsyncIterator[tuple[Settings, str]]:
    """Fresh bench databases, migrated, with one seller of ``orders`` orders: the settings
    (``settings_update`` applied) and the seller's access token. The store connections are
    open inside the block; the databases and the data folder are dropped after it."""
    data_dir = Path(tempfile.mkdtemp(prefix="sellergate-bench-"))
    urls, names = await create_databases()
    try:
        settings = bench_settings(data_dir, urls).model_copy(update=settings_update)
        migrate(settings)
        await init_db(settings)
        (seller,) = await seed(settings, sellers=1, orders=orders)
        yield settings, tokens.issue_access_token(settings, seller.id, "us")
    finally:
        await close_db()
        await drop_databases(names)
        shutil.rmtree(data_dir, ignore_errors=True)
