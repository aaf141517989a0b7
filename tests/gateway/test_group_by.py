"""``group_by``: the rows of a batched look-up per key, in their order, whatever their order."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from gateway.services.paging import group_by

KEYS = [uuid.UUID(int=n) for n in range(4)]


@dataclass(frozen=True)
class Row:
    order_id: uuid.UUID
    n: int


@given(st.lists(st.sampled_from(KEYS), max_size=30))
def test_rows_are_grouped_per_key_in_their_order(keys):
    rows = [Row(uuid.UUID(str(key)), n) for n, key in enumerate(keys)]  # equal, not the same
    grouped = group_by(rows, "order_id")
    expected: dict[uuid.UUID, list[Row]] = {}
    for row in rows:
        expected.setdefault(row.order_id, []).append(row)
    assert grouped == expected
    assert list(grouped) == list(expected)  # keys in order of first appearance
    # Sorted by key first (as the loaders' statements are): the same groups.
    assert group_by(sorted(rows, key=lambda r: r.order_id), "order_id") == expected
