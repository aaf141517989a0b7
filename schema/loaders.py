"""Dataloaders: one SQL query per kind of child row, whatever the page size."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from gateway.auth.principal import Principal
from gateway.models import Buyer, OrderItem, Shipment, Store, TrackingEvent
from gateway.privacy import consent
from gateway.privacy.vault import BuyerPersonal
from gateway.services import orders, shipments, stores

__all__ = ["Loaders"]

K = uuid.UUID
V = TypeVar("V")


def _loader(
    principal: Callable[[], Principal],
    batch: Callable[[Principal, list[K]], Awaitable[Mapping[K, V]]],
    default: Callable[[], V | None],
) -> DataLoader[K, V | None]:
    async def load(keys: Sequence[K]) -> list[V | None]:
        found = await batch(principal(), list(keys))
        return [found.get(key, default()) for key in keys]

    return DataLoader(load_fn=load)


async def _consents(keys: Sequence[tuple[str, str, str]]) -> list[bool]:
    """(region, subject, purpose) -> in force; one ledger query per region and purpose."""
    wanted: dict[tuple[str, str], list[str]] = {}
    for region, subject, name in keys:
        wanted.setdefault((region, name), []).append(subject)
    found: set[tuple[str, str, str]] = set()
    for (region, name), subjects in wanted.items():
        found |= {(region, s, name) for s in await consent.consented(region, subjects, name)}
    return [key in found for key in keys]


class Loaders:
    """The request's loaders; they batch by the caller's Principal, so tenant scoping holds."""

    def __init__(self, principal: Callable[[], Principal]) -> None:
        self.store: DataLoader[K, Store | None] = _loader(
            principal, stores.stores_by_ids, lambda: None)
        self.buyer: DataLoader[K, tuple[Buyer, BuyerPersonal] | None] = _loader(
            principal, orders.buyers_by_ids, lambda: None)
        self.items: DataLoader[K, list[OrderItem] | None] = _loader(
            principal, orders.items_for_orders, list)
        self.shipments: DataLoader[K, list[Shipment] | None] = _loader(
            principal, shipments.shipments_for_orders, list)
        self.events: DataLoader[K, list[TrackingEvent] | None] = _loader(
            principal, shipments.events_for_shipments, list)
        self.consent: DataLoader[tuple[str, str, str], bool] = DataLoader(load_fn=_consents)
