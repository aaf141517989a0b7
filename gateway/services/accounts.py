"""Accounts: sign-up, log-in, token refresh and log-out, and turning a token into a Principal."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from gateway.auth import principal_cache, tokens
from gateway.auth.passwords import check_password, hash_password, needs_rehash
from gateway.auth.principal import Principal, permissions_for
from gateway.auth.rate_limits import check_rate
from gateway.auth.throttle import FailureThrottle
from gateway.db import conn, directory_conn, select_rows
from gateway.errors import BadInput, Conflict, NotFound, RateLimited, Unauthenticated
from gateway.models import Account, DirectoryEntry, RefreshToken, Role, StaffMember
from gateway.privacy import policy, vault
from gateway.privacy.blind_index import blind_index, normalize_email
from gateway.privacy.vault import AccountPersonal
from gateway.regions import REGIONS, region_for_country
from gateway.services import children, jobs
from gateway.settings import Settings

__all__ = [
    "AuthResult",
    "create_account",
    "get_account",
    "log_in",
    "log_out",
    "principal_for_token",
    "refresh",
    "sign_up",
]

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 10


@dataclass(frozen=True, slots=True)
class AuthResult:
    access_token: str
    refresh_token: str
    expires_in: int
    account: Account
    personal: AccountPersonal
    region: str


def _validate(email: str, password: str, name: str, country: str) -> None:
    if not _EMAIL.match(email.strip()):
        raise BadInput("email is not a valid address", field="email")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise BadInput(f"password needs at least {MIN_PASSWORD_LENGTH} characters",
                       field="password")
    if not name.strip():
        raise BadInput("name is required", field="name")
    if not re.fullmatch(r"[A-Za-z]{2}", country.strip()):
        raise BadInput("country must be an ISO 3166-1 alpha-2 code such as US or CN",
                       field="country")


def _validate_birth(birth_date: date | None, guardian_email: str | None, email: str) -> None:
    if birth_date is None:
        return
    today = datetime.now(UTC).date()
    if birth_date > today or children.age_on(birth_date, today) > 130:
        raise BadInput("birth date is not plausible", field="birthDate")
    if guardian_email is None:
        return
    if not _EMAIL.match(guardian_email.strip()):
        raise BadInput(f"under {children.CHILD_AGE} a parent's or guardian's email is needed",
                       field="guardianEmail")
    if normalize_email(guardian_email) == normalize_email(email):
        raise BadInput("the guardian's email must not be the child's own", field="guardianEmail")


async def create_account(
    settings: Settings,
    *,
    email: str,
    password: str,
    name: str,
    country: str,
    mobile: str = "",
    role: Role = Role.OWNER,
    region: str | None = None,
    birth_date: date | None = None,
    guardian_email: str = "",
) -> Account:
    """Create an account in its region and claim its email in the global directory.

    A child (under 14 on ``birth_date``) needs ``guardian_email``: the account stays restricted
    until the guardian confirms with the code emailed to them.
    """
    _validate(email, password, name, country)
    child = birth_date is not None and children.is_child(birth_date)
    _validate_birth(birth_date, guardian_email if child else None, email)
    region = region or region_for_country(country)
    email_index = blind_index(settings.blind_index_secret(), "email", normalize_email(email))
    account_id = uuid.uuid4()
    try:
        # The directory's unique index is the global claim on the email: take it first.
        await DirectoryEntry.create(
            account_id=account_id, region=region, email_index=email_index,
            using_db=directory_conn(),
        )
    except IntegrityError as exc:
        raise Conflict("an account with this email already exists", field="email") from exc
    try:
        async with in_transaction(region) as tx:
            # The data key and the sealed fields commit together with the account.
            sealed = await vault.current().seal(tx, "account", account_id, {
                "email": normalize_email(email), "name": name.strip(), "mobile": mobile.strip()})
            account = await Account.create(
                id=account_id,
                role=role,
                email_index=email_index,
                password_hash=hash_password(password),
                country=country.strip().upper(),
                birth_date=birth_date,
                restricted=child,
                using_db=tx,
                **sealed,
            )
            job = (await children.request_guardian_consent(tx, region, account_id, guardian_email)
                   if child else None)
        if job is not None:
            jobs.dispatch(region, job.id)
        return account
    except BaseException:
        await DirectoryEntry.filter(account_id=account_id).using_db(directory_conn()).delete()
        raise


async def sign_up(settings: Settings, *, email: str, password: str, name: str, country: str,
                  mobile: str = "", birth_date: date | None = None,
                  guardian_email: str = "", ip: str = "",
                  accepted_policy_version: str | None = None) -> AuthResult:
    """Create an owner account and log it in; ``ip`` (the client's) is rate limited.

    Signing up accepts the privacy policy in force (``accepted_policy_version``, when the
    frontend sends it, must be that version: the user accepted what they were shown).
    """
    if ip:
        await check_rate("sign_up_ip", ip)
    current = await policy.current_policy()
    if accepted_policy_version and current and accepted_policy_version != current.version:
        raise BadInput(f"the privacy policy in force is {current.version}: show it and ask again",
                       field="acceptedPolicyVersion")
    account = await create_account(
        settings, email=email, password=password, name=name, country=country, mobile=mobile,
        birth_date=birth_date, guardian_email=guardian_email,
    )
    region = region_for_country(account.country)
    await policy.accept(region, account.id, ip=ip)
    return await _issue(settings, account, region, uuid.uuid4())


async def log_in(settings: Settings, throttle: FailureThrottle, *, email: str, password: str,
                 ip: str) -> AuthResult:
    """Check credentials; repeated failures lock the account and the IP out for a while."""
    email_index = blind_index(settings.blind_index_secret(), "email", normalize_email(email))
    await check_rate("log_in_ip", ip)
    await check_rate("log_in_account", email_index)
    keys = ((f"account:{email_index}", settings.login_max_failures_per_account),
            (f"ip:{ip}", settings.login_max_failures_per_ip))
    wait = max([await throttle.retry_after(key) for key, _ in keys])
    if wait > 0:
        raise RateLimited(f"too many failed log-ins: try again in {int(wait) + 1} s", wait)

    entry = await DirectoryEntry.filter(email_index=email_index).using_db(directory_conn()).first()
    account = None
    if entry is not None:
        account = await Account.filter(id=entry.account_id).using_db(conn(entry.region)).first()
    if account is None or not account.is_active or not check_password(
        account.password_hash if account else None, password
    ):
        for key, limit in keys:
            await throttle.record_failure(key, limit)
        raise Unauthenticated("wrong email or password")
    for key, _ in keys:
        await throttle.reset(key)
    assert entry is not None
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
        await account.save(update_fields=["password_hash"], using_db=conn(entry.region))
    return await _issue(settings, account, entry.region, uuid.uuid4())


async def refresh(settings: Settings, refresh_token: str) -> AuthResult:
    """Rotate a refresh token; presenting one already used revokes its whole family."""
    region = tokens.split_refresh_token(refresh_token)
    if region not in REGIONS:
        raise Unauthenticated("invalid refresh token")
    db = conn(region)
    now = datetime.now(UTC)
    async with in_transaction(region) as tx:
        row = await (
            RefreshToken.filter(token_hash=tokens.hash_refresh_token(refresh_token))
            .using_db(tx).select_for_update().first()
        )
        if row is None or row.revoked_at is not None or row.expires_at <= now:
            raise Unauthenticated("refresh token is invalid, expired or revoked")
        if row.used_at is not None:
            await RefreshToken.filter(family=row.family).using_db(tx).update(revoked_at=now)
            reused = True
        else:
            row.used_at = now
            await row.save(update_fields=["used_at"], using_db=tx)
            reused = False
    if reused:
        raise Unauthenticated("refresh token was already used: every session of it is revoked")
    account = await Account.filter(id=row.account_id).using_db(db).first()  # type: ignore[attr-defined]
    if account is None or not account.is_active:
        raise Unauthenticated("account no longer exists")
    return await _issue(settings, account, region, row.family)


async def log_out(refresh_token: str) -> bool:
    """Revoke the refresh token's family (this login on this device)."""
    region = tokens.split_refresh_token(refresh_token)
    if region not in REGIONS:
        return False
    db = conn(region)
    row = await RefreshToken.filter(
        token_hash=tokens.hash_refresh_token(refresh_token)
    ).using_db(db).first()
    if row is None:
        return False
    await RefreshToken.filter(family=row.family).using_db(db).update(revoked_at=datetime.now(UTC))
    return True


async def _issue(settings: Settings, account: Account, region: str,
                 family: uuid.UUID) -> AuthResult:
    refresh_token = tokens.new_refresh_token(region)
    await RefreshToken.create(
        account_id=account.id,
        family=family,
        token_hash=tokens.hash_refresh_token(refresh_token),
        expires_at=datetime.now(UTC) + timedelta(seconds=settings.refresh_token_ttl_seconds),
        using_db=conn(region),
    )
    personal = (await vault.reveal_accounts(region, [account]))[account.id]
    return AuthResult(
        access_token=tokens.issue_access_token(settings, account.id, region),
        refresh_token=refresh_token,
        expires_in=settings.access_token_ttl_seconds,
        account=account,
        personal=personal,
        region=region,
    )


_PRINCIPAL_FIELDS = ("id", "role", "is_active", "restricted")


async def principal_for_token(settings: Settings, token: str) -> Principal:
    """The Principal behind a bearer access token: its account read at most
    ``settings.principal_cache_seconds`` ago (``gateway.auth.principal_cache``)."""
    claims = tokens.decode_access_token(settings, token)
    if claims.region not in REGIONS:
        raise Unauthenticated("invalid access token")
    known = principal_cache.recall(claims.region, claims.account_id,
                                   settings.principal_cache_seconds)
    if known is not None:
        return (known if known.expires_at == claims.expires_at
                else replace(known, expires_at=claims.expires_at))
    mark = principal_cache.started()
    principal = await _read_principal(claims)
    principal_cache.remember(claims.region, principal, mark)
    return principal


async def _read_principal(claims: tokens.AccessClaims) -> Principal:
    db = conn(claims.region)
    # On every request: its statement written once, reading only what a Principal needs.
    found = await select_rows(Account, db, 'WHERE "account"."id" = {p1}', None,
                              claims.account_id, fields=_PRINCIPAL_FIELDS)
    account = found[0] if found else None
    if account is None or not account.is_active:
        raise Unauthenticated("account no longer exists or is disabled")
    seller_id: uuid.UUID | None = None
    granted: list[str] = []
    if account.restricted:
        # A child without verified guardian consent can only see itself and verify.
        return Principal(account_id=account.id, role=account.role, region=claims.region,
                         restricted=True, expires_at=claims.expires_at)
    if account.role == Role.OWNER:
        seller_id = account.id
    elif account.role == Role.STAFF:
        membership = await StaffMember.filter(account_id=account.id).using_db(db).first()
        if membership is None:
            raise Unauthenticated("staff account is no longer attached to a seller")
        seller_id = membership.seller_id  # type: ignore[attr-defined]
        granted = list(membership.permissions)
    return Principal(
        account_id=account.id,
        role=account.role,
        region=claims.region,
        seller_id=seller_id,
        permissions=permissions_for(account.role, granted),
        expires_at=claims.expires_at,
    )


async def get_account(principal: Principal) -> tuple[Account, AccountPersonal]:
    """The caller's account and its personal fields, decrypted."""
    account_id = principal.require_account()
    account = await Account.filter(id=account_id).using_db(conn(principal.region)).first()
    if account is None:
        raise NotFound("account not found")
    personal = (await vault.reveal_accounts(principal.region, [account]))[account.id]
    return account, personal
