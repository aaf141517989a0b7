"""Demo data for the embedded default: two sellers (one per region) with stores, orders, buyers,
shipments and tracking events, a staff member and an admin."""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal

from tortoise.transactions import in_transaction

from gateway.db import conn, directory_conn
from gateway.models import (
    Account,
    Buyer,
    DirectoryEntry,
    Order,
    OrderItem,
    OrderStatus,
    PrivacyRequest,
    Role,
    Shipment,
    ShipmentStatus,
    StaffMember,
    Store,
    TrackingEvent,
)
from gateway.privacy import vault
from gateway.privacy.blind_index import blind_index, normalize_email
from gateway.privacy.calendar import add_business_days
from gateway.services.accounts import create_account
from gateway.services.privacy_requests import ANSWER_DAYS
from gateway.services.shipments import summarize
from gateway.settings import Settings

__all__ = ["DEMO_PASSWORD", "DemoLogin", "seed_demo"]

DEMO_PASSWORD = "sellergate-demo"


@dataclass(frozen=True)
class DemoLogin:
    email: str
    role: str
    region: str


_SELLERS = [
    ("alice@demo.sellergate.test", "Alice Parker", "US", "+1 415 555 0101",
     [("shopify", "Parker Outdoor Gear"), ("amazon", "Parker Outdoor on Amazon")]),
    ("wei@demo.sellergate.test", "Li Wei", "CN", "+86 138 0000 0001",
     [("tiktok_shop", "Wei Home Goods"), ("shopify", "Wei Home Global")]),
]
_STAFF = ("sam@demo.sellergate.test", "Sam Rivera", ["orders:read"])
_ADMIN = ("admin@demo.sellergate.test", "Ada Admin", "US")
_PRODUCTS = [("TENT-2P", "Two-person tent", "129.00"), ("LAMP-01", "Camping lamp", "19.90"),
             ("MUG-SS", "Steel mug", "8.50"), ("BAG-35L", "Backpack 35 l", "74.00"),
             ("SOCK-3", "Wool socks (3 pairs)", "15.00")]
_CITIES = {"US": [("Austin", "TX", "78701"), ("Denver", "CO", "80202"), ("Portland", "OR", "97201")],
           "CN": [("Guangzhou", "GD", "510000"), ("Shenzhen", "GD", "518000"),
                  ("Hangzhou", "ZJ", "310000")]}
_NAMES = {"US": ["Jordan Lee", "Casey Smith", "Riley Chen", "Morgan Davis", "Taylor Brown"],
          "CN": ["Zhang San", "Wang Fang", "Liu Yang", "Chen Jing", "Zhao Lei"]}
_JOURNEY = [ShipmentStatus.INFO_RECEIVED, ShipmentStatus.IN_TRANSIT, ShipmentStatus.IN_TRANSIT,
            ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERED]


async def seed_demo(settings: Settings, *, orders_per_store: int = 15) -> list[DemoLogin]:
    """Create the demo data once; later calls only return the logins."""
    logins: list[DemoLogin] = []
    for email, name, country, mobile, stores in _SELLERS:
        region = "cn" if country == "CN" else "us"
        logins.append(DemoLogin(email, "owner", region))
        if await _exists(settings, email):
            continue
        seller = await create_account(settings, email=email, password=DEMO_PASSWORD, name=name,
                                      country=country, mobile=mobile)
        rng = random.Random(email)
        for index, (platform, store_name) in enumerate(stores):
            await _seed_store(region, seller, platform, store_name, country,
                              authorized=index == 0, count=orders_per_store, rng=rng)
        if country == "US":
            await _seed_rectification_request(region, seller)
            staff_email, staff_name, permissions = _STAFF
            staff = await create_account(settings, email=staff_email, password=DEMO_PASSWORD,
                                         name=staff_name, country=country, role=Role.STAFF)
            await StaffMember.create(seller_id=seller.id, account_id=staff.id,
                                     permissions=permissions, using_db=conn(region))
    logins.append(DemoLogin(_STAFF[0], "staff (orders:read only)", "us"))
    admin_email, admin_name, admin_country = _ADMIN
    if not await _exists(settings, admin_email):
        await create_account(settings, email=admin_email, password=DEMO_PASSWORD,
                             name=admin_name, country=admin_country, role=Role.SUPERADMIN)
    logins.append(DemoLogin(admin_email, "superadmin", "us"))
    return logins


