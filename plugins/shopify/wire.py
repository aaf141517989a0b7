"""Shopify's wire formats as pure functions: OAuth and webhook signatures, Admin GraphQL queries,
and parsing of GraphQL and REST-style (webhook) JSON into the SDK's DTOs. No I/O here."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import quote

from gateway.connectors import (
    AddressData,
    BuyerData,
    Credentials,
    OrderData,
    OrderItemData,
    ShipmentData,
    UpstreamAuthError,
    UpstreamBadResponse,
)

__all__ = [
    "BUYER_SCOPES",
    "DEFAULT_API_VERSION",
    "LINE_ITEMS_FOLLOW_UP",
    "LINE_ITEMS_PER_PAGE",
    "MAX_QUERY_COST",
    "OAUTH_MAX_SKEW_SECONDS",
    "ORDER_SCOPES",
    "ORDER_TOPICS",
    "PRIVACY_TOPICS",
    "WEBHOOK_MAX_AGE_SECONDS",
    "WEBHOOK_TOPICS",
    "OrdersPage",
    "access_token_request",
    "authorize_params",
    "check_privacy_payload",
    "is_api_version",
    "is_shop_domain",
    "line_items_query",
    "line_items_variables",
    "max_page_size",
    "order_gid",
    "order_node_cost",
    "order_status",
    "orders_query",
    "orders_variables",
    "parse_access_token",
    "parse_line_items_page",
    "parse_orders_page",
    "parse_rest_order",
    "parse_timestamp",
    "query_hmac",
    "query_message",
    "raise_for_graphql_errors",
    "search_query",
    "throttle_wait",
    "webhook_hmac",
]

DEFAULT_API_VERSION = "2025-07"
ORDER_SCOPES: tuple[str, ...] = ("read_orders",)
# Order.customer needs read_customers; asked for only when the deployment imports buyer data.
BUYER_SCOPES: tuple[str, ...] = ("read_customers",)

OAUTH_MAX_SKEW_SECONDS = 90          # what Shopify's own library tolerates on callback timestamps
WEBHOOK_MAX_AGE_SECONDS = 300

ORDER_TOPICS = frozenset({"orders/create", "orders/updated"})
PRIVACY_TOPICS = frozenset({"customers/data_request", "customers/redact", "shop/redact"})
WEBHOOK_TOPICS = ORDER_TOPICS | PRIVACY_TOPICS | {"app/uninstalled"}

MAX_QUERY_COST = 1000                # Shopify refuses a single query whose requested cost is higher
MAX_CONNECTION_SIZE = 250
# Line items asked with each order: most orders have a handful, and every one asked costs 3 points
# per order whether the order has it or not. 5 makes an order 24 points (41 orders a page with
# buyer fields, against 25 at 10 items); the rare longer order is completed by a follow-up query.
LINE_ITEMS_PER_PAGE = 5
LINE_ITEMS_FOLLOW_UP = 50            # items per follow-up query (cost 153)

_SHOP_DOMAIN = re.compile(r"^[a-z0-9][a-z0-9-]*\.myshopify\.com$")
_API_VERSION = re.compile(r"^(\d{4}-(01|04|07|10)|unstable)$")
_GID_ORDER = "gid://shopify/Order/"


def is_shop_domain(shop: str) -> bool:
    """Whether ``shop`` is a ``*.myshopify.com`` host (nothing else may be put into a URL)."""
    return bool(_SHOP_DOMAIN.match(shop))


def is_api_version(version: str) -> bool:
    return bool(_API_VERSION.match(version))


# --- signatures -------------------------------------------------------------------------------

def _encode_component(value: str) -> str:
    # Same escaping as JavaScript's encodeURIComponent, which Shopify's libraries sign with.
    return quote(value, safe="-_.!~*'()")


def query_message(params: Mapping[str, str]) -> str:
    """The string Shopify signs for a query: ``hmac``/``signature`` dropped, keys sorted."""
    pairs = sorted((k, v) for k, v in params.items() if k not in ("hmac", "signature"))
    return "&".join(f"{_encode_component(k)}={_encode_component(v)}" for k, v in pairs)


def query_hmac(params: Mapping[str, str], secret: str) -> str:
    """Lowercase hex HMAC-SHA256 of an OAuth/install query, as in its ``hmac`` parameter."""
    message = query_message(params).encode()
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def webhook_hmac(body: bytes, secret: str) -> str:
    """Base64 HMAC-SHA256 of a webhook's raw body, as in ``X-Shopify-Hmac-Sha256``."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


