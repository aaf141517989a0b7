"""Prometheus metrics: a middleware that counts and times requests, a schema extension that does
the same per GraphQL operation and counts errors by code, and the /metrics route."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send
from strawberry.extensions import SchemaExtension

from gateway import tracing
from schema.errors import code_of

__all__ = ["MetricsMiddleware", "OperationMetrics", "count_error", "metrics_endpoint"]

REQUESTS = Counter("sellergate_http_requests_total", "HTTP requests", ["path", "status"])
LATENCY = Histogram("sellergate_http_request_seconds", "HTTP request latency", ["path"])
OPERATIONS = Counter("sellergate_graphql_operations_total",
                     "GraphQL operations by name, type and outcome (ok, error)",
                     ["operation", "type", "outcome"])
OPERATION_LATENCY = Histogram("sellergate_graphql_operation_seconds",
                              "GraphQL query and mutation latency", ["operation", "type"])
ERRORS = Counter("sellergate_graphql_errors_total", "GraphQL errors by extensions.code", ["code"])
_KNOWN_PATHS = ("/graphql", "/healthz", "/readyz", "/metrics", "/webhooks")
MAX_OPERATION_NAMES = 200


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
            _child(REQUESTS, path, str(status)).inc()
            _child(LATENCY, path).observe(time.perf_counter() - started)


# A metric's child per label values, found once: ``labels()`` takes a lock and checks its
# arguments on every call, several times for each request. The label values are bounded (paths,
# statuses, operation names and kinds), so is this.
_CHILDREN: dict[tuple[Any, ...], Any] = {}


def _child(metric: Any, *values: str) -> Any:
    key = (metric, *values)
    found = _CHILDREN.get(key)
    if found is None:
        found = _CHILDREN[key] = metric.labels(*values)
    return found


async def metrics_endpoint(request: Request) -> Response:
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class _OperationNames:
    """Operation names are chosen by clients: the first ``limit`` seen get their own series, any
    later one is counted as "other", so a client cannot blow up the series."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._names: set[str] = set()
        self._lock = threading.Lock()

    def label(self, name: str | None) -> str:
        if not name:
            return "anonymous"
        with self._lock:
            if name in self._names:
                return name
            if len(self._names) < self.limit:
                self._names.add(name)
                return name
        return "other"


_OPERATION_NAMES = _OperationNames(MAX_OPERATION_NAMES)


def count_error(code: str) -> None:
    ERRORS.labels(code).inc()


def _error_code(error: GraphQLError) -> str:
    code = (error.extensions or {}).get("code")
    return str(code) if code else code_of(error) or "INTERNAL_SERVER_ERROR"


class OperationMetrics(SchemaExtension):
    """Counts and times each operation by name, counts its errors by code, and (with
    ``SELLERGATE_OTEL=on``) wraps it in a span. Subscriptions count their streamed errors."""

    def __init__(self) -> None:
        self._streamed = False

    def _names(self) -> tuple[str, str]:
        context = self.execution_context
        try:
            name = context.operation_name
            kind = context.operation_type.value
        except Exception:  # the document did not parse: there is no operation to name
            name, kind = None, "unknown"
        return _OPERATION_NAMES.label(name), kind

    def _count_errors(self, errors: list[GraphQLError] | None) -> bool:
        for error in errors or ():
            count_error(_error_code(error))
        return bool(errors)

    def on_operation(self) -> Iterator[None]:
        started = time.perf_counter()
        self._streamed = False
        with tracing.span("graphql.operation") as span:
            yield
            name, kind = self._names()
            failed = False
            if not self._streamed:
                failed = self._count_errors(getattr(self.execution_context.result, "errors",
                                                    None))
            if span is not None:
                span.update_name(f"{kind} {name}")
                span.set_attribute("graphql.operation.name", name)
                span.set_attribute("graphql.operation.type", kind)
                span.set_attribute("sellergate.graphql.errors", failed)
        _child(OPERATIONS, name, kind, "error" if failed else "ok").inc()
        if kind != "subscription":
            _child(OPERATION_LATENCY, name, kind).observe(time.perf_counter() - started)

    def on_stream_result(self, result: object) -> Iterator[None]:
        self._streamed = True
        self._count_errors(getattr(result, "errors", None))
        yield None
