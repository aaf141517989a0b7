"""Connecting a Shopify store through its sandbox, syncing orders, buyer-data authorization and
webhooks — all over real HTTP on loopback."""

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
from gateway.services.integrations import Endpoint, Integrations
from plugins.shopify.sandbox import Sandbox
from tests.conftest import wait_until
from tests.graphql_client import gql, sign_up

CONNECT = """mutation { connectStore(platform: "shopify", shop: "sandbox-shop.myshopify.com") {
  authorizationUrl } }"""


@pytest.fixture
async def shopify() -> AsyncIterator[Sandbox]:
    sandbox = Sandbox(orders=120, restore_rate=1000.0)  # a Shopify Plus bucket keeps tests quick
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def app(settings, shopify) -> AsyncIterator[Any]:
    hub = Integrations(registry=PluginRegistry.discover(), session=UpstreamSession(),
                       endpoints={"shopify": Endpoint(f"{shopify.base_url}/shops/{{shop}}",
                                                      shopify.connector_settings())})
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
    async with httpx.AsyncClient() as browser:  # the seller's browser at the marketplace
        consent = await browser.get(started.data["connectStore"]["authorizationUrl"])
    assert consent.status_code in (302, 303)
    callback = urlsplit(consent.headers["location"])
    assert callback.path == "/connect/shopify/callback"
    response = await client.get(f"{callback.path}?{callback.query}")
    assert response.status_code == 200, response.text
    return response.json()


async def test_connecting_a_store_imports_its_orders_without_buyer_data(client, settings):
    seller = await sign_up(client, "shop-owner@example.com")
    connected = await _connect(client, seller["accessToken"])
    await wait_until(lambda: _job_done(connected["syncJobId"]), within=60)
    store = await Store.get(id=connected["storeId"]).using_db(conn("us"))
    assert store.credentials and "shpat_" not in store.credentials  # sealed at rest
    assert await Order.filter(store_id=store.id).using_db(conn("us")).count() == 120
    assert await Buyer.filter(store_id=store.id).using_db(conn("us")).count() == 0
    job = await gql(client, "query($id: ID!) { job(id: $id) { state progress done } }",
                    {"id": connected["syncJobId"]}, seller["accessToken"])
    assert job.data["job"]["state"] == "succeeded" and job.data["job"]["done"] == 120


async def test_buyer_data_is_imported_only_while_authorized_and_purged_on_revoke(
        client, settings, shopify):
    seller = await sign_up(client, "pii-owner@example.com")
    token = seller["accessToken"]
    connected = await _connect(client, token)
    await wait_until(lambda: _job_done(connected["syncJobId"]), within=60)
    store_id = connected["storeId"]
    granted = await gql(client, """mutation($s: ID!) { grantBuyerDataAuthorization(storeId: $s) {
        buyerDataAuthorized } }""", {"s": store_id}, token)
    assert granted.data["grantBuyerDataAuthorization"]["buyerDataAuthorized"] is True
    synced = await gql(client, "mutation($s: ID!) { syncStore(storeId: $s) { id state } }",
                       {"s": store_id}, token)
    await wait_until(lambda: _job_done(synced.data["syncStore"]["id"]), within=60)
    assert await Buyer.filter(store_id=store_id).using_db(conn("us")).count() > 0
    revoked = await gql(client, """mutation($s: ID!) { revokeBuyerDataAuthorization(storeId: $s)
        { buyerDataAuthorized } }""", {"s": store_id}, token)
    assert revoked.data["revokeBuyerDataAuthorization"]["buyerDataAuthorized"] is False
    assert await Buyer.filter(store_id=store_id).using_db(conn("us")).count() == 0
    assert await Order.filter(store_id=store_id, buyer_id__not_isnull=True).using_db(
        conn("us")).count() == 0
    assert await Order.filter(store_id=store_id).using_db(conn("us")).count() == 120


