"""Erasure (deletion, account cancellation, CCPA delete): per category, downstream, certified.

The job walks fixed steps and checkpoints each one; every step is idempotent, so a worker killed
at any point and run again ends in the same state. What the law makes us keep (order amounts for
tax) is copied de-identified first; then data keys are destroyed (every copy of the subject's
fields, backups included, becomes unreadable) and the rows deleted; downstream recipients are
asked to delete and their answers kept as receipts; a signed certificate closes the request.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import uuid
from collections import defaultdict
from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from gateway.auth import principal_cache
from gateway.connectors import UpstreamError
from gateway.db import conn, directory_conn
from gateway.errors import ServiceUnavailable
from gateway.models import (
    Account,
    Buyer,
    ConsentRecord,
    DataKey,
    DirectoryEntry,
    ErasureReceipt,
    GuardianVerification,
    Job,
    LegalHold,
    Order,
    PolicyAcceptance,
    PrivacyRequest,
    Shipment,
    StaffMember,
    Store,
    StoreDirectoryEntry,
    TaxRecord,
)
from gateway.privacy import vault
from gateway.services import integrations, jobs
from gateway.settings import Settings, get_settings

__all__ = ["ERASE_SUBJECT", "STEPS", "sign_certificate", "verify_certificate"]

log = logging.getLogger(__name__)
ERASE_SUBJECT = "erase_subject"
BATCH = 1000
STEPS = ("check_hold", "downstream_trackers", "downstream_notifiers", "keep_tax_records",
         "shred_keys", "delete_rows", "directory", "certificate")
KEPT = [{"what": "order amounts, currencies, dates, platform and country (no names, no ids)",
         "why": "tax and accounting law require them", "table": "tax_record"},
        {"what": "the privacy request itself and audit events (ids and categories only)",
         "why": "proof that the request was answered (accountability)",
         "table": "privacy_request, audit_event"}]


def _key(settings: Settings, label: bytes) -> bytes:
    return hmac.new(settings.blind_index_secret(), label, hashlib.sha256).digest()


def sign_certificate(settings: Settings, body: dict[str, Any]) -> str:
    payload = json.dumps(body, sort_keys=True, separators=(",", ":")).encode()
    return hmac.new(_key(settings, b"erasure-certificate"), payload, hashlib.sha256).hexdigest()


def verify_certificate(settings: Settings, certificate: dict[str, Any]) -> bool:
    body = {k: v for k, v in certificate.items() if k != "signature"}
    return hmac.compare_digest(sign_certificate(settings, body), certificate.get("signature", ""))


async def _receipt(region: str, request_id: uuid.UUID, recipient: str, status: str, items: int,
                   detail: str = "") -> None:
    await ErasureReceipt.update_or_create(
        request_id=request_id, recipient=recipient,
        defaults={"status": status, "items": items, "detail": detail[:1000]},
        using_db=conn(region))


def _scope(request: PrivacyRequest, model: str) -> dict[str, Any]:
    """Filters selecting what an erasure covers: a seller's whole account, or one store."""
    if request.subject_type == "store":
        return {"order__store_id" if model == "shipment" else "store_id": request.subject_id}
    return {"seller_id": request.subject_id}


async def _seller_of(region: str, request: PrivacyRequest) -> Account | None:
    if request.subject_type == "store":
        store = await Store.filter(id=request.subject_id).using_db(conn(region)).first()
        seller_id = store.seller_id if store else request.requester_id  # type: ignore[attr-defined]
    else:
        seller_id = request.subject_id
    return await Account.filter(id=seller_id).using_db(conn(region)).first()


async def _downstream_trackers(region: str, request: PrivacyRequest) -> None:
    hub = integrations.current()
    numbers: dict[str, list[str]] = defaultdict(list)
    rows = await Shipment.filter(tracking_registered=True, **_scope(request, "shipment")).using_db(
        conn(region)).values_list("tracker", "tracking_number")
    for tracker, number in rows:
        numbers[str(tracker)].append(str(number))
    for name, wanted in numbers.items():
        connector = hub.tracker(name)
        deleted = 0
        for start in range(0, len(wanted), connector.max_batch):
            deleted += len(await connector.delete(wanted[start:start + connector.max_batch]))
        await _receipt(region, request.id, f"tracker:{name}", "deleted", deleted)


