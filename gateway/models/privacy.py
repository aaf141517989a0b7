"""The privacy engine's records: consent ledger, policy acceptances, data keys, audit, transfers,
guardian verifications. They hold identifiers and categories, never the personal values."""

from __future__ import annotations

from typing import Any

from tortoise import fields

from gateway.models.base import Model


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


class PrivacyRequest(Model):
    """A data-subject request, from receipt to completion or a reasoned refusal."""

    id = fields.UUIDField(primary_key=True)
    kind = fields.CharField(max_length=30)
    state = fields.CharField(max_length=30, default="received", db_index=True)
    subject_type = fields.CharField(max_length=20, default="account")  # account | buyer | store
    subject_id = fields.UUIDField(db_index=True)
    requester_id = fields.UUIDField(null=True)  # the account that asked (owner, guardian, admin)
    source = fields.CharField(max_length=40, default="self_service")  # self_service, shopify ...
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    code_hash = fields.CharField(max_length=64, default="")
    code_expires_at = fields.DatetimeField(null=True)
    code_attempts = fields.IntField(default=0)
    verified_at = fields.DatetimeField(null=True)
    due_at = fields.DatetimeField(null=True, db_index=True)
    reminded_at = fields.DatetimeField(null=True)
    breach_at = fields.DatetimeField(null=True)
    refusal_reason = fields.CharField(max_length=40, default="")
    refusal_detail = fields.TextField(default="")
    job_id = fields.UUIDField(null=True)
    result: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    created_at = fields.DatetimeField(auto_now_add=True, db_index=True)
    updated_at = fields.DatetimeField(auto_now=True)
    completed_at = fields.DatetimeField(null=True)

    class Meta:
        table = "privacy_request"


class LegalHold(Model):
    """Data of a subject that must not be erased (litigation, investigation) until released."""

    id = fields.UUIDField(primary_key=True)
    subject_id = fields.UUIDField(db_index=True)
    reason = fields.TextField()
    placed_by = fields.UUIDField()
    created_at = fields.DatetimeField(auto_now_add=True)
    released_at = fields.DatetimeField(null=True)

    class Meta:
        table = "legal_hold"


class ExportFile(Model):
    """An encrypted export archive on disk; downloadable with a signed, expiring link."""

    id = fields.UUIDField(primary_key=True)
    request_id = fields.UUIDField(db_index=True)
    subject_id = fields.UUIDField()
    path = fields.TextField()
    master_key_id = fields.CharField(max_length=40)
    wrapped_key = fields.TextField()
    size = fields.BigIntField(default=0)
    sha256 = fields.CharField(max_length=64, default="")
    expires_at = fields.DatetimeField()
    downloads = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "export_file"


class TaxRecord(Model):
    """What the law makes us keep of an erased seller's orders: amounts, de-identified."""

    id = fields.UUIDField(primary_key=True)
    erasure_request_id = fields.UUIDField(db_index=True)
    order_ref = fields.CharField(max_length=64)  # keyed hash of the order id, not the id
    platform = fields.CharField(max_length=40)
    currency = fields.CharField(max_length=3)
    total = fields.DecimalField(max_digits=14, decimal_places=2)
    placed_on = fields.DateField()
    country = fields.CharField(max_length=2)

    class Meta:
        table = "tax_record"
        unique_together = (("erasure_request_id", "order_ref"),)


class ErasureReceipt(Model):
    """A downstream recipient's answer to our request to delete a subject's data."""

    id = fields.UUIDField(primary_key=True)
    request_id = fields.UUIDField(db_index=True)
    recipient = fields.CharField(max_length=80)
    status = fields.CharField(max_length=20)  # deleted | not_held | failed
    items = fields.IntField(default=0)
    detail = fields.TextField(default="")
    at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "erasure_receipt"
        unique_together = (("request_id", "recipient"),)
