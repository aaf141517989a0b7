"""TikTok Shop's Open API wire formats as pure functions: request signing, token and order
requests, the response envelope and its error codes, and parsing into the SDK's DTOs. No I/O."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from gateway.connectors import (
    AddressData,
    BuyerData,
    Credentials,
    OrderData,
    OrderItemData,
    ShipmentData,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRateLimited,
    UpstreamUnavailable,
)

__all__ = [
    "AUTHORIZE_URL",
    "AUTH_URL",
    "DETAIL_BATCH_SIZE",
    "ERROR_ACCESS_TOKEN_EXPIRED",
    "ERROR_INTERNAL",
    "ERROR_INVALID_CREDENTIALS",
    "ERROR_INVALID_QUERY",
    "ERROR_INVALID_SIGN",
    "ERROR_MISSING_SHOP_CIPHER",
    "ERROR_TOO_MANY_REQUESTS",
    "LEGACY_AUTHORIZE_PATH",
    "MAX_PAGE_SIZE",
    "OPEN_API_URL",
    "ORDER_DETAIL_PATH",
    "ORDER_SEARCH_PATH",
    "SHOPS_PATH",
    "TIMESTAMP_MAX_AGE_SECONDS",
    "TIMESTAMP_MAX_AHEAD_SECONDS",
    "TOKEN_GET_PATH",
    "TOKEN_REFRESH_PATH",
    "WEBHOOK_MAX_AGE_SECONDS",
    "WEBHOOK_TOPICS",
    "AccessTokenExpired",
    "SearchPage",
    "ShopInfo",
    "authorize_url",
    "error_for",
    "order_status",
    "parse_envelope",
    "parse_order",
    "parse_search_page",
    "parse_shops",
    "parse_token",
    "parse_webhook",
    "search_body",
    "search_query",
    "sign",
    "signed_query",
    "string_to_sign",
    "token_get_query",
    "token_refresh_query",
    "webhook_signature",
]

OPEN_API_URL = "https://open-api.tiktokglobalshop.com"
AUTH_URL = "https://auth.tiktok-shops.com"                   # token host, every market
AUTHORIZE_URL = "https://services.tiktokshop.com/open/authorize"
LEGACY_AUTHORIZE_PATH = "/oauth/authorize"                    # on AUTH_URL, by app_key

TOKEN_GET_PATH = "/api/v2/token/get"
TOKEN_REFRESH_PATH = "/api/v2/token/refresh"
SHOPS_PATH = "/authorization/202309/shops"
ORDER_SEARCH_PATH = "/order/202309/orders/search"
ORDER_DETAIL_PATH = "/order/202309/orders"

MAX_PAGE_SIZE = 100                  # Get Order List: page_size 1-100
DETAIL_BATCH_SIZE = 50               # Get Order Detail: at most 50 ids per call
TIMESTAMP_MAX_AGE_SECONDS = 300      # a request's timestamp must be within 5 minutes ...
TIMESTAMP_MAX_AHEAD_SECONDS = 30     # ... and not more than 30 s ahead of the server's clock
WEBHOOK_MAX_AGE_SECONDS = 300

# Error codes of docv2 "common errors".
ERROR_ACCESS_TOKEN_EXPIRED = 105002
ERROR_SCOPE_NOT_GRANTED = 105005
ERROR_INVALID_SIGN = 106001
ERROR_MISSING_SHOP_CIPHER = 106013
ERROR_INVALID_CREDENTIALS = 36009004   # app_key, timestamp, token or unexpected shop_cipher
ERROR_IP_NOT_ALLOWED = 36009033
ERROR_TOO_MANY_REQUESTS = 36009002
ERROR_INTERNAL = 36009003
ERROR_INVALID_QUERY = 101000

_AUTH_CODES = frozenset({ERROR_SCOPE_NOT_GRANTED, ERROR_INVALID_SIGN, ERROR_INVALID_CREDENTIALS,
                         ERROR_IP_NOT_ALLOWED})

# Webhook ``type`` -> Sellergate topic. Type 6 (the seller revoked the authorization) is the
# signal to stop and purge, which the gateway handles as ``app/uninstalled``.
WEBHOOK_TOPICS: dict[int, str] = {
    1: "orders/updated",
    2: "reverse_orders/updated",
    3: "orders/address_updated",
    4: "packages/updated",
    5: "products/status_updated",
    6: "app/uninstalled",
    7: "app/authorization_expiring",
    12: "returns/updated",
    37: "products/audit_updated",
}
_ORDER_WEBHOOK_TYPES = frozenset({1, 3})

# TikTok's order status -> Sellergate's OrderStatus value. ON_HOLD is a paid order inside the
# buyer's free-cancellation window; AWAITING_COLLECTION has a label but no carrier scan yet.
_STATUSES: dict[str, str] = {
    "UNPAID": "pending",
    "ON_HOLD": "paid",
    "AWAITING_SHIPMENT": "paid",
    "PARTIALLY_SHIPPING": "paid",
    "AWAITING_COLLECTION": "paid",
    "IN_TRANSIT": "fulfilled",
    "DELIVERED": "fulfilled",
    "COMPLETED": "fulfilled",
    "CANCELLED": "cancelled",
}


class AccessTokenExpired(UpstreamAuthError):
    """Code 105002: the access token expired; the connector refreshes it and retries once."""


# --- signing ----------------------------------------------------------------------------------

def string_to_sign(path: str, params: Mapping[str, str], body: bytes = b"",
                   content_type: str = "application/json") -> str:
    """The signed base: path, then sorted ``{key}{value}`` of the decoded query without ``sign``
    and the token, then the raw body unless the request is multipart."""
    excluded = ("sign", "access_token", "x-tts-access-token")
    pairs = sorted((key, value) for key, value in params.items() if key not in excluded)
    base = path + "".join(f"{key}{value}" for key, value in pairs)
    if body and not content_type.lower().startswith("multipart/form-data"):
        base += body.decode()
    return base


def sign(path: str, params: Mapping[str, str], body: bytes, app_secret: str,
         content_type: str = "application/json") -> str:
    """Lowercase hex HMAC-SHA256 of ``app_secret + string_to_sign + app_secret``.

    >>> sign("/authorization/202309/shops", {"app_key": "29a39d", "timestamp": "1623812664"},
    ...      b"", "e59af819cc")[:8]
    'b596b73e'
    """
    wrapped = app_secret + string_to_sign(path, params, body, content_type) + app_secret
    return hmac.new(app_secret.encode(), wrapped.encode(), hashlib.sha256).hexdigest()


def signed_query(path: str, params: Mapping[str, str], body: bytes, *, app_key: str,
                 app_secret: str, timestamp: int, shop_cipher: str | None = None) -> dict[str, str]:
    """The full query of an Open API call: endpoint params, common params and ``sign``."""
    query = {**params, "app_key": app_key, "timestamp": str(timestamp)}
    if shop_cipher:
        query["shop_cipher"] = shop_cipher
    query["sign"] = sign(path, query, body, app_secret)
    return query


def webhook_signature(app_key: str, app_secret: str, body: bytes) -> str:
    """The ``Authorization`` header of a webhook: hex HMAC-SHA256 of ``app_key + raw body``."""
    return hmac.new(app_secret.encode(), app_key.encode() + body, hashlib.sha256).hexdigest()


# --- authorization ----------------------------------------------------------------------------

def authorize_url(*, state: str, service_id: str, app_key: str, authorize_page: str,
                  auth_url: str) -> str:
    """The seller's authorization page: the service page by ``service_id``, or the legacy page
    by ``app_key`` on the token host when no service id is configured. TikTok redirects to the
    redirect URL fixed in Partner Center, so none is sent."""
    if service_id:
        return f"{authorize_page}?{urlencode({'service_id': service_id, 'state': state})}"
    return f"{auth_url}{LEGACY_AUTHORIZE_PATH}?{urlencode({'app_key': app_key, 'state': state})}"


def token_get_query(*, app_key: str, app_secret: str, code: str) -> dict[str, str]:
    return {"app_key": app_key, "app_secret": app_secret, "auth_code": code,
            "grant_type": "authorized_code"}


def token_refresh_query(*, app_key: str, app_secret: str, refresh_token: str) -> dict[str, str]:
    return {"app_key": app_key, "app_secret": app_secret, "refresh_token": refresh_token,
            "grant_type": "refresh_token"}


def parse_token(data: Mapping[str, Any], *, previous: Credentials | None = None) -> Credentials:
    """Credentials from a token get/refresh ``data``; ``*_expire_in`` are absolute Unix times.

    A refresh keeps what the previous credentials knew about the shop (cipher, ids, names).
    """
    try:
        access = _required_str(data["access_token"])
        refresh = _required_str(data["refresh_token"])
        expires_at = _time(data["access_token_expire_in"])
        refresh_expires_at = _time(data["refresh_token_expire_in"])
    except (KeyError, TypeError, ValueError, OverflowError) as exc:
        raise UpstreamBadResponse(f"malformed TikTok Shop token answer: {exc!r}") from exc
    extra = dict(previous.extra) if previous else {}
    extra["refresh_expires_at"] = refresh_expires_at.isoformat()
    for key in ("open_id", "seller_name", "seller_base_region"):
        if isinstance(data.get(key), str) and data[key]:
            extra[key] = data[key]
    scopes = data.get("granted_scopes")
    if isinstance(scopes, list):
        extra["granted_scopes"] = ",".join(str(scope) for scope in scopes)
    return Credentials(access_token=access, refresh_token=refresh, expires_at=expires_at,
                       shop=previous.shop if previous else "", extra=extra)


@dataclass(frozen=True, slots=True)
class ShopInfo:
    """One authorized shop: ``id`` names it in webhooks, ``cipher`` goes in shop-scoped calls."""

    id: str
    name: str
    region: str
    cipher: str


def parse_shops(data: Mapping[str, Any]) -> list[ShopInfo]:
    """``data.shops`` of Get Authorized Shops."""
    try:
        return [ShopInfo(id=_required_str(raw["id"]), name=_optional_str(raw.get("name")),
                         region=_optional_str(raw.get("region")),
                         cipher=_required_str(raw["cipher"]))
                for raw in data["shops"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise UpstreamBadResponse(f"malformed TikTok Shop shops answer: {exc!r}") from exc


# --- envelope and errors ----------------------------------------------------------------------

def error_for(code: int, message: str, *, http_status: int = 200) -> UpstreamError:
    """The SDK error for a non-zero envelope ``code`` (or a failing HTTP status)."""
    text = f"TikTok Shop error {code}: {message} (HTTP {http_status})"
    if code == ERROR_ACCESS_TOKEN_EXPIRED:
        return AccessTokenExpired(text)
    if code == ERROR_TOO_MANY_REQUESTS or http_status == 429:
        # No Retry-After nor published QPS table: one second is the conservative guess.
        return UpstreamRateLimited(text, retry_after=1.0)
    if code == ERROR_INTERNAL or http_status >= 500:
        return UpstreamUnavailable(text)
    # EcomPHP treats every other 105xxx/360xxxxx code as a credentials problem too.
    if code in _AUTH_CODES or str(code).startswith(("105", "360")) or http_status in (401, 403):
        return UpstreamAuthError(text)
    return UpstreamBadResponse(text)


def parse_envelope(body: Any, *, http_status: int = 200) -> dict[str, Any]:
    """``data`` of a ``{"code", "message", "request_id", "data"}`` answer; raises for code != 0."""
    if not isinstance(body, dict) or not isinstance(body.get("code"), int):
        if http_status != 200:
            raise error_for(-1, "answer without an envelope", http_status=http_status)
        raise UpstreamBadResponse("TikTok Shop answer is not a {code, message, data} envelope")
    if body["code"] != 0:
        raise error_for(body["code"], str(body.get("message", "")), http_status=http_status)
    if http_status != 200:
        raise error_for(-1, "success envelope with a failing status", http_status=http_status)
    data = body.get("data")
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise UpstreamBadResponse("TikTok Shop envelope data is not an object")
    return data


# --- orders -----------------------------------------------------------------------------------

def search_query(*, page_size: int, page_token: str | None) -> dict[str, str]:
    """Query params of Get Order List, oldest update first so a cursor resumes a sync."""
    query = {"page_size": str(max(1, min(MAX_PAGE_SIZE, page_size))),
             "sort_field": "update_time", "sort_order": "ASC"}
    if page_token:
        query["page_token"] = page_token
    return query


def search_body(updated_since: datetime | None) -> dict[str, Any]:
    """JSON body filters of Get Order List."""
    if updated_since is None:
        return {}
    if updated_since.tzinfo is None:
        updated_since = updated_since.replace(tzinfo=UTC)
    # Whole seconds, truncated: the bound moves earlier, so nothing is ever skipped.
    return {"update_time_ge": int(updated_since.timestamp())}


@dataclass(frozen=True, slots=True)
class SearchPage:
    """A parsed order list page; ``incomplete`` ids came without line items (detail needed)."""

    orders: list[OrderData]
    next_cursor: str | None
    incomplete: list[str] = field(default_factory=list)


def parse_search_page(data: Mapping[str, Any], *, include_buyer: bool) -> SearchPage:
    """``data`` of Get Order List: orders, and ``next_page_token`` (empty or absent: last page)."""
    try:
        raw_orders = data.get("orders") or []
        if not isinstance(raw_orders, list):
            raise TypeError("orders is not a list")
        orders, incomplete = [], []
        for raw in raw_orders:
            if "line_items" in raw:
                orders.append(parse_order(raw, include_buyer=include_buyer))
            else:
                incomplete.append(_required_str(raw["id"]))
        token = data.get("next_page_token")
    except (KeyError, TypeError, ValueError) as exc:
        raise UpstreamBadResponse(f"malformed TikTok Shop order list: {exc!r}") from exc
    return SearchPage(orders=orders, next_cursor=token if isinstance(token, str) and token else None,
                      incomplete=incomplete)


def order_status(status: str) -> str:
    """Sellergate's order status; an unknown future status is treated as not yet paid."""
    return _STATUSES.get(status.upper(), "pending")


