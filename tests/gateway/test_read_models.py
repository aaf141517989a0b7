"""``read_models`` and ``new_models`` build exactly the instances Tortoise builds, and
``insert_rows`` writes exactly the rows ``bulk_create`` writes, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest
from tortoise.exceptions import OperationalError, ValidationError

from gateway.db import (
    conn,
    counting_queries,
    insert_rows,
    new_ids,
    new_models,
    read_models,
    row_class,
    select_models,
    select_rows,
)
from gateway.models import (
    Account,
    AuditEvent,
    Buyer,
    Order,
    OrderItem,
    OrderStatus,
    Shipment,
    Store,
    TrackingEvent,
)
from tests.factories import store_with_orders
from tests.graphql_client import sign_up


def _compared(value: Any) -> Any:
    """A value as the builders must give it: its repr (type and value), except that a datetime
    counts by its instant and UTC offset — in UTC, the driver's ``UTC`` is kept where
    Tortoise makes a copy in its ``ZoneInfo("UTC")``."""
    if isinstance(value, datetime):
        assert value.utcoffset() == timedelta(0)  # aware, in UTC
        return ("datetime", value.isoformat())
    return repr(value)


async def test_read_models_equal_tortoises_instances(client, settings):
    payload = await sign_up(client, "rows@example.com")
    seller = payload["account"]["id"]
    await store_with_orders("us", seller, 4, events_per_shipment=3)
    db = conn("us")
    orders = Order.filter(seller_id=seller)
    await orders.using_db(db).limit(2).update(delivered_at=None)  # nulls convert too
    for model, query in [
        (Store, Store.filter(seller_id=seller)),
        (Order, Order.filter(seller_id=seller).order_by("-placed_at")),
        (OrderItem, OrderItem.filter(order__seller_id=seller).order_by("sku", "id")),
        (Buyer, Buyer.filter(seller_id=seller).order_by("id")),
        (Shipment, Shipment.filter(seller_id=seller).order_by("id")),
        (TrackingEvent, TrackingEvent.filter(shipment__seller_id=seller).order_by("time")),
    ]:
        expected = await query.using_db(db)
        with counting_queries() as statements:
            found = await read_models(query.using_db(db))
        assert len(statements) == 1
        assert expected and [type(r) for r in found] == [model] * len(expected)
        assert [vars(r) for r in found] == [vars(r) for r in expected], model.__name__
        # Same types and time zones too (equal datetimes may differ in their zone).
        assert [{k: _compared(v) for k, v in vars(r).items()} for r in found] == \
            [{k: _compared(v) for k, v in vars(r).items()} for r in expected]
    # PostgreSQL's times come in UTC and stay as the driver made them; SQLite's are text,
    # converted into Tortoise's zone.
    (first,) = await read_models(Order.filter(seller_id=seller).using_db(db).limit(1))
    kept = db.capabilities.dialect == "postgres"
    assert (first.placed_at.tzinfo is UTC) is kept
    # The instances behave as models: saving one updates its row.
    order = (await read_models(Order.filter(seller_id=seller).using_db(db).order_by("id")))[0]
    order.number = "#renumbered"
    await order.save(using_db=db)
    assert (await Order.get(id=order.id).using_db(db)).number == "#renumbered"
    assert await Order.filter(seller_id=seller).using_db(db).count() == 4


async def test_select_models_equal_tortoises_instances_for_the_loaders_statements(
        client, settings):
    seller = (await sign_up(client, "select@example.com"))["account"]["id"]
    other = (await sign_up(client, "select2@example.com"))["account"]["id"]
    await store_with_orders("us", seller, 5, events_per_shipment=3)
    await store_with_orders("us", other, 2)
    db = conn("us")
    order_ids = [o.id for o in await Order.filter(seller_id=seller).using_db(db)]
    theirs = [o.id for o in await Order.filter(seller_id=other).using_db(db)]
    shipment_ids = [s.id for s in await Shipment.filter(seller_id=seller).using_db(db)]
    buyer_ids = [b.id for b in await Buyer.filter(seller_id=seller).using_db(db)]
    for model, rest, keys, expected in [
        (OrderItem, 'JOIN "order" ON "order"."id" = "order_item"."order_id" '
         'WHERE "order_item"."order_id" {keys} AND "order"."seller_id" = {p2} '
         'ORDER BY "order_item"."sku", "order_item"."id"', order_ids + theirs,
         OrderItem.filter(order_id__in=order_ids).order_by("sku", "id")),
        (Shipment, 'WHERE "shipment"."order_id" {keys} AND "shipment"."seller_id" = {p2} '
         'ORDER BY "shipment"."id"', order_ids + theirs,
         Shipment.filter(order_id__in=order_ids).order_by("id")),
        (TrackingEvent, 'JOIN "shipment" ON "shipment"."id" = "tracking_event"."shipment_id" '
         'WHERE "tracking_event"."shipment_id" {keys} AND "shipment"."seller_id" = {p2} '
         'ORDER BY "tracking_event"."time", "tracking_event"."id"', shipment_ids,
         TrackingEvent.filter(shipment_id__in=shipment_ids).order_by("time", "id")),
        (Buyer, 'WHERE "buyer"."id" {keys} AND "buyer"."seller_id" = {p2} '
         'ORDER BY "buyer"."id"', buyer_ids, Buyer.filter(id__in=buyer_ids).order_by("id")),
    ]:
        want = await expected.using_db(db)
        with counting_queries() as statements:
            found = await select_models(model, db, rest, keys, uuid.UUID(seller))
        assert len(statements) == 1
        assert want, model.__name__
        # The other seller's rows are not among them, though their keys were asked for.
        assert [{k: _compared(v) for k, v in vars(r).items()} for r in found] == \
            [{k: _compared(v) for k, v in vars(r).items()} for r in want], model.__name__
    # One statement text on PostgreSQL whatever the number of keys; no query for none.
    with counting_queries() as statements:
        assert await select_models(Buyer, db, 'WHERE "buyer"."id" {keys}', []) == []
        one = await select_models(Buyer, db, 'WHERE "buyer"."id" {keys}', buyer_ids[:1])
        two = await select_models(Buyer, db, 'WHERE "buyer"."id" {keys}', buyer_ids[:2])
    assert [b.id for b in one] == buyer_ids[:1] and len(two) == 2
    assert len(statements) == 2
    if db.capabilities.dialect == "postgres":
        assert statements[0].split(":")[0] == statements[1].split(":")[0]
    # A statement that does not match its keys and parameters is refused before it is sent.
    for rest, keys, params in [('WHERE "buyer"."id" = {p1}', buyer_ids, (buyer_ids[0],)),
                               ('WHERE "buyer"."id" {keys}', None, ()),
                               ('WHERE "buyer"."id" {keys} AND "buyer"."seller_id" = {p3}',
                                buyer_ids, (seller,))]:
        with pytest.raises(ValueError, match="does not match"):
            await select_models(Buyer, db, rest, keys, *params)


async def test_select_rows_read_as_tortoises_instances(client, settings):
    seller = (await sign_up(client, "rows3@example.com"))["account"]["id"]
    await store_with_orders("us", seller, 4, events_per_shipment=2)
    db = conn("us")
    await Order.filter(seller_id=seller).using_db(db).limit(2).update(delivered_at=None)
    await Order.filter(seller_id=seller).using_db(db).limit(1).update(status=OrderStatus.PAID)
    postgres = db.capabilities.dialect == "postgres"
    for model, rest, expected in [
        (Store, 'WHERE "store"."seller_id" = {p1} ORDER BY "store"."id"',
         Store.filter(seller_id=seller).order_by("id")),
        (Order, 'WHERE "order"."seller_id" = {p1} ORDER BY "order"."id"',
         Order.filter(seller_id=seller).order_by("id")),
        (OrderItem, 'JOIN "order" ON "order"."id" = "order_item"."order_id" '
         'WHERE "order"."seller_id" = {p1} ORDER BY "order_item"."id"',
         OrderItem.filter(order__seller_id=seller).order_by("id")),
        (Buyer, 'WHERE "buyer"."seller_id" = {p1} ORDER BY "buyer"."id"',
         Buyer.filter(seller_id=seller).order_by("id")),
        (Shipment, 'WHERE "shipment"."seller_id" = {p1} ORDER BY "shipment"."id"',
         Shipment.filter(seller_id=seller).order_by("id")),
        (TrackingEvent, 'JOIN "shipment" ON "shipment"."id" = "tracking_event"."shipment_id" '
         'WHERE "shipment"."seller_id" = {p1} ORDER BY "tracking_event"."id"',
         TrackingEvent.filter(shipment__seller_id=seller).order_by("id")),
        (Account, 'WHERE "account"."id" = {p1}', Account.filter(id=seller)),
    ]:
        want = await expected.using_db(db)
        with counting_queries() as statements:
            found = await select_rows(model, db, rest, None, uuid.UUID(seller))
        assert len(statements) == 1  # logged (and counted) as Tortoise logs its statements
        assert want and len(found) == len(want), model.__name__
        # On PostgreSQL the driver's records, of the model's row class; elsewhere instances.
        assert {type(r) for r in found} == {row_class(model) if postgres else model}
        for row, instance in zip(found, want, strict=True):
            for name in model._meta.fields_db_projection:
                assert _compared(getattr(row, name)) == _compared(getattr(instance, name)), \
                    f"{model.__name__}.{name}"
            assert row.pk == instance.pk
    statuses = {o.status for o in await select_rows(Order, db, 'WHERE "order"."seller_id" = '
                                                    '{p1}', None, uuid.UUID(seller))}
    assert OrderStatus.PAID in statuses and all(type(s) is OrderStatus for s in statuses)
    if postgres:
        (row,) = await select_rows(Order, db, 'WHERE "order"."seller_id" = {p1} LIMIT 1', None,
                                   uuid.UUID(seller))
        assert isinstance(row, asyncpg.Record)
        with pytest.raises(AttributeError):  # read-only
            row.number = "#changed"  # type: ignore[misc]
    # Some fields only: on PostgreSQL only they are selected, and only they are attributes.
    rows = await select_rows(Order, db, 'WHERE "order"."seller_id" = {p1} ORDER BY "order"."id"',
                             None, uuid.UUID(seller), fields=("number", "id", "status"))
    assert [(r.number, r.pk, r.status) for r in rows] == \
        [(o.number, o.pk, o.status) for o in await Order.filter(
            seller_id=seller).using_db(db).order_by("id")]
    if postgres:
        assert len(rows[0]) == 3 and type(rows[0]) is row_class(Order, ("number", "id", "status"))
        with pytest.raises(AttributeError):
            rows[0].total  # not selected
    for wrong in [("number", "nope"), (), ("id", "id")]:
        with pytest.raises(ValueError, match="fields"):
            await select_rows(Order, db, 'WHERE "order"."seller_id" = {p1}', None,
                              uuid.UUID(seller), fields=wrong)
    # No query for no keys; a bad statement fails as Tortoise's own do.
    with counting_queries() as statements:
        assert await select_rows(Buyer, db, 'WHERE "buyer"."id" {keys}', []) == []
    assert statements == []
    with pytest.raises(OperationalError):
        await select_rows(Buyer, db, 'WHERE "buyer"."no_such_column" = {p1}', None, 1)


async def test_read_models_awaits_queries_it_does_not_build(client, settings):
    payload = await sign_up(client, "rows2@example.com")
    await store_with_orders("us", payload["account"]["id"], 2)
    db = conn("us")
    related = await read_models(Order.all().using_db(db).select_related("store"))
    assert related and related[0].store.name == "shopify store"
    partial = await read_models(Order.all().using_db(db).only("id", "number"))
    assert partial and partial[0]._partial


async def test_new_models_are_the_instances_init_builds_and_save_the_same(settings):
    db = conn("us")
    values = {"id": uuid.uuid4(), "at": datetime(2026, 11, 1, tzinfo=UTC),
              "actor_id": uuid.uuid4(), "actor_role": "owner", "action": "read",
              "subject_id": uuid.uuid4(), "subject_type": "buyer",
              "categories": ["buyer_identity"], "purpose": "service_operation",
              "details": {"fields": ["Buyer.name"], "operation": "query"}}
    (built,) = new_models(AuditEvent, [values])
    assert vars(built) == vars(AuditEvent(**values))
    await AuditEvent.bulk_create([built], using_db=db)
    stored = await AuditEvent.get(id=values["id"]).using_db(db)
    assert {k: getattr(stored, k) for k in values} == values
    with pytest.raises(ValueError, match="needs exactly the fields"):
        new_models(AuditEvent, [{**values, "nope": 1}])
    with pytest.raises(ValueError, match="needs exactly the fields"):
        new_models(AuditEvent, [{k: v for k, v in values.items() if k != "purpose"}])


async def test_insert_rows_writes_what_bulk_create_writes_in_one_statement(settings):
    db = conn("us")
    at = datetime(2026, 11, 2, 8, 30, 15, 123456, tzinfo=UTC)

    def rows(action: str) -> list[dict[str, object]]:
        return [{"id": uuid.uuid4(), "at": at, "actor_id": None if n == 0 else uuid.uuid4(),
                 "actor_role": "owner", "action": action, "subject_id": uuid.uuid4(),
                 "subject_type": "buyer", "categories": ["buyer_identity", "buyer_address"][:n],
                 "purpose": "service_operation",
                 "details": {"fields": ["Buyer.name"], "n": n, "text": "naïve 'quoted' \"x\""}}
                for n in range(3)]

    mine, theirs = rows("insert_rows"), rows("bulk_create")
    with counting_queries() as statements:
        assert await insert_rows(AuditEvent, mine, db) == 3
    assert len(statements) == 1
    await AuditEvent.bulk_create(new_models(AuditEvent, theirs), using_db=db)

    def stored(action: str) -> Any:
        return AuditEvent.filter(action=action).using_db(db).order_by("details")

    written, expected = await stored("insert_rows"), await stored("bulk_create")
    assert len(written) == len(expected) == 3
    for row, want in zip(written, expected, strict=True):
        assert {k: repr(v) for k, v in vars(row).items() if k not in ("id", "action",
                                                                      "actor_id", "subject_id")} \
            == {k: repr(v) for k, v in vars(want).items() if k not in ("id", "action",
                                                                       "actor_id", "subject_id")}
    assert {r.id for r in written} == {r["id"] for r in mine}
    assert {(r.actor_id, r.subject_id) for r in written} == \
        {(r["actor_id"], r["subject_id"]) for r in mine}
    with counting_queries() as statements:
        assert await insert_rows(AuditEvent, [], db) == 0
    assert statements == []
    with pytest.raises(ValueError, match="needs exactly the fields"):
        await insert_rows(AuditEvent, [{**mine[0], "nope": 1}], db)
    # Too long for its column: refused, never cut short.
    with pytest.raises(ValidationError):
        await insert_rows(AuditEvent, [{**rows("too long")[0], "actor_role": "x" * 21}], db)
    assert not await AuditEvent.filter(action="too long").using_db(db).exists()


async def test_insert_rows_writes_shared_values_and_fills_automatic_times(settings):
    # The rows share their time, categories and details objects (as a page's audit rows do),
    # and two leave their automatic time unset: each row is written as bulk_create writes it.
    db = conn("us")
    at = datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    categories, details = ["buyer_identity"], {"fields": ["Buyer.name"], "operation": "query"}
    rows = [{"id": row_id, "at": None if n % 2 == 0 else at, "actor_id": None,
             "actor_role": "owner", "action": "shared values", "subject_id": uuid.uuid4(),
             "subject_type": "buyer", "categories": categories, "purpose": "service_operation",
             "details": details} for n, row_id in enumerate(new_ids(4))]
    started = datetime.now(UTC)
    assert await insert_rows(AuditEvent, rows, db) == 4
    written = {r.id: r for r in await AuditEvent.filter(action="shared values").using_db(db)}
    assert set(written) == {r["id"] for r in rows}
    for n, row in enumerate(rows):
        stored = written[row["id"]]
        assert stored.categories == categories and stored.details == details
        assert stored.subject_id == row["subject_id"]
        if n % 2:
            assert stored.at == at
        else:  # filled at insert
            assert started - timedelta(seconds=1) <= stored.at <= datetime.now(UTC)
    # One row: written as it is (nothing is shared by one row).
    assert await insert_rows(AuditEvent, [{**rows[1], "id": new_ids(1)[0], "action": "alone"}],
                             db) == 1
    (stored,) = await AuditEvent.filter(action="alone").using_db(db)
    assert (stored.at, stored.subject_id, stored.categories, stored.details) == \
        (at, rows[1]["subject_id"], categories, details)


def test_new_ids_are_distinct_version_4_uuids():
    ids = new_ids(500)
    assert len(set(ids)) == 500 and new_ids(0) == []
    for made in ids:
        assert isinstance(made, uuid.UUID)
        assert made.version == 4 and made.variant == uuid.RFC_4122
        assert uuid.UUID(str(made)) == made and hash(uuid.UUID(str(made))) == hash(made)
