"""Masked personal values, as support admins see them without a privacy officer's grant.

The format keeps the first character and replaces every other character by ``•`` (U+2022), so
the length shows but nothing else: ``"alice@shop.example"`` -> ``"a•••••••••••••••••"``,
``"+15550001"`` -> ``"+••••••••"``. Empty values stay empty, erased ones (None) stay None.
"""

from __future__ import annotations

from typing import Any

from gateway.privacy.vault import AccountPersonal, BuyerPersonal

__all__ = ["MASK_CHAR", "mask", "mask_account", "mask_buyer"]

MASK_CHAR = "•"


def mask(value: str | None) -> str | None:
    """``value`` with all but its first character replaced by ``MASK_CHAR``."""
    if not value:
        return value
    return value[0] + MASK_CHAR * (len(value) - 1)


def mask_account(personal: AccountPersonal) -> AccountPersonal:
    return AccountPersonal(email=mask(personal.email), name=mask(personal.name),
                           mobile=mask(personal.mobile))


def mask_buyer(personal: BuyerPersonal) -> BuyerPersonal:
    address: dict[str, Any] | None = None
    if personal.address is not None:
        address = {k: mask(str(v)) if v else v for k, v in personal.address.items()}
    return BuyerPersonal(name=mask(personal.name), phone=mask(personal.phone),
                         email=mask(personal.email), address=address)
