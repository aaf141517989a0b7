"""The Amazon plugin against its sandbox over real loopback HTTP, and its wire formats on the
documentation's recorded payloads."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import pytest

from gateway.connectors import (
    Credentials,
    DataCategory,
    OrderData,
    RetryPolicy,
    UndeclaredDataError,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamSession,
    UpstreamUnavailable,
    WebhookRejected,
)
from gateway.connectors.minimization import check_orders
from gateway.connectors.registry import PluginRegistry
from plugins.amazon import wire
from plugins.amazon.connector import AmazonConnector, AmazonSettings
from plugins.amazon.sandbox import DEMO_REDIRECT_URI, Sandbox

# Recorded payloads: the Orders API v0 reference's samples (getOrder, getOrderItems) and the
# LWA token answer of the developer guide, trimmed to the fields the plugin reads plus a few
# it ignores.
DOC_ORDER: dict[str, Any] = {
    "AmazonOrderId": "902-3159896-1390916", "PurchaseDate": "2017-01-20T19:49:35Z",
    "LastUpdateDate": "2017-01-20T19:49:35Z", "OrderStatus": "Pending",
    "FulfillmentChannel": "MFN", "NumberOfItemsShipped": 0, "NumberOfItemsUnshipped": 0,
    "PaymentMethod": "Other", "PaymentMethodDetails": ["CreditCard", "GiftCertificate"],
    "MarketplaceId": "ATVPDKIKX0DER", "ShipmentServiceLevelCategory": "Standard",
    "OrderType": "StandardOrder", "EarliestShipDate": "2017-01-20T19:51:16Z",
    "LatestShipDate": "2017-01-25T19:49:35Z", "IsBusinessOrder": False, "IsPrime": False,
    "DefaultShipFromLocationAddress": {
        "Name": "MFNIntegrationTestMerchant", "AddressLine1": "2201 WESTLAKE AVE",
        "City": "SEATTLE", "StateOrRegion": "WA", "PostalCode": "98121-2778",
        "CountryCode": "US", "Phone": "+1 480-386-0930 ext. 73824",
        "AddressType": "Commercial"},
    "ShippingAddress": {"Name": "Michigan address", "AddressLine1": "1 Cross St.",
                        "City": "Canton", "StateOrRegion": "MI", "PostalCode": "48817",
                        "CountryCode": "US"},
    "BuyerInfo": {"BuyerName": "John Doe",
                  "BuyerTaxInfo": {"CompanyLegalName": "A Company Name"},
                  "PurchaseOrderNumber": "1234567890123"},
}
DOC_ORDERS_PAGE: dict[str, Any] = {"payload": {"NextToken": "2YgYW55IGNhcm5hbCBwbGVhc3VyZS4",
                                               "Orders": [DOC_ORDER]}}
DOC_ITEMS_PAGE: dict[str, Any] = {"payload": {
    "AmazonOrderId": "903-1671087-0812628", "NextToken": "2YgYW55IGNhcm5hbCBwbGVhc3VyZS4",
    "OrderItems": [{
        "ASIN": "BT0093TELA", "OrderItemId": "68828574383266", "SellerSKU": "CBA_OTF_1",
        "Title": "Example item name", "QuantityOrdered": 1, "QuantityShipped": 1,
        "PointsGranted": {"PointsNumber": 10,
                          "PointsMonetaryValue": {"CurrencyCode": "JPY", "Amount": "10.00"}},
        "ItemPrice": {"CurrencyCode": "JPY", "Amount": "25.99"},
        "ShippingPrice": {"CurrencyCode": "JPY", "Amount": "1.26"},
        "CODFee": {"CurrencyCode": "JPY", "Amount": "10.00"},
        "PriceDesignation": "BusinessPrice",
    }],
}}
DOC_TOKEN: dict[str, Any] = {"access_token": "Atza|IQEBLjAsAexampleHpi0U-Dme37rR6CuUpSR",
                             "token_type": "bearer", "expires_in": 3600,
                             "refresh_token": "Atzr|IQEBLzAtAhexamplewVz2Nn-VV7lAJJ5Kl4J"}

FAST_PLANS = {wire.GET_ORDERS: (200.0, 200), wire.GET_ORDER_ITEMS: (1000.0, 1000),
              wire.CREATE_RDT: (200.0, 200)}
BUYER_CATEGORIES = {DataCategory.BUYER_IDENTITY, DataCategory.BUYER_CONTACT,
                    DataCategory.BUYER_ADDRESS}


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture
async def session() -> AsyncIterator[UpstreamSession]:
    # Short backoffs and rate-limit waits keep outage and throttling tests fast.
    upstream = UpstreamSession(timeout=5.0, policy=RetryPolicy(base_delay=0.01,
                                                               max_rate_limit_wait=2.0))
    yield upstream
    await upstream.close()


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    # A generous usage plan (Amazon raises it for busy sellers) keeps the tests quick; the
    # throttling tests use the documented ones.
    server = Sandbox(orders=40, usage_plans=FAST_PLANS)
    await server.start()
    yield server
    await server.stop()


def connector_for(sandbox: Sandbox, session: UpstreamSession, **settings: str) -> AmazonConnector:
    return AmazonConnector(base_url=sandbox.base_url,
                           settings={**sandbox.connector_settings(), **settings},
                           session=session)


@pytest.fixture
def connector(sandbox: Sandbox, session: UpstreamSession) -> AmazonConnector:
    return connector_for(sandbox, session)


async def all_orders(connector: AmazonConnector, credentials: Credentials, *,
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


async def consent(url: str) -> tuple[int, dict[str, str], str]:
    """Open the consent page as the seller's browser: status, callback query, page text."""
    async with aiohttp.ClientSession() as browser, \
            browser.get(url, allow_redirects=False) as answer:
        location = answer.headers.get("Location", "")
        return answer.status, dict(parse_qsl(urlsplit(location).query)), await answer.text()


