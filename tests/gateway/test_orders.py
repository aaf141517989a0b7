"""Orders, stores and shipments over GraphQL: pagination, filters, tenant isolation, field rules."""

from __future__ import annotations

from gateway.db import conn
from gateway.models import Account, OrderStatus
from tests.factories import store_with_orders
from tests.graphql_client import LOG_IN, gql, sign_up

ORDERS = """
query($first: Int, $after: String, $filter: OrderFilter) {
  orders(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id number status total store { id name } } }
    pageInfo { hasNextPage endCursor }
  }
}"""
NESTED = """
query($first: Int) {
  orders(first: $first) { edges { node {
    id number
    items { sku title quantity price }
    buyer { id name phone email address { city country } }
    shipments { trackingNumber status events { time status } }
  } } }
}"""


async def _seller(client, email: str, country: str = "US") -> tuple[str, str, str]:
    payload = await sign_up(client, email, country=country)
    return payload["accessToken"], payload["account"]["id"], payload["account"]["region"]


async def test_orders_are_paginated_newest_first_without_gaps(client, settings):
    token, seller, region = await _seller(client, "pager@example.com")
    await store_with_orders(region, seller, 23)
    seen, after = [], None
    while True:
        page = await gql(client, ORDERS, {"first": 10, "after": after}, token)
        assert not page.errors
        seen += [e["node"]["number"] for e in page.data["orders"]["edges"]]
        info = page.data["orders"]["pageInfo"]
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert seen == [f"#{1000 + n}" for n in reversed(range(23))]
    # Each edge's cursor continues after its own order; the last one is the end cursor.
    page = await gql(client, ORDERS, {"first": 4}, token)
    edges, info = page.data["orders"]["edges"], page.data["orders"]["pageInfo"]
    assert edges[-1]["cursor"] == info["endCursor"]
    rest = await gql(client, ORDERS, {"first": 2, "after": edges[1]["cursor"]}, token)
    assert [e["node"]["number"] for e in rest.data["orders"]["edges"]] == seen[2:4]


async def test_orders_filter_by_store_status_and_date(client, settings):
    token, seller, region = await _seller(client, "filter@example.com")
    first = await store_with_orders(region, seller, 5)
    await store_with_orders(region, seller, 4, platform="amazon", status=OrderStatus.CANCELLED)
    by_store = await gql(client, ORDERS, {"filter": {"storeId": str(first.id)}}, token)
    assert len(by_store.data["orders"]["edges"]) == 5
    by_status = await gql(client, ORDERS, {"filter": {"status": "CANCELLED"}}, token)
    assert len(by_status.data["orders"]["edges"]) == 4
    by_date = await gql(client, ORDERS, {"filter": {"placedFrom": "2026-10-01T02:00:00+00:00",
                                                    "placedTo": "2026-10-01T04:00:00+00:00"}}, token)
    assert sorted(e["node"]["number"] for e in by_date.data["orders"]["edges"]) == [
        "#1002", "#1002", "#1003", "#1003"]


async def test_bad_pagination_arguments_are_refused(client, settings):
    token, *_ = await _seller(client, "badpage@example.com")
    too_many = await gql(client, ORDERS, {"first": 1000}, token)
    assert too_many.codes() == ["BAD_USER_INPUT"]
    bad_cursor = await gql(client, ORDERS, {"after": "definitely-not-a-cursor"}, token)
    assert bad_cursor.codes() == ["BAD_USER_INPUT"]


async def test_nested_order_query_returns_items_buyer_and_tracking(client, settings):
    token, seller, region = await _seller(client, "nested@example.com")
    await store_with_orders(region, seller, 3)
    result = await gql(client, NESTED, {"first": 3}, token)
    assert not result.errors
    node = result.data["orders"]["edges"][0]["node"]
    assert len(node["items"]) == 2
    assert node["buyer"]["name"].startswith("Buyer ")
    assert node["buyer"]["address"]["city"] == "Austin"
    assert len(node["shipments"][0]["events"]) == 2


async def test_a_seller_never_sees_another_sellers_orders(client, settings):
    token_a, seller_a, region_a = await _seller(client, "a@example.com")
    token_b, *_ = await _seller(client, "b@example.cn", country="CN")
    store = await store_with_orders(region_a, seller_a, 2)
    listing = await gql(client, ORDERS, {}, token_a)
    order_id = listing.data["orders"]["edges"][0]["node"]["id"]
    assert (await gql(client, ORDERS, {}, token_b)).data["orders"]["edges"] == []
    other = await gql(client, "query($id: ID!) { order(id: $id) { id } }", {"id": order_id},
                      token_b)
    assert other.codes() == ["NOT_FOUND"]
    same_region_c, *_ = await _seller(client, "c@example.com")
    other_c = await gql(client, "query($id: ID!) { order(id: $id) { id } }", {"id": order_id},
                        same_region_c)
    assert other_c.codes() == ["NOT_FOUND"]
    by_store = await gql(client, ORDERS, {"filter": {"storeId": str(store.id)}}, same_region_c)
    assert by_store.data["orders"]["edges"] == []


