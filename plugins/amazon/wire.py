"""Amazon's Selling Partner API (Orders v0, Tokens 2021-03-01) and Login with Amazon wire formats
as pure functions: authorization and token requests, getOrders/getOrderItems queries, the error
list and its mapping to SDK errors, usage-plan headers, and parsing into the SDK's DTOs. No I/O."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote, urlencode

from gateway.connectors import (
    AddressData,
    BuyerData,
    Credentials,
    OrderData,
    OrderItemData,
    UpstreamAuthError,
    UpstreamBadResponse,
    UpstreamError,
    UpstreamRateLimited,
    UpstreamUnavailable,
)

__all__ = [
    "AUTHORIZE_URL",
    "CREATE_RDT",
    "DEFAULT_USAGE_PLANS",
    "GET_ORDERS",
    "GET_ORDER_ITEMS",
    "HISTORY_START",
    "MAX_PAGE_SIZE",
    "ORDERS_PATH",
    "RDT_PATH",
    "RESTRICTED_ELEMENTS",
    "SP_API_URL",
    "TOKEN_URL",
    "US_MARKETPLACE_ID",
    "ApiError",
    "OrdersPage",
    "TokenRefused",
    "authorize_url",
    "error_for",
    "format_time",
    "lwa_error",
    "order_items_path",
    "order_status",
    "orders_query",
    "parse_callback",
    "parse_errors",
    "parse_items_page",
    "parse_order",
    "parse_orders_page",
    "parse_rdt",
    "parse_time",
    "parse_token",
    "rate_limit_of",
    "rdt_request",
    "token_code_form",
    "token_refresh_form",
]

SP_API_URL = "https://sellingpartnerapi-na.amazon.com"          # NA; EU and FE hosts differ
TOKEN_URL = "https://api.amazon.com/auth/o2/token"               # Login with Amazon, all regions
AUTHORIZE_URL = "https://sellercentral.amazon.com/apps/authorize/consent"
US_MARKETPLACE_ID = "ATVPDKIKX0DER"
# getOrders needs CreatedAfter or LastUpdatedAfter: a first sync reads from this date.
HISTORY_START = datetime(2020, 1, 1, tzinfo=UTC)

ORDERS_PATH = "/orders/v0/orders"
RDT_PATH = "/tokens/2021-03-01/restrictedDataToken"
MAX_PAGE_SIZE = 100

GET_ORDERS = "getOrders"
GET_ORDER_ITEMS = "getOrderItems"
CREATE_RDT = "createRestrictedDataToken"
# Default usage plans (requests per second, burst) from the API models; a selling partner's
# actual rate comes back in x-amzn-RateLimit-Limit.
DEFAULT_USAGE_PLANS: dict[str, tuple[float, int]] = {
    GET_ORDERS: (0.0167, 20),
    GET_ORDER_ITEMS: (0.5, 30),
    CREATE_RDT: (1.0, 10),
}
# What a Restricted Data Token for getOrders unlocks: buyer name and relay email, and the
# shipping address's name, street lines and phone.
RESTRICTED_ELEMENTS = ("buyerInfo", "shippingAddress")

_STATUSES = {
    "PENDINGAVAILABILITY": "pending", "PENDING": "pending",
    "UNSHIPPED": "paid", "PARTIALLYSHIPPED": "paid",
    "SHIPPED": "fulfilled", "INVOICEUNCONFIRMED": "fulfilled",
    "CANCELED": "cancelled", "UNFULFILLABLE": "cancelled",
}
_AUTH_ERRORS = frozenset({"access_denied", "invalid_grant", "invalid_client",
                          "unauthorized_client", "invalid_scope"})
_TRANSIENT_ERRORS = frozenset({"server_error", "temporarily_unavailable"})


class ApiError(Exception):
    """One entry of an SP-API ``errors`` list."""

    def __init__(self, code: str, message: str, details: str = "") -> None:
        super().__init__(f"{code}: {message}" + (f" ({details})" if details else ""))
        self.code = code
        self.message = message
        self.details = details


class TokenRefused(UpstreamAuthError):
    """The access token (LWA or restricted) was refused: renew it and try once more."""


# --- authorization (Login with Amazon) --------------------------------------------------------

def authorize_url(*, authorize_page: str, application_id: str, state: str, redirect_uri: str,
                  draft: bool = False) -> str:
    """The Seller Central consent page. ``redirect_uri`` must be one of the app's registered
    URIs (MD5101 otherwise); ``version=beta`` authorizes an app still in draft (MD1000)."""
    query = {"application_id": application_id, "state": state, "redirect_uri": redirect_uri}
    if draft:
        query["version"] = "beta"
    return f"{authorize_page}?{urlencode(query)}"


def parse_callback(params: Mapping[str, str]) -> tuple[str, str]:
    """``(spapi_oauth_code, selling_partner_id)`` of the redirect; ValueError if either is
    missing (the caller has already matched ``state``)."""
    code = params.get("spapi_oauth_code", "").strip()
    seller = params.get("selling_partner_id", "").strip()
    if not code:
        raise ValueError("authorization callback without spapi_oauth_code")
    if not seller:
        raise ValueError("authorization callback without selling_partner_id")
    return code, seller


def token_code_form(*, client_id: str, client_secret: str, code: str,
                    redirect_uri: str) -> dict[str, str]:
    return {"grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "client_id": client_id, "client_secret": client_secret}


def token_refresh_form(*, client_id: str, client_secret: str,
                       refresh_token: str) -> dict[str, str]:
    return {"grant_type": "refresh_token", "refresh_token": refresh_token,
            "client_id": client_id, "client_secret": client_secret}


def parse_token(body: Any, *, now: datetime, previous: Credentials | None = None,
                selling_partner_id: str = "") -> Credentials:
    """Credentials from an LWA token answer. ``expires_in`` is relative to ``now``; a refresh
    answer may leave out the refresh token (it does not rotate), so the previous one is kept."""
    try:
        if not isinstance(body, dict):
            raise TypeError("token answer is not an object")
        access = _required_str(body["access_token"])
        if str(body.get("token_type", "bearer")).lower() != "bearer":
            raise ValueError(f"unexpected token_type {body['token_type']!r}")
        expires_in = body["expires_in"]
        if not isinstance(expires_in, int) or isinstance(expires_in, bool) or expires_in <= 0:
            raise ValueError(f"expires_in must be positive seconds, got {expires_in!r}")
        refresh = body.get("refresh_token") or (previous.refresh_token if previous else None)
        if not isinstance(refresh, str) or not refresh:
            raise ValueError("no refresh_token in the answer nor held before")
    except (KeyError, TypeError, ValueError) as exc:
        raise UpstreamBadResponse(f"malformed Login with Amazon token answer: {exc!r}") from exc
    return Credentials(access_token=access, refresh_token=refresh,
                       expires_at=now + timedelta(seconds=expires_in),
                       shop=previous.shop if previous else selling_partner_id,
                       extra=dict(previous.extra) if previous else {})


def lwa_error(status: int, body: Any) -> UpstreamError:
    """The SDK error for a failing token answer ``{"error", "error_description"}``."""
    code = body.get("error") if isinstance(body, dict) else None
    text = (f"Login with Amazon error {code or '?'}: "
            f"{body.get('error_description', '') if isinstance(body, dict) else ''} (HTTP {status})")
    if code in _TRANSIENT_ERRORS or status >= 500:
        return UpstreamUnavailable(text)
    if status == 429:
        return UpstreamRateLimited(text, retry_after=1.0)
    if code in _AUTH_ERRORS or status in (401, 403):
        return UpstreamAuthError(text)
    return UpstreamBadResponse(text)


# --- Restricted Data Token ---------------------------------------------------------------------

def rdt_request(elements: Sequence[str] = RESTRICTED_ELEMENTS) -> dict[str, Any]:
    """createRestrictedDataToken body covering getOrders (the generic path) for ``elements``."""
    return {"restrictedResources": [{"method": "GET", "path": ORDERS_PATH,
                                     "dataElements": list(elements)}]}


def parse_rdt(body: Any, *, now: datetime) -> tuple[str, datetime]:
    """``(token, expires_at)`` of a createRestrictedDataToken answer."""
    try:
        token = _required_str(body["restrictedDataToken"])
        expires_in = body["expiresIn"]
        if not isinstance(expires_in, int) or isinstance(expires_in, bool) or expires_in <= 0:
            raise ValueError(f"expiresIn must be positive seconds, got {expires_in!r}")
    except (KeyError, TypeError, ValueError) as exc:
        raise UpstreamBadResponse(f"malformed restricted data token answer: {exc!r}") from exc
    return token, now + timedelta(seconds=expires_in)


# --- errors and usage plans --------------------------------------------------------------------

def parse_errors(body: Any) -> list[ApiError]:
    """The ``errors`` list of an answer (empty when there is none or it is malformed)."""
    raw = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(raw, list):
        return []
    return [ApiError(str(e.get("code", "")), str(e.get("message", "")), str(e.get("details", "")))
            for e in raw if isinstance(e, dict)]


def error_for(status: int, body: Any, *, retry_after: float) -> UpstreamError:
    """The SDK error for a failing SP-API answer (``body`` is the decoded JSON or None)."""
    errors = parse_errors(body)
    described = "; ".join(str(e) for e in errors) or "no error details"
    text = f"Amazon SP-API HTTP {status}: {described}"
    codes = {e.code for e in errors}
    if status == 429 or "QuotaExceeded" in codes:
        return UpstreamRateLimited(text, retry_after=retry_after)
    if status >= 500:
        return UpstreamUnavailable(text)
    # A missing token is answered 400 with code Unauthorized; a bad or expired one 403.
    if status in (401, 403) or "Unauthorized" in codes:
        return TokenRefused(text)
    return UpstreamBadResponse(text)


def rate_limit_of(headers: Mapping[str, str]) -> float | None:
    """The operation's rate (requests per second) from ``x-amzn-RateLimit-Limit``, if sent."""
    value = next((v for k, v in headers.items() if k.lower() == "x-amzn-ratelimit-limit"), None)
    try:
        rate = float(value) if value is not None else None
    except ValueError:
        return None
    return rate if rate is not None and rate > 0 else None