def parse_order(raw: Mapping[str, Any], *, include_buyer: bool) -> OrderData:
    """One order of Get Order List or Get Order Detail. Buyer fields are dropped unless
    ``include_buyer``: TikTok sends them unasked, so they are never parsed, let alone kept."""
    try:
        order_id = _required_str(raw["id"])
        payment = raw["payment"]
        return OrderData(
            external_id=order_id,
            number=order_id,                  # TikTok shows sellers the order id itself
            status=order_status(_required_str(raw["status"])),
            currency=_required_str(payment["currency"]),
            total=Decimal(_required_str(payment["total_amount"])),
            placed_at=_time(raw["create_time"]),
            updated_at=_time(raw["update_time"]),
            items=_items(raw.get("line_items") or []),
            buyer=_buyer(raw, order_id) if include_buyer else None,
            shipments=_shipments(raw),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation, OverflowError) as exc:
        raise UpstreamBadResponse(f"malformed TikTok Shop order: {exc!r}") from exc


def _items(line_items: Iterable[Mapping[str, Any]]) -> list[OrderItemData]:
    """TikTok has one line item per unit and no quantity: units of the same SKU at the same
    price are counted together."""
    counts: dict[tuple[str, str, str, Decimal], int] = {}
    for line in line_items:
        sku_id = _optional_str(line.get("sku_id"))
        sku = _optional_str(line.get("seller_sku")).strip() or sku_id
        title = _required_str(line["product_name"])
        variant = _optional_str(line.get("sku_name"))
        if variant:
            title = f"{title} ({variant})"
        price = Decimal(_required_str(line.get("original_price") or line["sale_price"]))
        key = (sku_id, sku, title, price)
        counts[key] = counts.get(key, 0) + 1
    return [OrderItemData(sku=sku, title=title, quantity=quantity, price=price)
            for (_, sku, title, price), quantity in counts.items()]


