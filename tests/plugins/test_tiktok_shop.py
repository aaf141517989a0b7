"""The TikTok Shop plugin against its sandbox over real loopback HTTP, and its wire formats on the
doc's test vectors and recorded payloads."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import aiohttp
import orjson
import pytest

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
from plugins.tiktok_shop import wire
from plugins.tiktok_shop.connector import TikTokShopConnector, TikTokShopSettings
from plugins.tiktok_shop.sandbox import Sandbox

# Recorded payloads: the doc's response samples (get-order-list-202309, authorization overview,
# get-authorized-shops-202309), trimmed to the fields the plugin reads plus a few it ignores.
DOC_ORDER: dict[str, Any] = {
    "id": "576461413038785752", "status": "UNPAID", "create_time": 1619611561,
    "update_time": 1619621355, "user_id": "7021436810468230477",
    "buyer_email": "v2b2V5@chat.seller.tiktok.com", "buyer_message": "Please ship asap!",
    "buyer_nickname": "user213123", "shipping_provider": "TT Virtual express",
    "tracking_number": "JX12345", "cancel_reason": "Pricing error",
    "payment": {"currency": "IDR", "sub_total": "5000", "shipping_fee": "5000",
                "total_amount": "5000", "tax": "5000"},
    "recipient_address": {
        "full_address": "1199 Coleman Ave San Jose, CA 95110", "phone_number": "(+1)213-***-1234",
        "name": "David Kong", "first_name": "David", "last_name": "Kong",
        "address_detail": "Unit one building 8", "address_line1": "TikTok 5800 bristol Pkwy",
        "address_line2": "Suite 100", "address_line3": " ", "address_line4": " ",
        "district_info": [{"address_level_name": "Country", "address_name": "United Kingdom",
                           "address_level": "L0", "iso_code": "VAN"}],
        "postal_code": "95110", "region_code": "US", "post_town": "Ribbleton",
    },
    "line_items": [{
        "id": "577086512123755123", "sku_id": "2729382476852921560",
        "product_name": "Women's Winter Crochet Clothes", "seller_sku": "red_iphone_256",
        "sku_name": "Iphone", "sale_price": "0.01", "original_price": "0.01", "currency": "IDR",
        "package_status": "TO_FULFILL", "shipping_provider_name": "TT Virtual express",
        "tracking_number": "JX12345", "package_id": "1153132168123859123", "is_gift": False,
    }],
}
DOC_TOKEN: dict[str, Any] = {
    "code": 0, "message": "success", "request_id": "2024080809462301024509910319695C45",
    "data": {
        "access_token": "TTP_Fw8rBwAAAAAkW03FYd09DG-9INtpw361hWthei8S3fHX8iPJ5AUv99fLSCYD9-UucaqxTgNRzKZxi5",
        "access_token_expire_in": 1660556783,
        "refresh_token": "TTP_NTUxZTNhYTQ2ZDk2YmRmZWNmYWY2YWY2YzkxNGYwNjQ3YjkzYTllYjA0YmNlMw",
        "refresh_token_expire_in": 1691487031, "open_id": "7010736057180325637",
        "seller_name": "Test Seller", "seller_base_region": "US", "user_type": 0,
        "granted_scopes": ["seller.affiliate_collaboration.read"],
    },
}
DOC_SHOPS: dict[str, Any] = {"shops": [{
    "id": "7000714532876273420", "name": "Maomao beauty shop", "region": "GB",
    "seller_type": "CROSS_BORDER", "cipher": "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3",
    "code": "CNGBCBA4LLU8",
}]}
DOC_WEBHOOK = (b'{"type":1,"tts_notification_id":"7380066284010030890","shop_id":"7495540735365777507",'
               b'"timestamp":1718305585,"data":{"is_on_hold_order":true,"order_id":"576653688135258178",'
               b'"order_status":"UNPAID","update_time":1718305585}}')

BUYER_CATEGORIES = {DataCategory.BUYER_IDENTITY, DataCategory.BUYER_CONTACT,
                    DataCategory.BUYER_ADDRESS}


# --- fixtures ---------------------------------------------------------------------------------

@pytest.fixture
async def session() -> AsyncIterator[UpstreamSession]:
    # Short backoffs keep outage and rate-limit tests fast.
    upstream = UpstreamSession(timeout=5.0, policy=RetryPolicy(base_delay=0.01,
                                                               max_rate_limit_wait=2.0))
    yield upstream
    await upstream.close()


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    server = Sandbox(orders=60)
    await server.start()
    yield server
    await server.stop()


def connector_for(sandbox: Sandbox, session: UpstreamSession,
                  **settings: str) -> TikTokShopConnector:
    return TikTokShopConnector(base_url=sandbox.base_url,
                               settings={**sandbox.connector_settings(), **settings},
                               session=session)


@pytest.fixture
def connector(sandbox: Sandbox, session: UpstreamSession) -> TikTokShopConnector:
    return connector_for(sandbox, session)


async def all_orders(connector: TikTokShopConnector, credentials: Credentials, *,
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


async def authorize(connector: TikTokShopConnector, state: str = "nonce-42") -> dict[str, str]:
    """Open the authorization page as the seller's browser and return the callback's query."""
    url = connector.authorization_url(shop="", redirect_uri="ignored", state=state)
    async with aiohttp.ClientSession() as browser, \
            browser.get(url, allow_redirects=False) as answer:
        assert answer.status == 302
        return dict(parse_qsl(urlsplit(answer.headers["Location"]).query))


async def raw_call(sandbox: Sandbox, path: str, *, token: str, timestamp: int | None = None,
                   secret: str | None = None, cipher: str | None = None) -> tuple[int, Any]:
    """A hand-signed GET, to see the sandbox's own answers to bad requests."""
    query = wire.signed_query(path, {}, b"", app_key=sandbox.app_key,
                              app_secret=secret or sandbox.app_secret,
                              timestamp=timestamp or int(time.time()), shop_cipher=cipher)
    async with aiohttp.ClientSession() as client, \
            client.get(sandbox.base_url + path, params=query,
                       headers={"x-tts-access-token": token}) as answer:
        return answer.status, await answer.json()


