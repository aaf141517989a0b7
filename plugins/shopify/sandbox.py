"""Shopify's Admin API emulated on loopback over seeded, deterministic orders: OAuth install,
the GraphQL ``orders``/``order`` queries with cost-based throttling, and signed webhooks.

The GraphQL side is a purpose-built subset (queries with fields, aliases, arguments and
variables; no fragments, directives or mutations) that projects exactly the selected fields, so
a test can see what the connector asked for and that unrequested buyer fields never appear.
"""

from __future__ import annotations

import base64
import contextlib
import random
import re
import secrets
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

import orjson
from aiohttp import web

from gateway.connectors import Credentials
from gateway.connectors.sandbox import SandboxServer
from plugins.shopify import wire

__all__ = ["Sandbox", "SandboxCustomer", "SandboxFulfillment", "SandboxItem", "SandboxOrder"]

INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)"
THROTTLE_DOCS = "https://shopify.dev/api/usage/rate-limits"
SEED_EPOCH = datetime(2025, 6, 1, tzinfo=UTC)

_FIRST_NAMES = ("Ava", "Liam", "Mia", "Noah", "Zoe", "Omar", "Ines", "Kenji", "Lena", "Raj")
_LAST_NAMES = ("Parker", "Nguyen", "Silva", "Okafor", "Muller", "Rossi", "Tanaka", "Haddad")
_PRODUCTS = (("TENT-2P", "Two-person tent", "189.00"), ("BAG-30L", "Daypack 30 L", "64.50"),
             ("LAMP-H", "Head lamp", "24.99"), ("MUG-TI", "Titanium mug", "32.00"),
             ("SOCK-W", "Wool socks", "18.00"), ("STOVE-1", "Camping stove", "79.90"))
_CARRIERS = ("UPS", "USPS", "DHL Express", "FedEx")
_CITIES = (("Portland", "Oregon", "97205"), ("Austin", "Texas", "78701"),
           ("Denver", "Colorado", "80202"))
_FINANCIAL = ("PAID", "PAID", "PAID", "PENDING", "AUTHORIZED", "REFUNDED", "PARTIALLY_REFUNDED")


# --- seeded data ------------------------------------------------------------------------------

@dataclass
class SandboxItem:
    sku: str
    title: str
    quantity: int
    price: Decimal


@dataclass
class SandboxCustomer:
    id: int
    first_name: str
    last_name: str
    email: str
    phone: str


@dataclass
class SandboxFulfillment:
    company: str
    number: str


@dataclass
class SandboxOrder:
    """One order of the sandbox shop, in neutral form; rendered as GraphQL or REST JSON."""

    id: int
    number: int
    created_at: datetime
    updated_at: datetime
    financial: str                                      # GraphQL spelling: PAID, PENDING ...
    fulfillment: str = "UNFULFILLED"
    cancelled_at: datetime | None = None
    currency: str = "USD"
    items: list[SandboxItem] = field(default_factory=list)
    customer: SandboxCustomer | None = None             # None: guest checkout
    email: str = ""
    phone: str = ""
    address: dict[str, str] = field(default_factory=dict)
    fulfillments: list[SandboxFulfillment] = field(default_factory=list)

    @property
    def gid(self) -> str:
        return wire.order_gid(str(self.id))

    @property
    def total(self) -> Decimal:
        return sum((item.price * item.quantity for item in self.items), Decimal("0.00"))


def _iso(moment: datetime | None) -> str | None:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if moment else None


def _catalogue_item(position: int, quantity: int = 1) -> SandboxItem:
    sku, title, price = _PRODUCTS[position % len(_PRODUCTS)]
    return SandboxItem(f"{sku}-{position}", title, quantity, Decimal(price))


