"""Export (access, portability, CCPA know): everything about a subject in a ZIP of JSON and CSV
files with a manifest, written as a stream (memory stays flat whatever the number of orders),
stored encrypted, delivered as a signed link that expires."""

from __future__ import annotations

import base64
import contextlib
import csv
import hashlib
import hmac
import io
import json
import os
import shutil
import struct
import tempfile
import uuid
import zipfile
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from tortoise.models import Model

from gateway.connectors import Notification
from gateway.db import conn
from gateway.models import (
    Account,
    AuditEvent,
    Buyer,
    ConsentRecord,
    ExportFile,
    Job,
    Order,
    OrderItem,
    PolicyAcceptance,
    PrivacyRequest,
    Shipment,
    Store,
    TrackingEvent,
    Transfer,
)
from gateway.privacy import vault
from gateway.regions import REGIONS
from gateway.services import integrations, jobs
from gateway.settings import Settings, get_settings

__all__ = ["EXPORT_JSON_SCHEMA", "EXPORT_SUBJECT", "decrypt_stream", "download_url", "find_export",
           "verify_link"]

EXPORT_SUBJECT = "export_subject"
BATCH = 2000
CHUNK = 64 * 1024
FORMAT_VERSION = 1


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, (uuid.UUID, Decimal)):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "value"):  # enums
        return value.value
    return value


async def _batches(model: type[Model], region: str, **filters: Any) -> AsyncIterator[list[Any]]:
    """Rows in primary-key order, a batch at a time (keyset: no OFFSET, no full load)."""
    last: Any = None
    key = model._meta.pk_attr
    while True:
        query = model.filter(**filters)
        if last is not None:
            query = query.filter(**{f"{key}__gt": last})
        rows = await query.using_db(conn(region)).order_by(key).limit(BATCH)
        if not rows:
            return
        yield rows
        last = rows[-1].pk


class _Archive:
    """A ZIP being written entry by entry, counting rows and hashing each file."""

    def __init__(self, target: IO[bytes]) -> None:
        self.zip = zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED)
        self.files: dict[str, dict[str, Any]] = {}
        self.writing: _Table | None = None  # the table whose JSON entry is open

    def json_value(self, name: str, value: Any) -> None:
        data = json.dumps(value, default=_plain, indent=2, ensure_ascii=False).encode()
        self.zip.writestr(name, data)
        self.files[name] = {"rows": 1 if isinstance(value, dict) else len(value),
                            "sha256": hashlib.sha256(data).hexdigest()}

    def open_table(self, name: str, columns: list[str]) -> _Table:
        return _Table(self, name, columns)

    def close(self, manifest: dict[str, Any]) -> None:
        manifest["files"] = self.files
        self.zip.writestr("manifest.json", json.dumps(manifest, indent=2, default=_plain))
        self.zip.close()

    def abandon(self) -> None:
        """Stop after a failure, before the file under the archive is closed: the open entry
        and the archive are closed now (a re-run starts the file over), instead of by the
        collector later, when closing would seek in a closed file."""
        table, self.writing = self.writing, None
        # The failure being handled is the one to report; ZipFile lets go of the file even
        # when its closing fails.
        with contextlib.suppress(Exception):
            if table is not None:
                table.discard()
            self.zip.close()