# --- orders ------------------------------------------------------------------------------------

def format_time(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``, whole seconds (truncated: a bound moves earlier, so an
    ``...After`` filter never skips anything)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(value: Any) -> datetime:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected an ISO 8601 date, got {value!r}")
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def orders_query(*, marketplace_ids: Sequence[str], updated_since: datetime | None,
                 page_size: int, next_token: str | None,
                 history_start: datetime = HISTORY_START) -> dict[str, str]:
    """getOrders query by last update. The same filters go with every ``NextToken`` (the model:
    "NextToken doesn't affect any filters"), so the first sync's start is a fixed date."""
    query = {"MarketplaceIds": ",".join(marketplace_ids),
             "LastUpdatedAfter": format_time(updated_since or history_start),
             "MaxResultsPerPage": str(max(1, min(MAX_PAGE_SIZE, page_size)))}
    if next_token:
        query["NextToken"] = next_token
    return query


def order_items_path(order_id: str) -> str:
    return f"{ORDERS_PATH}/{quote(order_id, safe='')}/orderItems"


@dataclass(frozen=True, slots=True)
class OrdersPage:
    """A getOrders page: the raw orders (items come from getOrderItems) and the next token."""

    orders: list[dict[str, Any]]
    next_token: str | None


def _payload(body: Any, what: str) -> dict[str, Any]:
    payload = body.get("payload") if isinstance(body, dict) else None
    if not isinstance(payload, dict):
        raise UpstreamBadResponse(f"Amazon {what} answer has no payload object")
    return payload


def parse_orders_page(body: Any) -> OrdersPage:
    """``payload.Orders`` and ``payload.NextToken`` (absent or empty: the last page)."""
    payload = _payload(body, "getOrders")
    raw = payload.get("Orders")
    if not isinstance(raw, list) or not all(isinstance(o, dict) for o in raw):
        raise UpstreamBadResponse("Amazon getOrders payload.Orders is not a list of orders")
    for order in raw:
        if not isinstance(order.get("AmazonOrderId"), str) or not order["AmazonOrderId"]:
            raise UpstreamBadResponse("Amazon getOrders answered an order without AmazonOrderId")
    token = payload.get("NextToken")
    return OrdersPage(orders=raw, next_token=token if isinstance(token, str) and token else None)


def parse_items_page(body: Any) -> tuple[list[dict[str, Any]], str | None]:
    """``payload.OrderItems`` and ``payload.NextToken`` of getOrderItems."""
    payload = _payload(body, "getOrderItems")
    raw = payload.get("OrderItems")
    if not isinstance(raw, list) or not all(isinstance(i, dict) for i in raw):
        raise UpstreamBadResponse("Amazon getOrderItems payload.OrderItems is not a list")
    token = payload.get("NextToken")
    return raw, token if isinstance(token, str) and token else None


def order_status(status: str) -> str:
    """Sellergate's order status; an unknown future status is treated as not yet paid."""
    return _STATUSES.get(status.upper(), "pending")


def parse_order(raw: Mapping[str, Any], items: Sequence[Mapping[str, Any]], *,
                include_buyer: bool) -> OrderData:
    """One getOrders ``Order`` with its getOrderItems ``OrderItems``. Buyer fields are parsed
    only with ``include_buyer``: the non-restricted part of ``ShippingAddress`` (city, state,
    postal code) comes even without a Restricted Data Token, and is dropped here."""
    try:
        order_id = _required_str(raw["AmazonOrderId"])
        total, currency = _total(raw, items)
        return OrderData(
            external_id=order_id,
            number=order_id,                      # sellers know orders by the 3-7-7 id
            status=order_status(_required_str(raw["OrderStatus"])),
            currency=currency,
            total=total,
            placed_at=parse_time(raw["PurchaseDate"]),
            updated_at=parse_time(raw["LastUpdateDate"]),
            items=[_item(item) for item in items],
            buyer=_buyer(raw, order_id) if include_buyer else None,
        )
    except (KeyError, TypeError, ValueError, InvalidOperation, ZeroDivisionError) as exc:
        raise UpstreamBadResponse(f"malformed Amazon order: {exc!r}") from exc


def _money(value: Any) -> tuple[Decimal, str] | None:
    if value is None:
        return None
    if not isinstance(value, dict):
        raise TypeError(f"expected a Money object, got {value!r}")
    return Decimal(_required_str(value["Amount"])), _optional_str(value.get("CurrencyCode"))


def _total(raw: Mapping[str, Any], items: Sequence[Mapping[str, Any]]) -> tuple[Decimal, str]:
    """``OrderTotal``; Amazon leaves it out of pending orders, whose total is then the sum of
    what the items charge (price, shipping and taxes, less promotions)."""
    stated = _money(raw.get("OrderTotal"))
    if stated is not None:
        return stated
    total, currency = Decimal("0.00"), ""
    for item in items:
        for name, sign in (("ItemPrice", 1), ("ShippingPrice", 1), ("ItemTax", 1),
                           ("ShippingTax", 1), ("PromotionDiscount", -1),
                           ("ShippingDiscount", -1)):
            money = _money(item.get(name))
            if money is not None:
                total += sign * money[0]
                currency = currency or money[1]
    return total, currency


def _item(raw: Mapping[str, Any]) -> OrderItemData:
    """``ItemPrice`` is the line's price (unit price times quantity); the SDK keeps unit prices."""
    asin = _required_str(raw["ASIN"])
    quantity = raw["QuantityOrdered"]
    if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 0:
        raise ValueError(f"QuantityOrdered must be a count, got {quantity!r}")
    line = _money(raw.get("ItemPrice"))
    price = Decimal("0.00")
    if line is not None and quantity:
        price = line[0] / quantity
        exponent = line[0].as_tuple().exponent
        if isinstance(exponent, int):
            price = price.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_EVEN)
    return OrderItemData(sku=_optional_str(raw.get("SellerSKU")).strip() or asin,
                         title=_optional_str(raw.get("Title")).strip() or asin,
                         quantity=quantity, price=price)


