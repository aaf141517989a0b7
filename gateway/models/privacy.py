"""The privacy engine's records: consent ledger, policy acceptances, data keys, audit, transfers,
guardian verifications. They hold identifiers and categories, never the personal values."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class ConsentRecord(Model):
    """One consent decision. Append-only: the latest record per (subject, purpose) is in force."""

    id = fields.UUIDField(primary_key=True)
    subject_id = fields.CharField(max_length=64, db_index=True)  # account id, or cookie id
    subject_type = fields.CharField(max_length=20, default="account")  # account | visitor
    purpose = fields.CharField(max_length=60)
    granted = fields.BooleanField()
    policy_version = fields.CharField(max_length=40)
    source = fields.CharField(max_length=40)  # signup, web, mobile, email_link, cookie_banner ...
    ip = fields.CharField(max_length=64, default="")
    cookie_id = fields.CharField(max_length=100, default="")
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)

    class Meta:
        table = "consent_record"
        indexes = (("subject_id", "purpose", "created_at"),)


class PolicyAcceptance(Model):
    """An account accepted a version of the privacy policy."""

    id = fields.UUIDField(primary_key=True)
    account_id = fields.UUIDField(db_index=True)
    version = fields.CharField(max_length=40)
    accepted_at = fields.DatetimeField(auto_now_add=True)
    ip = fields.CharField(max_length=64, default="")

    class Meta:
        table = "policy_acceptance"
        unique_together = (("account_id", "version"),)


class DataKey(Model):
    """A subject's data key, wrapped by a keyring master key. Destroying it shreds the data."""

    subject_id = fields.UUIDField(primary_key=True)
    subject_type = fields.CharField(max_length=20)  # account | buyer
    master_key_id = fields.CharField(max_length=40)
    wrapped_key = fields.TextField()
    created_at = fields.DatetimeField(auto_now_add=True)
    rotated_at = fields.DatetimeField(null=True)

    class Meta:
        table = "data_key"


class AuditEvent(Model):
    """Who touched whose personal data, which categories, for what purpose (never the values)."""

    id = fields.UUIDField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True, db_index=True)
    actor_id = fields.UUIDField(null=True, db_index=True)
    actor_role = fields.CharField(max_length=20, default="")
    action = fields.CharField(max_length=60)  # read, admin:<operation>, export, erase ...
    subject_id = fields.UUIDField(null=True, db_index=True)
    subject_type = fields.CharField(max_length=20, default="")
    categories: fields.JSONField[list[str]] = fields.JSONField(default=list)
    purpose = fields.CharField(max_length=60, default="")
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        table = "audit_event"


class Transfer(Model):
    """Personal data of a subject read by a process serving another region."""

    id = fields.UUIDField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True, db_index=True)
    subject_id = fields.UUIDField(db_index=True)
    categories: fields.JSONField[list[str]] = fields.JSONField(default=list)
    from_region = fields.CharField(max_length=8)
    to_region = fields.CharField(max_length=8)
    safeguard = fields.CharField(max_length=20)  # scc | adequacy
    purpose = fields.CharField(max_length=60, default="")
    actor_id = fields.UUIDField(null=True)

    class Meta:
        table = "transfer"


class GuardianVerification(Model):
    """A child account waiting for (or holding) its guardian's verified consent."""

    id = fields.UUIDField(primary_key=True)
    account_id = fields.UUIDField(unique=True)
    guardian_email = fields.TextField()  # sealed under the child's data key
    code_hash = fields.CharField(max_length=64)
    expires_at = fields.DatetimeField()
    attempts = fields.IntField(default=0)
    verified_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "guardian_verification"
