"""Following parcels end to end: a seller adds a shipment through GraphQL, the register job hands
it to 17TRACK (its sandbox, over real loopback HTTP), refreshes and signed pushes bring carrier
events into the order's shipments, and forged or replayed pushes change nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest
from tortoise.transactions import in_transaction

from gateway.app import create_app
from gateway.connectors import UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.db import conn
from gateway.models import (
    Job,
    JobState,
    Order,
    OrderStatus,
    Shipment,
    Store,
    TrackingEvent,
    WebhookDelivery,
)
from gateway.services import jobs, tracking
from gateway.services.integrations import Endpoint, Integrations
from plugins.seventeen_track import wire
from plugins.seventeen_track.sandbox import Sandbox
from tests.conftest import wait_until
from tests.graphql_client import gql, sign_up

ADD_SHIPMENT = """mutation($o: ID!, $c: String!, $n: String!) {
  addShipment(orderId: $o, carrier: $c, trackingNumber: $n) { id trackingNumber status } }"""
ORDER_SHIPMENTS = """query($id: ID!) { order(id: $id) { shipmentStatus deliveredAt
  shipments { trackingNumber carrier status lastEventAt
    events { time status description location } } } }"""
TRACKING_JOBS = (tracking.REGISTER_TRACKING, tracking.REFRESH_TRACKING, "process_webhook",
                 "recompute_shipment_summary")
NUMBER = "1Z999AA10123456784"


@pytest.fixture
async def tracker() -> AsyncIterator[Sandbox]:
    sandbox = Sandbox(seconds_per_event=None)   # parcels move when the test says so
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def app(settings, tracker) -> AsyncIterator[Any]:
    session = UpstreamSession()
    hub = Integrations(registry=PluginRegistry.discover(), session=session,
                       endpoints={"seventeen_track": Endpoint(tracker.base_url,
                                                              tracker.connector_settings())})
    application = create_app(settings, manage_db=False, in_process_workers=True,
                             integrations=hub)
    async with application.router.lifespan_context(application):
        yield application
    await session.close()


async def _tracking_settled() -> bool:
    """Every tracking job so far has run; a failed one fails the test with its error."""
    rows = await Job.filter(kind__in=TRACKING_JOBS).using_db(conn("us")).values_list(
        "kind", "state", "error")
    failed = [(kind, error) for kind, state, error in rows if state == JobState.FAILED]
    assert not failed, failed
    return all(state == JobState.SUCCEEDED for _, state, _ in rows)


async def _seller_with_order(client: httpx.AsyncClient, email: str) -> tuple[str, uuid.UUID]:
    seller = await sign_up(client, email)
    seller_id = seller["account"]["id"]
    db = conn("us")
    store = await Store.create(seller_id=seller_id, platform="shopify", name="Parcel shop",
                               external_id=uuid.uuid4().hex, using_db=db)
    order = await Order.create(seller_id=seller_id, store_id=store.id, external_id="5001",
                               number="#5001", status=OrderStatus.PAID, currency="USD",
                               total=Decimal("42.00"), placed_at=datetime(2026, 10, 1, tzinfo=UTC),
                               using_db=db)
    return seller["accessToken"], order.id


async def _add_registered_shipment(client: httpx.AsyncClient, token: str, order_id: uuid.UUID,
                                   number: str = NUMBER) -> dict[str, Any]:
    added = await gql(client, ADD_SHIPMENT, {"o": str(order_id), "c": "UPS", "n": number.lower()},
                      token)
    assert not added.errors, added.errors
    await wait_until(_tracking_settled)
    return added.data["addShipment"]


async def _refresh() -> None:
    created = await tracking.schedule_refresh()
    assert created, "parcels still moving must get a refresh job"
    await wait_until(_tracking_settled)


async def _shipments(client: httpx.AsyncClient, token: str, order_id: uuid.UUID) -> dict[str, Any]:
    result = await gql(client, ORDER_SHIPMENTS, {"id": str(order_id)}, token)
    assert not result.errors, result.errors
    return result.data["order"]


async def test_an_added_parcel_is_registered_then_refreshes_record_its_events(
        client, settings, tracker):
    token, order_id = await _seller_with_order(client, "parcels@example.com")
    added = await _add_registered_shipment(client, token, order_id)
    assert added["trackingNumber"] == NUMBER and added["status"] == "PENDING"
    # 17TRACK follows it now, under UPS's carrier key; nothing but number and carrier was sent.
    assert tracker.parcels[NUMBER].carrier == 100002
    (register,) = [r for r in tracker.requests if r["path"] == wire.REGISTER_PATH]
    assert register["body"] == [{"number": NUMBER, "carrier": 100002}]
    shipment = await Shipment.get(tracking_number=NUMBER).using_db(conn("us"))
    assert shipment.tracking_registered and shipment.tracker == "seventeen_track"

    tracker.advance(NUMBER, steps=3)
    await _refresh()
    order = await _shipments(client, token, order_id)
    (parcel,) = order["shipments"]
    assert parcel["status"] == "IN_TRANSIT" and parcel["carrier"] == "UPS"
    assert [e["status"] for e in parcel["events"]] == ["INFO_RECEIVED", "IN_TRANSIT", "IN_TRANSIT"]
    assert parcel["events"][0]["description"] == "Shipping label created, awaiting item"
    assert all(e["location"] for e in parcel["events"])
    assert order["shipmentStatus"] == "in_transit"

    tracker.advance(NUMBER, steps=10)
    await _refresh()
    order = await _shipments(client, token, order_id)
    (parcel,) = order["shipments"]
    assert parcel["status"] == "DELIVERED" and len(parcel["events"]) == 6
    assert order["shipmentStatus"] == "delivered" and order["deliveredAt"]
    # Delivered parcels are not polled any more.
    assert await tracking.schedule_refresh() == []


async def test_a_refresh_of_many_parcels_asks_40_numbers_at_a_time(client, settings, tracker):
    token, order_id = await _seller_with_order(client, "many-parcels@example.com")
    order = await Order.get(id=order_id).using_db(conn("us"))
    numbers = [f"1Z999AA1{n:010d}" for n in range(45)]
    shipments = [await Shipment.create(seller_id=order.seller_id, order_id=order.id,
                                       carrier="UPS", tracking_number=n, using_db=conn("us"))
                 for n in numbers]
    async with in_transaction("us") as tx:
        job = await tracking.schedule_registration("us", tx, order.seller_id,
                                                   [s.id for s in shipments])
    assert job is not None
    jobs.dispatch("us", job.id)
    await wait_until(_tracking_settled, within=30)
    assert sorted(tracker.parcels) == numbers
    tracker.advance(steps=2)
    await _refresh()
    asked = [len(r["body"]) for r in tracker.requests if r["path"] == wire.GETTRACKINFO_PATH]
    assert [len(r["body"]) for r in tracker.requests if r["path"] == wire.REGISTER_PATH] == [40, 5]
    assert asked == [40, 5]
    assert tracker.rate_limited == 0
    refresh = await Job.get(kind=tracking.REFRESH_TRACKING).using_db(conn("us"))
    assert (refresh.progress_done, refresh.progress_total) == (45, 45)
    order = await _shipments(client, token, order_id)
    assert len(order["shipments"]) == 45
    assert {len(s["events"]) for s in order["shipments"]} == {2}
    assert {s["status"] for s in order["shipments"]} == {"IN_TRANSIT"}


async def test_a_signed_push_updates_the_shipment_and_forged_or_replayed_ones_get_401(
        client, settings, tracker):
    token, order_id = await _seller_with_order(client, "pushes@example.com")
    await _add_registered_shipment(client, token, order_id)
    tracker.advance(NUMBER, steps=5)
    headers, body = tracker.signed_push(NUMBER)
    accepted = await client.post("/webhooks/seventeen_track", content=body, headers=headers)
    assert accepted.status_code == 200, accepted.text
    assert len(accepted.json()["jobs"]) == 1
    await wait_until(_tracking_settled)
    (parcel,) = (await _shipments(client, token, order_id))["shipments"]
    assert parcel["status"] == "OUT_FOR_DELIVERY" and len(parcel["events"]) == 5

    jobs_before = await Job.all().using_db(conn("us")).count()
    deliveries_before = await WebhookDelivery.all().count()
    events_before = await TrackingEvent.all().using_db(conn("us")).count()
    replay = await client.post("/webhooks/seventeen_track", content=body, headers=headers)
    assert replay.status_code == 401
    # A forger rewrites the push to "delivered" but cannot sign it without the key.
    forged_body = body.replace(b"OutForDelivery_Other", b"Delivered_Other")
    assert forged_body != body
    forged = await client.post("/webhooks/seventeen_track", content=forged_body, headers=headers)
    assert forged.status_code == 401
    unsigned = await client.post("/webhooks/seventeen_track", content=forged_body,
                                 headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401
    wrong_key = await client.post("/webhooks/seventeen_track", content=forged_body, headers={
        "sign": wire.webhook_signature(forged_body, "guessed-key")})
    assert wrong_key.status_code == 401
    assert await Job.all().using_db(conn("us")).count() == jobs_before
    assert await WebhookDelivery.all().count() == deliveries_before
    assert await TrackingEvent.all().using_db(conn("us")).count() == events_before
    (parcel,) = (await _shipments(client, token, order_id))["shipments"]
    assert parcel["status"] == "OUT_FOR_DELIVERY"

    # The next real push (the parcel moved on) is a new delivery and is applied.
    tracker.advance(NUMBER)
    headers, body = tracker.signed_push(NUMBER)
    moved = await client.post("/webhooks/seventeen_track", content=body, headers=headers)
    assert moved.status_code == 200
    await wait_until(_tracking_settled)
    (parcel,) = (await _shipments(client, token, order_id))["shipments"]
    assert parcel["status"] == "DELIVERED" and len(parcel["events"]) == 6


async def test_pushes_for_parcels_nobody_here_follows_store_nothing(client, settings, tracker):
    tracker.parcels["RR123456789CN"] = tracker._new_parcel("RR123456789CN", 3011, "")
    tracker.advance("RR123456789CN")
    headers, body = tracker.signed_push("RR123456789CN")
    response = await client.post("/webhooks/seventeen_track", content=body, headers=headers)
    assert response.status_code == 200 and response.json()["jobs"] == []
    headers, body = tracker.signed_push("RR123456789CN", "TRACKING_STOPPED")
    stopped = await client.post("/webhooks/seventeen_track", content=body, headers=headers)
    assert stopped.status_code == 200 and stopped.json()["jobs"] == []
    assert await TrackingEvent.all().using_db(conn("us")).count() == 0
