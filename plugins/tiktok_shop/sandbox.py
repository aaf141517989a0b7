"""TikTok Shop's Open API emulated on loopback over seeded, deterministic orders: the seller
authorization page, token get/refresh, Get Authorized Shops, Get Order List and Get Order
Detail, with every call's app key, timestamp, signature, token and shop cipher checked as the
real API checks them, plus rate limiting, outages and signed webhooks on demand.

Where the doc fixes an HTTP status (106001: 401, 36009002: 429) the sandbox uses it; for the
other error codes it answers 401 for credential problems and 400 for malformed requests.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import random
import secrets
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

import orjson
from aiohttp import web

from gateway.connectors import Credentials
from gateway.connectors.sandbox import SandboxServer
from plugins.tiktok_shop import wire

__all__ = ["DEMO_REDIRECT_URI", "ApiError", "Sandbox", "SandboxItem", "SandboxOrder"]

# TikTok redirects to the URL fixed in Partner Center, not to one given by the app.
DEMO_REDIRECT_URI = "http://127.0.0.1:8000/connect/tiktok_shop/callback"
SEED_EPOCH = int(datetime(2025, 6, 1, tzinfo=UTC).timestamp())
STATUSES = ("UNPAID", "ON_HOLD", "AWAITING_SHIPMENT", "PARTIALLY_SHIPPING",
            "AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED", "CANCELLED")
_SHIPPED = frozenset({"AWAITING_COLLECTION", "IN_TRANSIT", "DELIVERED", "COMPLETED"})
_NO_ADDRESS = frozenset({"UNPAID", "ON_HOLD"})   # the doc: recipient_address absent until then

_FIRST_NAMES = ("Ava", "Liam", "Mia", "Noah", "Zoe", "Omar", "Ines", "Kenji", "Lena", "Raj")
_LAST_NAMES = ("Parker", "Nguyen", "Silva", "Okafor", "Muller", "Rossi", "Tanaka", "Haddad")
_PRODUCTS = (("TENT-2P", "Two-person tent", "Green", "189.00"),
             ("BAG-30L", "Daypack 30 L", "Black", "64.50"),
             ("LAMP-H", "Head lamp", "", "24.99"),
             ("MUG-TI", "Titanium mug", "450 ml", "32.00"),
             ("SOCK-W", "Wool socks", "M", "18.00"))
_CARRIERS = ("USPS", "UPS", "FedEx", "TT Virtual express")
_PLACES = (("Oregon", "Multnomah County", "Portland", "97205"),
           ("Texas", "Travis County", "Austin", "78701"),
           ("California", "Santa Clara County", "San Jose", "95110"))


class ApiError(Exception):
    """An error answered in TikTok's envelope: ``{"code", "message", "request_id", "data"}``."""

    def __init__(self, code: int, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.status = status


# --- seeded data ------------------------------------------------------------------------------

@dataclass
class SandboxItem:
    sku_id: str
    seller_sku: str
    product_name: str
    sku_name: str
    price: Decimal
    quantity: int = 1                 # rendered as that many line items, as TikTok does


@dataclass
class SandboxOrder:
    """One order of the sandbox shop, rendered in the 202309 Order shape."""

    id: str
    status: str
    create_time: int
    update_time: int
    user_id: str
    buyer_email: str
    buyer_nickname: str
    first_name: str
    last_name: str
    phone: str
    place: tuple[str, str, str, str]
    street: str
    currency: str = "USD"
    items: list[SandboxItem] = field(default_factory=list)
    tracking_number: str = ""
    shipping_provider: str = ""
    shipping_type: str = "TIKTOK"

    @property
    def total(self) -> Decimal:
        return sum((i.price * i.quantity for i in self.items), Decimal("0.00"))

    def payload(self) -> dict[str, Any]:
        """The order as Get Order List / Get Order Detail return it."""
        line_items: list[dict[str, Any]] = []
        for item in self.items:
            for _ in range(item.quantity):
                line_items.append({
                    "id": f"{self.id}{len(line_items):03d}", "sku_id": item.sku_id,
                    "product_id": f"17295827{item.sku_id[-6:]}", "product_name": item.product_name,
                    "seller_sku": item.seller_sku, "sku_name": item.sku_name,
                    "original_price": str(item.price), "sale_price": str(item.price),
                    "platform_discount": "0", "seller_discount": "0", "currency": self.currency,
                    "display_status": self.status, "is_gift": False,
                    "package_status": "COMPLETED" if self.status in _SHIPPED else "TO_FULFILL",
                    "package_id": f"11533{self.id[-8:]}" if self.tracking_number else "",
                    "tracking_number": self.tracking_number,
                    "shipping_provider_name": self.shipping_provider,
                    "shipping_provider_id": "6617675021119438849" if self.tracking_number else "",
                    "item_tax": [{"tax_type": "SALES_TAX", "tax_amount": "0", "tax_rate": "0"}],
                })
        subtotal = str(self.total)
        order: dict[str, Any] = {
            "id": self.id, "status": self.status, "create_time": self.create_time,
            "update_time": self.update_time,
            "paid_time": self.create_time + 60 if self.status != "UNPAID" else 0,
            "user_id": self.user_id, "buyer_email": self.buyer_email,
            "buyer_nickname": self.buyer_nickname, "buyer_message": "",
            "payment": {"currency": self.currency, "sub_total": subtotal, "shipping_fee": "0",
                        "seller_discount": "0", "platform_discount": "0",
                        "total_amount": subtotal, "original_total_product_price": subtotal,
                        "original_shipping_fee": "0", "tax": "0"},
            "line_items": line_items, "tracking_number": self.tracking_number,
            "shipping_provider": self.shipping_provider, "shipping_type": self.shipping_type,
            "fulfillment_type": "FULFILLMENT_BY_SELLER", "delivery_type": "HOME_DELIVERY",
            "packages": [{"id": f"11533{self.id[-8:]}"}] if self.tracking_number else [],
            "is_cod": False, "is_sample_order": False, "is_replacement_order": False,
            "warehouse_id": "6955005333819123123",
        }
        if self.status == "CANCELLED":
            order.update(cancel_reason="Buyer changed mind", cancellation_initiator="BUYER",
                         cancel_time=self.update_time)
        if self.status not in _NO_ADDRESS:
            order["recipient_address"] = self._address()
        return order

    def _address(self) -> dict[str, Any]:
        province, county, city, postal_code = self.place
        masked = self.shipping_type == "TIKTOK"   # platform logistics mask name and phone
        name = f"{self.first_name[0]}*** {self.last_name[0]}***" if masked else \
            f"{self.first_name} {self.last_name}"
        phone = f"(+1){self.phone[2:5]}-***-{self.phone[-4:]}" if masked else self.phone
        return {
            "name": name, "first_name": self.first_name, "last_name": self.last_name,
            "phone_number": phone, "address_line1": self.street, "address_line2": "",
            "address_line3": "", "address_line4": "", "address_detail": "",
            "full_address": f"{self.street} {city}, {province} {postal_code}",
            "postal_code": postal_code, "region_code": "US",
            "district_info": [
                {"address_level": "L0", "address_level_name": "Country",
                 "address_name": "United States"},
                {"address_level": "L1", "address_level_name": "State", "address_name": province},
                {"address_level": "L2", "address_level_name": "County", "address_name": county},
                {"address_level": "L3", "address_level_name": "City", "address_name": city},
            ],
            "delivery_preferences": {"drop_off_location": "Front Door"},
        }


def _catalogue_item(index: int, position: int, quantity: int = 1) -> SandboxItem:
    sku, name, variant, price = _PRODUCTS[(index + position) % len(_PRODUCTS)]
    return SandboxItem(sku_id=f"27293824768{index:04d}{position:02d}",
                       seller_sku=f"{sku}-{position}", product_name=name, sku_name=variant,
                       price=Decimal(price), quantity=quantity)


def _seed_order(rng: random.Random, index: int) -> SandboxOrder:
    created = SEED_EPOCH + 3 * 3600 * index
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    status = rng.choice(STATUSES)
    items = [_catalogue_item(index, position, quantity=rng.randint(1, 3))
             for position in range(rng.randint(1, 3))]
    order = SandboxOrder(
        id=str(576_461_413_038_000_000 + index), status=status, create_time=created,
        update_time=created + 60 * rng.randint(5, 120), user_id=str(7_021_436_810_000 + index),
        buyer_email=f"b{index:05d}x@chat.seller.tiktok.com",       # TikTok's anonymized relay
        buyer_nickname=f"{first.lower()}{index}", first_name=first, last_name=last,
        phone=f"+1213555{index:04d}", place=_PLACES[index % len(_PLACES)],
        street=f"{100 + index} Main St", items=items,
        shipping_type="TIKTOK" if index % 2 else "SELLER",
    )
    if status in _SHIPPED:
        order.shipping_provider = _CARRIERS[index % len(_CARRIERS)]
        order.tracking_number = f"JX{index:010d}"
    return order


# --- the sandbox ------------------------------------------------------------------------------

class Sandbox(SandboxServer):
    """TikTok Shop's Open API and auth host on loopback (both served by the same app).

    :param orders: how many orders to seed (deterministic for a given ``seed``).
    :param token_ttl: seconds an access token lives; small values force expiry and refresh.
    :param refresh_ttl: seconds a refresh token lives.
    :param qps: requests per second allowed per app before 36009002 (None: unlimited).
    :param redirect_uri: the redirect URL "registered in Partner Center", where the
        authorization page sends the seller back with ``code`` and ``state``; by default the
        callback of ``sellergate demo`` on its default host and port.
    """

    def __init__(self, *, orders: int = 60, seed: int = 7, app_key: str = "sandbox-app-key",
                 app_secret: str = "sandbox-app-secret", service_id: str = "7301234567890123456",
                 shop_id: str = "7495540735365777507", shop_name: str = "Sandbox Outdoor Shop",
                 redirect_uri: str = DEMO_REDIRECT_URI,
                 token_ttl: int = 7 * 86400, refresh_ttl: int = 60 * 86400,
                 qps: float | None = None) -> None:
        super().__init__()
        self.app_key = app_key
        self.app_secret = app_secret
        self.service_id = service_id
        self.shop_id = shop_id
        self.shop_name = shop_name
        self.shop_cipher = "ROW_" + base64.urlsafe_b64encode(
            hashlib.sha256(shop_id.encode()).digest()[:18]).decode()
        self.open_id = "7010736057180325637"
        self.redirect_uri = redirect_uri
        self.token_ttl = token_ttl
        self.refresh_ttl = refresh_ttl
        self.qps = qps
        rng = random.Random(seed)
        self.orders: dict[str, SandboxOrder] = {}
        for index in range(orders):
            order = _seed_order(rng, index)
            self.orders[order.id] = order
        self._next_index = orders
        self._codes: dict[str, float] = {}              # unused authorization code -> expiry
        self._access: dict[str, int] = {}               # access token -> expiry (Unix s)
        self._refresh: dict[str, int] = {}              # refresh token -> expiry
        self._page_tokens: dict[str, tuple[str, int]] = {}  # token -> (query fingerprint, offset)
        self._failures: list[int] = []
        self._rate_limit_next = 0
        self._bucket = qps or 0.0
        self._bucket_at = time.monotonic()
        self.requests: list[dict[str, Any]] = []        # every signed API call received
        self.rate_limited = 0                           # 36009002 answers given
        self.refreshes = 0                              # successful token refreshes

    # --- helpers for tests, the demo and plugin authors -----------------------------------

    def connector_settings(self) -> dict[str, str]:
        """Settings pointing the connector's token host and authorization page here too."""
        return {"app_key": self.app_key, "app_secret": self.app_secret,
                "service_id": self.service_id, "auth_url": self.base_url,
                "authorize_url": f"{self.base_url}/open/authorize"}

    def credentials(self, *, expires_at: datetime | None = None) -> Credentials:
        """Credentials as if the seller had authorized the app (skips the authorization page);
        ``expires_at`` overrides what the connector is told about the access token's expiry."""
        data = self._grant()
        expiry = datetime.fromtimestamp(data["access_token_expire_in"], UTC)
        return Credentials(access_token=data["access_token"], refresh_token=data["refresh_token"],
                           expires_at=expires_at or expiry, shop=self.shop_id,
                           extra={"shop_cipher": self.shop_cipher, "shop_name": self.shop_name,
                                  "shop_region": "US", "open_id": self.open_id})

    def expire_access_tokens(self) -> None:
        """Every access token issued so far expires now (refresh tokens stay valid)."""
        past = int(time.time()) - 1
        self._access = dict.fromkeys(self._access, past)

    def fail_next(self, count: int, status: int = 503) -> None:
        """Answer the next ``count`` requests with ``status`` (an outage)."""
        self._failures.extend([status] * count)

    def rate_limit_next(self, count: int) -> None:
        """Answer the next ``count`` signed API calls with 36009002 (HTTP 429)."""
        self._rate_limit_next += count

    def add_order(self, *, status: str = "AWAITING_SHIPMENT", items: int | None = None) -> SandboxOrder:
        """A new order placed now (seeded contents, ``items`` distinct products if given)."""
        index = self._next_index
        self._next_index += 1
        order = _seed_order(random.Random(index), index)
        order.create_time = order.update_time = self._now()
        order.status, order.tracking_number, order.shipping_provider = status, "", ""
        if items is not None:
            order.items = [_catalogue_item(index, position) for position in range(items)]
        self.orders[order.id] = order
        return order

    def update_order(self, order_id: str, *, status: str | None = None,
                     tracking: tuple[str, str] | None = None) -> SandboxOrder:
        """Change an order as the seller or TikTok would; its ``update_time`` becomes now."""
        order = self.orders[order_id]
        if status is not None:
            if status not in STATUSES:
                raise ValueError(f"unknown TikTok order status {status!r}")
            order.status = status
        if tracking is not None:
            order.shipping_provider, order.tracking_number = tracking
            if order.status not in _SHIPPED:
                order.status = "IN_TRANSIT"
        order.update_time = self._now()
        return order

    def _now(self) -> int:
        # Strictly after every stored update, so "updated since" filters see two changes made
        # within the same second.
        latest = max((o.update_time for o in self.orders.values()), default=SEED_EPOCH)
        return max(int(time.time()), latest + 1)

    def order_payload(self, order_id: str) -> dict[str, Any]:
        """The order exactly as the API returns it (a recorded payload for pure tests)."""
        return self.orders[order_id].payload()

    def signed_webhook(self, type: int, data: dict[str, Any], *, timestamp: int | None = None,
                       notification_id: str | None = None) -> tuple[dict[str, str], bytes]:
        """A push of ``type`` as TikTok POSTs it: headers and the raw body."""
        payload = {"type": type,
                   "tts_notification_id": notification_id or str(uuid.uuid4().int)[:19],
                   "shop_id": self.shop_id,
                   "timestamp": int(time.time()) if timestamp is None else timestamp,
                   "data": data}
        body = orjson.dumps(payload)
        headers = {"Content-Type": "application/json",
                   "Authorization": wire.webhook_signature(self.app_key, self.app_secret, body)}
        return headers, body

    # --- the app ----------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._outages, self._envelope_errors])
        app.router.add_get("/open/authorize", self._authorize)
        app.router.add_get(wire.LEGACY_AUTHORIZE_PATH, self._authorize)
        app.router.add_get(wire.TOKEN_GET_PATH, self._token_get)
        app.router.add_get(wire.TOKEN_REFRESH_PATH, self._token_refresh)
        app.router.add_get(wire.SHOPS_PATH, self._shops)
        app.router.add_post(wire.ORDER_SEARCH_PATH, self._search)
        app.router.add_get(wire.ORDER_DETAIL_PATH, self._detail)
        return app

    @web.middleware
    async def _outages(self, request: web.Request,
                       handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                       ) -> web.StreamResponse:
        if self._failures:
            status = self._failures.pop(0)
            return web.json_response(_envelope(wire.ERROR_INTERNAL, "Service unavailable"),
                                     status=status)
        return await handler(request)

    @web.middleware
    async def _envelope_errors(self, request: web.Request,
                               handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
                               ) -> web.StreamResponse:
        try:
            return await handler(request)
        except ApiError as error:
            if error.code == wire.ERROR_TOO_MANY_REQUESTS:
                self.rate_limited += 1
            return web.json_response(_envelope(error.code, error.message), status=error.status)

    # --- authorization ----------------------------------------------------------------------

    async def _authorize(self, request: web.Request) -> web.Response:
        query = request.query
        known = (query.get("service_id") == self.service_id
                 if request.path == "/open/authorize" else query.get("app_key") == self.app_key)
        if not known:
            return web.Response(status=400, text="This app is not available")
        # The seller approves at once: the sandbox has no login nor consent screen.
        code = f"ROW_{secrets.token_urlsafe(24)}"
        self._codes[code] = time.time() + 1800        # single use, about 30 minutes
        params = {"code": code, "state": query.get("state", "")}
        raise web.HTTPFound(f"{self.redirect_uri}?{urlencode(params)}")

    def _check_app(self, request: web.Request, grant_type: str) -> None:
        query = request.query
        if query.get("app_key") != self.app_key or query.get("app_secret") != self.app_secret:
            raise ApiError(wire.ERROR_INVALID_CREDENTIALS, "invalid app_key or app_secret", 401)
        if query.get("grant_type") != grant_type:
            raise ApiError(wire.ERROR_INVALID_QUERY, f"grant_type must be {grant_type}")

    async def _token_get(self, request: web.Request) -> web.Response:
        self._check_app(request, "authorized_code")
        expiry = self._codes.pop(request.query.get("auth_code", ""), 0.0)
        if expiry < time.time():
            raise ApiError(wire.ERROR_INVALID_CREDENTIALS, "invalid or used auth_code", 401)
        return web.json_response(_envelope(0, "success", self._grant()))

    async def _token_refresh(self, request: web.Request) -> web.Response:
        self._check_app(request, "refresh_token")
        if self._refresh.get(request.query.get("refresh_token", ""), 0) < time.time():
            raise ApiError(wire.ERROR_INVALID_CREDENTIALS, "invalid or expired refresh_token",
                           401)
        self.refreshes += 1
        return web.json_response(_envelope(0, "success", self._grant()))

    def _grant(self) -> dict[str, Any]:
        now = int(time.time())
        access, refresh = f"TTP_{secrets.token_urlsafe(32)}", f"TTP_{secrets.token_urlsafe(32)}"
        self._access[access] = now + self.token_ttl
        self._refresh[refresh] = now + self.refresh_ttl
        return {"access_token": access, "access_token_expire_in": now + self.token_ttl,
                "refresh_token": refresh, "refresh_token_expire_in": now + self.refresh_ttl,
                "open_id": self.open_id, "seller_name": "Sandbox Seller",
                "seller_base_region": "US", "user_type": 0,
                "granted_scopes": ["seller.authorization.info", "seller.order.info"]}

    # --- the signed API ---------------------------------------------------------------------

    async def _verify(self, request: web.Request, *, shop_scoped: bool) -> bytes:
        """The checks every Open API call passes; returns the raw body."""
        query = request.query
        body = await request.read()
        if query.get("app_key") != self.app_key:
            raise ApiError(wire.ERROR_INVALID_CREDENTIALS, "invalid app_key", 401)
        try:
            stamp = int(query.get("timestamp", ""))
        except ValueError:
            raise ApiError(wire.ERROR_INVALID_CREDENTIALS, "invalid timestamp", 401) from None
        now = time.time()
        if now - stamp > wire.TIMESTAMP_MAX_AGE_SECONDS or \
                stamp - now > wire.TIMESTAMP_MAX_AHEAD_SECONDS:
            raise ApiError(wire.ERROR_INVALID_CREDENTIALS, "invalid timestamp: it must be within "
                           "5 minutes and not exceed the current time by more than 30 s", 401)
        expected = wire.sign(request.path, {k: v for k, v in query.items()}, body,
                             self.app_secret, request.headers.get("Content-Type", ""))
        if not hmac.compare_digest(expected, query.get("sign", "")):
            raise ApiError(wire.ERROR_INVALID_SIGN, "signature is invalid", 401)
        token = request.headers.get("x-tts-access-token", "")
        if token not in self._access:
            raise ApiError(wire.ERROR_INVALID_CREDENTIALS, "invalid credentials", 401)
        if self._access[token] < now:
            raise ApiError(wire.ERROR_ACCESS_TOKEN_EXPIRED, "access token expired", 401)
        cipher = query.get("shop_cipher")
        if not shop_scoped and cipher is not None:
            raise ApiError(wire.ERROR_INVALID_CREDENTIALS, "unexpected shop_cipher", 401)
        if shop_scoped and not cipher:
            raise ApiError(wire.ERROR_MISSING_SHOP_CIPHER, "shop_cipher is required")
        if shop_scoped and cipher != self.shop_cipher:
            raise ApiError(wire.ERROR_INVALID_CREDENTIALS, "invalid shop_cipher", 401)
        self._throttle()
        self.requests.append({"method": request.method, "path": request.path,
                              "query": dict(query), "body": body})
        return body

    def _throttle(self) -> None:
        if self._rate_limit_next > 0:
            self._rate_limit_next -= 1
            raise ApiError(wire.ERROR_TOO_MANY_REQUESTS, "Too many requests", 429)
        if self.qps is None:
            return
        now = time.monotonic()
        self._bucket = min(self.qps, self._bucket + (now - self._bucket_at) * self.qps)
        self._bucket_at = now
        if self._bucket < 1.0:
            raise ApiError(wire.ERROR_TOO_MANY_REQUESTS, "Too many requests", 429)
        self._bucket -= 1.0

    async def _shops(self, request: web.Request) -> web.Response:
        await self._verify(request, shop_scoped=False)
        shop = {"id": self.shop_id, "name": self.shop_name, "region": "US",
                "seller_type": "LOCAL", "cipher": self.shop_cipher, "code": "USLCSANDBOX1"}
        return web.json_response(_envelope(0, "Success", {"shops": [shop]}))

    async def _search(self, request: web.Request) -> web.Response:
        body = await self._verify(request, shop_scoped=True)
        query = request.query
        try:
            page_size = int(query.get("page_size", ""))
            filters = orjson.loads(body) if body else {}
            if not 1 <= page_size <= wire.MAX_PAGE_SIZE or not isinstance(filters, dict):
                raise ValueError
        except ValueError:
            raise ApiError(wire.ERROR_INVALID_QUERY, "invalid page_size or body") from None
        sort_field = query.get("sort_field", "create_time")
        sort_order = query.get("sort_order", "DESC")
        if sort_field not in ("create_time", "update_time") or sort_order not in ("ASC", "DESC"):
            raise ApiError(wire.ERROR_INVALID_QUERY, "invalid sort_field or sort_order")
        fingerprint = hashlib.sha256(orjson.dumps(
            [page_size, sort_field, sort_order, filters], option=orjson.OPT_SORT_KEYS)).hexdigest()
        offset = self._offset(query.get("page_token", ""), fingerprint)
        matches = sorted((o for o in self.orders.values() if _matches(o, filters)),
                         key=lambda o: (getattr(o, sort_field), o.id),
                         reverse=sort_order == "DESC")
        page = matches[offset:offset + page_size]
        more = offset + page_size < len(matches)
        token = self._page_token(fingerprint, offset + page_size) if more else ""
        return web.json_response(_envelope(0, "Success", {
            "next_page_token": token, "total_count": len(matches),
            "orders": [o.payload() for o in page]}))

    def _offset(self, token: str, fingerprint: str) -> int:
        if not token:
            return 0
        known = self._page_tokens.get(token)
        if known is None or known[0] != fingerprint:
            raise ApiError(wire.ERROR_INVALID_QUERY, "invalid page_token")
        return known[1]

    def _page_token(self, fingerprint: str, offset: int) -> str:
        digest = hmac.new(self.app_secret.encode(), f"{fingerprint}:{offset}".encode(),
                          hashlib.sha256).digest()
        # Real tokens are standard base64 with "/" and "+"; these always hold both, so the
        # connector's URL encoding and the decoded-value signing are exercised every page.
        text = base64.b64encode(digest[:30]).decode()
        token = f"{text[:12]}/{text[12:24]}+{text[24:]}"
        self._page_tokens[token] = (fingerprint, offset)
        return token

    async def _detail(self, request: web.Request) -> web.Response:
        await self._verify(request, shop_scoped=True)
        ids = [i for i in request.query.get("ids", "").split(",") if i]
        if not ids or len(ids) > wire.DETAIL_BATCH_SIZE:
            raise ApiError(wire.ERROR_INVALID_QUERY,
                           f"ids must hold 1 to {wire.DETAIL_BATCH_SIZE} order ids")
        orders = [self.orders[i].payload() for i in ids if i in self.orders]
        return web.json_response(_envelope(0, "Success", {"orders": orders}))


def _matches(order: SandboxOrder, filters: dict[str, Any]) -> bool:
    for name in ("update_time", "create_time"):
        value = getattr(order, name)
        lower, upper = filters.get(f"{name}_ge"), filters.get(f"{name}_lt")
        if isinstance(lower, int) and value < lower:
            return False
        if isinstance(upper, int) and value >= upper:
            return False
    status = filters.get("order_status")
    return not status or order.status == status


def _envelope(code: int, message: str, data: Any = None) -> dict[str, Any]:
    request_id = datetime.now(UTC).strftime("%Y%m%d%H%M%S") + secrets.token_hex(9).upper()
    return {"code": code, "message": message, "request_id": request_id, "data": data}
