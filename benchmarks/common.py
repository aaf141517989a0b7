"""What every benchmark step shares: the bench databases, their settings, the query measured,
and how a child process gets the same configuration."""

from __future__ import annotations

import base64
import json
import os
import resource
import secrets
import sys
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # `python benchmarks/run.py` from the repository root
    sys.path.insert(0, str(ROOT))

from gateway.db import ALIASES  # noqa: E402
from gateway.settings import Settings  # noqa: E402

SERVER_URL = os.environ.get("SELLERGATE_BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PYTHON = sys.executable
HERE = Path(__file__).resolve().parent

# The query of the read-path figures, exactly as the issue states it.
ORDERS_QUERY = """query Orders($first: Int) {
  orders(first: $first) { edges { node {
    id status total
    items { sku title quantity price }
    buyer { name address { city country } }
    shipments { trackingNumber status events { time status } }
  } } }
}"""


def _asyncpg_url(url: str) -> str:
    return url.replace("postgres://", "postgresql://", 1)


async def create_databases(server_url: str = SERVER_URL) -> tuple[dict[str, str], list[str]]:
    """Fresh databases for the regional stores and the directory (dropped by ``drop_databases``)."""
    import asyncpg

    suffix = uuid.uuid4().hex[:8]
    admin = await asyncpg.connect(_asyncpg_url(server_url))
    urls, names = {}, []
    try:
        for alias in ALIASES:
            name = f"sellergate_bench_{suffix}_{alias}"
            await admin.execute(f'CREATE DATABASE "{name}"')
            names.append(name)
            urls[f"db_{alias}_url"] = f"{server_url.rsplit('/', 1)[0]}/{name}"
    finally:
        await admin.close()
    return urls, names


async def drop_databases(names: list[str], server_url: str = SERVER_URL) -> None:
    import asyncpg

    admin = await asyncpg.connect(_asyncpg_url(server_url))
    try:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def bench_settings(data_dir: Path, urls: dict[str, str]) -> Settings:
    """Production settings (no auto-migration, real secrets) over the bench databases."""
    return Settings(
        env="production",
        data_dir=data_dir,
        jwt_keys="bench:" + secrets.token_urlsafe(40),
        blind_index_key=secrets.token_urlsafe(40),
        master_keys="mkbench:" + base64.urlsafe_b64encode(os.urandom(32)).decode(),
        sealing_key=base64.urlsafe_b64encode(os.urandom(32)).decode(),
        access_token_ttl_seconds=3600,
        reaper_interval_seconds=3600,
        log_level="WARNING",
        **urls,
    )


def settings_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment a child process needs to use ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELLERGATE_")}
    for name, value in settings.model_dump().items():
        if value in ("", None):
            continue
        text = json.dumps(value) if isinstance(value, (dict, list)) else str(value)
        env[f"SELLERGATE_{name.upper()}"] = text
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH", "")]))
    env.update(extra)
    return env


def migrate(settings: Settings) -> None:
    """``sellergate migrate`` in a process of its own, as an operator runs it."""
    import subprocess

    subprocess.run([str(Path(PYTHON).with_name("sellergate")), "migrate"],
                   env=settings_env(settings), cwd=ROOT, check=True, capture_output=True)


def _status_mb(field: str) -> float | None:
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def reset_peak_rss() -> bool:
    """Start the peak (VmHWM) over from the current RSS (Linux >= 4.0); False if unsupported."""
    try:
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        return True
    except OSError:
        return False


def peak_rss_mb() -> float:
    """This process's peak resident memory since ``reset_peak_rss`` (or since it started)."""
    peak = _status_mb("VmHWM")
    if peak is not None:
        return peak
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def current_rss_mb() -> float:
    return _status_mb("VmRSS") or 0.0


def emit(result: dict[str, Any]) -> None:
    """A child's result: the last line of its stdout, as JSON."""
    print("RESULT " + json.dumps(result), flush=True)


def parse_result(output: str) -> dict[str, Any]:
    for line in reversed(output.splitlines()):
        if line.startswith("RESULT "):
            parsed: dict[str, Any] = json.loads(line[len("RESULT "):])
            return parsed
    raise RuntimeError(f"child gave no result:\n{output[-3000:]}")
