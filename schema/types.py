"""GraphQL object types. Resolvers are thin: they call services (through loaders) and shape."""

from __future__ import annotations

import uuid
from datetime import datetime
from decimal import Decimal
from enum import Enum
from typing import Any, cast

import strawberry

from gateway import models
from gateway.auth.principal import Permission
from gateway.privacy import policy
from gateway.privacy.vault import AccountPersonal, BuyerPersonal
from gateway.services.paging import Page
from schema.directives import guarded
from schema.loaders import batched, load_all, then

__all__ = [
    "Account",
    "Address",
    "Buyer",
    "Job",
    "Order",
    "OrderConnection",
    "OrderItem",
    "OrderStatus",
    "Shipment",
    "ShipmentConnection",
    "ShipmentStatus",
    "Store",
    "TrackingEvent",
]

OrderStatus = strawberry.enum(models.OrderStatus, description="Where an order stands.")
ShipmentStatus = strawberry.enum(
    models.ShipmentStatus, description="Normalized parcel status (tracking services map onto it)."
)


@strawberry.enum(description="What an account is.")
class Role(Enum):
    OWNER = "owner"
    STAFF = "staff"
    SUPPORT = "support"
    PRIVACY_OFFICER = "privacy_officer"
    SUPERADMIN = "superadmin"


@strawberry.type(description="A Sellergate account: a seller, a seller's staff, or an admin.")
class Account:
    id: strawberry.ID
    role: Role
    email: str = guarded(sensitive="account_contact", description="Login email.")
    name: str = guarded(sensitive="account_identity")
    mobile: str = guarded(sensitive="account_contact")
    nickname: str
    country: str = strawberry.field(description="ISO 3166-1 alpha-2; decides the data region.")
    region: str = strawberry.field(description="Where this account's data is stored (cn, us).")
    restricted: bool = strawberry.field(
        description="True for a child account until its guardian confirms consent.")
    created_at: datetime
    subject_id: strawberry.Private[uuid.UUID]  # whose personal data this is (audit)

    async def _promotions_email(self) -> str | None:
        return self.email

    promotions_email: str | None = guarded(
        _promotions_email, sensitive="account_contact", consent="marketing_email",
        description="Where feature news and promotions go; null without consent.")

    @strawberry.field(description="True after a material policy change not yet accepted.")
    async def policy_acceptance_required(self) -> bool:
        return await policy.acceptance_required(self.region, self.subject_id)

    @classmethod
    def from_model(cls, row: models.Account, region: str, personal: AccountPersonal) -> Account:
        return cls(
            id=strawberry.ID(str(row.id)), role=Role(row.role.value), email=personal.email or "",
            name=personal.name or "", mobile=personal.mobile or "", nickname=row.nickname,
            country=row.country, region=region, restricted=row.restricted,
            created_at=row.created_at, subject_id=row.id,
        )


@strawberry.type(description="A store connected on a marketplace.")
class Store:
    id: strawberry.ID
    platform: str
    name: str
    buyer_data_authorized: bool = strawberry.field(
        description="Whether the seller authorized importing buyers' personal data."
    )
    created_at: datetime

    @classmethod
    def from_model(cls, row: models.Store) -> Store:
        return cls(id=strawberry.ID(str(row.id)), platform=row.platform, name=row.name,
                   buyer_data_authorized=row.buyer_data_authorized, created_at=row.created_at)


@strawberry.type(description="A postal address.")
class Address:
    line1: str
    line2: str
    city: str
    province: str
    postal_code: str
    country: str


