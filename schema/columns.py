"""The columns an operation reads of each type served from rows, so that its loaders select
only those.

The services select by default every column a type's fields may read (``ORDER_FIELDS``,
``SHIPMENT_FIELDS``, ...). A query usually asks for a few fields of each: the read path's page
of orders, with parcels and events, reads a third fewer column values when only its fields'
columns are selected (no event descriptions and locations, order numbers and currencies,
carriers, buyers' phones and emails) — each one decoded by the driver, kept and freed for
nothing otherwise.

``ROW_COLUMNS`` says, for each GraphQL type served from a row, the model fields every row
carries and the group of further fields each GraphQL field needs. The groups are few and fixed
(two shapes of row per type), so the statements' texts, the prepared statements on each
connection and the row classes stay few whatever fields clients combine.

Narrowing fails safe: an operation that selects a type or field not listed in ``UNDERSTOOD``
(one added to the schema later, which might read rows of these loaders) selects whole rows
everywhere, and ``tests/schema/test_columns.py`` holds ``UNDERSTOOD`` to the schema's fields.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType

from gateway.lru import LRU

__all__ = ["ROW_COLUMNS", "UNDERSTOOD", "columns_for"]

_ORDER_DETAILS = ("number", "currency", "shipment_status", "delivered_at", "store_id")
_CARRIER = ("carrier", "last_event_at")
_EVENT_TEXT = ("description", "location")
_CONTACT = ("phone", "email")

# GraphQL type -> (model fields every row carries, GraphQL field -> the group it needs).
ROW_COLUMNS: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {
    "Order": (("id", "placed_at", "status", "total", "buyer_id"), {
        "__typename": (), "id": (), "status": (), "total": (), "placedAt": (), "buyer": (),
        "items": (), "shipments": (), "number": _ORDER_DETAILS, "currency": _ORDER_DETAILS,
        "shipmentStatus": _ORDER_DETAILS, "deliveredAt": _ORDER_DETAILS,
        "store": _ORDER_DETAILS,
    }),
    "Shipment": (("id", "order_id", "tracking_number", "status"), {
        "__typename": (), "id": (), "orderId": (), "trackingNumber": (), "status": (),
        "events": (), "carrier": _CARRIER, "lastEventAt": _CARRIER,
    }),
    "TrackingEvent": (("shipment_id", "time", "status"), {
        "__typename": (), "time": (), "status": (), "description": _EVENT_TEXT,
        "location": _EVENT_TEXT,
    }),
    # A buyer's row is read for its id and, as each personal field is opened, that field's
    # ciphertext (``gateway.privacy.vault``).
    "Buyer": (("id", "name", "address"), {
        "__typename": (), "id": (), "name": (), "address": (), "phone": _CONTACT,
        "email": _CONTACT,
    }),
}

# Every type and field an operation may select and still be narrowed: the row-served types
# above, and those around them on the read path, whose fields read no rows of these loaders
# but through the row-served types. (GraphQL type -> its fields.)
UNDERSTOOD: dict[str, frozenset[str]] = {
    **{name: frozenset(reads) for name, (_always, reads) in ROW_COLUMNS.items()},
    "Query": frozenset({"__typename", "orders", "order", "shipments", "shipment", "me",
                        "stores"}),
    "OrderConnection": frozenset({"__typename", "edges", "pageInfo"}),
    "OrderEdge": frozenset({"__typename", "cursor", "node"}),
    "ShipmentConnection": frozenset({"__typename", "edges", "pageInfo"}),
    "ShipmentEdge": frozenset({"__typename", "cursor", "node"}),
    "PageInfo": frozenset({"__typename", "endCursor", "hasNextPage"}),
    "OrderItem": frozenset({"__typename", "price", "quantity", "sku", "title"}),
    "Address": frozenset({"__typename", "city", "country", "line1", "line2", "postalCode",
                          "province"}),
    "Store": frozenset({"__typename", "buyerDataAuthorized", "createdAt", "id", "name",
                        "platform"}),
    "Account": frozenset({"__typename", "country", "createdAt", "email", "id", "mobile",
                          "name", "nickname", "policyAcceptanceRequired", "promotionsEmail",
                          "region", "restricted", "role"}),
}


# The columns found for the selections seen lately, by the selection mapping's identity: a
# cached plan passes its own ``selected`` on every request of its operation. Each entry keeps
# its mapping, so the id cannot be another object's while the entry lives.
_FOUND: LRU[int, tuple[Mapping[str, Iterable[str]], Mapping[str, tuple[str, ...]]]] = LRU(512)


def columns_for(selected: Mapping[str, Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
    """The model fields to select of each row-served type that ``selected`` (type name ->
    the GraphQL field names an operation selects of it) names, in a canonical order; nothing
    (whole rows everywhere) when it selects a type or field not ``UNDERSTOOD``.

    ``selected`` must not change afterwards: the answer is remembered for that very mapping
    (and is read-only, shared by the requests that pass it)."""
    found = _FOUND.get(id(selected))
    if found is not None and found[0] is selected:
        return found[1]
    columns = MappingProxyType(_columns(selected))
    _FOUND.put(id(selected), (selected, columns))
    return columns


def _columns(selected: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...]]:
    for type_name, names in selected.items():
        known = UNDERSTOOD.get(type_name)
        if known is None or not known.issuperset(names):
            return {}
    columns: dict[str, tuple[str, ...]] = {}
    for type_name, names in selected.items():
        if type_name not in ROW_COLUMNS:
            continue
        always, reads = ROW_COLUMNS[type_name]
        wanted = set(always)
        for name in names:
            wanted.update(reads[name])
        columns[type_name] = tuple(sorted(wanted))
    return columns
