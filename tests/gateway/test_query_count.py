"""Dataloaders keep the SQL count of the nested orders query constant whatever the page size."""

from __future__ import annotations

from gateway.db import counting_queries
from tests.factories import store_with_orders
from tests.gateway.test_orders import NESTED
from tests.graphql_client import gql, sign_up


async def test_nested_orders_query_uses_the_same_number_of_queries_at_5_and_50(
        client, settings, monkeypatch):
    # Every request reads its caller's account (not the one remembered from the request before).
    monkeypatch.setattr(settings, "principal_cache_seconds", 0)
    payload = await sign_up(client, "count@example.com")
    token, seller = payload["accessToken"], payload["account"]["id"]
    await store_with_orders("us", seller, 60, events_per_shipment=3)
    counts = {}
    for size in (5, 50):
        with counting_queries() as statements:
            result = await gql(client, NESTED, {"first": size}, token)
        assert not result.errors
        assert len(result.data["orders"]["edges"]) == size
        counts[size] = len(statements)
    assert counts[5] == counts[50], counts
    # principal, orders, items, buyers, shipments, events
    assert counts[5] <= 7, counts
