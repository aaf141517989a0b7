"""Rows for tests, written straight through the models into a region."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from gateway.db import conn
from gateway.models import (
    Buyer,
    Order,
    OrderItem,
    OrderStatus,
    Shipment,
    ShipmentStatus,
    Store,
    TrackingEvent,
)
from gateway.privacy import vault

T0 = datetime(2026, 10, 1, tzinfo=UTC)


async def store_with_orders(region: str, seller_id: str | uuid.UUID, count: int, *,
                            platform: str = "shopify", events_per_shipment: int = 2,
                            status: OrderStatus = OrderStatus.PAID) -> Store:
    """A store with ``count`` orders, each with 2 items, a buyer, a shipment and events."""
    db = conn(region)
    store = await Store.create(seller_id=seller_id, platform=platform, name=f"{platform} store",
                               external_id=uuid.uuid4().hex, buyer_data_authorized=True,
                               using_db=db)
    buyers, orders, items, shipments, events = [], [], [], [], []
    clear = {uuid.uuid4(): {
        "name": f"Buyer {n}", "phone": f"+1555000{n:04d}", "email": f"buyer{n}@example.com",
        "address": json.dumps({"line1": f"{n} Main St", "line2": "", "city": "Austin",
                               "province": "TX", "postal_code": "78701", "country": "US"})}
        for n in range(count)}
    sealed = await vault.current().seal_many(db, "buyer", clear)
    for n, buyer_id in enumerate(clear):
        buyer = Buyer(id=buyer_id, seller_id=seller_id, store_id=store.id,
                      external_id=f"b{n}", **sealed[buyer_id])
        order = Order(id=uuid.uuid4(), seller_id=seller_id, store_id=store.id, buyer_id=buyer.id,
                      external_id=str(1000 + n), number=f"#{1000 + n}", status=status,
                      currency="USD", total=Decimal("30.00"),
                      placed_at=T0 + timedelta(hours=n))
        shipment = Shipment(id=uuid.uuid4(), seller_id=seller_id, order_id=order.id,
                            carrier="UPS", tracking_number=f"1Z{n:08d}",
                            status=ShipmentStatus.IN_TRANSIT)
        buyers.append(buyer)
        orders.append(order)
        shipments.append(shipment)
        items += [OrderItem(id=uuid.uuid4(), order_id=order.id, sku=f"SKU-{k}", title=f"Item {k}",
                            quantity=1, price=Decimal("15.00")) for k in range(2)]
        events += [TrackingEvent(id=uuid.uuid4(), shipment_id=shipment.id,
                                 time=T0 + timedelta(hours=n, minutes=k),
                                 status=ShipmentStatus.IN_TRANSIT, description=f"scan {k}")
                   for k in range(events_per_shipment)]
    await Buyer.bulk_create(buyers, using_db=db)
    await Order.bulk_create(orders, using_db=db)
    await OrderItem.bulk_create(items, using_db=db)
    await Shipment.bulk_create(shipments, using_db=db)
    await TrackingEvent.bulk_create(events, using_db=db)
    return store
