"""Shipments of orders and the tracking events that tracking services report for them."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from gateway.models.accounts import Account
from gateway.models.base import Model
from gateway.models.commerce import Order


class ShipmentStatus(StrEnum):
    """Sellergate's normalized parcel status; tracking connectors map theirs onto it."""

    PENDING = "pending"
    INFO_RECEIVED = "info_received"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    AVAILABLE_FOR_PICKUP = "available_for_pickup"
    DELIVERED = "delivered"
    EXCEPTION = "exception"
    EXPIRED = "expired"


class Shipment(Model):
    id = fields.UUIDField(primary_key=True)
    seller: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "regional.Account", related_name="shipments", on_delete=fields.CASCADE, db_index=True
    )
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "regional.Order", related_name="shipments", on_delete=fields.CASCADE
    )
    carrier = fields.CharField(max_length=60)
    tracking_number = fields.CharField(max_length=60)
    status = fields.CharEnumField(ShipmentStatus, max_length=30, default=ShipmentStatus.PENDING)
    last_event_at = fields.DatetimeField(null=True)
    tracker = fields.CharField(max_length=40, default="")
    tracking_registered = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "shipment"
        unique_together = (("order", "carrier", "tracking_number"),)


class TrackingEvent(Model):
    id = fields.UUIDField(primary_key=True)
    shipment: fields.ForeignKeyRelation[Shipment] = fields.ForeignKeyField(
        "regional.Shipment", related_name="events", on_delete=fields.CASCADE
    )
    time = fields.DatetimeField()
    status = fields.CharEnumField(ShipmentStatus, max_length=30)
    description = fields.CharField(max_length=500, default="")
    location = fields.CharField(max_length=200, default="")

    class Meta:
        table = "tracking_event"
        unique_together = (("shipment", "time", "status"),)
