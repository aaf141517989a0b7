"""The /graphql route: Strawberry's ASGI app with Sellergate's per-request context, persisted
queries, and subscriptions over WebSocket (graphql-transport-ws)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

import orjson
from cross_web import AsyncHTTPRequestAdapter
from graphql import GraphQLError
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.websockets import WebSocket, WebSocketDisconnect
from strawberry.asgi import ASGIWebSocketAdapter, GraphQL
from strawberry.exceptions import ConnectionRejectionError
from strawberry.http import GraphQLRequestData
from strawberry.http.exceptions import WebSocketDisconnected
from strawberry.subscriptions import GRAPHQL_TRANSPORT_WS_PROTOCOL
from strawberry.types import ExecutionResult
from strawberry.types.execution import SubscriptionExecutionResult
from strawberry.types.unset import UNSET, UnsetType

from gateway.auth.principal import ANONYMOUS, Principal
from gateway.auth.throttle import FailureThrottle
from gateway.db import is_outage
from gateway.errors import SellergateError, ServiceUnavailable, Unauthenticated
from gateway.http.graphiql import GraphiQLPage
from gateway.http.metrics import count_error
from gateway.http.persisted import PersistedQueries
from gateway.services.accounts import principal_for_token
from gateway.settings import Settings
from schema.context import Context
from schema.loaders import Loaders

__all__ = ["GraphQLRoute", "SocketContext"]

MAX_SUBSCRIPTIONS_PER_CONNECTION = 20


@dataclass
class SocketContext(Context):
    """The context of a WebSocket connection: its ``connection_init`` payload as well."""

    connection_params: dict[str, Any] = field(default_factory=dict)


class _TextWebSocket(ASGIWebSocketAdapter):
    """graphql-transport-ws messages are text frames; ``encode_json`` gives orjson's bytes."""

    async def send_json(self, message: Mapping[str, object]) -> None:
        try:
            await self.ws.send_text(orjson.dumps(message).decode())
        except WebSocketDisconnect as exc:
            raise WebSocketDisconnected from exc


def _token_from(params: Mapping[str, Any]) -> str | None:
    """``{"Authorization": "Bearer <token>"}`` or ``{"authToken": "<token>"}``, as clients send."""
    for key in ("Authorization", "authorization", "authToken"):
        value = params.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip() if " " in value.strip() else f"Bearer {value.strip()}"
    return None


def _is_admin(context: Context) -> bool:
    try:
        return context.principal.is_admin
    except SellergateError:
        return False


class GraphQLRoute(GraphQL[Context, None]):
    # One protocol to secure: graphql-transport-ws (the legacy graphql-ws is refused).
    protocols = (GRAPHQL_TRANSPORT_WS_PROTOCOL,)
    websocket_adapter_class = _TextWebSocket

    def __init__(self, schema: Any, *, settings: Settings, throttle: FailureThrottle,
                 persisted: PersistedQueries | None = None) -> None:
        self.graphiql_page = GraphiQLPage(settings)
        # Without an IDE, Strawberry answers a browser's GET with 404 (SELLERGATE_GRAPHIQL=off).
        super().__init__(schema, graphql_ide="graphiql" if self.graphiql_page.enabled else None)
        self.settings = settings
        self.throttle = throttle
        self.persisted = persisted or PersistedQueries.from_settings(settings)
        self.max_subscriptions_per_connection = MAX_SUBSCRIPTIONS_PER_CONNECTION
        self.allowed_origins = frozenset(settings.cors_origin_list())

    def encode_json(self, data: object) -> bytes:
        # orjson: several times faster than json.dumps on large order pages.
        return orjson.dumps(data)

    def decode_json(self, data: str | bytes) -> object:
        return orjson.loads(data)

    async def render_graphql_ide(self, request: Request) -> HTMLResponse:
        return self.graphiql_page.response()

    def should_render_graphql_ide(self, request: Any) -> bool:
        if request.method != "GET":  # (without parsing a POST's query string for nothing)
            return False
        # A GET naming a persisted query carries no `query` either: it is an operation, not a
        # browser asking for the IDE.
        if request.query_params.get("extensions") is not None:
            return False
        return bool(super().should_render_graphql_ide(request))

    async def _principal_for(self, header: str) -> tuple[Principal, SellergateError | None]:
        """The caller named by an Authorization value; a bad one is an error, not an exception."""
        if not header:
            return ANONYMOUS, None
        scheme, _, token = header.partition(" ")
        if scheme.lower() != "bearer" or not token:
            return ANONYMOUS, Unauthenticated(
                "Authorization header must be 'Bearer <access token>'")
        try:
            return await principal_for_token(self.settings, token.strip()), None
        except SellergateError as exc:
            return ANONYMOUS, exc
        except Exception as exc:
            if not is_outage(exc):
                raise
            return ANONYMOUS, ServiceUnavailable(
                "a data store is unavailable: try again in a few seconds", retryAfter=2)

    async def get_context(self, request: Request | WebSocket,
                          response: Response | WebSocket | None) -> Context:
        principal, error = await self._principal_for(request.headers.get("authorization", ""))
        context_class = SocketContext if isinstance(request, WebSocket) else Context
        context = context_class(
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

    async def on_ws_connect(self, context: Context) -> UnsetType | dict[str, object] | None:
        """Authenticate the connection from its ``connection_init`` payload, as HTTP does from
        the Authorization header; a bad token closes the socket (4403)."""
        header = _token_from(getattr(context, "connection_params", None) or {})
        if header is None:
            return UNSET  # anonymous, or authenticated by the handshake's own header
        principal, error = await self._principal_for(header)
        if error is not None:
            raise ConnectionRejectionError({"code": error.code, "message": error.message})
        context._principal, context.auth_error = principal, None
        return UNSET

    async def execute_operation(
        self, request: Request, request_adapter: AsyncHTTPRequestAdapter,
        request_data: GraphQLRequestData | list[GraphQLRequestData], context: Context,
        root_value: None, sub_response: Response,
    ) -> ExecutionResult | list[ExecutionResult] | SubscriptionExecutionResult:
        """The request's operation, or the operations of a batch (run side by side on one
        context); then the request's loaders are released (``Loaders.release``). A streamed
        answer keeps them: it goes on resolving after this returns."""
        streaming = False
        # One operation: its plan may narrow what the loaders select (``Loaders.narrow``).
        context.loaders.narrowable = not isinstance(request_data, list)
        try:
            result = await super().execute_operation(
                request=request, request_adapter=request_adapter, request_data=request_data,
                context=context, root_value=root_value, sub_response=sub_response)
            streaming = not isinstance(result, (ExecutionResult, list))
            return result
        finally:
            if not streaming:
                context.loaders.release()

    async def execute_single(
        self, request: Request, request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response, context: Context, root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            query = await self.persisted.resolve(request_data.query, request_data.extensions,
                                                 trusted=_is_admin(context))
        except SellergateError as exc:
            count_error(exc.code)
            if exc.http_status != 200:
                sub_response.status_code = exc.http_status
            error = GraphQLError(exc.message, extensions={**exc.extensions, "code": exc.code})
            return ExecutionResult(data=None, errors=[error])
        return await super().execute_single(
            request=request, request_adapter=request_adapter, sub_response=sub_response,
            context=context, root_value=root_value, request_data=replace(request_data, query=query))