async def raw_call(sandbox: Sandbox, method: str, path: str, *, token: str | None,
                   params: dict[str, str] | None = None,
                   body: Any = None) -> tuple[int, dict[str, str], Any]:
    """A hand-made SP-API call, to see the sandbox's own answers."""
    headers = {"x-amz-access-token": token} if token is not None else {}
    async with aiohttp.ClientSession() as client, \
            client.request(method, sandbox.base_url + path, params=params, json=body,
                           headers=headers) as answer:
        return answer.status, dict(answer.headers), await answer.json(content_type=None)


def orders_params(**extra: str) -> dict[str, str]:
    return {"MarketplaceIds": wire.US_MARKETPLACE_ID, "LastUpdatedAfter": "2020-01-01T00:00:00Z",
            **extra}


# --- authorization ----------------------------------------------------------------------------

async def test_seller_authorization_yields_credentials_for_the_selling_partner(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    url = connector.authorization_url(shop="My Amazon store", redirect_uri=DEMO_REDIRECT_URI,
                                      state="nonce-42")
    assert urlsplit(url).path == "/apps/authorize/consent"
    assert dict(parse_qsl(urlsplit(url).query)) == {
        "application_id": sandbox.application_id, "state": "nonce-42",
        "redirect_uri": DEMO_REDIRECT_URI}
    status, callback, _ = await consent(url)
    assert status == 302
    assert callback["state"] == "nonce-42"
    assert callback["selling_partner_id"] == sandbox.selling_partner_id
    credentials = await connector.complete_authorization(callback,
                                                         redirect_uri=DEMO_REDIRECT_URI)
    assert credentials.shop == sandbox.selling_partner_id
    assert credentials.access_token.startswith("Atza|")
    assert credentials.refresh_token is not None and credentials.refresh_token.startswith("Atzr|")
    assert credentials.expires_at is not None
    assert abs((credentials.expires_at - datetime.now(UTC)).total_seconds() - 3600) < 5
    page = await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                        include_buyer=False, page_size=5)
    assert len(page.orders) == 5 and page.next_cursor


async def test_a_draft_app_is_authorized_with_version_beta(session: UpstreamSession) -> None:
    sandbox = Sandbox(orders=1, draft=True)
    await sandbox.start()
    try:
        connector = connector_for(sandbox, session)
        url = connector.authorization_url(shop="s", redirect_uri=DEMO_REDIRECT_URI, state="s")
        assert dict(parse_qsl(urlsplit(url).query))["version"] == "beta"
        status, callback, _ = await consent(url)
        assert status == 302 and callback["spapi_oauth_code"]
        status, _, text = await consent(url.replace("&version=beta", ""))
        assert status == 400 and "MD1000" in text
    finally:
        await sandbox.stop()


async def test_the_consent_page_refuses_an_unregistered_redirect_uri(
        connector: AmazonConnector) -> None:
    url = connector.authorization_url(shop="s", redirect_uri="https://evil.example/callback",
                                      state="s")
    status, callback, text = await consent(url)
    assert status == 400 and "MD5101" in text and callback == {}


async def test_an_authorization_code_cannot_be_used_twice(connector: AmazonConnector) -> None:
    url = connector.authorization_url(shop="s", redirect_uri=DEMO_REDIRECT_URI, state="s")
    _, callback, _ = await consent(url)
    await connector.complete_authorization(callback, redirect_uri=DEMO_REDIRECT_URI)
    with pytest.raises(UpstreamAuthError, match="invalid_grant"):
        await connector.complete_authorization(callback, redirect_uri=DEMO_REDIRECT_URI)


async def test_the_code_exchange_must_name_the_same_redirect_uri(
        connector: AmazonConnector) -> None:
    url = connector.authorization_url(shop="s", redirect_uri=DEMO_REDIRECT_URI, state="s")
    _, callback, _ = await consent(url)
    with pytest.raises(UpstreamAuthError, match="redirect_uri"):
        await connector.complete_authorization(callback,
                                               redirect_uri="http://127.0.0.1:9/callback")


