"""Connecting stores: OAuth with the marketplace, buyer-data authorization, sealed credentials."""

from __future__ import annotations

import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from tortoise.transactions import in_transaction

from gateway.auth.principal import Permission, Principal
from gateway.connectors import Credentials, WebhookRejected
from gateway.db import conn, directory_conn
from gateway.errors import BadInput, Forbidden, NotFound
from gateway.models import Buyer, ConnectState, Job, Store, StoreDirectoryEntry
from gateway.privacy import vault
from gateway.privacy.sealing import open_sealed, seal
from gateway.services import integrations, jobs
from gateway.settings import Settings

__all__ = [
    "callback_url",
    "complete_connection",
    "credentials_of",
    "disconnect",
    "seal_credentials",
    "set_buyer_data_authorization",
    "start_connection",
]

STATE_TTL = timedelta(minutes=10)
SYNC_ORDERS = "sync_orders"


def callback_url(settings: Settings, platform: str) -> str:
    return f"{settings.base_url()}/connect/{platform}/callback"


async def start_connection(settings: Settings, principal: Principal, platform: str,
                           shop: str) -> str:
    """Remember a one-time state and return the marketplace's authorization URL."""
    seller_id = principal.require_seller(Permission.STORES_MANAGE)
    connector = integrations.current().marketplace(platform)
    if not shop.strip():
        raise BadInput("shop is required (shop domain, seller id or shop name)", field="shop")
    state = secrets.token_urlsafe(24)
    await ConnectState.create(state=state, platform=platform, shop=shop.strip(),
                              seller_id=seller_id, region=principal.region,
                              using_db=directory_conn())
    return connector.authorization_url(shop=shop.strip(),
                                       redirect_uri=callback_url(settings, platform), state=state)


def seal_credentials(settings: Settings, store_id: uuid.UUID, credentials: Credentials) -> str:
    data = asdict(credentials)
    data["expires_at"] = credentials.expires_at.isoformat() if credentials.expires_at else None
    return seal(settings.sealing_secret(), json.dumps(data).encode(), store_id.bytes)


def credentials_of(settings: Settings, store: Store) -> Credentials:
    if not store.credentials or not store.connected:
        raise Forbidden("store is disconnected: connect it again", storeId=str(store.id))
    data = json.loads(open_sealed(settings.sealing_secret(), store.credentials, store.id.bytes))
    expires = data.pop("expires_at")
    return Credentials(expires_at=datetime.fromisoformat(expires) if expires else None, **data)


async def complete_connection(settings: Settings, platform: str,
                              params: Mapping[str, str]) -> tuple[Store, Job]:
    """Finish an OAuth callback: check state and signature, store credentials, start a sync."""
    state = await ConnectState.filter(state=params.get("state", ""), platform=platform).using_db(
        directory_conn()).first()
    if state is None or state.created_at < datetime.now(UTC) - STATE_TTL:
        raise WebhookRejected("unknown or expired state: start connecting again")
    await ConnectState.filter(state=state.state).using_db(directory_conn()).delete()
    connector = integrations.current().marketplace(platform)
    credentials = await connector.complete_authorization(
        params, redirect_uri=callback_url(settings, platform))
    external_id = credentials.shop or state.shop
    region = state.region
    async with in_transaction(region) as tx:
        store = await Store.filter(platform=platform, external_id=external_id).using_db(tx).first()
        if store is not None and store.seller_id != state.seller_id:  # type: ignore[attr-defined]
            raise Forbidden("this store is connected to another seller account")
        if store is None:
            store = Store(id=uuid.uuid4(), seller_id=state.seller_id, platform=platform,
                          name=state.shop, external_id=external_id)
        store.credentials = seal_credentials(settings, store.id, credentials)
        store.connected = True
        await store.save(using_db=tx)
        job = await jobs.create_job(region, SYNC_ORDERS, using_db=tx, seller_id=state.seller_id,
                                    payload={"store_id": str(store.id)})
    await StoreDirectoryEntry.update_or_create(
        platform=platform, external_id=external_id,
        defaults={"store_id": store.id, "region": region}, using_db=directory_conn())
    jobs.dispatch(region, job.id)
    return store, job


async def set_buyer_data_authorization(principal: Principal, store_id: uuid.UUID,
                                       granted: bool) -> Store:
    """Grant or revoke importing buyers' personal data; revoking purges what was imported."""
    seller_id = principal.require_seller(Permission.STORES_MANAGE)
    async with in_transaction(principal.region) as tx:
        store = await Store.filter(id=store_id, seller_id=seller_id).using_db(tx).first()
        if store is None:
            raise NotFound("store not found")
        store.buyer_data_authorized = granted
        await store.save(update_fields=["buyer_data_authorized"], using_db=tx)
        if granted:
            # The next sync re-reads every order so buyers of past orders are filled in too.
            await Store.filter(id=store.id).using_db(tx).update(sync_cursor=None)
        if not granted:
            # Orders keep their amounts and items; the buyers' data keys are shredded and the
            # buyer rows (names, contacts, addresses) deleted.
            ids = await Buyer.filter(store_id=store.id).using_db(tx).values_list("id", flat=True)
            await vault.current().destroy(tx, ids)  # type: ignore[arg-type]
            await Buyer.filter(store_id=store.id).using_db(tx).delete()
    return store


async def disconnect(platform: str, external_id: str) -> None:
    """The marketplace uninstalled us: forget the credentials, keep the data for its retention."""
    entry = await StoreDirectoryEntry.filter(platform=platform, external_id=external_id).using_db(
        directory_conn()).first()
    if entry is None:
        return
    await Store.filter(id=entry.store_id).using_db(conn(entry.region)).update(
        connected=False, credentials=None)