def _seed_order(rng: random.Random, index: int) -> SandboxOrder:
    created = SEED_EPOCH + timedelta(hours=3 * index)
    count = 12 if index % 17 == 5 else rng.randint(1, 3)   # some orders exceed one items page
    items = [_catalogue_item(index + position, quantity=rng.randint(1, 3))
             for position in range(count)]
    first, last = rng.choice(_FIRST_NAMES), rng.choice(_LAST_NAMES)
    email = f"{first.lower()}.{last.lower()}{index}@example.com"
    phone = f"+1555{index:07d}"
    guest = index % 9 == 4
    city, province, zip_code = _CITIES[index % len(_CITIES)]
    order = SandboxOrder(
        id=5_500_000_000 + index, number=1001 + index, created_at=created,
        updated_at=created + timedelta(minutes=rng.randint(5, 120)),
        financial=rng.choice(_FINANCIAL), items=items, email=email, phone=phone,
        customer=None if guest else SandboxCustomer(7_000_000 + index, first, last, email, phone),
        address={"name": f"{first} {last}", "firstName": first, "lastName": last,
                 "address1": f"{100 + index} Main St", "address2": "", "city": city,
                 "province": province, "zip": zip_code, "countryCodeV2": "US",
                 "country": "United States"},
    )
    if order.financial == "PAID" and index % 2 == 0:
        order.fulfillment = "FULFILLED"
        order.fulfillments.append(SandboxFulfillment(_CARRIERS[index % len(_CARRIERS)],
                                                     f"1Z{index:016d}"))
    if index % 11 == 10:
        order.cancelled_at = order.updated_at
    return order


# --- a purpose-built GraphQL subset -----------------------------------------------------------

class GraphQLError(Exception):
    """A request error answered as ``{"errors": [...]}`` with HTTP 200, like Shopify."""

    def __init__(self, message: str, code: str = "BAD_REQUEST") -> None:
        super().__init__(message)
        self.code = code


@dataclass
class Selection:
    name: str
    alias: str
    args: dict[str, Any]
    children: list[Selection]


_TOKEN = re.compile(r"""
    (?P<skip>[\s,]+|\#[^\n]*)
  | (?P<spread>\.\.\.)
  | (?P<string>"(?:[^"\\]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?)
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
  | (?P<punct>[{}()\[\]:$!=@])
""", re.VERBOSE)


def _tokens(source: str) -> list[tuple[str, str]]:
    tokens, position = [], 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:
            raise GraphQLError(f"Parse error on {source[position:position + 10]!r}")
        position = match.end()
        kind = match.lastgroup or ""
        if kind == "spread":
            raise GraphQLError("Fragments are not supported by the sandbox")
        if kind != "skip":
            tokens.append((kind, match.group()))
    return tokens


class _Parser:
    def __init__(self, source: str, variables: dict[str, Any]) -> None:
        self.tokens = _tokens(source)
        self.position = 0
        self.variables = variables

    def peek(self) -> str:
        return self.tokens[self.position][1] if self.position < len(self.tokens) else ""

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.position >= len(self.tokens):
            raise GraphQLError("Parse error: unexpected end of document")
        token = self.tokens[self.position]
        if expected is not None and token[1] != expected:
            raise GraphQLError(f"Parse error: expected {expected!r}, got {token[1]!r}")
        self.position += 1
        return token

    def document(self) -> list[Selection]:
        if self.peek() in ("mutation", "subscription"):
            raise GraphQLError("Only queries are supported by the sandbox")
        if self.peek() == "query":
            self.take()
            if self.peek() not in ("(", "{"):
                self.take()                                 # operation name
            if self.peek() == "(":
                self._skip_balanced("(", ")")               # variable definitions
        selections = self.selection_set()
        if self.position != len(self.tokens):
            raise GraphQLError("Only one operation per document is supported by the sandbox")
        return selections

    def _skip_balanced(self, opening: str, closing: str) -> None:
        depth = 0
        while True:
            value = self.take()[1]
            depth += (value == opening) - (value == closing)
            if depth == 0:
                return

    def selection_set(self) -> list[Selection]:
        self.take("{")
        selections = []
        while self.peek() != "}":
            selections.append(self.selection())
        self.take("}")
        return selections

    def selection(self) -> Selection:
        kind, alias = self.take()
        if kind != "name":
            raise GraphQLError(f"Parse error: expected a field, got {alias!r}")
        name = alias
        if self.peek() == ":":
            self.take()
            name = self.take()[1]
        args = self.arguments() if self.peek() == "(" else {}
        if self.peek() == "@":
            raise GraphQLError("Directives are not supported by the sandbox")
        children = self.selection_set() if self.peek() == "{" else []
        return Selection(name, alias, args, children)

    def arguments(self) -> dict[str, Any]:
        self.take("(")
        args = {}
        while self.peek() != ")":
            name = self.take()[1]
            self.take(":")
            args[name] = self.value()
        self.take(")")
        return args

    def value(self) -> Any:
        kind, text = self.take()
        if text == "$":
            return self.variables.get(self.take()[1])
        if kind == "string":
            return orjson.loads(text)
        if kind == "number":
            return float(text) if "." in text else int(text)
        if text == "[":
            values = []
            while self.peek() != "]":
                values.append(self.value())
            self.take("]")
            return values
        return {"true": True, "false": False, "null": None}.get(text, text)  # enums as names


