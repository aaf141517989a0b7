"""Keyset pagination: opaque cursors over (timestamp, id) and the page they cut."""

from __future__ import annotations

import base64
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

from gateway.db import read_models
from gateway.errors import BadInput

__all__ = ["MAX_PAGE_SIZE", "Page", "decode_cursor", "encode_cursor", "group_by", "newest_first",
           "page_size"]

T = TypeVar("T")
M = TypeVar("M", bound=Model)
MAX_PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    items: list[T]
    cursors: list[str]
    has_next_page: bool


def encode_cursor(at: datetime, row_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{row_id}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        at, _, row_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return datetime.fromisoformat(at), uuid.UUID(row_id)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput("cursor is not one this API returned", field="after") from exc


async def newest_first(query: QuerySet[M], db: BaseDBAsyncClient, *, time_field: str,
                       first: int | None, after: str | None) -> Page[M]:
    """A page of ``query`` ordered by (``time_field``, id) descending, after ``after``."""
    size = page_size(first)
    if after:
        at, row_id = decode_cursor(after)
        before: dict[str, object] = {f"{time_field}__lt": at}
        tie: dict[str, object] = {time_field: at, "id__lt": row_id}
        query = query.filter(Q(**before) | Q(**tie))  # type: ignore[arg-type]
    rows = await read_models(
        query.using_db(db).order_by(f"-{time_field}", "-id").limit(size + 1))
    items = rows[:size]
    return Page(items, [encode_cursor(getattr(r, time_field), r.pk) for r in items],
                len(rows) > size)


def group_by(rows: Iterable[T], key: Callable[[T], uuid.UUID]) -> dict[uuid.UUID, list[T]]:
    """Rows of a batched look-up, grouped for a dataloader (order kept)."""
    grouped: dict[uuid.UUID, list[T]] = defaultdict(list)
    for row in rows:
        grouped[key(row)].append(row)
    return grouped


def page_size(first: int | None, default: int = 20) -> int:
    size = default if first is None else first
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise BadInput(f"first must be between 1 and {MAX_PAGE_SIZE}", field="first")
    return size
