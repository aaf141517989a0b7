"""``load_all``: a dataloader's values for a level of objects, in one batch call."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest
from strawberry.dataloader import DataLoader

from schema.loaders import ValueCache, load_all

# Strawberry's own cache (futures), and the request loaders' (values: ``ValueCache``).
CACHES = pytest.mark.parametrize("values", [False, True], ids=["futures", "values"])


def _loader(calls: list[list[str]], *, fail: set[str] = frozenset(),
            short: bool = False, values: bool = False) -> DataLoader[str, str]:
    async def load(keys: Sequence[str]) -> list[object]:
        await asyncio.sleep(0)
        calls.append(list(keys))
        found: list[object] = [KeyError(k) if k in fail else k.upper() for k in keys]
        return found[:-1] if short else found

    if values:
        return DataLoader(load_fn=load, cache_map=ValueCache())
    return DataLoader(load_fn=load)


@CACHES
async def test_one_call_for_the_keys_not_loaded_yet_with_the_cache_shared(values):
    calls: list[list[str]] = []
    loader = _loader(calls, values=values)
    assert await loader.load("a") == "A"
    assert await load_all(loader, ["a", "b", "b", "c"]) == ["A", "B", "B", "C"]
    assert calls == [["a"], ["b", "c"]]  # cached and repeated keys are not asked again
    assert await loader.load("c") == "C" and calls == [["a"], ["b", "c"]]
    assert await load_all(loader, []) == []


@CACHES
async def test_a_key_in_flight_is_awaited_not_loaded_twice(values):
    calls: list[list[str]] = []
    loader = _loader(calls, values=values)
    pending = loader.load("a")  # batched, not dispatched yet
    assert await load_all(loader, ["a", "b"]) == ["A", "B"]
    assert await pending == "A"
    assert sorted(map(sorted, calls)) == [["a"], ["b"]]


@CACHES
async def test_failures_come_back_per_key(values):
    calls: list[list[str]] = []
    loader = _loader(calls, fail={"b"}, values=values)
    found = await load_all(loader, ["a", "b"])
    assert found[0] == "A" and isinstance(found[1], KeyError)
    with pytest.raises(KeyError):
        await loader.load("b")  # the cache keeps the failure, as load() would
    short = _loader([], short=True, values=values)
    found = await load_all(short, ["x", "y"])
    assert all(isinstance(value, Exception) and "Received wrong number" in str(value)
               for value in found)


async def test_keys_a_batch_is_loading_are_awaited_by_load_and_load_all():
    # A level loading keys (load_all, values only) while another level and a resolver
    # (load) ask for some of them: one call of the batch function for each key.
    calls: list[list[str]] = []
    loader = _loader(calls, values=True)
    first = asyncio.ensure_future(load_all(loader, ["a", "b"]))
    await asyncio.sleep(0)  # the batch is running
    second = asyncio.ensure_future(load_all(loader, ["b", "c"]))
    single = loader.load("a")
    assert await first == ["A", "B"]
    assert await second == ["B", "C"]
    assert await single == "A"
    assert calls == [["a", "b"], ["c"]]
    # What load() made a future for stays that future; what was loaded since is a value.
    assert loader.load("a") is single
    assert await loader.load("c") == "C"
    cache = loader.cache_map
    assert isinstance(cache, ValueCache) and not cache.busy()
    loader.clear("a")
    assert await load_all(loader, ["a"]) == ["A"] and calls[-1] == ["a"]


async def test_an_uncached_loader_goes_through_load():
    calls: list[list[str]] = []

    async def load(keys: Sequence[str]) -> list[str]:
        calls.append(list(keys))
        return [k.upper() for k in keys]

    loader = DataLoader(load_fn=load, cache=False)
    assert await load_all(loader, ["a", "a"]) == ["A", "A"]
    assert calls == [["a", "a"]]


async def test_a_cache_key_function_and_a_cache_of_its_own_are_followed():
    # Strawberry's cache keyed by a function (read directly), and a cache of the caller's own
    # (through its methods): the same values, shared with load() both ways.
    from strawberry.dataloader import AbstractCache, DefaultCache

    class Own(AbstractCache[str, str]):
        def __init__(self) -> None:
            self.map: dict[str, object] = {}

        def get(self, key: str) -> object:
            return self.map.get(key.lower())

        def set(self, key: str, value: object) -> None:
            self.map[key.lower()] = value

        def delete(self, key: str) -> None:
            del self.map[key.lower()]

        def clear(self) -> None:
            self.map.clear()

    for cache in (DefaultCache(cache_key_fn=str.lower), Own()):
        calls: list[list[str]] = []

        async def load(keys: Sequence[str], calls: list[list[str]] = calls) -> list[str]:
            calls.append(list(keys))
            return [k.upper() for k in keys]

        loader = DataLoader(load_fn=load, cache_map=cache)  # type: ignore[arg-type]
        assert await loader.load("a") == "A"
        assert await load_all(loader, ["A", "b", "B"]) == ["A", "B", "B"]
        assert calls == [["a"], ["b"]]  # "A" and "B" are "a" and "b" to the cache
        assert await loader.load("b") == "B" and calls == [["a"], ["b"]]


async def test_keys_of_a_batch_that_did_not_finish_are_loaded_again():
    # The level loading [a, b] is cancelled mid-batch: another level waiting for b loads it
    # itself, load("a") made meanwhile fails once, and later asks load a again.
    calls: list[list[str]] = []
    started = asyncio.Event()
    release = asyncio.Event()

    async def load(keys: Sequence[str]) -> list[str]:
        calls.append(list(keys))
        if not started.is_set():
            started.set()
            await release.wait()  # the first batch hangs until cancelled
        return [k.upper() for k in keys]

    loader: DataLoader[str, str] = DataLoader(load_fn=load, cache_map=ValueCache())
    owner = asyncio.ensure_future(load_all(loader, ["a", "b"]))
    await started.wait()
    waiter = asyncio.ensure_future(load_all(loader, ["b", "c"]))
    joined = loader.load("a")
    await asyncio.sleep(0)
    owner.cancel()
    assert await waiter == ["B", "C"]
    with pytest.raises(RuntimeError, match="interrupted"):
        await joined
    assert await load_all(loader, ["a", "b"]) == ["A", "B"]
    assert await loader.load("a") == "A"
    # After the cancelled batch, each key was loaded once more.
    assert calls[0] == ["a", "b"] and sorted(k for call in calls[1:] for k in call) == [
        "a", "b", "c"]
    cache = loader.cache_map
    assert isinstance(cache, ValueCache) and not cache.busy()


async def test_a_key_cleared_while_its_batch_runs_is_not_kept():
    calls: list[list[str]] = []
    loader = _loader(calls, values=True)
    running = asyncio.ensure_future(load_all(loader, ["a"]))
    await asyncio.sleep(0)  # the batch is running
    loader.clear("a")
    assert await running == ["A"]  # its caller still gets it
    assert await load_all(loader, ["a"]) == ["A"] and calls == [["a"], ["a"]]
