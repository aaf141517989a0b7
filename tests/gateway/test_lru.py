"""``gateway.lru.LRU``: bounded, least recently used first out."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from gateway.lru import LRU


def test_least_recently_used_goes_first_and_peek_does_not_refresh():
    cache: LRU[str, int] = LRU(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # a is now the most recent
    cache.put("c", 3)  # b goes
    assert "b" not in cache and list(cache) == ["a", "c"]
    assert cache.peek("a") == 1  # not refreshed: a goes next
    cache.put("d", 4)
    assert list(cache) == ["c", "d"]
    assert cache.get("zz") is None and cache.get("zz", 0) == 0 and cache.peek("zz", 5) == 5
    cache.put("c", 30)  # replacing refreshes
    cache.put("e", 5)
    assert list(cache) == ["c", "e"] and cache.get("c") == 30
    assert cache.pop("c") == 30 and cache.pop("c") is None and len(cache) == 1
    cache.clear()
    assert len(cache) == 0
    assert LRU(0).size == 1  # at least one entry


@given(st.integers(1, 5), st.lists(st.tuples(st.sampled_from(["get", "put", "peek"]),
                                             st.integers(0, 8)), max_size=60))
def test_behaves_as_a_list_model(size, steps):
    cache: LRU[int, int] = LRU(size)
    model: list[tuple[int, int]] = []  # least recently used first
    for op, key in steps:
        found = [pair for pair in model if pair[0] == key]
        if op == "put":
            model = [pair for pair in model if pair[0] != key] + [(key, key * 10)]
            model = model[-size:]
            cache.put(key, key * 10)
        elif op == "get":
            assert cache.get(key) == (found[0][1] if found else None)
            if found:
                model = [pair for pair in model if pair[0] != key] + found
        else:
            assert cache.peek(key) == (found[0][1] if found else None)
        assert list(cache) == [k for k, _ in model]
