"""Dataloaders: one SQL query per kind of child row, whatever the page size."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar, cast

from graphql import FieldNode, SelectionSetNode
from strawberry.dataloader import DataLoader, DefaultCache
from strawberry.exceptions import WrongNumberOfResultsReturned

from gateway.auth.principal import Principal
from gateway.models import Buyer, OrderItem, Shipment, Store, TrackingEvent
from gateway.privacy import consent
from gateway.privacy.vault import BuyerPersonal
from gateway.services import orders, shipments, stores

__all__ = ["Loaders", "batched", "load_all", "same", "then"]

K = uuid.UUID
V = TypeVar("V")
R = TypeVar("R")
H = TypeVar("H", bound=Hashable)


def then(loaded: Awaitable[V], convert: Callable[[V], R]) -> asyncio.Future[R]:
    """``convert`` applied to a dataloader's result when it arrives.

    A resolver returning this stays a plain function: a field of each of 50 orders costs a
    callback, not a coroutine and a task; the executor awaits the futures of a level together.
    """
    source = asyncio.ensure_future(loaded)
    result: asyncio.Future[R] = source.get_loop().create_future()

    def done(finished: asyncio.Future[V]) -> None:
        if result.done():
            return
        if finished.cancelled():
            result.cancel()
            return
        error = finished.exception()
        if error is not None:
            result.set_exception(error)
            return
        try:
            result.set_result(convert(finished.result()))
        except Exception as exc:  # a conversion error is the field's error
            result.set_exception(exc)

    source.add_done_callback(done)
    return result


def batched(per_level: Callable[[list[Any], Any], Awaitable[list[Any]]]
            ) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Give a resolver taking only ``self`` and ``info`` its form for a level of objects.

    ``per_level(sources, info)`` returns the field's value for each source, in order (an
    ``Exception`` in place of a value fails that object's field). Planned execution
    (``schema.execution``) calls it once for all the objects of a level — one awaitable instead
    of one per object — when the field has no field extension; graphql-core's executor calls
    the resolver itself, per object, as always. Both must give the same answers; ``info`` is
    the first source's, so ``per_level`` must not read ``info.path``.
    """
    def mark(resolver: Callable[..., Any]) -> Callable[..., Any]:
        resolver.batched = per_level  # type: ignore[attr-defined]
        return resolver

    return mark


async def load_all(loader: DataLoader[K, V], keys: Sequence[K]) -> list[V | Exception]:
    """What ``loader.load(key)`` gives for each of ``keys``, from one call of the loader's
    batch function for the keys it has not loaded yet, without a future's callback and a
    batch task per key. The loader's cache is shared both ways; a key that failed gives its
    exception in place of a value.
    """
    if not loader.cache or loader.max_batch_size:
        loaded = await asyncio.gather(*map(loader.load, keys), return_exceptions=True)
        for value in loaded:
            if isinstance(value, BaseException) and not isinstance(value, Exception):
                raise value  # cancelled, interrupted: not a field's error
        return cast(list[V | Exception], loaded)
    cache = loader.cache_map
    # Strawberry's own cache: its dictionary, keyed as it keys them, without a method call per
    # key and look-up (a page's levels look up about 200 keys) — nor a call of the key
    # function where it is ``same`` (the loaders of ``Loaders``).
    own = cache if type(cache) is DefaultCache else None
    key_of = None if own is None or own.cache_key_fn is same else own.cache_key_fn
    futures: dict[K, asyncio.Future[V]] = {}
    missing: list[K] = []
    for key in keys:
        if key in futures:
            continue
        if own is not None:
            cache_key = key if key_of is None else key_of(key)
            future = own.cache_map.get(cache_key)
        else:
            future = cache.get(key)
        if future is None or future.cancelled():
            future = loader.loop.create_future()
            if own is not None:
                own.cache_map[cache_key] = future
            else:
                cache.set(key, future)
            missing.append(key)
        futures[key] = future
    if missing:
        try:
            values = list(await loader.load_fn(missing))
            if len(values) != len(missing):
                raise WrongNumberOfResultsReturned(expected=len(missing),
                                                   received=len(values))
        except Exception as exc:
            values = [exc] * len(missing)
        for key, value in zip(missing, values, strict=True):
            future = futures[key]
            if isinstance(value, BaseException):
                future.set_exception(value)
                future.exception()  # retrieved here, not reported as never retrieved
            else:
                future.set_result(value)
    pending = [future for future in futures.values() if not future.done()]
    if pending:  # keys another batch is loading
        await asyncio.wait(pending)
    found: list[V | Exception] = []
    for key in keys:
        try:
            found.append(futures[key].result())
        except Exception as error:  # that key's
            found.append(error)
    return found


