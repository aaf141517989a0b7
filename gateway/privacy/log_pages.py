"""Keyset pages over a privacy log kept in both regions (audit events, transfers), newest first.

Each region answers its own top ``first + 1`` rows after the cursor; merging those and cutting at
``first`` gives the global page without ever reading a region twice for the same rows.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from gateway.db import conn
from gateway.models import AuditEvent, Transfer
from gateway.services.paging import Page, decode_cursor, encode_cursor, page_size

__all__ = ["merged_page"]

# When rows are kept by a Python predicate (a category inside a JSON list, which SQLite cannot
# index), a region is read in chunks of at least this many rows until the page is full.
_SCAN_CHUNK = 200


R = TypeVar("R", AuditEvent, Transfer)


async def _region_rows(query: QuerySet[Any], size: int, after: tuple[Any, Any] | None,
                       keep: Callable[[Any], bool] | None) -> list[Any]:
    chunk = size + 1 if keep is None else max(size + 1, _SCAN_CHUNK)
    rows: list[Any] = []
    cursor = after
    while len(rows) <= size:
        page = query
        if cursor is not None:
            at, row_id = cursor
            page = page.filter(Q(at__lt=at) | Q(at=at, id__lt=row_id))
        batch = await page.order_by("-at", "-id").limit(chunk)
        rows += batch if keep is None else [r for r in batch if keep(r)]
        if len(batch) < chunk:
            break
        cursor = (batch[-1].at, batch[-1].id)
    return rows[: size + 1]


async def merged_page(queries: Mapping[str, QuerySet[R]], *, first: int | None,
                      after: str | None, keep: Callable[[R], bool] | None = None) -> Page[R]:
    """A page of the rows of ``queries`` (region -> filtered query), newest first."""
    size = page_size(first)
    cursor = decode_cursor(after) if after else None
    rows: list[R] = []
    for region, query in queries.items():
        rows += await _region_rows(query.using_db(conn(region)), size, cursor, keep)
    rows.sort(key=lambda r: (r.at, r.id), reverse=True)
    items = rows[:size]
    return Page(items=items, has_next_page=len(rows) > size,
                cursor_of=lambda r: encode_cursor(r.at, r.id))
