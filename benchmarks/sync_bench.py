"""Order sync from the Shopify sandbox into PostgreSQL: the real sync job against a naive import.

The real figure runs the ``sync_orders`` job exactly as a worker does (``jobs.run_job``): pages
fetched through the Shopify connector, bulk upserts, buyer PII sealed in batches, a checkpoint
per page. The baseline fetches the same pages with the same connector and writes every row with
its own INSERT (and every buyer's data key with its own look-up), as a first version would.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import asdict
from typing import Any

from tortoise.transactions import in_transaction

from gateway.connectors import UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.db import conn
from gateway.models import Buyer, Job, JobState, Order, OrderItem, Shipment, Store
from gateway.privacy import vault
from gateway.services import integrations, jobs
from gateway.services import sync as _sync  # noqa: F401 - registers the sync_orders job
from gateway.services.connections import SYNC_ORDERS, seal_credentials
from gateway.services.integrations import Endpoint, Integrations
from gateway.settings import Settings

REGION = "us"


def install_hub(settings: Settings, base_url: str, sandbox_settings: dict[str, str]) -> Integrations:
    hub = Integrations(registry=PluginRegistry.discover(), session=UpstreamSession(),
                       endpoints={"shopify": Endpoint(f"{base_url}/shops/{{shop}}",
                                                      sandbox_settings)})
    hub.settings = settings
    integrations.install(hub)
    jobs.set_dispatcher(lambda region, job_id, **_: None)  # tracking registration is not measured
    return hub


async def _store(settings: Settings, seller_id: uuid.UUID, credentials: Any, name: str) -> Store:
    store_id = uuid.uuid4()
    return await Store.create(
        id=store_id, seller_id=seller_id, platform="shopify", name=name,
        external_id=f"{name}-{store_id.hex}", buyer_data_authorized=True,
        credentials=seal_credentials(settings, store_id, credentials), using_db=conn(REGION))


async def real_sync(settings: Settings, seller_id: uuid.UUID, credentials: Any,
                    expected: int) -> dict[str, Any]:
    store = await _store(settings, seller_id, credentials, "sync-real")
    async with in_transaction(REGION) as tx:
        job = await jobs.create_job(REGION, SYNC_ORDERS, using_db=tx, seller_id=seller_id,
                                    payload={"store_id": str(store.id)})
    began = time.perf_counter()
    state = await jobs.run_job(REGION, job.id)
    seconds = time.perf_counter() - began
    row = await Job.get(id=job.id).using_db(conn(REGION))
    if state != JobState.SUCCEEDED:
        raise RuntimeError(f"sync job ended {state}: {row.error}")
    count = await Order.filter(store_id=store.id).using_db(conn(REGION)).count()
    buyers = await Buyer.filter(store_id=store.id).using_db(conn(REGION)).count()
    if count != expected:
        raise RuntimeError(f"sync imported {count} orders, expected {expected}")
    return {"orders": count, "buyers": buyers, "seconds": seconds, "per_second": count / seconds}


async def naive_sync(settings: Settings, seller_id: uuid.UUID, credentials: Any,
                     limit: int) -> dict[str, Any]:
    """Same pages, one INSERT per row, one key look-up per buyer; stops after ``limit`` orders."""
    store = await _store(settings, seller_id, credentials, "sync-naive")
    connector = integrations.current().marketplace("shopify")
    db = conn(REGION)
    cursor: str | None = None
    count = 0
    buyers: dict[str, uuid.UUID] = {}
    began = time.perf_counter()
    while count < limit:
        page = await connector.fetch_orders(credentials, cursor=cursor, updated_since=None,
                                            include_buyer=True, page_size=100)
        for data in page.orders:
            buyer_id = None
            if data.buyer is not None:
                buyer_id = buyers.get(data.buyer.external_id)
                if buyer_id is None:
                    buyer_id = uuid.uuid4()
                    sealed = await vault.current().seal(db, "buyer", buyer_id, {
                        "name": data.buyer.name or "", "email": data.buyer.email or "",
                        "phone": data.buyer.phone or "",
                        "address": json.dumps(asdict(data.buyer.address))
                        if data.buyer.address else ""})
                    await Buyer.create(id=buyer_id, seller_id=seller_id, store_id=store.id,
                                       external_id=data.buyer.external_id, using_db=db, **sealed)
                    buyers[data.buyer.external_id] = buyer_id
            order = await Order.create(
                seller_id=seller_id, store_id=store.id, external_id=data.external_id,
                number=data.number, status=data.status if data.status in {
                    "pending", "paid", "fulfilled", "cancelled", "refunded"} else "pending",
                currency=data.currency, total=data.total, placed_at=data.placed_at,
                buyer_id=buyer_id, using_db=db)
            for item in data.items:
                await OrderItem.create(order_id=order.id, sku=item.sku, title=item.title,
                                       quantity=item.quantity, price=item.price, using_db=db)
            for shipment in data.shipments:
                await Shipment.create(seller_id=seller_id, order_id=order.id,
                                      carrier=shipment.carrier,
                                      tracking_number=shipment.tracking_number, using_db=db)
            count += 1
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    seconds = time.perf_counter() - began
    return {"orders": count, "seconds": seconds, "per_second": count / seconds}


# --- figure 3 alone ---------------------------------------------------------------------------

async def _figure(args: Any) -> None:
    import shutil
    import tempfile
    from pathlib import Path

    from benchmarks import seed as seeding
    from benchmarks.common import bench_settings, create_databases, drop_databases, migrate
    from benchmarks.run import start_sandbox
    from gateway.connectors import Credentials
    from gateway.db import close_db, init_db
    from gateway.services.accounts import create_account

    data_dir = Path(tempfile.mkdtemp(prefix="sellergate-bench-"))
    urls, names = await create_databases()
    sandbox = None
    try:
        settings = bench_settings(data_dir, urls)
        migrate(settings)
        await init_db(settings)
        if args.seed:
            # As in ``make bench``, where figure 3 runs after the read-path figures: the tables
            # already hold other sellers' rows, analyzed by then.
            await seeding.seed(settings, sellers=2, orders=args.seed)
            await conn(REGION).execute_script("ANALYZE")
        sandbox, info = start_sandbox(args.orders)
        hub = install_hub(settings, info["base_url"], info["settings"])
        credentials = Credentials(access_token=info["credentials"]["access_token"],
                                  shop=info["credentials"]["shop"],
                                  extra=info["credentials"]["extra"])
        seller = await create_account(settings, email="sync@bench.sellergate.test",
                                      password=seeding.PASSWORD, name="Sync Seller", country="US")
        for _ in range(args.runs):
            print(json.dumps(await real_sync(settings, seller.id, credentials, args.orders)),
                  flush=True)
        if args.naive:
            print(json.dumps(await naive_sync(settings, seller.id, credentials, args.naive)),
                  flush=True)
        await hub.session.close()
    finally:
        if sandbox is not None:
            sandbox.terminate()
            sandbox.wait(20)
        await close_db()
        await drop_databases(names)
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    """``python -m benchmarks.sync_bench [--orders 10000] [--runs 3] [--seed 50000] [--naive 2000]``:
    figure 3 of ``make bench`` alone (each run syncs all orders into a new store of the same
    seller). ``--seed``: orders per seller of two sellers seeded first, as ``make bench`` does."""
    import argparse
    import asyncio

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("--orders", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0, help="orders per seeded seller (two)")
    parser.add_argument("--naive", type=int, default=0, help="also the row-by-row baseline")
    asyncio.run(_figure(parser.parse_args()))


if __name__ == "__main__":
    main()
