"""/readyz: traffic only when every store answers with its migrations applied and the broker
answers; otherwise 503 naming what is not ready."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from gateway.app import create_app
from gateway.db import MIGRATIONS
from gateway.http.health import MigrationCheck, ready_endpoint
from tests.conftest import POSTGRES_URL
from workers.broker import ping_broker


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_ready_when_stores_migrations_and_broker_all_answer(client, settings):
    response = await client.get("/readyz")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "ready" and body["not_ready"] == []
    assert set(body["checks"]) == {"cn", "us", "directory", "broker", "cn_migrations",
                                   "us_migrations", "directory_migrations"}


async def test_not_ready_while_the_broker_is_unreachable(settings):
    broken = settings.model_copy(update={"broker_url": f"redis://127.0.0.1:{_closed_port()}/0"})
    application = create_app(broken, manage_db=False, in_process_workers=False)
    async with application.router.lifespan_context(application):
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://sg.test") as client:
            response = await client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "not ready" and body["not_ready"] == ["broker"]
    assert body["checks"]["broker"].startswith("down")


async def test_not_ready_until_every_shipped_migration_is_applied(app, settings, tmp_path):
    # This version ships one migration more than the stores have seen.
    shutil.copytree(MIGRATIONS, tmp_path / "migrations")
    for folder in (tmp_path / "migrations").glob("*/*"):
        if folder.is_dir():
            (folder / "1_20991231000000_next.py").write_text("# a later migration\n")
    broker = app.state.workers["workers"].broker
    readyz = ready_endpoint(lambda: ping_broker(broker),
                            MigrationCheck(settings, location=tmp_path / "migrations"))
    probe = Starlette(routes=[Route("/readyz", readyz)])
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=probe),
                                 base_url="http://sg.test") as client:
        response = await client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["not_ready"] == ["cn_migrations", "directory_migrations", "us_migrations"]
    assert body["checks"]["us_migrations"] == "pending: 1_20991231000000_next.py"


async def test_not_ready_while_a_regional_database_refuses_connections(client, settings):
    if "postgres" not in settings.database_url("cn"):
        pytest.skip("closes a PostgreSQL database to connections: PostgreSQL backend only")
    import asyncpg

    name = Path(settings.database_url("cn")).name
    admin = await asyncpg.connect(POSTGRES_URL.replace("postgres://", "postgresql://", 1))
    try:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
        await admin.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = $1", name)
        response = await client.get("/readyz")
    finally:
        await admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')
        await admin.close()
    assert response.status_code == 503
    body = response.json()
    assert body["not_ready"] == ["cn"], body
    assert body["checks"]["cn"].startswith("down")
    recovered = await client.get("/readyz")  # the pool reconnects once the database is back
    assert recovered.status_code == 200, recovered.json()