async def _downstream_notifiers(region: str, request: PrivacyRequest) -> None:
    if request.subject_type == "store":
        return  # the seller stays a customer; only the store's data goes
    account = await Account.filter(id=request.subject_id).using_db(conn(region)).first()
    if account is None:
        return
    email = (await vault.reveal_accounts(region, [account]))[account.id].email
    hub = integrations.current()
    for name in hub.registry.names("notifiers"):
        try:
            notifier = hub.notifier(name)
        except ServiceUnavailable:
            # Not configured here: this channel never carried the subject's data.
            await _receipt(region, request.id, f"notifier:{name}", "not_held", 0,
                           "channel not configured in this deployment")
            continue
        if email and notifier.channel == "email":
            await notifier.forget(email)
            await _receipt(region, request.id, f"notifier:{name}", "deleted", 1,
                           "asked to forget the address")


async def _keep_tax_records(region: str, request: PrivacyRequest, settings: Settings) -> None:
    account = await _seller_of(region, request)
    if account is None:
        return
    ref_key = _key(settings, b"tax-record:" + request.id.bytes)
    last: uuid.UUID | None = None
    while True:
        query = Order.filter(**_scope(request, "order"))
        if last is not None:
            query = query.filter(id__gt=last)
        rows = await query.using_db(conn(region)).order_by("id").limit(BATCH).values(
            "id", "currency", "total", "placed_at", "store__platform")
        if not rows:
            return
        await TaxRecord.bulk_create([TaxRecord(
            id=uuid.uuid4(), erasure_request_id=request.id,
            order_ref=hmac.new(ref_key, row["id"].bytes, hashlib.sha256).hexdigest(),
            platform=row["store__platform"], currency=row["currency"], total=row["total"],
            placed_on=row["placed_at"].date(), country=account.country) for row in rows],
            ignore_conflicts=True, using_db=conn(region))
        last = rows[-1]["id"]


async def _subject_ids(region: str, subject_id: uuid.UUID) -> list[uuid.UUID]:
    """The account, its staff accounts and its buyers: every data key erasure must destroy."""
    staff = await StaffMember.filter(seller_id=subject_id).using_db(conn(region)).values_list(
        "account_id", flat=True)
    buyers = await Buyer.filter(seller_id=subject_id).using_db(conn(region)).values_list(
        "id", flat=True)
    return [subject_id, *staff, *buyers]  # type: ignore[list-item]


async def _shred_keys(region: str, request: PrivacyRequest) -> None:
    ids: list[uuid.UUID]
    if request.subject_type == "store":
        ids = [uuid.UUID(str(i)) for i in await Buyer.filter(store_id=request.subject_id)
               .using_db(conn(region)).values_list("id", flat=True)]
    else:
        ids = await _subject_ids(region, request.subject_id)
    for start in range(0, len(ids), BATCH):
        await vault.current().destroy(conn(region), ids[start:start + BATCH])


async def _delete_rows(region: str, request: PrivacyRequest) -> None:
    subject = request.subject_id
    if request.subject_type == "store":
        async with in_transaction(region) as tx:
            await Buyer.filter(store_id=subject).using_db(tx).delete()
            await Order.filter(store_id=subject).using_db(tx).delete()
            await Store.filter(id=subject).using_db(tx).delete()
        return
    staff = list(await StaffMember.filter(seller_id=subject).using_db(conn(region)).values_list(
        "account_id", flat=True))
    async with in_transaction(region) as tx:
        # Children first keeps each DELETE small; the account row last cascades the rest.
        for model, filters in ((Buyer, {"seller_id": subject}), (Shipment, {"seller_id": subject}),
                               (Order, {"seller_id": subject}), (Store, {"seller_id": subject})):
            await model.filter(**filters).using_db(tx).delete()
        for account_id in [*staff, subject]:
            await ConsentRecord.filter(subject_id=str(account_id)).using_db(tx).delete()
            await PolicyAcceptance.filter(account_id=account_id).using_db(tx).delete()
            await GuardianVerification.filter(account_id=account_id).using_db(tx).delete()
        await Account.filter(id__in=[*staff, subject]).using_db(tx).delete()
        await DataKey.filter(subject_id__in=[*staff, subject]).using_db(tx).delete()
    # Their tokens are refused from now on.
    principal_cache.forget([*staff, subject])  # type: ignore[list-item]


