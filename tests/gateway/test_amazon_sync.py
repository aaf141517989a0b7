"""Connecting an Amazon seller through the Amazon sandbox and syncing its orders through the
gateway: consent, buyer-data authorization with Restricted Data Tokens, token refresh, and the
refusal of HTTP webhooks — all over real HTTP on loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from gateway.app import create_app
from gateway.connectors import UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.db import conn
from gateway.models import Buyer, Job, JobState, Order, Store, WebhookDelivery
from gateway.services.connections import callback_url
from gateway.services.integrations import Endpoint, Integrations
from plugins.amazon import wire
from plugins.amazon.sandbox import Sandbox
from tests.conftest import wait_until
from tests.graphql_client import gql, sign_up

CONNECT = """mutation { connectStore(platform: "amazon", shop: "Outdoor gear on Amazon") {
  authorizationUrl } }"""
SYNC = "mutation($s: ID!) { syncStore(storeId: $s) { id } }"
ORDERS = 45


@pytest.fixture
async def amazon(settings) -> AsyncIterator[Sandbox]:
    # A busy seller's usage plan keeps the sync quick; the plugin tests cover the default ones.
    sandbox = Sandbox(orders=ORDERS, redirect_uris=(callback_url(settings, "amazon"),),
                      usage_plans={wire.GET_ORDERS: (100.0, 100),
                                   wire.GET_ORDER_ITEMS: (1000.0, 1000),
                                   wire.CREATE_RDT: (100.0, 100)})
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def app(settings, amazon) -> AsyncIterator[Any]:
    hub = Integrations(registry=PluginRegistry.discover(), session=UpstreamSession(),
                       endpoints={"amazon": Endpoint(amazon.base_url,
                                                     amazon.connector_settings())})
    application = create_app(settings, manage_db=False, in_process_workers=True,
                             integrations=hub)
    async with application.router.lifespan_context(application):
        yield application


async def _job_done(job_id: str) -> bool:
    job = await Job.filter(id=job_id).using_db(conn("us")).first()
    assert job is None or job.state != JobState.FAILED, job and job.error
    return job is not None and job.state == JobState.SUCCEEDED


async def _connect(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    started = await gql(client, CONNECT, token=token)
    assert not started.errors, started.errors
    async with httpx.AsyncClient() as browser:  # the seller's browser at Seller Central
        consent = await browser.get(started.data["connectStore"]["authorizationUrl"])
    assert consent.status_code == 302, consent.text
    callback = urlsplit(consent.headers["location"])
    assert callback.path == "/connect/amazon/callback"
    response = await client.get(f"{callback.path}?{callback.query}")
    assert response.status_code == 200, response.text
    return response.json()


async def _sync(client: httpx.AsyncClient, token: str, store_id: str) -> str:
    synced = await gql(client, SYNC, {"s": store_id}, token)
    assert not synced.errors, synced.errors
    job_id: str = synced.data["syncStore"]["id"]
    await wait_until(lambda: _job_done(job_id), within=60)
    return job_id


async def test_connecting_an_amazon_seller_imports_orders_without_buyer_data(
        client, settings, amazon):
    seller = await sign_up(client, "amazon-owner@example.com")
    connected = await _connect(client, seller["accessToken"])
    await wait_until(lambda: _job_done(connected["syncJobId"]), within=60)
    store = await Store.get(id=connected["storeId"]).using_db(conn("us"))
    assert store.external_id == amazon.selling_partner_id
    assert store.credentials and "Atzr|" not in store.credentials and \
        "Atza|" not in store.credentials                    # sealed at rest
    assert await Order.filter(store_id=store.id).using_db(conn("us")).count() == ORDERS
    assert await Buyer.filter(store_id=store.id).using_db(conn("us")).count() == 0
    # Without the seller's buyer-data authorization Amazon is not even asked for PII.
    assert amazon.restricted_tokens == 0 and amazon.restricted_orders == 0


async def test_buyer_data_comes_through_an_rdt_only_while_authorized(client, settings, amazon):
    seller = await sign_up(client, "amazon-pii@example.com")
    token = seller["accessToken"]
    connected = await _connect(client, token)
    await wait_until(lambda: _job_done(connected["syncJobId"]), within=60)
    store_id = connected["storeId"]
    await gql(client, "mutation($s: ID!) { grantBuyerDataAuthorization(storeId: $s) { id } }",
              {"s": store_id}, token)
    await _sync(client, token, store_id)
    assert amazon.restricted_tokens == 1 and amazon.restricted_orders == ORDERS
    buyers = await Buyer.filter(store_id=store_id).using_db(conn("us")).count()
    assert buyers == ORDERS                      # SP-API has no buyer id: one per order
    await gql(client, "mutation($s: ID!) { revokeBuyerDataAuthorization(storeId: $s) { id } }",
              {"s": store_id}, token)
    assert await Buyer.filter(store_id=store_id).using_db(conn("us")).count() == 0
    changed = amazon.update_order(next(iter(amazon.orders)), status="Canceled")
    await _sync(client, token, store_id)
    assert amazon.restricted_tokens == 1 and amazon.restricted_orders == ORDERS
    assert await Buyer.filter(store_id=store_id).using_db(conn("us")).count() == 0
    order = await Order.get(store_id=store_id, external_id=changed.id).using_db(conn("us"))
    assert order.status == "cancelled"


async def test_an_expired_access_token_is_refreshed_during_sync(client, settings, amazon):
    seller = await sign_up(client, "amazon-refresh@example.com")
    token = seller["accessToken"]
    connected = await _connect(client, token)
    await wait_until(lambda: _job_done(connected["syncJobId"]), within=60)
    amazon.expire_access_tokens()
    added = amazon.add_order(status="Unshipped", items=2)
    job_id = await _sync(client, token, connected["storeId"])
    assert amazon.refreshes == 1
    job = await Job.get(id=job_id).using_db(conn("us"))
    # The window is inclusive, so the newest order of the previous sync may come again.
    assert 1 <= job.progress_done <= 2
    assert await Order.filter(store_id=connected["storeId"], external_id=added.id).using_db(
        conn("us")).exists()


async def test_a_forged_callback_connects_nothing(client, settings, amazon):
    seller = await sign_up(client, "amazon-forger@example.com")
    await gql(client, CONNECT, token=seller["accessToken"])
    response = await client.get("/connect/amazon/callback?state=made-up&spapi_oauth_code=ANx"
                                f"&selling_partner_id={amazon.selling_partner_id}")
    assert response.status_code == 403
    assert await Store.all().using_db(conn("us")).count() == 0


async def test_http_webhooks_claiming_to_be_amazon_get_401(client, settings, amazon):
    seller = await sign_up(client, "amazon-hooks@example.com")
    connected = await _connect(client, seller["accessToken"])
    await wait_until(lambda: _job_done(connected["syncJobId"]), within=60)
    jobs_before = await Job.all().using_db(conn("us")).count()
    body = (b'{"NotificationVersion":"1.0","NotificationType":"ORDER_CHANGE","Payload":'
            b'{"OrderChangeNotification":{"SellerId":"' + amazon.selling_partner_id.encode() +
            b'","AmazonOrderId":"111-1000000-2000000"}}}')
    response = await client.post("/webhooks/amazon", content=body,
                                 headers={"Content-Type": "application/json"})
    assert response.status_code == 401 and "SQS" in response.json()["error"]
    assert await Job.all().using_db(conn("us")).count() == jobs_before
    assert await WebhookDelivery.all().count() == 0
