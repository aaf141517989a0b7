"""Tortoise models: regional ones (one copy per region) and the global directory."""

from gateway.models.accounts import Account, RefreshToken, Role, StaffMember
from gateway.models.commerce import Buyer, Order, OrderItem, OrderStatus, Store
from gateway.models.directory import (
    ConnectState,
    DirectoryEntry,
    StoreDirectoryEntry,
    WebhookDelivery,
)
from gateway.models.jobs import Job, JobState
from gateway.models.logistics import Shipment, ShipmentStatus, TrackingEvent

__all__ = [
    "DIRECTORY_MODULES",
    "REGIONAL_MODULES",
    "Account",
    "Buyer",
    "ConnectState",
    "DirectoryEntry",
    "Job",
    "JobState",
    "Order",
    "OrderItem",
    "OrderStatus",
    "RefreshToken",
    "Role",
    "Shipment",
    "ShipmentStatus",
    "StaffMember",
    "Store",
    "StoreDirectoryEntry",
    "TrackingEvent",
    "WebhookDelivery",
]

REGIONAL_MODULES = [
    "gateway.models.accounts",
    "gateway.models.commerce",
    "gateway.models.logistics",
    "gateway.models.jobs",
]
DIRECTORY_MODULES = ["gateway.models.directory"]
