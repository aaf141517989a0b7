"""The columns an operation reads of each type served from rows, so that its loaders select
only those.

The services select by default every column a type's fields may read (``ORDER_FIELDS``,
``SHIPMENT_FIELDS``, ...). A query usually asks for a few fields of each: the read path's page
of orders, with parcels and events, reads a third fewer column values when only its fields'
columns are selected (no event descriptions and locations, order numbers, currencies, buyers'
phones and emails) — each one decoded by the driver, kept and freed for nothing otherwise.

``ROW_COLUMNS`` says, for each GraphQL type served from a row, the model fields every row needs
(the keys its loaders group by, the cursor's) and those each GraphQL field reads.
``columns_for`` turns the fields an operation selects of each type (its plan's, see
``schema.execution``) into the model fields to select: None — all of them — for a type with
a field not listed here, so a new field reads whole rows until it is listed
(``tests/schema/test_columns.py`` lists them all).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

__all__ = ["ROW_COLUMNS", "columns_for"]

# GraphQL type -> (model fields every row needs, GraphQL field -> model fields it reads).
ROW_COLUMNS: dict[str, tuple[tuple[str, ...], dict[str, tuple[str, ...]]]] = {
    "Order": (("id", "placed_at"), {
        "__typename": (), "id": (), "number": ("number",), "status": ("status",),
        "currency": ("currency",), "total": ("total",), "placedAt": (),
        "shipmentStatus": ("shipment_status",), "deliveredAt": ("delivered_at",),
        "store": ("store_id",), "items": (), "buyer": ("buyer_id",), "shipments": (),
    }),
    "Shipment": (("id", "order_id"), {
        "__typename": (), "id": (), "orderId": (), "carrier": ("carrier",),
        "trackingNumber": ("tracking_number",), "status": ("status",),
        "lastEventAt": ("last_event_at",), "events": (),
    }),
    "TrackingEvent": (("shipment_id",), {
        "__typename": (), "time": ("time",), "status": ("status",),
        "description": ("description",), "location": ("location",),
    }),
    # A buyer's row is read for its id and, as each personal field is opened, that field's
    # ciphertext (``gateway.privacy.vault``).
    "Buyer": (("id",), {
        "__typename": (), "id": (), "name": ("name",), "phone": ("phone",),
        "email": ("email",), "address": ("address",),
    }),
}


def columns_for(selected: Mapping[str, Iterable[str]]) -> dict[str, tuple[str, ...] | None]:
    """Per type of ``ROW_COLUMNS`` that ``selected`` (type name -> GraphQL field names)
    names: the model fields its rows need, in a canonical order (one statement text per set),
    or None for all of them."""
    columns: dict[str, tuple[str, ...] | None] = {}
    for type_name, names in selected.items():
        known = ROW_COLUMNS.get(type_name)
        if known is None:
            continue
        always, reads = known
        wanted: set[str] | None = set(always)
        for name in names:
            more = reads.get(name)
            if more is None:  # a field not listed: whole rows
                wanted = None
                break
            wanted.update(more)  # type: ignore[union-attr]
        columns[type_name] = None if wanted is None else tuple(sorted(wanted))
    return columns
