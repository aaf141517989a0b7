"""Jobs: the row is the truth, the message only its id; lost messages and dead workers delay work."""

from __future__ import annotations

import itertools
import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from tortoise.transactions import in_transaction

from gateway.app import create_app
from gateway.connectors import TrackingInfo, TrackingStatus, UpstreamRateLimited
from gateway.db import conn
from gateway.models import Account, Job, JobState, Order, Shipment, ShipmentStatus
from gateway.services import jobs, tracking
from gateway.services.shipments import NewEvent, record_tracking_events, summarize
from tests.conftest import wait_until
from tests.factories import store_with_orders
from tests.graphql_client import gql


async def _order_with_shipment(region: str = "us") -> tuple[Order, Shipment]:
    owner = await Account.create(email=f"{uuid.uuid4().hex}@example.com",
                                 email_index=uuid.uuid4().hex, password_hash="x", name="Seller",
                                 country="US", using_db=conn(region))
    await store_with_orders(region, owner.id, 1)
    order = await Order.filter(seller_id=owner.id).using_db(conn(region)).first()
    assert order is not None
    shipment = await Shipment.get(order_id=order.id).using_db(conn(region))
    return order, shipment


def _delivered_now() -> list[NewEvent]:
    return [NewEvent(time=datetime.now(UTC), status=ShipmentStatus.DELIVERED,
                     description="Delivered, front door", location="Austin")]


async def _summary_is(order_id: uuid.UUID, expected: str) -> bool:
    order = await Order.get(id=order_id).using_db(conn("us"))
    return order.shipment_status == expected


async def test_new_tracking_events_recompute_the_order_summary_in_process(app, settings):
    order, shipment = await _order_with_shipment()
    job = await record_tracking_events("us", shipment.id, _delivered_now())
    assert job is not None
    await wait_until(lambda: _summary_is(order.id, "delivered"))
    finished = await Job.get(id=job.id).using_db(conn("us"))
    assert finished.state == JobState.SUCCEEDED
    assert (await Order.get(id=order.id).using_db(conn("us"))).delivered_at is not None


async def test_duplicate_tracking_events_schedule_nothing(app, settings):
    _, shipment = await _order_with_shipment()
    events = _delivered_now()
    assert await record_tracking_events("us", shipment.id, events) is not None
    assert await record_tracking_events("us", shipment.id, events) is None


async def test_jobs_run_on_a_real_redis_broker(settings, redis_url):
    redis_settings = settings.model_copy(update={"broker_url": redis_url})
    application = create_app(redis_settings, manage_db=False, in_process_workers=True)
    async with application.router.lifespan_context(application):
        workers = application.state.workers["workers"]
        workers.broker.flush_all()
        order, shipment = await _order_with_shipment()
        await record_tracking_events("us", shipment.id, _delivered_now())
        await wait_until(lambda: _summary_is(order.id, "delivered"))
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
            health = await client.get("/healthz")
        assert health.json()["checks"]["broker"] == "ok"


async def test_a_lost_message_is_sent_again_by_the_reaper(app, settings):
    order, shipment = await _order_with_shipment()
    jobs.set_dispatcher(None)  # the broker "loses" the message
    try:
        job = await record_tracking_events("us", shipment.id, _delivered_now())
    finally:
        app.state.workers["workers"].install()
    assert job is not None
    assert not await _summary_is(order.id, "delivered")
    assert await jobs.reap_stalled(stall_seconds=0) >= 1
    await wait_until(lambda: _summary_is(order.id, "delivered"))


async def test_a_job_whose_worker_died_is_claimed_again_after_it_stalls(settings):
    order, _ = await _order_with_shipment()
    job = await Job.create(kind="recompute_shipment_summary", payload={"order_id": str(order.id)},
                           state=JobState.RUNNING,
                           heartbeat_at=datetime.now(UTC) - timedelta(minutes=10),
                           using_db=conn("us"))
    assert await jobs.run_job("us", job.id, stall_seconds=3600) is None  # still "alive"
    assert await jobs.run_job("us", job.id, stall_seconds=60) == JobState.SUCCEEDED


async def test_a_redelivered_message_does_not_run_a_finished_job_twice(settings):
    order, _ = await _order_with_shipment()
    job = await Job.create(kind="recompute_shipment_summary", payload={"order_id": str(order.id)},
                           using_db=conn("us"))
    assert await jobs.run_job("us", job.id) == JobState.SUCCEEDED
    assert await jobs.run_job("us", job.id) is None
    assert (await Job.get(id=job.id).using_db(conn("us"))).attempts == 1