@strawberry.type(description="A buyer of a seller's store; personal fields need buyer-PII access.")
class Buyer:
    id: strawberry.ID
    subject_id: strawberry.Private[uuid.UUID]  # whose personal data this is (audit)
    # Each field is decrypted when it resolves, after its rules allowed it (BuyerPersonal).
    personal: strawberry.Private[BuyerPersonal]

    def _name(self) -> str | None:
        return self.personal.name

    def _phone(self) -> str | None:
        return self.personal.phone

    def _email(self) -> str | None:
        return self.personal.email

    def _address(self) -> Address | None:
        raw: dict[str, Any] | None = self.personal.address
        if not raw:
            return None
        get = raw.get
        return Address(line1=str(get("line1", "")), line2=str(get("line2", "")),
                       city=str(get("city", "")), province=str(get("province", "")),
                       postal_code=str(get("postal_code", "")), country=str(get("country", "")))

    name: str | None = guarded(_name, sensitive="buyer_identity",
                               requires=Permission.ORDERS_READ_BUYER_PII)
    phone: str | None = guarded(_phone, sensitive="buyer_contact",
                                requires=Permission.ORDERS_READ_BUYER_PII)
    email: str | None = guarded(_email, sensitive="buyer_contact",
                                requires=Permission.ORDERS_READ_BUYER_PII)
    address: Address | None = guarded(_address, sensitive="buyer_address",
                                      requires=Permission.ORDERS_READ_BUYER_PII)

    @classmethod
    def from_model(cls, row: models.Buyer, personal: BuyerPersonal) -> Buyer:
        return cls(id=strawberry.ID(str(row.id)), subject_id=row.id, personal=personal)


# The types below are served from their rows as they are (``models.OrderItem``,
# ``models.TrackingEvent``, ``models.Shipment``, ``models.Order``, as the services read them:
# ``gateway.db.select_rows``): each field without a resolver is the model's attribute of the
# same name and type — an ``ID`` is a UUID column, served as its text — so a page's ~500 rows
# need no copy each (``tests/schema/test_row_types.py`` holds the types to that).

@strawberry.type(description="A line of an order.")
class OrderItem:
    sku: str
    title: str
    quantity: int
    price: Decimal


@strawberry.type(description="A carrier's event for a parcel.")
class TrackingEvent:
    time: datetime
    status: ShipmentStatus  # type: ignore[valid-type]
    description: str
    location: str


@strawberry.type(description="A parcel of an order, followed through a tracking service.")
class Shipment:
    id: strawberry.ID
    carrier: str
    tracking_number: str
    status: ShipmentStatus  # type: ignore[valid-type]
    last_event_at: datetime | None
    order_id: strawberry.ID

    @strawberry.field(description="Tracking events, oldest first.")
    @batched(lambda shipments, info: _events_of(shipments, info))
    def events(self, info: strawberry.Info) -> list[TrackingEvent]:
        return cast(list[TrackingEvent], then(info.context.loaders.events.load(_key(self.id)),
                                              _events))


@strawberry.type(description="An order imported from a store.")
class Order:
    id: strawberry.ID
    number: str
    status: OrderStatus  # type: ignore[valid-type]
    currency: str
    total: Decimal
    placed_at: datetime
    shipment_status: str = strawberry.field(
        description="Summary of the order's parcels: unshipped, in_transit, delivered, ..."
    )
    delivered_at: datetime | None
    store_id: strawberry.Private[uuid.UUID]
    buyer_id: strawberry.Private[uuid.UUID | None]

    # Each returns its dataloader's batched result, converted (``then``): plain functions, so a
    # page of orders costs no coroutine per order and field. Under planned execution each runs
    # once for all the orders of a page instead (``batched``; the functions below the class).
    @strawberry.field
    @batched(lambda orders, info: _stores_of(orders, info))
    def store(self, info: strawberry.Info) -> Store | None:
        return cast(Store | None, then(info.context.loaders.store.load(self.store_id),
                                       _store))

    @strawberry.field
    @batched(lambda orders, info: _items_of(orders, info))
    def items(self, info: strawberry.Info) -> list[OrderItem]:
        return cast(list[OrderItem], then(info.context.loaders.items.load(_key(self.id)),
                                          _items))

    @strawberry.field(description="Null when the store has not authorized buyer data.")
    @batched(lambda orders, info: _buyers_of(orders, info))
    def buyer(self, info: strawberry.Info) -> Buyer | None:
        if self.buyer_id is None:
            return None
        return cast(Buyer | None, then(info.context.loaders.buyer.load(self.buyer_id),
                                       _buyer))

    @strawberry.field
    @batched(lambda orders, info: _shipments_of(orders, info))
    def shipments(self, info: strawberry.Info) -> list[Shipment]:
        loaders = info.context.loaders
        loader = (loaders.shipments_with_events
                  if loaders.selects(info._raw_info.field_nodes, "events") else loaders.shipments)
        return cast(list[Shipment], then(loader.load(_key(self.id)), _rows))


