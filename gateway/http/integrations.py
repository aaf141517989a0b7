"""Routes for marketplaces and trackers: OAuth callbacks and webhooks."""

from __future__ import annotations

import math

from starlette.requests import Request
from starlette.responses import JSONResponse

from gateway.auth.rate_limits import check_rate
from gateway.connectors import UpstreamAuthError, UpstreamError, WebhookRejected
from gateway.errors import RateLimited, SellergateError
from gateway.services import connections, webhooks
from gateway.settings import Settings

__all__ = ["oauth_callback", "webhook_endpoint"]

MAX_WEBHOOK_BYTES = 1_000_000


def oauth_callback(settings: Settings):  # type: ignore[no-untyped-def]
    async def callback(request: Request) -> JSONResponse:
        platform = request.path_params["platform"]
        try:
            store, job = await connections.complete_connection(
                settings, platform, dict(request.query_params))
        except WebhookRejected as exc:
            return JSONResponse({"error": str(exc), "code": "FORBIDDEN"}, status_code=403)
        except UpstreamAuthError as exc:
            return JSONResponse({"error": f"the marketplace refused: {exc}",
                                 "code": "UPSTREAM_AUTH"}, status_code=502)
        except UpstreamError as exc:
            return JSONResponse({"error": f"the marketplace failed: {exc}",
                                 "code": "UPSTREAM_UNAVAILABLE"}, status_code=502)
        except SellergateError as exc:
            return JSONResponse({"error": exc.message, "code": exc.code},
                                status_code=exc.http_status)
        return JSONResponse({"storeId": str(store.id), "syncJobId": str(job.id),
                             "platform": platform})

    return callback


async def webhook_endpoint(request: Request) -> JSONResponse:
    plugin = request.path_params["plugin"]
    try:
        await check_rate("webhook_ip", request.client.host if request.client else "unknown")
    except RateLimited as exc:
        return JSONResponse({"error": exc.message, "code": exc.code, "retryAfter": exc.retry_after},
                            status_code=429, headers={"Retry-After": str(math.ceil(exc.retry_after))})
    body = await request.body()
    if len(body) > MAX_WEBHOOK_BYTES:
        return JSONResponse({"error": "payload too large"}, status_code=413)
    try:
        queued = await webhooks.receive_webhook(plugin, request.headers, body)
    except WebhookRejected as exc:
        return JSONResponse({"error": str(exc)}, status_code=401)
    except SellergateError as exc:
        return JSONResponse({"error": exc.message, "code": exc.code}, status_code=exc.http_status)
    return JSONResponse({"accepted": True, "jobs": [str(j.id) for j in queued]})
