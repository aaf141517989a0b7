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
