"""Who is asking: roles, permissions and the seller whose data a request may touch."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from gateway.errors import Forbidden, Unauthenticated
from gateway.models.accounts import Role

__all__ = ["ADMIN_ROLES", "ANONYMOUS", "Permission", "Principal", "permissions_for"]


class Permission(StrEnum):
    """Permissions a seller grants to staff; owners hold all of them."""

    ORDERS_READ = "orders:read"
    ORDERS_READ_BUYER_PII = "orders:read_buyer_pii"
    STORES_MANAGE = "stores:manage"
    SHIPMENTS_WRITE = "shipments:write"
    STAFF_MANAGE = "staff:manage"
    # admin permissions
    ADMIN_ACCOUNTS_READ = "admin:accounts_read"
    ADMIN_PRIVACY = "admin:privacy"
    ADMIN_ALL = "admin:all"


SELLER_PERMISSIONS = frozenset(
    p for p in Permission if not p.value.startswith("admin:")
)
ADMIN_ROLES = frozenset({Role.SUPPORT, Role.PRIVACY_OFFICER, Role.SUPERADMIN})
_ADMIN_PERMISSIONS = {
    Role.SUPPORT: frozenset({Permission.ADMIN_ACCOUNTS_READ}),
    Role.PRIVACY_OFFICER: frozenset({Permission.ADMIN_ACCOUNTS_READ, Permission.ADMIN_PRIVACY}),
    Role.SUPERADMIN: frozenset(
        {Permission.ADMIN_ACCOUNTS_READ, Permission.ADMIN_PRIVACY, Permission.ADMIN_ALL}
    ),
}


def permissions_for(role: Role, granted: list[str] | None = None) -> frozenset[Permission]:
    """The permissions a role holds; staff hold only what their seller granted."""
    if role == Role.OWNER:
        return SELLER_PERMISSIONS
    if role == Role.STAFF:
        return frozenset(Permission(p) for p in granted or [] if p in SELLER_PERMISSIONS)
    return _ADMIN_PERMISSIONS[role]


@dataclass(frozen=True, slots=True)
class Principal:
    """The authenticated caller; services take one and scope every query by it."""

    account_id: uuid.UUID | None
    role: Role | None
    region: str
    seller_id: uuid.UUID | None = None
    permissions: frozenset[Permission] = field(default_factory=frozenset)
    restricted: bool = False  # a child account waiting for its guardian's consent
    # When the access token behind this principal expires (epoch seconds; 0: no token). Long-lived
    # connections (subscriptions) check it, as every HTTP request checks its token.
    expires_at: float = 0.0

    @property
    def is_authenticated(self) -> bool:
        return self.account_id is not None

    @property
    def is_admin(self) -> bool:
        return self.role in ADMIN_ROLES

    def has(self, permission: Permission | str) -> bool:
        return permission in self.permissions

    def require_account(self) -> uuid.UUID:
        if self.account_id is None:
            raise Unauthenticated("log in first: send an access token as 'Authorization: Bearer'")
        return self.account_id

    def require_seller(self, permission: Permission | None = None) -> uuid.UUID:
        """The seller whose data this caller works on, checking ``permission`` if given."""
        self.require_account()
        if self.restricted:
            raise Forbidden("this account waits for a parent's or guardian's consent: enter "
                            "the code sent to them (verifyGuardianConsent)", reason="restricted")
        if self.seller_id is None:
            raise Forbidden("this operation is for seller accounts and their staff")
        if permission is not None and not self.has(permission):
            raise Forbidden(f"missing permission {permission.value}", permission=permission.value)
        return self.seller_id


ANONYMOUS = Principal(account_id=None, role=None, region="us")
