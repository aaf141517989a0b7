"""/healthz: both regional stores, the directory and the broker must answer."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from starlette.requests import Request
from starlette.responses import JSONResponse

from gateway.db import ALIASES, ping

__all__ = ["health_endpoint"]

TIMEOUT_SECONDS = 2.0


def health_endpoint(ping_broker: Callable[[], None]) -> Callable[[Request], object]:
    async def healthz(request: Request) -> JSONResponse:
        checks: dict[str, str] = {}
        for alias in ALIASES:
            try:
                await asyncio.wait_for(ping(alias), TIMEOUT_SECONDS)
                checks[alias] = "ok"
            except Exception as exc:
                checks[alias] = f"down: {type(exc).__name__}"
        try:
            await asyncio.wait_for(asyncio.to_thread(ping_broker), TIMEOUT_SECONDS)
            checks["broker"] = "ok"
        except Exception as exc:
            checks["broker"] = f"down: {type(exc).__name__}"
        healthy = all(v == "ok" for v in checks.values())
        return JSONResponse({"status": "ok" if healthy else "degraded", "checks": checks},
                            status_code=200 if healthy else 503)

    return healthz