async def test_a_failing_job_is_retried_then_marked_failed(settings):
    calls = []

    @jobs.handler("test_always_fails")
    async def always_fails(region: str, job: Job) -> None:
        calls.append(job.id)
        raise RuntimeError("upstream said no")

    job = await Job.create(kind="test_always_fails", using_db=conn("us"))
    for _ in range(jobs.MAX_ATTEMPTS - 1):
        with pytest.raises(RuntimeError):
            await jobs.run_job("us", job.id)
        assert (await Job.get(id=job.id).using_db(conn("us"))).state == JobState.QUEUED
    assert await jobs.run_job("us", job.id) == JobState.FAILED
    failed = await Job.get(id=job.id).using_db(conn("us"))
    assert failed.error == "RuntimeError: upstream said no"
    assert len(calls) == jobs.MAX_ATTEMPTS


async def test_job_progress_is_visible_to_its_seller_only(client, settings):
    from tests.graphql_client import sign_up

    owner = await sign_up(client, "jobs@example.com")
    other = await sign_up(client, "other-jobs@example.com")
    job = await Job.create(kind="recompute_shipment_summary", seller_id=owner["account"]["id"],
                           progress_done=5, progress_total=20, using_db=conn("us"))
    query = "query($id: ID!) { job(id: $id) { state progress done total } }"
    mine = await gql(client, query, {"id": str(job.id)}, owner["accessToken"])
    assert mine.data["job"] == {"state": "queued", "progress": 0.25, "done": 5, "total": 20}
    theirs = await gql(client, query, {"id": str(job.id)}, other["accessToken"])
    assert theirs.codes() == ["NOT_FOUND"]


@pytest.mark.parametrize("statuses,expected", [
    ([], "unshipped"),
    ([ShipmentStatus.DELIVERED, ShipmentStatus.DELIVERED], "delivered"),
    ([ShipmentStatus.DELIVERED, ShipmentStatus.IN_TRANSIT], "partially_delivered"),
    ([ShipmentStatus.IN_TRANSIT, ShipmentStatus.INFO_RECEIVED], "info_received"),
    ([ShipmentStatus.DELIVERED, ShipmentStatus.EXCEPTION], "exception"),
])
def test_order_shipment_summary(statuses, expected):
    assert summarize(statuses) == expected


_RATE_LIMITED_RUNS: list[datetime] = []


@jobs.handler("test_rate_limited_twice")
async def _rate_limited_twice(region: str, job: Job) -> None:
    _RATE_LIMITED_RUNS.append(datetime.now(UTC))
    if len(_RATE_LIMITED_RUNS) <= 2:
        raise UpstreamRateLimited("quota exceeded", retry_after=1)


async def test_an_upstream_rate_limit_delays_the_job_and_costs_no_attempt(app, settings):
    _RATE_LIMITED_RUNS.clear()
    async with in_transaction("us") as tx:
        job = await jobs.create_job("us", "test_rate_limited_twice", using_db=tx)
    jobs.dispatch("us", job.id)

    async def finished() -> bool:
        row = await Job.get(id=job.id).using_db(conn("us"))
        return row.state == JobState.SUCCEEDED

    await wait_until(finished, within=30)
    row = await Job.get(id=job.id).using_db(conn("us"))
    assert row.attempts == 1  # two waits for the upstream, then one real run
    assert len(_RATE_LIMITED_RUNS) == 3
    gaps = [b - a for a, b in itertools.pairwise(_RATE_LIMITED_RUNS)]
    assert all(gap >= timedelta(seconds=0.9) for gap in gaps)  # each run waited as asked


async def test_a_parcel_the_tracker_declares_expired_without_an_event_shows_expired(app, settings):
    order, shipment = await _order_with_shipment()
    quiet = TrackingInfo(tracking_number=shipment.tracking_number, carrier=shipment.carrier,
                         status=TrackingStatus.PENDING)
    await tracking.apply_tracking("us", [quiet])  # nothing new: nothing changes, nothing runs
    assert (await Shipment.get(id=shipment.id).using_db(conn("us"))).status == shipment.status

    expired = TrackingInfo(tracking_number=shipment.tracking_number, carrier=shipment.carrier,
                           status=TrackingStatus.EXPIRED)
    await tracking.apply_tracking("us", [expired])
    assert (await Shipment.get(id=shipment.id).using_db(conn("us"))).status == ShipmentStatus.EXPIRED
    await wait_until(lambda: _summary_is(order.id, "expired"))
