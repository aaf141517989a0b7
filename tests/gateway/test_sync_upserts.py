"""Writing a page of marketplace orders (``upsert_orders``): idempotent, scoped to the store, buyer
fields sealed per buyer and written only with the seller's authorization — on SQLite and on
PostgreSQL, whose bulk statements differ."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tortoise.transactions import in_transaction

from gateway.connectors import AddressData, BuyerData, OrderData, OrderItemData, ShipmentData
from gateway.db import conn
from gateway.models import Account, Buyer, DataKey, Order, OrderItem, Shipment, Store
from gateway.privacy import vault
from gateway.services.order_import import upsert_orders

T0 = datetime(2026, 6, 1, tzinfo=UTC)


def _order(n: int, *, buyer: str | None = "c1", items: int = 2, parcels: int = 1,
           status: str = "paid", minutes: int = 0) -> OrderData:
    return OrderData(
        external_id=str(5000 + n), number=f"#{1000 + n}", status=status, currency="USD",
        total=Decimal("10.00") * items, placed_at=T0 + timedelta(hours=n),
        updated_at=T0 + timedelta(hours=n, minutes=minutes),
        items=[OrderItemData(sku=f"SKU-{k}", title=f"Item {k}", quantity=1,
                             price=Decimal("10.00")) for k in range(items)],
        buyer=BuyerData(external_id=buyer, name=f"Buyer {buyer}", email=f"{buyer}@example.com",
                        phone=None, address=AddressData(line1="1 Main St", line2="",
                                                        city="Austin", province="TX",
                                                        postal_code="78701", country="US"))
        if buyer else None,
        shipments=[ShipmentData(carrier="UPS", tracking_number=f"1Z{n:04d}{k}")
                   for k in range(parcels)],
    )


async def _store(name: str = "shop") -> Store:
    seller = await Account.create(email=f"{name}@example.com", email_index=uuid.uuid4().hex,
                                  password_hash="x", name=name, country="US",
                                  using_db=conn("us"))
    return await Store.create(seller_id=seller.id, platform="shopify", name=name,
                              external_id=f"{name}.myshopify.com", buyer_data_authorized=True,
                              using_db=conn("us"))


async def _upsert(store: Store, orders: list[OrderData], *,
                  include_buyer: bool = True) -> list[uuid.UUID]:
    async with in_transaction("us") as tx:
        return await upsert_orders(tx, store, orders, include_buyer=include_buyer)


async def _orders(store: Store) -> dict[str, Order]:
    return {o.external_id: o for o in await Order.filter(store_id=store.id).using_db(conn("us"))}


async def test_importing_the_same_page_twice_writes_each_row_once(settings):
    store = await _store()
    page = [_order(n, buyer=f"c{n % 2}") for n in range(5)]
    created = await _upsert(store, page)
    first = await _orders(store)
    assert len(created) == 5 and len(first) == 5
    assert await _upsert(store, page) == []  # every parcel is known: none new, none to register
    again = await _orders(store)
    assert {e: o.id for e, o in again.items()} == {e: o.id for e, o in first.items()}
    assert {e: o.buyer_id for e, o in again.items()} == {e: o.buyer_id for e, o in first.items()}
    db = conn("us")
    assert await Buyer.filter(store_id=store.id).using_db(db).count() == 2
    assert await OrderItem.filter(order__store_id=store.id).using_db(db).count() == 10
    assert await Shipment.filter(order__store_id=store.id).using_db(db).count() == 5
    buyer_ids = await Buyer.filter(store_id=store.id).using_db(db).values_list("id", flat=True)
    assert await DataKey.filter(subject_id__in=buyer_ids).using_db(db).count() == 2


async def test_a_changed_order_keeps_its_id_and_gets_its_new_items_and_parcels(settings):
    store = await _store()
    created = await _upsert(store, [_order(1, items=3, parcels=1)])
    before = (await _orders(store))["5001"]
    changed = replace(_order(1, items=1, parcels=2, status="refunded", minutes=5),
                      total=Decimal("7.50"))
    new_parcels = await _upsert(store, [changed])
    after = (await _orders(store))["5001"]
    assert after.id == before.id and after.buyer_id == before.buyer_id
    assert after.created_at == before.created_at
    assert (after.status, after.total) == ("refunded", Decimal("7.50"))
    db = conn("us")
    assert await OrderItem.filter(order_id=after.id).using_db(db).count() == 1
    parcels = await Shipment.filter(order_id=after.id).using_db(db)
    assert {s.tracking_number for s in parcels} == {"1Z00010", "1Z00011"}
    assert new_parcels == [s.id for s in parcels if s.tracking_number == "1Z00011"]
    assert created == [s.id for s in parcels if s.tracking_number == "1Z00010"]
    fresh = next(s for s in parcels if s.id in new_parcels)
    assert (fresh.seller_id, fresh.status, fresh.tracker, fresh.tracking_registered) == (
        store.seller_id, "pending", "", False)


async def test_buyer_fields_are_sealed_under_each_buyers_key_and_updated_in_place(settings):
    store = await _store()
    await _upsert(store, [_order(1, buyer="c1"), _order(2, buyer=None)])
    db = conn("us")
    (buyer,) = await Buyer.filter(store_id=store.id).using_db(db)
    assert buyer.name.startswith("v1.") and "Buyer" not in buyer.name
    assert buyer.phone == ""  # an absent field stays empty, not sealed
    moved = replace(_order(3, buyer="c1"), buyer=BuyerData(
        external_id="c1", name="Buyer Moved", email="moved@example.com", phone="+15550100",
        address=None))
    await _upsert(store, [moved])
    (again,) = await Buyer.filter(store_id=store.id).using_db(db)
    assert again.id == buyer.id and again.seller_id == store.seller_id
    personal = (await vault.current().reveal_buyers(db, [again]))[again.id]
    assert (personal.name, personal.email, personal.phone, personal.address) == (
        "Buyer Moved", "moved@example.com", "+15550100", None)
    orders = await _orders(store)
    assert orders["5001"].buyer_id == orders["5003"].buyer_id == buyer.id
    assert orders["5002"].buyer_id is None


async def test_buyer_pii_is_not_imported_without_authorization(settings):
    store = await _store()
    await _upsert(store, [_order(1, buyer="c1")])
    kept = (await _orders(store))["5001"].buyer_id
    await _upsert(store, [_order(1, buyer="c1", status="fulfilled"), _order(2, buyer="c2")],
                  include_buyer=False)
    orders = await _orders(store)
    assert orders["5001"].buyer_id == kept and orders["5001"].status == "fulfilled"
    assert orders["5002"].buyer_id is None
    assert await Buyer.filter(store_id=store.id).using_db(conn("us")).values_list(
        "external_id", flat=True) == ["c1"]


async def test_a_page_repeating_an_order_keeps_its_newest_version(settings):
    store = await _store()
    await _upsert(store, [_order(1, status="paid", minutes=9), _order(1, status="pending"),
                          _order(2, status="no-such-status")])
    orders = await _orders(store)
    assert orders["5001"].status == "paid"
    assert orders["5002"].status == "pending"  # an unknown upstream status is pending


async def test_the_same_upstream_ids_in_two_stores_are_two_sets_of_rows(settings):
    first, second = await _store("first"), await _store("second")
    page = [_order(n) for n in range(3)]
    await _upsert(first, page)
    await _upsert(second, page)
    for store in (first, second):
        orders = await _orders(store)
        assert len(orders) == 3
        assert {o.seller_id for o in orders.values()} == {store.seller_id}
        buyers = await Buyer.filter(store_id=store.id).using_db(conn("us"))
        assert [(b.seller_id, b.external_id) for b in buyers] == [(store.seller_id, "c1")]
        assert {o.buyer_id for o in orders.values()} == {buyers[0].id}
