"""The Shopify plugin against its sandbox over real loopback HTTP, and its wire parsing on
recorded payloads."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import orjson
import pytest
from prometheus_client import REGISTRY

from gateway.connectors import (
    Credentials,
    DataCategory,
    OrderData,
    RetryPolicy,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamSession,
    UpstreamUnavailable,
    WebhookRejected,
)
from gateway.connectors.minimization import check_orders
from plugins.shopify import wire
from plugins.shopify.connector import ShopifyConnector, ShopifySettings
from plugins.shopify.sandbox import Sandbox

BUYER_FIELDS = ("customer", "email", "phone", "shippingAddress")
REDIRECT_URI = "https://sellergate.example/stores/shopify/callback"


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture
async def session() -> AsyncIterator[UpstreamSession]:
    # Short backoffs and rate-limit waits keep outage and throttling tests fast.
    upstream = UpstreamSession(timeout=5.0, policy=RetryPolicy(base_delay=0.01,
                                                               max_rate_limit_wait=2.0))
    yield upstream
    await upstream.close()


async def started(sandbox: Sandbox) -> Sandbox:
    await sandbox.start()
    return sandbox


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    # Shopify Plus's restore rate: full pages then wait milliseconds, not seconds.
    server = await started(Sandbox(orders=60, restore_rate=1000))
    yield server
    await server.stop()


def connector_for(sandbox: Sandbox, session: UpstreamSession, **settings: str) -> ShopifyConnector:
    return ShopifyConnector(base_url=sandbox.base_url,
                            settings={**sandbox.connector_settings(), **settings},
                            session=session)


@pytest.fixture
def connector(sandbox: Sandbox, session: UpstreamSession) -> ShopifyConnector:
    return connector_for(sandbox, session)


async def all_orders(connector: ShopifyConnector, credentials: Credentials, *,
                     include_buyer: bool = False, page_size: int = 100,
                     updated_since: datetime | None = None) -> list[OrderData]:
    orders: list[OrderData] = []
    cursor = None
    while True:
        page = await connector.fetch_orders(credentials, cursor=cursor,
                                            updated_since=updated_since,
                                            include_buyer=include_buyer, page_size=page_size)
        orders.extend(page.orders)
        if page.next_cursor is None:
            return orders
        cursor = page.next_cursor


def signed_callback(secret: str, **params: str) -> dict[str, str]:
    return {**params, "hmac": wire.query_hmac(params, secret)}


# --- signatures: the protocol's test vectors --------------------------------------------------

def test_oauth_query_signature_matches_shopify_test_vector() -> None:
    params = {"code": "0907a61c0c8d55e99db179b68161bc00", "shop": "some-shop.myshopify.com",
              "timestamp": "1337178173"}
    assert wire.query_message(params) == (
        "code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&timestamp=1337178173")
    expected = "4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20"
    assert wire.query_hmac(params, "hush") == expected
    # The hmac (and legacy signature) parameters are never part of what is signed.
    assert wire.query_hmac({**params, "hmac": "x", "signature": "y"}, "hush") == expected


def test_webhook_signature_matches_shopify_test_vector() -> None:
    body = b'{"shop_id":954889,"shop_domain":"example.myshopify.com"}'
    assert wire.webhook_hmac(body, "hush") == "aWGfbqUACx5KtRhny0TE1/GqBn4XUmextJmCws4UcYE="


# --- OAuth install ----------------------------------------------------------------------------

async def test_oauth_install_round_trip_yields_working_credentials(
        sandbox: Sandbox, session: UpstreamSession) -> None:
    # The production form of base_url: the shop's own host, here routed by the sandbox.
    connector = ShopifyConnector(base_url=f"{sandbox.base_url}/shops/{{shop}}",
                                 settings=sandbox.connector_settings(), session=session)
    url = connector.authorization_url(shop=sandbox.shop, redirect_uri=REDIRECT_URI,
                                      state="nonce-42")
    query = dict(parse_qsl(urlsplit(url).query))
    assert urlsplit(url).path == f"/shops/{sandbox.shop}/admin/oauth/authorize"
    assert query == {"client_id": sandbox.client_id, "scope": "read_orders,read_customers",
                     "redirect_uri": REDIRECT_URI, "state": "nonce-42"}

    async with aiohttp.ClientSession() as browser, \
            browser.get(url, allow_redirects=False) as answer:
        assert answer.status == 302
        location = answer.headers["Location"]
    assert location.startswith(REDIRECT_URI + "?")
    callback = dict(parse_qsl(urlsplit(location).query))
    assert callback["state"] == "nonce-42" and callback["shop"] == sandbox.shop

    credentials = await connector.complete_authorization(callback, redirect_uri=REDIRECT_URI)
    assert credentials.shop == sandbox.shop
    assert credentials.access_token.startswith("shpat_")
    assert credentials.extra == {"scope": "read_orders,read_customers"}
    page = await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                        include_buyer=False, page_size=5)
    assert len(page.orders) == 5


async def test_authorization_asks_the_customer_scope_only_when_buyer_data_is_enabled(
        sandbox: Sandbox, session: UpstreamSession) -> None:
    connector = connector_for(sandbox, session, buyer_data="false")
    url = connector.authorization_url(shop=sandbox.shop, redirect_uri=REDIRECT_URI, state="s")
    assert dict(parse_qsl(urlsplit(url).query))["scope"] == "read_orders"


def test_authorization_url_refuses_a_shop_outside_myshopify(connector: ShopifyConnector) -> None:
    with pytest.raises(ValueError, match="myshopify"):
        connector.authorization_url(shop="evil.example.com/x?", redirect_uri=REDIRECT_URI,
                                    state="s")


async def test_forged_oauth_callback_is_rejected(sandbox: Sandbox,
                                                 connector: ShopifyConnector) -> None:
    now = str(int(datetime.now(UTC).timestamp()))
    params = signed_callback(sandbox.client_secret, code="abc", shop=sandbox.shop,
                             state="s", timestamp=now)
    for forged in ({**params, "shop": "other-shop.myshopify.com"},
                   {**params, "hmac": "0" * 64},
                   {key: value for key, value in params.items() if key != "hmac"},
                   signed_callback("not-the-secret", code="abc", shop=sandbox.shop,
                                   state="s", timestamp=now)):
        with pytest.raises(WebhookRejected, match="signature"):
            await connector.complete_authorization(forged, redirect_uri=REDIRECT_URI)


async def test_stale_oauth_callback_is_rejected(sandbox: Sandbox,
                                                connector: ShopifyConnector) -> None:
    for skew in (-91, 91):
        moment = str(int(datetime.now(UTC).timestamp()) + skew)
        params = signed_callback(sandbox.client_secret, code="abc", shop=sandbox.shop,
                                 state="s", timestamp=moment)
        with pytest.raises(WebhookRejected, match="stale"):
            await connector.complete_authorization(params, redirect_uri=REDIRECT_URI)


async def test_oauth_callback_for_a_host_outside_myshopify_is_rejected(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    params = signed_callback(sandbox.client_secret, code="abc", shop="shop.evil.example",
                             state="s", timestamp=str(int(datetime.now(UTC).timestamp())))
    with pytest.raises(WebhookRejected, match="myshopify"):
        await connector.complete_authorization(params, redirect_uri=REDIRECT_URI)


async def test_an_authorization_code_cannot_be_used_twice(sandbox: Sandbox,
                                                          connector: ShopifyConnector) -> None:
    url = connector.authorization_url(shop=sandbox.shop, redirect_uri=REDIRECT_URI, state="s")
    async with aiohttp.ClientSession() as browser, \
            browser.get(url, allow_redirects=False) as answer:
        callback = dict(parse_qsl(urlsplit(answer.headers["Location"]).query))
    await connector.complete_authorization(callback, redirect_uri=REDIRECT_URI)
    with pytest.raises(UpstreamAuthError):
        await connector.complete_authorization(callback, redirect_uri=REDIRECT_URI)


# --- orders -----------------------------------------------------------------------------------

async def test_pagination_collects_every_seeded_order_exactly_once(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    orders = await all_orders(connector, sandbox.credentials(), page_size=7)
    ids = [order.external_id for order in orders]
    assert len(ids) == len(set(ids)) == 60
    assert set(ids) == {str(order_id) for order_id in sandbox.orders}
    assert len(sandbox.graphql_requests) >= 60 // 7
    assert [o.updated_at for o in orders] == sorted(o.updated_at for o in orders)


async def test_orders_longer_than_one_items_page_are_imported_whole(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    long_orders = {str(o.id): len(o.items) for o in sandbox.orders.values()
                   if len(o.items) > wire.LINE_ITEMS_PER_PAGE}
    assert long_orders, "the seed must include orders with many line items"
    orders = {o.external_id: o for o in await all_orders(connector, sandbox.credentials())}
    for order_id, count in long_orders.items():
        assert len(orders[order_id].items) == count
        assert orders[order_id].total == sum(i.price * i.quantity for i in orders[order_id].items)
    follow_ups = [r for r in sandbox.graphql_requests if "SellergateOrderLineItems" in r["query"]]
    assert len(follow_ups) == len(long_orders)


async def test_page_size_is_capped_to_shopify_single_query_cost(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    for include_buyer in (False, True):
        page = await connector.fetch_orders(sandbox.credentials(), cursor=None,
                                            updated_since=None, include_buyer=include_buyer,
                                            page_size=250)
        cap = wire.max_page_size(include_buyer=include_buyer)
        assert len(page.orders) == cap and page.next_cursor is not None
        listing = [r for r in sandbox.graphql_requests if "SellergateOrders(" in r["query"]]
        assert listing[-1]["variables"]["first"] == cap


async def test_updated_since_returns_only_orders_changed_since(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    since = datetime.now(UTC) - timedelta(seconds=1)
    first, second = list(sandbox.orders)[3], list(sandbox.orders)[17]
    sandbox.update_order(first, tracking=("UPS", "1ZNEW0001"))
    sandbox.update_order(second, cancelled=True)
    added = sandbox.add_order(items=2)
    orders = await all_orders(connector, sandbox.credentials(), updated_since=since)
    assert {o.external_id for o in orders} == {str(first), str(second), str(added.id)}
    by_id = {o.external_id: o for o in orders}
    assert by_id[str(first)].status == "fulfilled"
    assert by_id[str(first)].shipments[-1].tracking_number == "1ZNEW0001"
    assert by_id[str(second)].status == "cancelled"
    assert len(by_id[str(added.id)].items) == 2
    assert sandbox.graphql_requests[-1]["variables"]["query"].startswith("updated_at:>='")


async def test_buyer_pii_is_not_requested_or_imported_without_authorization(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    orders = await all_orders(connector, sandbox.credentials(), include_buyer=False)
    assert orders and all(order.buyer is None for order in orders)
    for request in sandbox.graphql_requests:
        for field in BUYER_FIELDS:
            assert field not in request["query"]
    check_orders("shopify", frozenset({DataCategory.ORDER_DETAILS, DataCategory.SHIPMENT}),
                 orders)


async def test_authorized_buyer_data_is_imported_within_declared_categories(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    orders = await all_orders(connector, sandbox.credentials(), include_buyer=True)
    check_orders(connector.name, connector.data_categories, orders)
    seeded = {str(o.id): o for o in sandbox.orders.values()}
    for order in orders:
        source = seeded[order.external_id]
        assert order.buyer is not None and order.buyer.email == source.email
        assert order.buyer.address is not None and order.buyer.address.country == "US"
        if source.customer is None:
            assert order.buyer.external_id == f"guest-order:{source.id}"
            assert order.buyer.name is None
        else:
            assert order.buyer.external_id == str(source.customer.id)
            assert order.buyer.name == f"{source.customer.first_name} {source.customer.last_name}"


async def test_buyer_data_disabled_by_setting_is_never_requested(
        sandbox: Sandbox, session: UpstreamSession) -> None:
    connector = connector_for(sandbox, session, buyer_data="off")
    orders = await all_orders(connector, sandbox.credentials(), include_buyer=True)
    assert all(order.buyer is None for order in orders)
    assert not any("customer" in r["query"] for r in sandbox.graphql_requests)


async def test_redacted_protected_customer_data_yields_no_buyer_pii(
        session: UpstreamSession) -> None:
    sandbox = await started(Sandbox(orders=10, redact_pii=True))
    try:
        orders = await all_orders(connector_for(sandbox, session), sandbox.credentials(),
                                  include_buyer=True)
    finally:
        await sandbox.stop()
    for order in orders:
        buyer = order.buyer
        assert buyer is None or (buyer.name, buyer.email, buyer.phone, buyer.address) == (
            None, None, None, None)
    check_orders("shopify", frozenset({DataCategory.ORDER_DETAILS, DataCategory.SHIPMENT}),
                 orders)


async def test_statuses_and_tracking_numbers_are_normalized(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    orders = {o.external_id: o for o in await all_orders(connector, sandbox.credentials())}
    for source in sandbox.orders.values():
        order = orders[str(source.id)]
        assert order.status in {"pending", "paid", "fulfilled", "cancelled", "refunded"}
        assert [s.tracking_number for s in order.shipments] == [
            f.number for f in source.fulfillments]
        if source.cancelled_at is not None:
            assert order.status == "cancelled"
    assert {o.status for o in orders.values()} >= {"paid", "fulfilled", "cancelled", "pending"}


async def test_throttled_query_waits_for_the_cost_bucket_and_completes(
        session: UpstreamSession) -> None:
    # A bucket barely larger than the largest query's requested cost (153 points), refilling
    # slowly: a page costs 47-74 points, so the next query finds too few and is THROTTLED. The
    # refill is slow enough that even 0.2 s between queries (a loaded host) leaves some short.
    def waits() -> float:
        return REGISTRY.get_sample_value("sellergate_connector_rate_limit_waits_total",
                                         {"plugin": "shopify"}) or 0.0

    before = waits()
    sandbox = await started(Sandbox(orders=30, bucket_size=155, restore_rate=200))
    try:
        orders = await all_orders(connector_for(sandbox, session), sandbox.credentials(),
                                  page_size=5)
    finally:
        await sandbox.stop()
    assert len({o.external_id for o in orders}) == 30
    assert sandbox.throttled >= 1
    # Each THROTTLED answer waited out counts as a rate-limit wait of the shopify connector.
    assert waits() - before == sandbox.throttled


async def test_http_429_throttling_is_retried_after_retry_after(
        session: UpstreamSession) -> None:
    sandbox = await started(Sandbox(orders=20, bucket_size=155, restore_rate=200,
                                    throttle_status=429))
    try:
        orders = await all_orders(connector_for(sandbox, session), sandbox.credentials(),
                                  page_size=5)
    finally:
        await sandbox.stop()
    assert len(orders) == 20 and sandbox.throttled >= 1


async def test_a_bucket_too_slow_to_refill_gives_up_as_rate_limited(
        session: UpstreamSession) -> None:
    # A bucket holding one page of 5 orders: the second page has to wait for a slow refill.
    page_cost = 2 + 5 * wire.order_node_cost(include_buyer=False)
    sandbox = await started(Sandbox(orders=20, bucket_size=page_cost, restore_rate=1))
    try:
        connector = connector_for(sandbox, session)
        await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                     include_buyer=False, page_size=5)
        with pytest.raises(UpstreamRateLimited) as raised:
            await connector.fetch_orders(sandbox.credentials(), cursor=None,
                                         updated_since=None, include_buyer=False, page_size=5)
    finally:
        await sandbox.stop()
    assert raised.value.retry_after > session.policy.max_rate_limit_wait


async def test_upstream_outage_is_retried(sandbox: Sandbox, connector: ShopifyConnector) -> None:
    sandbox.fail_next(2, status=503)
    page = await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                        include_buyer=False, page_size=5)
    assert len(page.orders) == 5


async def test_a_lasting_outage_raises_unavailable(sandbox: Sandbox,
                                                   connector: ShopifyConnector) -> None:
    sandbox.fail_next(10, status=503)
    with pytest.raises(UpstreamUnavailable):
        await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                     include_buyer=False)


async def test_a_bad_access_token_raises_auth_error(sandbox: Sandbox,
                                                    connector: ShopifyConnector) -> None:
    revoked = Credentials(access_token="shpat_revoked", shop=sandbox.shop)
    with pytest.raises(UpstreamAuthError):
        await connector.fetch_orders(revoked, cursor=None, updated_since=None,
                                     include_buyer=False)


async def test_an_invalid_cursor_raises_bad_response(sandbox: Sandbox,
                                                     connector: ShopifyConnector) -> None:
    with pytest.raises(UpstreamBadResponse, match="cursor"):
        await connector.fetch_orders(sandbox.credentials(), cursor="not-a-cursor",
                                     updated_since=None, include_buyer=False)


# --- webhooks ---------------------------------------------------------------------------------

async def test_signed_order_webhook_is_accepted_and_parsed(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    source = next(o for o in sandbox.orders.values() if o.fulfillments and o.customer)
    headers, body = sandbox.signed_webhook("orders/updated", sandbox.order_payload(source.id))
    event = connector.verify_webhook(headers, body)
    assert (event.topic, event.shop) == ("orders/updated", sandbox.shop)
    assert event.delivery_id == headers["X-Shopify-Webhook-Id"]
    assert event.order is not None and event.order.external_id == str(source.id)
    assert event.order.status == "fulfilled"
    assert event.order.shipments[0].tracking_number == source.fulfillments[0].number
    assert event.order.buyer is not None and event.order.buyer.email == source.email
    assert event.order.total == source.total


async def test_webhook_order_without_buyer_fields_has_no_buyer(session: UpstreamSession) -> None:
    sandbox = Sandbox(orders=3, redact_pii=True)              # no server needed: signing only
    headers, body = sandbox.signed_webhook("orders/create",
                                           sandbox.order_payload(next(iter(sandbox.orders))))
    event = connector_for(sandbox, session).verify_webhook(headers, body)
    assert event.order is not None and event.order.buyer is None


async def test_webhook_headers_are_matched_case_insensitively(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    headers, body = sandbox.signed_webhook("app/uninstalled", {"id": 1, "domain": sandbox.shop})
    event = connector.verify_webhook({k.lower(): v for k, v in headers.items()}, body)
    assert event.topic == "app/uninstalled" and event.order is None


async def test_forged_webhook_is_rejected(sandbox: Sandbox, connector: ShopifyConnector) -> None:
    headers, body = sandbox.signed_webhook("orders/create",
                                           sandbox.order_payload(next(iter(sandbox.orders))))
    tampered = body.replace(b'"total_price":"', b'"total_price":"1')
    for forged_headers, forged_body in (
            (headers, tampered),
            ({**headers, "X-Shopify-Hmac-Sha256": "AAAA"}, body),
            ({k: v for k, v in headers.items() if k != "X-Shopify-Hmac-Sha256"}, body)):
        with pytest.raises(WebhookRejected, match="signature"):
            connector.verify_webhook(forged_headers, forged_body)


async def test_stale_webhook_is_rejected(sandbox: Sandbox, connector: ShopifyConnector) -> None:
    for moment in (datetime.now(UTC) - timedelta(minutes=6),
                   datetime.now(UTC) + timedelta(minutes=6)):
        headers, body = sandbox.signed_webhook("shop/redact", {
            "shop_id": 1, "shop_domain": sandbox.shop}, triggered_at=moment)
        with pytest.raises(WebhookRejected, match="stale"):
            connector.verify_webhook(headers, body)
    headers, body = sandbox.signed_webhook("shop/redact", {"shop_id": 1,
                                                           "shop_domain": sandbox.shop})
    del headers["X-Shopify-Triggered-At"]
    with pytest.raises(WebhookRejected, match="Triggered-At"):
        connector.verify_webhook(headers, body)


async def test_webhook_without_delivery_id_is_rejected(sandbox: Sandbox,
                                                       connector: ShopifyConnector) -> None:
    headers, body = sandbox.signed_webhook("shop/redact", {"shop_id": 1,
                                                           "shop_domain": sandbox.shop})
    del headers["X-Shopify-Webhook-Id"]
    with pytest.raises(WebhookRejected, match="Webhook-Id"):
        connector.verify_webhook(headers, body)


async def test_webhook_of_an_unsupported_topic_is_rejected(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    headers, body = sandbox.signed_webhook("products/update", {"id": 1})
    with pytest.raises(WebhookRejected, match="topic"):
        connector.verify_webhook(headers, body)


async def test_privacy_webhooks_are_verified_and_parsed(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    customer = {"id": 191167, "email": "john@example.com", "phone": "555-625-1199"}
    payloads = {
        "customers/data_request": {"shop_id": 954889, "shop_domain": sandbox.shop,
                                   "orders_requested": [299938, 280263, 220458],
                                   "customer": customer, "data_request": {"id": 9999}},
        "customers/redact": {"shop_id": 954889, "shop_domain": sandbox.shop,
                             "customer": customer, "orders_to_redact": [299938, 280263]},
        "shop/redact": {"shop_id": 954889, "shop_domain": sandbox.shop},
    }
    for topic, payload in payloads.items():
        headers, body = sandbox.signed_webhook(topic, payload)
        event = connector.verify_webhook(headers, body)
        assert (event.topic, event.shop, event.payload) == (topic, sandbox.shop, payload)
        assert event.order is None


async def test_privacy_webhook_naming_another_shop_is_rejected(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    headers, body = sandbox.signed_webhook("customers/redact", {
        "shop_id": 1, "shop_domain": "someone-else.myshopify.com",
        "customer": {"id": 5}, "orders_to_redact": []})
    with pytest.raises(WebhookRejected, match="shop_domain"):
        connector.verify_webhook(headers, body)


async def test_privacy_webhook_without_customer_is_rejected(
        sandbox: Sandbox, connector: ShopifyConnector) -> None:
    headers, body = sandbox.signed_webhook("customers/redact", {
        "shop_id": 1, "shop_domain": sandbox.shop, "orders_to_redact": [1]})
    with pytest.raises(WebhookRejected, match=r"customer\.id"):
        connector.verify_webhook(headers, body)


# --- settings ---------------------------------------------------------------------------------

def test_unknown_setting_is_refused_with_the_likely_fix() -> None:
    with pytest.raises(ValueError, match="did you mean 'client_secret'"):
        ShopifySettings.from_mapping({"client_id": "a", "client_secert": "b"})


def test_missing_secret_and_bad_api_version_are_refused() -> None:
    with pytest.raises(ValueError, match="SELLERGATE_PLUGIN_SHOPIFY_CLIENT_SECRET"):
        ShopifySettings.from_mapping({"client_id": "a"})
    with pytest.raises(ValueError, match="api_version"):
        ShopifySettings.from_mapping({"client_id": "a", "client_secret": "b",
                                      "api_version": "2025-05"})


# --- wire parsing on recorded payloads --------------------------------------------------------

RECORDED_ORDERS_PAGE: dict[str, Any] = {
    "data": {"orders": {
        "pageInfo": {"hasNextPage": True, "endCursor": "eyJsYXN0X2lkIjo1NTAxLCJsYXN0In0="},
        "nodes": [{
            "id": "gid://shopify/Order/5501", "name": "#1001",
            "createdAt": "2025-03-01T10:00:00Z", "updatedAt": "2025-03-02T08:30:00Z",
            "cancelledAt": None, "displayFinancialStatus": "PAID",
            "displayFulfillmentStatus": "FULFILLED",
            "totalPriceSet": {"shopMoney": {"amount": "213.99", "currencyCode": "CAD"}},
            "lineItems": {"pageInfo": {"hasNextPage": False, "endCursor": "eyJsYXN0In0="},
                          "nodes": [
                              {"sku": "TENT-2P", "title": "Two-person tent", "quantity": 1,
                               "originalUnitPriceSet": {"shopMoney": {
                                   "amount": "189.0", "currencyCode": "CAD"}}},
                              {"sku": None, "title": "Gift wrap", "quantity": 1,
                               "originalUnitPriceSet": {"shopMoney": {
                                   "amount": "24.99", "currencyCode": "CAD"}}}]},
            "fulfillments": [{"trackingInfo": [
                {"company": "Canada Post", "number": "7023210039414604"},
                {"company": "Canada Post", "number": None}]}],
            "email": "bob.norman@example.com", "phone": None,
            "customer": {"id": "gid://shopify/Customer/207119551", "firstName": "Bob",
                         "lastName": "Norman"},
            "shippingAddress": {"address1": "123 Amoebobacterieae St", "address2": "",
                                "city": "Ottawa", "province": "Ontario", "zip": "K2P0V6",
                                "countryCodeV2": "CA"},
        }],
    }},
    "extensions": {"cost": {"requestedQueryCost": 77, "actualQueryCost": 12, "throttleStatus": {
        "maximumAvailable": 2000.0, "currentlyAvailable": 1988.0, "restoreRate": 100.0}}},
}

RECORDED_ORDER_WEBHOOK: dict[str, Any] = {
    "id": 820982911946154508, "admin_graphql_api_id": "gid://shopify/Order/820982911946154508",
    "name": "#9999", "email": "jon@example.com", "phone": None,
    "created_at": "2021-12-31T19:00:00-05:00", "updated_at": "2021-12-31T19:00:00-05:00",
    "cancelled_at": "2021-12-31T19:00:00-05:00", "currency": "USD",
    "financial_status": "voided", "fulfillment_status": "pending", "total_price": "403.00",
    "customer": {"id": 115310627314723954, "email": "john@example.com", "first_name": "John",
                 "last_name": "Smith", "phone": None},
    "shipping_address": {"first_name": "Steve", "address1": "123 Shipping Street",
                         "address2": None, "city": "Shippington", "province": "Kentucky",
                         "zip": "40003", "country_code": "US"},
    "line_items": [{"id": 866550311766439020, "name": "IPod Nano - 8GB", "title": "IPod Nano",
                    "quantity": 1, "sku": "IPOD2008PINK", "price": "199.00"},
                   {"id": 141249953214522974, "name": "IPod Nano - 8GB",
                    "title": "IPod Nano", "quantity": 1, "sku": "IPOD2008PINK",
                    "price": "199.00"}],
    "fulfillments": [],
}


def test_recorded_graphql_orders_page_is_parsed() -> None:
    page = wire.parse_orders_page(RECORDED_ORDERS_PAGE, include_buyer=True)
    assert page.next_cursor == "eyJsYXN0X2lkIjo1NTAxLCJsYXN0In0="
    assert page.more_items == {}
    (order,) = page.orders
    assert (order.external_id, order.number, order.status) == ("5501", "#1001", "fulfilled")
    assert (order.currency, order.total) == ("CAD", Decimal("213.99"))
    assert order.placed_at == datetime(2025, 3, 1, 10, tzinfo=UTC)
    assert [(i.sku, i.price) for i in order.items] == [("TENT-2P", Decimal("189.0")),
                                                       ("", Decimal("24.99"))]
    assert [(s.carrier, s.tracking_number) for s in order.shipments] == [
        ("Canada Post", "7023210039414604")]
    assert order.buyer is not None
    assert (order.buyer.external_id, order.buyer.name, order.buyer.email, order.buyer.phone) == (
        "207119551", "Bob Norman", "bob.norman@example.com", None)
    assert order.buyer.address is not None and order.buyer.address.postal_code == "K2P0V6"


def test_recorded_page_parsed_without_buyer_authorization_drops_buyer_fields() -> None:
    page = wire.parse_orders_page(RECORDED_ORDERS_PAGE, include_buyer=False)
    assert page.orders[0].buyer is None


def test_last_page_has_no_next_cursor_and_long_orders_are_flagged() -> None:
    recorded = orjson.loads(orjson.dumps(RECORDED_ORDERS_PAGE))
    recorded["data"]["orders"]["pageInfo"] = {"hasNextPage": False, "endCursor": "x"}
    recorded["data"]["orders"]["nodes"][0]["lineItems"]["pageInfo"]["hasNextPage"] = True
    page = wire.parse_orders_page(recorded, include_buyer=False)
    assert page.next_cursor is None
    assert page.more_items == {"5501": "eyJsYXN0In0="}


@pytest.mark.parametrize("broken", [
    {"data": None},
    {"data": {"orders": {"pageInfo": {"hasNextPage": False}, "nodes": [{"id": "x"}]}}},
    {"data": {"orders": {"pageInfo": {"hasNextPage": True, "endCursor": None}, "nodes": []}}},
])
def test_malformed_orders_page_raises_bad_response(broken: dict[str, Any]) -> None:
    with pytest.raises(UpstreamBadResponse):
        wire.parse_orders_page(broken, include_buyer=False)


def test_recorded_order_webhook_payload_is_parsed() -> None:
    order = wire.parse_rest_order(RECORDED_ORDER_WEBHOOK, include_buyer=True)
    assert (order.external_id, order.number, order.status) == (
        "820982911946154508", "#9999", "cancelled")
    assert order.updated_at == datetime(2022, 1, 1, 0, 0, tzinfo=UTC)
    assert order.total == Decimal("403.00") and len(order.items) == 2
    assert order.items[0] == order.items[1] and order.items[0].title == "IPod Nano"
    assert order.buyer is not None
    assert (order.buyer.external_id, order.buyer.name, order.buyer.email) == (
        "115310627314723954", "John Smith", "jon@example.com")
    assert order.buyer.address is not None and order.buyer.address.country == "US"
    assert wire.parse_rest_order(RECORDED_ORDER_WEBHOOK, include_buyer=False).buyer is None


@pytest.mark.parametrize(("financial", "fulfillment", "cancelled", "status"), [
    ("PENDING", "UNFULFILLED", False, "pending"),
    ("AUTHORIZED", "UNFULFILLED", False, "pending"),
    ("PAID", "UNFULFILLED", False, "paid"),
    ("PARTIALLY_REFUNDED", "PARTIALLY_FULFILLED", False, "paid"),
    ("PAID", "FULFILLED", False, "fulfilled"),
    ("paid", "fulfilled", False, "fulfilled"),
    ("REFUNDED", "FULFILLED", False, "refunded"),
    ("PAID", "UNFULFILLED", True, "cancelled"),
    ("VOIDED", None, False, "cancelled"),
])
def test_shopify_statuses_map_to_sellergate_order_status(
        financial: str, fulfillment: str | None, cancelled: bool, status: str) -> None:
    assert wire.order_status(financial=financial, fulfillment=fulfillment,
                             cancelled=cancelled) == status


def test_throttled_answer_waits_for_the_missing_points() -> None:
    throttled = {"errors": [{"message": "Throttled", "extensions": {
        "code": "THROTTLED", "documentation": "https://shopify.dev/api/usage/rate-limits"}}],
        "extensions": {"cost": {"requestedQueryCost": 752, "actualQueryCost": None,
                                "throttleStatus": {"maximumAvailable": 1000.0,
                                                   "currentlyAvailable": 252,
                                                   "restoreRate": 50.0}}}}
    assert wire.throttle_wait(throttled) == pytest.approx(10.0)
    assert wire.throttle_wait(RECORDED_ORDERS_PAGE) is None
    with pytest.raises(UpstreamBadResponse):
        wire.throttle_wait({"errors": throttled["errors"]})


def test_access_denied_means_the_seller_must_reconnect() -> None:
    denied = {"errors": [{"message": "Access denied for customer field.",
                          "extensions": {"code": "ACCESS_DENIED"}}]}
    with pytest.raises(UpstreamAuthError):
        wire.raise_for_graphql_errors(denied)
    with pytest.raises(UpstreamBadResponse):
        wire.raise_for_graphql_errors({"errors": [{"message": "Parse error"}]})
