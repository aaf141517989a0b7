"""Profile the gateway's read path under load with py-spy (not part of ``make bench``).

    pip install py-spy   # or point PY_SPY at the binary
    python benchmarks/profile_read.py [--orders 5000] [--seconds 10] [--out profile.txt]

Seeds a small database, starts ``sellergate serve``, runs the load generator against it and
records the server with ``py-spy record``; writes collapsed stacks (``--format raw``) and prints
the functions with the most samples (self and total).
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import os
import shutil
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import seed as seeding
from benchmarks.run import gateway_server, load
from gateway.db import close_db


def summarize(raw: Path, top: int = 40) -> str:
    own: collections.Counter[str] = collections.Counter()
    total: collections.Counter[str] = collections.Counter()
    samples = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        count = int(count_text)
        frames = stack.split(";")
        samples += count
        own[frames[-1]] += count
        for frame in set(frames):
            total[frame] += count
    lines = [f"{samples} samples", "", "self:"]
    lines += [f"{100 * n / samples:5.1f}%  {f}" for f, n in own.most_common(top)]
    lines += ["", "total:"]
    lines += [f"{100 * n / samples:5.1f}%  {f}" for f, n in total.most_common(top)]
    return "\n".join(lines)


def record(spy: str, pid: int, raw: Path, seconds: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen([spy, "record", "--pid", str(pid), "--format", "raw", "--output",
                             str(raw), "--duration", str(int(seconds)), "--rate", "200",
                             "--nonblocking"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


async def main_async(args: argparse.Namespace) -> None:
    spy = os.environ.get("PY_SPY") or shutil.which("py-spy")
    if not spy:
        raise SystemExit("py-spy not found: pip install py-spy, or set PY_SPY")
    server = None
    async with seeding.one_seeded_seller(args.orders) as (settings, token):
        await close_db()  # the server under load is another process
        try:
            server = gateway_server(settings, token)
            server.start()
            assert server.process is not None
            raw = Path(args.out)
            recorder = record(spy, server.process.pid, raw, args.seconds)
            print(load(server, args.seconds, args.concurrency))
            recorder.wait()
            print(summarize(raw))
        finally:
            if server is not None:
                server.stop()

def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orders", type=int, default=5000)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--out", default="profile.txt")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
