"""What each field of a row-served type reads (``schema.columns``): every field of the types an
operation may select and still be narrowed is listed, and no column the services would not
select by default."""

from __future__ import annotations

import pytest

from gateway.services import orders, shipments
from schema.columns import ROW_COLUMNS, UNDERSTOOD, columns_for
from schema.schema import build_schema

DEFAULTS = {"Order": orders.ORDER_FIELDS, "Shipment": shipments.SHIPMENT_FIELDS,
            "TrackingEvent": shipments.EVENT_FIELDS, "Buyer": orders.BUYER_FIELDS}


def test_understood_types_are_listed_with_every_field_the_schema_gives_them():
    """A field added to one of these types (which might read rows of the narrowed loaders)
    fails here until it is listed; until then, an operation selecting it reads whole rows."""
    graphql = build_schema()._schema
    assert set(ROW_COLUMNS) == set(DEFAULTS)
    for type_name, fields in UNDERSTOOD.items():
        if type_name == "Query":
            assert fields - {"__typename"} <= set(graphql.query_type.fields)  # type: ignore[union-attr]
            continue
        assert fields == set(graphql.get_type(type_name).fields) | {"__typename"}, type_name  # type: ignore[union-attr]
    for type_name, (always, reads) in ROW_COLUMNS.items():
        for column in (*always, *(c for group in reads.values() for c in group)):
            assert column in DEFAULTS[type_name], (type_name, column)


def test_columns_for_an_operation():
    page = {"Query": {"orders"}, "OrderConnection": {"edges"}, "OrderEdge": {"node"},
            "Order": {"id", "status", "total", "shipments"}, "Shipment": {"trackingNumber"},
            "TrackingEvent": {"time", "__typename"}}
    assert columns_for(page) == {
        "Order": ("buyer_id", "id", "placed_at", "status", "total"),
        "Shipment": ("id", "order_id", "status", "tracking_number"),
        "TrackingEvent": ("shipment_id", "status", "time")}
    # One field of a group brings the group: two shapes of row per type.
    assert columns_for({"TrackingEvent": {"location"}}) == columns_for(
        {"TrackingEvent": {"description", "location"}}) == {
        "TrackingEvent": ("description", "location", "shipment_id", "status", "time")}
    # A type or field not understood (one added later): whole rows everywhere.
    assert columns_for({**page, "Shipment": {"status", "somethingNew"}}) == {}
    assert columns_for({**page, "Query": {"orders", "auditEvents"}}) == {}
    assert columns_for({**page, "SomethingNew": {"id"}}) == {}


def test_the_columns_of_a_selection_are_found_once_and_read_only():
    # A cached plan passes the same mapping on every request: found once, then remembered.
    selected = {"Order": frozenset({"id", "number"})}
    first = columns_for(selected)
    assert columns_for(selected) is first
    assert first == {"Order": ("buyer_id", "currency", "delivered_at", "id", "number",
                               "placed_at", "shipment_status", "status", "store_id", "total")}
    # Another mapping, even an equal one, is found for itself.
    other = {"Order": frozenset({"id"})}
    assert columns_for(other) == {"Order": ("buyer_id", "id", "placed_at", "status", "total")}
    assert columns_for(dict(selected)) == first
    with pytest.raises(TypeError):  # shared by the requests: it cannot be changed
        first["Order"] = ()  # type: ignore[index]