class _Table:
    """A JSON array file and a CSV file of the same rows, written as a stream.

    A ZIP takes one writer at a time: the JSON goes straight in, the CSV waits in a temporary
    file on disk (not in memory) and is copied in when the table closes.
    """

    def __init__(self, archive: _Archive, name: str, columns: list[str]) -> None:
        self.archive, self.name, self.columns = archive, name, columns
        self.json_raw = archive.zip.open(f"{name}.json", "w", force_zip64=True)
        self.csv_spool = tempfile.TemporaryFile()  # noqa: SIM115 - closed in close()
        self.csv_text = io.TextIOWrapper(self.csv_spool, encoding="utf-8", newline="")
        self.json_hash, self.csv_hash = hashlib.sha256(), hashlib.sha256()
        header = io.StringIO()
        csv.writer(header).writerow(columns)
        self.csv_text.write(header.getvalue())
        self.csv_hash.update(header.getvalue().encode())
        self.rows = 0
        archive.writing = self
        self._write_json(b"[")

    def discard(self) -> None:
        """Close the open JSON entry and the CSV spool, leaving the table unfinished."""
        self.json_raw.close()
        self.csv_text.close()  # and the spool under it

    def _write_json(self, data: bytes) -> None:
        self.json_raw.write(data)
        self.json_hash.update(data)

    def add(self, row: dict[str, Any]) -> None:
        values = {c: _plain(row.get(c)) for c in self.columns}
        self._write_json((b",\n" if self.rows else b"\n") + json.dumps(
            values, ensure_ascii=False).encode())
        line = io.StringIO()
        csv.writer(line).writerow(["" if values[c] is None else values[c] for c in self.columns])
        self.csv_text.write(line.getvalue())
        self.csv_hash.update(line.getvalue().encode())
        self.rows += 1

    def close(self) -> None:
        self._write_json(b"\n]\n")
        self.json_raw.close()
        self.archive.writing = None
        self.csv_text.flush()
        self.csv_text.detach()
        self.csv_spool.seek(0)
        with self.archive.zip.open(f"{self.name}.csv", "w", force_zip64=True) as target:
            shutil.copyfileobj(self.csv_spool, target, CHUNK)
        self.csv_spool.close()
        for suffix, digest in (("json", self.json_hash), ("csv", self.csv_hash)):
            self.archive.files[f"{self.name}.{suffix}"] = {"rows": self.rows,
                                                           "sha256": digest.hexdigest()}


TABLES: dict[str, list[str]] = {
    "stores": ["id", "platform", "name", "external_id", "buyer_data_authorized", "connected",
               "created_at", "last_synced_at"],
    "orders": ["id", "store_id", "external_id", "number", "status", "currency", "total",
               "placed_at", "shipment_status", "delivered_at", "buyer_id"],
    "order_items": ["order_id", "sku", "title", "quantity", "price"],
    "buyers": ["id", "store_id", "external_id", "name", "email", "phone", "address"],
    "shipments": ["id", "order_id", "carrier", "tracking_number", "status", "last_event_at"],
    "tracking_events": ["shipment_id", "time", "status", "description", "location"],
    "consents": ["purpose", "granted", "policy_version", "source", "ip", "cookie_id",
                 "created_at"],
    "policy_acceptances": ["version", "accepted_at", "ip"],
    "audit_events": ["at", "actor_id", "actor_role", "action", "categories", "purpose"],
    "transfers": ["at", "categories", "from_region", "to_region", "safeguard", "purpose"],
}


async def _write_account(archive: _Archive, region: str, subject_id: uuid.UUID) -> dict[str, int]:
    account = await Account.filter(id=subject_id).using_db(conn(region)).get()
    personal = (await vault.reveal_accounts(region, [account]))[account.id]
    archive.json_value("account.json", {
        "id": account.id, "email": personal.email, "name": personal.name,
        "mobile": personal.mobile, "nickname": account.nickname, "country": account.country,
        "region": region, "role": account.role, "created_at": account.created_at,
        "birth_date": account.birth_date})
    counts: dict[str, int] = {}
    seller = {"seller_id": subject_id}

    async def table(name: str, rows: AsyncIterator[list[Any]], shape: Any = None) -> None:
        out = archive.open_table(name, TABLES[name])
        async for batch in rows:
            for row in await shape(batch) if shape else [r.__dict__ for r in batch]:
                out.add(row)
        out.close()
        counts[name] = out.rows

    async def buyers_clear(batch: list[Buyer]) -> list[dict[str, Any]]:
        clear = await vault.reveal_buyers(region, batch)  # one key query per batch
        return [{**b.__dict__, "name": clear[b.id].name, "email": clear[b.id].email,
                 "phone": clear[b.id].phone,
                 "address": json.dumps(clear[b.id].address) if clear[b.id].address else ""}
                for b in batch]

    def items_of_orders() -> AsyncIterator[list[Any]]:
        return _batches(OrderItem, region, order__seller_id=subject_id)

    await table("stores", _batches(Store, region, **seller))
    await table("orders", _batches(Order, region, **seller))
    await table("order_items", items_of_orders())
    await table("buyers", _batches(Buyer, region, **seller), buyers_clear)
    await table("shipments", _batches(Shipment, region, **seller))
    await table("tracking_events", _batches(TrackingEvent, region, shipment__seller_id=subject_id))
    await table("consents", _batches(ConsentRecord, region, subject_id=str(subject_id)))
    await table("policy_acceptances", _batches(PolicyAcceptance, region, account_id=subject_id))
    for name, model in (("audit_events", AuditEvent), ("transfers", Transfer)):
        out = archive.open_table(name, TABLES[name])
        for each in REGIONS:  # records about the subject may sit in either region
            async for batch in _batches(model, each, subject_id=subject_id):
                for row in batch:
                    out.add(row.__dict__)
        out.close()
        counts[name] = out.rows
    requests = await PrivacyRequest.filter(subject_id=subject_id).using_db(conn(region)).values(
        "id", "kind", "state", "created_at", "verified_at", "due_at", "completed_at",
        "refusal_reason", "refusal_detail")
    archive.json_value("privacy_requests.json", requests)
    return counts


