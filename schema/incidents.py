"""Incident response for privacy officers: open an incident, follow its notices and timeline."""

from __future__ import annotations

from collections import Counter
from datetime import datetime

import strawberry

from gateway import models
from gateway.privacy import incidents
from schema.ids import parse_id

__all__ = ["IncidentMutations", "IncidentQueries"]


@strawberry.input
class TimeWindow:
    start: datetime
    end: datetime


@strawberry.input(description="What happened and what the people affected are told.")
class IncidentInput:
    description: str
    detected_at: datetime
    categories: list[str] = strawberry.field(description="Registered data categories involved.")
    regions: list[str]
    time_window: TimeWindow
    likely_impact: str
    actions_taken: str
    actions_planned: str = ""
    advice: str = strawberry.field(description="What people can do to protect themselves.")
    remedies: str


@strawberry.type
class TimelineEntry:
    at: datetime
    kind: str
    detail: str


@strawberry.type
class DeliveryCount:
    channel: str
    status: str
    count: int


@strawberry.type(description="A security incident, its scope, notices and timeline.")
class Incident:
    id: strawberry.ID
    description: str
    state: str
    affected: int = strawberry.field(description="Accounts notified (sellers answer for buyers).")
    categories: list[str]
    regions: list[str]
    detected_at: datetime
    timeline: list[TimelineEntry]
    deliveries: list[DeliveryCount]

    @classmethod
    def build(cls, row: models.Incident, timeline: list[models.IncidentEvent],
              notices: list[models.IncidentNotification]) -> Incident:
        counts = Counter((n.channel, n.status) for n in notices)
        return cls(id=strawberry.ID(str(row.id)), description=row.description, state=row.state,
                   affected=row.affected, categories=list(row.categories),
                   regions=list(row.regions), detected_at=row.detected_at,
                   timeline=[TimelineEntry(at=e.at, kind=e.kind, detail=e.detail)
                             for e in timeline],
                   deliveries=[DeliveryCount(channel=c, status=s, count=n)
                               for (c, s), n in sorted(counts.items())])


@strawberry.type
class IncidentQueries:
    @strawberry.field(description="Privacy officers: every incident, newest first.")
    async def incidents(self, info: strawberry.Info) -> list[Incident]:
        rows = await incidents.list_incidents(info.context.principal)
        return [Incident.build(r, [], []) for r in rows]

    @strawberry.field(description="Privacy officers: one incident with its timeline.")
    async def incident(self, info: strawberry.Info, id: strawberry.ID) -> Incident:
        row, timeline, notices = await incidents.get_incident(info.context.principal,
                                                              parse_id(id))
        return Incident.build(row, timeline, notices)


@strawberry.type
class IncidentMutations:
    @strawberry.mutation(description=(
        "Privacy officers: record an incident; the affected accounts are found from data "
        "placement and the audit log and notified (email first, then other channels)."))
    async def open_incident(self, info: strawberry.Info, input: IncidentInput) -> Incident:
        row = await incidents.open_incident(info.context.principal, incidents.IncidentInput(
            description=input.description, detected_at=input.detected_at,
            categories=input.categories, regions=input.regions,
            window_from=input.time_window.start, window_to=input.time_window.end,
            likely_impact=input.likely_impact, actions_taken=input.actions_taken,
            actions_planned=input.actions_planned, advice=input.advice,
            remedies=input.remedies))
        row, timeline, notices = await incidents.get_incident(info.context.principal, row.id)
        return Incident.build(row, timeline, notices)
