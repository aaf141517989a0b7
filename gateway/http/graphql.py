"""The /graphql route: Strawberry's ASGI app with Sellergate's per-request context."""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL

from gateway.auth.principal import ANONYMOUS
from gateway.auth.throttle import FailureThrottle
from gateway.db import is_outage
from gateway.errors import SellergateError, ServiceUnavailable, Unauthenticated
from gateway.http.security import graphiql_csp
from gateway.services.accounts import principal_for_token
from gateway.settings import Settings
from schema.context import Context
from schema.loaders import Loaders

__all__ = ["GraphQLRoute"]


class GraphQLRoute(GraphQL[Context, None]):
    def __init__(self, schema: Any, *, settings: Settings, throttle: FailureThrottle) -> None:
        super().__init__(schema, graphql_ide="graphiql")
        self.settings = settings
        self.throttle = throttle
        self.graphiql_csp = graphiql_csp(self.graphql_ide_html or "")

    def encode_json(self, data: object) -> bytes:
        # orjson: several times faster than json.dumps on large order pages.
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        # The page loads GraphiQL from a CDN: its own policy allows exactly those files.
        return HTMLResponse(self.graphql_ide_html,
                            headers={"Content-Security-Policy": self.graphiql_csp})

    async def get_context(self, request: Request | WebSocket,
                          response: Response | WebSocket | None) -> Context:
        principal = ANONYMOUS
        error: SellergateError | None = None
        header = request.headers.get("authorization", "")
        if header:
            scheme, _, token = header.partition(" ")
            if scheme.lower() != "bearer" or not token:
                error = Unauthenticated("Authorization header must be 'Bearer <access token>'")
            else:
                try:
                    principal = await principal_for_token(self.settings, token.strip())
                except SellergateError as exc:
                    error = exc
                except Exception as exc:
                    if not is_outage(exc):
                        raise
                    error = ServiceUnavailable(
                        "a data store is unavailable: try again in a few seconds", retryAfter=2)
        context = Context(
            settings=self.settings,
            throttle=self.throttle,
            client_ip=request.client.host if request.client else "unknown",
            loaders=None,  # type: ignore[arg-type]
            auth_error=error,
            _principal=principal,
            request=request,
            response=response,
        )
        context.loaders = Loaders(lambda: context.principal)
        return context