async def _write_buyer(archive: _Archive, region: str, buyer_id: uuid.UUID) -> dict[str, int]:
    """A buyer's data as one seller holds it (answering the buyer through the seller)."""
    buyer = await Buyer.filter(id=buyer_id).using_db(conn(region)).get()
    clear = (await vault.reveal_buyers(region, [buyer]))[buyer.id]
    archive.json_value("buyer.json", {"id": buyer.id, "store_id": buyer.store_id,  # type: ignore[attr-defined]
                                      "external_id": buyer.external_id, "name": clear.name,
                                      "email": clear.email, "phone": clear.phone,
                                      "address": clear.address})
    orders = archive.open_table("orders", TABLES["orders"])
    order_ids = []
    async for batch in _batches(Order, region, buyer_id=buyer_id):
        for row in batch:
            orders.add(row.__dict__)
            order_ids.append(row.id)
    orders.close()
    items = archive.open_table("order_items", TABLES["order_items"])
    async for batch in _batches(OrderItem, region, order_id__in=order_ids):
        for row in batch:
            items.add(row.__dict__)
    items.close()
    shipments = archive.open_table("shipments", TABLES["shipments"])
    async for batch in _batches(Shipment, region, order_id__in=order_ids):
        for row in batch:
            shipments.add(row.__dict__)
    shipments.close()
    return {"orders": orders.rows, "order_items": items.rows, "shipments": shipments.rows}


def _encrypt_file(source: Path, target: Path, key: bytes) -> tuple[int, str]:
    """Chunked AES-GCM: [4-byte length][12-byte nonce][ciphertext] per chunk; bounded memory."""
    aead, digest, size = AESGCM(key), hashlib.sha256(), 0
    with source.open("rb") as plain, target.open("wb") as sealed:
        index = 0
        while chunk := plain.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
            nonce = os.urandom(12)
            body = aead.encrypt(nonce, chunk, struct.pack(">Q", index))
            sealed.write(struct.pack(">I", len(body)) + nonce + body)
            index += 1
    return size, digest.hexdigest()


def decrypt_stream(path: Path, key: bytes) -> Iterator[bytes]:
    aead = AESGCM(key)
    with path.open("rb") as sealed:
        index = 0
        while header := sealed.read(4):
            (length,) = struct.unpack(">I", header)
            nonce = sealed.read(12)
            yield aead.decrypt(nonce, sealed.read(length), struct.pack(">Q", index))
            index += 1


def _link_key(settings: Settings) -> bytes:
    return hmac.new(settings.blind_index_secret(), b"export-link", hashlib.sha256).digest()