def _shipments(raw: Mapping[str, Any]) -> list[ShipmentData]:
    """Tracking numbers of the order's packages (per line item) and of the order itself."""
    shipments: list[ShipmentData] = []
    for line in raw.get("line_items") or []:
        _add_shipment(shipments, line.get("shipping_provider_name"), line.get("tracking_number"))
    _add_shipment(shipments, raw.get("shipping_provider"), raw.get("tracking_number"))
    return shipments


def _add_shipment(shipments: list[ShipmentData], carrier: Any, number: Any) -> None:
    if not isinstance(number, str) or not number.strip():
        return
    shipment = ShipmentData(carrier=_optional_str(carrier), tracking_number=number.strip())
    if all(s.tracking_number != shipment.tracking_number for s in shipments):
        shipments.append(shipment)


def _buyer(raw: Mapping[str, Any], order_id: str) -> BuyerData | None:
    address = raw.get("recipient_address")
    address = address if isinstance(address, dict) else {}
    email = _optional_str(raw.get("buyer_email"))
    user_id = _optional_str(raw.get("user_id"))
    if not (user_id or email or address):
        return None
    names = [_optional_str(address.get("first_name")), _optional_str(address.get("last_name"))]
    name = _optional_str(address.get("name")) or " ".join(n for n in names if n)
    return BuyerData(
        # Without a user id the buyer is known through this order only.
        external_id=user_id or f"order:{order_id}",
        name=name or None,
        email=email or None,
        phone=_optional_str(address.get("phone_number")) or None,
        address=_address(address) if address else None,
    )


