"""Admins looking at a seller's account: masked for support, clear for privacy officers.

An admin is not a seller, so reading a seller's stores and orders goes through a ``reader``: a
Principal scoped to that seller and region with read-only permissions, which the ordinary
services accept and scope by, exactly as for the seller's own staff.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from gateway.auth.principal import Permission, Principal
from gateway.db import conn
from gateway.errors import Forbidden, NotFound
from gateway.models import Account, Buyer, Role
from gateway.privacy import audit, vault
from gateway.privacy.masking import mask_account, mask_buyer
from gateway.privacy.support_access import Access, access_for
from gateway.privacy.vault import AccountPersonal, BuyerPersonal
from gateway.services import orders

__all__ = ["AccountView", "buyers_for_view", "view_account"]

_READER_PERMISSIONS = frozenset({Permission.ORDERS_READ})


@dataclass(frozen=True, slots=True)
class AccountView:
    """An account as an admin sees it, and the principal reading its seller data."""

    account: Account
    region: str
    personal: AccountPersonal
    access: Access
    reader: Principal | None  # None: not a seller (staff, admin), so no stores or orders


async def view_account(principal: Principal, account_id: uuid.UUID) -> AccountView:
    """The account ``account_id`` for an admin; the look is audited in the account's region."""
    principal.require_account()
    if not principal.has(Permission.ADMIN_ACCOUNTS_READ):
        raise Forbidden("admins only")
    try:
        subject = await audit.account_subject(account_id)
    except NotFound:
        raise NotFound("account not found") from None
    row = await Account.filter(id=account_id).using_db(conn(subject.region)).first()
    if row is None:
        raise NotFound("account not found")
    access = await access_for(principal, account_id)
    personal = (await vault.reveal_accounts(subject.region, [row]))[row.id]
    await audit.admin_action(principal, "view_account", subject,
                             {"access": access.level.value}, purpose="support")
    reader = None
    if row.role == Role.OWNER:
        reader = Principal(account_id=principal.account_id, role=principal.role,
                           region=subject.region, seller_id=row.id,
                           permissions=_READER_PERMISSIONS)
    return AccountView(account=row, region=subject.region,
                       personal=personal if access.clear else mask_account(personal),
                       access=access, reader=reader)


async def buyers_for_view(view: AccountView, ids: list[uuid.UUID]
                          ) -> dict[uuid.UUID, tuple[Buyer, BuyerPersonal]]:
    """The seller's buyers, masked unless the admin may see them in clear."""
    if view.reader is None:
        return {}
    found = await orders.buyers_by_ids(view.reader, ids)
    if view.access.clear:
        return found
    return {k: (row, mask_buyer(personal)) for k, (row, personal) in found.items()}
