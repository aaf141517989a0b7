"""Admin GraphQL: the audit and transfer logs, the data map, seller look-ups, support grants.

Resolvers are thin: the services check roles (privacy officers and superadmins for the logs and
grants, any admin for look-ups and the data map) and audit what admins do.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

import strawberry
from strawberry.scalars import JSON

from gateway import models
from gateway.privacy import audit, datamap, support_access, transfers
from gateway.services import admin_accounts
from gateway.services import orders as order_service
from gateway.services import stores as store_service
from schema.admin_loaders import open_view
from schema.ids import parse_id
from schema.types import Account, Order, OrderConnection, OrderEdge, PageInfo, Store

__all__ = ["AdminMutations", "AdminQueries"]



def _id(value: Any) -> strawberry.ID | None:
    return strawberry.ID(str(value)) if value is not None else None


# --- audit log ---------------------------------------------------------------------------


@strawberry.input(description="Narrow the audit log; all given conditions apply.")
class AuditEventFilter:
    subject_id: strawberry.ID | None = None
    actor_id: strawberry.ID | None = None
    action: str | None = strawberry.field(default=None,
                                          description="read, or admin:<operation>")
    category: str | None = None
    from_: datetime | None = strawberry.field(default=None, name="from", description="inclusive")
    to: datetime | None = strawberry.field(default=None, description="exclusive")


@strawberry.type(description="Who touched whose personal data, which categories, why (no values).")
class AuditEvent:
    id: strawberry.ID
    at: datetime
    actor_id: strawberry.ID | None
    actor_role: str
    action: str
    subject_id: strawberry.ID | None
    subject_type: str
    categories: list[str]
    purpose: str
    details: JSON

    @classmethod
    def from_model(cls, row: models.AuditEvent) -> AuditEvent:
        return cls(id=strawberry.ID(str(row.id)), at=row.at, actor_id=_id(row.actor_id),
                   actor_role=row.actor_role, action=row.action,
                   subject_id=_id(row.subject_id), subject_type=row.subject_type,
                   categories=list(row.categories), purpose=row.purpose,
                   details=row.details)  # type: ignore[arg-type]


@strawberry.type
class AuditEventEdge:
    cursor: str
    node: AuditEvent


@strawberry.type(description="A page of audit events, newest first.")
class AuditEventConnection:
    edges: list[AuditEventEdge]
    page_info: PageInfo


# --- transfers ---------------------------------------------------------------------------


@strawberry.input(description="Narrow the transfer log; all given conditions apply.")
class TransferFilter:
    subject_id: strawberry.ID | None = None
    from_region: str | None = None
    to_region: str | None = None
    safeguard: str | None = strawberry.field(default=None, description="scc or adequacy")
    category: str | None = None
    from_: datetime | None = strawberry.field(default=None, name="from", description="inclusive")
    to: datetime | None = strawberry.field(default=None, description="exclusive")


@strawberry.type(description="A subject's personal data read by a process serving another region.")
class Transfer:
    id: strawberry.ID
    at: datetime
    subject_id: strawberry.ID
    categories: list[str]
    from_region: str
    to_region: str
    safeguard: str
    purpose: str
    actor_id: strawberry.ID | None

    @classmethod
    def from_model(cls, row: models.Transfer) -> Transfer:
        return cls(id=strawberry.ID(str(row.id)), at=row.at,
                   subject_id=strawberry.ID(str(row.subject_id)), categories=list(row.categories),
                   from_region=row.from_region, to_region=row.to_region, safeguard=row.safeguard,
                   purpose=row.purpose, actor_id=_id(row.actor_id))


@strawberry.type
class TransferEdge:
    cursor: str
    node: Transfer


@strawberry.type(description="A page of transfers, newest first.")
class TransferConnection:
    edges: list[TransferEdge]
    page_info: PageInfo


# --- data map ----------------------------------------------------------------------------


@strawberry.type(description="A registered purpose using a data category.")
class DataMapPurpose:
    name: str
    legal_basis: str
    description: str


@strawberry.type(description="A personal field of the API and how it is processed.")
class DataMapField:
    type_name: str
    field_name: str
    category: str
    category_description: str
    requires: str | None
    consent: str | None
    purposes: list[DataMapPurpose]
    legal_bases: list[str]
    region_rule: str
    retention: str
    retention_days: int | None
    recipients: list[str]

    @classmethod
    def from_entry(cls, f: datamap.PersonalField) -> DataMapField:
        return cls(type_name=f.type_name, field_name=f.field_name, category=f.category,
                   category_description=f.category_description, requires=f.requires,
                   consent=f.consent,
                   purposes=[DataMapPurpose(name=u.name, legal_basis=u.legal_basis,
                                            description=u.description) for u in f.purposes],
                   legal_bases=list(f.legal_bases), region_rule=f.region_rule,
                   retention=f.retention, retention_days=f.retention_days,
                   recipients=list(f.recipients))


@strawberry.type(description="What an installed plugin collects and who receives data through it.")
class DataMapPlugin:
    name: str
    kind: str
    data_categories: list[str]
    recipients: list[str]


@strawberry.type(description="The safeguard covering transfers from one region to another.")
class TransferSafeguard:
    from_region: str
    to_region: str
    safeguard: str


@strawberry.type(description="The record of processing, generated from this schema.")
class DataMap:
    fields: list[DataMapField]
    plugins: list[DataMapPlugin]
    safeguards: list[TransferSafeguard]

    @classmethod
    def from_map(cls, m: datamap.DataMap) -> DataMap:
        return cls(
            fields=[DataMapField.from_entry(f) for f in m.fields],
            plugins=[DataMapPlugin(name=p.name, kind=p.kind, data_categories=list(p.data_categories),
                                   recipients=list(p.recipients)) for p in m.plugins],
            safeguards=[TransferSafeguard(from_region=s.from_region, to_region=s.to_region,
                                          safeguard=s.safeguard) for s in m.safeguards])


# --- seller look-up and support access ---------------------------------------------------


@strawberry.type(description=(
    "A seller's account as an admin sees it. Support admins get personal fields masked (first "
    "character kept, the rest replaced by •, length kept) unless a privacy officer granted "
    "them time-limited access; every look is audited."))
class AdminAccountView:
    account: Account
    access: str = strawberry.field(description="clear (privacy officer), granted or masked")
    access_expires_at: datetime | None = strawberry.field(
        description="When a support grant ends; null otherwise.")
    _view: strawberry.Private[admin_accounts.AccountView]

    @strawberry.field(description="The seller's connected stores.")
    async def stores(self) -> list[Store]:
        if self._view.reader is None:
            return []
        return [Store.from_model(r) for r in await store_service.list_stores(self._view.reader)]

    @strawberry.field(description="The seller's orders, newest first.")
    async def orders(self, first: int | None = 20, after: str | None = None) -> OrderConnection:
        if self._view.reader is None:
            return OrderConnection(edges=[], page_info=PageInfo(has_next_page=False,
                                                                end_cursor=None))
        page = await order_service.list_orders(self._view.reader, first=first, after=after)
        edges = [OrderEdge(node=cast(Order, o), _page=page, _index=i)
                 for i, o in enumerate(page.items)]
        return OrderConnection(edges=edges, page_info=PageInfo.of(page))


@strawberry.type(description="Time-limited clear access for a support admin to one subject.")
class SupportAccessGrant:
    id: strawberry.ID
    support_account_id: strawberry.ID
    subject_id: strawberry.ID
    granted_by: strawberry.ID
    reason: str
    expires_at: datetime


@strawberry.type
class AdminQueries:
    @strawberry.field(description=(
        "Admin: the audit log of personal-data access in both regions, newest first "
        "(privacy officers and superadmins)."))
    async def audit_events(self, info: strawberry.Info, filter: AuditEventFilter | None = None,
                           first: int | None = 20, after: str | None = None
                           ) -> AuditEventConnection:
        where = audit.AuditFilter()
        if filter is not None:
            where = audit.AuditFilter(
                subject_id=parse_id(filter.subject_id, "subjectId") if filter.subject_id else None,
                actor_id=parse_id(filter.actor_id, "actorId") if filter.actor_id else None,
                action=filter.action, category=filter.category, since=filter.from_,
                until=filter.to)
        page = await audit.list_events(info.context.principal, where, first=first, after=after)
        edges = [AuditEventEdge(cursor=c, node=AuditEvent.from_model(e))
                 for e, c in zip(page.items, page.cursors, strict=True)]
        return AuditEventConnection(edges=edges, page_info=PageInfo.of(page))

    @strawberry.field(description=(
        "Admin: cross-region reads of personal data with their safeguard, newest first "
        "(privacy officers and superadmins)."))
    async def transfers(self, info: strawberry.Info, filter: TransferFilter | None = None,
                        first: int | None = 20, after: str | None = None) -> TransferConnection:
        where = transfers.TransferFilter()
        if filter is not None:
            where = transfers.TransferFilter(
                subject_id=parse_id(filter.subject_id, "subjectId") if filter.subject_id else None,
                from_region=filter.from_region, to_region=filter.to_region,
                safeguard=filter.safeguard, category=filter.category, since=filter.from_,
                until=filter.to)
        page = await transfers.list_transfers(info.context.principal, where, first=first,
                                              after=after)
        edges = [TransferEdge(cursor=c, node=Transfer.from_model(t))
                 for t, c in zip(page.items, page.cursors, strict=True)]
        return TransferConnection(edges=edges, page_info=PageInfo.of(page))

    @strawberry.field(description="Admin: the data map, generated from this schema's directives.")
    def data_map(self, info: strawberry.Info) -> DataMap:
        return DataMap.from_map(datamap.for_admin(info.context.principal, info.schema,
                                                  info.context.settings))

    @strawberry.field(description="Admin: a seller's account with its stores and orders (audited).")
    async def admin_account(self, info: strawberry.Info, id: strawberry.ID) -> AdminAccountView:
        view = await admin_accounts.view_account(info.context.principal, parse_id(id))
        open_view(info.context, view)
        return AdminAccountView(
            account=Account.from_model(view.account, view.region, view.personal),
            access=view.access.level.value, access_expires_at=view.access.expires_at, _view=view)


@strawberry.type
class AdminMutations:
    @strawberry.mutation(description=(
        "Privacy officer: let a support admin see one subject's personal data in clear for "
        f"1 to {support_access.MAX_GRANT_MINUTES} minutes, with a reason (audited)."))
    async def grant_support_access(self, info: strawberry.Info, support_account_id: strawberry.ID,
                                   subject_id: strawberry.ID, minutes: int,
                                   reason: str) -> SupportAccessGrant:
        grant = await support_access.grant_support_access(
            info.context.principal, support_account_id=parse_id(support_account_id,
                                                                "supportAccountId"),
            subject_id=parse_id(subject_id, "subjectId"), minutes=minutes, reason=reason)
        return SupportAccessGrant(
            id=strawberry.ID(str(grant.id)), support_account_id=strawberry.ID(str(grant.grantee_id)),
            subject_id=strawberry.ID(str(grant.subject_id)),
            granted_by=strawberry.ID(str(grant.granted_by)), reason=grant.reason,
            expires_at=grant.expires_at)
