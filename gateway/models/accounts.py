"""Accounts of sellers, their staff and admins; refresh tokens."""

from __future__ import annotations

from enum import StrEnum

from tortoise import fields

from gateway.models.base import Model


class Role(StrEnum):
    OWNER = "owner"
    STAFF = "staff"
    SUPPORT = "support"
    PRIVACY_OFFICER = "privacy_officer"
    SUPERADMIN = "superadmin"


class Account(Model):
    id = fields.UUIDField(primary_key=True)
    role = fields.CharEnumField(Role, max_length=20, default=Role.OWNER)
    # email, name and mobile hold AES-GCM ciphertext under the account's data key (vault).
    email = fields.TextField()
    email_index = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=255)
    name = fields.TextField()
    nickname = fields.CharField(max_length=100, default="")
    mobile = fields.TextField(default="")
    country = fields.CharField(max_length=2)
    birth_date = fields.DateField(null=True)
    restricted = fields.BooleanField(default=False, description="child awaiting guardian consent")
    is_active = fields.BooleanField(default=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "account"


class StaffMember(Model):
    """A staff account working for a seller, with the permissions the seller granted it."""

    id = fields.UUIDField(primary_key=True)
    seller: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "regional.Account", related_name="staff", on_delete=fields.CASCADE, db_index=True
    )
    account: fields.OneToOneRelation[Account] = fields.OneToOneField(
        "regional.Account", related_name="staff_membership", on_delete=fields.CASCADE
    )
    permissions: fields.JSONField[list[str]] = fields.JSONField(default=list)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "staff_member"


class RefreshToken(Model):
    """A refresh token, kept only as its SHA-256; a family is one login's chain of rotations."""

    id = fields.UUIDField(primary_key=True)
    account: fields.ForeignKeyRelation[Account] = fields.ForeignKeyField(
        "regional.Account", related_name="refresh_tokens", on_delete=fields.CASCADE,
        db_index=True,
    )
    family = fields.UUIDField(db_index=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    revoked_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "refresh_token"