# --- signatures: the doc's test vectors -------------------------------------------------------

def test_request_signature_matches_the_official_test_vector() -> None:
    params = {"app_key": "29a39d", "timestamp": "1623812664"}
    path = "/authorization/202309/shops"
    assert wire.string_to_sign(path, params) == \
        "/authorization/202309/shopsapp_key29a39dtimestamp1623812664"
    expected = "b596b73e0cc6de07ac26f036364178ab16b0a907af13d43f0a0cd2345f582dc8"
    assert wire.sign(path, params, b"", "e59af819cc") == expected
    # sign and the access token are never part of what is signed.
    assert wire.sign(path, {**params, "sign": "x", "access_token": "t"}, b"",
                     "e59af819cc") == expected


def test_the_raw_body_is_signed_after_the_sorted_query_unless_multipart() -> None:
    params = {"timestamp": "1696909648", "shop_cipher": "ROW_xkMbgAAAeVAQra0eZWebFQq5aIKt",
              "app_key": "68xu9ks5p4i8"}
    body = b'{"address":"https://partner.tiktokshop.com","event_type":"PACKAGE_UPDATE"}'
    assert wire.string_to_sign("/event/202309/webhooks", params, body) == (
        "/event/202309/webhooksapp_key68xu9ks5p4i8shop_cipherROW_xkMbgAAAeVAQra0eZWebFQq5aIKt"
        "timestamp1696909648" + body.decode())
    assert wire.string_to_sign("/product/202309/images/upload", params, b"--boundary",
                               "multipart/form-data; boundary=x").endswith("1696909648")


def test_webhook_signature_matches_the_documented_vector() -> None:
    assert wire.webhook_signature("abcdef", "123", DOC_WEBHOOK) == \
        "5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05"


# --- the sandbox checks every call as TikTok does ---------------------------------------------

async def test_a_connector_with_the_wrong_secret_is_refused_as_unauthorized(
        sandbox: Sandbox, session: UpstreamSession) -> None:
    connector = connector_for(sandbox, session, app_secret="not-the-secret")
    with pytest.raises(UpstreamAuthError, match="106001"):
        await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                     include_buyer=False)
    assert sandbox.requests == []