def _project(value: Any, selections: list[Selection], type_name: str) -> Any:
    """Keep only the selected fields; lazy fields (connections) are called with their args."""
    if value is None:
        return None
    if isinstance(value, list):
        return [_project(element, selections, type_name) for element in value]
    result = {}
    for selection in selections:
        if selection.name not in value:
            raise GraphQLError(f"Field '{selection.name}' doesn't exist on type "
                               f"'{value.get('__typename', type_name)}'", "undefinedField")
        resolved = value[selection.name]
        if callable(resolved):
            resolved = resolved(selection.args)
        if selection.children:
            resolved = _project(resolved, selection.children, selection.name)
        elif isinstance(resolved, dict) or (isinstance(resolved, list)
                                            and any(isinstance(e, dict) for e in resolved)):
            raise GraphQLError(f"Field '{selection.name}' of type '{selection.name}' must have "
                               "a selection of subfields")
        result[selection.alias] = resolved
    return result


def requested_cost(selections: list[Selection]) -> int:
    """Shopify's calculated query cost: scalars 0, objects 1, connections 2 + first x node."""
    total = 0
    for selection in selections:
        if not selection.children or selection.name == "pageInfo":
            continue
        first = selection.args.get("first")
        if isinstance(first, int):
            total += 2 + first * _node_cost(selection.children)
        else:
            total += 1 + requested_cost(selection.children)
    return total


def _node_cost(connection_children: list[Selection]) -> int:
    best = 0
    for child in connection_children:
        if child.name == "nodes":
            best = max(best, 1 + requested_cost(child.children))
        elif child.name == "edges":
            for inner in child.children:
                if inner.name == "node":
                    best = max(best, 1 + requested_cost(inner.children))
    return best


def actual_cost(data: Any, selections: list[Selection]) -> int:
    """The cost of what was actually returned: connections by the nodes they hold."""
    if not isinstance(data, dict):
        return 0
    total = 0
    for selection in selections:
        value = data.get(selection.alias)
        if not selection.children or selection.name == "pageInfo" or value is None:
            continue
        if isinstance(selection.args.get("first"), int):
            nodes = value.get("nodes") or [e.get("node") for e in value.get("edges") or []]
            inner = _node_selections(selection.children)
            total += 2 + sum(1 + actual_cost(node, inner) for node in nodes)
        elif isinstance(value, list):
            total += sum(1 + actual_cost(element, selection.children) for element in value)
        else:
            total += 1 + actual_cost(value, selection.children)
    return total


def _node_selections(connection_children: list[Selection]) -> list[Selection]:
    for child in connection_children:
        if child.name == "nodes":
            return child.children
        if child.name == "edges":
            return next((i.children for i in child.children if i.name == "node"), [])
    return []


# --- cursors and connections ------------------------------------------------------------------

def _cursor(key: list[Any]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps({"k": key})).decode().rstrip("=")