async def _seed_rectification_request(region: str, seller: Account) -> None:
    """A verified request waiting for a privacy officer, so the admin queue has work to show."""
    now = datetime.now(UTC)
    await PrivacyRequest.create(
        kind="rectification", subject_id=seller.id, requester_id=seller.id, state="in_progress",
        details={"mobile": "+1 512 555 0199"}, verified_at=now,
        due_at=add_business_days(region, now, ANSWER_DAYS), using_db=conn(region))


async def _exists(settings: Settings, email: str) -> bool:
    index = blind_index(settings.blind_index_secret(), "email", normalize_email(email))
    return await DirectoryEntry.filter(email_index=index).using_db(directory_conn()).exists()


async def _seed_store(region: str, seller: Account, platform: str, name: str, country: str, *,
                      authorized: bool, count: int, rng: random.Random) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    async with in_transaction(region) as tx:
        store = await Store.create(seller_id=seller.id, platform=platform, name=name,
                                   external_id=f"demo-{uuid.uuid4().hex[:10]}",
                                   buyer_data_authorized=authorized, using_db=tx)
        buyers: list[Buyer] = []
        if authorized:
            clear = {}
            for i, buyer_name in enumerate(_NAMES[country]):
                city, province, postal = _CITIES[country][i % 3]
                clear[uuid.uuid4()] = {
                    "name": buyer_name, "phone": f"+{rng.randint(10**9, 10**10 - 1)}",
                    "email": f"{buyer_name.split()[0].lower()}{i}@buyers.example",
                    "address": json.dumps({
                        "line1": f"{rng.randint(1, 999)} Market Street", "line2": "",
                        "city": city, "province": province, "postal_code": postal,
                        "country": country})}
            sealed = await vault.current().seal_many(tx, "buyer", clear)
            buyers = [Buyer(id=buyer_id, seller_id=seller.id, store_id=store.id,
                            external_id=f"cust-{i}", **sealed[buyer_id])
                      for i, buyer_id in enumerate(clear)]
            await Buyer.bulk_create(buyers, using_db=tx)
        orders, items, shipments, events = [], [], [], []
        for n in range(count):
            placed = now - timedelta(days=n, hours=rng.randint(0, 23))
            status = rng.choice([OrderStatus.PAID, OrderStatus.FULFILLED, OrderStatus.FULFILLED])
            order = Order(id=uuid.uuid4(), seller_id=seller.id, store_id=store.id,
                          buyer_id=buyers[n % len(buyers)].id if buyers else None,
                          external_id=f"{n + 1001}", number=f"#{n + 1001}", status=status,
                          currency="CNY" if country == "CN" else "USD", total=Decimal(0),
                          placed_at=placed)
            total = Decimal(0)
            for sku, title, price in rng.sample(_PRODUCTS, rng.randint(1, 3)):
                quantity = rng.randint(1, 3)
                total += Decimal(price) * quantity
                items.append(OrderItem(id=uuid.uuid4(), order_id=order.id, sku=sku, title=title,
                                       quantity=quantity, price=Decimal(price)))
            order.total = total
            if status == OrderStatus.FULFILLED:
                steps = _JOURNEY[: min(len(_JOURNEY), 1 + n // 2)]
                shipment = Shipment(id=uuid.uuid4(), seller_id=seller.id, order_id=order.id,
                                    carrier="UPS" if country == "US" else "SF Express",
                                    tracking_number=f"1Z{rng.randint(10**9, 10**10 - 1)}",
                                    status=steps[-1], last_event_at=placed + timedelta(
                                        hours=12 * len(steps)))
                for k, step in enumerate(steps):
                    events.append(TrackingEvent(
                        id=uuid.uuid4(), shipment_id=shipment.id,
                        time=placed + timedelta(hours=12 * (k + 1)), status=step,
                        description=step.value.replace("_", " "), location=_CITIES[country][k % 3][0]))
                shipments.append(shipment)
                order.shipment_status = summarize([shipment.status])
                if shipment.status == ShipmentStatus.DELIVERED:
                    order.delivered_at = shipment.last_event_at
            orders.append(order)
        await Order.bulk_create(orders, using_db=tx)
        await OrderItem.bulk_create(items, using_db=tx)
        await Shipment.bulk_create(shipments, using_db=tx)
        await TrackingEvent.bulk_create(events, using_db=tx)
