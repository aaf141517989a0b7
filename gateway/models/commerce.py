"""Stores, buyers, orders and their items, imported from marketplaces."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from gateway.models.accounts import Account
from gateway.models.base import Model


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FULFILLED = "fulfilled"
    CANCELLED = "cancelled"
    REFUNDED = "refunded"


class Store(Model):
    id = fields.UUIDField(primary_key=True)
    seller: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "regional.Account", related_name="stores", on_delete=fields.CASCADE, db_index=True
    )
    platform = fields.CharField(max_length=40)
    name = fields.CharField(max_length=200)
    external_id = fields.CharField(max_length=200)
    buyer_data_authorized = fields.BooleanField(default=False)
    connected = fields.BooleanField(default=True)
    credentials = fields.TextField(null=True, description="sealed (AES-GCM) upstream credentials")
    sync_cursor = fields.TextField(null=True)
    last_synced_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "store"
        unique_together = (("platform", "external_id"),)


class Buyer(Model):
    id = fields.UUIDField(primary_key=True)
    seller: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "regional.Account", related_name="buyers", on_delete=fields.CASCADE, db_index=True
    )
    store: fields.ForeignKeyRelation[Store] = fields.ForeignKeyField(
        "regional.Store", related_name="buyers", on_delete=fields.CASCADE
    )
    external_id = fields.CharField(max_length=200)
    # name, phone, email and address (JSON) hold ciphertext under the buyer's data key (vault).
    name = fields.TextField(default="")
    phone = fields.TextField(default="")
    email = fields.TextField(default="")
    address = fields.TextField(default="")
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "buyer"
        unique_together = (("store", "external_id"),)


class Order(Model):
    id = fields.UUIDField(primary_key=True)
    seller: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "regional.Account", related_name="orders", on_delete=fields.CASCADE
    )
    store: fields.ForeignKeyRelation[Store] = fields.ForeignKeyField(
        "regional.Store", related_name="orders", on_delete=fields.CASCADE
    )
    buyer: fields.ForeignKeyNullableRelation[Buyer] = fields.ForeignKeyField(
        "regional.Buyer", related_name="orders", null=True, on_delete=fields.SET_NULL,
        db_index=True,
    )
    external_id = fields.CharField(max_length=200)
    number = fields.CharField(max_length=100)
    status = fields.CharEnumField(OrderStatus, max_length=20)
    currency = fields.CharField(max_length=3)
    total = fields.DecimalField(max_digits=14, decimal_places=2)
    placed_at = fields.DatetimeField()
    shipment_status = fields.CharField(max_length=30, default="unshipped")
    delivered_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "order"
        unique_together = (("store", "external_id"),)
        indexes = (("seller", "placed_at"),)


class OrderItem(Model):
    id = fields.UUIDField(primary_key=True)
    order: fields.ForeignKeyRelation[Order] = fields.ForeignKeyField(
        "regional.Order", related_name="items", on_delete=fields.CASCADE, db_index=True
    )
    sku = fields.CharField(max_length=100)
    title = fields.CharField(max_length=300)
    quantity = fields.IntField()
    price = fields.DecimalField(max_digits=14, decimal_places=2)

    class Meta:
        table = "order_item"
