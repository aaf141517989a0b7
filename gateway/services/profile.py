"""Self-service access and rectification of the profile (log in -> avatar -> Profile): nickname,
mobile, country/region, email (changed only after the new address is verified)."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from datetime import UTC, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from gateway.auth.principal import Principal
from gateway.connectors import Notification
from gateway.db import conn, directory_conn
from gateway.errors import BadInput, Conflict
from gateway.models import Account, DirectoryEntry, PrivacyRequest
from gateway.privacy import vault
from gateway.privacy.blind_index import blind_index, normalize_email
from gateway.regions import region_for_country
from gateway.services import integrations
from gateway.settings import Settings

__all__ = ["apply_rectification", "confirm_email_change", "start_email_change", "update_profile"]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MOBILE = re.compile(r"^\+?[0-9 ()-]{6,20}$")
EMAIL_CODE_TTL = timedelta(hours=1)


async def update_profile(principal: Principal, *, nickname: str | None = None,
                         mobile: str | None = None, country: str | None = None) -> Account:
    account_id = principal.require_account()
    region = principal.region
    account = await Account.filter(id=account_id).using_db(conn(region)).get()
    await _apply(region, account, {"nickname": nickname, "mobile": mobile, "country": country})
    return await Account.filter(id=account_id).using_db(conn(region)).get()


async def _apply(region: str, account: Account, changes: dict[str, str | None]) -> None:
    updates: dict[str, object] = {}
    if changes.get("nickname") is not None:
        nickname = str(changes["nickname"]).strip()
        if len(nickname) > 100:
            raise BadInput("nickname is at most 100 characters", field="nickname")
        updates["nickname"] = nickname
    if changes.get("mobile") is not None:
        mobile = str(changes["mobile"]).strip()
        if mobile and not _MOBILE.match(mobile):
            raise BadInput("mobile must be a phone number such as +1 415 555 0101",
                           field="mobile")
        updates.update(await vault.current().seal(conn(region), "account", account.id,
                                                  {"mobile": mobile}))
    if changes.get("country") is not None:
        country = str(changes["country"]).strip().upper()
        if not re.fullmatch(r"[A-Z]{2}", country):
            raise BadInput("country must be an ISO 3166-1 alpha-2 code", field="country")
        if region_for_country(country) != region:
            # The data would have to move to the other region's store; that is a supported
            # request handled by the privacy team, not a profile edit.
            raise BadInput("this country is served from another data region: ask for it with "
                           "a rectification request", field="country")
        updates["country"] = country
    if updates:
        await Account.filter(id=account.id).using_db(conn(region)).update(**updates)


def _email_code_hash(settings: Settings, account: Account, email: str, code: str) -> str:
    return hmac.new(settings.blind_index_secret(),
                    f"email-change\x00{account.id}\x00{email}\x00{code}".encode(),
                    hashlib.sha256).hexdigest()


async def start_email_change(settings: Settings, principal: Principal, new_email: str) -> None:
    """Send a code to the new address; the email changes only once the code comes back."""
    account_id = principal.require_account()
    email = normalize_email(new_email)
    if not _EMAIL.match(email):
        raise BadInput("email is not a valid address", field="email")
    index = blind_index(settings.blind_index_secret(), "email", email)
    if await DirectoryEntry.filter(email_index=index).using_db(directory_conn()).exists():
        raise Conflict("an account with this email already exists", field="email")
    region = principal.region
    account = await Account.filter(id=account_id).using_db(conn(region)).get()
    code = f"{secrets.randbelow(10**6):06d}"
    pending = await vault.current().seal(conn(region), "account", account.id,
                                         {"pending_email": email})
    await PrivacyRequest.create(
        kind="rectification", subject_id=account.id, requester_id=account.id,
        state="identity_verification", source="self_service",
        details={"field": "email", "pending": pending["pending_email"]},
        code_hash=_email_code_hash(settings, account, email, code),
        code_expires_at=datetime.now(UTC) + EMAIL_CODE_TTL, using_db=conn(region))
    await integrations.current().notifier("email").send(Notification(
        recipient=email, subject="Confirm your new Sellergate email",
        body=f"Enter this code to make this your Sellergate login email: {code}",
        purpose="service_operation"))


async def confirm_email_change(settings: Settings, principal: Principal, code: str) -> Account:
    account_id = principal.require_account()
    region = principal.region
    account = await Account.filter(id=account_id).using_db(conn(region)).get()
    pending = await PrivacyRequest.filter(
        subject_id=account_id, kind="rectification", state="identity_verification",
        code_expires_at__gt=datetime.now(UTC)).using_db(conn(region)).order_by(
        "-created_at").first()
    if pending is None or pending.details.get("field") != "email":
        raise BadInput("no email change is waiting for a code", field="code")
    key = (await vault.current().keys(conn(region), [account_id])).get(account_id)
    email = vault.Vault.decrypt(key, account_id, "pending_email", pending.details["pending"])
    if not email or pending.code_attempts >= 5 or not hmac.compare_digest(
            pending.code_hash, _email_code_hash(settings, account, email, code.strip())):
        await PrivacyRequest.filter(id=pending.id).using_db(conn(region)).update(
            code_attempts=pending.code_attempts + 1)
        raise BadInput("wrong or expired code", field="code")
    index = blind_index(settings.blind_index_secret(), "email", email)
    try:
        await DirectoryEntry.filter(account_id=account_id).using_db(directory_conn()).update(
            email_index=index)
    except IntegrityError as exc:
        raise Conflict("an account with this email already exists", field="email") from exc
    sealed = await vault.current().seal(conn(region), "account", account_id, {"email": email})
    async with in_transaction(region) as tx:
        await Account.filter(id=account_id).using_db(tx).update(email_index=index, **sealed)
        await PrivacyRequest.filter(id=pending.id).using_db(tx).update(
            state="completed", completed_at=datetime.now(UTC), code_hash="",
            details={"field": "email"}, verified_at=datetime.now(UTC))
    return await Account.filter(id=account_id).using_db(conn(region)).get()


async def apply_rectification(region: str, request: PrivacyRequest) -> None:
    """A privacy officer approved a rectification request: apply its changes."""
    account = await Account.filter(id=request.subject_id).using_db(conn(region)).get()
    changes = {k: request.details.get(k) for k in ("nickname", "mobile", "country")}
    await _apply(region, account, changes)
