"""The Shopify marketplace connector: OAuth install, incremental order sync over the Admin GraphQL
API (cost-based throttling honoured) and webhook verification."""

from __future__ import annotations

import asyncio
import difflib
import hmac
import logging
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlencode

from gateway.connectors import (
    Credentials,
    DataCategory,
    MarketplaceConnector,
    OrderData,
    OrderPage,
    Response,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamSession,
    UpstreamUnavailable,
    WebhookEvent,
    WebhookRejected,
    json_object,
    require_signature,
)
from gateway.connectors.minimization import check_orders
from plugins.shopify import wire

__all__ = ["ShopifyConnector", "ShopifySettings"]

_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})


@dataclass(frozen=True, slots=True)
class ShopifySettings:
    """The plugin's settings (``SELLERGATE_PLUGIN_SHOPIFY_<KEY>``), checked once at start-up.

    :param client_id: the app's API key (Partner Dashboard).
    :param client_secret: the app's API secret; signs OAuth callbacks and webhooks.
    :param api_version: Admin API version, ``YYYY-MM`` (quarterly) or ``unstable``.
    :param buyer_data: whether this deployment may import buyer data at all; if false, the
        customer scope is never requested and buyer fields are never fetched.
    """

    client_id: str
    client_secret: str
    api_version: str = wire.DEFAULT_API_VERSION
    buyer_data: bool = True

    KEYS: ClassVar[tuple[str, ...]] = ("client_id", "client_secret", "api_version", "buyer_data")

    @classmethod
    def from_mapping(cls, settings: Mapping[str, str]) -> ShopifySettings:
        values = {key.lower(): value for key, value in settings.items()}
        for key in values:
            if key not in cls.KEYS:
                close = difflib.get_close_matches(key, cls.KEYS, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(f"unknown Shopify setting {key!r}{hint}")
        for key in ("client_id", "client_secret"):
            if not values.get(key):
                raise ValueError(f"Shopify setting {key!r} is required "
                                 f"(SELLERGATE_PLUGIN_SHOPIFY_{key.upper()})")
        version = values.get("api_version") or wire.DEFAULT_API_VERSION
        if not wire.is_api_version(version):
            raise ValueError(f"Shopify api_version {version!r} is not YYYY-MM (Jan/Apr/Jul/Oct)")
        return cls(client_id=values["client_id"], client_secret=values["client_secret"],
                   api_version=version, buyer_data=_flag("buyer_data", values.get("buyer_data")))


def _flag(key: str, value: str | None) -> bool:
    if value is None or value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise ValueError(f"Shopify setting {key!r} must be true or false, not {value!r}")


class ShopifyConnector(MarketplaceConnector):
    """Shopify through the Admin GraphQL API.

    ``base_url`` is the shop's host. In production give ``https://{shop}``: ``{shop}`` is
    replaced by the (validated) ``*.myshopify.com`` domain of each call. A URL without the
    placeholder (the sandbox's loopback URL) is used as it is for every shop.
    """

    name = "shopify"
    version = "1.0.0"
    data_categories = frozenset({
        DataCategory.ORDER_DETAILS,
        DataCategory.BUYER_IDENTITY,
        DataCategory.BUYER_CONTACT,
        DataCategory.BUYER_ADDRESS,
        DataCategory.SHIPMENT,
    })
    recipients = ("Shopify Inc. (Admin API: the seller's shop domain and access token)",)

    throttle_attempts: ClassVar[int] = 5

    log = logging.getLogger("sellergate.plugins.shopify")

    def __init__(self, *, base_url: str, settings: Mapping[str, str],
                 session: UpstreamSession) -> None:
        super().__init__(base_url=base_url, settings=settings, session=session)
        self.options = ShopifySettings.from_mapping(settings)

    # --- OAuth --------------------------------------------------------------------------------

    def scopes(self) -> tuple[str, ...]:
        """Access scopes asked at install: buyer scopes only if buyer data may be imported."""
        return wire.ORDER_SCOPES + (wire.BUYER_SCOPES if self.options.buyer_data else ())

    def authorization_url(self, *, shop: str, redirect_uri: str, state: str) -> str:
        """Shopify's install/consent page for ``shop``; ``state`` must be checked by the caller
        on the callback before ``complete_authorization``. Raises ValueError for a ``shop``
        that is not a ``*.myshopify.com`` domain."""
        query = wire.authorize_params(client_id=self.options.client_id, scopes=self.scopes(),
                                      redirect_uri=redirect_uri, state=state)
        return f"{self._shop_url(shop)}/admin/oauth/authorize?{urlencode(query)}"

    async def complete_authorization(self, params: Mapping[str, str], *,
                                     redirect_uri: str) -> Credentials:
        """Verify the callback (HMAC, timestamp, shop) and exchange its code for an offline
        token. ``redirect_uri`` is not part of Shopify's exchange; the SDK passes it to all."""
        shop = self._verify_callback(params)
        code = params.get("code")
        if not code:
            raise WebhookRejected("OAuth callback without a code")
        request = wire.access_token_request(client_id=self.options.client_id,
                                            client_secret=self.options.client_secret,
                                            code=code)
        url = f"{self._shop_url(shop)}/admin/oauth/access_token"
        response = await self.session.request("POST", url, json=request,
                                              headers={"Accept": "application/json"})
        if response.status != 200:
            # Shopify answers 400 for an unknown, expired or already used code.
            raise UpstreamAuthError(f"Shopify refused the authorization code (HTTP "
                                    f"{response.status})")
        return wire.parse_access_token(response.json(), shop=shop)

    def _verify_callback(self, params: Mapping[str, str]) -> str:
        given = params.get("hmac", "")
        expected = wire.query_hmac(params, self.options.client_secret)
        if not hmac.compare_digest(expected.encode(), given.lower().encode()):
            raise WebhookRejected("OAuth callback signature mismatch")
        try:
            timestamp = int(params.get("timestamp", ""))
        except ValueError as exc:
            raise WebhookRejected("OAuth callback without a valid timestamp") from exc
        if abs(datetime.now(UTC).timestamp() - timestamp) > wire.OAUTH_MAX_SKEW_SECONDS:
            raise WebhookRejected("OAuth callback timestamp is stale")
        shop = params.get("shop", "")
        if not wire.is_shop_domain(shop):
            raise WebhookRejected("OAuth callback shop is not a *.myshopify.com domain")
        return shop

    # --- orders -------------------------------------------------------------------------------

    async def fetch_orders(self, credentials: Credentials, *, cursor: str | None,
                           updated_since: datetime | None, include_buyer: bool,
                           page_size: int = 100) -> OrderPage:
        """One page of orders by update time. ``page_size`` is capped so that the query stays
        within Shopify's per-query cost limit; buyer fields are not even requested unless
        ``include_buyer`` (and the ``buyer_data`` setting) allow them."""
        with_buyer = include_buyer and self.options.buyer_data
        first = max(1, min(page_size, wire.max_page_size(include_buyer=with_buyer)))
        body = await self._graphql(
            credentials, wire.orders_query(include_buyer=with_buyer),
            wire.orders_variables(first=first, after=cursor, updated_since=updated_since),
        )
        page = wire.parse_orders_page(body, include_buyer=with_buyer)
        orders = page.orders
        if page.more_items:
            orders = await self._complete_all_items(credentials, orders, page.more_items)
        check_orders(self.name, self.data_categories, orders)
        return OrderPage(orders=orders, next_cursor=page.next_cursor)

    async def _complete_all_items(self, credentials: Credentials, orders: list[OrderData],
                                  more_items: Mapping[str, str]) -> list[OrderData]:
        """The page's orders with all their items: the long orders' follow-up queries run
        side by side (a throttled one waits and retries on its own)."""
        tasks = [asyncio.ensure_future(self._complete_items(credentials, order, after))
                 for order in orders if (after := more_items.get(order.external_id))]
        try:
            completed = {order.external_id: order for order in await asyncio.gather(*tasks)}
        except BaseException:
            for task in tasks:  # one failed: the others are not needed
                task.cancel()
            raise
        return [completed.get(order.external_id, order) for order in orders]

    async def _complete_items(self, credentials: Credentials, order: OrderData,
                              after: str | None) -> OrderData:
        items = list(order.items)
        while after is not None:
            body = await self._graphql(
                credentials, wire.line_items_query(),
                wire.line_items_variables(order_id=order.external_id, after=after),
            )
            page, after = wire.parse_line_items_page(body)
            items.extend(page)
        return replace(order, items=items) if len(items) != len(order.items) else order

    async def _graphql(self, credentials: Credentials, query: str,
                       variables: Mapping[str, Any]) -> dict[str, Any]:
        """POST one GraphQL operation; wait out THROTTLED answers (the session already handles
        429 Retry-After, 5xx retries and 401/403)."""
        try:
            shop_url = self._shop_url(credentials.shop)
        except ValueError as exc:
            raise UpstreamAuthError(f"credentials hold no usable shop: {exc}") from exc
        url = f"{shop_url}/admin/api/{self.options.api_version}/graphql.json"
        headers = {"X-Shopify-Access-Token": credentials.access_token,
                   "Accept": "application/json"}
        payload = {"query": query, "variables": dict(variables)}
        wait = 0.0
        for attempt in range(self.throttle_attempts):
            response = await self.session.request("POST", url, json=payload, headers=headers)
            body = self._graphql_body(response)
            throttled_for = wire.throttle_wait(body)
            if throttled_for is None:
                wire.raise_for_graphql_errors(body)
                return body
            wait = throttled_for
            if wait > self.session.policy.max_rate_limit_wait:
                break
            self.log.info("shopify throttled (attempt %d), waiting %.2fs", attempt + 1, wait)
            await self.session.wait_rate_limit(wait)
        raise UpstreamRateLimited("Shopify query cost budget exhausted", retry_after=wait)

    @staticmethod
    def _graphql_body(response: Response) -> dict[str, Any]:
        if response.status in (402, 423):
            # 402: shop frozen for unpaid bills; 423: shop locked. Both are temporary.
            raise UpstreamUnavailable(f"Shopify shop unavailable (HTTP {response.status})")
        if response.status != 200:
            raise UpstreamBadResponse(f"unexpected HTTP {response.status} from Shopify GraphQL")
        body = response.json()
        if not isinstance(body, dict):
            raise UpstreamBadResponse("Shopify GraphQL answer is not a JSON object")
        return body

    def _shop_url(self, shop: str) -> str:
        """The shop's host; raises ValueError for a name that is not ``*.myshopify.com``."""
        # Only a validated *.myshopify.com name may be put into a URL (no request forgery).
        if not wire.is_shop_domain(shop):
            raise ValueError(f"not a *.myshopify.com shop domain: {shop!r}")
        return self.base_url.replace("{shop}", shop)

    # --- webhooks -----------------------------------------------------------------------------

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Check signature, topic, delivery id and freshness, then parse the payload.

        Order topics carry the buyer only if present and the ``buyer_data`` setting allows it;
        the gateway still drops it for stores without buyer authorization.
        """
        lowered = {key.lower(): value for key, value in headers.items()}
        signature = lowered.get("x-shopify-hmac-sha256", "")
        expected = wire.webhook_hmac(body, self.options.client_secret)
        require_signature(signature, expected)
        topic = lowered.get("x-shopify-topic", "")
        if topic not in wire.WEBHOOK_TOPICS:
            raise WebhookRejected(f"unsupported webhook topic {topic!r}")
        delivery_id = lowered.get("x-shopify-webhook-id", "")
        if not delivery_id:
            raise WebhookRejected("webhook without X-Shopify-Webhook-Id")
        self._check_fresh(lowered.get("x-shopify-triggered-at", ""))
        shop = lowered.get("x-shopify-shop-domain", "")
        if not wire.is_shop_domain(shop):
            raise WebhookRejected("webhook without a valid X-Shopify-Shop-Domain")
        payload = json_object(body)
        order = None
        try:
            if topic in wire.ORDER_TOPICS:
                order = wire.parse_rest_order(payload, include_buyer=self.options.buyer_data)
            elif topic in wire.PRIVACY_TOPICS:
                wire.check_privacy_payload(topic, payload, shop=shop)
        except (UpstreamBadResponse, ValueError) as exc:
            raise WebhookRejected(f"malformed {topic} payload: {exc}") from exc
        return WebhookEvent(topic=topic, shop=shop, delivery_id=delivery_id, payload=payload,
                            order=order)

    @staticmethod
    def _check_fresh(triggered_at: str) -> None:
        try:
            moment = wire.parse_timestamp(triggered_at)
        except ValueError as exc:
            raise WebhookRejected("webhook without a valid X-Shopify-Triggered-At") from exc
        age = datetime.now(UTC).timestamp() - moment.timestamp()
        # Also refuse deliveries from the future beyond the same margin (clock skew or forgery).
        if abs(age) > wire.WEBHOOK_MAX_AGE_SECONDS:
            raise WebhookRejected("webhook is stale (X-Shopify-Triggered-At too old)")
