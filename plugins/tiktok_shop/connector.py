"""The TikTok Shop marketplace connector: seller authorization and token refresh, incremental
order sync over the signed Open API (202309 order endpoints), and webhook verification."""

from __future__ import annotations

import asyncio
import difflib
import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar

import orjson

from gateway.connectors import (
    CredentialRenewals,
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
    WebhookEvent,
    WebhookRejected,
    json_object,
    require_signature,
)
from gateway.connectors.minimization import check_orders
from plugins.tiktok_shop import wire

__all__ = ["TikTokShopConnector", "TikTokShopSettings"]

# Statuses whose body is still a TikTok envelope worth reading (error code, message); the
# session would otherwise turn 401/403 into a bare UpstreamAuthError and sleep on 429.
_ENVELOPE_STATUSES = (400, 401, 403, 404, 429)


@dataclass(frozen=True, slots=True)
class TikTokShopSettings:
    """The plugin's settings (``SELLERGATE_PLUGIN_TIKTOK_SHOP_<KEY>``), checked once at start-up.

    :param app_key: the app's key (Partner Center).
    :param app_secret: the app's secret; signs every API call and every webhook.
    :param service_id: the app's service id, for the seller authorization page; without it
        the legacy page (by ``app_key`` on ``auth_url``) is used.
    :param auth_url: the token host (``/api/v2/token/*``), the same for every market.
    :param authorize_url: the authorization page; ``https://services.us.tiktokshop.com/open/
        authorize`` for US sellers.
    """

    app_key: str
    app_secret: str
    service_id: str = ""
    auth_url: str = wire.AUTH_URL
    authorize_url: str = wire.AUTHORIZE_URL

    KEYS: ClassVar[tuple[str, ...]] = ("app_key", "app_secret", "service_id", "auth_url",
                                       "authorize_url")

    @classmethod
    def from_mapping(cls, settings: Mapping[str, str]) -> TikTokShopSettings:
        values = {key.lower(): value for key, value in settings.items()}
        for key in values:
            if key not in cls.KEYS:
                close = difflib.get_close_matches(key, cls.KEYS, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(f"unknown TikTok Shop setting {key!r}{hint}")
        for key in ("app_key", "app_secret"):
            if not values.get(key):
                raise ValueError(f"TikTok Shop setting {key!r} is required "
                                 f"(SELLERGATE_PLUGIN_TIKTOK_SHOP_{key.upper()})")
        return cls(app_key=values["app_key"], app_secret=values["app_secret"],
                   service_id=values.get("service_id", ""),
                   auth_url=(values.get("auth_url") or wire.AUTH_URL).rstrip("/"),
                   authorize_url=values.get("authorize_url") or wire.AUTHORIZE_URL)


class TikTokShopConnector(MarketplaceConnector):
    """TikTok Shop through the Partner Open API (``base_url``: ``https://open-api.tiktokglobalshop.com``).

    ``Credentials.shop`` is the shop id (what webhooks name); the shop cipher every shop-scoped
    call needs is kept in ``Credentials.extra["shop_cipher"]``.
    """

    name = "tiktok_shop"
    version = "1.0.0"
    data_categories = frozenset({
        DataCategory.ORDER_DETAILS,
        DataCategory.BUYER_IDENTITY,
        DataCategory.BUYER_CONTACT,
        DataCategory.BUYER_ADDRESS,
        DataCategory.SHIPMENT,
    })
    recipients = ("TikTok Shop (Partner Open API: the app key, the seller's access token and "
                  "shop cipher)",)

    rate_limit_attempts: ClassVar[int] = 4
    # Tokens this close to expiry are renewed before use rather than failing mid-sync.
    refresh_margin: ClassVar[timedelta] = timedelta(minutes=5)
    renewed_cache_size: ClassVar[int] = 1024

    log = logging.getLogger("sellergate.plugins.tiktok_shop")

    def __init__(self, *, base_url: str, settings: Mapping[str, str],
                 session: UpstreamSession) -> None:
        super().__init__(base_url=base_url, settings=settings, session=session)
        self.options = TikTokShopSettings.from_mapping(settings)
        # Tokens renewed mid-sync, handed back by refresh_credentials (gateway.connectors.renewals).
        self._renewals = CredentialRenewals(size=self.renewed_cache_size)

    # --- authorization ------------------------------------------------------------------------

    def authorization_url(self, *, shop: str, redirect_uri: str, state: str) -> str:
        """TikTok's authorization page. The seller picks the shop there and TikTok redirects
        to the redirect URL registered in Partner Center, so ``shop`` and ``redirect_uri``
        are not sent; the caller checks ``state`` on the callback."""
        return wire.authorize_url(state=state, service_id=self.options.service_id,
                                  app_key=self.options.app_key,
                                  authorize_page=self.options.authorize_url,
                                  auth_url=self.options.auth_url)

    async def complete_authorization(self, params: Mapping[str, str], *,
                                     redirect_uri: str) -> Credentials:
        """Exchange the callback's ``code`` for tokens, then find the authorized shop.

        TikTok does not sign its callback; the gateway's one-time ``state`` is what ties it to
        the seller. Raises ``WebhookRejected`` without a code, ``UpstreamAuthError`` for a
        refused code or an authorization covering no shop.
        """
        code = params.get("code", "")
        if not code:
            raise WebhookRejected("authorization callback without a code")
        query = wire.token_get_query(app_key=self.options.app_key,
                                     app_secret=self.options.app_secret, code=code)
        credentials = wire.parse_token(await self._token(wire.TOKEN_GET_PATH, query))
        data, credentials = await self._api(credentials, "GET", wire.SHOPS_PATH,
                                            shop_scoped=False)
        shop = self._chosen_shop(wire.parse_shops(data))
        extra = {**credentials.extra, "shop_cipher": shop.cipher, "shop_name": shop.name,
                 "shop_region": shop.region}
        return replace(credentials, shop=shop.id, extra=extra)

    def _chosen_shop(self, shops: list[wire.ShopInfo]) -> wire.ShopInfo:
        if not shops:
            raise UpstreamAuthError("the TikTok Shop authorization covers no shop")
        if len(shops) > 1:
            # A cross-border seller may authorize several regional shops at once; the SDK's
            # Credentials hold one, so the first (TikTok's order) is connected.
            self.log.warning("authorization covers %d shops; connecting %s", len(shops),
                             shops[0].id)
        return shops[0]

    async def refresh_credentials(self, credentials: Credentials) -> Credentials:
        """The newest credentials known for ``credentials``, renewed if they expire within
        ``refresh_margin``. Raises ``UpstreamAuthError`` if TikTok refuses the refresh token."""
        current = self._renewals.latest(credentials)
        expires_at = current.expires_at
        if expires_at is None or expires_at - self.refresh_margin > datetime.now(UTC):
            return current
        return await self._renew(current)

    async def _renew(self, credentials: Credentials) -> Credentials:
        return await self._renewals.renew(credentials, self._exchange_refresh_token)

    async def _exchange_refresh_token(self, credentials: Credentials) -> Credentials:
        if not credentials.refresh_token:
            raise UpstreamAuthError("TikTok Shop token expired and no refresh token is held")
        query = wire.token_refresh_query(app_key=self.options.app_key,
                                         app_secret=self.options.app_secret,
                                         refresh_token=credentials.refresh_token)
        renewed = wire.parse_token(await self._token(wire.TOKEN_REFRESH_PATH, query),
                                   previous=credentials)
        self.log.info("renewed TikTok Shop access token of shop %s", credentials.shop)
        return renewed

    async def _token(self, path: str, query: Mapping[str, str]) -> dict[str, Any]:
        """An unsigned token get/refresh call on the auth host. The query (secret, code) goes
        as ``params`` so that it never appears in the session's error messages."""
        response = await self.session.request("GET", f"{self.options.auth_url}{path}",
                                              params=dict(query),
                                              allow_statuses=_ENVELOPE_STATUSES)
        try:
            return wire.parse_envelope(self._body(response), http_status=response.status)
        except UpstreamBadResponse as exc:
            # Any business error here means the code or refresh token was not accepted.
            raise UpstreamAuthError(f"TikTok Shop refused the token request: {exc}") from exc

    # --- orders -------------------------------------------------------------------------------

    async def fetch_orders(self, credentials: Credentials, *, cursor: str | None,
                           updated_since: datetime | None, include_buyer: bool,
                           page_size: int = 100) -> OrderPage:
        """One page of Get Order List by update time (oldest first), ``cursor`` being TikTok's
        ``next_page_token``. The list already carries line items, address and tracking; orders
        it returns without line items are completed with Get Order Detail. TikTok sends buyer
        fields unasked (no field selection exists), so without ``include_buyer`` they are
        dropped while parsing."""
        credentials = await self.refresh_credentials(credentials)
        data, credentials = await self._api(
            credentials, "POST", wire.ORDER_SEARCH_PATH,
            params=wire.search_query(page_size=page_size, page_token=cursor),
            body=wire.search_body(updated_since))
        page = wire.parse_search_page(data, include_buyer=include_buyer)
        orders = list(page.orders)
        if page.incomplete:
            orders += await self.fetch_orders_by_id(credentials, page.incomplete,
                                                    include_buyer=include_buyer)
        check_orders(self.name, self.data_categories, orders)
        return OrderPage(orders=orders, next_cursor=page.next_cursor)

    async def fetch_orders_by_id(self, credentials: Credentials, ids: list[str], *,
                                 include_buyer: bool) -> list[OrderData]:
        """Get Order Detail for ``ids``, in batches of 50 (e.g. for an order named by a
        webhook, whose payload holds only its id and status)."""
        credentials = await self.refresh_credentials(credentials)
        orders: list[OrderData] = []
        for start in range(0, len(ids), wire.DETAIL_BATCH_SIZE):
            batch = ids[start:start + wire.DETAIL_BATCH_SIZE]
            data, credentials = await self._api(credentials, "GET", wire.ORDER_DETAIL_PATH,
                                                params={"ids": ",".join(batch)})
            try:
                raw_orders = data["orders"]
                orders += [wire.parse_order(raw, include_buyer=include_buyer)
                           for raw in raw_orders]
            except (KeyError, TypeError) as exc:
                raise UpstreamBadResponse("malformed TikTok Shop order detail") from exc
        check_orders(self.name, self.data_categories, orders)
        return orders

    # --- signed calls -------------------------------------------------------------------------

    async def _api(self, credentials: Credentials, method: str, path: str, *,
                   params: Mapping[str, str] | None = None, body: Any = None,
                   shop_scoped: bool = True) -> tuple[dict[str, Any], Credentials]:
        """A signed Open API call; an expired token (105002) is renewed and the call retried
        once. Returns the envelope's ``data`` and the credentials that worked."""
        try:
            return await self._throttled(credentials, method, path, params, body,
                                         shop_scoped), credentials
        except wire.AccessTokenExpired:
            credentials = await self._renew(credentials)
        return await self._throttled(credentials, method, path, params, body,
                                     shop_scoped), credentials

    async def _throttled(self, credentials: Credentials, method: str, path: str,
                         params: Mapping[str, str] | None, body: Any,
                         shop_scoped: bool) -> dict[str, Any]:
        """Send, backing off on 36009002 / HTTP 429. TikTok publishes no Retry-After, so the
        session's backoff is used, within its ``max_rate_limit_wait``; then the job retries."""
        policy = self.session.policy
        waited = 0.0
        for attempt in range(self.rate_limit_attempts):
            try:
                return await self._send(credentials, method, path, params, body, shop_scoped)
            except UpstreamRateLimited as exc:
                delay = policy.backoff(attempt)
                last = attempt == self.rate_limit_attempts - 1
                if last or waited + delay > policy.max_rate_limit_wait:
                    raise UpstreamRateLimited(str(exc), retry_after=max(exc.retry_after,
                                                                        delay)) from exc
                self.log.info("tiktok shop rate limited (attempt %d), waiting %.2fs",
                              attempt + 1, delay)
                await asyncio.sleep(delay)
                waited += delay
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _send(self, credentials: Credentials, method: str, path: str,
                    params: Mapping[str, str] | None, body: Any,
                    shop_scoped: bool) -> dict[str, Any]:
        raw = orjson.dumps(body) if body is not None else b""
        cipher = credentials.extra.get("shop_cipher", "") if shop_scoped else None
        if shop_scoped and not cipher:
            raise UpstreamAuthError("credentials hold no shop cipher: connect the store again")
        # Signed anew on every attempt: the timestamp is part of what is signed.
        query = wire.signed_query(path, params or {}, raw, app_key=self.options.app_key,
                                  app_secret=self.options.app_secret,
                                  timestamp=int(time.time()), shop_cipher=cipher)
        headers = {"x-tts-access-token": credentials.access_token,
                   "content-type": "application/json"}
        response = await self.session.request(method, f"{self.base_url}{path}", params=query,
                                              data=raw or None, headers=headers,
                                              allow_statuses=_ENVELOPE_STATUSES)
        return wire.parse_envelope(self._body(response), http_status=response.status)

    @staticmethod
    def _body(response: Response) -> Any:
        try:
            return response.json()
        except UpstreamBadResponse:
            if response.status != 200:
                raise wire.error_for(-1, "answer is not JSON",
                                     http_status=response.status) from None
            raise

    # --- webhooks -----------------------------------------------------------------------------

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Check the ``Authorization`` signature (HMAC of app key + raw body), then freshness,
        type and delivery id (``tts_notification_id``).

        Order webhooks carry only the order id and status (``payload["data"]["order_id"]``),
        never amounts, so ``WebhookEvent.order`` stays None: fetch the order by id or sync.
        """
        lowered = {key.lower(): value for key, value in headers.items()}
        given = lowered.get("authorization", "").strip().lower()
        expected = wire.webhook_signature(self.options.app_key, self.options.app_secret, body)
        require_signature(given, expected)
        payload = json_object(body)
        try:
            topic, shop, delivery_id = wire.parse_webhook(payload, now=time.time())
        except ValueError as exc:
            raise WebhookRejected(str(exc)) from exc
        return WebhookEvent(topic=topic, shop=shop, delivery_id=delivery_id, payload=payload)
