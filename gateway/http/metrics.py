"""Prometheus metrics: a middleware that counts and times requests, and the /metrics route."""

from __future__ import annotations

import time

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

__all__ = ["MetricsMiddleware", "metrics_endpoint"]

REQUESTS = Counter("sellergate_http_requests_total", "HTTP requests", ["path", "status"])
LATENCY = Histogram("sellergate_http_request_seconds", "HTTP request latency", ["path"])
_KNOWN_PATHS = ("/graphql", "/healthz", "/metrics", "/webhooks")


def _label(path: str) -> str:
    # A bounded label set: unknown paths share one label so scanners cannot blow up the series.
    for known in _KNOWN_PATHS:
        if path == known or path.startswith(known + "/"):
            return known
    return "other"


class MetricsMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = _label(scope["path"])
        started = time.perf_counter()
        status = 500

        async def send_with_status(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_with_status)
        finally:
            REQUESTS.labels(path, str(status)).inc()
            LATENCY.labels(path).observe(time.perf_counter() - started)


async def metrics_endpoint(request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)
