"""What each field of a row-served type reads (``schema.columns``): every field is listed, and
never with a column the services would not select by default."""

from __future__ import annotations

from gateway.services import orders, shipments
from schema.columns import ROW_COLUMNS, columns_for
from schema.schema import build_schema

DEFAULTS = {"Order": orders.ORDER_FIELDS, "Shipment": shipments.SHIPMENT_FIELDS,
            "TrackingEvent": shipments.EVENT_FIELDS, "Buyer": orders.BUYER_FIELDS}


def test_every_field_of_a_row_served_type_is_listed_with_columns_its_service_selects():
    graphql = build_schema()._schema
    assert set(ROW_COLUMNS) == set(DEFAULTS)
    for type_name, (always, reads) in ROW_COLUMNS.items():
        fields = set(graphql.get_type(type_name).fields)  # type: ignore[union-attr]
        assert set(reads) == fields | {"__typename"}, type_name
        for column in (*always, *(c for cs in reads.values() for c in cs)):
            assert column in DEFAULTS[type_name], (type_name, column)


def test_columns_for_an_operation():
    assert columns_for({"Query": {"orders"}, "TrackingEvent": {"time", "__typename"}}) == {
        "TrackingEvent": ("shipment_id", "time")}
    assert columns_for({"Order": {"buyer", "total", "id"}}) == {
        "Order": ("buyer_id", "id", "placed_at", "total")}
    # A field not listed (one added later) reads whole rows.
    assert columns_for({"Shipment": {"status", "somethingNew"}}) == {"Shipment": None}
