"""Export and erasure of one seller, each in a fresh process so its peak memory is its own.

    python benchmarks/jobs_bench.py export|naive-export|erase|naive-erase SELLER_ID [--seconds S]

``export`` and ``erase`` run the project's jobs exactly as a worker does (``jobs.run_job``).
The baselines are what a first version would do: ``naive-export`` loads every row into memory,
decrypts each buyer with its own key query, then writes the archive in one go; ``naive-erase``
loads every id and deletes row by row (it runs for at most ``--seconds`` and reports its rate;
the full time is projected from that rate, and shown as such).

The settings come from SELLERGATE_* variables (``benchmarks.common.settings_env``).
"""

from __future__ import annotations

import argparse
import asyncio
import csv
import gc
import io
import json
import sys
import time
import uuid
import zipfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import current_rss_mb, emit, peak_rss_mb, reset_peak_rss
from gateway.connectors import UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.db import close_db, conn, init_db
from gateway.models import (
    Account,
    Buyer,
    DataKey,
    Job,
    Order,
    OrderItem,
    PrivacyRequest,
    Shipment,
    Store,
    TrackingEvent,
)
from gateway.privacy import export as export_module
from gateway.privacy import vault
from gateway.services import integrations, jobs, privacy_requests
from gateway.services.integrations import Endpoint, Integrations
from gateway.settings import get_settings
from plugins.email.sandbox import Sandbox as MailSandbox

REGION = "us"


def _start_measuring() -> float:
    """Collect garbage, start the peak-memory count over; the RSS the job starts from."""
    gc.collect()
    reset_peak_rss()
    return current_rss_mb()


async def _export(seller: uuid.UUID) -> dict[str, Any]:
    from tortoise.transactions import in_transaction

    async with in_transaction(REGION) as tx:
        request = await PrivacyRequest.create(
            kind="export", subject_type="account", subject_id=seller, requester_id=seller,
            state="in_progress", verified_at=datetime.now(UTC), using_db=tx)
        job = await jobs.create_job(REGION, export_module.EXPORT_SUBJECT, using_db=tx,
                                    seller_id=seller, payload={"request_id": str(request.id)})
    base = _start_measuring()
    began = time.perf_counter()
    state = await jobs.run_job(REGION, job.id)
    seconds = time.perf_counter() - began
    row = await PrivacyRequest.get(id=request.id).using_db(conn(REGION))
    if row.state != "completed":
        failed = await Job.get(id=job.id).using_db(conn(REGION))
        raise RuntimeError(f"export ended {state}: {failed.error}")
    counts = row.result["counts"]
    return {"seconds": seconds, "base_rss_mb": base, "bytes": row.result["bytes"],
            "orders": counts["orders"], "rows": sum(counts.values())}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, uuid.UUID)):
        return str(value)
    return export_module._plain(value)


async def _naive_export(seller: uuid.UUID, folder: Path) -> dict[str, Any]:
    base = _start_measuring()
    began = time.perf_counter()
    db = conn(REGION)
    account = await Account.get(id=seller).using_db(db)
    stores = await Store.filter(seller_id=seller).using_db(db)
    orders = await Order.filter(seller_id=seller).using_db(db)
    items = await OrderItem.filter(order__seller_id=seller).using_db(db)
    shipments = await Shipment.filter(seller_id=seller).using_db(db)
    events = await TrackingEvent.filter(shipment__seller_id=seller).using_db(db)
    buyers = []
    for buyer in await Buyer.filter(seller_id=seller).using_db(db):
        clear = (await vault.reveal_buyers(REGION, [buyer]))[buyer.id]  # one key query each
        buyers.append({**buyer.__dict__, "name": clear.name, "email": clear.email,
                       "phone": clear.phone, "address": json.dumps(clear.address)})
    personal = (await vault.reveal_accounts(REGION, [account]))[account.id]
    tables: dict[str, list[dict[str, Any]]] = {
        "stores": [s.__dict__ for s in stores], "orders": [o.__dict__ for o in orders],
        "order_items": [i.__dict__ for i in items], "buyers": buyers,
        "shipments": [s.__dict__ for s in shipments],
        "tracking_events": [e.__dict__ for e in events]}
    document = {"account": {"id": account.id, "email": personal.email, "name": personal.name},
                **{name: [{c: row.get(c) for c in export_module.TABLES[name]} for row in rows]
                   for name, rows in tables.items()}}
    path = folder / f"naive-{seller}.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("export.json", json.dumps(document, default=_plain, indent=2))
        for name in tables:
            text = io.StringIO()
            writer = csv.writer(text)
            writer.writerow(export_module.TABLES[name])
            for row in document[name]:
                writer.writerow([_plain(row[c]) for c in export_module.TABLES[name]])
            archive.writestr(f"{name}.csv", text.getvalue())
    seconds = time.perf_counter() - began
    size = path.stat().st_size
    path.unlink()
    return {"seconds": seconds, "base_rss_mb": base, "bytes": size, "orders": len(orders),
            "rows": sum(len(t) for t in tables.values())}


