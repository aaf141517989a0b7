"""Planned execution answers exactly what graphql-core's executor answers.

Every operation here runs twice over the same database — through an app with planned execution
(the default) and through one with ``SELLERGATE_GRAPHQL_PLANNED_EXECUTION=false`` — and the two
answers must be equal: data, errors (message, path, locations, code) and the audit rows written.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from gateway.app import create_app
from gateway.db import conn, counting_queries
from gateway.models import AuditEvent, Order
from schema.execution import STATS
from tests.factories import store_with_orders
from tests.gateway.test_orders import NESTED
from tests.graphql_client import LOG_IN, gql, sign_up

EVERYTHING = """
query Page($first: Int, $after: String) {
  __typename
  orders(first: $first, after: $after) {
    __typename
    pageInfo { hasNextPage endCursor }
    edges { cursor node { ...OrderParts ... on Order { total currency } } }
  }
  me { id email nickname role region restricted createdAt promotionsEmail
       policyAcceptanceRequired }
  stores { id platform name buyerDataAuthorized }
}
fragment OrderParts on Order {
  __typename id number status placedAt shipmentStatus deliveredAt
  lines: items { sku title quantity price }
  items { sku }
  store { name }
  buyer { id name phone email address { line1 line2 city province postalCode country } }
  shipments { id carrier trackingNumber status lastEventAt orderId
              events { time status description location } }
}"""
@pytest.fixture
async def stock(settings: Any) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app that runs every field through graphql-core's executor."""
    unplanned = settings.model_copy(update={"graphql_planned_execution": False})
    application = create_app(unplanned, manage_db=False, in_process_workers=False)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application, client=("203.0.113.8", 40000))
        async with httpx.AsyncClient(transport=transport,
                                     base_url="http://sellergate.test") as client:
            yield client


async def _audit_rows(region: str) -> list[tuple[Any, ...]]:
    rows = await AuditEvent.all().using_db(conn(region)).order_by("at").values_list(
        "action", "subject_id", "subject_type", "categories", "purpose")
    return [(a, str(s), t, tuple(sorted(c)), p) for a, s, t, c, p in rows]


async def both(client: httpx.AsyncClient, stock: httpx.AsyncClient, query: str,
               variables: dict[str, Any] | None = None, token: str | None = None,
               region: str = "us", planned: bool = True) -> Any:
    """Run ``query`` through both apps; assert equal answers and audit rows; return one."""
    before = STATS["planned"]
    audit_start = await _audit_rows(region)
    mine = await gql(client, query, variables, token)
    audit_planned = await _audit_rows(region)
    theirs = await gql(stock, query, variables, token)
    audit_stock = await _audit_rows(region)
    assert mine.status == theirs.status
    assert mine.data == theirs.data
    # Errors are equal as a set: the spec leaves their order to the executor.
    key = lambda e: json.dumps(e, sort_keys=True)  # noqa: E731
    assert sorted(mine.errors, key=key) == sorted(theirs.errors, key=key)
    # The same reads audited: the rows each request added, as multisets.
    assert Counter(audit_planned) - Counter(audit_start) == \
        Counter(audit_stock) - Counter(audit_planned)
    if planned:
        assert STATS["planned"] > before, "the planned app did not use a plan"
    return mine


async def _seller(client: httpx.AsyncClient, email: str) -> tuple[str, str]:
    payload = await sign_up(client, email)
    return payload["accessToken"], payload["account"]["id"]


async def test_a_page_of_orders_with_everything_answers_the_same(client, stock, settings):
    token, seller = await _seller(client, "planned@example.com")
    await store_with_orders("us", seller, 12, events_per_shipment=3)
    first = await both(client, stock, EVERYTHING, {"first": 5}, token)
    assert not [e for e in first.errors if e["extensions"]["code"] != "CONSENT_REQUIRED"]
    edges = first.data["orders"]["edges"]
    assert len(edges) == 5 and edges[0]["node"]["buyer"]["name"].startswith("Buyer")
    assert edges[0]["node"]["shipments"][0]["events"][2]["description"] == "scan 2"
    assert list(edges[0]["node"])[:3] == ["__typename", "id", "number"]  # the query's order
    after = first.data["orders"]["pageInfo"]["endCursor"]
    second = await both(client, stock, EVERYTHING, {"first": 10, "after": after}, token)
    assert len(second.data["orders"]["edges"]) == 7
    # A document with @skip/@include is planned for the request's variables.
    skipping = """query($skip: Boolean!) { orders(first: 2) { edges { node {
        id buyer @skip(if: $skip) { name } items @include(if: $skip) { sku } } } } }"""
    skipped = await both(client, stock, skipping, {"skip": True}, token)
    assert set(skipped.data["orders"]["edges"][0]["node"]) == {"id", "items"}
    kept = await both(client, stock, skipping, {"skip": False}, token)
    assert set(kept.data["orders"]["edges"][0]["node"]) == {"id", "buyer"}


