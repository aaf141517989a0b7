"""The gateway served by uvicorn on loopback (WebSocket subscriptions need a real server), with
Shopify and email sandboxes as its upstreams."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
import uvicorn

from gateway.app import create_app
from gateway.connectors import UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.services.integrations import Endpoint, Integrations
from plugins.email.sandbox import Sandbox as MailSandbox
from plugins.shopify.sandbox import Sandbox as ShopifySandbox
from tests.graphql_client import gql

CONNECT = """mutation { connectStore(platform: "shopify", shop: "sandbox-shop.myshopify.com") {
  authorizationUrl } }"""


@pytest.fixture
async def shopify() -> AsyncIterator[ShopifySandbox]:
    # A small cost bucket answered with 429 + Retry-After: each page of a sync waits a little,
    # so progress is visible, and the waits go through the shared session's rate-limit path.
    sandbox = ShopifySandbox(orders=30, bucket_size=1000.0, restore_rate=500.0,
                             throttle_status=429)
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
    hub = Integrations(registry=PluginRegistry.discover(), session=UpstreamSession(),
                       endpoints={"shopify": Endpoint(f"{shopify.base_url}/shops/{{shop}}",
                                                      shopify.connector_settings()),
                                  "email": Endpoint(mail.base_url, mail.connector_settings())})
    application = create_app(settings, manage_db=False, in_process_workers=True,
                             integrations=hub)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def base_url(app) -> AsyncIterator[str]:
    """The app behind uvicorn on a free loopback port, in the test's event loop (the stores'
    connections belong to it)."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, lifespan="off",
                                           log_level="warning"))
    task = asyncio.create_task(server.serve())
    while not server.started:
        if task.done():
            task.result()
        await asyncio.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    await task


async def connect_store(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    """Connect the Shopify sandbox store through GraphQL and the OAuth dance."""
    started = await gql(client, CONNECT, token=token)
    assert not started.errors, started.errors
    async with httpx.AsyncClient() as browser:
        consent = await browser.get(started.data["connectStore"]["authorizationUrl"])
    callback = urlsplit(consent.headers["location"])
    response = await client.get(f"{callback.path}?{callback.query}")
    assert response.status_code == 200, response.text
    return response.json()
