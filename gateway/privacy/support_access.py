"""Time-limited clear access for support admins, granted by a privacy officer.

Support admins see a seller's personal fields masked (``gateway.privacy.masking``). A privacy
officer (or superadmin) may let one support admin see one subject's data in clear for a few
minutes, with a reason; the grant is an ``AccessGrant`` in the global directory and is audited
in the subject's region. Privacy officers and superadmins always see clear values (audited).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from gateway.auth.principal import Permission, Principal
from gateway.db import conn, directory_conn
from gateway.errors import BadInput, Forbidden
from gateway.models import AccessGrant, Account, DirectoryEntry, Role
from gateway.privacy import audit

__all__ = ["MAX_GRANT_MINUTES", "Access", "AccessLevel", "access_for", "grant_support_access"]

MAX_GRANT_MINUTES = 8 * 60  # one working day: longer needs a new, separately reasoned grant


class AccessLevel(StrEnum):
    CLEAR = "clear"  # privacy officers and superadmins
    GRANTED = "granted"  # a support admin during a grant
    MASKED = "masked"  # a support admin without a grant


@dataclass(frozen=True, slots=True)
class Access:
    level: AccessLevel
    expires_at: datetime | None = None

    @property
    def clear(self) -> bool:
        return self.level != AccessLevel.MASKED


async def _support_admin(account_id: uuid.UUID) -> Account | None:
    entry = await DirectoryEntry.filter(account_id=account_id).using_db(directory_conn()).first()
    if entry is None:
        return None
    return await Account.filter(id=account_id, role=Role.SUPPORT, is_active=True).using_db(
        conn(entry.region)).first()


async def grant_support_access(principal: Principal, *, support_account_id: uuid.UUID,
                               subject_id: uuid.UUID, minutes: int, reason: str) -> AccessGrant:
    """Let a support admin see ``subject_id``'s personal data in clear for ``minutes``."""
    officer = principal.require_account()
    if not principal.has(Permission.ADMIN_PRIVACY):
        raise Forbidden("only privacy officers and superadmins grant access to personal data")
    if not 1 <= minutes <= MAX_GRANT_MINUTES:
        raise BadInput(f"minutes must be between 1 and {MAX_GRANT_MINUTES}", field="minutes")
    if not reason.strip():
        raise BadInput("a reason is required (e.g. the support ticket)", field="reason")
    if await _support_admin(support_account_id) is None:
        raise BadInput("supportAccountId is not an active support admin",
                       field="supportAccountId")
    subject = await audit.account_subject(subject_id)
    grant = AccessGrant(id=uuid.uuid4(), grantee_id=support_account_id, subject_id=subject_id,
                        granted_by=officer, reason=reason.strip(),
                        expires_at=datetime.now(UTC) + timedelta(minutes=minutes))
    # Audited before it takes effect: a grant never exists without its audit event.
    await audit.admin_action(principal, "grant_support_access", subject, {
        "grant_id": str(grant.id), "grantee_id": str(support_account_id), "minutes": minutes,
        "expires_at": grant.expires_at.isoformat()}, purpose="support")
    await grant.save(using_db=directory_conn(), force_create=True)
    return grant


async def access_for(principal: Principal, subject_id: uuid.UUID,
                     now: datetime | None = None) -> Access:
    """How an admin may see ``subject_id``'s personal fields right now."""
    principal.require_account()
    if principal.has(Permission.ADMIN_PRIVACY):
        return Access(AccessLevel.CLEAR)
    if principal.role != Role.SUPPORT:
        raise Forbidden("admins only")
    grant = await AccessGrant.filter(
        grantee_id=principal.account_id, subject_id=subject_id,
        expires_at__gt=now or datetime.now(UTC),
    ).using_db(directory_conn()).order_by("-expires_at").first()
    if grant is None:
        return Access(AccessLevel.MASKED)
    return Access(AccessLevel.GRANTED, expires_at=grant.expires_at)
