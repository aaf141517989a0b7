"""The transfer log: personal data of a subject read by a process serving another region.

Rows are made by the audit batch (``residency.transfer_rows``), so recording a transfer costs
no extra round trip; this module lists them for admins and counts them for the report.
"""

from __future__ import annotations

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import datetime

from gateway.auth.principal import Principal
from gateway.db import conn
from gateway.errors import BadInput
from gateway.models import Transfer
from gateway.privacy.audit import require_auditor
from gateway.privacy.log_pages import merged_page
from gateway.regions import REGIONS
from gateway.services.paging import Page

__all__ = ["ReportLine", "TransferFilter", "list_transfers", "report"]


@dataclass(frozen=True, slots=True)
class TransferFilter:
    subject_id: uuid.UUID | None = None
    from_region: str | None = None
    to_region: str | None = None
    safeguard: str | None = None
    category: str | None = None
    since: datetime | None = None
    until: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReportLine:
    """How many transfers carried ``category`` from one region to another under a safeguard."""

    from_region: str
    to_region: str
    safeguard: str
    category: str
    count: int


def _regions(where: TransferFilter) -> tuple[str, ...]:
    # A transfer is stored in the subject's region, which is the region it came from.
    if where.from_region is None:
        return REGIONS
    if where.from_region not in REGIONS:
        raise BadInput(f"fromRegion must be one of {', '.join(REGIONS)}", field="fromRegion")
    return (where.from_region,)


async def list_transfers(principal: Principal, where: TransferFilter | None = None, *,
                         first: int | None = None, after: str | None = None) -> Page[Transfer]:
    """Transfers of both regions, newest first (privacy officers and superadmins)."""
    require_auditor(principal)
    where = where or TransferFilter()
    query = Transfer.all()
    if where.subject_id is not None:
        query = query.filter(subject_id=where.subject_id)
    if where.to_region is not None:
        query = query.filter(to_region=where.to_region)
    if where.safeguard is not None:
        query = query.filter(safeguard=where.safeguard)
    if where.since is not None:
        query = query.filter(at__gte=where.since)
    if where.until is not None:
        query = query.filter(at__lt=where.until)
    category = where.category
    return await merged_page(
        dict.fromkeys(_regions(where), query), first=first, after=after,
        keep=(lambda t: category in t.categories) if category else None)


async def report(since: datetime | None = None) -> list[ReportLine]:
    """Transfer counts by (from, to, safeguard, category), over both regions."""
    counts: Counter[tuple[str, str, str, str]] = Counter()
    for region in REGIONS:
        query = Transfer.all() if since is None else Transfer.filter(at__gte=since)
        rows = await query.using_db(conn(region)).values_list(
            "from_region", "to_region", "safeguard", "categories")
        for from_region, to_region, covered_by, categories in rows:
            for category in categories:
                counts[(from_region, to_region, covered_by, category)] += 1
    return [ReportLine(*key, count=n) for key, n in sorted(counts.items())]
