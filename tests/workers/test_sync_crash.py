"""A sync of 5,000 orders survives its worker being killed halfway: no duplicate, none missing."""

from __future__ import annotations

import asyncio
import signal
import sys
import uuid

from tortoise.transactions import in_transaction

from gateway.db import conn
from gateway.models import Account, Job, JobState, Order, Store
from gateway.services import jobs
from gateway.services.connections import SYNC_ORDERS, seal_credentials
from plugins.shopify.sandbox import Sandbox
from tests.conftest import settings_env, wait_until
from workers.broker import Workers

ORDERS = 5000


async def _worker(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "worker", "--threads", "1", env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


async def test_killing_the_worker_mid_sync_loses_and_duplicates_nothing(settings, redis_url):
    sandbox = Sandbox(orders=ORDERS, restore_rate=5000.0, bucket_size=5000.0)
    await sandbox.start()
    redis_settings = settings.model_copy(update={"broker_url": redis_url})
    broker = Workers(redis_settings)
    broker.broker.flush_all()
    try:
        seller = await Account.create(email="crash@example.com", email_index=uuid.uuid4().hex,
                                      password_hash="x", name="Crash", country="US",
                                      using_db=conn("us"))
        store_id = uuid.uuid4()
        await Store.create(id=store_id, seller_id=seller.id, platform="shopify", name="Crash",
                           external_id=sandbox.shop,
                           credentials=seal_credentials(settings, store_id, sandbox.credentials()),
                           using_db=conn("us"))
        async with in_transaction("us") as tx:
            job = await jobs.create_job("us", SYNC_ORDERS, using_db=tx, seller_id=seller.id,
                                        payload={"store_id": str(store_id)})
        broker.send("us", job.id)

        env = settings_env(redis_settings)
        env.update({
            "SELLERGATE_PLUGIN_SHOPIFY_BASE_URL": sandbox.base_url,
            **{f"SELLERGATE_PLUGIN_SHOPIFY_{k.upper()}": v
               for k, v in sandbox.connector_settings().items()},
            "SELLERGATE_JOB_STALL_SECONDS": "2",
            "SELLERGATE_REAPER_INTERVAL_SECONDS": "1",
        })
        first = await _worker(env)

        async def halfway() -> bool:
            row = await Job.get(id=job.id).using_db(conn("us"))
            return row.progress_done >= ORDERS // 3

        try:
            await wait_until(halfway, within=120)
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()
        killed = await Job.get(id=job.id).using_db(conn("us"))
        assert killed.state == JobState.RUNNING and killed.progress_done < ORDERS

        second = await _worker(env)

        async def finished() -> bool:
            row = await Job.get(id=job.id).using_db(conn("us"))
            assert row.state != JobState.FAILED, row.error
            return row.state == JobState.SUCCEEDED

        try:
            await wait_until(finished, within=180)
        finally:
            second.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(second.wait(), 20)
            except TimeoutError:
                second.kill()
        external_ids = await Order.filter(store_id=store_id).using_db(conn("us")).values_list(
            "external_id", flat=True)
        assert len(external_ids) == ORDERS
        assert set(external_ids) == {str(o) for o in sandbox.orders}
    finally:
        await sandbox.stop()
        broker.broker.close()


