"""Normalized data transfer objects: what connectors return, whatever the upstream format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

__all__ = [
    "AddressData",
    "BuyerData",
    "Credentials",
    "DataCategory",
    "Notification",
    "OrderData",
    "OrderItemData",
    "OrderPage",
    "ShipmentData",
    "TrackingEventData",
    "TrackingInfo",
    "TrackingStatus",
    "WebhookEvent",
]


class DataCategory(StrEnum):
    """Categories of data a connector may collect; each plugin declares the ones it returns."""

    ORDER_DETAILS = "order_details"        # number, status, amounts, times, items
    BUYER_IDENTITY = "buyer_identity"      # buyer name
    BUYER_CONTACT = "buyer_contact"        # buyer email, phone
    BUYER_ADDRESS = "buyer_address"        # shipping address
    SHIPMENT = "shipment"                  # carrier, tracking number
    TRACKING = "tracking"                  # tracking events
    ACCOUNT_CONTACT = "account_contact"    # notifier recipients (seller email)


class TrackingStatus(StrEnum):
    """Sellergate's normalized parcel status (same values as the Shipment model's)."""

    PENDING = "pending"
    INFO_RECEIVED = "info_received"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    AVAILABLE_FOR_PICKUP = "available_for_pickup"
    DELIVERED = "delivered"
    EXCEPTION = "exception"
    EXPIRED = "expired"


@dataclass(frozen=True, slots=True)
class Credentials:
    """What a store connection keeps to call the upstream API (stored encrypted by the gateway)."""

    access_token: str
    refresh_token: str | None = None
    expires_at: datetime | None = None
    shop: str = ""                     # shop domain / seller id / shop cipher, per platform
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class AddressData:
    line1: str = ""
    line2: str = ""
    city: str = ""
    province: str = ""
    postal_code: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class BuyerData:
    external_id: str
    name: str | None = None            # BUYER_IDENTITY
    email: str | None = None           # BUYER_CONTACT
    phone: str | None = None           # BUYER_CONTACT
    address: AddressData | None = None  # BUYER_ADDRESS


@dataclass(frozen=True, slots=True)
class OrderItemData:
    sku: str
    title: str
    quantity: int
    price: Decimal


@dataclass(frozen=True, slots=True)
class ShipmentData:
    carrier: str
    tracking_number: str


@dataclass(frozen=True, slots=True)
class OrderData:
    external_id: str
    number: str
    status: str                        # one of gateway.models.OrderStatus values
    currency: str
    total: Decimal
    placed_at: datetime
    updated_at: datetime
    items: list[OrderItemData] = field(default_factory=list)
    buyer: BuyerData | None = None
    shipments: list[ShipmentData] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class OrderPage:
    """One page of orders and the cursor to resume from (None when the listing is exhausted)."""

    orders: list[OrderData]
    next_cursor: str | None


@dataclass(frozen=True, slots=True)
class TrackingEventData:
    time: datetime
    status: TrackingStatus
    description: str = ""
    location: str = ""


@dataclass(frozen=True, slots=True)
class TrackingInfo:
    tracking_number: str
    carrier: str
    status: TrackingStatus
    events: list[TrackingEventData] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class WebhookEvent:
    """A verified webhook. ``delivery_id`` is unique per delivery (replays are refused on it)."""

    topic: str                         # normalized: orders/create, orders/updated,
                                       # app/uninstalled, customers/data_request,
                                       # customers/redact, shop/redact, tracking/update
    shop: str                          # the store's external id (shop domain, seller id ...)
    delivery_id: str
    payload: dict[str, Any]
    order: OrderData | None = None
    tracking: list[TrackingInfo] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Notification:
    """A message to one recipient through a notifier (email, SMS, push ...)."""

    recipient: str
    subject: str
    body: str
    purpose: str                       # a registered processing purpose
    headers: dict[str, str] = field(default_factory=dict)
