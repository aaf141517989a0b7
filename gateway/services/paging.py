"""Keyset pagination: opaque cursors over (timestamp, id) and the page they cut."""

from __future__ import annotations

import base64
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter
from typing import Generic, TypeVar

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.models import Model

from gateway.db import select_rows, with_fields
from gateway.errors import BadInput

__all__ = ["MAX_PAGE_SIZE", "Page", "Where", "decode_cursor", "encode_cursor", "group_by",
           "newest_first", "page_size"]

T = TypeVar("T")
M = TypeVar("M", bound=Model)
MAX_PAGE_SIZE = 200


@dataclass(frozen=True, slots=True)
class Page(Generic[T]):
    """A page of rows, and how to write the cursor that follows a row: a cursor is written
    when it is asked for (most pages are served without one per row)."""

    items: list[T]
    has_next_page: bool
    cursor_of: Callable[[T], str]

    def cursor(self, index: int) -> str:
        """The cursor after ``items[index]``."""
        return self.cursor_of(self.items[index])

    @property
    def cursors(self) -> list[str]:
        return [self.cursor_of(item) for item in self.items]

    @property
    def end_cursor(self) -> str | None:
        return self.cursor_of(self.items[-1]) if self.items else None


def encode_cursor(at: datetime, row_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{at.isoformat()}|{row_id}".encode()).decode()


def decode_cursor(cursor: str) -> tuple[datetime, uuid.UUID]:
    try:
        at, _, row_id = base64.urlsafe_b64decode(cursor.encode()).decode().partition("|")
        return datetime.fromisoformat(at), uuid.UUID(row_id)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadInput("cursor is not one this API returned", field="after") from exc


class Where:
    """The conditions of a ``select_models`` statement on one table, written as they are
    added: ``Where("order").equals("seller_id", seller)``."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.conditions: list[str] = []
        self.params: list[object] = []

    def param(self, value: object) -> str:
        """A placeholder for ``value``."""
        self.params.append(value)
        return f"{{p{len(self.params)}}}"

    def column(self, name: str) -> str:
        return f'"{self.table}"."{name}"'

    def compare(self, column: str, operator: str, value: object) -> Where:
        self.conditions.append(f"{self.column(column)} {operator} {self.param(value)}")
        return self

    def equals(self, column: str, value: object) -> Where:
        return self.compare(column, "=", value)

    def text(self) -> str:
        return " AND ".join(self.conditions) or "TRUE"


async def newest_first(model: type[M], db: BaseDBAsyncClient, where: Where, *,
                       time_column: str, first: int | None, after: str | None,
                       fields: Sequence[str] | None = None) -> Page[M]:
    """A page of ``model``'s rows matching ``where``, ordered by (``time_column``, id)
    descending, after ``after``: one statement, its text built once per set of conditions.
    The rows are for reading (``gateway.db.select_rows``): ``fields`` of them (all by
    default), and the two the cursor is made of.
    ``where`` is the caller's to give away: the cursor's condition and the limit are added
    to it."""
    size = page_size(first)
    if after:
        at, row_id = decode_cursor(after)
        moment = where.param(at)
        where.conditions.append(
            f"({where.column(time_column)} < {moment} OR ({where.column(time_column)} = "
            f"{moment} AND {where.column('id')} < {where.param(row_id)}))")
    limit = where.param(size + 1)
    fields = with_fields(fields, None, time_column, "id")
    rows = await select_rows(
        model, db, f"WHERE {where.text()} ORDER BY {where.column(time_column)} DESC, "
        f"{where.column('id')} DESC LIMIT {limit}", None, *where.params, fields=fields)
    time_of = attrgetter(time_column)
    return Page(rows[:size], len(rows) > size, lambda row: encode_cursor(time_of(row), row.pk))


def group_by(rows: Iterable[T], column: str) -> dict[uuid.UUID, list[T]]:
    """Rows of a batched look-up, grouped by their attribute ``column`` for a dataloader
    (order kept). Rows in runs of the same key (the statement orders by it first) cost a
    comparison each, and a key's hash once per run: a fresh UUID's first hash is about a
    quarter of a microsecond, and a page groups hundreds of rows. Any order groups right."""
    grouped: dict[uuid.UUID, list[T]] = {}
    key = attrgetter(column)  # read in C
    last: object = _NO_KEY
    bucket: list[T] = []
    for row in rows:
        value = key(row)
        if value != last:
            found = grouped.get(value)
            if found is None:
                found = grouped[value] = []
            bucket, last = found, value
        bucket.append(row)
    return grouped


_NO_KEY = object()


def page_size(first: int | None, default: int = 20) -> int:
    size = default if first is None else first
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise BadInput(f"first must be between 1 and {MAX_PAGE_SIZE}", field="first")
    return size