def _buyer(raw: Mapping[str, Any], order_id: str) -> BuyerData | None:
    """Buyer fields of an order read with a Restricted Data Token. SP-API gives no buyer id and
    none is derived from the buyer's data, so the buyer is known through this order only."""
    info = raw.get("BuyerInfo")
    info = info if isinstance(info, dict) else {}
    address = raw.get("ShippingAddress")
    address = address if isinstance(address, dict) else {}
    name = _optional_str(info.get("BuyerName")).strip() or _optional_str(address.get("Name")).strip()
    email = _optional_str(info.get("BuyerEmail")).strip()
    phone = _optional_str(address.get("Phone")).strip()
    if not (name or email or phone or address):
        return None
    return BuyerData(external_id=f"order:{order_id}", name=name or None, email=email or None,
                     phone=phone or None, address=_address(address) if address else None)


def _address(raw: Mapping[str, Any]) -> AddressData:
    line2 = ", ".join(part for part in (_optional_str(raw.get("AddressLine2")).strip(),
                                        _optional_str(raw.get("AddressLine3")).strip()) if part)
    return AddressData(
        line1=_optional_str(raw.get("AddressLine1")).strip(),
        line2=line2,
        city=_optional_str(raw.get("City")).strip() or _optional_str(raw.get("Municipality")),
        province=_optional_str(raw.get("StateOrRegion")).strip(),
        postal_code=_optional_str(raw.get("PostalCode")).strip(),
        country=_optional_str(raw.get("CountryCode")).strip(),
    )


# --- values ------------------------------------------------------------------------------------

def _required_str(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


def _optional_str(value: Any) -> str:
    return value if isinstance(value, str) else ""
