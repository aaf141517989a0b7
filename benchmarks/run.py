"""``make bench``: seed PostgreSQL, measure the five figures of issue 7 beside their baselines,
print the table, drop the bench databases.

    python benchmarks/run.py [--orders 50000] [--seconds 15] [--sync-orders 10000] ...

Needs a PostgreSQL server (SELLERGATE_BENCH_POSTGRES_URL, default
postgres://postgres@127.0.0.1:5432/postgres) where this user may create databases.
See benchmarks/README.md for what each figure means.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import httpx

from benchmarks import seed as seeding
from benchmarks import sync_bench
from benchmarks.common import (
    HERE,
    ORDERS_QUERY,
    PYTHON,
    ROOT,
    bench_settings,
    create_databases,
    drop_databases,
    migrate,
    parse_result,
    settings_env,
)
from benchmarks.loadgen import percentile
from gateway.auth import tokens
from gateway.connectors import Credentials
from gateway.db import close_db, counting_queries, init_db
from gateway.services.accounts import create_account
from gateway.settings import Settings

TARGET_READ_RATIO = 0.5
TARGET_SYNC_RATE = 2000.0


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def run_child(args: list[str], env: dict[str, str], timeout: float = 600) -> dict[str, Any]:
    done = subprocess.run([PYTHON, *args], env=env, capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed ({done.returncode}):\n"
                           f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return parse_result(done.stdout)


# --- servers --------------------------------------------------------------------------------

class Server:
    """A server process, its cold start timed to the first answered orders query."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], port: int,
                 token: str = "") -> None:
        self.name, self.command, self.env, self.port, self.token = name, command, env, port, token
        self.url = f"http://127.0.0.1:{port}/graphql"
        self.process: subprocess.Popen[bytes] | None = None
        self.log = tempfile.TemporaryFile()  # noqa: SIM115 - closed in stop()

    def request(self, first: int = 50) -> dict[str, str]:
        headers = {"Content-Type": "application/json"}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        return headers

    def start(self, timeout: float = 60.0) -> float:
        """Start the process; seconds until it answered the orders query correctly."""
        body = {"query": ORDERS_QUERY, "variables": {"first": 50}}
        began = time.perf_counter()
        self.process = subprocess.Popen(self.command, env=self.env, cwd=ROOT, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        with httpx.Client(timeout=5) as client:
            while time.perf_counter() - began < timeout:
                if self.process.poll() is not None:
                    break
                try:
                    response = client.post(self.url, json=body, headers=self.request())
                    data = response.json()
                    if response.status_code == 200 and data.get("data") and not data.get("errors"):
                        return time.perf_counter() - began
                except (httpx.TransportError, ValueError):
                    pass
                time.sleep(0.01)
        self.log.seek(0)
        raise RuntimeError(f"{self.name} did not answer:\n{self.log.read()[-4000:].decode()}")

    def fetch(self, first: int = 50) -> Any:
        response = httpx.post(self.url, json={"query": ORDERS_QUERY, "variables": {"first": first}},
                              headers=self.request(), timeout=30)
        return response.json()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.process = None


def gateway_server(settings: Settings, token: str, *, planned: bool = True) -> Server:
    port = free_port()
    env = settings_env(settings, SELLERGATE_PORT=str(port), SELLERGATE_HOST="127.0.0.1",
                       SELLERGATE_GRAPHQL_PLANNED_EXECUTION=str(planned).lower())
    return Server("gateway" if planned else "gateway (graphql-core executor)",
                  [str(Path(PYTHON).with_name("sellergate")), "serve"], env, port, token)


def floor_server(settings: Settings, seller_id: Any) -> Server:
    port = free_port()
    env = settings_env(settings, BENCH_PORT=str(port), BENCH_SELLER_ID=str(seller_id))
    return Server("floor", [PYTHON, str(HERE / "floor.py")], env, port)


def process_cpu_seconds(pid: int) -> float | None:
    """User and system CPU time of a process so far (Linux's /proc; None elsewhere)."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def database_cpu_seconds(postmaster: int | None) -> float | None:
    """User and system CPU time so far of the PostgreSQL server whose main process is
    ``postmaster`` and of its children (the backends, the writers); None without /proc."""
    if postmaster is None:
        return None
    total = process_cpu_seconds(postmaster)
    if total is None:
        return None
    try:
        entries = os.listdir("/proc")
    except OSError:
        return None
    for entry in entries:
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == postmaster:
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


async def postmaster_pid() -> int | None:
    """The main process of the benchmark's PostgreSQL server when it runs on this machine and
    its data directory can be read (``postmaster.pid``); None otherwise."""
    from tortoise import connections

    try:
        rows = await connections.get("us").execute_query_dict("SHOW data_directory")
        return _running_pid(Path(rows[0]["data_directory"]) / "postmaster.pid")
    except Exception:  # e.g. no permission to read the setting: not measured
        return None


def _running_pid(pid_file: Path) -> int | None:
    try:
        pid = int(pid_file.read_text().split("\n", 1)[0])
    except (OSError, ValueError):
        return None
    return pid if process_cpu_seconds(pid) is not None else None


def load(server: Server, seconds: float, concurrency: int, *, raw: bool = False,
         postmaster: int | None = None) -> dict[str, Any]:
    """The load generator against ``server``; with the server's own CPU time per answered
    request (``server_cpu_ms``) and, given its ``postmaster``, PostgreSQL's (``db_cpu_ms``),
    over the whole run, warm-up included (``raw``: with every latency, for ``alternating``)."""
    args = [str(HERE / "loadgen.py"), server.url, "--seconds", str(seconds), "--concurrency",
            str(concurrency), "--first", "50", "--query", ORDERS_QUERY]
    if raw:
        args.append("--raw")
    if server.token:
        args += ["--token", server.token]
    pid = server.process.pid if server.process is not None else 0
    before, db_before = process_cpu_seconds(pid), database_cpu_seconds(postmaster)
    result = run_child(args, os.environ.copy(), timeout=seconds + 120)
    after, db_after = process_cpu_seconds(pid), database_cpu_seconds(postmaster)
    completed = result.get("completed")
    result["server_cpu_ms"] = (
        (after - before) * 1000 / completed
        if before is not None and after is not None and completed else None)
    # (A backend that ended during the run takes its time with it: a little less, never more.)
    result["db_cpu_ms"] = (
        (db_after - db_before) * 1000 / completed
        if db_before is not None and db_after is not None and completed else None)
    result["server_cpu_s"] = None if before is None or after is None else after - before
    result["db_cpu_s"] = None if db_before is None or db_after is None else db_after - db_before
    return result


def _merged(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """One result from several runs against the same server: counts and times added,
    percentiles over all their latencies."""
    latencies = sorted(x for run in runs for x in run["latencies_ms"])
    seconds = sum(run["seconds"] for run in runs)
    completed = sum(run["completed"] for run in runs)

    def per_request(key: str) -> float | None:
        spent = [run[key] for run in runs]
        if not completed or any(value is None for value in spent):
            return None
        return sum(spent) * 1000 / completed

    return {
        "requests": len(latencies), "errors": sum(run["errors"] for run in runs),
        "completed": completed, "seconds": seconds, "rounds": len(runs),
        "rps": len(latencies) / seconds if seconds else 0.0,
        "p50_ms": percentile(latencies, 0.50), "p99_ms": percentile(latencies, 0.99),
        "mean_ms": sum(latencies) / len(latencies) if latencies else float("nan"),
        "server_cpu_ms": per_request("server_cpu_s"), "db_cpu_ms": per_request("db_cpu_s"),
    }


def alternating(servers: list[Server], seconds: float, concurrency: int, rounds: int,
                postmaster: int | None = None) -> list[dict[str, Any]]:
    """Each server loaded for ``seconds`` in all, in ``rounds`` turns taken one after the other,
    the order turned around each round (A B, B A, A B, ...): a shared machine's speed drifts
    over a run, and both then meet the same drift instead of one meeting the fast minutes and
    the other the slow ones."""
    runs: list[list[dict[str, Any]]] = [[] for _ in servers]
    order = list(enumerate(servers))
    for _ in range(max(1, rounds)):
        for index, server in order:
            runs[index].append(load(server, seconds / max(1, rounds), concurrency, raw=True,
                                    postmaster=postmaster))
        order.reverse()
    return [_merged(mine) for mine in runs]


def cold_starts(make: Any, runs: int) -> tuple[list[float], Server]:
    """``runs`` cold starts; the last server is left running."""
    times = []
    for n in range(runs):
        server = make()
        times.append(server.start())
        if n < runs - 1:
            server.stop()
    return times, server


# --- steps ----------------------------------------------------------------------------------

async def query_counts(settings: Settings, token: str, sizes: list[int]) -> dict[int, int]:
    """SQL statements per request for the orders query, through the full ASGI app."""
    from gateway.app import create_app

    # orders(first: 200) of this query costs ~19,400 points, over the default limit (10,000):
    # this step alone raises the limit so that the largest page can be counted.
    settings = settings.model_copy(update={"graphql_max_cost": 100_000})
    app = create_app(settings, manage_db=False, in_process_workers=False)
    counts = {}
    quiet = logging.getLogger("tortoise.db_client")  # counted, not printed
    quiet.propagate = False
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 40000))
        async with httpx.AsyncClient(transport=transport, base_url="http://bench.test") as client:
            for size in sizes:
                body = {"query": ORDERS_QUERY, "variables": {"first": size}}
                headers = {"Authorization": f"Bearer {token}"}
                await client.post("/graphql", json=body, headers=headers)  # warm caches
                with counting_queries() as statements:
                    response = await client.post("/graphql", json=body, headers=headers)
                data = response.json()
                if data.get("errors") or len(data["data"]["orders"]["edges"]) != size:
                    raise RuntimeError(f"orders(first: {size}) failed: {str(data)[:2000]}")
                counts[size] = len(statements)
    quiet.propagate = True
    return counts


def start_sandbox(orders: int) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    process = subprocess.Popen([PYTHON, str(HERE / "shopify_sandbox.py"), "--orders", str(orders)],
                               cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("SANDBOX "):
        process.kill()
        raise RuntimeError(f"sandbox did not start: {line!r}")
    return process, json.loads(line[len("SANDBOX "):])


# --- the table ------------------------------------------------------------------------------

def fmt(value: float, unit: str = "", digits: int = 1) -> str:
    return f"{value:,.{digits}f}{unit}"


def cpu_row(gateway: dict[str, Any], floor: dict[str, Any]) -> tuple[str, str, str, str]:
    """The servers' own CPU time per answered request: what bounds requests/s when the server
    is the busiest process, and steadier than requests/s on a shared machine."""
    mine, theirs = gateway.get("server_cpu_ms"), floor.get("server_cpu_ms")
    if mine is None or theirs is None:
        return ("  server CPU per request", "n/a", "n/a (no /proc)", "")
    return ("  server CPU per request", fmt(mine, " ms", 2), f"floor {fmt(theirs, ' ms', 2)}",
            f"floor's is {theirs / mine:.0%} of the gateway's")


def db_cpu_row(gateway: dict[str, Any], floor: dict[str, Any]) -> tuple[str, str, str, str]:
    """PostgreSQL's CPU time per answered request: on one machine it shares the cores."""
    mine, theirs = gateway.get("db_cpu_ms"), floor.get("db_cpu_ms")
    if mine is None or theirs is None:
        return ("  database CPU per request", "n/a", "n/a (not on this machine, or no /proc)", "")
    return ("  database CPU per request", fmt(mine, " ms", 2), f"floor {fmt(theirs, ' ms', 2)}",
            "PostgreSQL shares the cores (same machine)")


def print_table(rows: list[tuple[str, str, str, str]], machine: str) -> None:
    headers = ("figure", "Sellergate", "baseline (same run)", "ratio / target")
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(4)]
    line = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    print()
    print(f"Sellergate benchmarks — {machine}")
    print(line)
    print("| " + " | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + " |")
    print(line)
    for row in rows:
        if row[0].startswith("#"):
            print("| " + row[0][1:].ljust(sum(widths) + 9) + " |")
            continue
        print("| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |")
    print(line)


def machine_description() -> str:
    cores = os.cpu_count()
    try:
        with open("/proc/meminfo") as meminfo:
            kib = int(meminfo.readline().split()[1])
        memory = f"{kib / 1024 / 1024:.0f} GiB"
    except OSError:
        memory = "? GiB"
    model = ""
    try:
        with open("/proc/cpuinfo") as cpuinfo:
            model = next((line.split(":", 1)[1].strip() for line in cpuinfo
                          if line.startswith("model name")), "")
    except OSError:
        pass
    return (f"{cores} cores ({model}), {memory}, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}")


# --- main -----------------------------------------------------------------------------------

async def bench(args: argparse.Namespace) -> None:
    started = time.perf_counter()
    data_dir = Path(tempfile.mkdtemp(prefix="sellergate-bench-"))
    urls, names = await create_databases()
    rows: list[tuple[str, str, str, str]] = []
    servers: list[Server] = []
    sandbox: subprocess.Popen[str] | None = None
    try:
        settings = bench_settings(data_dir, urls)
        log("migrating (sellergate migrate)")
        migrate(settings)
        await init_db(settings)
        from tortoise import connections
        pg_version = (await connections.get("us").execute_query_dict("SHOW server_version"))[0]
        machine = f"{machine_description()}, PostgreSQL {pg_version['server_version'].split()[0]}"

        log(f"seeding {args.sellers} sellers x {args.orders:,} orders")
        t0 = time.perf_counter()
        sellers = await seeding.seed(settings, sellers=args.sellers, orders=args.orders)
        seed_seconds = time.perf_counter() - t0
        log(f"seeded in {seed_seconds:.1f}s")
        reader = sellers[0]
        token = tokens.issue_access_token(settings, reader.id, "us")

        # 2. SQL queries per request ------------------------------------------------------
        log("counting SQL statements per request")
        counts = await query_counts(settings, token, [5, 50, 200])
        constant = len(set(counts.values())) == 1

        # 5 + 1. cold starts, then the read path ---------------------------------------------
        log("cold starts: floor")
        floor_starts, floor = cold_starts(lambda: floor_server(settings, reader.id),
                                          args.cold_starts)
        servers.append(floor)
        floor_json = floor.fetch()
        log("cold starts: gateway")
        gateway_starts, gateway = cold_starts(lambda: gateway_server(settings, token),
                                              args.cold_starts)
        servers.append(gateway)
        gateway_json = gateway.fetch()
        same = gateway_json == floor_json
        if not same:
            (data_dir / "floor.json").write_text(json.dumps(floor_json, indent=1))
            log("WARNING: the floor's JSON differs from the gateway's "
                f"(kept in {data_dir}/floor.json)")
        log(f"read path: floor and gateway in turn, {args.rounds} rounds")
        floor_load, gateway_load = alternating([floor, gateway], args.seconds,
                                               args.concurrency, args.rounds,
                                               await postmaster_pid())
        floor.stop()
        gateway.stop()
        log(f"floor: {floor_load}")
        log(f"gateway: {gateway_load}")
        # The same gateway with every field run by graphql-core's executor: what plans give.
        stock = gateway_server(settings, token, planned=False)
        servers.append(stock)
        stock.start()
        stock_same = stock.fetch() == gateway_json
        stock_load = load(stock, args.seconds, args.concurrency)
        stock.stop()
        log(f"gateway, graphql-core executor: {stock_load}")

        # 3. sync ---------------------------------------------------------------------------
        log(f"sync: sandbox with {args.sync_orders:,} orders")
        sandbox, info = start_sandbox(args.sync_orders)
        hub = sync_bench.install_hub(settings, info["base_url"], info["settings"])
        credentials = Credentials(access_token=info["credentials"]["access_token"],
                                  shop=info["credentials"]["shop"],
                                  extra=info["credentials"]["extra"])
        syncer = await create_account(settings, email="sync@bench.sellergate.test",
                                      password=seeding.PASSWORD, name="Sync Seller",
                                      country="US")
        real = await sync_bench.real_sync(settings, syncer.id, credentials, args.sync_orders)
        log(f"sync: {real}")
        naive = await sync_bench.naive_sync(settings, syncer.id, credentials,
                                            args.naive_sync_orders)
        log(f"naive sync: {naive}")
        await hub.session.close()
        sandbox.terminate()
        sandbox.wait(20)
        sandbox = None
        await close_db()

        # 4. export and erasure, each in a process of its own ------------------------------
        env = settings_env(settings)
        log("export")
        export = run_child([str(HERE / "jobs_bench.py"), "export", str(reader.id)], env)
        log(f"export: {export}")
        naive_export = run_child([str(HERE / "jobs_bench.py"), "naive-export", str(reader.id)],
                                 env)
        log(f"naive export: {naive_export}")
        log("erasure")
        erase = run_child([str(HERE / "jobs_bench.py"), "erase", str(sellers[1].id)], env)
        log(f"erasure: {erase}")
        naive_erase = run_child([str(HERE / "jobs_bench.py"), "naive-erase", str(reader.id),
                                 "--seconds", str(args.naive_erase_seconds)], env)
        log(f"naive erasure: {naive_erase}")

        # the table ---------------------------------------------------------------------
        ratio = gateway_load["rps"] / floor_load["rps"] if floor_load["rps"] else 0.0
        rows += [
            ("#1. Read path: orders(first: 50), nested; "
             f"{args.concurrency} clients, {args.seconds:.0f} s each in {args.rounds} turns, "
             "loopback", "", "", ""),
            ("  requests/s", fmt(gateway_load["rps"]),
             f"floor {fmt(floor_load['rps'])}",
             f"{ratio:.0%} of floor (target >= 50%: {'met' if ratio >= TARGET_READ_RATIO else 'NOT met'})"),
            ("  p50 latency", fmt(gateway_load["p50_ms"], " ms"),
             f"floor {fmt(floor_load['p50_ms'], ' ms')}", ""),
            ("  p99 latency", fmt(gateway_load["p99_ms"], " ms"),
             f"floor {fmt(floor_load['p99_ms'], ' ms')}", ""),
            ("  failed requests", str(gateway_load["errors"]), f"floor {floor_load['errors']}",
             "same JSON as floor" if same else "JSON DIFFERS from floor"),
            cpu_row(gateway_load, floor_load),
            db_cpu_row(gateway_load, floor_load),
            ("  without plans (graphql-core executor)", fmt(stock_load["rps"]),
             f"p50 {fmt(stock_load['p50_ms'], ' ms')}, p99 {fmt(stock_load['p99_ms'], ' ms')}",
             f"plans: {gateway_load['rps'] / stock_load['rps']:.1f}x"
             + ("" if stock_same else "; JSON DIFFERS") if stock_load["rps"] else ""),
            ("#2. SQL statements per request (orders query)", "", "", ""),
            *[(f"  first: {size}", str(n), "", "") for size, n in counts.items()],
            ("  constant across page sizes", "yes" if constant else "NO", "",
             "met" if constant else "NOT met"),
            (f"#3. Order sync from the Shopify sandbox ({args.sync_orders:,} orders, buyer PII)",
             "", "", ""),
            ("  orders/s into PostgreSQL", fmt(real["per_second"], digits=0),
             f"row-by-row {fmt(naive['per_second'], digits=0)} ({naive['orders']:,} orders)",
             f"{real['per_second'] / naive['per_second']:.1f}x; target >= 2,000/s: "
             f"{'met' if real['per_second'] >= TARGET_SYNC_RATE else 'NOT met'}"),
            ("  wall time", fmt(real["seconds"], " s"), fmt(naive["seconds"], " s"), ""),
            (f"#4. Export and erasure of a seller with {args.orders:,} orders", "", "", ""),
            ("  export time", fmt(export["seconds"], " s"),
             f"in-memory {fmt(naive_export['seconds'], ' s')}",
             f"{export['rows']:,} rows, {export['bytes'] / 1e6:.1f} MB zip"),
            ("  export peak RSS (growth)",
             f"{fmt(export['peak_rss_mb'], ' MB', 0)} (+{fmt(export['growth_mb'], ' MB', 0)})",
             f"{fmt(naive_export['peak_rss_mb'], ' MB', 0)} "
             f"(+{fmt(naive_export['growth_mb'], ' MB', 0)})", ""),
            ("  erasure time", fmt(erase["seconds"], " s"),
             (f"row-by-row {fmt(naive_erase['seconds'], ' s')}" if naive_erase["complete"] else
              f"row-by-row ~{fmt(naive_erase['projected_seconds'], ' s', 0)} (projected)"),
             "" if naive_erase["complete"] else
             f"baseline deleted {naive_erase['deleted']:,} of {naive_erase['rows']:,} rows "
             f"in {naive_erase['seconds']:.0f} s"),
            ("  erasure peak RSS (growth)",
             f"{fmt(erase['peak_rss_mb'], ' MB', 0)} (+{fmt(erase['growth_mb'], ' MB', 0)})",
             f"{fmt(naive_erase['peak_rss_mb'], ' MB', 0)} "
             f"(+{fmt(naive_erase['growth_mb'], ' MB', 0)})", ""),
            ("#5. Cold start to first answered orders query "
             f"(median of {args.cold_starts})", "", "", ""),
            ("  sellergate serve", fmt(statistics.median(gateway_starts), " s", 2),
             f"floor (Starlette+asyncpg) {fmt(statistics.median(floor_starts), ' s', 2)}",
             f"{statistics.median(gateway_starts) / statistics.median(floor_starts):.1f}x"),
        ]
        total = time.perf_counter() - started
        print_table(rows, machine)
        print(f"seeding {args.sellers} x {args.orders:,} orders took {seed_seconds:.0f} s; "
              f"whole run {total:.0f} s")
    finally:
        for server in servers:
            server.stop()
        if sandbox is not None:
            sandbox.kill()
        await close_db()
        await drop_databases(names)
        shutil.rmtree(data_dir, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sellers", type=int, default=2)
    parser.add_argument("--orders", type=int, default=50_000, help="orders per seller")
    parser.add_argument("--seconds", type=float, default=15.0,
                        help="load per server (floor, gateway: in --rounds turns each)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="turns the floor and the gateway take, one after the other")
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--cold-starts", type=int, default=3)
    parser.add_argument("--sync-orders", type=int, default=10_000)
    parser.add_argument("--naive-sync-orders", type=int, default=2_000)
    parser.add_argument("--naive-erase-seconds", type=float, default=20.0)
    args = parser.parse_args()
    if args.sellers < 2:
        parser.error("--sellers must be at least 2 (one is read and exported, one erased)")
    asyncio.run(bench(args))


if __name__ == "__main__":
    main()
