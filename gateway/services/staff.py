"""Seller staff: accounts that work on a seller's data with the permissions it granted."""

from __future__ import annotations

from tortoise.transactions import in_transaction

from gateway.auth.principal import SELLER_PERMISSIONS, Permission, Principal
from gateway.db import conn
from gateway.errors import BadInput
from gateway.models import Account, Role, StaffMember
from gateway.services.accounts import create_account
from gateway.settings import Settings

__all__ = ["add_staff_member"]


async def add_staff_member(
    settings: Settings, principal: Principal, *, email: str, password: str, name: str,
    permissions: list[str],
) -> StaffMember:
    """Create a staff account for the caller's seller; staff data lives in the seller's region."""
    seller_id = principal.require_seller(Permission.STAFF_MANAGE)
    unknown = sorted(set(permissions) - {p.value for p in SELLER_PERMISSIONS})
    if unknown:
        raise BadInput(f"unknown permissions: {', '.join(unknown)}", field="permissions")
    seller = await Account.filter(id=seller_id).using_db(conn(principal.region)).get()
    account = await create_account(
        settings, email=email, password=password, name=name, country=seller.country,
        role=Role.STAFF, region=principal.region,
    )
    async with in_transaction(principal.region) as tx:
        return await StaffMember.create(
            seller_id=seller_id, account_id=account.id, permissions=sorted(set(permissions)),
            using_db=tx,
        )
