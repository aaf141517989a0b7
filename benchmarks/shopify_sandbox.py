"""The Shopify sandbox in a process of its own, for the sync benchmark.

    python benchmarks/shopify_sandbox.py --orders 10000      # prints "SANDBOX {json}"

Two differences from ``plugins.shopify.sandbox.Sandbox`` as the tests use it, both so that the
figure measures Sellergate's side of the sync and not the emulator:

* the cost bucket is effectively unbounded (real Shopify restores 100-2,000 points/s by plan,
  which caps any client at roughly 60-1,300 orders/s with buyer fields);
* ``orders`` pages are cut from a sorted index (bisect on the cursor) instead of rendering and
  sorting every order of the shop for every page, which makes the stock sandbox O(orders) per
  page. Answers are the same: same connection, cursors, nodes and costs.
"""

from __future__ import annotations

import argparse
import asyncio
import bisect
import json
import signal
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from plugins.shopify import sandbox as stock


class FastSandbox(stock.Sandbox):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._index: dict[tuple[str | None, bool], tuple[list[list[Any]], list[Any]]] = {}

    def _sorted_index(self, attribute: str | None, reverse: bool
                      ) -> tuple[list[list[Any]], list[Any]]:
        cached = self._index.get((attribute, reverse))
        if cached is None or len(cached[1]) != len(self.orders):
            ordered = self._sorted(attribute, reverse)
            keys = [self._sort_key(o, attribute) for o in ordered]
            cached = self._index[(attribute, reverse)] = (keys, ordered)
        return cached

    def _orders_field(self, args: dict[str, Any]) -> dict[str, Any]:
        sort_key = args.get("sortKey", "ID")
        attribute = {"UPDATED_AT": "updated_at", "CREATED_AT": "created_at", "ID": None}.get(
            sort_key, "missing")
        if attribute == "missing" or args.get("reverse"):
            return super()._orders_field(args)  # not on the sync path: the stock behaviour
        matches = stock._search_filter(args.get("query"))
        keys, ordered = self._sorted_index(attribute, False)
        start = 0
        if args.get("after") is not None:
            start = bisect.bisect_right(keys, stock._cursor_key(args["after"]))
        first = args.get("first")
        want = (first + 1) if isinstance(first, int) and first > 0 else 1
        rows = []
        for position in range(start, len(ordered)):
            order = ordered[position]
            if matches(order):
                rows.append((keys[position], self._order_value(order)))
                if len(rows) >= want:
                    break
        # _connection keeps rows after the cursor (all of these are) and cuts the page.
        return stock._connection(rows, args)


async def serve(orders: int) -> None:
    box = FastSandbox(orders=orders, bucket_size=1e12, restore_rate=1e12)
    base = await box.start()
    credentials = box.credentials()
    print("SANDBOX " + json.dumps({
        "base_url": base, "settings": box.connector_settings(),
        "credentials": {"access_token": credentials.access_token, "shop": credentials.shop,
                        "extra": credentials.extra}}), flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    await box.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=10_000)
    args = parser.parse_args()
    asyncio.run(serve(args.orders))


if __name__ == "__main__":
    main()
