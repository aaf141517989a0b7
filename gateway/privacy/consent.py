"""The consent ledger: append-only decisions per subject and purpose; the latest one is in force.

Only purposes whose legal basis is consent can be granted; a legitimate-interest purpose takes an
objection (recorded as a withdrawal and honoured the same way); contract purposes need neither.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from gateway.auth.principal import Principal
from gateway.db import conn, directory_conn
from gateway.errors import BadInput
from gateway.models import ConsentRecord, PolicyVersion
from gateway.privacy.purposes import PURPOSES, LegalBasis, UnregisteredPurpose, purpose
from gateway.settings import Settings

__all__ = [
    "COOKIE_PURPOSES",
    "ConsentState",
    "consented",
    "current",
    "opt_out_token",
    "read_opt_out_token",
    "record",
    "record_cookie_consent",
]

COOKIE_PURPOSES = {"preferences": "cookies_preferences", "analytics": "cookies_analytics",
                   "research": "cookies_research"}
OPT_OUT_TTL_SECONDS = 180 * 24 * 3600


@dataclass(frozen=True)
class ConsentState:
    purpose: str
    granted: bool
    legal_basis: str
    description: str
    changed_at: datetime | None


def _check(name: str, granted: bool) -> None:
    try:
        declared = purpose(name)
    except UnregisteredPurpose as exc:
        raise BadInput(str(exc), field="purpose") from exc
    if declared.legal_basis == LegalBasis.CONSENT:
        return
    if declared.legal_basis == LegalBasis.LEGITIMATE_INTEREST and not granted:
        return  # an objection
    raise BadInput(f"{name} rests on {declared.legal_basis.value}, not on consent: "
                   "there is nothing to grant or withdraw", field="purpose")


async def _policy_version() -> str:
    latest = await PolicyVersion.all().using_db(directory_conn()).order_by(
        "-published_at").first()
    return latest.version if latest else "initial"


async def record(region: str, subject_id: str, name: str, granted: bool, *, source: str,
                 ip: str = "", cookie_id: str = "", subject_type: str = "account"
                 ) -> ConsentRecord:
    """Append one decision (never update or delete one: the ledger is the evidence)."""
    _check(name, granted)
    return await ConsentRecord.create(
        subject_id=subject_id, subject_type=subject_type, purpose=name, granted=granted,
        policy_version=await _policy_version(), source=source, ip=ip, cookie_id=cookie_id,
        using_db=conn(region))


async def current(region: str, subject_id: str) -> dict[str, ConsentState]:
    """Every consent-based or objectionable purpose with its state for the subject."""
    rows = await ConsentRecord.filter(subject_id=subject_id).using_db(conn(region)).order_by(
        "created_at", "id")
    latest = {r.purpose: r for r in rows}
    states = {}
    for name, declared in PURPOSES.items():
        if declared.legal_basis not in (LegalBasis.CONSENT, LegalBasis.LEGITIMATE_INTEREST):
            continue
        row = latest.get(name)
        # Consent is off until given; a legitimate interest applies until objected to.
        default = declared.legal_basis == LegalBasis.LEGITIMATE_INTEREST
        states[name] = ConsentState(name, row.granted if row else default,
                                    declared.legal_basis.value, declared.description,
                                    row.created_at if row else None)
    return states


async def consented(region: str, subject_ids: Iterable[str], name: str) -> set[str]:
    """Which of the subjects have the purpose in force, in one query."""
    ids = list(subject_ids)
    rows = await ConsentRecord.filter(subject_id__in=ids, purpose=name).using_db(
        conn(region)).order_by("created_at", "id").values_list("subject_id", "granted")
    latest: dict[str, bool] = {}
    for subject_id, granted in rows:
        latest[str(subject_id)] = bool(granted)
    if purpose(name).legal_basis == LegalBasis.LEGITIMATE_INTEREST:
        return {s for s in ids if latest.get(s, True)}
    return {s for s, granted in latest.items() if granted}


async def grant(principal: Principal, name: str, *, granted: bool, source: str,
                ip: str) -> ConsentState:
    account_id = str(principal.require_account())
    await record(principal.region, account_id, name, granted, source=source, ip=ip)
    return (await current(principal.region, account_id))[name]


async def record_cookie_consent(region: str, cookie_id: str, choices: dict[str, bool], *,
                                ip: str) -> list[ConsentRecord]:
    """A visitor's cookie banner decision: one record per cookie category."""
    if not cookie_id or len(cookie_id) > 100:
        raise BadInput("cookieId is required (at most 100 characters)", field="cookieId")
    unknown = set(choices) - set(COOKIE_PURPOSES)
    if unknown or not all(isinstance(v, bool) for v in choices.values()):
        raise BadInput(f"categories are {', '.join(COOKIE_PURPOSES)} with true/false values",
                       field="categories")
    return [await record(region, cookie_id, COOKIE_PURPOSES[category], allowed,
                         source="cookie_banner", ip=ip, cookie_id=cookie_id,
                         subject_type="visitor")
            for category, allowed in sorted(choices.items())]


def _key(settings: Settings) -> bytes:
    return hmac.new(settings.blind_index_secret(), b"consent-opt-out", hashlib.sha256).digest()


def opt_out_token(settings: Settings, region: str, subject_id: str, name: str) -> str:
    """A signed one-click opt-out token for promotional messages."""
    body = base64.urlsafe_b64encode(json.dumps(
        [region, subject_id, name, int(time.time()) + OPT_OUT_TTL_SECONDS]).encode()).decode()
    mac = hmac.new(_key(settings), body.encode(), hashlib.sha256).hexdigest()
    return f"{body}.{mac}"


def read_opt_out_token(settings: Settings, token: str) -> tuple[str, str, str]:
    """(region, subject, purpose) from a genuine, unexpired token; BadInput otherwise."""
    body, _, mac = token.partition(".")
    good = hmac.new(_key(settings), body.encode(), hashlib.sha256).hexdigest()
    if not mac or not hmac.compare_digest(good, mac):
        raise BadInput("this opt-out link is not valid", field="token")
    try:
        region, subject_id, name, expires = json.loads(base64.urlsafe_b64decode(body))
    except (ValueError, TypeError) as exc:
        raise BadInput("this opt-out link is not valid", field="token") from exc
    if expires < time.time():
        raise BadInput("this opt-out link expired: manage consent in your account settings",
                       field="token")
    uuid.UUID(subject_id)
    return str(region), str(subject_id), str(name)
