"""The ``sellergate`` command: serve, worker, migrate, demo, create-admin."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click
import uvicorn

from gateway.settings import Settings, get_settings, reset_settings

if TYPE_CHECKING:
    from gateway.services.integrations import Integrations

__all__ = ["main"]

T = TypeVar("T")


def _settings(**overrides: Any) -> Settings:
    for name, value in overrides.items():
        if value is not None:
            os.environ[f"SELLERGATE_{name.upper()}"] = str(value)
    reset_settings()
    try:
        settings = get_settings()
    except ValueError as exc:
        raise click.ClickException(f"bad configuration: {exc}") from exc
    from gateway.logging import configure_logging

    configure_logging(settings)
    return settings


def _with_db(settings: Settings, work: Callable[[], Awaitable[T]], *, migrate: bool = False) -> T:
    from gateway.db import close_db, init_db

    async def run() -> T:
        await init_db(settings, migrate_first=migrate)
        try:
            return await work()
        finally:
            await close_db()

    return asyncio.run(run())


@click.group()
@click.version_option(package_name="sellergate")
def main() -> None:
    """Sellergate: the GraphQL gateway for online sellers, privacy policy enforced by code."""


@main.command()
@click.option("--host", default=None, help="Interface to bind (SELLERGATE_HOST).")
@click.option("--port", type=int, default=None, help="Port (SELLERGATE_PORT).")
@click.option("--workers-in-process/--no-workers-in-process", default=None,
              help="Run Dramatiq workers inside the server (default: only without a broker).")
def serve(host: str | None, port: int | None, workers_in_process: bool | None) -> None:
    """Run the gateway (one replica)."""
    from gateway.app import create_app

    settings = _settings(host=host, port=port)
    app = create_app(settings, in_process_workers=workers_in_process, tune_gc=True)
    # log_config=None: uvicorn's loggers propagate to the scrubbing structlog handler.
    uvicorn.run(app, host=settings.host, port=settings.port, log_level="info",
                proxy_headers=False, log_config=None)


@main.command()
@click.option("--threads", type=int, default=4, show_default=True, help="Worker threads.")
@click.option("--metrics-port", type=click.IntRange(0, 65535), default=0, show_default=True,
              help="Serve this worker's Prometheus metrics (jobs, connector calls) on "
                   "SELLERGATE_HOST:PORT; 0: off.")
def worker(threads: int, metrics_port: int) -> None:
    """Run a Dramatiq worker process against SELLERGATE_BROKER_URL."""
    from dramatiq.asyncio import get_event_loop_thread

    from gateway.app import default_integrations, reap_forever
    from gateway.services import integrations
    from workers.broker import Workers

    settings = _settings()
    if not settings.broker_url:
        raise click.ClickException(
            "SELLERGATE_BROKER_URL is empty: without a broker, workers run inside "
            "'sellergate serve'. Set redis://... or amqp://... to run separate workers."
        )
    hub = default_integrations(settings)
    hub.settings = settings
    integrations.install(hub)
    # A signal from here on stops the worker cleanly (its output flushed), even mid-start.
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    workers = Workers(settings, threads=threads)
    workers.install()
    workers.start()
    loop_thread = get_event_loop_thread()
    assert loop_thread is not None
    asyncio.run_coroutine_threadsafe(reap_forever(settings), loop_thread.loop)
    if metrics_port:
        # Jobs run here, not in the gateway: their metrics are scraped from this process.
        from prometheus_client import start_http_server

        try:
            start_http_server(metrics_port, addr=settings.host)
        except OSError as exc:
            workers.stop()
            raise click.ClickException(
                f"cannot serve metrics on {settings.host}:{metrics_port}: {exc}") from exc
    click.echo(f"worker running ({threads} threads) on {settings.broker_url.split('@')[-1]}"
               + (f"; metrics on http://{settings.host}:{metrics_port}/metrics"
                  if metrics_port else ""))
    stop.wait()
    workers.stop()


@main.command()
def migrate() -> None:
    """Apply pending database migrations to both regional stores and the directory."""
    from gateway.db import migrate as run_migrations

    settings = _settings()
    applied = asyncio.run(run_migrations(settings))
    click.echo("\n".join(applied) if applied else "all stores are up to date")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=8000, show_default=True)
@click.option("--data-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the SQLite files live (default ./var).")
def demo(host: str, port: int, data_dir: Path | None) -> None:
    """Run the whole product on this machine with demo data (SQLite, in-process workers)."""
    from gateway.app import create_app
    from gateway.services.demo import DEMO_PASSWORD, seed_demo

    settings = _settings(host=host, port=port, data_dir=data_dir, broker_url="")
    logins = _with_db(settings, lambda: seed_demo(settings), migrate=True)
    sandboxes: list[Any] = []

    async def start_sandboxes() -> Integrations:
        """Every installed plugin's sandbox on loopback, wired as that plugin's upstream."""
        from stevedore import ExtensionManager

        from gateway.app import default_integrations
        from gateway.services.integrations import Endpoint

        hub = default_integrations(settings)
        manager: ExtensionManager[Any] = ExtensionManager("sellergate.sandboxes")
        for extension in manager:
            try:
                sandbox = extension.plugin()
                url = await sandbox.start()
            except Exception as exc:
                click.echo(f"  sandbox {extension.name} did not start: {exc}", err=True)
                continue
            sandboxes.append(sandbox)
            hub.endpoints[extension.name] = Endpoint(url, sandbox.connector_settings())
            click.echo(f"  sandbox {extension.name:16} {url}")
        return hub

    click.echo(f"\nSellergate demo — data in {settings.data_dir.resolve()}")
    click.echo(f"GraphiQL: http://{host}:{port}/graphql")
    click.echo(f"Demo logins (password {DEMO_PASSWORD!r}):")
    for login in logins:
        click.echo(f"  {login.email:32} {login.role} — data in region {login.region}")
    click.echo('Try: mutation { logIn(email: "alice@demo.sellergate.test", '
               f'password: "{DEMO_PASSWORD}") {{ accessToken }} }}')
    click.echo('Connect the Shopify sandbox: mutation { connectStore(platform: "shopify", '
               'shop: "sandbox-shop.myshopify.com") { authorizationUrl } }\n')
    click.echo("Plugin sandboxes:")
    uvicorn.run(create_app(settings, on_startup=start_sandboxes, tune_gc=True), host=host, port=port,
                log_level="info")


@main.command()
@click.option("--store", "store_id", default=None, help="End the service for one store (id).")
@click.option("--all", "everything", is_flag=True, help="End the service for every account.")
@click.confirmation_option(prompt="This erases data for good (tax records kept). Continue?")
def discontinue(store_id: str | None, everything: bool) -> None:
    """Announce-then-delete: end the service and erase the data, as the policy promises."""
    import uuid

    from gateway.db import conn
    from gateway.models import Account, Role, Store
    from gateway.regions import REGIONS
    from gateway.services import jobs, privacy_requests

    if bool(store_id) == everything:
        raise click.UsageError("give exactly one of --store ID or --all")
    settings = _settings()

    async def run() -> int:
        from gateway.app import default_integrations
        from gateway.services import integrations

        hub = default_integrations(settings)
        hub.settings = settings
        integrations.install(hub)
        targets: list[tuple[str, str, uuid.UUID, uuid.UUID | None]] = []
        for region in REGIONS:
            if store_id:
                try:
                    wanted = uuid.UUID(store_id)
                except ValueError:
                    raise click.BadParameter("not a store id", param_hint="--store") from None
                store = await Store.filter(id=wanted).using_db(conn(region)).first()
                if store is not None:
                    targets.append((region, "store", store.id,
                                    store.seller_id))  # type: ignore[attr-defined]
            else:
                for account_id in await Account.filter(role=Role.OWNER).using_db(
                        conn(region)).values_list("id", flat=True):
                    targets.append((region, "account", account_id, None))  # type: ignore[arg-type]
        if store_id and not targets:
            raise click.ClickException(f"no store {store_id}")
        with click.progressbar(targets, label="erasing") as bar:
            for region, kind, subject_id, requester in bar:
                request = await privacy_requests.discontinue(
                    region, subject_type=kind, subject_id=subject_id, requester_id=requester)
                assert request.job_id is not None
                await jobs.run_job(region, request.job_id)
        await hub.session.close()
        return len(targets)

    count = _with_db(settings, run)
    click.echo(f"erased {count} {'store' if store_id else 'account'}(s); certificates are in "
               "each privacy request's result")


@main.group()
def keys() -> None:
    """Encryption keys: the keyring's master keys and the subjects' data keys."""


@keys.command("rotate")
def rotate_keys() -> None:
    """Re-wrap every data key under the current master key (online, resumable)."""
    from gateway.db import conn
    from gateway.privacy import vault
    from gateway.regions import REGIONS

    settings = _settings()

    async def rotate() -> dict[str, int]:
        return {region: await vault.current().rotate(conn(region)) for region in REGIONS}

    moved = _with_db(settings, rotate)
    current = settings.master_key_list()[0][0]
    for region, count in moved.items():
        click.echo(f"{region}: {count} data keys re-wrapped under master key {current}")


@keys.command("new-master-key")
def new_master_key() -> None:
    """Print a fresh master key entry to put first in SELLERGATE_MASTER_KEYS."""
    import base64
    import secrets

    kid = f"mk{secrets.token_hex(3)}"
    click.echo(f"{kid}:{base64.urlsafe_b64encode(secrets.token_bytes(32)).decode().rstrip('=')}")


@main.command("plugins")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
def list_plugins(as_json: bool) -> None:
    """List installed plugins with their versions and declared data categories."""
    import json
    from dataclasses import asdict

    from gateway.connectors.registry import PluginRegistry

    registry = PluginRegistry.discover()
    if as_json:
        click.echo(json.dumps({"plugins": [asdict(i) for i in registry.infos],
                               "failures": registry.failures}, indent=2))
        return
    for info in sorted(registry.infos, key=lambda i: (i.kind, i.name)):
        click.echo(f"{info.kind:13} {info.name:18} {info.version:8} {info.distribution:24} "
                   f"collects: {', '.join(info.data_categories) or '-'}")
    for name, error in registry.failures.items():
        click.echo(f"FAILED        {name:18} {error}", err=True)


@main.command("schema")
@click.option("--write", is_flag=True, help="Update schema/schema.graphql instead of printing.")
def print_schema(write: bool) -> None:
    """Print the GraphQL SDL (or write it to schema/schema.graphql)."""
    from schema.schema import SDL_PATH, schema

    sdl = schema.as_str() + "\n"
    if write:
        SDL_PATH.write_text(sdl)
        click.echo(f"wrote {SDL_PATH}")
    else:
        click.echo(sdl, nl=False)


@main.command("create-admin")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--country", default="US", show_default=True)
@click.option("--role", type=click.Choice(["support", "privacy_officer", "superadmin"]),
              default="superadmin", show_default=True)
@click.password_option()
def create_admin(email: str, name: str, country: str, role: str, password: str) -> None:
    """Create an admin account."""
    from gateway.errors import SellergateError
    from gateway.models import Role
    from gateway.services.accounts import create_account

    settings = _settings()
    try:
        account = _with_db(settings, lambda: create_account(
            settings, email=email, password=password, name=name, country=country,
            role=Role(role)))
    except SellergateError as exc:
        raise click.ClickException(exc.message) from exc
    click.echo(f"created {role} {account.id}")


# Privacy commands live in their own module; they import this one's helpers when they run.
from gateway.cli_privacy import PRIVACY_COMMANDS  # noqa: E402

for _command in PRIVACY_COMMANDS:
    main.add_command(_command)

from gateway.cli_persisted import persisted_queries_group  # noqa: E402

main.add_command(persisted_queries_group)