def _address(raw: Mapping[str, Any]) -> AddressData:
    levels = {_optional_str(d.get("address_level")): _optional_str(d.get("address_name"))
              for d in raw.get("district_info") or [] if isinstance(d, dict)}
    line1 = _optional_str(raw.get("address_line1")).strip()
    return AddressData(
        line1=line1 or _optional_str(raw.get("full_address")).strip(),
        line2=_optional_str(raw.get("address_line2")).strip()
        or _optional_str(raw.get("address_detail")).strip(),
        # L0 country, L1 state/province, L2 county, L3 city (the deepest one present wins).
        city=levels.get("L3") or levels.get("L2") or _optional_str(raw.get("post_town")),
        province=levels.get("L1", ""),
        postal_code=_optional_str(raw.get("postal_code")),
        country=_optional_str(raw.get("region_code")),
    )


# --- webhooks ---------------------------------------------------------------------------------

def parse_webhook(payload: Mapping[str, Any], *, now: float) -> tuple[str, str, str]:
    """``(topic, shop_id, delivery_id)`` of a verified payload; raises ValueError when a field
    is missing, the type unknown, or ``timestamp`` more than five minutes away from ``now``."""
    kind = payload.get("type")
    if not isinstance(kind, int) or kind not in WEBHOOK_TOPICS:
        raise ValueError(f"unsupported webhook type {kind!r}")
    delivery_id = payload.get("tts_notification_id")
    if not isinstance(delivery_id, str | int) or not str(delivery_id):
        raise ValueError("webhook without tts_notification_id")
    shop_id = payload.get("shop_id")
    if not isinstance(shop_id, str | int) or not str(shop_id):
        raise ValueError("webhook without shop_id")
    timestamp = payload.get("timestamp")
    if not isinstance(timestamp, int):
        raise ValueError("webhook without a timestamp")
    # Refuses future stamps beyond the same margin too (clock skew or forgery).
    if abs(now - timestamp) > WEBHOOK_MAX_AGE_SECONDS:
        raise ValueError("webhook is stale (timestamp older than 5 minutes)")
    data = payload.get("data")
    if not isinstance(data, dict):
        raise ValueError("webhook without a data object")
    if kind in _ORDER_WEBHOOK_TYPES and not _optional_str(data.get("order_id")):
        raise ValueError("order webhook without data.order_id")
    return WEBHOOK_TOPICS[kind], str(shop_id), str(delivery_id)


# --- values -----------------------------------------------------------------------------------

def _required_str(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


def _optional_str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _time(value: Any) -> datetime:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"expected Unix seconds, got {value!r}")
    return datetime.fromtimestamp(value, UTC)
