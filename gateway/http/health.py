"""/healthz (is the process able to serve: stores, directory, broker) and /readyz (should it get
traffic: the same, and every store's migrations applied)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from functools import partial
from pathlib import Path

from starlette.requests import Request
from starlette.responses import JSONResponse
from tortoise import connections

from gateway.db import ALIASES, MIGRATIONS, dialect, ping
from gateway.regions import REGIONS
from gateway.settings import Settings

__all__ = ["MigrationCheck", "health_endpoint", "ready_endpoint"]

TIMEOUT_SECONDS = 2.0


async def _check(probe: Callable[[], Awaitable[object]]) -> str:
    try:
        await asyncio.wait_for(probe(), TIMEOUT_SECONDS)
    except Exception as exc:
        return f"down: {type(exc).__name__}"
    return "ok"


async def _dependencies(ping_broker: Callable[[], None]) -> dict[str, str]:
    checks: dict[str, str] = {}
    for alias in ALIASES:
        checks[alias] = await _check(partial(ping, alias))
    checks["broker"] = await _check(lambda: asyncio.to_thread(ping_broker))
    return checks


def health_endpoint(ping_broker: Callable[[], None]) -> Callable[[Request], object]:
    async def healthz(request: Request) -> JSONResponse:
        checks = await _dependencies(ping_broker)
        healthy = all(v == "ok" for v in checks.values())
        return JSONResponse({"status": "ok" if healthy else "degraded", "checks": checks},
                            status_code=200 if healthy else 503)

    return healthz


async def _versions(alias: str, app: str) -> set[str]:
    rows = await connections.get(alias).execute_query_dict("SELECT version, app FROM aerich")
    return {row["version"] for row in rows if row["app"] == app}


class MigrationCheck:
    """Whether each store has every migration shipped with this version applied.

    A store found up to date stays so for the life of the process (migrations never go back),
    so after the first success a probe costs nothing.

    :param location: the migrations folder (``gateway/migrations``), one per dialect and app.
    """

    def __init__(self, settings: Settings, *, location: Path = MIGRATIONS) -> None:
        self.settings = settings
        self.location = location
        self._current: set[str] = set()

    def expected(self, alias: str) -> set[str]:
        app = "regional" if alias in REGIONS else "directory"
        folder = self.location / dialect(self.settings.database_url(alias)) / app
        return {path.name for path in folder.glob("*.py") if path.name[0].isdigit()}

    async def pending(self, alias: str) -> list[str]:
        """The migrations not yet applied to ``alias`` (empty when up to date)."""
        if alias in self._current:
            return []
        missing = sorted(self.expected(alias) - await self._applied(alias))
        if not missing:
            self._current.add(alias)
        return missing

    async def _applied(self, alias: str) -> set[str]:
        if alias in REGIONS:
            return await _versions(alias, "regional")
        # aerich keeps the directory's history in the store it migrated from: look in each. A
        # store without the table holds none; one that is down is reported on its own.
        applied: set[str] = set()
        for store in ALIASES:
            with contextlib.suppress(Exception):
                applied |= await _versions(store, "directory")
        return applied

    async def status(self, alias: str) -> str:
        try:
            missing = await asyncio.wait_for(self.pending(alias), TIMEOUT_SECONDS)
        except Exception as exc:
            return f"unknown: {type(exc).__name__}"
        return "ok" if not missing else f"pending: {', '.join(missing)}"


def ready_endpoint(ping_broker: Callable[[], None],
                   migrations: MigrationCheck) -> Callable[[Request], object]:
    """503 with the names of what is not ready (a store, its migrations, the broker)."""

    async def readyz(request: Request) -> JSONResponse:
        checks = await _dependencies(ping_broker)
        for alias in ALIASES:
            if checks[alias] == "ok":
                checks[f"{alias}_migrations"] = await migrations.status(alias)
        not_ready = sorted(name for name, value in checks.items() if value != "ok")
        return JSONResponse(
            {"status": "not ready" if not_ready else "ready", "not_ready": not_ready,
             "checks": checks},
            status_code=503 if not_ready else 200)

    return readyz
