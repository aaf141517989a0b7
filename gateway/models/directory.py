"""The small global directory: which region holds an account, found by its email's blind index."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from gateway.models.base import Model


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


class Incident(Model):
    """A security incident: its scope, what we tell the people affected, and its timeline."""

    id = fields.UUIDField(primary_key=True)
    description = fields.TextField()
    detected_at = fields.DatetimeField()
    opened_by = fields.UUIDField()
    categories: fields.JSONField[list[str]] = fields.JSONField(default=list)
    regions: fields.JSONField[list[str]] = fields.JSONField(default=list)
    window_from = fields.DatetimeField()
    window_to = fields.DatetimeField()
    likely_impact = fields.TextField(default="")
    actions_taken = fields.TextField(default="")
    actions_planned = fields.TextField(default="")
    advice = fields.TextField(default="")
    remedies = fields.TextField(default="")
    state = fields.CharField(max_length=20, default="open")  # open, notifying, notified
    affected = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "incident"


class IncidentNotification(Model):
    """One affected subject's notice through one channel, and whether it was delivered."""

    id = fields.UUIDField(primary_key=True)
    incident_id = fields.UUIDField(db_index=True)
    subject_id = fields.UUIDField()
    region = fields.CharField(max_length=8)
    channel = fields.CharField(max_length=20)
    status = fields.CharField(max_length=20, default="pending")  # pending, sent, failed
    attempts = fields.IntField(default=0)
    error = fields.TextField(default="")
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = "incident_notification"
        unique_together = (("incident_id", "subject_id", "channel"),)


class IncidentEvent(Model):
    """The incident's timeline: every step, when, by whom."""

    id = fields.IntField(primary_key=True)
    incident_id = fields.UUIDField(db_index=True)
    at = fields.DatetimeField(auto_now_add=True)
    kind = fields.CharField(max_length=40)
    detail = fields.TextField(default="")

    class Meta:
        table = "incident_event"
