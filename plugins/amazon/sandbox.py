"""Amazon's Selling Partner API and Login with Amazon emulated on loopback over seeded,
deterministic orders: the Seller Central consent page, the LWA token endpoint (authorization code
and refresh token grants), createRestrictedDataToken, getOrders and getOrderItems.

Every call is checked as Amazon checks it: the LWA client id and secret, access-token expiry,
Restricted Data Tokens scoped to their resources (buyer data is served only through one), the
per-operation usage plan (token bucket: rate and burst, 429 QuotaExceeded), and the filters of
getOrders. Outages, throttling and broken answers can be injected on demand.
"""

from __future__ import annotations

import base64
import hashlib
import random
import re
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import orjson
from aiohttp import web

from gateway.connectors import Credentials
from gateway.connectors.sandbox import SandboxServer
from plugins.amazon import wire

__all__ = ["DEMO_REDIRECT_URI", "Sandbox", "SandboxItem", "SandboxOrder", "SpApiError"]

DEMO_REDIRECT_URI = "http://127.0.0.1:8000/connect/amazon/callback"
SEED_EPOCH = datetime(2025, 6, 1, tzinfo=UTC)
STATUSES = ("PendingAvailability", "Pending", "Unshipped", "PartiallyShipped", "Shipped",
            "Canceled", "Unfulfillable", "InvoiceUnconfirmed")
# The model: ShippingAddress only once the order can ship; the doc's pending sample has no total.
_WITH_ADDRESS = frozenset({"Unshipped", "PartiallyShipped", "Shipped", "InvoiceUnconfirmed"})
_WITHOUT_TOTAL = frozenset({"Pending", "PendingAvailability"})
_SEED_STATUSES = ("Pending", "Unshipped", "Unshipped", "PartiallyShipped", "Shipped", "Shipped",
                  "Shipped", "InvoiceUnconfirmed", "Canceled", "PendingAvailability")
_DATA_ELEMENTS = frozenset({"buyerInfo", "shippingAddress", "buyerTaxInformation"})
_ORDER_ID = re.compile(r"^\d{3}-\d{7}-\d{7}$")
# Paths whose Restricted Data Token may carry dataElements (getOrders, getOrder, getOrderItems).
_ELEMENT_PATHS = (("orders", "v0", "orders"), ("orders", "v0", "orders", "{orderId}"),
                  ("orders", "v0", "orders", "{orderId}", "orderItems"))
_FILTERS = ("MarketplaceIds", "CreatedAfter", "CreatedBefore", "LastUpdatedAfter",
            "LastUpdatedBefore", "OrderStatuses")

_FIRST_NAMES = ("Ava", "Liam", "Mia", "Noah", "Zoe", "Omar", "Ines", "Kenji", "Lena", "Raj")
_LAST_NAMES = ("Parker", "Nguyen", "Silva", "Okafor", "Muller", "Rossi", "Tanaka", "Haddad")
_PRODUCTS = (("B07TENT2PX", "TENT-2P", "Two-person tent", "189.00"),
             ("B08DAYPK30", "BAG-30L", "Daypack 30 L", "64.50"),
             ("B01HEADLMP", "LAMP-H", "Head lamp", "24.99"),
             ("B09TIMUG45", "MUG-TI", "Titanium mug 450 ml", "32.00"),
             ("B0WOOLSOCK", "SOCK-W", "Wool socks", "18.00"),
             ("B06STOVE01", "STOVE-1", "Camping stove", "79.90"))
_PLACES = (("Seattle", "WA", "98109"), ("Portland", "OR", "97205"), ("Austin", "TX", "78701"),
           ("Canton", "MI", "48817"))
_CENT = Decimal("0.01")
_OPERATION = web.RequestKey("operation", str)      # the SP-API operation a request called


