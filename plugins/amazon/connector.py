"""The Amazon marketplace connector: Login with Amazon seller authorization and token refresh,
incremental order sync over the Selling Partner API (Orders v0), buyer data only through a
Restricted Data Token, and usage-plan throttling honoured."""

from __future__ import annotations

import asyncio
import difflib
import logging
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, ClassVar
from urllib.parse import urlencode

from gateway.connectors import (
    CredentialRenewals,
    Credentials,
    DataCategory,
    MarketplaceConnector,
    OrderPage,
    Response,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamRateLimited,
    UpstreamSession,
    WebhookEvent,
    WebhookRejected,
)
from gateway.connectors.minimization import check_orders
from plugins.amazon import wire

__all__ = ["AmazonConnector", "AmazonSettings"]

# Statuses whose body is an SP-API errors list worth reading; the session would otherwise turn
# 401/403 into a bare UpstreamAuthError and wait a default second on 429.
_ERROR_STATUSES = (400, 401, 403, 404, 413, 415, 429)
_TRUE = frozenset({"1", "true", "yes", "on"})
_FALSE = frozenset({"0", "false", "no", "off"})
USER_AGENT = "Sellergate/1.0 (Language=Python)"


@dataclass(frozen=True, slots=True)
class AmazonSettings:
    """The plugin's settings (``SELLERGATE_PLUGIN_AMAZON_<KEY>``), checked once at start-up.

    :param client_id: the LWA client identifier of the app (``amzn1.application-oa2-client.…``).
    :param client_secret: the LWA client secret.
    :param application_id: the app id in the consent URL (``amzn1.sp.solution.…``).
    :param marketplace_ids: the marketplaces whose orders are read (comma-separated).
    :param token_url: the LWA token endpoint.
    :param authorize_url: the regional Seller Central consent page.
    :param draft: the app is still a draft: authorize with ``version=beta``.
    :param history_start: how far back the first sync of a store reads (ISO 8601).
    """

    client_id: str
    client_secret: str
    application_id: str
    marketplace_ids: tuple[str, ...] = (wire.US_MARKETPLACE_ID,)
    token_url: str = wire.TOKEN_URL
    authorize_url: str = wire.AUTHORIZE_URL
    draft: bool = False
    history_start: datetime = wire.HISTORY_START

    KEYS: ClassVar[tuple[str, ...]] = ("client_id", "client_secret", "application_id",
                                       "marketplace_ids", "token_url", "authorize_url", "draft",
                                       "history_start")

    @classmethod
    def from_mapping(cls, settings: Mapping[str, str]) -> AmazonSettings:
        values = {key.lower(): value for key, value in settings.items()}
        for key in values:
            if key not in cls.KEYS:
                close = difflib.get_close_matches(key, cls.KEYS, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise ValueError(f"unknown Amazon setting {key!r}{hint}")
        for key in ("client_id", "client_secret", "application_id"):
            if not values.get(key):
                raise ValueError(f"Amazon setting {key!r} is required "
                                 f"(SELLERGATE_PLUGIN_AMAZON_{key.upper()})")
        marketplaces = tuple(m.strip() for m in values.get("marketplace_ids", "").split(",")
                             if m.strip()) or (wire.US_MARKETPLACE_ID,)
        if len(marketplaces) > 50:
            raise ValueError("Amazon setting 'marketplace_ids' holds more than 50 marketplaces")
        return cls(client_id=values["client_id"], client_secret=values["client_secret"],
                   application_id=values["application_id"], marketplace_ids=marketplaces,
                   token_url=values.get("token_url") or wire.TOKEN_URL,
                   authorize_url=values.get("authorize_url") or wire.AUTHORIZE_URL,
                   draft=_flag("draft", values.get("draft")),
                   history_start=_history_start(values.get("history_start")))


def _flag(key: str, value: str | None) -> bool:
    if value is None or value.lower() in _FALSE:
        return False
    if value.lower() in _TRUE:
        return True
    raise ValueError(f"Amazon setting {key!r} must be true or false, not {value!r}")


def _history_start(value: str | None) -> datetime:
    if not value:
        return wire.HISTORY_START
    try:
        return wire.parse_time(value)
    except ValueError as exc:
        raise ValueError(f"Amazon setting 'history_start' is not an ISO 8601 date: {value!r}") \
            from exc


@dataclass(slots=True)
class _Call:
    """One SP-API request, kept whole so that it can be sent again after a renewal."""

    operation: str
    method: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    body: Any = None
    restricted: bool = False        # sent with the Restricted Data Token, not the LWA token


class AmazonConnector(MarketplaceConnector):
    """Amazon through the Selling Partner API (``base_url``: the regional host, e.g.
    ``https://sellingpartnerapi-na.amazon.com``).

    ``Credentials.shop`` is the selling partner id (the seller's merchant token); the LWA
    refresh token never expires unless the seller revokes the app, access tokens last an hour.
    """

    name = "amazon"
    version = "1.0.0"
    # Orders v0 carries no tracking numbers, so no SHIPMENT; buyer categories only through a
    # Restricted Data Token, asked for only when the store's buyer-data authorization holds.
    data_categories = frozenset({
        DataCategory.ORDER_DETAILS,
        DataCategory.BUYER_IDENTITY,
        DataCategory.BUYER_CONTACT,
        DataCategory.BUYER_ADDRESS,
    })
    recipients = ("Amazon (Selling Partner API and Login with Amazon: the app's LWA client "
                  "credentials, the seller's tokens and selling partner id)",)

    rate_limit_attempts: ClassVar[int] = 5
    # Tokens this close to expiry are renewed before use rather than failing mid-sync.
    refresh_margin: ClassVar[timedelta] = timedelta(minutes=5)
    rdt_margin: ClassVar[timedelta] = timedelta(minutes=1)
    cache_size: ClassVar[int] = 1024

    log = logging.getLogger("sellergate.plugins.amazon")

    def __init__(self, *, base_url: str, settings: Mapping[str, str],
                 session: UpstreamSession) -> None:
        super().__init__(base_url=base_url, settings=settings, session=session)
        self.options = AmazonSettings.from_mapping(settings)
        # Tokens renewed mid-sync, handed back by refresh_credentials (gateway.connectors.renewals).
        self._renewals = CredentialRenewals(size=self.cache_size)
        # Restricted Data Tokens by selling partner: (token, expiry). One RDT serves every
        # getOrders page of the hour it lives (createRestrictedDataToken allows 1 rps).
        self._rdts: OrderedDict[str, tuple[str, datetime]] = OrderedDict()
        # Each operation's rate as x-amzn-RateLimit-Limit last said (a 429 never carries it).
        self._rates: dict[str, float] = {op: plan[0]
                                         for op, plan in wire.DEFAULT_USAGE_PLANS.items()}

    # --- authorization ------------------------------------------------------------------------

    def authorization_url(self, *, shop: str, redirect_uri: str, state: str) -> str:
        """Seller Central's consent page. The seller signs in there, which decides the selling
        partner, so ``shop`` is only the gateway's label for the store."""
        return wire.authorize_url(authorize_page=self.options.authorize_url,
                                  application_id=self.options.application_id, state=state,
                                  redirect_uri=redirect_uri, draft=self.options.draft)

    async def complete_authorization(self, params: Mapping[str, str], *,
                                     redirect_uri: str) -> Credentials:
        """Exchange ``spapi_oauth_code`` for tokens (within its five minutes). Amazon does not
        sign the redirect: the gateway's one-time ``state`` ties it to the seller. Raises
        ``WebhookRejected`` for a callback without code or seller id, ``UpstreamAuthError``
        for a refused code."""
        try:
            code, seller = wire.parse_callback(params)
        except ValueError as exc:
            raise WebhookRejected(str(exc)) from exc
        form = wire.token_code_form(client_id=self.options.client_id,
                                    client_secret=self.options.client_secret, code=code,
                                    redirect_uri=redirect_uri)
        try:
            body = await self._token(form)
        except UpstreamBadResponse as exc:
            raise UpstreamAuthError(f"Amazon refused the authorization code: {exc}") from exc
        return wire.parse_token(body, now=datetime.now(UTC), selling_partner_id=seller)

    async def refresh_credentials(self, credentials: Credentials) -> Credentials:
        """The newest credentials known for ``credentials``, renewed if they expire within
        ``refresh_margin``. Raises ``UpstreamAuthError`` if LWA refuses the refresh token."""
        current = self._renewals.latest(credentials)
        expires_at = current.expires_at
        if expires_at is not None and expires_at - self.refresh_margin > datetime.now(UTC):
            return current
        return await self._renew(current)

    async def _renew(self, credentials: Credentials) -> Credentials:
        return await self._renewals.renew(credentials, self._exchange_refresh_token)

    async def _exchange_refresh_token(self, credentials: Credentials) -> Credentials:
        if not credentials.refresh_token:
            raise UpstreamAuthError("Amazon access token expired and no refresh token is held")
        form = wire.token_refresh_form(client_id=self.options.client_id,
                                       client_secret=self.options.client_secret,
                                       refresh_token=credentials.refresh_token)
        renewed = wire.parse_token(await self._token(form), now=datetime.now(UTC),
                                   previous=credentials)
        self.log.info("renewed Amazon access token of selling partner %s", credentials.shop)
        return renewed

    async def _token(self, form: Mapping[str, str]) -> dict[str, Any]:
        """POST to the LWA token endpoint, form-encoded. The secret travels in the body only,
        so it never appears in the session's error messages (which name the URL)."""
        response = await self.session.request(
            "POST", self.options.token_url, data=urlencode(dict(form)),
            headers={"Content-Type": "application/x-www-form-urlencoded;charset=UTF-8",
                     "Accept": "application/json"},
            allow_statuses=(400, 401, 403, 429))
        body = _json_or_none(response)
        if response.status != 200:
            raise wire.lwa_error(response.status, body)
        if not isinstance(body, dict):
            raise UpstreamBadResponse("Login with Amazon answered something that is not JSON")
        return body

    # --- orders -------------------------------------------------------------------------------

    async def fetch_orders(self, credentials: Credentials, *, cursor: str | None,
                           updated_since: datetime | None, include_buyer: bool,
                           page_size: int = 100) -> OrderPage:
        """One getOrders page by last update, ``cursor`` being Amazon's ``NextToken``; each
        order's items come from getOrderItems. With ``include_buyer`` the page is read with a
        Restricted Data Token for buyerInfo and shippingAddress; without it no RDT is asked
        for, and the non-restricted address fields Amazon still sends are dropped."""
        credentials = await self.refresh_credentials(credentials)
        query = wire.orders_query(marketplace_ids=self.options.marketplace_ids,
                                  updated_since=updated_since, page_size=page_size,
                                  next_token=cursor, history_start=self.options.history_start)
        body, credentials = await self._api(credentials, _Call(
            wire.GET_ORDERS, "GET", wire.ORDERS_PATH, query, restricted=include_buyer))
        page = wire.parse_orders_page(body)
        orders = []
        for raw in page.orders:
            items, credentials = await self._order_items(credentials, raw["AmazonOrderId"])
            orders.append(wire.parse_order(raw, items, include_buyer=include_buyer))
        check_orders(self.name, self.data_categories, orders)
        return OrderPage(orders=orders, next_cursor=page.next_token)

    async def _order_items(self, credentials: Credentials,
                           order_id: str) -> tuple[list[dict[str, Any]], Credentials]:
        """Every item of one order, following getOrderItems' own ``NextToken``."""
        items: list[dict[str, Any]] = []
        token: str | None = None
        while True:
            params = {"NextToken": token} if token else {}
            body, credentials = await self._api(credentials, _Call(
                wire.GET_ORDER_ITEMS, "GET", wire.order_items_path(order_id), params))
            page, token = wire.parse_items_page(body)
            items += page
            if token is None:
                return items, credentials

    async def _restricted_token(self, credentials: Credentials) -> tuple[str, Credentials]:
        """A Restricted Data Token for getOrders' buyer data, reused while it lives."""
        cached = self._rdts.get(credentials.shop)
        if cached is not None and cached[1] - self.rdt_margin > datetime.now(UTC):
            return cached[0], credentials
        body, credentials = await self._api(credentials, _Call(
            wire.CREATE_RDT, "POST", wire.RDT_PATH, body=wire.rdt_request()))
        token, expires_at = wire.parse_rdt(body, now=datetime.now(UTC))
        self._rdts[credentials.shop] = (token, expires_at)
        while len(self._rdts) > self.cache_size:
            self._rdts.popitem(last=False)
        return token, credentials

    # --- calls --------------------------------------------------------------------------------

    async def _api(self, credentials: Credentials, call: _Call) -> tuple[Any, Credentials]:
        """Send ``call``; a refused token is renewed (the LWA token by its refresh token, an RDT
        by asking anew) and the call sent once more. Returns the JSON body and the credentials
        that worked."""
        for renewed in (False, True):
            token = credentials.access_token
            if call.restricted:
                token, credentials = await self._restricted_token(credentials)
            try:
                return await self._throttled(token, call), credentials
            except wire.TokenRefused:
                if renewed:
                    raise
                if call.restricted:
                    self._rdts.pop(credentials.shop, None)
                else:
                    credentials = await self._renew(credentials)
        raise AssertionError("unreachable: the second attempt returns or raises")

    async def _throttled(self, token: str, call: _Call) -> Any:
        """Send, waiting out 429 QuotaExceeded: one token of the operation's bucket refills in
        1/rate seconds, the rate being what x-amzn-RateLimit-Limit last said (or the usage
        plan's default). Longer waits than the session allows are left to the job's retry."""
        policy = self.session.policy
        waited = 0.0
        for attempt in range(self.rate_limit_attempts):
            try:
                return await self._send(token, call)
            except UpstreamRateLimited as exc:
                last = attempt == self.rate_limit_attempts - 1
                if last or waited + exc.retry_after > policy.max_rate_limit_wait:
                    raise
                self.log.info("amazon %s throttled (attempt %d), waiting %.2fs", call.operation,
                              attempt + 1, exc.retry_after)
                await asyncio.sleep(exc.retry_after)
                waited += exc.retry_after
        raise AssertionError("unreachable: the last attempt returns or raises")

    async def _send(self, token: str, call: _Call) -> Any:
        headers = {"x-amz-access-token": token, "user-agent": USER_AGENT,
                   "x-amz-date": datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ"),
                   "accept": "application/json"}
        kwargs: dict[str, Any] = {"params": call.params, "headers": headers,
                                  "allow_statuses": _ERROR_STATUSES}
        if call.body is not None:
            kwargs["json"] = call.body
        response = await self.session.request(call.method, f"{self.base_url}{call.path}",
                                              **kwargs)
        rate = wire.rate_limit_of(response.headers)
        if rate is not None:
            self._rates[call.operation] = rate
        if response.status in (200, 201):
            return response.json()
        raise wire.error_for(response.status, _json_or_none(response),
                             retry_after=self._retry_after(call.operation, response))

    def _retry_after(self, operation: str, response: Response) -> float:
        given = next((v for k, v in response.headers.items() if k.lower() == "retry-after"), None)
        try:
            if given is not None:
                return max(0.0, float(given))
        except ValueError:
            pass
        return 1.0 / self._rates.get(operation, 1.0)

    # --- webhooks -----------------------------------------------------------------------------

    def verify_webhook(self, headers: Mapping[str, str], body: bytes) -> WebhookEvent:
        """Always refused: Amazon delivers notifications (ORDER_CHANGE ...) to Amazon SQS or
        EventBridge destinations, never by HTTP POST, so anything arriving at the gateway's
        webhook route claiming to be Amazon is not from Amazon. Orders change through sync."""
        raise WebhookRejected(
            "Amazon SP-API does not send HTTP webhooks: its notifications go to Amazon SQS or "
            "EventBridge destinations, which this plugin does not read; order changes are "
            "imported by the incremental sync")


def _json_or_none(response: Response) -> Any:
    try:
        return response.json()
    except UpstreamBadResponse:
        return None