def same(key: H) -> H:
    """The key function of the request's loaders: a key is its own cache key."""
    return key


def _values(found: list[V | Exception]) -> list[V]:
    """The values of ``load_all``, or the first error among them (as ``load_many`` raises)."""
    for value in found:
        if isinstance(value, Exception):
            raise value
    return found  # type: ignore[return-value]


def _loader(
    principal: Callable[[], Principal],
    batch: Callable[[Principal, list[K]], Awaitable[Mapping[K, V]]],
    default: Callable[[], V | None],
) -> DataLoader[K, V | None]:
    async def load(keys: Sequence[K]) -> list[V | None]:
        found = await batch(principal(), list(keys))
        # The default made only for a key not found (a fresh list each: callers may keep it).
        return [found[key] if key in found else default() for key in keys]

    return DataLoader(load_fn=load, cache_key_fn=same)


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
        self.consent: DataLoader[tuple[str, str, str], bool] = DataLoader(
            load_fn=_consents, cache_key_fn=same)
        # Shipments with their tracking events in one step, when a query asks for both: the
        # same two SQL queries, but the events are loaded (into ``self.events``) with their
        # shipments, so resolving them is not one more asynchronous step per parcel or level.
        self.shipments_with_events: DataLoader[K, list[Shipment] | None] = DataLoader(
            load_fn=self._shipments_with_events, cache_key_fn=same)
        self._selects: dict[tuple[int, str], bool] = {}

    async def _shipments_with_events(self, keys: Sequence[K]) -> list[list[Shipment] | None]:
        # Through ``self.shipments`` and ``self.events`` (whatever loaders this request uses:
        # admin views replace them), so scoping and batching stay theirs.
        per_order = _values(await load_all(self.shipments, keys))
        _values(await load_all(self.events, [s.id for rows in per_order for s in rows or ()]))
        return per_order

    def release(self) -> None:
        """Drop every loader and its cache once the request is answered.

        The caches hold the request's rows, and the batch functions refer back to the loaders
        and the context: a reference cycle, which would keep a whole answer alive until the
        garbage collector's next pass over older objects (a loaded server spent a sixth of its
        time in those passes). Released, the answer is freed as soon as it is sent.

        A load still running (an answer nulled by an error no longer waits for its siblings'
        loads) keeps the loaders: they are left whole, for the collector to free later.
        """
        for value in vars(self).values():
            if isinstance(value, DataLoader) and value.cache and any(
                    not future.done()
                    for future in getattr(value.cache_map, "cache_map", {}).values()):
                return
        self.__dict__.clear()

    def selects(self, field_nodes: Sequence[FieldNode], name: str) -> bool:
        """Whether the selection of the field being resolved asks for the sub-field ``name``
        (fragments count as yes); computed once per field of the query, not per object."""
        key = (id(field_nodes[0]), name) if field_nodes else (0, name)
        found = self._selects.get(key)
        if found is None:
            found = self._selects[key] = any(_selects(node.selection_set, name)
                                             for node in field_nodes)
        return found


def _selects(selection_set: SelectionSetNode | None, name: str) -> bool:
    if selection_set is None:
        return False
    for selection in selection_set.selections:
        if not isinstance(selection, FieldNode) or selection.name.value == name:
            return True  # a fragment may ask for it: assume it does
    return False