def _key(row_id: str) -> uuid.UUID:
    """A row's ``id`` as the loaders key it: the UUID its row holds (declared as an ``ID``,
    which it is served as)."""
    return cast(uuid.UUID, row_id)


# The same fields for a level of orders at once (``batched``): one awaitable per field, not
# one per order.

def _convert(found: list[Any], convert: Any) -> list[Any]:
    return [value if isinstance(value, Exception) else convert(value) for value in found]


async def _stores_of(orders: list[Order], info: strawberry.Info) -> list[Any]:
    return _convert(await load_all(info.context.loaders.store,
                                   [o.store_id for o in orders]), _store)


async def _items_of(orders: list[Order], info: strawberry.Info) -> list[Any]:
    return _convert(await load_all(info.context.loaders.items,
                                   [_key(o.id) for o in orders]), _items)


async def _buyers_of(orders: list[Order], info: strawberry.Info) -> list[Any]:
    ids = [o.buyer_id for o in orders if o.buyer_id is not None]
    found = dict(zip(ids, _convert(await load_all(info.context.loaders.buyer, ids), _buyer),
                     strict=True))
    return [None if o.buyer_id is None else found[o.buyer_id] for o in orders]


async def _shipments_of(orders: list[Order], info: strawberry.Info) -> list[Any]:
    loaders = info.context.loaders
    loader = (loaders.shipments_with_events
              if loaders.selects(info._raw_info.field_nodes, "events") else loaders.shipments)
    return _convert(await load_all(loader, [_key(o.id) for o in orders]), _rows)


async def _events_of(shipments: list[Shipment], info: strawberry.Info) -> list[Any]:
    # Already loaded when they came with their shipments (``Loaders.shipments_with_events``).
    return _convert(await load_all(info.context.loaders.events,
                                   [_key(s.id) for s in shipments]), _events)


def _store(row: models.Store | None) -> Store | None:
    return Store.from_model(row) if row else None


# ``_items``, ``_rows`` and ``_events`` give the dataloader's own lists (its cache's): read,
# never changed in place, so every field and alias of the request sees the same rows.
def _items(rows: list[models.OrderItem] | None) -> list[models.OrderItem]:
    return rows or []


def _buyer(found: tuple[models.Buyer, BuyerPersonal] | None) -> Buyer | None:
    return Buyer.from_model(*found) if found else None


def _rows(rows: list[models.Shipment] | None) -> list[models.Shipment]:
    return rows or []


def _events(rows: list[models.TrackingEvent] | None) -> list[models.TrackingEvent]:
    return rows or []


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None

    @classmethod
    def of(cls, page: Page[Any]) -> PageInfo:
        return cls(has_next_page=page.has_next_page, end_cursor=page.end_cursor)


@strawberry.type
class _PagedEdge:
    """An edge of a page, its cursor written when asked for (``Page.cursor``)."""

    _page: strawberry.Private[Page[Any]]
    _index: strawberry.Private[int]

    @strawberry.field(description="Pass as `after` for the page after this edge's node.")
    def cursor(self) -> str:
        return self._page.cursor(self._index)


@strawberry.type
class OrderEdge(_PagedEdge):
    node: Order


@strawberry.type(description="A page of orders, newest first.")
class OrderConnection:
    edges: list[OrderEdge]
    page_info: PageInfo


@strawberry.type
class ShipmentEdge(_PagedEdge):
    node: Shipment


@strawberry.type(description="A page of shipments, newest first.")
class ShipmentConnection:
    edges: list[ShipmentEdge]
    page_info: PageInfo


@strawberry.type(description="A background job and how far it got.")
class Job:
    id: strawberry.ID
    kind: str
    state: str
    done: int
    total: int | None
    error: str
    progress: float | None = strawberry.field(description="From 0 to 1, when the size is known.")

    @classmethod
    def from_model(cls, row: models.Job) -> Job:
        total = row.progress_total
        progress = min(1.0, row.progress_done / total) if total else None
        if row.state == models.JobState.SUCCEEDED:
            progress = 1.0
        return cls(id=strawberry.ID(str(row.id)), kind=row.kind, state=row.state.value,
                   progress=progress, done=row.progress_done, total=total, error=row.error)