# --- OAuth ------------------------------------------------------------------------------------

def authorize_params(*, client_id: str, scopes: Iterable[str], redirect_uri: str,
                     state: str) -> dict[str, str]:
    """Query of ``/admin/oauth/authorize`` for an offline (shop-wide) token."""
    return {"client_id": client_id, "scope": ",".join(scopes), "redirect_uri": redirect_uri,
            "state": state}


def access_token_request(*, client_id: str, client_secret: str, code: str) -> dict[str, str]:
    return {"client_id": client_id, "client_secret": client_secret, "code": code}


def parse_access_token(body: Any, *, shop: str) -> Credentials:
    """Credentials from ``/admin/oauth/access_token``'s answer; the granted scope goes in extra."""
    if not isinstance(body, dict) or not isinstance(body.get("access_token"), str):
        raise UpstreamBadResponse("access token answer without access_token")
    scope = body.get("scope")
    extra = {"scope": scope} if isinstance(scope, str) else {}
    return Credentials(access_token=body["access_token"], shop=shop, extra=extra)


# --- orders query -----------------------------------------------------------------------------

_MONEY = "shopMoney { amount currencyCode }"
_LINE_ITEM_FIELDS = f"sku title quantity originalUnitPriceSet {{ {_MONEY} }}"
_ORDER_FIELDS = f"""id name createdAt updatedAt cancelledAt
      displayFinancialStatus displayFulfillmentStatus
      totalPriceSet {{ {_MONEY} }}
      lineItems(first: {LINE_ITEMS_PER_PAGE}) {{
        pageInfo {{ hasNextPage endCursor }}
        nodes {{ {_LINE_ITEM_FIELDS} }}
      }}
      fulfillments {{ trackingInfo {{ company number }} }}"""
# Protected customer data: requested only when the seller authorized buyer data import, so
# that without it the buyer's name, contact and address never leave Shopify at all.
_BUYER_FIELDS = """
      email phone
      customer { id firstName lastName }
      shippingAddress { address1 address2 city province zip countryCodeV2 }"""


def orders_query(*, include_buyer: bool) -> str:
    """The orders listing, sorted by update time so a cursor resumes an incremental sync."""
    fields = _ORDER_FIELDS + (_BUYER_FIELDS if include_buyer else "")
    return f"""query SellergateOrders($first: Int!, $after: String, $query: String) {{
  orders(first: $first, after: $after, query: $query, sortKey: UPDATED_AT) {{
    pageInfo {{ hasNextPage endCursor }}
    nodes {{
      {fields}
    }}
  }}
}}"""


def search_query(updated_since: datetime | None) -> str | None:
    """Shopify search syntax for orders updated at or after ``updated_since`` (UTC)."""
    if updated_since is None:
        return None
    if updated_since.tzinfo is None:
        updated_since = updated_since.replace(tzinfo=UTC)
    # Seconds precision: truncating moves the bound earlier, so nothing is ever skipped.
    stamp = updated_since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return f"updated_at:>='{stamp}'"


def orders_variables(*, first: int, after: str | None,
                     updated_since: datetime | None) -> dict[str, Any]:
    return {"first": first, "after": after, "query": search_query(updated_since)}


def line_items_query() -> str:
    """The rest of one order's line items, for orders longer than ``LINE_ITEMS_PER_PAGE``."""
    return f"""query SellergateOrderLineItems($id: ID!, $first: Int!, $after: String) {{
  order(id: $id) {{
    lineItems(first: $first, after: $after) {{
      pageInfo {{ hasNextPage endCursor }}
      nodes {{ {_LINE_ITEM_FIELDS} }}
    }}
  }}
}}"""


def line_items_variables(*, order_id: str, after: str) -> dict[str, Any]:
    return {"id": order_gid(order_id), "first": LINE_ITEMS_FOLLOW_UP, "after": after}


