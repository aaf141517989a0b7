"""Dataloaders for admins looking at sellers: the existing Order/Store types, read per view.

An admin has no seller, so the request's loaders are replaced, for admin callers only, by ones
that batch through each opened view's ``reader`` (a Principal scoped to that seller). Services
still scope every query by that seller, and buyers come back masked unless the admin may see
them in clear.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import TypeVar

from strawberry.dataloader import DataLoader

from gateway.auth.principal import Principal
from gateway.models import Buyer
from gateway.privacy.vault import BuyerPersonal
from gateway.services import orders, shipments, stores
from gateway.services.admin_accounts import AccountView, buyers_for_view
from schema.context import Context
from schema.loaders import Loaders, ValueCache

__all__ = ["AdminLoaders", "open_view"]

K = uuid.UUID
V = TypeVar("V")


class AdminLoaders(Loaders):
    """Loaders over the seller views an admin opened in this request (usually one)."""

    def __init__(self, principal: Callable[[], Principal], regions: dict[uuid.UUID, str]) -> None:
        super().__init__(principal)
        self.views: list[AccountView] = []
        self._regions = regions
        self.store = self._merged(stores.stores_by_ids, lambda: None)
        self.items = self._merged(orders.items_for_orders, list)
        self.shipments = self._merged(shipments.shipments_for_orders, list)
        self.events = self._merged(shipments.events_for_shipments, list)
        self.buyer = DataLoader(load_fn=self._buyers, cache_map=ValueCache())

    def _merged(self, batch: Callable[[Principal, list[K]], Awaitable[Mapping[K, V]]],
                default: Callable[[], V | None]) -> DataLoader[K, V | None]:
        async def load(keys: Sequence[K]) -> list[V | None]:
            found: dict[K, V] = {}
            for view in self.views:
                if view.reader is not None:
                    found.update(await batch(view.reader, list(keys)))
            return [found.get(key, default()) for key in keys]

        return DataLoader(load_fn=load, cache_map=ValueCache())

    async def _buyers(self, keys: Sequence[K]) -> list[tuple[Buyer, BuyerPersonal] | None]:
        found: dict[K, tuple[Buyer, BuyerPersonal]] = {}
        for view in self.views:
            batch = await buyers_for_view(view, list(keys))
            # Buyers live in their seller's region, which may not be the admin's own.
            self._regions.update(dict.fromkeys(batch, view.region))
            found.update(batch)
        return [found.get(key) for key in keys]


def open_view(context: Context, view: AccountView) -> None:
    """Make ``view``'s seller data readable through the existing types in this request."""
    loaders = context.loaders
    if not isinstance(loaders, AdminLoaders):
        loaders = AdminLoaders(lambda: context.principal, context.subject_regions)
        context.loaders = loaders
    context.subject_regions[view.account.id] = view.region
    loaders.views.append(view)
