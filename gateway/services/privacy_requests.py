"""Data-subject requests: received -> identity verification -> in progress -> completed, or
refused with a reason from the policy's limitations, or on hold (legal hold)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from gateway.auth import rate_limits
from gateway.auth.principal import Permission, Principal
from gateway.connectors import Notification
from gateway.db import conn
from gateway.errors import BadInput, Conflict, Forbidden, NotFound, RateLimited
from gateway.models import Account, Job, LegalHold, PrivacyRequest, Role
from gateway.privacy import vault
from gateway.privacy.calendar import add_business_days, business_days_between
from gateway.regions import REGIONS
from gateway.services import integrations, jobs
from gateway.settings import Settings, get_settings

__all__ = [
    "ERASING_KINDS",
    "EXPORTING_KINDS",
    "KINDS",
    "REFUSAL_REASONS",
    "RequestFilter",
    "approve",
    "check_deadlines",
    "list_requests",
    "my_requests",
    "place_legal_hold",
    "refuse",
    "release_legal_hold",
    "request_action",
    "verify",
]

KINDS = ("access", "rectification", "deletion", "account_cancellation", "export", "ccpa_know",
         "ccpa_delete", "ccpa_opt_out_of_sale")
EXPORTING_KINDS = {"access", "export", "ccpa_know"}
ERASING_KINDS = {"deletion", "account_cancellation", "ccpa_delete"}
# The policy's limitations, as the reasons a request may be refused.
REFUSAL_REASONS = {
    "statutory_duty": "we must keep this data to meet a statutory duty",
    "national_security": "national security or defence",
    "public_interest": "public safety, public health or major public interests",
    "criminal_justice": "criminal investigation, prosecution or enforcement",
    "abusive": "the request is made in bad faith or repeated abusively",
    "vital_interests": "protecting vital interests when consent is impracticable",
    "others_rights": "answering would seriously harm the rights of others",
    "trade_secrets": "answering would disclose trade secrets",
    "legal_hold": "the data is under a legal hold",
}
CODE_TTL = timedelta(hours=24)
MAX_CODE_ATTEMPTS = 5
ANSWER_DAYS, REMINDER_DAYS, BREACH_DAYS = 5, 5, 7
SEND_CODE = "send_privacy_code"


def _code_hash(settings: Settings, request_id: uuid.UUID, code: str) -> str:
    return hmac.new(settings.blind_index_secret(), f"privacy\x00{request_id}\x00{code}".encode(),
                    hashlib.sha256).hexdigest()


async def _held(region: str, subject_id: uuid.UUID) -> LegalHold | None:
    return await LegalHold.filter(subject_id=subject_id, released_at__isnull=True).using_db(
        conn(region)).first()


async def request_action(settings: Settings, principal: Principal, kind: str,
                         details: dict[str, Any] | None = None, *, ip: str = "") -> PrivacyRequest:
    """The caller asks to exercise a right over their own data; a code confirms it is them."""
    account_id = principal.require_account()
    if kind not in KINDS:
        raise BadInput(f"unknown request kind {kind!r}; one of {', '.join(KINDS)}", field="kind")
    # Flood control (each request sends an email); abusive repetition of a kind is answered
    # with a reasoned refusal below instead.
    await rate_limits.check_rate("privacy_request_account", str(account_id))
    if ip:
        await rate_limits.check_rate("privacy_request_ip", ip)
    region = principal.region
    since = datetime.now(UTC) - timedelta(days=30)
    recent = await PrivacyRequest.filter(subject_id=account_id, kind=kind, created_at__gte=since,
                                         ).exclude(refusal_reason="abusive").using_db(
        conn(region)).count()
    async with in_transaction(region) as tx:
        if recent >= settings.privacy_requests_per_kind_per_30_days:
            return await PrivacyRequest.create(
                kind=kind, subject_id=account_id, requester_id=account_id, state="refused",
                refusal_reason="abusive", details=details or {},
                refusal_detail=(f"more than {settings.privacy_requests_per_kind_per_30_days} "
                                f"{kind} requests in 30 days; earlier ones are being answered"),
                using_db=tx)
        request = await PrivacyRequest.create(
            kind=kind, subject_id=account_id, requester_id=account_id,
            state="identity_verification", details=details or {}, using_db=tx)
        job = await jobs.create_job(region, SEND_CODE, using_db=tx, seller_id=account_id,
                                    payload={"request_id": str(request.id)})
    jobs.dispatch(region, job.id)
    return request


@jobs.handler(SEND_CODE)
async def send_code(region: str, job: Job) -> None:
    """Email the account a fresh code for the request (only its hash is kept)."""
    settings = integrations.current().settings or get_settings()
    request = await PrivacyRequest.filter(id=job.payload["request_id"]).using_db(
        conn(region)).first()
    if request is None or request.state != "identity_verification":
        return
    account = await Account.filter(id=request.subject_id).using_db(conn(region)).first()
    if account is None:
        return
    email = (await vault.reveal_accounts(region, [account]))[account.id].email
    if not email:
        return
    code = f"{secrets.randbelow(10**6):06d}"
    await PrivacyRequest.filter(id=request.id).using_db(conn(region)).update(
        code_hash=_code_hash(settings, request.id, code), code_attempts=0,
        code_expires_at=datetime.now(UTC) + CODE_TTL)
    await integrations.current().notifier("email").send(Notification(
        recipient=email, subject=f"Confirm your {request.kind.replace('_', ' ')} request",
        body=(f"Someone (we hope you) asked Sellergate for: {request.kind.replace('_', ' ')}.\n"
              f"To confirm it is you, enter this code within 24 hours: {code}\n"
              "If it was not you, ignore this email and change your password."),
        purpose="privacy_rights"))


async def verify(settings: Settings, principal: Principal, request_id: uuid.UUID,
                 code: str) -> PrivacyRequest:
    """Check the emailed code; the answer is then due in 5 business days."""
    account_id = principal.require_account()
    region = principal.region
    async with in_transaction(region) as tx:
        request = await PrivacyRequest.filter(id=request_id, subject_id=account_id).using_db(
            tx).select_for_update().first()
        if request is None:
            raise NotFound("privacy request not found")
        if request.state != "identity_verification":
            raise Conflict(f"the request is {request.state}, not waiting for a code")
        if request.code_attempts >= MAX_CODE_ATTEMPTS:
            raise RateLimited("too many wrong codes: make a new request", 0.0)
        if not request.code_hash or not request.code_expires_at or \
                request.code_expires_at < datetime.now(UTC):
            raise BadInput("the code expired: make a new request", field="code")
        ok = hmac.compare_digest(request.code_hash, _code_hash(settings, request.id, code.strip()))
        if not ok:
            request.code_attempts += 1
            await request.save(update_fields=["code_attempts"], using_db=tx)
        else:
            now = datetime.now(UTC)
            request.verified_at = now
            request.due_at = add_business_days(region, now, ANSWER_DAYS)
            request.code_hash = ""
            request.state = "in_progress"
            await request.save(using_db=tx)
    if not ok:
        raise BadInput("wrong code", field="code")
    return await _start(region, request)


async def _start(region: str, request: PrivacyRequest) -> PrivacyRequest:
    """Begin the work a verified request needs (or stop at a legal hold)."""
    from gateway.privacy import erasure, export

    if request.kind in ERASING_KINDS:
        hold = await _held(region, request.subject_id)
        if hold is not None:
            await PrivacyRequest.filter(id=request.id).using_db(conn(region)).update(
                state="on_hold", refusal_reason="legal_hold",
                refusal_detail=f"{REFUSAL_REASONS['legal_hold']}: {hold.reason}")
            return await PrivacyRequest.filter(id=request.id).using_db(conn(region)).get()
        kind = erasure.ERASE_SUBJECT
    elif request.kind in EXPORTING_KINDS:
        kind = export.EXPORT_SUBJECT
    elif request.kind == "ccpa_opt_out_of_sale":
        await PrivacyRequest.filter(id=request.id).using_db(conn(region)).update(
            state="completed", completed_at=datetime.now(UTC),
            result={"recorded": True, "note": "Sellergate does not sell personal data; your "
                                              "opt-out is recorded and will be honoured."})
        return await PrivacyRequest.filter(id=request.id).using_db(conn(region)).get()
    else:  # rectification by request: a privacy officer reviews and applies it
        return request
    async with in_transaction(region) as tx:
        job = await jobs.create_job(region, kind, using_db=tx, seller_id=request.subject_id,
                                    payload={"request_id": str(request.id)})
        await PrivacyRequest.filter(id=request.id).using_db(tx).update(job_id=job.id)
    jobs.dispatch(region, job.id)
    return await PrivacyRequest.filter(id=request.id).using_db(conn(region)).get()


async def my_requests(principal: Principal) -> list[PrivacyRequest]:
    account_id = principal.require_account()
    # Requests about the caller, and those the caller made about its buyers or stores.
    return await PrivacyRequest.filter(Q(subject_id=account_id) | Q(requester_id=account_id)
                                       ).using_db(conn(principal.region)).order_by("-created_at")


def _require_officer(principal: Principal) -> uuid.UUID:
    account_id = principal.require_account()
    if not principal.has(Permission.ADMIN_PRIVACY):
        raise Forbidden("privacy officers and superadmins only")
    return account_id


@dataclass(frozen=True)
class RequestFilter:
    state: str | None = None
    kind: str | None = None
    overdue: bool | None = None


async def list_requests(principal: Principal, where: RequestFilter) -> list[PrivacyRequest]:
    """The admin queue across both regions, oldest due first."""
    if principal.role not in (Role.SUPPORT, Role.PRIVACY_OFFICER, Role.SUPERADMIN):
        raise Forbidden("admins only")
    rows: list[PrivacyRequest] = []
    for region in REGIONS:
        query = PrivacyRequest.all()
        if where.state:
            query = query.filter(state=where.state)
        if where.kind:
            query = query.filter(kind=where.kind)
        if where.overdue:
            query = query.filter(due_at__lt=datetime.now(UTC),
                                 state__in=["in_progress", "on_hold"])
        rows += await query.using_db(conn(region)).limit(500)
    far = datetime.max.replace(tzinfo=UTC)
    return sorted(rows, key=lambda r: (r.due_at or far, r.created_at))


async def _find(request_id: uuid.UUID) -> tuple[str, PrivacyRequest]:
    for region in REGIONS:
        row = await PrivacyRequest.filter(id=request_id).using_db(conn(region)).first()
        if row is not None:
            return region, row
    raise NotFound("privacy request not found")


async def approve(principal: Principal, request_id: uuid.UUID) -> PrivacyRequest:
    """Go ahead with a request waiting for review (rectification, or on hold after release)."""
    _require_officer(principal)
    region, request = await _find(request_id)
    if request.state not in ("in_progress", "on_hold") or request.job_id is not None:
        raise Conflict(f"the request is {request.state} and has nothing to approve")
    if request.kind == "rectification":
        from gateway.services import profile

        await profile.apply_rectification(region, request)
        await PrivacyRequest.filter(id=request.id).using_db(conn(region)).update(
            state="completed", completed_at=datetime.now(UTC))
        return await PrivacyRequest.filter(id=request.id).using_db(conn(region)).get()
    await PrivacyRequest.filter(id=request.id).using_db(conn(region)).update(
        state="in_progress", refusal_reason="", refusal_detail="")
    request = await PrivacyRequest.filter(id=request.id).using_db(conn(region)).get()
    return await _start(region, request)


async def refuse(principal: Principal, request_id: uuid.UUID, reason: str,
                 detail: str = "") -> PrivacyRequest:
    _require_officer(principal)
    if reason not in REFUSAL_REASONS:
        raise BadInput(f"reason must be one of {', '.join(REFUSAL_REASONS)}", field="reason")
    region, request = await _find(request_id)
    if request.state in ("completed", "refused"):
        raise Conflict(f"the request is already {request.state}")
    await PrivacyRequest.filter(id=request.id).using_db(conn(region)).update(
        state="refused", refusal_reason=reason,
        refusal_detail=detail or REFUSAL_REASONS[reason], completed_at=datetime.now(UTC))
    return await PrivacyRequest.filter(id=request.id).using_db(conn(region)).get()


async def place_legal_hold(principal: Principal, subject_id: uuid.UUID, reason: str) -> LegalHold:
    officer = _require_officer(principal)
    if not reason.strip():
        raise BadInput("a legal hold needs a reason", field="reason")
    for region in REGIONS:
        if await Account.filter(id=subject_id).using_db(conn(region)).exists():
            return await LegalHold.create(subject_id=subject_id, reason=reason.strip(),
                                          placed_by=officer, using_db=conn(region))
    raise NotFound("no account with this id")


async def release_legal_hold(principal: Principal, subject_id: uuid.UUID) -> int:
    _require_officer(principal)
    released = 0
    for region in REGIONS:
        released += await LegalHold.filter(subject_id=subject_id, released_at__isnull=True
                                           ).using_db(conn(region)).update(
            released_at=datetime.now(UTC))
    return released


async def check_deadlines(now: datetime | None = None) -> dict[str, int]:
    """Flag requests reaching day 5 (reminder) and day 7 (breach) in business days."""
    moment = now or datetime.now(UTC)
    counts = {"reminded": 0, "breached": 0}
    for region in REGIONS:
        open_rows = await PrivacyRequest.filter(
            state__in=["in_progress", "on_hold"], verified_at__isnull=False).using_db(conn(region))
        for row in open_rows:
            assert row.verified_at is not None
            elapsed = business_days_between(region, row.verified_at, moment)
            if elapsed >= BREACH_DAYS and row.breach_at is None:
                await PrivacyRequest.filter(id=row.id).using_db(conn(region)).update(
                    breach_at=moment)
                counts["breached"] += 1
            elif elapsed >= REMINDER_DAYS and row.reminded_at is None:
                await PrivacyRequest.filter(id=row.id).using_db(conn(region)).update(
                    reminded_at=moment)
                counts["reminded"] += 1
    return counts


async def discontinue(region: str, *, subject_type: str, subject_id: uuid.UUID,
                      requester_id: uuid.UUID | None = None) -> PrivacyRequest:
    """The service ends for an account or a store: record it and erase (no code needed)."""
    from gateway.privacy import erasure

    now = datetime.now(UTC)
    async with in_transaction(region) as tx:
        request = await PrivacyRequest.create(
            kind="deletion" if subject_type == "store" else "account_cancellation",
            subject_type=subject_type, subject_id=subject_id, requester_id=requester_id,
            source="service_discontinuation", state="in_progress", verified_at=now,
            due_at=add_business_days(region, now, ANSWER_DAYS), using_db=tx)
        job = await jobs.create_job(region, erasure.ERASE_SUBJECT, using_db=tx,
                                    seller_id=requester_id or subject_id,
                                    payload={"request_id": str(request.id)})
        request.job_id = job.id
        await request.save(update_fields=["job_id"], using_db=tx)
    return request


async def complete(region: str, request_id: uuid.UUID, result: dict[str, Any]) -> None:
    """Called by the export and erasure workers when they finished."""
    await PrivacyRequest.filter(id=request_id).using_db(conn(region)).update(
        state="completed", completed_at=datetime.now(UTC), result=result)
