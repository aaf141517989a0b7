"""Privacy tests run the gateway with a real SMTP server (aiosmtpd) as its email channel."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from gateway.app import create_app
from gateway.connectors import UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.services.integrations import Endpoint, Integrations
from plugins.email.sandbox import Sandbox as MailSandbox


@pytest.fixture
async def mail() -> AsyncIterator[MailSandbox]:
    sandbox = MailSandbox()
    await sandbox.start()
    yield sandbox
    await sandbox.stop()


@pytest.fixture
async def app(settings, mail) -> AsyncIterator[Any]:
    hub = Integrations(registry=PluginRegistry.discover(), session=UpstreamSession(),
                       endpoints={"email": Endpoint(mail.base_url, mail.connector_settings())})
    application = create_app(settings, manage_db=False, in_process_workers=True,
                             integrations=hub)
    async with application.router.lifespan_context(application):
        yield application
