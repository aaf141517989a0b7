"""The marketplace's privacy webhooks: a customer's data request is answered to the seller with
an export link; a customer's redaction shreds that buyer."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from gateway.app import create_app
from gateway.connectors import UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.db import conn
from gateway.models import Buyer, DataKey, PrivacyRequest
from gateway.services.integrations import Endpoint, Integrations
from plugins.email.sandbox import Sandbox as MailSandbox
from plugins.shopify.sandbox import Sandbox
from tests.conftest import wait_until
from tests.gateway.test_connect_and_sync import _connect, _job_done
from tests.graphql_client import gql, sign_up
from tests.mailbox import last_mail


@pytest.fixture
async def shopify() -> AsyncIterator[Sandbox]:
    sandbox = Sandbox(orders=30, restore_rate=1000.0)
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def mail() -> AsyncIterator[MailSandbox]:
    sandbox = MailSandbox()
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def app(settings, shopify, mail) -> AsyncIterator[Any]:
    hub = Integrations(registry=PluginRegistry.discover(), session=UpstreamSession(), endpoints={
        "shopify": Endpoint(f"{shopify.base_url}/shops/{{shop}}", shopify.connector_settings()),
        "email": Endpoint(mail.base_url, mail.connector_settings())})
    application = create_app(settings, manage_db=False, in_process_workers=True,
                             integrations=hub)
    async with application.router.lifespan_context(application):
        yield application


async def _store_with_buyers(client) -> tuple[dict, str]:
    seller = await sign_up(client, "privacy-hooks@example.com")
    token = seller["accessToken"]
    connected = await _connect(client, token)
    await wait_until(lambda: _job_done(connected["syncJobId"]), within=60)
    await gql(client, "mutation($s: ID!) { grantBuyerDataAuthorization(storeId: $s) { id } }",
              {"s": connected["storeId"]}, token)
    synced = await gql(client, "mutation($s: ID!) { syncStore(storeId: $s) { id } }",
                       {"s": connected["storeId"]}, token)
    await wait_until(lambda: _job_done(synced.data["syncStore"]["id"]), within=60)
    return seller, connected["storeId"]


async def test_a_customer_data_request_sends_the_seller_an_export(client, settings, shopify,
                                                                   mail):
    _, store_id = await _store_with_buyers(client)
    buyer = await Buyer.filter(store_id=store_id).using_db(conn("us")).first()
    headers, body = shopify.signed_webhook("customers/data_request", {
        "shop_id": 1, "shop_domain": shopify.shop, "orders_requested": [],
        "customer": {"id": int(buyer.external_id), "email": "x@example.com", "phone": ""},
        "data_request": {"id": 9999}})
    response = await client.post("/webhooks/shopify", content=body, headers=headers)
    assert response.status_code == 200, response.text

    async def answered() -> bool:
        return await PrivacyRequest.filter(subject_id=buyer.id, state="completed").using_db(
            conn("us")).exists()

    await wait_until(answered)
    message = await last_mail(mail, "privacy-hooks@example.com", "export is ready")
    assert "/exports/" in message.get_content()


async def test_a_customer_redaction_shreds_that_buyer(client, settings, shopify):
    _, store_id = await _store_with_buyers(client)
    buyers = await Buyer.filter(store_id=store_id).using_db(conn("us"))
    target = buyers[0]
    headers, body = shopify.signed_webhook("customers/redact", {
        "shop_id": 1, "shop_domain": shopify.shop, "orders_to_redact": [],
        "customer": {"id": int(target.external_id), "email": "x@example.com", "phone": ""}})
    response = await client.post("/webhooks/shopify", content=body, headers=headers)
    assert response.status_code == 200, response.text
    for job_id in response.json()["jobs"]:
        await wait_until(lambda job_id=job_id: _job_done(job_id))
    assert not await Buyer.filter(id=target.id).using_db(conn("us")).exists()
    assert not await DataKey.filter(subject_id=target.id).using_db(conn("us")).exists()
    assert await Buyer.filter(store_id=store_id).using_db(conn("us")).count() == len(buyers) - 1