def _cursor_key(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = orjson.loads(base64.urlsafe_b64decode(padded))["k"]
    except (ValueError, KeyError, TypeError) as exc:
        raise GraphQLError("Invalid cursor for current pagination sort.") from exc
    if not isinstance(key, list):
        raise GraphQLError("Invalid cursor for current pagination sort.")
    return key


def _connection(rows: list[tuple[list[Any], Any]], args: dict[str, Any],
                reverse: bool = False) -> dict[str, Any]:
    """A Relay connection over rows sorted by key; only forward (first/after) paging."""
    first = args.get("first")
    if not isinstance(first, int) or first < 1:
        raise GraphQLError("You must provide one of first or last (the sandbox: first)")
    if first > wire.MAX_CONNECTION_SIZE:
        raise GraphQLError(f"The first argument must be at most {wire.MAX_CONNECTION_SIZE}")
    after = args.get("after")
    if after is not None:
        bound = _cursor_key(after)
        rows = [row for row in rows if (row[0] < bound if reverse else row[0] > bound)]
    page = rows[:first]
    edges = [{"cursor": _cursor(key), "node": node} for key, node in page]
    return {
        "__typename": "Connection",
        "edges": edges,
        "nodes": [node for _, node in page],
        "pageInfo": {"hasNextPage": len(rows) > first, "hasPreviousPage": after is not None,
                     "startCursor": edges[0]["cursor"] if edges else None,
                     "endCursor": edges[-1]["cursor"] if edges else None},
    }


_SEARCH_TERM = re.compile(r"""(?P<field>\w+):(?P<op>>=|<=|>|<)?(?P<value>'[^']*'|"[^"]*"|\S+)""")
_COMPARE: dict[str, Callable[[datetime, datetime], bool]] = {
    ">=": lambda a, b: a >= b, ">": lambda a, b: a > b, "<=": lambda a, b: a <= b,
    "<": lambda a, b: a < b, "": lambda a, b: a == b,
}


def _search_filter(query: str | None) -> Callable[[SandboxOrder], bool]:
    """``created_at``/``updated_at`` comparisons of Shopify's search syntax; like Shopify, terms
    it does not know are ignored."""
    tests: list[Callable[[SandboxOrder], bool]] = []
    for match in _SEARCH_TERM.finditer(query or ""):
        if match["field"] not in ("created_at", "updated_at"):
            continue
        try:
            bound = wire.parse_timestamp(match["value"].strip("'\""))
        except ValueError as exc:
            raise GraphQLError(f"Invalid date in search query: {match['value']}") from exc
        tests.append(_comparison(match["field"], _COMPARE[match["op"] or ""], bound))
    return lambda order: all(test(order) for test in tests)


def _comparison(attribute: str, compare: Callable[[datetime, datetime], bool],
                bound: datetime) -> Callable[[SandboxOrder], bool]:
    return lambda order: compare(getattr(order, attribute), bound)


# --- the leaky bucket -------------------------------------------------------------------------

class LeakyBucket:
    """Shopify's cost bucket per (app, shop): refills at ``restore_rate`` points per second."""

    def __init__(self, maximum: float, restore_rate: float) -> None:
        self.maximum = maximum
        self.restore_rate = restore_rate
        self.available = maximum
        self._at = time.monotonic()

    def _refill(self) -> None:
        now = time.monotonic()
        self.available = min(self.maximum,
                             self.available + (now - self._at) * self.restore_rate)
        self._at = now

    def take(self, cost: float) -> bool:
        self._refill()
        if cost > self.available:
            return False
        self.available -= cost
        return True

    def refund(self, points: float) -> None:
        self._refill()
        self.available = min(self.maximum, self.available + points)

    def status(self) -> dict[str, float]:
        self._refill()
        return {"maximumAvailable": float(self.maximum),
                "currentlyAvailable": float(int(self.available)),
                "restoreRate": float(self.restore_rate)}


# --- the sandbox server -----------------------------------------------------------------------

class Sandbox(SandboxServer):
    """Shopify on loopback.

    :param orders: how many orders to seed (deterministic for a given ``seed``).
    :param shop: the shop domain this sandbox plays.
    :param bucket_size: the cost bucket's capacity; small values force THROTTLED answers.
    :param restore_rate: points restored per second.
    :param throttle_status: 200 (THROTTLED in the body, Shopify's GraphQL way) or 429 (with
        ``Retry-After``, as Shopify's generic client also expects).
    :param redact_pii: answer null for protected customer fields, as Shopify does for apps
        without protected customer data access.
    """

    def __init__(self, *, orders: int = 50, shop: str = "sandbox-shop.myshopify.com",
                 seed: int = 7, client_id: str = "sandbox-client-id",
                 client_secret: str = "sandbox-client-secret", bucket_size: float = 1000.0,
                 restore_rate: float = 100.0, throttle_status: int = 200,
                 redact_pii: bool = False) -> None:
        super().__init__()
        if not wire.is_shop_domain(shop):
            raise ValueError(f"shop must be a *.myshopify.com domain, not {shop!r}")
        if throttle_status not in (200, 429):
            raise ValueError("throttle_status must be 200 or 429")
        self.shop = shop
        self.client_id = client_id
        self.client_secret = client_secret
        self.throttle_status = throttle_status
        self.redact_pii = redact_pii
        self.bucket = LeakyBucket(bucket_size, restore_rate)
        rng = random.Random(seed)
        self.orders: dict[int, SandboxOrder] = {}
        for index in range(orders):
            order = _seed_order(rng, index)
            self.orders[order.id] = order
        self._next_index = orders
        self.access_token = f"shpat_{random.Random(seed).getrandbits(128):032x}"
        self._tokens = {self.access_token: ",".join(wire.ORDER_SCOPES + wire.BUYER_SCOPES)}
        self._codes: dict[str, str] = {}                   # unused authorization code -> scope
        self._failures: list[int] = []
        self.graphql_requests: list[dict[str, Any]] = []   # every GraphQL body received
        self.throttled = 0                                 # THROTTLED answers given

    # --- helpers for tests, the demo and plugin authors -----------------------------------

    def connector_settings(self) -> dict[str, str]:
        return {"client_id": self.client_id, "client_secret": self.client_secret,
                "api_version": wire.DEFAULT_API_VERSION}

    def credentials(self) -> Credentials:
        """Credentials as if the shop had installed the app (skips the OAuth dance)."""
        return Credentials(access_token=self.access_token, shop=self.shop,
                           extra={"scope": self._tokens[self.access_token]})

    def fail_next(self, count: int, status: int = 503) -> None:
        """Answer the next ``count`` Admin API requests with ``status`` (an outage)."""
        self._failures.extend([status] * count)

    def add_order(self, *, financial: str = "PAID", items: int | None = None,
                  guest: bool = False) -> SandboxOrder:
        """A new unfulfilled order placed now, with ``items`` line items (seeded otherwise)."""
        index = self._next_index
        self._next_index += 1
        order = _seed_order(random.Random(index), index)
        order.created_at = order.updated_at = self._now()
        order.financial, order.fulfillment = financial, "UNFULFILLED"
        order.cancelled_at, order.fulfillments = None, []
        if items is not None:
            order.items = [_catalogue_item(n) for n in range(items)]
        if guest:
            order.customer = None
        self.orders[order.id] = order
        return order

    def update_order(self, order_id: int, *, financial: str | None = None,
                     fulfillment: str | None = None, cancelled: bool = False,
                     tracking: tuple[str, str] | None = None) -> SandboxOrder:
        """Change an order as the merchant would; its ``updated_at`` becomes now."""
        order = self.orders[order_id]
        if financial is not None:
            order.financial = financial
        if fulfillment is not None:
            order.fulfillment = fulfillment
        if tracking is not None:
            order.fulfillments.append(SandboxFulfillment(*tracking))
            order.fulfillment = "FULFILLED"
        if cancelled:
            order.cancelled_at = self._now()
        order.updated_at = self._now()
        return order

    def _now(self) -> datetime:
        # Strictly after every stored update, so "updated since" filters see the change even
        # when two updates fall within the same second.
        latest = max((o.updated_at for o in self.orders.values()), default=SEED_EPOCH)
        return max(datetime.now(UTC).replace(microsecond=0), latest + timedelta(seconds=1))

    def order_payload(self, order_id: int) -> dict[str, Any]:
        """The REST-style JSON Shopify sends in ``orders/*`` webhooks for this order."""
        return _rest_order(self.orders[order_id], redact=self.redact_pii)

    def signed_webhook(self, topic: str, payload: dict[str, Any], *,
                       triggered_at: datetime | None = None,
                       webhook_id: str | None = None) -> tuple[dict[str, str], bytes]:
        """A delivery of ``topic`` as Shopify would POST it: headers and the raw body."""
        body = orjson.dumps(payload)
        moment = triggered_at or datetime.now(UTC)
        headers = {
            "Content-Type": "application/json",
            "X-Shopify-Topic": topic,
            "X-Shopify-Hmac-Sha256": wire.webhook_hmac(body, self.client_secret),
            "X-Shopify-Shop-Domain": self.shop,
            "X-Shopify-API-Version": wire.DEFAULT_API_VERSION,
            "X-Shopify-Webhook-Id": webhook_id or str(uuid.uuid4()),
            "X-Shopify-Event-Id": str(uuid.uuid4()),
            "X-Shopify-Triggered-At": moment.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        }
        return headers, body

    # --- the app ----------------------------------------------------------------------------

    def build_app(self) -> web.Application:
        app = web.Application(middlewares=[self._outages])
        for prefix in ("", "/shops/{shop}"):                # "/shops/{shop}": https://{shop}
            app.router.add_get(f"{prefix}/admin/oauth/authorize", self._authorize)
            app.router.add_post(f"{prefix}/admin/oauth/access_token", self._access_token)
            app.router.add_post(f"{prefix}/admin/api/{{version}}/graphql.json", self._graphql)
        return app

    @web.middleware
    async def _outages(self, request: web.Request,
                       handler: Callable[[web.Request], Any]) -> web.StreamResponse:
        if self._failures:
            status = self._failures.pop(0)
            return web.json_response({"errors": "Service unavailable"}, status=status)
        shop = request.match_info.get("shop", self.shop)
        if shop != self.shop:
            return web.json_response({"errors": "Not Found"}, status=404)
        response: web.StreamResponse = await handler(request)
        return response

    async def _authorize(self, request: web.Request) -> web.Response:
        query = request.query
        if query.get("client_id") != self.client_id:
            return web.json_response({"error": "invalid_request",
                                      "error_description": "Invalid client_id"}, status=400)
        redirect_uri = query.get("redirect_uri", "")
        if not redirect_uri.startswith(("http://", "https://")):
            return web.json_response({"error": "invalid_request",
                                      "error_description": "Invalid redirect_uri"}, status=400)
        # The merchant approves at once: the sandbox has no consent screen.
        code = secrets.token_hex(16)
        self._codes[code] = query.get("scope", "")
        host = base64.b64encode(f"admin.shopify.com/store/{self.shop.split('.')[0]}".encode())
        params = {"code": code, "host": host.decode().rstrip("="), "shop": self.shop,
                  "state": query.get("state", ""), "timestamp": str(int(time.time()))}
        params["hmac"] = wire.query_hmac(params, self.client_secret)
        separator = "&" if "?" in redirect_uri else "?"
        raise web.HTTPFound(f"{redirect_uri}{separator}{urlencode(params, quote_via=quote)}")

    async def _access_token(self, request: web.Request) -> web.Response:
        body: dict[str, Any] = {}
        # Shopify takes the exchange as JSON or as a form.
        if request.content_type == "application/json":
            with contextlib.suppress(ValueError):
                body = dict(await request.json())
        else:
            body = dict(await request.post())
        if (body.get("client_id") != self.client_id
                or body.get("client_secret") != self.client_secret):
            return web.json_response({"error": "invalid_client",
                                      "error_description": "Client credentials are invalid"},
                                     status=400)
        scope = self._codes.pop(str(body.get("code", "")), None)
        if scope is None:
            return web.json_response({
                "error": "invalid_request",
                "error_description": "The authorization code was not found or was already used",
            }, status=400)
        token = f"shpat_{secrets.token_hex(16)}"
        self._tokens[token] = scope
        return web.json_response({"access_token": token, "scope": scope})

    async def _graphql(self, request: web.Request) -> web.Response:
        if not wire.is_api_version(request.match_info["version"]):
            return web.json_response({"errors": "Not Found"}, status=404)
        if request.headers.get("X-Shopify-Access-Token") not in self._tokens:
            return web.json_response({"errors": INVALID_TOKEN}, status=401)
        try:
            body = await request.json()
            query, variables = body["query"], body.get("variables") or {}
            if not isinstance(query, str) or not isinstance(variables, dict):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            return web.json_response(
                {"errors": {"query": "Required parameter missing or invalid"}}, status=400)
        self.graphql_requests.append(body)
        try:
            selections = _Parser(query, variables).document()
            return self._execute(selections)
        except GraphQLError as error:
            return web.json_response({"errors": [{"message": str(error),
                                                  "extensions": {"code": error.code}}]})

    def _execute(self, selections: list[Selection]) -> web.Response:
        cost = requested_cost(selections)
        limit = int(min(wire.MAX_QUERY_COST, self.bucket.maximum))
        if cost > limit:
            raise GraphQLError(f"Query cost is {cost}, which exceeds the single query max cost "
                               f"limit ({limit}).", "MAX_COST_EXCEEDED")
        if not self.bucket.take(cost):
            return self._throttled(cost)
        data = _project(self._root(), selections, "QueryRoot")
        spent = actual_cost(data, selections)
        self.bucket.refund(cost - spent)                    # reserved up front, refunded after
        extensions = {"cost": {"requestedQueryCost": cost, "actualQueryCost": spent,
                               "throttleStatus": self.bucket.status()}}
        # orjson: a page of 41 orders is the sandbox's largest answer, and in benchmarks the
        # sandbox shares the machine with the importer it serves.
        return web.Response(body=orjson.dumps({"data": data, "extensions": extensions}),
                            content_type="application/json")

    def _throttled(self, cost: int) -> web.Response:
        self.throttled += 1
        status = self.bucket.status()
        body = {"errors": [{"message": "Throttled",
                            "extensions": {"code": "THROTTLED", "documentation": THROTTLE_DOCS}}],
                "extensions": {"cost": {"requestedQueryCost": cost, "actualQueryCost": None,
                                        "throttleStatus": status}}}
        if self.throttle_status == 200:
            return web.json_response(body)
        wait = (cost - status["currentlyAvailable"]) / status["restoreRate"]
        return web.json_response(body, status=429, headers={"Retry-After": f"{wait:.3f}"})

    # --- GraphQL values ---------------------------------------------------------------------

    def _root(self) -> dict[str, Any]:
        return {"__typename": "QueryRoot", "orders": self._orders_field,
                "order": self._order_field}

    def _orders_field(self, args: dict[str, Any]) -> dict[str, Any]:
        sort_key = args.get("sortKey", "ID")
        sort_attribute = {"UPDATED_AT": "updated_at", "CREATED_AT": "created_at",
                          "ID": None}.get(sort_key, "missing")
        if sort_attribute == "missing":
            raise GraphQLError(f"The sandbox does not sort orders by {sort_key}")
        reverse = bool(args.get("reverse"))
        matches = _search_filter(args.get("query"))
        rows = [(self._sort_key(order, sort_attribute), self._order_value(order))
                for order in self._sorted(sort_attribute, reverse) if matches(order)]
        return _connection(rows, args, reverse=reverse)

    def _sorted(self, attribute: str | None, reverse: bool) -> list[SandboxOrder]:
        return sorted(self.orders.values(), key=lambda o: self._sort_key(o, attribute),
                      reverse=reverse)

    @staticmethod
    def _sort_key(order: SandboxOrder, attribute: str | None) -> list[Any]:
        # Ties on the sort value are broken by id, which the cursor also records.
        if attribute is None:
            return [order.id]
        return [getattr(order, attribute).timestamp(), order.id]

    def _order_field(self, args: dict[str, Any]) -> dict[str, Any] | None:
        order_id = str(args.get("id", "")).rsplit("/", 1)[-1]
        order = self.orders.get(int(order_id)) if order_id.isdigit() else None
        return self._order_value(order) if order else None

    def _order_value(self, order: SandboxOrder) -> dict[str, Any]:
        redact = self.redact_pii
        customer = order.customer
        items = [([index], _item_value(item)) for index, item in enumerate(order.items)]
        return {
            "__typename": "Order", "id": order.gid, "legacyResourceId": str(order.id),
            "name": f"#{order.number}", "createdAt": _iso(order.created_at),
            "updatedAt": _iso(order.updated_at), "processedAt": _iso(order.created_at),
            "cancelledAt": _iso(order.cancelled_at), "closedAt": None,
            "displayFinancialStatus": order.financial,
            "displayFulfillmentStatus": order.fulfillment,
            "currencyCode": order.currency,
            "totalPriceSet": _money_bag(order.total, order.currency),
            "email": None if redact else order.email or None,
            "phone": None if redact else order.phone or None,
            "customer": None if customer is None else {
                "__typename": "Customer", "id": f"gid://shopify/Customer/{customer.id}",
                "firstName": None if redact else customer.first_name,
                "lastName": None if redact else customer.last_name,
                "email": None if redact else customer.email,
                "phone": None if redact else customer.phone,
            },
            "shippingAddress": None if redact else {"__typename": "MailingAddress",
                                                     **order.address},
            "lineItems": lambda args: _connection(items, args),
            "fulfillments": [
                {"__typename": "Fulfillment", "status": "SUCCESS",
                 "trackingInfo": [{"__typename": "FulfillmentTrackingInfo",
                                   "company": f.company, "number": f.number,
                                   "url": None}]}
                for f in order.fulfillments
            ],
        }


def _money_bag(amount: Decimal, currency: str) -> dict[str, Any]:
    money = {"__typename": "MoneyV2", "amount": str(amount), "currencyCode": currency}
    return {"__typename": "MoneyBag", "shopMoney": money, "presentmentMoney": money}


def _item_value(item: SandboxItem) -> dict[str, Any]:
    return {"__typename": "LineItem", "sku": item.sku, "title": item.title, "name": item.title,
            "quantity": item.quantity,
            "originalUnitPriceSet": _money_bag(item.price, "USD"),
            "discountedUnitPriceSet": _money_bag(item.price, "USD")}


def _rest_order(order: SandboxOrder, *, redact: bool) -> dict[str, Any]:
    """An order as REST/webhook JSON (snake_case, lowercase statuses, numeric ids)."""
    customer = order.customer
    payload: dict[str, Any] = {
        "id": order.id, "admin_graphql_api_id": order.gid, "name": f"#{order.number}",
        "order_number": order.number, "created_at": _iso(order.created_at),
        "updated_at": _iso(order.updated_at), "cancelled_at": _iso(order.cancelled_at),
        "currency": order.currency, "total_price": str(order.total),
        "financial_status": order.financial.lower(),
        "fulfillment_status": "fulfilled" if order.fulfillment == "FULFILLED" else None,
        "line_items": [{"sku": i.sku, "title": i.title, "name": i.title, "quantity": i.quantity,
                        "price": str(i.price)} for i in order.items],
        "fulfillments": [{"tracking_company": f.company, "tracking_number": f.number,
                          "tracking_numbers": [f.number]} for f in order.fulfillments],
    }
    if redact:
        return payload
    address = order.address
    payload.update({
        "email": order.email, "phone": order.phone,
        "customer": None if customer is None else {
            "id": customer.id, "first_name": customer.first_name,
            "last_name": customer.last_name, "email": customer.email, "phone": customer.phone},
        "shipping_address": {
            "first_name": address.get("firstName"), "last_name": address.get("lastName"),
            "address1": address.get("address1"), "address2": address.get("address2"),
            "city": address.get("city"), "province": address.get("province"),
            "zip": address.get("zip"), "country_code": address.get("countryCodeV2"),
        },
    })
    return payload
