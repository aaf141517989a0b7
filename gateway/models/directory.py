"""The small global directory: which region holds an account, found by its email's blind index."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class DirectoryEntry(Model):
    account_id = fields.UUIDField(primary_key=True)
    region = fields.CharField(max_length=8)
    email_index = fields.CharField(max_length=64, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "directory_entry"


class StoreDirectoryEntry(Model):
    """Which region holds a connected store, found by its marketplace id (webhooks, callbacks)."""

    id = fields.IntField(primary_key=True)
    platform = fields.CharField(max_length=40)
    external_id = fields.CharField(max_length=200)
    store_id = fields.UUIDField()
    region = fields.CharField(max_length=8)

    class Meta:
        table = "store_directory_entry"
        unique_together = (("platform", "external_id"),)


class ConnectState(Model):
    """An OAuth ``state`` nonce: which seller started connecting which store, and when."""

    state = fields.CharField(max_length=64, primary_key=True)
    platform = fields.CharField(max_length=40)
    shop = fields.CharField(max_length=200)
    seller_id = fields.UUIDField()
    region = fields.CharField(max_length=8)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "connect_state"


class WebhookDelivery(Model):
    """Deliveries already accepted, so a replayed webhook is refused."""

    id = fields.IntField(primary_key=True)
    plugin = fields.CharField(max_length=40)
    delivery_id = fields.CharField(max_length=200)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "webhook_delivery"
        unique_together = (("plugin", "delivery_id"),)


class PolicyVersion(Model):
    """A published version of the privacy policy (global: one policy for every region)."""

    version = fields.CharField(max_length=40, primary_key=True)
    published_at = fields.DatetimeField()
    summary = fields.TextField()
    material = fields.BooleanField(default=False)

    class Meta:
        table = "policy_version"


class AccessGrant(Model):
    """A privacy officer let a support admin see a subject's unmasked data until ``expires_at``."""

    id = fields.UUIDField(primary_key=True)
    grantee_id = fields.UUIDField(db_index=True)
    subject_id = fields.UUIDField(db_index=True)
    granted_by = fields.UUIDField()
    reason = fields.TextField()
    expires_at = fields.DatetimeField()
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "access_grant"