async def test_refused_fields_and_failing_fields_answer_the_same(client, stock, settings):
    token, seller = await _seller(client, "boss-planned@example.com")
    await store_with_orders("us", seller, 3)
    added = await gql(client, """mutation { addStaffMember(input: {email: "clerk-p@example.com",
        password: "clerk-password-1", name: "Clerk", permissions: ["orders:read"]}) { id } }""",
        token=token)
    assert not added.errors, added.errors
    login = await gql(client, LOG_IN, {"email": "clerk-p@example.com",
                                       "password": "clerk-password-1"})
    staff = login.data["logIn"]["accessToken"]
    refused = await both(client, stock, NESTED, {"first": 3}, staff)
    assert set(refused.codes()) == {"FORBIDDEN"} and len(refused.errors) == 12
    # A failing non-null root field nulls the whole answer.
    bad_page = await both(client, stock, "{ orders(first: 0) { edges { cursor } } }",
                          token=token)
    assert bad_page.data is None and bad_page.codes() == ["BAD_USER_INPUT"]
    missing = await both(client, stock, """query($id: ID!) { stores { id } order(id: $id) {
        id } }""", {"id": "00000000-0000-0000-0000-000000000000"}, token)
    assert missing.data is None and missing.codes() == ["NOT_FOUND"]
    # One order, and its shipments' events through their own loader.
    order = await Order.filter(seller_id=seller).using_db(conn("us")).first()
    assert order is not None
    one = await both(client, stock, """query($id: ID!) { order(id: $id) { number
        buyer { name email } } }""", {"id": str(order.id)}, token)
    assert one.data["order"]["buyer"]["email"].endswith("@example.com")
    parcels = await both(client, stock, """{ shipments(first: 3) { edges { node {
        trackingNumber events { time status } } } } }""", token=token)
    assert len(parcels.data["shipments"]["edges"]) == 3
    # No caller: every field needing one fails, the same way.
    anonymous = await both(client, stock, NESTED, {"first": 1})
    assert anonymous.data is None and anonymous.codes() == ["UNAUTHENTICATED"]
    # Not executed at all: a validation error.
    invalid = await both(client, stock, "{ orders { edges { nope } } }", token=token,
                         planned=False)
    assert invalid.codes() == ["GRAPHQL_VALIDATION_FAILED"] or invalid.errors


async def test_batched_fields_fail_and_share_loads_as_per_object_resolvers_do(
        client, stock, settings, monkeypatch):
    """``Order.items``, ``buyer``, ``store`` and ``shipments`` resolve a level at once under
    plans (``schema.loaders.batched``): a failing load fails each order's field the same way,
    aliases of one field share one load, and the SQL stays one statement per kind of row."""
    from gateway.services import orders as order_service
    from gateway.services import stores as store_service
    from schema.execution import STATS

    token, seller = await _seller(client, "batched@example.com")
    await store_with_orders("us", seller, 4)
    query = """{ orders(first: 4) { edges { node { number
        items { sku } lines: items { sku title } store { name } buyer { name }
        shipments { trackingNumber events { status } } parcels: shipments { status } } } } }"""
    before = STATS["batched"]
    fine = await both(client, stock, query, token=token)
    assert not fine.errors and STATS["batched"] > before
    node = fine.data["orders"]["edges"][0]["node"]
    assert [i["sku"] for i in node["items"]] == [i["sku"] for i in node["lines"]]

    async def broken(*_args: Any) -> Any:
        raise RuntimeError("store down")

    # A nullable field (Order.store): each order's field fails, the rest of the page stays.
    monkeypatch.setattr(store_service, "stores_by_ids", broken)
    failed = await both(client, stock, query, token=token)
    assert [e["path"] for e in failed.errors] == [
        ["orders", "edges", n, "node", "store"] for n in range(4)]
    assert all(e["node"]["store"] is None and e["node"]["buyer"]["name"]
               for e in failed.data["orders"]["edges"])
    # A non-null one (Order.items): the error nulls up to the root, as graphql-core's does.
    monkeypatch.undo()
    monkeypatch.setattr(order_service, "items_for_orders", broken)
    nulled = await both(client, stock, query, token=token)
    assert nulled.data is None and nulled.codes() == ["INTERNAL_SERVER_ERROR"]


