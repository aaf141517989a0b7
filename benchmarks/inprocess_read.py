"""CPU per request of the read-path query, in one process (not part of ``make bench``).

    python benchmarks/inprocess_read.py [--orders 1000] [--requests 600] [--no-plans]

Seeds one seller in fresh PostgreSQL databases (dropped at the end), then sends the orders
query of figure 1 (``first: 50``) through the gateway's ASGI app with ``httpx`` — auth,
directives, audit and limits on, the serving process's garbage-collector settings — and prints
the CPU time per request of the best batch of 30 and the mean over all batches. No network and
no second process, so it moves less with the host's load than the served figure; under
``valgrind --tool=callgrind`` (with ``PYTHONHASHSEED=0``) two runs of different request counts
give instructions per request, which do not move at all.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from benchmarks import seed as seeding
from benchmarks.common import (
    ORDERS_QUERY,
)
from gateway.gc_tuning import tune_for_serving

BATCH = 30


async def main_async(args: argparse.Namespace) -> None:
    from gateway.app import create_app

    async with seeding.one_seeded_seller(
            args.orders, graphql_planned_execution=not args.no_plans) as (settings, token):
        app = create_app(settings, manage_db=False, in_process_workers=False)
        tune_for_serving()
        body = {"query": ORDERS_QUERY, "variables": {"first": 50}}
        headers = {"Authorization": f"Bearer {token}"}
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
            async with httpx.AsyncClient(transport=transport,
                                         base_url="http://bench.test") as client:
                for _ in range(10):  # warm: plans, caches, pools
                    answer = (await client.post("/graphql", json=body, headers=headers)).json()
                    if answer.get("errors") or len(answer["data"]["orders"]["edges"]) != 50:
                        raise SystemExit(f"the query failed: {str(answer)[:500]}")
                batches = []
                for _ in range(max(1, args.requests // BATCH)):
                    started = time.process_time()
                    for _ in range(BATCH):
                        await client.post("/graphql", json=body, headers=headers)
                    batches.append((time.process_time() - started) / BATCH * 1000)
    plans = "off" if args.no_plans else "on"
    print(f"plans {plans}: CPU per request {min(batches):.2f} ms (best batch of {BATCH}), "
          f"mean {sum(batches) / len(batches):.2f} ms over {len(batches) * BATCH} requests")

def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=600)
    parser.add_argument("--no-plans", action="store_true",
                        help="SELLERGATE_GRAPHQL_PLANNED_EXECUTION=false")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