def _signature(settings: Settings, file_id: uuid.UUID, expires: int) -> str:
    mac = hmac.new(_link_key(settings), f"{file_id}.{expires}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(mac.digest()).decode().rstrip("=")


def download_url(settings: Settings, file_id: uuid.UUID, expires_at: datetime) -> str:
    expires = int(expires_at.timestamp())
    return (f"{settings.base_url()}/exports/{file_id}?expires={expires}"
            f"&signature={_signature(settings, file_id, expires)}")


def verify_link(settings: Settings, file_id: uuid.UUID, expires: str, signature: str) -> bool:
    try:
        expiry = int(expires)
    except ValueError:
        return False
    good = hmac.compare_digest(_signature(settings, file_id, expiry), signature)
    return good and expiry > datetime.now(UTC).timestamp()


async def find_export(file_id: uuid.UUID) -> tuple[str, ExportFile] | None:
    for region in REGIONS:
        row = await ExportFile.filter(id=file_id).using_db(conn(region)).first()
        if row is not None:
            return region, row
    return None


@jobs.handler(EXPORT_SUBJECT)
async def export_subject(region: str, job: Job) -> None:
    from gateway.services.privacy_requests import complete

    hub = integrations.current()
    settings = hub.settings or get_settings()
    request = await PrivacyRequest.filter(id=job.payload["request_id"]).using_db(
        conn(region)).get()
    if request.state == "completed":
        return
    folder = settings.data_dir / "exports"
    folder.mkdir(parents=True, exist_ok=True)
    plain = folder / f"{request.id}.zip.partial"
    with plain.open("wb") as target:  # a re-run starts the archive over: nothing half-kept
        archive = _Archive(target)
        write = _write_buyer if request.subject_type == "buyer" else _write_account
        try:
            counts = await write(archive, region, request.subject_id)
        except BaseException:
            archive.abandon()
            raise
        archive.close({"format_version": FORMAT_VERSION, "subject_id": request.subject_id,
                       "request_id": request.id, "kind": request.kind, "region": region,
                       "generated_at": datetime.now(UTC), "counts": counts})
    await jobs.checkpoint(region, job, done=sum(counts.values()), total=sum(counts.values()))
    file_id = uuid.uuid5(uuid.NAMESPACE_URL, f"export:{request.id}")
    key = AESGCM.generate_key(bit_length=256)
    kid, wrapped = vault.current().keyring.wrap(key)
    sealed_path = folder / f"{file_id}.sgx"
    size, sha = _encrypt_file(plain, sealed_path, key)
    plain.unlink()
    expires_at = datetime.now(UTC) + timedelta(hours=settings.export_link_ttl_hours)
    await ExportFile.update_or_create(
        id=file_id, defaults={"request_id": request.id, "subject_id": request.subject_id,
                              "path": str(sealed_path), "master_key_id": kid,
                              "wrapped_key": wrapped, "size": size, "sha256": sha,
                              "expires_at": expires_at}, using_db=conn(region))
    # The link goes to the account that asked: the subject, or the seller for a buyer.
    recipient_id = request.requester_id or request.subject_id
    account = await Account.filter(id=recipient_id).using_db(conn(region)).get()
    email = (await vault.reveal_accounts(region, [account]))[account.id].email
    url = download_url(settings, file_id, expires_at)
    if email:
        await hub.notifier("email").send(Notification(
            recipient=email, subject="Your Sellergate data export is ready",
            body=(f"Download your data (a ZIP of JSON and CSV files) until "
                  f"{expires_at:%Y-%m-%d %H:%M} UTC:\n{url}\n"),
            purpose="privacy_rights"))
    await complete(region, request.id, {"export_file_id": str(file_id), "counts": counts,
                                        "expires_at": expires_at.isoformat(), "bytes": size})


def _array_of(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "object", "properties": properties,
                                       "required": required}}


_TEXT = {"type": ["string", "null"]}
# The published shape of an export (JSON Schema, draft 2020-12), for recipients and for tests.
EXPORT_JSON_SCHEMA: dict[str, dict[str, Any]] = {
    "manifest.json": {
        "type": "object",
        "required": ["format_version", "subject_id", "request_id", "generated_at", "counts",
                     "files"],
        "properties": {"format_version": {"const": FORMAT_VERSION},
                       "counts": {"type": "object",
                                  "additionalProperties": {"type": "integer", "minimum": 0}},
                       "files": {"type": "object", "additionalProperties": {
                           "type": "object", "required": ["rows", "sha256"]}}}},
    "account.json": {"type": "object", "required": ["id", "email", "name", "country", "region"],
                     "properties": {"email": _TEXT, "name": _TEXT, "mobile": _TEXT,
                                    "country": {"type": "string", "pattern": "^[A-Z]{2}$"},
                                    "region": {"enum": list(REGIONS)}}},
    "orders.json": _array_of({"id": {"type": "string", "format": "uuid"},
                              "number": {"type": "string"}, "status": {"type": "string"},
                              "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                              "total": {"type": "string"}, "placed_at": {"type": "string"}},
                             ["id", "store_id", "number", "status", "currency", "total",
                              "placed_at"]),
    "shipments.json": _array_of({"tracking_number": {"type": "string"},
                                 "carrier": {"type": "string"}},
                                ["id", "order_id", "carrier", "tracking_number", "status"]),
    "consents.json": _array_of({"purpose": {"type": "string"}, "granted": {"type": "boolean"}},
                               ["purpose", "granted", "policy_version", "source", "created_at"]),
    "buyers.json": _array_of({"name": _TEXT, "email": _TEXT, "phone": _TEXT},
                             ["id", "store_id", "external_id"]),
}