async def test_a_callback_without_code_or_selling_partner_is_rejected(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    cases = {"spapi_oauth_code": {"state": "s", "selling_partner_id": sandbox.selling_partner_id},
             "selling_partner_id": {"state": "s", "spapi_oauth_code": "ANfake"}}
    for missing, params in cases.items():
        with pytest.raises(WebhookRejected, match=missing):
            await connector.complete_authorization(params, redirect_uri=DEMO_REDIRECT_URI)


async def test_a_wrong_client_secret_is_refused_as_an_auth_error(
        sandbox: Sandbox, session: UpstreamSession) -> None:
    connector = connector_for(sandbox, session, client_secret="not-the-secret")
    url = connector.authorization_url(shop="s", redirect_uri=DEMO_REDIRECT_URI, state="s")
    _, callback, _ = await consent(url)
    with pytest.raises(UpstreamAuthError, match="invalid_client"):
        await connector.complete_authorization(callback, redirect_uri=DEMO_REDIRECT_URI)


# --- tokens -----------------------------------------------------------------------------------

async def test_credentials_about_to_expire_are_refreshed_before_use(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    credentials = sandbox.credentials(expires_at=datetime.now(UTC) + timedelta(minutes=2))
    page = await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                        include_buyer=False, page_size=3)
    assert len(page.orders) == 3 and sandbox.refreshes == 1
    renewed = await connector.refresh_credentials(credentials)
    assert renewed.access_token != credentials.access_token
    assert renewed.refresh_token == credentials.refresh_token      # LWA does not rotate it
    assert renewed.shop == sandbox.selling_partner_id
    assert renewed.expires_at is not None and renewed.expires_at > datetime.now(UTC) + \
        timedelta(minutes=55)
    await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                 include_buyer=False, page_size=3)
    assert sandbox.refreshes == 1                                  # the renewed token is reused
    assert {r["token"] for r in sandbox.requests} == {"lwa"}