async def _directory(region: str, request: PrivacyRequest) -> None:
    if request.subject_type != "store":
        await DirectoryEntry.filter(account_id=request.subject_id).using_db(
            directory_conn()).delete()
    stores = request.details.get("_store_ids", [])
    if stores:
        await StoreDirectoryEntry.filter(store_id__in=stores).using_db(directory_conn()).delete()


async def _certificate(region: str, request: PrivacyRequest, settings: Settings) -> dict[str, Any]:
    receipts = await ErasureReceipt.filter(request_id=request.id).using_db(conn(region)).values(
        "recipient", "status", "items", "detail")
    kept = await TaxRecord.filter(erasure_request_id=request.id).using_db(conn(region)).count()
    body = {
        "certificate": "erasure", "request_id": str(request.id), "kind": request.kind,
        "subject": hashlib.sha256(request.subject_id.bytes).hexdigest(),
        "region": region, "completed_at": datetime.now(UTC).isoformat(),
        "scope": request.subject_type,
        "erased": (["buyer_identity", "buyer_contact", "buyer_address", "order_details",
                    "shipment", "tracking"] if request.subject_type == "store" else
                   ["account_contact", "account_identity", "account_profile",
                    "account_credentials", "buyer_identity", "buyer_contact", "buyer_address",
                    "order_details", "shipment", "tracking", "consent_evidence",
                    "guardian_contact"]),
        "method": "data keys destroyed (crypto-shredding), then rows deleted",
        "kept": [{**k, "rows": kept if k["table"] == "tax_record" else None} for k in KEPT],
        "downstream": receipts,
    }
    return {**body, "signature": sign_certificate(settings, body)}


@jobs.handler(ERASE_SUBJECT)
async def erase_subject(region: str, job: Job) -> None:
    from gateway.services.privacy_requests import REFUSAL_REASONS, complete

    settings = integrations.current().settings or get_settings()
    request = await PrivacyRequest.filter(id=job.payload["request_id"]).using_db(
        conn(region)).get()
    if request.state == "completed":
        return
    done: list[str] = list(job.checkpoint.get("steps", []))
    if "_store_ids" not in request.details:  # remembered before the stores are deleted
        stores = await Store.filter(**({"id": request.subject_id}
                                       if request.subject_type == "store"
                                       else {"seller_id": request.subject_id})).using_db(
            conn(region)).values_list("id", flat=True)
        request.details = {**request.details, "_store_ids": [str(s) for s in stores]}
        await PrivacyRequest.filter(id=request.id).using_db(conn(region)).update(
            details=request.details)
    for index, step in enumerate(STEPS):
        if step in done:
            continue
        if step == "check_hold":
            hold = await LegalHold.filter(subject_id=request.subject_id,
                                          released_at__isnull=True).using_db(conn(region)).first()
            if hold is not None:
                await PrivacyRequest.filter(id=request.id).using_db(conn(region)).update(
                    state="on_hold", refusal_reason="legal_hold", job_id=None,
                    refusal_detail=f"{REFUSAL_REASONS['legal_hold']}: {hold.reason}")
                return
        elif step == "downstream_trackers":
            try:
                await _downstream_trackers(region, request)
            except UpstreamError as exc:
                await _receipt(region, request.id, "trackers", "failed", 0, str(exc))
                raise  # the job retries; the receipt shows why it waits
            # the per-tracker receipts now say what happened; an earlier wait is no longer news
            await ErasureReceipt.filter(request_id=request.id, recipient="trackers").using_db(
                conn(region)).delete()
        elif step == "downstream_notifiers":
            await _downstream_notifiers(region, request)
        elif step == "keep_tax_records":
            await _keep_tax_records(region, request, settings)
        elif step == "shred_keys":
            await _shred_keys(region, request)
        elif step == "delete_rows":
            await _delete_rows(region, request)
        elif step == "directory":
            await _directory(region, request)
        elif step == "certificate":
            certificate = await _certificate(region, request, settings)
            await complete(region, request.id, {"certificate": certificate})
        done.append(step)
        await jobs.checkpoint(region, job, done=index + 1, total=len(STEPS), steps=done)
    log.info("erasure %s completed", request.id)
