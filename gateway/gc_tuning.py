"""Garbage-collector settings for a serving process, applied once it has started.

A GraphQL answer allocates thousands of short-lived objects (one per resolved field and more);
with CPython's default thresholds (a young collection every 700 allocations, an old one every
100 young ones) a loaded server spends a large share of its time scanning the long-lived objects
of its start-up — the schema, the ORM's models, imported modules — again and again. Freezing
what exists after start-up moves those objects out of every later scan, and a larger young
generation collects less often; reference cycles are still collected. ``benchmarks/`` measures it
(the read path, ``make bench``).

The young threshold counts tracked objects allocated and not yet freed. A request frees what it
allocated once it is answered (``tests/gateway/test_request_memory.py`` keeps it free of cycles),
so the count grows with the requests in flight: 32 concurrent answers of a page of orders cross
50,000 every few requests — each young pass then scans live answers only to promote them, about
a millisecond of collector time per request — and stay under 200,000. Garbage cycles (error
paths keep some) still fill the count and get collected.
"""

from __future__ import annotations

import gc

__all__ = ["tune_for_serving"]

YOUNG_THRESHOLD = 200_000
MIDDLE_THRESHOLD = 20
OLD_THRESHOLD = 100


def tune_for_serving() -> None:
    """Freeze the start-up heap and raise the collection thresholds (call once, at start-up)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, MIDDLE_THRESHOLD, OLD_THRESHOLD)
