"""Data residency: where a subject's data lives and what safeguard covers reading it elsewhere.

Placement is per subject, decided by country (``gateway.regions.region_for_country``: the
default table, ``CN -> cn`` and everyone else ``us``, overridden by
``SELLERGATE_PLACEMENT_RULES``). Every data category of a subject follows the subject, so the
rule per category is the account's rule (a seller's account for what their stores bring in);
``placement_for`` says so in one place for the data map.

A read of a subject's personal data by a process serving another region is a transfer, covered
by the safeguard in ``SAFEGUARDS``:

| from | to | safeguard | why |
| --- | --- | --- | --- |
| cn | us | scc | no adequacy decision between China and the United States: standard contractual clauses |
| us | cn | scc | likewise |
| same region | same region | none | not a transfer |

An adequacy decision, where one applies between two regions, goes in ``ADEQUACY`` and wins over
SCC.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from gateway.models import Transfer
from gateway.regions import REGIONS, placement_rules, region_for_country

if TYPE_CHECKING:
    from gateway.settings import Settings

__all__ = [
    "ADEQUACY",
    "SAFEGUARDS",
    "Placement",
    "is_transfer",
    "placement_for",
    "region_for_subject",
    "safeguard",
    "transfer_rows",
]

# Pairs of regions with an adequacy decision recognising the destination's protection level.
ADEQUACY: frozenset[tuple[str, str]] = frozenset()

SCC = "scc"
ADEQUATE = "adequacy"

SAFEGUARDS: dict[tuple[str, str], str] = {
    (a, b): ADEQUATE if (a, b) in ADEQUACY else SCC for a in REGIONS for b in REGIONS if a != b
}


# Data a seller's stores bring in (buyers, orders, parcels) lives with the seller's account.
_WITH_THE_SELLER = frozenset({"buyer_identity", "buyer_contact", "buyer_address",
                              "order_details", "shipment", "tracking"})


@dataclass(frozen=True, slots=True)
class Placement:
    """Where data of a category is placed: by whose country, with which rules."""

    category: str
    placed_by: str
    rules: dict[str, str]
    default_region: str

    def describe(self) -> str:
        """One line for the data map, e.g. ``the account's country: CN -> cn; otherwise us``."""
        mapped = "; ".join(f"{c} -> {r}" for c, r in sorted(self.rules.items()))
        return f"{self.placed_by}: {mapped}; otherwise {self.default_region}"


def region_for_subject(country: str, settings: Settings | None = None) -> str:
    """The region holding the data of a subject from ``country``."""
    return region_for_country(country, settings)


def placement_for(category: str, settings: Settings | None = None) -> Placement:
    """The placement rule of a data category: it follows the account it belongs to."""
    placed_by = ("the seller account's country" if category in _WITH_THE_SELLER
                 else "the account's country")
    return Placement(category=category, placed_by=placed_by, rules=placement_rules(settings),
                     default_region=region_for_country("", settings))


def is_transfer(subject_region: str, serving_region: str) -> bool:
    return subject_region != serving_region


def safeguard(from_region: str, to_region: str) -> str:
    """The safeguard covering personal data read from ``from_region`` in ``to_region``."""
    try:
        return SAFEGUARDS[(from_region, to_region)]
    except KeyError:
        raise ValueError(f"no transfer safeguard from {from_region!r} to {to_region!r}: "
                         f"regions are {', '.join(REGIONS)}") from None


def transfer_rows(subjects: Iterable[tuple[uuid.UUID, list[str]]], *, from_region: str,
             to_region: str, purpose: str, actor_id: uuid.UUID | None,
             at: datetime) -> list[Transfer]:
    """Unsaved transfer rows for subjects of ``from_region`` read in ``to_region`` (none when
    both are the same region)."""
    if not is_transfer(from_region, to_region):
        return []
    covered_by = safeguard(from_region, to_region)
    return [Transfer(id=uuid.uuid4(), at=at, subject_id=subject_id, categories=categories,
                     from_region=from_region, to_region=to_region, safeguard=covered_by,
                     purpose=purpose, actor_id=actor_id)
            for subject_id, categories in subjects]