async def test_tenant_isolation_holds_in_the_service_layer(settings):
    """Not only resolvers: the services themselves scope by the caller's seller."""
    import uuid

    from gateway.auth.principal import Principal, permissions_for
    from gateway.errors import NotFound
    from gateway.models import Role
    from gateway.services import orders as order_service
    from gateway.services import shipments as shipment_service

    owner = await Account.create(email="svc@example.com", email_index="svc", password_hash="x",
                                 name="Svc", country="US", using_db=conn("us"))
    await store_with_orders("us", owner.id, 2)
    intruder = Principal(account_id=uuid.uuid4(), role=Role.OWNER, region="us",
                         seller_id=uuid.uuid4(), permissions=permissions_for(Role.OWNER))
    page = await order_service.list_orders(intruder)
    assert page.items == []
    victim = Principal(account_id=owner.id, role=Role.OWNER, region="us", seller_id=owner.id,
                       permissions=permissions_for(Role.OWNER))
    order = (await order_service.list_orders(victim)).items[0]
    try:
        await order_service.get_order(intruder, order.id)
        raise AssertionError("another seller's order was returned")
    except NotFound:
        pass
    assert await order_service.items_for_orders(intruder, [order.id]) == {}
    assert await shipment_service.shipments_for_orders(intruder, [order.id]) == {}
    assert await order_service.buyers_by_ids(intruder, [order.buyer_id]) == {}


async def test_staff_without_buyer_pii_permission_get_forbidden_fields_and_the_rest(
        client, settings):
    token, seller, region = await _seller(client, "boss@example.com")
    await store_with_orders(region, seller, 2)
    added = await gql(client, """mutation { addStaffMember(input: {email: "clerk@example.com",
        password: "clerk-password-1", name: "Clerk", permissions: ["orders:read"]}) {
        id permissions } }""", token=token)
    assert not added.errors, added.errors
    login = await gql(client, LOG_IN, {"email": "clerk@example.com",
                                       "password": "clerk-password-1"})
    staff_token = login.data["logIn"]["accessToken"]
    result = await gql(client, NESTED, {"first": 2}, staff_token)
    assert result.data["orders"]["edges"][0]["node"]["items"]
    buyer = result.data["orders"]["edges"][0]["node"]["buyer"]
    assert buyer["name"] is None and buyer["email"] is None and buyer["address"] is None
    assert set(result.codes()) == {"FORBIDDEN"}
    assert {tuple(e["path"][-1:]) for e in result.errors} == {
        ("name",), ("phone",), ("email",), ("address",)}


async def test_staff_granted_buyer_pii_see_it(client, settings):
    token, seller, region = await _seller(client, "boss2@example.com")
    await store_with_orders(region, seller, 1)
    await gql(client, """mutation { addStaffMember(input: {email: "pii@example.com",
        password: "pii-password-12", name: "Pii", permissions: ["orders:read",
        "orders:read_buyer_pii"]}) { id } }""", token=token)
    login = await gql(client, LOG_IN, {"email": "pii@example.com", "password": "pii-password-12"})
    result = await gql(client, NESTED, {"first": 1}, login.data["logIn"]["accessToken"])
    assert not result.errors
    assert result.data["orders"]["edges"][0]["node"]["buyer"]["email"] == "buyer0@example.com"


async def test_staff_cannot_grant_staff_or_unknown_permissions(client, settings):
    token, *_ = await _seller(client, "boss3@example.com")
    bad = await gql(client, """mutation { addStaffMember(input: {email: "x@example.com",
        password: "x-password-123", name: "X", permissions: ["orders:everything"]}) { id } }""",
                    token=token)
    assert bad.codes() == ["BAD_USER_INPUT"]
    await gql(client, """mutation { addStaffMember(input: {email: "y@example.com",
        password: "y-password-123", name: "Y", permissions: ["orders:read"]}) { id } }""",
              token=token)
    login = await gql(client, LOG_IN, {"email": "y@example.com", "password": "y-password-123"})
    escalate = await gql(client, """mutation { addStaffMember(input: {email: "z@example.com",
        password: "z-password-123", name: "Z", permissions: ["staff:manage"]}) { id } }""",
                         token=login.data["logIn"]["accessToken"])
    assert escalate.codes() == ["FORBIDDEN"]


async def test_stores_shipments_and_single_shipment(client, settings):
    token, seller, region = await _seller(client, "ship@example.com")
    await store_with_orders(region, seller, 3)
    stores = await gql(client, "{ stores { id platform name buyerDataAuthorized } }", token=token)
    assert stores.data["stores"][0]["platform"] == "shopify"
    ships = await gql(client, """{ shipments(first: 2) { edges { node { id trackingNumber
        events { status } } } pageInfo { hasNextPage endCursor } } }""", token=token)
    assert len(ships.data["shipments"]["edges"]) == 2
    assert ships.data["shipments"]["pageInfo"]["hasNextPage"] is True
    rest = await gql(client, """query($a: String) { shipments(first: 5, after: $a) {
        edges { node { id } } } }""", {"a": ships.data["shipments"]["pageInfo"]["endCursor"]},
                     token)
    assert len(rest.data["shipments"]["edges"]) == 1
    one_id = ships.data["shipments"]["edges"][0]["node"]["id"]
    one = await gql(client, "query($id: ID!) { shipment(id: $id) { trackingNumber } }",
                    {"id": one_id}, token)
    assert one.data["shipment"]["trackingNumber"].startswith("1Z")
    missing = await gql(client, "{ shipment(id: \"nope\") { id } }", token=token)
    assert missing.codes() == ["NOT_FOUND"]


async def test_admins_are_not_sellers(client, settings):
    from gateway.models import Role
    from gateway.services.accounts import create_account

    await create_account(settings, email="root@example.com", password="root-password-1",
                         name="Root", country="US", role=Role.SUPERADMIN)
    login = await gql(client, LOG_IN, {"email": "root@example.com", "password": "root-password-1"})
    result = await gql(client, ORDERS, {}, login.data["logIn"]["accessToken"])
    assert result.codes() == ["FORBIDDEN"]
