"""Jobs: the source of truth for background work; a broker message carries only a job's id."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from tortoise import fields

from gateway.models.base import Model


class JobState(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    SUCCEEDED = "succeeded"
    FAILED = "failed"


class Job(Model):
    id = fields.UUIDField(primary_key=True)
    kind = fields.CharField(max_length=60)
    seller_id = fields.UUIDField(null=True, db_index=True)
    state = fields.CharEnumField(JobState, max_length=20, default=JobState.QUEUED)
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    checkpoint: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    progress_done = fields.IntField(default=0)
    progress_total = fields.IntField(null=True)
    attempts = fields.IntField(default=0)
    error = fields.TextField(default="")
    heartbeat_at = fields.DatetimeField(null=True)
    enqueued_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "job"
        indexes = (("state", "heartbeat_at"),)
