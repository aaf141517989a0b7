"""The record of what personal data Sellergate processes, why, on what legal basis, how long.

One place: the schema directives name these categories and purposes, services refuse
unregistered ones, the retention sweeper and the data map read them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

__all__ = [
    "CATEGORIES",
    "PURPOSES",
    "Category",
    "LegalBasis",
    "Purpose",
    "UnregisteredPurpose",
    "category",
    "purpose",
]


class LegalBasis(StrEnum):
    CONTRACT = "contract"
    CONSENT = "consent"  # opt-in, withdrawable at any time (opt-out)
    LEGITIMATE_INTEREST = "legitimate_interest"  # balanced; the subject may object
    LEGAL_OBLIGATION = "legal_obligation"


class UnregisteredPurpose(LookupError):
    """Collecting or using data for a purpose the registry does not declare is refused."""


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    description: str
    retention: str
    retention_days: int | None  # None: kept while the account or store relationship lasts
    recipients: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Purpose:
    name: str
    description: str
    legal_basis: LegalBasis
    categories: tuple[str, ...]
    retention: str

    @property
    def needs_consent(self) -> bool:
        return self.legal_basis == LegalBasis.CONSENT


_CATEGORIES = [
    Category("account_contact", "seller's login email and mobile number",
             "while the account exists; deleted on verified cancellation", None),
    Category("account_identity", "seller's name and nickname",
             "while the account exists; deleted on verified cancellation", None),
    Category("account_profile", "country/region (decides the data region)",
             "while the account exists", None),
    Category("account_credentials", "password hash (argon2id), refresh-token hashes",
             "while the account exists; tokens until they expire", None),
    Category("buyer_identity", "buyers' names, with the seller's authorization",
             "30 days after delivery, then de-identified", 30,
             ("the seller's marketplace (source)",)),
    Category("buyer_contact", "buyers' email and phone, with the seller's authorization",
             "30 days after delivery, then de-identified", 30,
             ("the seller's marketplace (source)",)),
    Category("buyer_address", "buyers' shipping addresses, with the seller's authorization",
             "30 days after delivery, then de-identified", 30,
             ("the seller's marketplace (source)", "tracking service (destination country)")),
    Category("order_details", "store name, products, prices, order and delivery times",
             "while the store is connected; amounts kept de-identified for tax law", None),
    Category("shipment", "carriers and tracking numbers", "while the order is kept", None,
             ("17TRACK",)),
    Category("tracking", "tracking events of parcels", "while the order is kept", None,
             ("17TRACK",)),
    Category("support_session", "IP address and cookie id in the online service room",
             "30 days", 30),
    Category("consent_evidence", "IP address and cookie id recorded with a consent decision",
             "as long as the consent can be relied on, then 3 years", 3 * 365),
    Category("guardian_contact", "a child's guardian email, for verifiable consent",
             "until verified or 7 days for unverified child accounts", 7),
]

_PURPOSES = [
    Purpose("service_operation", "run the platform: accounts, stores, orders, shipments",
            LegalBasis.CONTRACT,
            ("account_contact", "account_identity", "account_profile", "account_credentials",
             "buyer_identity", "buyer_contact", "buyer_address", "order_details", "shipment",
             "tracking"), "per category"),
    Purpose("order_communications", "messages about orders, shipments and their status",
            LegalBasis.CONTRACT, ("account_contact", "order_details", "shipment"),
            "per category"),
    Purpose("marketing_email", "feature news and promotions by email", LegalBasis.CONSENT,
            ("account_contact", "account_identity"), "until consent is withdrawn"),
    Purpose("marketing_sms", "feature news and promotions by SMS", LegalBasis.CONSENT,
            ("account_contact",), "until consent is withdrawn"),
    Purpose("marketing_push", "feature news and promotions by push notification",
            LegalBasis.CONSENT, ("account_contact",), "until consent is withdrawn"),
    Purpose("product_improvement", "usage analytics to improve the product",
            LegalBasis.LEGITIMATE_INTEREST, ("order_details", "support_session"),
            "aggregated after 30 days"),
    Purpose("support", "the online service room (support sessions)", LegalBasis.CONTRACT,
            ("support_session", "account_contact"), "30 days"),
    Purpose("cookies_necessary", "cookies needed for log-in and security", LegalBasis.CONTRACT,
            ("support_session",), "session"),
    Purpose("cookies_preferences", "cookies remembering preferences", LegalBasis.CONSENT,
            ("support_session",), "1 year"),
    Purpose("cookies_analytics", "cookies analysing usage", LegalBasis.CONSENT,
            ("support_session",), "1 year"),
    Purpose("cookies_research", "cookies for research and diagnostics", LegalBasis.CONSENT,
            ("support_session",), "1 year"),
    Purpose("privacy_rights", "answering data-subject requests and keeping their evidence",
            LegalBasis.LEGAL_OBLIGATION,
            ("account_contact", "consent_evidence", "guardian_contact"), "3 years"),
    Purpose("child_protection", "verifiable guardian consent for users under 14",
            LegalBasis.LEGAL_OBLIGATION, ("guardian_contact",), "per category"),
]

CATEGORIES: dict[str, Category] = {c.name: c for c in _CATEGORIES}
PURPOSES: dict[str, Purpose] = {p.name: p for p in _PURPOSES}


def purpose(name: str) -> Purpose:
    """The registered purpose ``name``; anything else is refused."""
    try:
        return PURPOSES[name]
    except KeyError:
        raise UnregisteredPurpose(f"{name!r} is not a registered processing purpose") from None


def category(name: str) -> Category:
    try:
        return CATEGORIES[name]
    except KeyError:
        raise UnregisteredPurpose(f"{name!r} is not a registered data category") from None