async def test_incremental_sync_picks_up_only_changed_orders(client, settings, shopify):
    seller = await sign_up(client, "incremental@example.com")
    token = seller["accessToken"]
    connected = await _connect(client, token)
    await wait_until(lambda: _job_done(connected["syncJobId"]), within=60)
    changed = shopify.update_order(next(iter(shopify.orders)), cancelled=True)
    shopify.add_order()
    synced = await gql(client, "mutation($s: ID!) { syncStore(storeId: $s) { id } }",
                       {"s": connected["storeId"]}, token)
    await wait_until(lambda: _job_done(synced.data["syncStore"]["id"]), within=60)
    job = await Job.get(id=synced.data["syncStore"]["id"]).using_db(conn("us"))
    # The window is inclusive ("updated at or after the last one seen"), so the newest order of
    # the previous sync may come again; upserts make that harmless.
    assert 2 <= job.progress_done <= 3
    orders = Order.filter(store_id=connected["storeId"]).using_db(conn("us"))
    assert await orders.count() == 121
    cancelled = await Order.get(store_id=connected["storeId"],
                                external_id=str(changed.id)).using_db(conn("us"))
    assert cancelled.status == "cancelled"


async def test_a_forged_callback_connects_nothing(client, settings):
    seller = await sign_up(client, "forger@example.com")
    await gql(client, CONNECT, token=seller["accessToken"])
    response = await client.get("/connect/shopify/callback?code=x&shop=sandbox-shop.myshopify.com"
                                "&state=made-up&timestamp=1&hmac=00")
    assert response.status_code == 403
    assert await Store.all().using_db(conn("us")).count() == 0


async def test_webhooks_update_orders_and_forged_or_replayed_ones_get_401(
        client, settings, shopify):
    seller = await sign_up(client, "hooks@example.com")
    connected = await _connect(client, seller["accessToken"])
    await wait_until(lambda: _job_done(connected["syncJobId"]), within=60)
    order_id = next(iter(shopify.orders))
    shopify.update_order(order_id, cancelled=True)
    headers, body = shopify.signed_webhook("orders/updated", shopify.order_payload(order_id))
    accepted = await client.post("/webhooks/shopify", content=body, headers=headers)
    assert accepted.status_code == 200, accepted.text
    for job_id in accepted.json()["jobs"]:
        await wait_until(lambda job_id=job_id: _job_done(job_id))
    order = await Order.get(store_id=connected["storeId"], external_id=str(order_id)).using_db(
        conn("us"))
    assert order.status == "cancelled"
    jobs_before = await Job.all().using_db(conn("us")).count()
    deliveries_before = await WebhookDelivery.all().count()
    replay = await client.post("/webhooks/shopify", content=body, headers=headers)
    assert replay.status_code == 401
    forged = await client.post("/webhooks/shopify", content=body.replace(b"1", b"2"),
                               headers=headers | {"X-Shopify-Webhook-Id": "fresh-id"})
    assert forged.status_code == 401
    unknown = await client.post("/webhooks/nosuchplugin", content=b"{}")
    assert unknown.status_code == 404
    assert await Job.all().using_db(conn("us")).count() == jobs_before
    assert await WebhookDelivery.all().count() == deliveries_before


async def test_shop_redact_purges_the_stores_buyers(client, settings, shopify):
    seller = await sign_up(client, "redact@example.com")
    token = seller["accessToken"]
    connected = await _connect(client, token)
    await wait_until(lambda: _job_done(connected["syncJobId"]), within=60)
    await gql(client, "mutation($s: ID!) { grantBuyerDataAuthorization(storeId: $s) { id } }",
              {"s": connected["storeId"]}, token)
    synced = await gql(client, "mutation($s: ID!) { syncStore(storeId: $s) { id } }",
                       {"s": connected["storeId"]}, token)
    await wait_until(lambda: _job_done(synced.data["syncStore"]["id"]), within=60)
    assert await Buyer.filter(store_id=connected["storeId"]).using_db(conn("us")).count() > 0
    headers, body = shopify.signed_webhook("shop/redact", {"shop_id": 1,
                                                           "shop_domain": shopify.shop})
    response = await client.post("/webhooks/shopify", content=body, headers=headers)
    assert response.status_code == 200
    for job_id in response.json()["jobs"]:
        await wait_until(lambda job_id=job_id: _job_done(job_id))
    assert await Buyer.filter(store_id=connected["storeId"]).using_db(conn("us")).count() == 0


async def test_unknown_platforms_are_refused(client, settings):
    seller = await sign_up(client, "ebay@example.com")
    result = await gql(client, 'mutation { connectStore(platform: "ebay", shop: "x") '
                       "{ authorizationUrl } }", token=seller["accessToken"])
    assert result.codes() == ["BAD_USER_INPUT"]