# Each field of the row-served types alone, under the nesting it needs: the planned app's
# loaders select only that field's columns (``schema.columns``), graphql-core's whole rows.
_ALONE = {
    "Order": "orders(first: 4) {{ edges {{ node {{ {} }} }} }}",
    "Shipment": "orders(first: 4) {{ edges {{ node {{ shipments {{ {} }} }} }} }}",
    "TrackingEvent": "orders(first: 4) {{ edges {{ node {{ shipments {{ events {{ {} }} }} }} "
                     "}} }}",
    "Buyer": "orders(first: 4) {{ edges {{ node {{ buyer {{ {} }} }} }} }}",
}
_SUBSELECTION = {"store": "store { name }", "items": "items { sku }",
                 "buyer": "buyer { id }", "shipments": "shipments { id }",
                 "events": "events { time }", "address": "address { city }"}


async def test_narrowed_rows_answer_what_whole_rows_answer(client, stock, settings):
    from schema.columns import ROW_COLUMNS

    token, seller = await _seller(client, "narrow@example.com")
    await store_with_orders("us", seller, 5, events_per_shipment=2)
    for type_name, (_always, reads) in ROW_COLUMNS.items():
        for field in reads:
            selection = _ALONE[type_name].format(_SUBSELECTION.get(field, field))
            answer = await both(client, stock, "{ " + selection + " }", token=token)
            assert answer.data["orders"]["edges"], (type_name, field)
    # Together, with aliases and fragments: the union of what each asks for.
    mixed = """{ orders(first: 3) { edges { cursor node { ...A n: number
        a: shipments { carrier } b: shipments { events { location } } } } } }
        fragment A on Order { total shipments { trackingNumber events { description } } }"""
    assert (await both(client, stock, mixed, token=token)).data["orders"]["edges"]


async def test_a_query_selects_only_the_columns_its_fields_read(client, settings):
    """On PostgreSQL (SQLite's rows are whole model instances, so this and the test above
    check narrowing on the PostgreSQL leg only)."""
    token, seller = await _seller(client, "columns@example.com")
    await store_with_orders("us", seller, 2)
    narrow = """{ orders(first: 2) { edges { node { status
        shipments { status events { time } } buyer { name } } } } }"""
    with counting_queries() as statements:
        answer = await gql(client, narrow, token=token)
    assert not answer.errors, answer.errors
    if settings.database_url("us").startswith("sqlite"):
        return  # SQLite reads whole model instances (gateway.db.select_rows)
    sql = "\n".join(statements)
    for column in ('"number"', '"currency"', '"carrier"', '"description"', '"location"',
                   '"email"', '"phone"'):
        assert column not in sql, column
    for column in ('"status"', '"time"', '"name"', '"buyer_id"', '"placed_at"'):
        assert column in sql, column
    # Anything not understood to read rows only as schema.columns says: whole rows.
    other = narrow.replace("buyer { name } } } } }", "buyer { name } } } } "
                           "currentPolicy { __typename } }")
    with counting_queries() as statements:
        assert not (await gql(client, other, token=token)).errors
    assert '"description"' in "\n".join(statements)
    # A batch of operations shares its loaders: whole rows.
    body = [{"query": narrow}, {"query": "{ orders(first: 2) { edges { node { number } } } }"}]
    with counting_queries() as statements:
        batch = await client.post("/graphql", json=body,
                                  headers={"Authorization": f"Bearer {token}"})
    assert batch.status_code == 200, batch.text
    assert all("errors" not in one for one in batch.json()), batch.json()
    assert '"description"' in "\n".join(statements)
