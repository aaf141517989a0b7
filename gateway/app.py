"""The Starlette application factory."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.routing import Route, WebSocketRoute

from gateway import tracing
from gateway.auth import rate_limits
from gateway.auth.throttle import FailureThrottle
from gateway.connectors import UpstreamSession
from gateway.connectors.registry import PluginRegistry
from gateway.db import close_db, init_db
from gateway.gc_tuning import tune_for_serving
from gateway.http.consent import cookie_consent, opt_out
from gateway.http.exports import export_download
from gateway.http.graphiql import static_routes as graphiql_static_routes
from gateway.http.graphql import GraphQLRoute
from gateway.http.health import MigrationCheck, health_endpoint, ready_endpoint
from gateway.http.integrations import oauth_callback, webhook_endpoint
from gateway.http.metrics import MetricsMiddleware, OperationMetrics, metrics_endpoint
from gateway.http.security import SecurityHeadersMiddleware
from gateway.logging import configure_logging
from gateway.services import buyer_rights, children, jobs, privacy_requests, tracking
from gateway.services import integrations as integrations_service
from gateway.services.integrations import Integrations
from gateway.settings import Settings
from schema.schema import build_schema
from workers.broker import Workers, ping_broker

__all__ = ["create_app", "reap_forever"]

log = logging.getLogger(__name__)


async def reap_forever(settings: Settings) -> None:
    """Re-dispatch stalled jobs and schedule tracking refreshes, every interval."""
    last_refresh = 0.0
    loop = asyncio.get_running_loop()
    while True:
        await asyncio.sleep(settings.reaper_interval_seconds)
        try:
            count = await jobs.reap_stalled(stall_seconds=settings.job_stall_seconds)
            if count:
                log.info("re-dispatched %d stalled jobs", count)
            if loop.time() - last_refresh >= settings.tracking_refresh_seconds:
                last_refresh = loop.time()
                await tracking.schedule_refresh()
                await children.sweep_unverified_children(settings)
                await privacy_requests.check_deadlines()
                await buyer_rights.sweep_buyer_retention()
        except Exception:
            log.exception("periodic pass failed; next pass in %ss",
                          settings.reaper_interval_seconds)


def default_integrations(settings: Settings) -> Integrations:
    """Plugins as configured by SELLERGATE_PLUGIN_<NAME>_* variables."""
    registry = PluginRegistry.discover()
    return Integrations(registry=registry, session=UpstreamSession(),
                        default_tracker=settings.tracker)


def create_app(settings: Settings, *, manage_db: bool = True,
               in_process_workers: bool | None = None,
               integrations: Integrations | None = None,
               on_startup: Callable[[], Awaitable[Integrations | None]] | None = None,
               tune_gc: bool = False) -> Starlette:
    """Build the gateway.

    :param manage_db: open (and, on the embedded default, migrate) the stores at start-up.
    :param in_process_workers: run Dramatiq workers inside this process; by default only when
        no broker is configured (the embedded default).
    :param integrations: the plugins to use (default: discovered, configured from the environment).
    :param on_startup: a coroutine run at start-up that may return the integrations to use
        (``sellergate demo`` starts the plugins' sandboxes there).
    :param tune_gc: a serving process: freeze the start-up heap and collect less often
        (``gateway.gc_tuning``); tests, which build many apps in one process, leave it off.
    """
    run_workers = (not settings.broker_url) if in_process_workers is None else in_process_workers
    configure_logging(settings)
    tracing.configure(settings)
    limits = rate_limits.RateLimits.from_settings(settings)
    throttle = FailureThrottle(limits.limiter, window_seconds=settings.login_failure_window_seconds,
                               backoff_factor=settings.login_lockout_backoff_factor,
                               max_lockout_seconds=settings.login_lockout_max_seconds)
    state: dict[str, Workers] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_db:
            await init_db(settings, migrate_first=settings.env == "development")
        hub = integrations
        if on_startup is not None:
            hub = await on_startup() or hub
        hub = hub or default_integrations(settings)
        hub.settings = settings
        integrations_service.install(hub)
        rate_limits.install(limits)
        workers = Workers(settings, loop=asyncio.get_running_loop())
        workers.install()
        if run_workers:
            workers.start()
        state["workers"] = workers
        reaper = asyncio.create_task(reap_forever(settings))
        if tune_gc:
            tune_for_serving()
        try:
            yield
        finally:
            reaper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await reaper
            await asyncio.to_thread(workers.stop)
            await hub.session.close()
            integrations_service.install(None)
            rate_limits.install(None)
            await limits.close()
            await graphql.persisted.close()
            if manage_db:
                await close_db()

    graphql = GraphQLRoute(build_schema(settings, extensions=[OperationMetrics]),
                           settings=settings, throttle=throttle)
    ping_workers_broker = lambda: ping_broker(state["workers"].broker)  # noqa: E731
    app = Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            WebSocketRoute("/graphql", graphql),  # subscriptions: graphql-transport-ws
            Route("/healthz", health_endpoint(ping_workers_broker)),
            Route("/readyz", ready_endpoint(ping_workers_broker, MigrationCheck(settings))),
            Route("/metrics", metrics_endpoint),
            Route("/connect/{platform}/callback", oauth_callback(settings)),
            Route("/webhooks/{plugin}", webhook_endpoint, methods=["POST"]),
            Route("/exports/{file_id}", export_download(settings)),
            Route("/consent/opt-out", opt_out(settings), methods=["GET", "POST"]),
            Route("/consent/cookies", cookie_consent(settings), methods=["POST"]),
            *graphiql_static_routes(settings),
        ],
        middleware=[
            Middleware(MetricsMiddleware),
            Middleware(SecurityHeadersMiddleware, production=settings.env == "production"),
            Middleware(CORSMiddleware, allow_origins=settings.cors_origin_list(),
                       allow_methods=["GET", "POST"],
                       allow_headers=["Authorization", "Content-Type"], max_age=600),
        ],
        lifespan=lifespan,
    )
    app.state.throttle = throttle
    app.state.rate_limits = limits
    app.state.workers = state
    return app
