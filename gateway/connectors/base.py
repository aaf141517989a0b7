"""The base classes a plugin implements. A plugin imports only ``gateway.connectors``."""

from __future__ import annotations

import abc
from collections.abc import Mapping
from datetime import datetime
from typing import ClassVar

from gateway.connectors.dto import (
    Credentials,
    DataCategory,
    Notification,
    OrderPage,
    TrackingInfo,
    WebhookEvent,
)
from gateway.connectors.http import UpstreamSession

__all__ = ["Connector", "MarketplaceConnector", "Notifier", "TrackingConnector"]


class Connector(abc.ABC):
    """What every plugin declares about itself.

    :cvar name: the entry-point name (``shopify``, ``seventeen_track`` ...).
    :cvar version: the plugin's version, shown by ``sellergate plugins``.
    :cvar data_categories: every category of personal or business data the plugin returns;
        returning anything else is refused (data minimization).
    :cvar recipients: who receives personal data through this plugin, for the data map.
    """

    name: ClassVar[str]
    version: ClassVar[str] = "0"
    data_categories: ClassVar[frozenset[DataCategory]] = frozenset()
    recipients: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, base_url: str, settings: Mapping[str, str],
                 session: UpstreamSession) -> None:
        """
        :param base_url: the upstream's base URL (the sandbox's loopback URL in tests and demo).
        :param settings: the plugin's own settings (client id, secret ...), from
            ``SELLERGATE_PLUGIN_<NAME>_<KEY>`` variables.
        :param session: the shared HTTP session with timeouts, retries and rate-limit handling.
        """
        self.base_url = base_url.rstrip("/")
        self.settings = dict(settings)
        self.session = session


class MarketplaceConnector(Connector):
    """A marketplace: authorize a store, list its orders, verify its webhooks."""

    @abc.abstractmethod
    def authorization_url(self, *, shop: str, redirect_uri: str, state: str) -> str:
        """Where to send the seller to authorize Sellergate on ``shop``."""

    @abc.abstractmethod
    async def complete_authorization(self, params: Mapping[str, str], *,
                                     redirect_uri: str) -> Credentials:
        """Verify the OAuth callback's query ``params`` and exchange its code for credentials.

        Raises ``WebhookRejected`` for a forged callback, ``UpstreamAuthError`` for a bad code.
        """

    async def refresh_credentials(self, credentials: Credentials) -> Credentials:
        """Renew expiring credentials; the default keeps them as they are."""
        return credentials

    @abc.abstractmethod
    async def fetch_orders(self, credentials: Credentials, *, cursor: str | None,
                           updated_since: datetime | None, include_buyer: bool,
                           page_size: int = 100) -> OrderPage:
        """One page of orders updated since ``updated_since``, resuming from ``cursor``.

        With ``include_buyer`` False the connector must not fetch buyer personal data at all.
        """

    @abc.abstractmethod
    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Check a webhook's signature and freshness and parse it; raise ``WebhookRejected``."""


class TrackingConnector(Connector):
    """A tracking service: register parcels, fetch their events, stop and delete them."""

    max_batch: ClassVar[int] = 40

    @abc.abstractmethod
    async def register(self, numbers: list[tuple[str, str]]) -> list[str]:
        """Register (tracking number, carrier) pairs; return the numbers accepted."""

    @abc.abstractmethod
    async def track(self, numbers: list[str]) -> list[TrackingInfo]:
        """Current status and events of registered numbers."""

    @abc.abstractmethod
    async def stop(self, numbers: list[str]) -> list[str]:
        """Stop tracking; return the numbers stopped."""

    @abc.abstractmethod
    async def delete(self, numbers: list[str]) -> list[str]:
        """Ask the service to delete the numbers and their data (downstream erasure)."""

    @abc.abstractmethod
    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Check a push notification's signature and parse it; raise ``WebhookRejected``."""


class Notifier(Connector):
    """A channel to reach people: email, SMS, push, postal mail."""

    channel: ClassVar[str]

    @abc.abstractmethod
    async def send(self, notification: Notification) -> str:
        """Deliver ``notification``; return the provider's message id."""

    async def forget(self, recipient: str) -> None:
        """Ask the provider to delete what it holds about ``recipient`` (downstream erasure)."""