def order_node_cost(*, include_buyer: bool) -> int:
    """Requested cost of one node of ``orders_query``, by Shopify's rule: scalars 0, objects 1,
    a connection 2 + first x (its node's cost)."""
    line_item = 1 + 2                                # LineItem + originalUnitPriceSet.shopMoney
    cost = 1 + 2                                     # Order + totalPriceSet.shopMoney
    cost += 2 + LINE_ITEMS_PER_PAGE * line_item      # lineItems connection
    cost += 2                                        # fulfillments + trackingInfo
    if include_buyer:
        cost += 2                                    # customer + shippingAddress
    return cost


def max_page_size(*, include_buyer: bool) -> int:
    """The largest ``first`` keeping one orders query within Shopify's single-query cost cap."""
    per_node = order_node_cost(include_buyer=include_buyer)
    return max(1, min(MAX_CONNECTION_SIZE, (MAX_QUERY_COST - 2) // per_node))


# --- GraphQL answers --------------------------------------------------------------------------

def _graphql_error_codes(body: Mapping[str, Any]) -> list[str]:
    errors = body.get("errors")
    if not isinstance(errors, list):
        return []
    codes = []
    for error in errors:
        extensions = error.get("extensions") if isinstance(error, dict) else None
        code = extensions.get("code") if isinstance(extensions, dict) else None
        codes.append(code if isinstance(code, str) else "")
    return codes


def throttle_wait(body: Mapping[str, Any]) -> float | None:
    """Seconds until the leaky bucket holds this query's cost, if the answer is THROTTLED."""
    if "THROTTLED" not in _graphql_error_codes(body):
        return None
    try:
        cost = body["extensions"]["cost"]
        status = cost["throttleStatus"]
        requested = float(cost["requestedQueryCost"])
        available = float(status["currentlyAvailable"])
        restore_rate = float(status["restoreRate"])
    except (KeyError, TypeError, ValueError) as exc:
        raise UpstreamBadResponse("THROTTLED answer without a usable extensions.cost") from exc
    if restore_rate <= 0:
        raise UpstreamBadResponse("THROTTLED answer with a non-positive restoreRate")
    return max(0.0, (requested - available) / restore_rate)


def raise_for_graphql_errors(body: Mapping[str, Any]) -> None:
    """Raise for top-level GraphQL errors (after throttling was handled)."""
    errors = body.get("errors")
    if not errors:
        return
    codes = _graphql_error_codes(body)
    messages = "; ".join(
        str(e.get("message", "?")) if isinstance(e, dict) else str(e)
        for e in (errors if isinstance(errors, list) else [errors])
    )
    if "ACCESS_DENIED" in codes:
        raise UpstreamAuthError(f"Shopify denied access (missing scope?): {messages}")
    raise UpstreamBadResponse(f"Shopify GraphQL errors: {messages}")


@dataclass(frozen=True, slots=True)
class OrdersPage:
    """A parsed orders page; ``more_items`` maps an order id to the cursor of its next items."""

    orders: list[OrderData]
    next_cursor: str | None
    more_items: dict[str, str] = field(default_factory=dict)


def parse_orders_page(body: Mapping[str, Any], *, include_buyer: bool) -> OrdersPage:
    """Parse an ``orders_query`` answer. Buyer fields are dropped unless ``include_buyer``."""
    try:
        connection = body["data"]["orders"]
        orders, more_items = [], {}
        for node in connection["nodes"]:
            order = _graphql_order(node, include_buyer=include_buyer)
            orders.append(order)
            items_info = node["lineItems"]["pageInfo"]
            if items_info["hasNextPage"]:
                more_items[order.external_id] = _required_str(items_info["endCursor"])
        next_cursor = _next_cursor(connection["pageInfo"])
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise UpstreamBadResponse(f"malformed Shopify orders page: {exc!r}") from exc
    return OrdersPage(orders, next_cursor, more_items)


def parse_line_items_page(body: Mapping[str, Any]) -> tuple[list[OrderItemData], str | None]:
    """Parse a ``line_items_query`` answer: the items and the cursor of the next ones."""
    try:
        connection = body["data"]["order"]["lineItems"]
        items = [_graphql_item(node) for node in connection["nodes"]]
        return items, _next_cursor(connection["pageInfo"])
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise UpstreamBadResponse(f"malformed Shopify line items page: {exc!r}") from exc


def _next_cursor(page_info: Mapping[str, Any]) -> str | None:
    if page_info["hasNextPage"] is not True:
        return None
    return _required_str(page_info["endCursor"])


def _required_str(value: Any) -> str:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a non-empty string, got {value!r}")
    return value


def _optional_str(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _numeric_id(value: Any) -> str:
    """``gid://shopify/Order/450789469`` or ``450789469`` -> ``"450789469"``: the REST id used
    by webhooks and privacy requests, so both paths name an order the same way."""
    text = str(value).rsplit("/", 1)[-1]
    if not text.isdigit():
        raise ValueError(f"not a Shopify id: {value!r}")
    return text


def order_gid(order_id: str) -> str:
    return f"{_GID_ORDER}{order_id}"


def parse_timestamp(value: Any) -> datetime:
    moment = datetime.fromisoformat(_required_str(value))
    if moment.tzinfo is None:
        raise ValueError(f"timestamp without a time zone: {value!r}")
    return moment.astimezone(UTC)


def order_status(*, financial: str | None, fulfillment: str | None, cancelled: bool) -> str:
    """Sellergate's order status from Shopify's display statuses (GraphQL or REST spelling)."""
    money = (financial or "").upper()
    shipping = (fulfillment or "").upper()
    if cancelled or money in ("VOIDED", "EXPIRED"):
        return "cancelled"
    if money == "REFUNDED":
        return "refunded"
    if shipping == "FULFILLED":
        return "fulfilled"
    if money in ("PAID", "PARTIALLY_REFUNDED"):
        return "paid"
    return "pending"                  # PENDING, AUTHORIZED, PARTIALLY_PAID, unknown values


def _graphql_item(node: Mapping[str, Any]) -> OrderItemData:
    return OrderItemData(
        sku=_optional_str(node.get("sku")),
        title=_required_str(node["title"]),
        quantity=int(node["quantity"]),
        price=Decimal(node["originalUnitPriceSet"]["shopMoney"]["amount"]),
    )


def _graphql_shipments(fulfillments: Any) -> list[ShipmentData]:
    shipments: list[ShipmentData] = []
    for fulfillment in fulfillments or []:
        for info in fulfillment.get("trackingInfo") or []:
            _add_shipment(shipments, info.get("company"), info.get("number"))
    return shipments


def _add_shipment(shipments: list[ShipmentData], carrier: Any, number: Any) -> None:
    # A fulfillment without a tracking number is not a trackable parcel.
    if isinstance(number, str) and number:
        shipment = ShipmentData(carrier=_optional_str(carrier), tracking_number=number)
        if shipment not in shipments:
            shipments.append(shipment)


def _graphql_buyer(node: Mapping[str, Any], order_id: str) -> BuyerData | None:
    customer = node.get("customer")
    address = node.get("shippingAddress")
    if not (customer or address or node.get("email") or node.get("phone")):
        return None
    names = [customer.get("firstName"), customer.get("lastName")] if customer else []
    return BuyerData(
        external_id=_buyer_id(customer.get("id") if customer else None, order_id),
        name=" ".join(n for n in names if n) or None,
        email=node.get("email") or None,
        phone=node.get("phone") or None,
        address=_address(address, zip_key="zip", country_key="countryCodeV2"),
    )


def _buyer_id(customer_id: Any, order_id: str) -> str:
    # A guest checkout has no customer record; the buyer is then known through this order only.
    return _numeric_id(customer_id) if customer_id else f"guest-order:{order_id}"


def _address(raw: Any, *, zip_key: str, country_key: str) -> AddressData | None:
    if not isinstance(raw, dict):
        return None
    return AddressData(
        line1=_optional_str(raw.get("address1")),
        line2=_optional_str(raw.get("address2")),
        city=_optional_str(raw.get("city")),
        province=_optional_str(raw.get("province")),
        postal_code=_optional_str(raw.get(zip_key)),
        country=_optional_str(raw.get(country_key)),
    )


def _graphql_order(node: Mapping[str, Any], *, include_buyer: bool) -> OrderData:
    order_id = _numeric_id(node["id"])
    total = node["totalPriceSet"]["shopMoney"]
    return OrderData(
        external_id=order_id,
        number=_required_str(node["name"]),
        status=order_status(financial=node.get("displayFinancialStatus"),
                            fulfillment=node.get("displayFulfillmentStatus"),
                            cancelled=node.get("cancelledAt") is not None),
        currency=_required_str(total["currencyCode"]),
        total=Decimal(total["amount"]),
        placed_at=parse_timestamp(node["createdAt"]),
        updated_at=parse_timestamp(node["updatedAt"]),
        items=[_graphql_item(item) for item in node["lineItems"]["nodes"]],
        buyer=_graphql_buyer(node, order_id) if include_buyer else None,
        shipments=_graphql_shipments(node.get("fulfillments")),
    )


# --- webhooks ---------------------------------------------------------------------------------

def parse_rest_order(payload: Mapping[str, Any], *, include_buyer: bool) -> OrderData:
    """An ``orders/*`` webhook payload (REST, snake_case) as ``OrderData``.

    The buyer is parsed only if ``include_buyer`` and the payload carries one (Shopify leaves
    protected customer fields out or null for apps without access to them).
    """
    try:
        order_id = _numeric_id(payload["id"])
        return OrderData(
            external_id=order_id,
            number=_required_str(payload["name"]),
            status=order_status(financial=payload.get("financial_status"),
                                fulfillment=payload.get("fulfillment_status"),
                                cancelled=payload.get("cancelled_at") is not None),
            currency=_required_str(payload["currency"]),
            total=Decimal(str(payload["total_price"])),
            placed_at=parse_timestamp(payload["created_at"]),
            updated_at=parse_timestamp(payload["updated_at"]),
            items=[_rest_item(item) for item in payload.get("line_items") or []],
            buyer=_rest_buyer(payload, order_id) if include_buyer else None,
            shipments=_rest_shipments(payload.get("fulfillments")),
        )
    except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
        raise UpstreamBadResponse(f"malformed Shopify order payload: {exc!r}") from exc


def _rest_item(item: Mapping[str, Any]) -> OrderItemData:
    return OrderItemData(
        sku=_optional_str(item.get("sku")),
        title=_required_str(item.get("title") or item.get("name")),
        quantity=int(item["quantity"]),
        price=Decimal(str(item["price"])),
    )


def _rest_shipments(fulfillments: Any) -> list[ShipmentData]:
    shipments: list[ShipmentData] = []
    for fulfillment in fulfillments or []:
        numbers = fulfillment.get("tracking_numbers") or [fulfillment.get("tracking_number")]
        for number in numbers:
            _add_shipment(shipments, fulfillment.get("tracking_company"), number)
    return shipments


def _rest_buyer(payload: Mapping[str, Any], order_id: str) -> BuyerData | None:
    customer = payload.get("customer")
    address = payload.get("shipping_address")
    email = payload.get("email") or (customer.get("email") if customer else None)
    phone = payload.get("phone") or (customer.get("phone") if customer else None)
    if not (customer or address or email or phone):
        return None
    names = [customer.get("first_name"), customer.get("last_name")] if customer else []
    return BuyerData(
        external_id=_buyer_id(customer.get("id") if customer else None, order_id),
        name=" ".join(n for n in names if n) or None,
        email=email or None,
        phone=phone or None,
        address=_address(address, zip_key="zip", country_key="country_code"),
    )


def check_privacy_payload(topic: str, payload: Mapping[str, Any], *, shop: str) -> None:
    """Check a compliance webhook's payload has what acting on it needs; raise ValueError."""
    if payload.get("shop_domain") != shop:
        raise ValueError("payload shop_domain differs from X-Shopify-Shop-Domain")
    if topic == "shop/redact":
        return
    customer = payload.get("customer")
    if not isinstance(customer, dict) or not customer.get("id"):
        raise ValueError(f"{topic} payload without customer.id")
    orders_key = "orders_requested" if topic == "customers/data_request" else "orders_to_redact"
    orders = payload.get(orders_key, [])
    if not isinstance(orders, list) or not all(isinstance(o, int | str) for o in orders):
        raise ValueError(f"{topic} payload with a malformed {orders_key}")
