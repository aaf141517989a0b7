"""Data minimization: a connector may return only the data categories it declared."""

from __future__ import annotations

from collections.abc import Iterable

from gateway.connectors.dto import DataCategory, OrderData
from gateway.connectors.errors import UndeclaredDataError

__all__ = ["check_orders"]


def _categories(order: OrderData) -> set[DataCategory]:
    found = {DataCategory.ORDER_DETAILS}
    buyer = order.buyer
    if buyer is not None:
        if buyer.name:
            found.add(DataCategory.BUYER_IDENTITY)
        if buyer.email or buyer.phone:
            found.add(DataCategory.BUYER_CONTACT)
        if buyer.address is not None:
            found.add(DataCategory.BUYER_ADDRESS)
    if order.shipments:
        found.add(DataCategory.SHIPMENT)
    return found


def check_orders(plugin: str, declared: frozenset[DataCategory],
                 orders: Iterable[OrderData]) -> None:
    """Raise ``UndeclaredDataError`` if any order carries a category ``plugin`` did not declare."""
    for order in orders:
        extra = _categories(order) - declared
        if extra:
            names = ", ".join(sorted(extra))
            raise UndeclaredDataError(f"plugin {plugin} returned undeclared data: {names}")
