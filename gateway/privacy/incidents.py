"""Incident response: who is affected (from placement and the audit log), what they are told
(details, likely impact, actions taken and planned, advice, remedies), through which channels,
whether it arrived, and the timeline of it all."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from tortoise.transactions import in_transaction

from gateway.auth.principal import Permission, Principal
from gateway.connectors import Notification, UpstreamError
from gateway.db import conn, directory_conn
from gateway.errors import BadInput, Forbidden, NotFound, ServiceUnavailable
from gateway.models import (
    Account,
    AuditEvent,
    Buyer,
    Incident,
    IncidentEvent,
    IncidentNotification,
    Job,
)
from gateway.privacy import vault
from gateway.privacy.purposes import CATEGORIES
from gateway.regions import REGIONS
from gateway.services import integrations, jobs

__all__ = ["NOTIFY_INCIDENT", "IncidentInput", "affected_subjects", "get_incident",
           "list_incidents", "open_incident"]

log = logging.getLogger(__name__)
NOTIFY_INCIDENT = "notify_incident"
_BUYER_CATEGORIES = {"buyer_identity", "buyer_contact", "buyer_address"}


@dataclass(frozen=True)
class IncidentInput:
    description: str
    detected_at: datetime
    categories: list[str]
    regions: list[str]
    window_from: datetime
    window_to: datetime
    likely_impact: str
    actions_taken: str
    actions_planned: str
    advice: str
    remedies: str


def _require_officer(principal: Principal) -> uuid.UUID:
    account_id = principal.require_account()
    if not principal.has(Permission.ADMIN_PRIVACY):
        raise Forbidden("privacy officers and superadmins only")
    return account_id


def _validate(data: IncidentInput) -> None:
    unknown = sorted(set(data.categories) - set(CATEGORIES))
    if not data.categories or unknown:
        raise BadInput(f"categories must be registered data categories; unknown: {unknown}",
                       field="categories")
    if not data.regions or set(data.regions) - set(REGIONS):
        raise BadInput(f"regions must be among {', '.join(REGIONS)}", field="regions")
    if data.window_from > data.window_to:
        raise BadInput("the time window ends before it starts", field="timeWindow")
    for name in ("description", "likely_impact", "actions_taken", "advice", "remedies"):
        if not getattr(data, name).strip():
            raise BadInput(f"{name} is needed: the notice must say it", field=name)


async def affected_subjects(data: IncidentInput) -> dict[str, dict[uuid.UUID, dict[str, Any]]]:
    """Per region, the accounts to notify and why.

    Accounts whose data in the categories was accessed during the window (audit log), and — for
    buyer categories — the sellers whose buyers' data was, since sellers answer to their buyers.
    """
    found: dict[str, dict[uuid.UUID, dict[str, Any]]] = {}
    wanted = set(data.categories)
    for region in data.regions:
        db = conn(region)
        hits: dict[uuid.UUID, dict[str, Any]] = {}
        events = await AuditEvent.filter(at__gte=data.window_from, at__lte=data.window_to,
                                         subject_id__isnull=False).using_db(db).values(
            "subject_id", "subject_type", "categories")
        buyer_ids: set[uuid.UUID] = set()
        for event in events:
            categories = wanted & set(event["categories"] or [])
            if not categories:
                continue
            subject = uuid.UUID(str(event["subject_id"]))
            if event["subject_type"] == "buyer":
                buyer_ids.add(subject)
                continue
            entry = hits.setdefault(subject, {"categories": set(), "buyers": 0})
            entry["categories"] |= categories
        if buyer_ids and wanted & _BUYER_CATEGORIES:
            sellers = await Buyer.filter(id__in=list(buyer_ids)).using_db(db).values_list(
                "seller_id", flat=True)
            for seller_id in sellers:
                entry = hits.setdefault(uuid.UUID(str(seller_id)), {"categories": set(), "buyers": 0})
                entry["categories"] |= wanted & _BUYER_CATEGORIES
                entry["buyers"] += 1
        existing = set(await Account.filter(id__in=list(hits)).using_db(db).values_list(
            "id", flat=True))
        found[region] = {k: {**v, "categories": sorted(v["categories"])}
                         for k, v in hits.items() if k in existing}
    return found


async def _event(incident_id: uuid.UUID, kind: str, detail: str) -> None:
    await IncidentEvent.create(incident_id=incident_id, kind=kind, detail=detail,
                               using_db=directory_conn())


async def open_incident(principal: Principal, data: IncidentInput) -> Incident:
    """Record the incident, compute who is affected, draft and send their notices."""
    officer = _require_officer(principal)
    _validate(data)
    incident = await Incident.create(
        description=data.description.strip(), detected_at=data.detected_at, opened_by=officer,
        categories=sorted(set(data.categories)), regions=sorted(set(data.regions)),
        window_from=data.window_from, window_to=data.window_to,
        likely_impact=data.likely_impact, actions_taken=data.actions_taken,
        actions_planned=data.actions_planned, advice=data.advice, remedies=data.remedies,
        using_db=directory_conn())
    await _event(incident.id, "opened", f"by {officer}; detected {data.detected_at.isoformat()}")
    affected = await affected_subjects(data)
    channels = _channels()
    drafted = 0
    for region, subjects in affected.items():
        rows = [IncidentNotification(id=uuid.uuid4(), incident_id=incident.id, subject_id=sid,
                                     region=region, channel=channel, details=why)
                for sid, why in subjects.items() for channel in channels[:1]]
        # Email first; further channels (push, SMS, postal) follow if email fails.
        await IncidentNotification.bulk_create(rows, using_db=directory_conn())
        drafted += len(rows)
    incident.affected = sum(len(s) for s in affected.values())
    incident.state = "notifying"
    await incident.save(update_fields=["affected", "state"], using_db=directory_conn())
    await _event(incident.id, "scoped", f"{incident.affected} accounts affected in "
                                        f"{', '.join(data.regions)}; {drafted} notices drafted")
    region = principal.region
    async with in_transaction(region) as tx:
        job = await jobs.create_job(region, NOTIFY_INCIDENT, using_db=tx,
                                    payload={"incident_id": str(incident.id)})
    jobs.dispatch(region, job.id)
    return incident


def _channels() -> list[str]:
    """Notifier plugins by preference: email first, then the others installed."""
    names = integrations.current().registry.names("notifiers")
    return sorted(names, key=lambda n: (n != "email", n))


def _notice(incident: Incident, details: dict[str, Any]) -> str:
    buyers = (f"\nThis includes personal data of {details['buyers']} of your buyers; as their "
              "seller you may need to inform them." if details.get("buyers") else "")
    return (
        f"We are writing to tell you about a security incident that affects your data.\n\n"
        f"What happened: {incident.description}\n"
        f"When: between {incident.window_from:%Y-%m-%d %H:%M} and "
        f"{incident.window_to:%Y-%m-%d %H:%M} UTC (detected {incident.detected_at:%Y-%m-%d}).\n"
        f"Data involved: {', '.join(details.get('categories', incident.categories))}.{buyers}\n\n"
        f"Likely impact: {incident.likely_impact}\n"
        f"What we have done: {incident.actions_taken}\n"
        f"What we will do: {incident.actions_planned or 'we will keep you informed'}\n"
        f"What you can do: {incident.advice}\n"
        f"Remedies: {incident.remedies}\n\n"
        "Contact: Abovizotech@outlook.com")


@jobs.handler(NOTIFY_INCIDENT)
async def notify_incident(region: str, job: Job) -> None:
    """Send every pending notice; a failed channel falls back to the next installed one."""
    incident = await Incident.filter(id=job.payload["incident_id"]).using_db(
        directory_conn()).get()
    hub = integrations.current()
    channels = _channels()
    pending = await IncidentNotification.filter(incident_id=incident.id, status="pending"
                                                ).using_db(directory_conn())
    for index, notice in enumerate(pending):
        account = await Account.filter(id=notice.subject_id).using_db(conn(notice.region)).first()
        personal = (await vault.reveal_accounts(notice.region, [account]))[account.id] \
            if account else None
        recipient = personal.email if personal else None
        status, error = "failed", "no address"
        if recipient:
            try:
                await hub.notifier(notice.channel).send(Notification(
                    recipient=recipient, subject="Security incident notice from Sellergate",
                    body=_notice(incident, notice.details), purpose="service_operation"))
                status, error = "sent", ""
            except (UpstreamError, ServiceUnavailable) as exc:
                error = str(exc)[:500]
        await IncidentNotification.filter(id=notice.id).using_db(directory_conn()).update(
            status=status, error=error, attempts=notice.attempts + 1,
            sent_at=datetime.now(UTC) if status == "sent" else None)
        following = channels[channels.index(notice.channel) + 1:] \
            if notice.channel in channels else []
        if status == "failed" and following:
            await IncidentNotification.get_or_create(
                incident_id=incident.id, subject_id=notice.subject_id, channel=following[0],
                defaults={"region": notice.region, "details": notice.details},
                using_db=directory_conn())
        await jobs.checkpoint(region, job, done=index + 1, total=len(pending))
    if await IncidentNotification.filter(incident_id=incident.id, status="pending").using_db(
            directory_conn()).exists():
        raise RuntimeError("fallback notices queued: another pass sends them")
    sent = await IncidentNotification.filter(incident_id=incident.id, status="sent").using_db(
        directory_conn()).count()
    failed = await IncidentNotification.filter(incident_id=incident.id, status="failed").using_db(
        directory_conn()).count()
    await Incident.filter(id=incident.id).using_db(directory_conn()).update(state="notified")
    await _event(incident.id, "notified", f"{sent} notices delivered, {failed} failed")


async def list_incidents(principal: Principal) -> list[Incident]:
    _require_officer(principal)
    return await Incident.all().using_db(directory_conn()).order_by("-created_at")


async def get_incident(principal: Principal, incident_id: uuid.UUID
                       ) -> tuple[Incident, list[IncidentEvent], list[IncidentNotification]]:
    _require_officer(principal)
    incident = await Incident.filter(id=incident_id).using_db(directory_conn()).first()
    if incident is None:
        raise NotFound("incident not found")
    timeline = await IncidentEvent.filter(incident_id=incident_id).using_db(
        directory_conn()).order_by("id")
    notices = await IncidentNotification.filter(incident_id=incident_id).using_db(
        directory_conn())
    return incident, list(timeline), list(notices)