async def test_a_token_refused_as_expired_is_refreshed_and_the_call_retried(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    credentials = sandbox.credentials()        # the connector believes it lives another hour
    sandbox.expire_access_tokens()
    orders = await all_orders(connector, credentials)
    assert len(orders) == 40 and sandbox.refreshes == 1
    renewed = await connector.refresh_credentials(credentials)
    assert renewed.access_token != credentials.access_token


async def test_a_revoked_app_means_the_seller_must_authorize_again(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    credentials = sandbox.credentials()
    sandbox.expire_access_tokens()
    sandbox.revoke_refresh_tokens()
    with pytest.raises(UpstreamAuthError, match="invalid_grant"):
        await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                     include_buyer=False)


async def test_a_forged_access_token_is_an_auth_error(sandbox: Sandbox,
                                                      connector: AmazonConnector) -> None:
    forged = Credentials(access_token="Atza|forged", refresh_token="Atzr|forged",
                         expires_at=datetime.now(UTC) + timedelta(hours=1),
                         shop=sandbox.selling_partner_id)
    with pytest.raises(UpstreamAuthError):
        await connector.fetch_orders(forged, cursor=None, updated_since=None,
                                     include_buyer=False)
    assert sandbox.requests == []


# --- orders -----------------------------------------------------------------------------------

async def test_pagination_collects_every_seeded_order_exactly_once(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    credentials = sandbox.credentials()
    orders: list[OrderData] = []
    cursors: list[str] = []
    cursor = None
    while True:
        page = await connector.fetch_orders(credentials, cursor=cursor, updated_since=None,
                                            include_buyer=False, page_size=7)
        orders += page.orders
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
        cursors.append(cursor)
    ids = [order.external_id for order in orders]
    assert len(ids) == len(set(ids)) == 40 and set(ids) == set(sandbox.orders)
    assert len(cursors) == 5
    # Tokens are base64 with "/", "+" and "=": they must survive URL encoding.
    assert all("/" in c and "+" in c and c.endswith("=") for c in cursors)
    assert [o.updated_at for o in orders] == sorted(o.updated_at for o in orders)
    listings = [r for r in sandbox.requests if r["operation"] == wire.GET_ORDERS]
    assert [r["query"].get("NextToken") for r in listings] == [None, *cursors]
    assert {(r["query"]["MarketplaceIds"], r["query"]["LastUpdatedAfter"],
             r["query"]["MaxResultsPerPage"]) for r in listings} == \
        {(wire.US_MARKETPLACE_ID, "2020-01-01T00:00:00Z", "7")}


async def test_a_next_token_resumes_with_or_without_repeating_its_filters(
        sandbox: Sandbox) -> None:
    token = sandbox.credentials().access_token
    path = wire.ORDERS_PATH
    _, _, first = await raw_call(sandbox, "GET", path, token=token,
                                 params=orders_params(MaxResultsPerPage="10"))
    next_token = first["payload"]["NextToken"]
    _, _, alone = await raw_call(sandbox, "GET", path, token=token,
                                 params={"NextToken": next_token, "MaxResultsPerPage": "10"})
    _, _, repeated = await raw_call(sandbox, "GET", path, token=token,
                                    params=orders_params(NextToken=next_token,
                                                         MaxResultsPerPage="10"))
    assert alone["payload"]["Orders"] == repeated["payload"]["Orders"]
    assert {o["AmazonOrderId"] for o in alone["payload"]["Orders"]}.isdisjoint(
        o["AmazonOrderId"] for o in first["payload"]["Orders"])
    status, _, other = await raw_call(
        sandbox, "GET", path, token=token,
        params=orders_params(NextToken=next_token, LastUpdatedAfter="2025-01-01T00:00:00Z"))
    assert status == 400 and other["errors"][0]["code"] == "InvalidInput"


async def test_an_order_changed_while_paging_is_not_skipped(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    credentials = sandbox.credentials()
    first = await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                         include_buyer=False, page_size=10)
    seen = [o.external_id for o in first.orders]
    sandbox.update_order(seen[0], status="Canceled")     # moves to the end of the listing
    rest = await all_orders_from(connector, credentials, first.next_cursor)
    later = [o.external_id for o in rest]
    assert set(seen[1:]) | set(later) == set(sandbox.orders)
    assert later[-1] == seen[0] and len(later) == 31


async def all_orders_from(connector: AmazonConnector, credentials: Credentials,
                          cursor: str | None) -> list[OrderData]:
    orders: list[OrderData] = []
    while cursor is not None:
        page = await connector.fetch_orders(credentials, cursor=cursor, updated_since=None,
                                            include_buyer=False, page_size=10)
        orders += page.orders
        cursor = page.next_cursor
    return orders


async def test_updated_since_returns_only_orders_changed_since(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    since = datetime.now(UTC) - timedelta(seconds=1)
    first, second = list(sandbox.orders)[3], list(sandbox.orders)[17]
    sandbox.update_order(first, status="Shipped")
    sandbox.update_order(second, status="Canceled")
    added = sandbox.add_order(status="Pending", items=2)
    orders = await all_orders(connector, sandbox.credentials(), updated_since=since)
    by_id = {o.external_id: o for o in orders}
    assert set(by_id) == {first, second, added.id}
    assert by_id[first].status == "fulfilled" and by_id[second].status == "cancelled"
    assert by_id[added.id].status == "pending" and len(by_id[added.id].items) == 2
    listing = [r for r in sandbox.requests if r["operation"] == wire.GET_ORDERS][-1]
    assert listing["query"]["LastUpdatedAfter"] == wire.format_time(since)


async def test_every_order_comes_with_all_its_items_and_its_total(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    orders = await all_orders(connector, sandbox.credentials())
    long_orders = [o for o in orders if len(sandbox.orders[o.external_id].items) > 5]
    assert long_orders                            # some orders span two getOrderItems pages
    for order in orders:
        seeded = sandbox.orders[order.external_id]
        assert [(i.sku, i.quantity, i.price) for i in order.items] == \
            [(i.sku, i.quantity, i.unit_price) for i in seeded.items]
        # Pending orders come without OrderTotal: their total is what the items charge.
        assert order.total == seeded.total and order.currency == "USD"
        assert order.shipments == []              # Orders v0 carries no tracking numbers
    item_calls = [r for r in sandbox.requests if r["operation"] == wire.GET_ORDER_ITEMS]
    assert len(item_calls) == 40 + len(long_orders)
    assert sum("NextToken" in r["query"] for r in item_calls) == len(long_orders)
    assert {r["token"] for r in item_calls} == {"lwa"}


async def test_order_statuses_follow_the_shop(sandbox: Sandbox,
                                              connector: AmazonConnector) -> None:
    orders = await all_orders(connector, sandbox.credentials())
    statuses = {sandbox.orders[o.external_id].status: o.status for o in orders}
    assert len(statuses) >= 5
    assert all(wire.order_status(amazon) == ours for amazon, ours in statuses.items())


async def test_a_marketplace_the_seller_does_not_sell_in_is_a_bad_request(
        sandbox: Sandbox, session: UpstreamSession) -> None:
    connector = connector_for(sandbox, session, marketplace_ids="A1PA6795UKMFR9")
    with pytest.raises(UpstreamBadResponse, match="InvalidInput"):
        await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                     include_buyer=False)


async def test_sandbox_checks_get_orders_filters_as_the_model_says(sandbox: Sandbox) -> None:
    token = sandbox.credentials().access_token
    soon = wire.format_time(datetime.now(UTC) - timedelta(seconds=30))
    bad = [{"MarketplaceIds": wire.US_MARKETPLACE_ID},
           orders_params(CreatedAfter="2020-01-01T00:00:00Z"),
           orders_params(LastUpdatedBefore=soon),
           orders_params(MaxResultsPerPage="101"),
           orders_params(OrderStatuses="Lost"),
           {"LastUpdatedAfter": "2020-01-01T00:00:00Z"}]
    for params in bad:
        status, _, body = await raw_call(sandbox, "GET", wire.ORDERS_PATH, token=token,
                                         params=params)
        assert (status, body["errors"][0]["code"]) == (400, "InvalidInput"), params
    status, _, body = await raw_call(sandbox, "GET", wire.ORDERS_PATH, token=token,
                                     params={"MarketplaceIds": wire.US_MARKETPLACE_ID,
                                             "CreatedAfter": "2025-06-03T00:00:00Z",
                                             "OrderStatuses": "Shipped,Canceled"})
    assert status == 200 and body["payload"]["Orders"]
    assert all(o["OrderStatus"] in ("Shipped", "Canceled") and
               o["PurchaseDate"] >= "2025-06-03T00:00:00Z" for o in body["payload"]["Orders"])


# --- buyer data: only with authorization, only through a Restricted Data Token ----------------

async def test_buyer_pii_is_not_requested_without_authorization(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    orders = await all_orders(connector, sandbox.credentials(), include_buyer=False,
                              page_size=15)
    assert len(orders) == 40 and all(order.buyer is None for order in orders)
    check_orders("amazon", frozenset({DataCategory.ORDER_DETAILS}), orders)
    assert sandbox.restricted_tokens == 0 and sandbox.restricted_orders == 0
    assert all(r["token"] == "lwa" and r["operation"] != wire.CREATE_RDT
               for r in sandbox.requests)


async def test_buyer_data_is_read_only_through_a_restricted_data_token(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    orders = await all_orders(connector, sandbox.credentials(), include_buyer=True,
                              page_size=15)
    check_orders("amazon", AmazonConnector.data_categories, orders)
    assert sandbox.restricted_tokens == 1                 # one RDT serves every page
    listings = [r for r in sandbox.requests if r["operation"] == wire.GET_ORDERS]
    assert len(listings) == 3
    assert all(r["token"] == "rdt" and r["elements"] == ["buyerInfo", "shippingAddress"]
               for r in listings)
    assert {r["token"] for r in sandbox.requests
            if r["operation"] != wire.GET_ORDERS} == {"lwa"}
    for order in orders:
        seeded = sandbox.orders[order.external_id]
        buyer = order.buyer
        assert buyer is not None and buyer.external_id == f"order:{seeded.id}"
        assert (buyer.name, buyer.email) == (seeded.buyer_name, seeded.buyer_email)
        if seeded.status in ("Pending", "PendingAvailability", "Canceled"):
            assert buyer.address is None              # no ShippingAddress before it can ship
            continue
        assert buyer.address is not None
        assert (buyer.address.line1, buyer.address.city, buyer.address.country) == \
            (seeded.street, seeded.place[0], "US")
        # The doc: no phone for Amazon-fulfilled orders.
        assert buyer.phone == (seeded.phone if seeded.channel == "MFN" else None)


async def test_an_expired_restricted_data_token_is_replaced(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    credentials = sandbox.credentials()
    await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                 include_buyer=True, page_size=2)
    sandbox.expire_restricted_tokens()
    page = await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                        include_buyer=True, page_size=2)
    assert all(o.buyer is not None for o in page.orders)
    assert sandbox.restricted_tokens == 2 and sandbox.refreshes == 0


async def test_sandbox_serves_restricted_fields_only_to_a_covering_rdt(sandbox: Sandbox) -> None:
    lwa = sandbox.credentials().access_token
    _, _, plain = await raw_call(sandbox, "GET", wire.ORDERS_PATH, token=lwa,
                                 params=orders_params())
    addresses = [o["ShippingAddress"] for o in plain["payload"]["Orders"]
                 if "ShippingAddress" in o]
    assert addresses and all(set(a) <= {"City", "StateOrRegion", "PostalCode", "CountryCode",
                                        "AddressType"} for a in addresses)
    assert all(o["BuyerInfo"] == {} for o in plain["payload"]["Orders"])
    # An RDT for order items only does not open getOrders.
    status, _, granted = await raw_call(sandbox, "POST", wire.RDT_PATH, token=lwa, body={
        "restrictedResources": [{"method": "GET", "path": "/orders/v0/orders/{orderId}/orderItems",
                                 "dataElements": ["buyerInfo"]}]})
    assert status == 200 and granted["expiresIn"] == 3600
    status, _, denied = await raw_call(sandbox, "GET", wire.ORDERS_PATH,
                                       token=granted["restrictedDataToken"],
                                       params=orders_params())
    assert (status, denied["errors"][0]["code"]) == (403, "Unauthorized")
    # dataElements belong to the order operations only; an RDT cannot mint another.
    status, _, refused = await raw_call(sandbox, "POST", wire.RDT_PATH, token=lwa, body={
        "restrictedResources": [{"method": "GET", "path": "/fba/outbound/2020-07-01/orders",
                                 "dataElements": ["shippingAddress"]}]})
    assert (status, refused["errors"][0]["code"]) == (400, "InvalidInput")
    status, _, _ = await raw_call(sandbox, "POST", wire.RDT_PATH,
                                  token=granted["restrictedDataToken"],
                                  body=wire.rdt_request())
    assert status == 403
    assert sandbox.restricted_orders == 0


# --- usage plans and throttling ---------------------------------------------------------------

async def test_throttled_calls_are_retried_and_succeed(sandbox: Sandbox,
                                                       connector: AmazonConnector) -> None:
    credentials = sandbox.credentials()
    first = await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                         include_buyer=False, page_size=5)
    # The first answers told the connector each operation's rate (200 rps here, so the
    # waits are 5 ms); a 429 never carries it.
    sandbox.rate_limit_next(2)
    page = await connector.fetch_orders(credentials, cursor=first.next_cursor,
                                        updated_since=None, include_buyer=False, page_size=5)
    assert len(page.orders) == 5 and sandbox.rate_limited == 2


async def test_a_429_before_any_rate_is_known_waits_the_documented_default(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    sandbox.rate_limit_next(1)
    with pytest.raises(UpstreamRateLimited) as caught:
        await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                     include_buyer=False)
    # getOrders' documented plan is 0.0167 rps: a minute, longer than the session may wait.
    assert caught.value.retry_after == pytest.approx(1 / 0.0167)


async def test_the_wait_after_quota_exceeded_follows_x_amzn_ratelimit_limit(
        session: UpstreamSession) -> None:
    # getOrderItems at 20 rps with a burst of 3: waits of 1/20 s. Waiting the documented
    # default (2 s) instead would take seconds.
    sandbox = Sandbox(orders=12, usage_plans={**FAST_PLANS, wire.GET_ORDER_ITEMS: (20.0, 3)})
    await sandbox.start()
    try:
        started = time.monotonic()
        orders = await all_orders(connector_for(sandbox, session), sandbox.credentials())
        elapsed = time.monotonic() - started
        assert len(orders) == 12 and all(o.items for o in orders)
        assert sandbox.rate_limited > 0 and elapsed < 1.9
    finally:
        await sandbox.stop()


async def test_a_quota_refilling_slower_than_the_session_waits_is_left_to_the_job_retry(
        session: UpstreamSession) -> None:
    # The documented getOrders plan: 0.0167 rps (one call a minute once the burst is spent).
    sandbox = Sandbox(orders=6, usage_plans={**FAST_PLANS, wire.GET_ORDERS: (0.0167, 1)})
    await sandbox.start()
    try:
        connector = connector_for(sandbox, session)
        first = await connector.fetch_orders(sandbox.credentials(), cursor=None,
                                             updated_since=None, include_buyer=False,
                                             page_size=3)
        with pytest.raises(UpstreamRateLimited) as caught:
            await connector.fetch_orders(sandbox.credentials(), cursor=first.next_cursor,
                                         updated_since=None, include_buyer=False, page_size=3)
        assert caught.value.retry_after == pytest.approx(1 / 0.0167)
        assert sandbox.rate_limited == 1                # no hopeless retry within the job
    finally:
        await sandbox.stop()


async def test_lasting_throttling_raises_rate_limited(sandbox: Sandbox,
                                                      connector: AmazonConnector) -> None:
    credentials = sandbox.credentials()
    await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                 include_buyer=False, page_size=1)
    sandbox.rate_limit_next(50)
    with pytest.raises(UpstreamRateLimited) as caught:
        await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                     include_buyer=False)
    assert caught.value.retry_after == pytest.approx(1 / 200)
    assert sandbox.rate_limited == AmazonConnector.rate_limit_attempts


async def test_sandbox_headers_follow_the_usage_plan_doc(sandbox: Sandbox) -> None:
    token = sandbox.credentials().access_token
    status, headers, _ = await raw_call(sandbox, "GET", wire.ORDERS_PATH, token=token,
                                        params=orders_params())
    assert status == 200 and headers["x-amzn-RateLimit-Limit"] == "200.0"
    assert headers["x-amzn-RequestId"]
    sandbox.rate_limit_next(1)
    status, headers, body = await raw_call(sandbox, "GET", wire.ORDERS_PATH, token=token,
                                           params=orders_params())
    assert (status, body["errors"][0]["code"]) == (429, "QuotaExceeded")
    assert "x-amzn-RateLimit-Limit" not in headers and headers["x-amzn-RequestId"]
    status, headers, body = await raw_call(sandbox, "GET", wire.ORDERS_PATH, token=None,
                                           params=orders_params())
    assert (status, body["errors"][0]["code"]) == (400, "Unauthorized")
    assert headers["x-amzn-ErrorType"] == "ValidationException"


# --- errors -----------------------------------------------------------------------------------

async def test_server_errors_are_retried(sandbox: Sandbox, connector: AmazonConnector) -> None:
    sandbox.fail_next(2, status=503)
    page = await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                        include_buyer=False, page_size=5)
    assert len(page.orders) == 5


