"""Dataloaders: one SQL query per kind of child row, whatever the page size."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Hashable, Mapping, Sequence
from typing import Any, TypeVar, cast

from graphql import FieldNode, SelectionSetNode
from strawberry.dataloader import AbstractCache, DataLoader, DefaultCache
from strawberry.exceptions import WrongNumberOfResultsReturned

from gateway.auth.principal import Principal
from gateway.models import Buyer, OrderItem, Shipment, Store, TrackingEvent
from gateway.privacy import consent
from gateway.privacy.vault import BuyerPersonal
from gateway.services import orders, shipments, stores
from schema.columns import columns_for

__all__ = ["Loaders", "ValueCache", "batched", "load_all", "same", "then"]

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


class ValueCache(AbstractCache[Any, Any]):
    """A request loader's cache holding what was loaded as values, not futures.

    ``load_all`` (the planned path: a level's keys at once) reads and writes the values
    directly, and marks the keys of a batch it is loading with that batch's one future, so a
    page loads without a future per key (about 250 a page, each made, settled, read and
    freed). ``DataLoader.load`` (graphql-core's path) sees an ordinary cache: a future per key
    it asked for, made from the value when the value came first. A batch that did not finish
    (its task cancelled) leaves its keys unloaded: the next ask loads them again.
    """

    __slots__ = ("batches", "futures", "values")

    def __init__(self) -> None:
        self.values: dict[Any, Any] = {}  # key -> its value, or the exception it failed with
        self.futures: dict[Any, asyncio.Future[Any]] = {}  # given to or made for load()
        # key -> the load_all batch loading it; the batch's result: what it loaded, by key
        self.batches: dict[Any, asyncio.Future[dict[Any, Any]]] = {}

    def get(self, key: Any) -> asyncio.Future[Any] | None:
        future = self.futures.get(key)
        if future is not None:
            return future
        batch = self.batches.get(key)
        if key not in self.values and batch is None:
            return None
        future = self.futures[key] = asyncio.get_running_loop().create_future()
        if batch is None:
            self._settle(key, future, self.values)
        else:
            batch.add_done_callback(lambda done: self._settle(key, future, done.result()))
        return future

    def _settle(self, key: Any, future: asyncio.Future[Any], found: dict[Any, Any]) -> None:
        if future.done():
            return
        value = self.values.get(key, _UNLOADED)
        if value is _UNLOADED:  # loaded, but cleared from the cache meanwhile
            value = found.get(key, _UNLOADED)
        if value is _UNLOADED:  # its batch did not finish: the next ask loads it again
            if self.futures.get(key) is future:
                del self.futures[key]
            value = RuntimeError("the load of this key was interrupted")
        if isinstance(value, BaseException):
            future.set_exception(value)
            future.exception()  # not reported as never retrieved (``prime`` asks too)
        else:
            future.set_result(value)

    def set(self, key: Any, value: asyncio.Future[Any]) -> None:
        self.futures[key] = value

    def delete(self, key: Any) -> None:
        # A batch loading it still answers its own callers, but keeps nothing here.
        self.values.pop(key, None)
        self.futures.pop(key, None)
        self.batches.pop(key, None)

    def clear(self) -> None:
        self.values.clear()
        self.futures.clear()
        self.batches.clear()

    def busy(self) -> bool:
        """Whether a load is still running (its results would land here)."""
        return bool(self.batches) or any(not f.done() for f in self.futures.values())


_UNLOADED = object()


async def _batch(loader: DataLoader[Any, Any], keys: list[Any]) -> list[Any]:
    """The batch function's values for ``keys``, in order, or its error for each of them."""
    try:
        values = list(await loader.load_fn(keys))
        if len(values) != len(keys):
            raise WrongNumberOfResultsReturned(expected=len(keys), received=len(values))
    except Exception as exc:
        return [exc] * len(keys)
    return values


async def _load_values(loader: DataLoader[K, V], cache: ValueCache,
                       keys: Sequence[K]) -> list[V | Exception]:
    """``load_all`` over a ``ValueCache``."""
    values, futures, batches = cache.values, cache.futures, cache.batches
    missing: list[K] = []
    asked: set[K] = set()
    waiting: list[asyncio.Future[Any]] = []
    for key in keys:
        if key in values or key in asked:
            continue
        future = futures.get(key)
        if future is not None and not future.cancelled():
            if not future.done():
                waiting.append(future)
            continue
        batch = batches.get(key)
        if batch is not None:
            waiting.append(batch)
            continue
        asked.add(key)
        missing.append(key)
    loaded: dict[K, Any] = {}  # what this batch loaded of keys cleared from the cache meanwhile
    if missing:
        batch = loader.loop.create_future()
        for key in missing:
            batches[key] = batch
        try:
            for key, value in zip(missing, await _batch(loader, missing), strict=True):
                if batches.get(key) is batch:
                    values[key] = value
                else:  # deleted from the cache meanwhile: for this batch's callers only
                    loaded[key] = value
        finally:
            for key in missing:
                if batches.get(key) is batch:
                    del batches[key]
            batch.set_result(loaded)
    if waiting:  # keys another batch, or load(), is loading
        await asyncio.wait(waiting)
    found: list[V | Exception] = []
    again: list[K] = []
    for key in keys:
        value = values.get(key, _UNLOADED)
        if value is _UNLOADED and loaded:
            value = loaded.get(key, _UNLOADED)
        if value is _UNLOADED:
            future = futures.get(key)
            if future is None or future.cancelled() or not future.done():
                again.append(key)  # its load did not finish (cancelled, or cleared)
            else:
                try:
                    value = future.result()
                except Exception as error:  # that key's
                    value = error
        elif isinstance(value, BaseException) and not isinstance(value, Exception):
            raise value
        found.append(value)
    if again:
        more: list[Any] = await _load_values(loader, cache, again)
        reloaded = dict(zip(again, more, strict=True))
        found = [reloaded[key] if value is _UNLOADED else value
                 for key, value in zip(keys, found, strict=True)]
    return found


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
    if type(cache) is ValueCache:
        return await _load_values(loader, cache, keys)
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
        for key, value in zip(missing, await _batch(loader, missing), strict=True):
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
    batch: Callable[..., Awaitable[Mapping[K, V]]],
    default: Callable[[], V | None],
    fields: Callable[[], tuple[str, ...] | None] | None = None,
) -> DataLoader[K, V | None]:
    """A loader over ``batch(principal, keys)``, or ``batch(principal, keys, fields=...)``
    with what ``fields()`` says when the loader is called (``Loaders.narrow``)."""
    async def load(keys: Sequence[K]) -> list[V | None]:
        found = await (batch(principal(), list(keys)) if fields is None else
                       batch(principal(), list(keys), fields=fields()))
        # The default made only for a key not found (a fresh list each: callers may keep it).
        return [found[key] if key in found else default() for key in keys]

    return DataLoader(load_fn=load, cache_map=ValueCache())


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
        # The model fields to select of each row-served GraphQL type (``schema.columns``):
        # all of them (no entry) unless this request's one operation narrowed them.
        self.columns: Mapping[str, tuple[str, ...]] = {}
        self.narrowable = False
        self.store: DataLoader[K, Store | None] = _loader(
            principal, stores.stores_by_ids, lambda: None)
        self.buyer: DataLoader[K, tuple[Buyer, BuyerPersonal] | None] = _loader(
            principal, orders.buyers_by_ids, lambda: None, lambda: self.columns.get("Buyer"))
        self.items: DataLoader[K, list[OrderItem] | None] = _loader(
            principal, orders.items_for_orders, list)
        self.shipments: DataLoader[K, list[Shipment] | None] = _loader(
            principal, shipments.shipments_for_orders, list,
            lambda: self.columns.get("Shipment"))
        self.events: DataLoader[K, list[TrackingEvent] | None] = _loader(
            principal, shipments.events_for_shipments, list,
            lambda: self.columns.get("TrackingEvent"))
        self.consent: DataLoader[tuple[str, str, str], bool] = DataLoader(
            load_fn=_consents, cache_key_fn=same)
        # Shipments with their tracking events in one step, when a query asks for both: the
        # same two SQL queries, but the events are loaded (into ``self.events``) with their
        # shipments, so resolving them is not one more asynchronous step per parcel or level.
        self.shipments_with_events: DataLoader[K, list[Shipment] | None] = DataLoader(
            load_fn=self._shipments_with_events, cache_map=ValueCache())
        self._selects: dict[tuple[int, str], bool] = {}

    async def _shipments_with_events(self, keys: Sequence[K]) -> list[list[Shipment] | None]:
        # Through ``self.shipments`` and ``self.events`` (whatever loaders this request uses:
        # admin views replace them), so scoping and batching stay theirs.
        per_order = _values(await load_all(self.shipments, keys))
        _values(await load_all(self.events, [s.id for rows in per_order for s in rows or ()]))
        return per_order

    def narrow(self, selected: Mapping[str, frozenset[str]]) -> None:
        """Select of each row-served type only the columns that the fields ``selected`` of it
        (type name -> GraphQL field names: the operation's whole selection) read.

        Only for loaders that serve one operation — ``narrowable``, which the HTTP route sets
        for a request that is not a batch — and only once: every field that operation
        resolves is among ``selected``, so no row it reads lacks a column (rows loaded
        before, whole, are never too little). Otherwise rows stay whole.
        """
        if self.narrowable:
            self.narrowable = False
            self.columns = columns_for(selected)
        else:
            self.columns = {}

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
            if not isinstance(value, DataLoader) or not value.cache:
                continue
            cache = value.cache_map
            if (cache.busy() if isinstance(cache, ValueCache) else any(
                    not future.done() for future in getattr(cache, "cache_map", {}).values())):
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
