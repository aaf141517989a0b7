"""The audit log of personal-data access: who touched whose data, which categories, why, when.

Events are written in the subject's region (the log is personal data about the subject too) and
hold identifiers, category names and field names, never the personal values themselves. Reads
are recorded in batches: one insert per region per request, with the transfers those reads
amount to (``residency.transfer_rows``) in the same pass.

Example::

    await audit.admin_action(principal, "grant_support_access", subject,
                             {"grant_id": str(grant.id), "minutes": 30})
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.transactions import in_transaction

from gateway.auth.principal import Permission, Principal
from gateway.db import conn, directory_conn, insert_rows, new_ids
from gateway.errors import BadInput, Forbidden, NotFound
from gateway.models import AuditEvent, DirectoryEntry, Transfer
from gateway.privacy.log_pages import merged_page
from gateway.privacy.purposes import purpose as registered_purpose
from gateway.privacy.residency import transfer_rows
from gateway.regions import REGIONS
from gateway.services.paging import Page

__all__ = [
    "ADMIN_PREFIX",
    "READ",
    "AuditFilter",
    "Read",
    "ReadLog",
    "Subject",
    "account_subject",
    "admin_action",
    "list_events",
    "record_reads",
    "require_auditor",
]

READ = "read"
ADMIN_PREFIX = "admin:"
_DETAIL_SCALARS = (str, int, float, bool, type(None))


@dataclass(frozen=True, slots=True)
class Subject:
    """Whose data: an account, a buyer or a store, and the region holding it."""

    id: uuid.UUID
    type: str
    region: str


@dataclass(frozen=True, slots=True)
class Read:
    """A personal field of ``subject`` was read: its category and ``Type.field`` name."""

    subject: Subject
    category: str
    field: str


class ReadLog:
    """The reads of an operation, kept as ``record_reads`` writes them: per subject, the
    categories and ``Type.field`` names read.

    Noting a read is a look-up and two set additions, with no object made per read: a page of
    fifty orders with their buyers notes a hundred.
    """

    __slots__ = ("_subjects",)

    def __init__(self, reads: Iterable[Read] = ()) -> None:
        # (subject id, subject type, region) -> (categories, fields)
        self._subjects: dict[tuple[uuid.UUID, str, str], tuple[set[str], set[str]]] = {}
        for read in reads:
            self.add(read)

    def note(self, subject_id: uuid.UUID, subject_type: str, region: str, category: str,
             field: str) -> None:
        """``add(Read(Subject(subject_id, subject_type, region), category, field))``."""
        key = (subject_id, subject_type, region)
        entry = self._subjects.get(key)
        if entry is None:
            entry = self._subjects[key] = (set(), set())
        entry[0].add(category)
        entry[1].add(field)

    def add(self, read: Read) -> None:
        subject = read.subject
        self.note(subject.id, subject.type, subject.region, read.category, read.field)

    def __len__(self) -> int:
        """The number of subjects read."""
        return len(self._subjects)

    def entries(self) -> Iterable[tuple[tuple[uuid.UUID, str, str], tuple[set[str], set[str]]]]:
        """Each subject read, with the categories and the fields read: ((subject id, subject
        type, region), (categories, fields))."""
        return self._subjects.items()


@dataclass(frozen=True, slots=True)
class AuditFilter:
    subject_id: uuid.UUID | None = None
    actor_id: uuid.UUID | None = None
    action: str | None = None
    category: str | None = None
    since: datetime | None = None
    until: datetime | None = None


def _actor(principal: Principal) -> tuple[uuid.UUID | None, str]:
    return principal.account_id, principal.role.value if principal.role else ""


def _check_details(details: Mapping[str, Any]) -> dict[str, Any]:
    """Details are identifiers, counts and names: refuse nested structures that could smuggle
    a personal value in unnoticed (callers pass ids, never emails or names)."""
    for key, value in details.items():
        values = value if isinstance(value, list) else [value]
        if not all(isinstance(v, _DETAIL_SCALARS) for v in values):
            raise TypeError(f"audit detail {key!r} must be a scalar or a list of scalars")
    return dict(details)


async def record_reads(reads: ReadLog | Iterable[Read], *, principal: Principal,
                       serving_region: str, purpose: str = "service_operation",
                       operation: str = "query") -> int:
    """Record reads of personal fields: one event per subject, one insert per region.

    Reads by a process serving another region than the subject's are also recorded as
    transfers, in the same transaction. Returns the number of audit events written.
    """
    registered_purpose(purpose)
    log = reads if isinstance(reads, ReadLog) else ReadLog(reads)
    actor_id, actor_role = _actor(principal)
    now = datetime.now(UTC)
    # Subjects read the same way (a page's buyers) share their type, categories and details:
    # each such kind once, which the rows refer to by position.
    kinds: dict[tuple[str, frozenset[str], frozenset[str]], int] = {}
    shared: list[tuple[str, list[str], dict[str, Any]]] = []
    by_region: dict[str, _ReadEvents] = {}
    for (subject_id, subject_type, region), (categories, fields) in log.entries():
        key = (subject_type, frozenset(categories), frozenset(fields))
        kind = kinds.get(key)
        if kind is None:
            kind = kinds[key] = len(shared)
            shared.append((subject_type, sorted(categories), {
                "fields": sorted(fields), "operation": operation,
                "served_from": serving_region}))
        events = by_region.get(region)
        if events is None:
            events = by_region[region] = _ReadEvents([], [], shared, at=now, actor_id=actor_id,
                                                     actor_role=actor_role, purpose=purpose)
        events.subjects.append(subject_id)
        events.kinds.append(kind)
    for region, events in by_region.items():
        moved = transfer_rows(
            ((subject_id, shared[kind][1])
             for subject_id, kind in zip(events.subjects, events.kinds, strict=True)),
            from_region=region, to_region=serving_region, purpose=purpose, actor_id=actor_id,
            at=now)
        if not moved:
            await events.insert(conn(region))
            continue
        async with in_transaction(region) as tx:
            await events.insert(tx)
            await Transfer.bulk_create(moved, using_db=tx)
    return len(log)


# The read events of a region in one statement: the subjects and the position of each one's kind
# (its type, categories and details) go as two arrays, the kinds once, as JSON; the server makes
# the ids (gen_random_uuid, PostgreSQL 13 and later). Names and types are fixed here, the values
# are parameters. (A varchar too long for its column is refused by the column.)
_READS_SQL = (
    'INSERT INTO "audit_event" ("id","at","actor_id","actor_role","action","subject_id",'
    '"subject_type","categories","purpose","details") '
    "SELECT gen_random_uuid(), $1::timestamptz, $2::uuid, $3::varchar, $4::varchar, r.subject, "
    "(s->r.kind->>0)::varchar, s->r.kind->1, $5::varchar, s->r.kind->2 "
    "FROM unnest($6::uuid[], $7::int[]) AS r(subject, kind), (SELECT $8::jsonb AS s) AS shared")


@dataclass(frozen=True, slots=True)
class _ReadEvents:
    """A region's read events: the subjects, the position of each one's kind in ``shared``,
    and what they all share."""

    subjects: list[uuid.UUID]
    kinds: list[int]
    shared: list[tuple[str, list[str], dict[str, Any]]]
    at: datetime
    actor_id: uuid.UUID | None
    actor_role: str
    purpose: str

    async def insert(self, db: BaseDBAsyncClient) -> None:
        """Write them, in one statement on PostgreSQL (a page of orders writes one per buyer:
        building and converting an instance per event cost a tenth of the read path, and
        the server decodes arrays for less than JSON), with ``insert_rows`` elsewhere."""
        if db.capabilities.dialect == "postgres":
            await db.execute_query(_READS_SQL, [
                self.at, self.actor_id, self.actor_role, READ, self.purpose, self.subjects,
                self.kinds, orjson.dumps(self.shared).decode()])
            return
        ids = new_ids(len(self.subjects))
        await insert_rows(AuditEvent, [{
            "id": event_id, "at": self.at, "actor_id": self.actor_id,
            "actor_role": self.actor_role, "action": READ, "subject_id": subject_id,
            "subject_type": self.shared[kind][0], "categories": self.shared[kind][1],
            "purpose": self.purpose, "details": self.shared[kind][2],
        } for event_id, subject_id, kind in zip(ids, self.subjects, self.kinds, strict=True)],
            db)


async def account_subject(account_id: uuid.UUID) -> Subject:
    """An account as an audit subject, placed through the global directory."""
    entry = await DirectoryEntry.filter(account_id=account_id).using_db(directory_conn()).first()
    if entry is None:
        raise NotFound("account not found")
    return Subject(id=account_id, type="account", region=entry.region)


async def admin_action(principal: Principal, action: str, subject: Subject | None,
                       details: Mapping[str, Any] | None = None, *,
                       categories: Iterable[str] = (), purpose: str = "privacy_rights"
                       ) -> AuditEvent:
    """Record what an admin did (``admin:<action>``), in the subject's region.

    :param action: the operation, e.g. ``grant_support_access`` (the prefix is added).
    :param subject: whose data the action concerns; None for actions on no one's data, which
        are recorded in the admin's own region.
    :param details: ids, counts and names only, never a personal value.
    """
    registered_purpose(purpose)
    actor_id, actor_role = _actor(principal)
    name = action if action.startswith(ADMIN_PREFIX) else ADMIN_PREFIX + action
    region = subject.region if subject else principal.region
    return await AuditEvent.create(
        actor_id=actor_id, actor_role=actor_role, action=name,
        subject_id=subject.id if subject else None, subject_type=subject.type if subject else "",
        categories=sorted(set(categories)), purpose=purpose,
        details=_check_details(details or {}), using_db=conn(region))


def require_auditor(principal: Principal) -> None:
    """The audit log and the transfer log are for privacy officers and superadmins."""
    principal.require_account()
    if not principal.has(Permission.ADMIN_PRIVACY):
        raise Forbidden("privacy officers and superadmins only")


async def list_events(principal: Principal, where: AuditFilter | None = None, *,
                      first: int | None = None, after: str | None = None) -> Page[AuditEvent]:
    """Audit events of both regions, newest first."""
    require_auditor(principal)
    where = where or AuditFilter()
    if where.since and where.until and where.since >= where.until:
        raise BadInput("'from' must be before 'to'", field="from")
    query = AuditEvent.all()
    if where.subject_id is not None:
        query = query.filter(subject_id=where.subject_id)
    if where.actor_id is not None:
        query = query.filter(actor_id=where.actor_id)
    if where.action:
        query = query.filter(action=where.action)
    if where.since is not None:
        query = query.filter(at__gte=where.since)
    if where.until is not None:
        query = query.filter(at__lt=where.until)
    category = where.category
    return await merged_page(
        dict.fromkeys(REGIONS, query), first=first, after=after,
        keep=(lambda e: category in e.categories) if category else None)