async def test_a_lasting_outage_is_reported_as_unavailable(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    sandbox.fail_next(10, status=500)
    with pytest.raises(UpstreamUnavailable):
        await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                     include_buyer=False)


async def test_an_answer_that_is_not_json_is_a_bad_response(
        sandbox: Sandbox, connector: AmazonConnector) -> None:
    sandbox.garble_next(1)
    with pytest.raises(UpstreamBadResponse):
        await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                     include_buyer=False)


async def test_items_of_an_unknown_order_are_not_found(sandbox: Sandbox) -> None:
    token = sandbox.credentials().access_token
    status, _, body = await raw_call(sandbox, "GET", wire.order_items_path("999-0000000-0000000"),
                                     token=token)
    assert (status, body["errors"][0]["code"]) == (404, "NotFound")
    status, _, body = await raw_call(sandbox, "GET", wire.order_items_path("not-an-id"),
                                     token=token)
    assert (status, body["errors"][0]["code"]) == (400, "InvalidInput")


# --- webhooks ---------------------------------------------------------------------------------

def test_http_webhooks_are_refused_because_amazon_notifies_through_sqs(
        connector: AmazonConnector) -> None:
    body = (b'{"NotificationVersion":"1.0","NotificationType":"ORDER_CHANGE","Payload":'
            b'{"OrderChangeNotification":{"AmazonOrderId":"902-3159896-1390916"}}}')
    with pytest.raises(WebhookRejected, match="SQS or EventBridge"):
        connector.verify_webhook({"Content-Type": "application/json"}, body)


