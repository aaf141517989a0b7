"""Children under 14: their accounts stay restricted until a guardian verifies by an emailed code;
unverified child accounts and their data are deleted after a set period."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
import uuid
from datetime import UTC, date, datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from gateway.auth import principal_cache
from gateway.auth.principal import Principal
from gateway.connectors import Notification
from gateway.db import conn, directory_conn
from gateway.errors import BadInput, Forbidden, NotFound, RateLimited
from gateway.models import Account, DirectoryEntry, GuardianVerification, Job
from gateway.privacy import vault
from gateway.regions import REGIONS
from gateway.services import integrations, jobs
from gateway.settings import Settings, get_settings

__all__ = [
    "CHILD_AGE",
    "SEND_GUARDIAN_CODE",
    "age_on",
    "is_child",
    "request_guardian_consent",
    "sweep_unverified_children",
    "verify_guardian_code",
]

log = logging.getLogger(__name__)
CHILD_AGE = 14
CODE_TTL = timedelta(days=2)
MAX_ATTEMPTS = 5
SEND_GUARDIAN_CODE = "send_guardian_code"


def age_on(birth_date: date, today: date) -> int:
    return today.year - birth_date.year - ((today.month, today.day) < (birth_date.month,
                                                                       birth_date.day))


def is_child(birth_date: date, today: date | None = None) -> bool:
    return age_on(birth_date, today or datetime.now(UTC).date()) < CHILD_AGE


def _code_hash(settings: Settings, verification_id: uuid.UUID, code: str) -> str:
    key = settings.blind_index_secret()
    return hmac.new(key, f"guardian\x00{verification_id}\x00{code}".encode(),
                    hashlib.sha256).hexdigest()


async def request_guardian_consent(tx: BaseDBAsyncClient, region: str, account_id: uuid.UUID,
                                   guardian_email: str) -> Job:
    """Inside the sign-up transaction: remember the guardian and queue the code's email."""
    sealed = await vault.current().seal(tx, "account", account_id,
                                        {"guardian_email": guardian_email.strip().lower()})
    await GuardianVerification.create(
        account_id=account_id, guardian_email=sealed["guardian_email"], code_hash="",
        expires_at=datetime.now(UTC), using_db=tx)
    return await jobs.create_job(region, SEND_GUARDIAN_CODE, using_db=tx, seller_id=account_id,
                                 payload={"account_id": str(account_id)})


@jobs.handler(SEND_GUARDIAN_CODE)
async def send_guardian_code(region: str, job: Job) -> None:
    """Make a fresh code (only its hash is kept) and email it to the guardian."""
    settings = integrations.current().settings or get_settings()
    account_id = uuid.UUID(job.payload["account_id"])
    db = conn(region)
    verification = await GuardianVerification.filter(account_id=account_id).using_db(db).first()
    if verification is None or verification.verified_at is not None:
        return
    key = (await vault.current().keys(db, [account_id])).get(account_id)
    guardian = vault.Vault.decrypt(key, account_id, "guardian_email", verification.guardian_email)
    if not guardian:
        return  # erased meanwhile: nobody to write to
    code = f"{secrets.randbelow(10**6):06d}"
    await GuardianVerification.filter(id=verification.id).using_db(db).update(
        code_hash=_code_hash(settings, verification.id, code), attempts=0,
        expires_at=datetime.now(UTC) + CODE_TTL)
    await integrations.current().notifier("email").send(Notification(
        recipient=guardian,
        subject="Your consent is needed for a child's Sellergate account",
        body=(f"A Sellergate account was opened by someone who told us they are under "
              f"{CHILD_AGE}. The law asks for a parent's or guardian's agreement before we use "
              f"it. If you agree, enter this code in the app within "
              f"{int(CODE_TTL.total_seconds() // 3600)} hours: {code}\n\nIf you do not agree, "
              f"do nothing: the account and its data are deleted after "
              f"{settings.child_verification_days} days."),
        purpose="child_protection"))


async def verify_guardian_code(settings: Settings, principal: Principal, code: str) -> Account:
    """The guardian's code lifts the restriction. Attempts are limited; codes expire."""
    account_id = principal.require_account()
    db = conn(principal.region)
    async with in_transaction(principal.region) as tx:
        verification = await GuardianVerification.filter(account_id=account_id).using_db(
            tx).select_for_update().first()
        if verification is None:
            raise NotFound("this account does not need a guardian's consent")
        if verification.verified_at is not None:
            return await Account.filter(id=account_id).using_db(tx).get()
        if verification.attempts >= MAX_ATTEMPTS:
            raise RateLimited("too many wrong codes: ask for a new one", 0.0)
        if verification.expires_at < datetime.now(UTC) or not verification.code_hash:
            raise BadInput("the code expired: ask for a new one", field="code")
        matches = hmac.compare_digest(verification.code_hash,
                                      _code_hash(settings, verification.id, code.strip()))
        if matches:
            await GuardianVerification.filter(id=verification.id).using_db(tx).update(
                verified_at=datetime.now(UTC), code_hash="")
            await Account.filter(id=account_id).using_db(tx).update(restricted=False)
        else:
            # Counted in this (committed) transaction; raising here would roll the count back.
            await GuardianVerification.filter(id=verification.id).using_db(tx).update(
                attempts=verification.attempts + 1)
    if not matches:
        raise BadInput("wrong code", field="code")
    principal_cache.forget([account_id])  # no longer restricted, from its next request
    return await Account.filter(id=account_id).using_db(db).get()


async def resend_guardian_code(principal: Principal) -> Job:
    account_id = principal.require_account()
    region = principal.region
    async with in_transaction(region) as tx:
        account = await Account.filter(id=account_id).using_db(tx).get()
        if not account.restricted:
            raise Forbidden("this account is not waiting for a guardian's consent")
        job = await jobs.create_job(region, SEND_GUARDIAN_CODE, using_db=tx, seller_id=account_id,
                                    payload={"account_id": str(account_id)})
    jobs.dispatch(region, job.id)
    return job


async def sweep_unverified_children(settings: Settings, *, now: datetime | None = None) -> int:
    """Delete child accounts whose guardian never verified, with all their data and keys."""
    cutoff = (now or datetime.now(UTC)) - timedelta(days=settings.child_verification_days)
    deleted = 0
    for region in REGIONS:
        stale = await Account.filter(restricted=True, created_at__lt=cutoff).using_db(
            conn(region)).values_list("id", flat=True)
        for account_id in stale:
            async with in_transaction(region) as tx:
                await GuardianVerification.filter(account_id=account_id).using_db(tx).delete()
                await Account.filter(id=account_id).using_db(tx).delete()  # cascades to data
                await vault.current().destroy(tx, [account_id])  # type: ignore[list-item]
            principal_cache.forget([account_id])  # type: ignore[list-item]
            await DirectoryEntry.filter(account_id=account_id).using_db(directory_conn()).delete()
            deleted += 1
    if deleted:
        log.info("deleted %d child accounts without guardian consent", deleted)
    return deleted
