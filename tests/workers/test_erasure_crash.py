"""An erasure survives its worker process being killed (SIGKILL) mid-way and ends complete."""

from __future__ import annotations

import asyncio
import signal
import sys
import uuid

from gateway.db import conn
from gateway.models import Account, Buyer, DataKey, Job, JobState, PrivacyRequest, TaxRecord
from gateway.services import privacy_requests
from tests.conftest import settings_env, wait_until
from tests.factories import store_with_orders
from workers.broker import Workers

ORDERS = 20_000


async def _worker(env: dict[str, str]) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "worker", "--threads", "1", env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL)


async def test_killing_the_worker_mid_erasure_then_restarting_completes_it(settings, redis_url):
    seller = await Account.create(email="x", email_index=uuid.uuid4().hex, password_hash="x",
                                  name="x", country="US", using_db=conn("us"))
    await store_with_orders("us", seller.id, ORDERS, events_per_shipment=1)
    request = await privacy_requests.discontinue("us", subject_type="account",
                                                 subject_id=seller.id)
    redis_settings = settings.model_copy(update={"broker_url": redis_url})
    broker = Workers(redis_settings)
    broker.broker.flush_all()
    broker.send("us", request.job_id)
    env = {**settings_env(redis_settings), "SELLERGATE_JOB_STALL_SECONDS": "2",
           "SELLERGATE_REAPER_INTERVAL_SECONDS": "1"}
    try:
        first = await _worker(env)

        async def mid_way() -> bool:
            job = await Job.get(id=request.job_id).using_db(conn("us"))
            return "downstream_notifiers" in job.checkpoint.get("steps", [])

        try:
            await wait_until(mid_way, within=120)
        finally:
            first.send_signal(signal.SIGKILL)
            await first.wait()
        killed = await Job.get(id=request.job_id).using_db(conn("us"))
        assert killed.state == JobState.RUNNING
        assert "certificate" not in killed.checkpoint["steps"]

        second = await _worker(env)

        async def finished() -> bool:
            row = await PrivacyRequest.get(id=request.id).using_db(conn("us"))
            job = await Job.get(id=request.job_id).using_db(conn("us"))
            assert job.state != JobState.FAILED, job.error
            return row.state == "completed"

        try:
            await wait_until(finished, within=240)
        finally:
            second.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(second.wait(), 20)
            except TimeoutError:
                second.kill()
    finally:
        broker.broker.close()
    assert not await Account.filter(id=seller.id).using_db(conn("us")).exists()
    assert await Buyer.filter(seller_id=seller.id).using_db(conn("us")).count() == 0
    assert await DataKey.all().using_db(conn("us")).count() == 0
    assert await TaxRecord.filter(erasure_request_id=request.id).using_db(conn("us")).count() \
        == ORDERS