# --- data categories --------------------------------------------------------------------------

def test_the_plugin_is_discovered_with_its_version_and_honest_categories() -> None:
    registry = PluginRegistry.discover()
    assert "marketplaces/amazon" not in registry.failures
    [info] = [i for i in registry.infos if i.kind == "marketplaces" and i.name == "amazon"]
    assert info.version == "1.0.0"
    assert info.data_categories == ("buyer_address", "buyer_contact", "buyer_identity",
                                    "order_details")


def test_returning_buyer_data_undeclared_is_refused() -> None:
    order = wire.parse_order(DOC_ORDER, DOC_ITEMS_PAGE["payload"]["OrderItems"],
                             include_buyer=True)
    with pytest.raises(UndeclaredDataError, match="buyer_address, buyer_identity"):
        check_orders("amazon", frozenset({DataCategory.ORDER_DETAILS}), [order])
    check_orders("amazon", AmazonConnector.data_categories, [order])


# --- wire parsing on recorded payloads --------------------------------------------------------

def test_the_documented_order_and_items_parse_to_sellergate_order_data() -> None:
    page = wire.parse_orders_page(DOC_ORDERS_PAGE)
    assert page.next_token == "2YgYW55IGNhcm5hbCBwbGVhc3VyZS4"
    items, items_token = wire.parse_items_page(DOC_ITEMS_PAGE)
    assert items_token == "2YgYW55IGNhcm5hbCBwbGVhc3VyZS4"
    order = wire.parse_order(page.orders[0], items, include_buyer=True)
    assert (order.external_id, order.number, order.status) == \
        ("902-3159896-1390916", "902-3159896-1390916", "pending")
    # A pending order has no OrderTotal: item price plus shipping.
    assert (order.currency, order.total) == ("JPY", Decimal("27.25"))
    assert order.placed_at == datetime(2017, 1, 20, 19, 49, 35, tzinfo=UTC)
    assert order.updated_at == order.placed_at
    assert [(i.sku, i.title, i.quantity, i.price) for i in order.items] == \
        [("CBA_OTF_1", "Example item name", 1, Decimal("25.99"))]
    buyer = order.buyer
    assert buyer is not None
    assert (buyer.external_id, buyer.name, buyer.email, buyer.phone) == \
        ("order:902-3159896-1390916", "John Doe", None, None)
    assert buyer.address is not None
    assert (buyer.address.line1, buyer.address.city, buyer.address.province,
            buyer.address.postal_code, buyer.address.country) == \
        ("1 Cross St.", "Canton", "MI", "48817", "US")