async def _erase(seller: uuid.UUID) -> dict[str, Any]:
    orders = await Order.filter(seller_id=seller).using_db(conn(REGION)).count()
    request = await privacy_requests.discontinue(REGION, subject_type="account",
                                                 subject_id=seller)
    assert request.job_id is not None
    base = _start_measuring()
    began = time.perf_counter()
    state = await jobs.run_job(REGION, request.job_id)
    seconds = time.perf_counter() - began
    row = await PrivacyRequest.get(id=request.id).using_db(conn(REGION))
    if row.state != "completed":
        failed = await Job.get(id=request.job_id).using_db(conn(REGION))
        raise RuntimeError(f"erasure ended {state}: {failed.error}")
    left = await Order.filter(seller_id=seller).using_db(conn(REGION)).count()
    if left:
        raise RuntimeError(f"erasure left {left} orders")
    return {"seconds": seconds, "base_rss_mb": base, "orders": orders}


async def _naive_erase(seller: uuid.UUID, budget: float) -> dict[str, Any]:
    """Load every id, then delete leaf rows first, one DELETE per row, for ``budget`` seconds."""
    db = conn(REGION)
    base = _start_measuring()
    began = time.perf_counter()
    plan: list[tuple[Any, list[Any]]] = [
        (TrackingEvent, await TrackingEvent.filter(shipment__seller_id=seller).using_db(db)),
        (Shipment, await Shipment.filter(seller_id=seller).using_db(db)),
        (OrderItem, await OrderItem.filter(order__seller_id=seller).using_db(db)),
        (Order, await Order.filter(seller_id=seller).using_db(db)),
        (Buyer, await Buyer.filter(seller_id=seller).using_db(db)),
    ]
    buyer_ids = [b.id for b in plan[-1][1]]
    keys: list[Any] = []
    for start in range(0, len(buyer_ids), 10_000):  # a statement takes at most 32,767 values
        keys += await DataKey.filter(subject_id__in=buyer_ids[start:start + 10_000]).using_db(db)
    plan.append((DataKey, keys))
    total = sum(len(rows) for _, rows in plan)
    loaded = time.perf_counter() - began
    deleted = 0
    deadline = began + budget
    for _, rows in plan:
        for row in rows:
            if time.perf_counter() >= deadline:
                break
            await row.delete(using_db=db)
            deleted += 1
    seconds = time.perf_counter() - began
    rate = deleted / max(1e-9, seconds - loaded)
    return {"seconds": seconds, "base_rss_mb": base, "rows": total, "deleted": deleted,
            "complete": deleted == total, "load_seconds": loaded,
            "projected_seconds": loaded + total / rate if rate else None}


async def main_async(mode: str, seller: uuid.UUID, seconds: float) -> dict[str, Any]:
    settings = get_settings()
    await init_db(settings)
    mail = MailSandbox(username=None)
    await mail.start()
    hub = Integrations(registry=PluginRegistry.discover(), session=UpstreamSession(),
                       endpoints={"email": Endpoint(mail.base_url, mail.connector_settings())})
    hub.settings = settings
    integrations.install(hub)
    jobs.set_dispatcher(lambda region, job_id, **_: None)
    try:
        if mode == "export":
            result = await _export(seller)
        elif mode == "naive-export":
            folder = settings.data_dir / "exports"
            folder.mkdir(parents=True, exist_ok=True)
            result = await _naive_export(seller, folder)
        elif mode == "erase":
            result = await _erase(seller)
        elif mode == "naive-erase":
            result = await _naive_erase(seller, seconds)
        else:
            raise SystemExit(f"unknown mode {mode}")
    finally:
        await hub.session.close()
        await mail.stop()
        await close_db()
    result["peak_rss_mb"] = peak_rss_mb()
    result["growth_mb"] = result["peak_rss_mb"] - result["base_rss_mb"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode")
    parser.add_argument("seller")
    parser.add_argument("--seconds", type=float, default=20.0)
    args = parser.parse_args()
    emit(asyncio.run(main_async(args.mode, uuid.UUID(args.seller), args.seconds)))


if __name__ == "__main__":
    main()
