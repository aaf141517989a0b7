"""A PostgreSQL restart under load: requests fail fast with 503, the gateway recovers by itself,
and no consent the API acknowledged is lost."""

from __future__ import annotations

import asyncio
import os
import shutil

import pytest

from gateway.db import conn
from gateway.models import ConsentRecord
from tests.graphql_client import sign_up

GRANT = 'mutation { grantConsent(purpose: "marketing_email") { purpose granted } }'
WITHDRAW = 'mutation { withdrawConsent(purpose: "marketing_email") { purpose granted } }'


def _postgres_version() -> str | None:
    if shutil.which("pg_ctlcluster") is None or not os.path.isdir("/etc/postgresql"):
        return None
    return sorted(os.listdir("/etc/postgresql"))[0]


async def _restart_postgres(version: str) -> None:
    process = await asyncio.create_subprocess_exec(
        "pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "restart",
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    output, _ = await process.communicate()
    assert process.returncode == 0, output.decode()


async def test_a_database_restart_under_load_loses_no_acknowledged_consent(client, settings):
    if "postgres" not in settings.database_url("us"):
        pytest.skip("restarts the PostgreSQL server: PostgreSQL backend only")
    version = _postgres_version()
    if version is None:
        pytest.fail("pg_ctlcluster is needed to restart PostgreSQL in this test")
    payload = await sign_up(client, "restart@example.com")
    headers = {"Authorization": f"Bearer {payload['accessToken']}"}
    acknowledged, unavailable, statuses = 0, 0, set()
    restart: asyncio.Task[None] | None = None
    for n in range(400):
        if n == 20:
            restart = asyncio.create_task(_restart_postgres(version))
        response = await client.post("/graphql", headers=headers,
                                     json={"query": GRANT if n % 2 == 0 else WITHDRAW})
        statuses.add(response.status_code)
        body = response.json()
        if response.status_code == 200 and not body.get("errors"):
            acknowledged += 1
        else:
            # Anything but a clean answer must be the documented outage answer.
            assert response.status_code == 503, body
            assert {e["extensions"]["code"] for e in body["errors"]} <= {"SERVICE_UNAVAILABLE"}
            assert response.headers.get("retry-after")
            unavailable += 1
            await asyncio.sleep(0.05)
        if restart is not None and restart.done() and n > 60 and unavailable:
            break
        if restart is None or not restart.done():
            await asyncio.sleep(0.01)
    assert restart is not None
    await restart
    # Recovered on its own: the next request works without restarting the gateway.
    for _ in range(100):
        response = await client.post("/graphql", headers=headers, json={"query": GRANT})
        if response.status_code == 200 and not response.json().get("errors"):
            acknowledged += 1
            break
        await asyncio.sleep(0.1)
    else:
        raise AssertionError("the gateway did not recover after the restart")
    stored = await ConsentRecord.filter(subject_id=payload["account"]["id"]).using_db(
        conn("us")).count()
    # Every acknowledged consent is stored; a request cut by the restart may have committed
    # just before its answer was lost, never the other way round.
    assert acknowledged <= stored <= acknowledged + unavailable
    assert 500 not in statuses