class SpApiError(Exception):
    """An error answered as SP-API does: ``{"errors": [{"code", "message", "details"}]}``."""

    def __init__(self, status: int, code: str, message: str, details: str = "",
                 headers: Mapping[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = dict(headers or {})

    def body(self) -> dict[str, Any]:
        error = {"code": self.code, "message": self.message}
        if self.details:
            error["details"] = self.details
        return {"errors": [error]}


class LwaError(Exception):
    """An error of the LWA token endpoint: ``{"error", "error_description"}``."""

    def __init__(self, status: int, error: str, description: str) -> None:
        super().__init__(description)
        self.status = status
        self.error = error
        self.description = description


# --- seeded data ------------------------------------------------------------------------------

@dataclass
class SandboxItem:
    order_item_id: str
    asin: str
    sku: str
    title: str
    quantity: int
    unit_price: Decimal
    shipping: Decimal = Decimal("0.00")
    tax: Decimal = Decimal("0.00")
    promotion: Decimal = Decimal("0.00")

    @property
    def charged(self) -> Decimal:
        return self.unit_price * self.quantity + self.shipping + self.tax - self.promotion

    def payload(self, currency: str, *, shipped: bool) -> dict[str, Any]:
        """The item as getOrderItems returns it (``ItemPrice`` is the line: unit x quantity)."""
        return {
            "ASIN": self.asin, "OrderItemId": self.order_item_id, "SellerSKU": self.sku,
            "Title": self.title, "QuantityOrdered": self.quantity,
            "QuantityShipped": self.quantity if shipped else 0,
            "ProductInfo": {"NumberOfItems": "1"},
            "ItemPrice": _money(self.unit_price * self.quantity, currency),
            "ShippingPrice": _money(self.shipping, currency),
            "ItemTax": _money(self.tax, currency),
            "ShippingTax": _money(Decimal("0.00"), currency),
            "PromotionDiscount": _money(self.promotion, currency),
            "PromotionDiscountTax": _money(Decimal("0.00"), currency),
            "PromotionIds": ["SANDBOX-PROMO"] if self.promotion else [],
            "IsGift": "false", "ConditionId": "New", "ConditionSubtypeId": "New",
            "IsTransparency": False, "SerialNumberRequired": False,
        }


@dataclass
class SandboxOrder:
    """One order of the sandbox seller, rendered in the Orders v0 ``Order`` shape."""

    id: str
    purchase_date: datetime
    last_update: datetime
    status: str
    channel: str                                   # MFN (seller ships) or AFN (Amazon ships)
    buyer_name: str
    buyer_email: str                               # Amazon's anonymized relay address
    street: str
    place: tuple[str, str, str]
    phone: str
    marketplace_id: str = wire.US_MARKETPLACE_ID
    currency: str = "USD"
    items: list[SandboxItem] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((item.charged for item in self.items), Decimal("0.00"))

    def payload(self, elements: frozenset[str] = frozenset()) -> dict[str, Any]:
        """The order as getOrders returns it; restricted fields only for the RDT ``elements``."""
        shipped = self.status in ("Shipped", "InvoiceUnconfirmed")
        units = sum(item.quantity for item in self.items)
        order: dict[str, Any] = {
            "AmazonOrderId": self.id, "SellerOrderId": f"SG-{self.id[-7:]}",
            "PurchaseDate": _iso(self.purchase_date), "LastUpdateDate": _iso(self.last_update),
            "OrderStatus": self.status, "FulfillmentChannel": self.channel,
            "SalesChannel": "Amazon.com", "ShipServiceLevel": "Std US D2D Dom",
            "NumberOfItemsShipped": units if shipped else 0,
            "NumberOfItemsUnshipped": 0 if shipped else units,
            "PaymentMethod": "Other", "PaymentMethodDetails": ["Standard"],
            "MarketplaceId": self.marketplace_id, "ShipmentServiceLevelCategory": "Standard",
            "OrderType": "StandardOrder",
            "EarliestShipDate": _iso(self.purchase_date + timedelta(days=1)),
            "LatestShipDate": _iso(self.purchase_date + timedelta(days=3)),
            "IsBusinessOrder": False, "IsPrime": self.channel == "AFN", "IsPremiumOrder": False,
            "IsGlobalExpressEnabled": False, "IsReplacementOrder": False, "IsSoldByAB": False,
            "IsISPU": False, "IsAccessPointOrder": False, "HasRegulatedItems": False,
            "BuyerInfo": {},
        }
        if self.status not in _WITHOUT_TOTAL:
            order["OrderTotal"] = _money(self.total, self.currency)
        if self.status in _WITH_ADDRESS:
            order["ShippingAddress"] = self._address(restricted="shippingAddress" in elements)
        if "buyerInfo" in elements:
            order["BuyerInfo"] = {"BuyerEmail": self.buyer_email, "BuyerName": self.buyer_name}
        return order

    def _address(self, *, restricted: bool) -> dict[str, Any]:
        city, state, postal_code = self.place
        address: dict[str, Any] = {"City": city, "StateOrRegion": state,
                                   "PostalCode": postal_code, "CountryCode": "US",
                                   "AddressType": "Residential"}
        if restricted:
            address.update(Name=self.buyer_name, AddressLine1=self.street)
            if self.channel == "MFN":           # the doc: no phone for Amazon-fulfilled orders
                address["Phone"] = self.phone
        return address

    def items_payload(self) -> list[dict[str, Any]]:
        shipped = self.status in ("Shipped", "InvoiceUnconfirmed")
        return [item.payload(self.currency, shipped=shipped) for item in self.items]


def _iso(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _money(amount: Decimal, currency: str) -> dict[str, str]:
    return {"CurrencyCode": currency, "Amount": str(amount.quantize(_CENT))}


def _catalogue_item(index: int, position: int, quantity: int) -> SandboxItem:
    asin, sku, title, price = _PRODUCTS[(index + position) % len(_PRODUCTS)]
    unit = Decimal(price)
    return SandboxItem(order_item_id=f"{5_150_000_000_000 + index * 100 + position:014d}",
                       asin=asin, sku=f"{sku}-{position}", title=title, quantity=quantity,
                       unit_price=unit, shipping=Decimal("4.99") if position == 0 else _CENT * 0,
                       tax=(unit * quantity * Decimal("0.08")).quantize(_CENT),
                       promotion=Decimal("5.00") if index % 7 == 3 and position == 0 else
                       Decimal("0.00"))


def _seed_order(rng: random.Random, index: int) -> SandboxOrder:
    purchased = SEED_EPOCH + timedelta(hours=3 * index)
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    # Some orders hold more items than one getOrderItems page.
    count = 7 if index % 13 == 6 else rng.randint(1, 3)
    items = [_catalogue_item(index, position, rng.randint(1, 3)) for position in range(count)]
    return SandboxOrder(
        id=f"{111 + index % 3:03d}-{1_000_000 + index * 7919 % 9_000_000:07d}-"
           f"{2_000_000 + index:07d}",
        purchase_date=purchased,
        last_update=purchased + timedelta(minutes=rng.randint(5, 120)),
        status=rng.choice(_SEED_STATUSES), channel="AFN" if index % 4 == 1 else "MFN",
        buyer_name=f"{first} {last}",
        buyer_email=f"{uuid.UUID(int=rng.getrandbits(128)).hex[:16]}@marketplace.amazon.com",
        street=f"{100 + index} Main St", place=_PLACES[index % len(_PLACES)],
        phone=f"+1 206-555-{index % 10_000:04d}", items=items,
    )


# --- tokens and usage plans -------------------------------------------------------------------

@dataclass
class RestrictedGrant:
    """A Restricted Data Token: its resources (method, path segments, dataElements) and expiry."""

    resources: list[tuple[str, tuple[str, ...], frozenset[str]]]
    expires_at: float

    def elements_for(self, method: str, path: str) -> frozenset[str] | None:
        """The dataElements the token grants on ``method path``; None if it does not cover it.
        A resource path may be specific or generic (``{orderId}`` matches any segment)."""
        segments = tuple(s for s in path.split("/") if s)
        for allowed_method, pattern, elements in self.resources:
            if allowed_method == method and _path_matches(pattern, segments):
                return elements
        return None


def _path_matches(pattern: tuple[str, ...], segments: tuple[str, ...]) -> bool:
    return len(pattern) == len(segments) and all(
        p == s or (p.startswith("{") and p.endswith("}")) for p, s in zip(pattern, segments,
                                                                           strict=True))


class TokenBucket:
    """A usage plan: ``burst`` tokens at most, refilled at ``rate`` per second."""

    def __init__(self, rate: float, burst: int) -> None:
        self.rate = rate
        self.burst = float(burst)
        self.tokens = float(burst)
        self.at = time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens < 1.0:
            return False
        self.tokens -= 1.0
        return True


@dataclass(frozen=True, slots=True)
class Grant:
    kind: str                       # "lwa" or "rdt"
    elements: frozenset[str]


# --- the sandbox ------------------------------------------------------------------------------

class Sandbox(SandboxServer):
    """The SP-API host, the LWA token endpoint and the consent page of one selling partner on
    loopback (all served by the same app).

    :param orders: how many orders to seed (deterministic for a given ``seed``).
    :param token_ttl: seconds an LWA access token lives (Amazon: 3600).
    :param rdt_ttl: seconds a Restricted Data Token lives (Amazon: 3600).
    :param usage_plans: ``{operation: (rate, burst)}`` overriding the documented defaults
        (``getOrders`` 0.0167/20, ``getOrderItems`` 0.5/30, ``createRestrictedDataToken``
        1/10); the rate is sent back in ``x-amzn-RateLimit-Limit``.
    :param redirect_uris: the app's registered redirect URIs; the first is the default. By
        default the callback of ``sellergate demo`` on its default host and port.
    :param draft: the app is a draft: the consent page requires ``version=beta`` (MD1000).
    :param items_page_size: items per getOrderItems page before a ``NextToken``.
    """

    def __init__(self, *, orders: int = 40, seed: int = 11,
                 client_id: str = "amzn1.application-oa2-client.5a4b3c2d1e0f9a8b7c6d5e4f3a2b1c0d",
                 client_secret: str = "amzn1.oa2-cs.v1.sandbox0secret0a1b2c3d4e5f6a7b8c9d0e1f2a3b",
                 application_id: str = "amzn1.sp.solution.0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b",
                 selling_partner_id: str = "A2SANDBOX0SELLER",
                 marketplace_ids: tuple[str, ...] = (wire.US_MARKETPLACE_ID,),
                 redirect_uris: tuple[str, ...] = (DEMO_REDIRECT_URI,), draft: bool = False,
                 token_ttl: int = 3600, rdt_ttl: int = 3600,
                 usage_plans: Mapping[str, tuple[float, int]] | None = None,
                 items_page_size: int = 5) -> None:
        super().__init__()
        self.client_id = client_id
        self.client_secret = client_secret
        self.application_id = application_id
        self.selling_partner_id = selling_partner_id
        self.marketplace_ids = marketplace_ids
        self.redirect_uris = redirect_uris
        self.draft = draft
        self.token_ttl = token_ttl
        self.rdt_ttl = rdt_ttl
        self.items_page_size = items_page_size
        self.usage_plans = {**wire.DEFAULT_USAGE_PLANS, **(usage_plans or {})}
        self._buckets = {op: TokenBucket(rate, burst)
                         for op, (rate, burst) in self.usage_plans.items()}
        rng = random.Random(seed)
        self.orders: dict[str, SandboxOrder] = {}
        for index in range(orders):
            order = _seed_order(rng, index)
            self.orders[order.id] = order
        self._next_index = orders
        self._codes: dict[str, tuple[str, float]] = {}    # code -> (redirect_uri, expiry)
        self._access: dict[str, float] = {}               # LWA access token -> expiry
        self._refresh: set[str] = set()                   # valid refresh tokens
        self._rdts: dict[str, RestrictedGrant] = {}
        self._order_tokens: dict[str, tuple[str, tuple[str, str]]] = {}  # -> (filters, last key)
        self._item_tokens: dict[str, tuple[str, int]] = {}               # -> (order id, offset)
        self._failures: list[int] = []
        self._garbled = 0
        self._rate_limit_next = 0
        self.requests: list[dict[str, Any]] = []       # every authenticated SP-API call
        self.rate_limited = 0                          # 429 QuotaExceeded answers given
        self.refreshes = 0                             # refresh-token grants honoured
        self.restricted_tokens = 0                     # RDTs issued
        self.restricted_orders = 0                     # orders served with restricted fields

    # --- helpers for tests, the demo and plugin authors -----------------------------------

    def connector_settings(self) -> dict[str, str]:
        """Settings pointing the connector's token endpoint and consent page here too."""
        return {"client_id": self.client_id, "client_secret": self.client_secret,
                "application_id": self.application_id,
                "marketplace_ids": ",".join(self.marketplace_ids),
                "token_url": f"{self.base_url}/auth/o2/token",
                "authorize_url": f"{self.base_url}/apps/authorize/consent",
                "draft": "true" if self.draft else "false"}

    def credentials(self, *, expires_at: datetime | None = None) -> Credentials:
        """Credentials as if the seller had authorized the app (skips the consent page);
        ``expires_at`` overrides what the connector is told about the access token's expiry."""
        data = self._grant()
        expiry = datetime.now(UTC) + timedelta(seconds=data["expires_in"])
        return Credentials(access_token=data["access_token"], refresh_token=data["refresh_token"],
                           expires_at=expires_at or expiry, shop=self.selling_partner_id)

    def expire_access_tokens(self) -> None:
        """Every LWA access token issued so far expires now (refresh tokens stay valid)."""
        self._access = dict.fromkeys(self._access, time.time() - 1)

    def expire_restricted_tokens(self) -> None:
        """Every Restricted Data Token issued so far expires now."""
        for grant in self._rdts.values():
            grant.expires_at = time.time() - 1

    def revoke_refresh_tokens(self) -> None:
        """The seller revoked the app in Seller Central: refresh tokens stop working."""
        self._refresh.clear()

    def fail_next(self, count: int, status: int = 503) -> None:
        """Answer the next ``count`` requests with ``status`` (an outage)."""
        self._failures.extend([status] * count)

    def garble_next(self, count: int) -> None:
        """Answer the next ``count`` requests 200 with a body that is not JSON (a broken proxy)."""
        self._garbled += count

    def rate_limit_next(self, count: int) -> None:
        """Answer the next ``count`` SP-API calls 429 QuotaExceeded, whatever the bucket holds."""
        self._rate_limit_next += count

    def add_order(self, *, status: str = "Unshipped", items: int | None = None) -> SandboxOrder:
        """A new order placed now (seeded contents, ``items`` distinct products if given)."""
        index = self._next_index
        self._next_index += 1
        order = _seed_order(random.Random(index), index)
        order.purchase_date = order.last_update = self._now()
        order.status = status
        if items is not None:
            order.items = [_catalogue_item(index, position, 1) for position in range(items)]
        self.orders[order.id] = order
        return order

    def update_order(self, order_id: str, *, status: str) -> SandboxOrder:
        """Change an order's status as the seller or Amazon would; LastUpdateDate becomes now."""
        if status not in STATUSES:
            raise ValueError(f"unknown Amazon order status {status!r}")
        order = self.orders[order_id]
        order.status = status
        order.last_update = self._now()
        return order

    def _now(self) -> datetime:
        # Strictly after every stored update (whole seconds, as Amazon's dates), so that
        # "updated since" sees two changes made within the same second.
        latest = max((o.last_update for o in self.orders.values()), default=SEED_EPOCH)
        now = datetime.now(UTC).replace(microsecond=0)
        return max(now, latest + timedelta(seconds=1))

    def order_payload(self, order_id: str, *, restricted: bool = False) -> dict[str, Any]:
        """The order as getOrders returns it, with or without an RDT for buyerInfo and
        shippingAddress (a recorded payload for pure tests)."""
        elements = frozenset(wire.RESTRICTED_ELEMENTS) if restricted else frozenset()
        return self.orders[order_id].payload(elements)

    # --- the app ----------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._faults, self._errors])
        app.router.add_get("/apps/authorize/consent", self._consent)
        app.router.add_post("/auth/o2/token", self._token)
        app.router.add_post(wire.RDT_PATH, self._create_rdt)
        app.router.add_get(wire.ORDERS_PATH, self._get_orders)
        app.router.add_get(wire.ORDERS_PATH + "/{order_id}/orderItems", self._get_order_items)
        return app

    @web.middleware
    async def _faults(self, request: web.Request,
                      handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                      ) -> web.StreamResponse:
        if self._failures:
            status = self._failures.pop(0)
            error = SpApiError(status, "InternalFailure" if status == 500 else "ServiceUnavailable",
                               "We encountered an internal error. Please try again.")
            return _error_response(error)
        if self._garbled:
            self._garbled -= 1
            return web.Response(status=200, text="<html><body>upstream proxy error</body></html>",
                                content_type="text/html")
        return await handler(request)

    @web.middleware
    async def _errors(self, request: web.Request,
                      handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                      ) -> web.StreamResponse:
        try:
            response = await handler(request)
        except SpApiError as error:
            response = _error_response(error)
            if error.status == 429:
                self.rate_limited += 1
        except LwaError as error:
            return web.json_response({"error": error.error,
                                      "error_description": error.description},
                                     status=error.status)
        response.headers.setdefault("x-amzn-RequestId", str(uuid.uuid4()))
        operation = request.get(_OPERATION)
        # The usage plan's rate comes back best-effort on 2xx, 400 and 404; never on 429/401/403.
        if operation and response.status in (200, 400, 404):
            response.headers["x-amzn-RateLimit-Limit"] = str(self.usage_plans[operation][0])
        return response

    # --- authorization (Seller Central consent page, LWA) ------------------------------------

    async def _consent(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("application_id") != self.application_id:
            return web.Response(status=400, text="This application is not available")
        if self.draft and query.get("version") != "beta":
            return web.Response(status=400, text="MD1000: the application is in draft state; "
                                                 "add version=beta")
        redirect_uri = query.get("redirect_uri") or self.redirect_uris[0]
        if redirect_uri not in self.redirect_uris:
            return web.Response(status=400, text="MD5101: the redirect URI is not registered "
                                                 "for this application")
        if not query.get("state"):
            return web.Response(status=400, text="The state parameter is required")
        # The seller signs in and consents at once: the sandbox has no login nor consent screen.
        code = "AN" + secrets.token_urlsafe(18)
        self._codes[code] = (redirect_uri, time.time() + 300)     # five minutes, single use
        params = {"state": query["state"], "selling_partner_id": self.selling_partner_id,
                  "spapi_oauth_code": code}
        raise web.HTTPFound(f"{redirect_uri}?{urlencode(params)}")

    async def _token(self, request: web.Request) -> web.Response:
        form: Mapping[str, Any]
        if request.content_type == "application/json":   # the Java client posts JSON
            form = await request.json()
        else:
            form = await request.post()
        if form.get("client_id") != self.client_id or \
                form.get("client_secret") != self.client_secret:
            raise LwaError(401, "invalid_client",
                           "Client authentication failed (unknown client or wrong secret)")
        grant_type = form.get("grant_type")
        if grant_type == "authorization_code":
            redirect_uri, expiry = self._codes.pop(str(form.get("code", "")), ("", 0.0))
            if expiry < time.time():
                raise LwaError(400, "invalid_grant", "The authorization code is invalid, used "
                                                     "or expired")
            if form.get("redirect_uri") != redirect_uri:
                raise LwaError(400, "invalid_grant", "redirect_uri does not match the one of "
                                                     "the authorization request")
        elif grant_type == "refresh_token":
            refresh = str(form.get("refresh_token", ""))
            if refresh not in self._refresh:
                raise LwaError(400, "invalid_grant", "The refresh token is invalid or revoked")
            self.refreshes += 1
            return web.json_response(self._grant(refresh))
        else:
            raise LwaError(400, "invalid_request", f"unsupported grant_type {grant_type!r}")
        return web.json_response(self._grant())

    def _grant(self, refresh: str | None = None) -> dict[str, Any]:
        access = "Atza|" + secrets.token_urlsafe(48)
        self._access[access] = time.time() + self.token_ttl
        if refresh is None:
            refresh = "Atzr|" + secrets.token_urlsafe(48)
            self._refresh.add(refresh)
        return {"access_token": access, "refresh_token": refresh, "token_type": "bearer",
                "expires_in": self.token_ttl}

    # --- SP-API calls -------------------------------------------------------------------------

    def _authenticate(self, request: web.Request, operation: str) -> Grant:
        """What every SP-API call passes: a live LWA token or an RDT covering the resource,
        then the operation's usage plan."""
        request[_OPERATION] = operation
        token = request.headers.get("x-amz-access-token", "")
        denied = "Access to requested resource is denied."
        if not token:
            raise SpApiError(400, "Unauthorized", denied,
                             "Access token is missing in the request header.",
                             headers={"x-amzn-ErrorType": "ValidationException"})
        now = time.time()
        if token in self._access:
            if self._access[token] < now:
                raise SpApiError(403, "Unauthorized", denied,
                                 "The access token you provided has expired.")
            grant = Grant("lwa", frozenset())
        elif token in self._rdts:
            restricted = self._rdts[token]
            if restricted.expires_at < now:
                raise SpApiError(403, "Unauthorized", denied,
                                 "The access token you provided has expired.")
            elements = restricted.elements_for(request.method, request.path)
            if elements is None:
                raise SpApiError(403, "Unauthorized", denied,
                                 "The restricted data token does not cover this resource.")
            grant = Grant("rdt", elements)
        else:
            raise SpApiError(403, "Unauthorized", denied,
                             "The access token you provided is revoked, malformed or invalid.")
        self._throttle(operation)
        self.requests.append({"operation": operation, "method": request.method,
                              "path": request.path, "query": dict(request.query),
                              "token": grant.kind, "elements": sorted(grant.elements)})
        return grant

    def _throttle(self, operation: str) -> None:
        forced = self._rate_limit_next > 0
        if forced:
            self._rate_limit_next -= 1
        if forced or not self._buckets[operation].take():
            raise SpApiError(429, "QuotaExceeded",
                             "You exceeded your quota for the requested resource.")

    async def _create_rdt(self, request: web.Request) -> web.Response:
        grant = self._authenticate(request, wire.CREATE_RDT)
        if grant.kind != "lwa":
            raise SpApiError(403, "Unauthorized", "Access to requested resource is denied.",
                             "A restricted data token cannot create restricted data tokens.")
        try:
            body = orjson.loads(await request.read())
            resources = [_restricted_resource(raw) for raw in body["restrictedResources"]]
            if not 1 <= len(resources) <= 50:
                raise ValueError("restrictedResources holds 1 to 50 resources")
        except (orjson.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise SpApiError(400, "InvalidInput", "Invalid Input", str(exc)) from None
        token = "Atz.sprdt|" + secrets.token_urlsafe(48)
        self._rdts[token] = RestrictedGrant(resources, time.time() + self.rdt_ttl)
        self.restricted_tokens += 1
        return web.json_response({"restrictedDataToken": token, "expiresIn": self.rdt_ttl})

    async def _get_orders(self, request: web.Request) -> web.Response:
        grant = self._authenticate(request, wire.GET_ORDERS)
        query = request.query
        try:
            size = int(query.get("MaxResultsPerPage", str(wire.MAX_PAGE_SIZE)))
        except ValueError:
            size = 0
        if not 1 <= size <= wire.MAX_PAGE_SIZE:
            raise SpApiError(400, "InvalidInput", "MaxResultsPerPage must be 1 to 100")
        filters, after = self._orders_filters(query)
        by_update = "LastUpdatedAfter" in filters
        matches = sorted((o for o in self.orders.values() if _matches(o, filters)),
                         key=lambda o: _sort_key(o, by_update))
        rest = [o for o in matches if after is None or _sort_key(o, by_update) > after]
        page = rest[:size]
        payload: dict[str, Any] = {"Orders": [o.payload(grant.elements) for o in page]}
        if grant.elements:
            self.restricted_orders += len(page)
        if len(rest) > size:
            payload["NextToken"] = self._next_token(filters, _sort_key(page[-1], by_update))
        for bound in ("LastUpdatedBefore", "CreatedBefore"):
            if bound in filters:
                payload[bound] = filters[bound]
        return web.json_response({"payload": payload})

    def _orders_filters(self, query: Mapping[str, str],
                        ) -> tuple[dict[str, str], tuple[str, str] | None]:
        """The filters of a getOrders call and the key its NextToken resumes after. A NextToken
        call may repeat the filters (they must be the same) or leave them out."""
        given = {name: query[name] for name in _FILTERS if query.get(name)}
        token = query.get("NextToken")
        if token:
            known = self._order_tokens.get(token)
            if known is None:
                raise SpApiError(400, "InvalidInput", "Invalid NextToken")
            filters = orjson.loads(known[0])
            if given and _canonical(given) != filters:
                raise SpApiError(400, "InvalidInput",
                                 "NextToken does not belong to these request filters")
            return filters, known[1]
        return self._checked_filters(given), None

    def _checked_filters(self, given: dict[str, str]) -> dict[str, str]:
        marketplaces = [m for m in given.get("MarketplaceIds", "").split(",") if m]
        if not marketplaces:
            raise SpApiError(400, "InvalidInput", "MarketplaceIds is required")
        if len(marketplaces) > 50 or any(m not in self.marketplace_ids for m in marketplaces):
            raise SpApiError(400, "InvalidInput", "Invalid MarketplaceIds",
                             "the seller does not participate in every marketplace named")
        created = "CreatedAfter" in given or "CreatedBefore" in given
        updated = "LastUpdatedAfter" in given or "LastUpdatedBefore" in given
        if created and updated:
            raise SpApiError(400, "InvalidInput",
                             "Created and LastUpdated filters are mutually exclusive")
        if ("CreatedAfter" in given) == ("LastUpdatedAfter" in given):
            raise SpApiError(400, "InvalidInput",
                             "Exactly one of CreatedAfter and LastUpdatedAfter is required")
        latest = datetime.now(UTC) - timedelta(minutes=2)
        for name in ("CreatedAfter", "CreatedBefore", "LastUpdatedAfter", "LastUpdatedBefore"):
            if name not in given:
                continue
            try:
                moment = wire.parse_time(given[name])
            except ValueError:
                raise SpApiError(400, "InvalidInput", f"{name} is not an ISO 8601 date") \
                    from None
            if name.endswith("Before") and moment > latest:
                raise SpApiError(400, "InvalidInput",
                                 f"{name} must be at least 2 minutes before now")
        statuses = [s for s in given.get("OrderStatuses", "").split(",") if s]
        if any(s not in STATUSES for s in statuses):
            raise SpApiError(400, "InvalidInput", "Invalid OrderStatuses")
        return _canonical(given)

    def _next_token(self, filters: dict[str, str], after: tuple[str, str]) -> str:
        digest = hashlib.sha256(orjson.dumps([filters, after], option=orjson.OPT_SORT_KEYS))
        # Real tokens are standard base64 ("/", "+", "="): these always hold all three, so the
        # connector's URL encoding is exercised on every page.
        text = base64.b64encode(digest.digest()[:31] + secrets.token_bytes(2)).decode()
        token = f"{text[:10]}/{text[10:20]}+{text[20:]}="
        self._order_tokens[token] = (orjson.dumps(filters, option=orjson.OPT_SORT_KEYS).decode(),
                                     after)
        return token

    async def _get_order_items(self, request: web.Request) -> web.Response:
        self._authenticate(request, wire.GET_ORDER_ITEMS)
        order_id = request.match_info["order_id"]
        if not _ORDER_ID.match(order_id):
            raise SpApiError(400, "InvalidInput", "Invalid Input",
                             "orderId must be an Amazon order id in 3-7-7 format")
        order = self.orders.get(order_id)
        if order is None:
            raise SpApiError(404, "NotFound", "Invalid orderId", f"no order {order_id}")
        offset = 0
        token = request.query.get("NextToken")
        if token:
            known = self._item_tokens.get(token)
            if known is None or known[0] != order_id:
                raise SpApiError(400, "InvalidInput", "Invalid NextToken")
            offset = known[1]
        items = order.items_payload()
        end = offset + self.items_page_size
        payload: dict[str, Any] = {"AmazonOrderId": order_id, "OrderItems": items[offset:end]}
        if end < len(items):
            next_token = base64.b64encode(secrets.token_bytes(18)).decode()
            self._item_tokens[next_token] = (order_id, end)
            payload["NextToken"] = next_token
        return web.json_response({"payload": payload})


def _restricted_resource(raw: Any) -> tuple[str, tuple[str, ...], frozenset[str]]:
    if not isinstance(raw, dict):
        raise TypeError("a restricted resource is an object")
    method, path = raw["method"], raw["path"]
    if method not in ("GET", "PUT", "POST", "DELETE") or not isinstance(path, str) \
            or not path.startswith("/"):
        raise ValueError("a restricted resource needs an HTTP method and a path")
    segments = tuple(s for s in path.split("/") if s)
    elements = raw.get("dataElements") or []
    if not isinstance(elements, list) or not set(elements) <= _DATA_ELEMENTS:
        raise ValueError("dataElements must be among buyerInfo, shippingAddress, "
                         "buyerTaxInformation")
    if elements and not any(_path_matches(pattern, segments) for pattern in _ELEMENT_PATHS):
        raise ValueError("dataElements apply to getOrders, getOrder and getOrderItems only")
    return method, segments, frozenset(elements)


def _canonical(given: Mapping[str, str]) -> dict[str, str]:
    """Filters in one spelling: lists sorted, dates normalized to UTC seconds."""
    filters = {}
    for name, value in given.items():
        if name in ("MarketplaceIds", "OrderStatuses"):
            filters[name] = ",".join(sorted(v for v in value.split(",") if v))
        else:
            filters[name] = wire.format_time(wire.parse_time(value))
    return filters


def _matches(order: SandboxOrder, filters: Mapping[str, str]) -> bool:
    if order.marketplace_id not in filters["MarketplaceIds"].split(","):
        return False
    bounds = (("CreatedAfter", order.purchase_date, 1), ("CreatedBefore", order.purchase_date, -1),
              ("LastUpdatedAfter", order.last_update, 1),
              ("LastUpdatedBefore", order.last_update, -1))
    for name, value, direction in bounds:
        if name in filters:
            bound = wire.parse_time(filters[name])
            # Both bounds are inclusive ("after (or at)", "before (or at)").
            if (direction == 1 and value < bound) or (direction == -1 and value > bound):
                return False
    statuses = filters.get("OrderStatuses")
    return not statuses or order.status in statuses.split(",")


def _sort_key(order: SandboxOrder, by_update: bool) -> tuple[str, str]:
    return (_iso(order.last_update if by_update else order.purchase_date), order.id)


def _error_response(error: SpApiError) -> web.Response:
    headers = {"x-amzn-RequestId": str(uuid.uuid4()), **error.headers}
    return web.json_response(error.body(), status=error.status, headers=headers)
