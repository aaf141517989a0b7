"""Reads of ``@sensitive`` fields, noted on the request's context as they resolve.

Only the fields that carry ``@sensitive`` note anything (their ``FieldRules`` extension calls
``note_read``), so every other field resolves without an audit wrapper; ``AuditReads`` writes the
operation's reads when it ends.
"""

from __future__ import annotations

import uuid
from typing import Any

import strawberry

from gateway.auth.principal import ANONYMOUS, Principal
from gateway.errors import SellergateError
from gateway.privacy.audit import Read, Subject
from schema.context import Context

__all__ = ["caller", "note_read"]


def caller(context: Context) -> Principal:
    """The caller for the audit: a bad token leaves the caller unknown, the read still counts."""
    try:
        return context.principal
    except SellergateError:
        return ANONYMOUS


def note_read(source: Any, info: strawberry.Info, category: str, value: Any) -> None:
    """Note that ``value`` of the field being resolved on ``source`` was served.

    A null value discloses nothing, and a source that names no subject is not personal data.
    """
    subject_id = getattr(source, "subject_id", None)
    if value is None or not isinstance(subject_id, uuid.UUID):
        return
    context: Context = info.context
    region = getattr(source, "region", None) or context.subject_regions.get(subject_id)
    if region is None:
        region = caller(context).region  # a seller's data lives in the seller's region
    parent = str(info.path.typename)  # the object type the field belongs to
    subject = Subject(id=subject_id, type=parent.lower(), region=region)
    context.reads.add(Read(subject=subject, category=category,
                           field=f"{parent}.{info.field_name}"))
