"""The connector SDK: the only part of Sellergate a plugin may import.

A plugin is a class honouring one of the base classes below, published under an entry-point
namespace (``sellergate.marketplaces``, ``sellergate.trackers``, ``sellergate.notifiers``).
"""

from gateway.connectors.base import Connector, MarketplaceConnector, Notifier, TrackingConnector
from gateway.connectors.dto import (
    AddressData,
    BuyerData,
    Credentials,
    DataCategory,
    Notification,
    OrderData,
    OrderItemData,
    OrderPage,
    ShipmentData,
    TrackingEventData,
    TrackingInfo,
    TrackingStatus,
    WebhookEvent,
)
from gateway.connectors.errors import (
    UndeclaredDataError,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRateLimited,
    UpstreamUnavailable,
    WebhookRejected,
)
from gateway.connectors.http import Response, RetryPolicy, UpstreamSession
from gateway.connectors.renewals import CredentialRenewals
from gateway.connectors.webhooks import json_object, require_signature

__all__ = [
    "AddressData",
    "BuyerData",
    "Connector",
    "CredentialRenewals",
    "Credentials",
    "DataCategory",
    "MarketplaceConnector",
    "Notification",
    "Notifier",
    "OrderData",
    "OrderItemData",
    "OrderPage",
    "Response",
    "RetryPolicy",
    "ShipmentData",
    "TrackingConnector",
    "TrackingEventData",
    "TrackingInfo",
    "TrackingStatus",
    "UndeclaredDataError",
    "UpstreamAuthError",
    "UpstreamBadResponse",
    "UpstreamError",
    "UpstreamRateLimited",
    "UpstreamSession",
    "UpstreamUnavailable",
    "WebhookEvent",
    "WebhookRejected",
    "json_object",
    "require_signature",
]
