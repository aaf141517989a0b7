"""Load generator (its own process): N concurrent clients POST one GraphQL request in a loop for a
fixed time; prints requests/s and latency percentiles as a RESULT line.

    python benchmarks/loadgen.py URL --token T --seconds 15 --concurrency 32 --first 50

A response counts only if it is HTTP 200 without GraphQL errors; anything else is an error.
The first ``--warmup`` seconds run the same load but are not measured.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from typing import Any

import aiohttp


def percentile(sorted_values: list[float], q: float) -> float:
    """The ``q`` quantile of ascending values (nearest rank); NaN for none."""
    if not sorted_values:
        return float("nan")
    index = min(len(sorted_values) - 1, max(0, round(q * (len(sorted_values) - 1))))
    return sorted_values[index]


async def run(url: str, body: bytes, headers: dict[str, str], *, seconds: float,
              warmup: float, concurrency: int, raw: bool = False) -> dict[str, Any]:
    latencies: list[float] = []
    errors = 0
    completed = 0  # every answer, warm-up included: the server's CPU is read over all of them
    start = time.perf_counter()
    measure_from = start + warmup
    stop = measure_from + seconds
    connector = aiohttp.TCPConnector(limit=concurrency, force_close=False)
    timeout = aiohttp.ClientTimeout(total=30)

    async with aiohttp.ClientSession(connector=connector, timeout=timeout) as session:
        async def client() -> None:
            nonlocal errors, completed
            while True:
                began = time.perf_counter()
                if began >= stop:
                    return
                try:
                    async with session.post(url, data=body, headers=headers) as response:
                        payload = await response.read()
                        ok = response.status == 200 and b'"errors"' not in payload
                except (aiohttp.ClientError, TimeoutError):
                    ok = False
                ended = time.perf_counter()
                completed += 1
                if began >= measure_from and ended <= stop:
                    if ok:
                        latencies.append(ended - began)
                    else:
                        errors += 1

        await asyncio.gather(*(client() for _ in range(concurrency)))
    latencies.sort()
    result: dict[str, Any] = {
        "requests": len(latencies),
        "errors": errors,
        "completed": completed,
        "seconds": seconds,
        "rps": len(latencies) / seconds,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
        "mean_ms": (statistics.fmean(latencies) * 1000) if latencies else float("nan"),
    }
    if raw:  # for a caller merging runs: each measured latency, in ms, sorted
        result["latencies_ms"] = [round(latency * 1000, 3) for latency in latencies]
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--token", default="")
    parser.add_argument("--seconds", type=float, default=15.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--first", type=int, default=50)
    parser.add_argument("--query", required=True)
    parser.add_argument("--raw", action="store_true", help="also print every latency")
    args = parser.parse_args()
    body = json.dumps({"query": args.query, "variables": {"first": args.first}}).encode()
    headers = {"Content-Type": "application/json"}
    if args.token:
        headers["Authorization"] = f"Bearer {args.token}"
    try:
        import uvloop
        runner = uvloop.run
    except ImportError:  # pragma: no cover - uvicorn[standard] brings it
        runner = asyncio.run
    result = runner(run(args.url, body, headers, seconds=args.seconds, warmup=args.warmup,
                             concurrency=args.concurrency, raw=args.raw))
    print("RESULT " + json.dumps(result), flush=True)


if __name__ == "__main__":
    sys.exit(main())
