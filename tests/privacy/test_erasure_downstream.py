"""Erasure carried downstream: a subject's parcels registered with 17TRACK are deleted there
too (its sandbox, over real loopback HTTP), with a receipt naming the recipient, and an outage
at 17TRACK delays the erasure without losing it."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.connectors import UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.db import conn
from gateway.models import ErasureReceipt, Job, JobState, Order, OrderStatus, PrivacyRequest, Store
from gateway.privacy import erasure
from gateway.services import tracking
from gateway.services.integrations import Endpoint, Integrations
from plugins.email.sandbox import Sandbox as MailSandbox
from plugins.seventeen_track import wire
from plugins.seventeen_track.sandbox import Sandbox as TrackerSandbox
from tests.conftest import wait_until
from tests.graphql_client import gql, sign_up
from tests.mailbox import code_in_mail

ADD_SHIPMENT = """mutation($o: ID!, $c: String!, $n: String!) {
  addShipment(orderId: $o, carrier: $c, trackingNumber: $n) { id } }"""
REQUEST = "mutation($k: String!) { requestPrivacyAction(kind: $k) { id state } }"
VERIFY = """mutation($id: ID!, $c: String!) { verifyPrivacyRequest(requestId: $id, code: $c) {
  id state } }"""


@pytest.fixture
async def tracker() -> AsyncIterator[TrackerSandbox]:
    sandbox = TrackerSandbox(seconds_per_event=None)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def app(settings, mail: MailSandbox, tracker: TrackerSandbox) -> AsyncIterator[Any]:
    session = UpstreamSession()
    hub = Integrations(registry=PluginRegistry.discover(), session=session, endpoints={
        "email": Endpoint(mail.base_url, mail.connector_settings()),
        "seventeen_track": Endpoint(tracker.base_url, tracker.connector_settings())})
    application = create_app(settings, manage_db=False, in_process_workers=True,
                             integrations=hub)
    async with application.router.lifespan_context(application):
        yield application
    await session.close()


async def _registrations_done() -> bool:
    rows = await Job.filter(kind=tracking.REGISTER_TRACKING).using_db(conn("us")).values_list(
        "state", flat=True)
    assert JobState.FAILED not in rows
    return all(state == JobState.SUCCEEDED for state in rows)


async def _request_done(request_id: str) -> bool:
    row = await PrivacyRequest.filter(id=request_id).using_db(conn("us")).first()
    return row is not None and row.state in ("completed", "on_hold", "refused")


async def _seller_with_parcels(client: httpx.AsyncClient, email: str,
                               numbers: list[str]) -> dict[str, Any]:
    """A seller with one order whose parcels were added through GraphQL and registered."""
    seller = await sign_up(client, email)
    seller_id = seller["account"]["id"]
    store = await Store.create(seller_id=seller_id, platform="shopify", name="Shop",
                               external_id=uuid.uuid4().hex, using_db=conn("us"))
    order = await Order.create(seller_id=seller_id, store_id=store.id, external_id="7001",
                               number="#7001", status=OrderStatus.PAID, currency="USD",
                               total=Decimal("19.90"), placed_at=datetime(2026, 9, 1, tzinfo=UTC),
                               using_db=conn("us"))
    for number in numbers:
        added = await gql(client, ADD_SHIPMENT, {"o": str(order.id), "c": "UPS", "n": number},
                          seller["accessToken"])
        assert not added.errors, added.errors
    await wait_until(_registrations_done)
    return seller


async def _erase(client: httpx.AsyncClient, mail: MailSandbox, seller: dict[str, Any],
                 email: str) -> PrivacyRequest:
    token = seller["accessToken"]
    asked = await gql(client, REQUEST, {"k": "deletion"}, token)
    assert not asked.errors, asked.errors
    request_id = asked.data["requestPrivacyAction"]["id"]
    code = await code_in_mail(mail, email, "Confirm")
    verified = await gql(client, VERIFY, {"id": request_id, "c": code}, token)
    assert not verified.errors, verified.errors
    await wait_until(lambda: _request_done(request_id), within=60)
    return await PrivacyRequest.get(id=request_id).using_db(conn("us"))


async def test_erasing_a_seller_asks_17track_to_delete_its_parcels_with_a_receipt(
        client, settings, mail, tracker):
    mine = ["1Z999AA10000000001", "1Z999AA10000000002"]
    theirs = ["1Z999AA10000000003"]
    seller = await _seller_with_parcels(client, "erase.parcels@example.com", mine)
    await _seller_with_parcels(client, "keep.parcels@example.com", theirs)
    assert sorted(tracker.parcels) == [*mine, *theirs]

    done = await _erase(client, mail, seller, "erase.parcels@example.com")

    assert done.state == "completed"
    assert sorted(tracker.deleted) == mine
    assert sorted(tracker.parcels) == theirs       # someone else's parcel stays followed
    deletions = [r for r in tracker.requests if r["path"] == wire.DELETETRACK_PATH]
    assert sorted(item["number"] for r in deletions for item in r["body"]) == mine
    receipt = await ErasureReceipt.get(request_id=done.id, recipient="tracker:seventeen_track"
                                       ).using_db(conn("us"))
    assert (receipt.status, receipt.items) == ("deleted", 2)
    certificate = done.result["certificate"]
    assert erasure.verify_certificate(settings, certificate)
    assert {"recipient": "tracker:seventeen_track", "status": "deleted", "items": 2,
            "detail": ""} in certificate["downstream"]


async def test_an_outage_at_17track_delays_the_erasure_without_losing_it(
        client, settings, mail, tracker):
    mine = ["1Z999AA10000000011"]
    seller = await _seller_with_parcels(client, "outage.parcels@example.com", mine)
    # Every attempt of the session's first try at deletetrack meets a 503.
    tracker.fail_next(UpstreamSession().policy.attempts, status=503)

    done = await _erase(client, mail, seller, "outage.parcels@example.com")

    assert done.state == "completed"
    assert tracker.parcels == {} and tracker.deleted == mine
    job = await Job.get(id=done.job_id).using_db(conn("us")) if done.job_id else \
        await Job.filter(kind=erasure.ERASE_SUBJECT).using_db(conn("us")).get()
    assert job.attempts >= 2                        # the first run waited for 17TRACK
    receipt = await ErasureReceipt.get(request_id=done.id, recipient="tracker:seventeen_track"
                                       ).using_db(conn("us"))
    assert (receipt.status, receipt.items) == ("deleted", 1)
    # the wait is over: no stale "failed" receipt is left beside the real one
    assert not await ErasureReceipt.filter(request_id=done.id, status="failed").using_db(
        conn("us")).exists()
