"""Shared fixtures: every database test runs on SQLite and on PostgreSQL, worker tests on a real
Redis broker as well as in-process.

``SELLERGATE_TEST_POSTGRES_URL`` (a server URL, e.g. postgres://postgres@127.0.0.1:5432/postgres)
and ``SELLERGATE_TEST_REDIS_URL`` point at the services; under ``CI=true`` a missing one fails the
run instead of skipping its tests.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from tortoise import Tortoise, connections
from tortoise.backends.base.executor import EXECUTOR_CACHE

from gateway.app import create_app
from gateway.db import ALIASES, close_db, init_db
from gateway.settings import Settings

POSTGRES_URL = os.environ.get("SELLERGATE_TEST_POSTGRES_URL", "")
REDIS_URL = os.environ.get("SELLERGATE_TEST_REDIS_URL", "")
IN_CI = os.environ.get("CI", "").lower() == "true"


def require_service(name: str, url: str) -> None:
    if url:
        return
    message = f"{name} is not configured (SELLERGATE_TEST_{name.upper()}_URL)"
    if IN_CI:
        pytest.fail(f"{message}: CI needs every service", pytrace=False)
    pytest.skip(message)


def base_settings(tmp: Path, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "data_dir": tmp,
        "jwt_keys": "test1:" + "s" * 40,
        "blind_index_key": "b" * 40,
        "login_max_failures_per_account": 3,
        "login_max_failures_per_ip": 6,
        # every test client shares one IP; tests/security set the sign-up limit themselves
        "rate_limit_sign_up_per_ip_per_hour": 1000,
        "reaper_interval_seconds": 3600,
    }
    values.update(overrides)
    return Settings(**values)


async def _postgres_databases(server_url: str) -> tuple[dict[str, str], list[str]]:
    import asyncpg

    suffix = uuid.uuid4().hex[:8]
    admin = await asyncpg.connect(server_url.replace("postgres://", "postgresql://", 1))
    urls, names = {}, []
    try:
        for alias in ALIASES:
            name = f"sellergate_test_{suffix}_{alias}"
            await admin.execute(f'CREATE DATABASE "{name}"')
            names.append(name)
            base = server_url.rsplit("/", 1)[0]
            urls[f"db_{alias}_url"] = f"{base}/{name}"
    finally:
        await admin.close()
    return urls, names


async def _drop_databases(server_url: str, names: list[str]) -> None:
    import asyncpg

    admin = await asyncpg.connect(server_url.replace("postgres://", "postgresql://", 1))
    try:
        for name in names:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await admin.close()


def settings_env(settings: Settings) -> dict[str, str]:
    """The environment a ``sellergate`` subprocess needs to use ``settings``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SELLERGATE_")}
    for name, value in settings.model_dump().items():
        if value in ("", None):
            continue
        # Complex settings travel as JSON, as pydantic-settings reads them.
        text = json.dumps(value) if isinstance(value, (dict, list)) else str(value)
        env[f"SELLERGATE_{name.upper()}"] = text
    return env


async def run_migrate(settings: Settings) -> str:
    """``sellergate migrate`` in a process of its own, as an operator runs it."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "gateway", "migrate", env=settings_env(settings),
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()
    return output.decode()


@pytest.fixture(scope="session", params=["sqlite", "postgres"])
async def backend_settings(request: pytest.FixtureRequest,
                           tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Settings]:
    """Settings for one database backend, with freshly migrated stores."""
    tmp = tmp_path_factory.mktemp(request.param)
    names: list[str] = []
    overrides: dict[str, Any] = {}
    if request.param == "postgres":
        require_service("postgres", POSTGRES_URL)
        overrides, names = await _postgres_databases(POSTGRES_URL)
    settings = base_settings(tmp, **overrides)
    await run_migrate(settings)
    # Tortoise caches INSERT statements per connection name; both backends use the same names.
    EXECUTOR_CACHE.clear()
    await init_db(settings)
    try:
        yield settings
    finally:
        await close_db()
        if names:
            await _drop_databases(POSTGRES_URL, names)


async def _wipe() -> None:
    for alias in ALIASES:
        db = connections.get(alias)
        app = "directory" if alias == "directory" else "regional"
        tables = [model._meta.db_table for model in Tortoise.apps[app].values()
                  if model._meta.db_table != "aerich"]
        if db.capabilities.dialect == "postgres":
            await db.execute_script(
                "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " CASCADE"
            )
        else:
            await db.execute_script("PRAGMA foreign_keys=OFF;" + "".join(
                f'DELETE FROM "{t}";' for t in tables) + "PRAGMA foreign_keys=ON;")


@pytest.fixture
async def settings(backend_settings: Settings) -> AsyncIterator[Settings]:
    """The backend's settings over empty stores."""
    await _wipe()
    yield backend_settings


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[Any]:
    application = create_app(settings, manage_db=False, in_process_workers=True)
    async with application.router.lifespan_context(application):
        yield application


@pytest.fixture
async def client(app: Any) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.7", 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://sellergate.test") as c:
        yield c


@pytest.fixture
def workers(app: Any) -> Any:
    return app.state.workers["workers"]


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    require_service("redis", REDIS_URL)
    yield REDIS_URL


async def wait_until(predicate: Any, within: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + within
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.05)