async def test_sandbox_answers_bad_requests_with_the_documented_error_codes(
        sandbox: Sandbox) -> None:
    token = sandbox.credentials().access_token
    status, body = await raw_call(sandbox, wire.SHOPS_PATH, token=token, secret="forged")
    assert (status, body["code"], body["message"]) == (401, 106001, "signature is invalid")
    status, body = await raw_call(sandbox, wire.SHOPS_PATH, token=token,
                                  timestamp=int(time.time()) - 301)
    assert (status, body["code"]) == (401, wire.ERROR_INVALID_CREDENTIALS)
    status, body = await raw_call(sandbox, wire.SHOPS_PATH, token="TTP_unknown")
    assert (status, body["code"]) == (401, wire.ERROR_INVALID_CREDENTIALS)
    status, body = await raw_call(sandbox, wire.SHOPS_PATH, token=token, cipher="ROW_x")
    assert body["code"] == wire.ERROR_INVALID_CREDENTIALS          # unexpected shop_cipher
    status, body = await raw_call(sandbox, f"{wire.ORDER_DETAIL_PATH}", token=token)
    assert (status, body["code"]) == (400, wire.ERROR_MISSING_SHOP_CIPHER)
    status, body = await raw_call(sandbox, wire.SHOPS_PATH, token=token)
    assert (status, body["code"]) == (200, 0)
    assert body["data"]["shops"][0]["cipher"] == sandbox.shop_cipher


# --- authorization and tokens -----------------------------------------------------------------

async def test_seller_authorization_yields_credentials_scoped_to_the_authorized_shop(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    url = connector.authorization_url(shop="", redirect_uri="ignored", state="nonce-42")
    assert dict(parse_qsl(urlsplit(url).query)) == {"service_id": sandbox.service_id,
                                                    "state": "nonce-42"}
    callback = await authorize(connector)
    assert callback["state"] == "nonce-42"
    credentials = await connector.complete_authorization(callback, redirect_uri="ignored")
    assert credentials.shop == sandbox.shop_id                      # what webhooks name
    assert credentials.extra["shop_cipher"] == sandbox.shop_cipher
    assert credentials.extra["open_id"] == sandbox.open_id
    assert credentials.access_token.startswith("TTP_") and credentials.refresh_token
    assert credentials.expires_at is not None
    assert abs((credentials.expires_at - datetime.now(UTC)).total_seconds()
               - sandbox.token_ttl) < 5
    page = await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                        include_buyer=False, page_size=5)
    assert len(page.orders) == 5
    shops_call = sandbox.requests[0]
    assert shops_call["path"] == wire.SHOPS_PATH and "shop_cipher" not in shops_call["query"]


async def test_authorization_without_a_service_id_uses_the_legacy_page(
        sandbox: Sandbox, session: UpstreamSession) -> None:
    settings = {k: v for k, v in sandbox.connector_settings().items() if k != "service_id"}
    connector = TikTokShopConnector(base_url=sandbox.base_url, settings=settings,
                                    session=session)
    url = connector.authorization_url(shop="", redirect_uri="ignored", state="s")
    assert urlsplit(url).path == "/oauth/authorize"
    callback = await authorize(connector, state="s")
    assert (await connector.complete_authorization(callback, redirect_uri="x")).shop


async def test_an_authorization_code_cannot_be_used_twice(
        connector: TikTokShopConnector) -> None:
    callback = await authorize(connector)
    await connector.complete_authorization(callback, redirect_uri="ignored")
    with pytest.raises(UpstreamAuthError):
        await connector.complete_authorization(callback, redirect_uri="ignored")


async def test_a_callback_without_a_code_is_rejected(connector: TikTokShopConnector) -> None:
    with pytest.raises(WebhookRejected, match="code"):
        await connector.complete_authorization({"state": "s"}, redirect_uri="ignored")


