"""Reads of ``@sensitive`` fields, noted on the request's context as they resolve.

Only the fields that carry ``@sensitive`` note anything (their ``FieldRules`` extension calls
``note_read``), so every other field resolves without an audit wrapper; ``AuditReads`` writes the
operation's reads when it ends.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import strawberry

from gateway.auth.principal import ANONYMOUS, Principal
from gateway.errors import SellergateError
from schema.context import Context

__all__ = ["caller", "note_read", "note_reads"]


def caller(context: Context) -> Principal:
    """The caller for the audit: a bad token leaves the caller unknown, the read still counts."""
    try:
        return context.principal
    except SellergateError:
        return ANONYMOUS


def _may_have_region(kind: type) -> bool:
    """Whether objects of ``kind`` may have a ``region`` attribute: all but the dataclasses
    (Strawberry's types) that declare none (``Buyer``), whose objects would raise and catch
    an ``AttributeError`` for each read noted."""
    fields = getattr(kind, "__dataclass_fields__", None)
    return fields is None or "region" in fields or hasattr(kind, "region") or hasattr(
        kind, "__getattr__")


def note_read(source: Any, info: strawberry.Info, category: str, value: Any) -> None:
    """Note that ``value`` of the field being resolved on ``source`` was served.

    A null value discloses nothing, and a source that names no subject is not personal data.
    """
    note_reads([source], [value], info, category)


def note_reads(sources: Sequence[Any], values: Sequence[Any], info: strawberry.Info,
               category: str) -> None:
    """``note_read`` for the objects of a level and their values (an exception is no read):
    the field's names are read once, not once per object."""
    context: Context = info.context
    parent = str(info.path.typename)  # the object type the field belongs to
    kind, field = parent.lower(), f"{parent}.{info.field_name}"
    regions = context.subject_regions
    note = context.reads.note
    fallback: str | None = None
    placed: dict[type, bool] = {}  # per class: whether its objects may say their region
    for source, value in zip(sources, values, strict=True):
        subject_id = getattr(source, "subject_id", None)
        if value is None or isinstance(value, Exception) or not isinstance(subject_id,
                                                                          uuid.UUID):
            continue
        kind_of = source.__class__
        may = placed.get(kind_of)
        if may is None:
            may = placed[kind_of] = _may_have_region(kind_of)
        region = (getattr(source, "region", None) if may else None) or regions.get(subject_id)
        if region is None:  # a seller's data lives in the seller's region
            if fallback is None:
                fallback = caller(context).region
            region = fallback
        note(subject_id, kind, region, category, field)