def test_buyer_fields_of_a_recorded_order_are_dropped_without_authorization() -> None:
    order = wire.parse_order(DOC_ORDER, [], include_buyer=False)
    assert order.buyer is None and order.total == Decimal("0.00")
    check_orders("amazon", frozenset({DataCategory.ORDER_DETAILS}), [order])


def test_item_price_is_the_line_price_and_becomes_a_unit_price() -> None:
    item = {**DOC_ITEMS_PAGE["payload"]["OrderItems"][0], "QuantityOrdered": 3,
            "ItemPrice": {"CurrencyCode": "USD", "Amount": "193.50"}}
    order = wire.parse_order({**DOC_ORDER, "OrderTotal": {"CurrencyCode": "USD",
                                                          "Amount": "199.99"}},
                             [item, {"ASIN": "B0CANCELED", "QuantityOrdered": 0}],
                             include_buyer=False)
    assert [(i.sku, i.quantity, i.price) for i in order.items] == \
        [("CBA_OTF_1", 3, Decimal("64.50")), ("B0CANCELED", 0, Decimal("0.00"))]
    assert (order.currency, order.total) == ("USD", Decimal("199.99"))   # OrderTotal wins


@pytest.mark.parametrize(("amazon", "sellergate"), [
    ("PendingAvailability", "pending"), ("Pending", "pending"), ("Unshipped", "paid"),
    ("PartiallyShipped", "paid"), ("Shipped", "fulfilled"), ("InvoiceUnconfirmed", "fulfilled"),
    ("Canceled", "cancelled"), ("Unfulfillable", "cancelled"), ("SomethingNew", "pending"),
])
def test_order_statuses_map_to_sellergate_statuses(amazon: str, sellergate: str) -> None:
    assert wire.order_status(amazon) == sellergate


@pytest.mark.parametrize("broken", [
    {"errors": []}, {"payload": {"Orders": "none"}}, {"payload": {"Orders": [{"OrderStatus": "x"}]}},
    ["not", "an", "object"],
])
def test_malformed_orders_pages_are_bad_responses(broken: Any) -> None:
    with pytest.raises(UpstreamBadResponse):
        wire.parse_orders_page(broken)


@pytest.mark.parametrize("field", ["PurchaseDate", "OrderStatus", "LastUpdateDate"])
def test_an_order_missing_a_required_field_is_a_bad_response(field: str) -> None:
    with pytest.raises(UpstreamBadResponse, match="malformed Amazon order"):
        wire.parse_order({k: v for k, v in DOC_ORDER.items() if k != field}, [],
                         include_buyer=False)
    with pytest.raises(UpstreamBadResponse):
        wire.parse_order(DOC_ORDER, [{"ASIN": "B0", "QuantityOrdered": "two"}],
                         include_buyer=False)


def test_the_documented_token_answer_parses_to_credentials() -> None:
    now = datetime(2025, 6, 1, tzinfo=UTC)
    credentials = wire.parse_token(DOC_TOKEN, now=now, selling_partner_id="A3SELLER")
    assert credentials.access_token == DOC_TOKEN["access_token"]
    assert credentials.refresh_token == DOC_TOKEN["refresh_token"]
    assert credentials.expires_at == now + timedelta(hours=1)
    assert credentials.shop == "A3SELLER"
    # A refresh answer without refresh_token keeps the one held.
    renewed = wire.parse_token({k: v for k, v in DOC_TOKEN.items() if k != "refresh_token"},
                               now=now, previous=credentials)
    assert (renewed.refresh_token, renewed.shop) == (DOC_TOKEN["refresh_token"], "A3SELLER")
    with pytest.raises(UpstreamBadResponse):
        wire.parse_token({**DOC_TOKEN, "expires_in": "3600"}, now=now)


def test_the_restricted_data_token_request_and_answer() -> None:
    assert wire.rdt_request() == {"restrictedResources": [{
        "method": "GET", "path": "/orders/v0/orders",
        "dataElements": ["buyerInfo", "shippingAddress"]}]}
    now = datetime(2025, 6, 1, tzinfo=UTC)
    token, expires_at = wire.parse_rdt({"restrictedDataToken": "Atz.sprdt|AYABeKoo",
                                        "expiresIn": 3600}, now=now)
    assert (token, expires_at) == ("Atz.sprdt|AYABeKoo", now + timedelta(hours=1))
    with pytest.raises(UpstreamBadResponse):
        wire.parse_rdt({"errors": [{"code": "InvalidInput", "message": "x"}]}, now=now)