async def test_tokens_close_to_expiry_are_renewed_and_fresh_ones_kept(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    fresh = sandbox.credentials()
    assert await connector.refresh_credentials(fresh) is fresh
    expiring = sandbox.credentials(expires_at=datetime.now(UTC) + timedelta(seconds=30))
    renewed = await connector.refresh_credentials(expiring)
    assert renewed.access_token != expiring.access_token
    assert renewed.refresh_token != expiring.refresh_token
    assert renewed.expires_at is not None and expiring.expires_at is not None
    assert renewed.expires_at > expiring.expires_at
    assert (renewed.shop, renewed.extra["shop_cipher"]) == (sandbox.shop_id, sandbox.shop_cipher)
    assert sandbox.refreshes == 1
    page = await connector.fetch_orders(renewed, cursor=None, updated_since=None,
                                        include_buyer=False, page_size=3)
    assert len(page.orders) == 3


async def test_an_expired_access_token_is_refreshed_and_the_call_retried_once(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    credentials = sandbox.credentials()                  # the connector believes them valid
    sandbox.expire_access_tokens()
    orders = await all_orders(connector, credentials, page_size=25)
    assert len(orders) == 60
    assert sandbox.refreshes == 1
    # The sync stores what refresh_credentials answers: the renewed tokens, without a new call.
    stored = await connector.refresh_credentials(credentials)
    assert stored.access_token != credentials.access_token and sandbox.refreshes == 1


async def test_a_refused_refresh_token_means_the_seller_must_reconnect(
        session: UpstreamSession) -> None:
    sandbox = Sandbox(orders=3, refresh_ttl=0)
    await sandbox.start()
    try:
        connector = connector_for(sandbox, session)
        credentials = sandbox.credentials()
        sandbox.expire_access_tokens()
        with pytest.raises(UpstreamAuthError, match="refresh_token"):
            await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                         include_buyer=False)
    finally:
        await sandbox.stop()


# --- orders -----------------------------------------------------------------------------------

async def test_pagination_collects_every_seeded_order_exactly_once(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    credentials = sandbox.credentials()
    cursors: list[str] = []
    orders: list[OrderData] = []
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
    assert len(ids) == len(set(ids)) == 60 and set(ids) == set(sandbox.orders)
    assert len(cursors) == 8
    # Tokens hold "/" and "+": they must survive URL encoding and sign as decoded values.
    assert all("/" in c and "+" in c for c in cursors)
    assert [o.updated_at for o in orders] == sorted(o.updated_at for o in orders)
    searches = [r for r in sandbox.requests if r["path"] == wire.ORDER_SEARCH_PATH]
    assert {(r["query"]["sort_field"], r["query"]["sort_order"]) for r in searches} == \
        {("update_time", "ASC")}
    assert all("shop_cipher" in r["query"] and "sign" in r["query"] for r in searches)


async def test_updated_since_returns_only_orders_changed_since(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    since = datetime.now(UTC) - timedelta(seconds=1)
    first, second = list(sandbox.orders)[3], list(sandbox.orders)[17]
    sandbox.update_order(first, tracking=("UPS", "1ZNEW0001"))
    sandbox.update_order(second, status="CANCELLED")
    added = sandbox.add_order(status="UNPAID", items=2)
    orders = await all_orders(connector, sandbox.credentials(), updated_since=since)
    by_id = {o.external_id: o for o in orders}
    assert set(by_id) == {first, second, added.id}
    assert by_id[first].status == "fulfilled"
    assert [(s.carrier, s.tracking_number) for s in by_id[first].shipments] == \
        [("UPS", "1ZNEW0001")]
    assert by_id[second].status == "cancelled"
    assert by_id[added.id].status == "pending" and len(by_id[added.id].items) == 2
    body = orjson.loads(sandbox.requests[-1]["body"])
    assert body == {"update_time_ge": int(since.timestamp())}


async def test_buyer_pii_is_not_imported_without_authorization(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    orders = await all_orders(connector, sandbox.credentials(), include_buyer=False)
    assert len(orders) == 60 and all(order.buyer is None for order in orders)
    check_orders("tiktok_shop", frozenset({DataCategory.ORDER_DETAILS, DataCategory.SHIPMENT}),
                 orders)


async def test_buyer_data_is_imported_with_authorization(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    orders = await all_orders(connector, sandbox.credentials(), include_buyer=True)
    check_orders("tiktok_shop", TikTokShopConnector.data_categories, orders)
    with_address = [o for o in orders if o.buyer and o.buyer.address]
    unpaid = [o for o in orders if sandbox.orders[o.external_id].status in ("UNPAID", "ON_HOLD")]
    assert with_address and unpaid
    # The doc: no recipient address before the order is paid and out of its hold.
    assert all(o.buyer is not None and o.buyer.address is None for o in unpaid)
    sample = with_address[0]
    seeded = sandbox.orders[sample.external_id]
    assert sample.buyer is not None and sample.buyer.email == seeded.buyer_email
    assert sample.buyer.external_id == seeded.user_id
    assert sample.buyer.address is not None and sample.buyer.address.country == "US"


async def test_orders_can_be_fetched_by_id_in_batches_of_fifty(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    ids = list(sandbox.orders)
    orders = await connector.fetch_orders_by_id(sandbox.credentials(), ids, include_buyer=False)
    assert [o.external_id for o in orders] == ids
    details = [r for r in sandbox.requests if r["path"] == wire.ORDER_DETAIL_PATH]
    assert [len(r["query"]["ids"].split(",")) for r in details] == [50, 10]


async def test_order_amounts_items_and_tracking_match_the_shop(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    orders = await all_orders(connector, sandbox.credentials())
    for order in orders:
        seeded = sandbox.orders[order.external_id]
        assert order.total == seeded.total
        assert sum(i.quantity for i in order.items) == sum(i.quantity for i in seeded.items)
        assert order.total == sum(i.price * i.quantity for i in order.items)
        assert [s.tracking_number for s in order.shipments] == \
            ([seeded.tracking_number] if seeded.tracking_number else [])


async def test_rate_limited_calls_are_retried_after_a_backoff(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    sandbox.rate_limit_next(2)
    page = await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                        include_buyer=False, page_size=10)
    assert len(page.orders) == 10 and sandbox.rate_limited == 2


async def test_lasting_rate_limiting_is_left_to_the_job_retry(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    sandbox.rate_limit_next(10)
    with pytest.raises(UpstreamRateLimited) as caught:
        await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                     include_buyer=False)
    assert caught.value.retry_after > 0
    assert sandbox.rate_limited == TikTokShopConnector.rate_limit_attempts


async def test_a_qps_limit_is_waited_out() -> None:
    # Backoffs of 25-50, 50-100 and 100-200 ms: the third retry always finds a refilled token
    # at 10 requests per second, once the burst of 10 is spent.
    session = UpstreamSession(timeout=5.0, policy=RetryPolicy(base_delay=0.05))
    sandbox = Sandbox(orders=20, qps=10)
    await sandbox.start()
    try:
        orders = await all_orders(connector_for(sandbox, session), sandbox.credentials(),
                                  page_size=1)
        assert len(orders) == 20 and sandbox.rate_limited > 0
    finally:
        await sandbox.stop()
        await session.close()


async def test_server_errors_are_retried(sandbox: Sandbox,
                                         connector: TikTokShopConnector) -> None:
    sandbox.fail_next(2, status=503)
    page = await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                        include_buyer=False, page_size=5)
    assert len(page.orders) == 5


async def test_a_lasting_outage_is_reported_as_unavailable(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    sandbox.fail_next(10, status=503)
    with pytest.raises(UpstreamUnavailable):
        await connector.fetch_orders(sandbox.credentials(), cursor=None, updated_since=None,
                                     include_buyer=False)


async def test_credentials_without_a_shop_cipher_are_refused_before_calling(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    credentials = Credentials(access_token=sandbox.credentials().access_token,
                              shop=sandbox.shop_id)
    with pytest.raises(UpstreamAuthError, match="shop cipher"):
        await connector.fetch_orders(credentials, cursor=None, updated_since=None,
                                     include_buyer=False)
    assert sandbox.requests == []


# --- webhooks ---------------------------------------------------------------------------------

def test_a_signed_order_status_webhook_is_accepted(sandbox: Sandbox,
                                                   connector: TikTokShopConnector) -> None:
    order_id = next(iter(sandbox.orders))
    headers, body = sandbox.signed_webhook(1, {"order_id": order_id, "order_status": "IN_TRANSIT",
                                               "is_on_hold_order": False,
                                               "update_time": int(time.time())},
                                           notification_id="7380066284010030890")
    event = connector.verify_webhook(headers, body)
    assert (event.topic, event.shop, event.delivery_id) == \
        ("orders/updated", sandbox.shop_id, "7380066284010030890")
    assert event.payload["data"]["order_id"] == order_id
    assert event.order is None                 # the push holds no amounts: fetch or sync


def test_a_deauthorization_webhook_disconnects_the_store(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    headers, body = sandbox.signed_webhook(6, {"message": "seller deauthorized the app"})
    assert connector.verify_webhook(headers, body).topic == "app/uninstalled"


def test_forged_webhooks_are_rejected(sandbox: Sandbox,
                                      connector: TikTokShopConnector) -> None:
    headers, body = sandbox.signed_webhook(1, {"order_id": "1", "order_status": "UNPAID"})
    forged_body = body.replace(b'"UNPAID"', b'"COMPLETED"')
    wrong_key = {**headers, "Authorization": wire.webhook_signature(
        sandbox.app_key, "not-the-secret", body)}
    no_header = {k: v for k, v in headers.items() if k != "Authorization"}
    bearer = {**headers, "Authorization": f"Bearer {headers['Authorization']}"}
    for forged_headers, forged in ((headers, forged_body), (wrong_key, body), (no_header, body),
                                   (bearer, body)):
        with pytest.raises(WebhookRejected, match="signature"):
            connector.verify_webhook(forged_headers, forged)


def test_stale_or_future_webhooks_are_rejected(sandbox: Sandbox,
                                               connector: TikTokShopConnector) -> None:
    for skew in (-301, 301):
        headers, body = sandbox.signed_webhook(1, {"order_id": "1"},
                                               timestamp=int(time.time()) + skew)
        with pytest.raises(WebhookRejected, match="stale"):
            connector.verify_webhook(headers, body)


def test_the_documented_webhook_passes_the_signature_check_then_is_stale(
        session: UpstreamSession) -> None:
    connector = TikTokShopConnector(base_url=wire.OPEN_API_URL,
                                    settings={"app_key": "abcdef", "app_secret": "123"},
                                    session=session)
    headers = {"Authorization": "5dec0f11ec2f6783b8deee53c9ffbf8d024302f7c7e7fa55a35d17629031ac05"}
    with pytest.raises(WebhookRejected, match="stale"):
        connector.verify_webhook(headers, DOC_WEBHOOK)


def test_webhooks_without_a_delivery_id_shop_or_known_type_are_rejected(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    def signed(payload: dict[str, Any]) -> tuple[dict[str, str], bytes]:
        body = orjson.dumps(payload)
        return {"Authorization": wire.webhook_signature(sandbox.app_key, sandbox.app_secret,
                                                        body)}, body

    base = {"type": 1, "tts_notification_id": "738", "shop_id": sandbox.shop_id,
            "timestamp": int(time.time()), "data": {"order_id": "1"}}
    cases = {"tts_notification_id": {k: v for k, v in base.items()
                                     if k != "tts_notification_id"},
             "shop_id": {**base, "shop_id": ""},
             "type": {**base, "type": 99},
             "order_id": {**base, "data": {}}}
    for reason, payload in cases.items():
        with pytest.raises(WebhookRejected, match=reason):
            connector.verify_webhook(*signed(payload))
    assert connector.verify_webhook(*signed(base)).delivery_id == "738"


def test_every_delivery_carries_its_own_notification_id_for_replay_checks(
        sandbox: Sandbox, connector: TikTokShopConnector) -> None:
    first = connector.verify_webhook(*sandbox.signed_webhook(1, {"order_id": "1"}))
    again = connector.verify_webhook(*sandbox.signed_webhook(1, {"order_id": "1"},
                                                             notification_id=first.delivery_id))
    other = connector.verify_webhook(*sandbox.signed_webhook(1, {"order_id": "1"}))
    assert first.delivery_id == again.delivery_id != other.delivery_id


# --- wire parsing on recorded payloads --------------------------------------------------------

def test_the_documented_order_sample_parses_to_sellergate_order_data() -> None:
    order = wire.parse_order(DOC_ORDER, include_buyer=True)
    assert (order.external_id, order.number, order.status) == \
        ("576461413038785752", "576461413038785752", "pending")
    assert (order.currency, order.total) == ("IDR", Decimal("5000"))
    assert order.placed_at == datetime.fromtimestamp(1619611561, UTC)
    assert order.updated_at == datetime.fromtimestamp(1619621355, UTC)
    assert [(i.sku, i.title, i.quantity, i.price) for i in order.items] == \
        [("red_iphone_256", "Women's Winter Crochet Clothes (Iphone)", 1, Decimal("0.01"))]
    assert [(s.carrier, s.tracking_number) for s in order.shipments] == \
        [("TT Virtual express", "JX12345")]
    buyer = order.buyer
    assert buyer is not None
    assert (buyer.external_id, buyer.name, buyer.email, buyer.phone) == \
        ("7021436810468230477", "David Kong", "v2b2V5@chat.seller.tiktok.com", "(+1)213-***-1234")
    assert buyer.address is not None
    assert (buyer.address.line1, buyer.address.line2, buyer.address.city,
            buyer.address.postal_code, buyer.address.country) == \
        ("TikTok 5800 bristol Pkwy", "Suite 100", "Ribbleton", "95110", "US")


def test_buyer_fields_of_a_recorded_order_are_dropped_without_authorization() -> None:
    order = wire.parse_order(DOC_ORDER, include_buyer=False)
    assert order.buyer is None
    check_orders("tiktok_shop", frozenset({DataCategory.ORDER_DETAILS, DataCategory.SHIPMENT}),
                 [order])


def test_units_of_the_same_sku_are_counted_as_one_item_with_a_quantity() -> None:
    line = DOC_ORDER["line_items"][0]
    order = wire.parse_order({**DOC_ORDER, "line_items": [line, {**line, "id": "2"},
                                                          {**line, "sku_id": "9", "seller_sku": "other"}]},
                             include_buyer=False)
    assert [(i.sku, i.quantity) for i in order.items] == [("red_iphone_256", 2), ("other", 1)]


@pytest.mark.parametrize(("tiktok", "sellergate"), [
    ("UNPAID", "pending"), ("ON_HOLD", "paid"), ("AWAITING_SHIPMENT", "paid"),
    ("PARTIALLY_SHIPPING", "paid"), ("AWAITING_COLLECTION", "paid"), ("IN_TRANSIT", "fulfilled"),
    ("DELIVERED", "fulfilled"), ("COMPLETED", "fulfilled"), ("CANCELLED", "cancelled"),
    ("SOMETHING_NEW", "pending"),
])
def test_order_statuses_map_to_sellergate_statuses(tiktok: str, sellergate: str) -> None:
    assert wire.order_status(tiktok) == sellergate


def test_the_documented_token_answer_parses_to_credentials_with_absolute_expiry() -> None:
    credentials = wire.parse_token(wire.parse_envelope(DOC_TOKEN))
    assert credentials.access_token.startswith("TTP_Fw8r")
    assert credentials.expires_at == datetime.fromtimestamp(1660556783, UTC)
    assert credentials.extra["refresh_expires_at"] == \
        datetime.fromtimestamp(1691487031, UTC).isoformat()
    assert credentials.extra["open_id"] == "7010736057180325637"


def test_the_documented_shops_answer_gives_id_and_cipher() -> None:
    [shop] = wire.parse_shops(DOC_SHOPS)
    assert (shop.id, shop.cipher, shop.region) == \
        ("7000714532876273420", "GCP_XF90igAAAABh00qsWgtvOiGFNqyubMt3", "GB")


def test_an_empty_next_page_token_ends_the_listing_and_incomplete_orders_are_named() -> None:
    page = wire.parse_search_page({"next_page_token": "", "total_count": 2,
                                   "orders": [DOC_ORDER, {"id": "42", "status": "UNPAID"}]},
                                  include_buyer=False)
    assert page.next_cursor is None
    assert [o.external_id for o in page.orders] == ["576461413038785752"]
    assert page.incomplete == ["42"]


@pytest.mark.parametrize(("code", "status", "error"), [
    (105002, 401, wire.AccessTokenExpired), (106001, 401, UpstreamAuthError),
    (36009004, 401, UpstreamAuthError), (105005, 200, UpstreamAuthError),
    (36009033, 200, UpstreamAuthError), (36009002, 429, UpstreamRateLimited),
    (36009002, 200, UpstreamRateLimited), (36009003, 200, UpstreamUnavailable),
    (106013, 400, UpstreamBadResponse), (101000, 400, UpstreamBadResponse),
])
def test_error_codes_map_to_sdk_errors(code: int, status: int, error: type[Exception]) -> None:
    with pytest.raises(error):
        wire.parse_envelope({"code": code, "message": "m", "request_id": "r", "data": None},
                            http_status=status)


def test_an_answer_without_an_envelope_is_a_bad_response() -> None:
    with pytest.raises(UpstreamBadResponse):
        wire.parse_envelope(["not", "an", "envelope"])
    with pytest.raises(UpstreamRateLimited):
        wire.parse_envelope("Too Many Requests", http_status=429)


# --- settings ---------------------------------------------------------------------------------

def test_an_unknown_setting_is_refused_with_the_likely_fix() -> None:
    with pytest.raises(ValueError, match="did you mean 'app_secret'"):
        TikTokShopSettings.from_mapping({"app_key": "k", "app_secert": "s"})
    with pytest.raises(ValueError, match=r"app_secret.*required"):
        TikTokShopSettings.from_mapping({"app_key": "k"})
    defaults = TikTokShopSettings.from_mapping({"APP_KEY": "k", "APP_SECRET": "s"})
    assert (defaults.auth_url, defaults.authorize_url) == (wire.AUTH_URL, wire.AUTHORIZE_URL)
