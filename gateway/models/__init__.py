"""Tortoise models: regional ones (one copy per region) and the global directory."""

from gateway.models.accounts import Account, RefreshToken, Role, StaffMember
from gateway.models.commerce import Buyer, Order, OrderItem, OrderStatus, Store
from gateway.models.directory import (
    AccessGrant,
    ConnectState,
    DirectoryEntry,
    Incident,
    IncidentEvent,
    IncidentNotification,
    PolicyVersion,
    StoreDirectoryEntry,
    WebhookDelivery,
)
from gateway.models.jobs import Job, JobState
from gateway.models.logistics import Shipment, ShipmentStatus, TrackingEvent
from gateway.models.privacy import (
    AuditEvent,
    ConsentRecord,
    DataKey,
    ErasureReceipt,
    ExportFile,
    GuardianVerification,
    LegalHold,
    PolicyAcceptance,
    PrivacyRequest,
    TaxRecord,
    Transfer,
)

__all__ = [
    "DIRECTORY_MODULES",
    "REGIONAL_MODULES",
    "AccessGrant",
    "Account",
    "AuditEvent",
    "Buyer",
    "ConnectState",
    "ConsentRecord",
    "DataKey",
    "DirectoryEntry",
    "ErasureReceipt",
    "ExportFile",
    "GuardianVerification",
    "Incident",
    "IncidentEvent",
    "IncidentNotification",
    "Job",
    "JobState",
    "LegalHold",
    "Order",
    "OrderItem",
    "OrderStatus",
    "PolicyAcceptance",
    "PolicyVersion",
    "PrivacyRequest",
    "RefreshToken",
    "Role",
    "Shipment",
    "ShipmentStatus",
    "StaffMember",
    "Store",
    "StoreDirectoryEntry",
    "TaxRecord",
    "TrackingEvent",
    "Transfer",
    "WebhookDelivery",
]

REGIONAL_MODULES = [
    "gateway.models.accounts",
    "gateway.models.commerce",
    "gateway.models.logistics",
    "gateway.models.jobs",
    "gateway.models.privacy",
]
DIRECTORY_MODULES = ["gateway.models.directory"]