@pytest.mark.parametrize(("status", "code", "error"), [
    (429, "QuotaExceeded", UpstreamRateLimited), (403, "Unauthorized", wire.TokenRefused),
    (400, "Unauthorized", wire.TokenRefused), (401, "Unauthenticated", UpstreamAuthError),
    (500, "InternalFailure", UpstreamUnavailable), (503, "ServiceUnavailable", UpstreamUnavailable),
    (400, "InvalidInput", UpstreamBadResponse), (404, "NotFound", UpstreamBadResponse),
    (413, "RequestTooLarge", UpstreamBadResponse),
])
def test_sp_api_errors_map_to_sdk_errors(status: int, code: str, error: type[Exception]) -> None:
    body = {"errors": [{"code": code, "message": "m", "details": "d"}]}
    with pytest.raises(error, match=code):
        raise wire.error_for(status, body, retry_after=2.0)
    limited = wire.error_for(429, None, retry_after=59.9)
    assert isinstance(limited, UpstreamRateLimited) and limited.retry_after == 59.9


@pytest.mark.parametrize(("status", "code", "error"), [
    (400, "invalid_grant", UpstreamAuthError), (401, "invalid_client", UpstreamAuthError),
    (400, "unauthorized_client", UpstreamAuthError), (400, "access_denied", UpstreamAuthError),
    (500, "server_error", UpstreamUnavailable), (400, "temporarily_unavailable", UpstreamUnavailable),
    (400, "invalid_request", UpstreamBadResponse),
])
def test_lwa_errors_map_to_sdk_errors(status: int, code: str, error: type[Exception]) -> None:
    assert isinstance(wire.lwa_error(status, {"error": code, "error_description": "d"}), error)


def test_the_rate_limit_header_is_read_case_insensitively() -> None:
    assert wire.rate_limit_of({"x-amzn-RateLimit-Limit": "0.0167"}) == 0.0167
    assert wire.rate_limit_of({"X-AMZN-RATELIMIT-LIMIT": "2.0"}) == 2.0
    assert wire.rate_limit_of({"x-amzn-RateLimit-Limit": "fast"}) is None
    assert wire.rate_limit_of({"x-amzn-RateLimit-Limit": "0"}) is None
    assert wire.rate_limit_of({}) is None


def test_the_orders_query_reads_by_last_update_with_bounded_pages() -> None:
    first = wire.orders_query(marketplace_ids=["ATVPDKIKX0DER", "A2EUQ1WTGCTBG2"],
                              updated_since=None, page_size=500, next_token=None)
    assert first == {"MarketplaceIds": "ATVPDKIKX0DER,A2EUQ1WTGCTBG2",
                     "LastUpdatedAfter": "2020-01-01T00:00:00Z", "MaxResultsPerPage": "100"}
    since = datetime(2025, 6, 1, 12, 30, 15, 999_000, tzinfo=UTC)
    later = wire.orders_query(marketplace_ids=["ATVPDKIKX0DER"], updated_since=since,
                              page_size=0, next_token="a/b+c=")
    assert later["LastUpdatedAfter"] == "2025-06-01T12:30:15Z"     # truncated, never later
    assert (later["MaxResultsPerPage"], later["NextToken"]) == ("1", "a/b+c=")


def test_the_consent_url_and_the_callback() -> None:
    url = wire.authorize_url(authorize_page=wire.AUTHORIZE_URL, application_id="amzn1.sp.x",
                             state="s 1", redirect_uri="https://sg.example/cb", draft=True)
    assert url == ("https://sellercentral.amazon.com/apps/authorize/consent?application_id="
                   "amzn1.sp.x&state=s+1&redirect_uri=https%3A%2F%2Fsg.example%2Fcb&version=beta")
    assert wire.parse_callback({"state": "s", "selling_partner_id": "A3SELLER",
                                "spapi_oauth_code": "ANabc", "mws_auth_token": "amzn.mws.x"}) \
        == ("ANabc", "A3SELLER")


# --- settings ---------------------------------------------------------------------------------

def test_an_unknown_setting_is_refused_with_the_likely_fix() -> None:
    base = {"client_id": "c", "client_secret": "s", "application_id": "a"}
    with pytest.raises(ValueError, match="did you mean 'client_secret'"):
        AmazonSettings.from_mapping({**base, "client_secert": "s"})
    with pytest.raises(ValueError, match=r"application_id.*required"):
        AmazonSettings.from_mapping({"client_id": "c", "client_secret": "s"})
    with pytest.raises(ValueError, match="true or false"):
        AmazonSettings.from_mapping({**base, "draft": "maybe"})
    with pytest.raises(ValueError, match="history_start"):
        AmazonSettings.from_mapping({**base, "history_start": "last year"})
    defaults = AmazonSettings.from_mapping({k.upper(): v for k, v in base.items()})
    assert (defaults.token_url, defaults.authorize_url, defaults.marketplace_ids,
            defaults.draft) == (wire.TOKEN_URL, wire.AUTHORIZE_URL, ("ATVPDKIKX0DER",), False)
